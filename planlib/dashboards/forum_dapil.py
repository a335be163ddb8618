"""Forum Dapil: the view for one Forum Perangkat Daerah day.

One dapil's kecamatan on the map, its usulan grouped by OPD tujuan (which
OPD must answer what), the top priorities of each kecamatan (Usulan Ke) and
the indicator context of the kabupaten — laid out in tabs that each fit a
1280×720 projector (the presentation mode hides the filters and enlarges the
text).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rekap
from ..bagikan.page import single as shared_page
from ..documents import deck
from ..formatting import angka, rupiah
from ..rekap import Saring
from ..viz import maps, shading
from ..workspace import Workspace
from .indikator import konteks_html
from .layout import (
    card,
    download_button,
    dropdown,
    file_name,
    header,
    html_table,
    message,
    show,
    table_xlsx,
)
from .voila import guarded, load, present

PRIORITAS = 3
PRESENTASI_CSS = """<style>
.planlib-presentasi .planlib-table{font-size:17px}
.planlib-presentasi .planlib-card .v{font-size:30px}
.planlib-presentasi h2{font-size:30px}
</style>"""


PER_OPD = [
    ("OPD tujuan", "opd_tujuan", "t"), ("Usulan", "jumlah", "n"), ("Prioritas 1", "prioritas_1", "n"),
    ("Anggaran", "anggaran", "rp"), ("Kecamatan", "kecamatan", "t"),
]  # fmt: skip
PRIORITAS_KOLOM = [
    ("Ke", "usulan_ke", "n"), ("Desa", "nama_desa", "t"), ("Usulan", "usulan", "t"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Anggaran", "anggaran", "rp"),
]  # fmt: skip


class ForumDapil:
    """The widget state of one Forum Dapil screen: year, dapil, presentation mode and four tabs."""

    def __init__(self, ws: Workspace, tahun: int) -> None:
        self.ws = ws
        years = ws.tahun or [tahun]
        dapils = rekap.pilihan(ws, years[-1])["dapil"]
        if not dapils:
            raise ValueError("Workspace ini belum punya dapil (dapil.csv).")
        self.w_tahun = dropdown("Tahun", years, tahun if tahun in years else years[-1], "150px")
        self.w_dapil = dropdown("Dapil", dapils, dapils[0], "220px")
        self.w_presentasi = w.ToggleButton(description="Mode presentasi", icon="")
        self._shown = False
        self.map = self._figure()
        self.map_box = w.Box()
        self.cards = w.HTML()
        self.per_opd = w.HTML()
        self.prioritas = w.HTML()
        self.konteks = w.HTML()
        self.tabs = w.Tab(
            [
                w.VBox([self.cards, self.map_box]),
                w.VBox(
                    [
                        download_button("Unduh usulan per OPD (xlsx)", self._per_opd_xlsx),
                        self.per_opd,
                    ]
                ),  # fmt: skip
                w.VBox(
                    [
                        download_button("Unduh prioritas kecamatan (xlsx)", self._prioritas_xlsx),
                        self.prioritas,
                    ]
                ),  # fmt: skip
                w.VBox([self.konteks]),
            ]
        )
        for i, t in enumerate(
            ["Peta dapil", "Usulan per OPD", "Prioritas kecamatan", "Konteks indikator"]
        ):
            self.tabs.set_title(i, t)
        self.w_tahun.observe(lambda c: self.refresh(), "value")
        self.w_dapil.observe(lambda c: self.refresh(), "value")
        self.w_presentasi.observe(self._presentasi, "value")
        self.unduh_deck = download_button(
            "Unduh deck (pptx + PDF)", self._deck, note="peta dan tabel dapil ini, siap presentasi"
        )
        self.unduh_html = download_button(
            "Unduh tampilan Dapil (HTML)", self._shared_view,
            note="untuk anggota DPRD: terbuka di HP tanpa internet",
        )  # fmt: skip
        self.filters = w.HBox(
            [self.w_tahun, self.w_dapil, self.w_presentasi, self.unduh_deck, self.unduh_html]
        )
        self.refresh()

    def apply_link(self, params: dict[str, str]) -> None:
        """Set the filters from link parameters (``tahun``, ``dapil``, ``presentasi=1``).

        Parameters
        ----------
        params : dict of str to str
            The link's parameters; a ``tahun`` the workspace lacks and a ``dapil``
            :func:`planlib.rekap.match_dapil` does not recognise are ignored, and so
            are names other than these three.
        """
        t = params.get("tahun")
        if t and t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        d = rekap.match_dapil(self.ws, params.get("dapil"))
        if d is not None:
            self.w_dapil.value = d
        if params.get("presentasi") in ("1", "ya", "true"):
            self.w_presentasi.value = True

    def finish(self) -> None:
        """Show the map once everything (link parameters included) is applied."""
        self._shown = True
        show(self.map_box, self.map)

    def _figure(self) -> go.Figure:
        self.areas = rekap.areas(self.ws, "kecamatan")
        fig = maps.base_map(self.areas, dapil="dapil", height=520)
        fig.add_trace(maps.area_labels(self.areas))
        self.n_fixed = len(fig.data)
        return fig

    def _presentasi(self, change: dict[str, Any]) -> None:
        on = change["new"]
        self.filters.layout.display = "none" if on else None
        if on:
            self.root.add_class("planlib-presentasi")
        else:
            self.root.remove_class("planlib-presentasi")
        self.map.layout.height = 600 if on else 520
        if self._shown:
            show(self.map_box, self.map)

    def refresh(self) -> None:
        """Redo the map, the cards and the tabs for the chosen year and dapil."""
        dapil = str(self.w_dapil.value)
        s = Saring(tahun=self.w_tahun.value, dapil=dapil)
        df = rekap.saring(self.ws, s)
        per = rekap.per_wilayah(df, self.areas["kode"])
        shade = shading.dapil_areas(self.areas, per, dapil)
        in_dapil = (self.areas["dapil"] == dapil).tolist()
        with self.map.batch_update():
            maps.restyle(self.map, len(self.areas), shade.fill, shade.hover)
            self.map.data = self.map.data[: self.n_fixed]
            for t in maps.legend_traces(
                empty_label="Di luar dapil / tanpa usulan", no_dapil=False,
                vmax=shade.vmax, colorbar_title="Usulan", tickformat=shade.tickformat,
            ):  # fmt: skip
                self.map.add_trace(t)
            self.map.layout.xaxis.range, self.map.layout.yaxis.range = maps.ranges(
                self.areas, in_dapil, pad=0.08
            )
            self.map.layout.title = {"text": f"{dapil} — usulan RKPD {s.tahun}", "x": 0.01}
        kec_names = ", ".join(self.areas.loc[in_dapil, "nama"])
        r = rekap.ringkasan(df)
        self.cards.value = (
            f"<div style='font-size:15px'>Kecamatan: <b>{html.escape(kec_names)}</b></div>"
            + card(angka(r["jumlah"]), "usulan")
            + card(rupiah(r["anggaran"]), "total anggaran usulan")
            + card(angka(r["n_opd"]), "OPD yang harus menjawab")
            + card(r["isu"][0] or "–", "masalah/isu teratas")
        )
        self._df = df
        self.per_opd.value = self._per_opd(df)
        self.prioritas.value = self._prioritas(df)
        if self._shown:
            show(self.map_box, self.map)
        self.konteks.value = konteks_html(self.ws, s.tahun)

    def _per_opd(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        g = rekap.per_opd(df)
        parts = [
            "<h3>Usulan per OPD tujuan — siapa menjawab apa</h3>",
            html_table(g, PER_OPD),
        ]
        for opd, top in rekap.teratas_per_opd(df, list(g["opd_tujuan"].head(6)), 8).items():
            parts.append(f"<h4 style='margin:12px 0 4px'>{html.escape(opd)}</h4>")
            parts.append(html_table(top, [("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
                                      ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"),
                                      ("Anggaran", "anggaran", "rp")]))  # fmt: skip
        return "".join(parts)

    def _prioritas(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        parts = [f"<h3>Prioritas teratas tiap kecamatan (Usulan Ke 1–{PRIORITAS})</h3>"]
        for kec, top in rekap.prioritas_kecamatan(df, PRIORITAS, 10).items():
            parts.append(f"<h4 style='margin:12px 0 4px'>Kecamatan {html.escape(kec)}</h4>")
            parts.append(html_table(top, PRIORITAS_KOLOM))
        return "".join(parts)

    def _title(self, what: str) -> str:
        return f"{what} — {self.w_dapil.value} — RKPD {self.w_tahun.value} — {self.ws.config.nama}"

    def _per_opd_xlsx(self) -> tuple[bytes, str]:
        """The usulan per OPD tujuan of the dapil, as on the tab."""
        data = table_xlsx(rekap.per_opd(self._df), PER_OPD, self._title("Usulan per OPD tujuan"))
        return data, file_name("usulan-per-opd", self.w_tahun.value, self.w_dapil.value, ext="xlsx")

    def _prioritas_xlsx(self) -> tuple[bytes, str]:
        """Every usulan of Usulan Ke 1–3 of each kecamatan of the dapil (the tab shows the first 10)."""
        top = rekap.prioritas_kecamatan(self._df, PRIORITAS, len(self._df) or 1)
        rows = pd.concat(top.values()) if top else self._df.iloc[:0]
        cols = [("Kecamatan", "nama_kecamatan", "t"), *PRIORITAS_KOLOM]
        data = table_xlsx(rows, cols, self._title(f"Prioritas kecamatan (Usulan Ke 1–{PRIORITAS})"))
        return data, file_name("prioritas", self.w_tahun.value, self.w_dapil.value, ext="xlsx")

    def _deck(self) -> list[tuple[bytes, str]]:
        """The dapil's Forum Perangkat Daerah deck (planlib deck --dapil) as .pptx and .pdf."""
        d = deck.dapil_deck(self.ws, int(self.w_tahun.value), str(self.w_dapil.value))
        return deck.deck_files(d, file_name("deck", self.w_tahun.value, self.w_dapil.value))

    def _shared_view(self) -> tuple[bytes, str]:
        """The dapil's kernel-free page (``planlib bagikan``) for its DPRD members.

        Returns
        -------
        tuple of (bytes, str)
            The HTML page and its file name.
        """
        return shared_page(self.ws, int(self.w_tahun.value), str(self.w_dapil.value))

    def widget(self) -> w.Widget:
        """The view: header, filters and the tabs.

        Returns
        -------
        ipywidgets.VBox
            The view's root (kept as ``self.root``, which the presentation mode restyles).
        """
        self.root = w.VBox(
            [
                w.HTML(PRESENTASI_CSS),
                header("Forum Perangkat Daerah per Dapil", self.ws, "Usulan kecamatan untuk dijawab OPD"),
                self.filters, self.tabs,
            ]
        )  # fmt: skip
        return self.root


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Forum Dapil dashboard (link parameters: ``tahun``, ``dapil``, ``presentasi=1``).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; by default as :func:`~.voila.resolve_workspace` finds it.
    tahun : int
        The year shown first (the workspace's last year when it has no usulan for it).

    Returns
    -------
    ipywidgets.Widget
        The view, or a message when the workspace has no usulan or no dapil.
    """
    ws = load(workspace)
    if not ws.usulan:
        return message("Workspace ini belum punya berkas usulan ([usulan] di planlib.toml).")
    return present(lambda: ForumDapil(ws, tahun))

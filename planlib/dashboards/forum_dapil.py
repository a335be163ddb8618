"""Forum Dapil: the view for one Forum Perangkat Daerah day.

One dapil's kecamatan on the map, its usulan grouped by OPD tujuan (which
OPD must answer what), the top priorities of each kecamatan (Usulan Ke) and
the indicator context of the kabupaten — laid out in tabs that each fit a
1280×720 projector.

The presentation mode is for a hall read from 10 m: the filters give way to a
small bar that stays (Dapil, previous/next kecamatan, Keluar; the Esc key
leaves too, through planlib's Voilà template), the cards stand beside the map
so both are on one 1280×720 screen, and text is at least 20 px.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import choices, ranking, rekap
from ..bagikan.page import single as shared_page
from ..documents import deck
from ..formatting import angka, rupiah
from ..forum.keputusan import DB_NAME, KeputusanStore
from ..forum.pokir import pokir_anggota, sumber_pokir
from ..rekap import Saring
from ..viz import labels as lab
from ..viz import map_names, maps, shading
from ..workspace import Workspace
from .indikator import konteks_html
from .layout import (
    card,
    download_button,
    dropdown,
    file_name,
    header,
    html_table,
    show,
    table_xlsx,
)
from .peta_usulan import COLORBAR_MARGIN
from .voila import guarded, open_view

PRIORITAS = 3
#: Map height (px) in the normal view and in the presentation mode (1280×720 with the cards beside it).
TINGGI_PETA = 520
TINGGI_PETA_PRESENTASI = 430
#: The map's plot width (px): fixed, because the names are placed in its pixels (no two collide). Beside
#: the 330 px cards of the presentation mode at 1280×720 it is narrower; the colour bar is to its right.
LEBAR_PETA = 1000
LEBAR_PETA_PRESENTASI = 720
#: The phone's map (shown under 700 px instead of the wide one): its own width, names placed for it.
LEBAR_PETA_HP = 320
PRESENTASI_CSS = """<style>
.planlib-kecamatan{font-size:15px}
.planlib-presentasi-bar{gap:6px;align-items:center;padding:4px 6px;background:#eef2f9;
  border-radius:6px;margin:2px 0 6px 0}
.planlib-presentasi-bar .planlib-kec-nama{font-size:20px;font-weight:600;color:#1f3b73;margin:0 6px}
.planlib-presentasi .planlib-subjudul{display:none}
.planlib-presentasi h2{font-size:26px}
.planlib-presentasi .planlib-table{font-size:20px}
.planlib-presentasi h3{font-size:24px}
.planlib-presentasi h4{font-size:22px}
.planlib-presentasi .planlib-card{display:block;min-width:0;margin:6px 0;padding:6px 14px}
.planlib-presentasi .planlib-card .v{font-size:32px}
.planlib-presentasi .planlib-card .k{font-size:20px}
.planlib-presentasi .planlib-kecamatan{font-size:20px}
.planlib-presentasi .widget-tab > .lm-TabBar .lm-TabBar-tab{font-size:20px}
.planlib-presentasi .widget-tab > .widget-tab-contents{padding:6px 8px}
.planlib-presentasi .planlib-peta-tab{flex-direction:row;flex-wrap:wrap;align-items:flex-start;gap:0 12px}
.planlib-presentasi .planlib-peta-tab > .widget-html{flex:0 0 330px;margin:0}
.planlib-presentasi .planlib-peta-tab > .widget-box{flex:1 1 600px;min-width:0}
.planlib-presentasi .js-plotly-plot .modebar-container{display:none}
@media (max-width:700px){
  .planlib-peta-lebar{display:none !important}
  .planlib-peta-hp{display:flex !important}
}
.planlib-presentasi-bar .widget-button,.planlib-presentasi-bar select{font-size:16px;height:34px}
@media (max-width:700px){
  .planlib-presentasi h2{font-size:0;margin:0 !important;line-height:1}
  .planlib-presentasi h2 .planlib-label{font-size:12px}
  .planlib-presentasi-bar{gap:4px;margin:2px 0}
  .planlib-presentasi-bar.planlib-filter > *{flex:0 1 auto}
  .planlib-presentasi-bar.planlib-filter > .widget-dropdown{flex:1 1 100%}
  .planlib-presentasi-bar.planlib-filter > .planlib-kec{display:none}
  .planlib-presentasi-bar .widget-button{font-size:15px;padding:0 8px}
  .planlib-presentasi .widget-tab > .lm-TabBar .lm-TabBar-tab{font-size:15px}
  .planlib-presentasi .planlib-peta-tab > .widget-html{flex:1 1 100%}
  .planlib-presentasi .planlib-card{display:inline-block;width:calc(50% - 6px);margin:2px 6px 2px 0;
    padding:3px 8px;box-sizing:border-box;vertical-align:top;line-height:1.25}
  .planlib-presentasi .planlib-card:nth-of-type(2n){margin-right:0}
  .planlib-presentasi .planlib-card .v{font-size:16px}
  .planlib-presentasi .planlib-card .k{font-size:15px}
  /* the map names the Dapil's kecamatan, the bar the one shown: the line would push the map
     below a phone's first screen */
  .planlib-presentasi .planlib-kecamatan{display:none}
}
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
        # the presentation bar: the same Dapil filter, the kecamatan one by one, and the way out
        self.b_kec_sebelum = w.Button(description="‹ Kecamatan", tooltip="Kecamatan sebelumnya",
                                      layout=w.Layout(width="auto"))  # fmt: skip
        self.b_kec_berikut = w.Button(description="Kecamatan ›", tooltip="Kecamatan berikutnya",
                                      layout=w.Layout(width="auto"))  # fmt: skip
        self.kec_nama = w.HTML()
        self.kec_nama.add_class("planlib-kec")
        self.b_keluar = w.Button(description="Keluar (Esc)", tooltip="Keluar dari mode presentasi",
                                 button_style="primary", layout=w.Layout(width="auto"))  # fmt: skip
        self.b_keluar.add_class("planlib-keluar")  # the template's Esc key clicks it
        self.bar = w.HBox(
            [self.w_dapil, self.b_kec_sebelum, self.kec_nama, self.b_kec_berikut, self.b_keluar],
            layout=w.Layout(display="none"),
        )
        self.bar.add_class("planlib-presentasi-bar")
        self.bar.add_class("planlib-filter")
        #: the kecamatan shown on its own (an index into the dapil's kecamatan), None for the dapil
        self._kec_i: int | None = None
        self._shown = False
        self.map = self._figure()
        # two frames, each with its names placed in its own pixels: the wide map, and under 700 px
        # (planlib's CSS) the phone's. The phone's box is hidden in its layout, so first paint and the
        # static export carry the wide map only.
        self.map_box = w.Box(layout=w.Layout(width="100%", overflow="auto hidden"))
        self.map_box.add_class("planlib-peta-lebar")
        self.map_hp_box = w.Box(layout=w.Layout(width="100%", display="none"))
        self.map_hp_box.add_class("planlib-peta-hp")
        self.cards = w.HTML()
        self.per_opd = w.HTML()
        self.prioritas = w.HTML()
        self.konteks = w.HTML()
        self.pokir = w.HTML()
        peta_tab = w.VBox([self.cards, self.map_box, self.map_hp_box])
        peta_tab.add_class("planlib-peta-tab")
        self.tabs = w.Tab(
            [
                peta_tab,
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
                *([w.VBox([self.pokir])] if ws.pokir else []),
            ]
        )
        titles = ["Peta dapil", "Usulan per OPD", "Prioritas kecamatan", "Konteks indikator"]
        for i, t in enumerate([*titles, *(["Pokir DPRD"] if ws.pokir else [])]):
            self.tabs.set_title(i, t)
        self.w_tahun.observe(lambda c: self.refresh(), "value")
        self.w_dapil.observe(self._dapil_changed, "value")
        self.w_presentasi.observe(self._presentasi, "value")
        self.b_kec_sebelum.on_click(lambda _b: self.langkah(-1))
        self.b_kec_berikut.on_click(lambda _b: self.langkah(1))
        self.b_keluar.on_click(lambda _b: setattr(self.w_presentasi, "value", False))
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
        self.filters.add_class("planlib-filter")
        self.refresh()

    def apply_link(self, params: dict[str, str]) -> None:
        """Set the filters from link parameters (``tahun``, ``dapil``, ``presentasi=1``).

        Parameters
        ----------
        params : dict of str to str
            The link's parameters; a ``tahun`` the workspace lacks and a ``dapil``
            :func:`planlib.choices.match_dapil` does not recognise are ignored, and so
            are names other than these three.
        """
        t = params.get("tahun")
        if t and t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        d = choices.match_dapil(self.ws, params.get("dapil"))
        if d is not None:
            self.w_dapil.value = d
        if params.get("presentasi") in ("1", "ya", "true"):
            self.w_presentasi.value = True

    def finish(self) -> None:
        """Show the map once everything (link parameters included) is applied."""
        self._shown = True
        show(self.map_box, self.map)
        show(self.map_hp_box, self.map_hp)

    def _figure(self) -> go.Figure:
        self.areas = rekap.areas(self.ws, "kecamatan")
        # names are placed by map_names.labels after each recolour (colour against the fill, in the zoomed view)
        fig = maps.base_map(self.areas, dapil="dapil", label_dapil=False, height=TINGGI_PETA)
        fig.update_layout(width=LEBAR_PETA + COLORBAR_MARGIN, margin={"r": COLORBAR_MARGIN})
        #: traces after these (names, legend) are replaced on every refresh
        self.n_fixed = len(fig.data)
        return fig

    def _phone_map(self, fill: list[str], focus: list[bool], judul: str) -> go.Figure:
        """The map for a phone: a narrow frame, its names placed for it, the colour bar below."""
        hp = go.Figure(self.map)
        # without the wide map's names
        hp.data = [t for t in hp.data if t.name not in map_names.NAME_TRACES]
        maps.colorbar_below(hp, -0.13)
        hp.update_layout(
            width=LEBAR_PETA_HP + 10, height=self.map.layout.height,
            margin={"l": 0, "r": 10, "t": 64, "b": 110},
            title={"text": judul.replace(" — usulan", "<br>usulan"), "font": {"size": 17}},
        )  # fmt: skip
        size = lab.SIZE_PRESENTASI if self.w_presentasi.value else lab.SIZE
        self.view_hp = maps.zoom(hp, self.areas, focus, pad=0.04)
        for t in map_names.labels(self.areas, self.view_hp, fill, size=size):
            hp.add_trace(t)
        return hp

    def _presentasi(self, change: dict[str, Any]) -> None:
        on = change["new"]
        self.filters.layout.display = "none" if on else None
        self.bar.layout.display = None if on else "none"
        if on:
            self.root.add_class("planlib-presentasi")
        else:
            self.root.remove_class("planlib-presentasi")
        self.map.layout.height = TINGGI_PETA_PRESENTASI if on else TINGGI_PETA
        self.map.layout.width = (LEBAR_PETA_PRESENTASI if on else LEBAR_PETA) + COLORBAR_MARGIN
        # another frame and another size: the names are placed again (refresh redraws the map)
        self.refresh()

    def _dapil_changed(self, _change: object) -> None:
        self._kec_i = None  # a new dapil opens on the whole dapil
        self.refresh()

    def kecamatan_dapil(self) -> list[tuple[str, str]]:
        """The kecamatan of the chosen dapil, as (kode, nama), in name order.

        Returns
        -------
        list of (str, str)
        """
        a = self.areas[self.areas["dapil"] == self.w_dapil.value].sort_values("nama")
        return list(zip(a["kode"].astype(str), a["nama"].astype(str), strict=True))

    def langkah(self, step: int) -> None:
        """Show the next (``step=1``) or previous (``-1``) kecamatan of the dapil on its own.

        From the whole dapil, 1 goes to its first kecamatan and -1 to its last;
        past either end the view returns to the whole dapil.

        Parameters
        ----------
        step : int
            1 or -1.
        """
        n = len(self.kecamatan_dapil())
        if n:
            i = (-1 if step > 0 else n) if self._kec_i is None else self._kec_i
            i += step
            self._kec_i = i if 0 <= i < n else None
        self.refresh()

    def refresh(self) -> None:
        """Redo the map, the cards and the tabs for the chosen year and dapil."""
        dapil = str(self.w_dapil.value)
        s = Saring(tahun=self.w_tahun.value, dapil=dapil)
        df = rekap.saring(self.ws, s)
        per = rekap.per_wilayah(df, self.areas["kode"])
        shade = shading.dapil_areas(self.areas, per, dapil)
        in_dapil = (self.areas["dapil"] == dapil).tolist()
        kecs = self.kecamatan_dapil()
        if self._kec_i is not None and self._kec_i >= len(kecs):
            self._kec_i = None
        kec = kecs[self._kec_i] if self._kec_i is not None else None
        selected = (self.areas["kode"].astype(str) == kec[0]).tolist() if kec else None
        self.kec_nama.value = (
            f"<span class='planlib-kec-nama'>Kecamatan {html.escape(kec[1])} "
            f"({self._kec_i + 1}/{len(kecs)})</span>"
            if kec and self._kec_i is not None
            else f"<span class='planlib-kec-nama'>Seluruh {html.escape(dapil)}</span>"
        )
        with self.map.batch_update():
            maps.restyle(self.map, len(self.areas), shade.fill, shade.hover, selected)
            self.map.data = self.map.data[: self.n_fixed]
            for t in maps.legend_traces(
                empty_label="Di luar dapil / tanpa usulan", no_dapil=False,
                vmax=shade.vmax, colorbar_title="Usulan", tickformat=shade.tickformat,
            ):  # fmt: skip
                self.map.add_trace(t)
            # zoom to the kecamatan stepped to, else the dapil; then name the areas in that view
            self.view = maps.zoom(self.map, self.areas, selected or in_dapil, pad=0.06)
            size = lab.SIZE_PRESENTASI if self.w_presentasi.value else lab.SIZE
            for t in map_names.labels(self.areas, self.view, shade.fill, size=size):
                self.map.add_trace(t)
            judul = f"{dapil}{' — Kecamatan ' + kec[1] if kec else ''} — usulan RKPD {s.tahun}"
            size = 22 if self.w_presentasi.value else 17
            self.map.layout.title = {"text": judul, "x": 0.01, "font": {"size": size}}
        self.map_hp = self._phone_map(shade.fill, selected or in_dapil, judul)
        kec_names = ", ".join(self.areas.loc[in_dapil, "nama"])
        shown = df
        if kec:
            shown = df[df["kode_kecamatan"].astype(str) == kec[0]]
            where = f"Kecamatan <b>{html.escape(kec[1])}</b> ({html.escape(dapil)})"
        else:
            where = f"Kecamatan: <b>{html.escape(kec_names)}</b>"
        r = rekap.ringkasan(shown)
        self.cards.value = (
            f"<div class='planlib-kecamatan'>{where}</div>"
            + card(angka(r["jumlah"]), "usulan")
            + card(rupiah(r["anggaran"]), "total anggaran usulan")
            + card(angka(r["n_opd"]), "OPD yang harus menjawab")
            + card(r["isu"][0] or "–", "masalah/isu teratas")
        )
        if self.ws.pokir:  # counted in their own tab: the first screen keeps the map and 4 cards
            self._pokir_df = self.pokir_dapil(dapil, int(s.tahun))
            self.pokir.value = self._pokir_html(self._pokir_df, int(s.tahun))
        self._df = df
        self.per_opd.value = self._per_opd(df)
        self.prioritas.value = self._prioritas(df)
        if self._shown:
            show(self.map_box, self.map)
        show(self.map_hp_box, self.map_hp)
        self.konteks.value = konteks_html(self.ws, s.tahun)

    def pokir_dapil(self, dapil: str, tahun: int) -> pd.DataFrame:
        """The pokir of the Dapil's DPRD members with the usulan they repeat and the decisions.

        Parameters
        ----------
        dapil : str
        tahun : int

        Returns
        -------
        DataFrame
            :func:`planlib.forum.pokir.pokir_anggota` (empty without pokir that year);
            decisions are read without creating ``keputusan.sqlite``.
        """
        if tahun not in self.ws.pokir:
            return pd.DataFrame(columns=["id_pokir", "id_usulan_ganda"])
        kep = (
            KeputusanStore(self.ws.root).current(tahun, jenis=None)
            if (self.ws.root / DB_NAME).exists()
            else None
        )
        return pokir_anggota(self.ws, tahun, dapil, kep)

    def _pokir_html(self, df: pd.DataFrame, tahun: int) -> str:
        if tahun not in self.ws.pokir:
            return f"<p>Tidak ada pokir DPRD tahun {tahun} di workspace ini.</p>"
        if not len(df):
            return "<p>Tidak ada pokir anggota DPRD dari Dapil ini.</p>"
        ganda = int((df["id_usulan_ganda"] != "").sum())
        shown = df.assign(
            anggota=[
                sumber_pokir(p, f).removeprefix("Pokir — ")
                for p, f in zip(df["pengusul"], df["fraksi"], strict=True)
            ],  # fmt: skip
            ganda=df["id_usulan_ganda"].str.replace(";", ", "),
        )
        return (
            "<h3>Pokir anggota DPRD Dapil ini, di samping usulan Musrenbang</h3>"
            + card(angka(len(df)), f"pokir anggota Dapil ini; {angka(ganda)} sama dengan usulan")
            + "<p>Pokir yang sama dengan usulan Musrenbang dibahas sebagai satu permintaan "
            "dengan dua sumber di Forum Perangkat Daerah.</p>" + html_table(shown, POKIR_KOLOM)
        )

    def _per_opd(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        g = ranking.per_opd(df)
        parts = [
            "<h3>Usulan per OPD tujuan — siapa menjawab apa</h3>",
            html_table(g, PER_OPD),
        ]
        for opd, top in ranking.teratas_per_opd(df, list(g["opd_tujuan"].head(6)), 8).items():
            parts.append(f"<h4 style='margin:12px 0 4px'>{html.escape(opd)}</h4>")
            parts.append(html_table(top, [("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
                                      ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"),
                                      ("Anggaran", "anggaran", "rp")]))  # fmt: skip
        return "".join(parts)

    def _prioritas(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        parts = [f"<h3>Prioritas teratas tiap kecamatan (Usulan Ke 1–{PRIORITAS})</h3>"]
        for kec, top in ranking.prioritas_kecamatan(df, PRIORITAS, 10).items():
            parts.append(f"<h4 style='margin:12px 0 4px'>Kecamatan {html.escape(kec)}</h4>")
            parts.append(html_table(top, PRIORITAS_KOLOM))
        return "".join(parts)

    def _title(self, what: str) -> str:
        return f"{what} — {self.w_dapil.value} — RKPD {self.w_tahun.value} — {self.ws.config.nama}"

    def _per_opd_xlsx(self) -> tuple[bytes, str]:
        """The usulan per OPD tujuan of the dapil, as on the tab."""
        data = table_xlsx(ranking.per_opd(self._df), PER_OPD, self._title("Usulan per OPD tujuan"))
        return data, file_name("usulan-per-opd", self.w_tahun.value, self.w_dapil.value, ext="xlsx")

    def _prioritas_xlsx(self) -> tuple[bytes, str]:
        """Every usulan of Usulan Ke 1–3 of each kecamatan of the dapil (the tab shows the first 10)."""
        top = ranking.prioritas_kecamatan(self._df, PRIORITAS, len(self._df) or 1)
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
                self.filters, self.bar, self.tabs,
            ]
        )  # fmt: skip
        return self.root


#: The Pokir DPRD tab's columns.
POKIR_KOLOM = [
    ("Anggota", "anggota", "t"), ("Kecamatan", "kecamatan", "t"), ("Desa", "desa", "t"),
    ("Pokir", "usulan", "t"), ("Anggaran", "anggaran", "rp"), ("Sama dengan usulan", "ganda", "t"),
    ("Keputusan forum", "keputusan", "t"),
]  # fmt: skip


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
    return open_view(workspace, lambda ws: ForumDapil(ws, tahun), perlu_usulan=True)

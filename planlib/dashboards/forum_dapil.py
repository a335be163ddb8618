"""Forum Dapil: the view for one Forum Perangkat Daerah day.

One dapil's kecamatan on the map, its usulan grouped by OPD tujuan (which
OPD must answer what), the top priorities of each kecamatan (Usulan Ke) and
the indicator context of the kabupaten — laid out in tabs that each fit a
1280×720 projector (the presentation mode hides the filters and enlarges the
text).
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rekap
from ..formatting import angka, rupiah
from ..rekap import Saring
from ..viz import maps
from ..workspace import Workspace
from .indikator import konteks_html
from .layout import card, dropdown, header, html_table, message, show
from .voila import guarded, load, present

PRIORITAS = 3
PRESENTASI_CSS = """<style>
.planlib-presentasi .planlib-table{font-size:17px}
.planlib-presentasi .planlib-card .v{font-size:30px}
.planlib-presentasi h2{font-size:30px}
</style>"""


class ForumDapil:
    def __init__(self, ws: Workspace, tahun: int):
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
                w.VBox([self.per_opd]),
                w.VBox([self.prioritas]),
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
        self.filters = w.HBox([self.w_tahun, self.w_dapil, self.w_presentasi])
        self.refresh()

    def apply_link(self, params: dict[str, str]) -> None:
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
        disp = self.ws.display("kecamatan")
        areas = disp.assign(dapil=disp["kode"].map(self.ws.kecamatan.set_index("kode")["dapil"]))
        self.areas = areas[areas.geometry.notna()].reset_index(drop=True)
        fig = maps.base_map(self.areas, dapil="dapil", height=520)
        pts = self.areas.geometry.representative_point()
        fig.add_trace(
            go.Scatter(
                x=pts.x.round(5), y=pts.y.round(5), mode="text", text=self.areas["nama"].tolist(),
                textfont={"size": 12, "color": "#111"}, hoverinfo="skip", showlegend=False, name="nama",
            )
        )  # fmt: skip
        self.n_fixed = len(fig.data)
        return fig

    def _presentasi(self, change) -> None:
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
        s = Saring(tahun=self.w_tahun.value, dapil=self.w_dapil.value)
        df = rekap.saring(self.ws, s)
        per = rekap.per_wilayah(df, self.areas["kode"])
        in_dapil = (self.areas["dapil"] == s.dapil).to_numpy()
        fill = maps.colours(per["jumlah"].where(in_dapil, 0), float(per["jumlah"].max() or 1))
        hover = [
            f"<b>{html.escape(a['nama'])}</b><br>{angka(per.loc[a['kode'], 'jumlah'])} usulan<br>{rupiah(per.loc[a['kode'], 'anggaran'])}"
            if in_dapil[i] else f"{html.escape(a['nama'])} (di luar {html.escape(s.dapil)})"
            for i, a in self.areas.iterrows()
        ]  # fmt: skip
        sub = self.areas[in_dapil] if in_dapil.any() else self.areas
        minx, miny, maxx, maxy = sub.total_bounds
        px, py = (maxx - minx) * 0.08, (maxy - miny) * 0.08
        with self.map.batch_update():
            maps.restyle(self.map, len(self.areas), fill.tolist(), hover)
            self.map.data = self.map.data[: self.n_fixed]
            for t in maps.legend_traces(
                empty_label="Di luar dapil / tanpa usulan", no_dapil=False,
                vmax=float(per["jumlah"].max() or 1), colorbar_title="Usulan", tickformat=angka,
            ):  # fmt: skip
                self.map.add_trace(t)
            self.map.layout.xaxis.range = [minx - px, maxx + px]
            self.map.layout.yaxis.range = [miny - py, maxy + py]
            self.map.layout.title = {"text": f"{s.dapil} — usulan RKPD {s.tahun}", "x": 0.01}
        kec_names = ", ".join(self.areas.loc[in_dapil, "nama"])
        r = rekap.ringkasan(df)
        self.cards.value = (
            f"<div style='font-size:15px'>Kecamatan: <b>{html.escape(kec_names)}</b></div>"
            + card(angka(r["jumlah"]), "usulan")
            + card(rupiah(r["anggaran"]), "total anggaran usulan")
            + card(angka(df["opd_tujuan"].nunique()), "OPD yang harus menjawab")
            + card(r["isu"][0] or "–", "masalah/isu teratas")
        )
        self.per_opd.value = self._per_opd(df)
        self.prioritas.value = self._prioritas(df)
        if self._shown:
            show(self.map_box, self.map)
        self.konteks.value = konteks_html(self.ws, s.tahun)

    def _per_opd(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        g = (
            df.groupby("opd_tujuan", observed=True)
            .agg(jumlah=("id_usulan", "size"), anggaran=("anggaran", "sum"),
                 kecamatan=("nama_kecamatan", lambda s: ", ".join(sorted(set(s.dropna())))),
                 prioritas_1=("usulan_ke", lambda s: int((s == 1).sum())))
            .sort_values(["jumlah", "anggaran"], ascending=False)
            .reset_index()
        )  # fmt: skip
        parts = [
            "<h3>Usulan per OPD tujuan — siapa menjawab apa</h3>",
            html_table(
                g,
                [
                    ("OPD tujuan", "opd_tujuan", "t"),
                    ("Usulan", "jumlah", "n"),
                    ("Prioritas 1", "prioritas_1", "n"),
                    ("Anggaran", "anggaran", "rp"),
                    ("Kecamatan", "kecamatan", "t"),
                ],
            ),  # fmt: skip
        ]
        for opd in g["opd_tujuan"].head(6):
            top = (
                df[df["opd_tujuan"] == opd]
                .sort_values(["usulan_ke", "anggaran"], ascending=[True, False])
                .head(8)
            )
            parts.append(f"<h4 style='margin:12px 0 4px'>{html.escape(str(opd))}</h4>")
            parts.append(html_table(top, [("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
                                      ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"),
                                      ("Anggaran", "anggaran", "rp")]))  # fmt: skip
        return "".join(parts)

    def _prioritas(self, df: pd.DataFrame) -> str:
        if not len(df):
            return "<p>Tidak ada usulan untuk dapil ini.</p>"
        parts = [f"<h3>Prioritas teratas tiap kecamatan (Usulan Ke 1–{PRIORITAS})</h3>"]
        for kec, g in df.groupby("nama_kecamatan", observed=True, sort=True):
            top = (
                g[g["usulan_ke"] <= PRIORITAS]
                .sort_values(["usulan_ke", "anggaran"], ascending=[True, False])
                .head(10)
            )
            parts.append(f"<h4 style='margin:12px 0 4px'>Kecamatan {html.escape(str(kec))}</h4>")
            parts.append(html_table(top, [("Ke", "usulan_ke", "n"), ("Desa", "nama_desa", "t"), ("Usulan", "usulan", "t"),
                                      ("OPD tujuan", "opd_tujuan", "t"), ("Anggaran", "anggaran", "rp")]))  # fmt: skip
        return "".join(parts)

    def widget(self) -> w.Widget:
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
    """The Forum Dapil dashboard (link parameters: ``tahun``, ``dapil``, ``presentasi=1``)."""
    ws = load(workspace)
    if not ws.usulan:
        return message("Workspace ini belum punya berkas usulan ([usulan] di planlib.toml).")
    return present(lambda: ForumDapil(ws, tahun))

"""04 Forum PD: the tab "Skor & pagu", the weights of the score and the pagu run shown.

The sliders of the explained score's weights (:mod:`planlib.forum.skor`), the
pagu per kecamatan as a share of what was asked, an optional "plafon per
anggota" for the DPRD members' pokir, and what a run shows: the method in
plain words, the chart per kecamatan, the cut-off line, the pokir per member
and what changed since the previous run. The calculation is
:func:`planlib.forum.selection.hitung_pagu`; the view
(:mod:`planlib.dashboards.forum_pd`) passes the selection it shows.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from ..formatting import angka
from ..forum import pagu, skor
from ..forum.pagu.plafon import plafon_anggota
from ..forum.selection import hitung_pagu, teks_awam
from ..report import PlanlibError
from ..workspace import Workspace
from .layout import draw, html_table


class SkorPagu:
    """The widgets of the "Skor & pagu" tab and the last allocation computed.

    Attributes
    ----------
    alokasi : planlib.forum.pagu.Alokasi or None
        The last run's allocation (the next run says what changed since).
    """

    def __init__(self) -> None:
        self.w_bobot = {
            k: w.IntSlider(value=int(getattr(skor.Bobot(), k)), min=0, max=100, description=k.capitalize())
            for k in ("prioritas", "selaras", "kesenjangan", "biaya")
        }  # fmt: skip
        self.w_porsi = w.IntSlider(value=40, min=5, max=100, step=5, description="Pagu (%)",
                                   tooltip="pagu per kecamatan, % dari anggaran yang diusulkan")  # fmt: skip
        self.w_plafon = w.Text(
            description="Plafon per anggota (Rp)", placeholder="kosong: tanpa plafon",
            tooltip="batas anggaran pokir tiap anggota DPRD, sama untuk setiap anggota",
            layout=w.Layout(width="360px", max_width="100%"), style={"description_width": "170px"},
        )  # fmt: skip
        self.w_plafon_khusus = w.Textarea(
            description="Plafon khusus", rows=3,
            placeholder="satu baris per anggota, mis.\nH. Ahmad Fauzi: Rp 750.000.000",
            tooltip="plafon anggota tertentu, menggantikan plafon per anggota untuknya",
            layout=w.Layout(width="360px", max_width="100%"), style={"description_width": "170px"},
        )  # fmt: skip
        self.b_hitung = w.Button(
            description="Hitung alokasi", button_style="primary", layout=w.Layout(width="auto")
        )
        self.pagu_info = w.HTML()
        self.pagu_chart = w.Output()
        self.pagu_tabel = w.HTML()
        self.alokasi: pagu.Alokasi | None = None

    def hitung(self, df: pd.DataFrame, ws: Workspace, tahun: int) -> None:
        """Score ``df`` (usulan and pokir) with the sliders' weights and allocate under the pagu.

        The "plafon per anggota", when typed, holds every member's pokir
        (:meth:`plafon_anggota`); a refusal (an amount that cannot be read,
        IDs shared by an usulan and a pokir) is said in the tab and nothing is
        computed.

        Parameters
        ----------
        df : DataFrame
            The selection shown (:func:`planlib.forum.pokir_forum.forum_pokir`).
        ws : Workspace
        tahun : int
        """
        bobot = skor.Bobot(**{k: float(s.value) for k, s in self.w_bobot.items()})
        try:
            run = hitung_pagu(
                df, ws, tahun, bobot=bobot, porsi=self.w_porsi.value / 100,
                sebelum=self.alokasi, pagu_anggota=self.plafon_anggota(df),
            )  # fmt: skip
        except PlanlibError as e:  # said in this tab, where the analyst is looking
            self.pagu_info.value = f"<div class='planlib-pesan'>{html.escape(str(e))}</div>"
            return
        hasil = self.alokasi = run.alokasi
        per = hasil.per_kecamatan.reset_index()
        self.pagu_info.value = (
            f"<p><b>{html.escape(teks_awam(hasil.metode))}</b> — {angka(int(hasil.terpilih.sum()))} usulan "
            f"terpilih, total skor {angka(hasil.nilai, 1)}, {angka(hasil.waktu_detik, 2)} detik. "
            + html.escape(" ".join(run.bawaan.keterangan))
            + "</p>"
        )
        draw(self.pagu_chart, _pagu_figure(per, ws))
        parts = ["<h4>Garis batas per kecamatan</h4>", html_table(run.garis_batas, BATAS)]
        if hasil.per_anggota is not None:
            parts += ["<h4>Pokir per anggota DPRD</h4>",
                      html_table(hasil.per_anggota.reset_index(), PER_ANGGOTA)]  # fmt: skip
        if run.berubah is not None:
            beda = run.berubah
            parts += [f"<h4>Dibanding perhitungan sebelumnya: {angka(len(beda))} usulan berubah</h4>",
                      html_table(beda.head(100), BERUBAH)]  # fmt: skip
        self.pagu_tabel.value = "".join(parts)

    def plafon_anggota(self, df: pd.DataFrame) -> dict[str, float] | None:
        """The ceilings typed (one for every member, and the exceptions) for the members shown.

        Parameters
        ----------
        df : DataFrame
            The selection shown, with ``jenis`` and ``pengusul``.

        Returns
        -------
        dict of str to float or None
            The ceiling (Rupiah) of each ``pengusul`` of the pokir rows of the
            selection that has one (:func:`planlib.forum.pagu.plafon.plafon_anggota`);
            None when both fields are empty or no pokir is shown.

        Raises
        ------
        PlanlibError
            An amount or a member's name that cannot be read, with its line.
        """
        pokir = df[df["jenis"] == "pokir"]
        anggota = pokir["pengusul"].dropna().astype(str)
        return plafon_anggota(self.w_plafon.value, self.w_plafon_khusus.value, anggota)

    def widget(self) -> w.Widget:
        """The tab's layout.

        Returns
        -------
        ipywidgets.Widget
            What the weights and the pagu mean, the sliders and the plafon, the
            button, then the run's text, chart and tables.
        """
        return w.VBox([
            w.HTML("<p>Bobot skor (prioritas desa, keselarasan dengan RPJMD, kesenjangan indikator "
                   "kecamatan, biaya) dan pagu per kecamatan sebagai persen dari anggaran yang diusulkan "
                   "(usulan dan pokir). Pokir tidak punya urutan prioritas desa dan belum dicocokkan "
                   "dengan rencana: nilai prioritas dan selarasnya netral. Plafon per anggota membatasi "
                   "anggaran pokir tiap anggota DPRD; plafon khusus menggantikannya untuk anggota "
                   "tertentu.</p>"),
            w.HBox([w.VBox(list(self.w_bobot.values())),
                    w.VBox([self.w_porsi, self.w_plafon, self.w_plafon_khusus, self.b_hitung])]),
            self.pagu_info, self.pagu_chart, self.pagu_tabel,
        ])  # fmt: skip


BATAS = [
    ("Kecamatan", "nama_kecamatan", "t"), ("Pagu", "pagu", "rp"), ("Diusulkan", "permintaan", "rp"),
    ("Terpilih", "jumlah_terpilih", "n"), ("dari", "jumlah_usulan", "n"),
    ("Anggaran terpilih", "anggaran_terpilih", "rp"), ("Sisa pagu", "sisa", "rp"),
    ("Terpilih terakhir", "terpilih_terendah_usulan", "t"), ("skor", "terpilih_terendah_skor", "n"),
    ("Tidak terpilih pertama", "tidak_terpilih_tertinggi_usulan", "t"),
    ("skor", "tidak_terpilih_tertinggi_skor", "n"),
    ("mengapa", "tidak_terpilih_tertinggi_keterangan", "t"),
]  # fmt: skip
PER_ANGGOTA = [
    ("Anggota DPRD", "anggota", "t"), ("Pokir", "jumlah_usulan", "n"),
    ("Diusulkan", "permintaan", "rp"), ("Terpilih", "jumlah_terpilih", "n"),
    ("Anggaran terpilih", "anggaran_terpilih", "rp"), ("Plafon", "pagu", "rp"),
    ("Sisa plafon", "sisa", "rp"),
]  # fmt: skip
BERUBAH = [
    ("ID", "id_usulan", "t"), ("Perubahan", "perubahan", "t"), ("Kecamatan", "nama_kecamatan", "t"),
    ("Usulan", "usulan", "t"), ("Skor", "skor", "n"), ("Skor sebelumnya", "skor_sebelum", "n"),
    ("Anggaran", "anggaran", "rp"), ("Keterangan", "keterangan", "t"),
]  # fmt: skip


def _pagu_figure(per: pd.DataFrame, ws: Workspace) -> go.Figure:
    """Per kecamatan: anggaran asked, the pagu and what was chosen."""
    names = ws.wilayah.kecamatan_matcher.names
    x = [names.get(k, k) for k in per[per.columns[0]]]
    fig = go.Figure()
    miliar = {c: per[c] / 1e9 for c in ("permintaan", "anggaran_terpilih", "pagu")}
    hover = "%{x}: Rp %{y:,.1f} miliar<extra>%{fullData.name}</extra>"
    fig.add_bar(x=x, y=miliar["permintaan"], name="Diusulkan", marker_color="#c9d3e6",
                hovertemplate=hover)  # fmt: skip
    fig.add_bar(x=x, y=miliar["anggaran_terpilih"], name="Terpilih", marker_color="#1f3b73",
                hovertemplate=hover)  # fmt: skip
    fig.add_scatter(x=x, y=miliar["pagu"], mode="markers", name="Pagu", hovertemplate=hover,
                    marker={"symbol": "line-ew-open", "size": 26, "color": "#b00020", "line": {"width": 3}})  # fmt: skip
    fig.update_layout(
        barmode="overlay", height=400, margin={"l": 60, "r": 10, "t": 80, "b": 90},
        title={"text": "Anggaran per kecamatan: diusulkan, pagu, terpilih", "x": 0.01, "y": 0.97},
        yaxis={"title": "miliar Rupiah"}, plot_bgcolor="white",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        separators=",.",
    )  # fmt: skip
    return fig

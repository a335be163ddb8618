"""Forum Perangkat Daerah: usulan matched to the plan, decisions recorded live, score and pagu.

One Dapil (or one OPD) at a time, as the forum is held:

- **Usulan & keputusan**: each usulan with the matcher's suggestion (OPD,
  pohon kinerja node, confidence and reason, ``selaras`` or not) and the
  decision in force. The analyst records diterima / ditolak / dialihkan /
  ditunda with a reason, undoes, or corrects the suggested OPD; everything
  goes to the workspace's ``keputusan.sqlite`` (:mod:`planlib.forum.keputusan`),
  so several analysts in several kernels share one history.
- **Skor & pagu**: the explained score (:mod:`planlib.forum.skor`) with
  sliders for its weights, and the allocation under a pagu per kecamatan
  (:mod:`planlib.forum.pagu`); each run shows the cut-off line and which
  usulan came in or fell off since the previous run.
- **Berita Acara**: the decisions as a printable xlsx, downloaded from the page
  (:func:`planlib.dashboards.layout.download_button`, which works inside Voilà offline);
  the forum table is downloaded as xlsx the same way.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rekap
from ..documents import deck
from ..formatting import angka, rupiah
from ..forum import pagu, skor
from ..forum.berita_acara import write_berita_acara
from ..forum.keputusan import LABEL, STATUS, KeputusanStore
from ..forum.selection import (
    forum_table,
    hitung_pagu,
    keputusan_teks,
    pilihan_forum,
    ringkasan_forum,
)
from ..report import PlanlibError
from ..workspace import Workspace
from .layout import (
    card,
    download_button,
    draw,
    dropdown,
    file_name,
    header,
    html_table,
    table_xlsx,
)
from .voila import guarded, load, pengguna, present

#: rows shown in the table (the form's list holds every usulan of the selection)
ROWS = 150


class ForumPD:
    """The Forum Perangkat Daerah view for one workspace."""

    def __init__(self, ws: Workspace, tahun: int):
        if not ws.usulan:
            raise ValueError("Workspace ini belum punya berkas usulan ([usulan] di planlib.toml).")
        if ws.pohon_kinerja is None and ws.renja is None:
            raise ValueError(
                "Workspace ini belum punya pohon kinerja atau Renja ([perencanaan] di planlib.toml): "
                "usulan tidak dapat dicocokkan dengan rencana."
            )
        self.ws = ws
        self.store = KeputusanStore(ws.root)
        years = ws.tahun
        self.w_tahun = dropdown("Tahun", years, tahun if tahun in years else years[-1], "170px")
        self.w_mode = w.ToggleButtons(options=[("Per Dapil", "dapil"), ("Per OPD", "opd")])
        self.w_dapil = dropdown("Dapil", [], None, "230px")
        self.w_opd = dropdown("OPD", [], None, "420px")
        self.w_oleh = w.Text(description="Pencatat", placeholder="nama analis", layout=w.Layout(width="260px"))  # fmt: skip
        # under `planlib serve --bagikan` decisions are recorded as the logged-in account
        self.akun = pengguna()
        if self.akun is not None:
            self.w_oleh.value, self.w_oleh.disabled = self.akun[0], True
        self.cards = w.HTML()
        self.table = w.HTML()
        # the decision form
        self.w_usulan = dropdown("Usulan", [], None, "760px")
        self.w_status = w.ToggleButtons(options=[(LABEL[s], s) for s in STATUS], description="Keputusan")  # fmt: skip
        self.w_ke_opd = dropdown("Ke OPD", [], None, "520px")
        self.w_alasan = w.Text(description="Alasan", layout=w.Layout(width="760px"))
        self.b_catat = w.Button(
            description="Catat keputusan", button_style="primary", layout=w.Layout(width="auto")
        )
        self.b_batal = w.Button(
            description="Batalkan keputusan terakhir", layout=w.Layout(width="auto")
        )
        self.b_koreksi = w.Button(
            description="Koreksi saran: pakai OPD 'Ke OPD'", layout=w.Layout(width="auto")
        )
        self.pesan = w.HTML()
        # score and pagu
        self.w_bobot = {
            k: w.IntSlider(value=int(getattr(skor.Bobot(), k)), min=0, max=100, description=k.capitalize())
            for k in ("prioritas", "selaras", "kesenjangan", "biaya")
        }  # fmt: skip
        self.w_porsi = w.IntSlider(value=40, min=5, max=100, step=5, description="Pagu (%)",
                                   tooltip="pagu per kecamatan, % dari anggaran yang diusulkan")  # fmt: skip
        self.b_hitung = w.Button(
            description="Hitung alokasi", button_style="primary", layout=w.Layout(width="auto")
        )
        self.pagu_info = w.HTML()
        self.pagu_chart = w.Output()
        self.pagu_tabel = w.HTML()
        self._alokasi: pagu.Alokasi | None = None
        # berita acara
        self.w_ba_per = w.ToggleButtons(options=[("Per Dapil", "dapil"), ("Per OPD", "opd")])
        self.ba = download_button(
            "Buat Berita Acara (xlsx)", self._berita_acara,
            note="berisi keputusan yang tercatat saat ini",
        )  # fmt: skip
        self.b_ba, self.ba_link = self.ba.button, self.ba.link
        self.b_tabel = download_button("Unduh tabel (xlsx)", self._tabel_xlsx)
        self.unduh_deck = download_button("Unduh deck Dapil (pptx + PDF)", self._deck)

        self._fill_options()
        self.w_tahun.observe(self._year_changed, "value")
        for wd in (self.w_mode, self.w_dapil, self.w_opd):
            wd.observe(lambda _c: self.refresh(), "value")
        self.w_status.observe(self._status_changed, "value")
        self.b_catat.on_click(lambda _b: self._act(self._catat))
        self.b_batal.on_click(lambda _b: self._act(self._batal))
        self.b_koreksi.on_click(lambda _b: self._act(self._koreksi))
        self.b_hitung.on_click(lambda _b: self._act(self.hitung))
        self._status_changed()
        self.refresh()

    # ------------------------------------------------------------------ data
    @property
    def tahun(self) -> int:
        """The year chosen."""
        return int(self.w_tahun.value)

    def selection(self) -> pd.DataFrame:
        """The year's usulan of the chosen Dapil or OPD, with suggestion and decision in force.

        Returns
        -------
        DataFrame
            :func:`planlib.forum.selection.forum_table` for the filters shown.
        """
        dapil = self.w_dapil.value if self.w_mode.value == "dapil" else None
        opd = self.w_opd.value if self.w_mode.value == "opd" else None
        return forum_table(self.ws, self.tahun, self.store, dapil=dapil, opd=opd)

    # ------------------------------------------------------------------ filters
    def _fill_options(self) -> None:
        dapil, opd = pilihan_forum(self.ws, self.tahun)
        self.w_dapil.options = dapil
        if self.w_dapil.value not in dapil:
            self.w_dapil.value = dapil[0] if dapil else None
        self.w_opd.options = opd
        self.w_ke_opd.options = opd
        if self.w_opd.value not in opd:
            self.w_opd.value = opd[0] if opd else None
        self.w_dapil.layout.display = None if self.w_mode.value == "dapil" else "none"

    def _year_changed(self, _change: object) -> None:
        self._fill_options()
        self.refresh()

    def _status_changed(self, _change: object = None) -> None:
        self.w_ke_opd.disabled = self.w_status.value != "dialihkan"

    def apply_link(self, params: dict[str, str]) -> None:
        """Apply the link parameters ``tahun``, ``opd``, ``dapil`` and ``oleh`` (not when logged in).

        Parameters
        ----------
        params : dict of str to str
            The link's parameters: ``tahun``, ``opd`` (shows that OPD's usulan),
            ``dapil`` (shows that dapil's, and wins over ``opd``) and ``oleh`` (who
            records the decisions; ignored when logged in to a room); values the
            filters do not offer are ignored.
        """
        t = params.get("tahun", "")
        if t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        if params.get("opd") in self.w_opd.options:
            self.w_mode.value = "opd"
            self.w_opd.value = params["opd"]
        d = rekap.match_dapil(self.ws, params.get("dapil"))
        if d in self.w_dapil.options:
            self.w_mode.value = "dapil"
            self.w_dapil.value = d
        if params.get("oleh") and self.akun is None:
            self.w_oleh.value = params["oleh"]

    def finish(self) -> None:
        """Nothing to defer: the tables are HTML and the pagu chart is drawn on request."""

    def on_viewer(self) -> None:
        """A preheated kernel was built before the viewer came: show the decisions as they are now."""
        self.refresh()

    # ------------------------------------------------------------------ views
    def refresh(self) -> None:
        """Show the selection: cards, table and the form's list of usulan."""
        self.w_dapil.layout.display = None if self.w_mode.value == "dapil" else "none"
        self.w_opd.layout.display = None if self.w_mode.value == "opd" else "none"
        df = self.selection()
        self._df = df
        r = ringkasan_forum(df)
        n = r.jumlah
        self.cards.value = (
            card(angka(n), "usulan")
            + card(rupiah(r.anggaran), "total anggaran usulan")
            + card(f"{angka(r.selaras_persen, 0)}%", "selaras dengan RPJMD")
            + card(f"{angka(r.diputuskan)} / {angka(n)}", "sudah diputuskan")
        )
        note = (
            f"<p>{angka(n)} usulan"
            + (f" ({ROWS} pertama ditampilkan; unduh xlsx untuk semuanya)" if n > ROWS else "")
            + "</p>"
        )
        self.table.value = note + html_table(_tabel(df.head(ROWS)), TABEL)
        keep = self.w_usulan.value
        self.w_usulan.options = [
            (f"{r.id_usulan} — {r.nama_desa} — {str(r.usulan)[:70]}", r.id_usulan)
            for r in df.itertuples()
        ]
        ids = df["id_usulan"].tolist()
        self.w_usulan.value = keep if keep in set(ids) else (ids[0] if ids else None)

    # ------------------------------------------------------------------ actions
    def _act(self, action: Callable[[], None]) -> None:
        """Run a button's action; a refusal (bad input, busy database) becomes a message."""
        try:
            action()
        except PlanlibError as e:
            self.pesan.value = f"<div class='planlib-pesan'>{html.escape(str(e))}</div>"

    def pencatat(self) -> str:
        """Who records: the logged-in account (an analyst's) in a room, else the "Pencatat" box.

        Returns
        -------
        str
            The name recorded as ``oleh`` with a decision.

        Raises
        ------
        PlanlibError
            In a room, for an account that is not an analyst's.
        """
        if self.akun is None:
            return str(self.w_oleh.value)
        nama, peran = self.akun
        if peran != "analis":
            raise PlanlibError("Hanya akun analis yang dapat mencatat keputusan.")
        return nama

    def _row(self) -> pd.Series:
        if self.w_usulan.value is None:
            raise PlanlibError("Pilih usulan lebih dahulu.")
        return self._df.loc[self._df["id_usulan"] == self.w_usulan.value].iloc[0]

    def _catat(self) -> None:
        r = self._row()
        versi = None if pd.isna(r["versi"]) else int(r["versi"])
        opd = self.w_ke_opd.value if self.w_status.value == "dialihkan" else None
        self.store.record(
            r["id_usulan"], self.tahun, self.w_status.value, self.w_alasan.value,
            self.pencatat(), opd=opd, versi=versi,
        )  # fmt: skip
        pesan = (
            f"<p>Tercatat: usulan {html.escape(r['id_usulan'])} "
            f"<b>{LABEL[self.w_status.value]}</b>{' ke ' + html.escape(opd) if opd else ''}.</p>"
        )
        self.w_alasan.value = ""
        self.refresh()
        self.pesan.value = pesan  # after the table: "Tercatat" shows once the table shows it

    def _batal(self) -> None:
        r = self._row()
        if self.store.undo(r["id_usulan"], self.tahun, self.pencatat() or "?") is None:
            raise PlanlibError("Belum ada keputusan untuk usulan ini.")
        self.refresh()
        self.pesan.value = f"<p>Keputusan terakhir untuk usulan {html.escape(r['id_usulan'])} dibatalkan.</p>"  # fmt: skip

    def _koreksi(self) -> None:
        r = self._row()
        self.store.record_override(
            r["id_usulan"], self.tahun, self.pencatat(), opd=self.w_ke_opd.value,
            alasan=self.w_alasan.value or None,
        )  # fmt: skip
        pesan = (
            f"<p>Saran untuk usulan {html.escape(r['id_usulan'])} dikoreksi ke "
            f"{html.escape(self.w_ke_opd.value)}; koreksi ini berlaku di setiap perhitungan berikutnya.</p>"
        )
        self.refresh()
        self.pesan.value = pesan

    def hitung(self) -> None:
        """Score the selection with the sliders' weights and allocate under the pagu."""
        bobot = skor.Bobot(**{k: float(s.value) for k, s in self.w_bobot.items()})
        run = hitung_pagu(
            self._df, self.ws, self.tahun, bobot=bobot, porsi=self.w_porsi.value / 100,
            sebelum=self._alokasi,
        )  # fmt: skip
        hasil = self._alokasi = run.alokasi
        per = hasil.per_kecamatan.reset_index()
        self.pagu_info.value = (
            f"<p><b>{html.escape(hasil.metode)}</b> — {angka(int(hasil.terpilih.sum()))} usulan "
            f"terpilih, total skor {angka(hasil.nilai, 1)}, {angka(hasil.waktu_detik, 2)} detik. "
            + html.escape(" ".join(run.bawaan.keterangan))
            + "</p>"
        )
        draw(self.pagu_chart, _pagu_figure(per, self.ws))
        parts = ["<h4>Garis batas per kecamatan</h4>", html_table(run.garis_batas, BATAS)]
        if run.berubah is not None:
            beda = run.berubah
            parts += [f"<h4>Dibanding perhitungan sebelumnya: {angka(len(beda))} usulan berubah</h4>",
                      html_table(beda.head(100), BERUBAH)]  # fmt: skip
        self.pagu_tabel.value = "".join(parts)

    def _pilihan_teks(self) -> str:
        """The Dapil or OPD chosen, for titles and file names."""
        return str(self.w_dapil.value if self.w_mode.value == "dapil" else self.w_opd.value)

    def _tabel_xlsx(self) -> tuple[bytes, str]:
        title = (
            f"Forum Perangkat Daerah {self.tahun} — {self._pilihan_teks()} — {self.ws.config.nama}"
        )
        data = table_xlsx(_tabel(self._df), TABEL, title)
        return data, file_name("forum-pd", self.tahun, self._pilihan_teks(), ext="xlsx")

    def _deck(self) -> list[tuple[bytes, str]]:
        """The deck of the chosen Dapil (planlib deck --dapil) as .pptx and .pdf."""
        if self.w_mode.value != "dapil" or not self.w_dapil.value:
            raise PlanlibError("Deck dibuat per Dapil: pilih 'Per Dapil' dan Dapil-nya.")
        d = deck.dapil_deck(self.ws, self.tahun, str(self.w_dapil.value))
        return deck.deck_files(d, file_name("deck", self.tahun, self.w_dapil.value))

    def _berita_acara(self) -> tuple[bytes, str]:
        with tempfile.TemporaryDirectory() as tmp:
            name = file_name("berita-acara", self.tahun, self.w_ba_per.value, ext="xlsx")
            path = Path(tmp) / name
            write_berita_acara(
                rekap.usulan_tahun(self.ws, self.tahun), self.store, path,
                by=self.w_ba_per.value, judul=self.ws.config.nama, tahun=self.tahun,
            )  # fmt: skip
            return path.read_bytes(), name

    def widget(self) -> w.Widget:
        """The dashboard's layout.

        Returns
        -------
        ipywidgets.Widget
            The header, the filters and the tabs "Usulan & keputusan" (with the
            form that records a decision), "Skor & pagu" and "Berita Acara".
        """
        form = w.VBox([
            self.w_usulan, self.w_status, self.w_ke_opd, self.w_alasan,
            w.HBox([self.b_catat, self.b_batal, self.b_koreksi]), self.pesan,
        ])  # fmt: skip
        keputusan = w.VBox([
            self.cards, w.HTML("<h4>Catat keputusan forum</h4>"), form, self.b_tabel, self.table,
        ])  # fmt: skip
        pagu_tab = w.VBox([
            w.HTML("<p>Bobot skor (prioritas desa, keselarasan dengan RPJMD, kesenjangan indikator "
                   "kecamatan, biaya) dan pagu per kecamatan sebagai persen dari anggaran yang diusulkan.</p>"),
            w.HBox([w.VBox(list(self.w_bobot.values())), w.VBox([self.w_porsi, self.b_hitung])]),
            self.pagu_info, self.pagu_chart, self.pagu_tabel,
        ])  # fmt: skip
        ba = w.VBox([self.w_ba_per, self.ba, w.HTML("<h4>Deck presentasi</h4>"), self.unduh_deck])
        tabs = w.Tab(children=[keputusan, pagu_tab, ba])
        for i, t in enumerate(["Usulan & keputusan", "Skor & pagu", "Berita Acara"]):
            tabs.set_title(i, t)
        return w.VBox([
            header("Forum Perangkat Daerah", self.ws,
                   "Cocokkan usulan dengan rencana OPD, catat keputusan, uji pagu."),
            w.HBox([self.w_tahun, self.w_mode, self.w_dapil, self.w_opd, self.w_oleh]), tabs,
        ])  # fmt: skip


#: The forum table's columns, on the page and in its xlsx download.
TABEL = [
    ("ID", "id_usulan", "t"), ("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
    ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"), ("Anggaran", "anggaran", "rp"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Saran OPD (skor)", "saran", "t"),
    ("Alasan saran", "alasan", "t"), ("Selaras", "selaras_teks", "t"),
    ("Keputusan", "keputusan_teks", "t"),
]  # fmt: skip


def _tabel(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of the forum table with the text columns of :data:`TABEL`."""
    return df.assign(
        saran=lambda d: d["opd_saran"].fillna("–") + " (" + d["skor"].map(lambda x: angka(x, 2)) + ")",
        selaras_teks=lambda d: d["selaras"].map({True: "ya", False: "tidak selaras"}).fillna("–"),
        keputusan_teks=keputusan_teks,
    )  # fmt: skip


BATAS = [
    ("Kecamatan", "nama_kecamatan", "t"), ("Pagu", "pagu", "rp"), ("Diusulkan", "permintaan", "rp"),
    ("Terpilih", "jumlah_terpilih", "n"), ("dari", "jumlah_usulan", "n"),
    ("Anggaran terpilih", "anggaran_terpilih", "rp"), ("Sisa pagu", "sisa", "rp"),
    ("Terpilih terakhir", "terpilih_terendah_usulan", "t"), ("skor", "terpilih_terendah_skor", "n"),
    ("Tidak terpilih pertama", "tidak_terpilih_tertinggi_usulan", "t"),
    ("skor", "tidak_terpilih_tertinggi_skor", "n"),
    ("mengapa", "tidak_terpilih_tertinggi_keterangan", "t"),
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


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Forum Perangkat Daerah dashboard (link parameters: ``tahun``, ``dapil``, ``opd``; ``oleh`` outside a room).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; the demo by default.
    tahun : int
        The year shown first.

    Returns
    -------
    Widget
    """
    ws = load(workspace)
    return present(lambda: ForumPD(ws, tahun))

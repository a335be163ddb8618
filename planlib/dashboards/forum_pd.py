"""Forum Perangkat Daerah: usulan matched to the plan, decisions recorded live, score and pagu.

One Dapil (or one OPD) at a time, as the forum is held:

- **Usulan & keputusan**: a finder (words of the usulan, its ID or a desa
  name, with kecamatan and desa filters) over a compact list of usulan, each
  with the matcher's suggestion in plain words (the reason on demand) and the
  decision in force; a click on a row picks the usulan under discussion. The
  analyst chooses diterima / ditolak / dialihkan / ditunda (none is chosen
  beforehand, and nothing is recorded until one is) with a reason, undoes, or
  corrects the suggested OPD. With a ``[pokir]`` section, the DPRD members'
  pokir of the Dapil or OPD are in the list too, marked "Pokir — member
  (Fraksi)"; a pokir repeating an usulan is that usulan's row with two
  sources, and after a decision on one side a button offers the same
  decision on the other (:mod:`planlib.forum.pokir_forum`); everything
  goes to the workspace's ``keputusan.sqlite`` (:mod:`planlib.forum.keputusan`),
  so several analysts in several kernels share one history.
- **Skor & pagu**: the explained score (:mod:`planlib.forum.skor`) with
  sliders for its weights, and the allocation of the usulan and pokir under
  a pagu per kecamatan (:mod:`planlib.forum.pagu`), with an optional
  "plafon per anggota" held by each DPRD member on the pokir they carry;
  each run shows the cut-off line, the pokir per member, and which usulan
  came in or fell off since the previous run.
- **Berita Acara**: the decisions as a printable xlsx, downloaded from the page
  (:func:`planlib.dashboards.layout.download_button`, which works inside Voilà offline);
  the forum table is downloaded as xlsx the same way.

This module is the view: the filters, the finder and its list, the decision
form and the tabs. Its pieces have a module each: the list's rows and the
table's columns (:mod:`planlib.dashboards.forum_pd_daftar`), the offer of the
same decision on a pair's other source (:mod:`planlib.dashboards.forum_pd_tawaran`)
and the tab "Skor & pagu" (:mod:`planlib.dashboards.forum_pd_pagu`).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import choices, rekap
from ..documents import deck
from ..formatting import angka, rupiah
from ..forum import pagu
from ..forum.berita_acara import write_berita_acara
from ..forum.keputusan import LABEL, STATUS, KeputusanStore
from ..forum.pokir_forum import MUSRENBANG, forum_pokir, pokir_berita_acara
from ..forum.selection import (
    cari_usulan,
    keputusan_teks,
    kunci_cari,
    pilihan_forum,
    ringkasan_forum,
)
from ..rekap import SEMUA
from ..report import PlanlibError
from ..workspace import Workspace
from .forum_pd_daftar import BARIS, FORUM_CSS, TABEL, baris_html, cell_text, tabel_forum
from .forum_pd_pagu import SkorPagu
from .forum_pd_tawaran import Tawaran
from .layout import card, download_button, dropdown, file_name, header, table_xlsx
from .voila import TANPA_USULAN, guarded, open_view, pengguna


class ForumPD:
    """The Forum Perangkat Daerah view for one workspace."""

    def __init__(self, ws: Workspace, tahun: int):
        if not ws.usulan:
            raise ValueError(TANPA_USULAN)
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
        # the finder and the list of usulan
        self.w_cari = w.Text(
            description="Cari", placeholder="ID, kata usulan atau nama desa",
            continuous_update=True, layout=w.Layout(width="420px", max_width="100%"),
            style={"description_width": "50px"},
        )  # fmt: skip
        self.w_kec = dropdown("Kecamatan", [(SEMUA, "")], "", "280px")
        self.w_desa = dropdown("Desa", [(SEMUA, "")], "", "280px")
        self.info_daftar = w.HTML()
        self.b_sebelum = w.Button(description="‹ Sebelumnya", layout=w.Layout(width="auto"))
        self.b_berikut = w.Button(description="Berikutnya ›", layout=w.Layout(width="auto"))
        self.kepala = w.HTML(
            "<div class='planlib-daftar-kepala' aria-hidden='true'><div>Desa</div><div>Usulan</div>"
            "<div>Anggaran</div><div>Saran OPD</div><div>Keputusan</div></div>"
        )
        self.baris: list[tuple[w.HBox, w.Button, w.HTML]] = []
        for _ in range(BARIS):
            b = w.Button(tooltip="Pilih usulan ini")
            b.add_class("planlib-pilih")
            cells = w.HTML()
            row = w.HBox([b, cells], layout=w.Layout(display="none"))
            row.add_class("planlib-baris")
            b.on_click(self._klik)
            self.baris.append((row, b, cells))
        self._hasil = pd.DataFrame()
        self._halaman = 0
        self.terpilih: str | None = None
        self.terpilih_jenis = "usulan"
        self._kunci_baris: list[tuple[str, str]] = [("usulan", "")] * BARIS
        # the decision form
        self.w_terpilih = w.HTML()
        self.w_status = w.ToggleButtons(
            options=[(LABEL[s], s) for s in STATUS], value=None, description="Keputusan",
            style={"description_width": "82px"},
        )  # fmt: skip
        self.w_ke_opd = dropdown("Ke OPD", [], None, "98%")
        self.w_alasan = w.Text(description="Alasan", layout=w.Layout(width="98%"),
                               style={"description_width": "82px"})  # fmt: skip
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
        # after a decision on one side of a duplicated pair: the same decision on the other?
        self.tawaran = Tawaran()
        self.b_samakan = self.tawaran.b_samakan
        # score and pagu
        self.skor_pagu = SkorPagu()
        self.w_bobot, self.w_porsi = self.skor_pagu.w_bobot, self.skor_pagu.w_porsi
        self.w_plafon, self.b_hitung = self.skor_pagu.w_plafon, self.skor_pagu.b_hitung
        self.w_plafon_khusus = self.skor_pagu.w_plafon_khusus
        self.pagu_info, self.pagu_tabel = self.skor_pagu.pagu_info, self.skor_pagu.pagu_tabel
        # berita acara
        self.w_ba_per = w.ToggleButtons(options=[("Per Dapil", "dapil"), ("Per OPD", "opd")])
        self.ba = download_button(
            "Buat Berita Acara (xlsx)", self._berita_acara,
            note="berisi keputusan yang tercatat saat ini",
        )  # fmt: skip
        self.b_ba, self.ba_link = self.ba.button, self.ba.link
        self.b_tabel = download_button("Unduh tabel (xlsx)", self._tabel_xlsx)
        self.unduh_deck = download_button("Unduh deck Dapil (pptx + PDF)", self._deck)

        self._busy = False
        self._fill_options()
        self.w_tahun.observe(self._year_changed, "value")
        for wd in (self.w_mode, self.w_dapil, self.w_opd):
            wd.observe(lambda _c: self.refresh(), "value")
        self.w_status.observe(self._status_changed, "value")
        self.w_cari.observe(lambda _c: self._saring_daftar(), "value")
        self.w_kec.observe(self._kec_changed, "value")
        self.w_desa.observe(lambda _c: self._saring_daftar(), "value")
        self.b_sebelum.on_click(lambda _b: self._geser(-1))
        self.b_berikut.on_click(lambda _b: self._geser(1))
        self.b_catat.on_click(lambda _b: self._act(self._record))
        self.b_batal.on_click(lambda _b: self._act(self._batal))
        self.b_koreksi.on_click(lambda _b: self._act(self._koreksi))
        self.b_samakan.on_click(lambda _b: self._act(self._samakan))
        self.b_hitung.on_click(lambda _b: self._act(self.hitung))
        self._status_changed()
        self.refresh()

    # ------------------------------------------------------------------ data
    @property
    def _alokasi(self) -> pagu.Alokasi | None:
        """The last pagu run's allocation (:attr:`planlib.dashboards.forum_pd_pagu.SkorPagu.alokasi`)."""
        return self.skor_pagu.alokasi

    @property
    def tahun(self) -> int:
        """The year chosen."""
        return int(self.w_tahun.value)

    def selection(self) -> pd.DataFrame:
        """The year's usulan (and pokir) of the chosen Dapil or OPD, with suggestion and decision.

        Returns
        -------
        DataFrame
            :func:`planlib.forum.pokir_forum.forum_pokir` for the filters shown:
            :func:`planlib.forum.selection.forum_table` with the pokir beside it.
        """
        dapil = self.w_dapil.value if self.w_mode.value == "dapil" else None
        opd = self.w_opd.value if self.w_mode.value == "opd" else None
        return forum_pokir(self.ws, self.tahun, self.store, dapil=dapil, opd=opd)

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
        d = choices.match_dapil(self.ws, params.get("dapil"))
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
        """Show the selection: the cards, the finder's kecamatan and desa, and the usulan list."""
        self.w_dapil.layout.display = None if self.w_mode.value == "dapil" else "none"
        self.w_opd.layout.display = None if self.w_mode.value == "opd" else "none"
        df = self.selection()
        self._df = df
        self._kunci = kunci_cari(df)
        usulan = df[df["jenis"] == "usulan"]
        r = ringkasan_forum(usulan)
        n = r.jumlah
        pokir = int((df["jenis"] == "pokir").sum())
        ganda = int(usulan["asal"].ne(MUSRENBANG).sum())
        self.cards.value = (
            card(angka(n), "usulan")
            + card(rupiah(r.anggaran), "total anggaran usulan")
            + card(f"{angka(r.selaras_persen, 0)}%", "selaras dengan RPJMD")
            + card(f"{angka(r.diputuskan)} / {angka(n)}", "sudah diputuskan")
            + (card(angka(pokir), f"pokir lain; {angka(ganda)} usulan juga pokir")
               if pokir or ganda else "")
        )  # fmt: skip
        self._busy = True
        try:
            kec = sorted(df["nama_kecamatan"].dropna().astype(str).unique())
            keep = self.w_kec.value
            self.w_kec.options = [(SEMUA, ""), *[(k, k) for k in kec]]
            self.w_kec.value = keep if keep in kec else ""
            self._fill_desa()
        finally:
            self._busy = False
        if self.terpilih is not None and self._baris_df(self.terpilih_jenis, self.terpilih).empty:
            self.terpilih = None
        self._saring_daftar(keep_page=True)

    def _fill_desa(self) -> None:
        """The desa list follows the kecamatan chosen."""
        df = self._df
        if self.w_kec.value:
            df = df[df["nama_kecamatan"] == self.w_kec.value]
        desa = sorted(df["nama_desa"].dropna().astype(str).unique())
        keep = self.w_desa.value
        self.w_desa.options = [(SEMUA, ""), *[(d, d) for d in desa]]
        self.w_desa.value = keep if keep in desa else ""

    def _kec_changed(self, _change: object) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self._fill_desa()
        finally:
            self._busy = False
        self._saring_daftar()

    def _saring_daftar(self, keep_page: bool = False) -> None:
        """Apply the finder (words, kecamatan, desa) and show the first page of the usulan list."""
        if self._busy:
            return
        self._hasil = cari_usulan(
            self._df, self.w_cari.value, kecamatan=self.w_kec.value, desa=self.w_desa.value,
            kunci=self._kunci,
        )  # fmt: skip
        if not keep_page:
            self._halaman = 0
        if len(self._hasil) == 1 and (self.w_cari.value or "").strip():
            one = self._hasil.iloc[0]  # the one usulan found
            self.pilih(str(one["id_usulan"]), jenis=str(one["jenis"]))
        self._tampilkan()

    def _geser(self, step: int) -> None:
        """Page the usulan list by ``step`` pages."""
        last = max((len(self._hasil) - 1) // BARIS, 0)
        self._halaman = min(max(self._halaman + step, 0), last)
        self._tampilkan()

    def _tampilkan(self) -> None:
        """Fill the list's rows with the current page of the finder's result."""
        n = len(self._hasil)
        last = max((n - 1) // BARIS, 0)
        self._halaman = min(self._halaman, last)
        start = self._halaman * BARIS
        page = self._hasil.iloc[start : start + BARIS]
        page = page.assign(keputusan_baris=keputusan_teks(page)) if len(page) else page
        rows = list(page.itertuples(index=False))
        for i, (row, b, cells) in enumerate(self.baris):
            if i >= len(rows):
                row.layout.display = "none"
                continue
            r = rows[i]
            self._kunci_baris[i] = (str(r.jenis), str(r.id_usulan))
            b.description = str(r.id_usulan)
            b.tooltip = f"Pilih {'pokir' if r.jenis == 'pokir' else 'usulan'} {r.id_usulan}"
            cells.value = baris_html(r)
            row.layout.display = None
            if self._kunci_baris[i] == (self.terpilih_jenis, self.terpilih):
                row.add_class("planlib-dipilih")
            else:
                row.remove_class("planlib-dipilih")
        if n == 0:
            teks = "Tidak ada usulan yang cocok dengan pencarian ini."
        else:
            teks = (f"{angka(n)} usulan cocok — baris {angka(start + 1)}–{angka(start + len(rows))}"
                    + ("; klik baris untuk memilihnya" if n > 1 else ""))  # fmt: skip
        self.info_daftar.value = f"<div style='margin:4px 0;font-size:14px'>{teks}</div>"
        self.b_sebelum.disabled = self._halaman == 0
        self.b_berikut.disabled = self._halaman >= last
        self._show_terpilih()

    def _klik(self, b: w.Button) -> None:
        i = next(n for n, (_, bb, _) in enumerate(self.baris) if bb is b)
        jenis, ident = self._kunci_baris[i]
        self._act(lambda: self.pilih(ident, jenis=jenis))

    def _baris_df(self, jenis: str, ident: str | None) -> pd.DataFrame:
        """The selection's row of an usulan or a pokir (empty when not shown)."""
        df = self._df
        return df[(df["id_usulan"].astype(str) == ident) & (df["jenis"] == jenis)]

    def pilih(self, id_usulan: str, *, jenis: str = "usulan") -> None:
        """Make ``id_usulan`` the usulan under discussion (a click on its row does this).

        The decision and its reason are cleared, so a choice made for one usulan
        is never carried over to the next.

        Parameters
        ----------
        id_usulan : str
            An usulan (or a pokir) of the selection shown.
        jenis : {"usulan", "pokir"}
            Whether ``id_usulan`` is an usulan's or a pokir's ID.

        Raises
        ------
        PlanlibError
            When it is not in the selection shown.
        """
        if self._baris_df(jenis, id_usulan).empty:
            raise PlanlibError(f"{jenis.capitalize()} {id_usulan} tidak ada di pilihan ini.")
        if (jenis, id_usulan) != (self.terpilih_jenis, self.terpilih):
            self.terpilih, self.terpilih_jenis = id_usulan, jenis
            self.w_status.value = None
            self.w_alasan.value = ""
            self.pesan.value = ""
            self.tawaran.tawarkan(pd.DataFrame())
        for (row, _, _), kunci in zip(self.baris, self._kunci_baris, strict=True):
            if kunci == (jenis, id_usulan) and row.layout.display != "none":
                row.add_class("planlib-dipilih")
            else:
                row.remove_class("planlib-dipilih")
        self._show_terpilih()

    def _show_terpilih(self) -> None:
        if self.terpilih is None:
            self.w_terpilih.value = (
                "<div class='planlib-terpilih'>Belum ada usulan dipilih: cari lalu klik barisnya "
                "di daftar.</div>"
            )
            return
        rows = self._baris_df(self.terpilih_jenis, self.terpilih)
        if rows.empty:
            return
        r = rows.iloc[0]
        esc = html.escape
        saran = r["opd_saran"] if isinstance(r["opd_saran"], str) else "–"
        apa = "Pokir" if r["jenis"] == "pokir" else "Usulan"
        self.w_terpilih.value = (
            f"<div class='planlib-terpilih'>{apa} dipilih: <b>{esc(str(r['id_usulan']))}</b> · "
            f"<i>{esc(str(r['asal']))}</i> · "
            f"{esc(cell_text(r['nama_desa']))}, {esc(cell_text(r['nama_kecamatan']))}<br>"
            f"<b>{esc(cell_text(r['usulan']))}</b> · {rupiah(r['anggaran'])}<br>"
            f"Saran: {esc(saran)} · {esc(keputusan_teks(rows).iloc[0])}</div>"
        )

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
        rows = self._baris_df(self.terpilih_jenis, self.terpilih)
        if self.terpilih is None or rows.empty:
            raise PlanlibError("Pilih usulan lebih dahulu: cari lalu klik barisnya di daftar.")
        return rows.iloc[0]

    def _record(self) -> None:
        r = self._row()
        status = self.w_status.value
        if status not in STATUS:  # nothing is chosen beforehand: the forum must say it
            raise PlanlibError(
                "Pilih keputusannya lebih dahulu: Diterima, Ditolak, Dialihkan atau Ditunda."
            )
        versi = None if pd.isna(r["versi"]) else int(r["versi"])
        opd = self.w_ke_opd.value if status == "dialihkan" else None
        jenis = str(r["jenis"])
        self.store.record(
            r["id_usulan"], self.tahun, status, self.w_alasan.value,
            self.pencatat(), opd=opd, versi=versi, jenis=jenis,
        )  # fmt: skip
        pesan = (
            f"<p>Tercatat: {jenis} {html.escape(r['id_usulan'])} "
            f"<b>{LABEL[status]}</b>{' ke ' + html.escape(opd) if opd else ''}.</p>"
        )
        self.w_alasan.value = ""
        self.w_status.value = None
        self.refresh()
        pesan += self.tawaran.setelah_keputusan(
            self.store, self.ws, self.tahun, jenis, str(r["id_usulan"])
        )
        self.pesan.value = pesan  # after the table: "Tercatat" shows once the table shows it

    def _samakan(self) -> None:
        """Record the decision just taken on the other side(s) of the pair: the analyst chose to."""
        r = self._row()
        dari = (str(r["jenis"]), str(r["id_usulan"]))
        pesan = self.tawaran.catat(self.store, self.tahun, dari, self.pencatat)
        self.refresh()
        self.pesan.value = pesan

    def _batal(self) -> None:
        r = self._row()
        jenis = str(r["jenis"])
        if self.store.undo(r["id_usulan"], self.tahun, self.pencatat() or "?", jenis=jenis) is None:
            raise PlanlibError(f"Belum ada keputusan untuk {jenis} ini.")
        self.tawaran.tawarkan(pd.DataFrame())
        self.refresh()
        self.pesan.value = f"<p>Keputusan terakhir untuk usulan {html.escape(r['id_usulan'])} dibatalkan.</p>"  # fmt: skip

    def _koreksi(self) -> None:
        r = self._row()
        if r["jenis"] != "usulan":
            raise PlanlibError(
                "Saran OPD dikoreksi untuk usulan Musrenbang; pokir tidak punya saran."
            )
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
        """Score the selection (usulan and pokir) with the sliders' weights and allocate under the pagu.

        :meth:`planlib.dashboards.forum_pd_pagu.SkorPagu.hitung` on the
        selection shown; a refusal is said in the tab "Skor & pagu".
        """
        self.skor_pagu.hitung(self._df, self.ws, self.tahun)

    def _pilihan_teks(self) -> str:
        """The Dapil or OPD chosen, for titles and file names."""
        return str(self.w_dapil.value if self.w_mode.value == "dapil" else self.w_opd.value)

    def _tabel_xlsx(self) -> tuple[bytes, str]:
        title = (
            f"Forum Perangkat Daerah {self.tahun} — {self._pilihan_teks()} — {self.ws.config.nama}"
        )
        data = table_xlsx(tabel_forum(self._df), TABEL, title)
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
                pokir=pokir_berita_acara(self.ws, self.tahun),
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
        tombol = w.HBox([self.b_catat, self.b_batal, self.b_koreksi])
        tombol.add_class("planlib-filter")
        form = w.VBox([
            w.HTML("<h4 style='margin:4px 0'>Catat keputusan forum</h4>"), self.w_terpilih,
            self.w_status, self.w_ke_opd, self.w_alasan, tombol, self.pesan, self.b_samakan,
        ])  # fmt: skip
        form.add_class("planlib-form")
        cari = w.HBox([self.w_cari, self.w_kec, self.w_desa])
        cari.add_class("planlib-filter")
        halaman = w.HBox([self.info_daftar, self.b_sebelum, self.b_berikut])
        halaman.add_class("planlib-filter")
        isi = w.VBox([row for row, _, _ in self.baris])
        isi.add_class("planlib-daftar-isi")  # the rows scroll in their own box, beside the form
        daftar = w.VBox([cari, halaman, self.kepala, isi])
        daftar.add_class("planlib-daftar")
        kerja = w.HBox([daftar, form], layout=w.Layout(align_items="flex-start"))
        kerja.add_class("planlib-filter")
        keputusan = w.VBox([self.cards, kerja, self.b_tabel])
        pagu_tab = self.skor_pagu.widget()
        ba = w.VBox([self.w_ba_per, self.ba, w.HTML("<h4>Deck presentasi</h4>"), self.unduh_deck])
        tabs = w.Tab(children=[keputusan, pagu_tab, ba])
        for i, t in enumerate(["Usulan & keputusan", "Skor & pagu", "Berita Acara"]):
            tabs.set_title(i, t)
        filters = w.HBox([self.w_tahun, self.w_mode, self.w_dapil, self.w_opd, self.w_oleh])
        filters.add_class("planlib-filter")
        return w.VBox([
            w.HTML(FORUM_CSS),
            header("Forum Perangkat Daerah", self.ws,
                   "Cocokkan usulan dengan rencana OPD, catat keputusan, uji pagu."),
            filters, tabs,
        ])  # fmt: skip


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
    return open_view(workspace, lambda ws: ForumPD(ws, tahun), perlu_usulan=True)

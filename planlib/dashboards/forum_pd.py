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
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import choices, rekap
from ..documents import deck
from ..formatting import angka, rupiah
from ..forum import pagu, skor
from ..forum.berita_acara import write_berita_acara
from ..forum.keputusan import LABEL, STATUS, KeputusanStore
from ..forum.pokir_forum import MUSRENBANG, forum_pokir, pokir_berita_acara, samakan, tawaran
from ..forum.selection import (
    cari_usulan,
    hitung_pagu,
    keputusan_teks,
    kunci_cari,
    pilihan_forum,
    ringkasan_forum,
    teks_awam,
)
from ..parse import parse_rupiah
from ..rekap import SEMUA
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
from .voila import TANPA_USULAN, guarded, open_view, pengguna

#: Rows of the usulan list shown at once (the finder narrows them, "Berikutnya" pages on).
BARIS = 12

#: The forum view's own styles: the usulan list as a compact grid of rows, stacked on a phone.
FORUM_CSS = """<style>
.planlib-daftar-kepala,.planlib-sel{display:grid;gap:2px 10px;
  grid-template-columns:minmax(150px,1.2fr) minmax(170px,2.6fr) 92px minmax(140px,1.5fr) minmax(110px,1.2fr)}
.planlib-daftar-kepala{font-size:13px;font-weight:600;color:#fff;background:#1f3b73;padding:5px 8px 5px 128px}
.planlib-baris{border-bottom:1px solid #ddd;align-items:flex-start;padding:3px 0}
.planlib-baris.planlib-dipilih{background:#fff6d6;outline:2px solid #1f3b73}
.planlib-baris > .widget-html{flex:1 1 auto;margin:0;min-width:0}
.planlib-baris .widget-html-content{font-size:14px;line-height:1.35}
.planlib-sel{cursor:pointer;padding:2px 4px}
.planlib-sel .rp{text-align:right;white-space:nowrap}
.planlib-sel small{color:#444;font-size:12px}
.planlib-sel small.planlib-sumber{color:#7a3e00;font-weight:600}
.planlib-sel details{grid-column:1/-1;font-size:13px;line-height:1.25;color:#333}
.planlib-sel summary{cursor:pointer;color:#1f3b73;width:max-content}
.planlib-pilih{width:112px;flex:0 0 112px;font-variant-numeric:tabular-nums}
.planlib-terpilih{padding:8px 10px;background:#f3f6fb;border-left:5px solid #1f3b73;border-radius:4px;
  font-size:15px;line-height:1.4}
.planlib-form{flex:0 1 370px;min-width:0;padding-left:8px}
.planlib-daftar-isi{max-height:62vh;overflow-y:auto;flex-wrap:nowrap}
.planlib-daftar-isi > .planlib-baris{flex:0 0 auto}
.planlib-form .widget-inline-hbox,.planlib-form .widget-text{max-width:100%;box-sizing:border-box}
.planlib-form .widget-toggle-buttons{flex-wrap:wrap}
.planlib-daftar{flex:1 1 640px;min-width:0}
.planlib-form .widget-toggle-buttons .widget-toggle-button{width:auto;min-width:84px}
@media (max-width:700px){
  .planlib-daftar-kepala{display:none}
  .planlib-sel{display:block}
  .planlib-sel > div{margin:1px 0}
  .planlib-sel .rp{text-align:left}
  .planlib-baris{flex-wrap:wrap}
  .planlib-daftar-isi{max-height:none}
}
</style>"""

#: How the usulan list's row opens a click on its cells: the row's own button is clicked
#: (a widget's click reaches the kernel; a click on "Alasan" only opens the reason).
_KLIK_BARIS = (
    "if(!event.target.closest('details'))"
    "this.closest('.planlib-baris').querySelector('button').click()"
)


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
        self._tawaran = pd.DataFrame()
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
        self.b_samakan = w.Button(
            description="Samakan keputusan pada sumber lainnya", button_style="warning",
            layout=w.Layout(width="auto", display="none"),
        )  # fmt: skip
        # score and pagu
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
            cells.value = _baris_html(r)
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
            self._tawarkan(pd.DataFrame())
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
            f"{esc(_t(r['nama_desa']))}, {esc(_t(r['nama_kecamatan']))}<br>"
            f"<b>{esc(_t(r['usulan']))}</b> · {rupiah(r['anggaran'])}<br>"
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
        offer = tawaran(self.store, self.ws, self.tahun, jenis, str(r["id_usulan"]))
        self._tawarkan(offer)
        if len(offer):
            lain = "; ".join(
                f"{o.jenis} {o.id} ({o.sumber}): {o.keputusan_label}" for o in offer.itertuples()
            )
            pesan += (
                f"<p>Permintaan yang sama juga datang dari sumber lain — {html.escape(lain)}. "
                "Keputusannya <b>tidak</b> ikut berubah; tekan tombol di bawah bila forum "
                "memutuskan sama.</p>"
            )
        self.pesan.value = pesan  # after the table: "Tercatat" shows once the table shows it

    def _tawarkan(self, offer: pd.DataFrame) -> None:
        """Show (or hide, for an empty ``offer``) the button that copies the decision to the twins."""
        self._tawaran = offer
        self.b_samakan.layout.display = None if len(offer) else "none"
        if len(offer):
            ids = ", ".join(f"{o.jenis} {o.id}" for o in offer.itertuples())
            self.b_samakan.description = f"Catat keputusan yang sama untuk {ids}"

    def _samakan(self) -> None:
        """Record the decision just taken on the other side(s) of the pair: the analyst chose to."""
        r = self._row()
        offer, dari = self._tawaran, (str(r["jenis"]), str(r["id_usulan"]))
        if offer.empty:
            raise PlanlibError("Tidak ada sumber lain yang menunggu keputusan yang sama.")
        oleh = self.pencatat()
        for j, i, v in zip(offer["jenis"], offer["id"], offer["versi"], strict=True):
            samakan(self.store, self.tahun, dari, (str(j), str(i)), oleh, versi=int(v))
        self._tawarkan(pd.DataFrame())
        self.refresh()
        ids = ", ".join(f"{o.jenis} {o.id}" for o in offer.itertuples())
        self.pesan.value = f"<p>Keputusan yang sama dicatat untuk {html.escape(ids)}.</p>"

    def _batal(self) -> None:
        r = self._row()
        jenis = str(r["jenis"])
        if self.store.undo(r["id_usulan"], self.tahun, self.pencatat() or "?", jenis=jenis) is None:
            raise PlanlibError(f"Belum ada keputusan untuk {jenis} ini.")
        self._tawarkan(pd.DataFrame())
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

        The "plafon per anggota", when typed, holds every member's pokir
        (:meth:`plafon_anggota`); a refusal (an amount that cannot be read,
        IDs shared by an usulan and a pokir) is said in the tab and nothing is
        computed.
        """
        bobot = skor.Bobot(**{k: float(s.value) for k, s in self.w_bobot.items()})
        try:
            run = hitung_pagu(
                self._df, self.ws, self.tahun, bobot=bobot, porsi=self.w_porsi.value / 100,
                sebelum=self._alokasi, pagu_anggota=self.plafon_anggota(),
            )  # fmt: skip
        except PlanlibError as e:  # said in this tab, where the analyst is looking
            self.pagu_info.value = f"<div class='planlib-pesan'>{html.escape(str(e))}</div>"
            return
        hasil = self._alokasi = run.alokasi
        per = hasil.per_kecamatan.reset_index()
        self.pagu_info.value = (
            f"<p><b>{html.escape(teks_awam(hasil.metode))}</b> — {angka(int(hasil.terpilih.sum()))} usulan "
            f"terpilih, total skor {angka(hasil.nilai, 1)}, {angka(hasil.waktu_detik, 2)} detik. "
            + html.escape(" ".join(run.bawaan.keterangan))
            + "</p>"
        )
        draw(self.pagu_chart, _pagu_figure(per, self.ws))
        parts = ["<h4>Garis batas per kecamatan</h4>", html_table(run.garis_batas, BATAS)]
        if hasil.per_anggota is not None:
            parts += ["<h4>Pokir per anggota DPRD</h4>",
                      html_table(hasil.per_anggota.reset_index(), PER_ANGGOTA)]  # fmt: skip
        if run.berubah is not None:
            beda = run.berubah
            parts += [f"<h4>Dibanding perhitungan sebelumnya: {angka(len(beda))} usulan berubah</h4>",
                      html_table(beda.head(100), BERUBAH)]  # fmt: skip
        self.pagu_tabel.value = "".join(parts)

    def plafon_anggota(self) -> dict[str, float] | None:
        """The "plafon per anggota" typed, as a ceiling for every member with pokir shown.

        Returns
        -------
        dict of str to float or None
            The same ceiling (Rupiah) for each ``pengusul`` of the pokir rows of
            the selection; None when the field is empty or no pokir is shown.

        Raises
        ------
        PlanlibError
            The field is not an amount in Rupiah (``Rp 500.000.000``, ``1,5 M``).
        """
        teks = self.w_plafon.value.strip()
        if not teks:
            return None
        try:
            nilai = parse_rupiah(teks)
        except ValueError:
            nilai = None
        if nilai is None:
            raise PlanlibError(
                f"Plafon per anggota tidak terbaca sebagai rupiah: {teks!r} "
                "(contoh: Rp 500.000.000 atau 1,5 M)."
            )
        pokir = self._df[self._df["jenis"] == "pokir"]
        anggota = sorted({str(p) for p in pokir["pengusul"].dropna()})
        return {a: float(nilai) for a in anggota} or None

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
        pagu_tab = w.VBox([
            w.HTML("<p>Bobot skor (prioritas desa, keselarasan dengan RPJMD, kesenjangan indikator "
                   "kecamatan, biaya) dan pagu per kecamatan sebagai persen dari anggaran yang diusulkan "
                   "(usulan dan pokir). Pokir tidak punya urutan prioritas desa dan belum dicocokkan "
                   "dengan rencana: nilai prioritas dan selarasnya netral. Plafon per anggota membatasi "
                   "anggaran pokir tiap anggota DPRD.</p>"),
            w.HBox([w.VBox(list(self.w_bobot.values())),
                    w.VBox([self.w_porsi, self.w_plafon, self.b_hitung])]),
            self.pagu_info, self.pagu_chart, self.pagu_tabel,
        ])  # fmt: skip
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


#: The forum table's columns, on the page and in its xlsx download.
TABEL = [
    ("ID", "id_usulan", "t"), ("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
    ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"), ("Anggaran", "anggaran", "rp"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Saran OPD (skor)", "saran", "t"),
    ("Alasan saran", "alasan", "t"), ("Selaras", "selaras_teks", "t"),
    ("Keputusan", "keputusan_teks", "t"), ("Sumber", "asal", "t"),
]  # fmt: skip


def _t(v: object) -> str:
    """Cell text; empty for None and NaN."""
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def _baris_html(r: Any) -> str:
    """The cells of one row of the usulan list (after its ID button); the reason on demand.

    Parameters
    ----------
    r : namedtuple
        A row of :func:`planlib.forum.selection.forum_table` with ``keputusan_baris``
        (:func:`planlib.forum.selection.keputusan_teks`).

    Returns
    -------
    str
        A ``<div class='planlib-sel'>`` grid: desa (kecamatan, Usulan Ke), the
        usulan, its anggaran, the suggested OPD with selaras in words, the
        decision, and a ``<details>`` "Alasan saran" with the matcher's reason in
        plain words; every text escaped.
    """
    esc = html.escape
    ke = "" if pd.isna(r.usulan_ke) else f" · ke-{int(r.usulan_ke)}"
    saran = _t(r.opd_saran) or "–"
    selaras = "" if pd.isna(r.selaras) else "selaras" if bool(r.selaras) else "tidak selaras"
    skor = "" if pd.isna(r.skor) else f"keyakinan {angka(r.skor, 2)}; "
    alasan = esc(skor + teks_awam(r.alasan))
    if _t(r.opd_tujuan):
        alasan += f"<br>OPD tujuan menurut usulan: {esc(_t(r.opd_tujuan))}"
    sumber = _t(getattr(r, "asal", ""))
    tanda = (
        ""
        if sumber in ("", MUSRENBANG)
        else f"<br><small class='planlib-sumber'>{esc(sumber)}</small>"
    )
    return (
        f"<div class='planlib-sel' onclick=\"{_KLIK_BARIS}\">"
        f"<div>{esc(_t(r.nama_desa))}<br><small>{esc(_t(r.nama_kecamatan))}{ke}</small></div>"
        f"<div>{esc(_t(r.usulan))}{tanda}</div>"
        f"<div class='rp'>{rupiah(r.anggaran)}</div>"
        f"<div>{esc(saran)}<br><small>{selaras}</small></div>"
        f"<div>{esc(_t(r.keputusan_baris))}</div>"
        f"<details><summary>Alasan saran</summary>{alasan}</details></div>"
    )


def _tabel(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of the forum table with the text columns of :data:`TABEL` (reasons in plain words)."""
    return df.assign(
        alasan=lambda d: d["alasan"].map(teks_awam),
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

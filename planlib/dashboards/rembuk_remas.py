"""Rembuk Remas: each desa's masalah on a map, its profile, and the masalah recorded in the room.

The Rembuk Remas (``docs/rembuk-remas.md``) maps the problems of every desa
before the usulan exist. A presenter projects this view; analysts record:

- **the map**: the desa (kecamatan when the workspace has no desa polygons)
  coloured by the number of masalah recorded for planning year ``T``, or by
  their most named isu; a table per kecamatan below it;
- **a desa**, found by its name (misspellings go through the workspace's desa
  matcher, :func:`planlib.masalah.tempat.resolve_tempat`), chosen from the list or
  clicked on the map (the page writes the area's code into a hidden box,
  :meth:`RembukRemas._klik`; the map's names follow :func:`planlib.viz.map_names.labels`'s rule; a
  phone gets a map of its own, :func:`planlib.dashboards.layout.phone_map`, clickable too):
  its IDM / Indeks Desa profile beside its kecamatan's and the kabupaten's
  averages, its usulan of earlier years with the decision in force
  (:func:`planlib.forum.keputusan.keputusan_berlaku`), and its masalah with
  the usulan that answer them (:func:`planlib.rembuk.peta_masalah`) or
  *belum diusulkan*;
- **recording**: a masalah of the chosen desa, its correction, withdrawal and
  undo, written to ``masalah.sqlite`` (:class:`planlib.masalah.store.MasalahStore`)
  as the logged-in analyst under ``planlib serve --bagikan``; a kecamatan's
  delegate (role ``kecamatan``) records, corrects and undoes only the masalah
  of its own kecamatan's desa, and a guest account nothing: both are enforced
  in the code that writes (:meth:`RembukRemas.pencatat` and the store's
  ``hanya_kecamatan``), whatever the widgets send.

This module is the view: the filters, the desa finder, the layout and the
buttons' actions. Its pieces have a module each: the map and its click
(:mod:`planlib.dashboards.rembuk_remas_peta`), the recording form
(:mod:`planlib.dashboards.rembuk_remas_catat`) and the desa's page as HTML
(:mod:`planlib.dashboards.rembuk_remas_desa`); the desa's figures are computed in
:mod:`planlib.rembuk_desa`.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from ..accounts import KECAMATAN
from ..formatting import angka, zona_waktu
from ..forum.keputusan import KeputusanStore
from ..masalah.store import MasalahStore
from ..masalah.tempat import MasalahError, Tempat, resolve_tempat
from ..rembuk import ringkasan_kecamatan
from ..rembuk_desa import masalah_tahun, profil, usulan_sebelumnya
from ..report import PlanlibError
from ..workspace import Workspace
from . import rembuk_remas_desa as halaman
from .layout import card, dropdown, header, html_table
from .rembuk_remas_catat import FormMasalah
from .rembuk_remas_peta import PetaMasalah
from .voila import guarded, kecamatan_pengguna, load, pengguna, present

# --------------------------------------------------------------------------- view


class RembukRemas:
    """The widget state of one viewer: year, map colouring, the chosen desa and the form."""

    def __init__(self, ws: Workspace, tahun: int) -> None:
        self.ws = ws
        self.store = MasalahStore(ws.root)
        self.keputusan = KeputusanStore(ws.root)
        self.rules = ws.isu_rules
        years = sorted({*ws.tahun, int(tahun), *self.store.current()["tahun"].astype(int)})
        self.w_tahun = dropdown("Tahun", years, int(tahun), "170px")
        self.level = "desa" if ws.desa is not None and len(ws.desa) else "kecamatan"
        self.w_warna = w.ToggleButtons(
            options=[("Jumlah masalah", "jumlah"), ("Isu terbanyak", "isu")], value="jumlah",
            style={"button_width": "140px"}, tooltips=["warna menurut jumlah masalah tercatat",
                                                       "warna menurut isu yang paling sering"],
        )  # fmt: skip
        self.akun = pengguna()
        #: a kecamatan delegate's kecamatan: the desa offered (a convenience; the store refuses)
        self.kec: Tempat | None = None
        salah_kec = None
        if self._peran() == KECAMATAN:
            try:
                self.kec = self._kecamatan_akun()
            except PlanlibError as e:  # shown below; every write refuses it again
                salah_kec = str(e)
        desa = ws.wilayah.desa.merge(
            ws.wilayah.kecamatan[["kode", "nama"]].rename(columns={"kode": "kode_kec", "nama": "kec"}),
            on="kode_kec", how="left",
        ).sort_values(["kec", "nama"])  # fmt: skip
        if self.kec is not None:
            desa = desa[desa["kode_kec"] == self.kec.kode]
        self.w_cari = w.Text(
            description="Cari desa", placeholder="ketik nama desa, lalu Enter",
            layout=w.Layout(width="340px"), style={"description_width": "82px"},
            continuous_update=False,
        )  # fmt: skip
        self.w_desa = dropdown(
            "Desa", [("(pilih desa)", ""), *((f"{r.nama} — Kec. {r.kec}", r.kode)
                                                for r in desa.itertuples())], "", "420px",
        )  # fmt: skip
        self.info_cari = w.HTML()
        self.note = w.HTML()
        self.cards = w.HTML()
        self.tabel_kec = w.HTML()
        self.judul_desa = w.HTML()
        self.profil_html = w.HTML()
        self.usulan_html = w.HTML()
        self.masalah_html = w.HTML()
        # the form (its widgets keep their names on the view)
        self.form = FormMasalah(self.rules, self.akun, self.kec, salah_kec)
        f = self.form
        self.w_teks, self.w_jenis, self.w_isu = f.w_teks, f.w_jenis, f.w_isu
        self.w_bidang, self.w_sumber, self.w_prioritas = f.w_bidang, f.w_sumber, f.w_prioritas
        self.w_oleh, self.b_catat, self.w_pilih = f.w_oleh, f.b_catat, f.w_pilih
        self.b_koreksi, self.b_batal, self.b_urung = f.b_koreksi, f.b_batal, f.b_urung
        self.pesan = f.pesan

        # the map and the box its clicks write into (their names kept on the view)
        self.peta = PetaMasalah(ws, self.level)
        self.areas, self.fig, self.w_klik = self.peta.areas, self.peta.fig, self.peta.w_klik
        self.fig_box, self.fig_hp_box = self.peta.fig_box, self.peta.fig_hp_box
        self._shown = False
        self._busy = False
        self.kode: str | None = None
        self._m = pd.DataFrame()

        self.w_tahun.observe(lambda _c: self._guard(self.refresh), "value")
        self.w_warna.observe(lambda _c: self._guard(self._draw), "value")
        self.w_cari.observe(lambda _c: self._act(self._cari), "value")
        self.w_klik.observe(lambda _c: self._act(self._klik), "value")
        self.w_desa.observe(self._desa_changed, "value")
        self.b_catat.on_click(lambda _b: self._act(self._record))
        self.b_koreksi.on_click(lambda _b: self._act(self._koreksi))
        self.b_batal.on_click(lambda _b: self._act(self._batal))
        self.b_urung.on_click(lambda _b: self._act(self._urung))
        self.refresh()

    # ------------------------------------------------------------------ state
    @property
    def fig_hp(self) -> go.Figure | None:
        """The phone's map (:attr:`planlib.dashboards.rembuk_remas_peta.PetaMasalah.fig_hp`)."""
        return self.peta.fig_hp

    @property
    def tahun(self) -> int:
        """The planning year chosen."""
        return int(self.w_tahun.value)

    def pilih(self, kode: str | None) -> None:
        """Show a desa: its outline on the map, its profile, usulan and masalah.

        Parameters
        ----------
        kode : str or None
            A desa's Kemendagri code from the code list; None shows no desa.
        """
        self.kode = kode
        self._busy = True
        try:
            self.w_desa.value = kode or ""
        finally:
            self._busy = False
        self._draw()
        self._show_desa()

    def _guard(self, f: Callable[[], None]) -> None:
        if not self._busy:
            f()

    def _desa_changed(self, change: dict[str, Any]) -> None:
        if not self._busy:
            self.info_cari.value = ""
            self.pilih(change["new"] or None)

    def _cari(self) -> None:
        text = str(self.w_cari.value).strip()
        if not text:
            return
        t = resolve_tempat(self.ws.wilayah, desa=text, kecamatan=self._induk())
        self.info_cari.value = (
            f"<span style='color:#555'>{html.escape(t.dicocokkan)}.</span>" if t.dicocokkan else ""
        )
        self.pilih(t.kode)

    def _klik(self) -> None:
        """A click on the map: choose the desa clicked (at kecamatan level, say what to do)."""
        kode = str(self.w_klik.value).strip()
        if not kode:
            return
        self.w_klik.value = ""  # the same area can be clicked again
        if self.level != "desa":
            self.info_cari.value = (
                "<span style='color:#555'>Peta ini per kecamatan: pilih desanya di daftar "
                "<b>Desa</b> atau ketik namanya di <b>Cari desa</b>.</span>"
            )
            return
        if kode in set(self.areas["kode"]):
            self.info_cari.value = ""
            self.pilih(kode)

    def apply_link(self, params: dict[str, str]) -> None:
        """Apply the link parameters ``tahun``, ``desa`` (name or code) and ``oleh`` (outside a room).

        Parameters
        ----------
        params : dict of str to str
            Unknown names and values the view does not offer are ignored.
        """
        t = params.get("tahun", "")
        if t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        if params.get("desa"):
            with contextlib.suppress(MasalahError):  # an unknown desa in a link is ignored
                d = resolve_tempat(self.ws.wilayah, desa=params["desa"], kecamatan=self._induk())
                self.pilih(d.kode)
        if params.get("oleh") and self.akun is None:
            self.w_oleh.value = params["oleh"]

    def finish(self) -> None:
        """Show the map once the link's parameters are applied."""
        self._shown = True
        self._show_maps()

    def _show_maps(self) -> None:
        """Draw the wide map and the phone's (the page shows one of them by the screen's width)."""
        self.peta.tampilkan()

    def on_viewer(self) -> None:
        """A preheated kernel was built before the viewer came: show the masalah as they are now."""
        self.refresh()

    # ------------------------------------------------------------------ views
    def refresh(self) -> None:
        """Re-read the masalah of the year; redraw the map, the kecamatan table and the desa."""
        self._m = masalah_tahun(self.ws, self.tahun, self.store)
        self._draw()
        self._tabel_kecamatan()
        self._show_desa()

    def _draw(self) -> None:
        m = self._m
        per = self.peta.gambar(m, self.kode, self.tahun, self.w_warna.value == "isu")
        n = int(per["jumlah"].sum()) if self.level == "desa" else len(m)
        n_desa = int((per["jumlah"] > 0).sum())
        self.cards.value = (
            card(angka(len(m)), "masalah & isu tercatat")
            + card(angka(n_desa), f"{self.level} dengan masalah")
            + card(angka(int((~m["diusulkan"].astype(bool)).sum()) if len(m) else 0),
                   "belum diusulkan")
        )  # fmt: skip
        notes = []
        if self.level == "kecamatan":
            notes.append("Workspace ini belum punya poligon desa: peta per kecamatan "
                         "(tambahkan SHP/GeoJSON desa dengan planlib tambah).")  # fmt: skip
        if not len(m):
            notes.append(f"Belum ada masalah tercatat untuk perencanaan {self.tahun}: pilih desa, "
                         "lalu catat masalahnya di bawah.")  # fmt: skip
        elif self.level == "desa" and n < len(m):
            notes.append(f"{angka(len(m) - n)} masalah tingkat kecamatan tidak tergambar per desa.")
        label = f" {self.ws.label}." if self.ws.label else ""
        self.note.value = (
            "<p class='planlib-sumber'>" + html.escape(" ".join(notes))
            + f" Sumber: catatan Rembuk Remas (masalah.sqlite).{html.escape(label)}</p>"
        )  # fmt: skip
        if self._shown:
            self._show_maps()

    def _tabel_kecamatan(self) -> None:
        r = ringkasan_kecamatan(self.ws, self._m)
        self.tabel_kec.value = "<h3>Ringkasan per kecamatan</h3>" + html_table(r, TABEL_KECAMATAN)

    def _show_desa(self) -> None:
        kode = self.kode
        if kode is None:
            self.judul_desa.value = (
                "<h3>Desa</h3><p>Pilih desa: ketik namanya di <b>Cari desa</b> atau pilih dari "
                "daftar.</p>"
            )
            self.profil_html.value = self.usulan_html.value = self.masalah_html.value = ""
            self.w_pilih.options = []
            return
        w_ = self.ws.wilayah
        nama = str(w_.desa_matcher.names.get(kode, kode))
        kec = str(w_.kecamatan_matcher.names.get(str(w_.desa_matcher.parent.get(kode)), ""))
        self.judul_desa.value = (
            f"<h3 class='planlib-desa'>Desa {html.escape(nama)} — Kecamatan {html.escape(kec)}"
            f" <span style='font-weight:normal;color:#555'>({html.escape(kode)})</span></h3>"
        )
        self.profil_html.value = halaman.profil_html(profil(self.ws, kode))
        self.usulan_html.value = halaman.usulan_html(usulan_sebelumnya(self.ws, kode, self.tahun,
                                                                self.keputusan), self.ws, self.tahun)  # fmt: skip
        own = self._m[(self._m["tingkat"] == "desa") & (self._m["kode_wilayah"] == kode)]
        self.masalah_html.value = halaman.masalah_html(
            own, self.tahun, zona_waktu(self.ws.wilayah.kabupaten)
        )
        keep = self.w_pilih.value
        self.w_pilih.options = [
            (f"#{r['id_masalah']} — {str(r['masalah'])[:90]}", int(r["id_masalah"]))
            for r in halaman.records(own)
        ]
        ids = own["id_masalah"].astype(int).tolist()
        self.w_pilih.value = keep if keep in ids else (ids[-1] if ids else None)

    # ------------------------------------------------------------------ actions
    def _act(self, action: Callable[[], None]) -> None:
        """Run a button's action; a refusal (bad input, busy database) becomes a message."""
        try:
            action()
        except PlanlibError as e:
            self.pesan.value = f"<div class='planlib-pesan'>{html.escape(str(e))}</div>"
            if action == self._cari:
                self.info_cari.value = self.pesan.value

    def _peran(self) -> str | None:
        return self.akun[1] if self.akun is not None else None

    def _induk(self) -> str | None:
        """Where a desa is looked for: a kecamatan delegate's kecamatan, else everywhere."""
        return self.kec.kode if self.kec is not None else None

    def _kecamatan_akun(self) -> Tempat:
        """The kecamatan of the kecamatan account this kernel runs for (set by the room server)."""
        kode = kecamatan_pengguna()
        if kode is None:
            raise PlanlibError(
                "Akun kecamatan ini tidak menyebut kecamatannya: minta analis membuat ulang akunnya "
                "(planlib pengguna tambah … --peran kecamatan --kecamatan KODE)."
            )
        return resolve_tempat(self.ws.wilayah, kecamatan=kode)

    def pencatat(self) -> tuple[str, Tempat | None]:
        """Who records, and where they may: the logged-in account in a room, else the "Pencatat" box.

        Returns
        -------
        tuple of (str, Tempat or None)
            The name recorded as ``oleh``, and for a ``kecamatan`` account its
            kecamatan (the store refuses any masalah outside it); None for an
            analyst and outside a room.

        Raises
        ------
        PlanlibError
            In a room, for an account that may not record (a ``tamu``) or a
            kecamatan account without a known kecamatan; outside a room, when
            the "Pencatat" box is empty.
        """
        # read again at every write: a kernel's account never changes, but one that was not
        # known when the view was built (a kernel started ahead of its viewer) counts too
        akun = self.akun if self.akun is not None else pengguna()
        if akun is None:
            nama = str(self.w_oleh.value).strip()
            if not nama:
                raise PlanlibError("Isi nama pencatat lebih dahulu.")
            return nama, None
        nama, peran = akun
        if peran == "analis":
            return nama, None
        if peran == KECAMATAN:
            return nama, self._kecamatan_akun()
        raise PlanlibError("Hanya akun analis atau akun kecamatan yang dapat mencatat masalah.")

    def _tempat(self) -> Tempat:
        if self.kode is None:
            raise PlanlibError("Pilih desa lebih dahulu.")
        return resolve_tempat(self.ws.wilayah, desa=self.kode)

    def _record(self) -> None:
        oleh, kec = self.pencatat()
        t = self._tempat()
        n = self.store.record(
            self.tahun, t, str(self.w_teks.value), oleh, jenis=self.w_jenis.value,
            isu=self.w_isu.value or None, bidang=self.w_bidang.value or None,
            sumber=self.w_sumber.value, prioritas=self.w_prioritas.value or None, isu_rules=self.rules,
            hanya_kecamatan=kec,
        )  # fmt: skip
        self.w_teks.value = ""
        self.refresh()
        self.w_pilih.value = n
        self.pesan.value = f"<p>Tercatat: masalah #{n} desa {html.escape(t.nama)}.</p>"

    def _chosen(self) -> int:
        if self.w_pilih.value is None:
            raise PlanlibError("Pilih masalah desa ini lebih dahulu.")
        return int(self.w_pilih.value)

    def _koreksi(self) -> None:
        oleh, kec = self.pencatat()
        n = self._chosen()
        teks = str(self.w_teks.value).strip() or None
        self.store.correct(
            n, oleh, teks=teks, jenis=self.w_jenis.value, isu=self.w_isu.value or None,
            bidang=self.w_bidang.value or None, sumber=self.w_sumber.value,
            prioritas=self.w_prioritas.value or None, isu_rules=self.rules, hanya_kecamatan=kec,
        )  # fmt: skip
        self.w_teks.value = ""
        self.refresh()
        self.pesan.value = f"<p>Masalah #{n} dikoreksi.</p>"

    def _batal(self) -> None:
        oleh, kec = self.pencatat()
        n = self._chosen()
        self.store.withdraw(n, oleh, hanya_kecamatan=kec)
        self.refresh()
        self.pesan.value = f"<p>Masalah #{n} dibatalkan (tetap ada dalam riwayat).</p>"

    def _urung(self) -> None:
        oleh, kec = self.pencatat()
        n = self._chosen()
        self.store.undo(n, oleh, hanya_kecamatan=kec)
        self.refresh()
        self.pesan.value = f"<p>Perubahan terakhir masalah #{n} diurungkan.</p>"

    # ------------------------------------------------------------------ layout
    def widget(self) -> w.Widget:
        """The view: header, filters, map, cards, the desa's profile and the form.

        Returns
        -------
        ipywidgets.VBox
        """
        form = self.form.widget()
        return w.VBox([
            header("Rembuk Remas", self.ws,
                   "Peta masalah per desa: profil desa, usulan terdahulu, dan masalah yang dicatat."),
            w.HBox([self.w_tahun, self.w_warna], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.w_cari, self.w_desa], layout=w.Layout(flex_flow="row wrap")), self.info_cari,
            # each map in a box of its own with the click's box: the page's script binds the first
            # map of a .planlib-peta-klik (the same hidden text widget is shown in both)
            w.VBox([self.fig_box, self.w_klik]).add_class("planlib-peta-klik"),
            w.VBox([self.fig_hp_box, self.w_klik]).add_class("planlib-peta-klik"), self.note, self.cards,
            self.judul_desa, self.profil_html, self.masalah_html, form, self.usulan_html,
            self.tabel_kec,
        ])  # fmt: skip


#: The kecamatan table.
TABEL_KECAMATAN = [
    ("Kecamatan", "kecamatan", "t"), ("Desa", "desa", "n"),
    ("Desa dengan masalah", "desa_bermasalah", "n"), ("Masalah & isu", "masalah", "n"),
    ("Isu strategis", "isu_strategis", "n"), ("Belum diusulkan", "belum_diusulkan", "n"),
    ("Isu terbanyak", "isu", "t"),
]  # fmt: skip


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Rembuk Remas dashboard (link parameters: ``tahun``, ``desa``; ``oleh`` outside a room).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; the demo by default.
    tahun : int
        ``T``, the planning year whose masalah are recorded.

    Returns
    -------
    Widget
    """
    ws = load(workspace)
    return present(lambda: RembukRemas(ws, tahun))

"""Rembuk Remas: each desa's masalah on a map, its profile, and the masalah recorded in the room.

The Rembuk Remas (``docs/rembuk-remas.md``) maps the problems of every desa
before the usulan exist. A presenter projects this view; analysts record:

- **the map**: the desa (kecamatan when the workspace has no desa polygons)
  coloured by the number of masalah recorded for planning year ``T``, or by
  their most named isu; a table per kecamatan below it;
- **a desa**, found by its name (misspellings go through the workspace's desa
  matcher, :func:`planlib.masalah.tempat.resolve_tempat`), chosen from the list or
  clicked on the map (the page writes the area's code into a hidden box,
  :meth:`RembukRemas._klik`; the map's names follow :func:`planlib.viz.maps.labels`'s rule; a
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
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rekap
from ..accounts import KECAMATAN
from ..bidang import BIDANG
from ..documents.laporan_masalah import profil_desa
from ..formatting import angka
from ..forum.keputusan import KeputusanStore, keputusan_berlaku
from ..indeks_desa import DIMENSI, INDEKS_IDM
from ..masalah.store import MasalahStore, waktu_lokal
from ..masalah.tempat import MasalahError, Tempat, resolve_tempat
from ..rembuk import per_wilayah, peta_masalah, ringkasan_kecamatan
from ..report import PlanlibError
from ..viz import map_names, maps, mapview, scales
from ..workspace import Workspace
from .layout import card, dropdown, header, html_table, map_boxes, phone_map, show
from .voila import guarded, kecamatan_pengguna, load, pengguna, present

#: Colours of the isu on the map when it is coloured by the most named isu (isu table order).
WARNA_ISU = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip
#: Pixels right of the map for the colour bar (as the Peta Usulan).
COLORBAR_MARGIN = 130
#: Labels of a masalah's kind.
JENIS_LABEL = {"masalah": "Masalah", "isu_strategis": "Isu strategis"}
#: What the dropdowns show for "no choice" (the isu read from the text, the bidang from the isu).
DARI_TEKS = "(dibaca dari teks)"
DARI_ISU = "(menurut isu)"


# --------------------------------------------------------------------------- data


def masalah_tahun(ws: Workspace, tahun: int, store: MasalahStore | None = None) -> pd.DataFrame:
    """The masalah in force of planning year ``tahun`` with the usulan that answer them.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        ``T``, the planning year of the Rembuk Remas.
    store : MasalahStore, optional
        The workspace's store when omitted.

    Returns
    -------
    DataFrame
        :func:`planlib.rembuk.peta_masalah`'s masalah (``id_usulan_terkait``, ``diusulkan``).
    """
    m, _ = peta_masalah(ws, int(tahun), store or MasalahStore(ws.root))
    return m


@dataclass(frozen=True)
class Profil:
    """A desa's IDM / Indeks Desa profile beside its kecamatan and the kabupaten."""

    #: "IDM 2024" or "Indeks Desa 2025"; None when the workspace has no figures for the desa.
    judul: str | None
    #: The desa's status (Mandiri … Sangat Tertinggal), or None.
    status: str | None
    #: One row per figure: ``ukuran``, ``desa``, ``kecamatan``, ``kabupaten`` (NaN when absent).
    tabel: pd.DataFrame
    #: How many desa of its kecamatan share each status.
    status_kecamatan: dict[str, int]


def profil(ws: Workspace, kode_desa: str) -> Profil:
    """The desa's latest IDM / Indeks Desa figures against its kecamatan's and the kabupaten's mean.

    Parameters
    ----------
    ws : Workspace
    kode_desa : str
        The desa's Kemendagri code.

    Returns
    -------
    Profil
        Averages are over the desa of the same index and year; a workspace
        without ``[indeks_desa]`` (or without the desa) gives ``judul`` None
        and an empty table.
    """
    p = profil_desa(ws)
    empty = pd.DataFrame(columns=["ukuran", "desa", "kecamatan", "kabupaten"])
    if p.empty or kode_desa not in p.index:
        return Profil(None, None, empty, {})
    me = cast(dict[str, Any], p.loc[kode_desa].to_dict())
    same = p[(p["jenis"] == me["jenis"]) & (p["tahun"] == me["tahun"])]
    kec = same[same["kode_kecamatan"] == me["kode_kecamatan"]]
    nama = "IDM" if me["jenis"] == "idm" else "Indeks Desa"
    rows = []
    for col, label in {"nilai": f"Nilai {nama}", **INDEKS_IDM, **DIMENSI}.items():
        if col in p.columns and pd.notna(me.get(col)):
            rows.append({"ukuran": label, "desa": float(me[col]),
                         "kecamatan": float(kec[col].mean()), "kabupaten": float(same[col].mean())})  # fmt: skip
    status = me["status"] if isinstance(me["status"], str) else None
    counts = kec["status"].dropna().value_counts()
    return Profil(
        f"{nama} {int(me['tahun'])}", status, pd.DataFrame(rows, columns=empty.columns),
        {str(k): int(v) for k, v in counts.items()},
    )  # fmt: skip


def usulan_sebelumnya(
    ws: Workspace, kode_desa: str, tahun: int, keputusan: KeputusanStore | None = None
) -> pd.DataFrame:
    """The desa's usulan of the years before ``tahun`` and what became of them.

    Parameters
    ----------
    ws : Workspace
    kode_desa : str
    tahun : int
        ``T``; the usulan of years before it are listed.
    keputusan : KeputusanStore, optional
        The forum decisions; the workspace's when omitted.

    Returns
    -------
    DataFrame
        ``tahun``, ``id_usulan``, ``usulan``, ``opd_tujuan``, ``status`` (SIPD's),
        ``anggaran`` and ``keputusan`` (the forum's decision in force,
        "belum diputuskan" when none), latest year first.
    """
    store = keputusan or KeputusanStore(ws.root)
    cols = ["tahun", "id_usulan", "usulan", "opd_tujuan", "status", "anggaran", "keputusan"]
    parts = []
    for t in sorted((y for y in ws.usulan if y < int(tahun)), reverse=True):
        u = ws.usulan[t]
        own = u[u["kode_desa"] == kode_desa]
        if own.empty:
            continue
        k = keputusan_berlaku(store, own["id_usulan"], t)
        parts.append(own.assign(tahun=t, keputusan=k["label"].to_numpy())[cols])
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)


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
        # the wide map (a fixed frame, its names placed in its pixels) and a phone's map under 700 px
        self.fig_box, self.fig_hp_box = map_boxes()
        self.fig_hp: go.Figure | None = None
        self.note = w.HTML()
        self.cards = w.HTML()
        self.tabel_kec = w.HTML()
        self.judul_desa = w.HTML()
        self.profil_html = w.HTML()
        self.usulan_html = w.HTML()
        self.masalah_html = w.HTML()
        # the form
        isu = sorted({v for _, v in self.rules.rules})
        self.w_teks = w.Textarea(
            description="Masalah", placeholder="masalah sebagaimana dirumuskan dalam rembuk",
            layout=w.Layout(width="760px", height="64px"), style={"description_width": "82px"},
        )  # fmt: skip
        self.w_jenis = w.ToggleButtons(
            options=[(v, k) for k, v in JENIS_LABEL.items()], value="masalah", description="Jenis",
            style={"description_width": "82px", "button_width": "120px"},
        )  # fmt: skip
        self.w_isu = dropdown("Isu", [(DARI_TEKS, ""), *((i, i) for i in isu)], "", "420px")
        self.w_bidang = dropdown("Bidang", [(DARI_ISU, ""), *((b, b) for b in BIDANG)], "", "330px")
        self.w_sumber = w.ToggleButtons(
            options=[("Diskusi", "diskusi"), ("Data", "data")], value="diskusi",
            description="Sumber", style={"description_width": "82px", "button_width": "90px"},
        )  # fmt: skip
        self.w_prioritas = dropdown(
            "Prioritas", [("–", 0), *((str(i), i) for i in range(1, 11))], 0, "170px"
        )
        self.w_oleh = w.Text(
            description="Pencatat", placeholder="nama analis", layout=w.Layout(width="300px"),
            style={"description_width": "82px"},
        )  # fmt: skip
        if self.akun is not None:
            self.w_oleh.value, self.w_oleh.disabled = self.akun[0], True
        self.b_catat = w.Button(
            description="Catat masalah", button_style="primary", layout=w.Layout(width="auto")
        )
        self.w_pilih = dropdown("Masalah", [], None, "760px")
        self.b_koreksi = w.Button(
            description="Koreksi: ganti dengan isian di atas", layout=w.Layout(width="auto")
        )
        self.b_batal = w.Button(description="Batalkan masalah", layout=w.Layout(width="auto"))
        self.b_urung = w.Button(
            description="Urungkan perubahan terakhir", layout=w.Layout(width="auto")
        )
        self.pesan = w.HTML()
        if self.akun is not None and self.akun[1] not in ("analis", KECAMATAN):
            for b in (self.b_catat, self.b_koreksi, self.b_batal, self.b_urung):
                b.disabled = True  # shown; refused where it writes
            self.pesan.value = "<p>Akun tamu hanya dapat melihat; pencatatan oleh akun analis.</p>"
        if salah_kec is not None:
            for b in (self.b_catat, self.b_koreksi, self.b_batal, self.b_urung):
                b.disabled = True
            self.pesan.value = f"<div class='planlib-pesan'>{html.escape(salah_kec)}</div>"
        if self.kec is not None:
            self.pesan.value = (
                f"<p>Akun kecamatan: pencatatan hanya untuk desa di Kecamatan "
                f"{html.escape(self.kec.nama)}.</p>"
            )

        self.areas = rekap.areas(ws, self.level)
        # a fixed frame that suits the kabupaten's shape, as the Peta Usulan: the names are placed
        # in its pixels by the maps' rule (no overlaps, black or white against the fill under each)
        fw, fh = mapview.frame_size([float(b) for b in self.areas.geometry.total_bounds])
        self.fig = maps.base_map(
            self.areas, dapil=None, height=fh + maps.MARGIN_TOP + maps.MARGIN_BOTTOM
        )
        self.fig.update_layout(width=fw + COLORBAR_MARGIN, margin={"r": COLORBAR_MARGIN})
        view = maps.zoom(self.fig, self.areas)
        names = ws.kecamatan if self.level == "desa" else None
        self._placed = map_names.place_names(self.areas, view, names=names, dapil=None)
        self._under = map_names.under_boxes(self.areas, self._placed)
        #: traces after these (names, legend) are replaced on every redraw
        self.n_legend_start = len(self.fig.data)
        # a click on an area of the map writes its code here (the page's template does it,
        # planlib/share/voila/templates/planlib/index.html.j2): the desa is chosen as by a search
        self.w_klik = w.Text(continuous_update=False, layout=w.Layout(display="none"))
        self.w_klik.add_class("planlib-klik")
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
        show(self.fig_box, self.fig)
        if self.fig_hp is not None:
            show(self.fig_hp_box, self.fig_hp)

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
        per = per_wilayah(m, self.areas["kode"], self.level)
        names = self.areas["nama"].astype(str)
        by_isu = self.w_warna.value == "isu"
        # the colour bar's five ticks are whole numbers: its top is a multiple of 4
        top = maps.whole_top(per["jumlah"].max())
        isu_list = sorted({v for _, v in self.rules.rules})
        warna = {i: WARNA_ISU[n % len(WARNA_ISU)] for n, i in enumerate(isu_list)}
        if by_isu:
            fill = [warna.get(i, scales.EMPTY_COLOR) if isinstance(i, str) else scales.EMPTY_COLOR
                    for i in per["isu"]]  # fmt: skip
        else:
            fill = scales.colours(per["jumlah"], vmax=top).tolist()
        hover = [
            f"{n}: {angka(j)} masalah" + (f"<br>isu terbanyak: {html.escape(i)}" if i else "")
            for n, j, i in zip(names, per["jumlah"], per["isu"], strict=True)
        ]
        if self.level == "desa":
            selected = (self.areas["kode"] == self.kode).tolist()
        else:
            kec = str(self.kode).rsplit(".", 1)[0] if self.kode else None
            selected = (self.areas["kode"] == kec).tolist()
        if by_isu:
            shown = [i for i in isu_list if i in set(per["isu"].dropna())]
            legend = [
                go.Scatter(x=[None], y=[None], mode="markers", name=i,
                           marker={"size": 14, "color": warna[i], "symbol": "square"})
                for i in shown
            ]  # fmt: skip
            legend.insert(0, go.Scatter(
                x=[None], y=[None], mode="markers", name="Belum ada masalah tercatat",
                marker={"size": 14, "color": scales.EMPTY_COLOR, "symbol": "square"},
            ))  # fmt: skip
        else:
            legend = maps.legend_traces(
                empty_label="Belum ada masalah tercatat", no_dapil=False,
                vmax=top, colorbar_title="Jumlah masalah", tickformat=lambda v: angka(v, 0),
            )  # fmt: skip
        fu = map_names.fills_under(self._under, fill)
        with self.fig.batch_update():
            maps.restyle(self.fig, len(self.areas), fill, hover, selected)
            self.fig.data = self.fig.data[: self.n_legend_start]
            for t in [*map_names.label_traces(self._placed, fu), *legend]:
                self.fig.add_trace(t)
            ukuran = "Isu terbanyak" if by_isu else "Jumlah masalah"
            self.fig.layout.title = {
                "text": f"{ukuran} per {self.level} — Rembuk Remas, perencanaan {self.tahun}",
                "x": 0.01, "font": {"size": 16},
            }  # fmt: skip
        self.fig.layout.meta = {"jumlah": dict(zip(self.areas["kode"], per["jumlah"].tolist(),
                                                   strict=True))}  # fmt: skip
        names_hp = self.ws.kecamatan if self.level == "desa" else None
        self.fig_hp = phone_map(self.fig, self.areas, fill, names=names_hp)
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
        self.profil_html.value = _profil_html(profil(self.ws, kode))
        self.usulan_html.value = _usulan_html(usulan_sebelumnya(self.ws, kode, self.tahun,
                                                                self.keputusan), self.ws, self.tahun)  # fmt: skip
        own = self._m[(self._m["tingkat"] == "desa") & (self._m["kode_wilayah"] == kode)]
        self.masalah_html.value = _masalah_html(own, self.tahun)
        keep = self.w_pilih.value
        self.w_pilih.options = [
            (f"#{r['id_masalah']} — {str(r['masalah'])[:90]}", int(r["id_masalah"]))
            for r in _records(own)
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
        form = w.VBox([
            w.HTML("<h4>Catat masalah desa ini</h4>"),
            self.w_teks, self.w_jenis, w.HBox([self.w_isu, self.w_bidang], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.w_sumber, self.w_prioritas], layout=w.Layout(flex_flow="row wrap")), w.HBox([self.w_oleh, self.b_catat], layout=w.Layout(flex_flow="row wrap")),
            w.HTML("<h4>Koreksi atau batalkan</h4>"), self.w_pilih,
            w.HBox([self.b_koreksi, self.b_batal, self.b_urung], layout=w.Layout(flex_flow="row wrap")), self.pesan,
        ])  # fmt: skip
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


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], df.to_dict("records"))


def _angka(v: Any, digits: int) -> str:
    return "–" if v is None or pd.isna(v) else angka(v, digits)


def _profil_html(p: Profil) -> str:
    if p.judul is None:
        return (
            "<h4>Profil desa</h4><p>Belum ada data IDM / Indeks Desa untuk desa ini. Tambahkan "
            "ekspor IDM atau Indeks Desa Kemendesa dengan <code>planlib tambah</code> "
            "(bagian <code>[indeks_desa]</code> di planlib.toml).</p>"
        )
    digits = 4 if p.judul.startswith("IDM") else 2
    rows = "".join(
        f"<tr><td>{html.escape(r['ukuran'])}</td><td class='n'><b>{_angka(r['desa'], digits)}</b></td>"
        f"<td class='n'>{_angka(r['kecamatan'], digits)}</td>"
        f"<td class='n'>{_angka(r['kabupaten'], digits)}</td></tr>"
        for r in _records(p.tabel)
    )
    sebaran = ", ".join(f"{html.escape(k)} {angka(v)}" for k, v in p.status_kecamatan.items())
    return (
        f"<h4>Profil desa: {html.escape(p.judul)} — status "
        f"<b>{html.escape(p.status or '–')}</b></h4>"
        "<table class='planlib-table' tabindex='0'><thead><tr><th>Ukuran</th><th>Desa</th>"
        "<th>Rata-rata kecamatan</th><th>Rata-rata kabupaten</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        + (f"<p class='planlib-sumber'>Status desa di kecamatan ini: {sebaran}.</p>" if sebaran else "")
    )  # fmt: skip


def _usulan_html(u: pd.DataFrame, ws: Workspace, tahun: int) -> str:
    head = f"<h4>Usulan tahun-tahun sebelum {tahun} dan keputusannya</h4>"
    if u.empty:
        if not any(y < tahun for y in ws.usulan):
            return head + (
                "<p>Belum ada usulan tahun sebelumnya di workspace ini. Tambahkan ekspor usulan "
                "SIPD/E-Perencanaan dengan <code>planlib tambah</code>.</p>"
            )
        return head + "<p>Desa ini tidak punya usulan pada tahun-tahun sebelumnya.</p>"
    note = f"<p>{angka(len(u))} usulan" + (" (100 terbaru ditampilkan)" if len(u) > 100 else "")
    return head + note + "</p><div style='max-height:320px;overflow:auto' tabindex='0' role='region' aria-label='Usulan tahun sebelumnya'>" + html_table(
        u.head(100), TABEL_USULAN
    ) + "</div>"  # fmt: skip


TABEL_USULAN = [
    ("Tahun", "tahun", "t"), ("ID", "id_usulan", "t"), ("Usulan", "usulan", "t"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Status SIPD", "status", "t"),
    ("Anggaran", "anggaran", "rp"), ("Keputusan forum", "keputusan", "t"),
]  # fmt: skip


def _masalah_html(own: pd.DataFrame, tahun: int) -> str:
    head = f"<h4>Masalah dan isu strategis untuk perencanaan {tahun}</h4>"
    if own.empty:
        return head + "<p>Belum ada masalah tercatat untuk desa ini.</p>"
    rows = []
    for r in _records(own.sort_values(["prioritas", "id_masalah"], na_position="last")):
        ids = list(r["id_usulan_terkait"])
        terkait = ", ".join(map(str, ids)) if ids else "<i>belum diusulkan</i>"
        prio = (
            "" if r["prioritas"] is None or pd.isna(r["prioritas"]) else angka(int(r["prioritas"]))
        )
        rows.append(
            f"<tr><td class='n'>#{int(r['id_masalah'])}</td>"
            f"<td>{html.escape(JENIS_LABEL.get(str(r['jenis']), str(r['jenis'])))}</td>"
            f"<td>{html.escape(str(r['masalah']))}</td><td>{html.escape(str(r['isu'] or ''))}</td>"
            f"<td>{html.escape(str(r['bidang'] or ''))}</td><td>{html.escape(str(r['sumber']))}</td>"
            f"<td class='n'>{prio}</td><td>{terkait}</td>"
            f"<td>{html.escape(str(r['oleh']))}, {html.escape(waktu_lokal(r['waktu']))}</td></tr>"
        )
    return (
        head + f"<p>{angka(len(own))} tercatat, {angka(int((~own['diusulkan']).sum()))} "
        "belum diusulkan.</p><table class='planlib-table planlib-masalah' tabindex='0'><thead><tr><th>No</th>"
        "<th>Jenis</th><th>Masalah</th><th>Isu</th><th>Bidang</th><th>Sumber</th>"
        "<th>Prioritas</th><th>Usulan terkait</th><th>Dicatat</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


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

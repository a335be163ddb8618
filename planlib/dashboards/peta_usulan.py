"""Peta usulan: usulan per kecamatan (or desa) on a map with dapil outlines, filters, cards and a table."""

from __future__ import annotations

import dataclasses
import functools
import html
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import choices, ranking, rekap
from ..bagikan.page import single as shared_page
from ..formatting import angka, rupiah
from ..rekap import SEMUA, Saring
from ..usulan import empty_table as empty_usulan
from ..viz import labels as lab
from ..viz import map_names, maps, mapview, shading
from ..workspace import Workspace
from .layout import (
    card,
    download_button,
    dropdown,
    file_name,
    header,
    map_boxes,
    phone_map,
    show,
    table_xlsx,
)
from .voila import guarded, open_view

SORT = {
    "Usulan Ke": ("usulan_ke", True),
    "Anggaran terbesar": ("anggaran", False),
    "Desa": ("nama_desa", True),
    "OPD tujuan": ("opd_tujuan", True),
    "Tanggal usul": ("tanggal_usul", True),
}
TABLE_ROWS = 200
#: pixels right of the map for the colour bar
COLORBAR_MARGIN = 130


def _t(v) -> str:
    """Cell text; empty for None and NaN (pandas strings use NaN for missing)."""
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


#: the columns of the usulan table, in the order they are read
TABLE_COLUMNS = ("usulan_ke", "nama_desa", "kecamatan_asli", "usulan", "masalah", "opd_tujuan", "status", "anggaran")  # fmt: skip


class PetaUsulan:
    """The widget state of one viewer: filters, the map figure, cards and the table."""

    def __init__(self, ws: Workspace, tahun: int) -> None:
        self.ws = ws
        years = ws.tahun or [tahun]
        t = tahun if tahun in years else years[-1]
        self.levels = ["kecamatan"] + (["desa"] if ws.desa is not None and len(ws.desa) else [])
        self.w_tahun = dropdown("Tahun", years, t, "150px")
        self.w_dapil = dropdown("Dapil", [SEMUA])
        self.w_kec = dropdown("Kecamatan", [(SEMUA, None)])
        self.w_bidang = dropdown("Bidang", [SEMUA])
        self.w_opd = dropdown("OPD tujuan", [SEMUA], width="380px")
        self.w_status = dropdown("Status", [SEMUA])
        self.w_ukuran = w.ToggleButtons(
            options=[(v, k) for k, v in rekap.UKURAN.items()], value="jumlah",
            style={"button_width": "150px"},
        )  # fmt: skip
        self.w_isu = dropdown("Isu", [SEMUA], width="330px")
        self.w_level = w.ToggleButtons(
            options=[("Kecamatan", "kecamatan"), ("Desa", "desa")][: len(self.levels)],
            value="kecamatan", style={"button_width": "100px"},
        )  # fmt: skip
        self.w_besar = w.ToggleButton(
            description="Teks peta besar", tooltip="nama di peta 17 px, untuk layar di ruang rapat",
            value=False, layout=w.Layout(width="auto", min_width="150px"),
        )  # fmt: skip
        self.w_sort = dropdown("Urutkan", list(SORT), "Usulan Ke", "260px")
        self.cards = w.HTML()
        self.table = w.HTML()
        self.note = w.HTML()
        self._fill_options()
        self.level = "kecamatan"
        self.fig = self._figure(self.level)
        # the wide map keeps its width (names are placed for it); under 700 px a phone's map of its
        # own width and names is shown instead (layout.CSS shows one or the other)
        self.fig_box, self.fig_hp_box = map_boxes()
        self.fig_hp: go.Figure | None = None
        self._busy = False
        self._shown = False
        for wd in (self.w_kec, self.w_bidang, self.w_opd, self.w_status,
                   self.w_ukuran, self.w_isu, self.w_sort, self.w_besar):  # fmt: skip
            wd.observe(self._changed, "value")
        self.w_dapil.observe(self._dapil_changed, "value")
        self.w_tahun.observe(self._year_changed, "value")
        self.w_level.observe(self._level_changed, "value")
        self.refresh()

    # ------------------------------------------------------------------ state
    def saring(self) -> Saring:
        """What the viewer chose, as a filter for :mod:`planlib.rekap`.

        Returns
        -------
        Saring
            The year and each chosen filter; "(semua)" becomes ``None``.
        """

        def v(x: Any) -> Any:
            return None if x in (SEMUA, None) else x

        return Saring(
            tahun=self.w_tahun.value, dapil=v(self.w_dapil.value), kecamatan=self.w_kec.value,
            bidang=v(self.w_bidang.value), opd=v(self.w_opd.value), status=v(self.w_status.value),
            isu=v(self.w_isu.value),
        )  # fmt: skip

    def _fill_options(self) -> None:
        p = rekap.pilihan(self.ws, self.w_tahun.value)
        kec = self.ws.kecamatan.sort_values("nama")
        #: (nama, kode, dapil) of every kecamatan, for the kecamatan list that follows the dapil
        self._kecamatan = list(zip(kec["nama"], kec["kode"], kec["dapil"], strict=True))
        for wd, opts in ((self.w_dapil, p["dapil"]), (self.w_bidang, p["bidang"]),
                         (self.w_opd, p["opd"]), (self.w_status, p["status"]), (self.w_isu, p["isu"])):  # fmt: skip
            keep = wd.value
            wd.options = [SEMUA, *opts]
            wd.value = keep if keep in opts else SEMUA
        self._fill_kecamatan()

    def _fill_kecamatan(self) -> None:
        """The kecamatan list follows the dapil: only its kecamatan can be chosen."""
        dapil = None if self.w_dapil.value in (SEMUA, None) else self.w_dapil.value
        kec = [(n, k) for n, k, d in self._kecamatan if dapil is None or d == dapil]
        keep = self.w_kec.value
        self.w_kec.options = [(SEMUA, None), *kec]
        self.w_kec.value = keep if keep in {k for _, k in kec} else None

    def apply_link(self, params: dict[str, str]) -> None:
        """Set the filters from link parameters (``tahun``, ``dapil``, ``kecamatan``, …).

        Parameters
        ----------
        params : dict of str to str
            The link's parameters: ``tahun``, ``dapil``, ``kecamatan`` (its code or
            name; an unknown one selects every kecamatan), ``bidang``, ``opd``,
            ``status``, ``isu`` and ``ukuran``. Names and the values of ``bidang``,
            ``opd``, ``status``, ``isu`` and ``ukuran`` are matched by
            :func:`planlib.choices.match_choice` (case, hyphens and punctuation
            ignored; a unique part such as ``isu=stunting`` is enough); an ``isu``
            without ``ukuran`` colours the map by the share of that isu, as the
            isu filter has no other effect. Other names, and values the filters
            do not offer, are ignored. The view is redrawn once, after all of them.
        """
        if not params:
            return
        self._busy = True
        try:
            self._apply_params(params)
        finally:
            self._busy = False
        self.refresh()

    def _apply_params(self, params: dict[str, str]) -> None:
        t = params.get("tahun", "")
        if t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
            self._fill_options()
        d = choices.match_dapil(self.ws, params.get("dapil"))
        if d is not None:
            self.w_dapil.value = d
            self._fill_kecamatan()
        k = params.get("kecamatan")
        if k:
            names = {n: c for n, c in self.w_kec.options if c}
            codes = set(names.values())
            self.w_kec.value = k if k in codes else names.get(choices.match_choice(k, names))
        chosen: dict[str, Any] = {}
        for key, wd in (("bidang", self.w_bidang), ("opd", self.w_opd), ("status", self.w_status),
                        ("isu", self.w_isu)):  # fmt: skip
            chosen[key] = choices.match_choice(
                params.get(key), [o for o in wd.options if o != SEMUA]
            )
            if chosen[key] is not None:
                wd.value = chosen[key]
        ukuran = choices.match_choice(params.get("ukuran"), rekap.UKURAN)
        if ukuran is None and chosen["isu"] is not None:
            ukuran = "isu"  # the isu filter shows as the map's share of that isu
        if ukuran is not None:
            self.w_ukuran.value = ukuran

    # ------------------------------------------------------------------ figure
    def _figure(self, level: str) -> go.Figure:
        # kecamatan of the code list without a polygon cannot be drawn; they are listed in the note
        self.areas = rekap.areas(self.ws, level)
        # a fixed frame that suits the kabupaten's shape: the names are placed in its pixels and stay
        # apart on any screen (a phone scrolls the map sideways)
        fw, fh = mapview.frame_size([float(b) for b in self.areas.geometry.total_bounds])
        fig = maps.base_map(
            self.areas,
            dapil="dapil",
            label_dapil=False,
            height=fh + maps.MARGIN_TOP + maps.MARGIN_BOTTOM,
        )
        fig.update_layout(width=fw + COLORBAR_MARGIN, margin={"r": COLORBAR_MARGIN})
        #: traces after these (names, legend) are replaced on every refresh
        self.n_fixed = len(fig.data)
        #: placed names per view (level, kecamatan, dapil, size): placing costs ~40 ms, colouring nothing
        self._placed: dict[tuple, tuple[lab.Placement, list[list[int]]]] = {}
        return fig

    def focus(self, s: Saring) -> list[bool] | None:
        """The areas the map zooms to: the chosen kecamatan, else the chosen Dapil, else all (``None``).

        Parameters
        ----------
        s : Saring
            The filters (:meth:`saring`).

        Returns
        -------
        list of bool or None
            One flag per area of the map, in trace order.
        """
        if s.kecamatan:
            return (self.areas["kode_kecamatan"] == s.kecamatan).tolist()
        if s.dapil is not None:
            return (self.areas["dapil"] == s.dapil).tolist()
        return None

    def _names(
        self, fig: go.Figure, s: Saring, fill: list[str]
    ) -> tuple[list[go.Scatter], lab.Placement]:
        """Zoom to the chosen Dapil/kecamatan and place the names for that view (kept while the view stays)."""
        focus = self.focus(s)
        view = maps.zoom(fig, self.areas, focus)
        size = lab.SIZE_PRESENTASI if self.w_besar.value else lab.SIZE
        key = (self.level, s.kecamatan, s.dapil, size)
        if key not in self._placed:
            names = self.ws.kecamatan if self.level == "desa" else None
            p = map_names.place_names(self.areas, view, names=names, size=size)
            self._placed[key] = (p, map_names.under_boxes(self.areas, p))
        p, under = self._placed[key]
        return map_names.label_traces(p, map_names.fills_under(under, fill)), p

    def finish(self) -> None:
        """Show the map once everything (link parameters included) is applied."""
        self._shown = True
        show(self.fig_box, self.fig)
        if self.fig_hp is not None:
            show(self.fig_hp_box, self.fig_hp)

    # ------------------------------------------------------------------ updates
    def _changed(self, change: dict[str, Any] | None = None) -> None:
        if not self._busy:
            self.refresh()

    def _dapil_changed(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self._fill_kecamatan()
        finally:
            self._busy = False
        self.refresh()

    def _year_changed(self, change: dict[str, Any]) -> None:
        if self._busy:  # apply_link fills the options itself
            return
        self._busy = True
        try:
            self._fill_options()
        finally:
            self._busy = False
        self.refresh()

    def _level_changed(self, change: dict[str, Any]) -> None:
        self.level = change["new"]
        self.fig = self._figure(self.level)
        self.refresh()

    def data(self) -> tuple[pd.DataFrame, pd.DataFrame, Saring]:
        """The filtered usulan (for the map: without the kecamatan filter) and the per-area table.

        Returns
        -------
        df_map : DataFrame
            The usulan that pass every filter but the kecamatan.
        per : DataFrame
            Those usulan summed per area of the map's level
            (:func:`planlib.rekap.per_wilayah`).
        saring : Saring
            The filters used (:meth:`saring`).
        """
        s = self.saring()
        df_map = rekap.saring(self.ws, s, ignore=("kecamatan",))
        per = rekap.per_wilayah(df_map, self.areas["kode"], self.level, s.isu)
        return df_map, per, s

    def refresh(self) -> None:
        """Recolour the map, redo the cards, the table and the notes for the current filters."""
        df_map, per, s = self.data()
        ukuran = self.w_ukuran.value
        shade = shading.usulan_areas(
            self.areas, per, ukuran=ukuran, isu=s.isu, kecamatan=s.kecamatan
        )
        legend = maps.legend_traces(
            empty_label="Tanpa usulan (untuk pilihan ini)", no_dapil=self.ws.kecamatan["dapil"].isna().any(),
            vmax=shade.vmax, colorbar_title=shade.colorbar_title, tickformat=shade.tickformat,
        )  # fmt: skip
        with self.fig.batch_update():
            maps.restyle(self.fig, len(self.areas), shade.fill, shade.hover, shade.selected)
            # names and legend traces are replaced (colours follow the fills; the colour bar's range)
            self.fig.data = self.fig.data[: self.n_fixed]
            names, self._placement = self._names(self.fig, s, shade.fill)
            for t in [*names, *legend]:
                self.fig.add_trace(t)
            kec_name = (
                self.ws.wilayah.kecamatan_matcher.names.get(s.kecamatan, "") if s.kecamatan else ""
            )
            self.fig.layout.title = {
                "text": f"{rekap.UKURAN[shade.measure]} per {self.level} — RKPD {s.tahun}"
                + (f" — {s.dapil}" if s.dapil else "") + (f" — {html.escape(kec_name)}" if kec_name else ""),
                "x": 0.01, "font": {"size": 20 if self.w_besar.value else 16},
            }  # fmt: skip
            # legend and colour bar follow the names' size
            self.fig.layout.font = {
                "family": "sans-serif",
                "size": 16 if self.w_besar.value else 12,
            }
        self.fig_hp = phone_map(
            self.fig, self.areas, shade.fill, self.focus(s),
            names=self.ws.kecamatan if self.level == "desa" else None,
        )  # fmt: skip
        self._update_cards_and_table(df_map, s)
        if self._shown:
            show(self.fig_box, self.fig)
            show(self.fig_hp_box, self.fig_hp)

    @functools.cached_property
    def _gaps(self) -> tuple[list[str], list[str]]:
        """Kecamatan without a polygon, and without a dapil (the same for every filter)."""
        return rekap.kecamatan_gaps(self.ws)

    def _update_cards_and_table(self, df_map: pd.DataFrame, s: Saring) -> None:
        df = df_map if s.kecamatan is None else df_map[df_map["kode_kecamatan"] == s.kecamatan]
        r = rekap.ringkasan(df)
        where = (
            self.ws.wilayah.kecamatan_matcher.names.get(s.kecamatan, "")
            if s.kecamatan
            else (s.dapil or "semua kecamatan")
        )
        self.cards.value = (
            f"<div style='font-size:15px;margin:4px 0'><b>{html.escape(where)}</b></div>"
            + card(angka(r["jumlah"]), "jumlah usulan")
            + card(rupiah(r["anggaran"]), "total anggaran")
            + card(r["isu"][0] or "–", f"masalah/isu teratas ({angka(r['isu'][1])})")
            + card(r["bidang"][0] or "–", f"bidang teratas ({angka(r['bidang'][1])})")
        )
        self._table_df, self._where = df, where
        col, asc = SORT[self.w_sort.value]
        # sort one column, then take the rows shown (sorting the whole table moves every column)
        order = ranking.first_rows(df[col], asc, TABLE_ROWS)
        shown = df.loc[order, list(TABLE_COLUMNS)]  # only the columns shown: each is a take
        esc = html.escape
        rows = [
            f"<tr><td class='n'>{'' if pd.isna(ke) else int(ke)}</td><td>{esc(_t(desa) or _t(asli))}</td>"
            f"<td>{esc(_t(u))}</td><td>{esc(_t(m))}</td><td>{esc(_t(o))}</td>"
            f"<td>{esc(_t(st))}</td><td class='n'>{rupiah(a)}</td></tr>"
            for ke, desa, asli, u, m, o, st, a in zip(
                shown["usulan_ke"],
                shown["nama_desa"],
                shown["kecamatan_asli"],
                shown["usulan"],
                shown["masalah"],
                shown["opd_tujuan"].astype(object),
                shown["status"].astype(object),
                shown["anggaran"],
                strict=True,
            )
        ]
        more = (
            f" — {angka(TABLE_ROWS)} pertama dari {angka(len(df))}" if len(df) > TABLE_ROWS else ""
        )
        self.table.value = (
            f"<div style='margin:6px 0'>Daftar usulan: {html.escape(where)}{more}</div>"
            "<div style='max-height:420px;overflow:auto' tabindex='0' role='region' aria-label='Daftar usulan'>"
            "<table class='planlib-table' tabindex='0'><thead><tr>"
            "<th>Ke</th><th>Desa</th><th>Usulan</th><th>Masalah</th><th>OPD tujuan</th><th>Status</th><th>Anggaran</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
        missing, no_dapil = self._gaps
        notes = []
        if no_dapil:
            notes.append(
                "Belum masuk dapil (garis putus-putus tebal): " + ", ".join(no_dapil) + "."
            )
        if missing:
            notes.append("Tanpa poligon, tidak tergambar: " + ", ".join(missing) + ".")
        left_out = self._placement.left_out_names()
        if left_out:
            notes.append("Nama yang tidak muat di peta (arahkan kursor ke wilayahnya): "
                         + ", ".join(left_out) + ".")  # fmt: skip
        if self.ws.usulan.get(s.tahun) is None or not len(self.ws.usulan[s.tahun]):
            notes.insert(0, f"Belum ada usulan untuk RKPD {s.tahun}: peta menunjukkan kecamatan "
                         "dan Dapil. Tambahkan ekspor SIPD dengan: planlib tambah.")  # fmt: skip
        else:
            notes.append("Warna abu-abu: tidak ada usulan untuk pilihan ini.")
        label = f" {self.ws.label}." if self.ws.label else ""
        self.note.value = (
            "<p class='planlib-sumber'>"
            + html.escape(" ".join(notes))
            + f" Sumber: usulan Musrenbang (SIPD/E-Perencanaan) RKPD {s.tahun}.{html.escape(label)}</p>"
        )

    def _table_xlsx(self) -> tuple[bytes, str]:
        """Every usulan of the table (not only the rows shown), in the order chosen, as xlsx."""
        df = self._table_df
        col, asc = SORT[self.w_sort.value]
        df = df.loc[ranking.first_rows(df[col], asc, len(df))]
        df = df.assign(nama_desa=df["nama_desa"].astype(object).fillna(df["kecamatan_asli"]))
        title = f"Daftar usulan RKPD {self.w_tahun.value}: {self._where} — {self.ws.config.nama}"
        name = file_name("usulan", self.w_tahun.value, self._where, ext="xlsx")
        return table_xlsx(df, TABEL_XLSX, title), name

    def _shared_view(self) -> tuple[bytes, str]:
        """The kernel-free page of the chosen Dapil (or the kabupaten), as ``planlib bagikan``.

        Returns
        -------
        tuple of (bytes, str)
            The HTML page and its file name.
        """
        d = self.w_dapil.value
        return shared_page(self.ws, self.w_tahun.value, None if d in (SEMUA, None) else d)

    # ------------------------------------------------------------------ layout
    def widget(self) -> w.Widget:
        """The view: filters, map, notes, cards and the usulan table.

        Returns
        -------
        ipywidgets.VBox
            The header, the filters, the map, its notes, the cards, the sort order
            and the usulan table.
        """
        filters = w.VBox(
            [
                w.HBox([self.w_tahun, self.w_dapil, self.w_kec, self.w_bidang]),
                w.HBox([self.w_opd, self.w_status, self.w_isu]),
                w.HBox(
                    [self.w_ukuran, self.w_level, self.w_besar],
                    layout=w.Layout(flex_flow="row wrap"),
                ),  # a phone wraps the toggles
            ]
        )
        return w.VBox(
            [
                header("Peta usulan Musrenbang", self.ws, "Pilih kecamatan untuk melihat daftar usulannya."),
                filters, self.fig_box, self.fig_hp_box, self.note, self.cards,
                w.HBox([
                    self.w_sort, download_button("Unduh tabel (xlsx)", self._table_xlsx),
                    download_button("Unduh tampilan Dapil (HTML)", self._shared_view,
                                    note="satu berkas, terbuka di HP tanpa internet"),
                ]),
                self.table,
            ]
        )  # fmt: skip


#: The usulan table's download: the columns shown, and the ID, kecamatan and volume besides.
TABEL_XLSX = [
    ("ID", "id_usulan", "t"), ("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
    ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"), ("Masalah", "masalah", "t"),
    ("Volume", "volume", "n"), ("Satuan", "satuan", "t"), ("OPD tujuan", "opd_tujuan", "t"),
    ("Status", "status", "t"), ("Anggaran", "anggaran", "rp"),
]  # fmt: skip


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Peta usulan dashboard for ``workspace`` and planning year ``tahun``.

    Link parameters (``?tahun=2026&dapil=2&kecamatan=…&bidang=…``) override
    the defaults when the page is served by Voilà.

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; by default as :func:`~.voila.resolve_workspace` finds it.
    tahun : int
        The year shown first (the workspace's last year when it has no usulan for it).

    Returns
    -------
    ipywidgets.Widget
        The view; without any usulan file, the map of the kecamatan and Dapil with a
        note that there are no usulan yet.
    """
    return open_view(workspace, lambda ws: PetaUsulan(_with_a_year(ws, tahun), tahun))


def _with_a_year(ws: Workspace, tahun: int) -> Workspace:
    """A new workspace without usulan: the map and its Dapil, and an honest "belum ada usulan"."""
    if ws.usulan:
        return ws
    return dataclasses.replace(ws, usulan={tahun: empty_usulan()})

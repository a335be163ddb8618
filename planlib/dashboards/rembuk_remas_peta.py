"""07 Rembuk Remas: the map of the masalah per desa (per kecamatan without desa polygons).

:class:`PetaMasalah` holds the wide map (a fixed frame suiting the kabupaten's
shape, its names placed in its pixels by :func:`planlib.viz.map_names.place_names`'s
rule), the phone's map (:func:`planlib.dashboards.layout.phone_map`) and the
hidden box a click on an area writes its code into (the page's template,
``planlib/share/voila/templates/planlib/index.html.j2``). Each redraw colours
the areas by the number of masalah recorded or by their most named isu and
outlines the chosen desa; the view (:mod:`planlib.dashboards.rembuk_remas`)
lays the maps out and chooses the desa a click names.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rekap
from ..formatting import angka
from ..rembuk import per_wilayah
from ..viz import map_names, maps, mapview, scales
from ..workspace import Workspace
from .layout import map_boxes, phone_map, show

#: Colours of the isu on the map when it is coloured by the most named isu (isu table order).
WARNA_ISU = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip
#: Pixels right of the map for the colour bar (as the Peta Usulan).
COLORBAR_MARGIN = 130


class PetaMasalah:
    """The Rembuk Remas map of one viewer: the wide map, the phone's and the click's box.

    Parameters
    ----------
    ws : Workspace
    level : str
        ``"desa"``, or ``"kecamatan"`` when the workspace has no desa polygons.

    Attributes
    ----------
    fig : plotly.graph_objects.Figure
        The wide map; ``fig.layout.meta["jumlah"]`` holds the count per area.
    fig_hp : plotly.graph_objects.Figure or None
        The phone's map, made anew at each :meth:`gambar`.
    areas : GeoDataFrame
        The areas drawn (``kode``, ``nama``, geometry).
    w_klik : ipywidgets.Text
        Hidden; the page writes the code of the area clicked into it.
    """

    def __init__(self, ws: Workspace, level: str) -> None:
        self.ws = ws
        self.level = level
        self.rules = ws.isu_rules
        # the wide map (a fixed frame, its names placed in its pixels) and a phone's map under 700 px
        self.fig_box, self.fig_hp_box = map_boxes()
        self.fig_hp: go.Figure | None = None
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

    def gambar(self, m: pd.DataFrame, kode: str | None, tahun: int, by_isu: bool) -> pd.DataFrame:
        """Colour the areas by ``m``, outline ``kode``'s area and make the phone's map anew.

        Parameters
        ----------
        m : DataFrame
            The masalah in force of the year (:func:`planlib.rembuk_desa.masalah_tahun`).
        kode : str or None
            The chosen desa; None outlines nothing.
        tahun : int
            ``T``, named in the title.
        by_isu : bool
            Colour by the most named isu rather than by the number of masalah.

        Returns
        -------
        DataFrame
            :func:`planlib.rembuk.per_wilayah` of the areas (``jumlah``, ``isu``).
        """
        per = per_wilayah(m, self.areas["kode"], self.level)
        names = self.areas["nama"].astype(str)
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
            selected = (self.areas["kode"] == kode).tolist()
        else:
            kec = str(kode).rsplit(".", 1)[0] if kode else None
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
                "text": f"{ukuran} per {self.level} — Rembuk Remas, perencanaan {tahun}",
                "x": 0.01, "font": {"size": 16},
            }  # fmt: skip
        self.fig.layout.meta = {"jumlah": dict(zip(self.areas["kode"], per["jumlah"].tolist(),
                                                   strict=True))}  # fmt: skip
        names_hp = self.ws.kecamatan if self.level == "desa" else None
        self.fig_hp = phone_map(self.fig, self.areas, fill, names=names_hp)
        return per

    def tampilkan(self) -> None:
        """Draw the wide map and the phone's (the page shows one of them by the screen's width)."""
        show(self.fig_box, self.fig)
        if self.fig_hp is not None:
            show(self.fig_hp_box, self.fig_hp)

"""Offline choropleth maps drawn as SVG polygons on plain axes.

Why not ``plotly.express.choropleth`` or ``choropleth_map``? A ``geo`` trace
downloads a topojson from a CDN and draws nothing in a hall without internet;
MapLibre (``choropleth_map``) needs WebGL and, as soon as a text label is
drawn, fetches font glyphs from ``fonts.openmaptiles.org`` even with the
``white-bg`` style. Polygons as filled ``scatter`` traces need nothing but the
page itself, draw the same in Voilà, in an exported HTML file and in a PNG,
and can be recoloured in place (only colours travel when a filter changes).

The figure has one trace per area (so each has its own hover text), then the
dapil outlines (on a white casing, so they show on the darkest fill), the
names (:func:`planlib.viz.map_names.labels`: placed without overlaps,
black or white against the fills under each, on a light plate where the
fills under one name are too far apart for either), legend entries for areas
without usulan or without dapil, and a colour bar.

The view is fitted to the frame (:func:`view`, :func:`zoom`): the ranges
have the frame's aspect, so a tall, wide or island kabupaten fills its frame
in one dimension, and choosing a Dapil or a kecamatan zooms to its areas.

The fill colours are those of :mod:`planlib.viz.scales`. Areas
without a dapil have a thick dashed outline on a white casing: told apart by
its pattern and width, not by its red alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
import shapely
from shapely.geometry.base import BaseGeometry

from . import mapview
from .map_names import labels
from .scales import COLORSCALE, EMPTY_COLOR

LINE_COLOR = "#666666"
DAPIL_COLOR = "#1f3b73"
SELECTED_COLOR = "#00a3a3"
#: the outline of areas without a dapil: thick dashes on a white casing
NO_DAPIL_LINE = {"color": "#b00020", "width": 3.2, "dash": "dash"}
CASING = {"color": "#ffffff", "width": 5.5}
#: the frame the names are placed in: the plot area's width in a dashboard at 1280 px
FRAME_WIDTH = 1100
#: pixels of a map figure outside its plot area (title above, legend below)
MARGIN_TOP, MARGIN_BOTTOM = 40, 44


def rings(geom: BaseGeometry) -> tuple[list[float | None], list[float | None]]:
    """Exterior rings of a (multi)polygon as one x/y list with None between parts.

    Holes are left out: a kecamatan's hole is another kecamatan, drawn on top.

    Parameters
    ----------
    geom : shapely geometry or None
        A Polygon or MultiPolygon in lon/lat.

    Returns
    -------
    tuple of (list, list)
        The x (longitude) and y (latitude) coordinates rounded to 5 decimals
        (about 1 m), ``None`` between the parts; two empty lists for a missing
        or empty geometry.
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    if geom is None or geom.is_empty:
        return xs, ys
    for part in shapely.get_parts(geom):
        c = shapely.get_coordinates(part.exterior)
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(np.round(c[:, 0], 5).tolist())
        ys.extend(np.round(c[:, 1], 5).tolist())
    return xs, ys


def _line_xy(geom: BaseGeometry) -> tuple[list[float | None], list[float | None]]:
    """The lines of ``geom`` as one x/y list with None between parts."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for part in shapely.get_parts(geom):
        c = shapely.get_coordinates(part)
        if xs:
            xs.append(None)
            ys.append(None)
        xs += np.round(c[:, 0], 5).tolist()
        ys += np.round(c[:, 1], 5).tolist()
    return xs, ys


def base_map(
    areas: gpd.GeoDataFrame,
    *,
    dapil: str | None = "dapil",
    label_dapil: bool = True,
    height: int | None = 560,
) -> go.Figure:
    """The geometry part of a map: one filled trace per area, dapil outlines and labels.

    Areas whose ``dapil`` is missing get a thick dashed outline
    (:data:`NO_DAPIL_LINE`) on a white casing.

    Parameters
    ----------
    areas : GeoDataFrame
        ``kode``, ``nama`` and geometry in EPSG:4326 (use the simplified
        display copy); optionally a ``dapil`` column.
    dapil : str or None
        Column holding the dapil of each area; outlines are drawn per dapil.
    label_dapil : bool
        Write each dapil's name inside it, placed by :func:`labels` (dark
        with a white halo). Maps that also name their areas pass ``False``
        and add :func:`labels` with both, so the names cannot collide.
    height : int or None
        The figure's height in pixels; ``None`` for one that suits the
        shape (:func:`planlib.viz.mapview.frame_height`).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``0 … len(areas)-1`` are the areas, in the order of ``areas``;
        recolour them with :func:`restyle`. The ranges are fitted to the
        frame (:func:`zoom`).
    """
    fig = go.Figure()
    for _, a in areas.iterrows():
        xs, ys = rings(a.geometry)
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself", fillcolor=EMPTY_COLOR,
                line={"color": LINE_COLOR, "width": 0.8}, hoveron="fills", name=str(a["nama"]),
                text=str(a["nama"]), hoverinfo="text", showlegend=False,
                customdata=[a["kode"]] * len(xs), meta={"kode": a["kode"]},
            )
        )  # fmt: skip
    if height is None:
        height = figure_height(areas)
    if dapil and dapil in areas.columns and areas[dapil].notna().any():
        groups = areas[areas[dapil].notna()].dissolve(by=dapil)
        for name, g in groups.iterrows():
            xs, ys = _line_xy(shapely.boundary(g.geometry))
            for line in (CASING, {"color": DAPIL_COLOR, "width": 2.6}):
                fig.add_trace(
                    go.Scatter(
                        x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", showlegend=False,
                        name=f"batas {name}",
                    )
                )  # fmt: skip
        no_dapil = areas[areas[dapil].isna()]
        for _, a in no_dapil.iterrows():
            xs, ys = rings(a.geometry)
            for line in (CASING, NO_DAPIL_LINE):
                fig.add_trace(
                    go.Scatter(
                        x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", showlegend=False,
                        name="tanpa dapil",
                    )
                )  # fmt: skip
    fig.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": MARGIN_TOP, "b": MARGIN_BOTTOM},
        plot_bgcolor="white", paper_bgcolor="white", dragmode="pan", hovermode="closest",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.01, "x": 0, "yanchor": "top"},
        font={"family": "sans-serif"},
    )  # fmt: skip
    v = zoom(fig, areas)
    if label_dapil and dapil and dapil in areas.columns and areas[dapil].notna().any():
        for t in labels(areas, v, None, dapil=dapil, names=areas.iloc[0:0]):
            fig.add_trace(t)
    return fig


def figure_height(areas: gpd.GeoDataFrame, width: float = FRAME_WIDTH) -> int:
    """A map figure's height that suits the shape of ``areas`` (tall ones get taller figures).

    Parameters
    ----------
    areas : GeoDataFrame
        The areas of the map.
    width : float
        The plot area's width in pixels.

    Returns
    -------
    int
        Pixels, margins included.
    """
    bounds = areas.total_bounds if len(areas) else (0.0, 0.0, 1.0, 1.0)
    return mapview.frame_height(bounds, width) + MARGIN_TOP + MARGIN_BOTTOM


def view(
    areas: gpd.GeoDataFrame,
    focus: Sequence[bool] | None = None,
    *,
    width: float = FRAME_WIDTH,
    height: float = 480,
    pad: float = 0.04,
) -> mapview.View:
    """The view that fits the ``focus`` areas (all when none is in focus) to a frame.

    Parameters
    ----------
    areas : GeoDataFrame
        The areas of the map (in trace order).
    focus : sequence of bool, optional
        The areas to show, e.g. those of the chosen dapil or kecamatan.
    width, height : float
        The plot area in pixels.
    pad : float
        Margin on every side, as a share of the frame.

    Returns
    -------
    planlib.viz.mapview.View
        Ranges with the frame's aspect; the focus spans ``1 - 2 * pad`` of
        the frame in one dimension. The latitude scale is that of the whole
        map, so zooming does not change the shapes.
    """
    sub = areas[areas.geometry.notna()]
    if focus is not None:
        mask = np.asarray(focus, dtype=bool)[areas.geometry.notna().to_numpy()]
        if mask.any():
            sub = sub[mask]
    all_b = areas.total_bounds if len(areas) else (0.0, 0.0, 1.0, 1.0)
    b = sub.total_bounds if len(sub) else all_b
    ratio = mapview.ratio_at((float(all_b[1]) + float(all_b[3])) / 2)
    return mapview.fit(b, width, height, pad=pad, ratio=ratio)


def plot_size(fig: go.Figure, width: float = FRAME_WIDTH) -> tuple[float, float]:
    """The plot area of a map figure in pixels: ``width`` (or the figure's) by its height less the margins.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
    width : float
        The plot area's width when the figure has no fixed width.

    Returns
    -------
    tuple of float
    """
    lay = fig.layout
    m = lay.margin
    h = float(lay.height or 560) - float(m.t or 0) - float(m.b or 0)
    w = float(lay.width) - float(m.l or 0) - float(m.r or 0) if lay.width else width
    return w, max(h, 100.0)


def zoom(
    fig: go.Figure,
    areas: gpd.GeoDataFrame,
    focus: Sequence[bool] | None = None,
    *,
    pad: float = 0.04,
) -> mapview.View:
    """Fit ``fig``'s view to the ``focus`` areas: a Dapil, a kecamatan, or all (``None``).

    This is the zoom of the dashboards: the Peta usulan calls it when a Dapil
    or a kecamatan is chosen (and with ``None`` for "(semua)"); any map of
    :func:`base_map` can.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure of :func:`base_map` (its height and margins give the frame).
    areas : GeoDataFrame
        Its areas, in trace order.
    focus : sequence of bool, optional
        The areas to show; all when ``None`` or none is true.
    pad : float
        Margin, as a share of the frame.

    Returns
    -------
    planlib.viz.mapview.View
        The view set on ``fig`` (``xaxis.range``, ``yaxis.range``,
        ``yaxis.scaleratio``); place the names for it with :func:`labels`.
    """
    w, h = plot_size(fig)
    v = view(areas, focus, width=w, height=h, pad=pad)
    fig.update_layout(xaxis={"range": v.xrange}, yaxis={"range": v.yrange, "scaleratio": v.ratio})
    return v


def whole_top(largest: float) -> float:
    """The top of a colour bar of counts whose five ticks are whole numbers: a multiple of 4.

    Parameters
    ----------
    largest : float
        The largest count drawn (0 or NaN when none).

    Returns
    -------
    float
        The smallest multiple of 4 at or above ``largest``, at least 4.
    """
    n = 0 if largest != largest else int(largest or 0)
    return float(4 * max(1, math.ceil(n / 4)))


def legend_traces(
    *,
    empty_label: str | None,
    no_dapil: bool,
    vmax: float,
    colorbar_title: str,
    tickformat: Callable[[float], str] | None = None,
    colorscale: str = COLORSCALE,
    ticktext: list[str] | None = None,
) -> list[go.Scatter]:
    """Legend entries (no usulan, no dapil) and the colour bar, as invisible traces.

    Parameters
    ----------
    empty_label : str or None
        The legend text of the grey areas, e.g. ``"Tanpa usulan"``; ``None``
        for no such entry.
    no_dapil : bool
        Add the entry of the thick dashed outline (kecamatan not in any dapil).
    vmax : float
        The value at the top of the colour bar (as given to :func:`planlib.viz.scales.colours`).
    colorbar_title : str
        The colour bar's title, e.g. ``"Jumlah usulan"``.
    tickformat : callable, optional
        Writes a tick value (e.g. :func:`planlib.formatting.rupiah`); ``{:g}``
        by default.
    colorscale : str
        A Plotly colour scale name (the one used for the areas).
    ticktext : list of str, optional
        The five tick labels, instead of ``tickformat``.

    Returns
    -------
    list of plotly.graph_objects.Scatter
        Traces without points to add after the areas.
    """
    out = []
    if empty_label:
        out.append(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=empty_label,
                marker={"size": 14, "color": EMPTY_COLOR, "symbol": "square", "line": {"color": LINE_COLOR, "width": 1}},
            )
        )  # fmt: skip
    if no_dapil:
        out.append(
            go.Scatter(
                x=[None], y=[None], mode="lines", name="Belum masuk dapil",
                line=dict(NO_DAPIL_LINE),
            )
        )  # fmt: skip
    top = vmax or 1.0
    ticks = np.linspace(0, top, 5)
    out.append(
        go.Scatter(
            x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker={
                "colorscale": colorscale, "cmin": 0, "cmax": top, "color": [0], "showscale": True,
                "colorbar": {
                    "title": {"text": colorbar_title}, "thickness": 14, "len": 0.7,
                    "tickvals": ticks.tolist(),
                    "ticktext": ticktext or [tickformat(t) if tickformat else f"{t:g}" for t in ticks],
                },
            },
        )
    )  # fmt: skip
    return out


#: a colour bar under a map starts and ends this share of the plot's width in from its sides
BAR_INSET = 0.08


def colorbar_below(fig: go.Figure, y: float) -> None:
    """Lay a map's colour bar under it, as wide as the plot, its title above it (a phone's map).

    A horizontal colour bar's title goes to its left by default, where a
    narrow frame cuts it off; the bar is drawn :data:`BAR_INSET` in from each
    side, so the labels of its end ticks (centred on its ends) are not cut.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        Changed in place: every trace that shows a colour scale.
    y : float
        Where the bar's top goes, as a share of the plot's height (below 0 is under the plot).
    """
    for t in fig.data:
        if getattr(t, "marker", None) is not None and t.marker.showscale:
            t.marker.colorbar.update(orientation="h", x=BAR_INSET, xanchor="left", y=y,
                                     yanchor="top", len=1 - 2 * BAR_INSET, thickness=10,
                                     title={"side": "top"})  # fmt: skip


def restyle(
    fig: go.Figure,
    n_areas: int,
    fill: Sequence[str],
    hover: Sequence[str],
    selected: Sequence[bool] | None = None,
) -> None:
    """Recolour the area traces in place (inside ``fig.batch_update()`` for a FigureWidget).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure from :func:`base_map` (or a FigureWidget of one).
    n_areas : int
        How many area traces it begins with (``len(areas)``).
    fill : sequence of str
        The fill colour of each area, in trace order (:func:`planlib.viz.scales.colours`).
    hover : sequence of str
        The hover text of each area.
    selected : sequence of bool, optional
        Areas drawn with a thick teal outline (the kecamatan chosen).
    """
    for i in range(n_areas):
        t = fig.data[i]
        t.fillcolor = fill[i]
        t.text = hover[i]
        sel = bool(selected[i]) if selected is not None else False
        t.line = {"color": SELECTED_COLOR if sel else LINE_COLOR, "width": 3.5 if sel else 0.8}


def ranges(
    areas: gpd.GeoDataFrame, focus: Sequence[bool] | None = None, pad: float = 0.04
) -> tuple[list[float], list[float]]:
    """The x and y axis ranges that frame the ``focus`` areas (all when none is in focus).

    Parameters
    ----------
    areas : GeoDataFrame
        The areas of the map (in trace order).
    focus : sequence of bool, optional
        The areas to frame, e.g. the kecamatan of the chosen dapil.
    pad : float
        The margin, as a share of the width and height.

    Returns
    -------
    tuple of (list of float, list of float)
        ``[xmin, xmax]`` and ``[ymin, ymax]`` in degrees, for the layout's
        ``xaxis.range`` and ``yaxis.range``.
    """
    sub = areas
    if focus is not None:
        mask = np.asarray(focus, dtype=bool)
        if mask.any():
            sub = areas[mask]
    minx, miny, maxx, maxy = (float(v) for v in sub.total_bounds)
    px, py = (maxx - minx) * pad, (maxy - miny) * pad
    return [minx - px, maxx + px], [miny - py, maxy + py]

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
names (:func:`labels`: placed without overlaps by :mod:`planlib.viz.labels`,
black or white against the fills under each, on a light plate where the
fills under one name are too far apart for either), legend entries for areas
without usulan or without dapil, and a colour bar.

The view is fitted to the frame (:func:`view`, :func:`zoom`): the ranges
have the frame's aspect, so a tall, wide or island kabupaten fills its frame
in one dimension, and choosing a Dapil or a kecamatan zooms to its areas.

Colours are ``Cividis`` reversed (light yellow for few, dark blue for
many), a scale made for colour-vision deficiency: its lightness falls
steadily, so neighbouring classes stay apart under protanopia and
deuteranopia (``YlOrRd``'s middle classes merge there; see
``tests/test_maps_labels.py`` for the measured ΔE). Areas
without a dapil have a thick dashed outline on a white casing: told apart by
its pattern and width, not by its red alone.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import get_colorscale, sample_colorscale
from shapely.geometry.base import BaseGeometry

from . import labels as lab

COLORSCALE = "Cividis_r"
#: indicator maps: higher is better (IPM, IDM, realisasi) — light yellow to dark blue, as the usulan maps
SCALE_NAIK = "Cividis_r"
#: indicator maps: lower is better (kemiskinan, stunting) — light cream to near black, a second hue
#: family so the two kinds are not confused; the darkest areas are the worst off
SCALE_TURUN = "Magma_r"
EMPTY_COLOR = "#eeeeee"
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


def colorscale_rgb(name: str = COLORSCALE) -> list[list]:
    """The stops of a Plotly colour scale as ``[position, "rgb(r, g, b)"]`` (for pages that interpolate it).

    Parameters
    ----------
    name : str
        A Plotly colour scale name (:data:`COLORSCALE` by default); its stops
        may be hex or ``rgb()`` colours.

    Returns
    -------
    list of list
        ``[float, str]`` per stop.

    Examples
    --------
    >>> colorscale_rgb()[0]
    [0.0, 'rgb(254, 232, 56)']
    """
    out = []
    for pos, c in get_colorscale(name):
        r, g, b = (int(round(v)) for v in lab._rgb(str(c)))
        out.append([float(pos), f"rgb({r}, {g}, {b})"])
    return out


def text_bands(name: str = COLORSCALE, steps: int = 256) -> list[list]:
    """Where along a colour scale a name turns from black to white, for a page that recolours itself.

    The rule is :func:`planlib.viz.labels.text_colour` (black or white,
    whichever contrasts more with the fill, with a halo of the other); this
    gives its answer for every point of the scale, so a page's script that
    samples the scale (as :func:`colours` does) only looks the colour up.

    Parameters
    ----------
    name : str
        A Plotly colour scale name.
    steps : int
        How many points are sampled before each change is found by bisection.

    Returns
    -------
    list of list
        ``[start, text, halo]`` per band, ``start`` from 0 upwards: a fill
        sampled at ``p`` takes the last band whose ``start <= p``.

    Examples
    --------
    >>> text_bands()[0]
    [0.0, '#000000', '#ffffff']
    """

    return [list(b) for b in _text_bands(name, steps)]


@functools.lru_cache(maxsize=8)
def _text_bands(name: str, steps: int) -> tuple[tuple, ...]:
    def pick(p: float) -> tuple[str, str]:
        return lab.text_colour(str(sample_colorscale(name, [p])[0]))

    grid = np.linspace(0.0, 1.0, steps + 1).tolist()
    first = pick(0.0)
    bands: list[list] = [[0.0, *first]]
    current = first
    for lo, hi in zip(grid[:-1], grid[1:], strict=True):
        nxt = pick(hi)
        if nxt == current:
            continue
        a, b = lo, hi  # pick(a) == current, pick(b) == nxt
        for _ in range(50):
            mid = (a + b) / 2
            if pick(mid) == current:
                a = mid
            else:
                b = mid
        bands.append([b, *nxt])
        current = nxt
    return tuple(tuple(b) for b in bands)


def indicator_scale(lebih_baik: str | None) -> str:
    """The colour scale of an indicator map, chosen by the indicator's direction.

    Both scales are sequential and made for colour-vision deficiency: their
    lightness falls steadily, so neighbouring classes keep ΔE76 ≥ 20 under
    simulated protanopia and deuteranopia (``tests/test_maps_labels.py``),
    where ``YlGn`` and ``YlOrRd`` (the old scales) fell to 11–13. Dark always
    means more; the hue family tells which way is better.

    Parameters
    ----------
    lebih_baik : str or None
        ``"turun"`` when lower is better (``INDIKATOR[key]["lebih_baik"]``);
        ``"naik"`` or ``None`` when higher is better.

    Returns
    -------
    str
        :data:`SCALE_TURUN` or :data:`SCALE_NAIK`.

    Examples
    --------
    >>> indicator_scale("turun"), indicator_scale("naik")
    ('Magma_r', 'Cividis_r')
    """
    return SCALE_TURUN if lebih_baik == "turun" else SCALE_NAIK


def colours(
    values: pd.Series, vmax: float | None = None, colorscale: str = COLORSCALE
) -> pd.Series:
    """Fill colour per area; areas with no value (or zero) get :data:`EMPTY_COLOR`.

    Parameters
    ----------
    values : Series
        The value of each area (e.g. jumlah usulan); non-numbers count as missing.
    vmax : float or None
        The value drawn in the darkest colour; the largest value by default.
        Larger values are drawn as ``vmax``.
    colorscale : str
        A Plotly colour scale name.

    Returns
    -------
    Series
        A colour (``"rgb(…)"`` or ``"#eeeeee"``) per area, with the index of
        ``values``.
    """
    v = pd.to_numeric(values, errors="coerce")
    top = float(vmax if vmax is not None else (v.max() if v.notna().any() else 0)) or 1.0
    out = pd.Series(EMPTY_COLOR, index=values.index, dtype=object)
    ok = v.notna() & (v > 0)
    if ok.any():
        out[ok] = sample_colorscale(colorscale, (v[ok] / top).clip(0, 1).tolist())
    return out


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
        shape (:func:`planlib.viz.labels.frame_height`).

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
    return lab.frame_height(bounds, width) + MARGIN_TOP + MARGIN_BOTTOM


def view(
    areas: gpd.GeoDataFrame,
    focus: Sequence[bool] | None = None,
    *,
    width: float = FRAME_WIDTH,
    height: float = 480,
    pad: float = 0.04,
) -> lab.View:
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
    planlib.viz.labels.View
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
    ratio = lab.ratio_at((float(all_b[1]) + float(all_b[3])) / 2)
    return lab.fit(b, width, height, pad=pad, ratio=ratio)


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
) -> lab.View:
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
    planlib.viz.labels.View
        The view set on ``fig`` (``xaxis.range``, ``yaxis.range``,
        ``yaxis.scaleratio``); place the names for it with :func:`labels`.
    """
    w, h = plot_size(fig)
    v = view(areas, focus, width=w, height=h, pad=pad)
    fig.update_layout(xaxis={"range": v.xrange}, yaxis={"range": v.yrange, "scaleratio": v.ratio})
    return v


def label_items(
    names: gpd.GeoDataFrame | None,
    areas: gpd.GeoDataFrame,
    *,
    dapil: str | None = "dapil",
    size: float = lab.SIZE,
) -> list[lab.Item]:
    """What to name on a map, most important first: ``names`` (smallest first), then each dapil.

    Parameters
    ----------
    names : GeoDataFrame or None
        The areas whose names are written (``kode``, ``nama``, geometry):
        the kecamatan, or the desa of a desa map; ``None`` for no names.
    areas : GeoDataFrame
        The map's areas, for the dapil (dissolved by ``dapil``).
    dapil : str or None
        The dapil column; ``None`` for no dapil names.
    size : float
        Font size in pixels (:data:`planlib.viz.labels.SIZE_PRESENTASI` in a hall).

    Returns
    -------
    list of planlib.viz.labels.Item
    """
    out: list[lab.Item] = []
    if names is not None and len(names):
        drawn = names[names.geometry.notna()]
        order = np.argsort(shapely.area(np.asarray(drawn.geometry.values)), kind="stable")
        for i in order:
            r = drawn.iloc[int(i)]
            out.append(lab.Item(str(r["kode"]), str(r["nama"]), r.geometry, "area", size))
    if dapil and dapil in areas.columns and areas[dapil].notna().any():
        groups = areas[areas[dapil].notna() & areas.geometry.notna()].dissolve(by=dapil)
        for name, g in groups.iterrows():
            out.append(lab.Item(str(name), str(name), g.geometry, "dapil", size))
    return out


def under(areas: gpd.GeoDataFrame, placement: lab.Placement) -> list[int]:
    """The area under each label's centre (the last drawn, as it is on top), or -1.

    Parameters
    ----------
    areas : GeoDataFrame
        The map's areas, in trace order.
    placement : planlib.viz.labels.Placement

    Returns
    -------
    list of int
        A position in ``areas`` per label of ``placement.labels``.
    """
    out = [-1] * len(placement.labels)
    if not placement.labels or not len(areas):
        return out
    pts = shapely.points([(lb.x, lb.y) for lb in placement.labels])
    geoms = areas.geometry.reset_index(drop=True)
    pairs = geoms.sindex.query(pts, predicate="intersects")
    for li, ai in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        out[li] = max(out[li], ai)
    return out


#: the names of the traces of a map's names (:func:`label_traces`): a phone's map drops the wide
#: map's and places its own
NAME_TRACES = frozenset({"garis nama", "plat nama", "nama", "nama terang"})
#: an area under a name's box counts for its colour when it covers this share of the box or more
#: (a sliver under a letter's edge is left to the halo)
BOX_SHARE = 0.05


def under_boxes(areas: gpd.GeoDataFrame, placement: lab.Placement) -> list[list[int]]:
    """The areas under each label's whole box: the one under its centre first (:func:`under`), then the others.

    Parameters
    ----------
    areas : GeoDataFrame
        The map's areas, in trace order.
    placement : planlib.viz.labels.Placement

    Returns
    -------
    list of list of int
        Positions in ``areas`` per label of ``placement.labels``; ``-1`` stands
        for the white paper (where the centre or :data:`BOX_SHARE` of the box
        lies outside every area). Fills from it with :func:`fills_under`.
    """
    out = [[c] for c in under(areas, placement)]
    if not placement.labels or not len(areas):
        return out
    v = placement.view
    boxes = []
    for lb in placement.labels:
        x0, y0, x1, y1 = lb.box
        lons, lats = v.lonlat(np.array([x0, x1]), np.array([y1, y0]))
        boxes.append(shapely.box(float(lons[0]), float(lats[0]), float(lons[1]), float(lats[1])))
    geoms = areas.geometry.reset_index(drop=True)
    box_arr = np.array(boxes, dtype=object)
    pairs = geoms.sindex.query(box_arr, predicate="intersects")
    parts = shapely.area(
        shapely.intersection(box_arr[pairs[0]], np.asarray(geoms.values)[pairs[1]])
    ) / shapely.area(box_arr[pairs[0]])
    share = [0.0] * len(boxes)
    for li, ai, part in zip(pairs[0].tolist(), pairs[1].tolist(), parts.tolist(), strict=True):
        share[li] += part
        if part >= BOX_SHARE and ai not in out[li]:
            out[li].append(ai)
    for li, covered in enumerate(share):
        if covered < 1 - BOX_SHARE and -1 not in out[li]:
            out[li].append(-1)
    return out


def fills_under(under_each: Sequence[Sequence[int]], fill: Sequence[str]) -> list[list[str]]:
    """The fills under each label, from :func:`under_boxes` (or one :func:`under` position each).

    Parameters
    ----------
    under_each : sequence of sequence of int
        Positions in the map's areas per label; ``-1`` is the white paper.
    fill : sequence of str
        The fill of each area, in trace order.

    Returns
    -------
    list of list of str
    """
    return [[fill[i] if i >= 0 else "#ffffff" for i in each] for each in under_each]


def label_traces(placement: lab.Placement, fill_under: Sequence[Sequence[str]]) -> list[go.Scatter]:
    """The placed names as text traces: black or white against every fill under each, with a halo.

    The colours follow :func:`planlib.viz.labels.name_colour`: a name whose box
    spans fills no one colour suits is black on a light plate.

    Parameters
    ----------
    placement : planlib.viz.labels.Placement
    fill_under : sequence of sequence of str
        The fills under each label's box (:func:`fills_under`), the one under
        its centre first.

    Returns
    -------
    list of plotly.graph_objects.Scatter
        ``[leaders, plates, dark, light]``: the leader lines of names written
        beside the map, the plates (either may have no points), and the
        names (``meta`` holds what lies under each name at its worst, for the
        contrast checks).
    """
    out: list[go.Scatter] = []
    colour = [lab.name_colour(f) for f in fill_under]
    lx: list[float | None] = []
    ly: list[float | None] = []
    for lb in placement.labels:
        if lb.anchor is not None:
            # from the area to the near edge of the name's box
            (bx0, _by0, bx1, _by1) = lb.box
            ax_px, _ = placement.view.px(lb.anchor[0], lb.anchor[1])
            end_px = bx0 if float(ax_px) < bx0 else bx1
            ex, _ = placement.view.lonlat(end_px, 0)
            lx += [round(lb.anchor[0], 5), round(float(ex), 5), None]
            ly += [round(lb.anchor[1], 5), round(lb.y, 5), None]
    out.append(
        go.Scatter(
            x=lx, y=ly, mode="lines", line={"color": "#333333", "width": 1},
            hoverinfo="skip", showlegend=False, name="garis nama",
        )
    )  # fmt: skip
    px: list[float | None] = []
    py: list[float | None] = []
    for lb, c in zip(placement.labels, colour, strict=True):
        if c.plate is not None:
            x0, y0, x1, y1 = lb.box
            lons, lats = placement.view.lonlat(np.array([x0, x1]), np.array([y1, y0]))
            (a, b), (lo, hi) = np.round(lons, 5).tolist(), np.round(lats, 5).tolist()
            px += [a, b, b, a, a, None]
            py += [lo, lo, hi, hi, lo, None]
    out.append(
        go.Scatter(
            x=px, y=py, mode="lines", fill="toself", line={"width": 0},
            fillcolor=next((c.plate for c in colour if c.plate), lab.LIGHT),
            hoverinfo="skip", showlegend=False, name="plat nama",
        )
    )  # fmt: skip
    for text_col, halo in ((lab.DARK, lab.LIGHT), (lab.LIGHT, lab.DARK)):
        pick = [
            (lb, c.under) for lb, c in zip(placement.labels, colour, strict=True)
            if c.text == text_col
        ]  # fmt: skip
        out.append(
            go.Scatter(
                x=[round(lb.x, 5) for lb, _ in pick], y=[round(lb.y, 5) for lb, _ in pick],
                mode="text", text=[f"<b>{html.escape(lb.text)}</b>" if lb.bold else html.escape(lb.text)
                                  for lb, _ in pick],
                textfont={"size": [lb.size for lb, _ in pick] or _size(placement),
                          "color": text_col, "shadow": lab.halo_shadow(halo)},
                hoverinfo="skip", showlegend=False, name="nama" if text_col == lab.DARK else "nama terang",
                meta={"halo": halo, "fill": [f for _, f in pick], "kode": [lb.key for lb, _ in pick]},
            )
        )  # fmt: skip
    return out


def _size(placement: lab.Placement) -> float:
    """The font size of a placement's names (:data:`planlib.viz.labels.SIZE` when it has none)."""
    return placement.labels[0].size if placement.labels else float(lab.SIZE)


def place_names(
    areas: gpd.GeoDataFrame,
    v: lab.View,
    *,
    names: gpd.GeoDataFrame | None = None,
    dapil: str | None = "dapil",
    size: float = lab.SIZE,
) -> lab.Placement:
    """Where the names of a map go in view ``v`` (the colours are added by :func:`label_traces`).

    Parameters
    ----------
    areas, v, names, dapil, size
        As for :func:`labels`.

    Returns
    -------
    planlib.viz.labels.Placement
        Area names first (smallest area first), then dapil names; names
        that fit nowhere inside their area go beside the map with a leader
        line, or are left out.
    """
    named = areas if names is None else names
    drawn = areas.geometry[areas.geometry.notna()]
    obstacles = shapely.union_all(np.asarray(drawn.values)) if len(drawn) else None
    return lab.place(label_items(named, areas, dapil=dapil, size=size), v, obstacles)


def labels(
    areas: gpd.GeoDataFrame,
    v: lab.View,
    fill: Sequence[str] | None,
    *,
    names: gpd.GeoDataFrame | None = None,
    dapil: str | None = "dapil",
    size: float = lab.SIZE,
) -> list[go.Scatter]:
    """The names of a map for view ``v``: placed without overlaps, coloured against their fill.

    The one rule for every map: the dashboards, the deck and the build's PNGs.

    Parameters
    ----------
    areas : GeoDataFrame
        The map's areas, in trace order.
    v : planlib.viz.labels.View
        The view (from :func:`zoom` or :func:`view`).
    fill : sequence of str or None
        Fill colour per area (trace order); ``None`` for all :data:`EMPTY_COLOR`.
    names : GeoDataFrame, optional
        The areas to name (e.g. the kecamatan over a desa map); ``areas`` by default.
    dapil : str or None
        Name each dapil too (after every area name, where it collides with none).
    size : float
        Font size in pixels.

    Returns
    -------
    list of plotly.graph_objects.Scatter
        The traces of :func:`label_traces`; the names left out are on the
        ``"nama"`` trace's ``meta["left_out"]``.
    """
    return labels_and_placement(areas, v, fill, names=names, dapil=dapil, size=size)[0]


def labels_and_placement(
    areas: gpd.GeoDataFrame,
    v: lab.View,
    fill: Sequence[str] | None,
    *,
    names: gpd.GeoDataFrame | None = None,
    dapil: str | None = "dapil",
    size: float = lab.SIZE,
) -> tuple[list[go.Scatter], lab.Placement]:
    """:func:`labels`, and the placement behind it (which names were left out or shortened).

    Parameters
    ----------
    areas, v, fill, names, dapil, size
        As for :func:`labels`.

    Returns
    -------
    tuple of (list of plotly.graph_objects.Scatter, planlib.viz.labels.Placement)
    """
    p = place_names(areas, v, names=names, dapil=dapil, size=size)
    fills = list(fill) if fill is not None else [EMPTY_COLOR] * len(areas)
    traces = label_traces(p, fills_under(under_boxes(areas, p), fills))
    dark = next(t for t in traces if t.name == "nama")
    dark.meta = {**dark.meta, "left_out": p.left_out_names()}
    return traces, p


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
        The value at the top of the colour bar (as given to :func:`colours`).
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
        The fill colour of each area, in trace order (:func:`colours`).
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

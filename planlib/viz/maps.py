"""Offline choropleth maps drawn as SVG polygons on plain axes.

Why not ``plotly.express.choropleth`` or ``choropleth_map``? A ``geo`` trace
downloads a topojson from a CDN and draws nothing in a hall without internet;
MapLibre (``choropleth_map``) needs WebGL and, as soon as a text label is
drawn, fetches font glyphs from ``fonts.openmaptiles.org`` even with the
``white-bg`` style. Polygons as filled ``scatter`` traces need nothing but the
page itself, draw the same in Voilà, in an exported HTML file and in a PNG,
and can be recoloured in place (only colours travel when a filter changes).

The figure has one trace per area (so each has its own hover text), then the
dapil outlines, their labels, legend entries for areas without usulan or
without dapil, and a colour bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale
from shapely.geometry.base import BaseGeometry

COLORSCALE = "YlOrRd"
EMPTY_COLOR = "#eeeeee"
LINE_COLOR = "#666666"
DAPIL_COLOR = "#1f3b73"
SELECTED_COLOR = "#00a3a3"


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


def base_map(
    areas: gpd.GeoDataFrame,
    *,
    dapil: str | None = "dapil",
    label_dapil: bool = True,
    height: int = 560,
) -> go.Figure:
    """The geometry part of a map: one filled trace per area, dapil outlines and labels.

    Areas whose ``dapil`` is missing get a dotted red outline.

    Parameters
    ----------
    areas : GeoDataFrame
        ``kode``, ``nama`` and geometry in EPSG:4326 (use the simplified
        display copy); optionally a ``dapil`` column.
    dapil : str or None
        Column holding the dapil of each area; outlines are drawn per dapil.
    label_dapil : bool
        Write each dapil's name inside it.
    height : int
        The figure's height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``0 … len(areas)-1`` are the areas, in the order of ``areas``;
        recolour them with :func:`restyle`.
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
    if dapil and dapil in areas.columns and areas[dapil].notna().any():
        groups = areas[areas[dapil].notna()].dissolve(by=dapil)
        for name, g in groups.iterrows():
            outline = shapely.boundary(g.geometry)
            xs, ys = [], []
            for part in shapely.get_parts(outline):
                c = shapely.get_coordinates(part)
                if xs:
                    xs.append(None)
                    ys.append(None)
                xs += np.round(c[:, 0], 5).tolist()
                ys += np.round(c[:, 1], 5).tolist()
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", line={"color": DAPIL_COLOR, "width": 2.6},
                    hoverinfo="skip", showlegend=False, name=f"batas {name}",
                )
            )  # fmt: skip
        if label_dapil:
            pts = groups.geometry.representative_point()
            fig.add_trace(
                go.Scatter(
                    x=pts.x.round(5), y=pts.y.round(5), mode="text", text=[f"<b>{d}</b>" for d in groups.index],
                    textfont={"size": 14, "color": DAPIL_COLOR}, hoverinfo="skip", showlegend=False,
                    name="label dapil",
                )
            )  # fmt: skip
        no_dapil = areas[areas[dapil].isna()]
        for _, a in no_dapil.iterrows():
            xs, ys = rings(a.geometry)
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", line={"color": "#b00020", "width": 2, "dash": "dot"},
                    hoverinfo="skip", showlegend=False, name="tanpa dapil",
                )
            )  # fmt: skip
    minx, miny, maxx, maxy = areas.total_bounds if len(areas) else (0, 0, 1, 1)
    lat = (miny + maxy) / 2
    pad_x, pad_y = (maxx - minx) * 0.02, (maxy - miny) * 0.02
    fig.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 40, "b": 0}, plot_bgcolor="white",
        paper_bgcolor="white", dragmode="pan", hovermode="closest",
        xaxis={"visible": False, "range": [minx - pad_x, maxx + pad_x]},
        yaxis={"visible": False, "range": [miny - pad_y, maxy + pad_y], "scaleanchor": "x",
               "scaleratio": 1 / max(math.cos(math.radians(lat)), 0.2)},
        legend={"orientation": "h", "y": -0.02, "x": 0, "yanchor": "top"},
        font={"family": "sans-serif"},
    )  # fmt: skip
    return fig


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
        Add the entry of the dotted red outline (kecamatan not in any dapil).
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
                line={"color": "#b00020", "width": 2, "dash": "dot"},
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


def area_labels(areas: gpd.GeoDataFrame, *, markers: bool = False) -> go.Scatter:
    """The names of ``areas`` at a point inside each (areas without a polygon are left out).

    ``markers=True`` adds a dot under each name and the name as hover text
    (the Peta usulan's kecamatan); otherwise the names are plain text that
    does not catch the pointer (the Forum Dapil's map).

    Parameters
    ----------
    areas : GeoDataFrame
        ``kode``, ``nama`` and geometry in EPSG:4326.
    markers : bool
        Dots with hover text, as above.

    Returns
    -------
    plotly.graph_objects.Scatter
        One text (or markers and text) trace.
    """
    drawn = areas[areas.geometry.notna()]
    pts = drawn.geometry.representative_point()
    x, y, names = pts.x.round(5), pts.y.round(5), drawn["nama"].tolist()
    if markers:
        return go.Scatter(
            x=x, y=y, mode="markers+text", text=names, textposition="bottom center",
            textfont={"size": 11, "color": "#222"}, marker={"size": 7, "color": "#222"},
            customdata=drawn["kode"].tolist(), hovertemplate="%{text}<extra></extra>",
            showlegend=False, name="kecamatan",
        )  # fmt: skip
    return go.Scatter(
        x=x, y=y, mode="text", text=names, textfont={"size": 12, "color": "#111"},
        hoverinfo="skip", showlegend=False, name="nama",
    )  # fmt: skip


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

"""Which names go where on a map, and the traces that draw them.

The names of a map's areas (kecamatan or desa) and of its dapil are placed
without overlaps by :func:`planlib.viz.labels.place` in the map's view
(:class:`planlib.viz.mapview.View`), then written black or white against every
fill under each name (:func:`planlib.viz.textcolour.name_colour`), on a light
plate where the fills under one name are too far apart for either.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
import shapely

from . import labels as lab
from . import mapview, textcolour
from .scales import EMPTY_COLOR


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

    The colours follow :func:`planlib.viz.textcolour.name_colour`: a name whose box
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
    colour = [textcolour.name_colour(f) for f in fill_under]
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
            fillcolor=next((c.plate for c in colour if c.plate), textcolour.LIGHT),
            hoverinfo="skip", showlegend=False, name="plat nama",
        )
    )  # fmt: skip
    for text_col, halo in (
        (textcolour.DARK, textcolour.LIGHT),
        (textcolour.LIGHT, textcolour.DARK),
    ):
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
                          "color": text_col, "shadow": textcolour.halo_shadow(halo)},
                hoverinfo="skip", showlegend=False, name="nama" if text_col == textcolour.DARK else "nama terang",
                meta={"halo": halo, "fill": [f for _, f in pick], "kode": [lb.key for lb, _ in pick]},
            )
        )  # fmt: skip
    return out


def _size(placement: lab.Placement) -> float:
    """The font size of a placement's names (:data:`planlib.viz.labels.SIZE` when it has none)."""
    return placement.labels[0].size if placement.labels else float(lab.SIZE)


def place_names(
    areas: gpd.GeoDataFrame,
    v: mapview.View,
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
    v: mapview.View,
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
    v : planlib.viz.mapview.View
        The view (from :func:`planlib.viz.maps.zoom` or :func:`planlib.viz.maps.view`).
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
    v: mapview.View,
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

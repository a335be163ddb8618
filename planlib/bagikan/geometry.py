"""The map of a shared view as SVG paths, computed once in Python.

The polygons are the workspace's simplified display copy
(:meth:`planlib.workspace.Workspace.display`), projected as
:func:`planlib.viz.svg.map_svg` does (longitude scaled by the cosine of the
middle latitude) onto a drawing 1,000 units wide. Coordinates are rounded to
whole units (1/1,000 of the map's width, under a pixel on a phone) and
written as relative moves, so a kecamatan of a few hundred points costs a
few kilobytes. Rounding is done on absolute coordinates, so an edge shared
by two areas stays shared: no slivers open between neighbours.

As in :func:`planlib.viz.maps.rings`, only exterior rings are drawn; areas
are drawn largest first, so an enclave (a hole of its neighbour) is drawn on
top of the area around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

WIDTH = 1000


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude → drawing units (x to the right, y downwards)."""

    x0: float
    y1: float
    scale: float
    ratio: float
    width: int
    height: int

    def xy(self, coords: np.ndarray) -> np.ndarray:
        """Projected coordinates.

        Parameters
        ----------
        coords : ndarray
            ``(n, 2)`` longitude, latitude.

        Returns
        -------
        ndarray
            ``(n, 2)`` integers, in drawing units.
        """
        x = (coords[:, 0] - self.x0) * self.scale
        y = (self.y1 - coords[:, 1]) * self.ratio * self.scale
        return np.rint(np.column_stack([x, y])).astype(np.int64)


def projection(bounds: tuple[float, float, float, float], width: int = WIDTH) -> Projection:
    """The projection that fits ``bounds`` (minx, miny, maxx, maxy) with a 2 % margin.

    Parameters
    ----------
    bounds : tuple of float
        In degrees (EPSG:4326), e.g. ``GeoDataFrame.total_bounds``.
    width : int
        Width of the drawing in units.

    Returns
    -------
    Projection
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not all(math.isfinite(b) for b in (minx, miny, maxx, maxy)) or maxx <= minx:
        minx, miny, maxx, maxy = 0.0, 0.0, 1.0, 1.0
    maxy = max(maxy, miny + 1e-9)
    pad_x, pad_y = (maxx - minx) * 0.02, (maxy - miny) * 0.02
    minx, maxx, miny, maxy = minx - pad_x, maxx + pad_x, miny - pad_y, maxy + pad_y
    ratio = 1 / max(math.cos(math.radians((miny + maxy) / 2)), 0.2)
    scale = width / (maxx - minx)
    height = int(math.ceil((maxy - miny) * ratio * scale))
    return Projection(minx, maxy, scale, ratio, width, height)


def _ring(points: np.ndarray, closed: bool) -> str:
    """One ring or line as ``M x y l dx dy …`` with repeated points dropped."""
    if closed and len(points) > 1 and (points[0] == points[-1]).all():
        points = points[:-1]
    steps = np.diff(points, axis=0)
    steps = steps[(steps != 0).any(axis=1)]
    if closed and len(steps) < 2:
        return ""
    if not closed and len(steps) < 1:
        return ""
    moves = " ".join(f"{dx} {dy}" for dx, dy in steps.tolist()).replace(" -", "-")
    return f"M{points[0, 0]} {points[0, 1]}l{moves}" + ("z" if closed else "")


def polygon_path(geom: object, proj: Projection) -> str:
    """The SVG path data of a (multi)polygon's exterior rings.

    Parameters
    ----------
    geom : shapely geometry or None
    proj : Projection

    Returns
    -------
    str
        ``M x y l dx dy … z`` per ring; ``""`` for a missing or empty geometry.
    """
    if geom is None or shapely.is_empty(geom):
        return ""
    parts = shapely.get_parts(geom)
    return "".join(
        _ring(proj.xy(shapely.get_coordinates(p.exterior)), closed=True)
        for p in parts
        if isinstance(p, shapely.Polygon)
    )


def line_path(geom: object, proj: Projection) -> str:
    """The SVG path data of the lines of ``geom`` (e.g. the boundary of a dissolved dapil).

    Parameters
    ----------
    geom : shapely geometry or None
    proj : Projection

    Returns
    -------
    str
        One open ``M … l …`` run per line; ``""`` when empty.
    """
    if geom is None or shapely.is_empty(geom):
        return ""
    return "".join(
        _ring(proj.xy(shapely.get_coordinates(p)), closed=False) for p in shapely.get_parts(geom)
    )


def label_point(geom: object, proj: Projection) -> list[int] | None:
    """A point inside ``geom`` (shapely's point on surface), for a label.

    Parameters
    ----------
    geom : shapely geometry or None
    proj : Projection

    Returns
    -------
    list of int or None
        ``[x, y]`` in drawing units; None for a missing or empty geometry.
    """
    if geom is None or shapely.is_empty(geom):
        return None
    p = shapely.point_on_surface(geom)
    return proj.xy(np.array([[p.x, p.y]]))[0].tolist()


def box(geoms: gpd.GeoSeries, proj: Projection) -> list[int]:
    """The bounding box of ``geoms``, for zooming to a dapil.

    Parameters
    ----------
    geoms : GeoSeries
    proj : Projection

    Returns
    -------
    list of int
        ``[x, y, width, height]`` in drawing units.
    """
    minx, miny, maxx, maxy = geoms.total_bounds
    (x0, y0), (x1, y1) = proj.xy(np.array([[minx, maxy], [maxx, miny]])).tolist()
    return [int(x0), int(y0), max(int(x1 - x0), 1), max(int(y1 - y0), 1)]


def layer(areas: gpd.GeoDataFrame, proj: Projection) -> list[dict]:
    """The areas of one level as SVG paths.

    Parameters
    ----------
    areas : GeoDataFrame
        ``kode`` and geometry (EPSG:4326); a missing geometry is kept.
    proj : Projection

    Returns
    -------
    list of dict
        ``kode``, ``d`` (path data, "" without a polygon), ``label`` (a point
        inside, or None) and ``order`` (the drawing position: largest area
        first, so enclaves are drawn on top of their neighbour).
    """
    geoms = areas.geometry
    size = np.array([0.0 if g is None or g.is_empty else float(g.area) for g in geoms])
    order = np.argsort(-size, kind="stable")
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    return [
        {
            "kode": str(kode),
            "d": polygon_path(g, proj),
            "label": label_point(g, proj),
            "order": int(r),
        }
        for kode, g, r in zip(areas["kode"], geoms, rank, strict=True)
    ]


def under(geoms: gpd.GeoSeries, areas: list[dict], over: gpd.GeoSeries) -> list[int]:
    """For each geometry of ``geoms``, the area of ``over`` under its label point, or -1.

    The label point is the one :func:`label_point` gives; where several areas
    hold it, the one drawn last (highest ``order``, it is on top) wins. The
    page colours a name by the fill of the area under it.

    Parameters
    ----------
    geoms : GeoSeries
        The named areas (EPSG:4326); a missing geometry gets -1.
    areas : list of dict
        :func:`layer` of ``over`` (for the drawing order).
    over : GeoSeries
        The areas drawn under the names, in the order of ``areas``.

    Returns
    -------
    list of int
        A position in ``areas`` per geometry of ``geoms``.
    """
    out = [-1] * len(geoms)
    ok = [i for i, g in enumerate(geoms) if g is not None and not shapely.is_empty(g)]
    if not ok or not len(over):
        return out
    pts = shapely.point_on_surface(np.asarray(geoms.iloc[ok].values))
    tree = gpd.GeoSeries(over.values, crs=over.crs).reset_index(drop=True)
    hits = tree.sindex.query(pts, predicate="intersects")
    for pi, ai in zip(hits[0].tolist(), hits[1].tolist(), strict=True):
        i = ok[pi]
        if out[i] < 0 or areas[ai]["order"] > areas[out[i]]["order"]:
            out[i] = ai
    return out

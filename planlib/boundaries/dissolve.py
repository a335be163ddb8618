"""Kecamatan formed from desa polygons, closing the slivers and gaps between neighbours.

:func:`kecamatan_from_desa` forms kecamatan from desa polygons (a kecamatan
file that holds desa polygons is dissolved per kecamatan the same way); both
close the slivers and gaps between neighbouring desa (:func:`dissolve_closed`).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..report import ROW, FileReport
from ..wilayah import Wilayah, normalise_code

#: A hole between dissolved polygons smaller than this (m²) is a sliver and is closed …
SLIVER_AREA_M2 = 10_000.0
#: … and so is one narrower than this on average (m; twice its area over its perimeter).
SLIVER_WIDTH_M = 20.0

# --------------------------------------------------------------------------- dissolving


def dissolve_closed(gdf: gpd.GeoDataFrame, by: str) -> tuple[gpd.GeoDataFrame, int]:
    """Dissolve polygons per ``by`` and close the slivers and gaps between them.

    Neighbouring desa polygons rarely meet exactly: dissolving them leaves
    specks (holes of a few m²) inside a kecamatan and thin gaps along its
    border. Every hole of the dissolved polygons, and of their union, that is a
    sliver (smaller than :data:`SLIVER_AREA_M2` or narrower than
    :data:`SLIVER_WIDTH_M`) is closed: inside one group it is filled, between
    groups it goes to the group with the longest shared border. Larger holes
    (an area no polygon covers) stay.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons in EPSG:4326 with a ``by`` column.
    by : str
        The column to dissolve on (``kode`` of the kecamatan).

    Returns
    -------
    (GeoDataFrame, int)
        One row per value of ``by`` (sorted), columns ``by`` and ``geometry``;
        and the number of slivers closed.
    """
    groups = [
        (key, shapely.union_all(shapely.make_valid(part.geometry.values)))
        for key, part in gdf.groupby(by, sort=True)
    ]
    keys = [k for k, _ in groups]
    geoms = np.empty(len(groups), dtype=object)
    geoms[:] = [g for _, g in groups]
    scale = _metres_per_degree(gdf)
    closed = 0
    for i, g in enumerate(geoms):
        geoms[i], n = _fill_slivers(g, scale)
        closed += n
    union = shapely.union_all(geoms) if len(geoms) else shapely.Polygon()
    gaps = [h for h in _holes(union) if _is_sliver(h, scale)]
    if gaps:
        tree = shapely.STRtree(geoms)
        extra: dict[int, list] = {}
        for gap in gaps:
            cand = tree.query(gap, predicate="intersects")
            if len(cand) == 0:
                continue
            extra.setdefault(int(cand[np.argmax(_shared(gap, geoms[cand]))]), []).append(gap)
        for i, add in extra.items():
            geoms[i], _ = _fill_slivers(shapely.union_all([geoms[i], *add]), scale)
        closed += len(gaps)
    out = gpd.GeoDataFrame({by: keys}, geometry=gpd.GeoSeries(geoms, crs=gdf.crs))
    return out, closed


def _metres_per_degree(gdf: gpd.GeoDataFrame) -> tuple[float, float]:
    b = gdf.geometry.dropna().total_bounds if len(gdf) else np.zeros(4)
    lat = (b[1] + b[3]) / 2 if np.all(np.isfinite(b)) else 0.0
    return 111_320.0 * math.cos(math.radians(lat)), 110_574.0


def _is_sliver(poly: shapely.Polygon, scale: tuple[float, float]) -> bool:
    m = shapely.transform(poly, lambda xy: xy * np.asarray(scale))
    area, length = m.area, m.length
    return area < SLIVER_AREA_M2 or (length > 0 and 2 * area / length < SLIVER_WIDTH_M)


def _holes(geom: Any) -> list[shapely.Polygon]:
    return [shapely.Polygon(r) for p in _polygons(geom) for r in p.interiors]


def _polygons(geom: Any) -> list[shapely.Polygon]:
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def _fill_slivers(geom: Any, scale: tuple[float, float]) -> tuple[Any, int]:
    polys, filled = [], 0
    for p in _polygons(geom):
        keep = [r for r in p.interiors if not _is_sliver(shapely.Polygon(r), scale)]
        filled += len(p.interiors) - len(keep)
        polys.append(shapely.Polygon(p.exterior, keep))
    if not filled:
        return geom, 0
    return (polys[0] if len(polys) == 1 else shapely.union_all(polys)), filled


def _shared(gap: shapely.Polygon, neighbours: np.ndarray) -> np.ndarray:
    """Length of the gap's outline along each neighbour."""
    eps = 1e-7  # about 1 cm
    minx, miny, maxx, maxy = gap.bounds
    near = shapely.clip_by_rect(neighbours, minx - eps, miny - eps, maxx + eps, maxy + eps)
    return shapely.length(shapely.intersection(gap.exterior, shapely.buffer(near, eps)))


def kecamatan_from_desa(
    desa: gpd.GeoDataFrame,
    wilayah: Wilayah,
    shipped: gpd.GeoDataFrame | None = None,
    *,
    source: str = "poligon desa",
) -> tuple[gpd.GeoDataFrame, FileReport]:
    """Kecamatan polygons formed from desa polygons, or from a shipped frame where desa lack.

    Parameters
    ----------
    desa : GeoDataFrame
        Desa polygons (``kode``, ``kode_kec``, ``geometry`` in EPSG:4326), as
        :func:`load_boundaries` gives them.
    wilayah : Wilayah
        The code list: which kecamatan there are, and their desa.
    shipped : GeoDataFrame, optional
        Kecamatan polygons to fall back on (``kode``, ``nama``, ``geometry``;
        e.g. planlib's reference boundaries of every Indonesian kecamatan),
        used for a kecamatan none of whose desa has a polygon.
    source : str
        Names the report (the desa file).

    Returns
    -------
    (GeoDataFrame, FileReport)
        One row per kecamatan that got a polygon: ``kode``, ``nama``,
        ``sumber`` (``"desa"`` or ``"bawaan"``) and ``geometry`` in EPSG:4326,
        the desa of a kecamatan dissolved without slivers
        (:func:`dissolve_closed`). The report accounts for every desa
        polygon, notes where the kecamatan came from, and warns for a
        kecamatan formed from only some of its desa (``kecamatan_desa_sebagian``),
        taken from ``shipped`` (``kecamatan_dari_bawaan``) or left without
        polygon (``tanpa_poligon``).
    """
    report = FileReport(source, "kecamatan")
    kec = wilayah.kecamatan_matcher
    d = desa.reset_index(drop=True)
    if d.crs is not None and not d.crs.equals("EPSG:4326"):
        d = d.to_crs(4326)
    if ROW not in d.columns:
        d = d.assign(**{ROW: np.arange(1, len(d) + 1)})
    report.rows_in = len(d)
    if "kode_kec" in d.columns:
        kode_kec = d["kode_kec"]
    else:
        kode_kec = d["kode"].map(lambda k: wilayah.desa_matcher.parent.get(k))
    d = d.assign(kode_kec=kode_kec)
    d = report.drop(d, d.geometry.isna() | d.geometry.is_empty, "geometri_kosong",
                    column="geometry", values=d["kode"])  # fmt: skip
    d = report.drop(d, ~d["kode_kec"].isin(kec.names), "wilayah_tidak_dikenal",
                    column="kode_kec", values=d["kode_kec"])  # fmt: skip
    report.rows_loaded = len(d)
    dissolved, closed = dissolve_closed(d[["kode_kec", "geometry"]], "kode_kec")
    from_desa = dict(zip(dissolved["kode_kec"], dissolved.geometry, strict=True))
    fallback = _shipped_by_code(shipped)
    have = d.groupby("kode_kec")["kode"].agg(set).to_dict()
    expected = wilayah.desa.groupby("kode_kec")["kode"].agg(set).to_dict()
    rows = []
    for kode, nama in zip(wilayah.kecamatan["kode"], wilayah.kecamatan["nama"], strict=True):
        if kode in from_desa:
            rows.append((kode, nama, "desa", from_desa[kode]))
            lacking = sorted(expected.get(kode, set()) - have.get(kode, set()))
            if lacking:
                n_all = len(expected[kode])
                names = ", ".join(wilayah.desa_matcher.names[k] for k in lacking[:6])
                more = " …" if len(lacking) > 6 else ""
                report.add("kecamatan_desa_sebagian", value=nama,
                           suggestion=f"{n_all - len(lacking)} dari {n_all} desa berpoligon; "
                                      f"tanpa poligon: {names}{more}")  # fmt: skip
        elif kode in fallback:
            rows.append((kode, nama, "bawaan", fallback[kode]))
            if len(d):  # beside desa-made neighbours, its edges may not meet theirs
                report.add("kecamatan_dari_bawaan", value=nama, suggestion=kode)
        else:
            report.add("tanpa_poligon", value=kode, suggestion=nama)
    n_desa = sum(1 for r in rows if r[2] == "desa")
    n_shipped = len(rows) - n_desa
    if len(d):
        report.note(
            f"kecamatan dibentuk dari poligon desa: {n_desa} kecamatan dari {len(d)} poligon desa"
            + (f", {closed} celah kecil antar-desa ditutup" if closed else "")
        )
    if n_shipped:
        shown = ", ".join(r[1] for r in rows if r[2] == "bawaan") if len(d) else "semua"
        report.note(f"{n_shipped} kecamatan diambil dari batas kecamatan bawaan: {shown}")
    out = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["kode", "nama", "sumber", "geometry"]),
        geometry="geometry",
        crs=4326,
    )
    return out, report


def _shipped_by_code(shipped: gpd.GeoDataFrame | None) -> dict[str, Any]:
    if shipped is None or len(shipped) == 0:
        return {}
    s = (
        shipped.to_crs(4326)
        if shipped.crs is not None and not shipped.crs.equals("EPSG:4326")
        else shipped
    )
    s = s[s.geometry.notna() & ~s.geometry.is_empty]
    geoms = [g if g.is_valid else _repair(g) for g in s.geometry]
    return {
        k: g for k, g in zip(s["kode"].map(normalise_code), geoms, strict=True) if k is not None
    }


def _repair(geom: Any) -> Any:
    """``geom`` made valid, keeping only its polygons (an empty polygon when none)."""
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        polys = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        fixed = shapely.union_all(polys) if polys else shapely.Polygon()
    return fixed

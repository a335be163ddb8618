"""Kecamatan and desa boundaries: reading, matching to codes, repair and display copies.

Any format pyogrio reads is accepted (Shapefile, GeoJSON, GeoPackage,
GeoParquet through geopandas). Each feature is matched to the code list by a
code column when there is one, else by its name; features of other kabupaten
are reported and left out; invalid geometries are repaired with
:func:`shapely.make_valid` and reported; the result is in EPSG:4326.

For drawing, :func:`simplify_coverage` makes a lighter copy with
:func:`shapely.coverage_simplify`, which simplifies the shared edges of
neighbouring polygons once, so they stay shared (no gaps, no slivers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .parse import header_key
from .report import ROW, FileReport, PlanlibError
from .wilayah import Wilayah, normalise_code

_CODE_COLUMNS = ["kode", "kode_kemendagri", "kode_wilayah", "kode_kec", "kd_kec", "kode_desa", "kd_desa", "kdepum", "kdcpum", "id"]  # fmt: skip
_NAME_COLUMNS = ["nama", "nama_kec", "nama_kecamatan", "nama_desa", "wadmkc", "wadmkd", "namobj", "name", "kecamatan", "desa"]  # fmt: skip
_PARENT_COLUMNS = ["kode_kec", "kd_kec", "kdcpum"]


def load_boundaries(
    path: str | Path, level: str, wilayah: Wilayah, opts: dict | None = None
) -> tuple[gpd.GeoDataFrame, FileReport]:
    """Load kecamatan (``level="kecamatan"``) or desa (``"desa"``) polygons.

    Parameters
    ----------
    path : path-like
        Any vector file pyogrio can read.
    level : {"kecamatan", "desa"}
    wilayah : Wilayah
        The code list the features are matched to.
    opts : dict, optional
        ``kolom_kode`` / ``kolom_nama``: the attribute columns holding the
        code or the name; ``layer`` for multi-layer files.

    Returns
    -------
    (GeoDataFrame, FileReport)
        Columns ``kode``, ``nama`` (from the code list), ``kode_kec`` for desa,
        ``geometry`` in EPSG:4326.
    """
    opts = opts or {}
    path = Path(path)
    report = FileReport(str(path), level)
    if not path.exists():
        raise PlanlibError(f"Berkas batas wilayah tidak ditemukan: {path}")
    try:
        if path.suffix.lower() == ".parquet":
            gdf = gpd.read_parquet(path)
        else:
            gdf = gpd.read_file(path, engine="pyogrio", layer=opts.get("layer"))
    except Exception as e:
        raise PlanlibError(f"Berkas batas wilayah {path.name} tidak dapat dibaca: {e}") from e
    report.rows_in = len(gdf)
    gdf = gdf.reset_index(drop=True)
    gdf[ROW] = np.arange(1, len(gdf) + 1)  # feature number, as a GIS table shows it

    if gdf.crs is None:
        report.add("crs_diasumsikan", value=path.name)
        gdf = gdf.set_crs(4326)
    elif not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)

    matcher = wilayah.kecamatan_matcher if level == "kecamatan" else wilayah.desa_matcher
    code_col = _column(gdf, opts.get("kolom_kode"), _CODE_COLUMNS)
    name_col = _column(gdf, opts.get("kolom_nama"), _NAME_COLUMNS)
    if code_col is None and name_col is None:
        raise PlanlibError(
            f"{path.name}: tidak ada kolom kode atau nama wilayah; tentukan kolom_kode atau "
            f"kolom_nama di planlib.toml (kolom yang ada: {', '.join(map(str, gdf.columns))})."
        )
    prefix = wilayah.kabupaten + "."
    if code_col is not None:
        kode = gdf[code_col].map(normalise_code)
        outside = kode.notna() & ~kode.fillna("").str.startswith(prefix)
        gdf = report.drop(gdf, outside, "di_luar_kabupaten", column=code_col, values=gdf[code_col])
        kode = kode.loc[gdf.index]
        known = kode.isin(matcher.names.keys())
        if name_col is not None:  # codes that are not in the list may still be named right
            by_name = matcher.match(gdf.loc[~known, name_col])
            kode = kode.where(known, by_name["kode"])
            saran = by_name["saran"]
        else:
            saran = pd.Series(None, index=gdf.index, dtype=object)
        col = code_col
    else:
        assert name_col is not None  # a file with neither column was refused above
        m = matcher.match(gdf[name_col])
        kode, saran, col = m["kode"], m["saran"], name_col
        report.warn(
            gdf, m["metode"] == "mirip", "wilayah_mirip", column=name_col, suggestions=saran
        )
    unknown = kode.isna()
    gdf = report.drop(
        gdf, unknown, "wilayah_tidak_dikenal", column=col, values=gdf[col],
        suggestions=saran.reindex(gdf.index),
    )  # fmt: skip
    gdf = gdf.assign(kode=kode.loc[gdf.index])

    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    gdf = report.drop(gdf, empty, "geometri_kosong", column="geometry", values=gdf["kode"])
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        reasons = shapely.is_valid_reason(gdf.geometry[invalid].values)
        report.warn(gdf, invalid, "geometri_diperbaiki", column="geometry", values=gdf["kode"],
                    suggestions=list(reasons))  # fmt: skip
        gdf.loc[invalid, "geometry"] = gdf.geometry[invalid].map(_repair)
    dup = gdf["kode"].duplicated(keep=False)
    if dup.any():
        report.warn(gdf, dup, "poligon_ganda", column=col, values=gdf["kode"])
    rows_loaded = len(gdf)
    if dup.any():
        gdf = cast(Any, gdf).dissolve(by="kode", as_index=False)[["kode", "geometry"]]
    gdf = gdf[["kode", "geometry"]].copy()
    gdf["nama"] = gdf["kode"].map(matcher.names)
    if level == "desa":
        gdf["kode_kec"] = gdf["kode"].map(matcher.parent)
    expected = set(matcher.names)
    for kd in sorted(expected - set(gdf["kode"])):
        report.add("tanpa_poligon", value=kd, suggestion=matcher.names[kd])
    report.rows_loaded = rows_loaded
    cols = ["kode", "nama"] + (["kode_kec"] if level == "desa" else []) + ["geometry"]
    gdf = gpd.GeoDataFrame(gdf[cols], geometry="geometry", crs=4326)
    return gdf.sort_values("kode").reset_index(drop=True), report


def _column(gdf: gpd.GeoDataFrame, given: str | None, candidates: list[str]) -> str | None:
    if given:
        if given not in gdf.columns:
            raise PlanlibError(
                f"Kolom '{given}' tidak ada; yang ada: {', '.join(map(str, gdf.columns))}"
            )
        return given
    keys = {header_key(c).replace(" ", "_"): c for c in gdf.columns if c != "geometry"}
    for c in candidates:
        if c in keys:
            return keys[c]
    return None


def _repair(geom):
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        polys = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        fixed = shapely.union_all(polys) if polys else shapely.Polygon()
    return fixed


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance: float | None = None) -> gpd.GeoDataFrame:
    """A lighter copy for drawing, with shared edges simplified once (topology kept).

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons in EPSG:4326 that tile an area (kecamatan or desa).
    tolerance : float, optional
        In degrees; by default 1/1500 of the larger side of the extent
        (about 50 m for a kabupaten of 75 km).

    Returns
    -------
    GeoDataFrame
        A copy of ``gdf`` with simplified geometries, coordinates rounded to
        1e-6 degree (about 10 cm); neighbours still share their edges when the
        input tiled without overlap, otherwise each polygon is simplified on its
        own.
    """
    if gdf.empty:
        return gdf.copy()
    if tolerance is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        tolerance = max(maxx - minx, maxy - miny) / 1500
    geoms = gdf.geometry.values
    if shapely.coverage_is_valid(geoms):
        simple = shapely.coverage_simplify(geoms, tolerance)
    else:  # overlapping input: simplify each polygon on its own, keeping it valid
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
    simple = shapely.set_precision(simple, 1e-6)
    out = gdf.copy()
    out["geometry"] = simple
    return out

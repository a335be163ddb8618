"""What the map cannot draw, and lighter copies of the polygons for drawing.

:func:`simplify_coverage` makes a lighter copy with
:func:`shapely.coverage_simplify`, which simplifies the shared edges of
neighbouring polygons once, so they stay shared (no gaps, no slivers).
"""

from __future__ import annotations

import geopandas as gpd
import shapely

# --------------------------------------------------------------------------- the map


def unmapped(kecamatan: gpd.GeoDataFrame) -> tuple[list[str], dict[str, list[str]]]:
    """What the map cannot draw: kecamatan without polygon, and Dapil with none at all.

    Parameters
    ----------
    kecamatan : GeoDataFrame
        Every kecamatan of the code list (``nama``, ``dapil``, ``geometry``), as
        ``Workspace.kecamatan``.

    Returns
    -------
    (list of str, dict of str to list of str)
        The names of the kecamatan without polygon; each Dapil none of whose
        kecamatan has a polygon, with the names of its kecamatan.
    """
    if len(kecamatan) == 0:
        return [], {}
    geom = kecamatan.geometry
    missing = geom.isna() | geom.is_empty
    names = [str(n) for n in kecamatan.loc[missing, "nama"]]
    dapil: dict[str, list[str]] = {}
    if "dapil" in kecamatan.columns:
        for d, part in kecamatan[kecamatan["dapil"].notna()].groupby("dapil", sort=True):
            if missing.loc[part.index].all():
                dapil[str(d)] = [str(n) for n in part["nama"]]
    return names, dapil


def unmapped_text(kecamatan: gpd.GeoDataFrame) -> str | None:
    """:func:`unmapped` as lines for ``planlib check``; None when everything is drawn.

    Parameters
    ----------
    kecamatan : GeoDataFrame
        As ``Workspace.kecamatan``.

    Returns
    -------
    str or None
        In Bahasa Indonesia.
    """
    names, dapil = unmapped(kecamatan)
    if not names:
        return None
    out = [f"peta: {len(names)} dari {len(kecamatan)} kecamatan tanpa poligon, tidak tergambar: "
           + ", ".join(names[:12]) + (" …" if len(names) > 12 else "")]  # fmt: skip
    for d, kec in dapil.items():
        out.append(f"peta: {d} tanpa poligon sama sekali; peta dapil ini tidak tergambar "
                   f"(kecamatan {', '.join(kec)})")  # fmt: skip
    return "\n".join(out)


# --------------------------------------------------------------------------- display


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

"""Placing each boundary feature on its Kemendagri code (:func:`load_boundaries`).

Each feature is matched to the code list by its code column when there is one
(BIG RBI/KUGI attributes such as ``KDEPUM`` and ``KDCPUM`` are recognised, see
:data:`~planlib.boundaries.read.COLUMNS`); a feature whose code is empty or
unknown is matched by its name **within its kecamatan**, or reported as a
feature that could not be placed, with the names of the polygons around it. A
feature is never merged into another area's polygon: parts that carry one code
(a desa in several parts, islands) are dissolved with a warning, but a feature
placed by name on a code another feature already holds is reported. Features
of other kabupaten are reported and left out; invalid geometries are repaired
with :func:`shapely.make_valid` and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..parse import clean_text, fold, header_key, normalise_name
from ..report import ROW, FileReport, PlanlibError
from ..wilayah import NameMatcher, Wilayah, normalise_code
from .dissolve import _repair, dissolve_closed
from .read import (
    _DESA_ONLY,
    _KABUPATEN_COLUMNS,
    _KECAMATAN_ONLY,
    _LEVEL_NAMES,
    COLUMNS,
    _to_wgs84,
    read_layer,
)

#: Part of the cache key of loaded boundaries: raise it when what is loaded or reported changes.
LOADER_VERSION = 2

# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Columns:
    kode: str | None
    nama: str | None
    kode_kec: str | None = None
    nama_kec: str | None = None
    kabupaten: str | None = None
    #: attributes only a desa layer has (a kecamatan file holding desa polygons)
    desa_attributes: bool = False


def _find_columns(gdf: gpd.GeoDataFrame, level: str, opts: dict, name: str) -> _Columns:
    roles = COLUMNS[level]
    desa_attr = level == "kecamatan" and _column(gdf, None, _DESA_ONLY) is not None
    names = roles["nama"]
    if desa_attr:  # in a desa layer, the generic name (NAMOBJ, nama) is the desa's
        names = [c for c in names if c in _KECAMATAN_ONLY]
    cols = _Columns(
        kode=_column(gdf, opts.get("kolom_kode"), roles["kode"]),
        nama=_column(gdf, opts.get("kolom_nama"), names),
        kode_kec=_column(gdf, None, roles.get("kode_kec", [])),
        nama_kec=_column(gdf, None, roles.get("nama_kec", [])),
        kabupaten=_column(gdf, None, _KABUPATEN_COLUMNS),
        desa_attributes=desa_attr,
    )
    if cols.kode is None and cols.nama is None:
        raise PlanlibError(
            f"{name}: tidak ada kolom kode atau nama wilayah; tentukan kolom_kode atau "
            f"kolom_nama di planlib.toml (kolom yang ada: "
            f"{', '.join(str(c) for c in gdf.columns if c not in ('geometry', ROW))})."
        )
    return cols


def _column(gdf: gpd.GeoDataFrame, given: str | None, candidates: list[str]) -> str | None:
    if given:
        if given not in gdf.columns:
            shown = ", ".join(str(c) for c in gdf.columns if c not in ("geometry", ROW))
            raise PlanlibError(f"Kolom '{given}' tidak ada; yang ada: {shown}")
        return given
    keys = {header_key(c).replace(" ", "_"): c for c in gdf.columns if c not in ("geometry", ROW)}
    for c in candidates:
        if c in keys:
            return keys[c]
    return None


def load_boundaries(
    path: str | Path, level: str, wilayah: Wilayah, opts: dict | None = None
) -> tuple[gpd.GeoDataFrame, FileReport]:
    """Load kecamatan (``level="kecamatan"``) or desa (``"desa"``) polygons.

    Parameters
    ----------
    path : path-like
        Shapefile, GeoJSON, GeoPackage, GeoParquet or a zip holding them
        (see :func:`read_layer`).
    level : {"kecamatan", "desa"}
    wilayah : Wilayah
        The code list the features are matched to.
    opts : dict, optional
        ``kolom_kode`` / ``kolom_nama``: the attribute columns holding the
        code or the name; ``layer``: the layer of a file that holds several.

    Returns
    -------
    (GeoDataFrame, FileReport)
        Columns ``kode``, ``nama`` (from the code list), ``kode_kec`` for desa,
        ``geometry`` in EPSG:4326; one row per code. Every feature is loaded or
        reported: other kabupaten, no code and a name not found in its
        kecamatan (with the polygons around it), a name pointing at an area
        another feature already holds, an empty geometry.

    Raises
    ------
    PlanlibError
        When the file cannot be read or has no code or name column.
    """
    if level not in COLUMNS:
        raise ValueError(f"level must be 'kecamatan' or 'desa', not {level!r}")
    opts = opts or {}
    path = Path(path)
    report = FileReport(str(path), level)
    if not path.exists():
        raise PlanlibError(f"Berkas batas wilayah tidak ditemukan: {path}")
    gdf = read_layer(path, level, opts.get("layer"), report)
    report.rows_in = len(gdf)
    gdf = gpd.GeoDataFrame(gdf.reset_index(drop=True), geometry=gdf.geometry.name)
    if gdf.geometry.name != "geometry":
        gdf = gdf.rename_geometry("geometry")
    gdf[ROW] = np.arange(1, len(gdf) + 1)  # feature number, as a GIS table shows it
    gdf = _to_wgs84(gdf, report, path.name)
    cols = _find_columns(gdf, level, opts, path.name)
    matcher = wilayah.kecamatan_matcher if level == "kecamatan" else wilayah.desa_matcher
    if level == "desa" and _named_like_their_kecamatan(gdf, cols, wilayah):
        raise PlanlibError(
            f"{path.name}: fitur-fiturnya bernama seperti kecamatannya sendiri: ini berkas batas "
            'kecamatan, bukan desa/kelurahan. Pakai sebagai kecamatan = "…" di planlib.toml, '
            "dan untuk desa berkas batas desa (mis. ADMINISTRASIDESA_AR dari BIG)."
        )

    gdf = _place(gdf, level, wilayah, matcher, cols, report)
    gdf = _check_geometry(gdf, report)
    finer = level == "kecamatan" and _holds_finer_units(gdf, cols)
    col = cols.kode or cols.nama
    kec_names = wilayah.kecamatan_matcher.names
    if not finer:
        gdf = _refuse_taken(gdf, matcher, cols, kec_names, report)
    if cols.kode is not None:  # a code column, but these features' codes are empty or unknown
        report.warn(
            gdf, gdf["_cara"] == "nama", "kode_dari_nama", column=cols.kode,
            values=gdf[cols.kode], suggestions=gdf["kode"].map(lambda k: _where(k, matcher, kec_names)),
        )  # fmt: skip
    rows_loaded = len(gdf)
    if finer:
        n_kec = gdf["kode"].nunique()
        what = "poligon desa" if cols.desa_attributes else "beberapa fitur untuk setiap kecamatan"
        report.note(
            f"berkas berisi {what}; kecamatan dibentuk dengan menggabungkan {len(gdf):,} fitur "
            f"menjadi {n_kec:,} kecamatan (celah kecil antar-fitur ditutup)".replace(",", ".")
        )
        gdf, _ = dissolve_closed(gdf[["kode", "geometry"]], "kode")
    else:
        dup = gdf["kode"].duplicated(keep=False)
        if dup.any():
            report.warn(gdf, dup, "poligon_ganda", column=col, values=gdf["kode"])
            gdf = cast(Any, gdf).dissolve(by="kode", as_index=False)[["kode", "geometry"]]
    gdf = gdf[["kode", "geometry"]].copy()
    gdf["nama"] = gdf["kode"].map(matcher.names)
    if level == "desa":
        gdf["kode_kec"] = gdf["kode"].map(matcher.parent)
    for kd in sorted(set(matcher.names) - set(gdf["kode"])):
        report.add("tanpa_poligon", value=kd, suggestion=matcher.names[kd])
    report.rows_loaded = rows_loaded
    out_cols = ["kode", "nama"] + (["kode_kec"] if level == "desa" else []) + ["geometry"]
    gdf = gpd.GeoDataFrame(gdf[out_cols], geometry="geometry", crs=4326)
    return gdf.sort_values("kode").reset_index(drop=True), report


def _named_like_their_kecamatan(gdf: gpd.GeoDataFrame, cols: _Columns, wilayah: Wilayah) -> bool:
    """Whether (nearly) every feature bears its kecamatan's name: a kecamatan layer.

    In a desa layer about one desa in ten shares its kecamatan's name; matched by
    name, a kecamatan polygon would land on that desa.
    """
    if cols.nama is None or (cols.kode_kec is None and cols.nama_kec is None):
        return False
    names = wilayah.kecamatan_matcher.names
    if cols.kode_kec is not None:
        kec = gdf[cols.kode_kec].map(normalise_code).map(names)
    else:
        kec = gdf[cols.nama_kec]
    pair = pd.DataFrame({"a": gdf[cols.nama], "b": kec}).dropna()
    if len(pair) < 3:
        return False
    same = pair["a"].map(normalise_name) == pair["b"].map(normalise_name)
    return bool(same.mean() >= 0.8)


def _place(
    gdf: gpd.GeoDataFrame,
    level: str,
    wilayah: Wilayah,
    matcher: NameMatcher,
    cols: _Columns,
    report: FileReport,
) -> gpd.GeoDataFrame:
    """Give each feature its code, by code or else by name within its kecamatan.

    Returns the features placed, with ``kode`` and ``_cara`` (``"kode"`` or
    ``"nama"``); the others are reported (other kabupaten, ambiguous name,
    could not be placed).
    """
    prefix = wilayah.kabupaten + "."
    empty = pd.Series(None, index=gdf.index, dtype=object)
    kode = gdf[cols.kode].map(normalise_code) if cols.kode else empty.copy()
    parent = gdf[cols.kode_kec].map(normalise_code) if cols.kode_kec else empty.copy()
    kab = gdf[cols.kabupaten].map(normalise_code) if cols.kabupaten else empty.copy()
    # another kabupaten's feature, by its own code, else its kecamatan's, else its kabupaten's
    for col, codes, gate in (
        (cols.kode, kode, kode.notna()),
        (cols.kode_kec, parent, kode.isna() & parent.notna()),
        (cols.kabupaten, kab, kode.isna() & parent.isna() & kab.notna()),
    ):
        if col is None:
            continue
        outside = gate & ~codes.fillna("").map(
            lambda k: k == wilayah.kabupaten or k.startswith(prefix)
        )
        gdf = report.drop(gdf, outside, "di_luar_kabupaten", column=col, values=gdf[col])
    kode, parent = kode.loc[gdf.index], parent.loc[gdf.index]
    if level == "kecamatan":  # a desa code in a kecamatan file names its kecamatan
        up = kode.map(lambda k: k.rsplit(".", 1)[0] if isinstance(k, str) and "." in k else None)
        kode = kode.where(kode.isin(matcher.names) | ~up.isin(matcher.names), up)
    known = kode.isin(matcher.names)
    cara = pd.Series("kode", index=gdf.index, dtype=object)
    rest = gdf.index[~known]
    if len(rest) == 0:
        return gdf.assign(kode=kode, _cara=cara)
    cara.loc[rest] = "nama"
    if cols.nama is None:  # nothing else to go by
        values = gdf[cols.kode] if cols.kode else empty
        return report.drop(
            gdf.assign(kode=kode, _cara=cara), ~known, "fitur_tidak_ditempatkan",
            column=cols.kode, values=values.loc[gdf.index],
        )  # fmt: skip
    induk = (
        _kecamatan_of(gdf.loc[rest], parent.loc[rest], kode.loc[rest], wilayah, cols)
        if level == "desa"
        else None
    )
    m = matcher.match(gdf.loc[rest, cols.nama], induk)
    kode.loc[rest] = m["kode"]
    gdf = gdf.assign(kode=kode, _cara=cara)
    placed_codes = {i: k for i, k in kode.items() if isinstance(k, str) and k in matcher.names}
    ambiguous = pd.Series(False, index=gdf.index)
    ambiguous.loc[rest] = (m["metode"] == "ambigu").to_numpy()
    lost = pd.Series(False, index=gdf.index)
    lost.loc[rest] = (m["kode"].isna() & (m["metode"] != "ambigu")).to_numpy()
    if lost.any():
        hints = _unplaced_hints(gdf, lost, m["saran"], induk, matcher, placed_codes, level,
                                wilayah.kecamatan_matcher.names)  # fmt: skip
        gdf = report.drop(
            gdf, lost, "fitur_tidak_ditempatkan", column=cols.nama,
            values=gdf[cols.nama].where(gdf[cols.nama].notna(), gdf[cols.kode] if cols.kode else None),
            suggestions=hints,
        )  # fmt: skip
    gdf = report.drop(
        gdf,
        ambiguous,
        "wilayah_ambigu",
        column=cols.nama,
        suggestions=m["saran"].reindex(gdf.index),
    )
    placed = gdf.index.intersection(rest)
    metode = m["metode"].loc[placed]
    report.warn(gdf, (metode == "mirip").reindex(gdf.index, fill_value=False), "wilayah_mirip",
                column=cols.nama, suggestions=m["saran"].reindex(gdf.index))  # fmt: skip
    return gdf


def _kecamatan_of(
    rows: gpd.GeoDataFrame,
    parent: pd.Series,
    kode: pd.Series,
    wilayah: Wilayah,
    cols: _Columns,
) -> pd.Series:
    """The kecamatan of desa features without a known code: its code, its name, or its code's.

    Every source is checked against the code list.
    """
    kec = wilayah.kecamatan_matcher
    out = parent.where(parent.isin(kec.names))
    if cols.nama_kec is not None:
        by_name = kec.match(rows[cols.nama_kec])["kode"]
        out = out.where(out.notna(), by_name)
    # a desa code's kecamatan, or a kecamatan code written where the desa code belongs
    up = kode.map(
        lambda k: k if k in kec.names else k.rsplit(".", 1)[0] if isinstance(k, str) else None
    )
    out = out.where(out.notna(), up.where(up.isin(kec.names)))
    return out.astype(object).where(out.notna(), None)


def _where(kode: object, matcher: NameMatcher, kecamatan: dict[str, str]) -> str | None:
    """``"34.03.01.2002 Kepek, Kec. Wonosari"`` (a desa) or ``"34.03.01 Wonosari"``."""
    if not isinstance(kode, str) or kode not in matcher.names:
        return None
    kec = matcher.parent.get(kode)
    return f"{kode} {matcher.names[kode]}" + (
        f", Kec. {kecamatan[kec]}" if kec in kecamatan else ""
    )


def _unplaced_hints(
    gdf: gpd.GeoDataFrame,
    lost: pd.Series,
    saran: pd.Series,
    induk: pd.Series | None,
    matcher: NameMatcher,
    placed: dict[Any, str],
    level: str,
    kec_names: dict[str, str],
) -> list[str | None]:
    """For each feature that cannot be placed: similar names, areas of its kecamatan still
    without a polygon, and the polygons it touches."""
    held = set(placed.values())
    unheld = [k for k in matcher.names if k not in held]
    geoms = gdf.geometry.values
    tree = shapely.STRtree(shapely.make_valid(geoms))
    index = gdf.index.to_numpy()
    out: list[str | None] = []
    for i in gdf.index[lost]:
        parts = []
        if isinstance(s := saran.get(i), str) and s:
            parts.append(f"mirip: {s}")
        kec = induk.get(i) if induk is not None else None
        if level == "desa":
            free = [matcher.names[k] for k in unheld if kec is None or matcher.parent.get(k) == kec]
            if free and (kec is not None or len(free) <= 5):
                where = f" Kec. {kec_names.get(kec, kec)}" if kec else ""
                parts.append(f"{_LEVEL_NAMES[level]}{where} yang belum berpoligon: "
                             + ", ".join(sorted(free)[:6]) + (" …" if len(free) > 6 else ""))  # fmt: skip
        geom = geoms[gdf.index.get_loc(i)]
        near: list[str] = []
        if geom is not None and not shapely.is_empty(geom):
            try:
                hits = tree.query(shapely.make_valid(geom), predicate="intersects")
            except shapely.errors.GEOSException:
                hits = np.array([], dtype=int)
            near = sorted(
                {
                    matcher.names[placed[index[j]]]
                    for j in hits
                    if index[j] != i and index[j] in placed
                }
            )
        if near:
            parts.append(
                "bersebelahan dengan " + ", ".join(near[:6]) + (" …" if len(near) > 6 else "")
            )
        out.append("; ".join(parts) or None)
    return out


def _check_geometry(gdf: gpd.GeoDataFrame, report: FileReport) -> gpd.GeoDataFrame:
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    gdf = report.drop(gdf, empty, "geometri_kosong", column="geometry", values=gdf["kode"])
    kind = gdf.geometry.geom_type
    not_area = ~kind.isin(["Polygon", "MultiPolygon", "GeometryCollection"])
    gdf = report.drop(gdf, not_area, "bukan_poligon", column="geometry", values=kind)
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        reasons = shapely.is_valid_reason(gdf.geometry[invalid].values)
        report.warn(gdf, invalid, "geometri_diperbaiki", column="geometry", values=gdf["kode"],
                    suggestions=list(reasons))  # fmt: skip
        gdf.loc[invalid, "geometry"] = gdf.geometry[invalid].map(_repair)
    collapsed = gdf.geometry.is_empty  # nothing of an area left after the repair
    return report.drop(gdf, collapsed, "geometri_kosong", column="geometry", values=gdf["kode"])


def _holds_finer_units(gdf: gpd.GeoDataFrame, cols: _Columns) -> bool:
    """A kecamatan file that holds finer units (desa): several features for (nearly) every code."""
    counts = gdf["kode"].value_counts()
    if counts.empty or len(gdf) < 2 * len(counts):
        return False
    return bool((counts > 1).mean() >= 0.8 and (cols.desa_attributes or counts.mean() >= 3))


def _refuse_taken(
    gdf: gpd.GeoDataFrame,
    matcher: NameMatcher,
    cols: _Columns,
    kecamatan: dict[str, str],
    report: FileReport,
) -> gpd.GeoDataFrame:
    """Report features placed by name on a code another feature already holds (never merged).

    A code held by a feature's own code stays with it; among features placed by name
    only, parts with the same name are one area in parts (dissolved later), the
    others are reported.
    """
    by_name = gdf["_cara"] == "nama"
    if not by_name.any():
        return gdf
    holder = gdf.loc[~by_name].groupby("kode")[ROW].min()
    first_named = gdf.loc[by_name].groupby("kode")[ROW].min()
    name_key = gdf[cols.nama].map(lambda v: fold(clean_text(v) or "")) if cols.nama else gdf["kode"]
    first_key = name_key.groupby(gdf["kode"]).first()  # rows are in feature order
    taken = by_name & gdf["kode"].isin(holder.index)
    other_name = by_name & ~taken & (name_key != gdf["kode"].map(first_key))
    rows = gdf["kode"].map(holder).where(taken, gdf["kode"].map(first_named))
    hint = [
        f"{_where(k, matcher, kecamatan)} sudah dipakai fitur {int(r)}"
        for k, r in zip(gdf["kode"], rows.fillna(0), strict=True)
    ]
    return report.drop(
        gdf, taken | other_name, "kode_sudah_dipakai", column=cols.nama or cols.kode,
        values=gdf[cols.nama] if cols.nama else gdf["kode"], suggestions=hint,
    )  # fmt: skip

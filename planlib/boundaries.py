"""Kecamatan and desa boundaries: reading, matching to codes, repair and display copies.

Boundary files are read as a Bappeda has them (:func:`read_layer`): Shapefile
(with or without ``.cpg`` and ``.prj``), GeoJSON, GeoPackage, GeoParquet, and a
``.zip`` holding any of them, in folders or not. When a file holds several
layers, the one of the level asked for is chosen by its name and attributes
(``ADMINISTRASIDESA_AR_25K`` with ``KDEPUM`` for desa), or the analyst is asked
to name it with ``layer``. Projected coordinates (UTM 49S, 50S …) are
reprojected to EPSG:4326.

Each feature is matched to the code list (:func:`load_boundaries`) by its
code column when there is one (BIG RBI/KUGI attributes such as ``KDEPUM`` and
``KDCPUM`` are recognised, see :data:`COLUMNS`); a feature whose code is empty
or unknown is matched by its name **within its kecamatan**, or reported as a
feature that could not be placed, with the names of the polygons around it. A
feature is never merged into another area's polygon: parts that carry one code
(a desa in several parts, islands) are dissolved with a warning, but a feature
placed by name on a code another feature already holds is reported. Features
of other kabupaten are reported and left out; invalid geometries are repaired
with :func:`shapely.make_valid` and reported.

Kecamatan can be formed from desa polygons (:func:`kecamatan_from_desa`), and a
kecamatan file that holds desa polygons is dissolved per kecamatan; both close
the slivers and gaps between neighbouring desa (:func:`dissolve_closed`).

For drawing, :func:`simplify_coverage` makes a lighter copy with
:func:`shapely.coverage_simplify`, which simplifies the shared edges of
neighbouring polygons once, so they stay shared (no gaps, no slivers).
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .header import header_key
from .parse import clean_text, fold, normalise_name
from .report import ROW, FileReport, PlanlibError
from .wilayah import NameMatcher, Wilayah, normalise_code

#: Part of the cache key of loaded boundaries: raise it when what is loaded or reported changes.
LOADER_VERSION = 2

#: A hole between dissolved polygons smaller than this (m²) is a sliver and is closed …
SLIVER_AREA_M2 = 10_000.0
#: … and so is one narrower than this on average (m; twice its area over its perimeter).
SLIVER_WIDTH_M = 20.0

#: Attribute columns recognised per level and role, in order of preference (compared as
#: lower-case header keys). BIG RBI/KUGI: ``KDEPUM`` desa code, ``KDCPUM`` kecamatan code,
#: ``KDBPUM``/``KDPKAB`` kabupaten code, ``WADMKD``/``WADMKC`` desa/kecamatan name,
#: ``NAMOBJ`` the object's own name.
COLUMNS: dict[str, dict[str, list[str]]] = {
    "desa": {
        "kode": ["kdepum", "kode_desa", "kd_desa", "kode_kel", "kode_kelurahan", "kode_desa_kel",
                 "kode", "kode_kemendagri", "kode_wilayah", "id"],
        "nama": ["wadmkd", "nama_desa", "nama_kel", "nama_kelurahan", "nama_desa_kel", "desa",
                 "kelurahan", "namobj", "nama", "name"],
        "kode_kec": ["kdcpum", "kode_kec", "kd_kec", "kode_kecamatan"],
        "nama_kec": ["wadmkc", "nama_kec", "nama_kecamatan", "kecamatan"],
    },
    "kecamatan": {
        "kode": ["kdcpum", "kode_kec", "kd_kec", "kode_kecamatan", "kode", "kode_kemendagri",
                 "kode_wilayah", "kdepum", "kode_desa", "kd_desa", "id"],
        "nama": ["wadmkc", "nama_kec", "nama_kecamatan", "kecamatan", "namobj", "nama", "name"],
    },
}  # fmt: skip
_KABUPATEN_COLUMNS = ["kdbpum", "kdpkab", "kode_kab", "kd_kab", "kode_kabupaten"]
#: Attributes only a desa layer has (a kecamatan file holding them holds desa polygons).
_DESA_ONLY = COLUMNS["desa"]["kode"][:6] + COLUMNS["desa"]["nama"][:7]
_KECAMATAN_ONLY = COLUMNS["desa"]["kode_kec"] + COLUMNS["desa"]["nama_kec"]
#: Words in a layer's name that say its level.
_LEVEL_WORDS = {"desa": ("desa", "kelurahan", "village"), "kecamatan": ("kecamatan", "district")}

_VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".parquet", ".geoparquet", ".fgb", ".kml")
_PARQUET_SUFFIXES = (".parquet", ".geoparquet")
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_READABLE = "SHP, GeoJSON, GPKG, GeoParquet, atau ZIP berisi salah satunya"
_LEVEL_NAMES = {"desa": "desa/kelurahan", "kecamatan": "kecamatan"}


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Layer:
    """One layer a boundary file offers.

    Attributes
    ----------
    label : str
        How the analyst knows it: ``"RBI/ADMINISTRASIDESA_AR_25K.shp"`` or
        ``"batas.gpkg: desa"``.
    source : str
        What GDAL opens (a path, or ``/vsizip/…`` inside a zip).
    layer : str or None
        The layer's name in its source.
    fields : tuple of str
        Its attribute columns.
    geometry_type : str or None
        As GDAL reports it (``"Polygon"``, ``"LineString"`` …); None when unknown.
    member : str or None
        A GeoParquet member of a zip (read without GDAL).
    missing : tuple of str
        Parts of a shapefile that are not there (``".dbf"``, ``".shx"``).
    cpg : bool
        False for a shapefile without ``.cpg`` (its text encoding is then guessed).
    """

    label: str
    source: str
    layer: str | None = None
    fields: tuple[str, ...] = ()
    geometry_type: str | None = None
    member: str | None = None
    missing: tuple[str, ...] = ()
    cpg: bool = True


def boundary_files(path: str | Path) -> list[Path]:
    """The files a boundary file is made of: itself and, for a ``.shp``, its sidecar files.

    Parameters
    ----------
    path : path-like
        The file named in ``planlib.toml``.

    Returns
    -------
    list of Path
        ``path`` and the ``.shx``, ``.dbf``, ``.prj``, ``.cpg`` next to a
        shapefile (any case) that exist; a change to any of them changes what
        is loaded.
    """
    path = Path(path)
    if path.suffix.lower() != ".shp" or not path.parent.is_dir():
        return [path]
    stem = path.stem.casefold()
    extra = sorted(
        p for p in path.parent.iterdir()
        if p != path and p.stem.casefold() == stem and p.suffix.lower() in _SHAPEFILE_PARTS
    )  # fmt: skip
    return [path, *extra]


def list_layers(path: str | Path) -> list[Layer]:
    """Every layer of a boundary file, a ``.zip`` included (members in folders too).

    Parameters
    ----------
    path : path-like
        A vector file or a zip holding one or more.

    Returns
    -------
    list of Layer

    Raises
    ------
    PlanlibError
        In Bahasa Indonesia, when the file or the zip cannot be read or holds no map.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        return [Layer(path.name, str(path), geometry_type="Unknown")]
    if suffix == ".zip":
        return _zip_layers(path)
    missing: tuple[str, ...] = ()
    cpg = True
    if suffix == ".shp":
        have = {p.suffix.lower() for p in boundary_files(path)}
        missing, cpg = tuple(s for s in (".shx", ".dbf") if s not in have), ".cpg" in have
        if missing:
            raise PlanlibError(_incomplete(path.name, missing))
    try:
        return _gdal_layers(str(path), path.name, missing, cpg)
    except _Unreadable:
        raise PlanlibError(_unreadable(path.name)) from None


class _Unreadable(Exception):
    pass


def _gdal_layers(source: str, label: str, missing: tuple[str, ...], cpg: bool) -> list[Layer]:
    import pyogrio

    try:
        listed = pyogrio.list_layers(source)
    except Exception as e:  # GDAL's own words are not shown to the analyst
        raise _Unreadable from e
    out = []
    for name, gtype in listed:
        try:
            fields = tuple(str(f) for f in pyogrio.read_info(source, layer=name)["fields"])
        except Exception:
            fields = ()
        shown = label if len(listed) == 1 else f"{label}: {name}"
        out.append(Layer(shown, source, str(name), fields, gtype, None, missing, cpg))
    return out


def _zip_layers(path: Path) -> list[Layer]:
    try:
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PlanlibError(
            f"{path.name}: berkas zip rusak atau terpotong; unduh ulang, atau ekstrak lalu "
            "kompres ulang isinya."
        ) from None
    infos = [
        i for i in infos
        if not i.filename.startswith("__MACOSX/") and not PurePosixPath(i.filename).name.startswith(".")
    ]  # fmt: skip
    if any(i.flag_bits & 0x1 for i in infos):
        raise PlanlibError(
            f"{path.name}: zip ini berkata sandi; ekstrak dengan kata sandinya lalu kompres ulang "
            "tanpa kata sandi (atau tunjuk berkas hasil ekstrak)."
        )
    names = [i.filename for i in infos]
    data = [n for n in names if PurePosixPath(n).suffix.lower() in _VECTOR_SUFFIXES]
    if not data:
        inner = [n for n in names if n.lower().endswith(".zip")]
        if inner:
            raise PlanlibError(
                f"{path.name}: zip ini berisi zip lain ({', '.join(inner[:3])}); ekstrak dulu dan "
                "tunjuk zip di dalamnya."
            )
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "") if names else "kosong"
        raise PlanlibError(
            f"{path.name}: zip ini tidak berisi peta ({_READABLE}); isinya: {shown}."
        )
    parts: dict[str, set[str]] = {}
    for n in names:
        p = PurePosixPath(n)
        parts.setdefault(str(p.with_suffix("")).casefold(), set()).add(p.suffix.lower())
    root = f"/vsizip/{path.resolve().as_posix()}"
    layers: list[Layer] = []
    unreadable: list[str] = []
    incomplete: list[str] = []
    for n in data:
        p = PurePosixPath(n)
        if p.suffix.lower() in _PARQUET_SUFFIXES:
            layers.append(Layer(n, str(path), p.stem, geometry_type="Unknown", member=n))
            continue
        missing: tuple[str, ...] = ()
        cpg = True
        if p.suffix.lower() == ".shp":
            have = parts[str(p.with_suffix("")).casefold()]
            missing, cpg = tuple(s for s in (".shx", ".dbf") if s not in have), ".cpg" in have
            if missing:
                incomplete.append(_incomplete(n, missing))
                continue
        try:
            layers += _gdal_layers(f"{root}/{n}", n, missing, cpg)
        except _Unreadable:
            if p.suffix.lower() != ".json":  # a .json beside the map is often metadata
                unreadable.append(n)
    if not layers:
        if incomplete:
            raise PlanlibError(f"{path.name}: {'; '.join(incomplete)}")
        raise PlanlibError(_unreadable(f"{path.name} ({', '.join(unreadable or data)})"))
    return layers


def _incomplete(name: str, missing: tuple[str, ...]) -> str:
    return (
        f"shapefile {name} tidak lengkap: berkas {' dan '.join(missing)} tidak ada; kirim ulang "
        "semua berkasnya (.shp, .shx, .dbf, .prj, .cpg) bersama-sama, sebaiknya dalam satu zip."
    )


def _unreadable(name: str) -> str:
    return (
        f"{name} tidak dapat dibaca sebagai peta ({_READABLE}); berkas mungkin rusak atau "
        "terpotong: unduh ulang, atau ekspor ulang dari aplikasi GIS."
    )


def choose_layer(layers: list[Layer], level: str, wanted: str | None, name: str) -> Layer:
    """The layer of ``level`` among ``layers`` (``wanted`` wins).

    Parameters
    ----------
    layers : list of Layer
        As :func:`list_layers` gives them.
    level : {"kecamatan", "desa"}
    wanted : str or None
        The ``layer`` option: a layer name, a member's path or its file name
        (case ignored).
    name : str
        The file's name, for messages.

    Returns
    -------
    Layer
        ``wanted``; else the only polygon layer; else the one whose name and
        attributes say ``level`` (``ADMINISTRASIDESA_AR_25K`` with ``KDEPUM``
        for desa, ``…KECAMATAN…`` for kecamatan).

    Raises
    ------
    PlanlibError
        When ``wanted`` is not there, no layer holds polygons, or several could
        be meant: the message names the layers and the ``layer`` option.
    """
    shown = ", ".join(f"'{x.label}'" for x in layers)
    if wanted:
        key = wanted.casefold()
        hits = [x for x in layers if key in _layer_keys(x)]
        if len(hits) != 1:
            raise PlanlibError(f"{name}: lapisan '{wanted}' tidak ada; lapisan yang ada: {shown}.")
        return hits[0]
    polys = [x for x in layers if _holds_polygons(x.geometry_type)]
    if not polys:
        raise PlanlibError(
            f"{name}: tidak ada lapisan poligon (area) batas {_LEVEL_NAMES[level]}; lapisan yang "
            f"ada: {shown}. Batas berupa garis atau titik tidak dapat dipakai."
        )
    if len(polys) == 1:
        return polys[0]
    scores = [_level_score(x, level) for x in polys]
    best = max(scores)
    top = [x for x, s in zip(polys, scores, strict=True) if s == best]
    if best > 0 and len(top) == 1:
        return top[0]
    example = polys[0].layer or polys[0].label
    raise PlanlibError(
        f"{name} berisi beberapa lapisan poligon ({', '.join(repr(x.label) for x in polys)}) dan "
        f"tidak jelas mana yang berisi batas {_LEVEL_NAMES[level]}. Tulis lapisannya di "
        f'planlib.toml, misalnya {level} = {{ path = "…/{name}", layer = "{example}" }}.'
    )


def _layer_keys(x: Layer) -> set[str]:
    keys = {x.label.casefold()}
    if x.layer:
        keys.add(x.layer.casefold())
    if x.member or x.source.startswith("/vsizip/"):
        member = x.member or x.label.split(": ")[0]
        keys |= {member.casefold(), PurePosixPath(member).name.casefold(),
                 PurePosixPath(member).stem.casefold()}  # fmt: skip
    return keys


def _holds_polygons(gtype: str | None) -> bool:
    """Polygons, or geometry of any kind (GeoJSON, GeoParquet); not a table without geometry."""
    return gtype is not None and (
        "polygon" in gtype.lower() or gtype.lower() in ("unknown", "geometry")
    )


def _level_score(x: Layer, level: str) -> int:
    other = "kecamatan" if level == "desa" else "desa"
    return _evidence(x, level) - _evidence(x, other)


def _evidence(x: Layer, level: str) -> int:
    name = fold(x.layer or x.label)
    by_name = any(w in name for w in _LEVEL_WORDS[level]) or (
        level == "kecamatan" and "kec" in name.split()
    )
    keys = {header_key(f).replace(" ", "_") for f in x.fields}
    desa_attr = bool(keys & set(_DESA_ONLY))
    by_attr = desa_attr if level == "desa" else bool(keys & set(_KECAMATAN_ONLY)) and not desa_attr
    return 2 * by_name + by_attr


def read_layer(
    path: str | Path, level: str, layer: str | None = None, report: FileReport | None = None
) -> gpd.GeoDataFrame:
    """Read the boundary layer of ``level`` from any file a Bappeda has (zip included).

    Parameters
    ----------
    path : path-like
        Shapefile, GeoJSON, GeoPackage, GeoParquet, or a zip holding one or
        more of them (in folders or not).
    level : {"kecamatan", "desa"}
        Decides the layer when the file holds several (see :func:`choose_layer`).
    layer : str, optional
        The layer to read, by name or the member's path in a zip.
    report : FileReport, optional
        Receives notes: the layer chosen among several, the text encoding
        guessed for a shapefile without ``.cpg``.

    Returns
    -------
    GeoDataFrame
        The features as read, in the file's CRS.

    Raises
    ------
    PlanlibError
        With a message in Bahasa Indonesia (never GDAL's) when the file cannot
        be used.
    """
    path = Path(path)
    report = report if report is not None else FileReport(str(path), level)
    layers = list_layers(path)
    chosen = choose_layer(layers, level, layer, path.name)
    if len(layers) > 1:
        others = ", ".join(f"'{x.label}'" for x in layers if x is not chosen)
        report.note(f"dibaca lapisan '{chosen.label}' (lapisan lain: {others})")
    try:
        if chosen.member is not None:
            with zipfile.ZipFile(path) as z:
                return gpd.read_parquet(io.BytesIO(z.read(chosen.member)))
        if path.suffix.lower() in _PARQUET_SUFFIXES:
            return gpd.read_parquet(path)
        return _read_gdal(chosen, report)
    except PlanlibError:
        raise
    except Exception:  # GDAL's, pyarrow's or zipfile's own words are not shown
        raise PlanlibError(_unreadable(chosen.label)) from None


def _read_gdal(x: Layer, report: FileReport) -> gpd.GeoDataFrame:
    import pyogrio

    if x.cpg or not x.label.split(": ")[0].lower().endswith(".shp"):
        return pyogrio.read_dataframe(x.source, layer=x.layer)
    # a shapefile without .cpg: GDAL would read its text as Latin-1; try UTF-8, then
    # Windows-1252 (ArcGIS and older tools), so "é" and "’" come out as written
    for encoding in ("utf-8", "cp1252"):
        try:
            gdf = pyogrio.read_dataframe(x.source, layer=x.layer, encoding=encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8":
            report.note(f"shapefile tanpa berkas .cpg: teks dibaca sebagai {encoding} (Windows)")
        return gdf
    report.note("shapefile tanpa berkas .cpg: teks dibaca sebagai Latin-1")
    return pyogrio.read_dataframe(x.source, layer=x.layer, encoding="latin-1")


def _to_wgs84(gdf: gpd.GeoDataFrame, report: FileReport, name: str) -> gpd.GeoDataFrame:
    if len(gdf) == 0:
        return gdf.set_crs(4326, allow_override=True)
    if gdf.crs is None:
        if not _in_degrees(gdf):
            x, y = gdf.total_bounds[:2]
            raise PlanlibError(
                f"{name}: berkas tanpa sistem koordinat (.prj) dan koordinatnya bukan derajat "
                f"(mis. {x:,.0f}, {y:,.0f}: meter, seperti UTM); sertakan berkas .prj dari "
                "sumber peta, atau ekspor ulang dengan sistem koordinatnya."
            )
        report.add("crs_diasumsikan", value=name)
        return gdf.set_crs(4326)
    crs = gdf.crs
    if crs.is_projected:
        epsg = crs.to_epsg()
        report.note(
            f"koordinat dalam {crs.name}{f' (EPSG:{epsg})' if epsg else ''}; "
            "diubah ke derajat WGS 84 (EPSG:4326)"
        )
    out = gdf.to_crs(4326) if not crs.equals("EPSG:4326") else gdf
    if not _in_degrees(out):
        raise PlanlibError(
            f"{name}: koordinat tidak sesuai dengan sistem koordinat berkas ({crs.name}); "
            "periksa berkas .prj atau ekspor ulang dengan sistem koordinat yang benar."
        )
    return out


def _in_degrees(gdf: gpd.GeoDataFrame) -> bool:
    """Whether the coordinates could be longitude/latitude (True without any coordinates)."""
    b = gdf.geometry.dropna().total_bounds
    if not np.all(np.isfinite(b)):
        return True
    return bool(-180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90)


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


def _repair(geom):
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        polys = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        fixed = shapely.union_all(polys) if polys else shapely.Polygon()
    return fixed


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

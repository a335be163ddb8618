"""Reading boundary files as a Bappeda has them, and choosing the layer of a level.

Shapefile (with or without ``.cpg`` and ``.prj``), GeoJSON, GeoPackage,
GeoParquet, and a ``.zip`` holding any of them, in folders or not. When a file
holds several layers, the one of the level asked for is chosen by its name and
attributes (``ADMINISTRASIDESA_AR_25K`` with ``KDEPUM`` for desa), or the
analyst is asked to name it with ``layer``. Projected coordinates (UTM 49S,
50S …) are reprojected to EPSG:4326.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np

from ..parse import fold, header_key
from ..report import FileReport, PlanlibError

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

"""Boundaries as a Bappeda has them: BIG RBI desa shapefiles, zipped, projected, cp1252.

Every file here is built in the test from the public desa polygons of Kabupaten
Gunungkidul (34.03, 144 desa), renamed to the BIG RBI/KUGI attributes
(``KDEPUM``, ``KDCPUM``, ``WADMKD``, ``WADMKC``, ``NAMOBJ`` …) and written with
pyogrio, with the dirt a real file has: two features without a code, one with
an unknown code, a desa in several parts, names in cp1252, UTM coordinates.
"""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from typer.testing import CliRunner

from planlib import boundaries
from planlib.boundaries import (
    SLIVER_AREA_M2,
    kecamatan_from_desa,
    load_boundaries,
    unmapped_text,
)
from planlib.cli import app
from planlib.report import PlanlibError
from planlib.wilayah import Wilayah, load_kode_wilayah
from planlib.workspace import open_workspace

#: Desa Kepek of Kecamatan Wonosari, without a code (another Kepek lies in Saptosari, and
#: Wonosari is also a desa of Wonosari: the name of its kecamatan must not place it)
KEPEK = "34.03.01.2002"
WONOSARI = "34.03.01.2001"
#: Ngunut (Playen), without a code and with a name that is nowhere in the code list
NGUNUT = "34.03.03.2006"
UNKNOWN_NAME = "Séloréjo Ta’ba"  # é and ’ in cp1252
#: Pengkol (Nglipar), with an unknown code and the name of its neighbour Natah
PENGKOL, NATAH = "34.03.02.2004", "34.03.02.2001"
#: Jepitu (Girisubo), a coastal desa with islands: one feature per part
JEPITU = "34.03.16.2002"
#: What neither GDAL, pyogrio nor zipfile may say to the analyst
FOREIGN = ("not recognized", "supported file format", "vsizip", "gdal", "datasource",
           "failed to", "does not exist", "unterminated", "traceback", "error", "badzip",
           "not a zip", "kesalahan tak terduga")  # fmt: skip


# --------------------------------------------------------------------------- the data


@pytest.fixture(scope="module")
def gunungkidul(shared, tmp_path_factory) -> Wilayah:
    """The code list of DI Yogyakarta (34) filtered to the province and Gunungkidul."""
    src = shared / "codes/wilayah_indonesia_kemendagri2025.csv"
    with open(src, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.startswith(("kode,", "34,", "34.03"))]
    path = tmp_path_factory.mktemp("kode") / "kode_wilayah.csv"
    path.write_text("".join(lines), encoding="utf-8")
    kode, report = load_kode_wilayah(path)
    assert report.balanced and not report.problems
    return Wilayah("34.03", "Kabupaten Gunungkidul", kode)


@pytest.fixture(scope="module")
def desa_src(shared) -> gpd.GeoDataFrame:
    g = gpd.read_file(shared / "boundaries/desa_gunungkidul_3403.geojson")
    assert len(g) == 144 and g.crs.to_epsg() == 4326
    return g


def big_style(desa: gpd.GeoDataFrame, w: Wilayah) -> gpd.GeoDataFrame:
    """The desa as BIG's RBI ``ADMINISTRASIDESA_AR`` layer names them."""
    kec = w.kecamatan.set_index("kode")["nama"]
    compact = desa["kode"].str.replace(".", "", regex=False)
    return gpd.GeoDataFrame(
        {
            # BIG writes the desa code with and without dots
            "KDEPUM": desa["kode"].where(desa.index % 2 == 0, compact),
            "KDCPUM": desa["kode_kec"],
            "KDBPUM": "34.03",
            "WADMKD": desa["nama"].str.upper(),
            "WADMKC": desa["kode_kec"].map(kec).str.upper(),
            "WADMKK": "GUNUNGKIDUL",
            "WADMPR": "DAERAH ISTIMEWA YOGYAKARTA",
            "NAMOBJ": desa["nama"],
        },
        geometry=desa.geometry.values,
        crs=desa.crs,
    )


@pytest.fixture(scope="module")
def trial(desa_src, gunungkidul) -> gpd.GeoDataFrame:
    """The BIG desa layer with the dirt of the trial (see the constants above)."""
    g = big_style(desa_src, gunungkidul)
    code = desa_src["kode"]
    g.loc[code == KEPEK, "KDEPUM"] = None
    g.loc[code == NGUNUT, ["KDEPUM", "WADMKD", "NAMOBJ"]] = [None, UNKNOWN_NAME, UNKNOWN_NAME]
    natah = g.loc[code == NATAH, "WADMKD"].iloc[0]
    g.loc[code == PENGKOL, ["KDEPUM", "WADMKD", "NAMOBJ"]] = ["34.03.02.2999", natah, "Natah"]
    g["_kode"] = code  # the truth, not written
    parts = g[code == JEPITU].explode(index_parts=False)
    assert len(parts) > 1
    i = int((code == JEPITU).to_numpy().argmax())
    g = pd.concat([g.iloc[:i], parts, g.iloc[i + 1 :]], ignore_index=True)
    return gpd.GeoDataFrame(g, geometry="geometry", crs=4326)


def write_shp(gdf, folder: Path, stem: str, *, epsg=None, cpg=True, prj=True) -> list[Path]:
    """A shapefile set in cp1252 (as ArcGIS writes it); without .cpg/.prj when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    out = gdf.drop(columns=[c for c in gdf.columns if c.startswith("_")])
    if epsg is not None:
        out = out.to_crs(epsg)
    pyogrio.write_dataframe(out, folder / f"{stem}.shp", encoding="cp1252")
    if not cpg:
        (folder / f"{stem}.cpg").unlink()
    if not prj:
        (folder / f"{stem}.prj").unlink()
    return sorted(folder.glob(f"{stem}.*"))


def zip_of(path: Path, files: list[Path], folder: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f"{folder}{f.name}")
    return path


def kecamatan_layer(desa: gpd.GeoDataFrame, w: Wilayah) -> gpd.GeoDataFrame:
    """BIG's ``ADMINISTRASIKECAMATAN_AR``: one polygon per kecamatan."""
    k = desa_as_loaded(desa).dissolve(by="kode_kec", as_index=False)
    names = w.kecamatan.set_index("kode")["nama"]
    return gpd.GeoDataFrame(
        {"KDCPUM": k["kode_kec"], "WADMKC": k["kode_kec"].map(names), "NAMOBJ": k["kode_kec"].map(names)},
        geometry=k.geometry.values,
        crs=4326,
    )  # fmt: skip


def desa_as_loaded(desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return desa[["kode", "nama", "kode_kec", "geometry"]].copy()


def trial_kecamatan(trial: gpd.GeoDataFrame, w: Wilayah) -> gpd.GeoDataFrame:
    """The kecamatan layer BIG ships beside the trial's desa layer."""
    return kecamatan_layer(trial.assign(kode=trial["_kode"], nama="", kode_kec=trial["KDCPUM"]), w)


def boundary_file(kind: str, trial: gpd.GeoDataFrame, w: Wilayah, tmp: Path) -> Path:
    """The trial's desa layer in one of the forms a Bappeda receives it."""
    stem = "ADMINISTRASIDESA_AR_25K"
    if kind == "zip_in_folder_utm49":
        files = write_shp(trial, tmp / "shp", stem, epsg=32749)
        return zip_of(tmp / "RBI_Gunungkidul.zip", files, "RBI_3403_GUNUNGKIDUL/ADMINISTRASI/")
    if kind == "zip_without_cpg_utm50_with_other_layers":
        files = write_shp(trial, tmp / "shp", stem, epsg=32750, cpg=False)
        lines = trial[["KDEPUM"]].set_geometry(trial.boundary)
        files += write_shp(lines, tmp / "shp", "BATASDESA_LN_25K")
        files += write_shp(trial_kecamatan(trial, w), tmp / "shp", "ADMINISTRASIKECAMATAN_AR_50K")
        return zip_of(tmp / "RBI.zip", files)
    if kind == "shp_without_prj":
        return write_shp(trial, tmp / "shp", stem, prj=False)[0].with_suffix(".shp")
    if kind == "zip_with_geojson":
        path = tmp / "desa.geojson"
        pyogrio.write_dataframe(trial.drop(columns="_kode"), path)
        return zip_of(tmp / "desa_geojson.zip", [path], "data/")
    if kind == "zip_with_gpkg_two_layers":
        path = tmp / "batas_gunungkidul.gpkg"
        pyogrio.write_dataframe(trial.drop(columns="_kode").to_crs(32749), path, layer=stem)
        kec = trial_kecamatan(trial, w)
        pyogrio.write_dataframe(kec, path, layer="ADMINISTRASIKECAMATAN_AR_50K", append=True)
        return zip_of(tmp / "batas.zip", [path])
    if kind == "geoparquet":
        path = tmp / "desa.parquet"
        trial.drop(columns="_kode").to_parquet(path)
        return path
    raise AssertionError(kind)


FORMS = ["zip_in_folder_utm49", "zip_without_cpg_utm50_with_other_layers", "shp_without_prj",
         "zip_with_geojson", "zip_with_gpkg_two_layers", "geoparquet"]  # fmt: skip


def feature(trial: gpd.GeoDataFrame, kode: str) -> int:
    """The feature number (1-based, file order) of the first feature of a desa."""
    return int((trial["_kode"] == kode).to_numpy().argmax()) + 1


def no_foreign_words(text: str) -> None:
    low = text.lower()
    assert not [w for w in FOREIGN if w in low], text


def same_shape(a, b, tol: float = 1e-6) -> bool:
    """Equal up to a reprojection round trip (symmetric difference below ``tol`` of the area)."""
    return shapely.symmetric_difference(a, b).area <= tol * max(a.area, b.area)


# --------------------------------------------------------------------------- one file, every form


@pytest.mark.parametrize("form", FORMS)
def test_every_feature_is_placed_by_code_or_by_name_or_reported(
    form, trial, gunungkidul, desa_src, tmp_path
):
    """Before, Kepek (no code) was merged into desa Wonosari: the name column fell back to
    ``WADMKC`` (listed before ``WADMKD``), the kecamatan's name "Wonosari" was matched across
    the kabupaten to desa Wonosari, and the repeated code was dissolved as ``poligon_ganda``;
    Ngunut and Pengkol were merged the same way, and a zip was refused in GDAL's words."""
    path = boundary_file(form, trial, gunungkidul, tmp_path)
    desa, fr = load_boundaries(path, "desa", gunungkidul)

    # accounting: every feature loaded or reported, the two left out named by their number
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (len(trial), len(trial) - 2, 2)
    assert fr.balanced and fr.fatal is None
    dropped = {(p.row, p.code) for p in fr.problems if p.dropped}
    assert dropped == {(feature(trial, NGUNUT), "fitur_tidak_ditempatkan"),
                       (feature(trial, PENGKOL), "kode_sudah_dipakai")}  # fmt: skip

    # Kepek without a code is placed by its name within its kecamatan, not on Wonosari
    truth = desa_src.set_index("kode").geometry
    got = desa.set_index("kode").geometry
    assert same_shape(got[KEPEK], truth[KEPEK])
    assert same_shape(got[WONOSARI], truth[WONOSARI])  # not merged with Kepek
    placed = [p for p in fr.problems if p.code == "kode_dari_nama"]
    assert [(p.row, p.column, p.value, p.suggestion, p.severity) for p in placed] == [
        (feature(trial, KEPEK), "KDEPUM", None, f"{KEPEK} Kepek, Kec. Wonosari", "warning")
    ]

    # the feature that cannot be placed: its name as written, the desa of its kecamatan still
    # without polygon, and the desa it touches
    lost = next(p for p in fr.problems if p.code == "fitur_tidak_ditempatkan")
    assert (lost.column, lost.value, lost.severity) == ("WADMKD", UNKNOWN_NAME, "error")
    assert "Kec. Playen yang belum berpoligon: Ngunut" in lost.suggestion
    near = lost.suggestion.split("bersebelahan dengan ")[1].split(", ")
    at = {n: desa_src.geometry.values[(desa_src["nama"] == n).to_numpy()] for n in near}
    gap = {n: shapely.distance(g, truth[NGUNUT]).min() for n, g in at.items()}
    assert len(near) >= 3 and max(gap.values()) < 1e-4, gap  # within about 10 m
    assert "tidak digabung" in lost.reason

    # a name pointing at a desa another feature holds is reported, never merged into it
    taken = next(p for p in fr.problems if p.code == "kode_sudah_dipakai")
    assert (taken.column, taken.value, taken.severity) == ("WADMKD", "NATAH", "error")
    assert (
        taken.suggestion
        == f"{NATAH} Natah, Kec. Nglipar sudah dipakai fitur {feature(trial, NATAH)}"
    )
    assert same_shape(got[NATAH], truth[NATAH])

    # a desa in several parts is one polygon, each part warned about
    parts = [p.row for p in fr.problems if p.code == "poligon_ganda"]
    n_parts = int((trial["_kode"] == JEPITU).sum())
    assert parts == list(range(feature(trial, JEPITU), feature(trial, JEPITU) + n_parts))
    assert same_shape(got[JEPITU], truth[JEPITU])

    # everything else is where the code list puts it, in degrees
    assert set(desa["kode"]) == set(desa_src["kode"]) - {NGUNUT, PENGKOL}
    assert {p.value for p in fr.problems if p.code == "tanpa_poligon"} == {NGUNUT, PENGKOL}
    assert desa.crs.to_epsg() == 4326 and desa.geometry.is_valid.all()
    assert (desa["kode_kec"] == desa["kode"].str[:8]).all()
    assert all(same_shape(got[k], truth[k]) for k in desa["kode"])
    assert len(fr.problems) == 5 + n_parts + (form == "shp_without_prj")
    for p in fr.problems:
        no_foreign_words(f"{p.reason} {p.suggestion or ''}")


def test_notes_say_how_the_file_was_read(trial, gunungkidul, tmp_path):
    path = boundary_file("zip_without_cpg_utm50_with_other_layers", trial, gunungkidul, tmp_path)
    _, fr = load_boundaries(path, "desa", gunungkidul)
    assert fr.notes == [
        "dibaca lapisan 'ADMINISTRASIDESA_AR_25K.shp' (lapisan lain: "
        "'BATASDESA_LN_25K.shp', 'ADMINISTRASIKECAMATAN_AR_50K.shp')",
        "shapefile tanpa berkas .cpg: teks dibaca sebagai cp1252 (Windows)",
        "koordinat dalam WGS 84 / UTM zone 50S (EPSG:32750); diubah ke derajat WGS 84 (EPSG:4326)",
    ]


def test_a_shapefile_without_prj_is_assumed_in_degrees(trial, gunungkidul, tmp_path):
    path = boundary_file("shp_without_prj", trial, gunungkidul, tmp_path)
    _, fr = load_boundaries(path, "desa", gunungkidul)
    [p] = [p for p in fr.problems if p.code == "crs_diasumsikan"]
    assert (p.row, p.value, p.severity) == (None, path.name, "warning")


# --------------------------------------------------------------------------- layers


def test_the_layer_of_the_level_asked_for_is_read(trial, gunungkidul, desa_src, tmp_path):
    path = boundary_file("zip_with_gpkg_two_layers", trial, gunungkidul, tmp_path)
    kec, fr = load_boundaries(path, "kecamatan", gunungkidul)
    assert fr.notes[0] == ("dibaca lapisan 'batas_gunungkidul.gpkg: ADMINISTRASIKECAMATAN_AR_50K' "
                           "(lapisan lain: 'batas_gunungkidul.gpkg: ADMINISTRASIDESA_AR_25K')")  # fmt: skip
    assert (fr.rows_in, fr.rows_loaded) == (18, 18) and not fr.problems
    assert list(kec["kode"]) == list(gunungkidul.kecamatan["kode"])


def test_the_layer_option_wins(trial, gunungkidul, tmp_path):
    path = boundary_file("zip_with_gpkg_two_layers", trial, gunungkidul, tmp_path)
    kec, fr = load_boundaries(path, "kecamatan", gunungkidul, {"layer": "ADMINISTRASIDESA_AR_25K"})
    assert fr.rows_in == len(trial) and len(kec) == 18  # the desa, dissolved per kecamatan
    with pytest.raises(PlanlibError) as e:
        load_boundaries(path, "kecamatan", gunungkidul, {"layer": "BATAS_DESA"})
    assert str(e.value) == (
        "batas.zip: lapisan 'BATAS_DESA' tidak ada; lapisan yang ada: "
        "'batas_gunungkidul.gpkg: ADMINISTRASIDESA_AR_25K', "
        "'batas_gunungkidul.gpkg: ADMINISTRASIKECAMATAN_AR_50K'."
    )


def test_layers_that_could_both_be_meant_are_named(desa_src, gunungkidul, tmp_path):
    files = []
    for stem in ("peta_a", "peta_b"):
        files += write_shp(desa_as_loaded(desa_src), tmp_path / "shp", stem)
    path = zip_of(tmp_path / "peta.zip", files)
    with pytest.raises(PlanlibError) as e:
        load_boundaries(path, "desa", gunungkidul)
    msg = str(e.value)
    assert msg.startswith("peta.zip berisi beberapa lapisan poligon ('peta_a.shp', 'peta_b.shp')")
    assert 'layer = "peta_a"' in msg
    desa, fr = load_boundaries(path, "desa", gunungkidul, {"layer": "peta_b.shp"})
    assert len(desa) == 144 and fr.balanced


# --------------------------------------------------------------------------- refusals


def _refusal(tmp_path, desa_src, gunungkidul, case: str) -> tuple[Path, str]:
    if case == "damaged_zip":
        return (tmp_path / "rusak.zip", "berkas zip rusak atau terpotong")
    if case == "truncated_zip":
        files = write_shp(desa_as_loaded(desa_src), tmp_path / "shp", "desa")
        whole = zip_of(tmp_path / "utuh.zip", files).read_bytes()
        (tmp_path / "potong.zip").write_bytes(whole[: len(whole) // 2])
        return tmp_path / "potong.zip", "berkas zip rusak atau terpotong"
    if case == "zip_without_map":
        (tmp_path / "baca.txt").write_text("batas desa", encoding="utf-8")
        zip_of(tmp_path / "lain.zip", [tmp_path / "baca.txt"])
        return tmp_path / "lain.zip", "zip ini tidak berisi peta (SHP, GeoJSON, GPKG, GeoParquet"
    if case == "shapefile_without_dbf":
        files = [f for f in write_shp(desa_src[["kode", "geometry"]], tmp_path / "shp", "desa")
                 if f.suffix != ".dbf"]  # fmt: skip
        return zip_of(tmp_path / "kurang.zip", files), "berkas .dbf tidak ada"
    if case == "truncated_geojson":
        text = desa_src.head(3).to_json()
        (tmp_path / "desa.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
        return tmp_path / "desa.geojson", "tidak dapat dibaca sebagai peta"
    if case == "utm_without_prj":
        shp = write_shp(desa_as_loaded(desa_src), tmp_path / "shp", "desa", epsg=32749, prj=False)
        return shp[0].with_suffix(
            ".shp"
        ), "tanpa sistem koordinat (.prj) dan koordinatnya bukan derajat"
    if case == "lines_only":
        lines = desa_src[["kode"]].set_geometry(desa_src.boundary)
        return zip_of(tmp_path / "garis.zip", write_shp(lines, tmp_path / "shp", "BATAS_LN")), (
            "tidak ada lapisan poligon (area)"
        )
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    ["damaged_zip", "truncated_zip", "zip_without_map", "shapefile_without_dbf",
     "truncated_geojson", "utm_without_prj", "lines_only"],
)  # fmt: skip
def test_a_file_that_cannot_be_used_is_refused_in_indonesian(case, desa_src, gunungkidul, tmp_path):
    path, words = _refusal(tmp_path, desa_src, gunungkidul, case)
    if case == "damaged_zip":
        path.write_bytes(b"PK\x03\x04 bukan zip")
    with pytest.raises(PlanlibError) as e:
        load_boundaries(path, "desa", gunungkidul)
    msg = str(e.value)
    assert words in msg and path.name in msg
    no_foreign_words(msg)


# --------------------------------------------------------------------------- kecamatan


def _holes(geom) -> list:
    parts = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    return [shapely.Polygon(r) for p in parts for r in p.interiors]


def _m2(poly, lat: float = -8.0) -> float:
    import math

    return poly.area * 111_320 * math.cos(math.radians(lat)) * 110_574


def assert_dissolved_without_specks(kec: gpd.GeoDataFrame, desa: gpd.GeoDataFrame) -> None:
    """Kecamatan cover their desa, add only the slivers between them, and hold no specks."""
    union = shapely.union_all(desa.geometry.values)
    holes = _holes(union)
    assert len(holes) > 100  # the desa do not meet exactly: the test means something
    slivers = sum(h.area for h in holes if _m2(h) < SLIVER_AREA_M2)
    cover = shapely.union_all(kec.geometry.values)
    assert union.difference(cover).area < 1e-12
    assert cover.difference(union).area <= slivers * 1.0001
    for g in [*kec.geometry, cover]:  # no hole the desa coverage did not have
        assert [h for h in _holes(g) if _m2(h) < SLIVER_AREA_M2] == []
    for k, g in zip(kec["kode"], kec.geometry, strict=True):
        mine = desa[desa["kode_kec"] == k]
        assert len(mine) and g.covers(shapely.union_all(mine.geometry.values).buffer(-1e-7))
    assert kec.geometry.is_valid.all()


def test_kecamatan_from_desa(desa_src, gunungkidul):
    desa = desa_as_loaded(desa_src)
    kec, fr = kecamatan_from_desa(desa, gunungkidul, source="desa.shp")
    assert list(kec["kode"]) == list(gunungkidul.kecamatan["kode"])
    assert list(kec["nama"]) == list(gunungkidul.kecamatan["nama"])
    assert (kec["sumber"] == "desa").all()
    assert (fr.rows_in, fr.rows_loaded, fr.problems) == (144, 144, [])
    assert fr.notes[0].startswith("kecamatan dibentuk dari poligon desa: 18 kecamatan dari 144")
    assert_dissolved_without_specks(kec, desa)


@pytest.fixture(scope="module")
def shipped(shared) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(
        shared / "boundaries/indonesia/indonesia_kecamatan.geojson", where="kode LIKE '34.03.%'"
    )[["kode", "nama", "geometry"]]


def test_kecamatan_without_desa_fall_back_to_the_shipped_frame(desa_src, gunungkidul, shipped):
    girisubo, wonosari = "34.03.16", "34.03.01"
    desa = desa_as_loaded(desa_src)
    desa = desa[(desa["kode_kec"] != girisubo) & (desa["kode"] != "34.03.01.2007")]
    kec, fr = kecamatan_from_desa(desa, gunungkidul, shipped)
    src = kec.set_index("kode")
    assert src.loc[girisubo, "sumber"] == "bawaan"
    assert same_shape(src.loc[girisubo, "geometry"],
                      shapely.make_valid(shipped.set_index("kode").geometry[girisubo]))  # fmt: skip
    assert (src.drop(index=girisubo)["sumber"] == "desa").all() and len(kec) == 18
    codes = [(p.code, p.value, p.suggestion) for p in fr.problems]
    assert codes == [
        (
            "kecamatan_desa_sebagian",
            "Wonosari",
            "13 dari 14 desa berpoligon; tanpa poligon: Baleharjo",
        ),
        ("kecamatan_dari_bawaan", "Girisubo", girisubo),
    ]
    assert fr.notes[1] == "1 kecamatan diambil dari batas kecamatan bawaan: Girisubo"
    whole = shapely.area(desa_src.geometry.values[(desa_src["kode_kec"] == wonosari).to_numpy()])
    assert src.loc[wonosari, "geometry"].area < whole.sum()
    # without a shipped frame it has no polygon, and says so
    kec, fr = kecamatan_from_desa(desa, gunungkidul)
    assert girisubo not in set(kec["kode"])
    assert ("tanpa_poligon", girisubo) in [(p.code, p.value) for p in fr.problems]


@pytest.mark.parametrize("kolom_kode", [None, "KDCPUM"])
def test_a_desa_file_given_as_kecamatan_is_dissolved_with_one_note(
    kolom_kode, desa_src, gunungkidul, tmp_path
):
    files = write_shp(big_style(desa_src, gunungkidul), tmp_path / "shp", "ADMINISTRASIDESA_AR_25K")
    opts = {"kolom_kode": kolom_kode} if kolom_kode else None
    kec, fr = load_boundaries(files[0].with_suffix(".shp"), "kecamatan", gunungkidul, opts)
    assert fr.problems == []  # no "poligon_ganda" per feature
    assert fr.notes == [
        "berkas berisi poligon desa; kecamatan dibentuk dengan menggabungkan 144 fitur menjadi "
        "18 kecamatan (celah kecil antar-fitur ditutup)"
    ]
    assert (fr.rows_in, fr.rows_loaded) == (144, 144)
    assert list(kec["kode"]) == list(gunungkidul.kecamatan["kode"])
    assert_dissolved_without_specks(kec, desa_as_loaded(desa_src))


def test_a_kecamatan_file_with_a_feature_twice_still_warns_per_feature(
    desa_src, gunungkidul, tmp_path
):
    layer = kecamatan_layer(desa_src, gunungkidul)
    extra = layer.iloc[[0]].assign(geometry=[shapely.box(110.40, -7.80, 110.41, -7.79)])
    unnamed = layer.iloc[[1]].assign(KDCPUM=None)  # named Nglipar, which another feature holds
    path = tmp_path / "kec.geojson"
    pyogrio.write_dataframe(pd.concat([layer, extra, unnamed], ignore_index=True), path)
    kec, fr = load_boundaries(path, "kecamatan", gunungkidul)
    assert [(p.row, p.code) for p in fr.problems] == [
        (20, "kode_sudah_dipakai"), (1, "poligon_ganda"), (19, "poligon_ganda")
    ]  # fmt: skip
    assert fr.notes == [] and (fr.rows_loaded, fr.rows_reported) == (19, 1) and len(kec) == 18


def test_a_kecamatan_file_given_as_desa_is_refused(desa_src, gunungkidul, tmp_path):
    path = tmp_path / "kecamatan.geojson"  # nine kecamatan have a desa of their own name
    pyogrio.write_dataframe(kecamatan_layer(desa_src, gunungkidul), path)
    for opts in (None, {"kolom_kode": "KDCPUM"}):
        with pytest.raises(PlanlibError) as e:
            load_boundaries(path, "desa", gunungkidul, opts)
        assert "ini berkas batas kecamatan, bukan desa/kelurahan" in str(e.value)


def test_a_kecamatan_code_in_place_of_the_desa_code_gives_the_kecamatan(
    desa_src, gunungkidul, tmp_path
):
    g = big_style(desa_src, gunungkidul)
    assert desa_src["kode"][1] == KEPEK
    g.loc[1, "KDEPUM"] = "340301"  # cut short: Kecamatan Wonosari
    path = tmp_path / "desa.geojson"
    pyogrio.write_dataframe(g.drop(columns=["KDCPUM", "WADMKC"]), path)  # nothing else says it
    desa, fr = load_boundaries(path, "desa", gunungkidul)
    assert [(p.row, p.code, p.column, p.value, p.suggestion) for p in fr.problems] == [
        (2, "kode_dari_nama", "KDEPUM", "340301", f"{KEPEK} Kepek, Kec. Wonosari")
    ]
    got = desa.set_index("kode").geometry
    assert got[KEPEK].equals(desa_src.geometry[1]) and len(desa) == 144


# --------------------------------------------------------------------------- the workspace


DAPIL = {
    "Dapil 1": ["Wonosari", "Playen"],
    "Dapil 2": ["Nglipar", "Patuk", "Gedangsari", "Ngawen", "Semin"],
    "Dapil 3": ["Girisubo", "Tepus", "Tanjungsari", "Rongkop"],
    "Dapil 4": ["Paliyan", "Panggang", "Saptosari", "Purwosari", "Semanu", "Karangmojo", "Ponjong"],
}


def gk_workspace(root: Path, shared: Path, desa: str | None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    src = shared / "codes/wilayah_indonesia_kemendagri2025.csv"
    with open(src, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.startswith(("kode,", "34,", "34.03"))]
    (root / "kode.csv").write_text("".join(lines), encoding="utf-8")
    rows = ["Dapil,Kecamatan"] + [f"{d},{k}" for d, ks in DAPIL.items() for k in ks]
    (root / "dapil.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "planlib.toml").write_text(
        textwrap.dedent(
            """
            [wilayah]
            kabupaten = "34.03"
            nama = "Kabupaten Gunungkidul"
            kode_wilayah = "kode.csv"
            dapil = "dapil.csv"
            """
        )
        + (f'desa = "{desa}"\n' if desa else ""),
        encoding="utf-8",
    )
    return root


def test_workspace_forms_kecamatan_from_the_desa_zip(shared, trial, gunungkidul, tmp_path):
    root = tmp_path / "ws"
    path = boundary_file("zip_in_folder_utm49", trial, gunungkidul, root)
    gk_workspace(root, shared, path.name)
    ws = open_workspace(root)
    assert ws.kecamatan.geometry.notna().all() and len(ws.kecamatan) == 18
    assert ws.desa is not None and len(ws.desa) == 142
    kinds = [(Path(f.path).name, f.kind) for f in ws.report.files]
    assert kinds[:4] == [("kode.csv", "kode_wilayah"), (path.name, "desa"),
                         (path.name, "kecamatan"), ("dapil.csv", "dapil")]  # fmt: skip
    fr = ws.report.files[2]
    assert fr.notes[0].startswith("kecamatan dibentuk dari poligon desa: 18 kecamatan dari 142")
    assert [(p.code, p.value) for p in fr.problems] == [  # Pengkol and Ngunut are not there
        ("kecamatan_desa_sebagian", "Nglipar"),
        ("kecamatan_desa_sebagian", "Playen"),
    ]
    assert ws.report.balanced
    again = open_workspace(root)  # from the cache: the same polygons and the same report
    assert again.kecamatan.geometry.geom_equals(ws.kecamatan.geometry).all()
    assert again.report.to_dict()["files"][2] == ws.report.to_dict()["files"][2]
    out = CliRunner().invoke(app, ["check", str(root)])
    assert "kecamatan dibentuk dari poligon desa" in out.output and "peta:" not in out.output
    no_foreign_words(out.output.replace("GALAT", ""))


def test_check_warns_when_a_dapil_has_no_polygon(shared, desa_src, gunungkidul, shipped, tmp_path):
    gone = gunungkidul.kecamatan.set_index("nama").loc[DAPIL["Dapil 3"], "kode"]
    desa = big_style(desa_src, gunungkidul)[~desa_src["kode_kec"].isin(gone).to_numpy()]
    root = tmp_path / "ws"
    files = write_shp(desa, root / "batas", "desa")
    gk_workspace(root, shared, "batas/desa.shp")
    ws = open_workspace(root)
    dapil = next(f for f in ws.report.files if f.kind == "dapil")
    [p] = [p for p in dapil.problems if p.code == "dapil_tanpa_poligon"]
    assert (p.value, p.suggestion, p.severity) == (
        "Dapil 3",
        "Tepus, Rongkop, Girisubo, Tanjungsari",
        "warning",
    )
    out = CliRunner().invoke(app, ["check", str(root), "--max-problems", "0"])
    assert out.output.splitlines()[-2:] == [
        "peta: 4 dari 18 kecamatan tanpa poligon, tidak tergambar: Tepus, Rongkop, Girisubo, Tanjungsari",
        "peta: Dapil 3 tanpa poligon sama sekali; peta dapil ini tidak tergambar "
        "(kecamatan Tepus, Rongkop, Girisubo, Tanjungsari)",
    ]
    # the shipped kecamatan fill the gap: nothing left undrawn
    ws = open_workspace(root, shipped_kecamatan=shipped)
    assert ws.kecamatan.geometry.notna().all() and unmapped_text(ws.kecamatan) is None
    dapil = next(f for f in ws.report.files if f.kind == "dapil")
    assert "dapil_tanpa_poligon" not in {p.code for p in dapil.problems}
    # an edited .dbf (same .shp bytes) is read again, not taken from the cache
    shp = next(f for f in files if f.suffix == ".shp")
    before = shp.read_bytes()
    desa.loc[desa.index[0], ["KDEPUM", "WADMKD"]] = [None, "Entah"]
    write_shp(desa, root / "batas", "desa")
    assert shp.read_bytes() == before  # only the attributes changed
    fr = next(f for f in open_workspace(root).report.files if f.kind == "desa")
    assert [p.code for p in fr.problems if p.row == 1] == ["fitur_tidak_ditempatkan"]


def test_a_workspace_without_boundaries_says_the_map_is_not_drawn(shared, tmp_path):
    root = gk_workspace(tmp_path / "ws", shared, None)
    ws = open_workspace(root)
    [fr] = [f for f in ws.report.files if f.kind == "kecamatan"]
    assert [p.code for p in fr.problems] == ["tanpa_batas"]
    assert (fr.path, fr.problems[0].severity) == (str(root.resolve() / "planlib.toml"), "warning")
    text = unmapped_text(ws.kecamatan)
    assert text is not None and text.startswith("peta: 18 dari 18 kecamatan tanpa poligon")
    assert list(boundaries.unmapped(ws.kecamatan)[1]) == list(DAPIL)
    dapil = next(f for f in ws.report.files if f.kind == "dapil")  # one warning is enough
    assert "dapil_tanpa_poligon" not in {p.code for p in dapil.problems}


def test_a_workspace_without_boundaries_draws_the_shipped_kecamatan(shared, shipped, tmp_path):
    root = gk_workspace(tmp_path / "ws", shared, None)
    ws = open_workspace(root, shipped_kecamatan=shipped)
    assert ws.kecamatan.geometry.notna().all() and unmapped_text(ws.kecamatan) is None
    [fr] = [f for f in ws.report.files if f.kind == "kecamatan"]
    assert (fr.path, fr.notes, fr.problems) == (
        "batas bawaan",
        ["18 kecamatan diambil dari batas kecamatan bawaan: semua"],
        [],
    )

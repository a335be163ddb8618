"""Indonesia's reference data shipped with planlib, and `planlib init` for any kabupaten/kota.

The shipped files are checked against their provenance (checksums, licences) and against
a rebuild from ``PLANLIB_SHARED_DATA``; every kab/kota's code list, kecamatan polygons and
Dapil are checked in one pass over the shipped tables; `init` followed by a full workspace
load runs for one kabupaten/kota of every province (all 514 under the ``nasional`` marker:
``make test-nasional``).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from planlib import open_workspace, reference
from planlib.report import PlanlibError
from planlib.templates import write_skeleton

ROOT = Path(__file__).resolve().parents[1]

#: kecamatan the KPU table of Pemilu 2024 does not place (created later; SOURCES.md S10)
AFTER_2024 = {"72.01.24", "72.06.20", "81.05.16", "92.02.31", "92.02.32", "92.02.33",
              "92.02.34", "92.02.35"}  # fmt: skip


def test_shipped_files_match_their_provenance():
    prov = reference.provenance()
    assert set(prov["files"]) == {
        "kode_wilayah.parquet", "kabupaten.parquet", "kecamatan.parquet", "dapil.parquet",
    }  # fmt: skip
    for name, meta in prov["files"].items():
        data = reference.data_path(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"], name
        assert meta["licence"].startswith("MIT") and meta["commit"] and meta["repository"]
        licence = reference.data_path("LICENSES") / Path(meta["licence_file"]).name
        assert "MIT" in licence.read_text(encoding="utf-8"), licence
    rows = {n: m["rows"] for n, m in prov["files"].items()}
    assert rows == {"kode_wilayah.parquet": 91599, "kabupaten.parquet": 514,
                    "kecamatan.parquet": 7284, "dapil.parquet": 8935}  # fmt: skip


def test_shipped_data_is_small():
    folder = reference.data_path("PROVENANCE.json").parent
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 8_000_000, size  # the wheel stays well under ~15 MB


@pytest.mark.shared
def test_rebuild_from_the_shared_data_gives_the_shipped_content(shared):
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_reference.py"), "--check"],
        capture_output=True, text=True, env={"PLANLIB_SHARED_DATA": str(shared), "PATH": ""},
        timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    assert "identical to a rebuild" in res.stdout


@pytest.mark.parametrize(
    ("query", "kode"),
    [
        ("52.03", "52.03"), ("5203", "52.03"), ("Lombok Timur", "52.03"),
        ("Kab. Lombok Timur", "52.03"), ("KABUPATEN LOMBOK TIMUR", "52.03"),
        ("kota bima", "52.72"), ("Kabupaten Bima", "52.06"), ("Kotabaru", "63.02"),
        ("Gunung Kidul", "34.03"), ("gunungkidul", "34.03"), ("Kota Mataram", "52.71"),
        ("lombok timr", "52.03"), ("Kulon Progo", "34.01"),
    ],
)  # fmt: skip
def test_find_kabupaten_as_people_write_it(query, kode):
    assert reference.find_kabupaten(query).kode == kode


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bima", ["Kabupaten Bima (Nusa Tenggara Barat, 52.06)", "Kota Bima (Nusa Tenggara Barat, 52.72)"]),
        ("Lombok", ["Kabupaten Lombok Barat", "Kabupaten Lombok Tengah", "Kabupaten Lombok Timur"]),
        ("63.06.02", ["bukan kode kabupaten/kota"]),
        ("Atlantis", ["tidak ditemukan"]),
    ],
)  # fmt: skip
def test_find_kabupaten_never_guesses(query, expected):
    with pytest.raises(PlanlibError) as e:
        reference.find_kabupaten(query)
    for text in expected:
        assert text in str(e.value)


def test_every_kabupaten_has_its_codes_polygons_and_dapil():
    """All 514 kab/kota in one pass over the shipped tables."""
    codes = reference.kode_wilayah()
    kabs = codes.loc[codes["level"] == "kabupaten_kota", "kode"]
    assert len(kabs) == 514 and len(reference.kabupaten_list()) == 514
    kec = codes[codes["level"] == "kecamatan"].assign(kab=lambda d: d["kode"].str[:5])
    desa = codes[codes["level"] == "desa_kelurahan"]
    assert set(kec["kab"]) == set(kabs)  # every kab/kota has kecamatan …
    assert set(desa["kode"].str[:8]) <= set(kec["kode"])  # … and desa only under them
    poly = gpd.read_parquet(reference.data_path("kecamatan.parquet"))
    assert poly.geometry.is_valid.all() and poly.geometry.notna().all()
    assert set(poly["kode"]) <= set(kec["kode"])
    assert kec["kode"].isin(set(poly["kode"])).mean() >= 0.99
    covered = kec.assign(p=kec["kode"].isin(set(poly["kode"]))).groupby("kab")["p"].mean()
    assert (covered[covered < 1].index == ["72.06"]).all()  # 72.06.20: no polygon at the source
    kabpoly = reference.kabupaten_boundaries()
    assert set(kabpoly["kode"]) == set(kabs) and kabpoly.geometry.is_valid.all()
    d = pd.read_parquet(reference.data_path("dapil.parquet"))
    d = d[d["jenis"] == "dprd_kabupaten_kota"]
    placed = set(d.loc[d["tingkatan"].isin(["kecamatan", "pecahan_kecamatan"]), "kode_wilayah"])
    unplaced = set(kec.loc[~kec["kode"].isin(placed), "kode"])
    # DKI Jakarta's six units have no DPRD; the rest are the kecamatan created after 2024
    assert {k for k in unplaced if not k.startswith("31.")} == AFTER_2024


def _check_init(tmp: Path, kode: str) -> None:
    root = write_skeleton(tmp / kode.replace(".", "_"), kode)
    ws = open_workspace(root, use_cache=False)
    assert ws.config.kabupaten == kode
    codes = reference.kode_wilayah()
    mine = codes[codes["kode"].str.startswith(kode + ".")]
    assert set(ws.wilayah.kecamatan["kode"]) == set(mine.loc[mine["level"] == "kecamatan", "kode"])
    assert set(ws.wilayah.desa["kode"]) == set(mine.loc[mine["level"] == "desa_kelurahan", "kode"])
    prov = kode.split(".")[0]
    assert ws.wilayah.name_of(prov) is not None  # the province and its kab/kota, for rankings
    siblings = codes[
        (codes["level"] == "kabupaten_kota") & codes["kode"].str.startswith(prov + ".")
    ]
    assert set(siblings["kode"]) <= set(ws.wilayah.kode["kode"])
    drawn = ws.kecamatan.geometry.notna()
    assert drawn.mean() >= 0.9 and set(ws.kecamatan.loc[~drawn, "kode"]) <= {"72.06.20"}
    problems = [p for f in ws.report.files for p in f.problems]
    no_poly = {p.value for p in problems if p.code == "tanpa_poligon"}
    assert no_poly == set(ws.kecamatan.loc[~drawn, "kode"])  # a missing polygon is reported
    if kode.startswith("31."):
        assert ws.kecamatan["dapil"].isna().all()  # no DPRD: no Dapil, said in the README
        assert "KPU tidak punya Dapil" in (root / "README.md").read_text(encoding="utf-8")
        return
    no_dapil = ws.kecamatan.loc[ws.kecamatan["dapil"].isna(), "kode"]
    assert set(no_dapil) <= AFTER_2024
    reported = {p.suggestion for p in problems if p.code == "tanpa_dapil"}
    assert set(no_dapil) <= reported  # … and reported, never silently left out
    errors = [(f.path, p.code, p.value) for f in ws.report.files for p in f.problems
              if p.severity == "error"]  # fmt: skip
    assert not errors, errors


def _one_per_province() -> list[str]:
    codes = reference.kode_wilayah()
    kabs = codes.loc[codes["level"] == "kabupaten_kota", "kode"]
    first = kabs.groupby(kabs.str[:2]).first().tolist()
    # and the awkward ones: a kota, new kecamatan without Dapil, a kecamatan without polygon
    return sorted(set(first) | {"34.03", "52.72", "72.01", "72.06", "92.02", "31.71"})


@pytest.mark.parametrize("kode", _one_per_province())
def test_init_works_for_a_kabupaten_of_every_province(tmp_path, kode):
    _check_init(tmp_path, kode)


@pytest.mark.nasional
@pytest.mark.parametrize("provinsi", sorted({k.provinsi for k in reference.kabupaten_list()}))
def test_init_works_for_every_kabupaten(tmp_path, provinsi):
    for kab in reference.kabupaten_list():
        if kab.provinsi == provinsi:
            _check_init(tmp_path, kab.kode)


def test_provenance_is_valid_json_with_the_attributions():
    prov = json.loads(reference.data_path("PROVENANCE.json").read_text(encoding="utf-8"))
    assert "KPU" in prov["files"]["dapil.parquet"]["attribution"]
    assert "Kepmendagri" in prov["files"]["kode_wilayah.parquet"]["attribution"]

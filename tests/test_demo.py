"""The demo workspace: deterministic, plausible, labelled, and loadable."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import shapely

from planlib import open_workspace
from planlib.bidang import BidangRules
from planlib.demo import LABEL, OPD, TEMPLATES, write_demo


def _digest(root) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".planlib-cache" not in p.parts
    }


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = write_demo(tmp_path / "a", usulan_per_tahun=300, n_desa=40, tahun=(2025, 2026))
    b = write_demo(tmp_path / "b", usulan_per_tahun=300, n_desa=40, tahun=(2025, 2026))
    c = write_demo(tmp_path / "c", usulan_per_tahun=300, n_desa=40, tahun=(2025, 2026), seed=7)
    assert _digest(a.root) == _digest(b.root)
    da, dc = _digest(a.root), _digest(c.root)
    assert da["usulan/usulan_2026.xlsx"] != dc["usulan/usulan_2026.xlsx"]
    assert da["wilayah/desa.geojson"] != dc["wilayah/desa.geojson"]


@pytest.fixture(scope="module")
def demo(demo_ws, tmp_path_factory):
    """A copy of the session demo for this module: opening a workspace writes its cache."""
    root = tmp_path_factory.mktemp("demo_copy") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache"))
    return root


def test_default_demo_is_the_same_in_another_process(demo_ws, tmp_path):
    """The session's demo, byte for byte, from an independent run in a fresh interpreter.

    The second run uses another string-hash seed, so output that depended on the
    iteration order of a set or on anything else in the process would differ. It also
    shows that no earlier test wrote into the shared ``demo_ws`` (tests that change the
    demo must work on a copy).
    """
    fresh = tmp_path / "contoh"
    code = "import sys; from planlib.demo import write_demo; write_demo(sys.argv[1])"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(fresh)], env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    want = _digest(fresh)
    assert len(want) == 22, sorted(want)  # config, README, truth, manifest and 18 data files
    have = _digest(demo_ws)
    assert {k: have.get(k) for k in want} == want


def test_shape_of_the_default_demo(demo):
    ws = open_workspace(demo)
    assert ws.label == LABEL
    assert LABEL in (demo / "README.md").read_text(encoding="utf-8")
    assert len(ws.kecamatan) == 12 and ws.kecamatan.geometry.notna().all()
    assert len(ws.desa) == 150
    assert ws.dapil["dapil"].nunique() == 4
    assert ws.kecamatan["dapil"].isna().sum() == 1  # the pemekaran kecamatan
    assert ws.tahun == [2024, 2025, 2026]
    for t, df in ws.usulan.items():
        assert 2800 <= len(df) <= 3100, t
        assert df["kode_kecamatan"].str.startswith("99.01.").all()
        assert df["bidang"].notna().all()
    # the new kecamatan has no usulan in the first year, and has them later
    new = ws.kecamatan.loc[ws.kecamatan["dapil"].isna(), "kode"].iloc[0]
    assert (ws.usulan[2024]["kode_kecamatan"] == new).sum() == 0
    assert (ws.usulan[2026]["kode_kecamatan"] == new).sum() > 0


def test_polygons_tile_the_kabupaten(demo):
    ws = open_workspace(demo)
    kec = ws.kecamatan.geometry.values
    desa = ws.desa.geometry.values
    assert shapely.is_valid(kec).all() and shapely.is_valid(desa).all()
    assert shapely.coverage_is_valid(kec)
    assert shapely.coverage_is_valid(desa)
    # every desa lies in its own kecamatan, and the desa add up to the kecamatan
    kec_geom = ws.kecamatan.set_index("kode").geometry
    for _, d in ws.desa.iterrows():
        parent = kec_geom[d["kode"].rsplit(".", 1)[0]]
        assert parent.buffer(1e-6).contains(d.geometry), d["kode"]
    assert shapely.union_all(desa).area == pytest.approx(shapely.union_all(kec).area, rel=1e-6)
    # a plausible kabupaten: tens of kilometres across, in the tropics
    minx, miny, maxx, maxy = shapely.union_all(kec).bounds
    assert 0.4 < maxx - minx < 1.2 and 0.3 < maxy - miny < 1.0 and -10 < miny < maxy < 5


def test_every_opd_has_a_bidang_and_true_opd_is_recorded(demo):
    rules = BidangRules.default()
    assert all(rules.classify(name) for name in OPD.values())
    truth = pd.read_csv(demo / ".demo-truth.csv", dtype={"id_usulan": str})
    ws = open_workspace(demo)
    df = ws.usulan[2026].merge(truth, on=["id_usulan", "tahun"], how="left")
    known = df["opd"].notna()
    assert known.mean() > 0.99  # only rows whose ID was planted as dirt lack the truth
    assert (df.loc[known, "opd_tujuan"] == df.loc[known, "opd"]).all()
    assert set(truth["opd_kunci"]) <= set(OPD)
    assert {t.opd for t in TEMPLATES} == set(OPD)
    # usulan that were not accepted come back the next year with the same lineage
    lin = truth.groupby("lineage")["tahun"].nunique()
    assert (lin > 1).sum() > 100


def test_indicators_have_the_series_break_and_local_levels(demo):
    ws = open_workspace(demo)
    ind = ws.indikator
    ipm = ind[(ind["kode_wilayah"] == "99.01") & (ind["indikator"] == "ipm")]
    assert set(ipm["seri"]) == {"lama", "revisi_2024"}
    assert ipm.duplicated(["tahun", "seri"]).sum() == 0
    for kode in ("00", "99", "99.01", "99.71"):
        assert {"ipm", "p0", "tpt"} <= set(ind.loc[ind["kode_wilayah"] == kode, "indikator"])
    assert set(ind.loc[ind["indikator"] == "stunting", "level"]) == {"kecamatan"}
    assert set(ind.loc[ind["indikator"] == "idm", "level"]) == {"desa"}
    tpt = ind[(ind["kode_wilayah"] == "99.01") & (ind["indikator"] == "tpt")]
    assert 2016 not in set(tpt["tahun"]) and 2017 in set(tpt["tahun"])  # a gap, not a zero


def test_plans_load(demo):
    ws = open_workspace(demo)
    assert ws.target_rpjmd is not None and {"ipm", "p0", "tpt"} <= set(ws.target_rpjmd["indikator"])
    assert ws.pohon_kinerja is not None and (
        ws.pohon_kinerja["level"] == "sub_kegiatan"
    ).sum() == len(TEMPLATES)
    assert ws.renja is not None and ws.renja["pagu"].gt(0).all()
    for kind in ("target_rpjmd", "pohon_kinerja", "renja"):
        fr = next(f for f in ws.report.files if f.kind == kind)
        assert fr.rows_in > 0 and not fr.errors, (kind, fr.errors[:3])


def test_manifest_is_consistent(demo):
    manifest = json.loads((demo / ".demo-manifest.json").read_text(encoding="utf-8"))
    assert manifest["label"] == LABEL
    codes = {p["code"] for p in manifest["planted"]}
    assert {"kecamatan_mirip", "id_ganda_beda", "baris_total", "kecamatan_singkatan"} <= codes
    rows = [(p["file"], p["row"]) for p in manifest["planted"] if p["row"] is not None]
    assert len(rows) == len(set(rows))  # one planted problem per row, so each can be checked


def test_scaled_demo(tmp_path):
    m = write_demo(
        tmp_path / "big", n_kecamatan=120, n_desa=1500, usulan_per_tahun=6000, tahun=(2026,)
    )
    ws = open_workspace(m.root)
    assert len(ws.kecamatan) == 120 and len(ws.desa) == 1500
    assert len(ws.usulan[2026]) > 5800
    assert ws.report.balanced


def test_public_names_stay_importable_from_the_package():
    """planlib.demo is a package now; what tests, benchmarks and the CLI imported still works."""
    import planlib.demo as demo

    before = ["DIRT", "DROPPING", "HEADERS", "ISU", "KABUPATEN", "LABEL", "NAMA", "OPD",
              "SILENT", "TEMPLATES", "DemoManifest", "Planted", "Template", "write_demo",
              "write_perencanaan_for", "write_usulan_for"]  # fmt: skip
    assert [n for n in before if not hasattr(demo, n)] == []

"""The planlib command as an analyst runs it: init, demo, check (text and JSON), exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from planlib import open_workspace
from planlib.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_check_demo_reports_the_planted_dirt_precisely(demo_ws):
    res = run("check", demo_ws, "--json", "--no-cache")
    assert res.exit_code == 1, res.output  # the demo carries planted errors
    files = json.loads(res.output)["files"]
    manifest = json.loads((demo_ws / ".demo-manifest.json").read_text())
    planted = manifest["planted"] if isinstance(manifest, dict) else manifest
    for f in files:
        assert f["rows_in"] == f["rows_loaded"] + f["rows_reported"], f["path"]
        for p in f["problems"]:
            assert set(p) >= {"row", "column", "value", "reason", "suggestion", "severity"}
    for rel in {p["file"] for p in planted}:
        f = next(x for x in files if Path(x["path"]).resolve() == (demo_ws / rel).resolve())
        expected = {
            (p["row"], p["code"], p["severity"])
            for p in planted
            if p["file"] == rel and p["severity"] != "none"
        }
        got = {(p["row"], p["code"], p["severity"]) for p in f["problems"]}
        assert got == expected, (rel, sorted(got - expected)[:5], sorted(expected - got)[:5])
        dropped = {p["row"] for p in planted if p["file"] == rel and p["dropped"]}
        assert f["rows_reported"] == len(dropped)


def test_demo_silent_fixes_land_on_the_right_codes(demo_ws):
    from planlib.demo import write_demo  # noqa: F401  (the manifest's truth comes from the generator)

    ws = open_workspace(demo_ws, use_cache=False)
    manifest = json.loads((demo_ws / ".demo-manifest.json").read_text())
    planted = manifest["planted"] if isinstance(manifest, dict) else manifest
    silent = [p for p in planted if p["severity"] == "none" and p["code"].startswith("kecamatan_")]
    assert silent
    assert {p["file"].split("/")[0] for p in silent} == {"usulan", "pokir"}
    for p in silent:
        df = (ws.pokir if p["file"].startswith("pokir/") else ws.usulan)[p["tahun"]]
        row = df[df["baris"] == p["row"]]
        assert len(row) == 1 and row["kode_kecamatan"].iloc[0].startswith("99.01.")
        assert row["kecamatan_asli"].iloc[0] != row["nama_kecamatan"].iloc[0]


def test_cached_open_gives_the_same_tables(demo_ws, tmp_path):
    ws_dir = tmp_path / "ws"
    shutil.copytree(demo_ws, ws_dir)
    first = open_workspace(ws_dir)
    assert (ws_dir / ".planlib-cache").is_dir()
    second = open_workspace(ws_dir)
    for t in first.usulan:
        pd.testing.assert_frame_equal(first.usulan[t], second.usulan[t])
    pd.testing.assert_frame_equal(first.indikator, second.indikator)
    assert first.report.to_dict() == second.report.to_dict()
    # a changed input is parsed again, not served stale from the cache
    kode = ws_dir / "wilayah" / "kode_wilayah.csv"
    kode.write_text(
        kode.read_text(encoding="utf-8") + "99.01.99,Kecamatan Baru,kecamatan\n", encoding="utf-8"
    )
    third = open_workspace(ws_dir)
    assert "99.01.99" in set(third.kecamatan["kode"])


def test_init_writes_a_workspace_that_checks_clean(tmp_path):
    res = run("init", tmp_path / "hss", "--kabupaten", "Hulu Sungai Selatan")
    assert res.exit_code == 0, res.output
    assert "Kabupaten Hulu Sungai Selatan (63.06)" in res.output and "planlib tambah" in res.output
    for rel in ["planlib.toml", "README.md", "wilayah/kode_wilayah.csv", "wilayah/kecamatan.geojson",
                "wilayah/SUMBER.md", "dapil.csv", "bidang.csv", "perencanaan/pohon_kinerja.csv",
                "perencanaan/renja.csv", "perencanaan/target_rpjmd.csv"]:  # fmt: skip
        assert (tmp_path / "hss" / rel).exists(), rel
    codes = pd.read_csv(tmp_path / "hss/wilayah/kode_wilayah.csv", dtype=str)
    assert (codes["kode"] == "63.06.02").any() and (codes["kode"] == "63").any()
    res = run("check", tmp_path / "hss")
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    assert run("init", tmp_path / "hss", "--kabupaten", "63.06").exit_code == 2  # never overwrites


def test_init_answers_an_ambiguous_or_unknown_name_with_choices(tmp_path):
    res = run("init", tmp_path / "b", "--kabupaten", "Bima")
    assert res.exit_code == 2 and "Kabupaten Bima" in res.output and "Kota Bima" in res.output
    assert not (tmp_path / "b" / "planlib.toml").exists()
    res = run("init", tmp_path / "b", "--kabupaten", "Lombok")
    assert res.exit_code == 2 and "Kabupaten Lombok Timur" in res.output
    assert "Traceback" not in res.output


def test_init_skeleton_with_a_code_list_checks_clean(tmp_path, shared):
    root = tmp_path / "hss"
    assert run("init", root, "--kabupaten", "63.06").exit_code == 0
    codes = pd.read_csv(shared / "codes/wilayah_kalsel_kukar_kemendagri2025.csv", dtype=str)
    codes[codes["kode"].str.startswith("63.06")][["kode", "nama", "level"]].to_csv(
        root / "wilayah/kode_wilayah.csv", index=False
    )
    res = run("check", root)
    assert res.exit_code == 0, res.output  # empty templates are not errors


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "planlib.toml"),
        (
            lambda p: (p / "planlib.toml").write_text("[wilayah\nkabupaten=", encoding="utf-8"),
            "tidak dapat dibaca",
        ),
        (
            lambda p: (p / "planlib.toml").write_text(
                '[wilayah]\nkabupaten = "6306x"\nkode_wilayah="k.csv"\n', encoding="utf-8"
            ),
            "kabupaten",
        ),
        (
            lambda p: (p / "planlib.toml").write_text(
                '[wilayah]\nkabupaten = "63.06"\nkode_wilayah="k.csv"\n', encoding="utf-8"
            ),
            "k.csv",
        ),
    ],
)
def test_unusable_workspace_exits_2(tmp_path, setup, message):
    setup(tmp_path)
    res = run("check", tmp_path)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def test_unreadable_file_exits_2_but_reports_the_others(demo_ws, tmp_path):
    ws_dir = tmp_path / "ws"
    shutil.copytree(demo_ws, ws_dir)
    (ws_dir / "usulan" / "usulan_2025.xlsx").write_bytes(b"PK\x03\x04 corrupt")
    res = run("check", ws_dir, "--json")
    assert res.exit_code == 2
    files = json.loads(res.output)["files"]
    bad = [f for f in files if f["fatal"]]
    assert len(bad) == 1 and bad[0]["path"].endswith("usulan_2025.xlsx")
    assert any(f["path"].endswith("usulan_2026.xlsx") and f["rows_loaded"] > 0 for f in files)


def test_console_script_has_no_traceback(tmp_path):
    exe = Path(sys.executable).with_name("planlib")
    res = subprocess.run(
        [str(exe), "check", str(tmp_path / "nope")], capture_output=True, text=True
    )
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "tidak ditemukan" in res.stderr

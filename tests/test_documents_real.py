"""Decks and desa letters on the real Hulu Sungai Selatan workspace (public data, synthetic usulan)."""

from __future__ import annotations

import pandas as pd
import pytest
from pptx import Presentation
from typer.testing import CliRunner

from planlib import open_workspace, rekap
from planlib.cli import app
from planlib.formatting import angka

from .conftest import real_workspace_with_usulan

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def hss_ws(shared, tmp_path_factory):
    """HSS from the public data, with synthetic usulan, plan and realisasi on its real kecamatan."""
    from planlib.demo.realisasi import write_realisasi

    root = real_workspace_with_usulan(shared, tmp_path_factory.mktemp("hss"), "63.06")
    ws = open_workspace(root)
    opd = sorted(set(ws.renja["opd"].dropna()))[:10]
    write_realisasi(root / "realisasi/r2025.xlsx", list(ws.kecamatan["nama"]), opd, 2025, seed=7)
    with open(root / "planlib.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[realisasi]\n2025 = "realisasi/r2025.xlsx"\n')
    return root


def test_decks_on_hss(hss_ws, tmp_path):
    ws = open_workspace(hss_ws)
    dapil = sorted(ws.kecamatan["dapil"].dropna().unique(), key=rekap.natural_key)[0]
    kec = ws.kecamatan[ws.kecamatan["dapil"] == dapil]
    out = tmp_path / "dapil.pptx"
    res = run(
        "deck", hss_ws, "--tahun", 2026, "--dapil", dapil, "--gambar", "matplotlib", "--out", out
    )
    assert res.exit_code == 0, res.output
    slides = list(Presentation(str(out)).slides)
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in slides]
    for nama in kec["nama"]:
        s = slides[titles.index(f"Kecamatan {nama}")]
        assert sum(sh.shape_type == 13 for sh in s.shapes) == 1  # its map
        n = len(rekap.usulan_tahun(ws, 2026).query("nama_kecamatan == @nama"))
        assert angka(n) in [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
    for flag in ("--rembuk",):
        res = run(
            "deck",
            hss_ws,
            "--tahun",
            2026,
            flag,
            "--gambar",
            "matplotlib",
            "--out",
            tmp_path / "r.pptx",
        )
        assert res.exit_code == 0, res.output
        assert len(Presentation(str(tmp_path / "r.pptx")).slides) >= 4
    res = run(
        "deck",
        hss_ws,
        "--tahun",
        2025,
        "--rakerda",
        "--gambar",
        "matplotlib",
        "--out",
        tmp_path / "k.pptx",
    )
    assert res.exit_code == 0, res.output
    assert "Kinerja per bidang" in [
        next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
        for s in Presentation(str(tmp_path / "k.pptx")).slides
    ]


def test_laporan_desa_on_hss(hss_ws, tmp_path):
    res = run("laporan-desa", hss_ws, "--tahun", 2026, "--out", tmp_path / "l", "--no-pdf")
    assert res.exit_code == 0, res.output
    index = pd.read_csv(tmp_path / "l" / "index.csv")
    df = rekap.usulan_tahun(open_workspace(hss_ws), 2026)
    assert index["jumlah"].sum() == len(df)
    assert set(index["kecamatan"]) == set(df["nama_kecamatan"].dropna())
    assert all((tmp_path / "l" / x).exists() for x in index["xlsx"])

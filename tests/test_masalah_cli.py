"""``planlib masalah``: record, list (JSON with the usulan that answer), the desa's take-home report."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from planlib.cli import app

from .support import need_module

runner = CliRunner()


@pytest.fixture(scope="module")
def ws(demo_ws, tmp_path_factory):
    root = tmp_path_factory.mktemp("masalah") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns("masalah.sqlite*"))
    return root


def _run(*args: str):
    result = runner.invoke(app, list(args))
    return result


def test_catat_daftar_laporan(ws, tmp_path):
    from planlib.workspace import open_workspace

    w = open_workspace(ws)
    u = w.usulan[2026]
    desa_only = u["kode_desa"].fillna("").str.rsplit(".", n=1).str[-1].str.startswith("2")
    row = u[desa_only & u["masalah"].notna()].iloc[0]  # a desa (IDM has no kelurahan)
    desa = str(row["nama_desa"])
    typo = desa[:-1] + ("a" if desa[-1] != "a" else "e")  # one letter wrong
    r = _run("masalah", "catat", str(ws), "--tahun", "2026", "--desa", typo,
             "--masalah", f"Warga mengeluh: {row['masalah']}", "--oleh", "Ani", "--prioritas", "1")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "dicocokkan" in r.output and desa in r.output
    inject = '=HYPERLINK("http://contoh.invalid","klik")'
    r = _run("masalah", "catat", str(ws), "--tahun", "2026", "--desa", str(row["kode_desa"]),
             "--masalah", inject, "--oleh", "Budi", "--isu", "tata kelola")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = _run("masalah", "catat", str(ws), "--tahun", "2026", "--desa", "Desa Yang Tidak Ada Sama Sekali",
             "--masalah", "x", "--oleh", "Budi")  # fmt: skip
    assert r.exit_code == 2 and "tidak dikenal" in r.output

    r = _run("masalah", "daftar", str(ws), "--tahun", "2026", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    items = {m["id_masalah"]: m for m in data["masalah"]}
    assert len(items) == 2
    assert all(isinstance(m["id_usulan_terkait"], list) for m in items.values())
    assert row["id_usulan"] in items[1]["id_usulan_terkait"]
    assert items[2]["id_usulan_terkait"] == []
    assert items[1]["waktu"].endswith("+00:00") and items[1]["waktu_lokal"]

    out = tmp_path / "laporan"
    r = _run("masalah", "laporan", str(ws), "--tahun", "2026", "--out", str(out))
    assert r.exit_code == 0, r.output
    kec = str(row["nama_kecamatan"])
    xlsx = out / kec / f"{desa}.xlsx"
    sheet = load_workbook(xlsx).active
    cells = [c.value for line in sheet.iter_rows() for c in line if c.value is not None]
    assert f"Warga mengeluh: {row['masalah']}" in cells
    assert "'" + inject in cells  # text, never a formula
    assert any(str(c).startswith("Status IDM 2024") for c in cells)  # the desa's IDM beside it
    assert row["id_usulan"] in " ".join(map(str, cells))
    pypdf = need_module("pypdf", "it reads the PDF back")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out / kec / f"{desa}.pdf").pages)
    flat = " ".join(text.split())
    assert "Warga mengeluh" in flat and "HYPERLINK" in flat and "Status IDM 2024" in flat
    summary = load_workbook(out / kec / f"Ringkasan Kecamatan {kec}.xlsx").active
    values = [c.value for line in summary.iter_rows() for c in line]
    assert desa in values


def test_koreksi_batal_urung(ws):
    r = _run("masalah", "catat", str(ws), "--tahun", "2030", "--kecamatan", "Padang Harapan",
             "--masalah", "Banjir tahunan", "--oleh", "Camat")  # fmt: skip
    assert r.exit_code == 0, r.output
    i = r.output.split("#")[1].split(":")[0]
    assert _run("masalah", "koreksi", str(ws), "--id", i, "--masalah", "Banjir tiap Januari",
                "--oleh", "Camat").exit_code == 0  # fmt: skip
    daftar = json.loads(_run("masalah", "daftar", str(ws), "--tahun", "2030", "--json").output)
    assert daftar["masalah"][0]["masalah"] == "Banjir tiap Januari"
    assert _run("masalah", "batal", str(ws), "--id", i, "--oleh", "Camat").exit_code == 0
    assert (
        json.loads(_run("masalah", "daftar", str(ws), "--tahun", "2030", "--json").output)[
            "masalah"
        ]
        == []
    )
    assert _run("masalah", "urung", str(ws), "--id", i, "--oleh", "Camat").exit_code == 0
    back = json.loads(_run("masalah", "daftar", str(ws), "--tahun", "2030", "--json").output)
    assert back["masalah"][0]["masalah"] == "Banjir tiap Januari"

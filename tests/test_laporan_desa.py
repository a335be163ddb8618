"""``planlib laporan-desa``: every desa learns what became of each of its usulan (xlsx and PDF)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from planlib import open_workspace
from planlib.documents.laporan_desa import riwayat_keputusan, safe_name
from planlib.forum.keputusan import BELUM
from planlib.forum.lineage import assign_lineage
from planlib.rekap import usulan_tahun

from .support import need_module

ROOT = Path(__file__).resolve().parents[1]


def planlib(*args: object) -> subprocess.CompletedProcess:
    """The command as an analyst runs it, in its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "planlib.cli", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    """A smaller Kabupaten Contoh (4 kecamatan, 24 desa): a letter per desa is the same code at any size."""
    from planlib.demo import write_demo

    root = tmp_path_factory.mktemp("kecil") / "contoh"
    write_demo(root, n_kecamatan=4, n_desa=24, usulan_per_tahun=500)
    return root


@pytest.fixture
def ws(small_demo, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(small_demo, root)
    return root


def _sheet_rows(path: Path) -> list[list[object]]:
    return [
        list(r) for r in load_workbook(path, read_only=True)["Laporan"].iter_rows(values_only=True)
    ]


def _row_of(rows: list[list[object]], id_usulan: str) -> dict[str, object]:
    """The row of ``id_usulan`` under the table's header, as {header: value}."""
    head = next(r for r in rows if r[:2] == ["No", "ID Usulan"])
    hits = [r for r in rows if len(r) > 1 and r[1] == id_usulan]
    assert len(hits) == 1, id_usulan
    return dict(zip(head, hits[0], strict=True))


def _pdf_text(path: Path) -> str:
    pypdf = need_module("pypdf", "it reads the PDFs back (pip install pypdf)")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", "", text)


def test_decisions_and_reasons_reach_the_right_desa(ws, tmp_path):
    df = usulan_tahun(open_workspace(ws), 2026)
    by_desa = df.dropna(subset=["kode_desa"]).groupby("kode_desa", observed=True)
    # three usulan of three different desa (and kecamatan where possible)
    picks = by_desa.head(1).drop_duplicates("kode_kecamatan").head(3)
    assert len(picks) == 3
    a, b, c = picks.to_dict("records")
    decided = {
        a["id_usulan"]: ("diterima", "Prioritas desa sesuai RPJMD", None),
        b["id_usulan"]: ("dialihkan", "Kewenangan dinas sosial", "Dinas Sosial"),
        c["id_usulan"]: ("ditolak", "Sudah dibangun tahun lalu", None),
    }
    for id_, (status, alasan, opd) in decided.items():
        args = ["decide", ws, "--usulan", id_, "--status", status, "--alasan", alasan,
                "--oleh", "Rina", "--tahun", 2026, *(["--opd", opd] if opd else [])]  # fmt: skip
        res = planlib(*args)
        assert res.returncode == 0, res.stderr
    out = tmp_path / "laporan"
    res = planlib("laporan-desa", ws, "--tahun", 2026, "--out", out)
    assert res.returncode == 0, res.stderr
    assert "desa ditulis" in res.stdout  # progress while it writes

    index = pd.read_csv(out / "index.csv", dtype={"kode_desa": str})
    n_desa = df.groupby([df["nama_kecamatan"], df["kode_desa"].fillna("")], observed=True).ngroups
    assert len(index) == n_desa and index["jumlah"].sum() == len(df)  # every usulan in one letter
    for rec in (a, b, c):
        status, alasan, opd = decided[rec["id_usulan"]]
        entry = index[index["kode_desa"] == rec["kode_desa"]].iloc[0]
        xlsx, pdf = out / entry["xlsx"], out / entry["pdf"]
        assert xlsx.parent.name == safe_name(rec["nama_kecamatan"])
        assert xlsx.stem == safe_name(rec["nama_desa"])
        rows = _sheet_rows(xlsx)
        row = _row_of(rows, rec["id_usulan"])
        assert row["Keputusan Forum"] == status.capitalize()
        assert row["Alasan"] == alasan
        assert row["Dialihkan ke OPD"] == opd
        assert row["OPD Tujuan"] == rec["opd_tujuan"]
        mine = df[df["kode_desa"] == rec["kode_desa"]]
        table = [
            r for r in rows if isinstance(r[0], int | float) and r[1] in set(mine["id_usulan"])
        ]
        assert len(table) == len(mine)  # all of the desa's usulan, nobody else's
        others = [r for r in table if r[1] != rec["id_usulan"]]
        assert all(r[7] == BELUM for r in others)
        flat = [v for r in rows for v in r if v is not None]
        assert "DATA CONTOH — sintetis" in flat
        assert any(isinstance(v, str) and v.startswith("Kepala Bappeda") for v in flat)
        jumlah = rows[next(i for i, r in enumerate(rows) if "Jumlah" in r)]
        assert len(mine) in jumlah  # the totals at the top
        text = _pdf_text(pdf)
        for needle in (rec["id_usulan"], alasan, status.capitalize(), "DATACONTOH—sintetis"):
            assert re.sub(r"\s+", "", needle) in text, (pdf, needle)
        if opd:
            assert "DinasSosial" in text
        # the reason is in this desa's letter only
        for other in (r for r in (a, b, c) if r is not rec):
            other_rows = _sheet_rows(
                out / index[index["kode_desa"] == other["kode_desa"]].iloc[0]["xlsx"]
            )
            assert alasan not in [v for r in other_rows for v in r]


def test_history_follows_the_lineage_and_the_decisions():
    lineage = pd.DataFrame(
        {
            "id_usulan": ["a", "b", "c", "d"],
            "tahun": [2024, 2025, 2026, 2026],
            "lineage": ["L1", "L1", "L1", "L2"],
        }
    )
    status = pd.DataFrame(
        {
            "id_usulan": ["a", "b", "c", "d"],
            "tahun": [2024, 2025, 2026, 2026],
            "status": ["Ditolak", "Menunggu Verifikasi", "Diterima", "Diterima"],
        }
    )
    kep = pd.DataFrame({"id_usulan": ["b", "c"], "tahun": [2025, 2026],
                        "status": ["ditunda", "diterima"]})  # fmt: skip
    got = riwayat_keputusan(lineage, status, kep, 2026).set_index("id_usulan")
    assert got.loc["c", "riwayat"] == "diusulkan 3 kali: 2024 ditolak, 2025 ditunda, 2026 diterima"
    assert got.loc["c", "kali_diusulkan"] == 3
    assert got.loc["d", "riwayat"] == "pertama kali diusulkan"
    # without a forum decision: the SIPD status of an earlier year, "belum diputuskan" for this one
    got = riwayat_keputusan(lineage, status, kep.iloc[:0], 2026).set_index("id_usulan")
    assert got.loc["c", "riwayat"] == (
        f"diusulkan 3 kali: 2024 ditolak, 2025 menunggu verifikasi, 2026 {BELUM}"
    )


def test_history_of_a_workspace_with_one_year():
    """A workspace of one year (no earlier lineage members) used to fail adding text to NaN."""
    lineage = pd.DataFrame(
        {"id_usulan": ["a", "b"], "tahun": [2026, 2026], "lineage": ["L1", "L1"]}
    )
    status = pd.DataFrame({"id_usulan": ["a", "b"], "tahun": [2026, 2026],
                           "status": ["Diterima", None]})  # fmt: skip
    none = pd.DataFrame(columns=["id_usulan", "tahun", "status"])
    got = riwayat_keputusan(lineage, status, none, 2026)
    assert list(got["riwayat"]) == ["pertama kali diusulkan"] * 2
    assert list(got["kali_diusulkan"]) == [1, 1]


def test_letter_shows_an_earlier_years_decision(ws, tmp_path):
    w = open_workspace(ws)
    lin = assign_lineage(w.usulan)
    multi = lin[lin["kali_diusulkan"] >= 2]
    # an usulan of 2025 submitted again in 2026 (the same lineage in both years)
    both = set(multi.loc[multi["tahun"] == 2025, "lineage"]) & set(multi.loc[multi["tahun"] == 2026, "lineage"])  # fmt: skip
    assert both
    earlier = multi[(multi["tahun"] == 2025) & multi["lineage"].isin(both)].iloc[0]
    now = multi[(multi["lineage"] == earlier["lineage"]) & (multi["tahun"] == 2026)].iloc[0]
    res = planlib("decide", ws, "--usulan", earlier["id_usulan"], "--status", "ditunda",
                  "--alasan", "menunggu DED", "--oleh", "Budi", "--tahun", 2025)  # fmt: skip
    assert res.returncode == 0, res.stderr
    out = tmp_path / "laporan"
    res = planlib("laporan-desa", ws, "--tahun", 2026, "--out", out, "--no-pdf")
    assert res.returncode == 0, res.stderr
    desa = usulan_tahun(w, 2026).set_index("id_usulan").loc[now["id_usulan"]]
    index = pd.read_csv(out / "index.csv", dtype={"kode_desa": str})
    entry = index[index["kode_desa"] == desa["kode_desa"]].iloc[0]
    assert "pdf" not in index.columns or pd.isna(entry.get("pdf"))
    row = _row_of(_sheet_rows(out / entry["xlsx"]), now["id_usulan"])
    assert "2025 ditunda" in row["Riwayat"] and row["Riwayat"].startswith("diusulkan ")
    assert row["Riwayat"].endswith(f"2026 {BELUM}")

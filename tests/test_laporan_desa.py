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
from planlib.documents.laporan_desa.table import (
    TERCATAT_GANDA,
    TIDAK_DIBAHAS,
    riwayat_keputusan,
)
from planlib.forum.keputusan import BELUM
from planlib.forum.lineage import assign_lineage
from planlib.neutralise import file_name
from planlib.rekap import usulan_tahun

from .support import need_module

ROOT = Path(__file__).resolve().parents[1]
#: What a letter says of an usulan the check rejected.
REJECTED = (TIDAK_DIBAHAS, TERCATAT_GANDA)


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


def _sheet_rows(path: Path, sheet: str = "Rincian") -> list[list[object]]:
    """The rows of a letter's sheet: "Rincian" has every column, "Laporan" is the printed one."""
    return [list(r) for r in load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)]


def _row_of(rows: list[list[object]], id_usulan: str) -> dict[str, object]:
    """The row of ``id_usulan`` under the table's header (not a rejected one), as {header: value}."""
    head = next(r for r in rows if r[:2] == ["No", "ID Usulan"])
    hits = [r for r in rows if len(r) > 1 and r[1] == id_usulan and r[7] not in REJECTED]
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
    assert len(index) == n_desa
    # every usulan in one letter: the loaded ones, and those the check rejected (but one
    # without any kecamatan or desa, listed in tidak_ditempatkan.csv)
    lost = out / "tidak_ditempatkan.csv"
    n_lost = len(pd.read_csv(lost)) if lost.exists() else 0
    n_rejected = index[TIDAK_DIBAHAS].sum() + index.get(TERCATAT_GANDA, pd.Series([0])).sum()
    assert index["jumlah"].sum() == len(df) + n_rejected
    report = open_workspace(ws).report
    dropped = {p.row for f in report.files if f.path.endswith("usulan_2026.xlsx")
               for p in f.problems if p.dropped and p.code not in
               ("baris_kosong", "header_berulang", "baris_total", "bukan_data")}  # fmt: skip
    assert n_rejected + n_lost == len(dropped) > 0
    for rec in (a, b, c):
        status, alasan, opd = decided[rec["id_usulan"]]
        entry = index[index["kode_desa"] == rec["kode_desa"]].iloc[0]
        xlsx, pdf = out / entry["xlsx"], out / entry["pdf"]
        assert xlsx.parent.name == file_name(rec["nama_kecamatan"])
        assert xlsx.stem == file_name(rec["nama_desa"])
        rows = _sheet_rows(xlsx)
        row = _row_of(rows, rec["id_usulan"])
        assert row["Keputusan Forum"] == status.capitalize()
        assert row["Alasan"] == alasan
        assert row["Dialihkan ke OPD"] == opd
        assert row["OPD Tujuan"] == rec["opd_tujuan"]
        mine = df[df["kode_desa"] == rec["kode_desa"]]
        table = [
            r for r in rows if isinstance(r[0], int | float) and r[1] in set(mine["id_usulan"])
            and r[7] not in REJECTED
        ]  # fmt: skip
        assert len(table) == len(mine)  # all of the desa's usulan, nobody else's
        others = [r for r in table if r[1] != rec["id_usulan"]]
        assert all(r[7] == BELUM for r in others)
        letter = _sheet_rows(xlsx, "Laporan")  # the printed sheet: label, totals, signature
        flat = [v for r in letter for v in r if v is not None]
        assert "DATA CONTOH — sintetis" in flat
        assert any(isinstance(v, str) and v.startswith("Kepala Bappeda") for v in flat)
        jumlah = letter[next(i for i, r in enumerate(letter) if "Jumlah" in r)]
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


def test_an_usulan_the_check_rejected_reaches_its_desa_with_the_reason(ws, tmp_path):
    """The demo plants an usulan with kecamatan "Luar Daerah"/"Antah Berantah": its desa hears why."""
    import json

    manifest = json.loads((ws / ".demo-manifest.json").read_text())
    planted = [p for p in manifest["planted"] if p["tahun"] == 2026
               and p["code"] == "kecamatan_tidak_dikenal"]  # fmt: skip
    assert planted
    p = planted[0]
    # the row as the desa wrote it, read straight from the export
    sheet = load_workbook(ws / p["file"], read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    head = next(r for r in rows if "ID Usulan" in r and "Kelurahan/Desa" in r)
    raw = dict(zip(head, rows[p["row"] - 1], strict=False))
    assert raw["Kecamatan"] == p["value"]
    ident, desa = str(raw["ID Usulan"]), raw["Kelurahan/Desa"]
    w = open_workspace(ws)
    assert ident not in set(usulan_tahun(w, 2026)["id_usulan"])  # the check rejected it
    out = tmp_path / "laporan"
    res = planlib("laporan-desa", ws, "--tahun", 2026, "--out", out)
    assert res.returncode == 0, res.stderr
    index = pd.read_csv(out / "index.csv", dtype={"kode_desa": str})
    entry = index[index["desa"] == desa]
    assert len(entry) == 1, desa  # the desa is known from the raw row
    entry = entry.iloc[0]
    assert entry[TIDAK_DIBAHAS] >= 1
    letter = _sheet_rows(out / entry["xlsx"])
    hit = [r for r in letter if len(r) > 7 and r[1] == ident and r[7] == TIDAK_DIBAHAS]
    assert len(hit) == 1
    head_row = next(r for r in letter if r[:2] == ["No", "ID Usulan"])
    row = dict(zip(head_row, hit[0], strict=True))
    assert f'Kecamatan tertulis "{p["value"]}"' in row["Alasan"]
    assert "tidak dibahas" in row["Alasan"]
    # Usulan Ke runs on without a gap where the rejected usulan sits
    ke = [r[2] for r in letter if isinstance(r[0], int | float) and r[2] is not None]
    assert row["Usulan Ke"] in ke and ke == sorted(ke)
    text = _pdf_text(out / entry["pdf"])
    for needle in (ident, TIDAK_DIBAHAS, f'Kecamatantertulis"{p["value"]}"'):
        assert re.sub(r"\s+", "", needle) in text, needle
    # the letter's head: Nomor, Lampiran, Hal, a date in Indonesian, and the page count
    assert all(k in text for k in ("Nomor:", "Lampiran:", "Hal:TindaklanjutusulanMusrenbang"))
    assert re.search(r"\d{1,2}(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|"
                     r"Oktober|November|Desember)20\d\d", text)  # fmt: skip
    pypdf = pytest.importorskip("pypdf")
    pages = pypdf.PdfReader(out / entry["pdf"]).pages
    for n, page in enumerate(pages, start=1):
        assert f"Halaman {n} dari {len(pages)}" in page.extract_text()
        # rows move whole to the next page: the table's header is never repeated mid-page
        assert page.extract_text().count("ID Usulan") <= 1
    # no other desa's letter carries it
    others = index[index["desa"] != desa]
    for other in others["xlsx"].head(20):
        assert ident not in [r[1] for r in _sheet_rows(out / other) if len(r) > 1]


def test_history_says_which_decision_stands():
    lineage = pd.DataFrame({"id_usulan": ["a", "b"], "tahun": [2025, 2026],
                            "lineage": ["L1", "L1"]})  # fmt: skip
    status = pd.DataFrame({"id_usulan": ["a", "b"], "tahun": [2025, 2026],
                           "status": [None, None]})  # fmt: skip
    kep = pd.DataFrame({"id_usulan": ["a"], "tahun": [2025], "status": ["diterima"],
                        "waktu": ["2025-03-12T03:00:00+00:00"]})  # fmt: skip
    history = pd.DataFrame({
        "seq": [1, 2, 3], "tahun": [2025] * 3, "id_usulan": ["a"] * 3, "aksi": ["catat"] * 3,
        "status": ["dialihkan", "ditolak", "diterima"],
    })  # fmt: skip
    got = riwayat_keputusan(lineage, status, kep, 2026, riwayat=history).set_index("id_usulan")
    assert got.loc["b", "riwayat"] == (
        f"diusulkan 2 kali: 2025 diterima (berlaku; sebelumnya dialihkan, ditolak), 2026 {BELUM}"
    )
    # without the history, the decision in force alone
    got = riwayat_keputusan(lineage, status, kep, 2026).set_index("id_usulan")
    assert got.loc["b", "riwayat"] == f"diusulkan 2 kali: 2025 diterima, 2026 {BELUM}"
    # two usulan of one lineage in a year, SIPD statuses only: the one entered last stands
    lineage2 = pd.DataFrame({"id_usulan": ["a1", "a2", "b"], "tahun": [2025, 2025, 2026],
                             "lineage": ["L1", "L1", "L1"]})  # fmt: skip
    status2 = pd.DataFrame({"id_usulan": ["a1", "a2", "b"], "tahun": [2025, 2025, 2026],
                            "status": ["Ditolak", "Menunggu Verifikasi", None]})  # fmt: skip
    got = riwayat_keputusan(lineage2, status2, kep.iloc[:0], 2026).set_index("id_usulan")
    assert "2025 menunggu verifikasi (berlaku; sebelumnya ditolak)" in got.loc["b", "riwayat"]


def test_the_command_fails_when_a_letter_could_not_be_written(small_demo, tmp_path, monkeypatch):
    from planlib.documents.laporan_desa import write as laporan_desa

    from .test_cli import run

    def broken(*_a, **_k):
        raise OSError("disk penuh")

    monkeypatch.setattr(laporan_desa, "write_desa_pdf", broken)
    res = run("laporan-desa", small_demo, "--tahun", 2026, "--out", tmp_path / "l")
    assert res.exit_code == 1, res.output
    assert "GAGAL" in res.output
    assert (tmp_path / "l" / "index.csv").exists()  # the rest is written all the same


def test_a_row_taller_than_a_page_is_split_and_the_others_move_whole(small_demo, tmp_path):
    from planlib.documents.laporan_desa.pdf import write_desa_pdf
    from planlib.documents.laporan_desa.table import laporan_desa_table
    from planlib.forum.keputusan import KeputusanStore

    pypdf = pytest.importorskip("pypdf")
    w = open_workspace(small_demo)
    table = laporan_desa_table(w, 2026, KeputusanStore(tmp_path))
    desa = table["kode_desa"].value_counts().index[0]
    rows = table[table["kode_desa"] == desa].copy()
    rows.iloc[1, rows.columns.get_loc("usulan")] = "jalan desa panjang " * 110  # ~2,000 chars
    path = write_desa_pdf(rows, tmp_path / "surat.pdf", judul="Kabupaten Contoh", tahun=2026)
    pages = pypdf.PdfReader(path).pages
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"Halaman {n} dari {len(pages)}" in text
        assert text.count("ID Usulan") <= 1
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))
    assert all(re.sub(r"\s+", "", i) in flat for i in rows["id_usulan"])  # nobody lost

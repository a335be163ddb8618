"""Rakerda: performance by OPD, bidang and kabupaten — hand-computed aggregates and the CLI."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from planlib import open_workspace
from planlib.bidang import BidangRules
from planlib.cli import app
from planlib.demo.realisasi import write_realisasi
from planlib.rakerda import (
    COLUMNS,
    TANPA_BIDANG,
    TERTINGGAL_COLUMNS,
    bidang_opd,
    capaian_indikator,
    kategori,
    pilih_triwulan,
    rakerda,
    realisasi_tahun,
    tertinggal,
)
from planlib.realisasi import COLUMNS as REALISASI_COLUMNS
from planlib.realisasi import load_realisasi
from planlib.report import PlanlibError

from .conftest import real_workspace

runner = CliRunner()


def frame(*rows: dict) -> pd.DataFrame:
    """Loaded realisasi rows (the loader's columns), with defaults for what a test leaves out."""
    out = []
    for i, r in enumerate(rows):
        base = {c: None for c in REALISASI_COLUMNS}
        base.update(
            tahun=2025, triwulan=4, program="Program Pelayanan", kegiatan="Kegiatan",
            indikator="Indikator", target=10.0, realisasi=10.0, pagu=100.0,
            realisasi_keuangan=100.0, target_fisik=100.0, realisasi_fisik=100.0,
            baris=i + 2, file="r.xlsx",
        )  # fmt: skip
        base["kode_sub_kegiatan"] = f"K{i}"
        base["sub_kegiatan"] = f"Sub {i}"
        base.update(r)
        out.append(base)
    df = pd.DataFrame(out, columns=REALISASI_COLUMNS)
    for c in (
        "target",
        "realisasi",
        "pagu",
        "realisasi_keuangan",
        "target_fisik",
        "realisasi_fisik",
    ):
        df[c] = df[c].astype(float)
    return df


def by_name(table: pd.DataFrame, nama: str) -> pd.Series:
    hit = table[table["nama"] == nama]
    assert len(hit) == 1, (nama, table["nama"].tolist())
    return hit.iloc[0]


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("persen", "band"),
    [
        (0.0, "sangat rendah"), (50.0, "sangat rendah"), (50.99, "sangat rendah"),
        (51.0, "rendah"), (65.0, "rendah"), (65.5, "rendah"), (66.0, "sedang"), (75.0, "sedang"),
        (75.99, "sedang"), (76.0, "tinggi"), (90.0, "tinggi"), (90.99, "tinggi"),
        (91.0, "sangat tinggi"), (100.0, "sangat tinggi"), (130.0, "sangat tinggi"),
        (-5.0, "sangat rendah"), (math.nan, None), (None, None),
    ],
)  # fmt: skip
def test_kategori_half_open_bands(persen, band):
    assert kategori(persen) == band


def test_capaian_indikator_caps_and_flags():
    t = pd.Series([10.0, 10.0, 0.0, 0.0, math.nan, 4.0, 8.0])
    r = pd.Series([5.0, 15.0, 3.0, 0.0, 2.0, math.nan, 8.0])
    c = capaian_indikator(t, r)
    assert c["capaian"].tolist()[:3] == [50.0, 100.0, 100.0]
    assert math.isnan(c["capaian"][3]) and math.isnan(c["capaian"][4])
    assert c["capaian"][5] == 0.0 and c["capaian"][6] == 100.0
    assert c["flag"].tolist() == [None, "melebihi target", "target 0", "target 0",
                                  "target kosong", "realisasi kosong", None]  # fmt: skip


# --------------------------------------------------------------------------- aggregates


def test_hand_computed_aggregates():
    df = frame(
        # Dinas Kesehatan: pagu 100 and 300 → fisik weights 1/4 and 3/4
        dict(opd="Dinas Kesehatan", pagu=100.0, realisasi_keuangan=30.0, target_fisik=60.0,
             realisasi_fisik=40.0, target=10.0, realisasi=5.0),
        dict(opd="Dinas Kesehatan", pagu=300.0, realisasi_keuangan=150.0, target_fisik=80.0,
             realisasi_fisik=80.0, target=4.0, realisasi=4.0),
        # a second indicator of the second sub kegiatan: money counted once, capaian twice
        dict(opd="Dinas Kesehatan", kode_sub_kegiatan="K1", sub_kegiatan="Sub 1", pagu=300.0,
             realisasi_keuangan=150.0, target_fisik=80.0, realisasi_fisik=80.0,
             indikator="Indikator kedua", target=0.0, realisasi=0.0),
        dict(opd="Dinas Pendidikan", pagu=600.0, realisasi_keuangan=600.0, target_fisik=100.0,
             realisasi_fisik=120.0, target=5.0, realisasi=10.0),
        dict(opd="Dinas Pertanian", pagu=1000.0, realisasi_keuangan=700.0, target_fisik=90.0,
             realisasi_fisik=65.0, target=None, realisasi=3.0),
        # an earlier triwulan is not counted
        dict(opd="Dinas Pertanian", kode_sub_kegiatan="K9", sub_kegiatan="Sub 9", triwulan=3,
             pagu=1000.0, realisasi_keuangan=10.0, realisasi_fisik=1.0),
    )  # fmt: skip
    t = rakerda(df, 2025, kabupaten="Kabupaten Contoh")
    assert list(t.columns) == COLUMNS
    assert t["tingkat"].tolist() == ["kabupaten", "bidang", "opd", "opd", "bidang", "opd"]
    assert t["nama"].tolist() == ["Kabupaten Contoh", "pembangunan manusia", "Dinas Kesehatan",
                                  "Dinas Pendidikan", "ekonomi", "Dinas Pertanian"]  # fmt: skip
    assert (t["triwulan"] == 4).all() and (t["tahun"] == 2025).all()

    kes = by_name(t, "Dinas Kesehatan")
    assert kes["jumlah_sub_kegiatan"] == 2 and kes["bidang"] == "pembangunan manusia"
    assert kes["pagu"] == 400.0 and kes["realisasi_keuangan"] == 180.0
    assert kes["persen_keuangan"] == pytest.approx(45.0)
    assert kes["target_fisik"] == pytest.approx(0.25 * 60 + 0.75 * 80)  # 75
    assert kes["realisasi_fisik"] == pytest.approx(0.25 * 40 + 0.75 * 80)  # 70
    # indicators: 50 %, 100 %, and a target of 0 with nothing realised (not computed)
    assert kes["capaian_keluaran"] == pytest.approx(75.0)
    assert kes["kategori"] == "sedang" and kes["kategori_keuangan"] == "sangat rendah"
    assert "1 indikator dengan target 0" in kes["catatan"]

    dik = by_name(t, "Dinas Pendidikan")
    assert dik["realisasi_fisik"] == 100.0  # 120 % counted as 100
    assert dik["capaian_keluaran"] == 100.0 and dik["kategori"] == "sangat tinggi"
    assert "melebihi target" in dik["catatan"] and "di atas 100%" in dik["catatan"]

    pm = by_name(t, "pembangunan manusia")
    assert pm["pagu"] == 1000.0 and pm["realisasi_keuangan"] == 780.0
    assert pm["persen_keuangan"] == pytest.approx(78.0) and pm["kategori_keuangan"] == "tinggi"
    assert pm["realisasi_fisik"] == pytest.approx((100 * 40 + 300 * 80 + 600 * 100) / 1000)
    assert pm["capaian_keluaran"] == pytest.approx((50 + 100 + 100) / 3)

    tan = by_name(t, "Dinas Pertanian")
    assert math.isnan(tan["capaian_keluaran"]) and pd.isna(tan["kategori"])
    assert "1 indikator tanpa target" in tan["catatan"]
    assert tan["persen_keuangan"] == pytest.approx(70.0) and tan["kategori_keuangan"] == "sedang"

    kab = by_name(t, "Kabupaten Contoh")
    assert kab["pagu"] == 2000.0 and kab["realisasi_keuangan"] == 1480.0
    assert kab["persen_keuangan"] == pytest.approx(74.0) and kab["kategori_keuangan"] == "sedang"
    assert kab["realisasi_fisik"] == pytest.approx((4000 + 24000 + 60000 + 65000) / 2000)
    assert kab["target_fisik"] == pytest.approx((6000 + 24000 + 60000 + 90000) / 2000)
    assert kab["capaian_keluaran"] == pytest.approx(250 / 3)
    assert kab["kategori"] == "tinggi" and kab["jumlah_sub_kegiatan"] == 4
    assert "1 sub kegiatan tanpa laporan triwulan 4" in kab["catatan"]


def test_triwulan_choice_and_missing_pagu():
    df = frame(
        dict(opd="Dinas Kesehatan", triwulan=1, realisasi_fisik=10.0, realisasi_keuangan=5.0),
        dict(opd="Dinas Kesehatan", triwulan=2, realisasi_fisik=30.0, realisasi_keuangan=20.0),
        dict(opd="Dinas Kesehatan", kode_sub_kegiatan="KX", sub_kegiatan="X", triwulan=2,
             pagu=None, realisasi_fisik=90.0, realisasi_keuangan=50.0),
        dict(opd="Dinas Kesehatan", tahun=2024, triwulan=4),
    )  # fmt: skip
    assert pilih_triwulan(df, 2025) == 2 and pilih_triwulan(df, 2025, 1) == 1
    with pytest.raises(PlanlibError, match="triwulan 3"):
        pilih_triwulan(df, 2025, 3)
    with pytest.raises(PlanlibError, match="2023"):
        rakerda(df, 2023)
    t2 = rakerda(df, 2025)
    kes = by_name(t2, "Dinas Kesehatan")
    # the sub kegiatan without pagu is left out of the weights and of persen_keuangan
    assert kes["realisasi_fisik"] == 30.0 and kes["persen_keuangan"] == pytest.approx(20.0)
    assert kes["pagu"] == 100.0 and kes["realisasi_keuangan"] == 70.0
    assert "1 sub kegiatan tanpa pagu" in kes["catatan"]
    t1 = rakerda(df, 2025, triwulan=1)
    assert by_name(t1, "Dinas Kesehatan")["realisasi_fisik"] == 10.0
    assert (t1["triwulan"] == 1).all()


def test_bidang_of_an_opd():
    df = frame(
        dict(opd="Dinas Kesehatan", program="Program Penunjang Urusan Pemerintahan Daerah"),
        # no rule on the name: the programs vote by pagu, the support program does not vote
        dict(opd="Badan Khusus", program="Program Penunjang Urusan Pemerintahan Daerah", pagu=9e9),
        dict(opd="Badan Khusus", program="Program Peningkatan Diversifikasi Pangan", pagu=300.0),
        dict(opd="Badan Khusus", program="Program Pembinaan Pendidikan Nonformal", pagu=200.0),
        dict(opd="Unit Lain", program="Program Penunjang Urusan Pemerintahan Daerah"),
        # a tie goes to the bidang listed first (pembangunan manusia before ekonomi)
        dict(opd="Badan Seimbang", program="Program Peningkatan Diversifikasi Pangan", pagu=50.0),
        dict(opd="Badan Seimbang", program="Program Pembinaan Pendidikan Nonformal", pagu=50.0),
    )  # fmt: skip
    b = bidang_opd(df)
    assert b["Badan Seimbang"] == "pembangunan manusia"
    assert b["Dinas Kesehatan"] == "pembangunan manusia"
    assert b["Badan Khusus"] == "ekonomi"
    assert b["Unit Lain"] == TANPA_BIDANG
    t = rakerda(df, 2025)
    assert t["nama"].tolist()[-2:] == [TANPA_BIDANG, "Unit Lain"]
    assert "bidang tidak dikenal" in by_name(t, "Unit Lain")["catatan"]
    own = BidangRules.from_csv_text("pola,bidang\nbadan khusus,pemerintahan\n")
    assert bidang_opd(df, own)["Badan Khusus"] == "pemerintahan"


def test_tertinggal_rule():
    df = frame(
        dict(opd="Dinas Kesehatan", triwulan=2, target_fisik=50.0, realisasi_fisik=30.0),  # 20
        dict(opd="Dinas Kesehatan", triwulan=2, target_fisik=50.0, realisasi_fisik=30.1),  # 19.9
        dict(opd="Dinas Kesehatan", triwulan=2, target_fisik=None, realisasi_fisik=25.0),  # 50-25
        dict(opd="Dinas Kesehatan", triwulan=2, target_fisik=None, realisasi_fisik=35.0),  # 15
        dict(opd="Dinas Kesehatan", triwulan=2, target_fisik=120.0, realisasi_fisik=None,
             pagu=200.0, realisasi_keuangan=20.0),  # 100 - 0
    )  # fmt: skip
    t = tertinggal(df, 2025)
    assert list(t.columns) == TERTINGGAL_COLUMNS
    assert t["sub_kegiatan"].tolist() == ["Sub 4", "Sub 2", "Sub 0"]
    assert t["selisih"].tolist() == [100.0, 25.0, 20.0]
    assert t["harapan_fisik"].tolist() == [100.0, 50.0, 50.0]
    assert t["dasar_harapan"].tolist() == ["target fisik", "25% per triwulan", "target fisik"]
    assert t["catatan"].iloc[0] == "realisasi fisik kosong (dihitung 0)"
    assert t["persen_keuangan"].iloc[0] == pytest.approx(10.0)
    assert len(tertinggal(df, 2025, selisih=30)) == 1


def test_on_the_synthetic_export(tmp_path, write_csv):
    from planlib.wilayah import Wilayah

    kode = pd.DataFrame(
        [("99.01", "Kabupaten Contoh", "kabupaten_kota", None),
         ("99.01.01", "Padang Harapan", "kecamatan", "99.01")],
        columns=["kode", "nama", "level", "induk"],
    )  # fmt: skip
    w = Wilayah("99.01", "Kabupaten Contoh", kode)
    opd = ["Dinas Kesehatan", "Dinas Pertanian", "Dinas Perhubungan", "Kecamatan Padang Harapan"]
    write_realisasi(tmp_path / "r.xlsx", ["Padang Harapan"], opd, 2025, seed=5, triwulan=3)
    df, _ = load_realisasi(tmp_path / "r.xlsx", w, 2025, opd_names=opd)
    t = rakerda(df, 2025)
    at3 = df[df["triwulan"] == 3].drop_duplicates(["opd", "kode_sub_kegiatan"])
    kab = t.iloc[0]
    assert kab["pagu"] == pytest.approx(at3["pagu"].sum())
    assert kab["realisasi_keuangan"] == pytest.approx(at3["realisasi_keuangan"].sum())
    w_fisik = (at3["realisasi_fisik"].clip(upper=100) * at3["pagu"]).sum() / at3["pagu"].sum()
    assert kab["realisasi_fisik"] == pytest.approx(w_fisik)
    assert set(t.loc[t["tingkat"] == "opd", "nama"]) == set(opd)
    assert set(t.loc[t["tingkat"] == "bidang", "nama"]) == {
        "pembangunan manusia", "ekonomi", "infrastruktur", "pemerintahan"}  # fmt: skip
    # OPD sums add up to their bidang and to the kabupaten
    opds = t[t["tingkat"] == "opd"]
    for b, grp in opds.groupby("bidang"):
        assert by_name(t, b)["pagu"] == pytest.approx(grp["pagu"].sum())
    assert kab["pagu"] == pytest.approx(opds["pagu"].sum())
    behind = tertinggal(df, 2025)
    assert (behind["selisih"] >= 20).all() and len(behind) > 0


# --------------------------------------------------------------------------- the command


def _tiny_workspace(root, realisasi: str | None = "realisasi/r2025.xlsx"):
    root.mkdir(parents=True, exist_ok=True)
    (root / "kode.csv").write_text(
        "kode,nama,level\n99,Provinsi Contoh,provinsi\n99.01,Kabupaten Contoh,kabupaten_kota\n"
        "99.01.01,Padang Harapan,kecamatan\n99.01.02,Sungai Rindang,kecamatan\n",
        encoding="utf-8",
    )
    toml = '[wilayah]\nkabupaten = "99.01"\nnama = "Kabupaten Contoh"\nkode_wilayah = "kode.csv"\n'
    if realisasi:
        toml += f'\n[realisasi]\n2025 = "{realisasi}"\n'
    (root / "planlib.toml").write_text(toml, encoding="utf-8")
    return root


OPD = ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pertanian", "Dinas Perhubungan"]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_cli_writes_exactly_the_columns(tmp_path):
    root = _tiny_workspace(tmp_path / "ws")
    write_realisasi(
        root / "realisasi/r2025.xlsx", ["Padang Harapan"], OPD, 2025, seed=2, triwulan=3
    )
    out = tmp_path / "rakerda.csv"
    res = runner.invoke(app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "triwulan 3" in res.output and "baris masuk" in res.output
    rows = read_csv(out)
    assert rows[0] == COLUMNS
    body = pd.read_csv(out)
    assert body["tingkat"].tolist().count("opd") == len(OPD)
    assert body["tingkat"].iloc[0] == "kabupaten" and body["nama"].iloc[0] == "Kabupaten Contoh"
    assert (body["triwulan"] == 3).all()
    df, _ = load_realisasi(root / "realisasi/r2025.xlsx", open_workspace(root).wilayah, 2025)
    assert body["pagu"].iloc[0] == pytest.approx(
        df[df["triwulan"] == 3].drop_duplicates(["opd", "kode_sub_kegiatan"])["pagu"].sum()
    )
    res = runner.invoke(
        app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out), "--triwulan", "1"]
    )
    assert res.exit_code == 0, res.output
    assert (pd.read_csv(out)["triwulan"] == 1).all()
    res = runner.invoke(
        app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out), "--triwulan", "4"]
    )
    assert res.exit_code == 2 and "triwulan 4" in res.output


def test_cli_without_realisasi_says_what_to_do(tmp_path):
    root = _tiny_workspace(tmp_path / "ws", realisasi=None)
    out = tmp_path / "o.csv"
    res = runner.invoke(app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out)])
    assert res.exit_code == 2 and "[realisasi]" in res.output and not out.exists()
    other = tmp_path / "lain.xlsx"
    write_realisasi(other, ["Sungai Rindang"], OPD, 2025, seed=9, triwulan=2)
    res = runner.invoke(
        app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out), "--realisasi", str(other)]
    )
    assert res.exit_code == 0, res.output
    assert read_csv(out)[0] == COLUMNS


def test_cli_reads_several_files_of_a_year(tmp_path):
    root = _tiny_workspace(tmp_path / "ws", realisasi=None)
    write_realisasi(root / "a.xlsx", ["Padang Harapan"], OPD[:2], 2025, seed=1, triwulan=2)
    write_realisasi(root / "b.xlsx", ["Sungai Rindang"], OPD[2:], 2025, seed=2, triwulan=2)
    with open(root / "planlib.toml", "a", encoding="utf-8") as f:
        f.write('\n[realisasi]\n2025 = ["a.xlsx", { path = "b.xlsx" }]\n')
    out = tmp_path / "o.csv"
    res = runner.invoke(app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "a.xlsx" in res.output and "b.xlsx" in res.output
    body = pd.read_csv(out)
    assert set(body.loc[body["tingkat"] == "opd", "nama"]) == set(OPD)


def test_realisasi_tahun_reads_the_named_file_or_the_years_files(tmp_path):
    root = _tiny_workspace(tmp_path / "ws")
    write_realisasi(
        root / "realisasi/r2025.xlsx", ["Padang Harapan"], OPD, 2025, seed=2, triwulan=3
    )
    other = tmp_path / "lain.xlsx"
    write_realisasi(other, ["Sungai Rindang"], OPD, 2025, seed=9, triwulan=2)
    ws = open_workspace(root)
    df, report = realisasi_tahun(ws, 2025)
    assert df is ws.realisasi[2025]
    assert [Path(f.path).name for f in report.files] == ["r2025.xlsx"]
    df, report = realisasi_tahun(ws, 2025, other)
    expected, _ = load_realisasi(other, ws.wilayah, 2025)
    pd.testing.assert_frame_equal(df, expected)
    assert df["triwulan"].max() == 2  # the named file, not the workspace's (triwulan 3)
    assert [Path(f.path).name for f in report.files] == ["lain.xlsx"]
    with pytest.raises(PlanlibError, match=r"realisasi tahun 2024: tambahkan di planlib.toml"):
        realisasi_tahun(ws, 2024)


@pytest.mark.shared
def test_cli_on_real_hss(shared, tmp_path, hss):
    root = real_workspace(shared, tmp_path / "hss", "63.06")
    opd = ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum dan Penataan Ruang",
           "Dinas Pertanian", "Kecamatan Kandangan", "Badan Perencanaan Pembangunan Daerah"]  # fmt: skip
    write_realisasi(root / "r.xlsx", hss.kecamatan["nama"].tolist(), opd, 2025, seed=12)
    with open(root / "planlib.toml", "a", encoding="utf-8") as f:
        f.write('\n[realisasi]\n2025 = "r.xlsx"\n')
    out = tmp_path / "hss.csv"
    res = runner.invoke(app, ["rakerda", str(root), "--tahun", "2025", "--out", str(out)])
    assert res.exit_code == 0, res.output
    body = pd.read_csv(out)
    assert list(body.columns) == COLUMNS
    assert body["nama"].iloc[0] == "Kabupaten Hulu Sungai Selatan"
    df, rep = load_realisasi(root / "r.xlsx", hss, 2025, opd_names=opd)
    assert rep.balanced
    at4 = df[df["triwulan"] == 4].drop_duplicates(["opd", "kode_sub_kegiatan"])
    assert body["pagu"].iloc[0] == pytest.approx(at4["pagu"].sum())
    cap = body.loc[0, "capaian_keluaran"]
    assert body.loc[0, "kategori"] == kategori(cap)

"""The realisasi loader: messy e-Monev exports loaded or reported, row by row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from planlib.demo.realisasi import write_realisasi
from planlib.realisasi import (
    COLUMNS,
    TEMPLATE,
    load_realisasi,
    load_realisasi_tahun,
    parse_triwulan,
)
from planlib.report import REASONS, PlanlibError, WorkspaceError
from planlib.wilayah import Wilayah
from planlib.workspace.config import WorkspaceConfig

OPD = [
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Pertanian",
    "Badan Perencanaan Pembangunan Daerah",
]


@pytest.fixture(scope="module")
def wil() -> Wilayah:
    kode = pd.DataFrame(
        [
            ("99", "Provinsi Contoh", "provinsi", None),
            ("99.01", "Kabupaten Contoh", "kabupaten_kota", "99"),
            ("99.01.01", "Padang Harapan", "kecamatan", "99.01"),
            ("99.01.02", "Sungai Rindang", "kecamatan", "99.01"),
            ("99.01.01.2001", "Telaga Bening", "desa_kelurahan", "99.01.01"),
            ("99.01.02.2001", "Batu Mandi", "desa_kelurahan", "99.01.02"),
        ],
        columns=["kode", "nama", "level", "induk"],
    )
    return Wilayah("99.01", "Kabupaten Contoh", kode)


HEADER = [
    "OPD", "Program", "Kegiatan", "Kode Sub Kegiatan", "Sub Kegiatan", "Indikator Keluaran",
    "Target", "Realisasi Keluaran", "Satuan", "Pagu (Rp)", "Realisasi Keuangan (Rp)",
    "Target Fisik (%)", "Realisasi Fisik (%)", "Triwulan", "Tahun", "Kecamatan",
]  # fmt: skip


def row(**kw) -> list:
    base = {
        "OPD": "Dinas Kesehatan", "Program": "Program Pemenuhan Upaya Kesehatan",
        "Kegiatan": "Penyediaan Fasilitas", "Kode Sub Kegiatan": "1.02.02.2.01.0001",
        "Sub Kegiatan": "Pembangunan Puskesmas", "Indikator Keluaran": "Jumlah puskesmas",
        "Target": "2", "Realisasi Keluaran": "1", "Satuan": "Unit", "Pagu (Rp)": "Rp 1.000.000",
        "Realisasi Keuangan (Rp)": "Rp 500.000", "Target Fisik (%)": "50",
        "Realisasi Fisik (%)": "40,5", "Triwulan": "II", "Tahun": "2025",
        "Kecamatan": "Padang Harapan",
    }  # fmt: skip
    base.update(kw)
    return [base[h] for h in HEADER]


def load(path, wil, **kw):
    return load_realisasi(path, wil, 2025, opd_names=kw.pop("opd_names", OPD), **kw)


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("I", (1, False)), ("II", (2, False)), ("iii", (3, False)), ("IV", (4, False)),
        ("TW II", (2, False)), ("TW. III", (3, False)), ("Triwulan 3", (3, False)),
        ("Triwulan IV", (4, False)), ("s.d. TW I", (1, False)), ("Q4", (4, False)),
        ("Triwulan III 2025", (3, False)), (2, (2, False)), (4.0, (4, False)), ("1", (1, False)),
        ("Juni", (2, True)), ("Maret", (1, True)), ("Agustus 2025", (3, True)),
        ("Desember", (4, True)), (dt.date(2025, 10, 31), (4, True)), ("", (None, False)),
        (None, (None, False)),
    ],
)  # fmt: skip
def test_parse_triwulan(value, expected):
    assert parse_triwulan(value) == expected


@pytest.mark.parametrize("value", ["V", "5", 0, 2.5, "Semester I", "Triwulan", "Juni Juli"])
def test_parse_triwulan_rejects(value):
    with pytest.raises(ValueError):
        parse_triwulan(value)


def test_reason_codes_do_not_clash_with_the_report_table():
    # the realisasi codes live in report.REASONS with the others; no code means two things
    import ast
    import importlib
    import inspect
    import pkgutil

    import planlib.realisasi as mod
    import planlib.report as report

    tree = ast.parse(inspect.getsource(report))
    keys = [
        k.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "REASONS"
        for k in node.value.keys
    ]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    parts = [mod, *(importlib.import_module(f"{mod.__name__}.{m.name}")
                    for m in pkgutil.iter_modules(mod.__path__))]  # fmt: skip
    source = "".join(inspect.getsource(m) for m in parts)
    used = set(re.findall(r'"([a-z_]+)"', source)) & set(keys)
    for code in ("triwulan_tidak_sah", "realisasi_ganda_beda", "opd_mirip", "target_kosong"):
        assert code in used and code in REASONS
    for code, (sev, text) in REASONS.items():
        assert sev in ("error", "warning") and text, code
    assert not hasattr(mod, "REASONS")  # one table of reasons, in planlib.report


# --------------------------------------------------------------------------- the demo export


@pytest.fixture(scope="module")
def demo(tmp_path_factory, wil):
    path = tmp_path_factory.mktemp("realisasi") / "realisasi_2025.xlsx"
    truth = write_realisasi(path, ["Padang Harapan", "Sungai Rindang"], OPD, 2025, seed=7)
    df, rep = load(path, wil)
    return truth, df, rep


def test_demo_rows_accounted(demo):
    truth, df, rep = demo
    assert rep.rows_in == truth["rows_in"]
    assert rep.rows_loaded == len(df) == truth["loaded"]
    assert rep.balanced
    assert list(df.columns) == COLUMNS


def test_demo_every_planted_problem_found(demo):
    truth, _, rep = demo
    codes = {p["code"] for p in truth["planted"]}
    assert {"opd_mirip", "realisasi_ganda_sama", "realisasi_melebihi_pagu", "target_kosong",
            "triwulan_dari_bulan", "baris_total", "bukan_data"} <= codes  # fmt: skip
    for p in truth["planted"]:
        found = [q for q in rep.problems if q.row == p["row"] and q.code == p["code"]]
        assert found, (p, rep.problems)
        q = found[0]
        assert q.column == p["column"], (p, q)
        assert q.dropped == p["dropped"], (p, q)
        assert q.severity == p["severity"], (p, q)
        if p["value"] is not None:
            assert q.value == p["value"], (p, q)


def test_demo_has_no_unplanted_problem(demo):
    truth, _, rep = demo
    planted = {(p["row"], p["code"]) for p in truth["planted"]}
    extra = [q for q in rep.problems if (q.row, q.code) not in planted and q.code != "baris_kosong"]
    assert not extra


def test_demo_values(demo):
    truth, df, rep = demo
    (wrong, right), = truth["misspelt"].items()  # fmt: skip
    fixed = df[df["opd_asli"] == wrong]
    assert len(fixed) == 1 and fixed["opd"].iloc[0] == right
    assert set(df["opd"]) == set(OPD)
    month = next(p for p in truth["planted"] if p["code"] == "triwulan_dari_bulan")
    hit = df[df["baris"] == month["row"]]
    assert hit["triwulan"].iloc[0] == 2 and hit["triwulan_asli"].iloc[0] == "Juni"
    assert df["pagu"].gt(0).all() and df["triwulan"].between(1, 4).all()
    assert df["realisasi_fisik"].between(0, 100).all()  # written as "40,50" with a decimal comma
    assert df["kode_kecamatan"].dropna().isin(["99.01.01", "99.01.02"]).all()
    assert df["kode_kecamatan"].notna().any()
    # each sub kegiatan of each OPD once per triwulan
    assert len(df) == truth["sub_kegiatan"] * truth["triwulan"]


@pytest.mark.parametrize("header", [4, 5])
def test_demo_header_row_named_in_opts(demo, wil, header):
    truth, df, _ = demo
    named, rep = load(truth["path"], wil, opts={"header": header})
    assert rep.balanced
    pd.testing.assert_frame_equal(named, df)


def test_demo_is_deterministic(tmp_path, wil):
    a = write_realisasi(tmp_path / "a.xlsx", ["Padang Harapan"], OPD, 2025, seed=3)
    b = write_realisasi(tmp_path / "b.xlsx", ["Padang Harapan"], OPD, 2025, seed=3)
    write_realisasi(tmp_path / "c.xlsx", ["Padang Harapan"], OPD, 2025, seed=4)
    assert a["planted"] == b["planted"]
    da, _ = load(tmp_path / "a.xlsx", wil)
    db, _ = load(tmp_path / "b.xlsx", wil)
    dc, _ = load(tmp_path / "c.xlsx", wil)
    pd.testing.assert_frame_equal(da.drop(columns="file"), db.drop(columns="file"))
    assert not da["pagu"].equals(dc["pagu"])


# --------------------------------------------------------------------------- messy CSV


def test_problems_named_with_row_column_value(tmp_path, wil, write_csv, problem):
    rows = [
        ["LAPORAN REALISASI FISIK DAN KEUANGAN TRIWULAN II"],
        [],
        HEADER,
        row(),                                                               # 4 ok
        row(**{"Realisasi Keuangan (Rp)": "Rp 1.200.000"}, **{"Kode Sub Kegiatan": "1.02.02.2.01.0002"}),  # 5
        row(**{"Realisasi Fisik (%)": "120"}, **{"Kode Sub Kegiatan": "1.02.02.2.01.0003"}),  # 6
        row(**{"Pagu (Rp)": "(Rp 5.000)"}, **{"Kode Sub Kegiatan": "1.02.02.2.01.0004"}),  # 7 dropped
        row(Tahun="2024", **{"Kode Sub Kegiatan": "1.02.02.2.01.0005"}),     # 8 dropped
        row(Triwulan="", **{"Kode Sub Kegiatan": "1.02.02.2.01.0006"}),      # 9 dropped
        row(Triwulan="Semester 1", **{"Kode Sub Kegiatan": "1.02.02.2.01.0007"}),  # 10 dropped
        row(**{"Realisasi Keuangan (Rp)": "Rp 600.000"}),                    # 11 dup of 4, differs
        row(),                                                               # 12 dup of 4, same
        row(OPD="Dinas Perikanan Tangkap", **{"Kode Sub Kegiatan": "3.25.02.2.01.0001"}),  # 13
        row(Kecamatan="Kec. Antah Berantah", **{"Kode Sub Kegiatan": "1.02.02.2.01.0008"}),  # 14
        row(Target="12 Dokumen", Satuan="", **{"Kode Sub Kegiatan": "1.02.02.2.01.0009"}),  # 15
        row(Target="0", **{"Kode Sub Kegiatan": "1.02.02.2.01.0010"}),       # 16
        row(**{"Indikator Keluaran": "Jumlah puskesmas pembantu"}),          # 17 second indicator
        row(OPD="Dinas Kesehatn", Tahun="", **{"Kode Sub Kegiatan": "1.02.02.2.01.0011"}),  # 18
        ["JUMLAH", "", "", "", "", "", "", "", "", "Rp 9.000.000"],          # 19 total
    ]  # fmt: skip
    path = write_csv(tmp_path / "r.csv", rows, delimiter=";")
    df, rep = load(path, wil)
    assert rep.rows_in == 16 and rep.balanced
    assert set(df["baris"]) == {4, 5, 6, 13, 14, 15, 16, 17, 18}
    p = problem(rep, 5, "realisasi_melebihi_pagu")
    assert (p.column, p.value, p.dropped) == ("Realisasi Keuangan (Rp)", "Rp 1.200.000", False)
    assert p.suggestion == "pagu Rp 1.000.000"
    p = problem(rep, 6, "fisik_melebihi_100")
    assert (p.column, p.value, p.severity) == ("Realisasi Fisik (%)", "120", "warning")
    p = problem(rep, 7, "nilai_tidak_sah")
    assert p.dropped and p.column == "Pagu (Rp)" and p.reason == "pagu tidak boleh negatif"
    p = problem(rep, 8, "tahun_lain")
    assert p.dropped and p.column == "Tahun" and p.value == "2024"
    p = problem(rep, 9, "wajib_kosong")
    assert p.dropped and p.column == "Triwulan"
    p = problem(rep, 10, "triwulan_tidak_sah")
    assert p.dropped and p.value == "Semester 1" and p.severity == "error"
    p = problem(rep, 11, "realisasi_ganda_beda")
    assert p.dropped and p.severity == "error" and p.suggestion == "sama dengan baris 4"
    assert p.column == "Kode Sub Kegiatan" and p.value == "1.02.02.2.01.0001"
    p = problem(rep, 12, "realisasi_ganda_sama")
    assert p.dropped and p.severity == "warning"
    p = problem(rep, 13, "opd_tidak_dikenal")
    assert p.column == "OPD" and p.value == "Dinas Perikanan Tangkap" and not p.dropped
    assert df.loc[df["baris"] == 13, "opd"].iloc[0] == "Dinas Perikanan Tangkap"
    p = problem(rep, 14, "kecamatan_tidak_dikenal")
    assert p.severity == "warning" and not p.dropped
    assert pd.isna(df.loc[df["baris"] == 14, "kode_kecamatan"].iloc[0])
    r15 = df[df["baris"] == 15].iloc[0]
    assert r15["target"] == 12 and r15["satuan"] == "Dokumen"
    p = problem(rep, 16, "target_kosong")
    assert p.value == "0" and p.column == "Target"
    # a second indicator of the same sub kegiatan and triwulan is not a duplicate
    assert not [q for q in rep.problems if q.row == 17]
    p = problem(rep, 18, "opd_mirip")
    assert p.suggestion == "Dinas Kesehatan?"
    r18 = df[df["baris"] == 18].iloc[0]
    assert (r18["opd"], r18["opd_asli"], r18["tahun"]) == (
        "Dinas Kesehatan",
        "Dinas Kesehatn",
        2025,
    )
    assert problem(rep, 19, "baris_total").dropped
    r4 = df[df["baris"] == 4].iloc[0]
    assert (r4["pagu"], r4["realisasi_keuangan"], r4["realisasi_fisik"]) == (1e6, 5e5, 40.5)
    assert r4["kode_kecamatan"] == "99.01.01" and r4["triwulan"] == 2


HIER = [
    "Kode", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
    "Indikator Kinerja", "Target", "Realisasi Kinerja", "Satuan", "Pagu", "Realisasi Keuangan",
    "Target Fisik", "Realisasi Fisik", "Triwulan",
]  # fmt: skip


def test_hierarchical_form(tmp_path, wil, write_csv, problem):
    """The Permendagri 86/2017 form: urusan, program, kegiatan rows above their sub kegiatan."""
    blank = [""] * 8
    rows = [
        ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"],
        ["Perangkat Daerah", ":", "Dinas Kesehatn"],
        HIER,                                                                       # 3
        ["1.02", "URUSAN PEMERINTAHAN BIDANG KESEHATAN", *blank, ""],               # 4
        ["1.02.02", "Program Pemenuhan Upaya Kesehatan", "", "", "", "",
         "Rp 3.000.000", "Rp 1.500.000", "", "", "III"],                           # 5
        ["1.02.02.2.01", "Penyediaan Fasilitas Pelayanan Kesehatan", *blank, ""],   # 6
        ["1.02.02.2.01.0001", "Pembangunan Puskesmas", "Jumlah puskesmas", "2", "1", "Unit",
         "Rp 1.000.000", "Rp 500.000", "80", "60", "III"],                          # 7
        ["1.02.02.2.01.0002", "Pengadaan Alat Kesehatan", "Jumlah alat", "10", "10", "Unit",
         "Rp 1.500.000", "Rp 900.000", "80", "75", "III"],                          # 8
        ["1.02.02.2.02", "Penyediaan Layanan Kesehatan", *blank, ""],               # 9
        ["1.02.02.2.02.0003", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Jumlah ibu hamil",
         "300", "250", "Orang", "Rp 500.000", "Rp 100.000", "80", "30", "III"],     # 10
        ["JUMLAH", "", "", "", "", "", "Rp 3.000.000", "Rp 1.500.000", "", "", ""],  # 11
    ]  # fmt: skip
    path = write_csv(tmp_path / "e79.csv", rows)
    df, rep = load(path, wil)
    assert rep.rows_in == 8 and rep.balanced
    assert df["baris"].tolist() == [7, 8, 10]
    for r in (4, 5, 6, 9):
        p = problem(rep, r, "baris_induk")
        assert p.dropped and p.severity == "warning" and p.column == "Kode"
    assert problem(rep, 5, "baris_induk").value == "1.02.02"
    assert problem(rep, 11, "baris_total").dropped
    assert df["sub_kegiatan"].tolist() == [
        "Pembangunan Puskesmas", "Pengadaan Alat Kesehatan",
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil"]  # fmt: skip
    assert df["program"].tolist() == ["Program Pemenuhan Upaya Kesehatan"] * 3
    assert df["kegiatan"].tolist() == [
        "Penyediaan Fasilitas Pelayanan Kesehatan", "Penyediaan Fasilitas Pelayanan Kesehatan",
        "Penyediaan Layanan Kesehatan"]  # fmt: skip
    # the OPD comes from the title, matched to the plan's spelling
    assert set(df["opd"]) == {"Dinas Kesehatan"} and set(df["opd_asli"]) == {"Dinas Kesehatn"}
    assert {p.code for p in rep.problems if p.row == 7} == {"opd_mirip"}
    assert df["pagu"].sum() == 3e6  # the program's subtotal is not counted again


def test_opd_headings_in_the_hierarchical_form(tmp_path, wil, write_csv):
    rows = [
        HIER,
        ["", "Dinas Pendidikan", *[""] * 9],
        ["1.01.02", "Program Pengelolaan Pendidikan", *[""] * 9],
        ["1.01.02.2.01.0001", "Pembangunan Ruang Kelas", "Jumlah ruang", "4", "2", "Ruang",
         "Rp 800.000", "Rp 400.000", "50", "40", "II"],
        ["", "Dinas Pertanian", *[""] * 9],
        ["3.27.03.2.01.0001", "Penyediaan Benih", "Jumlah benih", "5", "5", "Ton",
         "Rp 200.000", "Rp 200.000", "50", "50", "II"],
    ]  # fmt: skip
    df, rep = load(write_csv(tmp_path / "h.csv", rows), wil)
    assert rep.balanced and df["opd"].tolist() == ["Dinas Pendidikan", "Dinas Pertanian"]
    # a new OPD heading starts without program
    assert df["program"].iloc[0] == "Program Pengelolaan Pendidikan" and pd.isna(
        df["program"].iloc[1]
    )
    assert {p.row for p in rep.problems if p.code == "baris_induk"} == {2, 3, 5}
    no_opd = write_csv(tmp_path / "n.csv", [HIER, rows[3]])
    with pytest.raises(PlanlibError, match="OPD"):
        load(no_opd, wil)
    df, _ = load(no_opd, wil, opts={"opd": "Dinas Pendidikan"})
    assert df["opd"].tolist() == ["Dinas Pendidikan"]


def test_a_header_without_rows(tmp_path, wil, write_csv):
    from planlib.rakerda import rakerda

    df, rep = load(write_csv(tmp_path / "kosong.csv", [HEADER]), wil)
    assert df.empty and list(df.columns) == COLUMNS and rep.balanced and rep.rows_in == 0
    with pytest.raises(PlanlibError, match="Tidak ada data realisasi tahun 2025"):
        rakerda(df, 2025)


def test_without_plan_opds_names_are_kept(tmp_path, wil, write_csv):
    path = write_csv(tmp_path / "r.csv", [HEADER, row(OPD="Dinas Kesehatn")])
    df, rep = load(path, wil, opd_names=None)
    assert df["opd"].tolist() == ["Dinas Kesehatn"] and not rep.problems


def test_per_triwulan_increments_are_cumulated(tmp_path, wil, write_csv, problem):
    def r(tw, keu, fisik, real, kode="1.02.02.2.01.0001"):
        return row(Triwulan=tw, **{"Realisasi Keuangan (Rp)": keu, "Realisasi Fisik (%)": fisik,
                                   "Realisasi Keluaran": real, "Target Fisik (%)": "25",
                                   "Kode Sub Kegiatan": kode})  # fmt: skip

    rows = [HEADER, r("III", "Rp 300.000", "30", "1"), r("I", "Rp 100.000", "10", ""),
            r("II", "Rp 200.000", "20", "1"), r("IV", "Rp 500.000", "45", "0"),
            r("I", "", "", "", kode="B"), r("II", "Rp 50.000", "5", "1", kode="B")]  # fmt: skip
    path = write_csv(tmp_path / "inc.csv", rows)
    df, rep = load(path, wil, opts={"kumulatif": False})
    a = df[df["kode_sub_kegiatan"] == "1.02.02.2.01.0001"].sort_values("triwulan")
    assert a["realisasi_keuangan"].tolist() == [1e5, 3e5, 6e5, 1.1e6]
    assert a["realisasi_fisik"].tolist() == [10.0, 30.0, 60.0, 105.0]
    assert a["target_fisik"].tolist() == [25.0, 50.0, 75.0, 100.0]
    assert a["realisasi"].tolist()[1:] == [1.0, 2.0, 2.0] and pd.isna(a["realisasi"].iloc[0])
    assert a["pagu"].tolist() == [1e6] * 4
    # the checks see the cumulated values: TW IV is above the pagu and above 100 %
    p = problem(rep, 5, "realisasi_melebihi_pagu")
    assert not p.dropped and p.value == "Rp 500.000"
    assert p.suggestion == "s.d. triwulan Rp 1.100.000; pagu Rp 1.000.000"
    assert problem(rep, 5, "fisik_melebihi_100").suggestion == "s.d. triwulan 105; paling besar 100"
    b = df[df["kode_sub_kegiatan"] == "B"].sort_values("triwulan")
    assert pd.isna(b["realisasi_keuangan"].iloc[0]) and b["realisasi_keuangan"].iloc[1] == 5e4
    same, _ = load(path, wil)  # by default the values are read as cumulative
    assert same.sort_values("baris")["realisasi_keuangan"].tolist()[:4] == [3e5, 1e5, 2e5, 5e5]


def test_fractions_from_percent_cells(tmp_path, wil):
    import xlsxwriter

    path = tmp_path / "r.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADER)
    for i, (tf, rf) in enumerate([(0.5, 0.405), (1.0, 0.75)]):
        r = row(**{"Kode Sub Kegiatan": f"1.02.02.2.01.000{i}"})
        r[11], r[12] = tf, rf
        ws.write_row(i + 1, 0, r)
    wb.close()
    df, rep = load(path, wil)
    assert df["realisasi_fisik"].round(6).tolist() == [40.5, 75.0]
    assert df["target_fisik"].round(6).tolist() == [50.0, 100.0]
    assert {(p.row, p.code) for p in rep.problems} >= {(2, "fisik_pecahan"), (3, "fisik_pecahan")}


def test_one_triwulan_file_and_missing_columns(tmp_path, wil, write_csv):
    header = [h for h in HEADER if h != "Triwulan"]
    r = [v for h, v in zip(HEADER, row(), strict=True) if h != "Triwulan"]
    path = write_csv(tmp_path / "tw3.csv", [header, r])
    with pytest.raises(PlanlibError, match="Triwulan"):
        load(path, wil)
    df, rep = load(path, wil, opts={"triwulan": "III"})
    assert df["triwulan"].tolist() == [3] and rep.balanced
    no_sub = write_csv(tmp_path / "x.csv", [["OPD", "Program", "Triwulan"], ["a", "b", "I"]])
    with pytest.raises(PlanlibError, match="Sub Kegiatan"):
        load(no_sub, wil)


def test_template_columns_are_read(tmp_path, wil, write_csv):
    names = [h for h, _ in TEMPLATE]
    assert len(names) == len(set(names)) and all(d for _, d in TEMPLATE)
    values = {
        "opd": "Dinas Pendidikan", "program": "Program Pengelolaan Pendidikan",
        "kegiatan": "Pengelolaan Pendidikan SD", "kode_sub_kegiatan": "1.01.02.2.01.0001",
        "sub_kegiatan": "Pembangunan Ruang Kelas Baru", "indikator": "Jumlah ruang kelas",
        "target": "4", "realisasi": "4", "satuan": "Ruang", "pagu": "Rp 2.000.000.000",
        "realisasi_keuangan": "Rp 1.900.000.000", "target_fisik": "100", "realisasi_fisik": "100",
        "triwulan": "IV", "tahun": "", "kecamatan": "Sungai Rindang", "desa": "Batu Mandi",
        "faktor_pendorong": "Cuaca baik", "faktor_penghambat": "",
    }  # fmt: skip
    path = write_csv(tmp_path / "t.csv", [names, [values[n] for n in names]])
    df, rep = load(path, wil)
    assert rep.balanced and not rep.problems, rep.problems
    r = df.iloc[0]
    assert (r["kode_kecamatan"], r["kode_desa"], r["triwulan"]) == ("99.01.02", "99.01.02.2001", 4)
    assert r["faktor_pendorong"] == "Cuaca baik" and r["realisasi_keuangan"] == 1.9e9


def test_several_files_of_one_year(tmp_path, wil, write_csv, problem):
    header = [h for h in HEADER if h not in ("OPD", "Triwulan")]

    def cells(**kw):
        return [v for h, v in zip(HEADER, row(**kw), strict=True) if h not in ("OPD", "Triwulan")]

    kes2 = write_csv(
        tmp_path / "kes_tw2.csv", [header, cells(), cells(**{"Kode Sub Kegiatan": "B"})]
    )
    kes3 = write_csv(tmp_path / "kes_tw3.csv", [header, cells(**{"Realisasi Fisik (%)": "70"})])
    # the TW II file again under another name: the same rows, and one that differs
    again = write_csv(tmp_path / "kes_tw2_lagi.csv",
                      [header, cells(), cells(**{"Kode Sub Kegiatan": "B", "Pagu (Rp)": "Rp 9"})])  # fmt: skip
    files = [
        (kes2, {"opd": "Dinas Kesehatan", "triwulan": 2}),
        (kes3, {"opd": "Dinas Kesehatan", "triwulan": "TW III"}),
        (again, {"opd": "Dinas Kesehatan", "triwulan": 2}),
    ]
    df, reports = load_realisasi_tahun(files, wil, 2025, OPD)
    assert [r.rows_loaded for r in reports] == [2, 1, 0]
    assert all(r.balanced for r in reports)
    assert sorted(df["triwulan"].tolist()) == [2, 2, 3] and len(df) == 3
    p = problem(reports[2], 2, "realisasi_ganda_sama")
    assert p.suggestion == "sama dengan baris 2 di kes_tw2.csv" and p.column == "Kode Sub Kegiatan"
    p = problem(reports[2], 3, "realisasi_ganda_beda")
    assert p.suggestion == "sama dengan baris 3 di kes_tw2.csv" and p.severity == "error"


# --------------------------------------------------------------------------- planlib.toml


def _config(tmp_path, realisasi: str) -> WorkspaceConfig:
    (tmp_path / "planlib.toml").write_text(
        '[wilayah]\nkabupaten = "99.01"\nkode_wilayah = "k.csv"\n\n' + realisasi, encoding="utf-8"
    )
    return WorkspaceConfig.read(tmp_path)


def test_realisasi_section_of_the_config(tmp_path):
    cfg = _config(
        tmp_path,
        '[realisasi]\n2025 = "r/r2025.xlsx"\n'
        '2024 = { path = "/data/emonev.xlsx", sheet = "TW IV", header = 6 }\n',
    )
    files = {t: [(f.path, f.opts) for f in specs] for t, specs in cfg.realisasi.items()}
    assert list(files) == [2024, 2025]
    assert files[2025] == [(tmp_path.resolve() / "r/r2025.xlsx", {})]
    assert files[2024] == [(Path("/data/emonev.xlsx"), {"sheet": "TW IV", "header": 6})]
    cfg = _config(
        tmp_path, '[realisasi]\n2023 = ["a.xlsx", { path = "b.xlsx", opd = "Dinas Sosial" }]\n'
    )
    assert [(f.path, f.opts) for f in cfg.realisasi[2023]] == [
        (tmp_path.resolve() / "a.xlsx", {}),
        (tmp_path.resolve() / "b.xlsx", {"opd": "Dinas Sosial"}),
    ]
    with pytest.raises(WorkspaceError, match="bukan tahun"):
        _config(tmp_path, '[realisasi]\ntw = "x.xlsx"\n')
    with pytest.raises(WorkspaceError, match="path"):
        _config(tmp_path, "[realisasi]\n2025 = 3\n")
    with pytest.raises(WorkspaceError, match="daftar kosong"):
        _config(tmp_path, "[realisasi]\n2025 = []\n")
    assert _config(tmp_path, "").realisasi == {}


# --------------------------------------------------------------------------- the real kecamatan


@pytest.mark.shared
def test_real_hss_kecamatan(tmp_path, hss):
    kec = hss.kecamatan["nama"].tolist()
    opd = [*OPD, "Kecamatan Kandangan", "Dinas Sosial"]
    truth = write_realisasi(tmp_path / "r.xlsx", kec, opd, 2025, seed=11, triwulan=3)
    df, rep = load_realisasi(tmp_path / "r.xlsx", hss, 2025, opd_names=opd)
    assert rep.balanced and rep.rows_loaded == truth["loaded"] and rep.rows_in == truth["rows_in"]
    for p in truth["planted"]:
        assert any(q.row == p["row"] and q.code == p["code"] and q.column == p["column"]
                   for q in rep.problems), p  # fmt: skip
    assert df["kode_kecamatan"].dropna().isin(hss.kecamatan["kode"]).all()
    assert df["kode_kecamatan"].notna().sum() > len(df) / 2
    assert df["triwulan"].max() == 3 and set(df["opd"]) == set(opd)


def test_init_writes_a_realisasi_template_that_loads(tmp_path, wil):
    import csv

    from planlib.templates import write_skeleton

    root = write_skeleton(tmp_path / "ws", "63.06")  # any real kabupaten: only templates read here
    template = root / "realisasi" / "realisasi.csv"
    with open(template, encoding="utf-8") as f:
        assert next(csv.reader(f)) == [h for h, _ in TEMPLATE]
    toml = (root / "planlib.toml").read_text(encoding="utf-8")
    assert "[realisasi]" in toml and "realisasi/realisasi.csv" in toml
    assert "`realisasi/realisasi.csv`" in (root / "README.md").read_text(encoding="utf-8")
    assert WorkspaceConfig.read(root).realisasi == {}  # the example entries are comments
    # the analyst fills the template in and names it for a year
    with open(template, "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(
            ["Dinas Kesehatan", "Program", "Kegiatan", "", "Pembangunan Puskesmas", "Jumlah", "2",
             "1", "Unit", "Rp 1.000.000", "Rp 400.000", "50", "40", "II", "", "Padang Harapan",
             "", "", ""]
        )  # fmt: skip
    (root / "planlib.toml").write_text(
        toml.replace(
            '# 2025 = "realisasi/realisasi_2025.xlsx"', '2025 = "realisasi/realisasi.csv"'
        ),
        encoding="utf-8",
    )
    (spec,) = WorkspaceConfig.read(root).realisasi[2025]
    df, rep = load_realisasi(spec.path, wil, 2025, spec.opts, OPD)
    assert rep.balanced and rep.rows_loaded == 1 and not rep.errors
    assert df.iloc[0]["kode_kecamatan"] == "99.01.01" and df.iloc[0]["triwulan"] == 2

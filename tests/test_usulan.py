"""Usulan loader on messy SIPD exports: every row is loaded or reported, never lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planlib.report import PlanlibError
from planlib.usulan import load_usulan
from planlib.wilayah import Wilayah

from .support import need_module

LONG = ["No", "ID Usulan", "Tanggal Usul", "Pengusul", "Profil", "Usulan", "Masalah", "Alamat",
        "Kabupaten", "Kecamatan", "Kelurahan/Desa", "Usulan Ke", "OPD Tujuan Awal",
        "OPD Tujuan Akhir", "Status", "Catatan", "Rekomendasi Mitra", "Rekomendasi Kelurahan/Desa",
        "Rekomendasi Kecamatan", "Rekomendasi SKPD", "Rekomendasi TAPD", "Volume", "Satuan",
        "Anggaran", "Jenis Belanja", "Sub Kegiatan"]  # fmt: skip
SHORT = ["Tgl Usul", "Pengusul", "Profil", "Urusan", "Usulan", "Permasalahan", "Alamat",
         "OPD Tujuan", "Rekomendasi Mitra Bappeda", "Kategori Usulan", "Koefisien",
         "Rekomendasi Kelurahan/Desa", "Rekomendasi Kecamatan", "Rekomendasi SKPD",
         "Rekomendasi TAPD", "Status"]  # fmt: skip
PU = "Dinas Pekerjaan Umum dan Penataan Ruang"


def small_wilayah() -> Wilayah:
    """Kabupaten Uji: four kecamatan, two of them with a desa Hamalau."""
    rows = [
        ("98", "Provinsi Uji", "provinsi", None),
        ("98.01", "Kabupaten Uji", "kabupaten_kota", "98"),
        ("98.02", "Kabupaten Sebelah", "kabupaten_kota", "98"),
        ("98.01.01", "Padang Batung", "kecamatan", "98.01"),
        ("98.01.02", "Telaga Langsat", "kecamatan", "98.01"),
        ("98.01.03", "Angkinang", "kecamatan", "98.01"),
        ("98.01.04", "Sungai Raya", "kecamatan", "98.01"),
        ("98.01.01.2001", "Malutu", "desa_kelurahan", "98.01.01"),
        ("98.01.01.2002", "Madang", "desa_kelurahan", "98.01.01"),
        ("98.01.02.2001", "Hamalau", "desa_kelurahan", "98.01.02"),
        ("98.01.02.2002", "Ku'u", "desa_kelurahan", "98.01.02"),
        ("98.01.03.2001", "Bakarung", "desa_kelurahan", "98.01.03"),
        ("98.01.04.2001", "Hamalau", "desa_kelurahan", "98.01.04"),
    ]
    return Wilayah(
        "98.01", "Kabupaten Uji", pd.DataFrame(rows, columns=["kode", "nama", "level", "induk"])
    )


def small_workspace(root: Path, usulan: dict[int, str], extra: str = "") -> Path:
    """A workspace on Kabupaten Uji whose ``[usulan]`` names the files in ``usulan``."""
    kode = small_wilayah().kode
    lines = ["kode,nama,level"] + [
        f"{k},{n},{lv}" for k, n, lv in kode[["kode", "nama", "level"]].itertuples(index=False)
    ]
    (root / "kode.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = "".join(f'{t} = "{name}"\n' for t, name in usulan.items())
    (root / "planlib.toml").write_text(
        '[wilayah]\nkabupaten = "98.01"\nnama = "Kabupaten Uji"\nkode_wilayah = "kode.csv"\n\n'
        f"[usulan]\n{files}{extra}",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def w() -> Wilayah:
    return small_wilayah()


def long_row(
    no, id_, tgl, kec, desa, usulan="Rehab jalan usaha tani", anggaran=150_000_000, opd=PU
):
    return [no, id_, tgl, f"Desa {desa}", "Desa", usulan, "Jalan rusak saat hujan",
            "RT 2 (-2.7391, 115.2712)", "Kabupaten Uji", kec, desa, 1, opd, opd, "Diterima",
            None, None, None, None, None, None, 500, "m", anggaran, "Belanja Modal",
            "Rehabilitasi Jalan"]  # fmt: skip


def write_xlsx(path, title_rows, header, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in title_rows:
        ws.append(r)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def problems(report):
    return {(p.row, p.code) for p in report.problems}


@pytest.fixture
def messy_long(tmp_path):
    rows = [
        long_row(1, 1001, dt.datetime(2025, 1, 12), "Padang Batung", "Malutu"),  # row 5
        long_row(2, 1002, "13/01/2025", "Kec. Pdg Batung", "Madang", anggaran="Rp 1.234.567,89"),
        long_row(3, 1003, "31/02/2025", "TELAGA LANGSAT", "Hamalau", anggaran="Rp 1.2.3"),
        long_row(4, 1004, "13-01-2025", "Angkinnang", "Bakarungg"),  # row 8
        [None] * len(LONG),  # row 9: blank
        long_row(5, 1001, dt.datetime(2025, 1, 12), "Padang Batung", "Malutu"),  # exact duplicate
        long_row(
            6, 1001, dt.datetime(2025, 1, 12), "Sungai Raya", "Hamalau"
        ),  # same ID, other content
        long_row(7, 1007, dt.datetime(2025, 1, 12), "Antah Berantah", "Malutu"),  # row 12
        long_row(8, 1008, dt.datetime(2025, 1, 12), "Sungai Raya", "Hamalau", usulan=None),
        long_row(9, 1009, dt.datetime(2025, 1, 14), "Telaga Langsat", "Malutu"),  # desa elsewhere
        long_row(10, None, dt.datetime(2025, 1, 14), "Sei Raya", "Hamalau"),  # row 15: no ID
        list(LONG),  # row 16: header repeated
        long_row(11, 1011, dt.datetime(2025, 1, 15), None, None),  # row 17: no place at all
        long_row(12, 1012, dt.datetime(2025, 1, 15), "Padang Batung", "Malutu", opd="Badan Antah"),
        ["JUMLAH"] + [None] * 22 + [999_999] + [None, None],  # row 19
        ["Dicetak dari SIPD pada 15/03/2025"] + [None] * 25,  # row 20
    ]
    title = [["DAFTAR USULAN MUSRENBANG KECAMATAN"], ["KABUPATEN UJI TAHUN 2026"], []]
    return write_xlsx(tmp_path / "usulan.xlsx", title, LONG, rows, merges=["A1:H1"])


def test_long_layout_every_row_accounted(messy_long, w):
    df, r = load_usulan(messy_long, w, 2026)
    assert r.rows_in == 16
    assert r.balanced and r.rows_loaded == len(df)
    assert problems(r) == {
        (7, "tanggal_tidak_sah"), (7, "angka_tidak_sah"),
        (8, "kecamatan_mirip"), (8, "desa_mirip"),
        (9, "baris_kosong"), (10, "id_ganda_sama"), (11, "id_ganda_beda"),
        (12, "kecamatan_tidak_dikenal"), (13, "usulan_kosong"), (14, "desa_tidak_dikenal"),
        (15, "id_kosong"), (16, "header_berulang"), (17, "kecamatan_kosong"),
        (18, "bidang_tidak_dikenal"), (19, "baris_total"), (20, "bukan_data"),
    }  # fmt: skip
    by = {(p.row, p.code): p for p in r.problems}
    assert by[8, "kecamatan_mirip"].suggestion == "Angkinang?"
    assert by[8, "kecamatan_mirip"].column == "Kecamatan"
    assert by[8, "desa_mirip"].suggestion == "Bakarung?"
    assert by[14, "desa_tidak_dikenal"].suggestion == "Malutu ada di Kecamatan Padang Batung"
    assert by[11, "id_ganda_beda"].severity == "error"
    assert by[10, "id_ganda_sama"].severity == "warning"
    got = df.set_index("baris")
    assert (
        got.loc[6, "kode_kecamatan"] == "98.01.01"
        and got.loc[6, "kecamatan_asli"] == "Kec. Pdg Batung"
    )
    assert got.loc[6, "anggaran"] == pytest.approx(1234567.89)
    assert got.loc[6, "tanggal_usul"] == pd.Timestamp(2025, 1, 13)
    assert got.loc[8, "tanggal_usul"] == pd.Timestamp(2025, 1, 13)
    assert pd.isna(got.loc[7, "anggaran"]) and got.loc[7, "anggaran_asli"] == "Rp 1.2.3"
    assert got.loc[8, "kode_desa"] == "98.01.03.2001"
    assert got.loc[15, "kode_kecamatan"] == "98.01.04" and got.loc[15, "id_usulan"].startswith("H")
    assert pd.isna(got.loc[14, "kode_desa"])
    assert got.loc[5, "lat"] == pytest.approx(-2.7391) and got.loc[5, "bidang"] == "infrastruktur"
    assert got["id_usulan"].is_unique


def test_cp1252_semicolon_csv(tmp_path, w):
    lines = [";".join(LONG)]
    lines.append(
        ";".join(
            str(v) if v is not None else ""
            for v in long_row(1, 7, "05/02/2025", "Telaga Langsat", "Ku’u", anggaran="Rp 2.500.000")
        )
    )
    lines.append(
        ";".join(
            str(v) if v is not None else ""
            for v in long_row(
                2, 8, "06/02/2025", "Telaga Langsat", "Ku'u", anggaran="12.500.000,50"
            )
        )
    )
    p = tmp_path / "usulan.csv"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and r.rows_in == 2 and len(df) == 2
    assert df["kode_desa"].tolist() == ["98.01.02.2002", "98.01.02.2002"]
    assert df["desa_asli"].iloc[0] == "Ku’u"
    assert df["anggaran"].tolist() == [2_500_000.0, 12_500_000.5]


def test_short_layout_with_koefisien(tmp_path, w):
    rows = [
        ["10/01/2025", "Desa Bakarung", "Desa", "Pekerjaan Umum", "Normalisasi saluran", "Banjir",
         "Bakarung", PU, None, "Fisik", "100 m", None, None, None, None, "Diterima"],
        ["11/01/2025", "Desa Hamalau", "Desa", "Pendidikan", "Rehab SD", "Atap bocor", "Hamalau",
         "Dinas Pendidikan", None, "Fisik", "1 unit", None, None, None, None, "Diterima"],
        ["11/01/2025", "Desa Madang", "Desa", "Kesehatan", "Posyandu", "Stunting", "Madang",
         "Dinas Kesehatan", None, "Fisik", "dua paket", None, None, None, None, "Proses"],
    ]  # fmt: skip
    p = write_xlsx(tmp_path / "pendek.xlsx", [["Daftar Usulan"]], SHORT, rows)
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and r.rows_in == 3
    # Hamalau exists in two kecamatan: without a Kecamatan column it cannot be placed
    assert problems(r) == {(4, "kecamatan_kosong"), (5, "angka_tidak_sah")}
    got = df.set_index("baris")
    assert got.loc[3, "kode_kecamatan"] == "98.01.03" and got.loc[3, "volume"] == 100.0
    assert got.loc[3, "satuan"] == "m" and got.loc[3, "bidang"] == "infrastruktur"
    assert got.loc[5, "bidang"] == "pembangunan manusia"


def test_merged_kecamatan_cells_are_filled(tmp_path, w):
    rows = [
        long_row(
            i, 100 + i, dt.datetime(2025, 1, 10), "Padang Batung" if i == 1 else None, "Malutu"
        )
        for i in range(1, 4)
    ]
    p = write_xlsx(tmp_path / "merged.xlsx", [], LONG, rows, merges=["J2:J4"])
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 3 and set(df["kode_kecamatan"]) == {"98.01.01"}


def test_old_xls(tmp_path, w):
    xlwt = need_module("xlwt", "it writes the old .xls")
    book = xlwt.Workbook()
    sh = book.add_sheet("Usulan")
    sh.write(0, 0, "DAFTAR USULAN")
    for j, h in enumerate(LONG):
        sh.write(2, j, h)
    for i, row in enumerate(
        [
            long_row(1, 1, "01/02/2025", "Angkinang", "Bakarung"),
            long_row(2, 2, "02/02/2025", "Angkinang", "Bakarung"),
        ]
    ):
        for j, v in enumerate(row):
            if v is not None:
                sh.write(3 + i, j, v)
    p = tmp_path / "lama.xls"
    book.save(str(p))
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 2 and df["baris"].tolist() == [4, 5]


@pytest.mark.parametrize("header", [LONG, SHORT], ids=["panjang", "pendek"])
def test_a_header_without_any_data_row_is_an_empty_table(tmp_path, w, header):
    """SIPD exports of a kecamatan with no usulan yet: a header and nothing under it."""
    df, r = load_usulan(write_xlsx(tmp_path / "kosong.xlsx", [], header, []), w, 2026)
    assert r.fatal is None and r.balanced and r.rows_in == 0 and r.problems == []
    assert len(df) == 0 and "id_usulan" in df.columns


def test_no_names_match_to_text_columns(w):
    m = w.kecamatan_matcher.match(pd.Series([], dtype=float))
    assert list(m.columns) == ["kode", "metode", "skor", "saran"] and len(m) == 0
    assert m["kode"].dtype == object and m["saran"].dtype == object


def test_other_kabupaten_rows_reported(tmp_path, w):
    row = long_row(1, 1, "01/02/2025", "Angkinang", "Bakarung")
    row[8] = "Kabupaten Sebelah"
    p = write_xlsx(
        tmp_path / "lain.xlsx",
        [],
        LONG,
        [row, long_row(2, 2, "01/02/2025", "Angkinang", "Bakarung")],
    )
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and problems(r) == {(2, "kabupaten_lain")} and len(df) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a zip", "tidak dapat dibaca"),
        (b"a,b,c\n1,2,3\n", "Judul kolom tidak ditemukan"),
    ],
)
def test_unusable_files_raise_a_clear_error(tmp_path, w, content, message):
    p = tmp_path / ("rusak.xlsx" if content.startswith(b"PK") else "rusak.csv")
    p.write_bytes(content)
    with pytest.raises(PlanlibError, match=message):
        load_usulan(p, w, 2026)


def test_missing_file_is_a_clear_error(tmp_path, w):
    with pytest.raises(PlanlibError, match="tidak ditemukan"):
        load_usulan(tmp_path / "tidak_ada.xlsx", w, 2026)

"""The IDM / Indeks Desa loader: real headers, messy exports, every row accounted for."""

from __future__ import annotations

import pandas as pd
import pytest

from planlib.indeks_desa import COLUMNS, load_indeks_desa, status_idm, status_of
from planlib.report import REASONS, PlanlibError
from planlib.wilayah import Wilayah


@pytest.fixture(scope="module")
def wil() -> Wilayah:
    kode = pd.DataFrame(
        [
            ("52", "Nusa Tenggara Barat", "provinsi", None),
            ("52.03", "Kabupaten Lombok Timur", "kabupaten_kota", "52"),
            ("52.03.01", "Keruak", "kecamatan", "52.03"),
            ("52.03.02", "Jerowaru", "kecamatan", "52.03"),
            ("52.03.01.2001", "Pulau Maringkik", "desa_kelurahan", "52.03.01"),
            ("52.03.01.2002", "Keruak", "desa_kelurahan", "52.03.01"),
            ("52.03.01.2003", "Tanjung Luar", "desa_kelurahan", "52.03.01"),
            ("52.03.02.2001", "Sekaroh", "desa_kelurahan", "52.03.02"),
            ("52.03.02.2002", "Pemongkong", "desa_kelurahan", "52.03.02"),
        ],
        columns=["kode", "nama", "level", "induk"],
    )
    return Wilayah("52.03", "Kabupaten Lombok Timur", kode)


IDM_HEADER = ["NO", "PROVINSI", "KABUPATEN", "KECAMATAN", "KODE DESA", "NAMA DESA",
              "IKS 2023", "IKE 2023", "IKL 2023", "NILAI IDM 2023", "STATUS IDM 2023"]  # fmt: skip


def _balanced(fr) -> None:
    assert fr.rows_in == fr.rows_loaded + fr.rows_reported, fr.problems
    assert all(p.code in REASONS for p in fr.problems), [p.code for p in fr.problems]


def test_idm_with_title_rows_dotless_codes_and_totals(wil, tmp_path, write_csv, by_row):
    rows = [
        ["REKAP STATUS IDM 2023 KABUPATEN LOMBOK TIMUR"],
        ["Sumber: idm.kemendesa.go.id"],
        [],
        IDM_HEADER,
        [1, "NTB", "LOMBOK TIMUR", "KERUAK", "5203012001", "PULAU MARINGKIK",
         "0,7543", "0,6", "0,6667", "0,6737", "BERKEMBANG"],
        [2, "NTB", "LOMBOK TIMUR", "KERUAK", "5203012002", "KERUAK",
         "0.8914", "0.8", "0.7333", "0.8082", "MAJU"],
        [3, "NTB", "LOMBOK TIMUR", "KERUAK", "", "Tanjung Luwar",  # no code, misspelt name
         "0,9", "0,85", "0,8", "0,85", "Desa Mandiri"],
        [4, "NTB", "LOMBOK TIMUR", "JEROWARU", "5203022001", "SEKAROH",
         "0,5", "0,4", "0,5", "0,4667", ""],  # no status: derived from the value
        [5, "NTB", "LOMBOK TIMUR", "JEROWARU", "5203022002", "PEMONGKONG",
         "0,6", "x", "0,5", "0,55", "TERTINGGAL"],  # unreadable IKE
        [6, "NTB", "LOMBOK TENGAH", "PRAYA", "5202012001", "LENEK",
         "0,6", "0,6", "0,6", "0,6", "BERKEMBANG"],  # another kabupaten
        [7, "NTB", "LOMBOK TIMUR", "KERUAK", "5203012002", "KERUAK",
         "0.8914", "0.8", "0.7333", "0.8082", "MAJU"],  # repeated row
        [8, "NTB", "LOMBOK TIMUR", "JEROWARU", "", "ANTAH BERANTAH",
         "0,6", "0,6", "0,6", "0,6", "BERKEMBANG"],  # unknown desa
        ["", "", "", "", "", "JUMLAH", "", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "idm_2023.csv", rows)
    df, fr = load_indeks_desa(path, wil, 2023)
    _balanced(fr)
    assert list(df.columns) == COLUMNS
    assert set(df["jenis"]) == {"idm"}
    got = df.set_index("kode_desa")
    assert got.loc["52.03.01.2001", "nilai"] == pytest.approx(0.6737)
    assert got.loc["52.03.01.2001", "status"] == "Berkembang"
    assert got.loc["52.03.01.2003", "status"] == "Mandiri"  # placed by its name
    assert got.loc["52.03.02.2001", "status"] == "Sangat Tertinggal"
    assert pd.isna(got.loc["52.03.02.2002", "ike"])
    assert len(df) == 5
    rows_codes = by_row(fr)
    assert "desa_mirip" in rows_codes[7]
    assert "angka_tidak_sah" in rows_codes[9]
    assert "di_luar_kabupaten" in rows_codes[10]
    assert "id_ganda_sama" in rows_codes[11]
    assert "wilayah_tidak_dikenal" in rows_codes[12]
    assert "baris_total" in rows_codes[13]


def test_indeks_desa_2024_six_dimensions(wil, tmp_path, write_csv):
    header = ["No", "Kode Desa", "Desa", "Kecamatan", "Layanan Dasar", "Sosial", "Ekonomi",
              "Lingkungan", "Aksesibilitas", "Tata Kelola Pemerintahan Desa", "Nilai",
              "Status"]  # fmt: skip
    rows = [
        header,
        [1, "52.03.01.2001", "Pulau Maringkik", "Keruak", "70,1", "65,2", "40,5", "55", "30",
         "80", "58,4", "Berkembang"],
        [2, "52.03.02.2002", "Pemongkong", "Jerowaru", "80", "75", "60", "70", "65", "90",
         "74,1", "Maju"],
        [3, "52.03.02.2001", "Sekaroh", "Jerowaru", "80", "75", "60", "70", "65", "90",
         "174,1", "Maju"],  # out of range
    ]  # fmt: skip
    df, fr = load_indeks_desa(write_csv(tmp_path / "id.csv", rows, delimiter=";"), wil, 2024)
    _balanced(fr)
    assert set(df["jenis"]) == {"indeks_desa"}
    assert len(df) == 2
    assert df.set_index("kode_desa").loc["52.03.01.2001", "ekonomi"] == pytest.approx(40.5)
    assert any(p.code == "nilai_tidak_sah" and p.row == 4 for p in fr.problems)


def test_html_saved_as_xls_with_two_row_header(wil, tmp_path):
    html = """<html><body><table>
    <tr><td colspan=5>DATA IDM 2023</td></tr>
    <tr><th rowspan=2>KODE DESA</th><th rowspan=2>NAMA DESA</th><th rowspan=2>KECAMATAN</th>
        <th>NILAI IDM</th><th>STATUS IDM</th></tr>
    <tr><th>2023</th><th>2023</th></tr>
    <tr><td>5203022001</td><td>Sekaroh</td><td>Jerowaru</td><td>0,61</td><td>BERKEMBANG</td></tr>
    <tr><td>5203022002</td><td>Pemongkong</td><td>Jerowaru</td><td>0,72</td><td>MAJU</td></tr>
    <tr><td colspan=3>TOTAL</td><td></td><td></td></tr>
    </table></body></html>"""
    path = tmp_path / "idm.xls"
    path.write_text(html, encoding="utf-8")
    df, fr = load_indeks_desa(path, wil, 2023)
    _balanced(fr)
    assert sorted(df["kode_desa"]) == ["52.03.02.2001", "52.03.02.2002"]
    assert list(df.sort_values("kode_desa")["status"]) == ["Berkembang", "Maju"]


def test_same_desa_with_other_values_keeps_the_first(wil, tmp_path, write_csv, by_row):
    rows = [["Kode Desa", "Nama Desa", "Nilai IDM", "Status IDM"],
            ["5203022001", "Sekaroh", "0,61", "Berkembang"],
            ["5203022001", "Sekaroh", "0,71", "Maju"]]  # fmt: skip
    df, fr = load_indeks_desa(write_csv(tmp_path / "d.csv", rows), wil, 2023)
    _balanced(fr)
    assert len(df) == 1 and df["nilai"].iloc[0] == pytest.approx(0.61)
    assert "kode_ganda" in by_row(fr)[3]


def test_a_file_without_index_columns_is_refused(wil, tmp_path, write_csv):
    rows = [
        ["Kode Desa", "Nama Desa", "Kecamatan", "Jumlah Penduduk"],
        ["5203022001", "Sekaroh", "Jerowaru", "5000"],
    ]
    with pytest.raises(PlanlibError, match="nilai indeks"):
        load_indeks_desa(write_csv(tmp_path / "d.csv", rows), wil, 2023)


def test_status_helpers():
    assert status_of("SGT. TERTINGGAL") == "Sangat Tertinggal"
    assert status_of("Desa Maju") == "Maju"
    assert status_idm(0.4907) == "Sangat Tertinggal" and status_idm(0.8156) == "Mandiri"


def test_a_desa_level_long_indicator_table_loads_at_desa_level(wil, tmp_path, write_csv):
    """Stunting per desa in the long layout (indikator/): dotless codes and names both place it."""
    from planlib.indikator import load_indikator

    rows = [
        ["kode_wilayah", "nama_wilayah", "tahun", "indikator", "nilai", "satuan"],
        ["5203012001", "Pulau Maringkik", 2024, "stunting", "31,5", "persen"],
        ["52.03.02.2001", "Sekaroh", 2024, "stunting", "18,2", "persen"],
        ["", "Pemongkong", 2024, "stunting", "22", "persen"],
    ]
    df, fr = load_indikator(write_csv(tmp_path / "stunting_desa.csv", rows), wil)
    assert fr.rows_in == fr.rows_loaded + fr.rows_reported
    got = df.set_index("kode_wilayah")
    assert set(got["level"]) == {"desa"}
    assert got.loc["52.03.01.2001", "nilai"] == pytest.approx(31.5)
    assert got.loc["52.03.02.2002", "nilai"] == pytest.approx(22.0)  # placed by its name


BASE_TOML = """[wilayah]
kabupaten = "52.03"
kode_wilayah = "kode.csv"
"""


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('[indeks_dsa]\n2024 = "idm.xlsx"\n', "Maksudnya '\\[indeks_desa\\]'"),
        ('[indeks_desa]\ntahun = "idm.xlsx"\n', "bukan tahun"),
    ],
)
def test_a_misspelt_indeks_desa_entry_is_an_error(tmp_path, section, message):
    from planlib.report import WorkspaceError
    from planlib.workspace.config import WorkspaceConfig

    with pytest.raises(WorkspaceError, match=message):
        WorkspaceConfig.from_text(tmp_path, BASE_TOML + section)
    cfg = WorkspaceConfig.from_text(tmp_path, BASE_TOML + '[indeks_desa]\n2023 = "idm.xlsx"\n')
    assert cfg.indeks_desa[2023].path == tmp_path / "idm.xlsx"

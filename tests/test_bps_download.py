"""Tables downloaded from the BPS website: names without codes, years either way, the title read.

The files are made here as an analyst's browser saves them from ``bps.go.id`` /
``<prov>.bps.go.id``: xlsx with title rows, a merged two-row header and notes
under the table; the ``.xls`` that is really an HTML table (``<th>``,
``colspan``/``rowspan``, windows-1252); CSV with semicolons and decimal
commas. The code list is the real Kemendagri list of the public data folder
for Lombok Timur (NTB, 52.03) and Gunungkidul (DIY, 34.03): the kabupaten with
its kecamatan and desa, its province, the province's kab/kota and Indonesia.
The figures are made up.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planlib.indikator import load_indikator, match_wilayah
from planlib.indikator.catalogue import (
    canonical_seri,
    indikator_in_titles,
    periode_in_titles,
    satuan_in_titles,
    seri_in_titles,
)
from planlib.report import PlanlibError
from planlib.wilayah import NASIONAL, Wilayah, bps_names, load_kode_wilayah

KEMENDAGRI = "codes/wilayah_indonesia_kemendagri2025.csv"


# --------------------------------------------------------------------------- the code lists


@pytest.fixture(scope="module")
def kemendagri(shared) -> list[dict[str, str]]:
    with open(shared / KEMENDAGRI, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _code_list(rows: list[dict[str, str]], folder: Path, kabupaten: str) -> Wilayah:
    """The code list ``planlib init`` writes: Indonesia, the province, its kab/kota, the kabupaten."""
    prov = kabupaten.split(".")[0]
    keep = [
        r
        for r in rows
        if r["kode"] == prov
        or (r["level"] == "kabupaten_kota" and r["kode_prov"] == prov)
        or r["kode"].startswith(kabupaten + ".")
    ]
    path = folder / f"kode_wilayah_{prov}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["kode", "nama", "level"])
        out.writerow([NASIONAL, "Indonesia", "nasional"])
        out.writerows([r["kode"], r["nama"], r["level"]] for r in keep)
    df, fr = load_kode_wilayah(path)
    assert fr.balanced and fr.problems == []
    return Wilayah(kabupaten, next(r["nama"] for r in keep if r["kode"] == kabupaten), df)


@pytest.fixture(scope="module")
def ntb(kemendagri, tmp_path_factory) -> Wilayah:
    return _code_list(kemendagri, tmp_path_factory.mktemp("ntb"), "52.03")


@pytest.fixture(scope="module")
def diy(kemendagri, tmp_path_factory) -> Wilayah:
    return _code_list(kemendagri, tmp_path_factory.mktemp("diy"), "34.03")


def _names(w: Wilayah) -> dict[str, str]:
    return dict(zip(w.kode["kode"], w.kode["nama"], strict=True))


# --------------------------------------------------------------------------- helpers


def _figures(names: list[str], years: list[int], base: float, step: float) -> dict:
    """Made-up figures: one per (name, year), two decimals."""
    return {
        (n, y): round(base + 0.37 * i + step * (y - years[0]) + 0.01 * (i % 7), 2)
        for i, n in enumerate(names)
        for y in years
    }


def _comma(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _accounted(df: pd.DataFrame, fr, body_rows: range) -> None:
    """Every row under the header is loaded or named by a dropped problem, never both."""
    assert fr.balanced, (fr.rows_in, fr.rows_loaded, fr.rows_reported)
    assert fr.rows_in == len(body_rows)
    loaded = set(df["baris"])
    dropped = {p.row for p in fr.problems if p.dropped}
    assert loaded.isdisjoint(dropped)
    assert loaded | dropped == set(body_rows)


def _values(df: pd.DataFrame) -> dict[tuple[str, int], float]:
    return {(k, t): v for k, t, v in zip(df["kode_wilayah"], df["tahun"], df["nilai"], strict=True)}


# --------------------------------------------------------------------------- NTB

#: NTB as a BPS kab/kota table writes it (no codes) → the Kemendagri code.
NTB_ROWS = {
    "NUSA TENGGARA BARAT": "52",
    "Lombok Barat": "52.01",
    "Lombok Tengah": "52.02",
    "Lombok Timur": "52.03",
    "Sumbawa": "52.04",
    "Dompu": "52.05",
    "Bima": "52.06",  # the kabupaten: BPS writes it without prefix …
    "Sumbawa Barat": "52.07",
    "Lombok Utara": "52.08",
    "Kota Mataram": "52.71",
    "Kota Bima": "52.72",  # … and the kota with "Kota"
    "INDONESIA": "00",
}


def test_ntb_ipm_xlsx_with_titles_merged_header_and_notes(tmp_path, ntb):
    """[Metode Baru] IPM, xlsx: a merged title, a two-row header, years 2019 … 2023*, notes."""
    years = [2019, 2020, 2021, 2022, 2023]
    fig = _figures(list(NTB_ROWS), years, 64.1, 0.62)
    path = tmp_path / "Indeks Pembangunan Manusia.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel"
    ws.append(["[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota di Provinsi NTB"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Kabupaten/Kota", "[Metode Baru] Indeks Pembangunan Manusia"])
    ws.merge_cells("B3:F3")
    ws.append([None, 2019, 2020, 2021, "2022", "2023*"])
    ws.merge_cells("A3:A4")
    for name in NTB_ROWS:  # rows 5-16: numbers as the site exports them
        ws.append([name, *(fig[(name, y)] for y in years)])
    ws.append([])  # 17
    ws.append(["Sumber: Badan Pusat Statistik Provinsi Nusa Tenggara Barat"])  # 18
    ws.append(["Catatan: * Angka sementara"])  # 19
    wb.save(path)

    df, fr = load_indikator(path, ntb)
    _accounted(df, fr, range(5, 20))
    assert set(df["baris"]) == set(range(5, 17))
    assert {p.row: p.code for p in fr.problems} == {17: "baris_kosong", 18: "bukan_data",
                                                      19: "bukan_data"}  # fmt: skip
    assert set(df["indikator"]) == {"ipm"} and set(df["seri"]) == {"lama"}
    assert set(df["satuan"]) == {"indeks"}
    assert set(df["sumber"]) == {"Badan Pusat Statistik Provinsi Nusa Tenggara Barat"}
    got = _values(df)
    want = {(NTB_ROWS[n], y): v for (n, y), v in fig.items()}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(v) for k, v in want.items())
    # each row is named as the code list names it; BPS's spelling is not kept as the name
    names = _names(ntb)
    assert dict(zip(df["kode_wilayah"], df["nama_wilayah"], strict=True)) == {
        k: (names[k] if k != NASIONAL else "Indonesia") for k in NTB_ROWS.values()
    }
    assert set(df.loc[df["kode_wilayah"] == NASIONAL, "level"]) == {"nasional"}
    assert any("ipm" in n and "seri lama" in n for n in fr.notes)


def _html_table(title: str, head: list[str], body: list[list[str]], notes: list[str]) -> str:
    cells = "".join(f"<th>{h}</th>" for h in head)
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>\n" for r in body)
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Badan Pusat Statistik</title></head><body>\n"
        f"<p><b>{title}</b></p>\n"
        '<table border="1">\n'
        f"{cells}\n{rows}</table>\n" + "".join(f"<p>{n}</p>\n" for n in notes) + "</body></html>"
    )


def test_ntb_tpt_html_saved_as_xls_years_descending(tmp_path, ntb):
    """TPT 2025 … 2023, the .xls that is an HTML table, cp1252, – and … for missing values."""
    years = [2025, 2024, 2023]
    names = [n.upper() for n in NTB_ROWS if n != "INDONESIA"]
    fig = _figures(names, years, 3.1, -0.21)
    missing = {("KOTA BIMA", 2025): "\u2013", ("DOMPU", 2023): "\u2026", ("SUMBAWA", 2024): "-"}
    body = [[n, *(missing.get((n, y), _comma(fig[(n, y)])) for y in years)] for n in names]
    head = (
        '<tr><th rowspan="2">Kabupaten/Kota</th><th colspan="3">Tingkat Pengangguran Terbuka '
        "(TPT) Menurut Kabupaten/Kota (Persen)</th></tr>\n<tr>"
        + "".join(f"<th>{y}</th>" for y in years)
        + "</tr>"
    )
    html = _html_table(
        "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen), 2023\u20132025",
        [],
        body,
        ["Sumber: Survei Angkatan Kerja Nasional (Sakernas) Agustus",
         "Catatan: \u2013 data tidak tersedia"],
    ).replace("\n\n", f"\n{head}\n", 1)  # fmt: skip
    path = tmp_path / "tpt_ntb.xls"
    path.write_bytes(html.encode("cp1252"))
    assert "\u2013".encode("cp1252") in path.read_bytes()  # really windows-1252 bytes

    df, fr = load_indikator(path, ntb)
    # row 1 the title line, rows 2-3 the header, 4-14 the kab/kota, 15-16 the notes
    _accounted(df, fr, range(4, 17))
    assert {p.row: p.code for p in fr.problems} == {15: "bukan_data", 16: "bukan_data"}
    assert any("HTML" in n for n in fr.notes)
    assert set(df["indikator"]) == {"tpt"} and set(df["satuan"]) == {"persen"}
    assert df["seri"].isna().all()  # TPT has one series; no IPM series note either
    assert not any("seri" in n for n in fr.notes)
    by_name = {n.upper(): k for n, k in NTB_ROWS.items()}
    want = {(by_name[n], y): v for (n, y), v in fig.items() if (n, y) not in missing}
    got = _values(df)
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(v) for k, v in want.items())
    assert set(df["tahun"]) == set(years)
    # Sakernas Agustus: the only period BPS publishes for a kabupaten
    assert set(df.loc[df["level"] == "kabupaten", "periode"]) == {"Agustus"}


def test_ntb_p0_csv_names_with_prefixes_and_unknown_names(tmp_path, ntb, write_csv):
    """P0, CSV with semicolons and decimal commas; Kab./Kabupaten prefixes; unknown names."""
    written = {
        "Nusa Tenggara Barat": "52",
        "Kab. Lombok Barat": "52.01",
        "Kabupaten Lombok Tengah": "52.02",
        "Kab. Lombok Timur": "52.03",
        "Lombok Tenggara": None,  # no such kabupaten: reported with the nearest names
        "Kabupaten Antah Berantah": None,  # nothing near: reported with what to do
        "Lombok Utaraa": "52.08",  # a typo: matched, with a warning
        "Kota Bimaa": None,  # a typo as near Bima as Kota Bima: never guessed
        "Kota Mataram": "52.71",
    }
    years = [2022, 2023, 2024]
    fig = _figures(list(written), years, 13.9, -0.3)
    rows = [
        ["Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2022-2024", "", "", ""],
        ["", "", "", ""],
        ["Kabupaten/Kota", "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)", "",
         ""],
        ["", "2022", "2023", "2024"],
        *([n, *(_comma(fig[(n, y)]) for y in years)] for n in written),  # rows 5-13
        ["Sumber: BPS, Susenas Maret", "", "", ""],  # 14
    ]  # fmt: skip
    path = write_csv(tmp_path / "p0.csv", rows, delimiter=";", encoding="cp1252")

    df, fr = load_indikator(path, ntb)
    _accounted(df, fr, range(5, 15))
    assert set(df["indikator"]) == {"p0"} and set(df["satuan"]) == {"persen"}
    line = {n: 5 + i for i, n in enumerate(written)}
    assert dict(zip(df["baris"], df["kode_wilayah"], strict=True)) == {
        line[n]: k for n, k in written.items() if k is not None
    }
    unknown = {p.row: p for p in fr.problems if p.code == "wilayah_tidak_dikenal"}
    assert set(unknown) == {line["Lombok Tenggara"], line["Kabupaten Antah Berantah"]}
    near = unknown[line["Lombok Tenggara"]]
    assert near.dropped and near.severity == "error" and near.column == "Kabupaten/Kota"
    assert near.value == "Lombok Tenggara"
    assert "Kabupaten Lombok Tengah?" in near.suggestion
    assert "alias" in unknown[line["Kabupaten Antah Berantah"]].suggestion
    typo = next(p for p in fr.problems if p.code == "wilayah_mirip")
    assert (typo.row, typo.dropped) == (line["Lombok Utaraa"], False)
    assert typo.suggestion == "Kabupaten Lombok Utara?"
    both = next(p for p in fr.problems if p.code == "wilayah_ambigu")
    assert (both.row, both.dropped, both.severity) == (line["Kota Bimaa"], True, "error")
    assert "Kabupaten Bima?" in both.suggestion and "Kota Bima?" in both.suggestion
    assert {p.code for p in fr.problems} == {"wilayah_tidak_dikenal", "wilayah_mirip",
                                              "wilayah_ambigu", "bukan_data"}  # fmt: skip
    got = _values(df)
    assert got[("52.03", 2024)] == pytest.approx(fig[("Kab. Lombok Timur", 2024)])


def test_bima_under_a_kota_row_is_the_kota(tmp_path, ntb, write_csv):
    """Tables that head their kota with a ``Kota`` row write ``Bima`` under it for Kota Bima."""
    rows = [
        ["Gini Ratio Menurut Kabupaten/Kota", "", ""],
        ["Kabupaten/Kota", "2023", "2024"],
        ["Kabupaten", "", ""],  # 3
        ["Bima", "0,301", "0,298"],  # 4: the kabupaten
        ["Dompu", "0,288", "0,281"],  # 5
        ["Kota", "", ""],  # 6
        ["Mataram", "0,372", "0,365"],  # 7
        ["Bima", "0,335", "0,331"],  # 8: the kota
    ]
    df, fr = load_indikator(write_csv(tmp_path / "gini.csv", rows, delimiter=";"), ntb)
    _accounted(df, fr, range(3, 9))
    assert dict(zip(df["baris"], df["kode_wilayah"], strict=True)) == {
        4: "52.06", 5: "52.05", 7: "52.71", 8: "52.72"
    }  # fmt: skip
    assert {p.row: p.code for p in fr.problems} == {3: "bukan_data", 6: "bukan_data"}
    assert set(df["indikator"]) == {"gini"}


# --------------------------------------------------------------------------- DIY

DIY_BPS = {  # as BPS writes them → code
    "KULON PROGO": "34.01",
    "BANTUL": "34.02",
    "GUNUNG KIDUL": "34.03",  # Kemendagri: Gunungkidul
    "SLEMAN": "34.04",
    "KOTA YOGYAKARTA": "34.71",
    "DI YOGYAKARTA": "34",
    "INDONESIA": "00",
}


def test_diy_ipm_revised_series_xlsx_years_descending(tmp_path, diy):
    """IPM (UHH LF SP2020), 2024 … 2020, in capitals as the national site writes them."""
    years = [2024, 2023, 2022, 2021, 2020]
    fig = _figures(list(DIY_BPS), years, 72.3, -0.55)
    path = tmp_path / "ipm.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indeks Pembangunan Manusia (UHH LF SP2020) Menurut Kabupaten/Kota, 2020-2024"])
    ws.append(["Provinsi/Kabupaten/Kota", "2024*", "2023", 2022, 2021, 2020])  # 2
    for n in DIY_BPS:  # 3-9, as text with decimal commas
        ws.append([n, *(_comma(fig[(n, y)]) for y in years)])
    ws.append(["Sumber: Badan Pusat Statistik"])  # 10
    wb.save(path)

    df, fr = load_indikator(path, diy)
    _accounted(df, fr, range(3, 11))
    assert set(df["seri"]) == {"revisi_2024"} and set(df["indikator"]) == {"ipm"}
    got = _values(df)
    want = {(DIY_BPS[n], y): v for (n, y), v in fig.items()}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(v) for k, v in want.items())
    assert set(df["tahun"]) == set(years)
    assert not any(p.code == "wilayah_mirip" for p in fr.problems)  # no name was guessed


def test_diy_two_ipm_series_side_by_side_are_never_mixed(tmp_path, diy):
    """One download, two column groups: [Metode Baru] 2021-2023 beside UHH LF SP2020 2021-2024."""
    names = ["Kulonprogo", "Bantul", "Gunungkidul", "Sleman", "Yogyakarta", "D.I. Yogyakarta"]
    codes = ["34.01", "34.02", "34.03", "34.04", "34.71", "34"]
    old_years, new_years = [2021, 2022, 2023], [2021, 2022, 2023, 2024]
    old = _figures(names, old_years, 70.0, 0.5)
    new = _figures(names, new_years, 71.2, 0.6)
    head = (
        '<tr><th rowspan="2">Kabupaten/Kota</th>'
        '<th colspan="3">[Metode Baru] Indeks Pembangunan Manusia</th>'
        '<th colspan="4">Indeks Pembangunan Manusia (UHH LF SP2020)</th></tr>\n<tr>'
        + "".join(f"<th>{y}</th>" for y in [*old_years, *new_years])
        + "</tr>"
    )
    body = [
        [n, *(_comma(old[(n, y)]) for y in old_years), *(_comma(new[(n, y)]) for y in new_years)]
        for n in names
    ]
    body[3][-1] = "x"  # Sleman 2024 (UHH LF SP2020): not a number
    html = _html_table("Indeks Pembangunan Manusia Menurut Kabupaten/Kota", [], body,
                       ["Sumber: BPS Provinsi D.I. Yogyakarta"])  # fmt: skip
    path = tmp_path / "ipm_dua_seri.xls"
    path.write_bytes(html.replace("\n\n", f"\n{head}\n", 1).encode("cp1252"))

    df, fr = load_indikator(path, diy)
    _accounted(df, fr, range(4, 11))
    assert set(df["seri"]) == {"lama", "revisi_2024"}  # never None, never one for both
    for seri, fig, years in (("lama", old, old_years), ("revisi_2024", new, new_years)):
        part = df[df["seri"] == seri]
        want = {(k, y): fig[(n, y)] for n, k in zip(names, codes, strict=True) for y in years}
        want.pop(("34.04", 2024), None)
        got = _values(part)
        assert got.keys() == want.keys(), seri
        assert all(got[k] == pytest.approx(v) for k, v in want.items()), seri
    # a cell is named by its group and year, so the analyst finds it
    assert {(p.row, p.code) for p in fr.problems} == {(7, "angka_tidak_sah"), (10, "bukan_data")}
    (bad,) = [p for p in fr.problems if p.row == 7]
    assert (bad.code, bad.row, bad.value, bad.dropped) == ("angka_tidak_sah", 7, "x", False)
    assert bad.column == "Indeks Pembangunan Manusia (UHH LF SP2020) 2024"


def test_diy_jumlah_penduduk_miskin_csv_dot_decimals_and_unit_from_title(tmp_path, diy, write_csv):
    """Ribu jiwa from the title, dot decimals as the new site's CSV writes them, Kemendagri names."""
    names = {"Kulon Progo": "34.01", "Gunungkidul": "34.03", "Kota Yogyakarta": "34.71",
             "Daerah Istimewa Yogyakarta": "34"}  # fmt: skip
    years = [2022, 2023, 2024]
    fig = _figures(list(names), years, 52.4, -1.2)
    rows = [
        ["Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota, 2022-2024", "", "", ""],
        ["Kabupaten/Kota", "2022", "2023", "2024"],
        *([n, *(f"{fig[(n, y)]:.2f}" for y in years)] for n in names),  # 3-6
    ]
    df, fr = load_indikator(write_csv(tmp_path / "miskin.csv", rows), diy)
    _accounted(df, fr, range(3, 7))
    assert set(df["indikator"]) == {"jumlah_penduduk_miskin"}
    assert set(df["satuan"]) == {"ribu jiwa"}  # not the catalogue's default "jiwa": 1000× apart
    assert set(df.loc[df["level"] == "kabupaten", "periode"]) == {"Maret"}
    got = _values(df)
    assert got[("34.03", 2023)] == pytest.approx(fig[("Gunungkidul", 2023)])
    assert set(df["kode_wilayah"]) == set(names.values())


# --------------------------------------------------------------------------- what the title says


@pytest.mark.parametrize(
    ("title", "indikator", "seri", "satuan"),
    [
        ("Indeks Pembangunan Manusia (IPM) Menurut Kabupaten/Kota, 2020-2024", "ipm", None, None),
        ("[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota", "ipm", "lama", None),
        ("IPM (UHH LF SP2020) Menurut Kabupaten/Kota", "ipm", "revisi_2024", None),
        ("[Metode Baru] Indeks Pembangunan Manusia (UHH Hasil Long Form SP2020)", "ipm",
         "revisi_2024", None),
        ("[Metode Lama] Indeks Pembangunan Manusia 1996-2013", "ipm", "metode_lama", None),
        ("Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2022-2024", "p0", None,
         "persen"),
        ("Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen), 2023-2025", "tpt",
         None, "persen"),
        ("Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota", "jumlah_penduduk_miskin",
         None, "ribu jiwa"),
        ("Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Kabupaten/Kota", "garis_kemiskinan",
         None, "Rp/kapita/bulan"),
        ("Gini Ratio Menurut Kabupaten/Kota", "gini", None, None),
        ("[Metode Baru] Umur Harapan Hidup Saat Lahir (UHH) (Tahun)", "uhh", "lama", "tahun"),
        ("Umur Harapan Hidup (UHH LF SP2020) Menurut Kabupaten/Kota", "uhh", "revisi_2024", None),
        ("[Metode Baru] Rata-rata Lama Sekolah (Tahun)", "rls", "lama", "tahun"),
        ("[Metode Baru] Harapan Lama Sekolah (Tahun)", "hls", "lama", "tahun"),
        ("[Metode Baru] Pengeluaran per Kapita Disesuaikan (Ribu Rupiah/Orang/Tahun)",
         "pengeluaran_per_kapita", "lama", "ribu Rp/orang/tahun"),
        ("Tingkat Partisipasi Angkatan Kerja (TPAK) Menurut Kabupaten/Kota (Persen)", "tpak", None,
         "persen"),
    ],
)  # fmt: skip
def test_titles(title, indikator, seri, satuan):
    assert indikator_in_titles([title]) == indikator
    assert seri_in_titles([title]) == seri
    assert satuan_in_titles([title]) == satuan


def test_series_names_stay_the_catalogue_s():
    assert canonical_seri("[Metode Baru]") == canonical_seri("ipm_metode_baru_seri_lama") == "lama"
    assert canonical_seri("UHH LF SP2020") == canonical_seri("ipm_metode_baru_seri_revisi_2024")
    assert canonical_seri("UHH LF SP2020") == "revisi_2024"
    assert canonical_seri("Metode Lama") == "metode_lama"  # 1996-2013: neither of the two
    assert periode_in_titles(["Garis Kemiskinan Maret 2024"]) == "Maret"
    assert periode_in_titles(["P0 Maret dan September 2024"]) is None  # two: not guessed


def _small(path: Path, title: str | None, sheet: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(["Kabupaten/Kota", 2022, 2023, 2024])
    ws.append(["Lombok Timur", 1.5, 1.6, 1.7])
    ws.append(["Nusa Tenggara Barat", 2.5, 2.6, 2.7])
    wb.save(path)
    return path


def test_indicator_from_the_sheet_or_the_file_name(tmp_path, ntb):
    df, _ = load_indikator(_small(tmp_path / "unduhan.xlsx", None, "Gini Ratio"), ntb)
    assert set(df["indikator"]) == {"gini"}
    df, _ = load_indikator(_small(tmp_path / "Garis Kemiskinan NTB.xlsx", None), ntb)
    assert set(df["indikator"]) == {"garis_kemiskinan"}
    assert set(df["satuan"]) == {"Rp/kapita/bulan"}  # the catalogue's unit when none is written


def test_a_title_that_says_nothing_usable(tmp_path, ntb):
    path = _small(tmp_path / "tabel_3_2.xlsx", "Tabel 3.2 Menurut Kabupaten/Kota")
    with pytest.raises(PlanlibError) as e:
        load_indikator(path, ntb)
    text = str(e.value)
    assert "tabel_3_2.xlsx" in text and "Tabel 3.2 Menurut Kabupaten/Kota" in text
    assert 'indikator = "ipm"' in text and "planlib.toml" in text
    df, fr = load_indikator(path, ntb, {"indikator": "tpak"})
    assert fr.balanced and set(df["indikator"]) == {"tpak"}


def test_ipm_without_series_is_kept_apart_and_said(tmp_path, ntb):
    path = _small(tmp_path / "ipm.xlsx", "Indeks Pembangunan Manusia Menurut Kabupaten/Kota")
    df, fr = load_indikator(path, ntb)
    assert df["seri"].isna().all() and len(df) == 6
    note = next(n for n in fr.notes if "seri" in n)
    assert 'seri = "revisi_2024"' in note and 'seri = "lama"' in note
    df, fr = load_indikator(path, ntb, {"seri": "revisi 2024"})
    assert set(df["seri"]) == {"revisi_2024"} and not any("tidak menyebut seri" in n
                                                          for n in fr.notes)  # fmt: skip


# --------------------------------------------------------------------------- header shapes


def test_one_year_download(tmp_path, ntb, write_csv):
    rows = [["Tingkat Pengangguran Terbuka (TPT) (Persen), 2024", ""],
            ["Kabupaten/Kota", "2024"], ["Lombok Timur", "3,4"], ["Kota Mataram", "4,9"]]  # fmt: skip
    df, fr = load_indikator(write_csv(tmp_path / "tpt.csv", rows, delimiter=";"), ntb)
    assert fr.balanced and _values(df) == {("52.03", 2024): 3.4, ("52.71", 2024): 4.9}


def test_periods_under_the_years(tmp_path, ntb, write_csv):
    """A province table with ``Maret`` and ``September`` under each year (the year written once)."""
    rows = [
        ["Persentase Penduduk Miskin (P0) Menurut Provinsi (Persen)", "", "", "", ""],
        ["Provinsi", "2023", "", "2024", ""],
        ["", "Maret", "September", "Semester 1 (Maret)", "Semester 2 (September)"],
        ["NUSA TENGGARA BARAT", "13,85", "13,63", "13,17", "12,91"],
        ["INDONESIA", "9,36", "9,03", "9,03", "8,57"],
    ]
    df, fr = load_indikator(write_csv(tmp_path / "p0_prov.csv", rows, delimiter=";"), ntb)
    _accounted(df, fr, range(4, 6))
    got = {(k, t, p): v for k, t, p, v in
           zip(df["kode_wilayah"], df["tahun"], df["periode"], df["nilai"], strict=True)}  # fmt: skip
    assert got == {
        ("52", 2023, "Maret"): 13.85, ("52", 2023, "September"): 13.63,
        ("52", 2024, "Maret"): 13.17, ("52", 2024, "September"): 12.91,
        ("00", 2023, "Maret"): 9.36, ("00", 2023, "September"): 9.03,
        ("00", 2024, "Maret"): 9.03, ("00", 2024, "September"): 8.57,
    }  # fmt: skip


# --------------------------------------------------------------------------- names of any province


def _province_list(rows: list[dict[str, str]], kabupaten: str) -> Wilayah:
    prov = kabupaten.split(".")[0]
    keep = [
        r for r in rows if r["kode_prov"] == prov and r["level"] in ("provinsi", "kabupaten_kota")
    ]
    df = pd.DataFrame({"kode": [r["kode"] for r in keep], "nama": [r["nama"] for r in keep],
                       "level": [r["level"] for r in keep]})  # fmt: skip
    df["induk"] = df["kode"].map(lambda k: k.rsplit(".", 1)[0] if "." in k else None)
    return Wilayah(kabupaten, next(r["nama"] for r in keep if r["kode"] == kabupaten), df)


@pytest.mark.parametrize(
    ("kabupaten", "written", "kode"),
    [
        ("52.03", "NUSA TENGGARA BARAT", "52"),
        ("52.03", "Kota Mataram", "52.71"),
        ("52.03", "Kab. Lombok Timur", "52.03"),
        ("52.03", "Kabupaten Lombok Timur", "52.03"),
        ("52.03", "Lombok Timur", "52.03"),
        ("52.03", "Bima", "52.06"),
        ("52.03", "KOTA BIMA", "52.72"),
        ("52.03", "INDONESIA", "00"),
        ("34.03", "Gunung Kidul", "34.03"),
        ("34.03", "Gunungkidul", "34.03"),
        ("34.03", "Kulon Progo", "34.01"),
        ("34.03", "Kulonprogo", "34.01"),
        ("34.03", "DI YOGYAKARTA", "34"),
        ("34.03", "Yogyakarta", "34.71"),  # BPS DIY writes the kota without "Kota"
        ("31.01", "Kep. Seribu", "31.01"),
        ("31.01", "Kota Jakarta Selatan", "31.74"),  # Kemendagri: Kota Administrasi …
        ("31.01", "DKI JAKARTA", "31"),
        ("15.06", "Tanjung Jabung Barat", "15.06"),
        ("15.06", "Tanjab Barat", "15.06"),
        ("73.10", "Pangkajene Kepulauan", "73.10"),
        ("73.10", "Pangkajene dan Kepulauan", "73.10"),
        ("12.12", "Toba Samosir", "12.12"),  # renamed Toba (PP 14/2020)
        ("12.12", "Samosir", "12.17"),
        ("12.12", "Labuhan Batu", "12.10"),  # spacing only: not in the table
        ("12.12", "Pematang Siantar", "12.72"),
        ("21.01", "KEP. RIAU", "21"),
    ],
)
def test_bps_names_of_any_province(kemendagri, kabupaten, written, kode):
    w = _province_list(kemendagri, kabupaten)
    m = match_wilayah(pd.Series([written]), w)
    assert m.at[0, "kode"] == kode
    assert m.at[0, "metode"] in ("persis", "normal", "alias")  # silent: no guess, no warning


def test_every_row_of_the_harmonisation_table_names_a_real_area(kemendagri):
    known = {r["kode"] for r in kemendagri if r["level"] in ("provinsi", "kabupaten_kota")}
    assert bps_names() and {k for k, _ in bps_names()} <= known
    with open(Path(__file__).parents[1] / "planlib/data/wilayah_bps.csv", encoding="utf-8") as f:
        assert all(r["sumber"].strip() for r in csv.DictReader(f))  # each names its source


# --------------------------------------------------------------------------- the national row


@pytest.mark.parametrize("written", ["00", "0000", "0"])
def test_national_row_of_the_code_list(tmp_path, written, write_csv):
    path = write_csv(tmp_path / "kode.csv", [["kode", "nama"], [written, "Indonesia"],
                                              ["52", "Nusa Tenggara Barat"],
                                              ["52.03", "Kabupaten Lombok Timur"]])  # fmt: skip
    df, fr = load_kode_wilayah(path)
    assert fr.balanced and fr.problems == []
    assert df.set_index("kode")["level"].to_dict() == {
        "00": "nasional", "52": "provinsi", "52.03": "kabupaten_kota"
    }  # fmt: skip
    w = Wilayah("52.03", "Kabupaten Lombok Timur", df)
    for name in ("INDONESIA", "Nasional"):
        r = w.area_matcher().match_one(name)
        assert (r.kode, r.metode) == ("00", "persis")  # one national row, not two
    # a code list without it still knows Indonesia
    r = Wilayah("52.03", "x", df[df["kode"] != "00"]).area_matcher().match_one("Indonesia")
    assert r.kode == "00"

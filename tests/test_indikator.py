"""Indicator loader: the public long file, BPS wide tables, series kept apart, repeats reported."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from planlib.indikator import (
    COLUMNS,
    INDIKATOR,
    canonical_indikator,
    canonical_seri,
    combine_indikator,
    load_indikator,
    series_for,
    sumber_text,
)
from planlib.report import PlanlibError
from planlib.tabular import read_rows

LONG_HEADER = ["kode_wilayah", "nama_wilayah", "tahun", "periode", "indikator", "nilai", "satuan",
               "seri", "sumber"]  # fmt: skip


# --------------------------------------------------------------------------- the public long file


@pytest.fixture(scope="module")
def shared_long(shared, hss):
    path = shared / "indicators/indicators_long.csv"
    df, fr = load_indikator(path, hss)
    with open(path, encoding="utf-8") as f:
        raw = list(csv.DictReader(f))
    return df, fr, raw


def test_shared_long_file_is_balanced_and_keeps_the_province(shared_long):
    df, fr, raw = shared_long
    assert list(df.columns) == COLUMNS
    assert fr.rows_in == len(raw) == 545
    assert fr.balanced and fr.rows_loaded == len(df) > 400
    assert not fr.errors
    # other provinces are reported, each once, and nothing else is left out silently
    other = [i + 2 for i, r in enumerate(raw) if r["kode_kemendagri"].split(".")[0] == "64"]
    outside = {p.row for p in fr.problems if p.code == "di_luar_kabupaten"}
    assert outside == set(other) and all(p.severity == "warning" for p in fr.problems)
    assert not df["kode_wilayah"].str.startswith("64").any()
    # the nation (empty code, name "Indonesia") and the province are kept; so are the other kab
    nasional = df[df["kode_wilayah"] == "00"]
    assert len(nasional) == sum(r["wilayah"] == "Indonesia" for r in raw) == 12
    assert set(nasional["level"]) == {"nasional"} and set(nasional["nama_wilayah"]) == {"Indonesia"}
    assert (df["kode_wilayah"] == "63").sum() >= 40
    assert set(df.loc[df["kode_wilayah"] == "63", "level"]) == {"provinsi"}
    assert {"63.01", "63.11", "63.71", "63.72"} <= set(df["kode_wilayah"])


def test_shared_long_file_canonical_keys_for_hss(shared_long):
    df, _, _ = shared_long
    hss = df[df["kode_wilayah"] == "63.06"]
    assert {"ipm", "p0", "tpt", "tpak", "gini", "uhh", "rls"} <= set(hss["indikator"])
    assert not {"p0_persen_penduduk_miskin", "tpt_persen", "gini_ratio"} & set(df["indikator"])
    p0 = hss[hss["indikator"] == "p0"].set_index("tahun")
    assert p0.loc[2023, "nilai"] == pytest.approx(4.01) and p0.loc[2023, "satuan"] == "persen"
    # dot decimals of the CSV: 0.275 is a Gini ratio, not two hundred and seventy-five
    gini = hss[hss["indikator"] == "gini"].set_index("tahun")["nilai"]
    assert gini.loc[2021] == pytest.approx(0.275)
    assert hss.loc[hss["indikator"] == "ipm", "nilai"].between(60, 80).all()
    # kabupaten-level poverty and labour figures exist for one period only
    assert set(p0["periode"]) == {"Maret"}
    assert set(hss.loc[hss["indikator"] == "tpt", "periode"]) == {"Agustus"}


def test_shared_hss_ipm_series_stay_apart(shared_long):
    df, _, _ = shared_long
    ipm = df[(df["kode_wilayah"] == "63.06") & (df["indikator"] == "ipm")]
    assert set(ipm["seri"]) == {"lama", "revisi_2024"}
    assert ipm.duplicated(["tahun", "seri", "periode"]).sum() == 0
    both = ipm.pivot_table(index="tahun", columns="seri", values="nilai").dropna()
    assert list(both.index) == [2021]
    assert both.loc[2021, "lama"] == pytest.approx(69.21)
    assert both.loc[2021, "revisi_2024"] == pytest.approx(71.93)
    series = series_for(df, "63.06", "IPM")
    assert set(series) == {"lama", "revisi_2024"}
    assert list(series["revisi_2024"]["tahun"]) == [2021, 2022, 2023, 2024]
    assert list(series["lama"]["tahun"]) == [2019, 2021]


def test_shared_repeats_are_reported_not_lost(shared_long):
    df, fr, raw = shared_long
    dups = [p for p in fr.problems if p.code == "indikator_duplikat"]
    # the file repeats 21 in-scope observations with the same value (S5 vs S6/S7 sources) …
    assert len(dups) == 21 and all(p.dropped and p.severity == "warning" for p in dups)
    # … and holds no conflicting value for the same wilayah, year, period and series
    assert not [p for p in fr.problems if p.code == "indikator_bertentangan"]
    for p in dups:
        kept_row = int(p.suggestion.rsplit(" ", 1)[1])
        kept = df[df["baris"] == kept_row]
        assert len(kept) == 1
        assert float(raw[p.row - 2]["nilai"]) == pytest.approx(kept["nilai"].iloc[0])


def test_sumber_text_lists_distinct_sources(shared_long):
    df, _, _ = shared_long
    sel = df[(df["kode_wilayah"] == "63.06") & (df["indikator"] == "ipm")]
    text = sumber_text(sel)
    assert text.startswith("Sumber: ") and "var 356" in text and "Kaggle" in text
    assert text.count("var 356") == 1


# --------------------------------------------------------------------------- BPS wide tables

WIDE_BODY = [
    ["KALIMANTAN SELATAN", "71,28", "71,84", "72,18", "75,19"],  # 5
    ["Kab. Tanah Laut", "70,70", "71,20", "-", "72,00"],  # 6
    ["HULU SUNGAI SELATAN", "69,21", "69,85", "70,50", "71,10"],  # 7
    ["Hulu Sungai Tenggah", "68,10", "x", "69,00", "69,50"],  # 8: misspelt, one bad cell
    ["Kabupaten Antah Berantah", "1,00", "2,00", "3,00", "4,00"],  # 9
    ["Kota Banjarbaru", "…", "…", "-", ""],  # 10: no value at all
    ["INDONESIA", "72,29", "72,91", "73,55", "74,20"],  # 11
    [None, None, None, None, None],  # 12
    ["Sumber: BPS", None, None, None, None],  # 13
    ["Catatan: * angka sementara", None, None, None, None],  # 14
]
TITLE = "Indeks Pembangunan Manusia Menurut Kabupaten/Kota, 2021–2024"


@pytest.fixture
def write_wide(write_csv):
    """``write_wide(path, kind)``: the IPM table of :data:`WIDE_BODY` as BPS exports it."""
    return lambda path, kind: _write_wide(path, kind, write_csv)


def _write_wide(path: Path, kind: str, write_csv) -> Path:
    header = ["Kabupaten/Kota", 2021, 2022, "2023 (Revisi)", "2024*"]
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([TITLE])
        ws.append([])
        ws.append(["", "Indeks Pembangunan Manusia", None, None, None])
        ws.append(header)
        for r in WIDE_BODY:
            # numbers as the BPS site exports them: real numbers, text placeholders
            ws.append([_excel(v) if j else v for j, v in enumerate(r)])
        wb.save(path)
        return path
    rows = [[TITLE, "", "", "", ""], [""] * 5, ["", "Indeks Pembangunan Manusia", "", "", ""]]
    rows += [header] + [[v if v is not None else "" for v in r] for r in WIDE_BODY]
    return write_csv(path, rows, delimiter=";", encoding="cp1252")


def _excel(v):
    if v is None or v in ("-", "…", "", "x"):
        return v or None
    return float(v.replace(",", "."))


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_bps_wide_table(tmp_path, hss, kind, by_row, problem, write_wide):
    path = write_wide(tmp_path / f"ipm_bps.{kind}", kind)
    if kind == "csv":
        assert read_rows(path).encoding == "cp1252"
    df, fr = load_indikator(path, hss)
    assert fr.balanced
    assert fr.rows_in == len(WIDE_BODY)  # rows under the header, footnotes included
    loaded_rows = {5, 6, 7, 8, 11}
    assert set(df["baris"]) == loaded_rows and fr.rows_loaded == len(loaded_rows)
    assert len(df) == 4 + 3 + 4 + 3 + 4  # one observation per filled number
    assert set(df["indikator"]) == {"ipm"} and set(df["satuan"]) == {"indeks"}
    assert set(df["sumber"]) == {"BPS"} and set(df["berkas"]) == {path.name}
    got = df.set_index(["kode_wilayah", "tahun"])["nilai"]
    assert got.loc[("63.06", 2021)] == pytest.approx(69.21)
    assert got.loc[("63.06", 2024)] == pytest.approx(71.10)  # header "2024*"
    assert got.loc[("63", 2023)] == pytest.approx(72.18)  # header "2023 (Revisi)"
    assert got.loc[("00", 2022)] == pytest.approx(72.91)
    assert ("63.01", 2023) not in got.index  # "-" is a missing value …
    rows = by_row(fr)
    assert 6 not in rows  # … and not a problem
    assert set(df.loc[df["kode_wilayah"] == "63.07", "tahun"]) == {2021, 2023, 2024}
    mirip = problem(fr, 8, "wilayah_mirip")
    assert mirip.severity == "warning" and not mirip.dropped
    assert "Hulu Sungai Tengah" in mirip.suggestion
    bad = problem(fr, 8, "angka_tidak_sah")
    assert bad.value == "x" and bad.column == "2022" and not bad.dropped
    unknown = problem(fr, 9, "wilayah_tidak_dikenal")
    assert unknown.severity == "error" and unknown.dropped
    assert problem(fr, 10, "nilai_kosong").dropped
    assert problem(fr, 13, "bukan_data").dropped and problem(fr, 14, "bukan_data").dropped
    assert rows == {
        8: {"wilayah_mirip", "angka_tidak_sah"},
        9: {"wilayah_tidak_dikenal"},
        10: {"nilai_kosong"},
        12: {"baris_kosong"},
        13: {"bukan_data"},
        14: {"bukan_data"},
    }


def test_bps_wide_table_options_and_a_row_without_any_number(tmp_path, hss, write_csv, problem):
    path = write_csv(
        tmp_path / "tabel.csv",
        [
            ["Tabel 3.2"],
            ["Wilayah", "2022", "2023", "2024"],
            ["Hulu Sungai Selatan", "2,11", "2,12", "2,20"],
            ["Kalimantan Selatan", "4,74", "4,31", "4,14"],
            ["Loksado", "n/a", "abc", "-"],
        ],
    )
    with pytest.raises(PlanlibError, match="indikator"):
        load_indikator(path, hss)
    df, fr = load_indikator(
        path, hss, {"indikator": "TPT", "seri": "Seri Lama", "sumber": "BPS HSS"}
    )
    assert fr.balanced and fr.rows_in == 3 and fr.rows_loaded == 2
    assert set(df["indikator"]) == {"tpt"} and set(df["seri"]) == {"lama"}
    assert set(df["sumber"]) == {"BPS HSS"} and set(df["satuan"]) == {"persen"}
    # the only period BPS publishes at kabupaten level; the province's is not guessed
    assert set(df.loc[df["kode_wilayah"] == "63.06", "periode"]) == {"Agustus"}
    assert df.loc[df["kode_wilayah"] == "63", "periode"].isna().all()
    # a kecamatan row whose only filled cell is not a number is left out with that reason
    p = problem(fr, 5, "angka_tidak_sah")
    assert p.dropped and p.value == "abc"


def test_unrecognised_file_is_a_clear_error(tmp_path, hss, write_csv):
    path = write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(PlanlibError, match="tidak dikenali"):
        load_indikator(path, hss)


def test_wide_table_with_two_indicators_is_refused(tmp_path, hss, write_csv):
    path = write_csv(
        tmp_path / "x.csv",
        [["Wilayah", "2022", "2023", "2024", "2022", "2023"], ["Loksado", "1", "2", "3", "4", "5"]],
    )
    with pytest.raises(PlanlibError, match="tahun berulang"):
        load_indikator(path, hss, {"indikator": "ipm"})


# --------------------------------------------------------------------------- long layout, repeats


def test_long_file_problems_and_repeats(tmp_path, hss, write_csv, by_row, problem):
    rows = [
        LONG_HEADER,
        ["63.06", "", "2021", "", "IPM", "71,93", "", "revisi 2024", "BPS"],  # 2
        ["6306", "", "2021", "", "ipm", "71,93", "", "revisi_2024", "BPS"],  # 3 duplicate
        ["63.06", "", "2021", "", "ipm", "72,00", "", "revisi_2024", "BPS"],  # 4 conflict
        ["63.06", "", "2021", "", "ipm", "69,21", "", "seri lama", "BPS"],  # 5 other series
        ["", "Indonesia", "2021", "", "P0", "10,14", "", "", "BPS"],  # 6
        ["", "Hulu Sungai Selatn", "2022", "", "p0", "4,54", "", "", "BPS"],  # 7 misspelt
        ["32.01", "Kabupaten Bogor", "2021", "", "ipm", "70,00", "", "", "BPS"],  # 8 elsewhere
        ["63.06", "", "2021", "", "tpt", "abc", "", "", "BPS"],  # 9
        ["63.06", "", "20x1", "", "tpt", "2,1", "", "", "BPS"],  # 10
        ["63.06", "", "2021", "", "", "2,1", "", "", "BPS"],  # 11
        ["63.06.05", "", "2024", "", "Prevalensi Stunting", "12,5", "", "", "Dinkes"],  # 12
        ["63.06.99", "", "2024", "", "stunting", "12,5", "", "", "Dinkes"],  # 13 no such kec
        ["", "Kabupaten Antah", "2024", "", "stunting", "12,5", "", "", "Dinkes"],  # 14
        ["63.06", "", "2024", "", "-", "", "", "", ""],  # 15 no indicator, no value
        ["63.06", "", "2024", "", "idm", "-", "", "", ""],  # 16 no value
        ["Sumber: BPS", "", "", "", "", "", "", "", ""],  # 17
    ]
    df, fr = load_indikator(write_csv(tmp_path / "long.csv", rows), hss)
    assert fr.balanced and fr.rows_in == 16
    assert set(df["baris"]) == {2, 5, 6, 7, 12}
    rows_ = by_row(fr)
    assert rows_ == {
        3: {"indikator_duplikat"},
        4: {"indikator_bertentangan"},
        7: {"wilayah_mirip"},
        8: {"di_luar_kabupaten"},
        9: {"nilai_tidak_sah"},
        10: {"tahun_tidak_sah"},
        11: {"wajib_kosong"},
        13: {"wilayah_tidak_dikenal"},
        14: {"wilayah_tidak_dikenal"},
        15: {"wajib_kosong"},
        16: {"nilai_kosong"},
        17: {"bukan_data"},
    }
    conflict = problem(fr, 4, "indikator_bertentangan")
    assert conflict.severity == "warning" and conflict.dropped
    assert conflict.suggestion == "dipakai 71,93 (baris 2)" and conflict.value == "72"
    assert problem(fr, 3, "indikator_duplikat").suggestion == "sama dengan baris 2"
    got = df.set_index("baris")
    assert got.loc[6, "kode_wilayah"] == "00" and got.loc[6, "indikator"] == "p0"
    assert got.loc[7, "kode_wilayah"] == "63.06" and got.loc[7, "periode"] == "Maret"
    assert got.loc[12, "level"] == "kecamatan" and got.loc[12, "indikator"] == "stunting"
    assert got.loc[12, "nama_wilayah"] == "Kandangan"
    assert got.loc[2, "nilai"] == pytest.approx(71.93) and got.loc[5, "seri"] == "lama"
    assert got.loc[2, "nama_indikator"] == INDIKATOR["ipm"]["nama"]


def test_long_file_with_defaults_from_options(tmp_path, hss, write_csv, problem):
    rows = [
        ["Kode", "Tahun", "Nilai"],
        ["6300", "2021", "4,83"],  # BPS province code
        ["0000", "2021", "10,14"],  # BPS code of Indonesia
        ["6306", "1850", "4,50"],  # 4
        ["6306", "2021", "4,84"],
    ]
    path = write_csv(tmp_path / "p0.csv", rows, ";")
    with pytest.raises(PlanlibError, match="indikator"):
        load_indikator(path, hss)
    df, fr = load_indikator(path, hss, {"indikator": "P0", "sumber": "BPS", "periode": "maret"})
    assert fr.balanced and fr.rows_loaded == 3
    assert df["kode_wilayah"].tolist() == ["63", "00", "63.06"]
    assert set(df["indikator"]) == {"p0"} and set(df["periode"]) == {"Maret"}
    assert sumber_text(df) == "Sumber: BPS"
    assert sumber_text(df.assign(sumber=None)) == ""
    p = problem(fr, 4, "nilai_tidak_sah")
    assert p.dropped and p.column == "Tahun" and "1900" in p.reason


def test_unknown_indicator_is_kept_under_a_snake_case_key(tmp_path, hss, write_csv):
    rows = [LONG_HEADER, ["63.06", "", "2024", "", "Rasio Elektrifikasi Desa", "98,5", "%", "", ""]]
    df, fr = load_indikator(write_csv(tmp_path / "x.csv", rows), hss)
    assert fr.balanced and not fr.problems
    assert df["indikator"].tolist() == ["rasio_elektrifikasi_desa"]
    assert df["nama_indikator"].tolist() == ["Rasio Elektrifikasi Desa"]


def test_number_formats(tmp_path, hss, write_csv):
    dot = [LONG_HEADER, ["63.06", "", "2021", "", "gini", "0.384", "", "", ""],
           ["63.06", "", "2021", "", "ipm", "73.45", "", "", ""],
           ["63.06", "", "2021", "", "jumlah_penduduk", "1.234", "", "", ""]]  # fmt: skip
    df, _ = load_indikator(write_csv(tmp_path / "dot.csv", dot), hss)
    assert df["nilai"].tolist() == pytest.approx([0.384, 73.45, 1.234])
    comma = [LONG_HEADER, ["63.06", "", "2021", "", "garis_kemiskinan", "1.234,5", "", "", ""],
             ["63.06", "", "2021", "", "jumlah_penduduk", "1.500", "", "", ""],
             ["63.06", "", "2021", "", "ipm", "69,21", "", "", ""]]  # fmt: skip
    df, _ = load_indikator(write_csv(tmp_path / "comma.csv", comma, ";"), hss)
    assert sorted(df["nilai"].tolist()) == pytest.approx([69.21, 1234.5, 1500.0])


# --------------------------------------------------------------------------- across files


def test_combine_first_file_wins_and_reports_stay_balanced(
    tmp_path, hss, write_csv, by_row, problem
):
    a = write_csv(
        tmp_path / "a.csv",
        [LONG_HEADER,
         ["63.06", "", "2021", "", "ipm", "71,93", "", "revisi_2024", "A"],
         ["63.06", "", "2022", "", "ipm", "72,47", "", "revisi_2024", "A"],
         ["63.06", "", "2021", "", "p0", "4,84", "", "", "A"]],
    )  # fmt: skip
    b = write_csv(
        tmp_path / "b.csv",
        [LONG_HEADER,
         ["63.06", "", "2021", "", "IPM", "71,93", "", "revisi 2024", "B"],  # same as a.csv
         ["63.06", "", "2022", "", "IPM", "70,00", "", "revisi 2024", "B"],  # conflicts
         ["63.06", "", "2023", "", "IPM", "73,21", "", "revisi 2024", "B"],  # new
         ["63.06", "", "2022", "", "IPM", "69,85", "", "lama", "B"]],  # other series: new
    )  # fmt: skip
    wide = write_csv(
        tmp_path / "c.csv",
        [["Kabupaten/Kota", "2021", "2022", "2023"],
         ["Hulu Sungai Selatan", "4,84", "4,54", "4,01"],  # 2021 repeats a.csv
         ["Tapin", "3,60", "", ""]],
    )  # fmt: skip
    loaded = [load_indikator(a, hss), load_indikator(b, hss),
              load_indikator(wide, hss, {"indikator": "p0"})]  # fmt: skip
    assert [fr.rows_loaded for _, fr in loaded] == [3, 4, 2]
    out = combine_indikator(loaded)
    fa, fb, fc = (fr for _, fr in loaded)
    assert all(fr.balanced for fr in (fa, fb, fc))
    assert fa.rows_loaded == 3 and not fa.problems
    assert fb.rows_loaded == 2 and fb.rows_reported == 2
    assert by_row(fb) == {2: {"indikator_duplikat"}, 3: {"indikator_bertentangan"}}
    conflict = problem(fb, 3, "indikator_bertentangan")
    assert conflict.severity == "warning" and conflict.suggestion == "dipakai 72,47 (a.csv baris 3)"
    # a wide row keeps its other years: the repeated cell is a warning, the row stays loaded
    assert fc.rows_loaded == 2 and fc.rows_reported == 0
    dup = problem(fc, 2, "indikator_duplikat")
    assert not dup.dropped and "a.csv baris 4" in dup.suggestion
    assert list(out.columns) == COLUMNS
    assert len(out) == 3 + 2 + 3
    assert out.duplicated(["kode_wilayah", "tahun", "periode", "indikator", "seri"]).sum() == 0
    ipm = out[(out["indikator"] == "ipm") & (out["seri"] == "revisi_2024")].set_index("tahun")
    assert ipm.loc[2022, "nilai"] == pytest.approx(72.47) and ipm.loc[2022, "sumber"] == "A"
    keys = list(zip(out["kode_wilayah"], out["indikator"], out["seri"].fillna(""), out["tahun"],
                    strict=True))  # fmt: skip
    assert keys == sorted(keys)


def test_combine_of_nothing_is_an_empty_table():
    out = combine_indikator([])
    assert list(out.columns) == COLUMNS and out.empty


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "seri"),
    [
        ("ipm_metode_baru_seri_revisi_2024 (UHH dari LF SP2020)", "revisi_2024"),
        ("ipm_metode_baru_seri_revisi_2024", "revisi_2024"),
        ("Revisi 2024", "revisi_2024"),
        ("ipm_metode_baru_seri_lama", "lama"),
        ("ipm_metode_baru_seri_lama (sebelum revisi 2024)", "lama"),
        ("seri_lama", "lama"),
        ("", None),
        (None, None),
        ("  -  ", None),
        ("proyeksi BPS (per databoks)", "proyeksi_bps_per_databoks"),
    ],
)
def test_canonical_seri(text, seri):
    assert canonical_seri(text) == seri


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("IPM", "ipm"),
        ("Indeks Pembangunan Manusia", "ipm"),
        ("p0_persen_penduduk_miskin", "p0"),
        ("Persentase Penduduk Miskin (P0)", "p0"),
        ("Penduduk Miskin (%)", "p0"),
        ("Jumlah Penduduk Miskin", "jumlah_penduduk_miskin"),
        ("tpt_persen", "tpt"),
        ("gini_ratio", "gini"),
        ("tpak_persen", "tpak"),
        ("uhh_tahun", "uhh"),
        ("rls_tahun", "rls"),
        ("Indeks Desa Membangun", "idm"),
        ("Prevalensi Stunting", "stunting"),
        ("PDRB ADHK Pengeluaran", "pdrb_adhk_pengeluaran"),
        ("", None),
    ],
)
def test_canonical_indikator(text, key):
    assert canonical_indikator(text) == key


def test_indikator_table_is_well_formed():
    for key, spec in INDIKATOR.items():
        assert set(spec) >= {"nama", "satuan", "aliases", "lebih_baik"}, key
        assert spec["lebih_baik"] in ("naik", "turun", None), key
        assert canonical_indikator(key) == key
        for alias in spec["aliases"]:
            assert canonical_indikator(alias) == key, (key, alias)
    assert INDIKATOR["p0"]["lebih_baik"] == "turun" and INDIKATOR["ipm"]["lebih_baik"] == "naik"


def test_public_names_stay_importable_from_the_package():
    """planlib.indikator is a package now; what callers imported from the module still works."""
    import planlib.indikator as indikator

    before = ["COLUMNS", "INDIKATOR", "LEVELS", "LONG_FIELDS", "WIDE_LABELS",
              "canonical_indikator", "canonical_seri", "combine_indikator", "level_of",
              "load_indikator", "match_wilayah", "series_for", "sumber_text", "text_column"]  # fmt: skip
    assert [n for n in before if not hasattr(indikator, n)] == []
    assert sorted(indikator.__all__) == sorted({*before, "canonical_periode"})

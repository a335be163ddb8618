"""Planning tables: templates, RPJMD targets, pohon kinerja and Renja — loaded or reported."""

from __future__ import annotations

import pandas as pd
import pytest

from planlib.perencanaan.fields import POHON_COLUMNS, RENJA_COLUMNS, TARGET_COLUMNS, TEMPLATES
from planlib.perencanaan.pohon import load_pohon_kinerja
from planlib.perencanaan.renja import load_renja
from planlib.perencanaan.target import load_target_rpjmd
from planlib.report import PlanlibError

LOADERS = {
    "target_rpjmd": (load_target_rpjmd, TARGET_COLUMNS),
    "pohon_kinerja": (load_pohon_kinerja, POHON_COLUMNS),
    "renja": (load_renja, RENJA_COLUMNS),
}


def header(kind: str) -> list[str]:
    return [h for h, _ in TEMPLATES[kind]]


# --------------------------------------------------------------------------- templates


def test_templates_document_every_kind():
    assert set(TEMPLATES) == {"indikator", "target_rpjmd", "pohon_kinerja", "renja"}
    for kind, cols in TEMPLATES.items():
        names = [h for h, _ in cols]
        assert len(names) == len(set(names)), kind
        assert all(desc.strip() for _, desc in cols), kind
    assert header("indikator") == ["kode_wilayah", "nama_wilayah", "tahun", "periode",
                                   "indikator", "nilai", "satuan", "seri", "sumber"]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_header_only_template_loads_empty_and_clean(tmp_path, hss, kind, write_csv):
    from planlib.indikator import COLUMNS, load_indikator

    loader, columns = LOADERS.get(kind, (load_indikator, COLUMNS))
    df, fr = loader(write_csv(tmp_path / f"{kind}.csv", [header(kind)]), hss)
    assert df.empty and list(df.columns) == columns
    assert fr.rows_in == 0 and fr.balanced and not fr.problems and fr.fatal is None


FULL_ROWS = {
    "indikator": ["63.06", "Hulu Sungai Selatan", "2024", "Maret", "P0", "3,38", "persen",
                  "", "BPS"],
    "target_rpjmd": ["IPM", "63.06", "2027", "74,1", "indeks", "revisi_2024",
                     "RPJMD 2025–2029"],
    "pohon_kinerja": ["T1", "", "tujuan", "Meningkatkan kualitas SDM", "Bappeda", "IPM", "ipm",
                      "indeks", "74,1", "2027", "pendidikan; kesehatan"],
    "renja": ["Dinas Kesehatan", "Program Kesehatan", "Kegiatan Gizi", "Sub Kegiatan PMT",
              "1.02.02.2.02.0001", "Balita mendapat PMT", "120", "anak", "Rp 1.234.567",
              "2026", "Kandangan", "T1"],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_template_column_is_read(tmp_path, hss, kind, write_csv):
    """A template row with every cell filled loads with no empty output column."""
    from planlib.indikator import load_indikator

    loader = LOADERS.get(kind, (load_indikator,))[0]
    assert len(FULL_ROWS[kind]) == len(header(kind))
    rows = [header(kind), FULL_ROWS[kind]]
    df, fr = loader(write_csv(tmp_path / f"{kind}.csv", rows), hss)
    assert len(df) == 1 and fr.balanced and not fr.problems, fr.problems
    empty = [c for c in df.columns if df[c].isna().all()]
    allowed = {"parent_id", "seri"}  # a root has no parent; the P0 row has no series
    assert set(empty) <= allowed, empty


# --------------------------------------------------------------------------- target RPJMD


def test_target_rpjmd(tmp_path, hss, write_csv, by_row, problem):
    rows = [
        ["TARGET KINERJA RPJMD 2025-2029"],
        [],
        header("target_rpjmd"),
        ["IPM", "", "2026", "72,5", "", "Revisi 2024", "RPJMD 2025–2029"],  # 4
        ["Indeks Pembangunan Manusia", "63.06", "2026", "72.5", "", "revisi_2024", ""],  # 5
        ["ipm", "63.06", "2026", "73", "", "revisi_2024", ""],  # 6 conflict
        ["Persentase Penduduk Miskin (P0)", "Kandangan", "2027", "4", "", "", ""],  # 7
        ["tpt", "Kabupaten Antah", "2027", "4", "", "", ""],  # 8
        ["tpt", "", "20x7", "4", "", "", ""],  # 9
        ["tpt", "", "2027", "4 - 5", "", "", ""],  # 10
        ["tpt", "", "2028", "", "", "", ""],  # 11
        ["", "", "2028", "3", "", "", ""],  # 12
        ["Rasio Elektrifikasi", "", "2029", "100", "%", "", ""],  # 13
    ]
    df, fr = load_target_rpjmd(write_csv(tmp_path / "target.csv", rows), hss)
    assert list(df.columns) == TARGET_COLUMNS
    assert fr.balanced and fr.rows_in == 10
    assert by_row(fr) == {
        5: {"indikator_duplikat"},
        6: {"indikator_bertentangan"},
        8: {"wilayah_tidak_dikenal"},
        9: {"tahun_tidak_sah"},
        10: {"nilai_tidak_sah"},
        11: {"nilai_kosong"},
        12: {"wajib_kosong"},
    }
    assert problem(fr, 6, "indikator_bertentangan").suggestion == "dipakai 72,5 (baris 4)"
    got = df.set_index("baris")
    assert got.loc[4, "indikator"] == "ipm" and got.loc[4, "kode_wilayah"] == "63.06"
    assert got.loc[4, "satuan"] == "indeks" and got.loc[4, "seri"] == "revisi_2024"
    assert got.loc[4, "target"] == pytest.approx(72.5) and got.loc[4, "tahun"] == 2026
    assert got.loc[4, "dokumen"] == "RPJMD 2025–2029"
    assert got.loc[7, "indikator"] == "p0" and got.loc[7, "kode_wilayah"] == "63.06.05"
    assert got.loc[13, "indikator"] == "rasio_elektrifikasi" and got.loc[13, "satuan"] == "%"


def test_target_without_required_column_is_unusable(tmp_path, hss, write_csv):
    path = write_csv(tmp_path / "t.csv", [["indikator", "tahun", "satuan"], ["ipm", "2026", "x"]])
    with pytest.raises(PlanlibError, match="target"):
        load_target_rpjmd(path, hss)


# --------------------------------------------------------------------------- pohon kinerja


def test_pohon_kinerja_missing_parent_drops_the_branch(tmp_path, hss, write_csv, by_row, problem):
    rows = [
        header("pohon_kinerja"),
        ["T1", "", "Tujuan", "SDM unggul", "Bappeda", "IPM", "IPM", "indeks", "74", "2029", ""],
        ["S1", "T1", "sasaran", "Kesehatan meningkat", "Dinkes", "", "stunting", "", "", "", ""],
        ["P1", "S1", "Program", "Upaya kesehatan", "Dinkes", "", "", "", "", "",
         "posyandu;  puskesmas ;"],
        ["K1", "X9", "kegiatan", "Kegiatan yatim", "Dinkes", "", "", "", "", "", ""],  # 5
        ["K2", "K1", "sub kegiatan", "Anak yatim", "Dinkes", "", "", "", "", "", ""],  # 6
        ["K3", "K2", "sub_kegiatan", "Cucu yatim", "Dinkes", "", "", "", "", "", ""],  # 7
        ["S1", "T1", "sasaran", "Kesehatan meningkat", "Dinkes", "", "stunting", "", "", "",
         ""],  # 8 same as row 3
        ["S1", "T1", "sasaran", "Lain", "Dinkes", "", "", "", "", "", ""],  # 9 same ID, other
        ["A", "B", "program", "a", "x", "", "", "", "", "", ""],  # 10 cycle
        ["B", "A", "program", "b", "x", "", "", "", "", "", ""],  # 11 cycle
        ["P2", "S1", "Misi Daerah", "Program lain", "Dinkes", "", "", "", "banyak", "", ""],  # 12
        ["", "S1", "program", "Tanpa ID", "Dinkes", "", "", "", "", "", ""],  # 13
    ]  # fmt: skip
    df, fr = load_pohon_kinerja(write_csv(tmp_path / "pohon.csv", rows), hss)
    assert list(df.columns) == POHON_COLUMNS
    assert fr.balanced and fr.rows_in == 12 and fr.rows_loaded == 4
    assert df["id"].tolist() == ["T1", "S1", "P1", "P2"]
    assert by_row(fr) == {
        5: {"induk_tidak_ada"},
        6: {"induk_tidak_ada"},
        7: {"induk_tidak_ada"},
        8: {"id_ganda_sama"},
        9: {"id_ganda_beda"},
        10: {"pohon_berputar"},
        11: {"pohon_berputar"},
        12: {"nilai_tidak_dikenal", "angka_tidak_sah"},
        13: {"wajib_kosong"},
    }
    missing = problem(fr, 5, "induk_tidak_ada")
    assert missing.severity == "error" and missing.dropped and missing.value == "X9"
    for row in (6, 7):  # the orphans below it are each reported, naming the lost node
        p = problem(fr, row, "induk_tidak_ada")
        assert p.dropped and "K1" in p.suggestion
    level = problem(fr, 12, "nilai_tidak_dikenal")
    assert level.severity == "warning" and not level.dropped and level.value == "Misi Daerah"
    got = df.set_index("id")
    assert got.loc["P1", "path"] == "SDM unggul › Kesehatan meningkat › Upaya kesehatan"
    assert got["depth"].to_dict() == {"T1": 0, "S1": 1, "P1": 2, "P2": 2}
    assert got.loc["T1", "level"] == "tujuan" and got.loc["P1", "level"] == "program"
    assert got.loc["P2", "level"] == "Misi Daerah"  # kept as written
    assert (
        got.loc["T1", "kode_indikator"] == "ipm" and got.loc["S1", "kode_indikator"] == "stunting"
    )
    assert got.loc["P1", "kata_kunci"] == "posyandu; puskesmas"
    assert got.loc["T1", "target"] == 74 and got.loc["T1", "tahun"] == 2029
    assert got.loc["S1", "uraian"] == "Kesehatan meningkat"  # the first S1 is kept


def test_pohon_parent_that_was_not_loaded_is_named(tmp_path, hss, write_csv, problem):
    rows = [
        header("pohon_kinerja"),
        ["T1", "", "tujuan", "", "", "", "", "", "", "", ""],  # no uraian: not loaded
        ["S1", "T1", "sasaran", "Sasaran", "", "", "", "", "", "", ""],
    ]
    df, fr = load_pohon_kinerja(write_csv(tmp_path / "p.csv", rows), hss)
    assert df.empty and fr.balanced and fr.rows_reported == 2
    assert "baris 2" in problem(fr, 3, "induk_tidak_ada").suggestion


# --------------------------------------------------------------------------- Renja


def test_renja_pagu_lokasi_and_negative_pagu(tmp_path, hss, write_csv, by_row, problem):
    rows = [
        ["RENJA DINAS KESEHATAN TAHUN 2026"],
        header("renja"),
        ["Dinkes", "P", "K", "Sub A", "1.02.02.2.01.0001", "Dokumen", "12 Dokumen", "",
         "Rp 1.234.567", "2026", "Kandangan", "P1"],  # 3
        ["Dinkes", "P", "K", "Sub B", "", "x", "5", "unit", "Rp -500.000", "2026", "", ""],  # 4
        ["Dinkes", "P", "K", "Sub C", "", "x", "abc", "unit", "banyak", "2026", "Kandangn",
         ""],  # 5
        ["Dinkes", "P", "K", "Sub D", "", "x", "5", "unit", "1.000.000", "2026", "Antah Berantah",
         ""],  # 6
        ["", "P", "K", "Sub E", "", "x", "5", "unit", "1.000", "2026", "", ""],  # 7
        ["Dinkes", "P", "K", "", "", "x", "5", "unit", "1.000", "2026", "", ""],  # 8
        ["Dinkes", "P", "K", "Sub F", "", "x", "5", "unit", "Rp 2,5 juta", "20x6", "", ""],  # 9
        ["Dinkes", "P", "K", "Sub G", "", "x", "5", "unit", "Rp 2,5 juta", "2026",
         "Kabupaten Hulu Sungai Selatan", ""],  # 10
        ["JUMLAH", "", "", "", "", "", "", "", "Rp 3.234.567", "", "", ""],  # 11
    ]  # fmt: skip
    path = write_csv(tmp_path / "renja.csv", rows, delimiter=";", encoding="cp1252")
    df, fr = load_renja(path, hss)
    assert list(df.columns) == RENJA_COLUMNS
    assert fr.balanced and fr.rows_in == 9 and fr.rows_loaded == 4
    assert by_row(fr) == {
        4: {"nilai_tidak_sah"},
        5: {"angka_tidak_sah", "wilayah_mirip"},
        6: {"wilayah_tidak_dikenal"},
        7: {"wajib_kosong"},
        8: {"wajib_kosong"},
        9: {"tahun_tidak_sah"},
        11: {"baris_total"},
    }
    neg = problem(fr, 4, "nilai_tidak_sah")
    assert neg.reason == "pagu tidak boleh negatif" and neg.severity == "error" and neg.dropped
    assert neg.column == "pagu"
    assert problem(fr, 6, "wilayah_tidak_dikenal").severity == "warning"
    assert not problem(fr, 6, "wilayah_tidak_dikenal").dropped
    assert len([p for p in fr.problems if p.row == 5 and p.code == "angka_tidak_sah"]) == 2
    got = df.set_index("sub_kegiatan")
    assert got.loc["Sub A", "pagu"] == 1_234_567.0
    assert got.loc["Sub A", "target"] == 12 and got.loc["Sub A", "satuan"] == "Dokumen"
    assert got.loc["Sub A", "kode_wilayah"] == "63.06.05" and got.loc["Sub A", "id_pohon"] == "P1"
    assert got.loc["Sub A", "kode_sub_kegiatan"] == "1.02.02.2.01.0001"
    assert got.loc["Sub C", "kode_wilayah"] == "63.06.05"  # fuzzy match, kept with a warning
    assert got.loc["Sub C", "pagu"] != got.loc["Sub C", "pagu"]  # not an amount: NaN
    assert pd.isna(got.loc["Sub D", "kode_wilayah"])
    assert got.loc["Sub D", "lokasi"] == "Antah Berantah"
    assert got.loc["Sub G", "kode_wilayah"] == "63.06" and got.loc["Sub G", "pagu"] == 2_500_000
    assert got["tahun"].tolist() == [2026] * 4

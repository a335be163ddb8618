"""Dapil lists as people type them, and the KPU table (planlib.dapil), and what follows from them."""

from __future__ import annotations

import csv
import json
import textwrap
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planlib import choices, open_workspace, rekap
from planlib.dapil.cells import dapil_label, split_names
from planlib.dapil.load import load_dapil
from planlib.dapil.membership import dapil_per_desa, dapil_per_kecamatan
from planlib.report import FileReport
from planlib.wilayah import Wilayah, load_kode_wilayah

KABUPATEN = {
    "34.03": "Kabupaten Gunungkidul",
    "52.03": "Kabupaten Lombok Timur",
    "12.22": "Kabupaten Labuhanbatu Selatan",
}

#: Gunungkidul's Dapil (KPU, Pemilu 2024) as a colleague would type them; seats made up for the test.
GK = {
    1: ["Wonosari", "Playen"],
    2: ["Nglipar", "Patuk", "Ngawen", "Gedangsari"],
    3: ["Karangmojo", "Ponjong", "Semin"],
    4: ["Tepus", "Semanu", "Rongkop", "Girisubo"],
    5: ["Paliyan", "Panggang", "Saptosari", "Tanjungsari", "Purwosari"],
}
SEATS = {1: 9, 2: 10, 3: 9, 4: 10, 5: 12}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def code_lists(shared, tmp_path_factory) -> dict[str, Path]:
    """A code list per kabupaten cut from the national list: its province, itself, its areas."""
    folder = tmp_path_factory.mktemp("kode")
    picked: dict[str, list[list[str]]] = {k: [] for k in KABUPATEN}
    with open(shared / "codes/wilayah_indonesia_kemendagri2025.csv", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        for rec in rows:
            for kab, got in picked.items():
                if rec[0] in (kab[:2], kab) or rec[0].startswith(kab + "."):
                    got.append(rec)
    out = {}
    for kab, recs in picked.items():
        out[kab] = _write_csv(folder / f"kode_{kab}.csv", [header, *recs])
    return out


@pytest.fixture(scope="session")
def wil(code_lists) -> dict[str, Wilayah]:
    out = {}
    for kab, path in code_lists.items():
        kode, fr = load_kode_wilayah(path)
        assert fr.balanced and not fr.problems
        out[kab] = Wilayah(kab, KABUPATEN[kab], kode)
    return out


@pytest.fixture(scope="session")
def kpu(shared) -> Path:
    return shared / "dapil/dapil_indonesia_pemilu2024.csv"


@pytest.fixture(scope="session")
def kpu_rows(kpu) -> list[dict[str, str]]:
    with open(kpu, encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- helpers


def _write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for rng in merged:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def _write(tmp_path: Path, fmt: str, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    if fmt == "xlsx":
        return _write_xlsx(tmp_path / "dapil.xlsx", rows, merged)
    return _write_csv(tmp_path / "dapil.csv", rows)


def _kode(w: Wilayah, nama: str) -> str:
    hit = w.kecamatan.loc[w.kecamatan["nama"] == nama, "kode"]
    assert len(hit) == 1, nama
    return str(hit.iloc[0])


def _gk_truth(w: Wilayah) -> dict[str, str]:
    return {_kode(w, k): f"Dapil {n}" for n, kec in GK.items() for k in kec}


def _membership(df: pd.DataFrame) -> dict[str, str]:
    """kode_kecamatan → dapil of a table of whole kecamatan (each exactly once)."""
    assert df["kode_desa"].isna().all()
    assert not df["kode_kecamatan"].duplicated().any()
    return dict(zip(df["kode_kecamatan"], df["dapil"], strict=True))


def _codes(fr: FileReport) -> Counter:
    return Counter(p.code for p in fr.problems)


def _problems(fr: FileReport, *codes: str) -> list[tuple]:
    return [
        (p.row, p.column, p.value, p.code, p.dropped)
        for p in fr.problems
        if not codes or p.code in codes
    ]


# --------------------------------------------------------------------------- labels and cells


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("Lombok Timur 1", "Dapil 1"),
        ("LOMBOK TIMUR 1", "Dapil 1"),
        ("Dapil I", "Dapil 1"),
        ("DAPIL 1", "Dapil 1"),
        ("Daerah Pemilihan 2", "Dapil 2"),
        ("Dapil Lombok Timur 3", "Dapil 3"),
        ("1", "Dapil 1"),
        (1, "Dapil 1"),
        (4.0, "Dapil 4"),
        ("Dapil 01", "Dapil 1"),
        ("Dapil-2", "Dapil 2"),
        ("DAPIL2", "Dapil 2"),
        ("DAPIL IV", "Dapil 4"),
        ("Dapil XII", "Dapil 12"),
        ("LABUHANBATU SELATAN IX", "Dapil 9"),
        ("Dapil Tiga", "Dapil 3"),
        ("Dapil 2 (Kec. Sakra, Keruak)", "Dapil 2"),
        ("HSS 2", "Dapil 2"),
        ("KUKAR 6", "Dapil 6"),
        ("  dapil   5 ", "Dapil 5"),
        # no number to read: kept as written (cleaned)
        ("Dapil Kota", "Dapil Kota"),
        ("Dapil 3 A", "Dapil 3 A"),
        ("Dapil 3A", "Dapil 3A"),
        ("Dapil 0", "Dapil 0"),
        ("Wilayah Utara", "Wilayah Utara"),
        ("", None),
        (None, None),
    ],
)
def test_dapil_label(written, label):
    assert dapil_label(written) == label


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Wonosari, Playen", ["Wonosari", "Playen"]),
        ("Wonosari;Playen ; Paliyan", ["Wonosari", "Playen", "Paliyan"]),
        ("Wonosari, Playen dan Paliyan", ["Wonosari", "Playen", "Paliyan"]),
        ("Wonosari & Playen serta Paliyan", ["Wonosari", "Playen", "Paliyan"]),
        ("Wonosari\nPlayen\r\nPaliyan", ["Wonosari", "Playen", "Paliyan"]),
        ("1. Wonosari 2. Playen 3.Paliyan", ["Wonosari", "Playen", "Paliyan"]),
        ("1) Kec. Wonosari\n2) Kecamatan Playen.", ["Kec. Wonosari", "Kecamatan Playen"]),
        ("Kecamatan:\n- Wonosari\n- Playen", ["Wonosari", "Playen"]),
        ("Wonosari - Playen", ["Wonosari", "Playen"]),
        ("34.03.01, 340303", ["34.03.01", "340303"]),
        # names that hold a separator-like piece stay whole
        ("Sa'dan, Biru-Biru dan 2 x 11 Kayu Tanam", ["Sa'dan", "Biru-Biru", "2 x 11 Kayu Tanam"]),
        ("  ,  ; ", []),
        (None, []),
    ],
)
def test_split_names(cell, names):
    assert split_names(cell) == names


# --------------------------------------------------------------------------- typed lists


def _layout(name: str) -> tuple[list[list], tuple[str, ...], int, Counter]:
    """Rows of one layout of Gunungkidul's Dapil; merged ranges (xlsx); data rows; reported codes."""
    if name == "per_kecamatan":
        rows = [["Dapil", "Kecamatan"]] + [[f"Dapil {n}", k] for n, kec in GK.items() for k in kec]
        return rows, (), 18, Counter()
    if name == "koma_kec":
        rows = [["No", "Daerah Pemilihan", "Kecamatan"]] + [
            [n, f"Gunungkidul {n}", ", ".join(f"Kec. {k}" for k in kec)] for n, kec in GK.items()
        ]
        return rows, (), 5, Counter()
    if name == "titik_koma_dan_roman":
        rows = [["Dapil", "Daftar Kecamatan"]]
        for n, kec in GK.items():
            joiner = " & " if n == 4 else " dan "
            rows.append([f"DAPIL {ROMAN[n]}", "; ".join(kec[:-1]) + joiner + kec[-1]])
        return rows, (), 5, Counter()
    if name == "baris_baru_bernomor":
        rows = [["Daerah Pemilihan", "Kecamatan"]] + [
            [f"Daerah Pemilihan {n}", "\n".join(f"{i}. KECAMATAN {k.upper()}" for i, k in enumerate(kec, 1))]
            for n, kec in GK.items()
        ]  # fmt: skip
        return rows, (), 5, Counter()
    if name == "nomor_sebaris":
        rows = [["Nama Dapil", "Wilayah"]] + [
            [f"Dapil Gunungkidul {n}", "  " + "   ".join(f"{i}.  {k}" for i, k in enumerate(kec, 1)) + " "]
            for n, kec in GK.items()
        ]  # fmt: skip
        return rows, (), 5, Counter()
    if name == "kode":
        rows = [["Dapil", "Kode Kecamatan"]]
        return rows, (), 5, Counter()  # filled by the test (needs the code list)
    if name == "judul_kursi_jumlah":
        rows = [
            ["DAFTAR DAERAH PEMILIHAN DAN ALOKASI KURSI DPRD KABUPATEN GUNUNGKIDUL PEMILU 2024"],
            [],
            ["No", "Dapil", "Kecamatan", "Jumlah Kursi"],
        ]
        rows += [[n, f"Dapil {n}", ", ".join(kec), SEATS[n]] for n, kec in GK.items()]
        rows.append(["JUMLAH", None, None, sum(SEATS.values())])
        # in the workbook "JUMLAH" is merged over No, Dapil and Kecamatan: it fills all three
        return rows, ("A9:C9",), 6, Counter({"baris_total": 1})
    if name == "sel_gabungan":
        rows, merged, at = [["Dapil", "Kecamatan", "Alokasi Kursi"]], [], 2
        for n, kec in GK.items():
            for i, k in enumerate(kec):
                rows.append([f"Dapil {n}" if i == 0 else None, k, SEATS[n] if i == 0 else None])
            merged += [f"A{at}:A{at + len(kec) - 1}", f"C{at}:C{at + len(kec) - 1}"]
            at += len(kec)
        return rows, tuple(merged), 18, Counter()
    if name == "judul_kelompok":
        rows = [["Dapil", "Kecamatan", "Kursi"]]
        for n, kec in GK.items():
            rows.append([f"Dapil {n}", None, SEATS[n]])
            rows += [[None, k, None] for k in kec]
        return rows, (), 23, Counter({"judul_dapil": 5})
    raise AssertionError(name)


LAYOUTS = [
    "per_kecamatan", "koma_kec", "titik_koma_dan_roman", "baris_baru_bernomor", "nomor_sebaris",
    "kode", "judul_kursi_jumlah", "sel_gabungan", "judul_kelompok",
]  # fmt: skip
WITH_SEATS = {"judul_kursi_jumlah", "sel_gabungan", "judul_kelompok"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_typed_lists_place_every_kecamatan(tmp_path, wil, layout, fmt):
    w = wil["34.03"]
    rows, merged, n_rows, reported = _layout(layout)
    if layout == "kode":
        compact = {k: k.replace(".", "") for k in w.kecamatan["kode"]}
        rows += [[n, ", ".join(compact[_kode(w, k)] for k in kec)] for n, kec in GK.items()]
    path = _write(tmp_path, fmt, rows, merged if fmt == "xlsx" else ())
    df, fr = load_dapil(path, w)
    assert _membership(df) == _gk_truth(w)
    assert list(df.columns) == [
        "dapil",
        "kode_kecamatan",
        "nama_kecamatan",
        "baris",
        "kursi",
        "kode_desa",
    ]
    assert df["nama_kecamatan"].tolist() == [k for kec in GK.values() for k in kec]
    if layout in WITH_SEATS:
        assert str(df["kursi"].dtype) == "Int64"
        assert df.set_index("kode_kecamatan")["kursi"].to_dict() == {
            _kode(w, k): SEATS[n] for n, kec in GK.items() for k in kec
        }
    else:
        assert df["kursi"].isna().all()
    # every row accounted for: rows in = loaded + reported, each reported row for its reason
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (
        n_rows,
        n_rows - sum(reported.values()),
        sum(reported.values()),
    )
    assert fr.balanced and not fr.errors
    assert _codes(fr) == reported
    if layout == "sel_gabungan" and fmt == "csv":  # the merged Dapil cells are empty in a CSV
        assert any("diisi dengan Dapil baris di atasnya" in n for n in fr.notes)
    if layout in ("koma_kec", "titik_koma_dan_roman", "nomor_sebaris"):
        assert any(n.startswith("nama Dapil diseragamkan") for n in fr.notes)


def test_a_row_that_lists_several_kecamatan_is_loaded_when_one_is_placed(tmp_path, wil):
    w = wil["34.03"]
    rows = [
        ["Dapil", "Kecamatan"],
        ["Dapil 1", "Wonosari, Playen"],  # 2
        ["Dapil 2", "Nglipar, Patuk, Ngawen, Gedangsari, Wonosari, Bantul"],  # 3
        ["Dapil 3", "Karangmojo, Ponjongg, Semin, Semin"],  # 4
        ["Dapil 4", "Tepus; Semanu; Rongkop; Girisubo; 34.04.01"],  # 5
        ["Dapil 5", "Paliyan, Panggang, Saptosari, Tanjungsari"],  # 6: Purwosari missing
        ["Dapil 6", "Bantul, Sleman"],  # 7: nothing placed
        ["Dapil 7", "Playen"],  # 8: already in Dapil 1
    ]
    for fmt in ("xlsx", "csv"):
        df, fr = load_dapil(_write(tmp_path, fmt, rows), w)
        truth = _gk_truth(w)
        del truth[_kode(w, "Purwosari")]
        assert _membership(df) == truth
        assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (7, 5, 2) and fr.balanced
        assert sorted(set(df["baris"])) == [2, 3, 4, 5, 6]
        assert _problems(fr) == [
            (3, "Kecamatan", "Wonosari", "dapil_ganda", False),
            (3, "Kecamatan", "Bantul", "kecamatan_tidak_dikenal", False),
            (4, "Kecamatan", "Ponjongg", "kecamatan_mirip", False),
            (4, "Kecamatan", "Semin", "dapil_berulang", False),
            (5, "Kecamatan", "34.04.01", "di_luar_kabupaten", False),
            (7, "Kecamatan", "Bantul", "kecamatan_tidak_dikenal", True),
            (7, "Kecamatan", "Sleman", "kecamatan_tidak_dikenal", True),
            (8, "Kecamatan", "Playen", "dapil_ganda", True),
            (None, None, "Purwosari", "tanpa_dapil", False),
        ]
        by = {(p.row, p.value): p for p in fr.problems}
        assert by[(3, "Wonosari")].suggestion == "sudah di Dapil 1 (baris 2)"
        assert by[(4, "Ponjongg")].suggestion == "Ponjong?"
        assert by[(8, "Playen")].severity == "error"
        assert by[(None, "Purwosari")].suggestion == _kode(w, "Purwosari")
        assert {p.severity for p in fr.problems if p.code == "di_luar_kabupaten"} == {"error"}


def test_seats_that_disagree_or_cannot_be_read_are_reported(tmp_path, wil):
    w = wil["34.03"]
    rows = [
        ["Dapil", "Kecamatan", "Kursi"],
        ["Dapil 1", "Wonosari", "9 kursi"],
        ["Dapil 1", "Playen", 8],
        ["Dapil 2", "Nglipar, Patuk", "sepuluh"],
        ["Dapil 3", "Karangmojo", 2.5],
    ]
    df, fr = load_dapil(_write(tmp_path, "xlsx", rows), w)
    seats = {
        n: None if pd.isna(k) else int(k)
        for n, k in zip(df["nama_kecamatan"], df["kursi"], strict=True)
    }
    assert seats == {"Wonosari": 9, "Playen": 9, "Nglipar": None, "Patuk": None, "Karangmojo": None}
    assert _problems(fr, "kursi_berbeda", "angka_tidak_sah") == [
        (3, "Kursi", "8", "kursi_berbeda", False),
        (4, "Kursi", "sepuluh", "angka_tidak_sah", False),
        (5, "Kursi", "2.5", "angka_tidak_sah", False),
    ]
    assert fr.rows_loaded == 4 and fr.balanced


def test_rows_without_dapil_or_kecamatan_and_other_kabupaten_are_reported(tmp_path, wil):
    w = wil["34.03"]
    rows = [
        ["Kabupaten", "kode_kab", "Dapil", "Kecamatan"],
        [None, None, None, "Wonosari"],  # no Dapil above it
        ["Gunungkidul", "34.03", "Dapil 1", "Wonosari, Playen"],
        ["Bantul", "34.02", "Dapil 1", "Srandakan"],
        ["Gunungkidul", "34.03", "Dapil 2", None],  # a Dapil without kecamatan
        [None, None, None, None],
        ["Gunungkidul", "34.03", "Dapil 3", "Semin"],
    ]
    df, fr = load_dapil(_write(tmp_path, "csv", rows), w)
    assert _membership(df) == {_kode(w, "Wonosari"): "Dapil 1", _kode(w, "Playen"): "Dapil 1",
                               _kode(w, "Semin"): "Dapil 3"}  # fmt: skip
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (6, 2, 4) and fr.balanced
    dropped = {p.row: p.code for p in fr.problems if p.dropped}
    assert dropped == {
        2: "wajib_kosong",
        4: "di_luar_kabupaten",
        5: "kecamatan_kosong",
        6: "baris_kosong",
    }


# --------------------------------------------------------------------------- desa of split kecamatan


def _playen(w: Wilayah) -> pd.DataFrame:
    return w.desa[w.desa["kode_kec"] == _kode(w, "Playen")].sort_values("kode")


def _split_rows(
    w: Wilayah, per_cell: bool, column: str = "nama"
) -> tuple[list[list], dict[str, str]]:
    """Gunungkidul with Playen split: its first 7 desa in Dapil 1, the others in Dapil 2."""
    desa = _playen(w)
    one, two = desa.iloc[:7], desa.iloc[7:]
    head = ["Dapil", "Kecamatan", "Kode Desa" if column == "kode" else "Desa"]
    rows = [head]
    for n, kec in GK.items():
        rows.append([f"Dapil {n}", ", ".join(k for k in kec if k != "Playen"), None])
    for n, part in ((1, one), (2, two)):
        values = part[column].tolist()
        if per_cell:
            rows.append([f"Dapil {n}", "Playen", "\n".join(values)])
        else:
            rows += [[f"Dapil {n}", "Playen", v] for v in values]
    truth = dict.fromkeys(one["kode"], "Dapil 1") | dict.fromkeys(two["kode"], "Dapil 2")
    return rows, truth


@pytest.mark.parametrize("column", ["nama", "kode"])
@pytest.mark.parametrize("per_cell", [False, True])
def test_a_kecamatan_split_by_desa(tmp_path, wil, per_cell, column):
    w = wil["34.03"]
    rows, truth = _split_rows(w, per_cell, column)
    for fmt in ("xlsx", "csv"):
        df, fr = load_dapil(_write(tmp_path, fmt, rows), w)
        whole = df[df["kode_desa"].isna()]
        split = df[df["kode_desa"].notna()]
        want = _gk_truth(w)
        del want[_kode(w, "Playen")]
        assert _membership(whole) == want
        assert dict(zip(split["kode_desa"], split["dapil"], strict=True)) == truth
        assert (
            len(split) == len(truth) == 13 and (split["kode_kecamatan"] == _kode(w, "Playen")).all()
        )
        assert dapil_per_desa(df).to_dict() == truth
        per = dapil_per_kecamatan(df)
        assert per.loc[_kode(w, "Playen")].tolist() == ["Dapil 1", "Dapil 2"]  # 7 desa against 6
        assert per.loc[_kode(w, "Wonosari")].tolist() == ["Dapil 1", None]
        assert not fr.problems and fr.balanced
        assert fr.rows_in == fr.rows_loaded == 5 + (2 if per_cell else 13)


def test_desa_in_two_dapil_and_desa_left_out_are_reported(tmp_path, wil):
    w = wil["34.03"]
    desa = _playen(w)
    names = desa["nama"].tolist()
    rows = [
        ["Dapil", "Kecamatan", "Desa"],
        ["Dapil 1", "Wonosari", None],  # 2
        ["Dapil 1", "Playen", ", ".join(names[:6])],  # 3
        ["Dapil 2", "Playen", ", ".join(names[5:12])],  # 4: names[5] again, names[12] nowhere
        [
            "Dapil 2",
            "Wonosari",
            names[0],
        ],  # 5: a desa of Wonosari? no: Playen's desa, not in Wonosari
        [
            "Dapil 3",
            "Wonosari",
            w.desa.loc[w.desa["kode_kec"] == _kode(w, "Wonosari"), "nama"].iloc[0],
        ],  # 6
        ["Dapil 3", None, "Kepek"],  # 7: a desa name of several kecamatan, no kecamatan given
    ]
    df, fr = load_dapil(_write(tmp_path, "xlsx", rows), w)
    split = df[df["kode_desa"].notna()]
    assert dict(zip(split["kode_desa"], split["dapil"], strict=True)) == (
        dict.fromkeys(desa["kode"].iloc[:6], "Dapil 1")
        | dict.fromkeys(desa["kode"].iloc[6:12], "Dapil 2")
    )
    wonosari_desa = w.desa.loc[w.desa["kode_kec"] == _kode(w, "Wonosari"), "nama"].iloc[0]
    assert _problems(
        fr, "desa_dapil_ganda", "desa_tidak_dikenal", "desa_ambigu", "desa_tanpa_dapil"
    ) == [
        (4, "Desa", names[5], "desa_dapil_ganda", False),
        (5, "Desa", names[0], "desa_tidak_dikenal", True),
        (6, "Desa", wonosari_desa, "desa_dapil_ganda", True),
        (7, "Desa", "Kepek", "desa_ambigu", True),
        (None, None, f"{names[12]} (Kec. Playen)", "desa_tanpa_dapil", False),
    ]
    by = {p.row: p for p in fr.problems if p.row is not None}
    assert by[4].suggestion == "sudah di Dapil 1 (baris 3)"
    assert by[6].suggestion == "kecamatannya sudah utuh di Dapil 1 (baris 2)"
    assert by[5].severity == by[7].severity == "error"
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (6, 3, 3) and fr.balanced


# --------------------------------------------------------------------------- the KPU table


def _kpu_truth(kpu_rows, kab: str) -> tuple[dict[str, str], dict[str, str], Counter]:
    """Whole kecamatan and desa of split kecamatan → "Dapil N", and the reasons of the other rows."""
    whole, desa, other = {}, {}, Counter()
    for r in kpu_rows:
        if r["jenis"] != "dprd_kabupaten_kota":
            other["dapil_jenis_lain"] += 1
        elif not r["kode_wilayah"].startswith(kab + "."):
            other["di_luar_kabupaten"] += 1
        elif r["tingkatan"] == "kecamatan":
            whole[r["kode_wilayah"]] = "Dapil " + str(int(r["kode_dapil"][-2:]))
        elif r["tingkatan"] == "desa_kelurahan":
            desa[r["kode_wilayah"]] = "Dapil " + str(int(r["kode_dapil"][-2:]))
    return whole, desa, other


@pytest.mark.parametrize("kab", ["34.03", "52.03"])
def test_kpu_national_file(wil, kpu, kpu_rows, kab):
    w = wil[kab]
    df, fr = load_dapil(kpu, w)
    whole, desa, other = _kpu_truth(kpu_rows, kab)
    assert not desa
    assert _membership(df) == whole
    assert set(whole) == set(w.kecamatan["kode"])  # every kecamatan in exactly one Dapil
    assert set(df["dapil"]) == {f"Dapil {n}" for n in range(1, 6)}
    assert fr.rows_in == len(kpu_rows) == 8935
    assert (fr.rows_loaded, fr.rows_reported) == (len(whole), sum(other.values()))
    assert fr.balanced and _codes(fr) == other and not fr.errors
    assert df["kursi"].isna().all()


def test_kpu_split_kecamatan(wil, kpu, kpu_rows):
    w = wil["12.22"]
    df, fr = load_dapil(kpu, w)
    whole, desa, other = _kpu_truth(kpu_rows, "12.22")
    torgamba = _kode(w, "Torgamba")
    assert _membership(df[df["kode_desa"].isna()]) == whole
    split = df[df["kode_desa"].notna()]
    assert dict(zip(split["kode_desa"], split["dapil"], strict=True)) == desa
    assert set(desa) == set(w.desa.loc[w.desa["kode_kec"] == torgamba, "kode"])  # all 14 placed
    assert (split["kode_kecamatan"] == torgamba).all()
    assert set(whole) | {torgamba} == set(w.kecamatan["kode"])
    per = dapil_per_kecamatan(df)
    n3, n4 = Counter(desa.values())["Dapil 3"], Counter(desa.values())["Dapil 4"]
    assert (n3, n4) == (5, 9)
    assert per.loc[torgamba].tolist() == ["Dapil 4", "Dapil 3"]
    # the two pecahan_kecamatan rows are loaded with their desa rows
    own = len(kpu_rows) - sum(other.values())
    assert own == len(whole) + len(desa) + 2
    assert (fr.rows_loaded, fr.rows_reported) == (own, sum(other.values())) and fr.balanced
    assert _codes(fr) == other


def test_kpu_slice_with_a_desa_missing(tmp_path, wil, kpu, kpu_rows):
    w = wil["12.22"]
    mine = [r for r in kpu_rows if r["kode_wilayah"].startswith("12.22")]
    gone = next(r for r in mine if r["tingkatan"] == "desa_kelurahan")
    rows = [list(kpu_rows[0])] + [list(r.values()) for r in mine if r is not gone]
    df, fr = load_dapil(_write_csv(tmp_path / "labusel.csv", rows), w)
    assert gone["kode_wilayah"] not in set(df["kode_desa"])
    lost = [p for p in fr.problems if p.code == "desa_tanpa_dapil"]
    assert [(p.value, p.suggestion) for p in lost] == [
        (
            f"{w.desa.set_index('kode').loc[gone['kode_wilayah'], 'nama']} (Kec. Torgamba)",
            gone["kode_wilayah"],
        )
    ]
    foreign = [i for i, p in enumerate(fr.problems) if p.code == "dapil_jenis_lain"]
    assert len(foreign) == 2  # the DPR RI and DPRD provinsi rows of the kabupaten, reported last
    assert fr.problems.index(lost[0]) < min(foreign)
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (len(mine) - 1, len(mine) - 3, 2)
    assert fr.balanced


# --------------------------------------------------------------------------- a workspace with a split kecamatan


def _squares(w: Wilayah) -> dict:
    feats = []
    for i, (kode, nama) in enumerate(zip(w.desa["kode"], w.desa["nama"], strict=True)):
        x, y = 100.0 + (i % 10) * 0.01, 1.0 + (i // 10) * 0.01
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        feats.append({"type": "Feature", "properties": {"kode": kode, "nama": nama},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})  # fmt: skip
    return {"type": "FeatureCollection", "features": feats}


def test_usulan_in_a_split_kecamatan_take_the_dapil_of_their_desa(tmp_path, wil, code_lists, kpu):
    w = wil["12.22"]
    (tmp_path / "desa.geojson").write_text(json.dumps(_squares(w)), encoding="utf-8")
    _write_csv(tmp_path / "usulan.csv", [
        ["Usulan", "Kecamatan", "Kelurahan/Desa", "Anggaran"],
        ["Rehab jalan desa", "Torgamba", "Bunut", "1.000.000"],  # part A: Dapil 3
        ["Sumur bor", "Torgamba", "Bangai", "2.000.000"],  # part B: Dapil 4
        ["Posyandu", "Torgamba", None, "3.000.000"],  # desa unknown: the kecamatan's Dapil
        ["Irigasi", "Kotapinang", None, "4.000.000"],
    ])  # fmt: skip
    (tmp_path / "planlib.toml").write_text(
        textwrap.dedent(
            f"""
            [wilayah]
            kabupaten = "12.22"
            nama = "Kabupaten Labuhanbatu Selatan"
            kode_wilayah = "{code_lists["12.22"]}"
            desa = "desa.geojson"
            dapil = "{kpu}"

            [usulan]
            2026 = "usulan.csv"
            """
        ),
        encoding="utf-8",
    )
    ws = open_workspace(tmp_path, use_cache=False)
    torgamba = _kode(w, "Torgamba")
    kec = ws.kecamatan.set_index("kode")
    assert (
        kec.loc[torgamba, "dapil"] == "Dapil 4" and kec.loc[torgamba, "dapil_pecahan"] == "Dapil 3"
    )
    assert kec["dapil_pecahan"].drop(torgamba).isna().all() and kec["dapil"].notna().all()
    u = rekap.usulan_tahun(ws, 2026).set_index("usulan")["dapil"].astype(object).to_dict()
    assert u == {"Rehab jalan desa": "Dapil 3", "Sumur bor": "Dapil 4", "Posyandu": "Dapil 4",
                 "Irigasi": "Dapil 1"}  # fmt: skip
    assert rekap.pilihan(ws, 2026)["dapil"] == [f"Dapil {n}" for n in range(1, 6)]
    assert list(rekap.saring(ws, rekap.Saring(2026, dapil="Dapil 3"))["usulan"]) == [
        "Rehab jalan desa"
    ]
    for link in ("3", "III", "Dapil 3", "LABUHANBATU SELATAN 3", "dapil 3"):
        assert choices.match_dapil(ws, link) == "Dapil 3", link
    areas = rekap.areas(ws, "desa").set_index("kode")
    desa_dapil = dapil_per_desa(ws.dapil)
    assert len(desa_dapil) == 14
    for kode, d in areas["dapil"].items():
        want = desa_dapil.get(kode, kec.loc[kode.rsplit(".", 1)[0], "dapil"])
        assert d == want, kode
    assert (areas.loc[list(desa_dapil.index), "dapil"] == "Dapil 3").sum() == 5


def test_dapil_per_kecamatan_takes_the_first_listed_among_equals():
    m = pd.DataFrame({
        "dapil": ["Dapil 2", "Dapil 1", "Dapil 1", "Dapil 2", "Dapil 3"],
        "kode_kecamatan": ["k", "k", "k", "k", "j"],
        "kode_desa": ["a", "b", "c", "d", None],
    })  # fmt: skip
    per = dapil_per_kecamatan(m)
    assert per.to_dict("index") == {
        "k": {"dapil": "Dapil 2", "dapil_pecahan": "Dapil 1"},
        "j": {"dapil": "Dapil 3", "dapil_pecahan": None},
    }
    # a membership table without kode_desa (a cache of an older planlib) is whole kecamatan
    assert dapil_per_kecamatan(m.drop(columns="kode_desa").iloc[4:]).loc["j", "dapil"] == "Dapil 3"
    assert dapil_per_desa(m.drop(columns="kode_desa")).empty


def test_kpu_rows_that_cannot_be_used_are_reported(tmp_path, wil, kpu_rows):
    w = wil["34.03"]
    header = list(kpu_rows[0])
    rows = [
        header,
        ["dprd_kabupaten_kota", "340301", "GUNUNGKIDUL 1", "kecamatan", "34.03.01", "WONOSARI", ""],
        ["dprd_kabupaten_kota", "340301", "GUNUNGKIDUL 1", "kecamatan", "", "", ""],  # no area
        ["dprd_kabupaten_kota", "340301", "", "kecamatan", "34.03.03", "PLAYEN", ""],  # no Dapil
        ["dprd_kabupaten_kota", "340301", "GUNUNGKIDUL 1", "dusun", "34.03.03", "PLAYEN", ""],
        ["dprd_kabupaten_kota", "340302", "GUNUNGKIDUL 2", "kecamatan", "34.03.99", "NGLIPARR", ""],
        ["dprd_kabupaten_kota", "340302", "GUNUNGKIDUL 2", "kecamatan", "34.03.04", "PATUK", ""],
        ["dprd_provinsi", "340007", "DAERAH ISTIMEWA YOGYAKARTA 7", "kabupaten_kota", "34.03", "GUNUNGKIDUL", ""],
        ["dprd_kabupaten_kota", "340201", "BANTUL 1", "kecamatan", "34.02.01", "SRANDAKAN", ""],
    ]  # fmt: skip
    df, fr = load_dapil(_write_csv(tmp_path / "kpu.csv", rows), w)
    # a wrong code with a known name is placed by the name (a fuzzy match, reported)
    assert _membership(df) == {"34.03.01": "Dapil 1", "34.03.02": "Dapil 2", "34.03.04": "Dapil 2"}
    assert sorted((p.row, p.code, p.dropped) for p in fr.problems if p.code != "tanpa_dapil") == [
        (3, "kecamatan_kosong", True),
        (4, "wajib_kosong", True),
        (5, "tingkatan_tidak_dikenal", True),
        (6, "kecamatan_mirip", False),
        (8, "dapil_jenis_lain", True),
        (9, "di_luar_kabupaten", True),
    ]
    assert (fr.rows_in, fr.rows_loaded, fr.rows_reported) == (8, 3, 5) and fr.balanced

"""BPS wide tables: one indicator, one row per wilayah, one column per year.

The layout the BPS website exports: title rows, a header row whose first
column names the wilayah (``Kabupaten/Kota``) and whose other headers are
years (``2015`` … ``2024*``, ``2023 (Revisi)``), one row per wilayah, then
footnotes (``Sumber: Badan Pusat Statistik``). Each filled cell becomes one
observation; the indicator comes from the options or the titles, the source
from the ``Sumber:`` footnote.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..parse import clean_text, fold, is_missing
from ..report import ROW, FileReport, PlanlibError
from ..tabular import TOTAL_RE, RawTable, read_table
from ..wilayah import Wilayah
from .catalogue import canonical_indikator, canonical_periode, canonical_seri, indikator_in_titles
from .cells import header_year, lenient, match_wilayah, number_parser
from .observations import drop_observations

#: Header spellings of the wilayah column of a BPS wide table.
WIDE_LABELS = [
    "Kabupaten/Kota", "Kabupaten Kota", "Wilayah", "Provinsi/Kabupaten/Kota", "Kab/Kota",
    "Kecamatan", "Desa", "Desa/Kelurahan", "Provinsi", "Nama Wilayah", "Daerah", "Wilayah/Region",
]  # fmt: skip


def read_wide(
    path: str | Path, raw: RawTable, w: Wilayah, opts: dict[str, Any], report: FileReport
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The observations of a BPS wide table, one per filled cell, before :func:`finish`.

    Parameters
    ----------
    path : path-like
        The file (its name and stem help find the indicator).
    raw : RawTable
        Its cells, as :func:`planlib.tabular.read_rows` read them.
    w : Wilayah
        The code list; the rows are matched with :func:`match_wilayah`.
    opts : dict
        The file's options (see :func:`planlib.indikator.load.load_indikator`).
    report : FileReport
        Receives repeated headers, totals rows, footnotes, rows without a value,
        unknown wilayah and cells that are not numbers.

    Returns
    -------
    (DataFrame, dict)
        The observations (columns as :func:`planlib.indikator.observations.finish`
        takes them; ``_kolom`` is the year header of the cell) and the field
        headers for the schema's messages (none: the cells are named by ``_kolom``).

    Raises
    ------
    PlanlibError
        Without a header row of years, with a year twice in the header (more
        than one indicator), or when the indicator cannot be determined.
    """
    name = Path(path).name
    hidx = _year_header(raw, opts)
    if hidx is None:
        raise PlanlibError(
            f"{name} tidak dikenali: tidak ada kolom 'nilai' (format panjang) dan tidak ada baris "
            "judul kolom berisi tahun (tabel lebar BPS)."
        )
    header = raw.rows[hidx]
    years = {j: y for j, v in enumerate(header) if (y := header_year(v)) is not None}
    if len(set(years.values())) < len(years):
        raise PlanlibError(
            f"{name}: tahun berulang di judul kolom (baris {raw.row_numbers[hidx]}); tabel lebar "
            "harus berisi satu indikator. Pisahkan per indikator."
        )
    label = _label_column(raw, hidx, years)
    titles = [str(v) for r in raw.rows[:hidx] for v in r if v is not None and str(v).strip()] + [
        str(v) for j, v in enumerate(header) if j not in years and v is not None
    ]
    notes = [
        str(v).strip()
        for r in raw.rows[hidx + 1 :]
        for v in r
        if isinstance(v, str) and re.match(r"^\s*(sumber|source)\s*:", v, re.I)
    ]
    key = canonical_indikator(opts.get("indikator")) or indikator_in_titles(
        [*titles, raw.sheet or "", Path(path).stem]
    )
    if key is None:
        raise PlanlibError(
            f"{name}: indikator tabel lebar tidak dapat ditentukan dari judulnya. Tulis di "
            f'planlib.toml, misalnya {{ path = "{name}", indikator = "ipm" }}.'
        )
    title_text = " ".join(titles)
    seri = canonical_seri(opts.get("seri"))
    if seri is None and re.search(r"revisi\s*2024|seri\s+lama", title_text, re.I):
        seri = canonical_seri(title_text)
    sumber = clean_text(opts.get("sumber"))
    if sumber is None and notes:
        sumber = clean_text(re.sub(r"^\s*(sumber|source)\s*:\s*", "", notes[0], flags=re.I))

    # a patched copy of the sheet whose header names the fields, for read_table
    patched = list(header)
    patched[label] = "__wilayah__"
    for j in years:
        patched[j] = f"__c{j}__"
    rows = list(raw.rows)
    rows[hidx] = patched
    fields = {"wilayah": ["__wilayah__"], **{f"c{j}": [f"__c{j}__"] for j in years}}
    t = read_table(
        path, fields, report, key_fields=[f"c{j}" for j in years],
        header_row=raw.row_numbers[hidx], min_hits=1,
        raw=RawTable(rows, raw.row_numbers, raw.sheet, raw.encoding),
    )  # fmt: skip
    df = t.df
    heads = {f"c{j}": clean_text(header[j]) for j in years}
    lcol = clean_text(header[label]) or "wilayah"
    ycols = list(heads)

    headers: dict[str, str] = {}  # cells are named by their year header in _kolom
    if df.empty:
        return pd.DataFrame(columns=["kode_wilayah", "nama_asli", "tahun", "periode",
                                     "indikator_asli", "nilai", "satuan", "seri", "sumber", ROW,
                                     "_kolom"]), headers  # fmt: skip
    # repeated header rows (the year texts again) and totals rows that carry numbers
    again = df[ycols].apply(
        lambda r: sum(header_year(v) == years[int(c[1:])] for c, v in r.items()), axis=1
    )
    df = report.drop(df, again >= max(2, len(ycols) // 2), "header_berulang")
    first = df["wilayah"].map(lambda v: clean_text(v) or "")
    total = first.map(lambda v: bool(TOTAL_RE.match(v)))
    df = report.drop(df, total, "baris_total", column=lcol, values=first)

    filled = df[ycols].map(lambda v: not is_missing(v)).sum(axis=1)
    m = match_wilayah(df["wilayah"], w, opts.get("level"))
    no_value = filled == 0
    unknown = m["metode"].isin(["tidak_dikenal", "kosong"])
    df = report.drop(df, no_value & unknown, "bukan_data", column=lcol, values=df["wilayah"])
    m, no_value = m.loc[df.index], no_value.loc[df.index]
    df = report.drop(df, no_value, "nilai_kosong", column=lcol, values=df["wilayah"])
    m = m.loc[df.index]
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=lcol, values=df["wilayah"],
                suggestions=m["saran"])  # fmt: skip
    for metode, code in (
        ("kosong", "wajib_kosong"),
        ("ambigu", "wilayah_ambigu"),
        ("tidak_dikenal", "wilayah_tidak_dikenal"),
    ):
        df = report.drop(df, m["metode"] == metode, code, column=lcol, values=df["wilayah"],
                         suggestions=m["saran"])  # fmt: skip
        m = m.loc[df.index]

    # one observation per filled cell
    parse = number_parser(df[ycols].to_numpy().ravel().tolist())
    recs: list[dict[str, object]] = []
    for i, r in df.iterrows():
        for c in ycols:
            v = r[c]
            if is_missing(v):
                continue
            recs.append(
                {
                    "kode_wilayah": m.at[i, "kode"],
                    "nama_asli": clean_text(r["wilayah"]),
                    "tahun": years[int(c[1:])],
                    "periode": canonical_periode(opts.get("periode")),
                    "indikator_asli": key,
                    "nilai": lenient(parse)(v),
                    "satuan": clean_text(opts.get("satuan")),
                    "seri": seri,
                    "sumber": sumber,
                    ROW: r[ROW],
                    "_kolom": heads[c],
                    "_asli": clean_text(v),
                }
            )
    cells = pd.DataFrame(
        recs,
        columns=["kode_wilayah", "nama_asli", "tahun", "periode", "indikator_asli", "nilai",
                 "satuan", "seri", "sumber", ROW, "_kolom", "_asli"],
    )  # fmt: skip
    cells = drop_observations(
        report, cells, cells["nilai"].isna(), "angka_tidak_sah", values="_asli"
    )
    return cells.drop(columns="_asli"), headers


def _year_header(raw: RawTable, opts: dict[str, Any]) -> int | None:
    """The header row (position in ``raw``): the one given, else the first with three years."""
    if opts.get("header") in raw.row_numbers:
        return raw.row_numbers.index(opts["header"])
    for i, row in enumerate(raw.rows[:40]):
        if sum(header_year(v) is not None for v in row) >= 3:
            return i
    return None


def _label_column(raw: RawTable, hidx: int, years: dict[int, int]) -> int:
    """The column naming the wilayah: a known header, else the first text column before the years."""
    header = raw.rows[hidx]
    labels = {fold(x) for x in WIDE_LABELS}
    others = [j for j in range(len(header)) if j not in years]
    for j in others:
        if header[j] is not None and fold(str(header[j])) in labels:
            return j
    body = raw.rows[hidx + 1 :]
    before = [j for j in others if j < min(years)] or others or [0]
    for j in before:
        if any(isinstance(r[j], str) and r[j].strip() for r in body):
            return j
    return before[0]

"""BPS wide tables: one indicator per column group, one row per wilayah, one column per year.

The layout the BPS website exports (``bps.go.id`` and ``<prov>.bps.go.id``
*tabel dinamis* / *tabel statis*, as xlsx, as CSV, or as an HTML table saved
as ``.xls``): title rows, a header row whose first column names the wilayah
(``Kabupaten/Kota``) and whose other headers are years in either order
(``2020`` … ``2024*``, ``2024`` … ``2020``, ``2023 (Revisi)``), often under a
group row naming the indicator (``Indeks Pembangunan Manusia`` merged over
the years) and sometimes over a row of periods (``Maret``, ``September``);
one row per wilayah, written without codes in BPS's spelling; then
footnotes (``Sumber: Badan Pusat Statistik``).

Each filled cell becomes one observation. The indicator, its series, unit
and period come from the options, else from the group header over the
column, else from the titles, the sheet name and the file name
(:func:`~planlib.indikator.catalogue.indikator_in_titles`,
:func:`~planlib.indikator.catalogue.seri_in_titles`); two column groups of
one table (IPM *[Metode Baru]* beside IPM *UHH LF SP2020*) stay two series.
The source comes from the ``Sumber:`` footnote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..parse import BULAN, clean_text, fold, is_missing
from ..report import ROW, FileReport, PlanlibError
from ..tabular import TOTAL_RE, RawTable, read_table
from ..wilayah import Wilayah
from .catalogue import (
    INDIKATOR,
    SERI_UHH,
    canonical_indikator,
    canonical_periode,
    canonical_seri,
    indikator_in_titles,
    periode_in_titles,
    satuan_in_titles,
    seri_in_titles,
)
from .cells import header_year, lenient, match_wilayah, number_parser
from .observations import drop_observations

#: Header spellings of the wilayah column of a BPS wide table.
WIDE_LABELS = [
    "Kabupaten/Kota", "Kabupaten Kota", "Wilayah", "Provinsi/Kabupaten/Kota", "Kab/Kota",
    "Kecamatan", "Desa", "Desa/Kelurahan", "Provinsi", "Nama Wilayah", "Daerah", "Wilayah/Region",
    "Kabupaten/Kota Regency/Municipality", "Regency/Municipality", "Provinsi/Province",
    "Kabupaten/Kota/Provinsi", "Provinsi/Kabupaten/Kota/Kecamatan",
]  # fmt: skip

#: Rows of a BPS table that head its kabupaten or its kota (``Kota`` over ``Mataram``, ``Bima``).
_KOTA_GROUP = {"kota", "kota municipality", "kotamadya", "kota kota"}
_KAB_GROUP = {"kabupaten", "kabupaten regency", "kab"}


@dataclass(frozen=True)
class _Column:
    """What one value column of a wide table holds."""

    tahun: int
    periode: str | None  # from a row of periods under the years
    group: tuple[str, ...]  # the group headers over it, the nearest first
    kolom: str  # how the report names it


@dataclass(frozen=True)
class _Series:
    """What one column group holds, from the options or the titles."""

    indikator: str
    seri: str | None
    satuan: str | None
    periode: str | None


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
        unknown wilayah and cells that are not numbers; notes say what the
        titles were read as, and when an IPM/UHH table does not name its series.

    Returns
    -------
    (DataFrame, dict)
        The observations (columns as :func:`planlib.indikator.observations.finish`
        takes them; ``_kolom`` is the header of the cell) and the field
        headers for the schema's messages (none: the cells are named by ``_kolom``).

    Raises
    ------
    PlanlibError
        Without a header row of years, with a year twice for one indicator and
        series (more than one indicator without group headers), or when the
        indicator cannot be determined.
    """
    name = Path(path).name
    yidx = _year_row(raw, opts)
    hidx, columns = _value_columns(raw, yidx) if yidx is not None else (0, {})
    if yidx is None or not columns:
        raise PlanlibError(
            f"{name} tidak dikenali: tidak ada kolom 'nilai' (format panjang) dan tidak ada baris "
            "judul kolom berisi tahun (tabel lebar BPS)."
        )
    top = _group_rows(raw, yidx, columns)
    columns = _with_groups(raw, top, yidx, columns)
    label = _label_column(raw, hidx, columns)
    head_rows = raw.rows[top : hidx + 1]
    # the titles: the rows above the header, then the header's cells over no value column
    above = [v for r in raw.rows[:top] for v in r]
    beside = [v for r in head_rows for j, v in enumerate(r) if j not in columns]
    titles = list(dict.fromkeys(x for v in [*above, *beside] if (x := clean_text(v))))
    places = [*titles, raw.sheet or "", Path(path).stem]
    series = {
        g: _series_of(g, places, opts, name)
        for g in dict.fromkeys(c.group for c in columns.values())
    }
    _describe(series, opts, report, name)
    seen = Counter(
        (series[c.group].indikator, series[c.group].seri, c.periode or series[c.group].periode, c.tahun)
        for c in columns.values()
    )  # fmt: skip
    if any(n > 1 for n in seen.values()):
        raise PlanlibError(
            f"{name}: tahun berulang di judul kolom (baris {raw.row_numbers[yidx]}); tabel lebar "
            "harus berisi satu indikator per kelompok kolom. Pisahkan per indikator, atau beri "
            "tiap kelompok kolom judul indikatornya (baris di atas tahun)."
        )
    notes = [
        str(v).strip()
        for r in raw.rows[hidx + 1 :]
        for v in r
        if isinstance(v, str) and re.match(r"^\s*(sumber|source)\s*:", v, re.I)
    ]
    sumber = clean_text(opts.get("sumber"))
    if sumber is None and notes:
        sumber = clean_text(re.sub(r"^\s*(sumber|source)\s*:\s*", "", notes[0], flags=re.I))

    # a patched copy of the sheet whose header names the fields, for read_table
    header = raw.rows[hidx]
    patched = list(header)
    patched[label] = "__wilayah__"
    for j in columns:
        patched[j] = f"__c{j}__"
    rows = list(raw.rows)
    rows[hidx] = patched
    fields = {"wilayah": ["__wilayah__"], **{f"c{j}": [f"__c{j}__"] for j in columns}}
    t = read_table(
        path, fields, report, key_fields=[f"c{j}" for j in columns],
        header_row=raw.row_numbers[hidx], min_hits=1,
        raw=RawTable(rows, raw.row_numbers, raw.sheet, raw.encoding, list(raw.notes)),
    )  # fmt: skip
    df = t.df
    col_of = {f"c{j}": c for j, c in columns.items()}
    lcol = next((x for r in reversed(head_rows) if (x := clean_text(r[label]))), "wilayah")
    ycols = list(col_of)

    headers: dict[str, str] = {}  # cells are named by their header in _kolom
    if df.empty:
        return pd.DataFrame(columns=["kode_wilayah", "nama_asli", "tahun", "periode",
                                     "indikator_asli", "nilai", "satuan", "seri", "sumber", ROW,
                                     "_kolom"]), headers  # fmt: skip
    # repeated header rows (the year texts again) and totals rows that carry numbers
    again = df[ycols].apply(
        lambda r: sum(header_year(v) == col_of[c].tahun for c, v in r.items()), axis=1
    )
    df = report.drop(df, again >= max(2, len(ycols) // 2), "header_berulang")
    first = df["wilayah"].map(lambda v: clean_text(v) or "")
    total = first.map(lambda v: bool(TOTAL_RE.match(v)))
    df = report.drop(df, total, "baris_total", column=lcol, values=first)

    # a value cell holding the row's own label is a merged note cell (``colspan`` in an HTML
    # table, a merged cell in Excel) spread over the year columns, not a value
    label_text = df["wilayah"].map(lambda v: clean_text(v) or "")
    filled = pd.DataFrame(
        {c: [not is_missing(v) and clean_text(v) != t for v, t in zip(df[c], label_text, strict=True)]
         for c in ycols},
        index=df.index,
    ).sum(axis=1)  # fmt: skip
    m = _match_rows(df["wilayah"], w, opts.get("level"))
    no_value = filled == 0
    unknown = m["metode"].isin(["tidak_dikenal", "kosong"])
    df = report.drop(df, no_value & unknown, "bukan_data", column=lcol, values=df["wilayah"])
    m, no_value = m.loc[df.index], no_value.loc[df.index]
    df = report.drop(df, no_value, "nilai_kosong", column=lcol, values=df["wilayah"])
    m = m.loc[df.index]
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=lcol, values=df["wilayah"],
                suggestions=m["saran"])  # fmt: skip
    m = m.assign(
        saran=m["saran"].where(m["saran"].notna() | (m["metode"] != "tidak_dikenal"), _NO_NEAR_NAME)
    )
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
            col = col_of[c]
            ser = series[col.group]
            recs.append(
                {
                    "kode_wilayah": m.at[i, "kode"],
                    "nama_asli": clean_text(r["wilayah"]),
                    "tahun": col.tahun,
                    "periode": col.periode or ser.periode,
                    "indikator_asli": ser.indikator,
                    "nilai": lenient(parse)(v),
                    "satuan": ser.satuan,
                    "seri": ser.seri,
                    "sumber": sumber,
                    ROW: r[ROW],
                    "_kolom": col.kolom,
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


_NO_NEAR_NAME = (
    "tidak ada nama wilayah yang mirip di daftar kode; bila ini nama lain sebuah wilayah, "
    "tambahkan ke tabel alias ([wilayah] alias di planlib.toml)"
)


# --------------------------------------------------------------------------- the header


def _year_row(raw: RawTable, opts: dict[str, Any]) -> int | None:
    """The row of year headers (position in ``raw``).

    The row given as ``header`` (or the one under it, when ``header`` names the
    group row above the years); else the first row with three years; else the
    first row with one or two years next to a wilayah column header
    (``Kabupaten/Kota`` in it or in the row above), as a download of one or
    two years has.
    """
    if opts.get("header") in raw.row_numbers:
        at = raw.row_numbers.index(opts["header"])
        for k in (at, at + 1):
            if k < len(raw.rows) and any(header_year(v) is not None for v in raw.rows[k]):
                return k
        return at
    labels = {fold(x) for x in WIDE_LABELS}
    for i, row in enumerate(raw.rows[:40]):
        n = sum(header_year(v) is not None for v in row)
        if n >= 3:
            return i
        near = [v for r in raw.rows[max(0, i - 1) : i + 1] for v in r]
        if n and any(isinstance(v, str) and fold(v) in labels for v in near):
            return i
    return None


def _month(value: object) -> str | None:
    """The month a period header names (``Maret``, ``Semester 1 (Maret)``, ``Agt``), or None."""
    if not isinstance(value, str):
        return None
    found = {canonical_periode(t) for t in fold(value).split() if t in BULAN}
    return found.pop() if len(found) == 1 else None


def _value_columns(raw: RawTable, yidx: int) -> tuple[int, dict[int, _Column]]:
    """The header row read_table takes (the years, or the periods under them) and the value columns.

    A row of periods under the years (``Maret`` and ``September`` under
    ``2023``) makes one column per year and period; a year written once over
    its periods (a merged cell, or the cells after it left empty in CSV) holds
    for the periods to its right.
    """
    years = {j: y for j, v in enumerate(raw.rows[yidx]) if (y := header_year(v)) is not None}
    texts = {j: clean_text(raw.rows[yidx][j]) or str(y) for j, y in years.items()}
    below = raw.rows[yidx + 1] if yidx + 1 < len(raw.rows) else []
    first = min(years) if years else 0
    under = {j: v for j, v in enumerate(below) if j >= first and clean_text(v) is not None}
    months = {j: _month(v) for j, v in under.items()}
    if not years or not under or any(mo is None for mo in months.values()):
        return yidx, {j: _Column(y, None, (), texts[j]) for j, y in years.items()}
    cols: dict[int, _Column] = {}
    tahun, text = None, ""
    for j in range(first, len(below)):
        if j in years:
            tahun, text = years[j], texts[j]
        if tahun is None or (j not in months and j not in years):
            continue
        periode = months.get(j)
        kolom = f"{text} {clean_text(below[j])}" if periode else text
        cols[j] = _Column(tahun, periode, (), kolom)
    return yidx + 1, cols


def _group_rows(raw: RawTable, yidx: int, columns: dict[int, _Column]) -> int:
    """The first of the rows right above the years that head their columns (at most three)."""
    top = yidx
    while top > 0 and yidx - top < 3 and any(clean_text(raw.rows[top - 1][j]) for j in columns):
        top -= 1
    return top


def _with_groups(
    raw: RawTable, top: int, yidx: int, columns: dict[int, _Column]
) -> dict[int, _Column]:
    """The columns with the group headers over each (a group cell holds to its right, as merged).

    When every column has the same groups (or none) the table has one group,
    and the columns keep their plain year headers; otherwise a column is named
    by its nearest group header and its year (``IPM (UHH LF SP2020) 2024``).
    """
    group: dict[int, list[str]] = {j: [] for j in columns}
    for i in range(yidx - 1, top - 1, -1):  # the nearest row first
        last: str | None = None
        for j in sorted(columns):
            last = clean_text(raw.rows[i][j]) or last
            if last and last not in group[j]:
                group[j].append(last)
    if len({tuple(g) for g in group.values()}) <= 1:
        return {
            j: _Column(c.tahun, c.periode, tuple(group[j]), c.kolom) for j, c in columns.items()
        }
    return {
        j: _Column(
            c.tahun, c.periode, tuple(group[j]), f"{group[j][0]} {c.kolom}" if group[j] else c.kolom
        )
        for j, c in columns.items()
    }


def _label_column(raw: RawTable, hidx: int, columns: dict[int, _Column]) -> int:
    """The column naming the wilayah: a known header, else the first text column before the values."""
    labels = {fold(x) for x in WIDE_LABELS}
    width = len(raw.rows[hidx])
    others = [j for j in range(width) if j not in columns]
    for r in raw.rows[max(0, hidx - 3) : hidx + 1][::-1]:
        for j in others:
            if isinstance(r[j], str) and fold(r[j]) in labels:
                return j
    body = raw.rows[hidx + 1 :]
    before = [j for j in others if j < min(columns, default=width)] or others or [0]
    for j in before:
        if any(isinstance(r[j], str) and r[j].strip() for r in body):
            return j
    return before[0]


# --------------------------------------------------------------------------- what the table holds


def _series_of(
    group: tuple[str, ...], places: list[str], opts: dict[str, Any], name: str
) -> _Series:
    """The indicator, series, unit and period of one column group: options, group headers, titles."""
    texts = [*group, *places]
    key = canonical_indikator(opts.get("indikator")) or indikator_in_titles(texts)
    if key is None:
        seen = "; ".join(f"'{t}'" for t in dict.fromkeys(x for x in texts if x)) or "(kosong)"
        raise PlanlibError(
            f"{name}: indikator tabel lebar tidak dapat ditentukan dari judul, nama lembar atau "
            f"nama berkasnya ({seen}). Tulis di planlib.toml, misalnya "
            f'{{ path = "{name}", indikator = "ipm" }}.'
        )
    seri = canonical_seri(opts.get("seri"))
    if seri is None and key in SERI_UHH:
        seri = seri_in_titles(texts)
    heads = [*group, *places[:-2]]
    satuan = clean_text(opts.get("satuan")) or satuan_in_titles(heads)
    periode = canonical_periode(opts.get("periode")) or periode_in_titles(heads)
    return _Series(key, seri, satuan, periode)


def _describe(
    series: dict[tuple[str, ...], _Series], opts: dict[str, Any], report: FileReport, name: str
) -> None:
    """Notes for the report: what the titles were read as, and an IPM/UHH table without series."""
    for s in series.values():
        nama = INDIKATOR.get(s.indikator, {}).get("nama", s.indikator)
        if not opts.get("indikator"):
            extra = "".join(
                f", {k} {v}" for k, v in (("seri", s.seri), ("satuan", s.satuan),
                                          ("periode", s.periode)) if v
            )  # fmt: skip
            report.note(f"indikator dibaca dari judul tabel: {s.indikator} ({nama}){extra}")
        if s.indikator in SERI_UHH and s.seri is None:
            report.note(
                f"judul tabel tidak menyebut seri {nama}: seri dibiarkan kosong dan tidak "
                "dicampur dengan seri lain. Bila tabel ini seri UHH LF SP2020 (revisi 2024), tulis "
                f'{{ path = "{name}", seri = "revisi_2024" }} di planlib.toml; bila [Metode Baru] '
                'sebelum revisi 2024, seri = "lama"'
            )


def _match_rows(names: pd.Series, w: Wilayah, level: str | None) -> pd.DataFrame:
    """:func:`match_wilayah` of the rows, a bare name under a ``Kota`` row read as that kota.

    Some BPS tables head their kota with a ``Kota`` row and write ``Bima``
    under it: that row is read as *Kota Bima* when that is an exact name, as
    the bare name otherwise.
    """
    m = match_wilayah(names, w, level)
    if level in ("kecamatan", "desa"):
        return m
    context: list[bool] = []
    in_kota = False
    for v in names:
        f = fold(clean_text(v) or "")
        if f in _KOTA_GROUP or f in _KAB_GROUP:
            in_kota = f in _KOTA_GROUP
        context.append(in_kota and bool(f) and not re.match(r"^(kota|kab|kabupaten)\b", f))
    inside = pd.Series(context, index=names.index)
    if not inside.any():
        return m
    prefixed = match_wilayah(names[inside].map(lambda v: f"Kota {clean_text(v)}"), w, level)
    exact = prefixed["metode"].isin(["persis", "normal", "alias"])
    m.loc[exact[exact].index] = prefixed.loc[exact]
    return m

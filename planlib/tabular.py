"""Reading spreadsheets and CSV files as raw rows, with the row numbers Excel shows.

The loaders never let pandas guess headers or types: they read every cell as
it is (text, number or date), find the header row themselves and parse each
column with :mod:`planlib.parse`. This module only gets the cells out of the
file:

- xlsx, xlsm, xls, xlsb and ods through calamine (fast, reads old ``.xls``
  too); merged cells are filled with the value of their top-left cell, as a
  reader of the printed sheet would;
- csv and txt with the delimiter (``;``, ``,``, tab or ``|``) and the encoding
  (UTF-8 with or without BOM, else cp1252) detected from the bytes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .parse import find_header_row, header_key, is_missing
from .report import ROW, FileReport, PlanlibError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class RawTable:
    """The cells of one sheet.

    Attributes
    ----------
    rows : list of list
        Cell values, one list per row, all rows padded to the same width.
    row_numbers : list of int
        For each row, its number as seen in Excel (1-based).
    sheet : str or None
        The sheet that was read (None for CSV).
    encoding : str or None
        The encoding a CSV file was read with.
    """

    rows: list[list]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str | None = None


def read_rows(path: str | Path, sheet: str | int | None = None) -> RawTable:
    """Read every cell of a spreadsheet or CSV file.

    Parameters
    ----------
    path : path-like
        The file. Its suffix decides the reader.
    sheet : str or int, optional
        Sheet name or 0-based index for workbooks; the first sheet by default.

    Raises
    ------
    PlanlibError
        When the file is missing, of an unknown type or unreadable; the
        message is in Bahasa Indonesia and names the file.
    """
    path = Path(path)
    if not path.exists():
        raise PlanlibError(f"Berkas tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            return _read_excel(path, sheet)
        if suffix in TEXT_SUFFIXES:
            return _read_text(path)
    except PlanlibError:
        raise
    except Exception as e:  # calamine / csv raise many types for corrupt files
        raise PlanlibError(f"Berkas {path.name} tidak dapat dibaca: {e}") from e
    raise PlanlibError(
        f"Jenis berkas {path.suffix or '(tanpa akhiran)'} tidak dikenali untuk {path.name}; "
        "gunakan xlsx, xls, ods atau csv."
    )


def _read_excel(path: Path, sheet: str | int | None) -> RawTable:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    names = wb.sheet_names
    if sheet is None:
        sheet = 0
    if isinstance(sheet, int):
        if sheet >= len(names):
            raise PlanlibError(f"{path.name} tidak punya lembar ke-{sheet + 1}")
        name = names[sheet]
    else:
        if sheet not in names:
            raise PlanlibError(
                f"Lembar '{sheet}' tidak ada di {path.name}; yang ada: {', '.join(names)}"
            )
        name = sheet
    ws = wb.get_sheet_by_name(name)
    rows = ws.to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    merged = ws.merged_cell_ranges or []
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        top_left = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if (r, c) != (r0, c0) and rows[r][c] in ("", None):
                    rows[r][c] = top_left
    rows = [[None if v == "" else v for v in r] for r in rows]
    return RawTable(rows, list(range(1, len(rows) + 1)), sheet=name)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as such, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _read_text(path: Path) -> RawTable:
    data = path.read_bytes()
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    sample = "\n".join(text.splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t|"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Excel shows one row per CSV record (a quoted cell may span lines)
    rows = [[c if c.strip() != "" else None for c in rec] for rec in reader]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding)


# --------------------------------------------------------------------------- tables

TOTAL_RE = re.compile(r"^\s*(jumlah|total|grand total|sub ?total|jml)\b", re.I)
_NOTE_RE = re.compile(
    r"^\s*(\*|catatan|keterangan|sumber|source|note|dicetak|diunduh|tanggal cetak|ket\b)", re.I
)


@dataclass
class Table:
    """A table cut out of a sheet: canonical columns, Excel row numbers and original headers.

    Attributes
    ----------
    df : pandas.DataFrame
        One column per recognised field (object dtype, raw cell values) plus
        :data:`planlib.report.ROW`.
    headers : dict
        Field → header text as written in the file (for problem reports).
    header_row : int
        Excel row number of the header.
    """

    df: pd.DataFrame
    headers: dict[str, str]
    header_row: int
    sheet: str | None = None
    encoding: str | None = None


def read_table(
    path: str | Path,
    fields: dict[str, list[str]],
    report: FileReport,
    *,
    required: list[str] = (),
    key_fields: list[str] | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    columns: dict[str, str] | None = None,
    min_hits: int = 2,
    raw: RawTable | None = None,
) -> Table:
    """Find the header of a table, map its columns to fields and account for structural rows.

    Parameters
    ----------
    path : path-like
        Spreadsheet or CSV file.
    fields : dict
        Canonical field → accepted header spellings (compared after
        :func:`planlib.parse.header_key`).
    report : FileReport
        Receives ``rows_in`` and the blank, repeated-header, totals and
        footnote rows, which are dropped.
    required : list of str
        Fields that must be present; a missing one raises :class:`PlanlibError`.
    key_fields : list of str, optional
        A row in which all of these fields are empty is not data: it is
        reported as a totals row, a footnote or a row without content.
    sheet, header_row : optional
        The sheet, and the header's Excel row number when it cannot be found
        automatically.
    columns : dict, optional
        Field → header text of this file, for files whose headers differ.
    """
    raw = raw or read_rows(path, sheet)
    aliases = {f: list(names) for f, names in fields.items()}
    for f, header in (columns or {}).items():
        aliases.setdefault(f, []).insert(0, header)
    if header_row is not None:
        idx = raw.row_numbers.index(header_row) if header_row in raw.row_numbers else None
        found = None
        if idx is not None:
            found = find_header_row([raw.rows[idx]], aliases, max_scan=1, min_hits=1)
        if not found:
            raise PlanlibError(
                f"Baris judul kolom {header_row} di {Path(path).name} tidak dikenali."
            )
        found = (idx, found[1])
    else:
        found = find_header_row(raw.rows, aliases, min_hits=min(min_hits, max(len(required), 1)))
    if not found:
        wanted = ", ".join(fields[f][0] if fields[f] else f for f in (required or fields))
        raise PlanlibError(
            f"Judul kolom tidak ditemukan di {Path(path).name}. Kolom yang dicari: {wanted}. "
            "Tentukan baris judul (header) atau nama kolom di planlib.toml."
        )
    hidx, mapping = found
    missing = [f for f in required if f not in mapping.values()]
    if missing:
        names = ", ".join(f"'{fields[f][0] if fields[f] else f}'" for f in missing)
        raise PlanlibError(f"Kolom wajib tidak ada di {Path(path).name}: {names}.")
    headers = {f: str(raw.rows[hidx][j]).strip() for j, f in mapping.items()}
    body = raw.rows[hidx + 1 :]
    numbers = raw.row_numbers[hidx + 1 :]
    # trailing empty rows are not rows a reader sees as part of the table
    while body and all(v is None for v in body[-1]):
        body, numbers = body[:-1], numbers[:-1]
    report.rows_in = len(body)
    cols = sorted(mapping)
    data = {mapping[j]: [r[j] for r in body] for j in cols}
    df = pd.DataFrame(data, dtype=object)
    df[ROW] = numbers
    # every non-empty cell of the row (mapped or not) decides blank / totals / notes
    texts = [[str(v).strip() for v in r if v is not None and str(v).strip() != ""] for r in body]
    blank = pd.Series([not t for t in texts], index=df.index)
    df = report.drop(df, blank, "baris_kosong")
    header_keys = {header_key(h) for h in headers.values()}
    rep = pd.Series(
        [sum(header_key(c) in header_keys for c in t) >= max(2, len(headers) // 2) for t in texts],
        index=pd.RangeIndex(len(texts)),
    ).loc[df.index]
    df = report.drop(df, rep, "header_berulang")
    if key_fields:
        keys = [f for f in key_fields if f in df.columns]
        empty_keys = (
            df[keys].map(is_missing).all(axis=1) if keys else pd.Series(False, index=df.index)
        )
        first = pd.Series([t[0] if t else "" for t in texts]).loc[df.index]
        total = empty_keys & first.str.match(TOTAL_RE)
        df = report.drop(df, total, "baris_total", values=first[total])
        first = first.loc[df.index]
        empty_keys = empty_keys.loc[df.index]
        note = empty_keys & first.str.match(_NOTE_RE)
        df = report.drop(df, note, "bukan_data", values=first[note])
    return Table(df.reset_index(drop=True), headers, raw.row_numbers[hidx], raw.sheet, raw.encoding)

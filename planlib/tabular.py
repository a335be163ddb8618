"""Reading spreadsheets and CSV files as raw rows, with the row numbers Excel shows.

The loaders never let pandas guess headers or types: they read every cell as
it is (text, number or date), find the header row themselves and parse each
column with :mod:`planlib.parse`. This module only gets the cells out of the
file, deciding how to read it from its bytes rather than from its name:

- xlsx, xlsm, xls, xlsb and ods through calamine (fast, reads old ``.xls``
  too); merged cells are filled with the value of their top-left cell, as a
  reader of the printed sheet would;
- an HTML table saved as ``.xls`` (what many web applications, SIPD among
  them, call an Excel download): read with the standard library's HTML
  parser, every cell as text (so ``1.500`` stays one thousand five hundred),
  ``colspan``/``rowspan`` filled like merged cells, and one row per table row
  or line of text above the table, as Excel shows the file;
- csv and txt (and text saved as ``.xls``) with the delimiter (``;``, ``,``,
  tab or ``|``) and the encoding (UTF-8 with or without BOM, else cp1252)
  detected from the bytes.

An empty file, a truncated or damaged workbook and a password-protected one
are refused with a sentence the analyst can act on, never a library's
message. :func:`read_table` finds the sheet of a workbook that holds the
table when the first one is a cover or instructions sheet.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

from .parse import HeaderMatch, find_header, header_key, is_missing
from .report import ROW, FileReport, PlanlibError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

#: The sentence for a workbook that cannot be opened (shown after the file name).
DAMAGED = "berkas rusak atau terpotong, unduh ulang dari sumbernya lalu coba lagi"


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
        The sheet that was read (None for CSV and HTML).
    encoding : str or None
        The encoding a CSV or HTML file was read with.
    notes : list of str
        Remarks for the file's report (an HTML table saved as ``.xls`` …).
    """

    rows: list[list[Any]]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def read_rows(path: str | Path, sheet: str | int | None = None) -> RawTable:
    """Read every cell of a spreadsheet or CSV file.

    Parameters
    ----------
    path : path-like
        The file. Its first bytes decide the reader (a workbook, an HTML
        table, text); its suffix must be one of a table's.
    sheet : str or int, optional
        Sheet name or 0-based index for workbooks; the first sheet by default.

    Returns
    -------
    RawTable
        The cells, with the Excel row number of each row.

    Raises
    ------
    PlanlibError
        When the file is missing, empty, of an unknown type or unreadable;
        the message is in Bahasa Indonesia and names the file.
    """
    return read_sheets(path, 0 if sheet is None else sheet)[0]


def read_sheets(path: str | Path, sheet: str | int | None = None) -> list[RawTable]:
    """The sheets of a file that may hold its table, first sheet first.

    Parameters
    ----------
    path : path-like
        The file (see :func:`read_rows`).
    sheet : str or int, optional
        When given, only that sheet is read.

    Returns
    -------
    list of RawTable
        For a workbook read without ``sheet``: every visible sheet (all
        sheets when none is marked visible); otherwise one table.

    Raises
    ------
    PlanlibError
        As :func:`read_rows`.
    """
    path = Path(path)
    if not path.exists():
        raise PlanlibError(f"Berkas tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES | TEXT_SUFFIXES:
        raise PlanlibError(
            f"Jenis berkas {path.suffix or '(tanpa akhiran)'} tidak dikenali untuk {path.name}; "
            "gunakan xlsx, xls, ods atau csv."
        )
    kind = sniff(path)
    if kind == "kosong":
        raise PlanlibError(f"{path.name}: berkas kosong (0 byte); unduh ulang dari sumbernya.")
    if kind == "xml2003":
        raise PlanlibError(
            f"{path.name} berformat XML Spreadsheet 2003, yang belum dapat dibaca; buka di Excel "
            "lalu simpan sebagai .xlsx."
        )
    try:
        if kind == "html":
            return [_read_html(path)]
        if kind == "teks" or (kind == "lain" and suffix in TEXT_SUFFIXES):
            table = _read_text(path)
            if suffix in EXCEL_SUFFIXES:
                table.notes.append(
                    f"berkas {suffix} ini sebenarnya teks berpemisah; dibaca sebagai CSV"
                )
            return [table]
        return _read_excel(path, sheet)
    except PlanlibError:
        raise
    except Exception as e:  # calamine / csv raise many types for damaged files
        raise PlanlibError(f"Berkas {path.name} tidak dapat dibaca: {DAMAGED}.") from e


def sniff(path: str | Path) -> str:
    """What a file really is, from its first bytes.

    Parameters
    ----------
    path : path-like
        The file.

    Returns
    -------
    str
        ``"kosong"`` (0 bytes), ``"zip"`` (xlsx, xlsm, ods), ``"ole"`` (xls),
        ``"html"``, ``"xml2003"`` (SpreadsheetML), ``"teks"`` (delimited text)
        or ``"lain"``.
    """
    with open(path, "rb") as f:
        head = f.read(65536)
    if not head:
        return "kosong"
    if head.startswith(b"PK"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16
        return "html" if b"<\x00t\x00a\x00b\x00l\x00e" in head.lower() else "teks"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in low and b"<table" not in low:
            return "xml2003"
        if b"<table" in low or b"<html" in low or b"<!doctype html" in low:
            return "html"
    if b"\x00" not in head[:4096]:
        return "teks"
    return "lain"


def _read_excel(path: Path, sheet: str | int | None) -> list[RawTable]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError as e:
        raise PlanlibError(
            f"{path.name} dilindungi kata sandi; buka di Excel, hapus kata sandinya, "
            "simpan ulang lalu coba lagi."
        ) from e
    names = list(wb.sheet_names)
    if not names:
        raise PlanlibError(f"Berkas {path.name} tidak dapat dibaca: {DAMAGED}.")
    if sheet is None:
        visible = {
            m.name
            for m in wb.sheets_metadata
            if str(m.visible).endswith(".Visible") and str(m.typ).endswith(".WorkSheet")
        }
        chosen = [n for n in names if n in visible] or names
        return [_sheet_rows(wb, n) for n in chosen]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise PlanlibError(f"{path.name} tidak punya lembar ke-{sheet + 1}")
        name = names[sheet]
    else:
        if sheet not in names:
            raise PlanlibError(
                f"Lembar '{sheet}' tidak ada di {path.name}; yang ada: {', '.join(names)}"
            )
        name = sheet
    return [_sheet_rows(wb, name)]


def _sheet_rows(wb: Any, name: str) -> RawTable:
    ws = wb.get_sheet_by_name(name)
    cells = ws.to_python(skip_empty_area=False)
    width = max((len(r) for r in cells), default=0)
    rows: list[list[Any]] = [list(r) + [""] * (width - len(r)) for r in cells]
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
    """The encoding of a text file's bytes (UTF-16 with a byte-order mark, UTF-8, else cp1252).

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    str
        ``"utf-8-sig"`` or ``"utf-16"`` with a byte-order mark, ``"utf-8"``
        when the bytes decode as such, else ``"cp1252"`` (what Excel on
        Windows writes).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
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
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Excel shows one row per CSV record (a quoted cell may span lines)
    rows: list[list[Any]] = [[c if c.strip() != "" else None for c in rec] for rec in reader]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding)


# --------------------------------------------------------------------------- HTML

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
#: Labels that browsers (and Excel) read as windows-1252 (WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "br", "hr"}


def _html_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = _CHARSET_RE.search(data[:8192])
    if m:
        label = m.group(1).decode("ascii", "replace").lower()
        if label in _AS_CP1252:
            return "cp1252"
        try:
            name = codecs.lookup(label).name
            data.decode(name)
            return name
        except (LookupError, UnicodeDecodeError):
            pass
    return detect_encoding(data)


class _HtmlRows(HTMLParser):
    """Rows of the tables of an HTML page, and the lines of text outside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []  # (text, colspan, rowspan) per cell
        self.depth = 0
        self.skip = 0
        self.row: list[tuple[str, int, int]] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.outside: list[str] = []
        self.tables = 0

    def _flush_outside(self) -> None:
        text = " ".join("".join(self.outside).split())
        if text:
            self.rows.append([(text, 1, 1)])
        self.outside = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip += 1
        elif tag == "table":
            self._flush_outside()
            self.depth += 1
            self.tables += 1
        elif tag == "tr" and self.depth:
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.depth:
            if self.row is None:
                self.row = []
            self._end_cell()
            a = dict(attrs)
            self.span = (_span(a.get("colspan")), _span(a.get("rowspan")))
            self.cell = []
        elif tag == "br":
            (self.cell if self.cell is not None else self.outside).append(" ")
        elif tag in _BLOCKS and not self.depth:
            self._flush_outside()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self.depth:
            self._end_row()
            self.depth -= 1
        elif tag in _BLOCKS and not self.depth:
            self._flush_outside()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.depth:
            self.outside.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append((" ".join("".join(self.cell).split()), *self.span))
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None

    def close(self) -> None:
        super().close()
        self._end_row()
        self._flush_outside()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def _read_html(path: Path) -> RawTable:
    data = path.read_bytes()
    encoding = _html_encoding(data)
    parser = _HtmlRows()
    parser.feed(data.decode(encoding, errors="replace"))
    parser.close()
    if not parser.tables:
        raise PlanlibError(
            f"{path.name} adalah halaman web tanpa tabel (mungkin halaman masuk/login atau pesan "
            "galat dari aplikasinya), bukan unduhan data; masuk ke aplikasinya lalu unduh ulang."
        )
    # lay the cells out on a grid: a cell spanning rows or columns fills them all
    grid: list[list[Any]] = []
    pending: dict[tuple[int, int], str] = {}
    for i, cells in enumerate(parser.rows):
        row: list[Any] = []
        j = 0
        for text, colspan, rowspan in cells:
            while (i, j) in pending:
                row.append(pending.pop((i, j)))
                j += 1
            for dj in range(colspan):
                row.append(text)
                for di in range(1, rowspan):
                    pending[(i + di, j + dj)] = text
            j += colspan
        while (i, j) in pending:
            row.append(pending.pop((i, j)))
            j += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    rows = [[None if v in ("", None) else v for v in r] + [None] * (width - len(r)) for r in grid]
    note = f"berkas {path.suffix.lower()} ini sebenarnya tabel HTML (unduhan aplikasi web); dibaca sebagai tabel"
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding, notes=[note])


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
        Excel row number of the header (the first of two rows for a two-row header).
    sheet : str or None
        The sheet of a workbook the table was read from.
    encoding : str or None
        The encoding of a CSV or HTML file.
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
    required: Sequence[str] = (),
    key_fields: Sequence[str] | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    columns: dict[str, str] | None = None,
    min_hits: int = 2,
    raw: RawTable | None = None,
) -> Table:
    """Find the header of a table, map its columns to fields and account for structural rows.

    The header may sit under title rows and may span two rows (a group cell
    such as ``Rekomendasi`` merged over ``Mitra``, ``Kecamatan`` …; see
    :func:`planlib.parse.find_header`). In a workbook read without ``sheet``,
    every visible sheet is searched and the one whose header names the most
    fields is read (a cover or instructions sheet comes first in many
    exports); the report's ``sheet`` and a note say which.

    Parameters
    ----------
    path : path-like
        Spreadsheet, CSV file or HTML table.
    fields : dict
        Canonical field → accepted header spellings (compared after
        :func:`planlib.parse.header_key`).
    report : FileReport
        Receives ``rows_in``, the sheet, notes, and the blank, repeated-header,
        totals and footnote rows, which are dropped.
    required : sequence of str
        Fields that must be present; a missing one raises :class:`PlanlibError`.
    key_fields : sequence of str, optional
        A row in which all of these fields are empty is not data: it is
        reported as a totals row, a footnote or a row without content.
    sheet : str or int, optional
        The sheet (name or 0-based index); it wins over the search.
    header_row : int, optional
        The header's Excel row number when it cannot be found automatically
        (the first of two rows for a two-row header).
    columns : dict, optional
        Field → header text of this file, for files whose headers differ.
    min_hits : int
        Fewest fields a header must name (at most the number of ``required``).
    raw : RawTable, optional
        Cells already read (the file is then not read again).

    Returns
    -------
    Table
        The data rows (a table with a header and no rows has none, and the
        report notes it).

    Raises
    ------
    PlanlibError
        No header, a required column missing, or a file that cannot be read.
    """
    sheets = [raw] if raw is not None else read_sheets(path, sheet)
    aliases = {f: list(names) for f, names in fields.items()}
    for f, text in (columns or {}).items():
        aliases.setdefault(f, []).insert(0, text)
    hits = min(min_hits, max(len(required), 1))
    found: list[tuple[RawTable, HeaderMatch]] = []
    for table in sheets:
        at = None
        if header_row is not None:
            if header_row not in table.row_numbers:
                continue
            at = table.row_numbers.index(header_row)
        match = find_header(table.rows, aliases, min_hits=1 if at is not None else hits, at=at)
        if match:
            found.append((table, match))
    name = Path(path).name
    if not found:
        if header_row is not None:
            raise PlanlibError(f"Baris judul kolom {header_row} di {name} tidak dikenali.")
        wanted = ", ".join(fields[f][0] if fields[f] else f for f in (required or fields))
        where = f" (lembar yang diperiksa: {', '.join(str(t.sheet) for t in sheets)})"
        raise PlanlibError(
            f"Judul kolom tidak ditemukan di {name}"
            f"{where if len(sheets) > 1 else ''}. Kolom yang dicari: {wanted}. "
            "Tentukan baris judul (header) atau nama kolom di planlib.toml."
        )
    raw, match = max(found, key=lambda tm: tm[1].hits)  # the first of equals
    report.sheet = raw.sheet
    for text in raw.notes:
        report.note(text)
    if len(sheets) > 1:
        if raw is not sheets[0]:
            report.note(
                f"tabel dibaca dari lembar '{raw.sheet}'; lembar pertama '{sheets[0].sheet}' "
                "tidak memuat judul kolomnya"
            )
        others = [t.sheet for t, m in found if t is not raw and m.hits >= max(hits, 3)]
        if others:
            report.note(
                f"lembar lain yang juga berjudul kolom tidak dibaca: {', '.join(map(str, others))}; "
                'pilih lembar dengan sheet = "..." di planlib.toml'
            )
    mapping = match.mapping
    missing = [f for f in required if f not in mapping.values()]
    if missing:
        names = ", ".join(f"'{fields[f][0] if fields[f] else f}'" for f in missing)
        raise PlanlibError(f"Kolom wajib tidak ada di {name}: {names}.")
    hidx = match.index
    headers = {f: match.texts[j] for j, f in mapping.items()}
    if match.height == 2:
        report.note(
            f"judul kolom dua baris (baris {raw.row_numbers[hidx]}–{raw.row_numbers[hidx + 1]}); "
            "nama kolom digabung dari keduanya"
        )
    body = raw.rows[hidx + match.height :]
    numbers = raw.row_numbers[hidx + match.height :]
    # trailing empty rows are not rows a reader sees as part of the table
    while body and all(v is None for v in body[-1]):
        body, numbers = body[:-1], numbers[:-1]
    report.rows_in = len(body)
    if not body:
        report.note("tabel tidak ada baris data (hanya judul kolom); dimuat 0 baris")
    cols = sorted(mapping)
    data = {mapping[j]: [r[j] for r in body] for j in cols}
    df = pd.DataFrame(data, columns=[mapping[j] for j in cols], dtype=object)
    df[ROW] = pd.Series(numbers, index=df.index, dtype="int64")
    # every non-empty cell of the row (mapped or not) decides blank / totals / notes
    texts = [[str(v).strip() for v in r if v is not None and str(v).strip() != ""] for r in body]
    blank = pd.Series([not t for t in texts], index=df.index, dtype=bool)
    df = report.drop(df, blank, "baris_kosong")
    header_keys = {header_key(h) for h in headers.values()}
    rep = pd.Series(
        [sum(header_key(c) in header_keys for c in t) >= max(2, len(headers) // 2) for t in texts],
        index=pd.RangeIndex(len(texts)),
        dtype=bool,
    ).loc[df.index]
    df = report.drop(df, rep, "header_berulang")
    if key_fields:
        keys = [f for f in key_fields if f in df.columns]
        empty_keys = (
            df[keys].map(is_missing).all(axis=1)
            if keys and len(df)
            else pd.Series(False, index=df.index, dtype=bool)
        )
        first = pd.Series([t[0] if t else "" for t in texts], dtype=object).loc[df.index]
        total = empty_keys & first.str.match(TOTAL_RE).astype(bool)
        df = report.drop(df, total, "baris_total", values=first[total])
        first = first.loc[df.index]
        empty_keys = empty_keys.loc[df.index]
        note = empty_keys & first.str.match(_NOTE_RE).astype(bool)
        df = report.drop(df, note, "bukan_data", values=first[note])
    return Table(df.reset_index(drop=True), headers, raw.row_numbers[hidx], raw.sheet, raw.encoding)

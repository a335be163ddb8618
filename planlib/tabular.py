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

Every file is held to the input limits of :mod:`planlib.limits` before it is
read (a workbook's used range, rows, cells, unpacked size, longest cell; an
HTML table's cells once its spans are filled; a CSV's rows, streamed), so
that reading a workspace takes bounded memory whatever its files hold. A
cell that held a formula is read as its cached value, and the table says so
(:attr:`RawTable.formulas`).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

from . import limits
from .header import HeaderMatch, find_header, header_key
from .limits import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, angka
from .parse import is_missing
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
    formulas : int
        Cells of the sheet that held a formula (read as their cached value).
    external : int
        Of those, formulas referring to another workbook (``[1]Sheet1!A1``),
        or the workbook's links to other workbooks when its formulas do not show them.
    formula_cells : list of str
        The first cells with a formula (``B7`` …).
    """

    rows: list[list[Any]]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    formulas: int = 0
    external: int = 0
    formula_cells: list[str] = field(default_factory=list)


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
        When the file is missing, empty, of an unknown type, unreadable or
        above an input limit (:mod:`planlib.limits`); the message is in
        Bahasa Indonesia and names the file (and the limit).
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
        if kind == "zip":
            return _read_excel(path, sheet, limits.check_zip(path))
        if kind == "ole":
            return _read_excel(path, sheet, limits.check_xls(path))
        raise PlanlibError(f"Berkas {path.name} tidak dapat dibaca: {DAMAGED}.")
    except PlanlibError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as e:  # calamine's panics are BaseException; damaged files raise many
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


def _read_excel(
    path: Path, sheet: str | int | None, cost: limits.ZipCost | list[limits.SheetCost]
) -> list[RawTable]:
    """The chosen sheets through calamine, once ``cost`` (the file's check) has passed."""
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
        return [_sheet_rows(wb, n, path.name, _cost_of(cost, n)) for n in chosen]
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
    return [_sheet_rows(wb, name, path.name, _cost_of(cost, name))]


def _cost_of(cost: limits.ZipCost | list[limits.SheetCost], name: str) -> limits.SheetCost:
    """The checked sheet ``name`` (an .xls's sheets are matched by name, else in order)."""
    if isinstance(cost, limits.ZipCost):
        return cost.sheet(name)
    return next((c for c in cost if c.name == name), limits.SheetCost(name))


def _sheet_rows(wb: Any, name: str, file: str, cost: limits.SheetCost) -> RawTable:
    ws = wb.get_sheet_by_name(name)
    rows: list[list[Any]] = ws.to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    for row in rows:  # in place: a sheet's rows are not copied
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    merged = [
        (r0, c0, min(r1, len(rows) - 1), min(c1, width - 1))
        for (r0, c0), (r1, c1) in ws.merged_cell_ranges or []
        if r0 < len(rows) and c0 < width
    ]
    filled = sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in merged)
    if filled > MAX_CELLS:
        raise PlanlibError(
            f"{file}: lembar '{name}' punya sel gabungan (merge) yang menutup {angka(filled)} "
            f"sel; batas planlib {angka(MAX_CELLS)} sel per lembar. Berkas tidak dibaca: "
            "buka di Excel, pisahkan sel gabungan yang tidak perlu, simpan ulang lalu coba lagi."
        )
    for r0, c0, r1, c1 in merged:
        top_left = rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and rows[r][c] in ("", None):
                    rows[r][c] = top_left
    for row in rows:
        row[:] = [None if v == "" else v for v in row]
    return RawTable(
        rows, list(range(1, len(rows) + 1)), sheet=name, formulas=cost.formulas,
        external=cost.external, formula_cells=list(cost.first_cells),
    )  # fmt: skip


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


def file_encoding(path: Path) -> str:
    """:func:`detect_encoding` of a file, read in chunks (never whole).

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        As :func:`detect_encoding`.
    """
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            return detect_encoding(head)
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


_CHUNK = 2**20


def _refuse_rows(name: str, what: str) -> PlanlibError:
    return PlanlibError(
        f"{name}: {what}; batas planlib {angka(MAX_ROWS)} baris dan {angka(MAX_CELLS)} sel "
        "per berkas. Berkas tidak dibaca: bagi berkasnya (mis. per kecamatan atau per tahun), "
        "lalu coba lagi."
    )


def _too_long(name: str) -> PlanlibError:
    return PlanlibError(
        f"{name}: ada sel berisi lebih dari {angka(MAX_CELL_CHARS)} karakter; batas planlib "
        f"{angka(MAX_CELL_CHARS)} karakter per sel (batas Excel sendiri). Berkas tidak dibaca: "
        "periksa sel itu (mungkin tanda kutip yang tidak ditutup), simpan ulang lalu coba lagi."
    )


def _text_fits(path: Path) -> bool:
    """A cheap bound from the bytes: at most MAX_ROWS records and MAX_CELLS cells (line ends
    and delimiters counted, so never fewer than the records and cells there are)."""
    breaks = cells = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            n = chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            breaks += n
            cells += n + sum(chunk.count(d) for d in (b";", b",", b"\t", b"|"))
    return breaks + 1 <= MAX_ROWS and cells + 1 <= MAX_CELLS


def _read_text(path: Path) -> RawTable:
    limits.check_file_size(path)
    encoding = file_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = "\n".join(fh.read(_CHUNK).splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t|"}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    if not _text_fits(path):  # count the records themselves, before keeping any
        _read_records(path, encoding, delimiter, keep=False)
    rows = _read_records(path, encoding, delimiter, keep=True)
    width = max((len(r) for r in rows), default=0)
    if len(rows) * width > MAX_CELLS:
        raise _refuse_rows(
            path.name, f"{angka(len(rows))} baris × {angka(width)} kolom = "
            f"{angka(len(rows) * width)} sel",
        )  # fmt: skip
    for r in rows:
        r.extend([None] * (width - len(r)))
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding)


def _read_records(path: Path, encoding: str, delimiter: str, *, keep: bool) -> list[list[Any]]:
    """The CSV records (one row each, as Excel shows them), refused past the limits."""
    rows: list[list[Any]] = []
    n = cells = 0
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for rec in reader:
                n += 1
                cells += len(rec)
                if n > MAX_ROWS:
                    raise _refuse_rows(path.name, f"lebih dari {angka(MAX_ROWS)} baris")
                if cells > MAX_CELLS:
                    raise _refuse_rows(path.name, f"lebih dari {angka(MAX_CELLS)} sel")
                if rec and max(map(len, rec)) > MAX_CELL_CHARS:
                    raise _too_long(path.name)
                if keep:
                    rows.append([c if c.strip() != "" else None for c in rec])
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise _too_long(path.name) from e
            raise
    return rows


# --------------------------------------------------------------------------- HTML

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
#: Labels that browsers (and Excel) read as windows-1252 (WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "br", "hr"}


def _html_encoding(path: Path) -> str:
    """The encoding of an HTML file: its byte-order mark, its ``<meta>`` charset when the
    file decodes with it, else UTF-8 or cp1252 (read in chunks, never whole)."""
    with open(path, "rb") as f:
        head = f.read(8192)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = _CHARSET_RE.search(head)
    if m:
        label = m.group(1).decode("ascii", "replace").lower()
        if label in _AS_CP1252:
            return "cp1252"
        try:
            name = codecs.lookup(label).name
            if _decodes(path, name):
                return name
        except LookupError:
            pass
    return file_encoding(path)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


#: A cell of an HTML row: its text, or (text, colspan, rowspan) when it spans.
_HtmlCell = str | tuple[str, int, int]
#: Characters of markup (a tag, a comment) the HTML parser may hold unfinished.
_HTML_PENDING = 2**20


class _HtmlRows(HTMLParser):
    """Rows of the tables of an HTML page, and the lines of text outside them.

    Held to the input limits while it reads: rows, cells and a cell's text
    (:mod:`planlib.limits`); ``name`` is the file's, for the messages.
    """

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.rows: list[list[_HtmlCell]] = []
        self.depth = 0
        self.skip = 0
        self.row: list[_HtmlCell] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.outside: list[str] = []
        self.tables = 0
        self.cells = 0
        self.length = 0  # characters gathered in self.cell or self.outside

    def _gathered(self, parts: list[str], data: str) -> None:
        """Add ``data`` to a cell's (or a line's) text, held to MAX_CELL_CHARS."""
        parts.append(data)
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            text = " ".join("".join(parts).split())  # as the cell will be read
            if len(text) > MAX_CELL_CHARS:
                raise _too_long(self.name)
            parts[:] = [text]
            self.length = len(text)

    def _add_row(self, row: list[_HtmlCell]) -> None:
        self.rows.append(row)
        if len(self.rows) > MAX_ROWS:
            raise _refuse_rows(self.name, f"tabel HTML lebih dari {angka(MAX_ROWS)} baris")

    def _flush_outside(self) -> None:
        text = " ".join("".join(self.outside).split())
        if text:
            self._add_row([text])
        self.outside = []
        self.length = 0

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
            self.length = 0
        elif tag == "br":
            if self.cell is not None:
                self._gathered(self.cell, " ")
            else:
                self._gathered(self.outside, " ")
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
            self._gathered(self.cell, data)
        elif not self.depth:
            self._gathered(self.outside, data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            text = " ".join("".join(self.cell).split())
            self.row.append(text if self.span == (1, 1) else (text, *self.span))
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _refuse_rows(self.name, f"tabel HTML lebih dari {angka(MAX_CELLS)} sel")
        self.cell = None
        self.length = 0

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self._add_row(self.row)
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
    limits.check_file_size(path)
    encoding = _html_encoding(path)
    parser = _HtmlRows(path.name)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            parser.feed(decoder.decode(chunk))
            if len(parser.rawdata) > _HTML_PENDING:  # one tag or comment that never ends
                raise PlanlibError(
                    f"Berkas {path.name} tidak dapat dibaca: ada tag HTML yang tidak pernah "
                    f"ditutup (lebih dari {angka(_HTML_PENDING)} karakter); {DAMAGED}."
                )
    parser.feed(decoder.decode(b"", final=True))
    parser.close()
    if not parser.tables:
        raise PlanlibError(
            f"{path.name} adalah halaman web tanpa tabel (mungkin halaman masuk/login atau pesan "
            "galat dari aplikasinya), bukan unduhan data; masuk ke aplikasinya lalu unduh ulang."
        )
    rows = _span_grid(parser.rows, path.name)
    note = f"berkas {path.suffix.lower()} ini sebenarnya tabel HTML (unduhan aplikasi web); dibaca sebagai tabel"
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding, notes=[note])


def _span_grid(cells_by_row: list[list[_HtmlCell]], name: str) -> list[list[Any]]:
    """Lay HTML cells out on a grid: a cell spanning rows or columns fills them all.

    The cells the spans fill are counted first, and the grid's rows × columns
    before it is padded; either above :data:`planlib.limits.MAX_CELLS` is refused.
    """
    n = len(cells_by_row)
    filled = 0
    for i, cells in enumerate(cells_by_row):
        for cell in cells:
            filled += 1 if isinstance(cell, str) else cell[1] * min(cell[2], n - i)
    if filled > MAX_CELLS:
        raise PlanlibError(
            f"{name}: tabel HTML dengan colspan/rowspan yang mengisi {angka(filled)} sel; batas "
            f"planlib {angka(MAX_CELLS)} sel per tabel. Berkas tidak dibaca: unduh ulang dari "
            "sumbernya, atau buka di Excel dan simpan sebagai .xlsx lalu coba lagi."
        )
    grid: list[list[Any]] = []
    active: dict[int, tuple[str, int]] = {}  # column → (text, last row it fills)
    for i, cells in enumerate(cells_by_row):
        row: list[Any] = []
        j = 0
        for cell in cells:
            while (occ := active.get(j)) is not None and occ[1] >= i:
                row.append(occ[0])
                j += 1
            if isinstance(cell, str):
                row.append(cell)
                j += 1
                continue
            text, colspan, rowspan = cell
            for dj in range(colspan):
                row.append(text)
                if rowspan > 1:
                    active[j + dj] = (text, i + rowspan - 1)
            j += colspan
        while (occ := active.get(j)) is not None and occ[1] >= i:
            row.append(occ[0])
            j += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    if len(grid) * width > MAX_CELLS:
        raise PlanlibError(
            f"{name}: tabel HTML {angka(len(grid))} baris × {angka(width)} kolom = "
            f"{angka(len(grid) * width)} sel; batas planlib {angka(MAX_CELLS)} sel per tabel. "
            "Berkas tidak dibaca: bagi berkasnya lalu coba lagi."
        )
    for r in grid:
        r[:] = [None if v in ("", None) else v for v in r]
        r.extend([None] * (width - len(r)))
    return grid


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


def _report_formulas(raw: RawTable, report: FileReport) -> None:
    """One warning per file for the formulas of the sheet read, one for its external links."""
    if not raw.formulas:
        return
    cells = ", ".join(raw.formula_cells) + (" …" if raw.formulas > len(raw.formula_cells) else "")
    where = f" di lembar '{raw.sheet}'" if raw.sheet else ""
    report.add(
        "sel_rumus", value=cells,
        reason=f"{angka(raw.formulas)} sel{where} berisi rumus (formula), mis. {cells}; yang "
        "dibaca nilai tersimpannya (hasil hitungan terakhir di Excel), bukan rumusnya",
        suggestion="salin lalu tempel sebagai nilai (Paste Values) bila nilainya sudah benar",
    )  # fmt: skip
    if raw.external:
        report.add(
            "tautan_eksternal",
            reason=f"{angka(raw.external)} rumus{where} mengambil nilai dari berkas lain "
            "(external link); nilai tersimpannya bisa usang",
            suggestion="buka berkasnya di Excel, perbarui tautan (Update Links), lalu simpan",
        )  # fmt: skip


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
    :func:`planlib.header.find_header`). In a workbook read without ``sheet``,
    every visible sheet is searched and the one whose header names the most
    fields is read (a cover or instructions sheet comes first in many
    exports); the report's ``sheet`` and a note say which.

    Parameters
    ----------
    path : path-like
        Spreadsheet, CSV file or HTML table.
    fields : dict
        Canonical field → accepted header spellings (compared after
        :func:`planlib.header.header_key`).
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
    _report_formulas(raw, report)
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

"""An HTML table saved as ``.xls``, as SIPD and other web applications export "Excel".

Read with the standard library's HTML parser, every cell as text (so ``1.500``
stays one thousand five hundred), ``colspan``/``rowspan`` filled like merged
cells, and one row per table row or line of text above the table, as Excel
shows the file.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .. import limits
from ..limits import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, angka
from ..report import PlanlibError
from .cells import DAMAGED, RawTable
from .delimited import _CHUNK, _refuse_rows, _too_long, file_encoding

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

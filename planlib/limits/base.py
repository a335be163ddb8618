"""The limits, what a sheet costs (:class:`SheetCost`), and streaming a zip member's XML."""

import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..report import PlanlibError

#: Rows of a sheet or a CSV file (Excel's row numbers, to the last row with a value).
MAX_ROWS = 250_000
#: Cells of a sheet: rows × columns from A1 to the last row and column with a value.
MAX_CELLS = 6_000_000
#: Characters of one cell's text: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Bytes of a workbook's members unpacked from its zip, together.
MAX_UNPACKED = 512 * 2**20
#: Unpacked ÷ packed size of one zip member larger than :data:`RATIO_FROM`.
MAX_RATIO = 100
#: Members smaller than this (unpacked) are not held to :data:`MAX_RATIO`.
RATIO_FROM = 2**20
#: Members of a zip workbook.
MAX_MEMBERS = 10_000
#: Sheets of a workbook.
MAX_SHEETS = 1_000
#: Merged ranges of a sheet (calamine lists them all; a title block has a few dozen).
MAX_MERGES = 100_000
#: Bytes of a workbook's list of sheets and its relationships (read whole).
MAX_BOOK_XML = 16 * 2**20
#: Bytes on disk of a CSV, HTML or .xls file.
MAX_FILE_BYTES = 512 * 2**20

#: The sentence that ends every refusal: what the analyst can do.
_ADVICE = (
    "buka di Excel, hapus baris/kolom/sel yang tidak dipakai atau bagi berkasnya, "
    "simpan ulang lalu coba lagi"
)
#: Cells named in a formula note.
FIRST_CELLS = 5

_CHUNK = 2**20
#: A text node longer than this many bytes is refused without counting its characters.
_NODE_BYTES = 2**20


def angka(n: float) -> str:
    """``1048576`` → ``"1.048.576"`` (Indonesian grouping, without :mod:`planlib.formatting`)."""
    return f"{n:,.0f}".replace(",", ".")


def _refuse(name: str, what: str, limit: str) -> PlanlibError:
    return PlanlibError(f"{name}: {what}; batas planlib {limit}. Berkas tidak dibaca: {_ADVICE}.")


def column_letters(col: int) -> str:
    """Excel's letters of a 1-based column number (``16384`` → ``"XFD"``).

    Parameters
    ----------
    col : int
        Column number, 1-based.

    Returns
    -------
    str
        The column's letters.
    """
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_number(letters: bytes | str) -> int:
    """The 1-based column number of Excel's letters (``"XFD"`` → ``16384``).

    Parameters
    ----------
    letters : bytes or str
        Upper-case column letters.

    Returns
    -------
    int
        The column number.
    """
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + (ch & 0xDF) - 64  # upper or lower case, as calamine reads them
    return n


def _row_number(digits: bytes | str) -> int:
    """A row number; one too long to be real is read as past every limit."""
    return int(digits) if len(digits) <= 9 else 10**9


@dataclass
class SheetCost:
    """What one sheet will cost, and what it holds besides values.

    Attributes
    ----------
    name : str
        The sheet's name (or its member in the zip when the name is unknown).
    rows, columns : int
        The last row and column that hold a value (1-based; 0 when empty).
    formulas : int
        Cells holding a formula (their cached value is what is read).
    external : int
        Formulas that refer to another workbook (``[1]Sheet1!A1``).
    first_cells : list of str
        The first cells with a formula (at most :data:`FIRST_CELLS`).
    merges : int
        Merged ranges (``<mergeCell>``).
    """

    name: str
    rows: int = 0
    columns: int = 0
    formulas: int = 0
    external: int = 0
    first_cells: list[str] = field(default_factory=list)
    merges: int = 0

    def value_at(self, row: int, col: int) -> None:
        """Record a value in (1-based) ``row``, ``col``."""
        if row > self.rows:
            self.rows = row
        if col > self.columns:
            self.columns = col

    def formula_at(self, ref: str, external: bool = False) -> None:
        """Record a formula in cell ``ref``."""
        self.formulas += 1
        self.external += external
        if len(self.first_cells) < FIRST_CELLS:
            self.first_cells.append(ref)

    def check(self, file: str) -> None:
        """Refuse the sheet above :data:`MAX_ROWS`, :data:`MAX_CELLS` or :data:`MAX_MERGES`.

        Parameters
        ----------
        file : str
            The file's name, for the message.

        Raises
        ------
        PlanlibError
            Naming the file, the sheet, its extent and the limit.
        """
        where = f"lembar '{self.name}'"
        last = f"{column_letters(self.columns)}{self.rows}"
        if self.rows > MAX_ROWS:
            raise _refuse(
                file, f"{where} berisi data sampai baris {angka(self.rows)} (sel {last})",
                f"{angka(MAX_ROWS)} baris per lembar",
            )  # fmt: skip
        if self.rows * self.columns > MAX_CELLS:
            raise _refuse(
                file,
                f"{where} berisi data sampai sel {last}: {angka(self.rows)} baris × "
                f"{angka(self.columns)} kolom = {angka(self.rows * self.columns)} sel",
                f"{angka(MAX_CELLS)} sel (baris × kolom) per lembar",
            )
        if self.merges > MAX_MERGES:
            raise _refuse(
                file, f"{where} berisi {angka(self.merges)} sel gabungan (merge)",
                f"{angka(MAX_MERGES)} sel gabungan per lembar",
            )  # fmt: skip


def _too_long(file: str, where: str) -> PlanlibError:
    return _refuse(
        file, f"ada sel berisi lebih dari {angka(MAX_CELL_CHARS)} karakter ({where})",
        f"{angka(MAX_CELL_CHARS)} karakter per sel (batas Excel sendiri)",
    )  # fmt: skip


def check_file_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a file larger than ``limit`` bytes on disk.

    Parameters
    ----------
    path : Path
        The file.
    limit : int
        Bytes.

    Raises
    ------
    PlanlibError
        Naming the file, its size and the limit.
    """
    size = path.stat().st_size
    if size > limit:
        raise _refuse(
            path.name, f"berkas berukuran {angka(size / 2**20)} MB",
            f"{angka(limit / 2**20)} MB per berkas",
        )  # fmt: skip


def _chunks(zf: zipfile.ZipFile, member: str, file: str) -> Iterator[bytes]:
    """The member's bytes, each chunk ending just before a ``<`` (tags never split).

    A text node longer than :data:`_NODE_BYTES` is refused on the way.
    """
    carry = b""
    with zf.open(member) as f:
        while data := f.read(_CHUNK):
            buf = carry + data
            cut = buf.rfind(b"<")
            if cut <= 0:
                if len(buf) > _NODE_BYTES:
                    raise _too_long(file, member)
                carry = buf
                continue
            carry = buf[cut:]
            yield buf[:cut]
    if carry:
        yield carry


_LONG_NODE = re.compile(rb">[^<]{%d,}" % (MAX_CELL_CHARS + 1))


def _long_text(chunk: bytes) -> bool:
    """Whether a text node of ``chunk`` holds more than :data:`MAX_CELL_CHARS` characters."""
    for m in _LONG_NODE.finditer(chunk):
        node = m.group()[1:].decode("utf-8", "replace")
        if len(html.unescape(node)) > MAX_CELL_CHARS:
            return True
    return False


def _scan_text(zf: zipfile.ZipFile, member: str, file: str, where: str) -> None:
    for chunk in _chunks(zf, member, file):
        if _long_text(chunk):
            raise _too_long(file, where)


def _expat(
    zf: zipfile.ZipFile,
    member: str,
    file: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
    *,
    namespaces: bool,
) -> None:
    p = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = text
    try:
        with zf.open(member) as f:
            while data := f.read(_CHUNK):
                p.Parse(data, False)
        p.Parse(b"", True)
    except expat.ExpatError as e:
        raise PlanlibError(
            f"Berkas {file} tidak dapat dibaca: berkas rusak atau terpotong ({member}), unduh "
            "ulang dari sumbernya lalu coba lagi."
        ) from e

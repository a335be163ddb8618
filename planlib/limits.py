"""What reading an input file may cost, checked before the file is read.

A workspace must load in bounded memory whatever its files hold. The readers
planlib uses do not bound themselves: calamine lays a sheet out as a dense
grid from A1 to its last used cell (a 2 KB xlsx with cells in A1 and
XFD1048576 asks for 512 GiB and aborts the process), an xlsx is a zip whose
XML may inflate a thousandfold, and one cell may hold hundreds of megabytes.
So before a workbook is handed to calamine, this module reads what it will
cost from the file itself, streaming (never more than a few MiB at a time):

- **zip workbooks** (xlsx, xlsm, xlsb, ods): the number of members, their
  unpacked sizes and compression ratios (the central directory, then every
  XML member is unpacked once to check that it holds what it declares);
- **xlsx/xlsm sheets**: the last row and column that hold a value, from the
  ``r`` of every ``<c>`` element that has a value (the sheet's
  ``<dimension>`` is not trusted, and calamine does not use it); formulas and
  links to other workbooks; the longest text, in the sheet and in the shared
  strings;
- **ods**: the same from ``content.xml``, with ``number-rows-repeated`` and
  ``number-columns-repeated`` expanded as calamine expands them;
- **xlsb**: the same from the binary records of each worksheet;
- **xls (BIFF)**: the OLE container's Workbook stream, record by record: the
  last row and column that hold a value and the formulas (a BIFF cell holds
  at most 65,535 characters by its format, and the file is read whole by
  calamine, so the file's size bounds its text).

HTML tables and CSV files are streamed by :mod:`planlib.tabular` itself
against the same limits. A file above a limit is refused with a
:class:`~planlib.report.PlanlibError` naming the file and the limit, which a
loader turns into a fatal entry of the report (docs/workspace.md, "Batas
berkas / Limits").
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

from .report import PlanlibError

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


# --------------------------------------------------------------------------- zip


class ZipCost:
    """A zip workbook whose members and sheets were checked (:func:`check_zip`).

    Attributes
    ----------
    sheets : dict of str to SheetCost
        Every sheet of the workbook, by name (by member when its name is unknown).
    """

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.sheets: dict[str, SheetCost] = {}

    def sheet(self, name: str) -> SheetCost:
        """What the sheet ``name`` holds (an empty record when it was not found).

        Parameters
        ----------
        name : str
            The sheet's name as calamine lists it.

        Returns
        -------
        SheetCost
            Its extent and formulas.
        """
        return self.sheets.get(name) or SheetCost(name)


def check_zip(path: Path) -> ZipCost:
    """Check a zip workbook (xlsx, xlsm, xlsb, ods) before calamine opens it.

    The member count (from the end-of-central-directory record, before the
    directory is read), each member's unpacked size and ratio and their
    total; then every XML or binary member is unpacked once (the zip reader
    stops at the declared size and checks the CRC, so no member holds more
    than it declares), the sheets scanned for their extent, formulas and
    longest text, the shared strings for their longest text. Every sheet is
    checked, hidden ones too: which member calamine reads for a name is not
    second-guessed.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    ZipCost
        Its sheets.

    Raises
    ------
    PlanlibError
        Above a limit, or a damaged zip.
    """
    name = path.name
    members = _zip_entries(path)
    if members is not None and members > MAX_MEMBERS:
        raise _refuse(name, f"zip berisi {angka(members)} bagian", f"{angka(MAX_MEMBERS)} bagian")
    cost = ZipCost(path)
    with zipfile.ZipFile(path) as zf:
        _check_members(zf, name)
        names = set(zf.namelist())
        for member in sorted(n for n in names if _is_shared_strings(n)):
            if member.endswith(".bin"):
                _scan_xlsb_part(zf, member, name)
            else:
                _scan_text(zf, member, name, f"teks bersama {PurePosixPath(member).name}")
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            titles = _xlsx_sheet_names(zf, name)
            for member in sorted(n for n in names if _is_worksheet(n)):
                title = titles.get(member, PurePosixPath(member).stem)
                if member.endswith(".bin"):
                    sheet = _scan_xlsb_part(zf, member, name, title)
                else:
                    sheet = _scan_xlsx_sheet(zf, member, title, name)
                if sheet is not None:
                    sheet.check(name)
                    cost.sheets.setdefault(title, sheet)
        if "content.xml" in names:
            for sheet in _scan_ods(zf, name):
                sheet.check(name)
                cost.sheets.setdefault(sheet.name, sheet)
    if len(cost.sheets) > MAX_SHEETS:
        raise _refuse(
            name,
            f"buku kerja berisi {angka(len(cost.sheets))} lembar",
            f"{angka(MAX_SHEETS)} lembar",
        )
    return cost


def _zip_entries(path: Path) -> int | None:
    """The entry count of the end-of-central-directory record (None when not found)."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 65557))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    total = struct.unpack_from("<H", tail, at + 10)[0]
    if total == 0xFFFF:  # zip64: the count is in the zip64 record
        z64 = tail.rfind(b"PK\x06\x06")
        if z64 >= 0 and z64 + 56 <= len(tail):
            return int(struct.unpack_from("<Q", tail, z64 + 32)[0])
    return int(total)


def _check_members(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FROM:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise _refuse(
                    name,
                    f"bagian {info.filename} mengembang {angka(ratio)} kali saat dibuka "
                    f"({angka(info.compress_size / 1024)} KB menjadi "
                    f"{angka(info.file_size / 2**20)} MB; bom zip?)",
                    f"{MAX_RATIO} kali",
                )
    if total > MAX_UNPACKED:
        raise _refuse(
            name, f"isinya {angka(total / 2**20)} MB setelah dibuka dari zip",
            f"{angka(MAX_UNPACKED / 2**20)} MB",
        )  # fmt: skip
    for info in infos:
        member = info.filename
        if member.endswith((".xml", ".rels", ".bin")) and not _is_scanned(member):
            with zf.open(info) as f:
                while f.read(_CHUNK):
                    pass  # the zip reader stops at the declared size and checks the CRC


def _is_worksheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith((".xml", ".bin"))


def _is_shared_strings(member: str) -> bool:
    return member.startswith("xl/sharedStrings") and member.endswith((".xml", ".bin"))


def _is_scanned(member: str) -> bool:
    """Members read (and so checked) by a scan of their own."""
    return member == "content.xml" or _is_worksheet(member) or _is_shared_strings(member)


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


# --------------------------------------------------------------------------- xlsx


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _xlsx_sheet_names(zf: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Member (``xl/worksheets/sheet1.xml``) → the sheet's name, from workbook.xml and its rels."""
    try:
        infos = [zf.getinfo("xl/_rels/workbook.xml.rels"), zf.getinfo("xl/workbook.xml")]
    except KeyError:
        return {}
    if any(i.file_size > MAX_BOOK_XML for i in infos):
        big = max(infos, key=lambda i: i.file_size)
        raise _refuse(
            file, f"bagian {big.filename} berukuran {angka(big.file_size / 2**20)} MB",
            f"{angka(MAX_BOOK_XML / 2**20)} MB untuk daftar lembar",
        )  # fmt: skip
    try:
        rels = ElementTree.fromstring(zf.read(infos[0]))
        book = ElementTree.fromstring(zf.read(infos[1]))
    except ElementTree.ParseError:
        return {}
    target: dict[str | None, str] = {}
    for rel in rels:
        t = rel.get("Target") or ""
        path = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
        target.setdefault(rel.get("Id"), _normpath(path))
    out: dict[str, str] = {}
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet" and el.get("name") is not None:
            member = target.get(el.get(f"{_REL_NS}id"))
            if member:
                out.setdefault(member, str(el.get("name")))
    return out


def _normpath(path: str) -> str:
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p not in ("", "."):
            parts.append(p)
    return "/".join(parts)


# A cell with a value (<v> with text, an inline string or a formula), r written first as
# every writer does (a sheet laid out otherwise is read element by element, slower).
_VALUED = rb'"[^>]*>(?=<(?:v>[^<]|is\b|f\b))'
_CELL = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)' + _VALUED)
_SHEET_DATA = re.compile(rb"<(/?)(?:\w+:)?sheetData\b[^>]*?(/?)>")
_FORMULA = re.compile(rb"<f[\s>/]")
_EXTERNAL = re.compile(rb"<f\b[^>]*>[^<]*\[\d+\]")
_REF = re.compile(rb'\sr="([A-Za-z]+[0-9]+)"')
_REF_TEXT = re.compile(r"([A-Za-z]+)([0-9]+)")
#: Bytes at the end of a chunk read cell by cell for the chunk's last row and column.
_TAIL = 65536


def _greater_number(n: int) -> bytes:
    """A pattern of the digit strings above ``n`` (and longer ones with leading zeros)."""
    s = str(n)
    alts = [b"[0-9]{%d,}" % (len(s) + 1)]
    for i, ch in enumerate(s):
        if ch < "9":
            rest = len(s) - i - 1
            alts.append(s[:i].encode() + b"[%d-9]" % (int(ch) + 1) + b"[0-9]" * rest)
    return b"(?:" + b"|".join(alts) + b")"


def _greater_letters(n: int) -> bytes:
    """A pattern of the column letters (either case) above column ``n``."""
    s = column_letters(n)
    alts = [b"[A-Za-z]{%d,}" % (len(s) + 1)]
    for i, ch in enumerate(s):
        if ch < "Z":
            same = b"".join(b"[%s%s]" % (c.encode(), c.lower().encode()) for c in s[:i])
            up = chr(ord(ch) + 1)
            above = b"[%s-Z%s-z]" % (up.encode(), up.lower().encode())
            alts.append(same + above + b"[A-Za-z]" * (len(s) - i - 1))
    return b"(?:" + b"|".join(alts) + b")"


@functools.lru_cache(maxsize=64)
def _beyond(columns: int, rows: int) -> re.Pattern[bytes]:
    """A cell whose ``r`` is not its first attribute (or that has none), or whose column is
    above ``columns`` or row above ``rows``: one search finds either."""
    return re.compile(
        b'<c(?:(?! r=")[\\s>/]| r="(?:' + _greater_letters(columns) + b"[0-9]+|[A-Za-z]+"
        + _greater_number(rows) + b')")'
    )  # fmt: skip


_VALUE_AFTER = re.compile(rb"[^>]*>(?:<v>[^<]|<is\b|<f\b)")


def _sheet_data(chunk: bytes, inside: bool) -> tuple[list[bytes], bool]:
    """The parts of ``chunk`` inside ``<sheetData>`` (where calamine reads cells)."""
    if chunk.find(b"sheetData") < 0:
        return ([chunk] if inside else []), inside
    parts = []
    start = 0 if inside else -1
    for m in _SHEET_DATA.finditer(chunk):
        if m.group(1):  # </sheetData>
            if start >= 0:
                parts.append(chunk[start : m.start()])
            start = -1
        elif not m.group(2):  # <sheetData>, not <sheetData/>
            start = m.end()
    if start >= 0:
        parts.append(chunk[start:])
    return parts, start >= 0


def _extent(data: bytes, cost: SheetCost) -> bool:
    """The last row and column with a value in ``data`` into ``cost``; False when a cell of
    ``data`` does not have ``r`` as its first attribute (then read the sheet exactly).

    The last cells of ``data`` give a first guess; one search then looks for a
    valued cell beyond it (none in a sheet written in order) or a cell laid
    out otherwise, and each valued cell found beyond moves the guess.
    """
    refs = _CELL.findall(data[-_TAIL:]) or _CELL.findall(data)
    if refs:
        letters, digits = zip(*refs, strict=True)
        top = 10**9 if max(map(len, digits)) > 9 else max(map(int, digits))
        cost.value_at(top, max(map(column_number, set(letters))))
    pos = 0
    while m := _beyond(cost.columns, cost.rows).search(data, pos):
        pos = m.end()
        if not m.group().startswith(b'<c r="'):
            return False
        ref = _REF_TEXT.fullmatch(data[m.start() + 6 : data.find(b'"', m.start() + 6)].decode())
        if ref and _VALUE_AFTER.match(data, pos):
            cost.value_at(_row_number(ref.group(2)), column_number(ref.group(1)))
    return True


def _scan_xlsx_sheet(zf: zipfile.ZipFile, member: str, name: str, file: str) -> SheetCost:
    cost = SheetCost(name)
    inside = False
    for chunk in _chunks(zf, member, file):
        parts, inside = _sheet_data(chunk, inside)
        for data in parts:
            # x:c (a prefix) or a cell without r first: the exact road
            if b":c" in data or not _extent(data, cost):
                return _scan_xlsx_sheet_exact(zf, member, name, file)
            if data.find(b"<f") >= 0:
                _formulas(data, cost)
        if _long_text(chunk):
            raise _too_long(file, f"lembar '{name}'")
        cost.merges += chunk.count(b"mergeCell ")  # <mergeCell ref=…>, prefixed or not
        if cost.rows > MAX_ROWS or cost.rows * cost.columns > MAX_CELLS:
            break  # refused by check(): no need to read further
    return cost


def _formulas(data: bytes, cost: SheetCost) -> None:
    """Count the formulas of ``data`` and name the first cells."""
    for m in _FORMULA.finditer(data):
        if len(cost.first_cells) >= FIRST_CELLS:
            break
        ref = _REF.search(data, max(data.rfind(b"<c ", 0, m.start()), 0), m.start())
        cost.first_cells.append(ref.group(1).decode().upper() if ref else "?")
    cost.formulas += len(_FORMULA.findall(data))
    cost.external += len(_EXTERNAL.findall(data))


def _scan_xlsx_sheet_exact(zf: zipfile.ZipFile, member: str, name: str, file: str) -> SheetCost:
    """The sheet read element by element (cells or rows without ``r``, or ``r`` not first)."""
    cost = SheetCost(name)
    st: dict[str, Any] = {"row": 0, "col": 0, "valued": False, "in": "", "text": 0, "f": ""}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            r = attrs.get("r", "")
            st["row"] = _row_number(r) if r.isdigit() else st["row"] + 1
            st["col"] = 0
        elif local == "c":
            m = _REF_TEXT.fullmatch(attrs.get("r", ""))
            if m:
                st["col"], st["row"] = column_number(m.group(1)), _row_number(m.group(2))
            else:
                st["col"] += 1
            st["valued"] = False
        elif local in ("v", "t", "f"):
            st["in"], st["text"] = local, 0
            if local == "f":
                st["f"] = ""
        if local in ("is", "f"):
            st["valued"] = True

    def end(tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "mergeCell":
            cost.merges += 1
        if local == "c" and st["valued"]:
            cost.value_at(st["row"], st["col"])
        elif local == "f":
            ref = f"{column_letters(st['col'])}{st['row']}"
            cost.formula_at(ref, bool(re.search(r"\[\d+\]", st["f"])))
        if local in ("v", "t", "f"):
            st["in"] = ""

    def text(data: str) -> None:
        if not st["in"]:
            return
        st["text"] += len(data)
        if st["in"] == "v" and data.strip():
            st["valued"] = True
        elif st["in"] == "f" and len(st["f"]) < 256:
            st["f"] += data
        if st["text"] > MAX_CELL_CHARS:
            raise _too_long(file, f"lembar '{name}'")

    _expat(zf, member, file, start, end, text, namespaces=False)
    return cost


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


# --------------------------------------------------------------------------- ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "


def _scan_ods(zf: zipfile.ZipFile, file: str) -> list[SheetCost]:
    """Every table of ``content.xml``, repeated rows and cells expanded as calamine does."""
    sheets: list[SheetCost] = []
    st = {"row": 0, "rrep": 1, "col": 0, "crep": 1, "filled": False, "text": 0, "last": 0}
    depth = {"cell": 0}

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == _TABLE + "table":
            sheets.append(SheetCost(a.get(_TABLE + "name") or f"lembar {len(sheets) + 1}"))
            st["row"] = 0
        elif not sheets:
            return
        elif tag == _TABLE + "table-row":
            st["rrep"] = _repeat(a.get(_TABLE + "number-rows-repeated"))
            st["col"], st["last"] = 0, 0
        elif tag == _TEXT + "s" and depth["cell"]:  # c spaces, written out by calamine
            st["text"] += _repeat(a.get(_TEXT + "c"))
        elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            depth["cell"] += 1
            st["crep"] = _repeat(a.get(_TABLE + "number-columns-repeated"))
            st["filled"] = bool(a.get(_OFFICE + "value-type"))
            st["text"] = max((len(v) for k, v in a.items() if k.startswith(_OFFICE)), default=0)
            if a.get(_TABLE + "formula"):
                ref = f"{column_letters(st['col'] + 1)}{st['row'] + 1}"
                sheets[-1].formula_at(ref, "[" in a[_TABLE + "formula"])
                sheets[-1].formulas += st["crep"] * st["rrep"] - 1  # repeated cells

    def end(tag: str) -> None:
        if not sheets:
            return
        if st["text"] > MAX_CELL_CHARS:
            raise _too_long(file, f"lembar '{sheets[-1].name}'")
        if tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            depth["cell"] -= 1
            if st["filled"] or st["text"]:
                st["last"] = st["col"] + st["crep"]
            st["col"] += st["crep"]
        elif tag == _TABLE + "table-row":
            if st["last"]:
                sheets[-1].value_at(st["row"] + st["rrep"], st["last"])
            st["row"] += st["rrep"]

    def text(data: str) -> None:
        if depth["cell"] and sheets:
            st["text"] += len(data.strip()) and len(data)
            if st["text"] > MAX_CELL_CHARS:
                raise _too_long(file, f"lembar '{sheets[-1].name}'")

    _expat(zf, "content.xml", file, start, end, text, namespaces=True)
    return sheets


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


# --------------------------------------------------------------------------- xlsb

# BIFF12 record types: row header, cells (blank = 1 holds no value), formula cells, and
# the records whose text is an XLWideString (character count, then UTF-16) at an offset
_XLSB_ROW = 0
_XLSB_CELLS = frozenset(range(2, 12))
_XLSB_FORMULAS = frozenset(range(8, 12))
_XLSB_TEXT_AT = {6: 8, 8: 8, 19: 1}  # BrtCellSt, BrtFmlaString, BrtSSTItem
#: A record longer than this holds more than a cell's text (UTF-16, with rich-text runs).
_XLSB_RECORD_MAX = 8 * MAX_CELL_CHARS


def _scan_xlsb_part(
    zf: zipfile.ZipFile, member: str, file: str, title: str | None = None
) -> SheetCost | None:
    """A worksheet (``title`` given) or the shared strings of an xlsb, record by record."""
    sheet = SheetCost(title) if title is not None else None
    row = 0
    buf = b""
    with zf.open(member) as f:
        while True:
            data = f.read(_CHUNK)
            buf += data
            pos, n = 0, len(buf)
            while pos < n:
                rec = _xlsb_header(buf, pos)
                if rec is None:
                    break
                typ, size, body = rec
                if size > _XLSB_RECORD_MAX:
                    raise _too_long(file, member)
                if body + size > n:
                    break
                at = _XLSB_TEXT_AT.get(typ)
                text = struct.unpack_from("<I", buf, body + at)[0] if at and size >= at + 4 else 0
                if text > MAX_CELL_CHARS:
                    raise _too_long(file, member)
                if sheet is not None:
                    if typ == _XLSB_ROW and size >= 4:
                        row = struct.unpack_from("<I", buf, body)[0] + 1
                    elif typ in _XLSB_CELLS and size >= 4:
                        col = struct.unpack_from("<I", buf, body)[0] + 1
                        sheet.value_at(row, col)
                        if typ in _XLSB_FORMULAS:
                            sheet.formula_at(f"{column_letters(col)}{row}")
                pos = body + size
            buf = buf[pos:]
            if not data:
                break
    return sheet


def _xlsb_header(buf: bytes, pos: int) -> tuple[int, int, int] | None:
    """(type, size, start of the body) of the record at ``pos``, None when incomplete."""
    n = len(buf)
    if pos >= n:
        return None
    typ = buf[pos] & 0x7F
    pos += 1
    if buf[pos - 1] & 0x80:
        if pos >= n:
            return None
        typ |= (buf[pos] & 0x7F) << 7
        pos += 1
    size = 0
    for shift in (0, 7, 14, 21):
        if pos >= n:
            return None
        b = buf[pos]
        pos += 1
        size |= (b & 0x7F) << shift
        if not b & 0x80:
            break
    return typ, size, pos


# --------------------------------------------------------------------------- xls (BIFF)

_ENDOFCHAIN = 0xFFFFFFFE
#: Bytes of an OLE directory read (4,096 entries; a workbook has a handful).
_OLE_DIRECTORY_BYTES = 4096 * 128
_BIFF_CELLS = frozenset({0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6})
_BIFF_MULRK = 0x00BD
_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_BOUNDSHEET = 0x0085
_BIFF_FILEPASS = 0x002F
_BIFF_FORMULA = 0x0006


def check_xls(path: Path) -> list[SheetCost]:
    """Check an .xls (BIFF, in an OLE container) before calamine reads it whole.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    list of SheetCost
        One per worksheet, in the workbook's order (empty when the file has no
        Workbook stream: calamine then refuses it as damaged).

    Raises
    ------
    PlanlibError
        When the file or a sheet is above a limit.
    """
    check_file_size(path)
    with open(path, "rb") as f:
        stream = _ole_stream(f, ("workbook", "book"))
        if stream is None:
            return []
        sheets = _scan_biff(stream, path.name)
    for sheet in sheets:
        sheet.check(path.name)
    return sheets


def _ole_stream(f: BinaryIO, wanted: tuple[str, ...]) -> Iterator[bytes] | None:
    """The chunks of the first stream named in ``wanted`` of an OLE compound file."""
    head = f.read(512)
    if len(head) < 512 or not head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return None
    shift, mini_shift = struct.unpack_from("<HH", head, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        return None
    ssize = 1 << shift
    n_fat, dir_start = struct.unpack_from("<II", head, 0x2C)
    cutoff, minifat_start, n_minifat, difat_start, n_difat = struct.unpack_from(
        "<IIIII", head, 0x38
    )
    f.seek(0, 2)
    n_sectors = max(f.tell() // ssize - 1, 0)

    def sector(n: int) -> bytes:
        f.seek((n + 1) * ssize)
        return f.read(ssize)

    per = ssize // 4
    n_fat = min(n_fat, n_sectors // per + 1)  # no more FAT than the file can need
    difat = list(struct.unpack_from("<109I", head, 0x4C))
    nxt = difat_start
    for _ in range(min(n_difat, max(n_fat - 109, 0) // (per - 1) + 1)):
        if nxt >= n_sectors:
            break
        block = struct.unpack(f"<{per}I", sector(nxt))
        difat.extend(block[:-1])
        nxt = block[-1]
    fat: list[int] = []
    for s in difat[:n_fat]:
        if s < n_sectors:
            fat.extend(struct.unpack(f"<{per}I", sector(s)))

    def chain(start: int, table: list[int], limit: int) -> Iterator[int]:
        seen = 0
        while start < len(table) and start != _ENDOFCHAIN and seen <= limit:
            yield start
            start = table[start]
            seen += 1

    dir_sectors = chain(dir_start, fat, min(n_sectors, _OLE_DIRECTORY_BYTES // ssize))
    directory = b"".join(sector(s) for s in dir_sectors if s < n_sectors)
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root = next((e for e in entries if e[66] == 5), None)
    for e in entries:
        nlen = min(struct.unpack_from("<H", e, 64)[0], 64)
        name = e[: max(nlen - 2, 0)].decode("utf-16-le", "replace").lower()
        if e[66] != 2 or name not in wanted:
            continue
        start, size = struct.unpack_from("<II", e, 116)
        if size < cutoff and root is not None:  # in the mini stream
            rstart = struct.unpack_from("<I", root, 116)[0]
            root_sectors = list(chain(rstart, fat, n_sectors))
            minifat: list[int] = []
            for s in chain(minifat_start, fat, min(n_minifat, n_sectors // per + 1)):
                minifat.extend(struct.unpack(f"<{per}I", sector(s)))
            m = 1 << mini_shift
            parts = []
            for s in chain(start, minifat, min(len(minifat), cutoff // m + 1)):
                at = s * m
                if at // ssize >= len(root_sectors):
                    break
                f.seek((root_sectors[at // ssize] + 1) * ssize + at % ssize)
                parts.append(f.read(m))
            data = b"".join(parts)
            return iter([data[:size]])
        return _sector_chunks(f, list(chain(start, fat, n_sectors)), ssize, size, n_sectors)
    return None


def _sector_chunks(
    f: BinaryIO, sectors: list[int], ssize: int, size: int, n_sectors: int
) -> Iterator[bytes]:
    left = size
    run: list[int] = []
    for s in [*sectors, -1]:
        if run and (s != run[-1] + 1 or len(run) * ssize >= _CHUNK):
            f.seek((run[0] + 1) * ssize)
            data = f.read(min(len(run) * ssize, left))
            left -= len(data)
            yield data
            run = []
            if left <= 0:
                return
        if 0 <= s < n_sectors:
            run.append(s)


def _scan_biff(chunks: Iterator[bytes], file: str) -> list[SheetCost]:
    """The worksheets of a BIFF5/8 Workbook stream: values' extent and formulas."""
    names: dict[int, str] = {}
    sheets: list[SheetCost] = []
    current: SheetCost | None = None
    depth = 0
    offset = 0  # of buf[0] in the stream
    buf = b""
    for data in itertools.chain(chunks, [b""]):
        buf += data
        pos, n = 0, len(buf)
        while pos + 4 <= n:
            typ, size = struct.unpack_from("<HH", buf, pos)
            body = pos + 4
            if body + size > n:
                break
            if typ == _BIFF_BOF:
                depth += 1
                kind = struct.unpack_from("<H", buf, body + 2)[0] if size >= 4 else 0
                if depth == 1 and kind == 0x0010:
                    current = SheetCost(names.get(offset + pos, f"lembar {len(sheets) + 1}"))
                    sheets.append(current)
            elif typ == _BIFF_EOF:
                depth = max(depth - 1, 0)
                if depth == 0:
                    current = None
            elif typ == _BIFF_FILEPASS:
                return sheets  # encrypted: calamine refuses it with the password message
            elif typ == _BIFF_BOUNDSHEET and size >= 8:
                at = struct.unpack_from("<I", buf, body)[0]
                names[at] = _biff_sheet_name(buf[body + 6 : body + size])
            elif current is not None and depth == 1 and size >= 4:
                if typ in _BIFF_CELLS:
                    r, c = struct.unpack_from("<HH", buf, body)
                    current.value_at(r + 1, c + 1)
                    if typ == _BIFF_FORMULA:
                        current.formula_at(f"{column_letters(c + 1)}{r + 1}")
                elif typ == _BIFF_MULRK and size >= 6:
                    r = struct.unpack_from("<H", buf, body)[0]
                    last = struct.unpack_from("<H", buf, body + size - 2)[0]
                    current.value_at(r + 1, last + 1)
            pos = body + size
        offset += pos
        buf = buf[pos:]
    return sheets


def _biff_sheet_name(raw: bytes) -> str:
    if len(raw) < 2:
        return "?"
    n = raw[0]
    if raw[1] & 1:  # BIFF8, UTF-16
        return raw[2 : 2 + 2 * n].decode("utf-16-le", "replace")
    if raw[1] == 0 and len(raw) >= 2 + n:  # BIFF8 compressed
        return raw[2 : 2 + n].decode("latin-1")
    return raw[1 : 1 + n].decode("latin-1")  # BIFF5: no option byte

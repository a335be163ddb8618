"""xlsx/xlsm sheets: the last row and column holding a value, formulas, the longest text."""

import functools
import re
import zipfile
from pathlib import PurePosixPath
from typing import Any
from xml.etree import ElementTree

from .base import (
    FIRST_CELLS,
    MAX_BOOK_XML,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_ROWS,
    SheetCost,
    _chunks,
    _expat,
    _long_text,
    _refuse,
    _row_number,
    _too_long,
    angka,
    column_letters,
    column_number,
)

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

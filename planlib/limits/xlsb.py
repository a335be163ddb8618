"""xlsb: each worksheet's and the shared strings' binary records."""

import struct
import zipfile

from .base import _CHUNK, MAX_CELL_CHARS, SheetCost, _too_long, column_letters

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

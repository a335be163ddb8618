"""xls (BIFF): the OLE container's Workbook stream, record by record."""

import itertools
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import _CHUNK, SheetCost, check_file_size, column_letters

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

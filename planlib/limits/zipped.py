"""Zip workbooks (xlsx, xlsm, xlsb, ods): members, sizes and ratios, then each sheet scanned."""

import struct
import zipfile
from pathlib import Path, PurePosixPath

from .base import (
    _CHUNK,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_SHEETS,
    MAX_UNPACKED,
    RATIO_FROM,
    SheetCost,
    _refuse,
    _scan_text,
    angka,
)
from .ods import _scan_ods
from .xlsb import _scan_xlsb_part
from .xlsx import _scan_xlsx_sheet, _xlsx_sheet_names

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

"""A file's cells, read by what its bytes are rather than by its name (:func:`read_rows`)."""

from __future__ import annotations

from pathlib import Path

from .. import limits
from ..report import PlanlibError
from .cells import DAMAGED, EXCEL_SUFFIXES, TEXT_SUFFIXES, RawTable
from .delimited import _read_text
from .excel import _read_excel
from .html_table import _read_html


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

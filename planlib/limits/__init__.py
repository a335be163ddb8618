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

One format per module, as geopandas' ``io/``: :mod:`~planlib.limits.base` (the
limits, :class:`SheetCost`, streaming XML), :mod:`~planlib.limits.zipped` (zip
workbooks), :mod:`~planlib.limits.xlsx`, :mod:`~planlib.limits.ods`,
:mod:`~planlib.limits.xlsb`, :mod:`~planlib.limits.xls`.
"""

from .base import (
    FIRST_CELLS,
    MAX_BOOK_XML,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_MERGES,
    MAX_RATIO,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_UNPACKED,
    RATIO_FROM,
    SheetCost,
    angka,
    check_file_size,
    column_letters,
    column_number,
)
from .xls import check_xls
from .zipped import ZipCost, check_zip

__all__ = [
    "FIRST_CELLS", "MAX_BOOK_XML", "MAX_CELL_CHARS", "MAX_CELLS", "MAX_FILE_BYTES", "MAX_MERGES",
    "MAX_MEMBERS", "MAX_RATIO", "MAX_ROWS", "MAX_SHEETS", "MAX_UNPACKED", "RATIO_FROM",
    "SheetCost", "ZipCost", "angka", "check_file_size", "check_xls", "check_zip",
    "column_letters", "column_number",
]  # fmt: skip

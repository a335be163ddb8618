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

One job per module: :mod:`~planlib.tabular.cells` (the raw table),
:mod:`~planlib.tabular.files` (which reader, by the bytes), :mod:`~planlib.tabular.excel`,
:mod:`~planlib.tabular.delimited`, :mod:`~planlib.tabular.html_table`, and
:mod:`~planlib.tabular.table` (sheet and header found).
"""

from .cells import DAMAGED, EXCEL_SUFFIXES, TEXT_SUFFIXES, RawTable
from .delimited import detect_encoding, file_encoding
from .files import read_rows, read_sheets, sniff
from .table import TOTAL_RE, Table, read_table

__all__ = [
    "DAMAGED", "EXCEL_SUFFIXES", "TEXT_SUFFIXES", "TOTAL_RE", "RawTable", "Table",
    "detect_encoding", "file_encoding", "read_rows", "read_sheets", "read_table", "sniff",
]  # fmt: skip

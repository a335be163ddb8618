"""The cells of one sheet with the row numbers Excel shows (:class:`RawTable`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}

#: The sentence for a workbook that cannot be opened (shown after the file name).
DAMAGED = "berkas rusak atau terpotong, unduh ulang dari sumbernya lalu coba lagi"


@dataclass
class RawTable:
    """The cells of one sheet.

    Attributes
    ----------
    rows : list of list
        Cell values, one list per row, all rows padded to the same width.
    row_numbers : list of int
        For each row, its number as seen in Excel (1-based).
    sheet : str or None
        The sheet that was read (None for CSV and HTML).
    encoding : str or None
        The encoding a CSV or HTML file was read with.
    notes : list of str
        Remarks for the file's report (an HTML table saved as ``.xls`` …).
    formulas : int
        Cells of the sheet that held a formula (read as their cached value).
    external : int
        Of those, formulas referring to another workbook (``[1]Sheet1!A1``),
        or the workbook's links to other workbooks when its formulas do not show them.
    formula_cells : list of str
        The first cells with a formula (``B7`` …).
    """

    rows: list[list[Any]]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    formulas: int = 0
    external: int = 0
    formula_cells: list[str] = field(default_factory=list)

"""Workbooks (xlsx, xlsm, xls, xlsb, ods) through calamine, held to their cost first.

Merged cells are filled with the value of their top-left cell, as a reader of
the printed sheet would. A cell that held a formula is read as its cached value,
and the table says so (:attr:`~planlib.tabular.cells.RawTable.formulas`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import limits
from ..limits import MAX_CELLS, angka
from ..report import PlanlibError
from .cells import DAMAGED, RawTable


def _read_excel(
    path: Path, sheet: str | int | None, cost: limits.ZipCost | list[limits.SheetCost]
) -> list[RawTable]:
    """The chosen sheets through calamine, once ``cost`` (the file's check) has passed."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError as e:
        raise PlanlibError(
            f"{path.name} dilindungi kata sandi; buka di Excel, hapus kata sandinya, "
            "simpan ulang lalu coba lagi."
        ) from e
    names = list(wb.sheet_names)
    if not names:
        raise PlanlibError(f"Berkas {path.name} tidak dapat dibaca: {DAMAGED}.")
    if sheet is None:
        visible = {
            m.name
            for m in wb.sheets_metadata
            if str(m.visible).endswith(".Visible") and str(m.typ).endswith(".WorkSheet")
        }
        chosen = [n for n in names if n in visible] or names
        return [_sheet_rows(wb, n, path.name, _cost_of(cost, n)) for n in chosen]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise PlanlibError(f"{path.name} tidak punya lembar ke-{sheet + 1}")
        name = names[sheet]
    else:
        if sheet not in names:
            raise PlanlibError(
                f"Lembar '{sheet}' tidak ada di {path.name}; yang ada: {', '.join(names)}"
            )
        name = sheet
    return [_sheet_rows(wb, name, path.name, _cost_of(cost, name))]


def _cost_of(cost: limits.ZipCost | list[limits.SheetCost], name: str) -> limits.SheetCost:
    """The checked sheet ``name`` (an .xls's sheets are matched by name, else in order)."""
    if isinstance(cost, limits.ZipCost):
        return cost.sheet(name)
    return next((c for c in cost if c.name == name), limits.SheetCost(name))


def _sheet_rows(wb: Any, name: str, file: str, cost: limits.SheetCost) -> RawTable:
    ws = wb.get_sheet_by_name(name)
    rows: list[list[Any]] = ws.to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    for row in rows:  # in place: a sheet's rows are not copied
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    merged = [
        (r0, c0, min(r1, len(rows) - 1), min(c1, width - 1))
        for (r0, c0), (r1, c1) in ws.merged_cell_ranges or []
        if r0 < len(rows) and c0 < width
    ]
    filled = sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in merged)
    if filled > MAX_CELLS:
        raise PlanlibError(
            f"{file}: lembar '{name}' punya sel gabungan (merge) yang menutup {angka(filled)} "
            f"sel; batas planlib {angka(MAX_CELLS)} sel per lembar. Berkas tidak dibaca: "
            "buka di Excel, pisahkan sel gabungan yang tidak perlu, simpan ulang lalu coba lagi."
        )
    for r0, c0, r1, c1 in merged:
        top_left = rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and rows[r][c] in ("", None):
                    rows[r][c] = top_left
    for row in rows:
        row[:] = [None if v == "" else v for v in row]
    return RawTable(
        rows, list(range(1, len(rows) + 1)), sheet=name, formulas=cost.formulas,
        external=cost.external, formula_cells=list(cost.first_cells),
    )  # fmt: skip

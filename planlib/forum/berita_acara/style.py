"""The printable house style of planlib's xlsx documents (the Berita Acara, the desa letters).

The cell formats (:func:`xlsx_formats`) and the height a row of wrapped cells
needs (:func:`tinggi_baris`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook


def xlsx_formats(wb: Workbook) -> dict[str, Format]:
    """The printable house style of planlib's xlsx documents (Berita Acara, desa letters).

    Arial 9 throughout; bordered, wrapping cells for tables; a blue header row;
    Rupiah without decimals; centred signature lines.

    Parameters
    ----------
    wb : xlsxwriter.Workbook
        The workbook the formats are added to.

    Returns
    -------
    dict of str to xlsxwriter.format.Format
        ``title``, ``subtitle``, ``label`` (the workspace's red label), ``plain``,
        ``bold``, ``wrap``, ``header``, ``text``, ``center``, ``rupiah``, ``total``,
        ``total_rupiah``, ``sign`` and ``sign_bold``.
    """
    base = {"font_name": "Arial", "font_size": 9, "valign": "top"}
    cell = {**base, "border": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 12, "align": "center"}),
        "subtitle": wb.add_format({**base, "bold": True, "font_size": 10, "align": "center"}),
        "label": wb.add_format({**base, "bold": True, "font_color": "#B00020", "align": "center"}),
        "plain": wb.add_format(base),
        "bold": wb.add_format({**base, "bold": True}),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "header": wb.add_format(
            {**cell, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
        ),
        "text": wb.add_format(cell),
        "center": wb.add_format({**cell, "align": "center"}),
        "rupiah": wb.add_format({**cell, "num_format": "#,##0"}),
        "total": wb.add_format({**cell, "bold": True}),
        "total_rupiah": wb.add_format({**cell, "bold": True, "num_format": "#,##0"}),
        "sign": wb.add_format({**base, "align": "center"}),
        "sign_bold": wb.add_format({**base, "align": "center", "bold": True}),
    }


#: Points per printed line of Arial 9 in a wrapped cell, and characters per column-width unit.
_LINE_PT = 11.0
_CHARS_PER_UNIT = 1.3


def tinggi_baris(values: list[Any], widths: list[float]) -> float:
    """The height (points) a table row needs so that its wrapped cells show every line.

    Spreadsheet programs do not all fit a row to wrapped text on opening (LibreOffice
    keeps the default height, and the lines print over each other), so the
    writers set it.

    Parameters
    ----------
    values : list
        The row's cell values (text is measured; numbers take one line).
    widths : list of float
        The columns' widths in characters.

    Returns
    -------
    float
        Lines of the tallest cell × 11 pt, plus a little padding.
    """
    lines = 1
    for v, w in zip(values, widths, strict=False):
        if not isinstance(v, str):
            continue
        per_line = max(int(w * _CHARS_PER_UNIT), 1)
        n = sum(max(1, -(-len(part) // per_line)) for part in v.split("\n"))
        lines = max(lines, n)
    return lines * _LINE_PT + 3

"""What the PDFs of planlib share: a font with the document's characters, styles and tables.

The PDFs are written with ReportLab. Its standard fonts know only Latin-1;
the text of a workspace carries "—", "≤" and the like, so the documents use
Bitstream Vera, which ships inside ReportLab (always there, also offline).

Text reaches the page without control characters
(:func:`planlib.neutralise.printable`), and a table row taller than a page is
split across pages instead of stopping the document (ReportLab's
``LayoutError``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from ..neutralise import printable

#: The documents' colours: the dashboards' dark blue and the demo label's red.
BIRU = colors.HexColor("#1f3b73")
MERAH = colors.HexColor("#b00020")
ABU = colors.HexColor("#D9E1F2")

FONT = "PlanlibSans"
FONT_BOLD = "PlanlibSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register Bitstream Vera (from ReportLab's own fonts) once; returns (regular, bold)."""
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
    return FONT, FONT_BOLD


@cache
def styles(base: float = 9.0) -> dict[str, ParagraphStyle]:
    """Paragraph styles at ``base`` points: body, small, cell, bold cell, title, subtitle, label."""
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=base, leading=base * 1.25)
    return {
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=base - 1.5, leading=(base - 1.5) * 1.2
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=base - 1, leading=(base - 1) * 1.2),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName=bold, fontSize=base - 1, leading=(base - 1) * 1.2
        ),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=base - 1, leading=(base - 1) * 1.2, alignment=2
        ),
        "header": ParagraphStyle(
            "header",
            parent=body,
            fontName=bold,
            fontSize=base - 1,
            leading=(base - 1) * 1.2,
            textColor=colors.white,
        ),  # fmt: skip
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=base + 4,
            leading=(base + 4) * 1.25,
            alignment=1,
        ),  # fmt: skip
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=body,
            fontName=bold,
            fontSize=base + 1,
            leading=(base + 1) * 1.25,
            alignment=1,
        ),  # fmt: skip
        "label": ParagraphStyle("label", parent=body, fontName=bold, textColor=MERAH, alignment=1),
        "center": ParagraphStyle("center", parent=body, alignment=1),
    }


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain ``text`` (escaped: ReportLab reads its own markup); ``None`` is empty.

    Parameters
    ----------
    text : Any
        The text (any value is shown as ``str``; None and NaN as empty); line breaks are
        kept, control characters removed.
    style : ParagraphStyle
        The ReportLab style.

    Returns
    -------
    Paragraph
        The ReportLab paragraph.
    """
    value = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    value = printable(value, lines=True).replace("\r\n", "\n").replace("\r", "\n")
    return Paragraph(html.escape(value).replace("\n", "<br/>"), style)


#: Space (points) below which a row is never split inside: it moves to the next page.
_MIN_SPLIT = 300.0


class _WholeRows(Table):
    """A table whose rows move whole to the next page; only a row too tall for that is split.

    ReportLab's ``splitInRow`` splits a row in whatever space is left at the
    foot of a page, which prints the repeated header and two lines of a row
    mid-page. Here a row is split only where there is room for a good part of
    a page (:data:`_MIN_SPLIT`) or the row is taller than that anyway.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self._calc(availWidth, availHeight)
        whole = self._splitRows(availHeight, doInRowSplit=0)
        if whole:
            return list(whole)
        heights = list(getattr(self, "_rowHeights", []) or [])
        body = heights[self.repeatRows] if len(heights) > self.repeatRows else 0.0
        if availHeight < min(_MIN_SPLIT, body):
            return []  # the next page has room for the row, or for a large part of it
        return list(self._splitRows(availHeight, doInRowSplit=1))


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    header_rows: int = 1,
    base: float = 9.0,
    bold_last: bool = False,
    plain: Sequence[int] = (),
) -> Table:
    """A table with a dark header row repeated on every page and wrapped cells.

    Rows move whole to the next page; only a row that does not fit on a page of
    its own (a very long text) is split inside the row, across pages.

    Parameters
    ----------
    rows : sequence of sequences
        The header row(s) first; cells are plain values (escaped and wrapped).
    widths : sequence of float
        Column widths in points.
    right : sequence of int
        Columns aligned right (numbers).
    header_rows : int
        Rows repeated at the top of every page.
    base : float
        Font size of the body text the cells are one point smaller than.
    bold_last : bool
        Print the last row in bold (a total).
    plain : sequence of int
        Body columns of short values (numbers, codes) drawn as plain strings, not
        wrapped: several times faster than a paragraph per cell.

    Returns
    -------
    Table
        The ReportLab table.
    """
    st = styles(base)
    data: list[list[Any]] = []
    for i, row in enumerate(rows):
        if i < header_rows:
            style = [st["header"]] * len(row)
        elif bold_last and i == len(rows) - 1:
            style = [st["cell_bold"]] * len(row)
        else:
            style = [st["cell_right"] if c in right else st["cell"] for c in range(len(row))]
        body = header_rows <= i and not (bold_last and i == len(rows) - 1)
        data.append([
            ("" if v is None or (isinstance(v, float) and v != v) else printable(v))
            if body and c in plain else para(v, s)
            for c, (v, s) in enumerate(zip(row, style, strict=True))
        ])  # fmt: skip
    t = _WholeRows(data, colWidths=list(widths), repeatRows=header_rows, splitInRow=1)
    cell = st["cell"]
    extra: list[Any] = []
    for c in plain:
        extra.append(
            ("FONT", (c, header_rows), (c, -1), cell.fontName, cell.fontSize, cell.leading)
        )
        if c in right:
            extra.append(("ALIGN", (c, header_rows), (c, -1), "RIGHT"))
    t.setStyle(
        TableStyle(
            [
                *extra,
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), BIRU),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return t


def numbered_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that draws ``footer(canvas, page, pages)`` once the page count is known.

    ReportLab lays a document out page by page, so "Halaman 2 dari 5" needs the
    pages held back until the end: each page's state is kept at ``showPage``
    and drawn, with its footer, at ``save``.

    Parameters
    ----------
    footer : callable
        Draws the footer of one page on the canvas, given the page number and the
        number of pages.

    Returns
    -------
    type
        Pass it to ``SimpleDocTemplate.build(..., canvasmaker=...)``.
    """

    class _Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for i, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                footer(self, i, pages)
                super().showPage()
            super().save()

    return _Numbered

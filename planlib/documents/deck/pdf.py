"""The deck as PDF (ReportLab), one page per slide, drawn from the same layout as the .pptx.

:class:`PdfCanvas` is the :class:`~.layout.Canvas` that :func:`.layout.draw`
walks the deck on. A line of PDF text does not wrap: it is cut to its box
with "…" where the role says so; its type size and baseline are chosen here
(:data:`STYLE`), the boxes come from :mod:`.layout`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..pdf import FONT, FONT_BOLD, register_fonts
from ..pdf import table as pdf_table
from .layout import Box, H, M, Role, W, card_size, draw
from .model import BIRU, MERAH, Deck, Table

PT = 72.0
BLUE = colors.HexColor("#" + BIRU)
RED = colors.HexColor("#" + MERAH)
GREY = colors.HexColor("#555555")
CARD = colors.HexColor("#F3F6FB")


@dataclass(frozen=True)
class Style:
    """How a text role is set in the PDF.

    ``dy`` moves the line's top below the box's top; ``anchor`` is where the
    line stands (the box's left, or ``x`` when given); ``cut`` cuts it to the
    box's width (or ``width``) with "…".
    """

    size: float
    bold: bool = False
    colour: Any = GREY
    dy: float = 0.0
    anchor: Literal["left", "center", "right"] = "left"
    cut: bool = True
    x: float | None = None
    width: float | None = None


STYLE: dict[Role, Style] = {
    "judul": Style(36, True, colors.white, dy=0.1),
    "judul_sub": Style(22, colour=colors.white, dy=0.05),
    "judul_sumber": Style(14, dy=0.05),
    "title": Style(28, True, BLUE, dy=0.05),
    "subtitle": Style(15, dy=0.04),
    "table_title": Style(13, True, BLUE, dy=0.04, cut=False),
    "sumber": Style(9, dy=0.04),
    "label": Style(12, True, RED, dy=0.05, cut=False),
    "footer": Style(12, dy=0.05, anchor="center", x=W / 2, width=6.5),
    "page": Style(12, dy=0.05, anchor="right", cut=False, x=W - M),
}


def _at(y_in: float) -> float:
    """Inches from the top → points from the bottom."""
    return (H - y_in) * PT


class PdfCanvas:
    """Draws slides as pages of a ReportLab canvas (13.33 × 7.5 in)."""

    def __init__(self, path: Path, deck: Deck) -> None:
        register_fonts()
        self.cv = Canvas(str(path), pagesize=(W * PT, H * PT))
        self.cv.setTitle(deck.title)
        self.cv.setAuthor(deck.kabupaten)

    def _line(self, s: str, x: float, y: float, st: Style, width: float | None) -> None:
        cv = self.cv
        font = FONT_BOLD if st.bold else FONT
        cv.setFont(font, st.size)
        cv.setFillColor(st.colour or colors.black)
        if width is not None:  # cut to the width
            while s and stringWidth(s, font, st.size) > width * PT:
                s = s[:-2] + "…"
        base = _at(y) - st.size
        if st.anchor == "center":
            cv.drawCentredString(x * PT, base, s)
        elif st.anchor == "right":
            cv.drawRightString(x * PT, base, s)
        else:
            cv.drawString(x * PT, base, s)

    def begin(self) -> None:
        """Nothing to start: the canvas is on a fresh page."""

    def band(self, box: Box) -> None:
        """The blue band across a title slide.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        """
        _x, y, _w, h = box
        self.cv.setFillColor(BLUE)
        self.cv.rect(0, _at(y + h), W * PT, h * PT, stroke=0, fill=1)

    def text(self, role: Role, box: Box, s: str) -> None:
        """One line in the role's size, colour and baseline.

        Parameters
        ----------
        role : Role
            What the text is: its style (:data:`STYLE`).
        box : Box
            (x, y, w, h) in inches.
        s : str
            The text.
        """
        st = STYLE[role]
        x, y, w, _h = box
        width = (st.width if st.width is not None else w) if st.cut else None
        self._line(s, x if st.x is None else st.x, y + st.dy, st, width)

    def card(self, box: Box, value: str, what: str) -> None:
        """A light box with a blue border, the value (wrapped) in bold over what it counts.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        value : str
            The figure, formatted.
        what : str
            What it counts.
        """
        cv = self.cv
        x, cy, each, ch = box
        cv.setFillColor(CARD)
        cv.setStrokeColor(BLUE)
        cv.rect(x * PT, _at(cy + ch), each * PT, ch * PT, stroke=1, fill=1)
        size = card_size(value, each)
        para = Paragraph(html.escape(value), ParagraphStyle(
            "card", fontName=FONT_BOLD, fontSize=size, leading=size * 1.1, textColor=BLUE))  # fmt: skip
        _pw, ph = para.wrapOn(cv, (each - 0.2) * PT, ch * PT)
        para.drawOn(cv, (x + 0.1) * PT, _at(cy + 0.08) - ph)
        self._line(what, x + 0.1, cy + 0.62, Style(11), each - 0.2)

    def image(self, path: Path, box: Box) -> None:
        """The chart's PNG.

        Parameters
        ----------
        path : Path
            The PNG.
        box : Box
            (x, y, w, h) in inches.
        """
        x, y, w, h = box
        self.cv.drawImage(ImageReader(str(path)), x * PT, _at(y + h), w * PT, h * PT)

    def table(self, t: Table, x: float, y: float, w: float, heights: list[float]) -> float:
        """The table through :func:`planlib.documents.pdf.table` at 12 pt; rows wrap as they need.

        Parameters
        ----------
        t : Table
            Header, rows, column widths (relative) and right-aligned columns.
        x, y : float
            Its top left corner, in inches.
        w : float
            Its width, in inches.
        heights : list of float
            Each row's height in inches, header first.

        Returns
        -------
        float
            The height it took, in inches.
        """
        total = sum(t.widths)
        flow = pdf_table([t.header, *t.rows], [w * PT * wr / total for wr in t.widths],
                         right=t.right, base=12.0)  # fmt: skip
        _fw, fh = flow.wrapOn(self.cv, w * PT, H * PT)
        flow.drawOn(self.cv, x * PT, _at(y) - fh)
        return float(fh) / PT

    def end(self) -> None:
        """Close the page."""
        self.cv.showPage()


def write_pdf(deck: Deck, path: Path) -> None:
    """Write ``deck`` (tables fitted, charts drawn) to ``path`` as PDF.

    Parameters
    ----------
    deck : Deck
    path : Path
        The .pdf to write (replaced).
    """
    canvas = PdfCanvas(path, deck)
    draw(deck, canvas)
    canvas.cv.save()

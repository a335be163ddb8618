"""The deck as an editable PowerPoint (python-pptx): text boxes, shapes and native tables.

:class:`PptxCanvas` is the :class:`~.layout.Canvas` that :func:`.layout.draw`
walks the deck on; only the type sizes of each text role are chosen here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from .layout import Box, H, Role, W, card_size, draw
from .model import BIRU, MERAH, Deck, Table

BLUE = RGBColor.from_string(BIRU)
RED = RGBColor.from_string(MERAH)
GREY = RGBColor(0x55, 0x55, 0x55)
WHITE = RGBColor(255, 255, 255)
CARD = RGBColor(0xF3, 0xF6, 0xFB)

#: Each text role: point size, bold, colour, alignment (None: left).
STYLE: dict[Role, tuple[float, bool, RGBColor, Any]] = {
    "judul": (40, True, WHITE, None),
    "judul_sub": (24, False, WHITE, None),
    "judul_sumber": (16, False, GREY, None),
    "title": (30, True, BLUE, None),
    "subtitle": (16, False, GREY, None),
    "table_title": (14, True, BLUE, None),
    "sumber": (10, False, GREY, None),
    "label": (12, True, RED, None),
    "footer": (12, False, GREY, PP_ALIGN.CENTER),
    "page": (12, False, GREY, PP_ALIGN.RIGHT),
}


class PptxCanvas:
    """Draws slides into a python-pptx presentation (16:9, blank layout)."""

    def __init__(self) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(W), Inches(H)
        self._blank = self.prs.slide_layouts[6]
        self._slide: Any = None

    def _text(self, box: Box, s: str, size: float, *, bold: bool = False,
              colour: Any = None, align: Any = None) -> Any:  # fmt: skip
        x, y, w, h = box
        shape = self._slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = shape.text_frame
        tf.word_wrap = True
        tf.margin_left = tf.margin_right = Inches(0.04)
        tf.margin_top = tf.margin_bottom = Inches(0.02)
        p = tf.paragraphs[0]
        p.text = s
        p.font.size, p.font.bold = Pt(size), bold
        if colour is not None:
            p.font.color.rgb = colour
        if align is not None:
            p.alignment = align
        return shape

    def begin(self) -> None:
        """Add a blank slide."""
        self._slide = self.prs.slides.add_slide(self._blank)

    def band(self, box: Box) -> None:
        """The blue band across a title slide.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        """
        _x, y, _w, h = box
        bar = self._slide.shapes.add_shape(1, 0, Inches(y), self.prs.slide_width, Inches(h))
        bar.fill.solid()
        bar.fill.fore_color.rgb = BLUE
        bar.line.fill.background()

    def text(self, role: Role, box: Box, s: str) -> None:
        """A text box in the role's size and colour.

        Parameters
        ----------
        role : Role
            What the text is: its style (:data:`STYLE`).
        box : Box
            (x, y, w, h) in inches.
        s : str
            The text.
        """
        size, bold, colour, align = STYLE[role]
        self._text(box, s, size, bold=bold, colour=colour, align=align)

    def card(self, box: Box, value: str, what: str) -> None:
        """A light box with a blue border, the value in bold over what it counts.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        value : str
            The figure, formatted.
        what : str
            What it counts.
        """
        x, cy, each, ch = box
        card = self._slide.shapes.add_shape(1, Inches(x), Inches(cy), Inches(each), Inches(ch))
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.color.rgb = BLUE
        size = card_size(value, each)
        self._text((x + 0.08, cy + 0.02, each - 0.16, 0.55), value, size, bold=True, colour=BLUE)
        self._text((x + 0.08, cy + 0.58, each - 0.16, 0.35), what, 12, colour=GREY)

    def image(self, path: Path, box: Box) -> None:
        """The chart's PNG as a picture.

        Parameters
        ----------
        path : Path
            The PNG.
        box : Box
            (x, y, w, h) in inches.
        """
        x, y, w, h = box
        self._slide.shapes.add_picture(str(path), Inches(x), Inches(y), Inches(w), Inches(h))

    def table(self, t: Table, x: float, y: float, w: float, heights: list[float]) -> float:
        """A native table, rows ``heights`` tall, the header white on blue; 12 pt.

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
        rows, cols = len(t.rows) + 1, len(t.header)
        shape = self._slide.shapes.add_table(
            rows, cols, Inches(x), Inches(y), Inches(w), Inches(sum(heights))
        )
        table = shape.table
        total = sum(t.widths)
        for c, wr in enumerate(t.widths):
            table.columns[c].width = Inches(w * wr / total)
        for r in range(rows):
            table.rows[r].height = Inches(heights[r])
            values = t.header if r == 0 else t.rows[r - 1]
            for c in range(cols):
                cell = table.cell(r, c)
                cell.text = str(values[c]) if c < len(values) else ""
                cell.margin_left = cell.margin_right = Inches(0.05)
                cell.margin_top = cell.margin_bottom = Inches(0.02)
                p = cell.text_frame.paragraphs[0]
                p.font.size = Pt(12)
                p.font.bold = r == 0
                if r == 0:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = BLUE
                    p.font.color.rgb = WHITE
                elif c in t.right:
                    p.alignment = PP_ALIGN.RIGHT
        return sum(heights)

    def end(self) -> None:
        """Nothing to finish: a slide is complete once drawn."""


def write_pptx(deck: Deck, path: Path, say: Callable[[str], None]) -> None:
    """Write ``deck`` (tables fitted, charts drawn) to ``path`` as .pptx.

    Parameters
    ----------
    deck : Deck
    path : Path
        The .pptx to write (replaced).
    say : callable
        Called with a line of text for each slide.
    """
    canvas = PptxCanvas()
    draw(deck, canvas, say)
    canvas.prs.core_properties.title = deck.title
    canvas.prs.core_properties.author = deck.kabupaten
    canvas.prs.save(str(path))

"""Where everything on a slide goes, decided once for the .pptx and the .pdf.

A slide is 13.33 × 7.5 in (16:9). :func:`boxes` places a content slide's
cards, chart image, tables and source line; :func:`row_heights` and
:func:`fit_tables` keep tables above the foot, :func:`paged` continues a long
list on further slides. :func:`draw` walks a deck once and tells a
:class:`Canvas` — the .pptx writer (:mod:`.pptx`) or the PDF writer
(:mod:`.pdf`) — what to draw where; each renderer only chooses its own type
sizes and baselines for a :data:`Role`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol

from .model import Deck, Slide, Table

# Slide geometry, inches (16:9).
W, H = 13.333, 7.5
M = 0.4
TOP = 1.45
FOOT = 7.05

ROW_IN = 0.34  # a table row of one line at 12 pt
LINE_IN = 0.2  # each further line of a wrapped cell
CHAR_IN = (
    0.092  # the width of an average character at 12 pt (generous: LibreOffice's fonts are wide)
)
TITLE_IN = 0.34  # a table's title line
GAP_IN = 0.15  # between two tables, and between two cards

#: A box on the slide: x, y (from the top left), width, height, in inches.
Box = tuple[float, float, float, float]

#: What a piece of text is; each renderer gives every role its size, weight, colour and baseline.
Role = Literal[
    "judul",  # a title slide's title
    "judul_sub",  # … its subtitle
    "judul_sumber",  # … its line under the band
    "title",  # a content slide's title
    "subtitle",
    "table_title",
    "sumber",  # a content slide's source line
    "label",  # the foot: the workspace's label ("DATA CONTOH — sintetis")
    "footer",  # the foot: kabupaten and deck
    "page",  # the foot: i/n
]


class Canvas(Protocol):
    """What a renderer draws; :func:`draw` calls it in reading order, slide by slide."""

    def begin(self) -> None:
        """Start a new slide."""

    def band(self, box: Box) -> None:
        """The blue band of a title slide.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        """

    def text(self, role: Role, box: Box, s: str) -> None:
        """One piece of text in ``box``, styled by its role.

        Parameters
        ----------
        role : Role
            What the text is (title, subtitle, note, foot …): its size, colour and place.
        box : Box
            (x, y, w, h) in inches.
        s : str
            The text.
        """

    def card(self, box: Box, value: str, what: str) -> None:
        """A card: its value (large, see :func:`card_size`) over what it counts.

        Parameters
        ----------
        box : Box
            (x, y, w, h) in inches.
        value : str
            The figure, formatted.
        what : str
            What it counts.
        """

    def image(self, path: Path, box: Box) -> None:
        """A drawn chart, filling ``box`` (already fitted to the picture's proportions).

        Parameters
        ----------
        path : Path
            The chart's PNG.
        box : Box
            (x, y, w, h) in inches.
        """

    def table(self, t: Table, x: float, y: float, w: float, heights: list[float]) -> float:
        """A native table at (``x``, ``y``), ``w`` wide.

        Parameters
        ----------
        t : Table
            Header, rows, column widths (relative) and right-aligned columns.
        x, y : float
            Its top left corner, in inches.
        w : float
            Its width, in inches.
        heights : list of float
            Each row's height in inches, header first (:func:`row_heights`).

        Returns
        -------
        float
            The height it took, in inches.
        """

    def end(self) -> None:
        """Finish the slide."""


def boxes(slide: Slide) -> dict[str, Box]:
    """Boxes (x, y, w, h) in inches for the cards, the image and the tables of a content slide.

    Parameters
    ----------
    slide : Slide
        A content slide (the boxes depend on whether it has a chart, tables and cards).

    Returns
    -------
    dict of str to Box
        ``cards``, ``sumber`` and, as the slide has them, ``image`` and
        ``tables`` (whose height is 0: tables grow down from their top).
    """
    out: dict[str, Box] = {}
    if slide.chart is not None and slide.tables:
        out["image"] = (M, TOP, 5.6, FOOT - TOP - 0.5)
        out["sumber"] = (M, FOOT - 0.42, 5.6, 0.4)
        right_x = M + 5.8
        out["cards"] = (
            (right_x, TOP, W - right_x - M, 0.95) if slide.cards else (right_x, TOP, 0, 0)
        )
        out["tables"] = (right_x, TOP + (1.1 if slide.cards else 0), W - right_x - M, 0)
    elif slide.chart is not None:
        out["cards"] = (M, TOP, W - 2 * M, 0.95) if slide.cards else (M, TOP, 0, 0)
        y = TOP + (1.1 if slide.cards else 0)
        out["image"] = (M, y, W - 2 * M, FOOT - y - 0.5)
    else:
        out["cards"] = (M, TOP, W - 2 * M, 0.95) if slide.cards else (M, TOP, 0, 0)
        out["tables"] = (M, TOP + (1.1 if slide.cards else 0), W - 2 * M, 0)
    out.setdefault("sumber", (M, FOOT - 0.42, W - 2 * M, 0.4))
    return out


def row_heights(t: Table, width: float) -> list[float]:
    """The height in inches of each row of ``t`` (header first) in a table ``width`` inches wide.

    Cells wrap; a row is as tall as its longest cell needs, so what follows
    the table is placed below it, not over it.

    Parameters
    ----------
    t : Table
        The table.
    width : float
        The table's width in inches (shared by its columns by ``t.widths``).

    Returns
    -------
    list of float
        One height in inches per row, the header first.
    """
    total = sum(t.widths)
    cols = [max(width * wr / total - 0.1, 0.2) for wr in t.widths]
    out = []
    for row in [t.header, *t.rows]:
        lines = max(
            (math.ceil(len(str(v)) * CHAR_IN / c) or 1) for v, c in zip(row, cols, strict=False)
        )
        out.append(ROW_IN + (lines - 1) * LINE_IN)
    return out


def fit_tables(slide: Slide) -> None:
    """Drop the last rows of a slide's tables that would run into its foot (pptx and PDF alike).

    Parameters
    ----------
    slide : Slide
        The slide; its tables' rows are cut in place.
    """
    if not slide.tables:
        return
    tx, ty, tw, _ = boxes(slide)["tables"]
    bottom = FOOT - (0.45 if slide.sumber and slide.chart is None else 0.05)
    y = ty
    for t in slide.tables:
        y += TITLE_IN if t.title else 0
        heights = row_heights(t, tw)
        keep = len(t.rows)
        while keep and y + sum(heights[: keep + 1]) > bottom:
            keep -= 1
        del t.rows[keep:]
        y += sum(heights[: keep + 1]) + GAP_IN


def paged(make: Callable[[list[list[str]], bool], Slide], rows: list[list[str]]) -> list[Slide]:
    """Slides made by ``make(rows_of_the_slide, first)`` until every row is on one.

    The last table of each slide gets as many rows as fit above its foot
    (:func:`fit_tables`); the rest continue on the next slide, so a long list
    is never cut.

    Parameters
    ----------
    make : callable
        ``make(rows, first)`` builds one slide whose last table holds ``rows``;
        ``first`` is True for the first slide (to title it differently).
    rows : list of list of str
        Every row to show.

    Returns
    -------
    list of Slide
        At least one slide (an empty table when there are no rows).
    """
    out: list[Slide] = []
    rest = list(rows)
    while True:
        s = make(list(rest), not out)
        fit_tables(s)
        n = len(s.tables[-1].rows) if s.tables else len(rest)
        if rest and n == 0:  # not even one row fits: give it a slide of its own anyway
            s = make(rest[:1], not out)
            n = 1
        out.append(s)
        rest = rest[n:]
        if not rest:
            return out


def card_size(value: str, width_in: float) -> float:
    """The point size of a card's value: 20 pt when it fits on one line, else down to 12 pt (wrapped).

    Parameters
    ----------
    value : str
        The card's value.
    width_in : float
        The card's width in inches.

    Returns
    -------
    float
        20, 18, 16 or 14 pt, the largest at which ``value`` fits; else 12.
    """
    for size in (20.0, 18.0, 16.0, 14.0):
        if len(value) * size * 0.62 / 72 <= width_in - 0.2:
            return size
    return 12.0


def _image_box(path: Path, box: Box) -> Box:
    """The picture at ``path`` scaled into ``box``, centred across it, at its top."""
    from PIL import Image

    ix, iy, iw, ih = box
    with Image.open(path) as im:
        pw, ph = im.size
    scale = min(iw / pw, ih / ph)
    w_in, h_in = pw * scale, ph * scale
    return ix + (iw - w_in) / 2, iy, w_in, h_in


def footer_text(deck: Deck) -> str:
    """What the foot of every slide says between the label and the page: kabupaten · deck.

    Parameters
    ----------
    deck : Deck
        The deck.

    Returns
    -------
    str
        ``"<kabupaten> · <title>"``.
    """
    return f"{deck.kabupaten} · {deck.title}"


def draw(deck: Deck, canvas: Canvas, say: Callable[[str], None] | None = None) -> None:
    """Walk the deck once and draw every slide on ``canvas``.

    Parameters
    ----------
    deck : Deck
        The deck, its tables fitted (:func:`fit_tables`) and its charts drawn
        (``Slide.image`` set).
    canvas : Canvas
        The renderer.
    say : callable, optional
        Called with a line of text for each slide.
    """
    n = len(deck.slides)
    for i, s in enumerate(deck.slides, start=1):
        if say is not None:
            say(f"  slide {i}/{n}: {s.title}")
        canvas.begin()
        if s.judul:
            canvas.band((0, 2.2, W, 2.3))
            canvas.text("judul", (M + 0.3, 2.45, W - 2 * M - 0.6, 1.0), s.title)
            canvas.text("judul_sub", (M + 0.3, 3.45, W - 2 * M - 0.6, 0.8), s.subtitle)
            canvas.text("judul_sumber", (M + 0.3, 4.8, W - 2 * M - 0.6, 1.2), s.sumber)
        else:
            canvas.text("title", (M, 0.25, W - 2 * M, 0.7), s.title)
            if s.subtitle:
                canvas.text("subtitle", (M, 0.88, W - 2 * M, 0.45), s.subtitle)
            b = boxes(s)
            cx, cy, cw, ch = b["cards"]
            if s.cards:
                each = (cw - GAP_IN * (len(s.cards) - 1)) / len(s.cards)
                for j, (value, what) in enumerate(s.cards):
                    canvas.card((cx + j * (each + GAP_IN), cy, each, ch), value, what)
            if s.image is not None:
                canvas.image(s.image, _image_box(s.image, b["image"]))
            if s.tables:
                tx, ty, tw, _ = b["tables"]
                y = ty
                for t in s.tables:
                    if t.title:
                        canvas.text("table_title", (tx, y, tw, TITLE_IN), t.title)
                        y += TITLE_IN
                    y += canvas.table(t, tx, y, tw, row_heights(t, tw)) + GAP_IN
            if s.sumber:
                canvas.text("sumber", b["sumber"], s.sumber)
        # the foot of every slide: the label, the kabupaten and deck, the page
        if deck.label:
            canvas.text("label", (M, FOOT, 4.5, 0.35), deck.label)
        canvas.text("footer", (4.6, FOOT, 6.8, 0.35), footer_text(deck))
        canvas.text("page", (W - M - 1.4, FOOT, 1.4, 0.35), f"{i}/{n}")
        canvas.end()

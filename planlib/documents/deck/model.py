"""What a deck is before it is drawn: slides with a title, cards, one chart and native tables.

The occasions' builders (:mod:`.forum`, :mod:`.kecamatan`, :mod:`.rembuk`,
:mod:`.rakerda`) describe a :class:`Deck`; :mod:`.layout` places its pieces
once and the renderers (:mod:`.pptx`, :mod:`.pdf`) draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..charts import Chart

#: The decks' colours: the dashboards' dark blue and the demo label's red (hex, no ``#``).
BIRU = "1F3B73"
MERAH = "B00020"


@dataclass
class Table:
    """A native table: header, rows of text, relative column widths, right-aligned columns."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    right: tuple[int, ...] = ()
    title: str = ""


@dataclass
class Slide:
    """One slide: title and subtitle, cards, one chart, tables and a source line."""

    title: str
    subtitle: str = ""
    judul: bool = False  # a title slide
    cards: list[tuple[str, str]] = field(default_factory=list)  # (value, what)
    chart: Chart | None = None
    tables: list[Table] = field(default_factory=list)
    sumber: str = ""
    image: Path | None = None  # set by write_deck once the chart is drawn


@dataclass
class Deck:
    """The slides of a deck and what every slide carries at its foot."""

    title: str
    slides: list[Slide]
    kabupaten: str
    label: str | None
    tahun: int


@dataclass(frozen=True)
class DeckResult:
    """What :func:`planlib.documents.deck.write_deck` wrote."""

    pptx: Path
    pdf: Path | None
    slides: int
    engine: str
    note: str = ""

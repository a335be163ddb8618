"""A described deck written out: its charts drawn, then the .pptx and the .pdf from one layout.

:func:`write_deck` fits the tables (:func:`.layout.fit_tables`), draws the
charts (kaleido, or matplotlib without a browser:
:func:`planlib.documents.charts.render`), and walks the deck once per
renderer (:mod:`.pptx`, :mod:`.pdf`) through :func:`.layout.draw`, so both
files carry the same numbers in the same places.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..charts import Engine, render
from .layout import fit_tables
from .model import Deck, DeckResult


def write_deck(
    deck: Deck,
    out: str | Path,
    *,
    pdf: bool = True,
    engine: Engine = "otomatis",
    progress: Callable[[str], None] | None = None,
) -> DeckResult:
    """Draw the charts and write ``out`` (.pptx) and, with ``pdf``, the same deck beside it as .pdf.

    Parameters
    ----------
    deck : Deck
    out : str or Path
        The .pptx to write (replaced).
    pdf : bool
        Also write ``out`` with the suffix ``.pdf``.
    engine : {"otomatis", "kaleido", "matplotlib"}
        How the charts are drawn (:func:`planlib.documents.charts.render`).
    progress : callable, optional
        Called with a line of text at each step.

    Returns
    -------
    DeckResult
    """
    out = Path(out)
    say = progress or (lambda _s: None)
    for s in deck.slides:
        fit_tables(s)
    charts = [s for s in deck.slides if s.chart is not None]
    with tempfile.TemporaryDirectory() as tmp:
        say(f"Menggambar {len(charts)} peta/grafik…")
        drawn = render([s.chart for s in charts if s.chart is not None], Path(tmp), engine=engine)
        if drawn.note:
            say(drawn.note)
        for s, p in zip(charts, drawn.paths, strict=True):
            s.image = p
        say(f"Menulis {len(deck.slides)} slide ke {out}")
        from .pptx import write_pptx  # python-pptx and ReportLab load only when a deck is written

        write_pptx(deck, out, say)
        pdf_path = None
        if pdf:
            pdf_path = out.with_suffix(".pdf")
            say(f"Menulis PDF {pdf_path}")
            from .pdf import write_pdf

            write_pdf(deck, pdf_path)
        for s in charts:
            s.image = None
    return DeckResult(out, pdf_path, len(deck.slides), drawn.engine, drawn.note)


def deck_files(deck: Deck, stem: str, *, engine: Engine = "otomatis") -> list[tuple[bytes, str]]:
    """The deck as .pptx and .pdf bytes (for a download in a dashboard), named ``<stem>.pptx/.pdf``.

    Parameters
    ----------
    deck : Deck
    stem : str
        The files' name without extension.
    engine : {"otomatis", "kaleido", "matplotlib"}
        How the charts are drawn.

    Returns
    -------
    list of (bytes, str)
    """
    with tempfile.TemporaryDirectory() as tmp:
        res = write_deck(deck, Path(tmp) / f"{stem}.pptx", engine=engine)
        files = [res.pptx] + ([res.pdf] if res.pdf is not None else [])
        return [(p.read_bytes(), p.name) for p in files]


# Slide geometry, inches (16:9).

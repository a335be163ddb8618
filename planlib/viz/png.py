"""Plotly figures written as PNG through kaleido, offline, one browser for many figures.

kaleido (1.x) draws in the local Chrome/Chromium from a page it writes itself.
Through ``plotly.io.write_image`` that page asks for MathJax from a CDN
(``kaleido._page_generator.DEFAULT_MATHJAX``), and plotly gives no way to turn
it off: in a hall with no internet the request hangs or fails, and under load
the page sometimes answers before its scripts have run (``ReferenceError:
kaleido_scopes is not defined``, seen in CI). Here the page is built with
:data:`KALEIDO_OPTIONS` (no MathJax; plotly.js from the installed package), all
figures of a call share one browser, and a render that fails on that race is
tried once more in a fresh browser before the error is reported.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

KALEIDO_OPTIONS: dict[str, Any] = {"mathjax": False}
"""Options for ``kaleido.Kaleido``: no MathJax, so the page requests nothing from outside."""

RACE = "kaleido_scopes is not defined"
"""What kaleido's page says when it was asked to draw before its scripts ran."""

#: The logger of kaleido's browser pipe (choreographer), and the message it logs, with an
#: English traceback on stderr, when Chromium sends a message it cannot decode: it ignores
#: the message and drawing goes on (every PNG is checked below), so the analyst is not shown it.
PIPE_LOGGER = "choreographer.channels.pipe"
IGNORED = "JSONError decoding message"


def _not_ignored(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(IGNORED)


def quiet_pipe() -> None:
    """Filter :data:`IGNORED` out of choreographer's pipe logger (once it is logistro's own).

    Called after kaleido is imported: asking :mod:`logging` for the logger before
    choreographer made it would create a plain one, without logistro's levels.
    """
    import choreographer.channels.pipe  # noqa: F401 - makes the logger, as logistro's

    logging.getLogger(PIPE_LOGGER).addFilter(_not_ignored)  # the same filter is added once


def write_pngs(
    figs: Sequence[go.Figure],
    paths: Sequence[Path],
    width: int | Sequence[int] = 1280,
    height: int | Sequence[int] = 720,
    scale: float = 1,
) -> list[Path]:
    """Write each figure to its PNG, all in one kaleido browser.

    Parameters
    ----------
    figs : sequence of plotly.graph_objects.Figure
        The figures.
    paths : sequence of Path
        One PNG per figure (parent folders must exist).
    width, height : int or sequence of int
        Size in pixels, one for all or one per figure (default 1280×720, a projector).
    scale : float
        Pixel ratio (1 for projector-sized files).

    Returns
    -------
    list of Path
        ``paths``, once every file is written and not empty.

    Raises
    ------
    OSError
        When kaleido wrote no file or an empty one.
    Exception
        Whatever kaleido raised when it cannot draw (no browser, a figure it
        rejects); the race above is retried once first.

    Examples
    --------
    >>> write_pngs([], [])
    []
    """
    import kaleido

    quiet_pipe()
    if len(figs) != len(paths):
        raise ValueError(f"{len(figs)} gambar untuk {len(paths)} berkas")
    if not figs:
        return []
    widths = [width] * len(figs) if isinstance(width, int) else list(width)
    heights = [height] * len(figs) if isinstance(height, int) else list(height)
    jobs = [
        {"fig": f, "path": Path(p),
         "opts": {"format": "png", "width": w, "height": h, "scale": scale}}
        for f, p, w, h in zip(figs, paths, widths, heights, strict=True)
    ]  # fmt: skip
    for attempt in (1, 2):
        try:
            kaleido.write_fig_from_object_sync(
                jobs, kopts=dict(KALEIDO_OPTIONS), cancel_on_error=True
            )
            break
        except Exception as e:  # noqa: BLE001 - kaleido wraps the page's error in its own types
            if attempt == 2 or RACE not in str(e):
                raise
    missing = [Path(p) for p in paths if not Path(p).exists() or Path(p).stat().st_size == 0]
    if missing:
        raise OSError(f"kaleido tidak menulis {missing[0].name}")
    return [Path(p) for p in paths]

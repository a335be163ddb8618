"""Figures other than maps, and any figure as plain JSON data (for the widget state and the first paint).

Also the rule for a chart's title on a narrow screen (:func:`fit_title`):
Plotly does not wrap a title, so a title longer than its chart is cut off;
the title is broken into lines that fit the narrowest frame the chart is
shown in (a phone for a chart without a fixed width), between its parts
(``"A — B"``) first, then between words.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import PlotlyJSONEncoder

from .labels import CHAR_WIDTH

#: the plot width a title must fit when its chart has no fixed width: a phone's screen of 390 px
#: less the page's margins and the title's indent
PHONE_WIDTH = 340
#: where a title is cut into lines first: between its parts
PART = " — "
#: Plotly's title size when a figure sets none: 1.4 × the figure's font size
TITLE_SCALE = 1.4
#: a line's height, as a share of the title's font size; a ``<sup>`` line's text size, as a share
#: of the title's (its line is as high as the others)
LINE_HEIGHT = 1.3
SUP = 0.7
#: pixels above a wrapped title and between it and the plot
GAP = 8


def figure_json(fig: go.Figure | dict) -> dict:
    """The figure as plain JSON data (a fresh copy: later changes to ``fig`` do not leak in).

    ``fig.to_json()`` deep-copies the figure and walks it for typed arrays
    before encoding; encoding the figure's own property dicts once with
    Plotly's encoder gives the same JSON at a third of the cost, which counts
    on every filter change.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure or dict
        A figure, or a figure spec with ``data`` and ``layout``.

    Returns
    -------
    dict
        ``{"data": [...], "layout": {...}}`` holding only JSON types (numpy
        arrays may be Plotly's typed arrays ``{"dtype", "bdata"}``).
    """
    if isinstance(fig, go.Figure):
        fig = {"data": fig._data, "layout": fig._layout}  # noqa: SLF001 - see docstring
    return json.loads(json.dumps(fig, cls=PlotlyJSONEncoder))


def short_opd(name: str, width: int = 34) -> str:
    """An OPD's name short enough for an axis label (``Dinas`` → ``Dis.``, cut with ``…``).

    Parameters
    ----------
    name : str
        The OPD's full name.
    width : int
        The most characters kept (the ``…`` included).

    Returns
    -------
    str
        The shortened name.

    Examples
    --------
    >>> short_opd("Dinas Pekerjaan Umum dan Penataan Ruang", width=20)
    'Dis. Pekerjaan Umum…'
    """
    for long, short in (
        ("Dinas ", "Dis. "),
        ("Pemberdayaan ", "Pemb. "),
        ("Perlindungan ", "Perl. "),
    ):
        name = name.replace(long, short)
    return name if len(name) <= width else name[: width - 1] + "…"


def overlap_heatmap(m: pd.DataFrame, label: str) -> go.Figure:
    """The OPD × OPD matrix of the Forum Lintas PD as a heatmap, counts written in the cells.

    The diagonal (an OPD with itself) is left blank: it would drown the overlaps.

    Parameters
    ----------
    m : DataFrame
        A square count matrix with the OPD names as index and columns
        (:func:`planlib.forum.overlap.overlap_matrix`).
    label : str
        What a cell counts, for the title ("Desa yang sama").

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap trace, OPD names shortened with :func:`short_opd`.
    """
    names = [short_opd(str(o)) for o in m.index]
    z = m.to_numpy().astype(float)
    np.fill_diagonal(z, np.nan)
    fig = go.Figure(
        go.Heatmap(
            z=z, x=names, y=names, colorscale="Blues", text=m.to_numpy(),
            texttemplate="%{text}", textfont={"size": 13}, customdata=[[f"{a} × {b}" for b in m.columns] for a in m.index],
            hovertemplate="%{customdata}<br>%{text} bersama<extra></extra>", showscale=False,
        )
    )  # fmt: skip
    fig.update_layout(
        title={"text": f"Irisan OPD — {label}", "x": 0.01}, height=max(420, 30 * len(m) + 160),
        margin={"l": 220, "r": 10, "t": 40, "b": 180}, yaxis={"autorange": "reversed"},
        xaxis={"tickangle": -45},
    )  # fmt: skip
    return fig


def _plain(text: str) -> str:
    """The text a reader sees: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _wrap(text: str, chars: int) -> list[str]:
    """``text`` in lines of at most ``chars`` characters: whole parts joined while they fit, then words."""
    if len(_plain(text)) <= chars:
        return [text]
    lines: list[str] = []
    line = ""
    for part in text.split(PART):
        joined = f"{line}{PART}{part}" if line else part
        if len(_plain(joined)) <= chars:
            line = joined
            continue
        if line:
            lines.append(line)
        line = ""
        for word in part.split(" "):
            longer = f"{line} {word}" if line else word
            if line and len(_plain(longer)) > chars:
                lines.append(line)
                line = word
            else:
                line = longer
    lines.append(line)
    return lines


def wrap_title(text: str, width: float, size: float) -> str:
    """A title broken with ``<br>`` so that each line fits ``width`` pixels at ``size``.

    Lines the title already has are kept; a ``<sup>`` line (a subtitle) is
    measured at its smaller size and each of its pieces stays a ``<sup>``.

    Parameters
    ----------
    text : str
        The title, as Plotly takes it (``<br>``, ``<sup>``, ``<b>``).
    width : float
        The pixels a line may take.
    size : float
        The title's font size in pixels.

    Returns
    -------
    str
        ``text`` itself when every line fits.

    Examples
    --------
    >>> wrap_title("Perkembangan per triwulan — Kabupaten Contoh", 340, 18)
    'Perkembangan per triwulan<br>Kabupaten Contoh'
    """
    out: list[str] = []
    for line in text.split("<br>"):
        sup = line.startswith("<sup>") and line.endswith("</sup>")
        inner = line[len("<sup>") : -len("</sup>")] if sup else line
        chars = max(int(width / (size * (SUP if sup else 1) * CHAR_WIDTH)), 8)
        out += [f"<sup>{piece}</sup>" if sup else piece for piece in _wrap(inner, chars)]
    return "<br>".join(out)


def fit_title(spec: dict[str, Any], width: float | None = None) -> None:
    """Fit a figure's title to the narrowest frame it is shown in, growing the figure to keep its plot.

    The rule of every chart a dashboard draws (:func:`planlib.dashboards.layout.draw`):
    a chart with a fixed width keeps its title within that width, any other
    within :data:`PHONE_WIDTH` (it follows its frame, down to a phone's). A
    title that gains lines is set at the top of the figure, and the top margin
    (and a fixed height with it) grows by what the new lines need, so the
    plot area keeps its size (a map's names are placed in its pixels).

    Parameters
    ----------
    spec : dict
        A figure as :func:`figure_json` gives it; changed in place.
    width : float, optional
        The plot width to fit; the figure's own width (less its left and
        right margins) or :data:`PHONE_WIDTH` by default.
    """
    layout = spec.setdefault("layout", {})
    title = layout.get("title")
    if isinstance(title, str):
        title = layout["title"] = {"text": title}
    text = str((title or {}).get("text") or "")
    if not text:
        return
    font = layout.get("font", {}).get("size") or 12
    size = float((title.get("font") or {}).get("size") or round(font * TITLE_SCALE))
    margin = layout.setdefault("margin", {})
    if width is None:
        fixed = layout.get("width")
        width = float(fixed) - margin.get("l", 80) - margin.get("r", 80) if fixed else PHONE_WIDTH
    wrapped = wrap_title(text, width, size)
    if wrapped == text:
        return
    title["text"] = wrapped
    lines = wrapped.count("<br>") + 1
    # Plotly anchors a title of several lines by its first line's baseline: the pad holds that
    # line's height; below it the other lines (a <sup> line takes a whole line's height too) and
    # the last one's descent, then a gap
    pad = GAP + size
    need = pad + (lines - 1) * size * LINE_HEIGHT + 0.3 * size + GAP
    title.update({"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": pad}})
    top = float(margin.get("t", 100))
    if need > top:
        margin["t"] = need
        if layout.get("height"):
            layout["height"] = float(layout["height"]) + need - top

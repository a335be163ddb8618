"""Figures other than maps, and any figure as plain JSON data (for the widget state and the first paint)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import PlotlyJSONEncoder


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

"""A widget tree as it stands, as static HTML: what both the first paint and ``planlib build`` write.

Filters become text ("Dapil: Dapil 2"), HTML widgets and outputs are copied,
tabs become headed sections, hidden widgets are left out, and every figure is
turned into HTML by a function the caller chooses (a Plotly div for the
static page, an inline SVG for the first paint).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go
import plotly.io as pio

#: the mimetype of a Plotly figure in an ``Output`` widget's outputs
PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Plotly's configuration for the figures of a static page
CONFIG = {"displaylogo": False, "responsive": True}

FigureHTML = Callable[[Any], str]


def plotly_div(fig: dict | go.Figure) -> str:
    """A figure as a Plotly ``<div>`` and its script; the page loads Plotly itself.

    Parameters
    ----------
    fig : dict or plotly.graph_objects.Figure
        The figure, or its JSON spec.

    Returns
    -------
    str
        A ``<div>`` and the ``<script>`` that draws it, with :data:`CONFIG`; no
        ``plotly.js`` inside.
    """
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, config=CONFIG)


def _output(out: w.Output, figure: FigureHTML) -> str:
    parts = []
    for o in out.outputs:
        data = o.get("data", {})
        if PLOTLY_MIME in data:
            parts.append(figure(data[PLOTLY_MIME]))
        elif "text/html" in data:
            parts.append(data["text/html"])
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
    return "".join(parts)


def hidden(widget: w.Widget) -> bool:
    """True for a widget its layout hides (``display: none`` or ``visibility: hidden``).

    Parameters
    ----------
    widget : ipywidgets.Widget
        Any widget; one without an ipywidgets ``Layout`` (a FigureWidget) is never hidden.

    Returns
    -------
    bool
        Whether the viewer cannot see it.

    Examples
    --------
    >>> import ipywidgets as w
    >>> hidden(w.HTML(layout=w.Layout(display="none"))), hidden(w.HTML())
    (True, False)
    """
    layout = getattr(widget, "layout", None)
    if not isinstance(layout, w.Layout):  # a FigureWidget's layout is Plotly's
        return False
    return layout.display == "none" or layout.visibility == "hidden"


def to_html(widget: w.Widget, figure: FigureHTML = plotly_div, all_tabs: bool = True) -> str:
    """The HTML of a widget tree as it stands (filters as text, figures through ``figure``).

    Parameters
    ----------
    widget : ipywidgets.Widget
        The root of the tree (a dashboard's view).
    figure : callable
        Turns a figure (dict or Figure) into HTML; by default a Plotly div.
    all_tabs : bool
        ``False`` writes only the selected tab of a ``Tab``, as a viewer sees it.

    Returns
    -------
    str
        The tree's HTML: rows of an ``HBox`` as flex rows, tabs as headed
        sections, filters as ``<span class='filter'>Label: value</span>``;
        hidden widgets and widgets it does not know (buttons) are left out.
    """
    if hidden(widget):
        return ""
    if _is_figure_widget(widget):
        return figure(widget)
    if isinstance(widget, w.Tab):
        titles = list(widget.titles)
        shown = range(len(widget.children)) if all_tabs else [widget.selected_index or 0]
        return "".join(
            f"<h3 class='tab'>{html.escape(titles[i] if i < len(titles) else '')}</h3>"
            + to_html(widget.children[i], figure, all_tabs)
            for i in shown
            if i < len(widget.children)
        )
    if isinstance(widget, w.Box):
        inner = "".join(to_html(c, figure, all_tabs) for c in widget.children)
        return (
            f"<div class='row'>{inner}</div>"
            if isinstance(widget, w.HBox)
            else f"<div>{inner}</div>"
        )
    if isinstance(widget, w.HTML | w.HTMLMath):
        return str(widget.value)
    if isinstance(widget, w.Output):
        return _output(widget, figure)
    if isinstance(widget, w.ToggleButton | w.Checkbox):
        return f"<span class='filter'>{html.escape(widget.description)}: {'ya' if widget.value else 'tidak'}</span>"
    if hasattr(widget, "label") and hasattr(widget, "options"):  # dropdowns, toggle buttons
        name = html.escape(getattr(widget, "description", "") or "")
        label = widget.label
        value = html.escape(str(label) if label is not None else "(kosong)")
        return f"<span class='filter'>{name + ': ' if name else ''}{value}</span>"
    return ""


def _is_figure_widget(widget: object) -> bool:
    """Whether ``widget`` is a Plotly FigureWidget, without importing that class needlessly.

    ``go.FigureWidget`` imports plotly's renderers, which import nbformat and
    jsonschema (about a second); a view that never made a FigureWidget has none.
    """
    mod = sys.modules.get("plotly.graph_objs._figurewidget")
    return mod is not None and isinstance(widget, mod.FigureWidget)


def figures(widget: w.Widget) -> list[go.Figure]:
    """The maps in a widget tree, in order (drawn by :func:`~.layout.show`, or FigureWidgets).

    Parameters
    ----------
    widget : ipywidgets.Widget
        The root of the tree (a dashboard's view); hidden parts are skipped.

    Returns
    -------
    list of plotly.graph_objects.Figure
        Every map, depth first: the figure kept on an ``Output`` by
        :func:`~.layout.show`, or a FigureWidget itself.
    """
    if hidden(widget):
        return []
    if _is_figure_widget(widget):
        return [widget]
    fig = getattr(widget, "_planlib_map", None)
    if fig is not None:
        return [fig]
    return [f for c in getattr(widget, "children", ()) for f in figures(c)]

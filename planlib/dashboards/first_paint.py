"""The first paint: a dashboard's view as static HTML, maps as inline SVG, sent inside the page.

Voilà's page needs seconds before the widget manager and Plotly have drawn
anything (docs/dashboards.md has the profile). The view as it stands is also
written as HTML with its maps drawn as SVG on the server
(:func:`planlib.viz.svg.map_svg`) and added to the widget's mime bundle under
:data:`MIME` (:func:`attach`). JupyterLab and Voilà's client ignore that
mimetype; planlib's Voilà template writes it into the page, so the map is
visible before any JavaScript has run, and removes it once the live map is
drawn.
"""

from __future__ import annotations

import html
import os
import sys
import traceback
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from ..viz import svg
from ..viz.figures import figure_json
from .snapshot import to_html

#: mimetype of a dashboard's first paint, added to its widget output (see :func:`attach`);
#: planlib's Voilà template looks for it
MIME = "application/vnd.planlib.pratinjau+html"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

CSS = """
.planlib-pratinjau .filter{display:inline-block;background:#eef1f6;border-radius:4px;padding:3px 8px;margin:2px 6px 2px 0;font-size:14px}
.planlib-pratinjau .row{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:flex-start}
.planlib-pratinjau h3.tab{border-bottom:2px solid #1f3b73;color:#1f3b73;margin:14px 0 8px 0;font-size:15px}
.planlib-pratinjau-muat{font-size:13px;color:#555;margin:2px 0 6px 0}
.planlib-pratinjau-grafik{display:flex;align-items:center;justify-content:center;color:#555;
  background:#f7f8fa;border:1px dashed #ccd;margin:6px 0;font-size:14px;text-align:center}
"""


def figure_html(fig: dict | go.Figure) -> str:
    """A map as inline SVG; any other figure as a placeholder of its height.

    A static picture of a chart the SVG writer does not draw would mislead,
    so a bar chart or heatmap says "grafik sedang dimuat…" instead.

    Parameters
    ----------
    fig : dict or plotly.graph_objects.Figure
        The figure, as an ``Output``'s Plotly mime data (a JSON spec) or a Figure.

    Returns
    -------
    str
        An ``<svg>`` from :func:`planlib.viz.svg.map_svg` for a map; otherwise a
        ``<div class='planlib-pratinjau-grafik'>`` as tall as the figure, with its title.
    """
    spec = fig if isinstance(fig, dict) else figure_json(go.Figure(fig))
    drawn = svg.map_svg(spec)
    if drawn is not None:
        return drawn
    lay = spec.get("layout") or {}
    title = html.escape(svg.plain((lay.get("title") or {}).get("text", "")))
    return (
        f"<div class='planlib-pratinjau-grafik' style='height:{int(lay.get('height') or 450)}px'>"
        f"<div>{title}<br><i>grafik sedang dimuat…</i></div></div>"
    )


def render(widget: w.Widget, query: str = "") -> str | None:
    """The first paint of a dashboard: the widget tree as static HTML with maps as inline SVG.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The dashboard's view; only its selected tabs are written.
    query : str
        The link the kernel saw; the page drops the first paint if its own
        link differs (a preheated kernel's view has the default filters).

    Returns
    -------
    str or None
        ``None`` when the view, as it opens, shows no map: then there is
        nothing to gain.
    """
    body = to_html(widget, figure_html, all_tabs=False)
    if "planlib-svg-peta" not in body:
        return None
    return (
        f"<div class='planlib-pratinjau' data-query='{html.escape(query, quote=True)}'>"
        f"<style>{svg.CSS}{CSS}</style>"
        "<div class='planlib-pratinjau-muat'>Memuat filter interaktif…</div>"
        f"{body}</div>"
    )


def attach(widget: w.Widget) -> w.Widget:
    """Send a first paint of ``widget`` along with it whenever it is displayed; returns ``widget``.

    The widget's mime bundle gets :data:`MIME`: the view as it stands
    (:func:`render`, made for the link in ``QUERY_STRING``). A view whose
    open tab has no map gets none. (ipywidgets itself replaces
    ``_repr_mimebundle_`` on the instance when a widget is closed.)

    Parameters
    ----------
    widget : ipywidgets.Widget
        The dashboard's view; its ``_repr_mimebundle_`` is wrapped on the instance.

    Returns
    -------
    ipywidgets.Widget
        ``widget`` itself. A first paint that fails is printed to stderr and left
        out; the widget is still displayed.
    """
    bundle = widget._repr_mimebundle_

    def with_first_paint(**kwargs: Any) -> Any:
        data = bundle(**kwargs)
        if isinstance(data, dict) and WIDGET_MIME in data:
            try:
                first = render(widget, os.environ.get("QUERY_STRING", ""))
                # only a view that opens on a map gets one: the page swaps it for the live
                # view once the live map is drawn
                if first is not None:
                    data[MIME] = first
            except Exception:  # noqa: BLE001 - the first paint is optional, the view is not
                traceback.print_exc(file=sys.stderr)
        return data

    widget._repr_mimebundle_ = with_first_paint
    return widget

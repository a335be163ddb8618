"""A dashboard as it stands, written out as a static page and PNG maps (for ``planlib build``).

``planlib build`` executes each dashboard notebook with papermill and sets
``PLANLIB_BUILD_OUT`` and ``PLANLIB_BUILD_NAME`` for the kernel;
:func:`planlib.dashboards.common.present` then calls :func:`export` with the
view it built. The page shows what a viewer would see with the default
filters: the filter values as text, every figure drawn by Plotly (the
library sits beside the page, so it opens offline), the cards and tables.
Maps are also written as PNG through kaleido.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as w
import plotly.graph_objects as go
import plotly.io as pio

from ..report import PlanlibError
from ..viz import svg
from ..viz.figures import figure_json

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CONFIG = {"displaylogo": False, "responsive": True}

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="plotly.min.js"></script>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:16px 24px;color:#111}}
.row{{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:flex-start}}
.filter{{display:inline-block;background:#eef1f6;border-radius:4px;padding:3px 8px;margin:2px 6px 2px 0;font-size:14px}}
h3.tab{{border-bottom:2px solid #1f3b73;color:#1f3b73;margin:22px 0 8px 0}}
footer{{margin-top:28px;font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:6px}}
</style></head><body>
{body}
<footer>{footer}</footer>
</body></html>
"""


def _figure(fig: dict | go.Figure) -> str:
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, config=CONFIG)


def _output(out: w.Output, figure=_figure) -> str:
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


def _hidden(widget: w.Widget) -> bool:
    layout = getattr(widget, "layout", None)
    if not isinstance(layout, w.Layout):  # a FigureWidget's layout is Plotly's
        return False
    return layout.display == "none" or layout.visibility == "hidden"


def to_html(widget: w.Widget, figure=_figure, all_tabs: bool = True) -> str:
    """The HTML of a widget tree as it stands (filters as text, figures as Plotly divs).

    ``figure`` turns a figure (dict or Figure) into HTML; ``all_tabs=False``
    writes only the selected tab of a ``Tab``, as a viewer sees it.
    """
    if _hidden(widget):
        return ""
    if isinstance(widget, go.FigureWidget):
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
        return widget.value
    if isinstance(widget, w.Output):
        return _output(widget, figure)
    if isinstance(widget, w.ToggleButton | w.Checkbox):
        return f"<span class='filter'>{html.escape(widget.description)}: {'ya' if widget.value else 'tidak'}</span>"
    if hasattr(widget, "label") and hasattr(widget, "options"):  # dropdowns, toggle buttons
        name = html.escape(widget.description or "")
        value = html.escape(str(widget.label) if widget.label is not None else "(kosong)")
        return f"<span class='filter'>{name + ': ' if name else ''}{value}</span>"
    return ""


#: mimetype of a dashboard's first paint, added to its widget output (see ``common.present``)
PRATINJAU_MIME = "application/vnd.planlib.pratinjau+html"

PRATINJAU_CSS = """
.planlib-pratinjau .filter{display:inline-block;background:#eef1f6;border-radius:4px;padding:3px 8px;margin:2px 6px 2px 0;font-size:14px}
.planlib-pratinjau .row{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:flex-start}
.planlib-pratinjau h3.tab{border-bottom:2px solid #1f3b73;color:#1f3b73;margin:14px 0 8px 0;font-size:15px}
.planlib-pratinjau-muat{font-size:13px;color:#555;margin:2px 0 6px 0}
.planlib-pratinjau-grafik{display:flex;align-items:center;justify-content:center;color:#555;
  background:#f7f8fa;border:1px dashed #ccd;margin:6px 0;font-size:14px;text-align:center}
"""


def _figure_pratinjau(fig: dict | go.Figure) -> str:
    """A map as inline SVG; any other figure as a placeholder of its height."""
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


def pratinjau(widget: w.Widget, query: str = "") -> str | None:
    """The first paint of a dashboard: the widget tree as static HTML with maps as inline SVG.

    Voilà's page needs seconds before the widget manager and Plotly have
    drawn anything; this HTML goes into the page itself and is replaced once
    the live map is drawn (planlib's Voilà template). ``query`` is the link
    the kernel saw; the page drops the first paint if its own link differs
    (a preheated kernel's view has the default filters). ``None`` when the
    view, as it opens, shows no map: then there is nothing to gain.
    """
    body = to_html(widget, _figure_pratinjau, all_tabs=False)
    if "planlib-svg-peta" not in body:
        return None
    return (
        f"<div class='planlib-pratinjau' data-query='{html.escape(query, quote=True)}'>"
        f"<style>{svg.CSS}{PRATINJAU_CSS}</style>"
        "<div class='planlib-pratinjau-muat'>Memuat filter interaktif…</div>"
        f"{body}</div>"
    )


def figures(widget: w.Widget) -> list[go.Figure]:
    """The maps in a widget tree, in order (drawn by :func:`~.common.show`, or FigureWidgets)."""
    if _hidden(widget):
        return []
    if isinstance(widget, go.FigureWidget):
        return [widget]
    if getattr(widget, "_planlib_map", None) is not None:
        return [widget._planlib_map]
    return [f for c in getattr(widget, "children", ()) for f in figures(c)]


def write_png(fig: go.Figure, path: Path) -> Path:
    """A PNG of ``fig`` at projector size, through kaleido (which drives a local Chrome/Chromium)."""
    try:
        fig.write_image(path, width=1280, height=720, scale=1)
    except Exception as e:  # noqa: BLE001 - kaleido reports a missing browser in many ways
        raise PlanlibError(
            f"PNG peta tidak dapat dibuat ({type(e).__name__}: {e}). kaleido membutuhkan "
            "Google Chrome atau Chromium di komputer ini."
        ) from e
    return path


def export(widget: w.Widget, out: Path, name: str, title: str) -> list[Path]:
    """Write ``out/<name>.html`` and ``out/peta/<name>-<i>.png``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    footer = (
        f"Dibuat oleh planlib pada {dt.datetime.now():%d-%m-%Y %H:%M} dari workspace "
        f"{html.escape(os.environ.get('PLANLIB_WORKSPACE', ''))}. Halaman statis: filter "
        "tertulis sebagai teks; buka dasbor Voilà untuk mengubahnya."
    )
    page = out / f"{name}.html"
    page.write_text(
        PAGE.format(title=html.escape(title), body=to_html(widget), footer=footer),
        encoding="utf-8",
    )
    written = [page]
    maps = figures(widget)
    if maps:
        (out / "peta").mkdir(exist_ok=True)
    for i, fig in enumerate(maps, start=1):
        written.append(write_png(go.Figure(fig), out / "peta" / f"{name}-{i}.png"))
    return written


def building() -> bool:
    """True in a kernel run by ``planlib build``."""
    return bool(os.environ.get("PLANLIB_BUILD_OUT"))


def export_if_building(widget: w.Widget) -> None:
    """Call :func:`export` when running under ``planlib build`` (``PLANLIB_BUILD_OUT`` set)."""
    if building():
        name = os.environ.get("PLANLIB_BUILD_NAME", "dasbor")
        title = os.environ.get("PLANLIB_BUILD_TITLE", name)
        export(widget, Path(os.environ["PLANLIB_BUILD_OUT"]), name, title)

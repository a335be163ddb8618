"""Pieces every dashboard shares: which workspace, link parameters, header, cards, errors."""

from __future__ import annotations

import functools
import html
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w
import plotly.graph_objects as go

from ..report import PlanlibError
from ..workspace import Workspace, open_workspace

#: Styles for a 1280×720 projector: large enough text, cards in a row.
CSS = """
<style>
.planlib-card{display:inline-block;min-width:190px;margin:4px 10px 4px 0;padding:8px 14px;
  border-radius:6px;background:#f3f6fb;border-left:5px solid #1f3b73;vertical-align:top}
.planlib-card .v{font-size:22px;font-weight:600;color:#1f3b73}
.planlib-card .k{font-size:13px;color:#444}
.planlib-label{color:#fff;background:#b00020;padding:2px 8px;border-radius:4px;font-size:13px}
.planlib-sumber{font-size:12px;color:#555;margin:0 0 12px 0}
.planlib-table{border-collapse:collapse;font-size:13px}
.planlib-table th{background:#1f3b73;color:#fff;padding:4px 6px;text-align:left;position:sticky;top:0}
.planlib-table td{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top}
.planlib-table td.n{text-align:right;white-space:nowrap}
.planlib-pesan{padding:12px;border:1px solid #b00020;background:#fff4f4;border-radius:6px}
</style>
"""


def resolve_workspace(workspace: str | None) -> Path:
    """The workspace to show: the argument, else ``PLANLIB_WORKSPACE``, else ``./demo``."""
    return Path(workspace or os.environ.get("PLANLIB_WORKSPACE") or "demo")


@functools.lru_cache(maxsize=4)
def _open(path: str, mtime: float) -> Workspace:
    return open_workspace(path)


def load(workspace: str | None) -> Workspace:
    """Open the workspace (memoised per kernel while ``planlib.toml`` is unchanged)."""
    p = resolve_workspace(workspace).resolve()
    toml = p / "planlib.toml"
    return _open(str(p), toml.stat().st_mtime if toml.exists() else 0.0)


def url_params() -> dict[str, str]:
    """Filters carried by the link (``?tahun=2026&dapil=2``) when served by Voilà; else empty.

    With preheated kernels Voilà hands the query string over only when a
    viewer opens the page; :func:`voila.utils.get_query_string` waits for it.
    """
    if "VOILA_PREHEAT" not in os.environ and "QUERY_STRING" not in os.environ:
        return {}
    try:
        from voila.utils import get_query_string

        qs = get_query_string() or ""
    except Exception:  # noqa: BLE001 - outside Voilà there is simply no link
        qs = os.environ.get("QUERY_STRING", "")
    return {k: v[-1] for k, v in parse_qs(qs).items() if v}


def header(title: str, ws: Workspace, subtitle: str = "") -> w.HTML:
    label = f" <span class='planlib-label'>{html.escape(ws.label)}</span>" if ws.label else ""
    sub = (
        f"<div style='color:#444;font-size:15px'>{html.escape(subtitle)}</div>" if subtitle else ""
    )
    return w.HTML(
        CSS
        + f"<h2 style='margin:4px 0'>{html.escape(title)} — {html.escape(ws.config.nama)}{label}</h2>{sub}"
    )


def card(value: str, key: str) -> str:
    return f"<div class='planlib-card'><div class='v'>{html.escape(value)}</div><div class='k'>{html.escape(key)}</div></div>"


def message(text: str) -> w.HTML:
    """A clear message for the viewer instead of a traceback."""
    return w.HTML(CSS + f"<div class='planlib-pesan'>{html.escape(text)}</div>")


def guarded(build):
    """Run a dashboard builder; an expected problem becomes a message, anything else a short note.

    Voilà is configured not to show tracebacks; this makes the message
    useful too (the traceback still goes to the server log).
    """

    @functools.wraps(build)
    def run(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except PlanlibError as e:
            print(f"planlib: {e}", file=sys.stderr)  # for the log and for papermill runs
            return message(str(e))
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            return message(f"Dasbor tidak dapat ditampilkan: {type(e).__name__}: {e}")

    return run


def dropdown(description: str, options: list, value=None, width: str = "230px") -> w.Dropdown:
    return w.Dropdown(
        options=options, value=value, description=description,
        layout=w.Layout(width=width), style={"description_width": "82px"},
    )  # fmt: skip


def show(box: w.Box, fig) -> go.FigureWidget:
    """Put a fresh FigureWidget of ``fig``'s current state into ``box`` and return it.

    Changes made to a FigureWidget before the browser shows it travel as
    messages nobody receives; a widget created from the final state carries
    everything in its initial state. Build or recolour a figure first, then
    show it; after that, recolour the returned widget in place.
    """
    live = go.FigureWidget(fig.to_dict() if hasattr(fig, "to_dict") else fig)
    # keep the replaced widget alive a while: closing it while the page still loads it fails
    box._planlib_previous = list(box.children)
    box.children = [live]
    return live


def draw(out: w.Output, fig) -> None:
    """Draw a figure that is replaced, not updated, as a plain Plotly output (no widget model).

    Line and bar charts are redrawn whole on a change; as Plotly's mime output
    (rendered by the jupyterlab-plotly extension that ships with plotly) they
    need no widget model of their own, which keeps the page light.
    """
    from IPython.display import display

    bundle = {"application/vnd.plotly.v1+json": fig.to_plotly_json(), "text/plain": "<Figure>"}
    bundle["application/vnd.plotly.v1+json"]["config"] = {"displaylogo": False}
    with out:
        out.clear_output(wait=True)
        display(bundle, raw=True)


def present(make_view) -> w.Widget:
    """Build a dashboard view, apply the link's filters, then show its figures.

    ``make_view()`` does the heavy work (a preheated kernel would do it before
    any viewer arrives) and may raise ``ValueError`` with a message for the
    viewer. The view's figures are shown only after the link parameters are
    applied, so their first state is the filtered one.
    """
    try:
        view = make_view()
    except ValueError as e:
        return message(str(e))
    out = view.widget()
    view.apply_link(url_params())
    view.finish()
    out._planlib_view = view  # for tests and benchmarks
    return out

"""Pieces every dashboard shares: which workspace, link parameters, header, cards, errors."""

from __future__ import annotations

import functools
import html
import json
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w
import plotly.graph_objects as go

from ..report import PlanlibError
from ..viz.figures import figure_json
from ..workspace import Workspace, open_workspace
from . import statik

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


def _params(qs: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(qs or "").items() if v}


def preheated() -> bool:
    """True in a kernel Voilà started ahead of any viewer (``preheat_kernel``)."""
    return os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ


def url_params() -> dict[str, str]:
    """Filters carried by the link (``?tahun=2026&dapil=2``) in a kernel started for a viewer.

    Empty outside Voilà and in a preheated kernel, where the link is only known
    once a viewer arrives: see :func:`when_viewer_arrives`.
    """
    return _params(os.environ.get("QUERY_STRING", ""))


def _request_info_url() -> str:
    """Voilà's websocket that hands a preheated kernel its viewer's request (as voila.utils)."""
    env = os.environ
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    host = f"{env.get('VOILA_APP_IP', '127.0.0.1')}:{env.get('VOILA_APP_PORT', '8866')}"
    return (
        f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{host}{base}voila/query/{env['VOILA_KERNEL_ID']}"
    )


def when_viewer_arrives(apply) -> None:
    """Call ``apply(link_params)`` when a viewer opens the page served by this preheated kernel.

    Voilà's own :func:`voila.utils.get_query_string` blocks the running cell
    until a viewer arrives, so the execution timeout kills every preheated
    kernel left idle longer than it. Here the notebook finishes at once and a
    task on the kernel's event loop waits for the request instead; the filters
    are then set on the main thread, like a viewer's click, and the page's
    widgets follow.
    """
    import asyncio

    import websockets
    from tornado.ioloop import IOLoop

    async def wait() -> None:
        try:
            async with websockets.connect(_request_info_url(), open_timeout=30) as sock:
                info = json.loads(await sock.recv())
            os.environ.update({k: str(v) for k, v in info.items()})
            apply(url_params())
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the view stays usable with its default filters
            print("planlib: filter dari tautan tidak dapat diterapkan", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)

    IOLoop.current().add_callback(wait)


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


def html_table(df, cols: list[tuple[str, str, str]]) -> str:
    """An HTML table of ``df``: ``cols`` are (header, column, kind), kind ``rp``, ``n`` or text."""
    from ..formatting import angka, rupiah

    head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _ in cols)
    body = []
    for _, r in df.iterrows():
        cells = []
        for _, c, kind in cols:
            v = r[c]
            missing = v is None or (isinstance(v, float) and v != v)
            if kind == "rp":
                cells.append(f"<td class='n'>{rupiah(v)}</td>")
            elif kind == "n":
                cells.append(f"<td class='n'>{'' if missing else angka(v)}</td>")
            else:
                cells.append(f"<td>{'' if missing else html.escape(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='planlib-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


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
            if statik.building():
                raise  # `planlib build` must fail, naming the notebook and the cell
            return message(str(e))
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            if statik.building():
                raise
            return message(f"Dasbor tidak dapat ditampilkan: {type(e).__name__}: {e}")

    return run


def dropdown(description: str, options: list, value=None, width: str = "230px") -> w.Dropdown:
    return w.Dropdown(
        options=options, value=value, description=description,
        layout=w.Layout(width=width), style={"description_width": "82px"},
    )  # fmt: skip


def show(box: w.Box, fig: go.Figure) -> go.Figure:
    """Draw a map's current state in ``box`` (as Plotly output, no widget model); returns ``fig``.

    Maps used to be FigureWidgets recoloured in place. In Chromium that lost
    changes made before the page showed the widget, broke a widget shown a
    second time, and with preheated kernels anywidget sometimes failed to
    initialise the model. A map of a few hundred polygons is a few tens of KB,
    so it is simply redrawn: an ``Output`` widget's outputs are part of its
    state, so a page that connects late still gets the latest map.
    """
    out = box.children[0] if box.children and isinstance(box.children[0], w.Output) else None
    if out is None:
        out = w.Output(layout=w.Layout(width="100%"))
        box.children = [out]
    out._planlib_map = fig  # for the static export (PNG maps)
    draw(out, fig)
    return fig


def draw(out: w.Output, fig) -> None:
    """Draw a figure that is replaced, not updated, as a plain Plotly output (no widget model).

    Figures are redrawn whole on a change; as Plotly's mime output (rendered
    by the jupyterlab-plotly extension that ships with plotly) they need no
    widget model of their own, which keeps the page light. The output is set
    as the ``Output`` widget's state, so it also works outside a kernel
    (benchmarks, tests) and reaches a page that connects later.
    """
    spec = figure_json(fig)
    spec["config"] = {"displaylogo": False}
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"application/vnd.plotly.v1+json": spec, "text/plain": "<Figure>"},
            "metadata": {},
        },
    )


def present(make_view) -> w.Widget:
    """Build a dashboard view, apply the link's filters, then show its figures.

    ``make_view()`` does the heavy work and may raise ``ValueError`` with a
    message for the viewer. In a kernel started for a viewer the link's filters
    are applied before the figures are shown, so their first state is the
    filtered one. A preheated kernel does the heavy work before any viewer
    arrives and shows the default view; the link's filters follow as soon as
    the viewer's request reaches the kernel.
    """
    try:
        view = make_view()
    except ValueError as e:
        if statik.building():
            raise
        return message(str(e))
    out = view.widget()
    if preheated():
        view.finish()

        def arrived(params: dict[str, str]) -> None:
            if params:
                view.apply_link(params)
            if hasattr(view, "on_viewer"):  # state that may have changed since preheating
                view.on_viewer()
            if params:
                view.finish()

        when_viewer_arrives(arrived)
    else:
        view.apply_link(url_params())
        view.finish()
    out._planlib_view = view  # for tests and benchmarks
    with_pratinjau(out)
    statik.export_if_building(out)
    return out


def with_pratinjau(widget: w.Widget) -> w.Widget:
    """Send a static first paint of ``widget`` along with it when it is displayed.

    The widget's mime bundle gets :data:`statik.PRATINJAU_MIME`: the view as it
    stands, maps as inline SVG (:func:`statik.pratinjau`). JupyterLab and Voilà's
    client ignore that mimetype; planlib's Voilà template writes it into the page,
    so the map is visible before the widget manager and Plotly have loaded, and
    removes it once the live map is drawn. A view whose open tab has no map gets none. (ipywidgets itself replaces
    ``_repr_mimebundle_`` on the instance when a widget is closed.)
    """
    bundle = widget._repr_mimebundle_

    def with_first_paint(**kwargs):
        data = bundle(**kwargs)
        if isinstance(data, dict) and "application/vnd.jupyter.widget-view+json" in data:
            try:
                first = statik.pratinjau(widget, os.environ.get("QUERY_STRING", ""))
                # only a view that opens on a map gets one: the page swaps it for the live
                # view once the live map is drawn
                if first is not None:
                    data[statik.PRATINJAU_MIME] = first
            except Exception:  # noqa: BLE001 - the first paint is optional, the view is not
                traceback.print_exc(file=sys.stderr)
        return data

    widget._repr_mimebundle_ = with_first_paint
    return widget

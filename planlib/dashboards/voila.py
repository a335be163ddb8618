"""Voilà plumbing every dashboard shares: which workspace, link parameters, preheated kernels.

A dashboard's ``tampilan`` opens its workspace with :func:`load`, builds its
view and hands it to :func:`present`, which applies the link's filters
(``?tahun=2026&dapil=2``), also in a kernel Voilà started before any viewer
arrived (:func:`when_viewer_arrives`), sends the first paint along
(:mod:`.first_paint`) and, under ``planlib build``, writes the static page
(:mod:`.static_export`). :func:`guarded` turns an error into a sentence.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, Protocol
from urllib.parse import parse_qs

import ipywidgets as w

from .. import settings
from ..report import PlanlibError
from ..workspace import Workspace, open_workspace
from ..workspace.model import TANPA_USULAN
from . import first_paint, static_export
from .layout import message

P = ParamSpec("P")


class View(Protocol):
    """What :func:`present` asks of a dashboard's view (a class that lays out widgets)."""

    def widget(self) -> w.Widget:
        """The root widget of the view.

        Returns
        -------
        ipywidgets.Widget
            The widget :func:`present` displays; built once, updated in place.
        """
        ...

    def apply_link(self, params: dict[str, str]) -> None:
        """Set the filters from the link's parameters.

        Parameters
        ----------
        params : dict of str to str
            The link's parameters as :func:`link_params` gives them; names the view
            does not know are ignored.
        """
        ...

    def finish(self) -> None:
        """Draw the figures once the filters are set."""
        ...


def resolve_workspace(workspace: str | Path | None) -> Path:
    """The workspace to show: the argument, else ``PLANLIB_WORKSPACE``, else ``./demo``.

    Parameters
    ----------
    workspace : str or Path, optional
        The folder the notebook was given; empty or ``None`` falls back.

    Returns
    -------
    Path
        The workspace folder, not resolved and not checked.
    """
    return Path(workspace or os.environ.get(settings.WORKSPACE) or "demo")


@functools.lru_cache(maxsize=4)
def _open(path: str, mtime: float) -> Workspace:
    return open_workspace(path)


def load(workspace: str | Path | None) -> Workspace:
    """Open the workspace (memoised per kernel while ``planlib.toml`` is unchanged).

    Parameters
    ----------
    workspace : str or Path, optional
        The folder, as :func:`resolve_workspace` takes it.

    Returns
    -------
    Workspace
        The opened workspace; the same object again while ``planlib.toml``'s
        modification time is unchanged (four are kept).
    """
    p = resolve_workspace(workspace).resolve()
    toml = p / "planlib.toml"
    return _open(str(p), toml.stat().st_mtime if toml.exists() else 0.0)


def link_params(query: str) -> dict[str, str]:
    """The parameters of a query string, the last value of each (``tahun=2026&dapil=2``).

    Parameters
    ----------
    query : str
        The query string, without ``?``; empty gives no parameters.

    Returns
    -------
    dict of str to str
        One entry per parameter name that has a non-empty value.

    Examples
    --------
    >>> link_params("tahun=2026&dapil=2&dapil=3&kosong=")
    {'tahun': '2026', 'dapil': '3'}
    """
    return {k: v[-1] for k, v in parse_qs(query or "").items() if v}


def preheated() -> bool:
    """True in a kernel Voilà started ahead of any viewer (``preheat_kernel``).

    Returns
    -------
    bool
        ``VOILA_PREHEAT`` is ``"True"`` and no ``QUERY_STRING`` has been set yet.
    """
    return os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ


def url_params() -> dict[str, str]:
    """Filters carried by the link (``?tahun=2026&dapil=2``) in a kernel started for a viewer.

    Empty outside Voilà and in a preheated kernel, where the link is only known
    once a viewer arrives: see :func:`when_viewer_arrives`.

    Returns
    -------
    dict of str to str
        :func:`link_params` of ``QUERY_STRING``.
    """
    return link_params(os.environ.get("QUERY_STRING", ""))


#: The kernel environment variables the room server (``planlib serve --bagikan``) sets from
#: the logged-in account; the server drops whatever the browser sent under these names.
ENV_PENGGUNA = "HTTP_X_PLANLIB_PENGGUNA"
ENV_PERAN = "HTTP_X_PLANLIB_PERAN"
ENV_KECAMATAN = "HTTP_X_PLANLIB_KECAMATAN"


def pengguna() -> tuple[str, str] | None:
    """The account the room server started this kernel for, as ``(nama, peran)``.

    None outside a room (``planlib serve`` without ``--bagikan``, JupyterLab,
    ``planlib build``): there is no login, and a dashboard asks who records.
    Under ``--bagikan`` the name and role come from the server's session,
    never from the link or anything else the browser can set.

    Returns
    -------
    tuple of (str, str) or None
        The account name and its role (``"analis"``, ``"kecamatan"`` or ``"tamu"``), or None
        outside a room.
    """
    nama = os.environ.get(ENV_PENGGUNA, "").strip()
    if not nama:
        return None
    return nama, os.environ.get(ENV_PERAN, "tamu")


def kecamatan_pengguna() -> str | None:
    """The kecamatan code of the ``kecamatan`` account the room server started this kernel for.

    Set by the server from the account (``planlib pengguna tambah … --peran
    kecamatan --kecamatan``), never from anything the browser sends.

    Returns
    -------
    str or None
        The code (``52.03.01``); None outside a room or for another role.
    """
    return os.environ.get(ENV_KECAMATAN, "").strip() or None


def _request_info_url() -> str:
    """Voilà's websocket that hands a preheated kernel its viewer's request (as voila.utils)."""
    env = os.environ
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    host = f"{env.get('VOILA_APP_IP', '127.0.0.1')}:{env.get('VOILA_APP_PORT', '8866')}"
    return (
        f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{host}{base}voila/query/{env['VOILA_KERNEL_ID']}"
    )


def when_viewer_arrives(apply: Callable[[dict[str, str]], None]) -> None:
    """Call ``apply(link_params)`` when a viewer opens the page served by this preheated kernel.

    Voilà's own :func:`voila.utils.get_query_string` blocks the running cell
    until a viewer arrives, so the execution timeout kills every preheated
    kernel left idle longer than it. Here the notebook finishes at once and a
    task on the kernel's event loop waits for the request instead; the filters
    are then set on the main thread, like a viewer's click, and the page's
    widgets follow.

    Parameters
    ----------
    apply : callable
        Called once with the viewer's link parameters (:func:`url_params`,
        possibly empty); an error in it is printed to stderr and the view keeps
        its default filters.
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


def guarded(build: Callable[P, w.Widget]) -> Callable[P, w.Widget]:
    """Run a dashboard builder; an expected problem becomes a message, anything else a short note.

    Voilà is configured not to show tracebacks; this makes the message
    useful too (the traceback still goes to the server log). Under ``planlib
    build`` the error is raised, so the build fails naming the notebook and
    the cell.

    Parameters
    ----------
    build : callable
        The dashboard's ``tampilan``, returning its widget.

    Returns
    -------
    callable
        ``build`` with the same signature, returning :func:`~.layout.message`
        instead of raising (and raising under ``planlib build``).
    """

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        try:
            return build(*args, **kwargs)
        except PlanlibError as e:
            print(f"planlib: {e}", file=sys.stderr)  # for the log and for papermill runs
            if static_export.building():
                raise  # `planlib build` must fail, naming the notebook and the cell
            return message(str(e))
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            if static_export.building():
                raise
            return message(f"Dasbor tidak dapat ditampilkan: {type(e).__name__}: {e}")

    return run


def open_view(
    workspace: str | Path | None,
    make_view: Callable[[Workspace], View],
    *,
    perlu_usulan: bool = False,
) -> w.Widget:
    """A dashboard's ``tampilan``: open the workspace, then :func:`present` its view.

    Parameters
    ----------
    workspace : str or Path, optional
        The folder, as :func:`resolve_workspace` takes it (opened with :func:`load`).
    make_view : callable
        Builds the dashboard's :class:`View` from the opened workspace.
    perlu_usulan : bool
        The view needs usulan: a workspace without any usulan file shows
        :data:`TANPA_USULAN` instead.

    Returns
    -------
    ipywidgets.Widget
        What :func:`present` returns, or the message.
    """
    ws = load(workspace)
    if perlu_usulan and not ws.usulan:
        return message(TANPA_USULAN)
    return present(lambda: make_view(ws))


def present(make_view: Callable[[], View]) -> w.Widget:
    """Build a dashboard view, apply the link's filters, then show its figures.

    ``make_view()`` does the heavy work and may raise ``ValueError`` with a
    message for the viewer. In a kernel started for a viewer the link's filters
    are applied before the figures are shown, so their first state is the
    filtered one. A preheated kernel does the heavy work before any viewer
    arrives and shows the default view; the link's filters follow as soon as
    the viewer's request reaches the kernel. The widget carries its first
    paint (:func:`.first_paint.attach`) and the view as ``_planlib_view`` (for
    tests and benchmarks).

    Parameters
    ----------
    make_view : callable
        Builds the dashboard's :class:`View` (no arguments).

    Returns
    -------
    ipywidgets.Widget
        The view's widget, or a :func:`~.layout.message` when ``make_view``
        raised ``ValueError`` (outside ``planlib build``).
    """
    try:
        view = make_view()
    except ValueError as e:
        if static_export.building():
            raise
        return message(str(e))
    out = view.widget()
    if preheated():
        view.finish()

        def arrived(params: dict[str, str]) -> None:
            if params:
                view.apply_link(params)
            on_viewer: Callable[[], Any] | None = getattr(view, "on_viewer", None)
            if on_viewer is not None:  # state that may have changed since preheating
                on_viewer()
            if params:
                view.finish()

        when_viewer_arrives(arrived)
    else:
        view.apply_link(url_params())
        view.finish()
    out._planlib_view = view  # for tests and benchmarks
    first_paint.attach(out)
    static_export.export_if_building(out)
    return out

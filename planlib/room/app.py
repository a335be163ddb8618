"""The two Voilà applications wired together: the room and plain ``planlib serve``.

Each is a :class:`~planlib.room.kernels.PlanlibVoila` (capped kernels and their
watch) whose routes go to planlib's own request handlers (:mod:`.handlers`);
this module sets them up, sets what cannot be configured away, and starts them.

``planlib serve WORKSPACE --bagikan`` runs ``python -m planlib.room`` (this
:class:`RoomApp`, a :class:`voila.app.Voila`) on the dashboards' notebooks:

- identity and authorization through Jupyter Server's hooks
  (:mod:`.identity`, :mod:`.authorizer`); every page but ``/masuk`` and the
  static assets needs a login;
- on each dashboard request the server replaces the ``X-Planlib-*`` headers
  with the logged-in account's name and role; Voilà hands them to the kernel
  (``http_header_envs``), where the Forum Perangkat Daerah records decisions
  under that name (:func:`planlib.dashboards.voila.pengguna`). The browser
  cannot set them: whatever it sends is dropped first;
- a ``tamu`` may open only :data:`~.handlers.UNTUK_TAMU`, a ``kecamatan`` account only
  :data:`~.handlers.UNTUK_KECAMATAN` (:func:`~.handlers.boleh_dibuka`); any other dashboard answers
  with a refusal page before a kernel exists; a ``kecamatan`` account's
  kecamatan code goes to the kernel the same way as its name and role;
- a cap on kernels with a reserve for analysts (:mod:`.capacity`); above it
  the visitor gets "Server sedang penuh" at once, linking to the kernel-free
  view of the same Dapil;
- the kernel-free views (``planlib.bagikan``) are written at start-up into a
  folder the server owns (:class:`~.views.Views`) and served read-only under ``/bagikan/``;
- preheated kernels are off (each kernel is started for one account), kernels
  talk over IPC sockets, and a kernel whose page has closed is culled (:mod:`.kernels`);
- the server polls the account store (:meth:`RoomApp.periksa`): when a
  session ends (logout, expiry, a new link, ``planlib pengguna cabut``) its
  kernels are shut down and its websockets closed at once, and every kernel
  message is checked against the session first (:class:`~.handlers.RoomWebsocketHandler`).

Plain ``planlib serve`` runs :class:`LocalApp` (``python -m planlib.room
--lokal``): Voilà for one analyst on 127.0.0.1 with no login, which answers
only requests addressed to a loopback name (``127.0.0.1``, ``localhost``,
``[::1]`` with its port; a web page using DNS rebinding gets a 403 page), and
caps its page kernels as a room does. Both cull a kernel whose page never
connected (:attr:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider
from tornado import httputil, web
from traitlets import Bool, Int, List, Type, Unicode, default
from traitlets.config import Config
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from .. import settings
from ..accounts import sidik
from .addresses import is_loopback, loopback_host
from .authorizer import RoomAuthorizer
from .handlers import (
    HEADERS,
    BerandaHandler,
    HostDitolak,
    LocalRenderHandler,
    RoomRenderHandler,
    RoomShutdownHandler,
    RoomWebsocketHandler,
    StartHandler,
    StatusHandler,
    ViewsHandler,
    log_request,
)
from .identity import MASUK, RoomIdentityProvider, RoomUser
from .kernels import PlanlibVoila
from .views import BAGIKAN, Views


class LocalApp(PlanlibVoila):
    """Plain ``planlib serve``: Voilà for one analyst on loopback, no login, capped, Host-checked.

    Without a login, the only thing between a web page in the analyst's browser
    and the dashboards is the address: a page from another site that makes its
    own name resolve to 127.0.0.1 (DNS rebinding) reaches this server with its
    own name in the ``Host`` header. Every request whose ``Host`` is not
    ``127.0.0.1``, ``localhost`` or ``[::1]`` with this server's port is
    answered 403 (:class:`HostDitolak`) before any handler runs, websockets and
    static files included. Page kernels are capped as in a room
    (``--kapasitas``; the preheated pool is not counted), and a kernel whose
    page never connected is shut down.
    """

    name = "planlib-serve"

    def initialize(self, argv: Any = None) -> None:
        """Voilà's start-up; only loopback addresses may be listened on.

        Parameters
        ----------
        argv : list of str, optional
            The command-line arguments (Voilà's).
        """
        super().initialize(argv)
        if not is_loopback(self.ip):
            raise SystemExit("planlib serve tanpa --bagikan hanya mendengarkan 127.0.0.1.")

    def init_settings(self) -> dict:
        """Voilà's settings, the access log, and this app for its handlers.

        Returns
        -------
        dict
            The tornado application settings.
        """
        settings = super().init_settings()
        settings["planlib_lokal"] = self
        settings["allow_remote_access"] = False  # Jupyter Server's own Host check, as a second line
        return settings

    def init_handlers(self) -> list:
        """Voilà's handlers with the capped render handler and planlib's front page.

        Returns
        -------
        list
            Tornado's ``(pattern, handler[, kwargs])`` routes.
        """
        out = []
        for h in super().init_handlers():
            if h[1] is TornadoVoilaHandler:
                h = (h[0], LocalRenderHandler, *h[2:])
            elif h[1] is TornadoVoilaTreeHandler:  # Voilà's English file list
                h = (h[0], BerandaHandler)
            out.append(h)
        return out

    def listen(self) -> None:
        """Refuse every request not addressed to this machine's loopback, then listen."""
        app = self.app
        plain = app.find_handler

        def find_handler(request: httputil.HTTPServerRequest, **kwargs: Any) -> Any:
            if not loopback_host(request.host, self.port):
                return app.get_handler_delegate(request, HostDitolak)
            return plain(request, **kwargs)

        app.find_handler = find_handler
        super().listen()


class RoomApp(PlanlibVoila):
    """Voilà for a room: logins, roles, a kernel cap and the kernel-free views."""

    name = "planlib-room"
    workspace = Unicode(config=True, help="The workspace (accounts, kernel-free views).")
    tahun = Int(0, config=True, help="The year the kernel-free views open on; 0: the latest.")
    alamat = List(Unicode(), config=True, help="The URLs the server is reached at (start page QR).")
    proxy = Bool(
        False,
        config=True,
        help="Behind a TLS reverse proxy on this machine: listen on loopback only and trust "
        "X-Forwarded-Proto / X-Real-IP (Secure login cookie over https; the login limit per client).",
    )

    identity_provider_class = Type(
        default_value=RoomIdentityProvider, klass=IdentityProvider, config=True
    )
    authorizer_class = Type(default_value=RoomAuthorizer, klass=Authorizer, config=True)

    @default("workspace")
    def _workspace_default(self) -> str:
        return os.environ.get(settings.WORKSPACE, "")

    def initialize(self, argv: Any = None) -> None:
        """Voilà's start-up, then the room's settings (these cannot be configured away).

        Parameters
        ----------
        argv : list of str, optional
            The command-line arguments (Voilà's).
        """
        super().initialize(argv)
        if not self.workspace or not (Path(self.workspace) / "planlib.toml").is_file():
            raise SystemExit(f"planlib: {self.workspace!r} bukan workspace planlib.")
        if not issubclass(self.identity_provider_class, RoomIdentityProvider):
            raise SystemExit("planlib: server ruang harus memakai RoomIdentityProvider.")
        vc = self.voila_configuration
        vc.preheat_kernel = False  # a kernel is started for one account, never ahead of it
        vc.http_header_envs = list(HEADERS)
        cull = self.config.get("MappingKernelManager", Config())
        self.update_config(Config({
            "KernelManager": {"transport": "ipc"},
            "MappingKernelManager": {
                "cull_idle_timeout": min(int(cull.get("cull_idle_timeout", 600)), 600),
                "cull_interval": 60, "cull_connected": False,
            },
        }))  # fmt: skip
        if self.proxy and not is_loopback(self.ip):
            raise SystemExit("planlib: di balik proxy, server ruang hanya mendengarkan 127.0.0.1.")
        self.views = Views(Path(self.workspace), self.tahun)
        #: the kernels' open websockets (closed when their session ends)
        self.sockets: set[RoomWebsocketHandler] = set()

    async def periksa(self) -> None:
        """End what belongs to ended sessions, then the kernels whose page never connected.

        The account store is read once: a kernel or websocket whose login
        session is no longer open (revoked account, new link, logout,
        expiry) is shut down or closed at once.
        """
        ip = self.identity_provider
        assert isinstance(ip, RoomIdentityProvider)
        aktif = ip.store.sesi_aktif()
        for ws in list(self.sockets):
            user = ws.current_user
            if not isinstance(user, RoomUser) or sidik(user.sesi) not in aktif:
                self.sockets.discard(ws)
                ws.close(1008, "Sesi berakhir")
        for kid, h in list(self.km.halaman.items()):
            if h.sesi not in aktif:
                await self.akhiri(kid, f"sesi akun {h.nama!r} berakhir")
        await super().periksa()

    def listen(self) -> None:
        """Voilà's listen; behind a proxy, tornado reads the client's scheme and address from it.

        With :attr:`proxy`, the HTTP server is started with ``xheaders=True``:
        ``request.protocol`` follows ``X-Forwarded-Proto`` (so Jupyter Server's
        :meth:`~jupyter_server.auth.IdentityProvider.set_login_cookie` marks the
        cookie ``Secure`` over https) and ``request.remote_ip`` follows
        ``X-Real-IP`` / ``X-Forwarded-For`` (so the login limit counts each client).
        Only on loopback, where no one but the proxy can set those headers.
        """
        if self.proxy:
            app = self.app
            plain = type(app).listen
            app.listen = functools.partial(plain, app, xheaders=True)
        super().listen()

    @property
    def workspace_path(self) -> Path:
        """The room's workspace (:attr:`workspace`)."""
        return Path(self.workspace)

    def init_settings(self) -> dict:
        """Voilà's settings with the room's login page, access log and XSRF cookies.

        Returns
        -------
        dict
            The tornado application settings.
        """
        settings = super().init_settings()
        settings["login_url"] = self.base_url.rstrip("/") + MASUK
        settings["log_function"] = log_request
        settings["xsrf_cookies"] = True
        settings["planlib_room"] = self
        return settings

    def init_handlers(self) -> list:
        """Voilà's handlers with the room's start page, render and shutdown handlers, and views.

        Returns
        -------
        list
            Tornado's ``(pattern, handler[, kwargs])`` routes, the room's first.
        """
        base = self.server_url.rstrip("/")
        out: list = [
            (base + "/", StartHandler),
            (base + "/status", StatusHandler),
            (base + "/bagikan", web.RedirectHandler, {"url": base + BAGIKAN}),
            (
                base + BAGIKAN + "(.*)",
                ViewsHandler,
                {"path": str(self.views.folder), "default_filename": "index.html"},
            ),  # fmt: skip
        ]
        for h in super().init_handlers():
            pattern, cls = h[0], h[1]
            if cls is TornadoVoilaTreeHandler:
                if pattern == self.server_url:
                    continue  # the start page replaces the tree at /
                h = (pattern, StartHandler)  # and at /voila/tree
            if cls is TornadoVoilaHandler:
                h = (pattern, RoomRenderHandler, *h[2:])
            elif pattern.endswith("/voila/api/shutdown/(.*)"):
                h = (pattern, RoomShutdownHandler)
            elif cls is VoilaKernelWebsocketHandler:
                h = (pattern, RoomWebsocketHandler, *h[2:])
            out.append(h)
        return out

    def start(self) -> None:
        """Write the kernel-free views in the background, then serve."""
        self.views.start()
        try:
            super().start()
        finally:
            self.views.remove()

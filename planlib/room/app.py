"""The room server: Voilà with accounts, roles, a kernel cap and the kernel-free views.

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
- a ``tamu`` may open only :data:`UNTUK_TAMU`, a ``kecamatan`` account only
  :data:`UNTUK_KECAMATAN` (:func:`boleh_dibuka`); any other dashboard answers
  with a refusal page before a kernel exists; a ``kecamatan`` account's
  kecamatan code goes to the kernel the same way as its name and role;
- a cap on kernels with a reserve for analysts (:mod:`.capacity`); above it
  the visitor gets "Server sedang penuh" at once, linking to the kernel-free
  view of the same Dapil;
- the kernel-free views (``planlib.bagikan``) are written at start-up into a
  folder the server owns and served read-only under ``/bagikan/``;
- preheated kernels are off (each kernel is started for one account), kernels
  talk over IPC sockets, and a kernel whose page has closed is culled;
- the server polls the account store (:meth:`RoomApp.periksa`): when a
  session ends (logout, expiry, a new link, ``planlib pengguna cabut``) its
  kernels are shut down and its websockets closed at once, and every kernel
  message is checked against the session first (:class:`RoomWebsocketHandler`).

Plain ``planlib serve`` runs :class:`LocalApp` (``python -m planlib.room
--lokal``): Voilà for one analyst on 127.0.0.1 with no login, which answers
only requests addressed to a loopback name (``127.0.0.1``, ``localhost``,
``[::1]`` with its port; a web page using DNS rebinding gets a 403 page), and
caps its page kernels as a room does. Both cull a kernel whose page never
connected (:attr:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from tornado import httputil, web
from tornado.ioloop import PeriodicCallback
from tornado.log import access_log, app_log
from traitlets import Bool, Float, Int, List, Type, Unicode, default
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from .. import settings
from ..accounts import sidik
from . import beranda, pages
from .addresses import is_loopback, loopback_host
from .authorizer import RoomAuthorizer, owns_kernel
from .beranda import dashboard_label
from .capacity import HEADER_KECAMATAN, HEADER_PENGGUNA, HEADER_PERAN, SLOT, RoomKernelManager
from .identity import KELUAR, MASUK, Redacted, RoomIdentityProvider, RoomUser, _RoomHandler, redact
from .views import BERKAS

#: The dashboards a ``tamu`` may open (read-only); every other notebook is for analysts only.
UNTUK_TAMU = frozenset(
    {
        "01-peta-usulan.ipynb", "02-indikator.ipynb", "03-forum-dapil.ipynb",
        "05-lintas-pd.ipynb", "07-rembuk-remas.ipynb",
    }
)  # fmt: skip
#: The dashboards a kecamatan's delegate may open: the tamu's; in the Rembuk Remas (07) it
#: records for its own kecamatan's desa. The forum decisions (04), the Rakerda (06) and the
#: workspace check (00) stay the analysts'.
UNTUK_KECAMATAN = UNTUK_TAMU
#: The dashboards each role other than ``analis`` may open; a role not named here opens none.
DASBOR_PERAN = {"tamu": UNTUK_TAMU, "kecamatan": UNTUK_KECAMATAN}
#: Why a dashboard is for analysts only (shown on the refusal page).
ALASAN_ANALIS = {
    "04-forum-perangkat-daerah.ipynb": "mencatat keputusan forum",
    "00-periksa-workspace.ipynb": "menampilkan berkas dan masalah data workspace",
}
#: Where the kernel-free views are served.
BAGIKAN = "/bagikan/"
_HEADERS = (HEADER_PENGGUNA, HEADER_PERAN, HEADER_KECAMATAN)


def boleh_dibuka(peran: str, notebook: str) -> bool:
    """Whether an account of role ``peran`` may open the dashboard ``notebook``.

    Parameters
    ----------
    peran : str
        The account's role.
    notebook : str
        The notebook's path under the served folder (``07-rembuk-remas.ipynb``).

    Returns
    -------
    bool
        Every notebook for an ``analis``; :data:`DASBOR_PERAN` for the others.
    """
    return peran == "analis" or notebook in DASBOR_PERAN.get(peran, frozenset())


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's access log line, with login secrets hidden (:func:`.identity.redact`).

    Parameters
    ----------
    handler : tornado.web.RequestHandler
        The handler of the finished request.
    """
    status = handler.get_status()
    log = access_log.info if status < 400 else access_log.warning
    if status >= 500:
        log = access_log.error
    ms = 1000.0 * handler.request.request_time()
    r = handler.request
    log("%d %s %s (%s) %.2fms", status, r.method, redact(r.uri or ""), r.remote_ip, ms)


class Views:
    """The kernel-free views, written once at start-up into a folder the server owns.

    Parameters
    ----------
    workspace : Path
        The workspace to write the views of.
    tahun : int
        The year the views open on; 0: the workspace's latest.
    """

    def __init__(self, workspace: Path, tahun: int = 0):
        self.workspace, self.tahun = workspace, tahun
        self.root = Path(tempfile.mkdtemp(prefix="planlib-bagikan-"))
        self.folder = self.root / "siap"
        self.error: str | None = None

    def start(self) -> None:
        """Write the views in a child process (the server answers meanwhile)."""
        threading.Thread(target=self._write, daemon=True, name="planlib-bagikan").start()

    def _write(self) -> None:
        tmp = self.root / "sedang"
        # -P and a folder of its own: never a module from the server's working folder
        cmd = [sys.executable, "-P", "-m", "planlib.room.views", str(self.workspace.resolve()),
               str(tmp), str(self.tahun)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode == 0:
            tmp.rename(self.folder)
        else:
            self.error = (done.stderr.strip().splitlines() or ["tidak diketahui"])[-1]
            print(
                f"planlib: tampilan tanpa server tidak dapat dibuat: {self.error}", file=sys.stderr
            )

    @property
    def ready(self) -> bool:
        """True once the views are written."""
        return self.folder.is_dir()

    def files(self) -> list[tuple[str, str]]:
        """(file name, title) of each view, the index first.

        Returns
        -------
        list of tuple of (str, str)
            Empty while the views are not written yet.
        """
        if not self.ready:
            return []
        out = []
        for p in sorted(self.folder.glob("*.html"), key=lambda p: (p.name != "index.html", p.name)):
            head = p.read_text(encoding="utf-8", errors="replace")[:4000]
            m = re.search(r"<title>(.*?)</title>", head, re.S)
            out.append((p.name, m.group(1).strip() if m else p.name))
        return out

    def link(self, dapil: str | None) -> str:
        """The view of ``dapil`` (``"2"``, ``"Dapil 2"``, its name), else the index.

        Parameters
        ----------
        dapil : str or None
            The dapil asked for (the ``?dapil=`` of a link), by number or name; None for the index.

        Returns
        -------
        str
            The view's address: ``/bagikan/`` and its file name.
        """
        berkas = self.folder / BERKAS
        if dapil and berkas.is_file():
            files = {k.casefold(): v for k, v in json.loads(berkas.read_text(encoding="utf-8")).items()}  # fmt: skip
            for cand in (dapil, f"Dapil {dapil}"):
                name = files.get(" ".join(cand.split()).casefold())
                if name and (self.folder / name).is_file():
                    return BAGIKAN + name
        return BAGIKAN + "index.html"

    def remove(self) -> None:
        """Delete the folder."""
        shutil.rmtree(self.root, ignore_errors=True)


def from_another_site(request: httputil.HTTPServerRequest) -> bool:
    """Whether a browser sent this request for another site's image, frame, script or fetch.

    Browsers mark every request with ``Sec-Fetch-Site`` and ``Sec-Fetch-Dest``: a
    dashboard opened by the person (a link, the address bar) is a ``document``;
    anything else coming from another site's page must not start a kernel.
    Requests without these headers (older browsers, other clients) are not refused
    here; the cap and the cull of kernels whose page never connects still hold.

    Parameters
    ----------
    request : tornado.httputil.HTTPServerRequest
        The request.

    Returns
    -------
    bool
    """
    site = request.headers.get("Sec-Fetch-Site", "")
    dest = request.headers.get("Sec-Fetch-Dest", "")
    return site in ("cross-site", "same-site") and dest not in ("document", "")


def _refuse_embedded(handler: web.RequestHandler) -> bool:
    if not from_another_site(handler.request):
        return False
    _finish_page(handler, "galat", "Ditolak", 403, kode="403", pesan=pages.esc(
        "Dasbor hanya dibuka sebagai halaman, bukan dari dalam situs lain."
    ))  # fmt: skip
    return True


def _finish_page(handler: web.RequestHandler, name: str, judul: str, status: int, **values: str) -> None:  # fmt: skip
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    user = handler.current_user  # plain serve has no logins: no name, no "belum masuk"
    siapa = (
        user.username
        if isinstance(user, RoomUser)
        else ("" if "planlib_room" in handler.settings else None)
    )
    handler.finish(pages.render(name, judul, siapa, **values))  # fmt: skip


class RoomRenderHandler(Redacted, TornadoVoilaHandler):
    """``/voila/render/…``: role check, then a kernel slot, then Voilà; the account goes to the kernel."""

    async def prepare(self) -> None:
        """Drop the room's headers the browser sent, log in, then set them from the account.

        The kernel reads who it runs for from these headers
        (:data:`~planlib.room.capacity.HEADER_PENGGUNA`, ``HEADER_PERAN`` and,
        for a ``kecamatan`` account, ``HEADER_KECAMATAN``), so only the
        server's session may set them.
        """
        for h in _HEADERS:  # never what the browser sent
            if h in self.request.headers:
                del self.request.headers[h]
        done = super().prepare()
        if done is not None:
            await done
        user = self.current_user
        if isinstance(user, RoomUser):
            self.request.headers[HEADER_PENGGUNA] = user.username
            self.request.headers[HEADER_PERAN] = user.peran
            if user.kecamatan:
                self.request.headers[HEADER_KECAMATAN] = user.kecamatan

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        """Refuse a tamu or kecamatan on an analysts' dashboard; "penuh" above the cap; else render.

        Parameters
        ----------
        path : str or None
            The notebook's path, the part of the URL after ``/voila/render/``.
        """
        user = self.current_user
        assert isinstance(user, RoomUser)
        app: RoomApp = self.settings["planlib_room"]
        notebook = (path or "").strip("/")
        if not boleh_dibuka(user.peran, notebook):
            _finish_page(
                self, "tolak", "Hanya untuk analis", 403,
                dasbor=pages.esc(dashboard_label(Path(notebook).name) if notebook else "Dasbor"),
                nama=pages.esc(user.username),
                tautan=pages.esc(app.views.link(self.get_argument("dapil", None))),
                beranda=pages.esc(self.base_url),
            )  # fmt: skip
            return
        if _refuse_embedded(self):
            return
        km = self.kernel_manager
        assert isinstance(km, RoomKernelManager)  # RoomApp.initialize makes it so
        slot = km.admit(user.peran, user.username, sidik(user.sesi))
        if slot is None:
            dapil = self.get_argument("dapil", None)
            tautan = pages.esc(app.views.link(dapil))
            nama = pages.esc(f"Dapil {dapil}" if dapil else "tanpa server")
            if km.penuh_akun(user.peran, user.username):
                _finish_page(
                    self, "batas", "Terlalu banyak dasbor terbuka", 429,
                    jumlah=str(km.batas_akun(user.peran)), tautan=tautan, nama=nama,
                    beranda=pages.esc(self.base_url),
                )  # fmt: skip
                return
            _finish_page(
                self, "penuh", "Server sedang penuh", 503,
                kapasitas=str(km.cap), tautan=tautan, nama=nama, beranda=pages.esc(self.base_url),
            )  # fmt: skip
            return
        await render_admitted(self, km, slot, path)


async def render_admitted(
    handler: TornadoVoilaHandler, km: RoomKernelManager, slot: str, path: str | None
) -> None:
    """Voilà's render of ``path`` for an admitted page; the slot goes back when the page has loaded.

    The slot is the :data:`~planlib.room.capacity.SLOT` of this request while
    Voilà starts (or takes from its pool) the page's kernel, so the kernel
    manager knows whose page it is; once the page has loaded,
    :meth:`~planlib.room.capacity.RoomKernelManager.selesai` starts the
    clock of :attr:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman`.

    Parameters
    ----------
    handler : TornadoVoilaHandler
        The render request.
    km : RoomKernelManager
        The server's kernel manager.
    slot : str
        From :meth:`~planlib.room.capacity.RoomKernelManager.admit`.
    path : str or None
        The notebook's path.
    """
    token = SLOT.set(slot)
    try:
        done = TornadoVoilaHandler.get(handler, path)
        if done is not None:
            await done
    finally:
        SLOT.reset(token)
        km.selesai(slot)


class RoomShutdownHandler(Redacted, JupyterHandler):
    """``/voila/api/shutdown/<kernel>`` (a page closing): only the kernel's own account may."""

    @web.authenticated
    async def post(self, kernel_id: str) -> None:
        """Shut the kernel down when it belongs to the logged-in account.

        Parameters
        ----------
        kernel_id : str
            The kernel's id, the part of the URL after ``/voila/api/shutdown/``.
        """
        self.kernel_id = kernel_id
        if not owns_kernel(self, self.current_user):
            raise web.HTTPError(403)
        await self.kernel_manager.shutdown_kernel(kernel_id)
        self.set_status(204)
        self.finish()


class RoomWebsocketHandler(VoilaKernelWebsocketHandler):
    """A kernel's websocket in a room: every message is checked against the login session first.

    A message from a page whose session has ended (``planlib pengguna cabut``,
    a new link, logging out, expiry) never reaches the kernel: the socket is
    closed instead. :meth:`RoomApp.periksa` closes such sockets within a
    second even when they are quiet, and shuts their kernels down.
    """

    async def open(self, kernel_id: str) -> None:
        """Connect to the kernel; the room keeps a list of open sockets.

        Parameters
        ----------
        kernel_id : str
            The kernel's id.
        """
        self.settings["planlib_room"].sockets.add(self)
        await super().open(kernel_id)

    def on_message(self, message: str | bytes) -> None:
        """Pass a message to the kernel while the page's session is open; else close the socket.

        Parameters
        ----------
        message : str or bytes
            A kernel message from the page.
        """
        ip = self.identity_provider
        if not (isinstance(ip, RoomIdentityProvider) and ip.berlaku(self.current_user)):
            self.close(1008, "Sesi berakhir")
            return
        super().on_message(message)

    def on_close(self) -> None:
        """Forget the socket, then Jupyter Server's clean-up."""
        self.settings["planlib_room"].sockets.discard(self)
        super().on_close()


class StartHandler(_RoomHandler):
    """``/`` (and ``/voila/tree``): the room's front page for the logged-in account.

    The workspace's name and year, the kernel-free view of each Dapil, the
    dashboards the account's role may open grouped by purpose
    (:func:`.beranda.daftar_dasbor`; a tamu sees the kernel-free views first),
    the server's addresses with their QR codes, and the logout button. Nothing
    of it is shown before a login.
    """

    @web.authenticated
    def get(self, path: str | None = None) -> None:
        """The front page.

        Parameters
        ----------
        path : str, optional
            The rest of a ``/voila/tree/…`` address: not read, the same page is shown.
        """
        user = self.current_user
        assert isinstance(user, RoomUser)
        app: RoomApp = self.settings["planlib_room"]
        if path and path.strip("/"):
            self.redirect(self.base_url)
            return
        info = app.ringkasan
        files = app.views.files()
        if files:
            items = "".join(
                f"<li><a href='{pages.esc(BAGIKAN + f)}'>{pages.esc(t)}</a></li>" for f, t in files
            )
            views = f"<ul class='daftar'>{items}</ul>"
        elif app.views.error:
            views = f"<p class='pesan'>Tampilan tanpa server tidak dapat dibuat: {pages.esc(app.views.error)}</p>"  # fmt: skip
        else:
            views = "<p>Sedang disiapkan … muat ulang halaman ini sebentar lagi.</p>"
        views = (
            "<h2>Tampilan tanpa server</h2><div class='kotak'><p>Peta dan usulan tiap Dapil, "
            "cepat di ponsel; filter bekerja di peramban; dapat diunduh dan dibagikan.</p>"
            f"{views}</div>"
        )
        allowed = [nb for nb in app.dashboards() if boleh_dibuka(user.peran, nb)]
        dash = (
            "<h2>Dasbor interaktif</h2><div class='kotak'>"
            f"{beranda.daftar_dasbor(allowed, self.base_url, tingkat=3, kotak=False)}</div>"
        )
        alamat = "".join(
            f"<figure>{pages.qr_svg(u)}<figcaption><a href='{pages.esc(u)}'>{pages.esc(u)}</a></figcaption></figure>"
            for u in app.alamat
        ) or "<p>–</p>"  # fmt: skip
        self.page(
            "mulai", beranda.judul_beranda(info), 200,
            kepala=beranda.kepala(info, f"Selamat datang, {user.username}"),
            bagian=(views + dash) if user.peran == "tamu" else (dash + views),
            alamat=alamat, keluar=pages.esc(self.base_url.rstrip("/") + KELUAR),
            xsrf=self.xsrf_form_html(),
        )  # fmt: skip


class ViewsHandler(Redacted, JupyterHandler, web.StaticFileHandler):
    """``/bagikan/<file>``: the kernel-free views, read-only, for any logged-in account."""

    @web.authenticated
    def get(self, path: str, include_body: bool = True) -> Any:  # type: ignore[override]
        """A view; the index for the folder; a note while the views are being written.

        Parameters
        ----------
        path : str
            The part of the URL after ``/bagikan/`` (empty for the index).
        include_body : bool
            False for a HEAD request.

        Returns
        -------
        Any
            None, or the awaitable of :meth:`tornado.web.StaticFileHandler.get`.
        """
        app: RoomApp = self.settings["planlib_room"]
        if not app.views.ready:
            self.set_header("Refresh", "5")
            self.set_status(503)
            self.finish("<p>Tampilan tanpa server sedang disiapkan …</p>")
            return None
        return web.StaticFileHandler.get(self, path or "index.html", include_body)

    def compute_etag(self) -> str | None:
        """No etag: the files change with each start.

        Returns
        -------
        None
            Always.
        """
        return None


class StatusHandler(_RoomHandler):
    """``/status``: live kernels and the cap, as JSON, for analysts (monitoring, benchmarks)."""

    @web.authenticated
    def get(self) -> None:
        """The counts."""
        user = self.current_user
        if getattr(user, "peran", "") != "analis":
            raise web.HTTPError(403)
        km = self.kernel_manager
        assert isinstance(km, RoomKernelManager)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({
            "kernel": len(km.list_kernel_ids()), "dipakai": km.in_use(), "kapasitas": km.cap,
            "cadangan": km.cadangan, "per_akun": {p: km.batas_akun(p) for p in ("analis", "tamu")},
        }))  # fmt: skip


class PlanlibVoila(Voila):
    """What both of planlib's Voilà servers add: the capped kernel manager and its watch.

    Every :attr:`periksa_detik` seconds :meth:`periksa` shuts down the kernels
    whose page never connected (:meth:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman_ids`);
    the room adds the end of sessions.
    """

    periksa_detik = Float(
        1.0, config=True, help="How often kernels and sessions are checked, in seconds."
    )

    def initialize(self, argv: Any = None) -> None:
        """Voilà's start-up with :class:`~planlib.room.capacity.RoomKernelManager`.

        Parameters
        ----------
        argv : list of str, optional
            The command-line arguments (Voilà's).
        """
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = RoomKernelManager
        # planlib's template reads the pages' titles from here (resources.planlib.judul)
        notebooks = [p.name for p in sorted(Path(self.root_dir).glob("*.ipynb"))]
        resources = {"planlib": {"judul": beranda.judul_halaman(notebooks, self.ringkasan.nama)}}
        self.voila_configuration.config.VoilaConfiguration.resources = resources

    @property
    def workspace_path(self) -> Path:
        """The workspace the kernels open (``PLANLIB_WORKSPACE``)."""
        return Path(os.environ.get(settings.WORKSPACE, "") or ".")

    @property
    def ringkasan(self) -> beranda.Ringkasan:
        """The workspace's name, year and label as the front page shows them (read each time)."""
        return beranda.ringkasan(self.workspace_path, int(getattr(self, "tahun", 0) or 0))

    def dashboards(self) -> list[str]:
        """The dashboards' notebooks (``NN-nama.ipynb``) in the served folder.

        Returns
        -------
        list of str
            The file names, in order.
        """
        return [p.name for p in sorted(Path(self.root_dir).glob("0[0-9]-*.ipynb"))]

    def init_settings(self) -> dict:
        """Voilà's settings; a page taken from the preheated pool is recorded as a page's kernel.

        Returns
        -------
        dict
            The tornado application settings.
        """
        settings = super().init_settings()
        km = self.kernel_manager
        plain = getattr(km, "get_rendered_notebook", None)
        if plain is not None:  # preheating (plain serve): Voilà hands a pooled kernel to the page

            async def taken(*args: Any, **kwargs: Any) -> Any:
                out = await plain(*args, **kwargs)
                km.untuk_halaman(out[2])  # (render task, rendered cells, kernel id)
                return out

            km.get_rendered_notebook = taken
        return settings

    @property
    def km(self) -> RoomKernelManager:
        """The server's kernel manager."""
        km = self.kernel_manager
        assert isinstance(km, RoomKernelManager)
        return km

    async def akhiri(self, kernel_id: str, alasan: str) -> None:
        """Shut a kernel down now, and say why in the log.

        Parameters
        ----------
        kernel_id : str
            The kernel's id (one already gone is ignored).
        alasan : str
            Why, for the log.
        """
        km = self.km
        if kernel_id not in km:
            return
        self.log.info("planlib: kernel %s dihentikan: %s", kernel_id, alasan)
        km.halaman.pop(kernel_id, None)  # not twice
        try:
            await km.shutdown_kernel(kernel_id, now=True)
        except (KeyError, RuntimeError) as e:  # gone meanwhile
            self.log.debug("kernel %s: %s", kernel_id, e)

    async def periksa(self) -> None:
        """Shut down the kernels whose page never connected in time, or has gone."""
        for kid in self.km.tanpa_halaman_ids():
            await self.akhiri(kid, "halamannya tidak pernah tersambung")
        for kid in self.km.ditinggal_ids():
            await self.akhiri(kid, "halamannya sudah ditutup")

    async def _periksa(self) -> None:
        try:
            await self.periksa()
        except Exception:  # the watch must keep running
            app_log.exception("planlib: pemeriksaan kernel gagal")

    def listen(self) -> None:
        """Start the watch, then Voilà's listen (which runs the event loop)."""
        PeriodicCallback(self._periksa, self.periksa_detik * 1000).start()
        super().listen()


class HostDitolak(web.RequestHandler):
    """Any request to :class:`LocalApp` addressed to a name other than this machine's loopback."""

    def prepare(self) -> None:
        """Answer 403 with a page in Bahasa Indonesia, whatever the method or path."""
        app: LocalApp = self.settings["planlib_lokal"]
        self.set_status(403)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.render(
            "host", "Alamat tidak dilayani", None,
            alamat=pages.esc(f"http://127.0.0.1:{app.port}/"), host=pages.esc(self.request.host),
        ))  # fmt: skip


class BerandaHandler(Redacted, JupyterHandler):
    """``/`` and ``/voila/tree`` of plain ``planlib serve``: planlib's front page, not Voilà's file list."""

    @web.authenticated
    def get(self, path: str | None = None) -> None:
        """The front page: the workspace, and every dashboard grouped by purpose.

        Parameters
        ----------
        path : str, optional
            The rest of a ``/voila/tree/…`` address: sent back to the front page.
        """
        if path and path.strip("/"):
            self.redirect(self.base_url)
            return
        app: LocalApp = self.settings["planlib_lokal"]
        info = app.ringkasan
        if info.siap:
            notebooks = app.dashboards()
            if (Path(app.root_dir) / beranda.SIAPKAN).is_file():
                notebooks.append(beranda.SIAPKAN)
            isi = beranda.daftar_dasbor(notebooks, self.base_url)
        else:
            tautan = pages.esc(self.base_url + "voila/render/" + beranda.SIAPKAN)
            isi = (
                "<div class='kotak'><p>Folder ini belum berisi workspace planlib. Pilih "
                "kabupaten/kota dan tambahkan berkasnya di halaman persiapan.</p>"
                f"<p><a class='tombol' href='{tautan}'>Siapkan workspace</a></p></div>"
            )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.render("beranda", beranda.judul_beranda(info), None,
                                 kepala=beranda.kepala(info), isi=isi))  # fmt: skip


class LocalRenderHandler(Redacted, TornadoVoilaHandler):
    """``/voila/render/…`` of plain ``planlib serve``: a kernel slot under the cap, then Voilà."""

    async def get(self, path: str | None = None) -> None:
        """Refuse another site's subrequest; say "penuh" above the cap; else render.

        Parameters
        ----------
        path : str or None
            The notebook's path, the part of the URL after ``/voila/render/``.
        """
        if _refuse_embedded(self):
            return
        km = self.kernel_manager
        assert isinstance(km, RoomKernelManager)  # PlanlibVoila.initialize makes it so
        slot = km.admit("analis")
        if slot is None:
            _finish_page(self, "penuh_lokal", "Server sedang penuh", 503, kapasitas=str(km.cap))
            return
        await render_admitted(self, km, slot, path)


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
        vc.http_header_envs = list(_HEADERS)
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

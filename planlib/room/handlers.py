"""The requests the Voilà servers answer themselves: who opens which dashboard, and the pages.

The room's (``planlib serve --bagikan``, :class:`~planlib.room.app.RoomApp`):

- :func:`boleh_dibuka`: a ``tamu`` may open only :data:`UNTUK_TAMU`, a
  ``kecamatan`` account only :data:`UNTUK_KECAMATAN`; any other dashboard
  answers with a refusal page before a kernel exists;
- :class:`RoomRenderHandler`: on each dashboard request the ``X-Planlib-*``
  headers (:data:`HEADERS`) the browser sent are dropped and set from the
  logged-in account (Voilà hands them to the kernel); above the kernel cap the
  visitor gets "Server sedang penuh" at once, linking to the kernel-free view;
- :class:`RoomShutdownHandler` and :class:`RoomWebsocketHandler`: only the
  kernel's own account may shut it down; every kernel message is checked
  against the login session first;
- the front page (:class:`StartHandler`), the kernel-free views
  (:class:`ViewsHandler`), the live counts (:class:`StatusHandler`), and the
  access log with login secrets hidden (:func:`log_request`).

Plain ``planlib serve``'s (:class:`~planlib.room.app.LocalApp`): the 403 page
for a request addressed to another host name (:class:`HostDitolak`), the
front page (:class:`BerandaHandler`) and the capped render
(:class:`LocalRenderHandler`). Both servers refuse a dashboard asked for by
another site's page (:func:`from_another_site`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from tornado import httputil, web
from tornado.log import access_log
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..accounts import sidik
from . import beranda, pages
from .authorizer import owns_kernel
from .beranda import dashboard_label
from .capacity import HEADER_KECAMATAN, HEADER_PENGGUNA, HEADER_PERAN, SLOT, RoomKernelManager
from .identity import KELUAR, Redacted, RoomIdentityProvider, RoomUser, _RoomHandler, redact
from .views import BAGIKAN

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
#: The headers the server sets from the logged-in account for the kernel (the browser's are
#: dropped first).
HEADERS = (HEADER_PENGGUNA, HEADER_PERAN, HEADER_KECAMATAN)


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
        for h in HEADERS:  # never what the browser sent
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
        app = self.settings["planlib_room"]  # the RoomApp (.app)
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
        app = self.settings["planlib_room"]  # the RoomApp (.app)
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
        app = self.settings["planlib_room"]  # the RoomApp (.app)
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


class HostDitolak(web.RequestHandler):
    """Any request to :class:`LocalApp` addressed to a name other than this machine's loopback."""

    def prepare(self) -> None:
        """Answer 403 with a page in Bahasa Indonesia, whatever the method or path."""
        app = self.settings["planlib_lokal"]  # the LocalApp (.app)
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
        app = self.settings["planlib_lokal"]  # the LocalApp (.app)
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

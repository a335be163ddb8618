"""Who is asking: Jupyter Server's identity hook backed by the workspace's accounts.

:class:`RoomIdentityProvider` is the ``identity_provider_class`` of the room
server. A person logs in at ``/masuk`` with their personal link
(``/masuk?token=…``) or with name and password (:class:`MasukHandler`); the
provider then sets Jupyter Server's signed login cookie with its own helper
(:meth:`~jupyter_server.auth.IdentityProvider.set_login_cookie`). The cookie
carries the account's name and its login session's id; :meth:`user_from_cookie`
checks the session against the account store on every request, so logging
out, a new link or revoking the account ends it at once. The cookie is
``HttpOnly`` and ``SameSite=Lax`` and lasts :data:`~planlib.accounts.SESI_JAM`
hours (:attr:`RoomIdentityProvider.lama_sesi_jam`), as does the session.
Failed logins are rate-limited per client address (:class:`RateLimiter`), the
page to go to after a login is checked (:func:`safe_next`), and the token
never reaches the log (:func:`redact`).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.ioloop import IOLoop
from tornado.log import app_log, gen_log
from traitlets import Float, Int, Unicode

from ..accounts import SESI_JAM, AccountStore, Akun
from . import pages

#: The login and logout paths.
MASUK = "/masuk"
KELUAR = "/keluar"

_SECRET = re.compile(r"((?:^|[?&;])(?:token|sandi|password|_xsrf)=)[^&;#]*", re.IGNORECASE)


def redact(uri: str) -> str:
    """``uri`` with the values of ``token``, ``sandi``, ``password`` and ``_xsrf`` hidden.

    Parameters
    ----------
    uri : str
        A request URI or a log message.

    Returns
    -------
    str
        The same text with each secret value as ``[disembunyikan]``.
    """
    return _SECRET.sub(r"\1[disembunyikan]", uri)


@dataclass
class RoomUser(User):
    """A Jupyter user with the account's role and session stamp."""

    peran: str = "tamu"
    sesi: str = ""
    #: A ``kecamatan`` account's kecamatan code; empty for the other roles.
    kecamatan: str = ""

    @classmethod
    def of(cls, akun: Akun) -> RoomUser:
        """The user of an account.

        Parameters
        ----------
        akun : Akun
            The account.

        Returns
        -------
        RoomUser
            Its name as username, name and display name, with its role, session stamp
            and kecamatan.
        """
        return cls(username=akun.nama, name=akun.nama, display_name=akun.nama,
                   peran=akun.peran, sesi=akun.sesi, kecamatan=akun.kecamatan or "")  # fmt: skip


class RateLimiter:
    """At most ``limit`` failed logins per client address within ``window`` seconds.

    Parameters
    ----------
    limit : int
        Failures allowed in the window.
    window : float
        The window in seconds.
    """

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        q = self._failures[key]
        now = time.monotonic()
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> bool:
        """True when ``key`` has used up its failures for now.

        Parameters
        ----------
        key : str
            The client address.

        Returns
        -------
        bool
            True while ``limit`` failures fall within the last ``window`` seconds.
        """
        return len(self._recent(key)) >= self.limit

    def failed(self, key: str) -> None:
        """Count one failed login for ``key``.

        Parameters
        ----------
        key : str
            The client address.
        """
        self._recent(key).append(time.monotonic())


class RoomIdentityProvider(IdentityProvider):
    """Jupyter Server identity from the workspace's accounts (``planlib pengguna``)."""

    workspace = Unicode("", config=True, help="The workspace whose accounts log in.")
    batas_gagal = Int(5, config=True, help="Failed logins allowed per client address per window.")
    jendela_gagal = Float(60.0, config=True, help="The rate-limit window, in seconds.")
    lama_sesi_jam = Float(
        SESI_JAM, config=True, help="How long a login lasts, in hours (cookie and server-side)."
    )

    def __init__(self, **kwargs: Any):
        kwargs.pop("login_handler_class", None)  # Voilà's; the room has its own
        super().__init__(**kwargs)
        if not self.workspace and self.parent is not None:
            self.workspace = str(getattr(self.parent, "workspace", "") or "")
        self.store = AccountStore(Path(self.workspace))
        self.rate_limiter = RateLimiter(self.batas_gagal, self.jendela_gagal)
        days = self.lama_sesi_jam / 24
        # the login cookie: never sent with another site's subrequests or forms, never read by
        # a script, and gone with the session (the server ends the session itself too)
        self.cookie_options = {"samesite": "Lax", "httponly": True, "expires_days": days,
                               **self.cookie_options}  # fmt: skip
        self.get_secure_cookie_kwargs = {"max_age_days": days, **self.get_secure_cookie_kwargs}

    @property
    def auth_enabled(self) -> bool:
        """Always: every page but the login page and static assets needs a login."""
        return True

    def get_handlers(self) -> list[tuple[str, object]]:
        """The login (``/masuk``) and logout (``/keluar``) pages.

        Returns
        -------
        list of tuple of (str, object)
            Jupyter Server's ``(path, handler)`` routes.
        """
        return [(MASUK, MasukHandler), (KELUAR, KeluarHandler)]

    async def get_user_token(self, handler: web.RequestHandler) -> User | None:
        """No server-wide token: a person logs in with their own link at ``/masuk``.

        Parameters
        ----------
        handler : tornado.web.RequestHandler
            The handler of the request (not read).

        Returns
        -------
        None
            Always.
        """
        return None

    def user_to_cookie(self, user: User) -> str:
        """The login cookie's content: the account name and its login session's id.

        Parameters
        ----------
        user : User
            The logged-in user (a :class:`RoomUser`).

        Returns
        -------
        str
            JSON with ``username`` and ``sesi``.
        """
        return json.dumps({"username": user.username, "sesi": getattr(user, "sesi", "")})

    def user_from_cookie(self, cookie_value: str) -> RoomUser | None:
        """The account of a login cookie, while it is active and its login session open.

        Parameters
        ----------
        cookie_value : str
            The signed cookie's content (:meth:`user_to_cookie`).

        Returns
        -------
        RoomUser or None
            The user, or None for a revoked account or a session that was
            logged out, expired, or ended by a new link.
        """
        data = json.loads(cookie_value)
        akun = self.store.sesi_berlaku(str(data.get("username", "")), str(data.get("sesi", "")))
        return None if akun is None else RoomUser.of(akun)

    async def masuk(self, handler: web.RequestHandler, akun: Akun | None) -> bool:
        """Log ``akun`` in on ``handler`` (the signed cookie); count a failure when None.

        Parameters
        ----------
        handler : tornado.web.RequestHandler
            The login page's handler (its client address counts the failure).
        akun : Akun or None
            The account the token or password matched, or None.

        Returns
        -------
        bool
            True when logged in.
        """
        if akun is None:
            self.rate_limiter.failed(handler.request.remote_ip or "")
            return False
        self.set_login_cookie(handler, RoomUser.of(akun))
        return True

    def berlaku(self, user: object) -> bool:
        """Whether ``user``'s login session is still open (checked on each kernel message).

        Parameters
        ----------
        user : object
            A request's ``current_user``.

        Returns
        -------
        bool
            False for anything but a :class:`RoomUser` whose session the store still holds.
        """
        if not isinstance(user, RoomUser):
            return False
        return self.store.sesi_berlaku(user.username, user.sesi) is not None


def _bad(c: str) -> bool:
    return c.isspace() or unicodedata.category(c)[0] in "CZ"  # controls, format chars, separators


def safe_next(target: str | None) -> str:
    """A local path to go to after login: ``target`` when it can only mean this server, else ``/``.

    Browsers drop tabs and newlines from a URL and read ``\\`` as ``/``, so
    ``/<TAB>/evil.example`` or ``/\\evil.example`` would leave the server. A
    target is kept only when it starts with a single ``/``, holds no
    whitespace or control character, and its path (the part before ``?``)
    holds no ``//``, no backslash and no whitespace or control character
    once percent-decoded either (repeatedly: ``%2509``).

    Parameters
    ----------
    target : str or None
        The ``next`` argument of the login page (already decoded once by tornado).

    Returns
    -------
    str
        ``target``, or ``"/"``.

    Examples
    --------
    >>> safe_next("/voila/render/01-peta-usulan.ipynb?dapil=Dapil%202")
    '/voila/render/01-peta-usulan.ipynb?dapil=Dapil%202'
    >>> safe_next("/\\t/evil.example/"), safe_next("/%09/evil.example"), safe_next("/%2F%2Fevil")
    ('/', '/', '/')
    >>> safe_next("//evil.example"), safe_next("/\\\\evil.example"), safe_next("https://evil.example")
    ('/', '/', '/')
    """
    if not target or not target.startswith("/") or any(_bad(c) for c in target):
        return "/"
    path = target.partition("?")[0]
    for _ in range(5):
        if not path.startswith("/") or "//" in path or "\\" in path or any(_bad(c) for c in path):
            return "/"
        decoded = unquote(path)
        if decoded == path:
            return target
        path = decoded
    return "/"


class Redacted(web.RequestHandler):
    """A handler whose log lines and error pages never show the request's secrets.

    Tornado logs an uncaught error with the whole request (its URI, so a
    login token); this logs the redacted summary only, and answers errors
    with a short page of its own (Voilà's application has no static path for
    Jupyter Server's error template).
    """

    def _request_summary(self) -> str:
        return f"{self.request.method} {redact(self.request.uri or '')} ({self.request.remote_ip})"

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Log an error with the redacted request summary (never the login token).

        Parameters
        ----------
        typ : type of BaseException or None
            The exception's class.
        value : BaseException or None
            The exception; a :class:`tornado.web.HTTPError` logs its message as a
            warning, anything else logs as an error with its traceback.
        tb : TracebackType or None
            Its traceback.
        """
        if isinstance(value, web.HTTPError):
            if value.log_message:
                gen_log.warning("%d %s: %s", value.status_code, self._request_summary(),
                                redact(value.log_message % value.args if value.args else value.log_message))  # fmt: skip
        else:
            app_log.error("Uncaught exception %s", self._request_summary(), exc_info=(typ, value, tb))  # type: ignore[arg-type]  # fmt: skip

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Answer an error with the room's short page in Bahasa Indonesia.

        Parameters
        ----------
        status_code : int
            The HTTP status (403, 404 … have their own message).
        **kwargs : Any
            Tornado's ``exc_info``; not shown to the visitor.
        """
        self.set_header("Content-Type", "text/html; charset=utf-8")
        pesan = _GALAT.get(status_code, "Permintaan tidak dapat dilayani.")
        self.finish(pages.render("galat", pesan.rstrip("."), "", kode=str(status_code),
                                 pesan=pages.esc(pesan)))  # fmt: skip


_GALAT = {
    403: "Akses ditolak.",
    404: "Halaman tidak ditemukan.",
    405: "Cara permintaan ini tidak diizinkan.",
    500: "Terjadi galat di server; lihat log server.",
}


class _RoomHandler(Redacted, JupyterHandler):
    """A page of the room server: the token never in the log, no referrer sent on."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    @property
    def room_identity(self) -> RoomIdentityProvider:
        ip = self.identity_provider
        assert isinstance(ip, RoomIdentityProvider)
        return ip

    def page(self, name: str, judul: str, status: int = 200, **values: str) -> None:
        """Finish with one of the room's pages (setting the XSRF cookie)."""
        _ = self.xsrf_token
        user = self.current_user
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.render(name, judul, getattr(user, "username", ""), **values))


class MasukHandler(_RoomHandler):
    """``/masuk``: the login page, the personal link (``?token=``) and the password form."""

    def _form(self, pesan: str = "", status: int = 200) -> None:
        self.page(
            "masuk", "Masuk", status,
            pesan=f"<p class='pesan'>{pages.esc(pesan)}</p>" if pesan else "",
            aksi=pages.esc(self.base_url.rstrip("/") + MASUK), xsrf=self.xsrf_form_html(),
            next=pages.esc(safe_next(self.get_argument("next", None))),
        )  # fmt: skip

    def _blocked(self) -> bool:
        if self.room_identity.rate_limiter.blocked(self.request.remote_ip or ""):
            self.set_header("Retry-After", str(int(self.room_identity.rate_limiter.window)))
            self._form("Terlalu banyak percobaan masuk yang gagal. Tunggu satu menit, lalu coba lagi.", 429)  # fmt: skip
            return True
        return False

    @allow_unauthenticated
    async def get(self) -> None:
        """Log in with the personal link, or show the form."""
        _ = self.xsrf_token  # the XSRF cookie, for the form and the dashboards' requests
        token = self.get_argument("token", None)
        if token is None:
            if self.current_user:
                self.redirect(safe_next(self.get_argument("next", None)))
                return
            self._form()
            return
        if self._blocked():
            return
        ip = self.room_identity
        akun = await IOLoop.current().run_in_executor(
            None, ip.store.masuk_token, token, ip.lama_sesi_jam
        )
        if await ip.masuk(self, akun):
            self.redirect(safe_next(self.get_argument("next", None)))
        else:
            self._form("Tautan masuk ini tidak berlaku (dicabut, diganti, atau salah salin).", 403)

    @allow_unauthenticated
    async def post(self) -> None:
        """Log in with name and password (the form; XSRF-checked by Jupyter Server)."""
        if self._blocked():
            return
        ip = self.room_identity
        nama, sandi = self.get_body_argument("nama", ""), self.get_body_argument("sandi", "")
        akun = await IOLoop.current().run_in_executor(
            None, ip.store.masuk_sandi, nama, sandi, ip.lama_sesi_jam
        )
        if await ip.masuk(self, akun):
            self.redirect(safe_next(self.get_body_argument("next", None)))
        else:
            self._form("Nama akun atau kata sandi salah.", 403)


class KeluarHandler(_RoomHandler):
    """``/keluar``: end the login session on the server, clear the cookie, back to the login page.

    Logging out is a form (POST, XSRF-checked), so another site cannot log a
    person out (and end their kernels) with a link; ``GET`` shows the button.
    """

    @allow_unauthenticated
    def get(self) -> None:
        """The logout button."""
        self.page("keluar", "Keluar", 200, aksi=pages.esc(self.base_url.rstrip("/") + KELUAR),
                  xsrf=self.xsrf_form_html())  # fmt: skip

    @allow_unauthenticated
    def post(self) -> None:
        """Log out: the session ends in the store, so a copy of the cookie stops working too."""
        user = self.current_user
        if isinstance(user, RoomUser):
            self.room_identity.store.keluar(user.sesi)
        self.identity_provider.clear_login_cookie(self)
        self.redirect(self.base_url.rstrip("/") + MASUK)

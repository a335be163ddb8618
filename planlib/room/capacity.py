"""How many kernels a server runs, whose they are, and which have a page.

A dashboard page costs a Python kernel (about 270 MB, 8–14 s to start). The
room server (and plain ``planlib serve``) keeps a cap on kernels serving pages
(:func:`default_cap`, from the machine's memory, or a setting) and, in a room,
keeps :attr:`RoomKernelManager.cadangan` of them for analysts: a ``tamu`` is
admitted while fewer than ``cap − cadangan`` kernels are live or starting, an
``analis`` while fewer than ``cap``; and no account may hold more than
:attr:`RoomKernelManager.per_akun` of them (:func:`default_per_akun`), so one
guest link cannot take every guest's place. Admission
(:meth:`RoomKernelManager.admit`) happens before a kernel is started and holds
a slot until the kernel is registered, so twenty visitors arriving together
cannot all pass the check; whoever is not admitted gets the "Server sedang
penuh" page at once.

Each kernel remembers the account and login session it was started for
(:attr:`RoomKernelManager.pemilik`, :attr:`RoomKernelManager.halaman`): the
authorizer lets only that account open the kernel's websocket or shut it
down, and the server ends it when that session ends. A kernel whose page has
loaded but never connected its websocket within
:attr:`RoomKernelManager.tanpa_halaman` seconds (a bare ``GET``, another
site's ``<img>``) is listed by :meth:`RoomKernelManager.tanpa_halaman_ids` and
shut down. A kernel whose page has gone (its last websocket closed and not
reconnected within :attr:`RoomKernelManager.ditinggal` seconds: the tab was
closed, the page reloaded, the phone left the hall) is listed by
:meth:`RoomKernelManager.ditinggal_ids` and shut down too, which frees its
place under the cap at once. Preheated kernels waiting in Voilà's pool count
for neither (they have no page). Kernels use IPC sockets (no TCP ports to race
for).
"""

from __future__ import annotations

import os
import secrets
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int

#: The headers the room server sets (replacing any the browser sent) on each
#: dashboard request; Voilà hands them to the kernel as ``HTTP_X_PLANLIB_…``.
HEADER_PENGGUNA = "X-Planlib-Pengguna"
HEADER_PERAN = "X-Planlib-Peran"
#: A ``kecamatan`` account's kecamatan code (absent for the other roles).
HEADER_KECAMATAN = "X-Planlib-Kecamatan"
#: The slot (:meth:`RoomKernelManager.admit`) of the page the current request renders: set by
#: the render handler, read when that page's kernel is started or taken from the pool.
SLOT: ContextVar[str | None] = ContextVar("planlib_slot", default=None)
#: Memory per dashboard kernel assumed by :func:`default_cap`, and what the rest of the machine keeps.
KERNEL_MB = 350
RESERVE_MB = 2048


def env_name(header: str) -> str:
    """The kernel environment variable Voilà makes of a request header (RFC 3875).

    Parameters
    ----------
    header : str
        The header's name (``"X-Planlib-Pengguna"``).

    Returns
    -------
    str
        The variable's name (``"HTTP_X_PLANLIB_PENGGUNA"``).
    """
    return "HTTP_" + header.upper().replace("-", "_")


def total_memory_mb() -> int:
    """The machine's memory in MB (4096 when the platform does not say).

    Returns
    -------
    int
        Megabytes of physical memory.
    """
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20)
    except (ValueError, OSError, AttributeError):
        return 4096


def default_cap(total_mb: int | None = None) -> int:
    """The default cap on live kernels: (memory − 2 GB) / 350 MB, at least 2.

    Parameters
    ----------
    total_mb : int, optional
        The machine's memory in MB; measured when not given.

    Returns
    -------
    int
    """
    total = total_memory_mb() if total_mb is None else total_mb
    return max(2, (total - RESERVE_MB) // KERNEL_MB)


def default_reserve(cap: int, analis: int) -> int:
    """Kernels kept for analysts by default: one per active ``analis`` account, up to half the cap.

    At least one, so an analyst always gets a kernel; at most half the cap (and
    never the whole cap), so guests keep room in a hall with many analyst accounts.

    Parameters
    ----------
    cap : int
        The cap on live kernels.
    analis : int
        The workspace's active ``analis`` accounts.

    Returns
    -------
    int

    Examples
    --------
    >>> default_reserve(6, 3), default_reserve(6, 0), default_reserve(6, 10), default_reserve(2, 5)
    (3, 1, 3, 1)
    """
    return max(1, min(analis, cap // 2))


def default_per_akun(cap: int, cadangan: int, peran: str) -> int:
    """Kernels one account may hold by default.

    A ``tamu``: half the guests' share (``cap − cadangan``), at least 1 and at
    most 3, so one guest link never holds every guest's place. An ``analis``:
    the same, but at least 2 (the Forum Perangkat Daerah beside another dashboard).

    Parameters
    ----------
    cap : int
        The cap on live kernels.
    cadangan : int
        Kernels kept for analysts.
    peran : str
        ``"analis"`` or ``"tamu"``.

    Returns
    -------
    int

    Examples
    --------
    >>> default_per_akun(3, 1, "tamu"), default_per_akun(5, 1, "tamu"), default_per_akun(60, 3, "tamu")
    (1, 2, 3)
    >>> default_per_akun(3, 1, "analis")
    2
    """
    n = max(1, min(3, (cap - cadangan) // 2))
    return max(n, 2) if peran == "analis" else n


@dataclass
class Halaman:
    """The page a kernel was started (or taken from the pool) for.

    Attributes
    ----------
    nama : str
        The account ("" outside a room).
    sesi : str
        The :func:`planlib.accounts.sidik` of its login session ("" outside a room).
    dimuat : float or None
        When the page finished loading (``time.monotonic``); None while it loads.
    tersambung : bool
        Whether the page's websocket has connected.
    lepas : float or None
        When the page's last websocket closed (``time.monotonic``); None while one is open.
    """

    nama: str
    sesi: str
    dimuat: float | None = None
    tersambung: bool = False
    lepas: float | None = None


class RoomKernelManager(AsyncMappingKernelManager):
    """Voilà's kernel manager with a cap, a reserve for analysts and an owner per kernel."""

    kapasitas = Int(0, config=True, help="Cap on live kernels; 0: from the machine's memory.")
    cadangan = Int(1, config=True, help="Kernels kept for analysts (a tamu cannot use them).")
    per_akun = Int(
        0, config=True, help="Kernels one account may hold; 0: default_per_akun of its role."
    )
    tanpa_halaman = Float(
        60.0,
        config=True,
        help="Seconds a kernel may wait after its page loaded for the page's websocket; "
        "then it is shut down (a bare GET, another site's <img>).",
    )
    ditinggal = Float(
        30.0,
        config=True,
        help="Seconds a kernel waits for its page to reconnect after the page's last websocket "
        "closed (a tab closed, a reload, a phone gone); then it is shut down.",
    )

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        #: kernel id → the account it was started for
        self.pemilik: dict[str, str] = {}
        #: kernel id → its page (kernels started for a page, not the preheated pool)
        self.halaman: dict[str, Halaman] = {}
        #: admitted slot → (account, session) while its kernel is not registered yet
        self._slots: dict[str, tuple[str, str]] = {}
        #: slot → the kernel its page got, until the page has loaded
        self._kernel_slot: dict[str, str] = {}

    @property
    def cap(self) -> int:
        """The cap on live kernels in force."""
        return self.kapasitas if self.kapasitas > 0 else default_cap()

    def batas_akun(self, peran: str) -> int:
        """The kernels one account of role ``peran`` may hold.

        Parameters
        ----------
        peran : str
            ``"analis"``, or another role (``"tamu"``, ``"kecamatan"``: a guest).

        Returns
        -------
        int
            :attr:`per_akun`, or :func:`default_per_akun` when it is 0.
        """
        return (
            self.per_akun if self.per_akun > 0 else default_per_akun(self.cap, self.cadangan, peran)
        )

    def in_use(self) -> int:
        """Kernels serving pages, live or being started (admitted, not yet registered).

        Returns
        -------
        int
            The number counted against the cap: the kernels in :attr:`halaman` whose
            page has not gone (:attr:`Halaman.lepas`) and the admitted slots (the
            preheated pool, which has no page, is not). A page that has gone frees
            its place at once, while its kernel waits :attr:`ditinggal` seconds for
            it to come back.
        """
        return sum(1 for h in self.halaman.values() if h.lepas is None) + len(self._slots)

    def milik(self, nama: str) -> int:
        """Kernels ``nama`` holds, live or being started.

        Parameters
        ----------
        nama : str
            An account.

        Returns
        -------
        int
        """
        live = sum(1 for h in self.halaman.values() if h.nama == nama and h.lepas is None)
        return live + sum(1 for who, _ in self._slots.values() if who == nama)

    def admit(self, peran: str, nama: str = "", sesi: str = "") -> str | None:
        """A slot for a new kernel for a visitor of role ``peran``, or None when full.

        Runs on the server's event loop without awaiting, so the check and
        the reservation cannot interleave with another visitor's.

        Parameters
        ----------
        peran : str
            The visitor's role: ``"analis"`` may use the whole cap, others leave
            ``cadangan`` kernels free for analysts.
        nama : str
            The account (``""`` outside a room: no per-account limit).
        sesi : str
            The :func:`~planlib.accounts.sidik` of the account's login session.

        Returns
        -------
        str or None
            The slot's id (give it back with :meth:`selesai` or :meth:`release`),
            or None when full (:meth:`penuh_akun` says whether for the account).
        """
        limit = self.cap if peran == "analis" else max(0, self.cap - self.cadangan)
        if self.in_use() >= limit or self.penuh_akun(peran, nama):
            return None
        slot = secrets.token_hex(8)
        self._slots[slot] = (nama, sesi)
        return slot

    def penuh_akun(self, peran: str, nama: str) -> bool:
        """True when ``nama`` already holds as many kernels as its role may.

        Parameters
        ----------
        peran : str
            Its role.
        nama : str
            The account (``""``: never).

        Returns
        -------
        bool
        """
        return bool(nama) and self.milik(nama) >= self.batas_akun(peran)

    def release(self, slot: str) -> None:
        """Give a slot back (a page that ended before or after its kernel was registered).

        Parameters
        ----------
        slot : str
            The slot's id from :meth:`admit` (an unknown one is ignored).
        """
        self._slots.pop(slot, None)
        self._kernel_slot.pop(slot, None)

    def selesai(self, slot: str) -> None:
        """The page of ``slot`` has loaded (or failed): its kernel now waits for the websocket.

        Parameters
        ----------
        slot : str
            The slot's id from :meth:`admit`.
        """
        kid = self._kernel_slot.get(slot)
        if kid is not None and kid in self.halaman:
            self.halaman[kid].dimuat = time.monotonic()
        self.release(slot)

    def untuk_halaman(self, kernel_id: str) -> None:
        """Give ``kernel_id`` to the page being rendered (the :data:`SLOT` of this request).

        Called when a kernel is started for a page and when a page takes a
        preheated kernel from Voilà's pool.

        Parameters
        ----------
        kernel_id : str
            The kernel's id.
        """
        slot = SLOT.get()
        nama, sesi = self._slots.pop(slot, ("", "")) if slot else ("", "")
        self.halaman[kernel_id] = Halaman(nama, sesi)
        self.pemilik[kernel_id] = nama
        if slot:
            self._kernel_slot[slot] = kernel_id

    def notify_connect(self, kernel_id: str) -> None:
        """Jupyter Server's count of a kernel's websockets, and: its page has connected.

        Parameters
        ----------
        kernel_id : str
            The kernel's id.
        """
        super().notify_connect(kernel_id)
        if kernel_id in self.halaman:
            self.halaman[kernel_id].tersambung = True
            self.halaman[kernel_id].lepas = None

    def notify_disconnect(self, kernel_id: str) -> None:
        """Jupyter Server's count of a kernel's websockets; the last one closed starts the clock.

        Parameters
        ----------
        kernel_id : str
            The kernel's id.
        """
        super().notify_disconnect(kernel_id)
        h = self.halaman.get(kernel_id)
        if h is not None and self._kernel_connections.get(kernel_id, 0) <= 0:
            h.lepas = time.monotonic()

    def ditinggal_ids(self, now: float | None = None) -> list[str]:
        """Kernels whose page's websockets all closed more than :attr:`ditinggal` seconds ago.

        A page that reconnects in time (a phone's wifi dropping for a moment)
        keeps its kernel; a closed tab or a reloaded page (which gets a kernel of
        its own) does not come back.

        Parameters
        ----------
        now : float, optional
            ``time.monotonic()`` by default.

        Returns
        -------
        list of str
            Their ids, to shut down.
        """
        t = time.monotonic() if now is None else now
        return [
            kid for kid, h in self.halaman.items()
            if h.lepas is not None and t - h.lepas > self.ditinggal
            and self._kernel_connections.get(kid, 0) <= 0
        ]  # fmt: skip

    def tanpa_halaman_ids(self, now: float | None = None) -> list[str]:
        """Kernels whose page loaded more than :attr:`tanpa_halaman` seconds ago and never connected.

        Parameters
        ----------
        now : float, optional
            ``time.monotonic()`` by default.

        Returns
        -------
        list of str
            Their ids, to shut down.
        """
        t = time.monotonic() if now is None else now
        return [
            kid for kid, h in self.halaman.items()
            if not h.tersambung and h.dimuat is not None and t - h.dimuat > self.tanpa_halaman
        ]  # fmt: skip

    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel and record the page (account, session) it was started for.

        Parameters
        ----------
        **kwargs : Any
            Jupyter's kernel arguments; ``env`` says whether it is for Voilà's pool.

        Returns
        -------
        str
            The new kernel's id.
        """
        env = kwargs.get("env") or {}
        kernel_id: str = await super().start_kernel(**kwargs)
        if env.get("VOILA_PREHEAT") != "True":  # a page's kernel, not one for the pool
            self.untuk_halaman(kernel_id)
        return kernel_id

    def remove_kernel(self, kernel_id: str) -> Any:
        """Forget a kernel (shut down or culled), its owner and its page.

        Parameters
        ----------
        kernel_id : str
            The kernel's id.

        Returns
        -------
        Any
            What Jupyter's ``remove_kernel`` returns (the kernel's manager).
        """
        self.pemilik.pop(kernel_id, None)
        self.halaman.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)

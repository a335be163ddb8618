"""How many kernels a room server runs, and whose they are.

A dashboard page costs a Python kernel (about 270 MB, 8–14 s to start). The
room server keeps a cap on live kernels (:func:`default_cap`, from the
machine's memory, or a setting) and keeps :attr:`RoomKernelManager.cadangan`
of them for analysts: a ``tamu`` is admitted while fewer than ``cap −
cadangan`` kernels are live or starting, an ``analis`` while fewer than
``cap``. Admission (:meth:`RoomKernelManager.admit`) happens before a kernel is
started and holds a slot until the kernel is registered, so twenty visitors
arriving together cannot all pass the check; whoever is not admitted gets the
"Server sedang penuh" page at once.

Each kernel remembers the account it was started for (:attr:`pemilik`): the
authorizer lets only that account open the kernel's websocket or shut it down.
Kernels use IPC sockets (no TCP ports to race for) and are culled when idle
with no page connected.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Int

#: The headers the room server sets (replacing any the browser sent) on each
#: dashboard request; Voilà hands them to the kernel as ``HTTP_X_PLANLIB_…``.
HEADER_PENGGUNA = "X-Planlib-Pengguna"
HEADER_PERAN = "X-Planlib-Peran"
HEADER_SLOT = "X-Planlib-Slot"
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


class RoomKernelManager(AsyncMappingKernelManager):
    """Voilà's kernel manager with a cap, a reserve for analysts and an owner per kernel."""

    kapasitas = Int(0, config=True, help="Cap on live kernels; 0: from the machine's memory.")
    cadangan = Int(1, config=True, help="Kernels kept for analysts (a tamu cannot use them).")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        #: kernel id → the account it was started for
        self.pemilik: dict[str, str] = {}
        self._slots: set[str] = set()

    @property
    def cap(self) -> int:
        """The cap on live kernels in force."""
        return self.kapasitas if self.kapasitas > 0 else default_cap()

    def in_use(self) -> int:
        """Kernels live or being started (admitted, not yet registered).

        Returns
        -------
        int
            The number counted against the cap.
        """
        return len(self.list_kernel_ids()) + len(self._slots)

    def admit(self, peran: str) -> str | None:
        """A slot for a new kernel for a visitor of role ``peran``, or None when full.

        Runs on the server's event loop without awaiting, so the check and
        the reservation cannot interleave with another visitor's.

        Parameters
        ----------
        peran : str
            The visitor's role: ``"analis"`` may use the whole cap, others leave
            ``cadangan`` kernels free for analysts.

        Returns
        -------
        str or None
            The slot's id (give it back with :meth:`release`), or None when full.
        """
        limit = self.cap if peran == "analis" else max(0, self.cap - self.cadangan)
        if self.in_use() >= limit:
            return None
        slot = secrets.token_hex(8)
        self._slots.add(slot)
        return slot

    def release(self, slot: str) -> None:
        """Give a slot back (a page that ended before or after its kernel was registered).

        Parameters
        ----------
        slot : str
            The slot's id from :meth:`admit` (an unknown one is ignored).
        """
        self._slots.discard(slot)

    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel and record whom it was started for (the room server's headers).

        Parameters
        ----------
        **kwargs : Any
            Jupyter's kernel arguments; ``env`` carries the room server's headers.

        Returns
        -------
        str
            The new kernel's id.
        """
        env = kwargs.get("env") or {}
        kernel_id: str = await super().start_kernel(**kwargs)
        self.pemilik[kernel_id] = env.get(env_name(HEADER_PENGGUNA), "")
        self.release(env.get(env_name(HEADER_SLOT), ""))
        return kernel_id

    def remove_kernel(self, kernel_id: str) -> Any:
        """Forget a kernel (shut down or culled) and its owner.

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
        return super().remove_kernel(kernel_id)

"""What a logged-in account may do: Jupyter Server's authorization hook for the room server.

Every handler Jupyter Server or Voilà protects with an authorization check
asks :meth:`RoomAuthorizer.is_authorized`. A kernel (its websocket, its REST
model, its shutdown) belongs to the account it was started for
(:attr:`~planlib.room.capacity.RoomKernelManager.pemilik`): nobody else may
reach it, whatever their role, so a ``tamu`` can never drive an analyst's
Forum Perangkat Daerah kernel to record a decision, and nobody may list
kernels. Voilà itself refuses ``execute_request`` on any kernel websocket.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import User
from tornado import web


def kernel_of(handler: web.RequestHandler) -> str | None:
    """The kernel id a request is about (path argument or handler attribute), if any.

    Parameters
    ----------
    handler : tornado.web.RequestHandler
        The handler of the request.

    Returns
    -------
    str or None
        The kernel id, or None for a request about no kernel.
    """
    kid = getattr(handler, "kernel_id", None) or handler.path_kwargs.get("kernel_id")
    if not kid and handler.path_args:
        kid = handler.path_args[0]
    return str(kid) if kid else None


class RoomAuthorizer(Authorizer):
    """Kernels only for the account they were started for; the rest for any logged-in account."""

    def is_authorized(
        self, handler: web.RequestHandler, user: User, action: str, resource: str
    ) -> bool:
        """Whether ``user`` may ``action`` the ``resource`` of this request.

        Parameters
        ----------
        handler : RequestHandler
            The request.
        user : User
            The logged-in account.
        action : str
            ``read``, ``write`` or ``execute``.
        resource : str
            Jupyter Server's resource name (``kernels``, ``contents`` …).

        Returns
        -------
        bool
        """
        if user is None:
            return False
        if resource == "kernels":
            return owns_kernel(handler, user)
        return True


def owns_kernel(handler: Any, user: User) -> bool:
    """True when the request's kernel was started for ``user``.

    Parameters
    ----------
    handler : Any
        The handler of the request (a Jupyter Server handler with ``kernel_manager``).
    user : User
        The logged-in user.

    Returns
    -------
    bool
        False for a request about no kernel, or a kernel started for another account.
    """
    kid = kernel_of(handler)
    pemilik = getattr(handler.kernel_manager, "pemilik", {})
    return kid is not None and bool(user.username) and pemilik.get(kid) == user.username

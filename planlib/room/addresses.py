"""The machine's LAN addresses, found without sending a packet anywhere.

On Linux each interface's IPv4 address is read with ``SIOCGIFADDR``; elsewhere
the addresses the host name resolves to are used. Loopback and link-local
addresses are left out: a phone in the hall cannot reach them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import struct
import sys

_SIOCGIFADDR = 0x8915


def _linux() -> list[str]:
    import fcntl

    out = []
    for _idx, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                req = struct.pack("256s", name.encode()[:15])
                res = fcntl.ioctl(s.fileno(), _SIOCGIFADDR, req)
            except OSError:
                continue
        out.append(socket.inet_ntoa(res[20:24]))
    return out


def _resolved() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(i[4][0]) for i in infos]


def lan_addresses() -> list[str]:
    """The IPv4 addresses other devices on the local network can reach this machine at.

    Returns
    -------
    list of str
        Unique, in interface order; empty when the machine has none (no network).
    """
    found = _linux() if sys.platform.startswith("linux") else []
    found = found or _resolved()
    out: list[str] = []
    for a in found:
        ip = ipaddress.ip_address(a)
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified or a in out:
            continue
        out.append(a)
    return out


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (``127.0.0.0/8``, ``::1``) or ``localhost``.

    Parameters
    ----------
    host : str
        An address or host name.

    Returns
    -------
    bool
        False for any other name or address.

    Examples
    --------
    >>> is_loopback("127.0.0.2"), is_loopback("localhost"), is_loopback("192.168.1.10")
    (True, True, False)
    """
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


#: The names a browser on this machine uses for it (``[::1]`` as a Host header writes it).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def loopback_host(host: str, port: int) -> bool:
    """Whether a request's ``Host`` header names this machine's loopback and the server's port.

    Only ``127.0.0.1``, ``localhost`` and ``[::1]`` are accepted, with ``:port``
    (or without it when the port is 80). Any other name (a web site's name that
    resolves to 127.0.0.1, as in DNS rebinding) or port is refused.

    Parameters
    ----------
    host : str
        The ``Host`` header.
    port : int
        The port the server listens on.

    Returns
    -------
    bool

    Examples
    --------
    >>> loopback_host("127.0.0.1:8866", 8866), loopback_host("LOCALHOST:8866", 8866)
    (True, True)
    >>> loopback_host("[::1]:8866", 8866), loopback_host("evil.example:8866", 8866)
    (True, False)
    >>> loopback_host("127.0.0.1:9999", 8866), loopback_host("127.0.0.1", 8866)
    (False, False)
    """
    m = re.fullmatch(r"(.+?)(?::(\d+))?", host.strip().lower())
    if m is None:
        return False
    return m.group(1) in LOOPBACK_NAMES and int(m.group(2) or 80) == port

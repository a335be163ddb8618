"""The machine's LAN addresses, found without sending a packet anywhere.

On Linux each interface's IPv4 address is read with ``SIOCGIFADDR``; elsewhere
the addresses the host name resolves to are used. Loopback and link-local
addresses are left out: a phone in the hall cannot reach them.
"""

from __future__ import annotations

import ipaddress
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

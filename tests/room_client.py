"""A room server (``planlib serve --bagikan``) started for tests, and a small HTTP client for it.

Only loopback addresses are used: the server listens on one (``--host``), the
client connects to it and may pick another loopback source address (to be a
different visitor for the rate limit).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from planlib.accounts import AccountStore

from .support import until, wait_for_server

__all__ = ["until"]  # tests import it from here too

T = TypeVar("T")

LOOPBACK = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Visitor:
    """One browser: its cookies, its source address."""

    host: str
    port: int
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None, timeout: float = 300) -> Reply:  # fmt: skip
        assert self.host in LOOPBACK and self.source in LOOPBACK
        con = http.client.HTTPConnection(self.host, self.port, timeout=timeout,
                                         source_address=(self.source, 0))  # fmt: skip
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            con.request(method, path, body=data, headers=h)
            r = con.getresponse()
            text = r.read().decode("utf-8", "replace")
            for v in r.headers.get_all("Set-Cookie") or []:
                c = SimpleCookie()
                c.load(v)
                for k, m in c.items():
                    if m["expires"] and "1970" in m["expires"] or m.value in ("", '""'):
                        self.cookies.pop(k, None)
                    else:
                        self.cookies[k] = m.value
            return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, text)
        finally:
            con.close()

    def get(self, path: str, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: dict, **kw) -> Reply:
        return self.request("POST", path, body=body, **kw)

    def login(self, token: str) -> Reply:
        return self.get(f"/masuk?token={token}")

    def xsrf(self) -> str:
        if "_xsrf" not in self.cookies:
            self.get("/masuk")
        return self.cookies["_xsrf"]


def kernel_id(page: str) -> str:
    m = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page)
    assert m, "no kernel id in the page"
    return m.group(1)


def kernel_environ(kid: str) -> dict[str, str]:
    """The environment of the kernel process with id ``kid`` (Linux ``/proc``)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if f"kernel-{kid}.json".encode() in cmd:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
            return dict(
                kv.split("=", 1) for kv in raw.decode("utf-8", "replace").split("\0") if "=" in kv
            )
    raise LookupError(f"kernel {kid} not running")


@dataclass
class Room:
    """A running room server with its accounts' tokens."""

    host: str
    port: int
    workspace: Path
    log: Path
    tokens: dict[str, str]
    proc: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def visitor(self, source: str = "127.0.0.1") -> Visitor:
        return Visitor(self.host, self.port, source)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


ACCOUNTS = {"Rina Analis": "analis", "Budi DPRD": "tamu", "Sari Camat": "tamu"}


def kernel_gone(kid: str) -> bool:
    """True once no process of kernel ``kid`` runs."""
    try:
        kernel_environ(kid)
    except LookupError:
        return True
    return False


def start_room(
    demo_ws: Path, folder: Path, host: str, kapasitas: int, log_name: str, *extra: str,
    cwd: Path | None = None,
) -> Room:  # fmt: skip
    """Copy the demo, add the accounts, start ``planlib serve --bagikan [extra]`` and wait for it.

    ``cwd`` is the folder the server is started from (the test's own by default).
    """
    ws = folder / "contoh"
    shutil.copytree(demo_ws, ws)
    store = AccountStore(ws)
    tokens = {nama: store.tambah(nama, peran) for nama, peran in ACCOUNTS.items()}
    store.atur_sandi("Rina Analis", "sandi-rina-2026")
    port = free_port(host)
    log = folder / log_name
    exe = Path(sys.executable).with_name("planlib")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", str(ws), "--bagikan", "--host", host, "--port", str(port),
             "--kapasitas", str(kapasitas), *extra],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd,
        )  # fmt: skip
    room = Room(host, port, ws, log, tokens, proc)
    try:
        wait_for_server(proc, lambda: room.visitor().get("/masuk", timeout=5).status == 200,
                        "planlib serve --bagikan", log=room.log_text)  # fmt: skip
        return room
    except BaseException:
        stop_room(room)  # never leave a server behind
        raise


def stop_room(room: Room) -> None:
    with contextlib.suppress(ProcessLookupError):  # the server may have exited already
        os.killpg(room.proc.pid, signal.SIGTERM)
    try:
        room.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(room.proc.pid, signal.SIGKILL)


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(make())`` in a thread of its own.

    A browser test earlier in the same worker leaves Playwright's event loop running in the
    main thread, where ``asyncio.run`` refuses to start a second one.
    """
    import asyncio
    import threading

    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["value"] = asyncio.run(make())
        except BaseException as e:  # re-raised in the caller's thread
            out["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out["value"]

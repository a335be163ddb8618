"""Kernels end with their page, and stopping ``planlib serve`` stops everything it started.

A plain ``planlib serve`` (preheated pool on, as shipped) with a cap of two page
kernels: pages are opened and closed as a browser does (the render, then the
kernel's websocket), and the kernels are counted from ``/proc`` among the
server's descendants. Every request goes to 127.0.0.1; no test sleeps, each
polls its condition with a limit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import websocket

from planlib.processes import descendants
from planlib.serve import NOTEBOOKS

from .room_client import Visitor, free_port, kernel_gone, kernel_id, until

PETA = "/voila/render/01-peta-usulan.ipynb"
INDIKATOR = "/voila/render/02-indikator.ipynb"
#: Voilà's preheated pool: one kernel per notebook of the served folder (default_pool_size 1).
POOL = len(list(NOTEBOOKS.glob("*.ipynb")))
#: A closed page's kernel is held 30 s as shipped (``PLANLIB_DITINGGAL`` unset): the first test
#: renders a page while one is held, which took over 10 s on a loaded machine.


def kernels(pid: int) -> list[int]:
    """The kernel processes among the descendants of ``pid``."""
    out = []
    for p, _ in descendants(pid):
        with contextlib.suppress(OSError):
            if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes():
                out.append(p)
    return out


def start(demo_ws: Path, folder: Path, *extra: str) -> tuple[subprocess.Popen, Visitor, Path]:
    """``planlib serve`` on a copy of the demo, in a session of its own; waits for the front page."""
    shutil.copytree(demo_ws, folder / "contoh")
    port = free_port("127.0.0.1")
    log = folder / "serve.log"
    exe = Path(sys.executable).with_name("planlib")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", str(folder / "contoh"), "--port", str(port), "--no-browser",
             *extra],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    v = Visitor("127.0.0.1", port)

    def up() -> bool:
        if proc.poll() is not None:
            raise RuntimeError("planlib serve exited:\n" + log.read_text(errors="replace")[-3000:])
        try:
            return v.get("/", timeout=5).status == 200
        except OSError:
            return False

    until(up, 120, "planlib serve answers")
    return proc, v, log


def stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def connect(v: Visitor, kid: str) -> websocket.WebSocket:
    """The page's websocket to its kernel, as Voilà's page opens it."""
    return websocket.create_connection(
        f"ws://{v.host}:{v.port}/api/kernels/{kid}/channels", timeout=30
    )


@pytest.fixture(scope="module")
def served(demo_ws, tmp_path_factory):
    proc, v, log = start(demo_ws, tmp_path_factory.mktemp("kernels"), "--kapasitas", "2")
    try:
        yield proc, v, log
    finally:
        stop(proc)


def test_closed_pages_give_their_kernels_and_places_back(served):
    proc, v, log = served
    until(lambda: len(kernels(proc.pid)) == POOL, 180, f"the preheated pool of {POOL} kernels")
    seen = []
    for i in range(10):  # ten tabs opened and closed, one after the other
        r = v.get(PETA if i % 2 == 0 else INDIKATOR)
        # a closed page frees its place at once: the cap of two is never reached
        assert r.status == 200, (i, r.status, r.body[:300])
        kid = kernel_id(r.body)
        ws = connect(v, kid)
        ws.close()
        seen.append(kid)

    def back() -> bool:
        return all(kernel_gone(k) for k in seen) and len(kernels(proc.pid)) == POOL

    until(back, 60, "every closed page's kernel shut down, the pool as it was")
    text = log.read_text(errors="replace")
    assert text.count("halamannya sudah ditutup") >= len(seen)

    # the cap counts open pages: two open pages fill it …
    held = []
    for path in (PETA, INDIKATOR):
        r = v.get(path)
        assert r.status == 200
        kid = kernel_id(r.body)
        held.append((kid, connect(v, kid)))
    full = v.get(PETA)
    assert full.status == 503 and "Server sedang penuh" in full.body
    # … and a page that closes gives its place back at once, before its kernel has ended
    kid, ws = held.pop(0)
    ws.close()
    r = until(lambda: (got := v.get(PETA)).status == 200 and got, 20, "a place after a close")
    assert not kernel_gone(kid)  # still waiting for its page to come back
    fresh = connect(v, kernel_id(r.body))
    fresh.close()
    held[0][1].close()


@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, pytest.param(signal.SIGINT, marks=pytest.mark.slow)]
)
def test_stopping_planlib_serve_leaves_no_process(demo_ws, tmp_path, sig):
    """``kill -TERM`` (or Ctrl+C's SIGINT) to ``planlib serve`` alone: no server, kernel or port left."""
    proc, v, _log = start(demo_ws, tmp_path, "--kapasitas", "1")
    try:
        until(lambda: len(kernels(proc.pid)) == POOL, 180, "the preheated pool")
        r = v.get(PETA)
        assert r.status == 200
        ws = connect(v, kernel_id(r.body))  # a page open while the server stops
        started = descendants(proc.pid)
        assert len(kernels(proc.pid)) > POOL and len(started) > POOL
        os.kill(proc.pid, sig)  # to planlib alone, not to its process group

        def alive(pid: int, start_time: str) -> bool:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return False
            fields = stat.rpartition(")")[2].split()
            return fields[19] == start_time and fields[0] != "Z"

        def all_gone() -> bool:
            if proc.poll() is None or any(alive(p, t) for p, t in started):
                return False
            try:
                os.killpg(proc.pid, 0)  # anything left in the server's process group?
            except ProcessLookupError:
                return True
            return False

        until(all_gone, 60, "planlib serve, Voilà and every kernel have ended")
        ws.close()
        with socket.socket() as s:  # the port is free again: a new server can listen on it
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do (TIME_WAIT)
            s.bind(("127.0.0.1", v.port))
            s.listen()
    finally:
        stop(proc)

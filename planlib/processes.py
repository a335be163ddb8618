"""A server's process and everything it started: run until told to stop, then nothing left.

:func:`run_server` runs a server (Voilà, JupyterLab) as a child process until
it ends or ``planlib`` is told to stop (Ctrl+C, ``kill -TERM``, the terminal
closing): the server is asked to stop (it shuts its kernels down), and whatever
it started that is still running after :data:`BERHENTI` seconds is killed.
Kernels run in sessions of their own, so they are found by their parent in
``/proc`` (:func:`descendants`), each told from a later process with its pid by
its start time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from types import FrameType

#: Seconds the server is given to stop (and shut its kernels down) before it is killed.
BERHENTI = 20.0


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (``/proc``), to tell it from a later one with its pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]


def descendants(pid: int) -> list[tuple[int, str]]:
    """The processes started by ``pid``, and theirs, as (pid, start time); empty without ``/proc``.

    Kernels run in sessions of their own (``jupyter_client`` starts them so),
    so a signal to the server's process group does not reach them: they are
    found here by their parent.

    Parameters
    ----------
    pid : int
        A process id.

    Returns
    -------
    list of tuple of (int, str)
        Each descendant's pid and start time (:func:`_start_time`).
    """
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out: list[tuple[int, str]] = []
    todo = list(children.get(pid, []))
    while todo:
        p = todo.pop()
        t = _start_time(p)
        if t is not None:
            out.append((p, t))
        todo.extend(children.get(p, []))
    return out


def _kill_left(procs: list[tuple[int, str]], grace: float) -> None:
    """SIGTERM to each process still running (the same one: its start time), then SIGKILL."""
    left = [p for p, t in procs if _start_time(p) == t]
    for p in left:
        with contextlib.suppress(OSError):
            os.kill(p, signal.SIGTERM)
    end = time.monotonic() + grace
    while left and time.monotonic() < end:
        left = [p for p, t in procs if _start_time(p) == t and not _zombie(p)]
        if left:
            time.sleep(0.1)
    for p in left:
        with contextlib.suppress(OSError):
            os.kill(p, signal.SIGKILL)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


def run_server(cmd: list[str], env: dict[str, str], grace: float = BERHENTI) -> int:
    """Run a server until it ends or ``planlib`` is told to stop; then nothing it started is left.

    SIGTERM, SIGINT and SIGHUP to this process are passed on to the server as
    SIGTERM (Voilà and Jupyter Server then shut their kernels down). When the
    server has ended, or has not within ``grace`` seconds (then it is killed),
    every process it had started that still runs (kernels, the room's writer
    of the kernel-free views) is stopped too.

    Parameters
    ----------
    cmd : list of str
        The server's command line.
    env : dict
        Its environment (:func:`planlib.serve.environment`).
    grace : float
        Seconds the server and then its leftover processes are given before SIGKILL.

    Returns
    -------
    int
        The server's exit code.
    """
    proc = subprocess.Popen(cmd, env=env)
    asked: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        asked.append(signum)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    wanted = [signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)]
    old = {s: signal.signal(s, stop) for s in wanted if s is not None}
    started: dict[tuple[int, str], None] = {}  # every process the server started, in order
    deadline: float | None = None
    try:
        while proc.poll() is None:
            if len(started) > 500:  # a long day: forget the processes that have ended
                started = {k: None for k in started if _start_time(k[0]) == k[1]}
            started.update(dict.fromkeys(descendants(proc.pid)))
            if asked and deadline is None:
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() > deadline:
                proc.kill()  # it did not stop in time
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.2 if asked else 1.0)
    finally:
        if proc.poll() is None:  # an error here: never leave the server behind
            proc.kill()
        proc.wait()
        for s, h in old.items():
            signal.signal(s, h)
        _kill_left(list(started), grace)
    return proc.returncode

"""Waiting in tests: on a condition, never for a fixed time."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def until(check: Callable[[], T], limit: float, what: str, every: float = 0.2) -> T:
    """Poll ``check()`` until it returns something truthy (returned), at most ``limit`` seconds."""
    end = time.monotonic() + limit
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > end:
            raise AssertionError(f"not within {limit:g} s: {what}")
        time.sleep(every)


def wait_for_server(
    proc: subprocess.Popen,
    answer: Callable[[], Any],
    what: str,
    limit: float = 120,
    log: Callable[[], str] = lambda: "",
) -> Any:
    """Wait until a server started as ``proc`` answers: ``answer()``'s first truthy result.

    ``answer()`` asks the server (an ``OSError`` counts as no answer yet). The wait
    fails at once when the process has exited, and after ``limit`` seconds, each
    time with the end of ``log()`` (the server's output) in the message.
    """

    def answered() -> Any:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited ({proc.returncode}):\n{log()[-3000:]}")
        try:
            return answer()
        except OSError:
            return None

    try:
        return until(answered, limit, f"{what} answers", every=0.5)
    except AssertionError as e:
        if proc.poll() is None:  # it runs but does not answer: say what it wrote
            raise AssertionError(f"{e}\n{log()[-3000:]}") from None
        raise


def http_status(url: str, timeout: float = 2) -> int:
    """The status of a GET of ``url`` (raises ``OSError`` while nothing listens)."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status


def unavailable(message: str) -> None:
    """Skip a test whose tool or data this machine lacks; in CI (``CI=true``) fail instead.

    CI has every tool and the shared data, so a missing one there is a broken set-up
    that must not pass as a quiet skip.
    """
    import os

    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: everything a test needs is installed in CI)")
    pytest.skip(message)


def need_module(name: str, reason: str = "") -> Any:
    """``import name``; without it, :func:`unavailable` (a skip here, a failure in CI)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        unavailable(f"{name} is not installed" + (f": {reason}" if reason else ""))

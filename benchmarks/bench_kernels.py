"""Memory of ``planlib serve`` over an afternoon of tabs opened and closed.

Run with ``python benchmarks/bench_kernels.py [--visits 30]``.

Two servers in one run, one after the other, each plain ``planlib serve`` on the
demo workspace (preheated pool as shipped, cap high enough for every visit):

- ``tanpa_penutupan`` (the baseline): a kernel whose page has gone is kept
  (``RoomKernelManager.ditinggal`` set to a day: what ``planlib serve`` did
  before, when only the 30-minute idle cull freed it);
- ``ditutup``: as shipped, the kernel of a closed page is shut down
  ``ditinggal`` seconds (30) after its websocket closed.

Each visit opens a dashboard as a browser does (the render, then the kernel's
websocket), then closes it; the visits go round 01, 02, 03 and 05. After the
last one both servers are given the same 60 s. Measured, from the moment the
preheated pool has run its notebooks (the memory steady for 10 s): the sum of the RSS of
the server and every process under it (Voilà, kernels), and the number of
kernels, after each visit, at the peak and at the end. Every request goes to
127.0.0.1.

Results are printed and written to ``benchmarks/out/kernels.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

from planlib.processes import descendants
from planlib.serve import NOTEBOOKS, environment, voila_command

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
PAGES = ["01-peta-usulan.ipynb", "02-indikator.ipynb", "03-forum-dapil.ipynb", "05-lintas-pd.ipynb"]
POOL = len(list(NOTEBOOKS.glob("*.ipynb")))
SETTLE = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, int]:
    """Summed RSS (MB) of ``pid`` and every process under it, and how many of them are kernels."""
    total, kernels = 0, 0
    for p in [pid, *(q for q, _ in descendants(pid))]:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{p}/status").read_text()
            m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(m.group(1)) if m else 0
            if p != pid and b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes():
                kernels += 1
    return total / 1024, kernels


def wait_until(check, limit: float, what: str):
    end = time.monotonic() + limit
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > end:
            raise RuntimeError(f"not within {limit:g} s: {what}")
        time.sleep(0.5)


def run(ws: Path, visits: int, ditinggal: float) -> dict:
    port = free_port()
    cmd = [*voila_command(port, kapasitas=visits + 5), f"--RoomKernelManager.ditinggal={ditinggal}"]
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=environment(ws), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:

        def up() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: see {log.name}")
            with contextlib.suppress(OSError):
                return (
                    rss_mb(proc.pid)[1] >= POOL and urllib.request.urlopen(base + "/").status == 200
                )
            return False

        wait_until(up, 300, "the server and its preheated pool")
        # the pool's kernels run their notebooks: wait until the memory has stopped growing
        last, still = rss_mb(proc.pid)[0], 0
        while still < 10:
            time.sleep(1)
            now = rss_mb(proc.pid)[0]
            still = still + 1 if abs(now - last) < 5 else 0
            last = now
        start_mb, start_k = rss_mb(proc.pid)
        series = []
        t0 = time.monotonic()
        for i in range(visits):
            with urllib.request.urlopen(
                f"{base}/voila/render/{PAGES[i % len(PAGES)]}", timeout=300
            ) as r:
                body = r.read().decode()
            m = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
            if not m:
                raise RuntimeError(f"visit {i}: no kernel in the page")
            sock = websocket.create_connection(
                f"ws://{HOST}:{port}/api/kernels/{m.group(1)}/channels"
            )
            sock.close()
            mb, k = rss_mb(proc.pid)
            series.append(
                {
                    "visit": i + 1,
                    "s": round(time.monotonic() - t0, 1),
                    "mb": round(mb),
                    "kernels": k,
                }
            )
        end = time.monotonic() + SETTLE
        while time.monotonic() < end:  # the same wait for both servers
            time.sleep(1)
            mb, k = rss_mb(proc.pid)
            series.append(
                {
                    "visit": visits,
                    "s": round(time.monotonic() - t0, 1),
                    "mb": round(mb),
                    "kernels": k,
                }
            )
        end_mb, end_k = rss_mb(proc.pid)
        return {
            "ditinggal_s": ditinggal, "start_mb": round(start_mb), "start_kernels": start_k,
            "peak_mb": max(x["mb"] for x in series), "peak_kernels": max(x["kernels"] for x in series),
            "end_mb": round(end_mb), "end_kernels": end_k,
            "visits_s": series[visits - 1]["s"], "series": series,
        }  # fmt: skip
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        for p, _ in descendants(proc.pid):  # kernels are in sessions of their own
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visits", type=int, default=30)
    args = ap.parse_args()
    from planlib.demo import write_demo

    with tempfile.TemporaryDirectory(prefix="bench-kernels-") as tmp:
        ws = Path(tmp) / "contoh"
        write_demo(ws)
        results = {
            "tanpa_penutupan": run(ws, args.visits, 86400.0),
            "ditutup": run(ws, args.visits, 30.0),
        }
    print(f"{args.visits} visits opened and closed, then {SETTLE:g} s; server + kernels (RSS):")
    print(f"{'':18} {'start':>14} {'peak':>14} {'end':>14} {'visits took':>12}")
    for name, r in results.items():
        print(f"{name:18} {r['start_mb']:>7} MB {r['start_kernels']:>3} k "
              f"{r['peak_mb']:>7} MB {r['peak_kernels']:>3} k {r['end_mb']:>7} MB {r['end_kernels']:>3} k "
              f"{r['visits_s']:>10} s")  # fmt: skip
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "kernels.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written to {out / 'kernels.json'}")


if __name__ == "__main__":
    sys.exit(main())

"""A hall's burst: N visitors (default 20) open the Peta usulan at the same moment.

Run with ``python benchmarks/bench_room.py [--visitors 20] [--kapasitas 6]``.

Three bursts in one run, each of N Chromium pages opened together, every
request to a loopback address:

- ``serve``: today's ``planlib serve`` (no login, one kernel per visitor, a
  preheated pool of one) — the baseline;
- ``room_views``: ``planlib serve --bagikan``, N tamu accounts opening the
  kernel-free view of Dapil 2 (``/bagikan/dapil-2.html``);
- ``room_kernel``: the same N tamu on the same room server (kernel cap
  ``--kapasitas``) opening ``01-peta-usulan`` for Dapil 2: each gets the map
  or, above the cap, the "Server sedang penuh" page.

For each: seconds from navigation until the page shows a drawn map (planlib's
first paint SVG or the live Plotly polygons; for the kernel-free view its SVG
polygons) — p50 and max over the visitors who got one — the seconds until a
"penuh" page, how many got one, how many got neither within the time limit,
and the peak memory (RSS) of the server and all its kernels.

Results are printed and written to ``benchmarks/out/room.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("PLANLIB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
HOST = "127.0.0.1"
MAP = ".planlib-pratinjau-grafik svg path, .js-plotly-plot path.js-fill"
VIEW_MAP = "svg path[data-kode]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Peak(threading.Thread):
    """Samples the RSS of a process and its children until stopped; keeps the peak (MB)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.kernels, self._halt = pid, 0.0, 0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                rss = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        rss += p.memory_info().rss
                self.peak = max(self.peak, rss / 2**20)
                self.kernels = max(self.kernels, len(procs) - 1)
            except psutil.Error:
                pass
            self._halt.wait(0.5)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def start(cmd: list[str], env: dict, log: Path, probe: str) -> subprocess.Popen:
    import urllib.request

    proc = subprocess.Popen(cmd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    end = time.time() + 180
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited, see {log}")
        try:
            with urllib.request.urlopen(probe, timeout=3):
                return proc
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("server did not answer")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


async def burst(browser, urls: list[str], logins: list[str | None], selector: str, limit: float):
    """Open every URL at once (each in its own context, after its login); time each outcome."""

    async def one(url: str, login: str | None):
        ctx = await browser.new_context(viewport={"width": 390, "height": 844})

        async def route(r):
            host = r.request.url.split("/")[2].split(":")[0]
            await (
                r.continue_() if host == HOST or r.request.url.startswith("data:") else r.abort()
            )

        await ctx.route("**/*", route)
        page = await ctx.new_page()
        try:
            if login:
                await page.goto(login, timeout=limit * 1000)
            await start_gate.wait()
            t0 = time.perf_counter()
            await page.goto(url, timeout=limit * 1000, wait_until="commit")
            either = page.locator(selector).or_(page.get_by_text("Server sedang penuh"))
            await either.first.wait_for(state="attached", timeout=limit * 1000)
            dt = time.perf_counter() - t0
            full = await page.get_by_text("Server sedang penuh").count()
            return ("penuh" if full else "peta"), dt
        except Exception as e:  # noqa: BLE001 - a visitor who never got a page
            return "gagal", f"{type(e).__name__}: {str(e).splitlines()[0][:80]}"
        finally:
            await ctx.close()

    start_gate = asyncio.Event()
    tasks = [asyncio.create_task(one(u, lg)) for u, lg in zip(urls, logins, strict=True)]
    await asyncio.sleep(2 + 0.3 * len(urls))  # let every login finish first
    start_gate.set()
    return await asyncio.gather(*tasks)


def summary(name: str, results: list, peak: Peak) -> dict:
    maps = [t for k, t in results if k == "peta"]
    full = [t for k, t in results if k == "penuh"]
    out = {
        "burst": name,
        "visitors": len(results),
        "maps": len(maps),
        "map_p50_s": round(statistics.median(maps), 1) if maps else None,
        "map_max_s": round(max(maps), 1) if maps else None,
        "penuh": len(full),
        "penuh_max_s": round(max(full), 2) if full else None,
        "failed": [t for k, t in results if k == "gagal"],
        "peak_mb": round(peak.peak),
        "peak_processes": peak.kernels,
    }
    print(json.dumps(out, ensure_ascii=False), flush=True)
    return out


async def main_async(args) -> list[dict]:
    from playwright.async_api import async_playwright

    sys.path.insert(0, str(HERE.parent))
    from planlib.accounts import AccountStore
    from planlib.demo import write_demo

    tmp = Path(tempfile.mkdtemp(prefix="bench-room-"))
    ws = tmp / "contoh"
    write_demo(ws)
    exe = Path(sys.executable).with_name("planlib")
    env = dict(os.environ)
    n = args.visitors
    rows = []
    running: list[subprocess.Popen] = []  # stopped in `finally`, whatever happens
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            # --- today's planlib serve
            port = free_port()
            proc = start([str(exe), "serve", str(ws), "--port", str(port), "--no-browser"], env,
                         tmp / "serve.log", f"http://{HOST}:{port}/voila/tree")  # fmt: skip
            running.append(proc)
            time.sleep(20)  # the preheated kernel of each notebook, as a viewer would find it
            peak = Peak(proc.pid)
            peak.start()
            url = f"http://{HOST}:{port}/voila/render/01-peta-usulan.ipynb?dapil=2"
            res = await burst(browser, [url] * n, [None] * n, MAP, args.limit)
            peak.stop()
            stop(running.pop())
            rows.append(summary("serve", res, peak))
            # --- the room: kernel dashboard with the cap, then the kernel-free views
            store = AccountStore(ws)
            tokens = [store.tambah(f"Tamu {i:02d}", "tamu") for i in range(n)]
            port = free_port()
            proc = start([str(exe), "serve", str(ws), "--bagikan", "--host", HOST, "--port",
                          str(port), "--kapasitas", str(args.kapasitas)], env,
                         tmp / "room.log", f"http://{HOST}:{port}/masuk")  # fmt: skip
            running.append(proc)
            base = f"http://{HOST}:{port}"
            logins = [f"{base}/masuk?token={t}" for t in tokens]
            await wait_views(browser, logins[0], f"{base}/bagikan/dapil-2.html")
            peak = Peak(proc.pid)
            peak.start()
            res = await burst(browser, [f"{base}/bagikan/dapil-2.html"] * n, logins, VIEW_MAP, args.limit)  # fmt: skip
            peak.stop()
            rows.append(summary("room_views", res, peak))
            peak = Peak(proc.pid)
            peak.start()
            url = f"{base}/voila/render/01-peta-usulan.ipynb?dapil=2"
            res = await burst(browser, [url] * n, logins, MAP, args.limit)
            peak.stop()
            rows.append(summary(f"room_kernel (kapasitas {args.kapasitas})", res, peak))
        finally:
            for proc in running:
                stop(proc)
            await browser.close()
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


async def wait_views(browser, login: str, view: str) -> None:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    await page.goto(login)
    end = time.time() + 300
    while time.time() < end:
        r = await page.goto(view)
        if r is not None and r.status == 200:
            break
        await asyncio.sleep(2)
    await ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--kapasitas", type=int, default=6, help="the room's kernel cap")
    ap.add_argument("--limit", type=float, default=300, help="seconds a visitor waits at most")
    args = ap.parse_args()
    print(f"{args.visitors} visitors at once on {os.cpu_count()} cores", flush=True)
    rows = asyncio.run(main_async(args))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "room.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

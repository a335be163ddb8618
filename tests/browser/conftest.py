"""A real Voilà server on the demo workspace and Debian's headless Chromium, offline.

Every request the pages make to a host other than the local server is
blocked and recorded; the tests assert the record stays empty. Screenshots go
to ``test-artifacts/screenshots`` (or ``$PLANLIB_ARTIFACTS``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ..support import http_status, wait_for_server

CHROMIUM = os.environ.get("PLANLIB_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]  # fmt: skip
LOCAL = {"127.0.0.1", "localhost"}
ARTIFACTS = Path(
    os.environ.get("PLANLIB_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def screenshots() -> Path:
    d = ARTIFACTS / "screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d


def start_serve(folder: Path, log_name: str, env: dict[str, str] | None = None):
    """``planlib serve FOLDER`` started for real on a free port; (process, base URL, log file).

    ``env``: variables set for the server on top of the test's environment (e.g.
    ``PLANLIB_DITINGGAL`` for a module that watches a closed page's kernel end).
    """
    port = _free_port()
    exe = Path(sys.executable).with_name("planlib")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / log_name).open("w")
    proc = subprocess.Popen(
        [str(exe), "serve", str(folder), "--port", str(port), "--no-browser"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_for_server(proc, lambda: http_status(base + "/voila/tree") == 200, "planlib serve",
                    log=(ARTIFACTS / log_name).read_text)  # fmt: skip
    return proc, base, log


def stop_serve(proc: subprocess.Popen, log) -> None:
    """SIGTERM to the server's process group; SIGKILL when it has not ended in 20 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def server(demo_ws, tmp_path_factory):
    """``planlib serve`` started for real on a copy of the demo (decisions are written into it)."""
    ws = tmp_path_factory.mktemp("served") / "contoh"
    shutil.copytree(demo_ws, ws)
    proc, base, log = start_serve(ws, "voila.log")
    yield base
    stop_serve(proc, log)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Visit:
    """One page in a fresh context: outside requests blocked and recorded, errors collected."""

    def __init__(self, browser, width=1280, height=720):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.ctx = browser.new_context(viewport={"width": width, "height": height})
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("websocket", self._ws)

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in LOCAL:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _ws(self, ws):
        if urlparse(ws.url).hostname not in LOCAL:
            self.blocked.append(ws.url)

    def close(self):
        self.ctx.close()


@pytest.fixture
def visit(browser):
    visits = []

    def make(**kw):
        v = Visit(browser, **kw)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations on the page as it is now, of the given impacts.

    axe-core comes inside the ``axe-playwright-python`` test dependency (no download).
    """
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    page.add_script_tag(path=str(script))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"] if v["impact"] in impacts
    ]  # fmt: skip


#: every name on the live map: its text colour, size and halo, and the fill of the area under its centre
NAMES = """
() => {
  const plot = document.querySelector('.js-plotly-plot');
  const fills = [...plot.querySelectorAll('path.js-fill')];
  const out = [];
  for (const t of plot.querySelectorAll('g.trace.scatter g.textpoint text')) {
    const r = t.getBoundingClientRect();
    if (!r.width || !t.textContent.trim()) continue;
    const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    let under = getComputedStyle(plot.querySelector('.bg') || plot).fill;
    for (const p of fills) {
      const pt = new DOMPoint(cx, cy).matrixTransform(p.getScreenCTM().inverse());
      if (p.isPointInFill(pt)) under = getComputedStyle(p).fill;  // the last drawn is on top
    }
    const cs = getComputedStyle(t);
    out.push({text: t.textContent, fg: cs.fill, bg: under, size: parseFloat(cs.fontSize),
              halo: cs.textShadow || '', box: [r.x, r.y, r.width, r.height]});
  }
  return out;
}
"""


def _luminance(css: str) -> float:
    import re

    r, g, b = (float(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def check_names(names: list[dict], min_px: float, min_count: int = 8) -> float:
    """Every name ≥ 4.5:1 against the fill under it, at least ``min_px``, no two overlapping; the worst ratio."""
    assert len(names) >= min_count, names  # the kecamatan are named
    ratios = [(_contrast(n["fg"], n["bg"]), n["text"], n["fg"], n["bg"]) for n in names]
    worst = min(ratios)
    assert worst[0] >= 4.5, f"worst contrast {worst}; all: {sorted(ratios)[:5]}"
    small = [(n["text"], n["size"]) for n in names if n["size"] < min_px]
    assert not small, small
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (ax, ay, aw, ah), (bx, by, bw, bh) = a["box"], b["box"]
            overlap = (
                ax < bx + bw - 1 and bx < ax + aw - 1 and ay < by + bh - 1 and by < ay + ah - 1
            )
            assert not overlap, (a["text"], b["text"])
    return worst[0]


def map_ranges(page, selector: str = ".js-plotly-plot") -> list:
    """The live map's x and y ranges (what it is zoomed to)."""
    return page.evaluate(
        "s => { const l = document.querySelector(s)._fullLayout;"
        " return [l.xaxis.range, l.yaxis.range]; }",
        selector,
    )


def map_names(page, selector: str = ".js-plotly-plot") -> list[dict]:
    """Every name on the first live map of ``selector``, measured in the page (:data:`NAMES`)."""
    return page.evaluate(NAMES.replace(".js-plotly-plot", selector, 1))

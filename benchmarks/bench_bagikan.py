"""Benchmark of ``planlib bagikan`` beside today's ``planlib build`` static page, in one run.

Run with ``python benchmarks/bench_bagikan.py [--usulan 50000] [--repeat 5]``.

For the demo, the real Hulu Sungai Selatan workspace (when ``PLANLIB_SHARED_DATA``
is set; synthetic usulan on its real kecamatan and desa) and a workspace of
N usulan (default 50,000, on the demo's kecamatan):

- the size of every file written (per Dapil and the kabupaten) and the export time;
- the time from navigation until the map is drawn (the polygons recoloured by the
  page's script: ``data-ready``), opened from ``file://`` in Debian's Chromium at
  390×844, median of ``--repeat`` loads, each in a fresh context, every network
  request blocked;
- the time of a filter change (bidang, then back) until the next frame is painted,
  median over several changes;
- beside it, the ``planlib build`` static page of Peta usulan (Plotly, with
  ``plotly.min.js`` beside the page) opened the same way: bytes (page + Plotly) and the
  time until its map's polygons are visible. Its filters do not work, so it has no
  filter-change figure.

Results are printed and written to ``benchmarks/out/bagikan.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip

#: when the element matching a selector is first visible, at the next animation frame (ms)
SEEN = """
window.__seen = null;
const check = () => {
  if (window.__seen !== null || window.__pending) return;
  const sel = %s;
  if ([...document.querySelectorAll(sel)].some(e => e.checkVisibility())) {
    window.__pending = true;
    requestAnimationFrame(() => { window.__seen = performance.now(); });
  }
};
new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
setInterval(check, 20);
"""
BAGIKAN_DRAWN = "body[data-ready='1'] #bg-kec path[data-i]"
BUILD_DRAWN = ".js-plotly-plot path.js-fill"

CHANGE = """async (sel) => {
  const s = document.getElementById('bg-f-bidang');
  const t0 = performance.now();
  s.value = sel; s.dispatchEvent(new Event('change'));
  await new Promise(r => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}"""


def open_times(
    path: Path, selector: str, repeat: int
) -> tuple[list[float], list[str], list[float]]:
    """Seconds until ``selector`` is visible per load; outside requests; filter-change ms."""
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    folder = path.resolve().parent.as_uri()
    times: list[float] = []
    outside: list[str] = []
    changes: list[float] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for k in range(repeat):
            ctx = b.new_context(viewport={"width": 390, "height": 844})

            def route(r):
                if r.request.url.startswith(folder):  # the page and, for the build, plotly.min.js
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            page.add_init_script(SEEN % json.dumps(selector))
            page.goto(url, wait_until="commit", timeout=600_000)
            page.wait_for_function("window.__seen !== null", timeout=600_000, polling=50)
            times.append(page.evaluate("window.__seen") / 1000)
            if selector == BAGIKAN_DRAWN and k == 0:
                n = page.evaluate("document.getElementById('bg-f-bidang').options.length")
                for i in range(min(6, n - 1)):
                    changes.append(page.evaluate(CHANGE, str(i)))
                    changes.append(page.evaluate(CHANGE, "-1"))
            ctx.close()
        b.close()
    return times, outside, changes


def measure(name: str, ws: Path, tahun: int, repeat: int, build_baseline: bool) -> dict:
    from planlib.bagikan import bagikan

    res: dict = {"workspace": name}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        out = bagikan(ws, tahun, Path(tmp) / "bagikan")
        res["export_s"] = round(time.perf_counter() - t, 2)
        res["file_mb"] = {
            (d or "kabupaten"): round(p.stat().st_size / 1e6, 2) for d, p in out.files.items()
        }
        dapils = [d for d in out.files if d is not None]
        for label, d in (("kabupaten", None), ("largest_dapil", max(dapils, key=lambda x: out.files[x].stat().st_size) if dapils else None)):  # fmt: skip
            if label != "kabupaten" and d is None:
                continue
            times, outside, changes = open_times(out.files[d], BAGIKAN_DRAWN, repeat)
            res[f"{label}_map_drawn_s_median"] = round(statistics.median(times), 3)
            res[f"{label}_filter_change_ms_median"] = round(statistics.median(changes), 1) if changes else None  # fmt: skip
            res[f"{label}_outside_requests"] = len(outside)
        print(json.dumps(res), flush=True)
        if build_baseline:
            from planlib.build import build
            from planlib.serve import NOTEBOOKS

            t = time.perf_counter()
            b = build(ws, tahun, Path(tmp) / "build", notebooks=[NOTEBOOKS / "01-peta-usulan.ipynb"], progress=lambda s: None)  # fmt: skip
            res["build_s"] = round(time.perf_counter() - t, 2)
            page = b.pages[0]
            res["build_page_mb"] = round(page.stat().st_size / 1e6, 2)
            res["build_page_with_plotly_mb"] = round((page.stat().st_size + (b.out / "plotly.min.js").stat().st_size) / 1e6, 2)  # fmt: skip
            times, outside, _ = open_times(page, BUILD_DRAWN, repeat)
            res["build_map_drawn_s_median"] = round(statistics.median(times), 3)
            res["build_outside_requests"] = len(outside)
            res["build_filter_change"] = "filters do not work in the static page"
    print(json.dumps(res), flush=True)
    return res


def hss(tmp: Path) -> Path | None:
    shared = os.environ.get("PLANLIB_SHARED_DATA")
    if not shared or not Path(shared, "SOURCES.md").exists():
        return None
    sys.path.insert(0, str(HERE.parent))
    from tests.test_bagikan import hss_with_usulan

    return hss_with_usulan(Path(shared), tmp / "hss")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--usulan", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-build", action="store_true", help="skip the planlib build baseline")
    args = ap.parse_args()
    from planlib import open_workspace
    from planlib.demo import write_demo

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        write_demo(demo)
        results.append(measure("demo", demo, 2026, args.repeat, not args.no_build))
        real = hss(Path(tmp))
        if real is not None:
            results.append(measure("hss", real, 2026, args.repeat, not args.no_build))
        big = Path(tmp) / "besar"
        write_demo(big, usulan_per_tahun=args.usulan, tahun=(2026,))
        open_workspace(big)  # fill the parse cache, as `planlib check` would
        results.append(measure(f"{args.usulan}_usulan", big, 2026, args.repeat, not args.no_build))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "bagikan.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    for r in results:
        print(r["workspace"])
        for k, v in r.items():
            print(f"  {k:38} {v}")


if __name__ == "__main__":
    main()

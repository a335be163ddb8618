"""Benchmarks of the dashboards, each beside the notebook an analyst would write by hand.

Run with ``make bench`` (or ``python benchmarks/bench_dashboards.py [--usulan N]``).

Measured, for a workspace of N usulan (default 50,000) on the demo's kecamatan:

- filter change → updated figure, in Python (p50 / p95 over repeated Dapil changes):
  planlib's Peta usulan (recolours the polygons, redraws the figure) against the obvious notebook
  (filter the DataFrame, group by kecamatan, ``px.choropleth_map`` on the full geometry,
  serialise the figure — which is what goes to the browser on every change);
- bytes of map data sent per view (the figure's JSON), and the first paint (the whole static
  view, and its SVG map alone) that the page carries besides;
- memory (peak RSS) of a kernel that opened the view, in a fresh process;
- time until a map's polygons are visible in Chromium, from navigation, through a real
  Voilà, for a cold kernel, a preheated kernel, and the obvious notebook served by plain
  Voilà. For planlib that is the first paint (the map as SVG inside the page); the time
  until the live, interactive Plotly map replaces it is reported beside it (``live_map_s``).

Results are printed and written to ``benchmarks/out/dashboards.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PLANLIB_CHILD = r"""
import json, re, sys, time


def hwm_mb():
    # VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the parent this child was forked from
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


t0 = time.perf_counter()
from planlib.dashboards import first_paint, peta_usulan
w = peta_usulan.tampilan(sys.argv[1], 2026)
v = w._planlib_view
t1 = time.perf_counter()
# what Voilà sends: the widget's mime bundle, with the first paint (the map as inline SVG)
first = w._repr_mimebundle_().get(first_paint.MIME, "")
svg_map = re.search(r"<svg class='planlib-svg-peta'.*?</svg>", first, re.S)
print(json.dumps({"open_s": t1 - t0, "map_bytes": len(v.fig.to_json()),
                  "first_paint_bytes": len(first.encode()),
                  "first_paint_map_bytes": len(svg_map.group(0).encode()) if svg_map else 0,
                  "rss_mb": hwm_mb()}))
"""

NAIVE_CHILD = r"""
import json, sys, time


def hwm_mb():
    # VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the parent this child was forked from
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


t0 = time.perf_counter()
import pandas as pd, geopandas as gpd, plotly.express as px
root = sys.argv[1]
df = pd.read_excel(root + "/usulan/usulan_2026.xlsx", header=4)
kec = gpd.read_file(root + "/wilayah/kecamatan.geojson")
counts = df.groupby("Kecamatan").size().rename("jumlah").reset_index()
gdf = kec.merge(counts, left_on="nm_kec", right_on="Kecamatan", how="left")
fig = px.choropleth_map(gdf, geojson=gdf.__geo_interface__, locations=gdf.index, color="jumlah",
                        map_style="white-bg", center={"lat": -2.55, "lon": 115.35}, zoom=8)
t1 = time.perf_counter()
print(json.dumps({"open_s": t1 - t0, "map_bytes": len(fig.to_json()),
                  "rss_mb": hwm_mb()}))
"""


def child(code: str, ws: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, str(ws)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def filter_latency(ws: Path, repeat: int) -> dict:
    """Python time from a Dapil change to the updated figure, planlib vs the obvious notebook."""
    import geopandas as gpd
    import pandas as pd
    import plotly.express as px

    from planlib.dashboards import peta_usulan

    v = peta_usulan.tampilan(str(ws), 2026)._planlib_view
    dapils = list(v.w_dapil.options)
    ours = []
    for i in range(repeat):
        t = time.perf_counter()
        v.w_dapil.value = dapils[i % len(dapils)]
        ours.append(time.perf_counter() - t)

    df = pd.read_excel(ws / "usulan/usulan_2026.xlsx", header=4)
    kec = gpd.read_file(ws / "wilayah/kecamatan.geojson")
    dapil = pd.read_csv(ws / "dapil.csv")
    names = dict(zip(kec["kode_kec"], kec["nm_kec"], strict=True))
    dapil["nama"] = dapil["kecamatan"].map(lambda k: names.get(k, k))
    naive = []
    for i in range(repeat):
        t = time.perf_counter()
        d = dapils[i % len(dapils)]
        sub = (
            df
            if d == dapils[0]
            else df[df["Kecamatan"].isin(dapil.loc[dapil["dapil"] == d, "nama"])]
        )
        counts = sub.groupby("Kecamatan").size().rename("jumlah").reset_index()
        gdf = kec.merge(counts, left_on="nm_kec", right_on="Kecamatan", how="left")
        fig = px.choropleth_map(gdf, geojson=gdf.__geo_interface__, locations=gdf.index, color="jumlah",
                                map_style="white-bg", zoom=8)  # fmt: skip
        fig.to_json()
        naive.append(time.perf_counter() - t)
    return {
        "filter_ms_p50": round(statistics.median(ours) * 1000, 1),
        "filter_ms_p95": round(pct(ours, 95) * 1000, 1),
        "naive_filter_ms_p50": round(statistics.median(naive) * 1000, 1),
        "naive_filter_ms_p95": round(pct(naive, 95) * 1000, 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]  # fmt: skip

NAIVE_NOTEBOOK = r"""
import pandas as pd, geopandas as gpd, plotly.express as px
root = {root!r}
df = pd.read_excel(root + "/usulan/usulan_2026.xlsx", header=4)
kec = gpd.read_file(root + "/wilayah/kecamatan.geojson")
counts = df.groupby("Kecamatan").size().rename("jumlah").reset_index()
gdf = kec.merge(counts, left_on="nm_kec", right_on="Kecamatan", how="left")
fig = px.choropleth_map(gdf, geojson=gdf.__geo_interface__, locations=gdf.index, color="jumlah",
                        map_style="white-bg", center={{"lat": -2.55, "lon": 115.35}}, zoom=8)
fig.show()
"""

#: planlib's live map: Plotly's SVG polygons
LIVE_MAP = ".js-plotly-plot path.js-fill"
#: a map on screen: the first paint's SVG map (sent inside the page) or the live one
ANY_MAP = ".planlib-pratinjau svg path, .js-plotly-plot path.js-fill"
#: the obvious notebook's map: MapLibre's WebGL canvas (MapLibre's own ``loaded()`` is
#: reported too, read 10 s after the canvas appeared)
NAIVE_MAP = ".js-plotly-plot canvas.maplibregl-canvas"

#: Records, per selector, when a matching element is first visible: the time of the next
#: animation frame (the frame that paints it), in ms since navigation start. Measured in the
#: page, so a main thread busy evaluating JavaScript cannot delay the reading.
SEEN = """
window.__seen = {};
window.__watch = %s;
const check = () => {
  for (const [k, sel] of Object.entries(window.__watch)) {
    if (k in window.__seen || window.__seen['_' + k]) continue;
    if ([...document.querySelectorAll(sel)].some(e => e.checkVisibility())) {
      window.__seen['_' + k] = true;
      requestAnimationFrame(() => { window.__seen[k] = performance.now(); });
    }
  }
};
new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
setInterval(check, 50);
"""
NAIVE_LOADED = """() => [...document.querySelectorAll('.js-plotly-plot')].some(g => g._fullLayout
  && g._fullLayout.map && g._fullLayout.map._subplot && g._fullLayout.map._subplot.map.loaded())"""


def _start(cmd: list[str], env: dict, cwd: str | None = None) -> tuple[subprocess.Popen, str]:
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen(
        [*cmd, f"--port={port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd=cwd,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/voila/tree", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    return proc, base


def _quiet(proc: subprocess.Popen, settle: float = 3.0, limit: float = 600) -> None:
    """Wait until no process of the server (its kernels included) is busy: preheating is done."""
    import psutil

    root = psutil.Process(proc.pid)
    deadline = time.time() + limit
    calm = 0.0
    while time.time() < deadline and calm < settle:
        procs = [root, *root.children(recursive=True)]
        for p in procs:
            p.cpu_percent(interval=None)
        time.sleep(1.0)
        busiest = max((p.cpu_percent(interval=None) for p in procs if p.is_running()), default=0)
        calm = calm + 1.0 if busiest < 25 else 0.0


def _visits(
    base: str, path: str, repeat: int, watch: dict[str, str], before=None, naive: bool = False
) -> tuple[dict[str, list[float]], int, bool]:
    """Seconds from navigation until each selector of ``watch`` is visible, per visit.

    Also returns the outside requests attempted, and (``naive``) MapLibre's ``loaded()``.
    """
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {k: [] for k in watch}
    outside: list[str] = []
    loaded = True

    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(repeat):
            if before:
                before()
            ctx = b.new_context(viewport={"width": 1280, "height": 720})
            ctx.route("**/*", route)
            page = ctx.new_page()
            page.add_init_script(SEEN % json.dumps(watch))
            page.goto(base + path, timeout=600_000, wait_until="commit")
            for k in watch:
                page.wait_for_function("k => k in window.__seen", arg=k, timeout=600_000)
                times[k].append(page.evaluate("k => window.__seen[k]", k) / 1000)
            if naive:
                page.wait_for_timeout(10_000)
                loaded = page.evaluate(NAIVE_LOADED)
            ctx.close()
        b.close()
    return times, len(outside), loaded


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def time_to_map(ws: Path, repeat: int) -> dict:
    """Seconds from navigation until the map is drawn in Debian's Chromium, through real Voilà.

    - planlib, cold: ``planlib serve`` with preheating switched off (a kernel per visit);
    - planlib, preheated: the repository's ``voila.json`` (a kernel per dashboard waits,
      its notebook already executed); each visit waits until the server is idle again,
      i.e. the pool has been refilled, as it is for a viewer who is not the first in a row.
    """
    from planlib.serve import environment, voila_command

    env = environment(ws)
    serve = [a for a in voila_command(0) if not a.startswith("--port")]
    page = "/voila/render/01-peta-usulan.ipynb"
    res = {}
    proc, base = _start([*serve, "--VoilaConfiguration.preheat_kernel=False"], env)
    watch = {"map": ANY_MAP, "live": LIVE_MAP}
    try:
        cold, _, _ = _visits(base, page, repeat, watch)
    finally:
        _stop(proc)
    proc, base = _start(serve, env)
    try:
        _quiet(proc)
        hot, _, _ = _visits(base, page, repeat, watch, before=lambda: _quiet(proc))
    finally:
        _stop(proc)
    res.update(
        map_visible_s_cold_median=round(statistics.median(cold["map"]), 2),
        map_visible_s_preheated_median=round(statistics.median(hot["map"]), 2),
        map_visible_s_preheated_max=round(max(hot["map"]), 2),
        live_map_s_cold_median=round(statistics.median(cold["live"]), 2),
        live_map_s_preheated_median=round(statistics.median(hot["live"]), 2),
        live_map_s_preheated_max=round(max(hot["live"]), 2),
    )
    print(json.dumps(res), flush=True)
    return res


def naive_time_to_map(ws: Path, repeat: int) -> dict:
    """The obvious notebook served by plain Voilà (lab template, a kernel per visit)."""
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        import nbformat

        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(NAIVE_NOTEBOOK.format(root=str(ws)))]
        )
        nbformat.write(nb, Path(tmp, "naive.ipynb"))
        # plain Voilà with the same execution timeout as planlib's voila.json
        cmd = [sys.executable, "-m", "voila", str(Path(tmp, "naive.ipynb")), "--no-browser",
               "--Voila.ip=127.0.0.1", "--VoilaExecutor.timeout=300"]  # fmt: skip
        # run from the notebook's folder: Voilà reads a voila.json in its working directory
        proc, base = _start(cmd, dict(os.environ, JUPYTER_PLATFORM_DIRS="1"), cwd=tmp)
        try:
            naive, outside, loaded = _visits(
                base, "/", max(1, repeat // 2), {"map": NAIVE_MAP}, naive=True
            )
            res.update(
                naive_map_visible_s_median=round(statistics.median(naive["map"]), 2),
                naive_outside_requests=outside,
                naive_maplibre_loaded_offline=loaded,
            )
        except Exception as e:  # noqa: BLE001 - the baseline failing is a result too
            res["naive_map_visible"] = f"failed: {type(e).__name__}: {str(e)[:200]}"
        finally:
            _stop(proc)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--usulan", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--browser-repeat", type=int, default=3)
    args = ap.parse_args()
    from planlib import open_workspace
    from planlib.demo import write_demo

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "besar"
        write_demo(ws, usulan_per_tahun=args.usulan, tahun=(2026,))
        open_workspace(ws)  # fill the parse cache, as `planlib check` or a first visit would
        res = {"usulan": args.usulan}
        ours, naive = child(PLANLIB_CHILD, ws), child(NAIVE_CHILD, ws)
        res.update(
            open_view_s=round(ours["open_s"], 2), naive_open_view_s=round(naive["open_s"], 2),
            map_bytes=ours["map_bytes"], naive_map_bytes=naive["map_bytes"],
            first_paint_bytes=ours["first_paint_bytes"], first_paint_map_bytes=ours["first_paint_map_bytes"],
            kernel_rss_mb=round(ours["rss_mb"]), naive_kernel_rss_mb=round(naive["rss_mb"]),
        )  # fmt: skip
        print(json.dumps(res), flush=True)
        res.update(filter_latency(ws, args.repeat))
        print(json.dumps(res), flush=True)
        if Path("/usr/bin/chromium").exists():
            res.update(time_to_map(ws, args.browser_repeat))
            res.update(naive_time_to_map(ws, args.browser_repeat))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "dashboards.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    for k, val in res.items():
        print(f"  {k:28} {val}")


if __name__ == "__main__":
    main()

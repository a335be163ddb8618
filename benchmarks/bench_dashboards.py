"""Benchmarks of the dashboards, each beside the notebook an analyst would write by hand.

Run with ``make bench`` (or ``python benchmarks/bench_dashboards.py [--usulan N]``).

Measured, for a workspace of N usulan (default 50,000) on the demo's kecamatan:

- filter change → updated figure, in Python (p50 / p95 over repeated Dapil changes):
  planlib's Peta usulan (recolours the polygons in place) against the obvious notebook
  (filter the DataFrame, group by kecamatan, ``px.choropleth_map`` on the full geometry,
  serialise the figure — which is what goes to the browser on every change);
- bytes of map data sent per view (the figure's JSON);
- memory (peak RSS) of a kernel that opened the view, in a fresh process;
- time until the map's polygons are visible in Chromium, from navigation, through a real
  ``planlib serve`` (kernels started per visit; preheating is off, see docs/dashboards.md).

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
import json, sys, time


def hwm_mb():
    # VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the parent this child was forked from
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


t0 = time.perf_counter()
from planlib.dashboards import peta_usulan
w = peta_usulan.tampilan(sys.argv[1], 2026)
v = w._planlib_view
t1 = time.perf_counter()
print(json.dumps({"open_s": t1 - t0, "map_bytes": len(v.fig.to_json()),
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


def time_to_map(ws: Path, repeat: int) -> dict:
    """Seconds from navigation until the map polygons are drawn, in Debian's Chromium."""
    import urllib.request

    from playwright.sync_api import sync_playwright

    port = _free_port()
    exe = Path(sys.executable).with_name("planlib")
    proc = subprocess.Popen(
        [str(exe), "serve", str(ws), "--port", str(port), "--no-browser"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/voila/tree", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]  # fmt: skip
        times = []
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            for _ in range(repeat):
                page = b.new_page(viewport={"width": 1280, "height": 720})
                t = time.perf_counter()
                page.goto(base + "/voila/render/01-peta-usulan.ipynb", timeout=300_000)
                page.wait_for_selector(".js-plotly-plot path.js-fill", timeout=300_000)
                times.append(time.perf_counter() - t)
                page.close()
            b.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return {
        "map_visible_s_cold_median": round(statistics.median(times), 2),
        "map_visible_s_cold_max": round(max(times), 2),
    }


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
            kernel_rss_mb=round(ours["rss_mb"]), naive_kernel_rss_mb=round(naive["rss_mb"]),
        )  # fmt: skip
        res.update(filter_latency(ws, args.repeat))
        if Path("/usr/bin/chromium").exists():
            res.update(time_to_map(ws, args.browser_repeat))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "dashboards.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    for k, val in res.items():
        print(f"  {k:28} {val}")


if __name__ == "__main__":
    main()

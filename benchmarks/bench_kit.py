"""Benchmark: from a Bappeda's desk of raw files to a drawn map, for three real kabupaten.

For Gunungkidul (BIG desa zip), Lombok Timur (kecamatan only) and Kota Mataram, the desk is
written (:func:`planlib.demo.kit.write_kit`, not timed), then timed in a fresh process each,
as an analyst would run them: ``planlib init --kabupaten NAME``, ``planlib tambah`` on the
desk (recognition, copies, the first full load and check), and the Peta usulan view built by
the dashboard's own code (what a served kernel computes before the map appears). Beside
them, in the same run, the demo path: ``planlib demo`` then the same view on the demo.

Also the size of the wheel built from this checkout and from a baseline revision (the last
one before the reference data shipped, ``92d1488``), with ``pip wheel --no-deps``.

Run with ``make bench`` or ``python benchmarks/bench_kit.py [--usulan N] [--no-wheel]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = "92d1488"
SHARED = Path(os.environ.get("PLANLIB_SHARED_DATA") or ROOT.parent / "shared" / "data")
KITS = {
    "Gunungkidul": "boundaries/desa_gunungkidul_3403.geojson",
    "Lombok Timur": None,
    "Kota Mataram": None,
}
PLANLIB = [sys.executable, "-m", "planlib.cli"]

VIEW = r"""
import sys, time
t = time.perf_counter()
from planlib.dashboards.peta_usulan import PetaUsulan
from planlib import open_workspace
ws = open_workspace(sys.argv[1])
view = PetaUsulan(ws, max(ws.tahun))
n = sum(1 for tr in view.fig.data if getattr(tr, "fill", None) == "toself")
print(time.perf_counter() - t, n)
"""


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - t


def view_seconds(ws: Path) -> tuple[float, float, int]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", VIEW, str(ws)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    inner, n = out.stdout.split()
    return time.perf_counter() - t, float(inner), int(n)


def wheel_mb(source: Path, out: Path) -> float:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(source)], check=True, capture_output=True)  # fmt: skip
    (whl,) = out.glob("planlib-*.whl")
    return whl.stat().st_size / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--usulan", type=int, default=1500, help="usulan per export")
    ap.add_argument("--no-wheel", action="store_true")
    args = ap.parse_args()
    from planlib.demo.kit import write_kit

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for nama, desa in KITS.items():
            desk = base / f"meja-{nama}"
            write_kit(desk, nama, desa=SHARED / desa if desa else None, per_tahun=args.usulan)
            ws = base / f"ws-{nama}"
            t_init = timed([*PLANLIB, "init", str(ws), "--kabupaten", nama])
            t_add = timed([*PLANLIB, "tambah", str(ws), str(desk)])
            t_view, _, n = view_seconds(ws)
            rows.append((nama, t_init, t_add, t_view, n))
        demo = base / "demo"
        t_demo = timed([*PLANLIB, "demo", str(demo), "--usulan", str(args.usulan)])
        t_view, _, n = view_seconds(demo)
        rows.append(("demo (Kabupaten Contoh)", t_demo, 0.0, t_view, n))
        print(f"usulan per export: {args.usulan}; every step in a fresh process (seconds)")
        print(
            f"{'kabupaten':26} {'init/demo':>9} {'tambah':>8} {'peta':>7} {'total':>7} {'areas':>6}"
        )
        out = []
        for nama, a, b, c, n in rows:
            print(f"{nama:26} {a:9.1f} {b:8.1f} {c:7.1f} {a + b + c:7.1f} {n:6d}")
            out.append({"kabupaten": nama, "init_s": a, "tambah_s": b, "peta_s": c, "areas": n})
        if not args.no_wheel:
            old = base / "baseline"
            subprocess.run(["git", "worktree", "add", "-q", "--detach", str(old), BASELINE],
                           cwd=ROOT, check=True)  # fmt: skip
            try:
                before = wheel_mb(old, base / "w0")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT,
                               check=False)  # fmt: skip
            after = wheel_mb(ROOT, base / "w1")
            print(f"wheel: {before:.2f} MB at {BASELINE} (baseline) → {after:.2f} MB now")
            out.append({"wheel_mb_before": before, "wheel_mb_after": after})
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "kit.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    shutil.rmtree(ROOT / "build", ignore_errors=True)


if __name__ == "__main__":
    main()

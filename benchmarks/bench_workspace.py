"""Benchmarks of opening workspaces: cold and cached open, `planlib check`, memory.

Run with ``make bench`` (or ``python benchmarks/bench_workspace.py [--usulan N]``).
Each measurement runs in a fresh Python process so that imports, caches and
peak memory (ru_maxrss) are those an analyst's kernel would see. Results are
printed as a table and written to ``benchmarks/out/results.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time


def hwm_mb():
    # VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the parent this child was forked from
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


t0 = time.perf_counter()
import planlib
t1 = time.perf_counter()
ws = planlib.open_workspace(sys.argv[1], use_cache=sys.argv[2] == "1")
t2 = time.perf_counter()
n = sum(len(df) for df in ws.usulan.values())
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "usulan": n,
                  "kecamatan": len(ws.kecamatan), "rss_mb": hwm_mb()}))
"""


def child(ws: Path, use_cache: bool) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ws), "1" if use_cache else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def clear_cache(ws: Path) -> None:
    import shutil

    shutil.rmtree(ws / ".planlib-cache", ignore_errors=True)


def bench_open(ws: Path, label: str, repeat: int) -> dict:
    clear_cache(ws)
    cold = child(ws, use_cache=True)  # parses everything and fills the cache
    cached = [child(ws, use_cache=True) for _ in range(repeat)]
    return {
        "workspace": label,
        "usulan": cold["usulan"],
        "kecamatan": cold["kecamatan"],
        "cold_open_s": round(cold["open_s"], 3),
        "cached_open_s_median": round(statistics.median(c["open_s"] for c in cached), 3),
        "cached_open_s_max": round(max(c["open_s"] for c in cached), 3),
        "import_s": round(statistics.median(c["import_s"] for c in cached), 3),
        "rss_mb_cold": round(cold["rss_mb"], 1),
        "rss_mb_cached": round(statistics.median(c["rss_mb"] for c in cached), 1),
    }


def bench_check(ws: Path) -> dict:
    exe = Path(sys.executable).with_name("planlib")
    clear_cache(ws)
    res = {}
    for label in ("check_cold_s", "check_cached_s"):
        t = time.perf_counter()
        subprocess.run([str(exe), "check", str(ws)], capture_output=True, check=False)
        res[label] = round(time.perf_counter() - t, 3)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--usulan", type=int, default=50_000, help="usulan in the large workspace")
    ap.add_argument(
        "--kecamatan", type=int, default=999,
        help="kecamatan in the wide workspace (Kemendagri codes allow at most 999 per kabupaten)",
    )  # fmt: skip
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from planlib.demo import write_demo

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        write_demo(tmp / "demo")
        gen_demo = time.perf_counter() - t
        r = bench_open(tmp / "demo", "demo (3 × 3,000 usulan, 12 kecamatan)", args.repeat)
        r.update(bench_check(tmp / "demo"), generate_s=round(gen_demo, 2))
        results.append(r)

        t = time.perf_counter()
        write_demo(tmp / "besar", usulan_per_tahun=args.usulan, tahun=(2026,))
        gen = time.perf_counter() - t
        r = bench_open(tmp / "besar", f"{args.usulan:,} usulan, 12 kecamatan", args.repeat)
        r["generate_s"] = round(gen, 2)
        results.append(r)

        t = time.perf_counter()
        write_demo(
            tmp / "luas", n_kecamatan=args.kecamatan, n_desa=args.kecamatan * 2,
            usulan_per_tahun=args.usulan, tahun=(2026,),
        )  # fmt: skip
        gen = time.perf_counter() - t
        r = bench_open(
            tmp / "luas", f"{args.usulan:,} usulan, {args.kecamatan:,} kecamatan", args.repeat
        )
        r["generate_s"] = round(gen, 2)
        results.append(r)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    keys = list(dict.fromkeys(k for r in results for k in r))
    for r in results:
        print()
        for k in keys:
            if k in r:
                print(f"  {k:22} {r[k]}")


if __name__ == "__main__":
    main()

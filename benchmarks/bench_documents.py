"""Benchmarks of the documents a forum hands out: ``planlib deck --dapil`` and ``planlib laporan-desa``.

Run with ``python benchmarks/bench_documents.py [--usulan N]``.

Measured as an analyst runs them (each command in its own process, wall time, imports
included), on the default demo and on a workspace of N usulan (default 50,000) on the
demo's kecamatan:

- ``planlib deck WS --tahun 2026 --dapil 1`` with the charts drawn by kaleido (the local
  Chromium) and by the matplotlib fallback; the .pptx and .pdf sizes and slide count;
- ``planlib laporan-desa WS --tahun 2026`` (xlsx + PDF per desa): time, number of desa,
  total size of the letters, the largest letter;
- baselines measured in the same run: opening the workspace alone (what every command
  pays), and the obvious notebook for the letters — ``DataFrame.to_excel`` of each desa's
  rows, unformatted, no PDF, no decisions or history.

Results are printed and written to ``benchmarks/out/documents.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

OPEN_CHILD = r"""
import sys, time
t0 = time.perf_counter()
from planlib import open_workspace, rekap
ws = open_workspace(sys.argv[1])
rekap.usulan_tahun(ws, 2026)
print(time.perf_counter() - t0)
"""

NAIVE_LETTERS = r"""
import sys, time
from pathlib import Path
t0 = time.perf_counter()
from planlib import open_workspace, rekap
ws = open_workspace(sys.argv[1])
df = rekap.usulan_tahun(ws, 2026)
out = Path(sys.argv[2])
cols = ["id_usulan", "usulan_ke", "usulan", "volume", "satuan", "anggaran", "opd_tujuan", "status"]
for (kec, desa), rows in df.groupby(["nama_kecamatan", "nama_desa"], observed=True):
    d = out / str(kec).replace("/", "-")
    d.mkdir(parents=True, exist_ok=True)
    rows[cols].to_excel(d / (str(desa).replace("/", "-") + ".xlsx"), index=False)
print(time.perf_counter() - t0)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=3600)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{res.stderr[-2000:]}")
    return time.perf_counter() - t0


def _child(code: str, *args: str) -> float:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=_env(), timeout=3600)  # fmt: skip
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return float(res.stdout.strip().splitlines()[-1])


def _planlib(*args: object) -> list[str]:
    return [sys.executable, "-m", "planlib.cli", *map(str, args)]


def _size(folder: Path, pattern: str) -> tuple[int, int, int]:
    files = list(folder.rglob(pattern))
    sizes = [f.stat().st_size for f in files]
    return len(files), sum(sizes), max(sizes, default=0)


def measure(ws: Path, tmp: Path, name: str) -> dict:
    from pptx import Presentation

    r: dict = {"workspace": name}
    r["open_workspace_s"] = _child(OPEN_CHILD, str(ws))
    for engine in ("kaleido", "matplotlib"):
        out = tmp / f"{name}-{engine}.pptx"
        try:
            r[f"deck_dapil_{engine}_s"] = _timed(
                _planlib(
                    "deck", ws, "--tahun", 2026, "--dapil", "1", "--gambar", engine, "--out", out
                )
            )
        except RuntimeError as e:
            r[f"deck_dapil_{engine}_s"] = None
            r[f"deck_dapil_{engine}_error"] = str(e)[-300:]
            continue
        r[f"deck_{engine}_pptx_kb"] = out.stat().st_size / 1024
        r[f"deck_{engine}_pdf_kb"] = out.with_suffix(".pdf").stat().st_size / 1024
        r["deck_slides"] = len(Presentation(str(out)).slides)
    letters = tmp / f"{name}-laporan"
    r["laporan_desa_s"] = _timed(_planlib("laporan-desa", ws, "--tahun", 2026, "--out", letters))
    n, total, largest = _size(letters, "*.pdf")
    nx, total_x, largest_x = _size(letters, "*.xlsx")
    r.update(desa=n, laporan_pdf_mb=total / 2**20, laporan_pdf_largest_kb=largest / 1024,
             laporan_xlsx_mb=total_x / 2**20, laporan_xlsx_largest_kb=largest_x / 1024)  # fmt: skip
    r["baseline_naive_letters_s"] = _child(NAIVE_LETTERS, str(ws), str(tmp / f"{name}-naive"))
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--usulan", type=int, default=50_000)
    ap.add_argument("--tanpa-demo", action="store_true", help="only the large workspace")
    args = ap.parse_args()
    from planlib.demo import write_demo

    results = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        if not args.tanpa_demo:
            demo = tmp / "demo"
            write_demo(demo)
            results.append(measure(demo, tmp, "demo"))
            print(json.dumps(results[-1], indent=1))
        big = tmp / "besar"
        write_demo(big, usulan_per_tahun=args.usulan, tahun=(2026,))
        results.append(measure(big, tmp, f"{args.usulan}-usulan"))
        print(json.dumps(results[-1], indent=1), flush=True)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "documents.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

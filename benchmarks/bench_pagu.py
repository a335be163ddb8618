"""Benchmark of the priority score and the pagu allocation at up to 50,000 usulan.

Run with ``python benchmarks/bench_pagu.py [--usulan 50000] [--time-limit 10]``.

The usulan are the demo's last planning year (*Kabupaten Contoh*: 12
kecamatan, 13 OPD, ~3,000 usulan): its first ``n`` rows for smaller sizes
(300 ≈ the first two kecamatan), replicated for larger ones, each copy with
a new ``id_usulan`` and its anggaran scaled by a random factor (lognormal,
σ = 0.1, rounded to Rp 1,000) so that no two usulan are exact twins.
Ceilings are 40 % of the anggaran asked per kecamatan and per OPD.

A last run takes the demo year with the default ceilings of
:func:`planlib.forum.pagu.pagu_bawaan` (Renja pagu per OPD, ~3 % of the
demand: few usulan per ceiling, the hardest case for the heuristic).

For each run it prints the time to score (best of three), then for the
greedy heuristic and for the MILP with a time limit: the label
(:attr:`Alokasi.metode`), whether optimality is proven, the proven gap to
the upper bound and the wall time. The figures are copied into
``docs/forum-pagu.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import planlib
from planlib.demo import write_demo
from planlib.forum.pagu import alokasi, pagu_bawaan
from planlib.forum.skor import skor_usulan
from planlib.rekap import usulan_tahun


def replicate(u: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` usulan made of copies of ``u``: new ids, anggaran jittered by ~10 %."""
    rng = np.random.default_rng(seed)
    reps = -(-n // len(u))
    big = pd.concat([u] * reps, ignore_index=True).iloc[:n].copy()
    big["id_usulan"] = [f"B{i:06d}" for i in range(n)]
    big["anggaran"] = (big["anggaran"] * rng.lognormal(0.0, 0.1, n)).round(-3)
    return big


def ceilings(s: pd.DataFrame, share: float = 0.4) -> tuple[dict, dict]:
    a = s["anggaran"].where(s["anggaran"] > 0)
    kec = (share * a.groupby(s["kode_kecamatan"].astype(str)).sum()).to_dict()
    opd = (share * a.groupby(s["opd_tujuan"].astype(str)).sum()).to_dict()
    return kec, opd


def run(ws, n: int, time_limit: float, renja: bool = False) -> list[dict]:
    """Score ``n`` usulan, then allocate them with each method.

    Ceilings: 40 % of demand, or with ``renja`` the defaults of :func:`pagu_bawaan`
    (Renja pagu per OPD, its total split over the kecamatan: ~3 % of demand in the demo).
    """
    base = usulan_tahun(ws, ws.tahun[-1])
    u = base.iloc[:n] if n <= len(base) else replicate(base, n)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        s = skor_usulan(u, indikator=ws.indikator, target=ws.target_rpjmd)
        times.append(time.perf_counter() - t)
    if renja:
        pb = pagu_bawaan(s, renja=ws.renja)
        kec, opd, tag = pb.kecamatan, pb.opd, " (pagu Renja)"
    else:
        (kec, opd), tag = ceilings(s), ""
    rows = [{"usulan": n, "langkah": "skor_usulan", "detik": min(times)}]
    for metode in ("greedy", "milp"):
        al = alokasi(s, pagu_kecamatan=kec, pagu_opd=opd, metode=metode, time_limit=time_limit)
        rows.append(
            {
                "usulan": n,
                "langkah": f"alokasi {metode}{tag}",
                "detik": al.waktu_detik,
                "hasil": al.metode,
                "optimal": al.optimal,
                "selisih_persen": 100 * al.selisih,
                "terpilih": int(al.terpilih.sum()),
                "nilai": al.nilai,
                "batas_atas": al.batas_atas,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--usulan", type=int, nargs="*", default=[300, 3000, 10_000, 50_000])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--workspace", type=Path, help="an existing demo workspace (default: generate)")
    ap.add_argument("--json", type=Path, help="also write the rows to this file")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = args.workspace
        if root is None:
            root = Path(tmp) / "contoh"
            write_demo(root)
        ws = planlib.open_workspace(root)
        rows = []
        runs = [(n, False) for n in args.usulan] + [(len(usulan_tahun(ws, ws.tahun[-1])), True)]
        for n, renja in runs:
            rows += run(ws, n, args.time_limit, renja)
            for r in rows[-3:]:
                print(_line(r), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


def _line(r: dict) -> str:
    head = f"{r['usulan']:>7,} usulan  {r['langkah']:<28} {r['detik']:8.2f} s"
    if "hasil" not in r:
        return head
    return (
        f"{head}  {r['hasil']:<48} optimal={r['optimal']!s:<5} "
        f"selisih={r['selisih_persen']:.4f}%  terpilih={r['terpilih']:,}"
    )


if __name__ == "__main__":
    sys.exit(main())

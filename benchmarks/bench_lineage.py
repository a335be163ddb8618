"""Benchmark of duplicate detection, lineage and the overlap matrix at 50,000 usulan.

Run with::

    .venv/bin/python benchmarks/bench_lineage.py                 # 50,000 usulan, 800 desa
    .venv/bin/python benchmarks/bench_lineage.py --desa 150      # the same in 150 desa (dense)
    .venv/bin/python benchmarks/bench_lineage.py --folder /tmp/d50 --keep   # reuse a workspace

It writes a scaled demo workspace (``planlib.demo.write_demo``: three planning
years, dirt included), opens it, and prints for each step the wall-clock and
the CPU time of this process (the CPU time is the steadier figure on a shared
machine), the work done (row pairs inside the desa blocks against all pairs),
and the quality figures: precision and recall on the hand-labelled pairs of
``tests/data/duplikat_berlabel.csv`` and pairwise agreement with the demo's
hidden lineage truth; and the same precision and recall on the harder pairs of
``tests/data/duplikat_sulit.csv`` (abbreviations, paraphrases, hard negatives by
place and by object), per ``jenis``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from math import comb
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "tests" / "data" / "duplikat_berlabel.csv"
HARD = HERE.parent / "tests" / "data" / "duplikat_sulit.csv"


def timed(label: str, func, *args, **kwargs):
    w, c = time.perf_counter(), time.process_time()
    out = func(*args, **kwargs)
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    print(f"  {label:<34} {wall:7.2f} s wall  {cpu:7.2f} s CPU")
    return out


def fmt(m: dict) -> str:
    return (
        f"precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
        f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
    )


def labelled_figures(path: Path = LABELLED) -> None:
    from planlib.forum.lineage import THRESHOLD, evaluate_labelled, precision_recall

    lab = pd.read_csv(path, dtype=str, keep_default_na=False).astype(
        {"pasangan": int, "tahun_a": int, "tahun_b": int, "sama": int}
    )
    ev = evaluate_labelled(lab)
    print(
        f"\nLabelled pairs, {path.name} ({len(lab)}: {int(lab['sama'].sum())} same, "
        f"threshold {THRESHOLD:g})"
    )
    print(
        f"  all                                {fmt(precision_recall(ev['sama'], ev['prediksi']))}"
    )
    for jenis, g in ev.groupby("jenis"):
        wrong = int((g["sama"] != g["prediksi"]).sum())
        print(f"  {jenis:<18} {len(g):3d} pairs, {wrong} wrong")
    for t in (75, 80, 85, 90, 95):
        m = precision_recall(ev["sama"], ev["skor"] >= t)
        print(f"  threshold {t:<3d}                      {fmt(m)}")
    for r in ev[ev["sama"] != ev["prediksi"]].itertuples():
        print(f"  wrong: [{r.sama}] {r.usulan_a!r} / {r.usulan_b!r}: {r.skor:.1f} {r.alasan}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--usulan", type=int, default=50_000, help="usulan in all years together")
    ap.add_argument("--desa", type=int, default=800)
    ap.add_argument("--kecamatan", type=int, default=40)
    ap.add_argument("--tahun", type=int, default=3)
    ap.add_argument("--folder", type=Path, help="workspace folder (reused when it exists)")
    ap.add_argument("--keep", action="store_true", help="keep the generated workspace")
    args = ap.parse_args()

    import planlib
    from planlib.demo import write_demo
    from planlib.forum.lineage import (
        assign_lineage,
        find_duplicates,
        lineage_history,
        pair_agreement,
    )
    from planlib.forum.overlap import overlap_inputs, overlap_matrix

    labelled_figures()
    labelled_figures(HARD)

    root = args.folder or Path(tempfile.mkdtemp(prefix="bench-lineage-")) / "contoh"
    tahun = tuple(range(2027 - args.tahun, 2027))
    print(f"\nScaled demo: {args.usulan:,} usulan, {args.desa} desa, {len(tahun)} years → {root}")
    if not (root / "planlib.toml").exists():
        timed(
            "write_demo (not measured below)", write_demo, root, n_kecamatan=args.kecamatan,
            n_desa=args.desa, usulan_per_tahun=args.usulan // len(tahun), tahun=tahun,
        )  # fmt: skip
    ws = timed("open_workspace", planlib.open_workspace, root)
    u = pd.concat(ws.usulan.values(), ignore_index=True)
    print(f"  {len(u):,} usulan loaded in {u['kode_desa'].nunique()} desa")

    print("\nTiming")
    pairs = timed("find_duplicates", find_duplicates, ws.usulan)
    lin = timed("assign_lineage (given the pairs)", assign_lineage, u, pairs)
    timed("lineage_history", lineage_history, u, lin)
    kw = overlap_inputs(ws, max(ws.tahun))
    for by in ("desa", "isu", "desa_isu"):
        timed(f"overlap_matrix by={by}", overlap_matrix, **kw, by=by)

    a = pairs.attrs
    print("\nWork")
    print(f"  all pairs n(n-1)/2                 {comb(len(u), 2):>15,}")
    print(f"  row pairs inside the desa blocks   {a['pasangan_blok']:>15,}")
    print(f"  rapidfuzz cdist cells              {a['perbandingan_teks']:>15,}")
    print(f"  candidates checked in detail       {a['kandidat']:>15,}")
    print(
        f"  pairs accepted                     {len(pairs):>15,}  {pairs['jenis'].value_counts().to_dict()}"
    )
    print(
        f"  lineages of more than one year     {int((lin.groupby('lineage')['tahun'].nunique() > 1).sum()):>15,}"
    )

    truth = pd.read_csv(root / ".demo-truth.csv", dtype={"id_usulan": str})
    t = truth.rename(columns={"lineage": "benar"})[["id_usulan", "tahun", "benar"]]
    print("\nDemo truth (pairs of usulan in one lineage)")
    m = lin.merge(t, on=["id_usulan", "tahun"])
    print(f"  default                            {fmt(pair_agreement(m['lineage'], m['benar']))}")
    lenient = assign_lineage(u, find_duplicates(ws.usulan, penalti_rt_alamat=0))
    m = lenient.merge(t, on=["id_usulan", "tahun"])
    print(f"  Alamat RT ignored                  {fmt(pair_agreement(m['lineage'], m['benar']))}")

    if args.folder is None and not args.keep:
        shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark of matching usulan to the plan (planlib.forum.align): accuracy and time.

Run with::

    .venv/bin/python benchmarks/bench_align.py                    # demo + labelled set + 50,000 rows
    .venv/bin/python benchmarks/bench_align.py --folder /tmp/demo --keep   # reuse a demo workspace
    .venv/bin/python benchmarks/bench_align.py --skala            # also a 50,000-usulan demo (slow)

It prints

1. OPD accuracy (top-1, top-3) and sub-kegiatan accuracy on every demo usulan
   against the hidden truth ``.demo-truth.csv`` (easy: the demo texts come from
   the templates its pohon kinerja was written from);
2. OPD accuracy on the hand-labelled set ``tests/data/usulan_berlabel.csv``
   against the demo plan, for the ``dev`` half, the held-out ``uji`` half and
   all rows, with planlib's kamus, with its abbreviations only, and without
   kamus; and how many of the usulan that no demo OPD covers are (wrongly)
   *selaras*;
3. the same on the harder set ``tests/data/usulan_sulit.csv`` (SIPD
   abbreviations, paraphrases, hard negatives), per ``jenis``;
4. the time of fitting the matcher and of ``align`` on 50,000 usulan: demo
   rows sampled with repetition (texts repeat, as in real exports) and the
   worst case, every text unique; with ``--skala`` also on a demo workspace
   written with 50,000 usulan. Wall-clock and CPU time of this process are both
   shown (the CPU time is the steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import shutil
import string
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "tests" / "data" / "usulan_berlabel.csv"
HARD = HERE.parent / "tests" / "data" / "usulan_sulit.csv"


def timed(label: str, func, *args, **kwargs):
    w, c = time.perf_counter(), time.process_time()
    out = func(*args, **kwargs)
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    print(f"  {label:<44} {wall:7.2f} s wall  {cpu:7.2f} s CPU")
    return out


def hits(res: pd.DataFrame, truth: pd.Series) -> tuple[float, float]:
    top1 = res["opd_saran"].to_numpy() == truth.to_numpy()
    top3 = top1.copy()
    for c in ("opd_saran_2", "opd_saran_3"):
        top3 |= res[c].to_numpy() == truth.to_numpy()
    return float(top1.mean()), float(top3.mean())


def demo_accuracy(ws, root: Path) -> None:
    from planlib.demo import TEMPLATES
    from planlib.forum import align

    truth = pd.read_csv(root / ".demo-truth.csv", dtype={"id_usulan": str})
    print("\nDemo truth (.demo-truth.csv), all usulan of each year")
    print(f"  {'tahun':<6} {'n':>6} {'top-1':>7} {'top-3':>7} {'sub-keg':>8} {'selaras':>8}")
    for tahun in ws.tahun:
        res = align.align(ws, tahun).merge(truth[truth["tahun"] == tahun], on="id_usulan")
        t1, t3 = hits(res, res["opd"])
        sub = (
            res["sub_kegiatan_saran"] == res["template"].map(lambda t: TEMPLATES[t].sub_kegiatan)
        ).mean()
        print(
            f"  {tahun:<6} {len(res):>6} {t1:>7.3f} {t3:>7.3f} {sub:>8.3f} {res['selaras'].mean():>8.3f}"
        )


def labelled_accuracy(ws) -> None:
    from planlib.forum import align

    lab = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    kamus = align.load_kamus()
    variants = {
        "kamus lengkap": kamus,
        "hanya singkatan": kamus[kamus["opd"] == ""],
        "tanpa kamus": kamus.iloc[:0],
    }
    planned = lab["opd"] != ""
    print(
        f"\nLabelled set ({planned.sum()} usulan with a demo OPD, {(~planned).sum()} outside the plan)"
    )
    print(f"  {'kamus':<16} {'dev t1/t3':>12} {'uji t1/t3':>12} {'semua t1/t3':>12} "
          f"{'luar selaras':>13} {'dalam selaras':>14}")  # fmt: skip
    for name, k in variants.items():
        res = align.Matcher.from_workspace(ws, k).suggest(lab)
        cells = []
        for part in ("dev", "uji", None):
            rows = planned & ((lab["bagian"] == part) if part else True)
            t1, t3 = hits(res[rows], lab.loc[rows, "opd"])
            cells.append(f"{t1:.3f}/{t3:.3f}")
        out = f"{int(res.loc[~planned, 'selaras'].sum())}/{int((~planned).sum())}"
        inside = res.loc[planned, "selaras"].mean()
        print(
            f"  {name:<16} {cells[0]:>12} {cells[1]:>12} {cells[2]:>12} {out:>13} {inside:>14.3f}"
        )
    full = align.Matcher.from_workspace(ws).suggest(lab)
    wrong = planned & (full["opd_saran"] != lab["opd"])
    print("\n  top-1 misses with the full kamus:")
    for (_, r), s in zip(lab[wrong].iterrows(), full.loc[wrong, "opd_saran"], strict=True):
        print(f"    [{r['bagian']}] {r['usulan'][:60]:<60} → {s}  (benar: {r['opd']})")


def hard_accuracy(ws) -> None:
    from planlib.forum import align

    lab = pd.read_csv(HARD, dtype=str, keep_default_na=False)
    kamus = align.load_kamus()
    planned = lab["opd"] != ""
    print(f"\nHarder set ({planned.sum()} usulan with a demo OPD, {(~planned).sum()} outside)")
    kinds = sorted(set(lab.loc[planned, "jenis"]))
    print(f"  {'kamus':<16} " + " ".join(f"{k[:13] + ' t1/t3':>19}" for k in kinds)
          + f" {'semua t1/t3':>12} {'luar selaras':>13}")  # fmt: skip
    for name, k in {"kamus lengkap": kamus, "hanya singkatan": kamus[kamus["opd"] == ""]}.items():
        res = align.Matcher.from_workspace(ws, k).suggest(lab)
        cells = []
        for kind in [*kinds, None]:
            rows = planned & ((lab["jenis"] == kind) if kind else True)
            t1, t3 = hits(res[rows], lab.loc[rows, "opd"])
            cells.append(f"{t1:.3f}/{t3:.3f}")
        out = f"{int(res.loc[~planned, 'selaras'].sum())}/{int((~planned).sum())}"
        print(f"  {name:<16} " + " ".join(f"{c:>19}" for c in cells[:-1])
              + f" {cells[-1]:>12} {out:>13}")  # fmt: skip


def _tag(i: int) -> str:
    s, i = "", i + 26**3
    while i:
        i, r = divmod(i, 26)
        s += string.ascii_lowercase[r]
    return s


def timing(ws, n: int) -> None:
    from planlib.forum import align

    print(f"\nTime ({n:,} usulan)")
    m = timed("fit the matcher on the demo plan", align.Matcher.from_workspace, ws)
    base = pd.concat([df[["usulan", "masalah"]] for df in ws.usulan.values()], ignore_index=True)
    rng = np.random.default_rng(0)
    big = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    big["id_usulan"] = [f"B{i:06d}" for i in range(n)]
    ws.usulan[9001] = big
    timed("align: sampled demo rows (texts repeat)", align.align, ws, 9001)
    unique = big.assign(
        usulan=big["usulan"] + " kelompok " + pd.Series([_tag(i) for i in range(n)])
    )
    ws.usulan[9002] = unique
    timed("align: every usulan text unique (worst case)", align.align, ws, 9002)
    timed("suggest only, unique texts, fitted matcher", m.suggest, unique)


def scaled(folder: Path, n: int) -> None:
    import planlib
    from planlib.demo import write_demo
    from planlib.forum import align

    print(f"\nScaled demo workspace ({n:,} usulan in one year)")
    timed("write_demo", write_demo, folder, usulan_per_tahun=n, tahun=(2026,))
    ws = timed("open_workspace", planlib.open_workspace, folder)
    res = timed("align (fit included)", align.align, ws, 2026)
    truth = pd.read_csv(folder / ".demo-truth.csv", dtype={"id_usulan": str})
    j = res.merge(truth, on="id_usulan")
    t1, t3 = hits(j, j["opd"])
    print(f"  {len(res):,} usulan, top-1 {t1:.3f}, top-3 {t3:.3f}")


def main() -> None:
    import planlib
    from planlib.demo import write_demo

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, help="demo workspace to use or create")
    ap.add_argument("--keep", action="store_true", help="keep the generated workspaces")
    ap.add_argument("--n", type=int, default=50_000, help="usulan for the timing (50,000)")
    ap.add_argument("--skala", action="store_true", help="also time a demo written with --n usulan")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-align-"))
    root = args.folder or tmp / "contoh"
    try:
        if not (root / "planlib.toml").exists():
            timed("write the demo workspace", write_demo, root)
        ws = timed("open_workspace", planlib.open_workspace, root)
        demo_accuracy(ws, root)
        labelled_accuracy(ws)
        hard_accuracy(ws)
        timing(ws, args.n)
        if args.skala:
            scaled(tmp / "skala", args.n)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How well the isu and bidang tables sort usulan: the share of "Lainnya" and the accuracy.

Run with::

    .venv/bin/python benchmarks/bench_isu.py              # before = git revision 92d1488
    .venv/bin/python benchmarks/bench_isu.py --rev HEAD~3  # before = another revision
    .venv/bin/python benchmarks/bench_isu.py --salah 20    # and list 20 misclassified usulan

Three sets are measured, each with the tables **before** (``planlib/data/isu.csv``
and ``bidang.csv`` of the revision, read as planlib read them then: folded text,
the first row that matches decides) and **after** (the working tables, read as
``planlib.usulan.isu_rules`` and ``BidangRules.default`` read them now), plus the
working code on the old isu table (``metode baru, tabel lama``), to tell what
the reading and what the patterns changed:

a. ``tests/data/usulan_nusantara.csv``: usulan as operators type them across
   the provinces, with the isu and bidang (of the OPD tujuan as typed) a planner
   gave them before the tables were widened, in three ``bagian`` (:data:`BAGIAN`):
   ``dev`` (462, the tables were widened looking at these), ``uji`` (118) and
   ``uji2`` (69), each written and labelled while the tables were frozen. Their
   misses then led to more patterns, so for them the figure of the table at
   the freeze (``beku``, read with today's kamus) is the honest one;
b. the demo's usulan (``planlib.demo.write_demo``, three years), against the
   isu of the template each was made from (``.demo-truth.csv``);
c. the existing labelled files: the 203 usulan of ``usulan_berlabel.csv`` and
   ``usulan_sulit.csv`` with the isu of ``tests/data/isu_usulan_lama.csv``, and
   the usulan texts of ``duplikat_berlabel.csv`` / ``duplikat_sulit.csv``
   (no isu label: the share of "Lainnya" only).

Accuracy counts "Lainnya" as a label like any other: an usulan a planner put in
no isu is right when it stays there.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

from planlib.bidang import BidangRules
from planlib.usulan import ISU_LAINNYA, isu_rules

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "data"
REV = "92d1488"
#: The parts of usulan_nusantara.csv in the order they were written, and the revision whose
#: isu table was frozen when a held-out part was written (its honest figure).
BAGIAN = {
    "dev": ("the tables were widened looking at these", None),
    "uji": ("held out; its misses then led to the weak patterns and seven more", "0fab5dd"),
    "uji2": ("held out; its misses then led to fifteen more patterns", "1d129cf"),
}


def table_at(rev: str, name: str) -> str:
    """The text of ``planlib/data/<name>`` at git revision ``rev``."""
    return subprocess.run(
        ["git", "show", f"{rev}:planlib/data/{name}"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def isu_of(rules: BidangRules, df: pd.DataFrame) -> pd.Series:
    """The isu of each row from its usulan, then its masalah (as the loader decides it)."""
    masalah = df["masalah"] if "masalah" in df.columns else pd.Series(None, index=df.index)
    return rules.assign(df["usulan"], masalah).fillna(ISU_LAINNYA)


def figures(predicted: pd.Series, truth: pd.Series | None) -> str:
    lainnya = f"Lainnya {100 * (predicted == ISU_LAINNYA).mean():5.1f} %"
    if truth is None:
        return f"{lainnya}                "
    return f"{lainnya}  akurasi {(predicted.to_numpy() == truth.to_numpy()).mean():.3f}"


def nusantara() -> pd.DataFrame:
    return pd.read_csv(DATA / "usulan_nusantara.csv", dtype=str, keep_default_na=False)


def demo() -> pd.DataFrame:
    from planlib.demo import write_demo
    from planlib.demo.catalogue import ISU
    from planlib.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "contoh"
        write_demo(root)
        ws = open_workspace(root, use_cache=False)
        truth = pd.read_csv(root / ".demo-truth.csv", dtype=str)
    rows = pd.concat(ws.usulan.values(), ignore_index=True)
    rows["id_usulan"] = rows["id_usulan"].astype(str)
    # usulan the dirt planted twice have no truth of their own: left out
    out = rows.merge(truth[["id_usulan", "isu"]], on="id_usulan", suffixes=("_dimuat", ""))
    out["isu"] = out["isu"].map(ISU)
    return out


def lama() -> pd.DataFrame:
    labels = pd.read_csv(DATA / "isu_usulan_lama.csv", dtype=str, keep_default_na=False)
    parts = []
    for name, group in labels.groupby("berkas", sort=False):
        src = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
        rows = src.iloc[group["no"].astype(int).to_numpy() - 1].reset_index(drop=True)
        if not (rows["usulan"].to_numpy() == group["usulan"].to_numpy()).all():
            raise SystemExit(f"isu_usulan_lama.csv no longer matches {name}: label it again")
        parts.append(rows.assign(isu=group["isu"].to_numpy()))
    return pd.concat(parts, ignore_index=True)


def duplikat_texts() -> pd.DataFrame:
    texts: list[str] = []
    for name in ("duplikat_berlabel.csv", "duplikat_sulit.csv"):
        df = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
        texts += [*df["usulan_a"], *df["usulan_b"]]
    return pd.DataFrame({"usulan": sorted(set(texts))})


def measure(
    name: str, df: pd.DataFrame, truth: str | None, variants: dict[str, BidangRules]
) -> dict[str, pd.Series]:
    print(f"\n{name} ({len(df)} usulan)")
    out = {}
    for label, rules in variants.items():
        t = time.perf_counter()
        out[label] = isu_of(rules, df)
        ms = 1000 * (time.perf_counter() - t)
        print(f"  isu    {label:<24} {figures(out[label], df[truth] if truth else None)}"
              f"  ({ms:5.0f} ms)")  # fmt: skip
    return out


def bidang_figures(df: pd.DataFrame, before: BidangRules, after: BidangRules) -> None:
    truth = df["bidang"].replace("", None)
    for label, rules in (("sebelum", before), ("sesudah", after)):
        got = rules.assign(df["opd_tujuan"])
        ok = (got.fillna("-") == truth.fillna("-")).mean()
        print(f"  bidang {label:<24} tak dikenal {100 * got.isna().mean():5.1f} %  "
              f"akurasi {ok:.3f}  (dari OPD tujuan)")  # fmt: skip


def show_errors(df: pd.DataFrame, got: pd.Series, n: int) -> None:
    wrong = df.assign(dapat=got)[got != df["isu"]]
    for r in wrong.head(n).itertuples():
        print(f"    {r.usulan[:60]:<60}  {r.isu} ← {r.dapat}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default=REV, help="git revision of the tables 'before'")
    ap.add_argument("--salah", type=int, default=0, help="list this many misclassified usulan")
    args = ap.parse_args(argv)

    old_isu = table_at(args.rev, "isu.csv")
    variants: dict[str, BidangRules] = {
        "sebelum": BidangRules.from_csv_text(old_isu, column="isu"),
        "metode baru, tabel lama": BidangRules.for_isu(old_isu),
        "sesudah": isu_rules(),
    }
    bidang_before = BidangRules.from_csv_text(table_at(args.rev, "bidang.csv"))
    print(f"isu: sebelum = tabel di {args.rev} (teks dilipat, baris pertama yang cocok); "
          "sesudah = tabel kerja (kata kamus, pola pertama di teks)")  # fmt: skip

    for bagian, (what, frozen) in BAGIAN.items():
        a = nusantara().query("bagian == @bagian").reset_index(drop=True)
        held_out = (
            {f"beku ({frozen})": BidangRules.for_isu(table_at(frozen, "isu.csv"))} if frozen else {}
        )
        got = measure(f"a. tests/data/usulan_nusantara.csv, bagian {bagian} ({what})", a, "isu",
                      {**variants, **held_out})  # fmt: skip
        bidang_figures(a, bidang_before, BidangRules.default())
        if args.salah:
            show_errors(a, got["sesudah"], args.salah)

    got = measure("b. demo (Kabupaten Contoh, 3 tahun)", demo(), "isu", variants)

    c = lama()
    got = measure("c. usulan_berlabel.csv + usulan_sulit.csv (isu_usulan_lama.csv)", c, "isu",
                  variants)  # fmt: skip
    if args.salah:
        show_errors(c, got["sesudah"], args.salah)
    measure("c. teks usulan duplikat_berlabel.csv + duplikat_sulit.csv", duplikat_texts(), None,
            variants)  # fmt: skip


if __name__ == "__main__":
    main()

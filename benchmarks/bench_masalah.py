"""Recording one masalah at the Rembuk Remas: in-process latency and the whole CLI call.

Prints, on a copy of the demo workspace:

* ``MasalahStore.record`` alone (median, p95 of N records), beside the baseline of the
  same journal writing one Rakerda faktor (``FaktorStore.record``, same durability), and
  the same record by a kecamatan's delegate (``hanya_kecamatan``: the check of the place)
  and its ``undo`` (the check reads the masalah's versions) beside an analyst's undo;
* resolving a misspelt desa name (``resolve_tempat``) on the workspace's code list;
* ``planlib masalah catat`` end to end (a fresh interpreter: imports, code list from
  the parse cache, the write), beside ``planlib --help`` (the interpreter and typer alone);
* the size of the per-desa report (``planlib masalah laporan``) files.

Usage::

    .venv/bin/python benchmarks/bench_masalah.py [N=200]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _describe(xs: list[float]) -> str:
    xs = sorted(xs)
    return (
        f"median {statistics.median(xs) * 1000:.1f} ms, p95 {xs[int(0.95 * len(xs))] * 1000:.1f} ms"
    )


def _time(cmd: list[str], runs: int = 3) -> float:
    best = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best.append(time.perf_counter() - t)
    return statistics.median(best)


def main() -> None:
    from planlib.demo import write_demo
    from planlib.documents.laporan_masalah import write_laporan_masalah
    from planlib.faktor import FaktorStore
    from planlib.masalah.store import MasalahStore
    from planlib.masalah.tempat import resolve_tempat, wilayah_workspace
    from planlib.workspace import open_workspace

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "contoh"
        write_demo(root)
        ws = open_workspace(root)  # fills the parse cache, as a workspace in use has it
        w, rules = wilayah_workspace(root)
        desa = w.desa.iloc[5]
        typo = str(desa["nama"])[:-1] + "x"
        t0 = time.perf_counter()
        tempat = resolve_tempat(w, typo)
        print(
            f"resolve_tempat('{typo}') → {tempat.nama}: {(time.perf_counter() - t0) * 1000:.1f} ms"
        )
        store, faktor = MasalahStore(root), FaktorStore(root)
        kec = resolve_tempat(w, kecamatan=tempat.kode_kecamatan)
        lat_m, lat_f, lat_k, urung_a, urung_k = [], [], [], [], []
        for i in range(n):
            t = time.perf_counter()
            mine = store.record(2026, tempat, f"Jalan rusak nomor {i}", "Ani", isu_rules=rules)
            lat_m.append(time.perf_counter() - t)
            t = time.perf_counter()
            faktor.record(2025, "Dinas Kesehatan", "penghambat", f"faktor {i}", "Ani")
            lat_f.append(time.perf_counter() - t)
            t = time.perf_counter()
            theirs = store.record(2026, tempat, f"Jembatan {i}", "Utusan", isu_rules=rules,
                                  hanya_kecamatan=kec)  # fmt: skip
            lat_k.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.undo(mine, "Ani")
            urung_a.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.undo(theirs, "Utusan", hanya_kecamatan=kec)
            urung_k.append(time.perf_counter() - t)
        print(f"MasalahStore.record ×{n}: {_describe(lat_m)}")
        print(f"baseline FaktorStore.record ×{n}: {_describe(lat_f)}")
        print(f"MasalahStore.record by a kecamatan delegate ×{n}: {_describe(lat_k)}")
        print(f"MasalahStore.undo by a kecamatan delegate ×{n}: {_describe(urung_k)}")
        print(f"baseline MasalahStore.undo by an analyst ×{n}: {_describe(urung_a)}")
        py = [sys.executable, "-m", "planlib.cli"]
        catat = [*py, "masalah", "catat", str(root), "--tahun", "2026", "--desa", typo,
                 "--masalah", "Air bersih sulit saat kemarau", "--oleh", "Ani"]  # fmt: skip
        print(f"planlib masalah catat (CLI, median of 3): {_time(catat):.2f} s")
        print(f"baseline planlib --help (CLI, median of 3): {_time([*py, '--help']):.2f} s")
        out = Path(tmp) / "laporan"
        t = time.perf_counter()
        res = write_laporan_masalah(ws, 2026, out)
        took = time.perf_counter() - t
        sizes = {f.suffix: [] for f in res.files}
        for f in res.files:
            sizes[f.suffix].append(f.stat().st_size)
        print(
            f"laporan: {res.desa} desa, {res.kecamatan} kecamatan, {len(res.files)} files in {took:.1f} s"
        )
        for suffix, xs in sizes.items():
            print(
                f"  {suffix}: median {statistics.median(xs) / 1024:.1f} KiB, max {max(xs) / 1024:.1f} KiB"
            )
        big = max(
            (f for f in res.files if "Ringkasan" not in f.name), key=lambda f: f.stat().st_size
        )
        print(f"  largest desa file: {big.name} ({big.stat().st_size / 1024:.1f} KiB, "
              f"{len(store.current(2026, [tempat.kode]))} masalah)")  # fmt: skip
        shutil.rmtree(out)


if __name__ == "__main__":
    main()

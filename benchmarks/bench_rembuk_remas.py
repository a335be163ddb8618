"""The Rembuk Remas dashboard in-process: building the view, choosing a desa, recording a masalah.

Prints, on a copy of the demo workspace (3,000 usulan a year, 150 desa):

* building :class:`planlib.dashboards.rembuk_remas.RembukRemas`, beside building the
  Peta usulan's view (:class:`planlib.dashboards.peta_usulan.PetaUsulan`) on the same
  open workspace;
* choosing a desa by a misspelt name (search, profile, earlier usulan, masalah list);
* recording a masalah through the view (the write, the re-linking of the year's masalah and
  usulan, the map and tables redrawn), beside ``MasalahStore.record`` alone and
  :func:`planlib.rembuk.peta_masalah` alone.

Usage::

    .venv/bin/python benchmarks/bench_rembuk_remas.py [N=10]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _median_ms(f: Callable[[], object], n: int) -> str:
    xs = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        xs.append(time.perf_counter() - t)
    return f"median {statistics.median(xs) * 1000:.0f} ms (n={n})"


def main() -> None:
    from planlib.dashboards.peta_usulan import PetaUsulan
    from planlib.dashboards.rembuk_remas import RembukRemas
    from planlib.demo import write_demo
    from planlib.masalah.store import MasalahStore
    from planlib.masalah.tempat import resolve_tempat
    from planlib.rembuk import peta_masalah
    from planlib.workspace import open_workspace

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "contoh"
        write_demo(root)
        ws = open_workspace(root)
        RembukRemas(ws, 2026)  # warm imports and caches for both
        PetaUsulan(ws, 2026)
        print("build RembukRemas:", _median_ms(lambda: RembukRemas(ws, 2026), 3))
        print("baseline build PetaUsulan:", _median_ms(lambda: PetaUsulan(ws, 2026), 3))
        v = RembukRemas(ws, 2026)
        v.finish()
        v.w_oleh.value = "Bench"
        names = ws.wilayah.desa["nama"].astype(str).tolist()
        i = iter(range(10**6))

        def search() -> None:
            name = names[next(i) % len(names)]
            v.w_cari.value = ""
            v.w_cari.value = name[:-1] + "x"

        print("choose a desa by a misspelt name:", _median_ms(search, n))

        def catat() -> None:
            v.w_teks.value = f"Masalah uji {next(i)}: sumur kering saat kemarau"
            v._record()

        print("record through the view:", _median_ms(catat, n))
        store = MasalahStore(root)
        tempat = resolve_tempat(ws.wilayah, names[3])
        print(
            "baseline MasalahStore.record:",
            _median_ms(lambda: store.record(2026, tempat, "sumur kering", "Bench"), n),
        )
        print("baseline peta_masalah:", _median_ms(lambda: peta_masalah(ws, 2026, store), n))


if __name__ == "__main__":
    main()

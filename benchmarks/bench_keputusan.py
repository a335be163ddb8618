"""Concurrent forum decisions: W processes each record N decisions on one keputusan.sqlite.

Prints the wall time for all decisions and the latency per decision (median, p95, max),
then the latency of a single writer alone. Usage::

    .venv/bin/python benchmarks/bench_keputusan.py [W=8] [N=300] [synchronous=FULL]

``synchronous`` other than FULL (the store's setting) is for comparison only.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import sys, time
from pathlib import Path
from planlib.forum.keputusan import KeputusanStore, STATUS
from planlib.journal import Journal
root, w, n, go, sync = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
if sync != "FULL":
    connect = Journal.connect
    def _connect(self):
        conn = connect(self)
        conn.execute(f"PRAGMA synchronous = {sync}")
        return conn
    Journal.connect = _connect
store = KeputusanStore(root)
print("siap", flush=True)
while not go.exists():
    time.sleep(0.001)
latency = []
for i in range(n):
    t = time.perf_counter()
    s = STATUS[(i + w) % 4]
    store.record(f"U{(i * 7 + w) % 40:03d}", 2026, s, f"w{w}-i{i}", f"penulis{w}",
                 "Dinas Sosial" if s == "dialihkan" else None)
    latency.append(time.perf_counter() - t)
print(*latency, flush=True)
"""


def run(root: str, writers: list[int], n: int, sync: str) -> tuple[float, list[float]]:
    go = Path(root) / f"mulai-{writers[0]}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, root, str(w), str(n), str(go), sync],
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in writers
    ]
    for p in procs:
        p.stdout.readline()
    t = time.perf_counter()
    go.touch()
    outs = [p.communicate()[0].split() for p in procs]
    return time.perf_counter() - t, sorted(float(x) for out in outs for x in out)


def describe(latency: list[float]) -> str:
    p95 = latency[int(0.95 * len(latency))]
    return (
        f"median {statistics.median(latency) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {latency[-1] * 1000:.1f} ms"
    )


def main() -> None:
    writers = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    sync = sys.argv[3] if len(sys.argv) > 3 else "FULL"
    with tempfile.TemporaryDirectory() as root:
        wall, latency = run(root, list(range(writers)), n, sync)
        total = writers * n
        print(
            f"synchronous={sync}: {writers} processes x {n} = {total} decisions in {wall:.2f} s "
            f"({total / wall:.0f}/s); per decision {describe(latency)}"
        )
        _, alone = run(root, [writers], n, sync)
        print(f"single writer, {n} decisions: per decision {describe(alone)}")


if __name__ == "__main__":
    main()

"""Faktor recorded during the Rakerda: append-only SQLite, who and when, concurrent writers, kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planlib.faktor import COLUMNS, DB_NAME, SCHEMA_VERSION, FaktorError, FaktorStore

REPO = Path(__file__).resolve().parents[1]


def _integrity(root: Path) -> str:
    with sqlite3.connect(root / DB_NAME) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_record_retract_current_history(tmp_path):
    store = FaktorStore(tmp_path)
    a = store.record(2025, "Dinas Kesehatan", "Pendorong ", "Dukungan puskesmas", "Ani")
    b = store.record(2025, "Dinas Kesehatan", "penghambat", "Hujan deras", "Budi")
    c = store.record(2025, "Dinas Pertanian", "penghambat", "Pupuk terlambat", "Ani")
    d = store.record(2024, "Dinas Kesehatan", "pendorong", "Tahun lalu", "Ani")
    assert a < b < c < d
    cur = store.current(2025)
    assert list(cur.columns) == COLUMNS
    assert cur["faktor"].tolist() == ["Dukungan puskesmas", "Hujan deras", "Pupuk terlambat"]
    assert cur["jenis"].tolist() == ["pendorong", "penghambat", "penghambat"]
    assert cur["oleh"].tolist() == ["Ani", "Budi", "Ani"]
    assert cur["waktu"].str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$").all()
    assert store.current(2025, "Dinas Pertanian")["seq"].tolist() == [c]
    r = store.retract(b, "Citra")
    assert store.current(2025)["seq"].tolist() == [a, c]
    hist = store.history()
    assert len(hist) == 5 and hist.iloc[-1]["aksi"] == "batal" and hist.iloc[-1]["batal"] == b
    assert hist.iloc[-1]["seq"] == r and hist.iloc[-1]["oleh"] == "Citra"
    with pytest.raises(FaktorError, match="sudah dibatalkan"):
        store.retract(b, "Citra")
    # a new store (a new kernel) reads the same notes
    assert FaktorStore(tmp_path).current()["seq"].tolist() == [a, c, d]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"jenis": "netral"}, "Jenis faktor"),
        ({"faktor": "  "}, "Faktor wajib"),
        ({"oleh": ""}, "Nama pencatat"),
        ({"opd": " "}, "OPD wajib"),
        ({"tahun": "dua ribu"}, "Tahun tidak sah"),
        ({"opd": "Dinas Lain"}, "tidak ada dalam data realisasi"),
    ],
)
def test_validation(tmp_path, kwargs, message):
    store = FaktorStore(tmp_path)
    args = {"tahun": 2025, "opd": "Dinas Kesehatan", "jenis": "pendorong", "faktor": "x",
            "oleh": "Ani", **kwargs}  # fmt: skip
    with pytest.raises(FaktorError, match=message):
        store.record(**args, known_opd=["Dinas Kesehatan"])
    assert store.history().empty


def test_history_is_append_only(tmp_path):
    store = FaktorStore(tmp_path)
    store.record(2025, "Dinas Kesehatan", "pendorong", "x", "Ani")
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        for sql in ("UPDATE faktor_log SET faktor = 'y'", "DELETE FROM faktor_log"):
            with pytest.raises(sqlite3.DatabaseError, match="tidak boleh"):
                conn.execute(sql)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.current()["faktor"].tolist() == ["x"]


def test_newer_schema_and_broken_file_are_refused(tmp_path):
    FaktorStore(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(FaktorError, match="lebih baru"):
        FaktorStore(tmp_path)
    other = tmp_path / "rusak"
    other.mkdir()
    (other / DB_NAME).write_bytes(b"bukan basis data " * 100)
    with pytest.raises(FaktorError, match="tidak dapat dipakai"):
        FaktorStore(other)
    with pytest.raises(FaktorError, match="tidak ditemukan"):
        FaktorStore(tmp_path / "tidak-ada")


WRITER = """
import sys, time
from pathlib import Path
from planlib.faktor import FaktorStore
root, w, n, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
store = FaktorStore(root)
print("siap", flush=True)
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    seq = store.record(2025, f"OPD {i % 3}", "penghambat", f"w{w}-i{i}", f"penulis{w}")
    print(i, seq, flush=True)
"""


def _python(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_four_processes_write_at_once(tmp_path):
    writers, n = 4, 150
    go = tmp_path / "mulai"
    FaktorStore(tmp_path)
    procs = [_python(WRITER, tmp_path, w, n, go) for w in range(writers)]
    for p in procs:
        assert p.stdout.readline().strip() == "siap", p.stderr.read()
    go.touch()
    acks: dict[int, str] = {}
    for w, p in enumerate(procs):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        for line in out.splitlines():
            i, seq = line.split()
            assert int(seq) not in acks
            acks[int(seq)] = f"w{w}-i{i}"
    assert _integrity(tmp_path) == "ok"
    cur = FaktorStore(tmp_path).current(2025).set_index("seq")
    assert len(cur) == writers * n and set(cur.index) == set(acks)
    assert all(cur.at[s, "faktor"] == text for s, text in acks.items())
    assert all(cur.at[s, "oleh"] == f"penulis{text[1]}" for s, text in acks.items())
    runs = (cur["oleh"] != cur["oleh"].shift()).sum()
    assert runs > writers  # the writers ran at the same time: some rows interleave


LOOPER = """
import sys
from planlib.faktor import FaktorStore
store = FaktorStore(sys.argv[1])
i = 0
while True:
    seq = store.record(2025, "Dinas Kesehatan", "pendorong", f"{sys.argv[2]}-{i}", sys.argv[2])
    print(i, seq, flush=True)
    i += 1
"""


def test_writer_killed_mid_run_loses_nothing_acknowledged(tmp_path):
    FaktorStore(tmp_path)
    acked: dict[int, str] = {}
    procs = [_python(LOOPER, tmp_path, f"p{k}") for k in range(2)]
    seen = 0
    while seen < 40:
        p = procs[seen % 2]
        line = p.stdout.readline()
        assert line, p.stderr.read()
        i, seq = line.split()
        acked[int(seq)] = f"p{seen % 2}-{i}"
        seen += 1
    for p in procs:
        os.kill(p.pid, signal.SIGKILL)
    for k, p in enumerate(procs):
        out, _ = p.communicate(timeout=30)
        assert p.returncode == -signal.SIGKILL
        for line in out.splitlines():  # acknowledged before the kill, still in the pipe
            i, seq = line.split()
            acked[int(seq)] = f"p{k}-{i}"
    assert _integrity(tmp_path) == "ok"
    store = FaktorStore(tmp_path)
    store.record(2025, "Dinas Kesehatan", "pendorong", "hidup lagi", "Ani")
    cur = store.current().set_index("seq")
    assert not set(acked) - set(cur.index)
    assert all(cur.at[s, "faktor"] == text for s, text in acked.items())

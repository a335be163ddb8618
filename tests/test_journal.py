"""The append-only SQLite journal under the forum decisions and the Rakerda notes.

Part of it guards the files already on disk: a database written by the stores
before they shared :mod:`planlib.journal` (planlib main 92629c5, dumped in
``tests/data/*_v1.sql`` with what that code read from it in
``tests/data/journal_v1_reads.json``) opens unchanged and reads the same.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from planlib.faktor import FaktorError, FaktorStore
from planlib.forum.keputusan import KeputusanError, KeputusanStore
from planlib.journal import Journal, append_only, where

DATA = Path(__file__).resolve().parent / "data"

#: store, file name, dump, calls read back (as named in journal_v1_reads.json)
STORES = {
    "keputusan": (
        KeputusanStore,
        "keputusan.sqlite",
        {
            "current()": lambda s: s.current(),
            "current(2025)": lambda s: s.current(2025),
            "history()": lambda s: s.history(),
            "history('U001', 2025)": lambda s: s.history("U001", 2025),
            "overrides()": lambda s: s.overrides(),
            "override_history()": lambda s: s.override_history(),
        },
    ),
    "faktor": (
        FaktorStore,
        "rakerda.sqlite",
        {
            "current()": lambda s: s.current(),
            "current(2025, 'Dinas Kesehatan')": lambda s: s.current(2025, "Dinas Kesehatan"),
            "history()": lambda s: s.history(),
        },
    ),
}


def _old_database(folder: Path, name: str) -> Path:
    """The database as the old store left it: the dumped rows, schema 1, WAL."""
    db = folder / name
    with sqlite3.connect(db) as conn:
        conn.executescript((DATA / name.replace(".sqlite", "_v1.sql")).read_text("utf-8"))
        conn.execute("PRAGMA user_version = 1")
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    return db


def _schema(db: Path) -> tuple[list[tuple[str, str, str, str]], int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
        return rows.fetchall(), conn.execute("PRAGMA user_version").fetchone()[0]


def _frame(df: pd.DataFrame) -> dict[str, list]:
    """A read, as journal_v1_reads.json keeps it (text columns by kind, not pandas' name)."""
    dtypes = ["text" if str(t) in ("str", "string", "object") else str(t) for t in df.dtypes]
    rows = df.astype(object).where(df.notna(), None).values.tolist()
    return {"columns": list(df.columns), "dtypes": dtypes, "rows": rows}


@pytest.mark.parametrize("kind", list(STORES))
def test_a_database_written_by_the_old_store_opens_unchanged_and_reads_the_same(tmp_path, kind):
    cls, name, calls = STORES[kind]
    db = _old_database(tmp_path, name)
    before = _schema(db)
    rows_before = _log_rows(db, kind)
    store = cls(tmp_path)
    if kind == "keputusan":  # schema 2 (pokir) adds `jenis`: migrated in place, no row rewritten
        assert _schema(db)[1] == 2 and _log_rows(db, kind) == rows_before
    else:
        assert _schema(db) == before  # nothing migrated, nothing rewritten
    expected = json.loads((DATA / "journal_v1_reads.json").read_text("utf-8"))[kind]
    assert set(expected) == set(calls)
    for call, read in calls.items():
        want = expected[call]
        want["dtypes"] = ["text" if t in ("str", "object") else t for t in want["dtypes"]]
        got = read(store)
        if "jenis" in got.columns and "jenis" not in want["columns"]:  # the column schema 2 adds
            assert set(got["jenis"]) <= {"usulan"}, call
            got = got.drop(columns="jenis")
        assert _frame(got) == want, call
    # and it goes on as before: a new row after the old ones, the history still append-only
    if kind == "keputusan":
        seq = store.record("U001", 2025, "ditunda", "Rapat lanjutan", "Fajar", versi=3)
        assert seq == 8 and store.current(2025)["status"].tolist() == ["ditunda", "dialihkan"]
    else:
        seq = store.record(2025, "Dinas Pertanian", "pendorong", "Penyuluh aktif", "Fajar")
        assert seq == 6 and len(store.current(2025)) == 3
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.IntegrityError, match="tidak boleh"):
        conn.execute(f"DELETE FROM {'keputusan_log' if kind == 'keputusan' else 'faktor_log'}")


def _log_rows(db: Path, kind: str) -> list[tuple]:
    """Every row of the log as schema 1 has it (the columns a migration must keep)."""
    table = "keputusan_log" if kind == "keputusan" else "faktor_log"
    with sqlite3.connect(db) as conn:
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "jenis"]
        return conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY seq").fetchall()


@pytest.mark.parametrize("kind", list(STORES))
def test_a_new_database_has_exactly_the_released_schema(tmp_path, kind):
    """A new file has the schema an old file has once opened (migrated, for keputusan)."""
    cls, name, _ = STORES[kind]
    (tmp_path / "old").mkdir(), (tmp_path / "new").mkdir()
    old = _old_database(tmp_path / "old", name)
    cls(tmp_path / "old")
    cls(tmp_path / "new")
    assert _schema(tmp_path / "new" / name) == _schema(old)


def _journal(path: Path, migrations: dict[int, list[str]] | None = None, **kw) -> Journal:
    schema = ["CREATE TABLE log (seq INTEGER PRIMARY KEY, teks TEXT NOT NULL)", *append_only("log")]
    return Journal(path, migrations or {1: schema}, error=KeputusanError,
                   busy="sibuk {timeout:g} detik", broken="rusak {path}: {exc}", **kw)  # fmt: skip


def _insert(text: str | None):
    return lambda c: c.execute("INSERT INTO log (teks) VALUES (?)", (text,)).lastrowid


def test_migrations_run_in_order_once_and_a_newer_file_is_refused(tmp_path):
    db = tmp_path / "j.sqlite"
    log = _journal(db)
    assert log.write(_insert("a")) == 1
    two = {
        1: ["CREATE TABLE log (seq INTEGER PRIMARY KEY, teks TEXT NOT NULL)", *append_only("log")],
        2: ["ALTER TABLE log ADD COLUMN oleh TEXT"],
    }
    upgraded = _journal(db, two)
    assert upgraded.version == 2 and _schema(db)[1] == 2
    assert upgraded.read("SELECT * FROM log", ()).to_dict("records") == [
        {"seq": 1, "teks": "a", "oleh": None}
    ]
    _journal(db, two)  # opening again does not run migration 2 again (it would fail)
    with pytest.raises(KeputusanError, match=r"j\.sqlite dibuat oleh planlib yang lebih baru"):
        _journal(db)
    with pytest.raises(ValueError, match="numbered"):
        _journal(tmp_path / "k.sqlite", {2: []})
    with pytest.raises(KeputusanError, match="^Folder workspace tidak ditemukan: .*tidak-ada$"):
        _journal(tmp_path / "tidak-ada" / "j.sqlite")
    assert not (tmp_path / "tidak-ada").exists()


def test_a_write_is_all_or_nothing_and_the_log_refuses_update_and_delete(tmp_path):
    log = _journal(tmp_path / "j.sqlite")

    def half(conn: sqlite3.Connection) -> None:
        _insert("pertama")(conn)
        raise FaktorError("berhenti di tengah")

    with pytest.raises(FaktorError, match="berhenti"):  # the txn's own error passes unchanged
        log.write(half)
    assert log.read("SELECT COUNT(*) AS n FROM log", ())["n"].tolist() == [0]
    with pytest.raises(KeputusanError, match=r"^rusak .*j\.sqlite: NOT NULL constraint"):
        log.write(_insert(None))
    log.write(_insert("a"))
    for sql, word in (("UPDATE log SET teks = 'b'", "diubah"), ("DELETE FROM log", "dihapus")):
        with pytest.raises(KeputusanError, match=f"riwayat tidak boleh {word}"):
            log.write(lambda c, sql=sql: c.execute(sql))
    assert log.read("SELECT teks FROM log", ())["teks"].tolist() == ["a"]


def test_locked_is_retried_then_reported_with_the_busy_message(tmp_path):
    log = _journal(tmp_path / "j.sqlite", timeout=0.3)
    tries = []

    def flaky() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "jadi"

    assert log.retry(flaky) == "jadi" and len(tries) == 3
    other = sqlite3.connect(log.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert log.read("SELECT COUNT(*) AS n FROM log", ())["n"].tolist() == [0]  # WAL
        with pytest.raises(KeputusanError, match=r"^sibuk 0\.3 detik$"):
            log.write(_insert("a"))
        release = threading.Timer(0.1, lambda: other.execute("COMMIT"))
        release.start()
        assert _journal(tmp_path / "j.sqlite", timeout=5).write(_insert("b")) == 1  # waited
        release.join()
    finally:
        other.close()


def test_connections_are_wal_synchronous_full_with_foreign_keys(tmp_path):
    log = _journal(tmp_path / "j.sqlite")
    conn = log.connect()
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.isolation_level is None
    finally:
        conn.close()


def test_backup_copies_and_refuses_an_existing_file(tmp_path):
    log = _journal(tmp_path / "j.sqlite")
    log.write(_insert("a"))
    copy = log.backup(tmp_path / "cadangan.sqlite")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT teks FROM log").fetchall() == [("a",)]
    with pytest.raises(KeputusanError, match="Berkas cadangan sudah ada"):
        log.backup(copy)


def test_where_keeps_the_given_filters_in_order():
    assert where({}) == ("", ())
    assert where({"a": None}) == ("", ())
    assert where({"b": 0, "a": ""}) == (" WHERE b = ? AND a = ?", (0, ""))

"""The faktor pendorong / penghambat recorded during the Rakerda, per OPD, append-only in SQLite.

When each Kepala SKPD presents, the notulis records what helped (*pendorong*)
and what hindered (*penghambat*) the OPD's performance, with their name. The
notes are kept in ``<workspace>/rakerda.sqlite`` the way forum decisions are
(:mod:`planlib.forum.keputusan`):

* every note and every withdrawal is a new row; triggers refuse ``UPDATE``
  and ``DELETE``, so the file is the whole history of who wrote what, when (UTC);
* a note withdrawn (``aksi = 'batal'``, naming the note) leaves the notes in
  force (view ``faktor_current``) but stays in the history;
* every write is one short ``BEGIN IMMEDIATE`` transaction on a fresh
  connection, retried while another writer holds the lock; WAL mode lets
  readers and the one writer proceed together and ``synchronous=FULL`` makes
  an acknowledged note survive a killed kernel or a power cut.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from .report import PlanlibError

#: File name of the database inside the workspace folder.
DB_NAME = "rakerda.sqlite"

#: The two kinds of faktor.
JENIS = ("pendorong", "penghambat")

#: Version of the schema written by this module (``PRAGMA user_version``).
SCHEMA_VERSION = 1

#: Seconds a write waits for another writer before giving up.
TIMEOUT = 30.0

#: Columns of :meth:`FaktorStore.current`.
COLUMNS = ["seq", "tahun", "opd", "jenis", "faktor", "oleh", "waktu"]

T = TypeVar("T")


class FaktorError(PlanlibError, ValueError):
    """A note that cannot be recorded; the message is for the analyst."""


_SCHEMA_1 = [
    """CREATE TABLE faktor_log (
        seq    INTEGER PRIMARY KEY,
        tahun  INTEGER NOT NULL,
        opd    TEXT    NOT NULL CHECK (trim(opd) <> ''),
        aksi   TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        jenis  TEXT    CHECK (jenis IN ('pendorong', 'penghambat')),
        faktor TEXT,
        oleh   TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu  TEXT    NOT NULL,
        batal  INTEGER REFERENCES faktor_log (seq),
        CHECK ((aksi = 'catat') = (batal IS NULL)),
        CHECK (aksi = 'batal' OR (jenis IS NOT NULL AND trim(faktor) <> ''))
    )""",
    "CREATE INDEX faktor_log_kunci ON faktor_log (tahun, opd, seq)",
    """CREATE TRIGGER faktor_log_no_update BEFORE UPDATE ON faktor_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END""",
    """CREATE TRIGGER faktor_log_no_delete BEFORE DELETE ON faktor_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh dihapus'); END""",
    """CREATE VIEW faktor_current AS
        SELECT c.seq, c.tahun, c.opd, c.jenis, c.faktor, c.oleh, c.waktu
        FROM faktor_log AS c
        WHERE c.aksi = 'catat'
          AND NOT EXISTS (SELECT 1 FROM faktor_log AS b WHERE b.aksi = 'batal' AND b.batal = c.seq)""",
]
_MIGRATIONS: dict[int, list[str]] = {1: _SCHEMA_1}


class FaktorStore:
    """The Rakerda notes of one workspace; holds no connection between calls.

    Parameters
    ----------
    root : str or Path
        The workspace folder; the database is ``root / "rakerda.sqlite"``,
        created (or migrated) here.
    timeout : float
        Seconds a write waits for other writers before failing with :class:`FaktorError`.

    Raises
    ------
    FaktorError
        The folder does not exist, the file is not a database, or it was
        written by a newer planlib.
    """

    def __init__(self, root: str | Path, *, timeout: float = TIMEOUT) -> None:
        root = Path(root)
        if not root.is_dir():
            raise FaktorError(f"Folder workspace tidak ditemukan: {root}")
        self.path = root / DB_NAME
        self.timeout = float(timeout)
        self._open()

    def record(
        self,
        tahun: int,
        opd: str,
        jenis: str,
        faktor: str,
        oleh: str,
        *,
        known_opd: Iterable[str] | None = None,
    ) -> int:
        """Record one faktor of one OPD.

        Parameters
        ----------
        tahun : int
            The budget year evaluated.
        opd : str
            The OPD (as in the Rakerda table).
        jenis : {"pendorong", "penghambat"}
            What the faktor did (case and surrounding spaces are ignored).
        faktor, oleh : str
            The faktor, and who records it; both required.
        known_opd : iterable of str, optional
            The OPDs of the year; another OPD is refused.

        Returns
        -------
        int
            The sequence number of the new row.
        """
        year = _tahun(tahun)
        name = _required(opd, "OPD")
        if known_opd is not None and name not in {str(o).strip() for o in known_opd}:
            raise FaktorError(f"OPD {name} tidak ada dalam data realisasi tahun {year}.")
        kind = str(jenis or "").strip().lower()
        if kind not in JENIS:
            raise FaktorError(
                f"Jenis faktor tidak dikenal: {jenis!r}. Pilih: pendorong, penghambat."
            )
        text = _required(faktor, "Faktor")
        who = _required(oleh, "Nama pencatat (oleh)")
        row = (year, name, "catat", kind, text, who, _now(), None)
        return self._write(lambda c: _insert(c, row))

    def retract(self, seq: int, oleh: str) -> int:
        """Withdraw a note in force (it stays in the history); returns the new row's number."""
        who = _required(oleh, "Nama pencatat (oleh)")

        def txn(conn: sqlite3.Connection) -> int:
            found = conn.execute(
                "SELECT tahun, opd FROM faktor_current WHERE seq = ?", (int(seq),)
            ).fetchone()
            if found is None:
                raise FaktorError(f"Catatan #{seq} tidak ada atau sudah dibatalkan.")
            return _insert(conn, (found[0], found[1], "batal", None, None, who, _now(), int(seq)))

        return self._write(txn)

    def current(self, tahun: int | None = None, opd: str | None = None) -> pd.DataFrame:
        """The notes in force, oldest first (columns :data:`COLUMNS`)."""
        clauses: list[str] = []
        params: list[Any] = []
        if tahun is not None:
            clauses.append("tahun = ?")
            params.append(_tahun(tahun))
        if opd is not None:
            clauses.append("opd = ?")
            params.append(str(opd).strip())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        df = self._read(f"SELECT * FROM faktor_current{where} ORDER BY seq", tuple(params))
        return df.astype({"seq": "int64", "tahun": "int64"})[COLUMNS]

    def history(self) -> pd.DataFrame:
        """Every row ever written, oldest first (``aksi`` ``catat`` or ``batal``)."""
        df = self._read("SELECT * FROM faktor_log ORDER BY seq", ())
        return df.astype({"seq": "int64", "tahun": "int64", "batal": "Int64"})

    # ----------------------------------------------------------------- internals

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _retry(self, action: Callable[[], T]) -> T:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                msg = str(exc).lower()
                if "locked" not in msg and "busy" not in msg:
                    raise FaktorError(f"Basis data {self.path} tidak dapat dipakai: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise FaktorError(
                        f"Basis data catatan Rakerda sedang dipakai lebih dari {self.timeout:g} "
                        "detik; coba lagi sebentar lagi."
                    ) from exc
                time.sleep(random.uniform(0.005, 0.05))
            except sqlite3.DatabaseError as exc:
                raise FaktorError(f"Basis data {self.path} tidak dapat dipakai: {exc}") from exc

    def _write(self, txn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``txn`` in one short ``BEGIN IMMEDIATE`` transaction on a fresh connection."""

        def once() -> T:
            with closing(self._connect()) as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = txn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                return result

        return self._retry(once)

    def _open(self) -> None:
        def wal() -> int:
            with closing(self._connect()) as conn:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise FaktorError(
                        f"{self.path.name} tidak dapat dipakai dalam mode WAL ({mode})."
                    )
                return int(conn.execute("PRAGMA user_version").fetchone()[0])

        if self._retry(wal) != SCHEMA_VERSION:
            self._write(self._migrate)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise FaktorError(
                f"{self.path.name} dibuat oleh planlib yang lebih baru (skema {version}); "
                "perbarui planlib."
            )
        for v in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[v]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {v}")

    def _read(self, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
        def once() -> pd.DataFrame:
            with closing(self._connect()) as conn:
                cursor = conn.execute(sql, params)
                columns = [d[0] for d in cursor.description]
                return pd.DataFrame(cursor.fetchall(), columns=columns)

        return self._retry(once)


def _insert(conn: sqlite3.Connection, row: tuple[Any, ...]) -> int:
    cur = conn.execute(
        "INSERT INTO faktor_log (tahun, opd, aksi, jenis, faktor, oleh, waktu, batal) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row,
    )
    return int(cur.lastrowid or 0)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _tahun(tahun: Any) -> int:
    try:
        year = int(str(tahun).strip())
    except (TypeError, ValueError):
        year = 0
    if isinstance(tahun, bool) or not 1900 <= year <= 2200:
        raise FaktorError(f"Tahun tidak sah: {tahun!r}.")
    return year


def _required(value: Any, label: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text or text == "nan":
        raise FaktorError(f"{label} wajib diisi.")
    return text

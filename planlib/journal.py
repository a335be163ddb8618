"""An append-only journal in one SQLite file, written by several processes at once.

The stores that keep what analysts record in the room (forum decisions in
:mod:`planlib.forum.keputusan`, Rakerda notes in :mod:`planlib.faktor`) keep
it the same way, and this module is that way:

* the object holds no connection: every call opens one, does one short
  transaction and closes it, so a long-lived Voilà kernel never keeps the
  file locked, and a killed one releases its lock when it dies;
* every write is one ``BEGIN IMMEDIATE`` transaction (the write lock is taken
  *before* reading, so what the transaction reads cannot change under it);
  SQLite waits up to ``timeout`` seconds for the lock (``busy_timeout``) and
  the whole transaction is retried, with a short random pause, while SQLite
  reports the database locked or busy;
* WAL mode lets readers and the one writer proceed together, and
  ``synchronous=FULL`` makes an acknowledged write survive a killed kernel or
  a power cut;
* the schema is applied from numbered migrations (``PRAGMA user_version``)
  inside one write transaction; a file written by a newer planlib, or one that
  is not a database, is refused;
* :func:`append_only` gives the triggers that refuse ``UPDATE`` and
  ``DELETE`` on a log table, so the file is the whole history.

What a journal holds (tables, views, rules) and the messages naming it are
the store's; this module knows nothing of usulan or OPD.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

#: Seconds a call waits for another writer before giving up.
TIMEOUT = 30.0

T = TypeVar("T")


class Journal:
    """One append-only SQLite file, opened afresh for every call.

    Opening switches the file to WAL (a property of the file, kept across
    connections) and applies the migrations it is missing.

    Parameters
    ----------
    path : str or Path
        The database file in a workspace folder; created when missing.
    migrations : mapping of int to sequence of str
        The statements that bring the schema from version ``v - 1`` to ``v``,
        for ``v`` = 1, 2, …; the highest ``v`` is the version this code writes.
        A migration, once released, never changes.
    error : callable
        Makes the exception raised for the analyst from a message (the store's
        own error class).
    busy : str
        The message when the lock is not had within ``timeout``; ``{timeout:g}``
        is replaced by the seconds waited.
    broken : str
        The message when the file cannot be used (not a database, a failed
        constraint); ``{path}`` and ``{exc}`` are replaced by the file and
        SQLite's message.
    timeout : float
        Seconds a call waits for other writers before raising ``error(busy)``.

    Raises
    ------
    Exception
        ``error(...)``: the folder does not exist, the file is not a database,
        cannot be put in WAL mode, or was written by a newer planlib.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> schema = ["CREATE TABLE log (seq INTEGER PRIMARY KEY, teks TEXT)", *append_only("log")]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     log = Journal(Path(folder) / "log.sqlite", {1: schema}, error=ValueError,
    ...                   busy="sibuk {timeout:g} detik", broken="{path} rusak: {exc}")
    ...     seq = log.write(lambda c: c.execute("INSERT INTO log (teks) VALUES ('a')").lastrowid)
    ...     log.read("SELECT * FROM log", ()).to_dict("records")
    [{'seq': 1, 'teks': 'a'}]
    """

    def __init__(
        self,
        path: str | Path,
        migrations: Mapping[int, Sequence[str]],
        *,
        error: Callable[[str], Exception],
        busy: str,
        broken: str,
        timeout: float = TIMEOUT,
    ) -> None:
        if sorted(migrations) != list(range(1, len(migrations) + 1)):
            raise ValueError(f"migrations must be numbered 1, 2, …: {sorted(migrations)}")
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise error(f"Folder workspace tidak ditemukan: {self.path.parent}")
        self.timeout = float(timeout)
        self.version = len(migrations)
        self._migrations = migrations
        self._error = error
        self._busy = busy
        self._broken = broken
        self._open()

    def connect(self) -> sqlite3.Connection:
        """A new connection in autocommit mode, ``synchronous=FULL``, foreign keys on.

        Returns
        -------
        sqlite3.Connection
            The caller closes it; transactions are begun explicitly.
        """
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def retry(self, action: Callable[[], T]) -> T:
        """Run ``action``, again while SQLite reports the database locked or busy.

        SQLite itself waits ``timeout`` seconds for a lock (``busy_timeout``);
        this loop covers the cases where it says "locked" at once (a
        checkpoint or WAL recovery in progress in another process).

        Parameters
        ----------
        action : callable
            Opens its own connection(s); run whole each time.

        Returns
        -------
        object
            What ``action`` returns.

        Raises
        ------
        Exception
            ``error(busy)`` when still locked after ``timeout`` seconds;
            ``error(broken)`` for any other SQLite error. Exceptions other than
            SQLite's pass through unchanged.
        """
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _locked(exc):
                    raise self._error(self._broken.format(path=self.path, exc=exc)) from exc
                if time.monotonic() >= deadline:
                    raise self._error(self._busy.format(timeout=self.timeout)) from exc
                time.sleep(random.uniform(0.005, 0.05))
            except sqlite3.DatabaseError as exc:
                raise self._error(self._broken.format(path=self.path, exc=exc)) from exc

    def write(self, txn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``txn`` in one short ``BEGIN IMMEDIATE`` transaction on a fresh connection.

        Parameters
        ----------
        txn : callable
            Takes the connection; reads and writes under the write lock. An
            exception it raises rolls the transaction back and passes on.

        Returns
        -------
        object
            What ``txn`` returns, once committed.
        """

        def once() -> T:
            with closing(self.connect()) as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = txn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                return result

        return self.retry(once)

    def read(self, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
        """The rows of one query, on a fresh connection (the last committed state).

        Parameters
        ----------
        sql : str
            One ``SELECT``.
        params : tuple
            Its ``?`` parameters.

        Returns
        -------
        DataFrame
            The query's columns, as SQLite returns them.
        """

        def once() -> pd.DataFrame:
            with closing(self.connect()) as conn:
                cursor = conn.execute(sql, params)
                columns = [d[0] for d in cursor.description]
                return pd.DataFrame(cursor.fetchall(), columns=columns)

        return self.retry(once)

    def backup(self, dest: str | Path) -> Path:
        """Copy the database, consistently, to ``dest`` while others may be writing.

        Uses SQLite's online backup: a plain copy of the file may miss writes
        still in its ``-wal`` file.

        Parameters
        ----------
        dest : str or Path
            The backup file to create; refused (``error``) when it exists.

        Returns
        -------
        Path
            ``dest``.
        """
        dest = Path(dest)
        if dest.exists():
            raise self._error(f"Berkas cadangan sudah ada: {dest}")
        with closing(self.connect()) as src, closing(sqlite3.connect(dest)) as dst:
            src.backup(dst)
        return dest

    def _open(self) -> None:
        """Switch the file to WAL and bring the schema up to date."""

        def wal() -> int:
            with closing(self.connect()) as conn:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise self._error(
                        f"{self.path.name} tidak dapat dipakai dalam mode WAL ({mode})."
                    )
                return int(conn.execute("PRAGMA user_version").fetchone()[0])

        if self.retry(wal) != self.version:
            self.write(self._migrate)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # read again under the write lock: another process may have just migrated
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > self.version:
            raise self._error(
                f"{self.path.name} dibuat oleh planlib yang lebih baru (skema {version}); "
                "perbarui planlib."
            )
        for v in range(version + 1, self.version + 1):
            for statement in self._migrations[v]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {v}")


def append_only(table: str) -> list[str]:
    """The triggers that refuse ``UPDATE`` and ``DELETE`` on ``table``, for a migration.

    The statements are stored in the file as written here; a released
    migration must not change, so neither may this text.

    Parameters
    ----------
    table : str
        The log table.

    Returns
    -------
    list of str
        Two ``CREATE TRIGGER`` statements, ``<table>_no_update`` and
        ``<table>_no_delete``, raising "riwayat tidak boleh diubah/dihapus".

    Examples
    --------
    >>> print(append_only("log")[0])
    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
            BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END
    """
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh dihapus'); END""",
    ]


def where(filters: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """A ``WHERE`` clause matching every column of ``filters`` whose value is not None.

    Parameters
    ----------
    filters : mapping of str to object
        Column name (from the code, never from input) to the value wanted.

    Returns
    -------
    tuple of (str, tuple)
        ``" WHERE a = ? AND b = ?"`` (empty when every value is None) and its
        parameters.

    Examples
    --------
    >>> where({"tahun": 2025, "opd": None, "id_usulan": "U1"})
    (' WHERE tahun = ? AND id_usulan = ?', (2025, 'U1'))
    """
    given = {column: value for column, value in filters.items() if value is not None}
    clauses = " AND ".join(f"{column} = ?" for column in given)
    return (f" WHERE {clauses}" if given else ""), tuple(given.values())


def now() -> str:
    """The current time as the journals write it: UTC, ISO 8601, to the millisecond.

    Returns
    -------
    str
        For example ``2025-03-12T02:15:04.123+00:00``.
    """
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _locked(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def year_of(tahun: Any, error: type[Exception]) -> int:
    """A planning year as a store takes it: a whole number 1900–2200, text or int.

    Parameters
    ----------
    tahun : Any
        The year as given (``2026``, ``"2026"``).
    error : type of Exception
        Raised, with an Indonesian sentence, when ``tahun`` is not a year.

    Returns
    -------
    int
        The year.
    """
    try:
        year = int(str(tahun).strip())
    except (TypeError, ValueError):
        year = 0
    if isinstance(tahun, bool) or not 1900 <= year <= 2200:
        raise error(f"Tahun tidak sah: {tahun!r}.")
    return year


def required_text(value: Any, label: str, error: type[Exception]) -> str:
    """``value`` as stripped text, or ``error`` saying that ``label`` must be filled in.

    Parameters
    ----------
    value : Any
        The value given (None, NaN and blank text count as missing).
    label : str
        The field's name in the message ("Faktor", "Pencatat").
    error : type of Exception
        Raised when the value is missing.

    Returns
    -------
    str
        The text.
    """
    text = "" if value is None else str(value).strip()
    if not text or text == "nan":
        raise error(f"{label} wajib diisi.")
    return text

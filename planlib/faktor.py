"""The faktor pendorong / penghambat recorded during the Rakerda, per OPD, append-only in SQLite.

When each Kepala SKPD presents, the notulis records what helped (*pendorong*)
and what hindered (*penghambat*) the OPD's performance, with their name. The
notes are kept in ``<workspace>/rakerda.sqlite`` the way forum decisions are
(:mod:`planlib.forum.keputusan`), on the same append-only journal
(:mod:`planlib.journal`):

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

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .journal import TIMEOUT, Journal, append_only, now, required_text, where, year_of
from .report import PlanlibError

#: File name of the database inside the workspace folder.
DB_NAME = "rakerda.sqlite"

#: The two kinds of faktor.
JENIS = ("pendorong", "penghambat")

#: Version of the schema written by this module (``PRAGMA user_version``).
SCHEMA_VERSION = 1

#: Columns of :meth:`FaktorStore.current`.
COLUMNS = ["seq", "tahun", "opd", "jenis", "faktor", "oleh", "waktu"]


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
    *append_only("faktor_log"),
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
        self._journal = Journal(
            Path(root) / DB_NAME,
            _MIGRATIONS,
            error=FaktorError,
            busy="Basis data catatan Rakerda sedang dipakai lebih dari {timeout:g} detik; "
            "coba lagi sebentar lagi.",
            broken="Basis data {path} tidak dapat dipakai: {exc}",
            timeout=timeout,
        )
        self.path = self._journal.path
        self.timeout = self._journal.timeout

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
        row = (year, name, "catat", kind, text, who, now(), None)
        return self._journal.write(lambda c: _insert(c, row))

    def retract(self, seq: int, oleh: str) -> int:
        """Withdraw a note in force (it stays in the history); returns the new row's number.

        Parameters
        ----------
        seq : int
            The sequence number of the note in force to withdraw.
        oleh : str
            Who withdraws it; required.

        Returns
        -------
        int
            The sequence number of the new ``batal`` row.
        """
        who = _required(oleh, "Nama pencatat (oleh)")

        def txn(conn: sqlite3.Connection) -> int:
            found = conn.execute(
                "SELECT tahun, opd FROM faktor_current WHERE seq = ?", (int(seq),)
            ).fetchone()
            if found is None:
                raise FaktorError(f"Catatan #{seq} tidak ada atau sudah dibatalkan.")
            return _insert(conn, (found[0], found[1], "batal", None, None, who, now(), int(seq)))

        return self._journal.write(txn)

    def current(self, tahun: int | None = None, opd: str | None = None) -> pd.DataFrame:
        """The notes in force, oldest first (columns :data:`COLUMNS`).

        Parameters
        ----------
        tahun : int, optional
            Only the notes of this budget year.
        opd : str, optional
            Only the notes of this OPD.

        Returns
        -------
        DataFrame
            One row per note in force.
        """
        clause, params = where(
            {
                "tahun": None if tahun is None else _tahun(tahun),
                "opd": None if opd is None else str(opd).strip(),
            }
        )
        df = self._journal.read(f"SELECT * FROM faktor_current{clause} ORDER BY seq", params)
        return df.astype({"seq": "int64", "tahun": "int64"})[COLUMNS]

    def history(self) -> pd.DataFrame:
        """Every row ever written, oldest first (``aksi`` ``catat`` or ``batal``).

        Returns
        -------
        DataFrame
            Every row of the log; ``batal`` is the number of the row a withdrawal cancels.
        """
        df = self._journal.read("SELECT * FROM faktor_log ORDER BY seq", ())
        return df.astype({"seq": "int64", "tahun": "int64", "batal": "Int64"})


def _insert(conn: sqlite3.Connection, row: tuple[Any, ...]) -> int:
    cur = conn.execute(
        "INSERT INTO faktor_log (tahun, opd, aksi, jenis, faktor, oleh, waktu, batal) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row,
    )
    return int(cur.lastrowid or 0)


def _tahun(tahun: Any) -> int:
    return year_of(tahun, FaktorError)


def _required(value: Any, label: str) -> str:
    return required_text(value, label, FaktorError)

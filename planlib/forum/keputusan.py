"""Decisions of the Forum Perangkat Daerah, kept as an append-only history in SQLite.

During the forum an analyst records, per usulan, what the forum decided
(``diterima``, ``ditolak``, ``dialihkan`` to another OPD, ``ditunda``) with a
reason and their name, and may undo. Analysts may also override the OPD or
pohon kinerja node that the matcher suggested for an usulan. Both are stored
in ``<workspace>/keputusan.sqlite``:

* every change is a new row (``aksi`` ``catat`` or ``batal``); rows are never
  updated or deleted (triggers refuse it), so the file is the full history of
  who changed what, when (UTC) and what the value was before;
* the current state is derived from the history (views ``keputusan_current``
  and ``override_current``);
* several analysts, each in their own Voilà kernel (process), write at the
  same time: every write is one short ``BEGIN IMMEDIATE`` transaction on a
  fresh connection, the previous value is read inside that transaction,
  SQLite waits up to ``timeout`` seconds for the write lock and the write is
  retried while the database reports it is locked. WAL mode lets readers and
  the one writer proceed without blocking each other, and
  ``synchronous=FULL`` makes an acknowledged decision survive a killed kernel
  or a power cut.

Undo works as a stack per usulan: each undo restores the value that was
current before the decision now in force, so undoing twice goes back two
decisions, and undoing the first decision leaves the usulan undecided.

The SQLite plumbing (connections, transactions, retries, migrations, the
append-only triggers) is :mod:`planlib.journal`, shared with the Rakerda notes
(:mod:`planlib.faktor`); the tables, views and their migrations are
:mod:`planlib.forum.keputusan_schema`; the rules of what may be recorded, and
the decision in force every view reads (:func:`keputusan_berlaku`), are this
module's. Decisions that lost their usulan after a re-export are listed by
:mod:`planlib.forum.orphaned`.

See ``docs/forum-keputusan.md`` for the schema and how to back the file up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..frames import contract
from ..journal import TIMEOUT, Journal, now, where
from ..report import PlanlibError
from .keputusan_schema import LOG_KEPUTUSAN, LOG_OVERRIDE, MIGRATIONS, Log

#: The decisions the forum can take on an usulan.
STATUS = ("diterima", "ditolak", "dialihkan", "ditunda")

#: How each decision is printed (the forum table, the Berita Acara).
LABEL = {s: s.capitalize() for s in STATUS}

#: What an usulan without a decision in force shows.
BELUM = "belum diputuskan"

#: Columns of :func:`keputusan_berlaku`.
KOLOM_BERLAKU = ("id_usulan", "status", "label", "opd", "alasan", "oleh", "waktu", "versi")

#: File name of the database inside the workspace folder.
DB_NAME = "keputusan.sqlite"

#: What a decision is recorded on: an usulan of the Musrenbang or a pokir of a DPRD member.
JENIS = ("usulan", "pokir")


class KeputusanError(PlanlibError, ValueError):
    """A decision or override that cannot be recorded; the message is for the analyst."""


class KeputusanStore:
    """The forum decisions and matching overrides of one workspace.

    The object holds no connection: every call opens one, does one short
    transaction and closes it, so a long-lived Voilà kernel never keeps the
    database locked.

    Parameters
    ----------
    root : str or Path
        The workspace folder; the database is ``root / "keputusan.sqlite"``
        and is created (or migrated to the current schema) here.
    timeout : float
        Seconds a write waits for other analysts' writes before failing
        with :class:`KeputusanError`.

    Raises
    ------
    KeputusanError
        The folder does not exist, the file is not a database, or it was
        written by a newer planlib.
    """

    def __init__(self, root: str | Path, *, timeout: float = TIMEOUT) -> None:
        self._journal = Journal(
            Path(root) / DB_NAME,
            MIGRATIONS,
            error=KeputusanError,
            busy="Basis data keputusan sedang dipakai lebih dari {timeout:g} detik; "
            "coba lagi sebentar lagi.",
            broken="Basis data keputusan {path} tidak dapat dipakai: {exc}",
            timeout=timeout,
        )
        self.path = self._journal.path
        self.timeout = self._journal.timeout

    # ----------------------------------------------------------------- decisions

    def record(
        self,
        id_usulan: str,
        tahun: int,
        status: str,
        alasan: str,
        oleh: str,
        opd: str | None = None,
        *,
        versi: int | None = None,
        known_ids: Iterable[str] | None = None,
        jenis: str = "usulan",
    ) -> int:
        """Record the forum's decision on one usulan (or one pokir).

        Parameters
        ----------
        id_usulan, tahun : str, int
            The usulan.
        status : {"diterima", "ditolak", "dialihkan", "ditunda"}
            The decision (case and surrounding spaces are ignored).
        alasan, oleh : str
            Why, and who records it; both required.
        opd : str, optional
            The OPD the usulan is moved to; required for ``dialihkan`` and
            refused for the other decisions.
        versi : int, optional
            The ``versi`` the analyst saw in :meth:`current` (0 when the
            usulan had no decision). When given and another analyst has
            changed the usulan since, nothing is written and
            :class:`KeputusanError` is raised.
        known_ids : iterable of str, optional
            The id_usulan of that year in the workspace; an id outside it is
            refused.
        jenis : {"usulan", "pokir"}
            What ``id_usulan`` names: an usulan, or a pokir (its ``id_pokir``).

        Returns
        -------
        int
            The sequence number of the new history row.
        """
        key = (*_key(id_usulan, tahun, known_ids), _jenis(jenis))
        status = _status(status)
        opd = _optional_text(opd)
        if status == "dialihkan" and opd is None:
            raise KeputusanError(
                "Keputusan 'dialihkan' wajib menyebut OPD tujuan pengalihan (opd)."
            )
        if status != "dialihkan" and opd is not None:
            raise KeputusanError(
                f"OPD pengalihan hanya diisi untuk keputusan 'dialihkan', bukan '{status}'."
            )
        value = {"status": status, "opd": opd, "alasan": _required(alasan, "Alasan keputusan")}
        oleh = _required(oleh, "Nama pencatat (oleh)")
        return _written(
            self._journal.write(lambda c: _append(c, LOG_KEPUTUSAN, key, oleh, value, versi))
        )

    def undo(self, id_usulan: str, tahun: int, oleh: str, *, jenis: str = "usulan") -> int | None:
        """Undo the decision in force: restore the value that was current before it.

        Parameters
        ----------
        id_usulan, tahun : str, int
            The usulan.
        oleh : str
            Who undoes; required.
        jenis : {"usulan", "pokir"}
            As in :meth:`record`.

        Returns
        -------
        int or None
            The sequence number of the new history row, or None when the
            usulan has no decision left to undo (nothing is written then).
        """
        key = (*_key(id_usulan, tahun, None), _jenis(jenis))
        oleh = _required(oleh, "Nama pencatat (oleh)")
        return self._journal.write(lambda c: _append(c, LOG_KEPUTUSAN, key, oleh, None, None))

    def current(self, tahun: int | None = None, *, jenis: str | None = "usulan") -> pd.DataFrame:
        """The decision in force per usulan (usulan without one are absent).

        Parameters
        ----------
        tahun : int, optional
            Only this year.
        jenis : {"usulan", "pokir"} or None
            Only decisions on usulan (the default) or on pokir; None: both.

        Returns
        -------
        DataFrame
            Columns ``id_usulan, tahun, status, opd, alasan, oleh, waktu,
            versi, jenis``: ``oleh``/``waktu`` are who recorded the decision in
            force and when; ``versi`` counts the history rows of the usulan.
        """
        return self._current(LOG_KEPUTUSAN, tahun, jenis)

    def history(
        self,
        id_usulan: str | None = None,
        tahun: int | None = None,
        *,
        jenis: str | None = "usulan",
    ) -> pd.DataFrame:
        """Every recorded change, oldest first, optionally for one usulan or year.

        Parameters
        ----------
        id_usulan : str, optional
        tahun : int, optional
        jenis : {"usulan", "pokir"} or None
            As in :meth:`current`.

        Returns
        -------
        DataFrame
            Columns ``seq, waktu, tahun, id_usulan, aksi, status, opd, alasan,
            oleh, status_sebelum, opd_sebelum, alasan_sebelum, sebelum, asal``.
            ``aksi`` is ``catat`` (a decision) or ``batal`` (an undo); the
            value columns hold the value in force after the row, the
            ``*_sebelum`` columns the value before it; ``sebelum``/``asal``
            are the ``seq`` of the decisions in force before/after; ``jenis``
            last.
        """
        return self._history(LOG_KEPUTUSAN, id_usulan, tahun, jenis)

    # ----------------------------------------------------------------- overrides

    def record_override(
        self,
        id_usulan: str,
        tahun: int,
        oleh: str,
        *,
        opd: str | None = None,
        node_id: str | None = None,
        alasan: str | None = None,
        versi: int | None = None,
        known_ids: Iterable[str] | None = None,
    ) -> int:
        """Record the analyst's choice of OPD and/or pohon kinerja node for an usulan.

        The matcher (:mod:`planlib.forum.align`) takes :meth:`overrides` and
        lets them win over its own suggestions.

        Parameters
        ----------
        id_usulan, tahun : str, int
            The usulan.
        oleh : str
            Who records it; required.
        opd : str, optional
            The OPD the usulan belongs to, in the analyst's judgement.
        node_id : str, optional
            The ``id`` of the pohon kinerja node it serves. At least one of ``opd``
            and ``node_id`` is required.
        alasan : str, optional
            Why.
        versi : int, optional
            As in :meth:`record`: the ``versi`` the analyst saw; when another
            analyst has changed the usulan since, nothing is written.
        known_ids : iterable of str, optional
            The id_usulan of that year in the workspace; an id outside it is
            refused.

        Returns
        -------
        int
            The sequence number of the new history row.

        Raises
        ------
        KeputusanError
            Neither ``opd`` nor ``node_id``, no ``oleh``, an unknown usulan or a
            stale ``versi``; the message is for the analyst.
        """
        key = _key(id_usulan, tahun, known_ids)
        value = {
            "opd": _optional_text(opd),
            "node_id": _optional_text(node_id),
            "alasan": _optional_text(alasan),
        }
        if value["opd"] is None and value["node_id"] is None:
            raise KeputusanError("Override wajib menyebut OPD atau node pohon kinerja (node_id).")
        oleh = _required(oleh, "Nama pencatat (oleh)")
        return _written(
            self._journal.write(lambda c: _append(c, LOG_OVERRIDE, key, oleh, value, versi))
        )

    def undo_override(self, id_usulan: str, tahun: int, oleh: str) -> int | None:
        """Undo the override in force, as :meth:`undo` does for decisions.

        Parameters
        ----------
        id_usulan, tahun : str, int
            The usulan.
        oleh : str
            Who undoes; required.

        Returns
        -------
        int or None
            The sequence number of the new history row, or None when nothing was left to undo.
        """
        key = _key(id_usulan, tahun, None)
        oleh = _required(oleh, "Nama pencatat (oleh)")
        return self._journal.write(lambda c: _append(c, LOG_OVERRIDE, key, oleh, None, None))

    def overrides(self, tahun: int | None = None) -> pd.DataFrame:
        """The override in force per usulan.

        Parameters
        ----------
        tahun : int, optional
            Only this year.

        Returns
        -------
        DataFrame
            Columns ``id_usulan, tahun, opd, node_id, alasan, oleh, waktu,
            versi`` (the first four are what the matcher needs).
        """
        return self._current(LOG_OVERRIDE, tahun)

    def override_history(
        self, id_usulan: str | None = None, tahun: int | None = None
    ) -> pd.DataFrame:
        """Every override change, as :meth:`history` (value columns ``opd, node_id, alasan``).

        Parameters
        ----------
        id_usulan : str, optional
        tahun : int, optional

        Returns
        -------
        DataFrame
        """
        return self._history(LOG_OVERRIDE, id_usulan, tahun)

    # ----------------------------------------------------------------- file

    def backup(self, dest: str | Path) -> Path:
        """Copy the database, consistently, to ``dest`` while others may be writing.

        Uses SQLite's online backup; copying ``keputusan.sqlite`` with a file
        manager may miss decisions still in ``keputusan.sqlite-wal``.

        Parameters
        ----------
        dest : str or Path
            The backup file to create; refused when it exists.

        Returns
        -------
        Path
            ``dest``.
        """
        return self._journal.backup(dest)

    # ----------------------------------------------------------------- internals

    def _current(self, log: Log, tahun: int | None, jenis: str | None = None) -> pd.DataFrame:
        clause, params = _where(None, tahun, jenis)
        sql = f"SELECT * FROM {log.current}{clause} ORDER BY tahun, id_usulan"
        df = self._journal.read(sql, params)
        return df.astype({"tahun": "int64", "versi": "int64"})

    def _history(
        self, log: Log, id_usulan: str | None, tahun: int | None, jenis: str | None = None
    ) -> pd.DataFrame:
        clause, params = _where(id_usulan, tahun, jenis)
        df = self._journal.read(f"SELECT * FROM {log.history}{clause} ORDER BY seq", params)
        return df.astype({"seq": "int64", "tahun": "int64", "sebelum": "Int64", "asal": "Int64"})


def keputusan_berlaku(
    keputusan: KeputusanStore | pd.DataFrame,
    id_usulan: Iterable[Any],
    tahun: int,
    *,
    jenis: str = "usulan",
) -> pd.DataFrame:
    """The decision in force on each of ``id_usulan`` in ``tahun``: what every view shows.

    The forum table (:func:`planlib.forum.selection.forum_table`) and the
    Berita Acara (:func:`planlib.forum.berita_acara.berita_acara_table`) both
    read the decisions through this function, so they show the same status,
    OPD and alasan for the same store.

    Parameters
    ----------
    keputusan : KeputusanStore or DataFrame
        The store, or decisions as :meth:`KeputusanStore.current` returns them
        (rows of other years are ignored; of repeated ids the last counts).
    id_usulan : iterable
        The usulan to look up, in the order wanted (compared as text).
    tahun : int
        The plan year.
    jenis : {"usulan", "pokir"}
        Whether ``id_usulan`` are usulan or pokir IDs (rows of a DataFrame
        with a ``jenis`` column of the other kind are ignored).

    Returns
    -------
    DataFrame
        One row per ``id_usulan``, in its order (the index of a Series is
        kept), with :data:`KOLOM_BERLAKU`: ``status`` (None when undecided),
        ``label`` (:data:`LABEL`, else :data:`BELUM`), ``opd`` (the OPD of a
        ``dialihkan``), ``alasan``, ``oleh`` and ``waktu`` of the decision in
        force, and ``versi`` (history rows of the usulan, for
        :meth:`KeputusanStore.record`; NaN when undecided).
    """
    year = _tahun(tahun)
    kind = _jenis(jenis)
    if isinstance(keputusan, KeputusanStore):
        cur = keputusan.current(year, jenis=kind)
    else:
        cur = keputusan
        if "jenis" in cur.columns:
            cur = cur[cur["jenis"].fillna("usulan").astype(str) == kind]
    ids = id_usulan if isinstance(id_usulan, pd.Series) else pd.Series(list(id_usulan))
    ids = ids.astype(str).str.strip()
    if "id_usulan" not in cur.columns or cur.empty:
        cur = pd.DataFrame(columns=["id_usulan"])
    if "tahun" in cur.columns:
        cur = cur[pd.to_numeric(cur["tahun"], errors="coerce") == year]
    cur = cur.assign(id_usulan=cur["id_usulan"].astype(str).str.strip())
    cur = cur.drop_duplicates("id_usulan", keep="last").set_index("id_usulan")
    out = pd.DataFrame({"id_usulan": ids}, index=ids.index)
    for column in ("status", "opd", "alasan", "oleh", "waktu"):
        values = cur[column] if column in cur.columns else pd.Series(dtype=object)
        out[column] = ids.map(values.astype(object)).astype(object)
        out[column] = out[column].where(out[column].notna(), None)
    versi = cur["versi"] if "versi" in cur.columns else pd.Series(dtype=float)
    out["versi"] = pd.to_numeric(ids.map(versi), errors="coerce").astype("Int64")
    out["label"] = out["status"].map(lambda s: LABEL.get(s, BELUM) if s else BELUM)
    return contract(out[list(KOLOM_BERLAKU)], "KeputusanBerlaku")


# --------------------------------------------------------------------- helpers


def _append(
    conn: sqlite3.Connection,
    log: Log,
    key: tuple[Any, ...],
    oleh: str,
    value: dict[str, str | None] | None,
    versi: int | None,
) -> int | None:
    """Append one row to ``log`` inside the caller's write transaction.

    ``value`` None means undo. The value in force and the count of rows are
    read here, under the write lock, so that no other writer can slip in
    between reading the previous value and writing the new one.
    """
    tahun, id_usulan = key[0], key[1]
    names = log.key
    match = " AND ".join(f"{n} = ?" for n in names)
    t = log.table
    count, latest = conn.execute(
        f"SELECT COUNT(*), MAX(seq) FROM {t} WHERE {match}", key
    ).fetchone()
    if versi is not None and count != versi:
        raise KeputusanError(
            f"Usulan {id_usulan} ({tahun}) sudah diubah analis lain (versi {count}, "
            f"bukan {versi}); muat ulang lalu coba lagi."
        )
    in_force = (
        conn.execute(f"SELECT asal FROM {t} WHERE seq = ?", (latest,)).fetchone()[0]
        if latest is not None
        else None
    )
    seq = conn.execute(f"SELECT IFNULL(MAX(seq), 0) + 1 FROM {t}").fetchone()[0]
    if value is not None:
        aksi, asal = "catat", seq
    else:
        if in_force is None:
            return None
        aksi = "batal"
        asal = conn.execute(f"SELECT sebelum FROM {t} WHERE seq = ?", (in_force,)).fetchone()[0]
        value = dict.fromkeys(log.values)
        if asal is not None:
            cur = conn.execute(f"SELECT {', '.join(log.values)} FROM {t} WHERE seq = ?", (asal,))
            value = dict(zip(log.values, cur.fetchone(), strict=True))
    columns = ["seq", *names, "aksi", *log.values, "oleh", "waktu", "sebelum", "asal"]
    row = [seq, *key, aksi, *value.values(), oleh, now(), in_force, asal]
    conn.execute(
        f"INSERT INTO {t} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", row
    )
    return seq


def _written(seq: int | None) -> int:
    """The sequence number of a row that a decision or override always writes."""
    if seq is None:  # only an undo with nothing to undo writes no row
        raise KeputusanError("Keputusan tidak tercatat.")
    return seq


def _where(
    id_usulan: str | None, tahun: int | None, jenis: str | None = None
) -> tuple[str, tuple[Any, ...]]:
    return where(
        {
            "id_usulan": None if id_usulan is None else str(id_usulan).strip(),
            "tahun": None if tahun is None else _tahun(tahun),
            "jenis": None if jenis is None else _jenis(jenis),
        }
    )


def _jenis(jenis: Any) -> str:
    j = str(jenis).strip().lower() if jenis is not None else ""
    if j not in JENIS:
        raise KeputusanError(f"Jenis tidak dikenal: {jenis!r}. Pilih salah satu: usulan, pokir.")
    return j


def _key(id_usulan: str, tahun: int, known_ids: Iterable[str] | None) -> tuple[int, str]:
    ident = _required(id_usulan, "ID usulan")
    year = _tahun(tahun)
    if known_ids is not None and ident not in {str(i).strip() for i in known_ids}:
        raise KeputusanError(f"Usulan {ident} tidak ada dalam daftar usulan tahun {year}.")
    return year, ident


def _tahun(tahun: Any) -> int:
    try:
        year = int(tahun.strip()) if isinstance(tahun, str) else int(tahun)
        whole = isinstance(tahun, str) or year == tahun
    except (TypeError, ValueError, OverflowError):
        year, whole = 0, False
    if isinstance(tahun, bool) or not whole or not 1900 <= year <= 2200:
        raise KeputusanError(f"Tahun tidak sah: {tahun!r}.")
    return year


def _status(status: Any) -> str:
    s = str(status).strip().lower() if status is not None else ""
    if s not in STATUS:
        raise KeputusanError(
            f"Status keputusan tidak dikenal: {status!r}. Pilih salah satu: {', '.join(STATUS)}."
        )
    return s


def _required(value: Any, label: str) -> str:
    text = _optional_text(value)
    if text is None:
        raise KeputusanError(f"{label} wajib diisi.")
    return text


def _optional_text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None

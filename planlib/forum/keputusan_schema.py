"""The file format of ``keputusan.sqlite``: tables, views, triggers and their migrations.

The forum's decisions and the analysts' overrides of a suggestion are two
append-only logs (``keputusan_log``, ``override_log``) with, each, a view of
the value in force (``*_current``) and of every change with the value before
it (``*_history``). :data:`MIGRATIONS` brings a file from one version to the
next; a migration, once released, never changes, and an older file is
migrated when a :class:`planlib.forum.keputusan.KeputusanStore` opens it
(:mod:`planlib.journal` runs them). The rules for what may be recorded are
:mod:`planlib.forum.keputusan`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..journal import append_only

#: Version of the schema written by :data:`MIGRATIONS` (``PRAGMA user_version``).
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Log:
    """One append-only log table and the columns that carry its value.

    Attributes
    ----------
    table, current, history : str
        The log table, its view of the value in force and its view of every change.
    values : tuple of str
        The columns holding the value recorded.
    key : tuple of str
        The columns naming one history.
    """

    table: str
    current: str
    history: str
    values: tuple[str, ...]
    key: tuple[str, ...]  # the columns naming one history, in the order of a write's key


#: The forum's decisions, one history per (tahun, id_usulan, jenis).
LOG_KEPUTUSAN = Log("keputusan_log", "keputusan_current", "keputusan_history",
                    ("status", "opd", "alasan"), ("tahun", "id_usulan", "jenis"))  # fmt: skip
#: The analysts' overrides of a suggestion, one history per (tahun, id_usulan).
LOG_OVERRIDE = Log("override_log", "override_current", "override_history",
                   ("opd", "node_id", "alasan"), ("tahun", "id_usulan"))  # fmt: skip

#: Schema version 1, written out in full: a migration, once released, never changes.
SCHEMA_1 = [
    """CREATE TABLE keputusan_log (
        seq       INTEGER PRIMARY KEY,
        tahun     INTEGER NOT NULL,
        id_usulan TEXT    NOT NULL CHECK (trim(id_usulan) <> ''),
        aksi      TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        status    TEXT    CHECK (status IN ('diterima', 'ditolak', 'dialihkan', 'ditunda')),
        opd       TEXT,
        alasan    TEXT,
        oleh      TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu     TEXT    NOT NULL,
        sebelum   INTEGER REFERENCES keputusan_log (seq),
        asal      INTEGER REFERENCES keputusan_log (seq),
        CHECK (aksi = 'batal' OR asal = seq),
        CHECK ((asal IS NULL) = (status IS NULL)),
        CHECK (aksi = 'batal' OR trim(alasan) <> ''),
        CHECK (status IS NOT 'dialihkan' OR trim(opd) <> '')
    )""",
    """CREATE TABLE override_log (
        seq       INTEGER PRIMARY KEY,
        tahun     INTEGER NOT NULL,
        id_usulan TEXT    NOT NULL CHECK (trim(id_usulan) <> ''),
        aksi      TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        opd       TEXT,
        node_id   TEXT,
        alasan    TEXT,
        oleh      TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu     TEXT    NOT NULL,
        sebelum   INTEGER REFERENCES override_log (seq),
        asal      INTEGER REFERENCES override_log (seq),
        CHECK (aksi = 'batal' OR asal = seq),
        CHECK ((asal IS NULL) = (opd IS NULL AND node_id IS NULL))
    )""",
    "CREATE INDEX keputusan_log_kunci ON keputusan_log (tahun, id_usulan, seq)",
    "CREATE INDEX override_log_kunci ON override_log (tahun, id_usulan, seq)",
    *append_only("keputusan_log"),
    *append_only("override_log"),
    # the value in force: the decision (asal) named by the latest row of each usulan
    """CREATE VIEW keputusan_current AS
        SELECT k.id_usulan, k.tahun, k.status, k.opd, k.alasan, k.oleh, k.waktu, m.versi
        FROM (SELECT tahun, id_usulan, MAX(seq) AS seq, COUNT(*) AS versi
              FROM keputusan_log GROUP BY tahun, id_usulan) AS m
        JOIN keputusan_log AS e ON e.seq = m.seq
        JOIN keputusan_log AS k ON k.seq = e.asal""",
    """CREATE VIEW override_current AS
        SELECT k.id_usulan, k.tahun, k.opd, k.node_id, k.alasan, k.oleh, k.waktu, m.versi
        FROM (SELECT tahun, id_usulan, MAX(seq) AS seq, COUNT(*) AS versi
              FROM override_log GROUP BY tahun, id_usulan) AS m
        JOIN override_log AS e ON e.seq = m.seq
        JOIN override_log AS k ON k.seq = e.asal""",
    # every row with the value in force before it
    """CREATE VIEW keputusan_history AS
        SELECT e.seq, e.waktu, e.tahun, e.id_usulan, e.aksi, e.status, e.opd, e.alasan, e.oleh,
               p.status AS status_sebelum, p.opd AS opd_sebelum, p.alasan AS alasan_sebelum,
               e.sebelum, e.asal
        FROM keputusan_log AS e LEFT JOIN keputusan_log AS p ON p.seq = e.sebelum""",
    """CREATE VIEW override_history AS
        SELECT e.seq, e.waktu, e.tahun, e.id_usulan, e.aksi, e.opd, e.node_id, e.alasan, e.oleh,
               p.opd AS opd_sebelum, p.node_id AS node_id_sebelum, p.alasan AS alasan_sebelum,
               e.sebelum, e.asal
        FROM override_log AS e LEFT JOIN override_log AS p ON p.seq = e.sebelum""",
]

#: Schema version 2: a decision names what it is on (``jenis``), an usulan or a pokir, so a
#: pokir ID that happens to equal an usulan ID never shares its history. Every row of a
#: version 1 file is an usulan decision and keeps its seq; only the views and index change.
SCHEMA_2 = [
    """ALTER TABLE keputusan_log ADD COLUMN jenis TEXT NOT NULL DEFAULT 'usulan'
        CHECK (jenis IN ('usulan', 'pokir'))""",
    "DROP INDEX keputusan_log_kunci",
    "CREATE INDEX keputusan_log_jenis ON keputusan_log (tahun, jenis, id_usulan, seq)",
    "DROP VIEW keputusan_current",
    "DROP VIEW keputusan_history",
    """CREATE VIEW keputusan_current AS
        SELECT k.id_usulan, k.tahun, k.status, k.opd, k.alasan, k.oleh, k.waktu, m.versi,
               m.jenis
        FROM (SELECT tahun, jenis, id_usulan, MAX(seq) AS seq, COUNT(*) AS versi
              FROM keputusan_log GROUP BY tahun, jenis, id_usulan) AS m
        JOIN keputusan_log AS e ON e.seq = m.seq
        JOIN keputusan_log AS k ON k.seq = e.asal""",
    """CREATE VIEW keputusan_history AS
        SELECT e.seq, e.waktu, e.tahun, e.id_usulan, e.aksi, e.status, e.opd, e.alasan, e.oleh,
               p.status AS status_sebelum, p.opd AS opd_sebelum, p.alasan AS alasan_sebelum,
               e.sebelum, e.asal, e.jenis
        FROM keputusan_log AS e LEFT JOIN keputusan_log AS p ON p.seq = e.sebelum""",
]

#: Statements that bring the schema from version ``v - 1`` to ``v``.
MIGRATIONS: dict[int, list[str]] = {1: SCHEMA_1, 2: SCHEMA_2}

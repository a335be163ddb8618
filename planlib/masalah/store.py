"""Masalah and isu strategis of each desa (and kecamatan), recorded at the Rembuk Remas.

The Rembuk Remas (rencana masyarakat) meets in December, two years ahead of the
RKPD: Bappeda, the SKPD, every kecamatan and desa discuss the problems of each
desa. What it records here is the map of problems the desa carry into their
Musrenbang: per desa (or kecamatan) and planning year ``T``, each *masalah* or
*isu strategis* with its text, its isu (planlib's isu table), bidang, source
(*data* or *diskusi*), priority, who recorded it and when.

The record is kept in ``<workspace>/masalah.sqlite`` the way forum decisions
are (:mod:`planlib.forum.keputusan`), on the same append-only journal
(:mod:`planlib.journal`):

* every change is a new row: ``catat`` (a new masalah, whose number is its
  row's ``seq``), ``koreksi`` (a new version of masalah ``id_masalah``),
  ``batal`` (withdrawn) and ``urung`` (the undo of an earlier ``koreksi`` or
  ``batal``, named by its ``seq``); triggers refuse ``UPDATE`` and ``DELETE``,
  so the file is the whole history of who wrote what, when (UTC, shown in
  local time);
* the masalah in force are computed from that history (:meth:`MasalahStore.current`);
* every write is one short ``BEGIN IMMEDIATE`` transaction on a fresh
  connection, retried while another writer holds the lock; WAL mode and
  ``synchronous=FULL`` make an acknowledged masalah survive a killed kernel.

A masalah belongs to a wilayah by its Kemendagri code, never by the usulan
export, so re-downloading the usulan changes nothing here.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pandas as pd

from ..bidang import BIDANG, BidangRules
from ..frames import contract
from ..journal import TIMEOUT, Journal, append_only, now, required_text, year_of
from ..parse import clean_text, fold
from .tempat import MasalahError, Tempat

#: File name of the database inside the workspace folder.
DB_NAME = "masalah.sqlite"

#: What is recorded: a problem, or a strategic issue.
JENIS = ("masalah", "isu_strategis")
#: Where it came from: the desa's data (IDM, indicators) or the discussion in the room.
SUMBER = ("data", "diskusi")
#: The levels a masalah belongs to.
TINGKAT = ("desa", "kecamatan")
#: Longest text kept (characters); a longer one is refused, not cut.
TEKS_MAKS = 2000

#: The bidang of each isu of planlib's isu table (for a masalah recorded without bidang).
BIDANG_ISU = {
    "Air bersih dan sanitasi": "infrastruktur",
    "Ekonomi lokal dan UMKM": "ekonomi",
    "Infrastruktur jalan dan jembatan": "infrastruktur",
    "Keagamaan dan budaya": "pembangunan manusia",
    "Kemiskinan dan perlindungan sosial": "pembangunan manusia",
    "Kesehatan dan stunting": "pembangunan manusia",
    "Ketenteraman dan ketertiban": "pemerintahan",
    "Lingkungan dan persampahan": "infrastruktur",
    "Listrik dan telekomunikasi": "infrastruktur",
    "Pendidikan": "pembangunan manusia",
    "Pertanian dan perikanan": "ekonomi",
    "Tata kelola desa": "pemerintahan",
}

#: Columns of :meth:`MasalahStore.current`.
COLUMNS = [
    "id_masalah", "tahun", "tingkat", "kode_wilayah", "nama_wilayah", "kode_kecamatan", "jenis",
    "masalah", "isu", "bidang", "sumber", "prioritas", "oleh", "waktu", "dicatat_oleh",
    "dicatat_waktu", "versi",
]  # fmt: skip

_SCHEMA_1 = [
    """CREATE TABLE masalah_log (
        seq            INTEGER PRIMARY KEY,
        id_masalah     INTEGER REFERENCES masalah_log (seq),
        aksi           TEXT    NOT NULL CHECK (aksi IN ('catat', 'koreksi', 'batal', 'urung')),
        tahun          INTEGER NOT NULL,
        tingkat        TEXT    CHECK (tingkat IN ('desa', 'kecamatan')),
        kode_wilayah   TEXT,
        nama_wilayah   TEXT,
        kode_kecamatan TEXT,
        jenis          TEXT    CHECK (jenis IN ('masalah', 'isu_strategis')),
        teks           TEXT,
        isu            TEXT,
        bidang         TEXT,
        sumber         TEXT    CHECK (sumber IN ('data', 'diskusi')),
        prioritas      INTEGER,
        oleh           TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu          TEXT    NOT NULL,
        urung          INTEGER REFERENCES masalah_log (seq),
        CHECK ((aksi = 'catat') = (id_masalah IS NULL)),
        CHECK ((aksi = 'urung') = (urung IS NOT NULL)),
        CHECK (aksi NOT IN ('catat', 'koreksi') OR (trim(teks) <> '' AND kode_wilayah IS NOT NULL))
    )""",
    "CREATE INDEX masalah_log_tahun ON masalah_log (tahun, seq)",
    *append_only("masalah_log"),
]
_MIGRATIONS: dict[int, list[str]] = {1: _SCHEMA_1}


class MasalahStore:
    """The masalah of one workspace; holds no connection between calls.

    Parameters
    ----------
    root : str or Path
        The workspace folder; the database is ``root / "masalah.sqlite"``,
        created (or migrated) here.
    timeout : float
        Seconds a write waits for other writers before failing with :class:`MasalahError`.
    """

    def __init__(self, root: str | Path, *, timeout: float = TIMEOUT) -> None:
        self._journal = Journal(
            Path(root) / DB_NAME,
            _MIGRATIONS,
            error=MasalahError,
            busy="Basis data masalah sedang dipakai lebih dari {timeout:g} detik; "
            "coba lagi sebentar lagi.",
            broken="Basis data {path} tidak dapat dipakai: {exc}",
            timeout=timeout,
        )
        self.path = self._journal.path

    # ----------------------------------------------------------------- writing

    def record(
        self,
        tahun: int,
        tempat: Tempat,
        teks: str,
        oleh: str,
        *,
        jenis: str = "masalah",
        isu: str | None = None,
        bidang: str | None = None,
        sumber: str = "diskusi",
        prioritas: int | None = None,
        isu_rules: BidangRules | None = None,
        waktu: datetime | None = None,
        hanya_kecamatan: Tempat | None = None,
    ) -> int:
        """Record one masalah (or isu strategis) of a desa or kecamatan.

        Parameters
        ----------
        tahun : int
            ``T``, the planning year the masalah is for.
        tempat : Tempat
            From :func:`resolve_tempat`.
        teks, oleh : str
            The masalah as worded in the room, and who records it; both required.
        jenis : {"masalah", "isu_strategis"}
        isu : str, optional
            One of the isu table's values (a near spelling is taken); derived
            from ``teks`` through ``isu_rules`` when omitted.
        bidang : str, optional
            One of :data:`planlib.bidang.BIDANG`; from the isu when omitted.
        sumber : {"data", "diskusi"}
        prioritas : int, optional
            1 = most urgent.
        isu_rules : BidangRules, optional
            The workspace's isu table (:func:`planlib.usulan.isu_rules`); planlib's when omitted.
        waktu : datetime, optional
            When it was recorded, for a record carried over from elsewhere (the
            demo's fixed times); now when omitted. A naive time is taken as UTC.
        hanya_kecamatan : Tempat, optional
            The kecamatan a kecamatan delegate's account may record in
            (:func:`resolve_kecamatan`); a ``tempat`` outside it is refused.

        Returns
        -------
        int
            The new masalah's number (``id_masalah``).

        Raises
        ------
        MasalahError
            A bad field, or a ``tempat`` outside ``hanya_kecamatan``.
        """
        _di_kecamatan(tempat, hanya_kecamatan)
        fields = _fields(tahun, teks, oleh, jenis, isu, bidang, sumber, prioritas, isu_rules)
        row = {"aksi": "catat", **fields, **_place(tempat)}
        if waktu is not None:
            at = waktu if waktu.tzinfo else waktu.replace(tzinfo=UTC)
            row["waktu"] = at.astimezone(UTC).isoformat(timespec="milliseconds")
        return self._journal.write(lambda c: _insert(c, row))

    def correct(
        self,
        id_masalah: int,
        oleh: str,
        *,
        teks: str | None = None,
        jenis: str | None = None,
        isu: str | None = None,
        bidang: str | None = None,
        sumber: str | None = None,
        prioritas: int | None = None,
        tempat: Tempat | None = None,
        isu_rules: BidangRules | None = None,
        hanya_kecamatan: Tempat | None = None,
    ) -> int:
        """Record a new version of a masalah in force (what is not given stays as it was).

        With ``hanya_kecamatan`` (a kecamatan delegate's account) a masalah
        that is, or ever was, of a wilayah outside that kecamatan is refused,
        and so is a new ``tempat`` outside it.

        Returns
        -------
        int
            The ``seq`` of the ``koreksi`` row (for :meth:`undo`).
        """
        if tempat is not None:
            _di_kecamatan(tempat, hanya_kecamatan)

        def txn(conn: sqlite3.Connection) -> int:
            _milik_kecamatan(conn, int(id_masalah), hanya_kecamatan)
            now_ = _state(conn, int(id_masalah))
            if now_ is None:
                raise MasalahError(f"Masalah #{id_masalah} tidak ada atau sudah dibatalkan.")
            new_teks = teks if teks is not None else now_["teks"]
            new_isu = isu if isu is not None else (None if teks is not None else now_["isu"])
            fields = _fields(
                now_["tahun"], new_teks, oleh, jenis or now_["jenis"], new_isu,
                bidang if bidang is not None else (now_["bidang"] if new_isu == now_["isu"] else None),
                sumber or now_["sumber"],
                prioritas if prioritas is not None else now_["prioritas"], isu_rules,
            )  # fmt: skip
            place = _place(tempat) if tempat is not None else {
                k: now_[k] for k in ("tingkat", "kode_wilayah", "nama_wilayah", "kode_kecamatan")
            }  # fmt: skip
            return _insert(
                conn, {"aksi": "koreksi", "id_masalah": int(id_masalah), **fields, **place}
            )

        return self._journal.write(txn)

    def withdraw(self, id_masalah: int, oleh: str, *, hanya_kecamatan: Tempat | None = None) -> int:
        """Withdraw a masalah in force (it stays in the history); returns the row's ``seq``.

        With ``hanya_kecamatan``, a masalah that is or was outside that kecamatan is refused.
        """
        who = _required(oleh, "Nama pencatat (oleh)")

        def txn(conn: sqlite3.Connection) -> int:
            _milik_kecamatan(conn, int(id_masalah), hanya_kecamatan)
            now_ = _state(conn, int(id_masalah))
            if now_ is None:
                raise MasalahError(f"Masalah #{id_masalah} tidak ada atau sudah dibatalkan.")
            return _insert(conn, {"aksi": "batal", "id_masalah": int(id_masalah),
                                  "tahun": now_["tahun"], "oleh": who})  # fmt: skip

        return self._journal.write(txn)

    def undo(self, id_masalah: int, oleh: str, *, hanya_kecamatan: Tempat | None = None) -> int:
        """Undo the last correction or withdrawal of a masalah still in effect.

        A masalah whose only action is its ``catat`` is withdrawn instead.
        With ``hanya_kecamatan``, a masalah that is or was outside that kecamatan is refused.

        Returns
        -------
        int
            The ``seq`` of the new row.
        """
        who = _required(oleh, "Nama pencatat (oleh)")

        def txn(conn: sqlite3.Connection) -> int:
            _milik_kecamatan(conn, int(id_masalah), hanya_kecamatan)
            rows = _rows(conn, int(id_masalah))
            if not rows:
                raise MasalahError(f"Masalah #{id_masalah} tidak ada.")
            last = _live(rows)[-1]
            if last["aksi"] == "catat":
                return _insert(conn, {"aksi": "batal", "id_masalah": int(id_masalah),
                                      "tahun": last["tahun"], "oleh": who})  # fmt: skip
            return _insert(conn, {"aksi": "urung", "id_masalah": int(id_masalah),
                                  "tahun": last["tahun"], "oleh": who, "urung": last["seq"]})  # fmt: skip

        return self._journal.write(txn)

    # ----------------------------------------------------------------- reading

    def history(self) -> pd.DataFrame:
        """Every row ever written, oldest first."""
        df = self._journal.read("SELECT * FROM masalah_log ORDER BY seq", ())
        return df.astype({"seq": "int64", "tahun": "int64"})

    def current(
        self, tahun: int | None = None, kode_wilayah: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """The masalah in force, in the order they were first recorded (columns :data:`COLUMNS`).

        Parameters
        ----------
        tahun : int, optional
            Only those of this planning year.
        kode_wilayah : iterable of str, optional
            Only those of these desa / kecamatan codes.

        Returns
        -------
        DataFrame
            One row per masalah: its latest version in force, ``versi`` the
            number of versions, ``dicatat_oleh`` / ``dicatat_waktu`` of its first.
        """
        sql, params = "SELECT * FROM masalah_log", cast(tuple[Any, ...], ())
        if tahun is not None:
            sql, params = sql + " WHERE tahun = ?", (_tahun(tahun),)
        log = self._journal.read(sql + " ORDER BY seq", params)
        out = []
        for _, group in log.groupby(
            log["id_masalah"].fillna(log["seq"]).astype("int64"), sort=True
        ):
            rows = cast(list[dict[str, Any]], group.to_dict("records"))
            state = _fold(rows)
            if state is not None:
                out.append(state)
        df = pd.DataFrame(out, columns=COLUMNS)
        if kode_wilayah is not None:
            df = df[df["kode_wilayah"].isin(set(kode_wilayah))]
        df = df.astype({"id_masalah": "int64", "tahun": "int64", "versi": "int64"})
        return contract(df.reset_index(drop=True), "MasalahBerlaku")


# --------------------------------------------------------------------------- helpers


def _fields(
    tahun: Any, teks: Any, oleh: Any, jenis: Any, isu: Any, bidang: Any, sumber: Any,
    prioritas: Any, isu_rules: BidangRules | None,
) -> dict[str, Any]:  # fmt: skip
    text = _required(teks, "Teks masalah")
    if len(text) > TEKS_MAKS:
        raise MasalahError(
            f"Teks masalah terlalu panjang ({len(text)} karakter; paling banyak {TEKS_MAKS})."
        )
    kind = _choice(jenis or "masalah", JENIS, "Jenis")
    src = _choice(sumber or "diskusi", SUMBER, "Sumber")
    rules = isu_rules if isu_rules is not None else _default_isu()
    known_isu = sorted({v for _, v in rules.rules})
    if clean_text(isu) is not None:
        chosen: str | None = _choice(isu, known_isu, "Isu")
    else:
        chosen = rules.classify(text)
    if clean_text(bidang) is not None:
        bid: str | None = _choice(bidang, BIDANG, "Bidang")
    else:
        bid = BIDANG_ISU.get(chosen) if chosen else None
    prio: int | None = None
    if prioritas is not None and clean_text(prioritas) is not None:
        try:
            prio = int(str(prioritas).strip())
        except ValueError:
            prio = 0
        if not 1 <= prio <= 99:
            raise MasalahError(
                f"Prioritas harus angka 1–99 (1 = paling mendesak); tertulis {prioritas!r}."
            )
    return {"tahun": _tahun(tahun), "jenis": kind, "teks": text, "isu": chosen, "bidang": bid,
            "sumber": src, "prioritas": prio, "oleh": _required(oleh, "Nama pencatat (oleh)")}  # fmt: skip


def _default_isu() -> BidangRules:
    from ..usulan import isu_rules

    return isu_rules()


def _di_kecamatan(tempat: Tempat, kec: Tempat | None) -> None:
    """Refuse ``tempat`` when a kecamatan delegate (``kec``) records outside its kecamatan."""
    if kec is None or tempat.kode_kecamatan == kec.kode:
        return
    raise MasalahError(
        f"Akun kecamatan hanya dapat mencatat masalah desa di Kecamatan {kec.nama}; "
        f"{tempat.tingkat.capitalize()} {tempat.nama} berada di kecamatan lain."
    )


def _milik_kecamatan(conn: sqlite3.Connection, id_masalah: int, kec: Tempat | None) -> None:
    """Refuse a change by a kecamatan delegate (``kec``) to a masalah that is or was elsewhere.

    Every version counts (an undo may bring an earlier place back), not just the one in force.
    """
    if kec is None:
        return
    rows = conn.execute(
        "SELECT kode_kecamatan, nama_wilayah FROM masalah_log WHERE (seq = ? OR id_masalah = ?)"
        " AND aksi IN ('catat', 'koreksi') ORDER BY seq",
        (id_masalah, id_masalah),
    ).fetchall()
    lain = [nama for kode, nama in rows if kode != kec.kode]
    if lain:
        raise MasalahError(
            f"Masalah #{id_masalah} ({lain[-1]}) dicatat untuk desa di kecamatan lain: akun "
            f"kecamatan hanya dapat mengubah masalah desa di Kecamatan {kec.nama}."
        )


def _place(t: Tempat) -> dict[str, Any]:
    return {"tingkat": t.tingkat, "kode_wilayah": t.kode, "nama_wilayah": t.nama,
            "kode_kecamatan": t.kode_kecamatan}  # fmt: skip


_LOG_COLUMNS = ("id_masalah", "aksi", "tahun", "tingkat", "kode_wilayah", "nama_wilayah",
                "kode_kecamatan", "jenis", "teks", "isu", "bidang", "sumber", "prioritas", "oleh",
                "waktu", "urung")  # fmt: skip


def _insert(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    values = {**dict.fromkeys(_LOG_COLUMNS), "waktu": now(), **row}
    cur = conn.execute(
        f"INSERT INTO masalah_log ({', '.join(_LOG_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _LOG_COLUMNS)})",
        tuple(values[c] for c in _LOG_COLUMNS),
    )
    return int(cur.lastrowid or 0)


def _rows(conn: sqlite3.Connection, id_masalah: int) -> list[dict[str, Any]]:
    cur = conn.execute(
        "SELECT * FROM masalah_log WHERE seq = ? OR id_masalah = ? ORDER BY seq",
        (id_masalah, id_masalah),
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return rows if rows and rows[0]["aksi"] == "catat" else []


def _live(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions of one masalah still in effect (each ``urung`` removes the one it names)."""
    live: list[dict[str, Any]] = []
    for r in rows:
        if r["aksi"] == "urung":
            live = [x for x in live if x["seq"] != r["urung"]]
        else:
            live.append(r)
    return live


def _fold(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The masalah in force from its rows (None when withdrawn)."""
    live = _live(rows)
    if not live or live[-1]["aksi"] == "batal":
        return None
    versions = [r for r in live if r["aksi"] in ("catat", "koreksi")]
    first, last = rows[0], versions[-1]
    return {
        "id_masalah": int(first["seq"]), "tahun": int(last["tahun"]), "tingkat": last["tingkat"],
        "kode_wilayah": last["kode_wilayah"], "nama_wilayah": last["nama_wilayah"],
        "kode_kecamatan": last["kode_kecamatan"], "jenis": last["jenis"], "masalah": last["teks"],
        "isu": _none(last["isu"]), "bidang": _none(last["bidang"]), "sumber": last["sumber"],
        "prioritas": None if pd.isna(last["prioritas"]) else int(last["prioritas"]),
        "oleh": last["oleh"], "waktu": last["waktu"], "dicatat_oleh": first["oleh"],
        "dicatat_waktu": first["waktu"], "versi": len(versions),
    }  # fmt: skip


def _none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def _state(conn: sqlite3.Connection, id_masalah: int) -> dict[str, Any] | None:
    rows = _rows(conn, id_masalah)
    state = _fold(rows) if rows else None
    if state is None:
        return None
    return {**state, "teks": state["masalah"]}


def _choice(value: Any, options: Iterable[str], label: str) -> str:
    text = str(clean_text(value) or "")
    opts = list(options)
    by_fold = {fold(o): o for o in opts}
    key = fold(text).replace(" ", "_") if label == "Jenis" else fold(text)
    if key in by_fold:
        return by_fold[key]
    starts = [o for f, o in by_fold.items() if f.startswith(key)] if key else []
    if len(starts) == 1:
        return starts[0]
    words = set(key.replace("_", " ").split())
    within = [o for f, o in by_fold.items() if words and words <= set(f.replace("_", " ").split())]
    if len(within) == 1:  # "stunting" → Kesehatan dan stunting
        return within[0]
    near = difflib.get_close_matches(key, list(by_fold), n=1, cutoff=0.75)
    if near:
        return by_fold[near[0]]
    raise MasalahError(f"{label} tidak dikenal: {text!r}. Pilih: {', '.join(opts)}.")


def _tahun(tahun: Any) -> int:
    return year_of(tahun, MasalahError)


def _required(value: Any, label: str) -> str:
    return required_text(value, label, MasalahError)

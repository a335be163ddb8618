"""The accounts of a room server (``planlib serve --bagikan``), kept in the workspace.

``<workspace>/.planlib/pengguna.sqlite`` holds one row per account: its name,
its role (``analis``, ``kecamatan`` or ``tamu``; a ``kecamatan`` account also
the code and name of its kecamatan), the argon2 hash of its login link's secret
(and, optionally, when that link stops working), the argon2 hash of its
password when it has one, and when it was last used; and one row per open
login session (table ``sesi_masuk``): the SHA-256 of the session id the signed
login cookie carries, the account, and when the session ends. Nothing secret
is stored or printed in clear except once: the login link returned by
:meth:`AccountStore.tambah` (and :meth:`AccountStore.tautan_baru`), for the
operator to hand to that person.

A login link's token is ``<id>.<secret>``: the id finds the row, the secret is
checked against its hash, so one login costs one argon2 verification however
many accounts there are. A login (:meth:`AccountStore.masuk_token`,
:meth:`AccountStore.masuk_sandi`) opens a session of :data:`SESI_JAM` hours;
the server checks it on every request and every kernel message
(:meth:`AccountStore.sesi_berlaku`). Logging out ends that one session
(:meth:`AccountStore.keluar`); revoking the account (:meth:`AccountStore.cabut`)
or giving it a new link ends the link and every session at once, and the
running server, which polls :meth:`AccountStore.sesi_aktif`, ends that
account's kernels and websockets too. A revoked row is kept, so the decisions
the account recorded keep naming someone the list still shows.

SQLite makes each change atomic and lets the ``planlib pengguna`` commands and
a running server use the file at the same time.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .report import PlanlibError

#: The roles: ``analis`` sees and records everything; ``kecamatan`` (a kecamatan's delegate)
#: records the masalah of its own kecamatan's desa only; ``tamu`` sees the read-only views.
PERAN = ("analis", "kecamatan", "tamu")
#: The role whose account carries a kecamatan (and may record only there).
KECAMATAN = "kecamatan"
#: Where the accounts are kept, relative to the workspace folder.
ACCOUNTS_FILE = Path(".planlib") / "pengguna.sqlite"
#: The shortest password accepted.
SANDI_MIN = 8
#: How long a login lasts by default, in hours: one forum day (morning to evening session),
#: ended by the next morning, so a phone left in the hall or a shared laptop does not stay in.
SESI_JAM = 12.0
#: "Last used" is written at most this often per account, in seconds (not on every request).
DIPAKAI_DETIK = 300.0

_KODE_KEC = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_NAMA = re.compile(r"^[\w][\w .,'()-]{0,59}$", re.UNICODE)
_HASHER = PasswordHasher()

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pengguna (
    nama TEXT PRIMARY KEY,
    peran TEXT NOT NULL CHECK (peran IN ('analis', 'kecamatan', 'tamu')),
    token_id TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    sandi_hash TEXT,
    sesi TEXT NOT NULL,
    dibuat TEXT NOT NULL,
    dicabut TEXT,
    tautan_berakhir REAL,
    terakhir REAL,
    kecamatan TEXT,
    kecamatan_nama TEXT,
    CHECK ((peran = 'kecamatan') = (kecamatan IS NOT NULL AND trim(kecamatan) <> ''))
);
CREATE TABLE IF NOT EXISTS sesi_masuk (
    sidik TEXT PRIMARY KEY,
    nama TEXT NOT NULL,
    dibuat REAL NOT NULL,
    berakhir REAL NOT NULL
);
"""
#: Columns added after the first release, with their type (added to an older file on open).
_ADDED = {"tautan_berakhir": "REAL", "terakhir": "REAL"}
#: Every column of ``pengguna``, in the order of :data:`_SCHEMA` (what a rebuilt table is copied by).
_KOLOM = ("nama", "peran", "token_id", "token_hash", "sandi_hash", "sesi", "dibuat", "dicabut",
          "tautan_berakhir", "terakhir", "kecamatan", "kecamatan_nama")  # fmt: skip


@dataclass(frozen=True)
class Akun:
    """One account as the server sees it (no secret in it).

    Attributes
    ----------
    nama : str
        The name decisions are recorded under.
    peran : str
        ``"analis"`` or ``"tamu"``.
    sesi : str
        The login session this account was read for (the id its login cookie
        carries); empty when read without one (:meth:`AccountStore.daftar`).
    dibuat : str
        When the account was created (ISO time).
    dicabut : str or None
        When it was revoked, else None.
    punya_sandi : bool
        Whether a password login is set.
    tautan_berakhir : str or None
        When its login link stops working (ISO time); None: it does not expire.
    terakhir : str or None
        When it was last used, a login or a request (ISO time, to
        :data:`DIPAKAI_DETIK`); None: never.
    kecamatan : str or None
        A ``kecamatan`` account's kecamatan (Kemendagri code, ``52.03.01``); None for the others.
    kecamatan_nama : str or None
        That kecamatan's name as the workspace's code list spelt it when the account was made.
    """

    nama: str
    peran: str
    sesi: str = field(compare=False)
    dibuat: str
    dicabut: str | None
    punya_sandi: bool
    tautan_berakhir: str | None = None
    terakhir: str | None = field(default=None, compare=False)
    kecamatan: str | None = None
    kecamatan_nama: str | None = None

    @property
    def aktif(self) -> bool:
        """True while the account is not revoked."""
        return self.dicabut is None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def waktu_teks(t: float | None) -> str | None:
    """A Unix time as local ISO time to the second (None stays None).

    Parameters
    ----------
    t : float or None

    Returns
    -------
    str or None
    """
    return (
        None if t is None else datetime.fromtimestamp(t).astimezone().isoformat(timespec="seconds")
    )


def sidik(sesi: str) -> str:
    """The SHA-256 (hex) of a session id: what the store keeps instead of the id.

    Parameters
    ----------
    sesi : str
        The session id a login cookie carries.

    Returns
    -------
    str
    """
    return hashlib.sha256(sesi.encode("utf-8")).hexdigest()


def _kecamatan(peran: str, kecamatan: tuple[str, str] | None) -> tuple[str | None, str | None]:
    """The ``(code, name)`` stored with an account of role ``peran``; a refusal in words."""
    if peran != KECAMATAN:
        if kecamatan is not None:
            raise PlanlibError(f"--kecamatan hanya untuk akun berperan kecamatan, bukan {peran}.")
        return None, None
    if kecamatan is None:
        raise PlanlibError(
            "Akun berperan kecamatan harus menyebut kecamatannya: --kecamatan KODE atau NAMA."
        )
    kode, nama = (" ".join(str(x).split()) for x in kecamatan)
    if not _KODE_KEC.match(kode):
        raise PlanlibError(f"Kode kecamatan {kode!r} tidak sah: tulis seperti 52.03.01.")
    return kode, nama or kode


def _verify(hashed: str | None, secret: str) -> bool:
    if not hashed:
        return False
    try:
        return _HASHER.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


class AccountStore:
    """The accounts of one workspace.

    Parameters
    ----------
    workspace : path-like
        The workspace folder; the accounts live in ``.planlib/pengguna.sqlite`` inside it.
    waktu : callable, optional
        The clock (Unix seconds); :func:`time.time` by default (tests pass their own).
    """

    def __init__(self, workspace: str | Path, waktu: Callable[[], float] = time.time):
        self.path = Path(workspace) / ACCOUNTS_FILE
        self.waktu = waktu
        self._checked = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        if not self._checked:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            if new:
                os.chmod(self.path, 0o600)
            con.execute("PRAGMA busy_timeout = 10000")
            if not self._checked:
                self._schema(con)
                self._checked = True
            yield con
        finally:
            con.close()

    @staticmethod
    def _schema(con: sqlite3.Connection) -> None:
        """Create the tables; bring an older file's ``pengguna`` table up to date, keeping its rows.

        The columns added later are added in place. A table made before the
        ``kecamatan`` role has a ``CHECK`` on the role that SQLite cannot
        alter: it is rebuilt (renamed, created anew, every row copied, the old
        one dropped) in the same transaction, so a failure leaves the file as it was.
        """
        con.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            have = {r[1] for r in con.execute("PRAGMA table_info(pengguna)")}
            for col, typ in _ADDED.items():
                if col not in have:
                    con.execute(f"ALTER TABLE pengguna ADD COLUMN {col} {typ}")
            (sql,) = con.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'pengguna'"
            ).fetchone()
            if "'kecamatan'" not in sql:  # made before the kecamatan role: rebuild
                old = [c for c in _KOLOM if c in have or c in _ADDED]
                con.execute("ALTER TABLE pengguna RENAME TO pengguna_lama")
                con.execute(_SCHEMA.split(";")[0])
                cols = ", ".join(old)
                con.execute(f"INSERT INTO pengguna ({cols}) SELECT {cols} FROM pengguna_lama")
                con.execute("DROP TABLE pengguna_lama")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    _COLS = (
        "nama, peran, dibuat, dicabut, sandi_hash, tautan_berakhir, kecamatan, kecamatan_nama, "
        "terakhir"
    )

    @staticmethod
    def _akun(row: tuple, sesi: str = "") -> Akun:
        nama, peran, dibuat, dicabut, sandi_hash, berakhir, kec, kec_nama, terakhir = row
        return Akun(nama, peran, sesi, dibuat, dicabut, bool(sandi_hash),
                    waktu_teks(berakhir), waktu_teks(terakhir), kec, kec_nama)  # fmt: skip

    def _berakhir(self, berlaku_hari: float | None) -> float | None:
        if berlaku_hari is None:
            return None
        if berlaku_hari <= 0:
            raise PlanlibError("--berlaku: jumlah hari harus lebih dari 0.")
        return self.waktu() + berlaku_hari * 86400

    def tambah(
        self,
        nama: str,
        peran: str,
        sandi: str | None = None,
        berlaku_hari: float | None = None,
        kecamatan: tuple[str, str] | None = None,
    ) -> str:
        """Create an account (or re-open a revoked one) and return its login token.

        Parameters
        ----------
        nama : str
            The person's name, as decisions will record it (1–60 characters:
            letters, digits, spaces and ``.,'()-``).
        peran : str
            ``"analis"`` or ``"tamu"``.
        sandi : str, optional
            A password for the password login (at least :data:`SANDI_MIN` characters).
        berlaku_hari : float, optional
            The login link stops working after this many days; by default it
            works until a new link is made or the account is revoked.
        kecamatan : tuple of (str, str), optional
            ``(code, name)`` of the kecamatan of a ``kecamatan`` account
            (required for that role, refused for the others); the caller
            resolves it against the workspace's code list
            (:func:`planlib.masalah.tempat.resolve_kecamatan`).

        Returns
        -------
        str
            The token of the personal login link (``/masuk?token=…``); shown
            only now, stored only as a hash.

        Raises
        ------
        PlanlibError
            A bad name, role, password, validity or kecamatan, or an active account of that name.
        """
        nama = " ".join(nama.split())
        if not _NAMA.match(nama):
            raise PlanlibError(
                f"Nama akun {nama!r} tidak dapat dipakai: 1–60 huruf, angka, spasi atau .,'()-."
            )
        if peran not in PERAN:
            raise PlanlibError(f"Peran {peran!r} tidak dikenal: pilih analis, kecamatan atau tamu.")
        kec_kode, kec_nama = _kecamatan(peran, kecamatan)
        sandi_hash = self._hash_sandi(sandi) if sandi is not None else None
        berakhir = self._berakhir(berlaku_hari)
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
        with self._db() as con:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT dicabut FROM pengguna WHERE nama = ?", (nama,)).fetchone()
            if row is not None and row[0] is None:
                con.execute("ROLLBACK")
                raise PlanlibError(
                    f"Akun {nama!r} sudah ada. Cabut dulu (planlib pengguna cabut) "
                    "atau buat tautan baru (planlib pengguna tautan)."
                )
            con.execute("DELETE FROM pengguna WHERE nama = ?", (nama,))
            con.execute("DELETE FROM sesi_masuk WHERE nama = ?", (nama,))
            con.execute(
                "INSERT INTO pengguna (nama, peran, token_id, token_hash, sandi_hash, sesi, dibuat,"
                " dicabut, tautan_berakhir, terakhir, kecamatan, kecamatan_nama)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, ?)",
                (nama, peran, token_id, _HASHER.hash(secret), sandi_hash,
                 secrets.token_hex(8), _now(), berakhir, kec_kode, kec_nama),
            )  # fmt: skip
            con.execute("COMMIT")
        return f"{token_id}.{secret}"

    @staticmethod
    def _hash_sandi(sandi: str) -> str:
        if len(sandi) < SANDI_MIN:
            raise PlanlibError(f"Kata sandi terlalu pendek: paling sedikit {SANDI_MIN} karakter.")
        return _HASHER.hash(sandi)

    def _active(self, con: sqlite3.Connection, nama: str) -> tuple:
        row = con.execute(
            "SELECT nama FROM pengguna WHERE nama = ? AND dicabut IS NULL", (nama,)
        ).fetchone()
        if row is None:
            raise PlanlibError(f"Tidak ada akun aktif bernama {nama!r} (lihat planlib pengguna daftar).")  # fmt: skip
        return row

    def tautan_baru(self, nama: str, berlaku_hari: float | None = None) -> str:
        """A new login token for ``nama``; the old link and every open session stop working.

        Parameters
        ----------
        nama : str
            An active account.
        berlaku_hari : float, optional
            The new link stops working after this many days; by default it does not expire.

        Returns
        -------
        str
            The new token.
        """
        berakhir = self._berakhir(berlaku_hari)
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
        with self._db() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                self._active(con, nama)
            except PlanlibError:
                con.execute("ROLLBACK")
                raise
            con.execute(
                "UPDATE pengguna SET token_id = ?, token_hash = ?, sesi = ?, tautan_berakhir = ? "
                "WHERE nama = ?",
                (token_id, _HASHER.hash(secret), secrets.token_hex(8), berakhir, nama),
            )
            con.execute("DELETE FROM sesi_masuk WHERE nama = ?", (nama,))
            con.execute("COMMIT")
        return f"{token_id}.{secret}"

    def atur_sandi(self, nama: str, sandi: str) -> None:
        """Set the password of an active account.

        Parameters
        ----------
        nama : str
            An active account.
        sandi : str
            The password (at least :data:`SANDI_MIN` characters).
        """
        hashed = self._hash_sandi(sandi)
        with self._db() as con:
            self._active(con, nama)
            con.execute("UPDATE pengguna SET sandi_hash = ? WHERE nama = ?", (hashed, nama))

    def cabut(self, nama: str) -> Akun:
        """Revoke an account: its link and its sessions stop working at once.

        Parameters
        ----------
        nama : str
            An active account.

        Returns
        -------
        Akun
            The revoked account.
        """
        with self._db() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                self._active(con, nama)
            except PlanlibError:
                con.execute("ROLLBACK")
                raise
            con.execute(
                "UPDATE pengguna SET dicabut = ?, sesi = ? WHERE nama = ?",
                (_now(), secrets.token_hex(8), nama),
            )
            con.execute("DELETE FROM sesi_masuk WHERE nama = ?", (nama,))
            con.execute("COMMIT")
            row = con.execute(f"SELECT {self._COLS} FROM pengguna WHERE nama = ?", (nama,)).fetchone()  # fmt: skip
        return self._akun(row)

    def daftar(self) -> list[Akun]:
        """Every account, revoked ones included, by name.

        Returns
        -------
        list of Akun
            Empty when the accounts file does not exist yet.
        """
        if not self.path.exists():
            return []
        with self._db() as con:
            rows = con.execute(f"SELECT {self._COLS} FROM pengguna ORDER BY nama").fetchall()
        return [self._akun(r) for r in rows]

    def _buka_sesi(self, con: sqlite3.Connection, nama: str, lama_jam: float) -> str:
        """Open a login session for ``nama`` (and note the account as used); its id."""
        now = self.waktu()
        sesi = secrets.token_urlsafe(24)
        con.execute("BEGIN IMMEDIATE")
        con.execute("DELETE FROM sesi_masuk WHERE berakhir <= ?", (now,))
        con.execute(
            "INSERT INTO sesi_masuk (sidik, nama, dibuat, berakhir) VALUES (?, ?, ?, ?)",
            (sidik(sesi), nama, now, now + lama_jam * 3600),
        )
        con.execute("UPDATE pengguna SET terakhir = ? WHERE nama = ?", (now, nama))
        con.execute("COMMIT")
        return sesi

    def _masuk(self, row: tuple | None, secret: str, lama_jam: float) -> Akun | None:
        if row is None or not _verify(row[-1], secret):
            return None
        akun = self._akun(row[:-1])
        with self._db() as con:
            sesi = self._buka_sesi(con, akun.nama, lama_jam)
            row = con.execute(f"SELECT {self._COLS} FROM pengguna WHERE nama = ?", (akun.nama,)).fetchone()  # fmt: skip
        return self._akun(row, sesi)

    def masuk_token(self, token: str, lama_jam: float = SESI_JAM) -> Akun | None:
        """Log in with a login link's token: the active account, with a new session, else None.

        Parameters
        ----------
        token : str
            The login token of a link (``<token id>.<secret>``); empty or malformed gives None.
        lama_jam : float
            How long the session lasts, in hours.

        Returns
        -------
        Akun or None
            The account (its :attr:`Akun.sesi` the new session's id), or None for
            an unknown, wrong, expired or revoked token.
        """
        token_id, _, secret = (token or "").partition(".")
        if not token_id or not secret or not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute(
                f"SELECT {self._COLS}, token_hash FROM pengguna WHERE token_id = ? "
                "AND dicabut IS NULL AND (tautan_berakhir IS NULL OR tautan_berakhir > ?)",
                (token_id, self.waktu()),
            ).fetchone()
        return self._masuk(row, secret, lama_jam)

    def masuk_sandi(self, nama: str, sandi: str, lama_jam: float = SESI_JAM) -> Akun | None:
        """Log in with name and password: the active account, with a new session, else None.

        Parameters
        ----------
        nama : str
            The account name (extra spaces are ignored).
        sandi : str
            The password typed.
        lama_jam : float
            How long the session lasts, in hours.

        Returns
        -------
        Akun or None
            The account (its :attr:`Akun.sesi` the new session's id), or None for
            an unknown or revoked account, no password set, or a wrong one.
        """
        if not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute(
                f"SELECT {self._COLS}, sandi_hash FROM pengguna WHERE nama = ? AND dicabut IS NULL",
                (" ".join((nama or "").split()),),
            ).fetchone()
        return self._masuk(row, sandi or "", lama_jam)

    def sesi_berlaku(self, nama: str, sesi: str) -> Akun | None:
        """The active account ``nama`` while its login session ``sesi`` is open, else None.

        Also notes the account as used, at most every :data:`DIPAKAI_DETIK` seconds.

        Parameters
        ----------
        nama : str
            The account name a login cookie carries.
        sesi : str
            The session id the cookie carries.

        Returns
        -------
        Akun or None
            The account, or None when it is revoked, or the session was logged
            out, expired, or ended by a new link.
        """
        if not sesi or not self.path.exists():
            return None
        now = self.waktu()
        with self._db() as con:
            row = con.execute(
                f"SELECT {', '.join('p.' + c.strip() for c in self._COLS.split(','))} "
                "FROM pengguna p JOIN sesi_masuk s ON s.nama = p.nama "
                "WHERE p.nama = ? AND s.sidik = ? AND s.berakhir > ? AND p.dicabut IS NULL",
                (nama, sidik(sesi), now),
            ).fetchone()
            if row is not None and (row[-1] is None or now - row[-1] > DIPAKAI_DETIK):
                con.execute("UPDATE pengguna SET terakhir = ? WHERE nama = ?", (now, nama))
        return None if row is None else self._akun(row, sesi)

    def keluar(self, sesi: str) -> None:
        """End one login session (logging out): its cookie stops working, even copied.

        Parameters
        ----------
        sesi : str
            The session id the login cookie carries (an unknown one is ignored).
        """
        if not sesi or not self.path.exists():
            return
        with self._db() as con:
            con.execute("DELETE FROM sesi_masuk WHERE sidik = ?", (sidik(sesi),))

    def sesi_aktif(self) -> set[str]:
        """The :func:`sidik` of every open session of an active account.

        Returns
        -------
        set of str
            What a running server compares its kernels' and websockets' sessions against.
        """
        if not self.path.exists():
            return set()
        with self._db() as con:
            rows = con.execute(
                "SELECT s.sidik FROM sesi_masuk s JOIN pengguna p ON s.nama = p.nama "
                "WHERE s.berakhir > ? AND p.dicabut IS NULL",
                (self.waktu(),),
            ).fetchall()
        return {r[0] for r in rows}

"""The accounts of a room server (``planlib serve --bagikan``), kept in the workspace.

``<workspace>/.planlib/pengguna.sqlite`` holds one row per account: its name,
its role (``analis`` or ``tamu``), the argon2 hash of its login link's secret,
the argon2 hash of its password when it has one, and a session stamp. Nothing
secret is stored or printed in clear except once: the login link returned by
:meth:`AccountStore.tambah` (and :meth:`AccountStore.tautan_baru`), for the
operator to hand to that person.

A login link's token is ``<id>.<secret>``: the id finds the row, the secret is
checked against its hash, so one login costs one argon2 verification however
many accounts there are. Revoking an account (:meth:`AccountStore.cabut`)
marks the row and renews its session stamp: the link stops working at once, and
so does every browser session of that account, because the server checks the
stamp carried in its signed login cookie on every request
(:meth:`AccountStore.sesi_berlaku`). The row is kept, so the decisions the
account recorded keep naming someone the list still shows.

SQLite makes each change atomic and lets the ``planlib pengguna`` commands and
a running server use the file at the same time.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .report import PlanlibError

#: The roles: ``analis`` sees and records everything; ``tamu`` sees the read-only views.
PERAN = ("analis", "tamu")
#: Where the accounts are kept, relative to the workspace folder.
ACCOUNTS_FILE = Path(".planlib") / "pengguna.sqlite"
#: The shortest password accepted.
SANDI_MIN = 8

_NAMA = re.compile(r"^[\w][\w .,'()-]{0,59}$", re.UNICODE)
_HASHER = PasswordHasher()

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pengguna (
    nama TEXT PRIMARY KEY,
    peran TEXT NOT NULL CHECK (peran IN ('analis', 'tamu')),
    token_id TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    sandi_hash TEXT,
    sesi TEXT NOT NULL,
    dibuat TEXT NOT NULL,
    dicabut TEXT
)
"""


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
        The session stamp; a login cookie is valid while it carries this stamp.
    dibuat : str
        When the account was created (ISO time).
    dicabut : str or None
        When it was revoked, else None.
    punya_sandi : bool
        Whether a password login is set.
    """

    nama: str
    peran: str
    sesi: str
    dibuat: str
    dicabut: str | None
    punya_sandi: bool

    @property
    def aktif(self) -> bool:
        """True while the account is not revoked."""
        return self.dicabut is None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


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
    """

    def __init__(self, workspace: str | Path):
        self.path = Path(workspace) / ACCOUNTS_FILE

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            if new:
                os.chmod(self.path, 0o600)
            con.execute("PRAGMA busy_timeout = 10000")
            con.execute(_SCHEMA)
            yield con
        finally:
            con.close()

    @staticmethod
    def _akun(row: tuple) -> Akun:
        nama, peran, sesi, dibuat, dicabut, sandi_hash = row
        return Akun(nama, peran, sesi, dibuat, dicabut, bool(sandi_hash))

    _COLS = "nama, peran, sesi, dibuat, dicabut, sandi_hash"

    def tambah(self, nama: str, peran: str, sandi: str | None = None) -> str:
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

        Returns
        -------
        str
            The token of the personal login link (``/masuk?token=…``); shown
            only now, stored only as a hash.

        Raises
        ------
        PlanlibError
            A bad name, role or password, or an active account of that name.
        """
        nama = " ".join(nama.split())
        if not _NAMA.match(nama):
            raise PlanlibError(
                f"Nama akun {nama!r} tidak dapat dipakai: 1–60 huruf, angka, spasi atau .,'()-."
            )
        if peran not in PERAN:
            raise PlanlibError(f"Peran {peran!r} tidak dikenal: pilih analis atau tamu.")
        sandi_hash = self._hash_sandi(sandi) if sandi is not None else None
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
            con.execute(
                "INSERT INTO pengguna VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                (nama, peran, token_id, _HASHER.hash(secret), sandi_hash,
                 secrets.token_hex(8), _now()),
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

    def tautan_baru(self, nama: str) -> str:
        """A new login token for ``nama``; the old link and every open session stop working.

        Parameters
        ----------
        nama : str
            An active account.

        Returns
        -------
        str
            The new token.
        """
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
        with self._db() as con:
            self._active(con, nama)
            con.execute(
                "UPDATE pengguna SET token_id = ?, token_hash = ?, sesi = ? WHERE nama = ?",
                (token_id, _HASHER.hash(secret), secrets.token_hex(8), nama),
            )
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
            self._active(con, nama)
            con.execute(
                "UPDATE pengguna SET dicabut = ?, sesi = ? WHERE nama = ?",
                (_now(), secrets.token_hex(8), nama),
            )
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

    def masuk_token(self, token: str) -> Akun | None:
        """The active account a login token belongs to, else None.

        Parameters
        ----------
        token : str
            The login token of a link (``<token id>.<secret>``); empty or malformed gives None.

        Returns
        -------
        Akun or None
            The account, or None for an unknown, wrong or revoked token.
        """
        token_id, _, secret = (token or "").partition(".")
        if not token_id or not secret or not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute(
                f"SELECT {self._COLS}, token_hash FROM pengguna "
                "WHERE token_id = ? AND dicabut IS NULL",
                (token_id,),
            ).fetchone()
        if row is None or not _verify(row[-1], secret):
            return None
        return self._akun(row[:-1])

    def masuk_sandi(self, nama: str, sandi: str) -> Akun | None:
        """The active account ``nama`` when ``sandi`` is its password, else None.

        Parameters
        ----------
        nama : str
            The account name (extra spaces are ignored).
        sandi : str
            The password typed.

        Returns
        -------
        Akun or None
            The account, or None for an unknown or revoked account, no password set, or a wrong one.
        """
        if not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute(
                f"SELECT {self._COLS} FROM pengguna WHERE nama = ? AND dicabut IS NULL",
                (" ".join((nama or "").split()),),
            ).fetchone()
        if row is None or not _verify(row[-1], sandi or ""):
            return None
        return self._akun(row)

    def sesi_berlaku(self, nama: str, sesi: str) -> Akun | None:
        """The active account ``nama`` when its session stamp is still ``sesi``, else None.

        Parameters
        ----------
        nama : str
            The account name a login cookie carries.
        sesi : str
            The session stamp the cookie carries.

        Returns
        -------
        Akun or None
            The account, or None when it is revoked or its session stamp changed (logged out).
        """
        if not self.path.exists():
            return None
        with self._db() as con:
            row = con.execute(
                f"SELECT {self._COLS} FROM pengguna WHERE nama = ? AND sesi = ? "
                "AND dicabut IS NULL",
                (nama, sesi),
            ).fetchone()
        return None if row is None else self._akun(row)

"""The ``kecamatan`` role: a kecamatan's delegate records the masalah of its own kecamatan's desa.

Its account (``planlib pengguna tambah … --peran kecamatan --kecamatan``), the
upgrade of an accounts file made before the role, the store's refusal outside
the kecamatan (record, correct, withdraw, undo) and the Rembuk Remas view as
each role. The room itself (routes, headers, widgets over a websocket) is in
``test_room_peran.py``. Desa and kecamatan are taken from the demo's code list,
never written down.
"""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from planlib import open_workspace
from planlib.accounts import AccountStore, sidik
from planlib.cli import app
from planlib.dashboards import rembuk_remas as rr
from planlib.dashboards.voila import ENV_KECAMATAN, ENV_PENGGUNA, ENV_PERAN
from planlib.masalah.store import MasalahStore
from planlib.masalah.tempat import MasalahError, resolve_kecamatan, resolve_tempat
from planlib.report import PlanlibError

TAHUN = 2026
runner = CliRunner()


@pytest.fixture(scope="module")
def root(demo_ws, tmp_path_factory):
    r = tmp_path_factory.mktemp("peran") / "contoh"
    shutil.copytree(demo_ws, r, ignore=shutil.ignore_patterns(".planlib-cache"))
    return r


@pytest.fixture(scope="module")
def ws(root):
    return open_workspace(root)


@pytest.fixture(scope="module")
def dua(ws):
    """Two kecamatan of the demo, each with its desa: (kecamatan row, desa codes), twice."""
    desa = ws.wilayah.desa
    kec = ws.wilayah.kecamatan
    own = [k for k in kec["kode"] if (desa["kode_kec"] == k).sum() >= 2][:2]
    assert len(own) == 2
    return [
        (kec.set_index("kode").loc[k, "nama"], k, list(desa.loc[desa["kode_kec"] == k, "kode"]))
        for k in own
    ]


# --------------------------------------------------------------------------- accounts


def test_a_kecamatan_account_carries_its_kecamatan_and_only_that_role_has_one(tmp_path):
    store = AccountStore(tmp_path)
    with pytest.raises(PlanlibError, match="harus menyebut kecamatannya"):
        store.tambah("Utusan Satu", "kecamatan")
    with pytest.raises(PlanlibError, match="hanya untuk akun berperan kecamatan"):
        store.tambah("Tamu Satu", "tamu", kecamatan=("52.03.01", "Contoh"))
    with pytest.raises(PlanlibError, match="tidak sah"):
        store.tambah("Utusan Satu", "kecamatan", kecamatan=("Contoh", "Contoh"))
    token = store.tambah("Utusan Satu", "kecamatan", kecamatan=("52.03.01", "Sukamaju"))
    akun = store.masuk_token(token)
    assert akun is not None and (akun.peran, akun.kecamatan, akun.kecamatan_nama) == (
        "kecamatan", "52.03.01", "Sukamaju",
    )  # fmt: skip
    assert store.sesi_berlaku(akun.nama, akun.sesi).kecamatan == "52.03.01"
    # the file itself refuses a kecamatan account without a kecamatan
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO pengguna (nama, peran, token_id, token_hash, sesi, dibuat) "
            "VALUES ('X', 'kecamatan', 'x', 'x', 'x', 'x')"
        )
    con.close()


#: The ``pengguna`` table as planlib wrote it before the kecamatan role (and, the oldest, before
#: link expiry and "last used").
OLD_TABLES = {
    "sebelum-kecamatan": """CREATE TABLE pengguna (
        nama TEXT PRIMARY KEY, peran TEXT NOT NULL CHECK (peran IN ('analis', 'tamu')),
        token_id TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL, sandi_hash TEXT,
        sesi TEXT NOT NULL, dibuat TEXT NOT NULL, dicabut TEXT, tautan_berakhir REAL,
        terakhir REAL)""",
    "pertama": """CREATE TABLE pengguna (
        nama TEXT PRIMARY KEY, peran TEXT NOT NULL CHECK (peran IN ('analis', 'tamu')),
        token_id TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL, sandi_hash TEXT,
        sesi TEXT NOT NULL, dibuat TEXT NOT NULL, dicabut TEXT)""",
}


@pytest.mark.parametrize("versi", list(OLD_TABLES))
def test_an_old_accounts_file_is_upgraded_keeping_every_account_and_session(tmp_path, versi):
    path = tmp_path / ".planlib" / "pengguna.sqlite"
    path.parent.mkdir()
    con = sqlite3.connect(path)
    con.execute(OLD_TABLES[versi])
    con.execute("CREATE TABLE sesi_masuk (sidik TEXT PRIMARY KEY, nama TEXT NOT NULL, "
                "dibuat REAL NOT NULL, berakhir REAL NOT NULL)")  # fmt: skip
    h = PasswordHasher()
    rows = [("Rina Analis", "analis", "aaa111", h.hash("rahasia-rina"), h.hash("sandi-rina-1"),
             "s1", "2026-11-01T08:00:00+08:00", None),
            ("Budi DPRD", "tamu", "bbb222", h.hash("rahasia-budi"), None, "s2",
             "2026-11-02T08:00:00+08:00", "2026-11-20T08:00:00+08:00")]  # fmt: skip
    con.executemany(
        "INSERT INTO pengguna (nama, peran, token_id, token_hash, sandi_hash, sesi, dibuat, "
        "dicabut) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.execute("INSERT INTO sesi_masuk VALUES (?, 'Rina Analis', ?, ?)",
                (sidik("sesi-lama"), time.time(), time.time() + 3600))  # fmt: skip
    con.commit()
    con.close()

    store = AccountStore(tmp_path)
    akun = {a.nama: a for a in store.daftar()}
    assert set(akun) == {"Rina Analis", "Budi DPRD"}
    assert (akun["Rina Analis"].peran, akun["Rina Analis"].punya_sandi, akun["Rina Analis"].aktif) == ("analis", True, True)  # fmt: skip
    assert (akun["Budi DPRD"].peran, akun["Budi DPRD"].aktif) == ("tamu", False)
    assert akun["Rina Analis"].kecamatan is None
    # the open session, the link and the password still work
    assert store.sesi_berlaku("Rina Analis", "sesi-lama") is not None
    assert store.masuk_token("aaa111.rahasia-rina") is not None
    assert store.masuk_sandi("Rina Analis", "sandi-rina-1") is not None
    # and the new role can be added to the upgraded file
    store.tambah("Utusan Dua", "kecamatan", kecamatan=("52.03.02", "Contoh"))
    assert AccountStore(tmp_path).daftar()[-1].kecamatan == "52.03.02"
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert tables == {"pengguna", "sesi_masuk"}


def test_cli_adds_a_kecamatan_account_by_name_and_lists_it(root, dua):
    nama, kode, _ = dua[0]
    typo = nama[:-1] + ("x" if nama[-1] != "x" else "y")
    out = runner.invoke(app, ["pengguna", "tambah", str(root), "Utusan Cli", "--peran",
                              "kecamatan", "--kecamatan", typo, "--host", "127.0.0.2"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert f"Kecamatan {nama} ({kode})" in out.output
    listed = runner.invoke(app, ["pengguna", "daftar", str(root)]).output
    assert f"Utusan Cli\tkecamatan {nama} ({kode})" in listed
    refused = runner.invoke(app, ["pengguna", "tambah", str(root), "Utusan Lain", "--peran",
                                  "kecamatan", "--kecamatan", "Antah Berantah Jauh"])  # fmt: skip
    assert refused.exit_code != 0 and "tidak dikenal" in refused.output
    tanpa = runner.invoke(app, ["pengguna", "tambah", str(root), "Utusan Lain", "--peran",
                                "kecamatan"])  # fmt: skip
    assert tanpa.exit_code != 0 and "--kecamatan" in tanpa.output
    assert "Utusan Lain" not in runner.invoke(app, ["pengguna", "daftar", str(root)]).output


# --------------------------------------------------------------------------- the store


def test_the_store_keeps_a_kecamatan_delegate_inside_its_kecamatan(root, ws, dua):
    (_, kode_a, desa_a), (_, _kode_b, desa_b) = dua
    store = MasalahStore(root)
    kec_a = resolve_kecamatan(root, kode_a)
    di_a = resolve_tempat(ws.wilayah, desa=desa_a[0])
    di_b = resolve_tempat(ws.wilayah, desa=desa_b[0])
    n = len(store.history())
    mine = store.record(TAHUN, di_a, "Jalan desa rusak", "Utusan A", hanya_kecamatan=kec_a)
    with pytest.raises(MasalahError, match=f"Kecamatan {kec_a.nama}"):
        store.record(TAHUN, di_b, "Masalah tetangga", "Utusan A", hanya_kecamatan=kec_a)
    theirs = store.record(TAHUN, di_b, "Air bersih kurang", "Analis")  # an analyst: anywhere
    for change in (
        lambda: store.correct(theirs, "Utusan A", teks="diubah", hanya_kecamatan=kec_a),
        lambda: store.withdraw(theirs, "Utusan A", hanya_kecamatan=kec_a),
        lambda: store.undo(theirs, "Utusan A", hanya_kecamatan=kec_a),
        lambda: store.correct(mine, "Utusan A", tempat=di_b, hanya_kecamatan=kec_a),
    ):
        with pytest.raises(MasalahError, match="kecamatan"):
            change()
    assert len(store.history()) == n + 2  # nothing written by the refusals
    store.correct(mine, "Utusan A", teks="Jalan desa rusak berat", hanya_kecamatan=kec_a)
    store.undo(mine, "Utusan A", hanya_kecamatan=kec_a)
    # once an analyst has moved it out of the kecamatan, it is no longer the delegate's
    moved = store.record(TAHUN, di_a, "Banjir tahunan", "Analis")
    store.correct(moved, "Analis", tempat=di_b)
    store.correct(moved, "Analis", tempat=di_a)
    with pytest.raises(MasalahError, match="kecamatan lain"):
        store.undo(moved, "Utusan A", hanya_kecamatan=kec_a)


# --------------------------------------------------------------------------- the view, as each role


def _as(monkeypatch, nama: str, peran: str, kecamatan: str | None = None) -> None:
    monkeypatch.setenv(ENV_PENGGUNA, nama)
    monkeypatch.setenv(ENV_PERAN, peran)
    if kecamatan is None:
        monkeypatch.delenv(ENV_KECAMATAN, raising=False)
    else:
        monkeypatch.setenv(ENV_KECAMATAN, kecamatan)


def test_the_view_offers_a_delegate_its_own_desa_and_records_there(ws, dua, monkeypatch):
    (nama_a, kode_a, desa_a), (_, _, desa_b) = dua
    _as(monkeypatch, "Utusan A", "kecamatan", kode_a)
    v = rr.RembukRemas(ws, TAHUN)
    offered = {k for _, k in v.w_desa.options if k}
    assert offered == set(desa_a)
    assert not v.b_catat.disabled and nama_a in v.pesan.value
    asing = str(ws.wilayah.desa.set_index("kode").loc[desa_b[0], "nama"])
    v.w_cari.value = asing  # another kecamatan's desa is not found from here
    assert v.kode is None and "tidak dikenal" in v.info_cari.value
    v.apply_link({"desa": desa_b[0]})
    assert v.kode is None
    v.pilih(desa_a[1])
    v.w_teks.value = "Posyandu tanpa bangunan"
    v.b_catat.click()
    last = MasalahStore(ws.root).current(TAHUN).iloc[-1]
    assert (last["kode_wilayah"], last["oleh"], last["masalah"]) == (
        desa_a[1], "Utusan A", "Posyandu tanpa bangunan",
    )  # fmt: skip


def test_a_delegate_is_refused_where_it_writes_outside_its_kecamatan(ws, dua, monkeypatch):
    """Whatever desa the view holds, the write itself refuses one outside the kecamatan.

    Fails when the store call path loses its ``hanya_kecamatan``.
    """
    (nama_a, kode_a, _), (_, _, desa_b) = dua
    store = MasalahStore(ws.root)
    _as(monkeypatch, "Analis Uji", "analis")
    analis = rr.RembukRemas(ws, TAHUN)
    analis.pilih(desa_b[0])  # an analyst records anywhere
    analis.w_teks.value = "Jembatan putus"
    analis.b_catat.click()
    theirs = int(store.current(TAHUN).iloc[-1]["id_masalah"])
    assert store.current(TAHUN).iloc[-1]["kode_wilayah"] == desa_b[0]

    _as(monkeypatch, "Utusan A", "kecamatan", kode_a)
    v = rr.RembukRemas(ws, TAHUN)
    n = len(store.history())
    # the widgets offer no other desa; whatever desa the view holds, the write decides
    v.kode = desa_b[0]
    v._show_desa()
    v.w_teks.value = "Masalah kecamatan tetangga"
    v._act(v._record)
    assert f"Kecamatan {nama_a}" in v.pesan.value and len(store.history()) == n
    v.w_pilih.value = theirs
    for action in (v._koreksi, v._batal, v._urung):
        v.pesan.value = ""
        v._act(action)
        assert "kecamatan lain" in v.pesan.value
    assert len(store.history()) == n
    assert theirs in set(store.current(TAHUN)["id_masalah"])


def test_a_delegate_without_a_known_kecamatan_and_a_tamu_record_nothing(ws, dua, monkeypatch):
    _, _, desa_a = dua[0]
    store = MasalahStore(ws.root)
    n = len(store.history())
    for peran, kec, pesan in (("kecamatan", None, "tidak menyebut kecamatannya"),
                              ("kecamatan", "99.99.99", "tidak ada di daftar"),
                              ("tamu", None, "Hanya akun analis")):  # fmt: skip
        _as(monkeypatch, "Seseorang", peran, kec)
        v = rr.RembukRemas(ws, TAHUN)
        assert v.b_catat.disabled
        v.pilih(desa_a[0])
        v.w_teks.value = "Coba"
        v._act(v._record)
        assert pesan in v.pesan.value
    assert len(store.history()) == n

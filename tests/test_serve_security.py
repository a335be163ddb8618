"""Hostile input at the servers' edges: plain ``planlib serve`` on loopback, sessions, redirects.

The first tests need no server (the account store with its own clock, the login
redirect, the per-account kernel limit). Then one plain ``planlib serve`` for the
module (``--kapasitas 1 --tanpa-halaman 4``): it answers only requests addressed to
its loopback names, refuses another site's subrequests before any kernel, caps its
page kernels and shuts down a kernel whose page never connected. Every request goes
to a loopback address. The room's own tests are in ``test_room*.py``;
``docs/security.md`` lists which test proves which protection.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planlib.accounts import ACCOUNTS_FILE, AccountStore, sidik
from planlib.cli import app
from planlib.room.capacity import RoomKernelManager
from planlib.room.identity import safe_next

from .room_client import Visitor, free_port, kernel_gone, kernel_id, run_async, until
from .support import wait_for_server

runner = CliRunner()
HOUR = 3600.0


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "planlib.toml").write_text("[workspace]\nnama = 'uji'\n", encoding="utf-8")
    return tmp_path


# ----------------------------------------------------------------------------- no server


def test_a_session_ends_on_logout_expiry_new_link_and_revocation(ws):
    clock = Clock()
    store = AccountStore(ws, waktu=clock)
    token = store.tambah("Sari", "analis")
    a, b = store.masuk_token(token), store.masuk_token(token)  # a laptop and a phone
    assert a and b and a.sesi != b.sesi
    assert store.sesi_aktif() == {sidik(a.sesi), sidik(b.sesi)}
    store.keluar(a.sesi)  # logging out ends that session only
    assert store.sesi_berlaku("Sari", a.sesi) is None
    assert store.sesi_berlaku("Sari", b.sesi) is not None
    clock.t += 12 * HOUR + 1  # a forum day later the other one has ended too
    assert store.sesi_berlaku("Sari", b.sesi) is None and store.sesi_aktif() == set()
    c = store.masuk_token(token)
    assert c and store.sesi_berlaku("Sari", c.sesi) is not None
    assert store.sesi_berlaku("Lain", c.sesi) is None  # a session belongs to its account
    store.tautan_baru("Sari")
    assert store.sesi_berlaku("Sari", c.sesi) is None and store.sesi_aktif() == set()
    raw = (ws / ACCOUNTS_FILE).read_bytes()
    assert a.sesi.encode() not in raw and c.sesi.encode() not in raw  # only their SHA-256


def test_a_login_link_can_expire(ws):
    clock = Clock()
    store = AccountStore(ws, waktu=clock)
    token = store.tambah("Tamu Seminggu", "tamu", berlaku_hari=7)
    (akun,) = store.daftar()
    assert akun.tautan_berakhir is not None and akun.terakhir is None
    clock.t += 7 * 24 * HOUR - 60
    assert store.masuk_token(token) is not None
    clock.t += 120
    assert store.masuk_token(token) is None  # expired
    assert store.masuk_token(store.tautan_baru("Tamu Seminggu")) is not None  # no expiry now
    with pytest.raises(Exception, match="lebih dari 0"):
        store.tambah("Lain", "tamu", berlaku_hari=0)


def test_last_used_is_noted_on_login_and_use(ws):
    clock = Clock()
    store = AccountStore(ws, waktu=clock)
    akun = store.masuk_token(store.tambah("Budi", "tamu"))
    assert akun is not None
    first = store.daftar()[0].terakhir
    assert first is not None
    clock.t += 60
    store.sesi_berlaku("Budi", akun.sesi)
    assert store.daftar()[0].terakhir == first  # not a write on every request …
    clock.t += 600
    store.sesi_berlaku("Budi", akun.sesi)
    assert store.daftar()[0].terakhir != first  # … but every few minutes


def test_an_accounts_file_of_an_older_planlib_keeps_working(ws):
    """Columns and the sessions table are added to a file written before them."""
    path = ws / ACCOUNTS_FILE
    path.parent.mkdir()
    token = AccountStore(ws).tambah("Lama", "tamu")
    con = sqlite3.connect(path)
    con.executescript(
        "DROP TABLE sesi_masuk; CREATE TABLE p2 AS SELECT nama, peran, token_id, token_hash, "
        "sandi_hash, sesi, dibuat, dicabut FROM pengguna; DROP TABLE pengguna; "
        "ALTER TABLE p2 RENAME TO pengguna;"
    )
    con.close()
    store = AccountStore(ws)
    akun = store.masuk_token(token)
    assert akun is not None and store.sesi_berlaku("Lama", akun.sesi) is not None


def test_cli_link_validity_and_last_used(ws):
    out = runner.invoke(app, ["pengguna", "tambah", str(ws), "Tamu DPRD", "--berlaku", "7",
                              "--host", "127.0.0.2"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "Tautan ini berlaku sampai" in out.output
    listed = runner.invoke(app, ["pengguna", "daftar", str(ws)]).output
    assert "tautan berlaku sampai" in listed and "belum pernah dipakai" in listed
    token = out.output.split("token=")[1].split()[0]
    assert AccountStore(ws).masuk_token(token) is not None
    listed = runner.invoke(app, ["pengguna", "daftar", str(ws)]).output
    assert "terakhir dipakai 20" in listed


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example/phish", "/%09/evil.example", "/%2509/evil.example", "//evil.example",
     "/\\evil.example", "/%5cevil.example", "/%2F/evil.example", "https://evil.example/",
     "/\n/evil.example", "/\u3000/evil.example", "/%E2%80%8B/evil.example", "javascript:alert(1)",
     " /", "/x\r\nSet-Cookie: a=b", "", None],
)  # fmt: skip
def test_after_login_only_local_paths(target):
    assert safe_next(target) == "/"


def test_after_login_local_paths_are_kept():
    for target in ["/", "/voila/render/04-forum-perangkat-daerah.ipynb?dapil=2&opd=Dinas%20PU",
                   "/bagikan/dapil-2.html", "/voila/render/01-peta-usulan.ipynb?q=http://x"]:  # fmt: skip
        assert safe_next(target) == target


def test_one_account_cannot_hold_every_guest_kernel():
    km = RoomKernelManager(kapasitas=6, cadangan=1)  # five places for guests
    assert km.batas_akun("tamu") == 2 and km.batas_akun("analis") == 2
    a = km.admit("tamu", "Budi", "s1")
    b = km.admit("tamu", "Budi", "s2")  # another browser of the same account
    assert a and b and km.admit("tamu", "Budi", "s1") is None and km.penuh_akun("tamu", "Budi")
    assert km.admit("tamu", "Sari", "s3") is not None  # the others still get in
    km.release(a)
    assert km.admit("tamu", "Budi", "s1") is not None
    assert RoomKernelManager(kapasitas=6, cadangan=1, per_akun=4).batas_akun("tamu") == 4


# ----------------------------------------------------------------------------- plain serve


@pytest.fixture(scope="module")
def plain(demo_ws, tmp_path_factory):
    """``planlib serve`` (no --bagikan) on 127.0.0.1: cap 1, a page must connect within 4 s."""
    folder = tmp_path_factory.mktemp("serve")
    shutil.copytree(demo_ws, folder / "contoh")
    port = free_port("127.0.0.1")
    log = folder / "serve.log"
    exe = Path(sys.executable).with_name("planlib")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", str(folder / "contoh"), "--port", str(port), "--no-browser",
             "--kapasitas", "1", "--tanpa-halaman", "4"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    v = Visitor("127.0.0.1", port)

    try:
        wait_for_server(proc, lambda: v.get("/voila/tree", timeout=5).status == 200,
                        "planlib serve", log=lambda: log.read_text(errors="replace"))  # fmt: skip
        yield v, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


PETA = "/voila/render/01-peta-usulan.ipynb"
INDIKATOR = "/voila/render/02-indikator.ipynb"


def test_plain_serve_answers_only_its_loopback_names(plain):
    """DNS rebinding: a web site's own name resolving to 127.0.0.1 gets a 403 page, nothing else."""
    v, _log = plain
    port = v.port
    bad = [f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", f"localhost.evil.example:{port}",
           f"127.0.0.1:{port + 1}", f"192.168.1.10:{port}", "evil.example", f"127.0.0.2:{port}"]  # fmt: skip
    paths = ["/", "/voila/tree", PETA, "/voila/static/voila.js",
             f"/api/kernels/{uuid.uuid4()}/channels", "/voila/api/shutdown/x"]  # fmt: skip
    for host in bad:
        for path in paths:
            r = v.get(path, headers={"Host": host})
            assert r.status == 403, (host, path, r.status)
            assert "Alamat ini tidak dilayani" in r.body and "kernelId" not in r.body
            assert f"http://127.0.0.1:{port}/" in r.body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert v.get("/voila/tree", headers={"Host": host}).status == 200, host


def _hold_websocket(v: Visitor, kid: str, seconds: float) -> bool:
    """Keep kernel ``kid``'s websocket open ``seconds`` (a page that stays); whether it stayed open."""
    from tornado.websocket import websocket_connect

    async def run() -> bool:
        conn = await websocket_connect(f"ws://{v.host}:{v.port}/api/kernels/{kid}/channels")
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                if await asyncio.wait_for(conn.read_message(), left) is None:
                    return False
            except TimeoutError:
                break
        conn.close()
        return True

    return run_async(run)


def test_plain_serve_caps_page_kernels_and_ends_pages_that_never_connect(plain):
    v, log = plain
    # another site's <img> or <iframe>: refused before any kernel
    embedded = {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Dest": "image",
        "Sec-Fetch-Mode": "no-cors",
    }
    r = v.get(PETA, headers=embedded)
    assert r.status == 403 and "kernelId" not in r.body
    r = v.get(PETA, headers={**embedded, "Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate"})
    assert r.status == 403 and "kernelId" not in r.body
    # a bare GET gets the one place …
    first = v.get(PETA, headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document"})
    assert first.status == 200
    kid = kernel_id(first.body)
    # … the next page is told at once that the server is full …
    r = v.get(INDIKATOR)
    assert r.status == 503 and "Server sedang penuh" in r.body and "kernelId" not in r.body
    # … until the page that never connected has its kernel shut down
    until(lambda: kernel_gone(kid), 60, "the kernel of a page that never connected is shut down")
    assert "halamannya tidak pernah tersambung" in log.read_text(errors="replace")
    second = v.get(INDIKATOR)
    assert second.status == 200
    kid2 = kernel_id(second.body)
    # a page that connects keeps its kernel past the 4 s
    assert _hold_websocket(v, kid2, 4 + 3)
    assert not kernel_gone(kid2)

"""``planlib serve --bagikan --proxy URL``: behind a TLS reverse proxy on the same machine.

The proxy terminates TLS and passes ``X-Forwarded-Proto`` and ``X-Real-IP``. The room
trusts them only with ``--proxy`` (and then listens on loopback only): the login cookie
is marked ``Secure`` over https, and the login limit counts each client's own address.
The module's room without ``--proxy`` (``test_room.py``'s kind) must ignore both headers;
it also shuts down, after 3 s, a kernel whose page never connected (``--tanpa-halaman 3``).
"""

from __future__ import annotations

import http.client

import pytest
from typer.testing import CliRunner

from planlib.cli import app

from .room_client import kernel_gone, kernel_id, start_room, stop_room, until

PUBLIC = "https://forum.contohkab.go.id/"


@pytest.fixture(scope="module")
def rooms(demo_ws, tmp_path_factory):
    behind = start_room(demo_ws, tmp_path_factory.mktemp("proxy"), "127.0.0.1", 2, "proxy.log",
                        "--proxy", PUBLIC)  # fmt: skip
    plain = None
    try:
        plain = start_room(demo_ws, tmp_path_factory.mktemp("plain"), "127.0.0.4", 2, "plain.log",
                           "--tanpa-halaman", "3")  # fmt: skip
        yield behind, plain
    finally:
        stop_room(behind)
        if plain is not None:
            stop_room(plain)


def _login(room, token: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """GET /masuk?token=… with the proxy's headers; the status and every Set-Cookie."""
    con = http.client.HTTPConnection(room.host, room.port, timeout=60)
    try:
        con.request("GET", f"/masuk?token={token}", headers=headers)
        r = con.getresponse()
        r.read()
        return r.status, r.headers.get_all("Set-Cookie") or []
    finally:
        con.close()


def _login_cookie(cookies: list[str]) -> str:
    (c,) = [c for c in cookies if c.startswith("username-")]
    return c


def test_the_login_cookie_is_secure_over_the_proxys_https(rooms):
    behind, plain = rooms
    https = {"X-Forwarded-Proto": "https", "X-Real-IP": "10.20.0.7"}
    status, cookies = _login(behind, behind.tokens["Rina Analis"], https)
    assert status == 302
    assert "secure" in [p.strip().lower() for p in _login_cookie(cookies).split(";")]
    # the proxy's own http (no TLS): no Secure flag, as Jupyter Server decides from the scheme
    status, cookies = _login(behind, behind.tokens["Rina Analis"], {"X-Forwarded-Proto": "http"})
    assert status == 302
    assert "secure" not in [p.strip().lower() for p in _login_cookie(cookies).split(";")]
    # without --proxy the header is not believed (anyone on the wifi could send it)
    status, cookies = _login(plain, plain.tokens["Rina Analis"], https)
    assert status == 302
    assert "secure" not in [p.strip().lower() for p in _login_cookie(cookies).split(";")]


def test_the_login_limit_counts_each_client_behind_the_proxy(rooms):
    behind, plain = rooms
    guesser = {"X-Forwarded-Proto": "https", "X-Real-IP": "10.20.0.66"}
    for _ in range(5):
        assert _login(behind, "000000000000.tebakan", guesser)[0] == 403
    assert _login(behind, behind.tokens["Sari Camat"], guesser)[0] == 429
    # another phone in the hall, through the same proxy (the same TCP peer, 127.0.0.1)
    other = {"X-Forwarded-Proto": "https", "X-Real-IP": "10.20.0.67"}
    assert _login(behind, behind.tokens["Sari Camat"], other)[0] == 302
    # without --proxy, X-Real-IP is ignored: guesses from one address lock out that address
    for i in range(5):
        fake = {"X-Real-IP": f"10.30.0.{i}"}
        assert _login(plain, "000000000000.tebakan", fake)[0] == 403
    assert _login(plain, plain.tokens["Sari Camat"], {"X-Real-IP": "10.30.0.99"})[0] == 429


def test_start_page_shows_the_public_address(rooms):
    behind, _ = rooms
    status, cookies = _login(behind, behind.tokens["Rina Analis"], {"X-Forwarded-Proto": "https"})
    cookie = "; ".join(c.split(";")[0] for c in cookies)
    con = http.client.HTTPConnection(behind.host, behind.port, timeout=60)
    try:
        con.request("GET", "/", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
        r = con.getresponse()
        body = r.read().decode()
    finally:
        con.close()
    assert r.status == 200 and PUBLIC in body and "<svg" in body  # its QR code


def test_room_options_that_cannot_work_are_refused(demo_ws):
    """--proxy on a network address, --proxy without --bagikan, a reserve that leaves guests nothing."""
    r = CliRunner().invoke(app, ["serve", str(demo_ws), "--bagikan", "--proxy", PUBLIC,
                                 "--host", "192.168.1.10"])  # fmt: skip
    assert r.exit_code != 0 and "loopback" in r.output
    r = CliRunner().invoke(app, ["serve", str(demo_ws), "--proxy", PUBLIC])
    assert r.exit_code != 0 and "--bagikan" in r.output
    r = CliRunner().invoke(app, ["serve", str(demo_ws), "--bagikan", "--host", "127.0.0.1",
                                 "--kapasitas", "2", "--cadangan", "2"])  # fmt: skip
    assert r.exit_code != 0 and "--cadangan 2" in r.output and "batas kernel (2)" in r.output


def test_the_default_reserve_counts_the_active_analysts(demo_ws, tmp_path, monkeypatch):
    """Three analis accounts, one revoked, and a tamu, cap 6: two kernels kept for analysts."""
    import shutil

    from planlib import serve
    from planlib.accounts import AccountStore

    ws = tmp_path / "contoh"
    shutil.copytree(demo_ws, ws)
    store = AccountStore(ws)
    for nama in ("Analis A", "Analis B", "Analis C"):
        store.tambah(nama, "analis")
    store.tambah("Tamu", "tamu")
    store.cabut("Analis C")
    ran = []
    monkeypatch.setattr(serve, "run_server", lambda cmd, env, **kw: ran.append(cmd))
    serve.serve(ws, bagikan=True, host="127.0.0.1", kapasitas=6, port=8899)
    (cmd,) = ran
    assert "--RoomKernelManager.cadangan=2" in cmd and "--RoomKernelManager.kapasitas=6" in cmd
    ran.clear()
    serve.serve(ws, bagikan=True, host="127.0.0.1", kapasitas=6, port=8899, cadangan=4)
    assert "--RoomKernelManager.cadangan=4" in ran[0]


def test_a_kernel_whose_page_never_connects_is_shut_down(rooms):
    """A bare GET (another site's ``<img>``, a script) holds a kernel only until the cull."""
    _, plain = rooms
    v = plain.visitor("127.0.0.3")  # 127.0.0.1 may be held by the login-limit test's guesses
    assert v.login(plain.tokens["Budi DPRD"]).status == 302
    r = v.get("/voila/render/01-peta-usulan.ipynb?dapil=2")
    assert r.status == 200
    kid = kernel_id(r.body)
    assert not kernel_gone(kid)  # the page has just loaded: its kernel waits for the websocket
    until(lambda: kernel_gone(kid), 60, "the kernel of a page that never connected is shut down")
    assert "halamannya tidak pernah tersambung" in plain.log_text()

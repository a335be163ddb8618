"""``planlib serve --bagikan`` started for real on a loopback address: logins, roles, kernels, files.

One server for the module (on 127.0.0.2, kernel cap 3 with one kept for
analysts). Every request goes to a loopback address.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from planlib.accounts import AccountStore

from .room_client import Visitor, kernel_environ, kernel_id, start_room, stop_room

pytestmark = pytest.mark.slow

HOST = "127.0.0.2"
CAP = 3
PETA = "/voila/render/01-peta-usulan.ipynb"
FORUM = "/voila/render/04-forum-perangkat-daerah.ipynb"


@pytest.fixture(scope="module")
def room(demo_ws, tmp_path_factory):
    r = start_room(demo_ws, tmp_path_factory.mktemp("room"), HOST, CAP, "room.log")
    wait_for_views(r)
    yield r
    stop_room(r)


def wait_for_views(room, limit: float = 180) -> None:
    """The kernel-free views are written in the background at start-up: wait for them."""
    v = logged_in(room, "Rina Analis")
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if v.get("/bagikan/index.html").status == 200:
            return
        time.sleep(1)
    raise AssertionError("the kernel-free views were not written:\n" + room.log_text()[-2000:])


def logged_in(room, nama: str, source: str = "127.0.0.1") -> Visitor:
    v = room.visitor(source)
    r = v.login(room.tokens[nama])
    assert r.status == 302 and r.headers["location"] == "/", r
    return v


def status(room) -> dict:
    r = logged_in(room, "Rina Analis").get("/status")
    assert r.status == 200
    return json.loads(r.body)


def shutdown(v: Visitor, kid: str):
    return v.post(f"/voila/api/shutdown/{kid}", {"_xsrf": v.xsrf()},
                  headers={"X-XSRFToken": v.xsrf()})  # fmt: skip


def test_the_reserve_follows_the_analyst_accounts(room):
    """One active analis account (Rina): one kernel of the cap is kept for analysts."""
    st = status(room)
    assert (st["kapasitas"], st["cadangan"]) == (CAP, 1)
    assert f"Batas kernel: {CAP}, 1 di antaranya dicadangkan untuk analis." in room.log_text()


def test_everything_but_the_login_page_and_static_assets_needs_a_login(room):
    v = room.visitor()
    for path in ["/", PETA, FORUM, "/voila/tree", "/bagikan/", "/bagikan/index.html", "/status",
                 "/voila/render/eksplorasi/mulai.ipynb"]:  # fmt: skip
        r = v.get(path)
        assert r.status == 302, (path, r.status)
        assert r.headers["location"].startswith("/masuk?next="), path
    for path in ["/voila/api/contents/", "/api/kernels/" + str(uuid.uuid4())]:
        assert v.get(path).status in (403, 404), path
    r = v.get("/masuk")
    assert r.status == 200 and "tautan masuk pribadi" in r.body and 'name="_xsrf"' in r.body
    assert v.get("/voila/static/voila.js").status == 200  # static assets need no login


def test_a_personal_link_logs_in_and_the_token_never_reaches_the_log(room):
    token = room.tokens["Rina Analis"]
    v = room.visitor()
    r = v.login(token)
    assert r.status == 302 and r.headers["location"] == "/"
    assert r.headers.get("referrer-policy") == "no-referrer"
    home = v.get("/")
    assert home.status == 200 and "Selamat datang, Rina Analis" in home.body
    assert f"http://{HOST}:{room.port}/" in home.body and "<svg" in home.body  # the QR code
    assert "Forum Perangkat Daerah" in home.body  # an analyst sees every dashboard
    # a wrong token too: its failure is logged, its text is not
    bad = room.visitor("127.0.0.1").login(token.partition(".")[0] + ".salah-tebak")
    assert bad.status == 403 and "tidak berlaku" in bad.body
    time.sleep(0.5)
    log = room.log_text()
    assert "/masuk?token=[disembunyikan]" in log  # the login requests were logged …
    assert token not in log and token.partition(".")[2] not in log  # … without the secret
    assert "salah-tebak" not in log


def test_password_login_with_xsrf(room):
    v = room.visitor()
    no_xsrf = v.post("/masuk", {"nama": "Rina Analis", "sandi": "sandi-rina-2026"})
    assert no_xsrf.status == 403 and not any(k.startswith("username-") for k in v.cookies)
    ok = v.post("/masuk", {"nama": "Rina Analis", "sandi": "sandi-rina-2026",
                           "_xsrf": v.xsrf(), "next": "//evil.example/"})  # fmt: skip
    assert ok.status == 302 and ok.headers["location"] == "/"  # never off the server
    assert "Rina Analis" in v.get("/").body
    assert "sandi-rina-2026" not in room.log_text()


def test_failed_logins_are_rate_limited(room):
    v = room.visitor("127.0.0.3")  # its own client address, not to lock the others out
    for _ in range(5):
        assert v.login("000000000000.tebakan").status == 403
    r = v.login(room.tokens["Sari Camat"])  # even the right link waits now
    assert r.status == 429 and "Terlalu banyak percobaan" in r.body
    assert "retry-after" in r.headers
    assert not any(k.startswith("username-") for k in v.cookies)
    xsrf = v.xsrf()
    r = v.post("/masuk", {"nama": "Rina Analis", "sandi": "sandi-rina-2026", "_xsrf": xsrf})
    assert r.status == 429
    assert logged_in(room, "Sari Camat", "127.0.0.1")  # another address is not held


def test_revoking_an_account_ends_its_open_session_at_once(room):
    store = AccountStore(room.workspace)
    token = store.tambah("Tamu Sementara", "tamu")
    v = room.visitor()
    assert v.login(token).status == 302
    assert v.get("/").status == 200
    store.cabut("Tamu Sementara")
    r = v.get("/")
    assert r.status == 302 and r.headers["location"].startswith("/masuk")
    assert v.login(token).status == 403


def test_a_tamu_gets_a_refusal_on_the_forum_and_no_kernel(room):
    before = status(room)["kernel"]
    v = logged_in(room, "Budi DPRD")
    home = v.get("/")
    assert "Forum Perangkat Daerah" not in home.body and "Peta usulan" in home.body
    assert "/bagikan/dapil-2.html" in home.body
    assert home.body.index("Tampilan tanpa server") < home.body.index("Dasbor interaktif")
    r = v.get(FORUM + "?dapil=2")
    assert r.status == 403
    assert "hanya untuk analis" in r.body and "Budi DPRD" in r.body
    assert "kernelId" not in r.body
    assert 'href="/bagikan/dapil-2.html"' in r.body  # the same Dapil without a kernel
    view = v.get("/bagikan/dapil-2.html")
    assert view.status == 200 and "Dapil 2" in view.body and "<svg" in view.body
    assert v.get("/voila/render/eksplorasi/mulai.ipynb").status == 403
    assert v.get("/status").status == 403
    assert status(room)["kernel"] == before


@pytest.fixture(scope="module")
def tamu_kernel(room):
    """A tamu's Peta usulan page, asked for with forged account headers."""
    v = logged_in(room, "Budi DPRD")
    forged = {"X-Planlib-Pengguna": "Rina Analis", "X-Planlib-Peran": "analis"}
    r = v.get(PETA + "?dapil=1", headers=forged)
    assert r.status == 200 and "planlib-pratinjau-grafik" in r.body
    kid = kernel_id(r.body)
    yield v, kid
    shutdown(v, kid)


def test_the_kernel_gets_the_account_from_the_session_not_the_browser(room, tamu_kernel):
    _v, kid = tamu_kernel
    env = kernel_environ(kid)
    assert env["HTTP_X_PLANLIB_PENGGUNA"] == "Budi DPRD"
    assert env["HTTP_X_PLANLIB_PERAN"] == "tamu"
    assert env["QUERY_STRING"] == "dapil=1"


def _ws(room, v: Visitor, kid: str, messages: list[dict], wait: float):
    """Open the kernel's websocket as ``v``, send ``messages``, collect replies for ``wait`` s."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def run():
        cookie = "; ".join(f"{k}={val}" for k, val in v.cookies.items())
        req = HTTPRequest(f"ws://{room.host}:{room.port}/api/kernels/{kid}/channels",
                          headers={"Cookie": cookie})  # fmt: skip
        conn = await websocket_connect(req)
        for m in messages:
            await conn.write_message(json.dumps(m))
        got = []
        end = time.monotonic() + wait
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await asyncio.wait_for(conn.read_message(), left)
            except TimeoutError:
                break
            if msg is None:
                break
            if isinstance(msg, str):
                got.append(json.loads(msg))
        conn.close()
        return got

    return asyncio.run(run())


def _msg(msg_type: str, content: dict) -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "uji",
                   "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
        "buffers": [],
    }  # fmt: skip


def test_another_account_cannot_reach_a_kernel(room, tamu_kernel):
    from tornado.httpclient import HTTPClientError

    _v, kid = tamu_kernel
    analis = logged_in(room, "Rina Analis")
    with pytest.raises(HTTPClientError) as e:
        _ws(room, analis, kid, [], 1)
    assert e.value.code == 403
    assert analis.get(f"/api/kernels/{kid}").status == 403
    assert shutdown(analis, kid).status == 403
    assert kernel_environ(kid)["HTTP_X_PLANLIB_PENGGUNA"] == "Budi DPRD"  # still running


def test_execute_request_is_refused_on_the_viewers_own_kernel(room, tamu_kernel, tmp_path):
    v, kid = tamu_kernel
    marker = tmp_path / "tereksekusi.txt"
    code = f"open({str(marker)!r}, 'w').write('x')"
    info = _msg("kernel_info_request", {})
    execute = _msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                       "user_expressions": {}, "allow_stdin": False})  # fmt: skip
    got = _ws(room, v, kid, [execute, info], 8)
    types = {m.get("msg_type") or m.get("header", {}).get("msg_type") for m in got}
    assert "kernel_info_reply" in types  # the channel works …
    assert "execute_reply" not in types and "execute_input" not in types  # … code does not run
    time.sleep(1)
    assert not marker.exists()


def test_no_workspace_file_is_reachable_by_any_url(room):
    ws = room.workspace
    secret_bits = {
        "planlib.toml": (ws / "planlib.toml").read_text(encoding="utf-8").splitlines()[0],
        "pengguna.sqlite": "SQLite format 3",
    }
    usulan = sorted((ws / "usulan").iterdir())[0]
    targets = ["planlib.toml", ".planlib/pengguna.sqlite", f"usulan/{usulan.name}",
               "keputusan.sqlite"]  # fmt: skip
    abs_ws = str(ws)
    prefixes = ["/", "/voila/files/", "/voila/static/", "/voila/templates/", "/files/",
                "/api/contents/", "/voila/api/contents/", "/static/", "/bagikan/",
                "/voila/render/", "/voila/tree/", "/voila/labextensions/"]  # fmt: skip
    tricks = []
    for t in targets:
        tricks += [t, f"../{t}", f"../../{t}", f"%2e%2e/{t}", f"%2e%2e%2f%2e%2e%2f{t}",
                   f"..%2f..%2f..%2f{t}", f"{abs_ws}/{t}", quote(f"{abs_ws}/{t}", safe=""),
                   f"/{abs_ws}/{t}", f"....//....//{t}", f"%252e%252e/{t}",
                   "../" * 12 + abs_ws.lstrip("/") + "/" + t]  # fmt: skip
    v = logged_in(room, "Rina Analis")
    seen = 0
    for p in prefixes:
        for t in tricks:
            r = v.get(p + t, timeout=30)
            seen += 1
            for bit in secret_bits.values():
                assert bit not in r.body, (p + t, r.status)
            assert not (r.status == 200 and "[usulan]" in r.body), p + t
    assert seen == len(prefixes) * len(tricks)
    assert "etc/passwd" not in v.get("/voila/files/../../../../etc/passwd").body


def test_twenty_visitors_at_once_get_a_map_or_the_penuh_page(room):
    """None hangs: each gets its map or, above the cap, the "penuh" page at once."""
    visitors = [logged_in(room, "Sari Camat" if i % 2 else "Budi DPRD") for i in range(20)]

    def visit(v: Visitor):
        t0 = time.monotonic()
        r = v.get(PETA + "?dapil=2", timeout=300)
        return r, time.monotonic() - t0, v

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(visit, visitors, timeout=400))
    maps = [(r, v) for r, _t, v in results if r.status == 200]
    full = [r for r, _t, _v in results if r.status == 503]
    assert len(maps) + len(full) == 20
    for r, _v in maps:
        assert "planlib-pratinjau-grafik" in r.body and "window.voila_finish" in r.body
    for r in full:
        assert "Server sedang penuh" in r.body
        assert 'href="/bagikan/dapil-2.html"' in r.body  # the kernel-free view of the same Dapil
    assert 1 <= len(maps) <= CAP - 1  # a tamu never takes the analysts' reserve
    full_times = [t for r, t, _v in results if r.status == 503]
    assert max(full_times) < 60  # generous: "at once" means without waiting for a kernel
    # the reserve: an analyst still gets a kernel while the guests fill theirs
    analis = logged_in(room, "Rina Analis")
    r = analis.get(PETA)
    assert r.status == 200 and "planlib-pratinjau-grafik" in r.body
    kid = kernel_id(r.body)
    assert kernel_environ(kid)["HTTP_X_PLANLIB_PERAN"] == "analis"
    assert shutdown(analis, kid).status == 204
    for r, v in maps:
        assert shutdown(v, kernel_id(r.body)).status == 204

"""The room server (``planlib serve --bagikan``) as its visitors see it, in headless Chromium, offline.

One server for the module on 127.0.0.1 (the browser fixture lets only local
hosts through and records anything else).
"""

from __future__ import annotations

import pytest

from planlib.accounts import AccountStore
from planlib.forum.keputusan import KeputusanStore

from ..room_client import kernel_gone, kernel_id, start_room, stop_room, until
from .test_dashboards import LOAD_MS, PD_READY, assert_offline, record_decision

pytestmark = pytest.mark.browser

FORUM = "04-forum-perangkat-daerah.ipynb"
PETA = "01-peta-usulan.ipynb"


@pytest.fixture(scope="module")
def room(demo_ws, tmp_path_factory):
    r = start_room(demo_ws, tmp_path_factory.mktemp("room-browser"), "127.0.0.1", 4, "room.log")
    yield r
    stop_room(r)


def test_no_login_gets_the_login_page(visit, room, screenshots):
    v = visit(width=390, height=844)
    v.page.goto(f"{room.base}/voila/render/{PETA}", timeout=LOAD_MS)
    v.page.wait_for_selector("form input[name=sandi]")
    assert v.page.url.startswith(f"{room.base}/masuk?next=")
    assert "Masuk" in v.page.inner_text("h1")
    v.page.screenshot(path=screenshots / "room-masuk.png", full_page=True)
    assert_offline(v)


def test_an_analyst_records_a_decision_under_their_own_name(visit, room, screenshots):
    v = visit(width=1280, height=1400)
    page = v.page
    # what a browser could try: another name in the link and in forged headers
    v.ctx.set_extra_http_headers({"X-Planlib-Pengguna": "Palsu", "X-Planlib-Peran": "analis"})
    page.goto(f"{room.base}/masuk?token={room.tokens['Rina Analis']}", timeout=LOAD_MS)
    page.wait_for_selector("text=Selamat datang, Rina Analis")
    assert page.url == f"{room.base}/"  # the token is gone from the address bar
    page.screenshot(path=screenshots / "room-mulai-analis.png", full_page=True)
    page.goto(f"{room.base}/voila/render/{FORUM}?dapil=2&oleh=Palsu", timeout=LOAD_MS)
    page.wait_for_selector(PD_READY, timeout=LOAD_MS)
    pencatat = page.locator(".widget-text", has=page.locator("label", has_text="Pencatat"))
    box = pencatat.locator("input")
    assert box.input_value() == "Rina Analis" and box.is_disabled()
    alasan = "dibahas di ruang forum (uji ruang)"
    id_usulan = record_decision(page, alasan)  # no name typed: the account's is used
    row = page.locator(".planlib-baris", has=page.locator("button", has_text=id_usulan)).first
    page.wait_for_function(
        "([id, t]) => [...document.querySelectorAll('.planlib-baris')].some("
        "r => r.innerText.includes(id) && r.innerText.includes(t))",
        arg=[id_usulan, f"Ditolak: {alasan} (Rina Analis)"],
    )
    assert f"Ditolak: {alasan} (Rina Analis)" in row.inner_text()
    page.screenshot(path=screenshots / "room-04-analis.png", full_page=True)
    hist = KeputusanStore(room.workspace).history(id_usulan)
    last = hist.iloc[-1]
    assert last["oleh"] == "Rina Analis" and last["alasan"] == alasan
    assert "Palsu" not in set(hist["oleh"])
    assert_offline(v)


def test_a_tamu_sees_the_map_and_a_refusal_on_the_forum(visit, room, screenshots):
    v = visit(width=390, height=844)
    page = v.page
    page.goto(f"{room.base}/masuk?token={room.tokens['Budi DPRD']}", timeout=LOAD_MS)
    page.wait_for_selector("text=Selamat datang, Budi DPRD")
    body = page.inner_text("main")
    assert body.index("Tampilan tanpa server") < body.index("Dasbor interaktif")
    assert "Forum Perangkat Daerah" not in body
    page.screenshot(path=screenshots / "room-mulai-tamu.png", full_page=True)
    page.goto(f"{room.base}/voila/render/{PETA}?dapil=1", timeout=LOAD_MS)
    # on a phone 01 shows its phone map; the wide one is hidden
    shown = page.locator(".js-plotly-plot path.js-fill >> visible=true")
    shown.first.wait_for(timeout=LOAD_MS)
    assert shown.count() >= 3
    page.screenshot(path=screenshots / "room-01-tamu.png", full_page=True)
    page.goto(f"{room.base}/voila/render/{FORUM}?dapil=1", timeout=LOAD_MS)
    page.wait_for_selector("text=Dasbor ini hanya untuk analis")
    assert "Budi DPRD" in page.inner_text("main")
    assert page.query_selector(".widget-button") is None  # no dashboard, no kernel
    page.screenshot(path=screenshots / "room-04-tamu.png", full_page=True)
    assert_offline(v)


def test_a_tamu_opens_the_kernel_free_views(visit, room, screenshots):
    v = visit(width=390, height=844)
    page = v.page
    page.goto(f"{room.base}/masuk?token={room.tokens['Sari Camat']}", timeout=LOAD_MS)
    page.wait_for_selector("text=Selamat datang, Sari Camat")
    page.wait_for_function(
        "() => { if (!document.querySelector('a[href^=\"/bagikan/\"]')) location.reload();"
        " return !!document.querySelector('a[href^=\"/bagikan/\"]'); }",
        timeout=LOAD_MS, polling=3000,
    )  # fmt: skip
    links = page.eval_on_selector_all("a[href^='/bagikan/']", "as => as.map(a => a.href)")
    dapil = next(h for h in links if "dapil" in h.rsplit("/", 1)[-1])
    page.goto(dapil, timeout=LOAD_MS)
    page.wait_for_selector("svg path[data-kode]", state="attached", timeout=LOAD_MS)
    assert len(page.query_selector_all("svg path[data-kode]")) >= 3  # the Dapil's polygons
    page.screenshot(path=screenshots / "room-bagikan-tamu.png")  # the map, first on a phone
    assert_offline(v)


def test_a_revoked_analysts_open_forum_page_records_nothing_more(visit, room, screenshots):
    """``planlib pengguna cabut`` while the analyst's Forum Perangkat Daerah page is open: the
    next "Catat keputusan" never reaches the kernel, and the server shuts the kernel down."""
    store = AccountStore(room.workspace)
    token = store.tambah("Sari Analis", "analis")
    v = visit(width=1280, height=1400)
    page = v.page
    page.goto(f"{room.base}/masuk?token={token}", timeout=LOAD_MS)
    page.wait_for_selector("text=Selamat datang, Sari Analis")
    page.goto(f"{room.base}/voila/render/{FORUM}?dapil=2", timeout=LOAD_MS)
    page.wait_for_selector(PD_READY, timeout=LOAD_MS)
    kid = kernel_id(page.content())
    id_usulan = record_decision(page, "dicatat sebelum akun dicabut")  # the page records …
    alasan = page.locator(".widget-text", has=page.locator("label", has_text="Alasan"))
    alasan.locator("input").fill("dicatat setelah akun dicabut")
    store.cabut("Sari Analis")
    page.get_by_role("button", name="Catat keputusan").click()  # … and tries again, revoked
    until(lambda: kernel_gone(kid), 15, "the revoked account's Forum kernel is shut down")
    hist = KeputusanStore(room.workspace).history(id_usulan)
    # only the decision made before the revocation (an earlier test may have decided it too)
    assert list(hist["oleh"]).count("Sari Analis") == 1
    page.screenshot(path=screenshots / "room-04-dicabut.png", full_page=True)
    page.goto(f"{room.base}/", timeout=LOAD_MS)
    assert page.url.startswith(f"{room.base}/masuk")
    assert v.blocked == []

"""A room on the real Hulu Sungai Selatan workspace (synthetic usulan on its real wilayah).

``planlib serve --bagikan`` on 127.0.0.3: a tamu is shown HSS's kernel-free Dapil views and is
refused the Forum Perangkat Daerah; an analis records a decision on HSS as the logged-in account.
"""

from __future__ import annotations

import pytest

from planlib import open_workspace
from planlib.bagikan.page import file_name
from planlib.dashboards.forum_pd import ForumPD
from planlib.dashboards.voila import ENV_PENGGUNA, ENV_PERAN
from planlib.forum.keputusan import KeputusanStore

from .room_client import kernel_environ, kernel_id, start_room, stop_room
from .test_bagikan import hss_with_usulan
from .test_room import FORUM, logged_in, wait_for_views

HOST = "127.0.0.3"


@pytest.fixture(scope="module")
def hss_room(shared, tmp_path_factory):
    src = hss_with_usulan(shared, tmp_path_factory.mktemp("hss-src"), "DATA CONTOH — sintetis")
    r = start_room(src, tmp_path_factory.mktemp("hss-room"), HOST, 3, "room-hss.log")
    wait_for_views(r)
    yield r
    stop_room(r)


def test_a_tamu_gets_the_kernel_free_views_of_hss_and_no_forum(hss_room):
    ws = open_workspace(hss_room.workspace)
    dapil = sorted(ws.kecamatan["dapil"].dropna().unique())
    assert dapil  # the public Dapil list places some of HSS's kecamatan
    v = logged_in(hss_room, "Budi DPRD")
    home = v.get("/")
    assert home.status == 200
    for d in dapil:
        page = f"/bagikan/{file_name(d)}"
        assert page in home.body, d
        view = v.get(page)
        assert view.status == 200 and "<svg" in view.body and d in view.body
        assert any(n in view.body for n in ws.kecamatan.loc[ws.kecamatan["dapil"] == d, "nama"])
    r = v.get(FORUM)
    assert r.status == 403 and "hanya untuk analis" in r.body and "kernelId" not in r.body


def test_an_analis_records_on_hss_as_the_account(hss_room, monkeypatch):
    """04 on HSS starts a kernel for the analis; what it records names the session's account."""
    v = logged_in(hss_room, "Rina Analis")
    forged = {"X-Planlib-Pengguna": "Palsu", "X-Planlib-Peran": "analis"}
    r = v.get(FORUM + "?oleh=Palsu", headers=forged, timeout=300)
    assert r.status == 200, r.body[-2000:]
    kid = kernel_id(r.body)
    try:
        env = kernel_environ(kid)
        assert env[ENV_PENGGUNA] == "Rina Analis" and env[ENV_PERAN] == "analis"
        # the Forum PD as that kernel builds it: the account comes from its environment
        monkeypatch.setenv(ENV_PENGGUNA, env[ENV_PENGGUNA])
        monkeypatch.setenv(ENV_PERAN, env[ENV_PERAN])
        view = ForumPD(open_workspace(hss_room.workspace), 2026)
        view.apply_link({"oleh": "Palsu"})
        first = str(view._df["id_usulan"].iloc[0])
        view.pilih(first)  # a click on its row
        view.w_status.value, view.w_alasan.value = "ditunda", "menunggu DED"
        view.b_catat.click()
        hist = KeputusanStore(hss_room.workspace).history(first)
        assert list(hist["oleh"]) == ["Rina Analis"] and list(hist["status"]) == ["ditunda"]
    finally:
        v.post(f"/voila/api/shutdown/{kid}", {"_xsrf": v.xsrf()}, headers={"X-XSRFToken": v.xsrf()})

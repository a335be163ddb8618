"""The room's start page (``planlib serve --bagikan``) for an analyst and a tamu, at three sizes.

After signing in, each sees the front page of :mod:`planlib.room.beranda` with what their
role may open. At 1280×720, 1366×768 and 390×844: no sideways scroll, axe-core without
serious or critical findings, a screenshot of each. One room server for the module.
"""

from __future__ import annotations

import json

import pytest

from ..room_client import start_room, stop_room
from .conftest import axe_violations
from .test_dashboards import LOAD_MS, assert_offline

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (390, 844)]


@pytest.fixture(scope="module")
def room(demo_ws, tmp_path_factory):
    r = start_room(demo_ws, tmp_path_factory.mktemp("room-beranda"), "127.0.0.1", 2, "room.log")
    yield r
    stop_room(r)


@pytest.mark.parametrize(("nama", "peran"), [("Rina Analis", "analis"), ("Budi DPRD", "tamu")])
def test_start_page_fits_and_passes_axe(visit, room, screenshots, nama, peran):
    v = visit(width=SIZES[0][0], height=SIZES[0][1])
    page = v.page
    page.goto(f"{room.base}/masuk?token={room.tokens[nama]}", timeout=LOAD_MS)
    page.wait_for_selector(f"text=Selamat datang, {nama}")
    assert page.evaluate("document.documentElement.lang") == "id"
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"() => innerWidth === {width}")
        got = page.evaluate(
            "() => [document.documentElement.scrollWidth, innerWidth]"
        )  # the page lays out synchronously: no chart to redraw here
        if got[0] > got[1]:
            problems.append(f"{peran} {width}x{height}: sideways scroll {got}")
        page.screenshot(
            path=screenshots / f"room-mulai-{peran}-{width}x{height}.png", full_page=True
        )
        found = axe_violations(page)
        if found:
            problems.append(f"{peran} {width}x{height}: axe {json.dumps(found)[:500]}")
    assert problems == [], "\n".join(problems)
    assert_offline(v)

"""The front page ``planlib serve`` prints, and the dashboards' titles, in headless Chromium, offline."""

from __future__ import annotations

import re
import shutil

import pytest

from planlib import settings
from planlib.room.beranda import KATALOG
from planlib.serve import NOTEBOOKS

from ..room_client import kernel_gone, until
from .conftest import axe_violations, start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline

pytestmark = pytest.mark.browser

WILAYAH = "Kabupaten Contoh"
#: Every dashboard the package ships, as the front page names it.
DASBOR = {
    d.notebook: d.label for _, ds in KATALOG for d in ds if (NOTEBOOKS / d.notebook).is_file()
}

#: Seconds a closed page's kernel waits for the page to come back (30 s as shipped): short
#: here, where the last test watches a reloaded and a closed page's kernels end.
DITINGGAL = "3"


@pytest.fixture(scope="module")
def server(demo_ws, tmp_path_factory):
    """``planlib serve`` on a copy of the demo, a closed page's kernel held :data:`DITINGGAL` s."""
    ws = tmp_path_factory.mktemp("beranda") / "contoh"
    shutil.copytree(demo_ws, ws)
    proc, base, log = start_serve(ws, "voila-beranda.log", env={settings.DITINGGAL: DITINGGAL})
    yield base
    stop_serve(proc, log)


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)])
def test_the_front_page_in_bahasa_indonesia(visit, server, screenshots, size):
    v = visit(width=size[0], height=size[1])
    page = v.page
    page.goto(f"{server}/", timeout=LOAD_MS)
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.title() == f"Dasbor {WILAYAH} 2026 · planlib"
    assert page.inner_text("h1") == WILAYAH
    main = page.inner_text("main")
    assert "DATA CONTOH — sintetis" in main and "tahun perencanaan 2026" in main
    for group, _ in KATALOG:
        assert page.get_by_role("heading", name=group).count() == 1, group
    for notebook, label in DASBOR.items():
        link = page.get_by_role("link", name=label, exact=True)
        assert link.get_attribute("href") == f"/voila/render/{notebook}", label
    assert "Select items" not in page.content()
    # nothing sticks out sideways, on a phone either
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshots / f"beranda-{size[0]}x{size[1]}.png", full_page=True)
    assert axe_violations(page) == []
    assert_offline(v)


def test_voilas_file_list_is_not_reachable(visit, server):
    v = visit()
    for path in ("/voila/tree", "/voila/tree/", "/voila/tree/eksplorasi"):
        v.page.goto(f"{server}{path}", timeout=LOAD_MS)
        assert v.page.url.rstrip("/").endswith(("/voila/tree", "")), path
        assert "Select items" not in v.page.content()
        assert v.page.inner_text("h1") == WILAYAH
    assert_offline(v)


def test_every_dashboard_has_an_indonesian_title(visit, server):
    """Opened from the front page, as a person does; the title names the dashboard and the kabupaten."""
    v = visit()
    page = v.page
    for notebook, label in DASBOR.items():
        page.goto(f"{server}/", timeout=LOAD_MS)
        page.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(re.compile(re.escape(notebook)), timeout=LOAD_MS)
        page.wait_for_load_state("domcontentloaded", timeout=LOAD_MS)
        assert page.title() == f"{label} — {WILAYAH}", notebook
        assert page.evaluate("document.documentElement.lang") == "id", notebook
    page.goto(f"{server}/voila/render/tidak-ada.ipynb", timeout=LOAD_MS)
    assert page.title() == "Halaman tidak ditemukan · planlib"
    assert page.evaluate("document.documentElement.lang") == "id"
    assert_offline(v)


def test_a_closed_tab_and_a_reloaded_page_end_their_kernels(visit, server, screenshots):
    """Chromium's own page: closing the tab (or reloading) ends the kernel once its hold is over.

    The hold is :data:`DITINGGAL` seconds here (30 s as shipped); the limits leave a minute.
    """
    v = visit()
    page = v.page

    def open_kernel() -> str:
        page.wait_for_selector(".js-plotly-plot path.js-fill", timeout=LOAD_MS)
        m = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
        assert m, "no kernel id in the page"
        return m.group(1)

    page.goto(f"{server}/voila/render/01-peta-usulan.ipynb", timeout=LOAD_MS)
    first = open_kernel()
    assert page.title() == f"Peta Usulan — {WILAYAH}"  # still, once the page's scripts have run
    page.screenshot(path=screenshots / "01-peta-usulan-judul.png")
    page.reload(timeout=LOAD_MS)
    second = open_kernel()
    assert second != first  # a reload gets a kernel of its own …
    until(lambda: kernel_gone(first), 60, "the reloaded page's old kernel is shut down")
    assert not kernel_gone(second)  # … and keeps it while it is open
    assert_offline(v)
    v.close()  # the tab is closed
    until(lambda: kernel_gone(second), 60, "the closed tab's kernel is shut down")

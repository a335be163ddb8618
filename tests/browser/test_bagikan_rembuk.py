"""The Rembuk Remas section of a Dapil's shared file, on a phone, from ``file://`` with the network blocked.

One page load: the recorded masalah are listed under their desa, a tap on a
desa of the Rembuk map narrows the list to it, and every map name (both
maps) is black or white at 4.5:1 or more against the fill under it; then
the page is resized to 1366×768 and 1280×720 for screenshots.
"""

from __future__ import annotations

import shutil

import pytest

from planlib import open_workspace
from planlib.bagikan import bagikan
from planlib.rembuk import peta_masalah

from .conftest import _contrast
from .test_bagikan import FilePage

pytestmark = pytest.mark.browser

TAHUN = 2026
#: Each visible name of an SVG map with its colour and the fill of the area under its centre.
NAMES = """svg => {
  const el = document.querySelector(svg), out = [];
  for (const t of el.querySelectorAll('text')) {
    if (getComputedStyle(t).display === 'none') continue;
    const r = t.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
    const under = document.elementsFromPoint(x, y).find(e => e.tagName === 'path' && e.hasAttribute('data-i')
      && getComputedStyle(e).fill !== 'none' && e.closest('g').style.display !== 'none');
    out.push({text: t.textContent, fg: getComputedStyle(t).fill,
              bg: under ? getComputedStyle(under).fill : 'rgb(255, 255, 255)'});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def dapil_file(demo_ws, tmp_path_factory):
    root = tmp_path_factory.mktemp("bagikan_rembuk_browser") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache"))
    res = bagikan(root, TAHUN, root.parent / "out", dapil="3")
    return root, res.files["Dapil 3"]


def test_rembuk_on_a_phone_offline(browser, dapil_file, screenshots):
    root, path = dapil_file
    m, _ = peta_masalah(open_workspace(root), TAHUN)
    lok = m[m["nama_wilayah"] == "Lok Durian"]
    assert len(lok) > 0
    fp = FilePage(browser, path, 390, 844)
    page = fp.page
    try:
        section = page.locator("#bg-rembuk")
        section.scroll_into_view_if_needed()
        first = str(lok["masalah"].iloc[0])
        item = page.locator("#rb-daftar li", has_text=first).first
        assert item.is_visible()
        answered = ", ".join(map(str, lok["id_usulan_terkait"].iloc[0]))
        assert (
            f"Dijawab usulan {answered}" if answered else "Belum diusulkan"
        ) in item.inner_text()
        # every name on both maps: black or white, at least 4.5:1 against the fill under it
        for svg in ("#bg-svg", "#rb-svg"):
            page.locator(svg).scroll_into_view_if_needed()  # points off screen hit nothing
            names = page.evaluate(NAMES, svg)
            assert names, svg
            for n in names:
                assert n["fg"] in ("rgb(0, 0, 0)", "rgb(255, 255, 255)"), n
                assert _contrast(n["fg"], n["bg"]) >= 4.5, (svg, n)
        page.locator("#rb-svg").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "bagikan-rembuk-390.png")
        # a tap on Lok Durian's polygon: only its list remains
        kode = str(lok["kode_wilayah"].iloc[0])
        before = int(page.evaluate("+document.body.getAttribute('data-rembuk')"))
        page.locator(f"#rb-svg path[data-kode='{kode}']").dispatch_event("click")
        page.wait_for_function("n => +document.body.getAttribute('data-rembuk') > n", arg=before)
        groups = page.locator("#rb-daftar [data-wilayah]")
        assert groups.count() == 1 and "Desa Lok Durian" in groups.first.inner_text()
        assert page.locator("#rb-daftar li").count() == len(lok)
        assert (
            page.locator(f"#rb-svg path[data-kode='{kode}']").get_attribute("stroke-width") == "3.5"
        )
        for w, h in ((1366, 768), (1280, 720)):
            page.set_viewport_size({"width": w, "height": h})
            page.locator("#rb-svg").scroll_into_view_if_needed()
            page.screenshot(path=screenshots / f"bagikan-rembuk-{w}.png")
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()

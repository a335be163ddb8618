"""07 Rembuk Remas in Chromium: a click on a desa of the map chooses it; the names follow the labels' rule.

One ``planlib serve`` on a copy of the demo, one page load: the map's names
are black or white at 4.5:1 or more against the fill under each and never
overlap (the rule of 01/02/03); a click inside a desa's polygon shows that
desa's profile, as a search would; then the page is resized to 1366×768
and 390×844 for screenshots, and at 390×844 a click on another desa of the
phone's map (shown instead of the wide one) chooses that desa.
"""

from __future__ import annotations

import shutil

import pytest

from .conftest import check_names, map_names, start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline

pytestmark = pytest.mark.browser

NOTEBOOK = "07-rembuk-remas.ipynb"
#: The map shown at this width: the wide one, or under 700 px the phone's (each in its own
#: .planlib-peta-klik box)
SHOWN = """[...document.querySelectorAll('.planlib-peta-klik .js-plotly-plot')].find(
  p => p.getBoundingClientRect().width > 0)"""
#: A point (page pixels) inside the polygon of the area whose trace has meta.kode == k.
INSIDE = """k => {
  const gd = SHOWN;
  const i = gd.data.findIndex(t => t.meta && t.meta.kode === k);
  const path = gd.querySelectorAll('.scatterlayer .trace')[i].querySelector('path.js-fill');
  const b = path.getBBox(), m = path.getScreenCTM();
  let best = null;
  for (let gx = 1; gx < 12; gx++) for (let gy = 1; gy < 12; gy++) {
    const p = new DOMPoint(b.x + b.width * gx / 12, b.y + b.height * gy / 12);
    if (!path.isPointInFill(p)) continue;
    const s = p.matrixTransform(m), hit = document.elementFromPoint(s.x, s.y);
    if (hit && gd.contains(hit)) { best = [s.x, s.y]; break; }
  }
  return best;
}""".replace("SHOWN", SHOWN)


@pytest.fixture(scope="module")
def served(demo_ws, tmp_path_factory):
    ws = tmp_path_factory.mktemp("rembuk_klik") / "contoh"
    shutil.copytree(demo_ws, ws, ignore=shutil.ignore_patterns(".planlib-cache"))
    proc, base, log = start_serve(ws, "voila-rembuk-klik.log")
    yield base
    stop_serve(proc, log)


def test_click_a_desa_on_the_map_shows_its_profile(visit, served, screenshots):
    v = visit(width=1280, height=720)
    page = v.page
    page.goto(f"{served}/voila/render/{NOTEBOOK}", timeout=LOAD_MS)
    page.wait_for_selector(".planlib-peta-klik .js-plotly-plot path.js-fill", timeout=LOAD_MS)
    check_names(map_names(page, ".planlib-peta-klik .js-plotly-plot"), 12)
    assert page.locator("h3.planlib-desa").count() == 0  # no desa chosen yet
    kode, nama = "99.01.02.2003", None
    names = page.evaluate(
        "k => { const gd = document.querySelector('.planlib-peta-klik .js-plotly-plot');"
        " return gd.data.filter(t => t.meta && t.meta.kode === k).map(t => t.name); }",
        kode,
    )
    assert len(names) == 1
    nama = names[0]
    page.locator(".planlib-peta-klik .js-plotly-plot").first.scroll_into_view_if_needed()
    at = page.evaluate(INSIDE, kode)
    assert at is not None
    page.mouse.move(at[0], at[1])
    page.mouse.click(at[0], at[1])
    page.wait_for_selector(f"h3.planlib-desa:has-text('Desa {nama}')", timeout=60_000)
    assert f"({kode})" in page.inner_text("h3.planlib-desa")
    # the desa is outlined on the redrawn map, and the dropdown follows
    page.wait_for_function(
        "k => { const gd = document.querySelector('.planlib-peta-klik .js-plotly-plot');"
        " const t = gd.data.find(t => t.meta && t.meta.kode === k); return t && t.line.width === 3.5; }",
        arg=kode, timeout=60_000,
    )  # fmt: skip
    for w, h in ((1280, 720), (1366, 768), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.locator("h3.planlib-desa").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"07-rembuk-remas-klik-{w}.png")
    # on a phone the phone's map is shown: a click on a desa there chooses it too
    page.wait_for_function(
        f"() => {{ const gd = {SHOWN}; return gd && gd.closest('.planlib-peta-hp'); }}"
    )
    kode2 = "99.01.05.2004"
    nama2 = page.evaluate(
        f"k => {{ const gd = {SHOWN}; return gd.data.filter(t => t.meta && t.meta.kode === k)"
        ".map(t => t.name); }",
        kode2,
    )
    assert len(nama2) == 1
    page.evaluate(f"() => {SHOWN}.scrollIntoView()")
    at = page.evaluate(INSIDE, kode2)
    assert at is not None
    page.mouse.move(at[0], at[1])
    page.mouse.click(at[0], at[1])
    page.wait_for_selector(f"h3.planlib-desa:has-text('Desa {nama2[0]}')", timeout=60_000)
    assert f"({kode2})" in page.inner_text("h3.planlib-desa")
    page.wait_for_function(
        f"k => {{ const gd = {SHOWN}; const t = gd.data.find(t => t.meta && t.meta.kode === k);"
        " return t && t.line.width === 3.5; }",
        arg=kode2, timeout=60_000,
    )  # fmt: skip
    page.evaluate(f"() => {SHOWN}.scrollIntoView()")
    page.screenshot(path=screenshots / "07-rembuk-remas-klik-390-peta-hp.png")
    assert_offline(v)

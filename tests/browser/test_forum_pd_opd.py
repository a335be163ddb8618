"""04 Forum PD per OPD on a projector, a laptop and a phone: the OPD dropdowns fit (issue 17).

In "Per OPD" the filter bar shows the OPD dropdown, and the decision form has
"Ke OPD"; OPD names are long ("Dinas Pekerjaan Umum dan Penataan Ruang"). At
each size every dropdown and text box of the page, its label and its list,
lies within the screen and within the box it is laid out in (a control wider
than its box by its margin is drawn without its right edge), and the page does
not scroll sideways. The page is loaded once and resized.
"""

from __future__ import annotations

import shutil

import pytest

from .conftest import start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline
from .test_screen_sizes import SETTLED

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (390, 844)]
PD = "04-forum-perangkat-daerah.ipynb"
READY = ".planlib-baris button.planlib-pilih"

#: every visible dropdown and text box: its label and its <select> or <input>, where they end
#: against the screen, the control's own box and the box it is laid out in
DROPDOWNS = """() => [...document.querySelectorAll('.widget-dropdown, .widget-text')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .map(e => {
    const box = e.getBoundingClientRect(), s = e.querySelector('select, input').getBoundingClientRect();
    const label = (e.querySelector('label') || {}).innerText || '';
    const p = e.parentElement.getBoundingClientRect(), cs = getComputedStyle(e.parentElement);
    return {label, select_right: Math.round(s.right), select_width: Math.round(s.width),
            box_right: Math.round(box.right), box_width: Math.round(box.width),
            parent_right: Math.round(p.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth)),
            parent: String(e.parentElement.className).slice(0, 60),
            width: innerWidth, scroll: document.scrollingElement.scrollWidth};
  })"""


@pytest.fixture(scope="module")
def served(demo_ws, tmp_path_factory):
    """``planlib serve`` on a copy of the demo; its base URL."""
    ws = tmp_path_factory.mktemp("forum-pd-opd") / "contoh"
    shutil.copytree(demo_ws, ws, ignore=shutil.ignore_patterns(".planlib-cache"))
    proc, base, log = start_serve(ws, "voila-forum-pd-opd.log")
    yield base
    stop_serve(proc, log)


def test_opd_dropdowns_fit_every_screen(visit, served, screenshots):
    v = visit(width=SIZES[0][0], height=SIZES[0][1])
    page = v.page
    page.goto(f"{served}/voila/render/{PD}", timeout=LOAD_MS)
    page.wait_for_selector(READY, timeout=LOAD_MS)
    dapil = page.locator("text=/usulan cocok/").first.inner_text()
    page.locator("button.widget-toggle-button", has_text="Per OPD").first.click()
    page.wait_for_selector("label:text-is('OPD') >> visible=true", timeout=30_000)
    # the list has been filled for the OPD: its count is no longer the Dapil's
    page.wait_for_function(
        "t => { const e = [...document.querySelectorAll('.widget-html-content div')]"
        ".find(d => d.innerText.includes('usulan cocok')); return e && e.innerText !== t; }",
        arg=dapil,
        timeout=30_000,
    )
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"() => innerWidth === {width}")
        page.evaluate(SETTLED)
        page.screenshot(path=screenshots / f"04-per-opd-{width}x{height}.png")
        form = page.locator(".planlib-form")
        form.scroll_into_view_if_needed()
        form.screenshot(path=screenshots / f"04-per-opd-form-{width}x{height}.png")
        found = page.evaluate(DROPDOWNS)
        labels = {d["label"] for d in found}
        assert {"OPD", "Ke OPD"} <= labels, f"{width}x{height}: dropdowns shown {labels}"
        for d in found:
            where = f"{width}x{height} {d['label']!r}"
            if d["scroll"] > d["width"]:
                problems.append(f"{where}: the page scrolls sideways {d}")
            if d["box_right"] > d["width"] + 1 or d["select_right"] > d["width"] + 1:
                problems.append(f"{where}: past the right edge {d}")
            if d["select_right"] > d["box_right"] + 1 or d["box_right"] > d["parent_right"] + 1:
                problems.append(f"{where}: sticks out of the box it is laid out in {d}")
    assert problems == [], "\n".join(problems)
    assert_offline(v)

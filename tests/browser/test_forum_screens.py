"""The forum screens as a hall reads them: 03 Forum Dapil and 04 Forum PD, served for real.

At a 1280×720 projector, a 1366×768 OPD laptop and a 390×844 phone: no sideways
scroll and no control past the right edge, tabs not truncated, the Plotly toolbar
not over a title, axe-core without serious or critical findings; the presentation
mode of 03 (map and cards on the first screen, its own bar, Esc); the usulan finder of
04 (three words and a click) and a decision recorded only once one is chosen.
"""

from __future__ import annotations

import json
import shutil

import pytest

from planlib import open_workspace, settings
from planlib.forum.keputusan import KeputusanStore
from planlib.forum.selection import cari_usulan
from planlib.rekap import usulan_tahun

from .conftest import axe_violations, check_names, map_names, map_ranges, start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline, fills, wait_fills_change

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (390, 844)]
DAPIL = "03-forum-dapil.ipynb"
PD = "04-forum-perangkat-daerah.ipynb"
#: what shows that a dashboard's live view is up
READY = {
    # the visible map: under 700 px the wide one is hidden and the phone's is shown
    DAPIL: ".js-plotly-plot path.js-fill >> visible=true",
    PD: ".planlib-baris button.planlib-pilih",
}


@pytest.fixture(scope="module")
def served(demo_ws, tmp_path_factory):
    """``planlib serve`` on a copy of the demo: (base URL, workspace folder)."""
    ws = tmp_path_factory.mktemp("forum-screens") / "contoh"
    shutil.copytree(demo_ws, ws)
    # only the two forum dashboards get a preheated kernel: the others are never opened here
    proc, base, log = start_serve(
        ws, "voila-forum-screens.log", env={settings.PREHEAT: f"{DAPIL},{PD}"}
    )
    yield base, ws
    stop_serve(proc, log)


def open_page(visit, base, name, width, height):
    v = visit(width=width, height=height)
    v.page.goto(f"{base}/voila/render/{name}", timeout=LOAD_MS)
    v.page.wait_for_selector(READY[name], timeout=LOAD_MS)
    # the first paint (03) has given way to the live view
    v.page.wait_for_function("() => !document.querySelector('.planlib-pratinjau')")
    return v


#: the layout problems a viewer would see, measured in the page
LAYOUT = """() => {
  const W = innerWidth, out = {scroll: document.scrollingElement.scrollWidth, width: W};
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  out.past_edge = [...document.querySelectorAll(
      '.widget-dropdown, .widget-button, .widget-toggle-button, .widget-text, .lm-TabBar-tab, .planlib-card')]
    .filter(shown).filter(e => e.getBoundingClientRect().right > W + 1)
    .map(e => (e.innerText || e.className).slice(0, 40));
  out.truncated_tabs = [...document.querySelectorAll('.lm-TabBar-tabLabel')]
    .filter(shown).filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText);
  const overlap = (a, b) => !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  out.modebar_over_title = [...document.querySelectorAll('.js-plotly-plot')].some(p => {
    const m = p.querySelector('.modebar-container .modebar'), t = p.querySelector('.gtitle');
    return !!(m && t && shown(m) && overlap(m.getBoundingClientRect(), t.getBoundingClientRect()));
  });
  return out;
}"""


def assert_fits(page, where: str) -> dict:
    got = page.evaluate(LAYOUT)
    assert got["scroll"] <= got["width"], f"{where}: sideways scroll {got}"
    assert got["past_edge"] == [], f"{where}: controls past the right edge {got['past_edge']}"
    assert got["truncated_tabs"] == [], f"{where}: truncated tabs {got['truncated_tabs']}"
    assert not got["modebar_over_title"], f"{where}: the Plotly toolbar covers a title"
    return got


def assert_axe_clean(page, where: str) -> None:
    found = axe_violations(page)
    assert found == [], f"{where}: axe {json.dumps(found)[:600]}"


def on_first_screen(page, selector: str) -> bool:
    """Whether every element of ``selector`` lies within the first screen (no scrolling)."""
    return page.eval_on_selector_all(
        selector,
        "els => els.length > 0 && els.every(e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; })",
    )


@pytest.mark.parametrize("name", [DAPIL, PD])
def test_forum_screens_fit_and_pass_axe(visit, served, screenshots, name):
    """One page, resized to each size in turn: both dashboards lay out by CSS (``@media``).

    Nothing of their layout is decided in Python at load (03 draws both of its maps and
    CSS shows one, 04's list changes by CSS), so a resize re-lays the page out as a load
    at that size would; the visible map is waited for at each size.
    """
    base, _ = served
    v = open_page(visit, base, name, *SIZES[0])
    for width, height in SIZES:
        v.page.set_viewport_size({"width": width, "height": height})
        v.page.wait_for_selector(READY[name], timeout=LOAD_MS)
        where = f"{name} {width}x{height}"
        assert_fits(v.page, where)
        v.page.screenshot(path=screenshots / f"{name[:2]}-layar-{width}x{height}.png")
        assert_axe_clean(v.page, where)
    assert_offline(v)


@pytest.mark.parametrize(
    ("width", "height"),
    [(1280, 720), pytest.param(1366, 768, marks=pytest.mark.slow), (390, 844)],
    ids=lambda x: str(x),
)
def test_presentation_shows_map_and_cards_on_one_screen(visit, served, screenshots, width, height):
    base, _ = served
    v = open_page(visit, base, DAPIL, width, height)
    page = v.page
    page.get_by_text("Mode presentasi").click()
    bar = page.locator(".planlib-presentasi-bar")
    bar.wait_for(state="visible")
    page.wait_for_function(  # the map is redrawn at the presentation's size and title size
        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(t => parseFloat(getComputedStyle(t).fontSize) >= 20)"
    )
    page.screenshot(path=screenshots / f"03-presentasi-{width}x{height}.png")
    assert on_first_screen(page, ".js-plotly-plot .main-svg"), "the map is not on the first screen"
    assert on_first_screen(page, ".planlib-card"), "the cards are not on the first screen"
    assert on_first_screen(page, ".planlib-presentasi-bar .planlib-keluar")
    sizes = page.eval_on_selector_all(
        ".planlib-card .v, .planlib-card .k, .planlib-kecamatan",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    floor = 15 if width < 700 else 20  # a phone is read at arm's length, a hall from 10 m
    assert min(sizes) >= floor, sizes
    where = f"presentasi {width}x{height}"
    assert_fits(page, where)
    assert_axe_clean(page, where)
    assert_offline(v)


def test_presentation_bar_changes_dapil_steps_kecamatan_and_leaves(visit, served, screenshots):
    base, _ = served
    v = open_page(visit, base, DAPIL, 1280, 720)
    page = v.page
    filters_dapil = page.locator(".planlib-filter .widget-dropdown select").nth(1)
    page.get_by_text("Mode presentasi").click()
    bar = page.locator(".planlib-presentasi-bar")
    bar.wait_for(state="visible")
    assert not filters_dapil.is_visible()  # the filter row gives way to the bar

    # Dapil ▾ in the bar
    before, cards = fills(page), page.locator(".planlib-card").first.inner_text()
    bar.locator("select").select_option(label="Dapil 2")
    wait_fills_change(page, before)
    page.wait_for_function(
        "t => document.querySelector('.planlib-card').innerText !== t", arg=cards
    )
    assert "Seluruh Dapil 2" in bar.inner_text()

    # next kecamatan: its own cards and its name in the bar
    total = page.locator(".planlib-card .v").first.inner_text()
    bar.get_by_role("button", name="Kecamatan ›").click()
    page.wait_for_function(
        "() => /Kecamatan .+ \\(1\\/\\d+\\)/.test(document.querySelector('.planlib-presentasi-bar').innerText)"
    )
    page.wait_for_function(
        "t => document.querySelector('.planlib-card .v').innerText !== t", arg=total
    )
    assert "Kecamatan" in page.locator(".planlib-kecamatan").inner_text()
    page.screenshot(path=screenshots / "03-presentasi-kecamatan.png")
    bar.get_by_role("button", name="‹ Kecamatan").click()
    page.wait_for_function(
        "() => document.querySelector('.planlib-presentasi-bar').innerText.includes('Seluruh Dapil 2')"
    )

    # Keluar
    bar.get_by_role("button", name="Keluar (Esc)").click()
    bar.wait_for(state="hidden")
    filters_dapil.wait_for(state="visible")
    assert page.locator(".planlib-presentasi").count() == 0

    # Esc
    page.get_by_text("Mode presentasi").click()
    bar.wait_for(state="visible")
    page.keyboard.press("Escape")
    bar.wait_for(state="hidden")
    filters_dapil.wait_for(state="visible")
    assert_offline(v)


#: the live map's x range has changed from ``r``
RANGE_CHANGED = (
    "([s, r]) => JSON.stringify(document.querySelector(s)._fullLayout.xaxis.range)"
    " !== JSON.stringify(r[0])"
)


def _names(page, plot: str, min_px: float, shot) -> float:
    """Wait for the names at ``min_px`` or more, screenshot the map, check every name; the worst ratio."""
    page.wait_for_function(
        "([s, px]) => { const t = [...document.querySelectorAll(s + ' g.textpoint text')];"
        " return t.length >= 3 && t.every(e => parseFloat(getComputedStyle(e).fontSize) >= px); }",
        arg=[plot, min_px], timeout=30_000,
    )  # fmt: skip
    page.locator(plot).first.scroll_into_view_if_needed()
    page.screenshot(path=shot)
    return check_names(map_names(page, plot), min_px, min_count=3)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)], ids=lambda x: str(x))
def test_forum_dapil_names_are_readable_and_the_map_zooms(
    visit, served, screenshots, width, height
):
    """03: names ≥ 4.5:1 on their fill, ≥ 12 px (≥ 16 px presenting), apart; Dapil and kecamatan zoom."""
    base, _ = served
    v = open_page(visit, base, DAPIL, width, height)
    page = v.page
    size = f"{width}x{height}"
    # under 700 px the phone's own map (its names placed for its narrow frame) replaces the wide one
    plot = f".planlib-peta-{'hp' if width < 700 else 'lebar'} .js-plotly-plot"
    assert page.locator(plot).is_visible()
    worst = _names(page, plot, 12, screenshots / f"03-nama-{size}.png")
    dapil_1 = map_ranges(page, plot)
    filters_dapil = page.locator(".planlib-filter .widget-dropdown select").nth(1)
    filters_dapil.select_option(label="Dapil 2")
    page.wait_for_function(RANGE_CHANGED, arg=[plot, dapil_1], timeout=30_000)
    dapil_2 = map_ranges(page, plot)
    assert dapil_2[0] != dapil_1[0]  # the map follows the chosen Dapil
    worst = min(worst, _names(page, plot, 12, screenshots / f"03-nama-dapil-2-{size}.png"))
    assert_fits(page, f"03 {size}")

    page.get_by_text("Mode presentasi").click()
    bar = page.locator(".planlib-presentasi-bar")
    bar.wait_for(state="visible")
    big = _names(page, plot, 16, screenshots / f"03-nama-presentasi-{size}.png")
    whole = map_ranges(page, plot)
    bar.get_by_role("button", name="Kecamatan ›").click()
    page.wait_for_function(RANGE_CHANGED, arg=[plot, whole], timeout=30_000)
    kec = map_ranges(page, plot)
    assert kec[0][1] - kec[0][0] < whole[0][1] - whole[0][0]  # zoomed in on the kecamatan
    big = min(big, _names(page, plot, 16, screenshots / f"03-nama-presentasi-kecamatan-{size}.png"))
    assert_fits(page, f"03 presentasi {size}")
    print(f"03 {size}: worst contrast {worst:.2f}:1, presenting {big:.2f}:1")
    assert_offline(v)


def _target(ws_path) -> tuple[str, str, int]:
    """An usulan of the first Dapil, off the list's first page, and three words of its text.

    Returns its ID, the three words, and how many usulan of the Dapil those words find.
    """
    ws = open_workspace(ws_path)
    df = usulan_tahun(ws, 2026)
    dapil = sorted(df["dapil"].dropna().unique(), key=lambda d: int(str(d).split()[-1]))[0]
    df = df[df["dapil"] == dapil].sort_values(["nama_kecamatan", "nama_desa", "usulan_ke"])
    for r in df.iloc[::-1].itertuples():  # from the end: far from the first page
        words = [w for w in str(r.usulan).split() if len(w) > 3][:1] + str(r.nama_desa).split()[:2]
        if len(words) < 3:
            continue
        words = words[:3]
        found = cari_usulan(df, " ".join(words))
        if 1 < len(found) <= 12:
            return str(r.id_usulan), " ".join(words), len(found)
    raise AssertionError("no usulan of the demo found by three words")


def test_finder_picks_an_usulan_by_three_words_and_a_click(visit, served, screenshots):
    base, ws = served
    id_usulan, words, n = _target(ws)
    v = open_page(visit, base, PD, 1366, 768)
    page = v.page
    assert id_usulan not in page.locator(".planlib-daftar").inner_text()  # not on the first page
    # action 1: type three words of its text
    page.get_by_placeholder("ID, kata usulan atau nama desa").fill(words)
    row = page.locator(".planlib-baris", has=page.locator("button", has_text=id_usulan))
    row.wait_for(state="visible")
    assert page.locator(".planlib-baris:visible").count() == n
    # action 2: click its row (on the text, not the button)
    row.locator(".planlib-sel > div").nth(1).click()
    page.wait_for_function(
        "id => document.querySelector('.planlib-terpilih').innerText.includes(id)", arg=id_usulan
    )
    assert "planlib-dipilih" in row.get_attribute("class")
    # the reason is there on demand, in plain words
    details = row.locator("details")
    assert not details.evaluate("d => d.open")
    details.locator("summary").click()
    assert "mendukung indikator" in details.inner_text() or "tidak selaras" in details.inner_text()
    page.screenshot(path=screenshots / "04-cari-usulan.png")
    assert_offline(v)


def test_no_decision_is_recorded_until_one_is_chosen(visit, served, screenshots):
    base, ws = served
    v = open_page(visit, base, PD, 1366, 768)
    page = v.page
    first = page.locator(".planlib-baris button.planlib-pilih").first
    id_usulan = first.inner_text().strip()
    first.click()
    page.wait_for_function(
        "id => document.querySelector('.planlib-terpilih').innerText.includes(id)", arg=id_usulan
    )
    keputusan = page.locator(".planlib-form .widget-toggle-buttons")
    assert keputusan.locator("button.mod-active").count() == 0  # nothing chosen beforehand
    page.locator(".widget-text", has=page.locator("label", has_text="Pencatat")).locator(
        "input"
    ).fill("Penguji")
    # a text box sends each keystroke to the kernel (continuous_update), over the same
    # websocket as the click that follows, so the kernel has the text before the click
    page.locator(".planlib-form .widget-text input").fill("diuji tanpa keputusan")
    page.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_selector("text=Pilih keputusannya lebih dahulu", timeout=30_000)
    assert KeputusanStore(ws).history(id_usulan).empty
    page.screenshot(path=screenshots / "04-tanpa-keputusan.png")

    keputusan.get_by_role("button", name="Ditunda").click()
    keputusan.locator("button.mod-active").wait_for()
    page.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_selector(f"text=Tercatat: usulan {id_usulan}", timeout=30_000)
    hist = KeputusanStore(ws).history(id_usulan)
    assert list(hist["status"]) == ["ditunda"] and list(hist["oleh"]) == ["Penguji"]
    # the next decision starts unchosen again
    page.wait_for_function(
        "() => !document.querySelector('.planlib-form .widget-toggle-buttons button.mod-active')"
    )
    assert_offline(v)

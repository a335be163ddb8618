"""The dashboards as a viewer sees them: served by Voilà, in headless Chromium, with no internet."""

from __future__ import annotations

import json
import shutil

import pytest

from planlib import settings

from .conftest import check_names, map_names, map_ranges, start_serve, stop_serve

pytestmark = pytest.mark.browser

LOAD_MS = 120_000
#: what shows that 04's live view is up: the first row of its usulan list
PD_READY = ".planlib-baris button.planlib-pilih"


#: the dashboards opened here, the only ones the server keeps a preheated kernel for
OPENED = [
    "00-periksa-workspace.ipynb", "01-peta-usulan.ipynb", "02-indikator.ipynb",
    "03-forum-dapil.ipynb", "04-forum-perangkat-daerah.ipynb", "05-lintas-pd.ipynb",
    "06-rakerda.ipynb",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(demo_ws, tmp_path_factory):
    """``planlib serve`` on a copy of the demo (decisions are written into it), :data:`OPENED` preheated."""
    ws = tmp_path_factory.mktemp("served") / "contoh"
    shutil.copytree(demo_ws, ws)
    proc, base, log = start_serve(ws, "voila.log", env={settings.PREHEAT: ",".join(OPENED)})
    yield base
    stop_serve(proc, log)


def fills(page) -> list[str]:
    """The fill colours of the map polygons (plotly scatter ``fill: toself`` paths)."""
    return page.eval_on_selector_all(
        ".js-plotly-plot path.js-fill", "els => els.map(e => e.style.fill)"
    )


def open_dashboard(visit, server, name, query="", width=1280, height=1600):
    v = visit(width=width, height=height)
    v.page.goto(f"{server}/voila/render/{name}{query}", timeout=LOAD_MS)
    # the visible map: under 700 px a dashboard may show a phone's map instead of the wide one
    v.page.wait_for_selector(".js-plotly-plot path.js-fill >> visible=true", timeout=LOAD_MS)
    return v


def select(page, label: str, option: str) -> None:
    box = page.locator(".widget-dropdown", has=page.locator("label", has_text=label)).first
    box.locator("select").select_option(label=option)


def wait_fills_change(page, before, timeout=30_000):
    page.wait_for_function(
        "before => JSON.stringify([...document.querySelectorAll('.js-plotly-plot path.js-fill')]"
        ".map(e => e.style.fill)) !== before",
        arg=json.dumps(before, separators=(",", ":")),
        timeout=timeout,
    )


def record_decision(page, alasan: str, pencatat: str | None = None) -> str:
    """In 04, reject the first usulan of the list with ``alasan`` (typing ``pencatat`` when given); its ID.

    Picks the usulan by clicking its row, chooses "Ditolak" (nothing is chosen beforehand) and
    waits for the dashboard's "Tercatat" message. Text boxes send each keystroke to the kernel
    over the same websocket as the click that follows, so no wait is needed between them.
    """
    first = page.locator(".planlib-baris button.planlib-pilih").first
    id_usulan = first.inner_text().strip()
    first.click()
    page.wait_for_function(
        "id => document.querySelector('.planlib-terpilih').innerText.includes(id)", arg=id_usulan
    )
    if pencatat is not None:
        page.locator(".widget-text", has=page.locator("label", has_text="Pencatat")).locator(
            "input"
        ).fill(pencatat)
    page.locator("button.widget-toggle-button", has_text="Ditolak").click()
    page.locator(
        ".planlib-form .widget-text", has=page.locator("label", has_text="Alasan")
    ).locator("input").fill(alasan)
    page.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_selector(f"text=Tercatat: usulan {id_usulan}", timeout=30_000)
    return id_usulan


def assert_offline(v):
    assert v.blocked == [], f"requests to other hosts: {v.blocked[:5]}"
    assert v.errors == [], f"page errors: {v.errors[:3]}"


def test_peta_usulan_filters_change_map_and_table(visit, server, screenshots):
    v = open_dashboard(visit, server, "01-peta-usulan.ipynb")
    page = v.page
    before = fills(page)
    assert len(before) >= 12  # every kecamatan polygon is drawn
    assert len(set(before)) > 3  # and coloured by its number of usulan
    assert "Rp" in page.inner_text("body") and "usulan" in page.inner_text("body")
    table_before = page.locator("table.planlib-table").first.inner_text()
    page.screenshot(path=screenshots / "01-peta-usulan.png", full_page=True)

    select(page, "Dapil", "Dapil 2")
    wait_fills_change(page, before)
    after = fills(page)
    assert after != before
    page.wait_for_function(
        "t => document.querySelector('table.planlib-table').innerText !== t", arg=table_before
    )
    assert "Dapil 2" in page.inner_text("body")
    page.screenshot(path=screenshots / "01-peta-usulan-dapil-2.png", full_page=True)

    # selecting a kecamatan shows its usulan
    kec = page.locator(".widget-dropdown", has=page.locator("label", has_text="Kecamatan")).first
    options = kec.locator("option").all_inner_texts()
    kec.locator("select").select_option(label=options[1])
    name = options[1].replace("\xa0", " ")  # ipywidgets writes option labels with &nbsp;
    page.wait_for_function(
        "name => document.body.innerText.includes('Daftar usulan: ' + name)", arg=name
    )
    # the kecamatan list follows the dapil, so the chosen kecamatan has usulan to show
    assert page.locator("table.planlib-table tbody tr").count() > 0
    page.screenshot(path=screenshots / "01-peta-usulan-kecamatan.png", full_page=True)

    # desa level: one polygon per desa (the demo has 150 desa)
    n_kec = len(fills(page))
    page.locator("button.widget-toggle-button", has_text="Desa").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot path.js-fill').length > n + 100",
        arg=n_kec, timeout=30_000,
    )  # fmt: skip
    assert "per desa" in page.inner_text("body")
    page.screenshot(path=screenshots / "01-peta-usulan-desa.png", full_page=True)
    assert_offline(v)


#: records when the first paint's map and the live Plotly map are first in the page, visible
FIRST_SEEN = """
window.__seen = {};
new MutationObserver(() => {
  const now = performance.now();
  const first = document.querySelector('.planlib-pratinjau svg path');
  if (!('pratinjau' in window.__seen) && first && first.checkVisibility()) window.__seen.pratinjau = now;
  const live = document.querySelector('.js-plotly-plot path.js-fill');
  if (!('live' in window.__seen) && live && live.checkVisibility()) {
    window.__seen.live = now;
    const p = document.querySelector('.planlib-pratinjau');
    window.__seen.pratinjau_shown_with_live = !!p && p.checkVisibility();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_first_paint_then_live_map(visit, server, screenshots):
    """The map is in the page as SVG before Plotly has loaded; the live map then replaces it."""
    v = visit(width=1280, height=720)
    page = v.page
    page.add_init_script(FIRST_SEEN)
    page.goto(f"{server}/voila/render/01-peta-usulan.ipynb", wait_until="commit", timeout=LOAD_MS)
    page.wait_for_selector(".planlib-pratinjau svg path", state="visible", timeout=LOAD_MS)
    first = page.eval_on_selector_all(
        ".planlib-pratinjau svg path:has(title)", "els => els.map(e => getComputedStyle(e).fill)"
    )
    page.screenshot(path=screenshots / "01-peta-usulan-pratinjau.png")
    # the visible map: the phone's map (hidden at this size) is in the page too
    page.wait_for_selector(".js-plotly-plot path.js-fill >> visible=true", timeout=LOAD_MS)
    page.wait_for_function("() => 'live' in window.__seen")
    seen = page.evaluate("window.__seen")
    assert seen["pratinjau"] < seen["live"]
    assert seen["pratinjau_shown_with_live"] is False  # replaced, never both on screen
    shown = page.locator(".js-plotly-plot >> visible=true")
    assert shown.count() == 1
    live = shown.locator("path.js-fill").evaluate_all(
        "els => els.map(e => getComputedStyle(e).fill)"
    )
    assert len(first) >= 12 and sorted(first) == sorted(live)  # the same map, the same colours
    assert not page.locator(".planlib-pratinjau").first.is_visible()
    assert_offline(v)


def test_link_opens_filtered(visit, server, screenshots):
    v = open_dashboard(visit, server, "01-peta-usulan.ipynb", "?tahun=2025&dapil=3")
    page = v.page
    page.wait_for_function(
        "() => document.body.innerText.includes('RKPD 2025 — Dapil 3')", timeout=60_000
    )
    sel = page.locator(".widget-dropdown", has=page.locator("label", has_text="Dapil")).first
    assert sel.locator("select").evaluate("s => s.value") == "Dapil 3"
    # the preheated kernel's first paint shows the default view: the page dropped it
    assert page.locator(".planlib-pratinjau").count() == 0
    page.screenshot(path=screenshots / "01-peta-usulan-tautan.png", full_page=True)
    assert_offline(v)


def test_indikator_charts_and_map(visit, server, screenshots):
    v = open_dashboard(visit, server, "02-indikator.ipynb")
    page = v.page
    text = page.inner_text("body")
    assert text.count("Sumber:") >= 3
    assert "seri lama" in text and "seri revisi 2024" in text  # two IPM lines, never one
    assert "Target RPJMD" in text
    before = page.eval_on_selector_all(
        ".js-plotly-plot path.js-fill", "els => els.map(e => e.getAttribute('d'))"
    )
    assert len(before) >= 12
    select(page, "Dapil", "Dapil 1")
    page.wait_for_function(
        "b => JSON.stringify([...document.querySelectorAll('.js-plotly-plot path.js-fill')].map(e => e.getAttribute('d'))) !== b",
        arg=json.dumps(before, separators=(",", ":")), timeout=30_000,
    )  # fmt: skip
    page.screenshot(path=screenshots / "02-indikator.png", full_page=True)
    select(page, "Indikator", "Persentase Penduduk Miskin")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gtitle')].filter("
        "e => e.textContent.includes('Persentase Penduduk Miskin')).length >= 2",
        timeout=30_000,
    )
    # both charts of the new indicator have drawn their traces
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.js-plotly-plot')].filter(e =>"
        " [...e.querySelectorAll('.gtitle')].some(t => t.textContent.includes('Persentase Penduduk Miskin')));"
        " return p.length >= 2 && p.every(e => e._fullData && e._fullData.length > 0"
        " && e.querySelectorAll('g.trace, g.table').length > 0); }",
        timeout=30_000,
    )  # fmt: skip
    page.screenshot(path=screenshots / "02-indikator-p0.png", full_page=True)
    assert_offline(v)


def test_forum_dapil_on_a_projector(visit, server, screenshots):
    v = open_dashboard(visit, server, "03-forum-dapil.ipynb", width=1280, height=720)
    page = v.page
    before = fills(page)
    cards = page.locator(".planlib-card").first.inner_text()
    page.screenshot(path=screenshots / "03-forum-dapil.png")
    select(page, "Dapil", "Dapil 3")
    wait_fills_change(page, before)
    page.wait_for_function(
        "t => document.querySelector('.planlib-card').innerText !== t", arg=cards
    )
    assert "Dapil 3" in (page.locator(".js-plotly-plot .gtitle").first.text_content() or "")
    page.get_by_text("Usulan per OPD", exact=True).click()
    page.wait_for_selector("text=siapa menjawab apa")
    page.screenshot(path=screenshots / "03-forum-dapil-opd.png")
    page.get_by_text("Mode presentasi").click()
    page.locator(".planlib-presentasi-bar .planlib-keluar").wait_for(state="visible")
    # the presentation keeps the Dapil chosen before it, and its map shows that Dapil's areas
    assert "Dapil 3" in page.locator(".planlib-presentasi-bar").inner_text()
    page.screenshot(path=screenshots / "03-forum-dapil-presentasi.png")
    page.locator(".planlib-presentasi-bar .planlib-keluar").click()
    page.locator(".planlib-presentasi-bar").wait_for(state="hidden")
    assert_offline(v)


def test_periksa_workspace(visit, server, screenshots):
    v = visit()
    v.page.goto(f"{server}/voila/render/00-periksa-workspace.ipynb", timeout=LOAD_MS)
    v.page.wait_for_selector("text=Baris masuk", timeout=LOAD_MS)
    assert "usulan_2026.xlsx" in v.page.inner_text("body")
    v.page.screenshot(path=screenshots / "00-periksa.png", full_page=True)
    assert_offline(v)


def test_forum_pd_decision_survives_a_reload(visit, server, screenshots):
    """A decision recorded in the dashboard is found again by a new kernel after a reload."""
    v = visit(width=1280, height=1400)
    page = v.page
    page.goto(f"{server}/voila/render/04-forum-perangkat-daerah.ipynb", timeout=LOAD_MS)
    page.wait_for_selector(PD_READY, timeout=LOAD_MS)
    alasan = "sudah dibangun APBDes 2025 (uji peramban)"
    id_usulan = record_decision(page, alasan, pencatat="Penguji")
    row = page.locator(".planlib-baris", has=page.locator("button", has_text=id_usulan)).first
    page.wait_for_function(
        "([id, t]) => [...document.querySelectorAll('.planlib-baris')].some("
        "r => r.innerText.includes(id) && r.innerText.includes(t))",
        arg=[id_usulan, f"Ditolak: {alasan} (Penguji)"],
    )
    assert f"Ditolak: {alasan} (Penguji)" in row.inner_text()
    page.screenshot(path=screenshots / "04-forum-pd-keputusan.png", full_page=True)

    page.reload(timeout=LOAD_MS)  # a new page, a new kernel
    page.wait_for_selector(PD_READY, timeout=LOAD_MS)
    assert "Tercatat:" not in page.inner_text("body")  # not the old page's message
    # a preheated kernel was built before the decision; it re-reads the decisions when the viewer comes
    page.wait_for_function(
        "t => [...document.querySelectorAll('.planlib-baris')].some(r => r.innerText.includes(t))",
        arg=f"Ditolak: {alasan} (Penguji)", timeout=30_000,
    )  # fmt: skip

    page.get_by_text("Skor & pagu", exact=True).click()
    page.get_by_role("button", name="Hitung alokasi").click()
    page.wait_for_selector("text=Garis batas per kecamatan", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=30_000)
    page.screenshot(path=screenshots / "04-forum-pd-pagu.png", full_page=True)
    assert_offline(v)


def test_lintas_pd_matrix_and_repeats(visit, server, screenshots):
    v = visit(width=1280, height=1400)
    page = v.page
    page.goto(f"{server}/voila/render/05-lintas-pd.ipynb", timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=LOAD_MS)
    head = page.locator("h4", has_text="bersama").first.inner_text()
    b = page.locator(".widget-dropdown", has=page.locator("label", has_text="OPD B")).first
    current = b.locator("select").evaluate("s => s.value")
    other = b.locator("option").evaluate_all(
        "(os, cur) => os.map(o => o.value).filter(v => v !== cur)", current
    )
    b.locator("select").select_option(value=other[0])
    page.wait_for_function(
        "t => [...document.querySelectorAll('h4')].some(h => h.innerText.includes('bersama') && h.innerText !== t)",
        arg=head, timeout=30_000,
    )  # fmt: skip
    page.screenshot(path=screenshots / "05-lintas-pd.png", full_page=True)
    page.get_by_text("Usulan berulang", exact=True).click()
    page.wait_for_selector("text=Riwayat", timeout=30_000)
    assert "diusulkan" in page.inner_text("body")
    page.screenshot(path=screenshots / "05-lintas-pd-berulang.png", full_page=True)
    assert_offline(v)


def test_rakerda_scorecard_filter_and_faktor_survive_a_reload(visit, server, screenshots):
    """06: the bidang filter changes the scorecard; a faktor recorded is found after a reload."""
    v = open_dashboard(visit, server, "06-rakerda.ipynb", height=2200)
    page = v.page
    skor = page.locator("table.rakerda-skor").first
    before = skor.inner_text()
    assert "Bidang pembangunan manusia" in before and "Bidang infrastruktur" in before
    # every band is a word on a coloured badge, never colour alone
    words = page.eval_on_selector_all(".rakerda-kat", "els => els.map(e => e.innerText)")
    assert len(words) > 10 and set(words) <= {
        "sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah", "tidak dinilai",
    }  # fmt: skip
    assert "Sub kegiatan tertinggal — bahan RKPD 2027" in page.inner_text("body")
    page.screenshot(path=screenshots / "06-rakerda.png", full_page=True)

    map_before = fills(page)
    select(page, "Bidang", "infrastruktur")
    page.wait_for_function(
        "t => document.querySelector('table.rakerda-skor').innerText !== t", arg=before,
        timeout=30_000,
    )  # fmt: skip
    after = skor.inner_text()
    assert "Bidang infrastruktur" in after and "Bidang pembangunan manusia" not in after
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in after and "Dinas Kesehatan" not in after
    wait_fills_change(page, map_before)
    page.screenshot(path=screenshots / "06-rakerda-infrastruktur.png", full_page=True)
    page.get_by_text("Indikator RPJMD per bidang").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "06-rakerda-indikator-peta.png")

    faktor = "Banjir Mei menunda pengaspalan (uji peramban)"
    select(page, "OPD", "Dinas Pekerjaan Umum dan Penataan Ruang")
    page.locator("button.widget-toggle-button", has_text="Penghambat").click()
    page.locator(".widget-text", has=page.locator("label", has_text="Faktor")).locator(
        "input"
    ).fill(faktor)
    page.locator(".widget-text", has=page.locator("label", has_text="Pencatat")).locator(
        "input"
    ).fill("Notulis Rakerda")
    # the button turns active when the kernel has both texts
    catat = page.get_by_role("button", name="Catat faktor")
    page.wait_for_function("b => !b.disabled", arg=catat.element_handle(), timeout=30_000)
    catat.click()
    page.wait_for_selector("text=Tercatat: faktor penghambat", timeout=30_000)
    row = page.locator("table.planlib-table tr", has=page.locator("td", has_text=faktor)).first
    assert "Notulis Rakerda" in row.inner_text() and "Penghambat" in row.inner_text()

    page.reload(timeout=LOAD_MS)  # a new page, a new kernel (maybe preheated before the note)
    page.wait_for_selector(".js-plotly-plot path.js-fill", timeout=LOAD_MS)
    assert "Tercatat:" not in page.inner_text("body")
    page.wait_for_function(
        "t => [...document.querySelectorAll('table.planlib-table tr')].some(r => r.innerText.includes(t))",
        arg=faktor, timeout=30_000,
    )  # fmt: skip
    page.locator(
        "table.planlib-table tr", has=page.locator("td", has_text=faktor)
    ).first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "06-rakerda-faktor.png")


def _download(page, link_text: str, tmp_path, timeout=120_000):
    """Click the download link whose text starts with ``link_text``; the saved file's path."""
    link = page.locator("a.planlib-unduh", has_text=link_text).first
    link.wait_for(timeout=timeout)
    with page.expect_download(timeout=60_000) as info:
        link.click()
    d = info.value
    assert d.failure() is None
    path = tmp_path / d.suggested_filename
    d.save_as(path)
    return path


def test_downloads_arrive_and_open(visit, server, screenshots, tmp_path):
    """Voilà answers 403 to FileLink; the data: links of planlib's download buttons work offline."""
    from openpyxl import load_workbook
    from pptx import Presentation

    v = visit(width=1280, height=1400)
    page = v.page
    page.goto(f"{server}/voila/render/04-forum-perangkat-daerah.ipynb", timeout=LOAD_MS)
    page.wait_for_selector(PD_READY, timeout=LOAD_MS)
    n_shown = page.locator(".planlib-baris:visible").count()
    n_all = int(page.locator(".planlib-card .v").first.inner_text().replace(".", ""))
    # the pokir carried beside the usulan (a pokir repeating an usulan shares its row)
    pokir_card = page.locator(".planlib-card", has_text="pokir lain").locator(".v")
    n_pokir = int(pokir_card.inner_text().replace(".", "")) if pokir_card.count() else 0
    page.get_by_role("button", name="Unduh tabel (xlsx)").click()
    table = _download(page, "Unduh forum-pd-", tmp_path)
    rows = list(load_workbook(table).active.iter_rows(values_only=True))
    assert rows[2][0] == "ID" and rows[2][-1] == "Sumber"
    body = rows[3:]
    # every row, not only those shown: each usulan, and each pokir of its own
    assert len(body) == n_all + n_pokir and n_all > n_shown
    assert sum(str(r[-1]).startswith("Pokir") for r in body) == n_pokir

    page.get_by_text("Berita Acara", exact=True).click()
    page.get_by_role("button", name="Buat Berita Acara (xlsx)").click()
    ba = _download(page, "Unduh berita-acara-", tmp_path)
    book = load_workbook(ba)
    assert "BERITA ACARA" in [c.value for c in book.worksheets[0]["A"]][:3]

    page.get_by_role("button", name="Unduh deck Dapil (pptx + PDF)").click()
    pptx = _download(page, "Unduh deck-", tmp_path, timeout=240_000)
    assert pptx.suffix == ".pptx"
    slides = list(Presentation(str(pptx)).slides)
    assert len(slides) >= 4
    page.screenshot(path=screenshots / "04-forum-pd-unduh.png", full_page=True)
    assert_offline(v)


@pytest.mark.parametrize(
    "size",
    [(1280, 720), pytest.param((1366, 768), marks=pytest.mark.slow), (390, 844)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_peta_usulan_names_are_readable_and_dapil_zooms(visit, server, screenshots, size):
    """Names ≥ 4.5:1 against their fill, ≥ 12 px (≥ 16 px with "Teks peta besar"), no overlaps; Dapil zooms.

    Under 700 px the phone's map (its own width and names) is shown instead of the wide one.
    """
    w, h = size
    phone = w < 700
    v = open_dashboard(visit, server, "01-peta-usulan.ipynb", width=w, height=h)
    page = v.page
    plot = ".planlib-peta-hp .js-plotly-plot" if phone else ".planlib-peta-lebar .js-plotly-plot"
    other = ".planlib-peta-lebar .js-plotly-plot" if phone else ".planlib-peta-hp .js-plotly-plot"
    page.locator(plot).first.scroll_into_view_if_needed()
    page.wait_for_function(
        "s => document.querySelectorAll(s + ' g.textpoint text').length >= 8", arg=plot
    )
    assert page.locator(plot).first.is_visible()
    assert not page.locator(other).first.is_visible()  # one map at a time
    names = map_names(page, plot)
    page.screenshot(path=screenshots / f"01-peta-usulan-nama-{w}x{h}.png")
    worst = check_names(names, 12)
    print(f"{w}x{h}: {len(names)} names, worst contrast {worst:.2f}:1")
    if phone:
        # the phone's map fits the screen: nothing to scroll sideways
        box = page.evaluate(
            "s => { const b = document.querySelector(s).closest('.jp-RenderedPlotly');"
            " return [b.getBoundingClientRect().right, b.clientWidth, b.scrollWidth,"
            " document.documentElement.clientWidth]; }",
            plot,
        )
        print(f"{w}x{h}: phone map (right, client, scroll, page) {box}")
        assert box[0] <= box[3] and box[2] <= box[1], box
    whole = map_ranges(page, plot)

    select(page, "Dapil", "Dapil 2")
    page.wait_for_function("() => document.body.innerText.includes('— Dapil 2')", timeout=30_000)
    page.wait_for_function("a => JSON.stringify(document.querySelector(a[1])._fullLayout.xaxis.range)"
                           " !== JSON.stringify(a[0][0])", arg=[whole, plot], timeout=30_000)  # fmt: skip
    zoomed = map_ranges(page, plot)
    assert zoomed[0][1] - zoomed[0][0] < whole[0][1] - whole[0][0]  # zoomed in on the dapil
    page.locator(plot).first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"01-peta-usulan-nama-dapil-2-{w}x{h}.png")
    check_names(map_names(page, plot), 12)

    if not phone:  # "Teks peta besar" is for a meeting room's screen; a phone's map keeps 13 px
        page.locator("button.widget-toggle-button", has_text="Teks peta besar").click()
        page.wait_for_function(
            "s => [...document.querySelectorAll(s + ' g.textpoint text')]"
            ".every(t => parseFloat(getComputedStyle(t).fontSize) >= 16)", arg=plot, timeout=30_000,
        )  # fmt: skip
        page.locator(plot).first.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"01-peta-usulan-nama-besar-{w}x{h}.png")
        big = check_names(map_names(page, plot), 16)
        print(f"{w}x{h} presentasi: worst contrast {big:.2f}:1")

    select(page, "Dapil", "(semua)")
    page.wait_for_function("a => JSON.stringify(document.querySelector(a[1])._fullLayout.xaxis.range)"
                           " !== JSON.stringify(a[0][0])", arg=[zoomed, plot], timeout=30_000)  # fmt: skip
    back = map_ranges(page, plot)
    assert back[0][1] - back[0][0] == pytest.approx(whole[0][1] - whole[0][0], rel=1e-6)
    assert_offline(v)

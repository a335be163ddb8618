"""The dashboards as a viewer sees them: served by Voilà, in headless Chromium, with no internet."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

LOAD_MS = 120_000


def fills(page) -> list[str]:
    """The fill colours of the map polygons (plotly scatter ``fill: toself`` paths)."""
    return page.eval_on_selector_all(
        ".js-plotly-plot path.js-fill", "els => els.map(e => e.style.fill)"
    )


def open_dashboard(visit, server, name, query="", width=1280, height=1600):
    v = visit(width=width, height=height)
    v.page.goto(f"{server}/voila/render/{name}{query}", timeout=LOAD_MS)
    v.page.wait_for_selector(".js-plotly-plot path.js-fill", timeout=LOAD_MS)
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
    assert_offline(v)


def test_link_opens_filtered(visit, server, screenshots):
    v = open_dashboard(visit, server, "01-peta-usulan.ipynb", "?tahun=2025&dapil=3")
    page = v.page
    page.wait_for_function(
        "() => document.body.innerText.includes('RKPD 2025 — Dapil 3')", timeout=60_000
    )
    sel = page.locator(".widget-dropdown", has=page.locator("label", has_text="Dapil")).first
    assert sel.locator("select").evaluate("s => s.value") == "Dapil 3"
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
    page.wait_for_timeout(1500)
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
    page.get_by_text("Usulan per OPD", exact=True).click()
    page.wait_for_selector("text=siapa menjawab apa")
    page.screenshot(path=screenshots / "03-forum-dapil-opd.png")
    page.get_by_text("Mode presentasi").click()
    page.screenshot(path=screenshots / "03-forum-dapil-presentasi.png")
    assert_offline(v)


def test_periksa_workspace(visit, server, screenshots):
    v = visit()
    v.page.goto(f"{server}/voila/render/00-periksa-workspace.ipynb", timeout=LOAD_MS)
    v.page.wait_for_selector("text=Baris masuk", timeout=LOAD_MS)
    assert "usulan_2026.xlsx" in v.page.inner_text("body")
    v.page.screenshot(path=screenshots / "00-periksa.png", full_page=True)
    assert_offline(v)

"""The setup page, as a Bappeda analyst uses it: from an empty folder to a drawn map, offline.

``planlib serve`` on an empty folder serves *Siapkan workspace*: the analyst types the
kabupaten's name, picks it, creates the workspace, drops the files from the desk (a desa
file and a SIPD export), reads what each was recognised as, and opens the map.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import axe_violations, start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline, fills

pytestmark = [pytest.mark.browser, pytest.mark.shared]


@pytest.fixture(scope="module")
def desk(shared, tmp_path_factory) -> Path:
    """The files on the desk of Gunungkidul's Bappeda: desa polygons and this year's export."""
    from planlib import open_workspace
    from planlib.demo import write_usulan_for
    from planlib.intake.register import tambah
    from planlib.templates import write_skeleton

    base = tmp_path_factory.mktemp("meja")
    desa = base / "meja" / "Batas Desa Gunungkidul.geojson"
    desa.parent.mkdir()
    shutil.copy(shared / "boundaries/desa_gunungkidul_3403.geojson", desa)
    scratch = write_skeleton(base / "scratch", "34.03")
    tambah(scratch, [desa])
    ws = open_workspace(scratch)
    (made,) = write_usulan_for(scratch, ws.kecamatan, ws.desa, ws.config.nama, tahun=(2026,),
                               per_tahun=400).values()  # fmt: skip
    shutil.copy(scratch / made, desa.parent / "export sipd 2026.xlsx")
    return desa.parent


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kosong") / "gunungkidul"
    proc, base, log = start_serve(folder, "voila-siapkan.log")
    yield base, folder
    stop_serve(proc, log)


def test_from_an_empty_folder_to_a_drawn_map(visit, empty_server, desk, screenshots):
    base, folder = empty_server
    assert not (folder / "planlib.toml").exists()
    v = visit(width=1280, height=720)
    page = v.page
    page.goto(f"{base}/voila/render/siapkan-workspace.ipynb", timeout=LOAD_MS)
    page.wait_for_selector("text=belum berisi workspace", timeout=LOAD_MS)
    page.screenshot(path=str(screenshots / "siapkan-1-kosong-1280.png"))
    assert axe_violations(page) == []
    # the searchable list: type part of the name, the list offers the kabupaten
    box = page.locator("input[list]")  # the Combobox: a text input with a datalist
    box.fill("Gunungkidul")
    options = page.eval_on_selector_all(
        "datalist option", "os => os.map(o => o.value).filter(v => v.includes('Gunungkidul'))"
    )
    assert options == ["Kabupaten Gunungkidul (Daerah Istimewa Yogyakarta, 34.03)"]
    box.fill(options[0])
    box.press("Enter")
    page.get_by_role("button", name="Buat workspace").click()
    page.wait_for_selector("text=Workspace Kabupaten Gunungkidul", timeout=60_000)
    assert "5 Dapil" in page.inner_text(".planlib-siapkan")
    assert (folder / "planlib.toml").exists()
    # drop the desk's files as they are
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Pilih berkas").click()
    chooser.value.set_files([str(p) for p in sorted(desk.iterdir())])
    page.wait_for_selector("table.planlib-hasil", timeout=120_000)
    rows = page.eval_on_selector_all(
        "table.planlib-hasil tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.innerText))"
    )
    got = {r[0]: (r[1], r[2]) for r in rows}
    assert got == {
        "Batas Desa Gunungkidul.geojson": ("batas desa/kelurahan", "ditambahkan"),
        "export sipd 2026.xlsx": ("ekspor usulan Musrenbang (SIPD / E-Perencanaan) 2026", "ditambahkan"),
    }  # fmt: skip
    page.wait_for_selector("text=usulan tahun 2026", timeout=60_000)
    page.screenshot(path=str(screenshots / "siapkan-2-berkas-1280.png"), full_page=True)
    assert axe_violations(page) == []
    # then the map: every kecamatan drawn
    page.get_by_role("link", name="Peta usulan").click()
    page.wait_for_selector(".js-plotly-plot path.js-fill", timeout=LOAD_MS)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot path.js-fill').length >= 18", timeout=LOAD_MS
    )
    assert len(fills(page)) >= 18
    page.screenshot(path=str(screenshots / "siapkan-3-peta-1280.png"))
    assert_offline(v)


def test_the_setup_page_on_a_phone(visit, empty_server, screenshots):
    base, _ = empty_server
    v = visit(width=390, height=844)
    v.page.goto(f"{base}/voila/render/siapkan-workspace.ipynb", timeout=LOAD_MS)
    v.page.wait_for_selector("text=Siapkan workspace", timeout=LOAD_MS)
    v.page.wait_for_selector(".planlib-siapkan h2", timeout=LOAD_MS)
    v.page.wait_for_function(  # either state of the folder: before or after the other test
        "['Workspace Kabupaten Gunungkidul', 'belum berisi workspace']"
        ".some(t => document.body.innerText.includes(t))", timeout=LOAD_MS,
    )  # fmt: skip
    width = v.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing scrolls sideways on a phone
    # a wide table scrolls in its own box, so every column can be reached: the first box
    # narrower than the table must scroll sideways, not clip it
    clipped = v.page.evaluate(
        "[...document.querySelectorAll('.planlib-siapkan table')].filter(t => {"
        " for (let b = t.parentElement; b && b !== document.body; b = b.parentElement) {"
        "  if (b.clientWidth < t.scrollWidth) {"
        "   return !['auto', 'scroll'].includes(getComputedStyle(b).overflowX); } }"
        " return false; }).length"
    )
    assert clipped == 0
    v.page.screenshot(path=str(screenshots / "siapkan-390.png"), full_page=True)
    assert_offline(v)

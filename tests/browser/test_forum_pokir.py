"""04 Forum PD with pokir, served for real: a duplicated pair is one row with two sources,
and the same decision is offered for the pokir, recorded only when the analyst clicks."""

from __future__ import annotations

import shutil

import pytest

from planlib import open_workspace
from planlib.forum.keputusan import KeputusanStore
from planlib.forum.pokir_forum import pasangan
from planlib.forum.selection import pilihan_forum
from planlib.rekap import usulan_tahun

from .conftest import start_serve, stop_serve
from .test_dashboards import LOAD_MS, assert_offline

pytestmark = pytest.mark.browser

PD = "04-forum-perangkat-daerah.ipynb"


@pytest.fixture(scope="module")
def served(demo_ws, tmp_path_factory):
    """``planlib serve`` on a copy of the demo, and a pair of the first Dapil: (base, ws, pair)."""
    root = tmp_path_factory.mktemp("forum-pokir") / "contoh"
    shutil.copytree(demo_ws, root)
    ws = open_workspace(root)
    tahun = max(ws.tahun)
    dapil = pilihan_forum(ws, tahun)[0][0]
    of = usulan_tahun(ws, tahun).set_index("id_usulan")["dapil"]
    pairs = pasangan(ws, tahun)
    pair = pairs[pairs["id_usulan"].map(of) == dapil].iloc[0]
    proc, base, log = start_serve(root, "voila-forum-pokir.log")
    yield base, root, tahun, pair
    stop_serve(proc, log)


def test_a_pair_is_one_row_and_the_decision_is_offered_for_the_pokir(visit, served, screenshots):
    base, root, tahun, pair = served
    usulan, pokir = str(pair["id_usulan"]), str(pair["id_pokir"])
    v = visit(width=1366, height=768)
    page = v.page
    page.goto(f"{base}/voila/render/{PD}", timeout=LOAD_MS)
    page.wait_for_selector(".planlib-baris button.planlib-pilih", timeout=LOAD_MS)
    page.get_by_placeholder("ID, kata usulan atau nama desa").fill(usulan)
    row = page.locator(".planlib-baris", has=page.locator("button", has_text=usulan))
    row.wait_for(state="visible")
    assert f"Musrenbang + Pokir — {pair['pengusul']}" in row.inner_text()
    page.wait_for_function(  # the one row found is picked
        "id => document.querySelector('.planlib-terpilih').innerText.includes(id)", arg=usulan
    )
    page.locator(".widget-text", has=page.locator("label", has_text="Pencatat")).locator(
        "input"
    ).fill("Penguji")
    page.locator(".planlib-form .widget-toggle-buttons").get_by_role(
        "button", name="Diterima"
    ).click()
    page.locator(".planlib-form .widget-text input").fill("sesuai Renja")
    page.get_by_role("button", name="Catat keputusan", exact=True).click()
    offer = page.get_by_role("button", name=f"Catat keputusan yang sama untuk pokir {pokir}")
    offer.wait_for(state="visible", timeout=30_000)
    store = KeputusanStore(root)
    assert store.current(tahun).set_index("id_usulan").loc[usulan, "status"] == "diterima"
    assert pokir not in set(store.current(tahun, jenis="pokir")["id_usulan"])  # only offered
    for width, height in ((1366, 768), (1280, 720), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        offer.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"04-pokir-tawaran-{width}x{height}.png")
    offer.click()
    page.wait_for_selector(f"text=Keputusan yang sama dicatat untuk pokir {pokir}", timeout=30_000)
    k = KeputusanStore(root).current(tahun, jenis="pokir").set_index("id_usulan").loc[pokir]
    assert k["status"] == "diterima" and k["oleh"] == "Penguji"
    assert_offline(v)

"""``planlib bagikan``: the Rembuk Remas section, and the map names' colour rule in the shared files."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from plotly.colors import sample_colorscale

from planlib import open_workspace
from planlib.bagikan import bagikan, data, page
from planlib.masalah.store import DB_NAME, MasalahStore
from planlib.masalah.tempat import resolve_tempat
from planlib.rembuk import per_wilayah, peta_masalah
from planlib.viz import scales, textcolour

from .test_bagikan import HOSTILE

TAHUN = 2026


@pytest.fixture(scope="module")
def rembuk_copy(demo_ws, tmp_path_factory):
    """A copy of the demo (its masalah are in Padang Harapan, Dapil 3) and its exported files."""
    root = tmp_path_factory.mktemp("bagikan_rembuk") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache"))
    res = bagikan(root, TAHUN, root.parent / "out")
    return root, res


def test_the_dapils_masalah_with_the_usulan_that_answer_them(rembuk_copy):
    root, res = rembuk_copy
    ws = open_workspace(root)
    m, _ = peta_masalah(ws, TAHUN)
    dapil_of = ws.kecamatan.set_index("kode")["dapil"]
    p = data.from_html(res.files["Dapil 3"].read_text(encoding="utf-8"))
    rb = p["rembuk"]
    mine = m[m["kode_kecamatan"].map(dapil_of) == "Dapil 3"]
    assert len(mine) > 0 and rb["tahun"] == [TAHUN] and rb["level"] == "desa"
    assert sorted(r["id"] for r in rb["rows"]) == sorted(mine["id_masalah"].astype(int))
    desa = p["map"]["desa"]
    for r in rb["rows"]:
        src = mine[mine["id_masalah"] == r["id"]].iloc[0]
        assert r["masalah"] == src["masalah"] and r["isu"] == (src["isu"] or "")
        assert r["usulan"] == [str(i) for i in src["id_usulan_terkait"]]
        assert desa[r["area"]]["kode"] == src["kode_wilayah"]  # only the Dapil's desa are drawn
    assert any(r["usulan"] for r in rb["rows"]) and any(not r["usulan"] for r in rb["rows"])
    # the counts and colours are planlib.rembuk's; each name's colour is the labels' rule
    peta = rb["peta"][str(TAHUN)]
    codes = np.array([d["kode"] for d in desa], dtype=object)
    import pandas as pd

    per = per_wilayah(mine, pd.Series(codes, dtype=object), "desa")
    assert peta["jumlah"] == per["jumlah"].tolist() and sum(peta["jumlah"]) == len(mine)
    assert peta["fill"] == scales.colours(per["jumlah"], vmax=4.0).tolist()
    for k, colour in zip(p["map"]["kecamatan"], peta["nama"], strict=True):
        under = peta["fill"][k["bawah_desa"]] if k["bawah_desa"] >= 0 else "#ffffff"
        assert colour == list(textcolour.text_colour(under))
        assert textcolour.contrast(colour[0], under) >= 4.5
    rows = {k["kecamatan"]: k for k in peta["kecamatan"]}
    assert rows["Padang Harapan"]["masalah"] == len(mine)
    assert set(rows) == set(ws.kecamatan.loc[ws.kecamatan["dapil"] == "Dapil 3", "nama"])


def test_a_dapil_without_masalah_says_so(rembuk_copy):
    _, res = rembuk_copy
    text = res.files["Dapil 1"].read_text(encoding="utf-8")
    assert data.from_html(text)["rembuk"]["rows"] == []
    assert "Belum ada masalah Rembuk Remas yang tercatat untuk Dapil 1." in text
    assert "id='rb-svg'" not in text


def test_no_database_no_section_rows_and_none_created(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(f"{DB_NAME}*", ".planlib-cache"))
    res = bagikan(root, TAHUN, tmp_path / "out", dapil="3")
    text = res.files["Dapil 3"].read_text(encoding="utf-8")
    assert "Belum ada masalah Rembuk Remas yang tercatat untuk Dapil 3." in text
    assert not (root / DB_NAME).exists()


def test_hostile_masalah_text_stays_text(rembuk_copy, tmp_path):
    root, _ = rembuk_copy
    copy = tmp_path / "contoh"
    shutil.copytree(root, copy)
    ws = open_workspace(copy)
    t = resolve_tempat(ws.wilayah, desa="Lok Durian")
    MasalahStore(copy).record(TAHUN, t, "Sumur kering" + HOSTILE, "Notulis" + HOSTILE)
    text = page.render(data.payload(ws, data.inputs(ws), "Dapil 3", TAHUN))
    start = text.index('id="bg-data">') + len('id="bg-data">')
    island = text[start : text.index("</script>", start)]
    assert not set(island) & set("<>&\u2028\u2029")
    assert any(
        r["masalah"] == "Sumur kering" + HOSTILE for r in data.from_html(text)["rembuk"]["rows"]
    )
    assert "<img" not in text


@pytest.mark.parametrize("scale", [scales.COLORSCALE, scales.SCALE_TURUN])
def test_name_colour_bands_give_the_labels_rule_along_the_scale(scale):
    bands = scales.text_bands(scale)
    assert bands[0][0] == 0.0 and [b[0] for b in bands] == sorted(b[0] for b in bands)
    for p in np.linspace(0, 1, 401).tolist():
        fill = sample_colorscale(scale, [p])[0]
        pick = [b for b in bands if b[0] <= p][-1]
        assert (pick[1], pick[2]) == textcolour.text_colour(fill), p
        assert textcolour.contrast(pick[1], fill) >= 4.5


def test_main_map_names_carry_the_area_under_them(rembuk_copy):
    _, res = rembuk_copy
    text = res.files[None].read_text(encoding="utf-8")
    p = data.from_html(text)
    kec = p["map"]["kecamatan"]
    assert all(k["bawah_kec"] == i for i, k in enumerate(kec) if k["drawn"])
    assert all(k["bawah_desa"] >= 0 for k in kec if k["drawn"])
    assert p["map"]["dapil_label"] and all(lb["bawah_kec"] >= 0 for lb in p["map"]["dapil_label"])
    assert p["label_warna"]["pita"] == scales.text_bands()
    assert "data-desa=" in text and "fill:#222" not in text

"""The Rembuk Remas map of the documents (:func:`planlib.documents.peta_rembuk.peta_rembuk`)."""

from __future__ import annotations

import shutil

from planlib import open_workspace
from planlib.documents import charts
from planlib.documents.peta_rembuk import peta_rembuk
from planlib.masalah import DB_NAME
from planlib.rembuk import per_wilayah, peta_masalah
from planlib.viz import maps


def test_desa_coloured_by_their_masalah_and_drawn_as_a_png(demo_ws, tmp_path):
    ws = open_workspace(demo_ws)
    chart = peta_rembuk(ws, 2026, "Dapil 3")
    m, _ = peta_masalah(ws, 2026)
    per = per_wilayah(m, chart.areas["kode"].astype(object), "desa")
    assert int(per["jumlah"].sum()) == int((m["tingkat"] == "desa").sum()) > 0
    assert chart.fill == maps.colours(per["jumlah"], vmax=4.0).tolist()
    assert set(chart.areas["kode"].str.rsplit(".", n=1).str[0]) <= set(
        ws.kecamatan.loc[ws.kecamatan["dapil"] == "Dapil 3", "kode"]
    )
    assert "perencanaan 2026 — Dapil 3" in chart.title and chart.colorbar is not None
    out = charts.render([chart], tmp_path / "png")
    assert out.paths[0].stat().st_size > 10_000


def test_no_database_an_all_grey_map_and_none_created(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(f"{DB_NAME}*", ".planlib-cache"))
    chart = peta_rembuk(open_workspace(root), 2026)
    assert set(chart.fill) == {maps.EMPTY_COLOR}
    assert not (root / DB_NAME).exists()

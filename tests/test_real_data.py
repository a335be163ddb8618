"""Workspaces built from the public data in PLANLIB_SHARED_DATA (read in place, never copied)."""

from __future__ import annotations

import pytest

from planlib import open_workspace

from .conftest import REAL, real_workspace
from .support import unavailable


@pytest.fixture(scope="module", params=sorted(REAL))
def ws(request, shared, tmp_path_factory):
    root = real_workspace(
        shared, tmp_path_factory.mktemp(request.param.replace(".", "_")), request.param
    )
    return open_workspace(root)


def test_every_file_balanced(ws):
    for f in ws.report.files:
        assert f.fatal is None, f.fatal
        assert f.balanced, (f.path, f.rows_in, f.rows_loaded, f.rows_reported)


def test_every_polygon_matches_a_code(ws):
    codes = set(ws.wilayah.kode["kode"])
    poly = ws.kecamatan[ws.kecamatan.geometry.notna()]
    assert len(poly) == len(
        ws.wilayah.kecamatan
    )  # every kecamatan of the code list has its polygon
    assert set(poly["kode"]) <= codes
    assert poly.geometry.is_valid.all()
    assert ws.desa is not None and set(ws.desa["kode"]) <= codes and ws.desa.geometry.is_valid.all()
    assert ws.kecamatan.crs.to_epsg() == 4326


def test_display_copy_keeps_shared_edges(ws):
    import shapely

    disp = ws.display("kecamatan")
    assert len(disp) == len(ws.kecamatan.dropna(subset=["geometry"]))
    assert disp.geometry.is_valid.all()
    before = shapely.get_num_coordinates(ws.kecamatan.geometry.dropna().values).sum()
    after = shapely.get_num_coordinates(disp.geometry.values).sum()
    assert after <= before
    if before > 100 * len(disp):  # dense boundaries get lighter; coarse ones are left as they are
        assert after < before
    # a coverage stays a coverage: no new overlaps between neighbours
    if shapely.coverage_is_valid(ws.kecamatan.geometry.dropna().values):
        assert shapely.coverage_is_valid(disp.geometry.values)
    else:  # the public files overlap a little along some edges: the copy adds no overlap
        assert (
            _overlap_share(disp.geometry.values)
            <= _overlap_share(ws.kecamatan.geometry.dropna().values) + 1e-4
        )


def _overlap_share(geoms) -> float:
    """Area covered twice (or more), as a share of the area covered."""
    import shapely

    geoms = shapely.make_valid(geoms)
    union = shapely.union_all(geoms).area
    return float((shapely.area(geoms).sum() - union) / union)


def test_dapil(ws):
    kab = ws.wilayah.kabupaten
    dapil = ws.kecamatan.set_index("nama")["dapil"]
    if kab == "64.02":
        assert ws.dapil["dapil"].nunique() == 6
        assert dapil.notna().all() and len(dapil) == 20
        # the seats of each Dapil (kursi_dapil) add up to the DPRD's 45 (kursi_total_dprd)
        assert ws.dapil.drop_duplicates("dapil")["kursi"].sum() == 45
    elif kab == "63.06":
        hss2 = set(dapil[dapil == "Dapil 2"].index)  # written "HSS 2" in the file
        assert hss2 == {"Telaga Langsat", "Angkinang", "Padang Batung", "Loksado"}
        fr = next(f for f in ws.report.files if f.kind == "dapil")
        without = {p.value for p in fr.problems if p.code == "tanpa_dapil"}
        assert without == set(dapil[dapil.isna()].index) and len(without) == len(dapil) - 4
        assert len(ws.kecamatan) == 11  # reported, not dropped
    else:  # Balangan and Tanah Bumbu: compositions not published
        assert dapil.isna().all()


def test_ipm_series_stay_apart(ws):
    ind = ws.indikator
    ipm = ind[(ind["kode_wilayah"] == ws.wilayah.kabupaten) & (ind["indikator"] == "ipm")]
    if ipm.empty:
        unavailable("no IPM rows for this kabupaten in the public file")
    assert ipm.duplicated(["tahun", "seri", "periode"]).sum() == 0
    if ws.wilayah.kabupaten == "63.06":
        assert {"lama", "revisi_2024"} <= set(ipm["seri"])
        both = ipm.pivot_table(index="tahun", columns="seri", values="nilai").dropna()
        assert len(both) >= 1 and (both["revisi_2024"] != both["lama"]).all()

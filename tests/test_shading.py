"""Colour and hover of each area of a map, checked against counts made directly on the demo."""

from __future__ import annotations

import pytest
from plotly.colors import sample_colorscale

from planlib import open_workspace, rekap
from planlib.formatting import angka, rupiah
from planlib.rekap import Saring
from planlib.viz import maps, scales, shading


@pytest.fixture(scope="module")
def ws(demo_ws):
    return open_workspace(demo_ws)


def _counts(df, key="kode_kecamatan") -> dict[str, int]:
    out: dict[str, int] = {}
    for k in df[key].astype(object):
        if isinstance(k, str):
            out[k] = out.get(k, 0) + 1
    return out


TOP = sample_colorscale(scales.COLORSCALE, [1.0])[0]


def test_usulan_areas_colour_and_hover_follow_the_counts(ws):
    areas = rekap.areas(ws, "kecamatan")
    df = rekap.saring(ws, Saring(tahun=2026))
    per = rekap.per_wilayah(df, areas["kode"])
    got = shading.usulan_areas(areas, per)
    n = _counts(df)
    assert len(got.fill) == len(got.hover) == len(areas) and got.selected is None
    assert got.measure == "jumlah" and got.vmax == max(n.values())
    for kode, nama, fill, hover in zip(
        areas["kode"], areas["nama"], got.fill, got.hover, strict=True
    ):
        k = n.get(kode, 0)
        assert hover.startswith(f"<b>{nama}</b>") and f"{angka(k)} usulan" in hover
        assert (fill == scales.EMPTY_COLOR) == (k == 0)
        if k == max(n.values()):
            assert fill == TOP
        if k == 0:
            assert "tidak ada usulan" in hover
    anggaran = df.groupby("kode_kecamatan", observed=True)["anggaran"].sum()
    kode0 = max(n, key=n.get)
    assert rupiah(anggaran[kode0]) in got.hover[list(areas["kode"]).index(kode0)]


def test_usulan_areas_share_of_an_isu(ws):
    areas = rekap.areas(ws, "kecamatan")
    df = rekap.saring(ws, Saring(tahun=2026))
    isu = df["isu"].astype(object).value_counts().index[0]
    per = rekap.per_wilayah(df, areas["kode"], isu=isu)
    got = shading.usulan_areas(areas, per, ukuran="isu", isu=isu)
    n, n_isu = _counts(df), _counts(df[df["isu"] == isu])
    share = {k: 100 * n_isu.get(k, 0) / v for k, v in n.items()}
    assert got.measure == "isu" and got.vmax == pytest.approx(max(share.values()))
    assert got.colorbar_title == "% isu" and got.tickformat(12) == "12%"
    for kode, hover in zip(areas["kode"], got.hover, strict=True):
        if kode in share:
            assert f"{isu}: {angka(share[kode], 1)}%" in hover
    # without a chosen isu, "isu" shows the number of usulan
    assert shading.usulan_areas(areas, per, ukuran="isu").measure == "jumlah"
    with pytest.raises(ValueError, match="ukuran"):
        shading.usulan_areas(areas, per, ukuran="luas")


def test_usulan_areas_outline_the_desa_of_the_chosen_kecamatan(ws):
    areas = rekap.areas(ws, "desa")
    kec = ws.kecamatan["kode"].iloc[2]
    df = rekap.saring(ws, Saring(tahun=2026), ignore=("kecamatan",))
    per = rekap.per_wilayah(df, areas["kode"], "desa")
    got = shading.usulan_areas(areas, per, ukuran="anggaran", kecamatan=kec)
    desa_of_kec = [k for k in areas["kode"] if k.startswith(kec + ".")]
    assert desa_of_kec and got.selected is not None
    assert [k for k, s in zip(areas["kode"], got.selected, strict=True) if s] == desa_of_kec
    assert got.measure == "anggaran" and got.colorbar_title == "Anggaran"
    by_desa = df.groupby("kode_desa", observed=True)["anggaran"].sum()
    assert got.vmax == pytest.approx(by_desa.max())


def test_dapil_areas_grey_out_the_other_dapil(ws):
    areas = rekap.areas(ws, "kecamatan")
    dapil = rekap.pilihan(ws, 2026)["dapil"][1]
    df = rekap.saring(ws, Saring(tahun=2026, dapil=dapil))
    got = shading.dapil_areas(areas, rekap.per_wilayah(df, areas["kode"]), dapil)
    n = _counts(df)
    assert got.vmax == max(n.values()) and got.selected is None
    for nama, d, kode, fill, hover in zip(
        areas["nama"], areas["dapil"], areas["kode"], got.fill, got.hover, strict=True
    ):
        if d == dapil:
            assert f"{angka(n.get(kode, 0))} usulan" in hover
            assert (fill == scales.EMPTY_COLOR) == (n.get(kode, 0) == 0)
        else:
            assert fill == scales.EMPTY_COLOR and hover == f"{nama} (di luar {dapil})"
    assert any(d == dapil for d in areas["dapil"]) and any(d != dapil for d in areas["dapil"])


def test_ranges_frame_the_focus_with_a_margin(ws):
    areas = rekap.areas(ws, "kecamatan")
    focus = (areas["dapil"] == "Dapil 1").tolist()
    xs, ys = [], []
    for g in areas.geometry[focus]:
        minx, miny, maxx, maxy = g.bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    (x0, x1), (y0, y1) = maps.ranges(areas, focus, pad=0.1)
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    assert (x0, x1) == pytest.approx((min(xs) - 0.1 * w, max(xs) + 0.1 * w))
    assert (y0, y1) == pytest.approx((min(ys) - 0.1 * h, max(ys) + 0.1 * h))
    whole = maps.ranges(areas, None, pad=0.1)
    assert maps.ranges(areas, [False] * len(areas), pad=0.1) == whole  # nothing in focus: all
    assert whole[0][1] - whole[0][0] > x1 - x0


def test_overlap_heatmap_blanks_the_diagonal_and_shortens_names():
    import math

    import pandas as pd

    from planlib.viz import figures

    names = ["Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Sosial", "Bappeda"]
    m = pd.DataFrame([[7, 2, 0], [2, 5, 1], [0, 1, 3]], index=names, columns=names)
    fig = figures.overlap_heatmap(m, "Desa yang sama")
    z = fig.data[0].z
    assert all(math.isnan(z[i][i]) for i in range(3))
    assert [z[0][1], z[1][2], z[2][0]] == [2, 1, 0]
    assert list(fig.data[0].x) == ["Dis. Pekerjaan Umum dan Penataan …", "Dis. Sosial", "Bappeda"]
    assert len(fig.data[0].x[0]) == 34
    assert fig.layout.title.text == "Irisan OPD — Desa yang sama"

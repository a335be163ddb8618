"""The sums the dashboards show, checked against plain pandas and Python on the demo."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from planlib import choices, open_workspace, ranking, rekap
from planlib.rekap import Saring
from planlib.report import PlanlibError


@pytest.fixture(scope="module")
def ws(demo_ws):
    return open_workspace(demo_ws)


@pytest.fixture(scope="module")
def dapil_df(ws) -> pd.DataFrame:
    """The 2026 usulan of the demo's first dapil, as the Forum Dapil sees them."""
    return rekap.saring(ws, Saring(tahun=2026, dapil=rekap.pilihan(ws, 2026)["dapil"][0]))


def _records(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _forum_order(r: dict) -> tuple:
    """Usulan Ke first, then the largest anggaran; a missing anggaran last."""
    a = r["anggaran"]
    return (r["usulan_ke"], a is None, -(a or 0.0))


def test_per_opd_counts_every_usulan_that_names_an_opd(dapil_df):
    got = ranking.per_opd(dapil_df)
    rows = _records(dapil_df)
    assert len(rows) > 50
    ref: dict[str, dict] = {}
    for r in rows:
        if r["opd_tujuan"] is None:
            continue
        e = ref.setdefault(r["opd_tujuan"], {"jumlah": 0, "anggaran": 0.0, "kec": set(), "p1": 0})
        e["jumlah"] += 1
        e["anggaran"] += r["anggaran"] or 0.0
        if r["nama_kecamatan"] is not None:
            e["kec"].add(r["nama_kecamatan"])
        e["p1"] += r["usulan_ke"] == 1
    assert list(got.columns) == ["opd_tujuan", "jumlah", "anggaran", "kecamatan", "prioritas_1"]
    assert sorted(got["opd_tujuan"].astype(str)) == sorted(ref)
    assert got["jumlah"].sum() == sum(r["opd_tujuan"] is not None for r in rows)
    for r in _records(got):
        e = ref[r["opd_tujuan"]]
        assert r["jumlah"] == e["jumlah"] and r["prioritas_1"] == e["p1"]
        assert math.isclose(r["anggaran"], e["anggaran"], rel_tol=1e-12)
        assert r["kecamatan"] == ", ".join(sorted(e["kec"]))
    order = list(zip(got["jumlah"], got["anggaran"], strict=True))
    assert order == sorted(order, reverse=True)  # the most usulan first, then the most money


def test_per_opd_of_no_usulan_is_an_empty_table(dapil_df):
    got = ranking.per_opd(dapil_df.iloc[:0])
    assert got.empty and list(got.columns) == ["opd_tujuan", "jumlah", "anggaran", "kecamatan", "prioritas_1"]  # fmt: skip


def test_teratas_per_opd_is_each_opds_first_priorities(dapil_df):
    opd = list(ranking.per_opd(dapil_df)["opd_tujuan"].astype(str).head(6))
    got = ranking.teratas_per_opd(dapil_df, opd, 8)
    assert list(got) == opd
    rows = _records(dapil_df)
    for o, top in got.items():
        mine = sorted((r for r in rows if r["opd_tujuan"] == o), key=_forum_order)
        assert len(top) == min(8, len(mine))
        assert (top["opd_tujuan"].astype(str) == o).all()
        assert [_forum_order(r) for r in _records(top)] == [_forum_order(r) for r in mine[:8]]
    assert set(ranking.teratas_per_opd(dapil_df)) == set(
        dapil_df["opd_tujuan"].dropna().astype(str)
    )


def test_prioritas_kecamatan_keeps_usulan_ke_1_to_3_of_each_kecamatan(dapil_df):
    got = ranking.prioritas_kecamatan(dapil_df, 3, 10)
    rows = _records(dapil_df)
    names = sorted({r["nama_kecamatan"] for r in rows if r["nama_kecamatan"] is not None})
    assert list(got) == names and len(names) >= 2
    for kec, top in got.items():
        mine = sorted(
            (r for r in rows if r["nama_kecamatan"] == kec and r["usulan_ke"] <= 3),
            key=_forum_order,
        )
        assert len(top) == min(10, len(mine))
        assert (top["nama_kecamatan"] == kec).all() and (top["usulan_ke"] <= 3).all()
        assert [_forum_order(r) for r in _records(top)] == [_forum_order(r) for r in mine[:10]]
    # a smaller cut keeps only Usulan Ke 1
    assert all(
        (t["usulan_ke"] == 1).all() for t in ranking.prioritas_kecamatan(dapil_df, 1).values()
    )


def test_ringkasan_counts_the_opd_that_must_answer(dapil_df):
    r = rekap.ringkasan(dapil_df)
    assert r["n_opd"] == len(
        {x for x in dapil_df["opd_tujuan"].astype(object) if isinstance(x, str)}
    )
    assert r["n_opd"] > 1 and rekap.ringkasan(dapil_df.iloc[:0])["n_opd"] == 0


@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_areas_carry_the_dapil_of_their_kecamatan(ws, level):
    got = rekap.areas(ws, level)
    dapil = dict(zip(ws.kecamatan["kode"], ws.kecamatan["dapil"], strict=True))
    assert len(got) == len(ws.display(level)) and list(got.index) == list(range(len(got)))
    for kode, kec, d in zip(got["kode"], got["kode_kecamatan"], got["dapil"], strict=True):
        parent = kode if level == "kecamatan" else ".".join(kode.split(".")[:3])
        assert kec == parent
        assert (d == dapil[parent]) or (pd.isna(d) and pd.isna(dapil[parent]))
    assert got["dapil"].notna().any()


def test_areas_leave_out_kecamatan_without_polygon_and_gaps_name_them(ws):
    kec = ws.kecamatan.copy()
    first = kec["nama"].iloc[0]
    kec.loc[kec.index[0], "geometry"] = None
    kec.loc[kec.index[1], "dapil"] = None
    changed = dataclasses.replace(ws, kecamatan=kec)
    no_geom, no_dapil = rekap.kecamatan_gaps(changed)
    assert no_geom == [first]
    assert no_dapil == [n for n, d in zip(kec["nama"], kec["dapil"], strict=True) if pd.isna(d)]
    assert kec["nama"].iloc[1] in no_dapil
    disp = ws.display("kecamatan")
    drawable = disp.geometry.notna().sum()
    assert len(rekap.areas(ws, "kecamatan")) == drawable
    assert len(rekap.areas(ws, "kecamatan", drawable=False)) == len(disp)


def test_pasangan_terbesar_is_the_largest_off_diagonal_cell():
    names = ["A", "B", "C", "D"]
    m = pd.DataFrame(
        [[9, 1, 4, 0], [1, 9, 4, 2], [4, 4, 9, 0], [0, 2, 0, 9]], index=names, columns=names
    )
    assert ranking.pasangan_terbesar(m) == ("A", "C")  # a tie with (B, C): the first in order
    alone = pd.DataFrame([[5, 0], [0, 3]], index=["A", "B"], columns=["A", "B"])
    assert ranking.pasangan_terbesar(alone) is None  # the diagonal never counts
    assert ranking.pasangan_terbesar(m.iloc[:1, :1]) is None


def test_usulan_berulang_are_the_years_usulan_of_long_lineages(ws):
    from planlib.forum import lineage

    lin = lineage.assign_lineage(ws.usulan)
    kali = {
        i: k for i, t, k in zip(lin["id_usulan"], lin["tahun"], lin["kali_diusulkan"], strict=True)
        if t == 2026
    }  # fmt: skip
    year = rekap.usulan_tahun(ws, 2026)
    for min_kali in (2, 3):
        got = ranking.usulan_berulang(ws, 2026, lin, min_kali=min_kali)
        ref = {i for i in year["id_usulan"] if kali.get(i, 0) >= min_kali}
        assert set(got["id_usulan"]) == ref and len(got) == len(ref)
        assert (got["kali_diusulkan"] >= min_kali).all() and got["riwayat"].notna().all()
        assert list(got["kali_diusulkan"]) == sorted(got["kali_diusulkan"], reverse=True)
    assert len(ranking.usulan_berulang(ws, 2026, lin, min_kali=2)) > len(ref) > 0
    kec = got["nama_kecamatan"].iloc[0]
    one = ranking.usulan_berulang(ws, 2026, lin, min_kali=2, kecamatan=kec)
    assert (one["nama_kecamatan"] == kec).all()
    assert set(one["id_usulan"]) == {
        i for i, k in zip(year["id_usulan"], year["nama_kecamatan"], strict=True)
        if k == kec and kali.get(i, 0) >= 2
    }  # fmt: skip


def test_persen():
    assert ranking.persen(1, 4) == 25.0 and ranking.persen(3, 0) == 0.0


def test_most_frequent_skips_blank_text_and_breaks_ties_the_same_in_any_order():
    key = pd.Series(["a", "a", "a", "a", "b", "b", "c"])
    value = pd.Series(["jalan", "  ", "banjir", None, "x", "x", ""])
    top = rekap.most_frequent(key, value)
    assert top.to_dict() == {"a": "banjir", "b": "x"}  # a: a tie, the first alphabetically
    backwards = rekap.most_frequent(key[::-1], value[::-1])
    assert backwards.to_dict() == top.to_dict()


def test_tahun_of_usulan_names_the_one_year_holding_an_id(ws):
    first = ws.usulan[2025]["id_usulan"].iloc[0]
    assert rekap.tahun_of_usulan(ws, first) == 2025
    assert rekap.tahun_of_usulan(ws, first, 2026) == 2026  # the analyst's --tahun, as it is
    with pytest.raises(PlanlibError, match="Usulan 0000 tidak ada di workspace ini"):
        rekap.tahun_of_usulan(ws, "0000")
    # the same ID in two years: the analyst must say which
    usulan = {**ws.usulan, 2026: pd.concat([ws.usulan[2026], ws.usulan[2025].head(1)])}
    twice = dataclasses.replace(ws, usulan=usulan)
    with pytest.raises(PlanlibError, match="ada di tahun 2025, 2026: sebutkan --tahun"):
        rekap.tahun_of_usulan(twice, first)


def test_match_kecamatan_by_code_name_or_spelling(demo_ws):
    ws = open_workspace(demo_ws)
    kode, nama = ws.kecamatan[["kode", "nama"]].iloc[0]
    assert choices.match_kecamatan(ws, kode) == kode
    assert choices.match_kecamatan(ws, f"  {nama.upper()} ") == kode
    assert choices.match_kecamatan(ws, nama[:-1]) == kode  # a letter short: the matcher finds it
    assert choices.match_kecamatan(ws, "Kecamatan Yang Tidak Ada Sama Sekali") is None

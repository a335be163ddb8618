"""The OPD × OPD overlap matrix of the Forum Lintas Perangkat Daerah (planlib.forum.overlap)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from planlib.bidang import BidangRules
from planlib.forum.overlap import overlap_inputs, overlap_items, overlap_matrix, reach

K1, K2 = "99.01.01", "99.01.02"
D1, D2, D3, D4 = f"{K1}.2001", f"{K1}.2002", f"{K2}.2003", f"{K2}.2004"
DESA = pd.DataFrame({"kode": [D1, D2, D3, D4], "nama": ["Satu", "Dua", "Tiga", "Empat"]})
RULES = BidangRules.from_csv_text(
    "pola,isu\nbalita,Stunting\nlansia,Kemiskinan\nsekolah,Pendidikan\n", column="isu"
)


def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three OPD; what each reaches is written out in EXPECTED below."""
    usulan = pd.DataFrame(
        {
            "id_usulan": ["u1", "u2", "u3", "u4", "u5"],
            "opd_tujuan": ["A", "A", "B", "B", "C"],
            "opd_saran": ["A", "C", "B", "B", "C"],
            "kode_desa": [D1, D2, D1, D3, D4],
            "nama_desa": ["Satu", "Dua", "Satu", "Tiga", "Empat"],
            "isu": ["Stunting", "Kemiskinan", "Stunting", "Pendidikan", "Lainnya"],
            "usulan": ["PMT balita", "Sembako lansia", "Kelas ibu balita", "Rehab sekolah", "x"],
            "anggaran": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    renja = pd.DataFrame(
        {
            "opd": ["C", "B", "A"],
            "sub_kegiatan": [
                "Pelayanan kesehatan balita",
                "Bantuan sosial lansia",
                "Rehab sekolah dasar",
            ],  # fmt: skip
            "kode_sub_kegiatan": ["r1", "r2", "r3"],
            "kode_wilayah": [K1, D4, "99.01"],  # kecamatan K1, desa D4, kabupaten
            "lokasi": ["Kecamatan Satu", "Empat", "Kabupaten"],
            "pagu": [10.0, 20.0, 30.0],
        }
    )
    return usulan, renja


# What each OPD reaches, derived by hand from the rows above and the documented rules:
# r1 (C, kecamatan K1) reaches D1 and D2; r2 (B) reaches D4; r3 (A, kabupaten) no desa.
EXPECTED = {
    "desa": {"A": {D1, D2}, "B": {D1, D3, D4}, "C": {D1, D2, D4}},
    "isu": {"A": {"Stunting", "Kemiskinan", "Pendidikan"}, "B": {"Stunting", "Pendidikan", "Kemiskinan"},
            "C": {"Stunting"}},
    "desa_isu": {"A": {(D1, "Stunting"), (D2, "Kemiskinan")},
                 "B": {(D1, "Stunting"), (D3, "Pendidikan"), (D4, "Kemiskinan")},
                 "C": {(D1, "Stunting"), (D2, "Stunting")}},
}  # fmt: skip


@pytest.mark.parametrize("by", ["desa", "isu", "desa_isu"])
def test_small_matrix_matches_the_hand_derived_sets(by):
    usulan, renja = small()
    m = overlap_matrix(usulan, renja, by=by, desa=DESA, rules=RULES)
    sets = EXPECTED[by]
    assert list(m.index) == sorted(sets) == list(m.columns)
    for a, b in itertools.product(sets, repeat=2):
        assert m.loc[a, b] == len(sets[a] & sets[b]), (a, b)


@pytest.mark.parametrize("by", ["desa", "isu", "desa_isu"])
def test_items_behind_each_cell_match_the_count(by):
    usulan, renja = small()
    m = overlap_matrix(usulan, renja, by=by, desa=DESA, rules=RULES)
    for a, b in itertools.product(m.index, repeat=2):
        items = overlap_items(usulan, renja, a, b, by=by, desa=DESA, rules=RULES)
        assert items["kunci"].nunique() == m.loc[a, b]
        assert set(items["opd"]) <= {a, b}
        if m.loc[a, b] and a != b:
            assert set(items["opd"]) == {a, b}  # both sides of the shared keys are listed


def test_kecamatan_renja_reaches_every_desa_of_its_kecamatan_and_kabupaten_none():
    usulan, renja = small()
    r = reach(usulan, renja, by="desa", desa=DESA)
    r1 = r[r["id"] == "r1"]
    assert set(r1["kode_desa"]) == {D1, D2}
    assert set(r1["jangkauan"]) == {"kecamatan"}
    assert set(r1["nama_desa"]) == {"Satu", "Dua"}
    assert "r3" not in set(r["id"])  # kabupaten level: no desa
    assert "r3" in set(reach(usulan, renja, by="isu", rules=RULES)["id"])


def test_items_list_the_text_and_money_of_both_sources():
    usulan, renja = small()
    items = overlap_items(usulan, renja, "B", "C", by="desa", desa=DESA)
    assert set(items["kunci"]) == {D1, D4}
    row = items[items["id"] == "r2"].iloc[0]
    assert (row["sumber"], row["uraian"], row["anggaran"]) == (
        "renja",
        "Bantuan sosial lansia",
        20.0,
    )
    row = items[items["id"] == "u3"].iloc[0]
    assert (row["sumber"], row["uraian"], row["anggaran"]) == ("usulan", "Kelas ibu balita", 3.0)


def test_another_opd_column_moves_the_usulan():
    usulan, renja = small()
    before = overlap_matrix(usulan, None, by="desa")
    after = overlap_matrix(usulan, None, by="desa", opd_col="opd_saran")
    # u2 (D2) moves from A to C: A keeps D1 only, C gains D2 next to D4
    assert before.loc["A", "A"] == 2 and after.loc["A", "A"] == 1
    assert after.loc["C", "C"] == 2
    with pytest.raises(KeyError, match="opd_x"):
        overlap_matrix(usulan, None, opd_col="opd_x")


def test_lainnya_is_not_a_shared_isu():
    usulan, _ = small()
    usulan["isu"] = "Lainnya"
    assert overlap_matrix(usulan, by="isu").empty


def test_isu_is_derived_from_the_text_when_the_column_is_missing():
    usulan, _ = small()
    m = overlap_matrix(usulan.drop(columns="isu"), by="isu", rules=RULES)
    # u1, u3 "balita" → Stunting (A, B); u2 "lansia" → Kemiskinan (A); u4 "sekolah" (B)
    assert m.loc["A", "B"] == 1 and m.loc["A", "A"] == 2 and m.loc["B", "B"] == 2


@pytest.fixture(scope="module")
def demo_inputs(demo_ws):
    import planlib

    ws = planlib.open_workspace(demo_ws)
    return ws, overlap_inputs(ws, max(ws.tahun))


@pytest.mark.parametrize("by", ["desa", "isu", "desa_isu"])
def test_demo_matrix_is_symmetric_with_the_own_count_on_the_diagonal(demo_inputs, by):
    _, kw = demo_inputs
    m = overlap_matrix(**kw, by=by)
    assert (m.to_numpy() == m.to_numpy().T).all()
    diag = np.diag(m.to_numpy())
    assert (m.to_numpy() <= diag[:, None]).all()  # nobody shares more than it reaches
    r = reach(**kw, by=by)
    own = r.groupby("opd")["kunci"].nunique()
    assert (own.reindex(m.index).to_numpy() == diag).all()


def test_demo_has_non_trivial_cross_opd_overlaps(demo_inputs):
    ws, kw = demo_inputs
    m = overlap_matrix(**kw, by="desa_isu")
    kes, dp3a = "Dinas Kesehatan", next(o for o in m.index if o.startswith("Dinas Pengendalian"))
    assert m.loc[kes, dp3a] > 0  # stunting: Dinas Kesehatan and DP3A/DP2KB in the same desa
    off = m.to_numpy() - np.diag(np.diag(m.to_numpy()))
    assert (off > 0).sum() >= 6
    items = overlap_items(**kw, opd_a=kes, opd_b=dp3a, by="desa_isu")
    assert items["kunci"].nunique() == m.loc[kes, dp3a]
    assert set(items["sumber"]) == {"usulan", "renja"}
    assert "kecamatan" in set(items["jangkauan"])  # demo Renja rows sit at kecamatan level
    desa_of_kec = ws.wilayah.desa.groupby("kode_kec")["kode"].apply(set)
    spread = items[items["sumber"] == "renja"]
    for kode_sub, g in spread.groupby("id"):
        kec = kw["renja"].loc[kw["renja"]["kode_sub_kegiatan"] == kode_sub, "kode_wilayah"].iloc[0]
        assert set(g["kode_desa"]) <= desa_of_kec[kec]

"""Duplicate usulan and their lineage across years (planlib.forum.lineage)."""

from __future__ import annotations

from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planlib.forum.lineage import (
    ANTAR_TAHUN,
    DALAM_TAHUN,
    assign_lineage,
    evaluate_labelled,
    find_duplicates,
    lineage_history,
    normalise_usulan,
    pair_agreement,
    precision_recall,
)

LABELLED = Path(__file__).parent / "data" / "duplikat_berlabel.csv"
#: The third, harder set: abbreviations, paraphrases, hard negatives by place and object.
HARD = Path(__file__).parent / "data" / "duplikat_sulit.csv"


def usulan(rows: list[dict]) -> pd.DataFrame:
    """A small usulan table; every row in desa D1 of kecamatan K1 unless told otherwise."""
    base = {
        "kode_kecamatan": "99.01.01", "nama_kecamatan": "Padang Harapan",
        "kode_desa": "99.01.01.2001", "nama_desa": "Bangkau", "alamat": None,
        "lat": np.nan, "lon": np.nan, "volume": np.nan, "satuan": None, "status": None,
        "anggaran": np.nan,
    }  # fmt: skip
    return pd.DataFrame([base | r for r in rows])


def pair_set(pairs: pd.DataFrame) -> set[tuple]:
    return set(zip(pairs["tahun_a"], pairs["id_a"], pairs["tahun_b"], pairs["id_b"], strict=True))


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    return pd.read_csv(LABELLED, dtype=str, keep_default_na=False).astype(
        {"pasangan": int, "tahun_a": int, "tahun_b": int, "sama": int}
    )


@pytest.fixture(scope="module")
def hard() -> pd.DataFrame:
    return pd.read_csv(HARD, dtype=str, keep_default_na=False).astype(
        {"pasangan": int, "tahun_a": int, "tahun_b": int, "sama": int}
    )


@pytest.fixture(scope="module")
def demo(demo_ws):
    import planlib

    ws = planlib.open_workspace(demo_ws)
    u = pd.concat(ws.usulan.values(), ignore_index=True)
    truth = pd.read_csv(demo_ws / ".demo-truth.csv", dtype={"id_usulan": str})
    return ws, u, truth


# --------------------------------------------------------------------------- normalisation


def test_normalise_strips_desa_rt_volume_and_unifies_abbreviations():
    a = normalise_usulan("Rehab jalan usaha tani RT 02 Desa Bangkau", "Bangkau")
    b = normalise_usulan("Rehabilitasi JUT RT.02 Ds. Bangkau sepanjang 1.200 m", "Bangkau")
    assert a == b
    assert a.rt == {2}
    assert "bangkau" not in a.kata and "1200" not in a.kata


def test_normalise_keeps_numbers_that_name_the_object():
    sdn2 = normalise_usulan("Rehab ruang kelas SDN 2 Hamalau", "Hamalau")
    sdn4 = normalise_usulan("Rehab ruang kelas SD Negeri 4 Hamalau", "Hamalau")
    assert sdn2.kata == sdn4.kata
    assert sdn2.nomor == {2} and sdn4.nomor == {4}
    assert normalise_usulan("Pengadaan meja kursi 40 set").nomor == set()


def test_normalise_reads_several_rt():
    assert normalise_usulan("PJU RT 01 dan 03").rt == {1, 3}
    assert normalise_usulan("Drainase RT02/RW01").rt == {1, 2}


# --------------------------------------------------------------------------- pairs


def test_hard_negatives_of_the_issue_are_not_merged():
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": "Rehab jalan usaha tani RT 02"},
            {"id_usulan": "2", "tahun": 2025, "usulan": "Rehab jalan lingkungan RT 02"},
            {"id_usulan": "3", "tahun": 2025, "usulan": "Pembangunan posyandu Desa Bangkau"},
            {"id_usulan": "4", "tahun": 2026, "usulan": "Rehab posyandu Desa Bangkau"},
            {"id_usulan": "5", "tahun": 2025, "usulan": "Pengaspalan jalan lingkungan RT 03"},
            {"id_usulan": "6", "tahun": 2026, "usulan": "Pengaspalan jalan lingkungan RT 05"},
            {"id_usulan": "7", "tahun": 2025, "usulan": "Pembangunan jembatan ulin RT 01 - RT 02"},
            {"id_usulan": "8", "tahun": 2026, "usulan": "Pembangunan jembatan ulin RT 04 - RT 05"},
        ]
    )
    assert find_duplicates(u).empty
    scored = find_duplicates(u, threshold=0)
    reason = {(r.id_a, r.id_b): r.alasan for r in scored.itertuples()}
    assert "kata berbeda" in reason[("1", "2")]
    assert "kata berbeda" in reason[("3", "4")]
    assert "RT berbeda" in reason[("5", "6")]
    assert "RT berbeda" in reason[("7", "8")]


def test_hard_positives_are_found_across_years():
    u = usulan(
        [
            {
                "id_usulan": "1",
                "tahun": 2024,
                "usulan": "Rehab jalan usaha tani RT 02 Desa Bangkau",
            },
            {"id_usulan": "1", "tahun": 2025, "usulan": "Rehabilitasi JUT RT.02 Ds. Bangkau"},
            {"id_usulan": "2", "tahun": 2025, "usulan": "Pembanguan drainse lingkungan RT 05"},
            {"id_usulan": "3", "tahun": 2026, "usulan": "pembangunan drainase lingkungan rt 5"},
        ]
    )
    pairs = find_duplicates(u)
    assert pair_set(pairs) == {(2024, "1", 2025, "1"), (2025, "2", 2026, "3")}
    assert set(pairs["jenis"]) == {ANTAR_TAHUN}


def test_location_vetoes_and_alamat_rt_penalises():
    same = "Pembangunan titian beton Desa Bangkau"
    other = {"kode_desa": "99.01.01.2002", "nama_desa": "Bajayau"}
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": same, "lat": -2.41210, "lon": 115.08830},
            {"id_usulan": "2", "tahun": 2026, "usulan": same, "lat": -2.43350, "lon": 115.09790},
            {"id_usulan": "3", "tahun": 2025, "usulan": same, "alamat": "RT 01 Bajayau", **other},
            {"id_usulan": "4", "tahun": 2026, "usulan": same, "alamat": "RT 05 Bajayau", **other},
        ]
    )
    scored = find_duplicates(u, threshold=0).set_index(["id_a", "id_b"])["skor"]
    lenient = find_duplicates(u, threshold=0, penalti_rt_alamat=0).set_index(["id_a", "id_b"])
    assert scored[("1", "2")] == 0  # about 2.6 km apart
    assert "km" in lenient.loc[("1", "2"), "alasan"]
    assert scored[("3", "4")] < lenient.loc[("3", "4"), "skor"] == 100
    assert pair_set(find_duplicates(u)) == set()
    assert pair_set(find_duplicates(u, penalti_rt_alamat=0)) == {(2025, "3", 2026, "4")}


def test_other_desa_is_never_compared_but_a_missing_desa_meets_its_kecamatan():
    text = "Pembangunan posyandu"
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": text},
            {"id_usulan": "2", "tahun": 2026, "usulan": text, "kode_desa": "99.01.01.2002"},
            {"id_usulan": "3", "tahun": 2026, "usulan": text, "kode_desa": None, "nama_desa": None},
            {
                "id_usulan": "4",
                "tahun": 2026,
                "usulan": text,
                "kode_desa": None,
                "nama_desa": None,
                "kode_kecamatan": "99.01.02",
            },
        ]  # fmt: skip
    )
    pairs = pair_set(find_duplicates(u))
    assert (2025, "1", 2026, "2") not in pairs  # other desa
    assert (2025, "1", 2026, "3") in pairs and (2026, "2", 2026, "3") in pairs  # same kecamatan
    assert not any("4" in (p[1], p[3]) for p in pairs)  # other kecamatan


def test_labelled_set_precision_and_recall(labelled):
    ev = evaluate_labelled(labelled)
    m = precision_recall(ev["sama"], ev["prediksi"])
    assert m["tp"] + m["fn"] == int(labelled["sama"].sum())
    assert m["precision"] >= 0.95, ev[(ev["sama"] == 0) & (ev["prediksi"] == 1)]
    assert m["recall"] >= 0.85, ev[(ev["sama"] == 1) & (ev["prediksi"] == 0)]
    hard = ev[ev["jenis"] == "negatif_sulit"]
    assert len(hard) >= 30
    assert hard["prediksi"].sum() <= 2  # hard negatives stay apart
    assert ev.loc[ev["jenis"] == "beda_desa", "prediksi"].sum() == 0


def test_hard_labelled_set_precision_and_recall(hard):
    # Written before the text module was unified; the old code measured precision 0.895 and
    # recall 0.694 (34 of 49 same requests found, 4 false pairs). With planlib.teks: 0.980
    # and 1.000 (49 found, 1 false pair). The floors are the measured level.
    ev = evaluate_labelled(hard)
    m = precision_recall(ev["sama"], ev["prediksi"])
    assert m["tp"] + m["fn"] == int(hard["sama"].sum())
    assert m["fn"] == 0, ev[(ev["sama"] == 1) & (ev["prediksi"] == 0)]
    assert m["fp"] <= 1, ev[(ev["sama"] == 0) & (ev["prediksi"] == 1)]
    # another RT, dusun, gang or handil is never the same request
    assert ev.loc[ev["jenis"] == "negatif_tempat", "prediksi"].sum() == 0


def test_hard_labelled_set_is_balanced(hard):
    assert len(hard) >= 80
    counts = hard["jenis"].value_counts()
    assert set(counts.index) == {
        "positif_singkatan", "positif_parafrasa", "negatif_tempat", "negatif_objek",
    }  # fmt: skip
    assert counts.min() >= 15
    assert (hard["sama"] == hard["jenis"].str.startswith("positif")).all()
    assert (hard["tahun_a"] == hard["tahun_b"]).sum() >= 3  # within-year pairs
    assert (hard["desa_b"] == "").sum() >= 2  # an entry without desa meets its kecamatan


def test_vocabulary_is_the_matchers(hard):
    # one vocabulary: an abbreviation and its full words normalise alike in both modules
    from planlib.forum.matcher import Matcher

    norm = Matcher.from_plan(None, None, None).normaliser
    for short, full in [("Rehab JUT", "rehabilitasi jalan usaha tani"),
                        ("bibit kel. tani", "bibit kelompok tani"),
                        ("PJU", "penerangan jalan umum")]:  # fmt: skip
        assert normalise_usulan(short).kata == full == norm(short)


def test_action_words_of_one_kind_but_not_new_against_repair():
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": "Bantuan jamban sehat keluarga miskin"},
            {"id_usulan": "1", "tahun": 2026, "usulan": "Pembangunan jamban sehat keluarga miskin"},
            {"id_usulan": "2", "tahun": 2025, "usulan": "Pembangunan jembatan ulin RT 04"},
            {"id_usulan": "2", "tahun": 2026, "usulan": "Rehab jembatan ulin RT 04"},
        ]
    )
    scored = find_duplicates(u, threshold=0)
    reason = {(r.id_a, r.id_b): (r.skor, r.alasan) for r in scored.itertuples()}
    assert reason[("1", "1")][0] >= 85
    assert reason[("2", "2")][0] == 0 and "kata berbeda" in reason[("2", "2")][1]


def test_an_added_head_noun_is_another_object():
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": "Bantuan perahu kelompok nelayan Bina"},
            {"id_usulan": "2", "tahun": 2026, "usulan": "Bantuan mesin perahu kel. nelayan Bina"},
            {"id_usulan": "3", "tahun": 2025, "usulan": "Pembangunan posyandu Mawar"},
            {"id_usulan": "4", "tahun": 2026, "usulan": "Pemb. gedung posyandu Mawar"},
        ]
    )
    scored = find_duplicates(u, threshold=0).set_index(["id_a", "id_b"])
    assert scored.loc[("1", "2"), "skor"] == 0
    assert "objek lain: mesin" in scored.loc[("1", "2"), "alasan"]
    assert scored.loc[("3", "4"), "skor"] >= 85  # gedung names the kind, not another thing


def test_labelled_set_is_large_and_balanced_enough(labelled):
    assert len(labelled) >= 80
    assert set(labelled["sama"]) == {0, 1}
    assert labelled["jenis"].value_counts().get("positif_sulit", 0) >= 20
    assert (labelled["tahun_a"] == labelled["tahun_b"]).sum() >= 10  # within-year pairs


def test_within_year_double_entry_in_the_demo_is_found(demo):
    _, u, _ = demo
    year = u[u["tahun"] == u["tahun"].max()].reset_index(drop=True)
    original = year[year["usulan"].str.contains("RT") & year["kode_desa"].notna()].iloc[0]
    copy = original.copy()
    copy["id_usulan"] = "ENTRI-KECAMATAN-1"
    copy["usulan"] = original["usulan"].upper().replace("DESA ", "DS. ").replace("RT ", "RT.")
    planted = pd.concat([year, copy.to_frame().T], ignore_index=True)
    pairs = find_duplicates(planted)
    hit = pairs[(pairs["id_a"] == original["id_usulan"]) & (pairs["id_b"] == copy["id_usulan"])]
    assert len(hit) == 1
    assert hit["jenis"].iloc[0] == DALAM_TAHUN


def test_demo_truth_agreement(demo):
    """The demo's truth: a re-submission or a repeated text in one desa is the same request.

    Re-submitted usulan keep their text and Alamat, so every true pair should
    be found and nothing else joined (the demo's texts come from templates:
    this checks consistency, the labelled set measures the hard cases).
    With the Alamat RT ignored nothing may be lost either.
    """
    _, u, truth = demo
    t = truth.rename(columns={"lineage": "benar"})[["id_usulan", "tahun", "benar"]]
    for kw in ({}, {"penalti_rt_alamat": 0.0}):
        lin = assign_lineage(u, **kw).merge(t, on=["id_usulan", "tahun"])
        agree = pair_agreement(lin["lineage"], lin["benar"])
        assert agree["tp"] > 1000, agree  # the demo does re-submit
        assert agree["recall"] >= 0.99 and agree["precision"] >= 0.99, (kw, agree)


def test_work_is_bounded_by_the_desa_blocks(demo):
    _, u, _ = demo
    pairs = find_duplicates(u)
    sizes = u[u["kode_desa"].notna()].groupby("kode_desa").size()
    within_desa = int(sum(comb(int(n), 2) for n in sizes))
    loose = u[u["kode_desa"].isna() & u["kode_kecamatan"].notna()]
    per_kec = u.groupby("kode_kecamatan").size()
    loose_bound = int(sum(per_kec[k] for k in loose["kode_kecamatan"]))
    assert within_desa <= pairs.attrs["pasangan_blok"] <= within_desa + loose_bound
    assert pairs.attrs["pasangan_blok"] < comb(len(u), 2) / 50
    assert pairs.attrs["perbandingan_teks"] <= int((sizes**2).sum()) + loose_bound
    desa = dict(zip(zip(u["tahun"], u["id_usulan"], strict=True), u["kode_desa"], strict=True))
    for r in pairs.itertuples():
        a, b = desa[(r.tahun_a, r.id_a)], desa[(r.tahun_b, r.id_b)]
        if isinstance(a, str) and isinstance(b, str):  # both placed in a desa: the same one
            assert a == b, (r.id_a, r.id_b)


def test_deterministic_and_independent_of_row_order(demo):
    _, u, _ = demo
    sample = u[u["kode_kecamatan"].isin(sorted(u["kode_kecamatan"].unique())[:3])]
    first = assign_lineage(sample).sort_values(["tahun", "id_usulan"]).reset_index(drop=True)
    shuffled = sample.sample(frac=1.0, random_state=7)
    second = assign_lineage(shuffled).sort_values(["tahun", "id_usulan"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(first, second)
    p1, p2 = find_duplicates(sample), find_duplicates(shuffled)
    pd.testing.assert_frame_equal(p1, p2)


# --------------------------------------------------------------------------- lineage


def test_lineage_id_count_and_history_text():
    u = usulan(
        [
            {"id_usulan": "7", "tahun": 2024, "usulan": "x", "status": "Ditolak"},
            {"id_usulan": "3", "tahun": 2025, "usulan": "x", "status": "Menunggu Verifikasi"},
            {"id_usulan": "9", "tahun": 2025, "usulan": "x", "status": "Menunggu Verifikasi"},
            {"id_usulan": "4", "tahun": 2026, "usulan": "x", "status": None},
            {"id_usulan": "7", "tahun": 2026, "usulan": "y", "status": "Diterima"},
        ]
    )
    pairs = pd.DataFrame(
        {"id_a": ["7", "3", "3"], "tahun_a": [2024, 2025, 2025],
         "id_b": ["3", "9", "4"], "tahun_b": [2025, 2025, 2026]}
    )  # fmt: skip
    lin = assign_lineage(u, pairs).set_index(["tahun", "id_usulan"])
    chain = [(2024, "7"), (2025, "3"), (2025, "9"), (2026, "4")]
    assert set(lin.loc[chain, "lineage"]) == {"L2024-7"}  # earliest member, keyed by year
    assert lin.loc[(2026, "7"), "lineage"] == "L2026-7"  # same id, other year, other request
    assert set(lin.loc[chain, "kali_diusulkan"]) == {3}  # years, not entries
    assert lin.loc[(2026, "7"), "kali_diusulkan"] == 1
    assert lin.loc[(2026, "4"), "riwayat"] == (
        "2024: Ditolak · 2025: Menunggu Verifikasi (2 entri) · 2026: diusulkan lagi"
    )
    assert lin.loc[(2026, "7"), "riwayat"] == "2026: Diterima"

    hist = lineage_history(u, lin.reset_index())
    assert list(zip(hist["tahun"], hist["id_usulan"], strict=True)) == chain
    assert set(hist["lineage"]) == {"L2024-7"}


def test_ids_are_unique_per_year_only():
    u = usulan(
        [
            {"id_usulan": "1", "tahun": 2025, "usulan": "Pembangunan posyandu"},
            {"id_usulan": "1", "tahun": 2026, "usulan": "Pengadaan bibit padi"},
        ]
    )
    assert len(assign_lineage(u)["lineage"].unique()) == 2
    with pytest.raises(ValueError, match="lebih dari sekali"):
        find_duplicates(pd.concat([u, u.iloc[[0]]]))


def test_scoring_in_chunks_gives_the_same_pairs(demo, monkeypatch):
    from planlib.forum import duplicates

    _, u, _ = demo
    sample = u[u["kode_kecamatan"].isin(sorted(u["kode_kecamatan"].unique())[:2])]
    whole = find_duplicates(sample)
    monkeypatch.setattr(duplicates, "_CHUNK", 3)
    chunked = find_duplicates(sample)
    assert len(whole) > 0
    pd.testing.assert_frame_equal(whole, chunked)


def test_workspace_dict_and_frame_give_the_same_pairs(demo):
    ws, u, _ = demo
    pd.testing.assert_frame_equal(find_duplicates(ws.usulan), find_duplicates(u))


def test_pair_agreement_counts_pairs():
    # truth {a,b,c} {d}; predicted {a,b} {c,d}: 1 of 3 true pairs found, 1 of 2 found pairs true
    m = pair_agreement(["p", "p", "q", "q"], ["t", "t", "t", "u"])
    assert (m["tp"], m["fp"], m["fn"]) == (1, 1, 2)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(1 / 3)

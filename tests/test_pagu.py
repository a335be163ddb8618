"""The explained priority score and the pagu allocation (planlib.forum.skor, planlib.forum.pagu)."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest

import planlib
from planlib.forum.pagu import (
    TIDAK_DIALOKASIKAN,
    alokasi,
    bandingkan,
    garis_batas,
    pagu_bawaan,
    tabel_ekspor,
)
from planlib.forum.skor import Bobot, kesenjangan_kecamatan, selaras_dari_align, skor_usulan
from planlib.rekap import usulan_tahun
from planlib.report import PlanlibError

# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def demo(demo_ws):
    """The demo workspace, opened once for this module."""
    return planlib.open_workspace(demo_ws)


def instance(n: int, seed: int, n_kec: int = 2, n_opd: int = 3, share: float = 0.4):
    """Random usulan with a skor, and ceilings at ``share`` of the demand per kecamatan and OPD."""
    rng = np.random.default_rng(seed)
    kec = [f"99.01.{k + 1:02d}" for k in rng.integers(n_kec, size=n)]
    df = pd.DataFrame(
        {
            "id_usulan": [f"U{seed:02d}{i:05d}" for i in range(n)],
            "tahun": 2026,
            "usulan": [f"usulan {i}" for i in range(n)],
            "kode_kecamatan": kec,
            "nama_kecamatan": ["Kec " + k[-2:] for k in kec],
            "opd_tujuan": [f"Dinas {o}" for o in rng.integers(n_opd, size=n)],
            "anggaran": np.round(np.exp(rng.normal(np.log(1.5e8), 0.9, n)), -3),
            "skor": np.round(rng.uniform(5, 95, n), 3),
        }
    )
    pk = (share * df.groupby("kode_kecamatan")["anggaran"].sum()).to_dict()
    po = (share * df.groupby("opd_tujuan")["anggaran"].sum()).to_dict()
    return df, pk, po


def brute_force(df: pd.DataFrame, pk: dict | None, po: dict | None) -> float:
    """The best total skor over every subset (itertools), honouring both kinds of ceiling."""
    s, a = df["skor"].to_numpy(), df["anggaran"].to_numpy()
    kec, opd = df["kode_kecamatan"].to_numpy(), df["opd_tujuan"].to_numpy()
    best = 0.0
    for bits in itertools.product((False, True), repeat=len(df)):
        x = np.array(bits)
        if pk is not None and any(a[x & (kec == k)].sum() > v for k, v in pk.items()):
            continue
        if po is not None and any(a[x & (opd == o)].sum() > v for o, v in po.items()):
            continue
        best = max(best, float(s[x].sum()))
    return best


def assert_within_pagu(df: pd.DataFrame, terpilih: pd.Series, pk: dict | None, po: dict | None):
    chosen = df[df["id_usulan"].map(terpilih).fillna(False).astype(bool)]
    for col, pagu in (("kode_kecamatan", pk), ("opd_tujuan", po)):
        if pagu is None:
            continue
        used = chosen.groupby(col)["anggaran"].sum()
        for key, v in used.items():
            assert key in pagu
            assert v <= pagu[key] + 1e-6, (col, key, v, pagu[key])


def gap_in_label(metode: str) -> float:
    m = re.search(r"selisih ≤ ([\d.,]+)%", metode)
    assert m, metode
    return float(m.group(1).replace(".", "").replace(",", ".")) / 100


# --------------------------------------------------------------------------- allocation


@pytest.mark.parametrize("seed", range(6))
def test_milp_finds_the_brute_force_optimum(seed):
    df, pk, po = instance(11, seed)
    best = brute_force(df, pk, po)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="milp")
    assert al.metode == "optimal (MILP)"
    assert al.optimal
    assert al.nilai == pytest.approx(best, abs=1e-6)
    assert al.nilai == pytest.approx(df.loc[df["id_usulan"].map(al.terpilih), "skor"].sum())
    assert_within_pagu(df, al.terpilih, pk, po)


def test_milp_optimum_with_one_kind_of_ceiling_only():
    df, pk, po = instance(12, 11)
    for kec, opd in ((pk, None), (None, po)):
        al = alokasi(df, pagu_kecamatan=kec, pagu_opd=opd, metode="milp")
        assert al.optimal
        assert al.nilai == pytest.approx(brute_force(df, kec, opd), abs=1e-6)
        assert_within_pagu(df, al.terpilih, kec, opd)


@pytest.mark.parametrize("seed", range(4))
def test_greedy_is_labelled_and_within_its_bound(seed):
    df, pk, po = instance(12, 20 + seed, share=0.3)
    best = brute_force(df, pk, po)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    assert "heuristik greedy" in al.metode
    assert_within_pagu(df, al.terpilih, pk, po)
    # the proven bracket holds the true optimum, and the label does not understate the gap
    assert al.nilai <= best + 1e-6 <= al.batas_atas + 2e-6
    assert al.selisih == pytest.approx((al.batas_atas - al.nilai) / al.batas_atas)
    if not al.optimal:
        assert gap_in_label(al.metode) >= al.selisih - 1e-12


def test_greedy_on_a_larger_instance_respects_pagu_and_is_deterministic():
    df, pk, po = instance(800, 3, n_kec=6, n_opd=5)
    a = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    b = alokasi(
        df.sample(frac=1.0, random_state=1), pagu_kecamatan=pk, pagu_opd=po, metode="greedy"
    )
    assert_within_pagu(df, a.terpilih, pk, po)
    assert a.terpilih.sum() > 0
    assert a.terpilih.sort_index().equals(b.terpilih.sort_index())
    assert a.nilai <= a.batas_atas
    assert a.urutan == "efisiensi"


def test_time_limited_milp_is_labelled_with_its_gap():
    df, pk, po = instance(3000, 5, n_kec=10, n_opd=12)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="milp", time_limit=0.05)
    assert not al.optimal
    assert al.metode.startswith(("MILP batas waktu, selisih ≤", "heuristik greedy, selisih ≤"))
    assert gap_in_label(al.metode) >= al.selisih - 1e-12
    assert al.nilai <= al.batas_atas
    assert_within_pagu(df, al.terpilih, pk, po)


def test_labels_when_the_milp_is_stopped_by_its_time_limit(monkeypatch):
    """The labelling of a stopped MILP, made deterministic by standing in for the solver."""
    from planlib.forum.pagu import solver

    df, pk, po = instance(11, 20, share=0.3)
    best = brute_force(df, pk, po)
    greedy = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    assert greedy.nilai < best - 1e-6  # the case needs a heuristic that misses the optimum
    real = solver.milp_exact

    def stopped(p, time_limit, toleransi):  # the optimum found, not proven: bound 5 % higher
        x, _, _ = real(p, time_limit, toleransi)
        return x, False, best * 1.05

    monkeypatch.setattr(solver, "milp_exact", stopped)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="milp")
    assert al.metode.startswith("MILP batas waktu, selisih ≤")
    assert not al.optimal and al.nilai == pytest.approx(best)
    assert al.batas_atas == pytest.approx(min(best * 1.05, greedy.batas_atas))
    assert gap_in_label(al.metode) >= al.selisih > 0

    monkeypatch.setattr(solver, "milp_exact", lambda p, t, tol: (None, False, greedy.nilai * 1.01))
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="milp")
    assert al.metode.startswith("heuristik greedy") and al.metode.endswith("dari batas MILP")
    assert al.nilai == pytest.approx(greedy.nilai) and not al.optimal
    monkeypatch.setattr(solver, "milp_exact", lambda p, t, tol: (None, False, float("inf")))
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="milp")
    assert al.metode.endswith("dari batas LP")
    assert al.batas_atas == pytest.approx(greedy.batas_atas)


def test_summary_tables_add_up():
    df, pk, po = instance(300, 8, n_kec=4, n_opd=4)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    chosen = df[df["id_usulan"].map(al.terpilih)]
    used = chosen.groupby("kode_kecamatan")["anggaran"].sum()
    t = al.per_kecamatan
    assert set(t.index) == set(pk)
    assert t["anggaran_terpilih"].to_dict() == pytest.approx(
        used.reindex(t.index, fill_value=0).to_dict()
    )
    assert t["sisa"].to_dict() == pytest.approx((t["pagu"] - t["anggaran_terpilih"]).to_dict())
    assert t["jumlah_usulan"].sum() == len(df)
    assert al.per_opd["jumlah_terpilih"].sum() == al.terpilih.sum()


def test_unfundable_usulan_are_reported_not_allocated():
    df, pk, po = instance(10, 2)
    df.loc[0, "anggaran"] = np.nan
    df.loc[1, "anggaran"] = 0
    df.loc[2, "kode_kecamatan"] = "99.01.77"  # no ceiling for this kecamatan
    df.loc[3, "anggaran"] = 10 * max(pk.values())  # larger than any ceiling
    huge = {k: 1e15 for k in pk}
    al = alokasi(df, pagu_kecamatan=huge | {"99.01.01": pk["99.01.01"] / 1e6}, pagu_opd=None)
    out = al.tidak_dialokasikan
    ids = df["id_usulan"]
    assert not al.terpilih[ids[[0, 1, 2]]].any()
    assert out.loc[ids[0], "keterangan"] == "anggaran kosong"
    assert out.loc[ids[1], "keterangan"] == "anggaran kosong"
    assert out.loc[ids[2], "keterangan"] == "kecamatan tanpa pagu"
    big = alokasi(df, pagu_kecamatan=pk | {"99.01.77": 1e15}, pagu_opd=po)
    assert big.rincian.loc[ids[3], "status"] == TIDAK_DIALOKASIKAN
    assert big.rincian.loc[ids[3], "keterangan"].startswith("anggaran melebihi pagu kecamatan")
    # everything else competed: chosen, or told why not
    rest = big.rincian[big.rincian["status"] != TIDAK_DIALOKASIKAN]
    assert rest.loc[~rest["terpilih"], "keterangan"].notna().all()


def test_no_ceiling_funds_everything_eligible():
    df, _, _ = instance(8, 4)
    df.loc[0, "anggaran"] = np.nan
    al = alokasi(df)
    assert al.optimal
    assert al.terpilih.sum() == 7
    assert not al.terpilih[df.loc[0, "id_usulan"]]


def test_duplicate_ids_and_unknown_method_are_refused():
    df, pk, po = instance(5, 1)
    with pytest.raises(PlanlibError):
        alokasi(pd.concat([df, df.iloc[[0]]]), pagu_kecamatan=pk)
    with pytest.raises(PlanlibError):
        alokasi(df, pagu_kecamatan=pk, metode="acak")


# --------------------------------------------------------------------------- what-if


def test_bandingkan_lists_exactly_what_changed():
    df, pk, po = instance(400, 9, n_kec=4, n_opd=4)
    a = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    more = {k: v * 1.5 for k, v in pk.items()}
    less = {o: v * 0.7 for o, v in po.items()}
    b = alokasi(df, pagu_kecamatan=more, pagu_opd=less, metode="greedy")
    diff = bandingkan(a, b)
    came = set(b.terpilih[b.terpilih].index) - set(a.terpilih[a.terpilih].index)
    went = set(a.terpilih[a.terpilih].index) - set(b.terpilih[b.terpilih].index)
    assert came and went
    assert set(diff.loc[diff["perubahan"] == "masuk", "id_usulan"]) == came
    assert set(diff.loc[diff["perubahan"] == "keluar", "id_usulan"]) == went
    assert len(diff) == len(came) + len(went)
    row = diff.iloc[0]
    src = df.set_index("id_usulan").loc[row["id_usulan"]]
    assert row["anggaran"] == src["anggaran"] and row["usulan"] == src["usulan"]
    assert bandingkan(a, a).empty


def test_bandingkan_after_a_weight_change_reports_both_scores():
    df, pk, po = instance(300, 6, n_kec=3, n_opd=3)
    a = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    df2 = df.assign(
        skor=np.where(df["anggaran"] < df["anggaran"].median(), df["skor"] * 2, df["skor"])
    )
    b = alokasi(df2, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    diff = bandingkan(a, b).set_index("id_usulan")
    assert len(diff)
    old = df.set_index("id_usulan")["skor"]
    new = df2.set_index("id_usulan")["skor"]
    assert diff["skor_sebelum"].to_dict() == pytest.approx(old[diff.index].to_dict())
    assert diff["skor"].to_dict() == pytest.approx(new[diff.index].to_dict())


@pytest.mark.parametrize("by,col", [("kecamatan", "kode_kecamatan"), ("opd", "opd_tujuan")])
def test_garis_batas_marks_the_last_in_and_the_first_out(by, col):
    df, pk, po = instance(500, 12, n_kec=4, n_opd=4)
    al = alokasi(df, pagu_kecamatan=pk, pagu_opd=po, metode="greedy")
    line = garis_batas(al, by=by)
    assert (line["urutan"] == "efisiensi").all()
    d = df.set_index("id_usulan").assign(eff=lambda x: x["skor"] / x["anggaran"])
    d["in"] = al.terpilih.reindex(d.index)
    for key, row in line.iterrows():
        group = d[d[col] == key]
        assert row["terpilih_terendah_id"] == group[group["in"]]["eff"].idxmin()
        assert row["tidak_terpilih_tertinggi_id"] == group[~group["in"]]["eff"].idxmax()
        assert isinstance(row["tidak_terpilih_tertinggi_keterangan"], str)
    by_skor = garis_batas(al, by=by, urutan="skor")
    for key, row in by_skor.iterrows():
        group = d[d[col] == key]
        assert row["terpilih_terendah_skor"] == group[group["in"]]["skor"].min()
        assert row["tidak_terpilih_tertinggi_skor"] == group[~group["in"]]["skor"].max()


def test_pagu_bawaan_from_renja_and_split():
    df, _, _ = instance(200, 7, n_kec=3, n_opd=3)
    renja = pd.DataFrame(
        {
            "opd": ["Dinas 0", "Dinas 0", "Dinas 1", "Dinas 2", "Dinas 1", "Dinas 9"],
            "pagu": [1e9, 5e8, 2e9, 7e8, 9e9, 4e8],
            "tahun": [2026, 2026, 2026, 2026, 2025, 2026],
        }
    )
    pb = pagu_bawaan(df, renja=renja, tahun=2026)
    assert pb.opd == pytest.approx(
        {"Dinas 0": 1.5e9, "Dinas 1": 2e9, "Dinas 2": 7e8, "Dinas 9": 4e8}
    )
    total = 1.5e9 + 2e9 + 7e8  # Dinas 9 receives no usulan
    assert sum(pb.kecamatan.values()) == pytest.approx(total)
    demand = df.groupby("kode_kecamatan")["anggaran"].sum()
    for k, v in pb.kecamatan.items():
        assert v == pytest.approx(total * demand[k] / demand.sum())
    assert any("Renja 2026" in t for t in pb.keterangan)

    even = pagu_bawaan(df, renja=None, cara="rata", porsi=0.25)
    assert even.opd is None
    assert list(even.kecamatan.values()) == pytest.approx([0.25 * demand.sum() / 3] * 3)
    earlier = pagu_bawaan(df, renja=renja, tahun=2025)
    assert earlier.opd == {"Dinas 1": 9e9}
    assert any("tidak ada di Renja" in t for t in earlier.keterangan)


# --------------------------------------------------------------------------- score


def scoring_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"tahun": 2026, "usulan_ke": 1, "kode_kecamatan": "99.01.01", "anggaran": 1e8}
    df = pd.DataFrame([base | r for r in rows])
    df["id_usulan"] = [f"S{i}" for i in range(len(df))]
    return df


def indicators() -> tuple[pd.DataFrame, pd.DataFrame]:
    """P0 per kecamatan: 99.01.01 far behind target, .02 slightly behind, .03 on target."""
    ind = pd.DataFrame(
        {
            "kode_wilayah": ["99.01.01", "99.01.02", "99.01.03", "99.01.01"],
            "level": "kecamatan",
            "tahun": [2025, 2025, 2025, 2020],
            "periode": "Maret",
            "indikator": "p0",
            "nilai": [9.1, 7.0, 5.0, 20.0],
            "satuan": "persen",
            "seri": None,
        }
    )
    tgt = pd.DataFrame(
        {"indikator": ["p0"], "kode_wilayah": ["99.01"], "tahun": [2026], "target": [6.5],
         "satuan": ["persen"], "seri": [None]}
    )  # fmt: skip
    return ind, tgt


@pytest.mark.parametrize(
    "component,x,y",
    [
        ("prioritas", {"usulan_ke": 1}, {"usulan_ke": 3, "anggaran": 2e7}),
        ("biaya", {"usulan_ke": 2, "anggaran": 5e7}, {"usulan_ke": 1, "anggaran": 2e9}),
        ("selaras", {"usulan_ke": 3, "skor_selaras": 1.0}, {"usulan_ke": 1, "skor_selaras": 0.2}),
        ("kesenjangan", {"usulan_ke": 3}, {"usulan_ke": 1, "kode_kecamatan": "99.01.03"}),
    ],
)
def test_raising_a_weight_ranks_its_favourite_higher(component, x, y):
    df = scoring_frame([x, y])
    ind, tgt = indicators()
    low = Bobot(**{component: 0.0})
    high = Bobot(**{component: 80.0})
    a = skor_usulan(df, bobot=low, indikator=ind, target=tgt)["skor"].to_numpy()
    b = skor_usulan(df, bobot=high, indikator=ind, target=tgt)["skor"].to_numpy()
    assert a[0] < a[1]  # without the component, the other usulan is ahead
    assert b[0] > b[1]  # with a heavy weight, the one it favours overtakes


def test_more_biaya_weight_moves_cheaper_usulan_up_in_the_demo(demo):
    ws = demo
    u = usulan_tahun(ws, ws.tahun[-1])
    mean_top = []
    for w in (0.0, 15.0, 60.0):
        s = skor_usulan(u, bobot=Bobot(biaya=w), indikator=ws.indikator, target=ws.target_rpjmd)
        mean_top.append(s.nlargest(300, "skor")["anggaran"].mean())
    assert mean_top[0] > mean_top[1] > mean_top[2]


def test_penjelasan_names_every_component_with_its_points():
    ind, tgt = indicators()
    df = scoring_frame([{"usulan_ke": 1, "anggaran": 2.5e8}, {"usulan_ke": 4}])
    s = skor_usulan(df, indikator=ind, target=tgt, selaras=pd.Series({"S0": 0.82}))
    text = s.loc[0, "penjelasan"]
    for word in (
        "prioritas ke-1 (+40)",
        "selaras 0,82",
        "P0 kecamatan 9,1% vs target 6,5%",
        "biaya Rp 250,0 juta (−",
    ):
        assert word in text
    points = [int(p) for p in re.findall(r"\(([+-]?\d+)\)", text.replace("−", "-"))]
    expected = s.loc[0, ["skor_prioritas", "skor_selaras", "skor_kesenjangan", "skor_biaya"]]
    assert points == [int(np.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1) for v in expected]
    assert s.loc[0, "skor"] == pytest.approx(expected.sum())
    other = s.loc[1, "penjelasan"]
    assert "prioritas ke-4" in other and "selaras belum dinilai (netral" in other


def test_missing_data_is_neutral_and_said_so():
    df = scoring_frame([{"usulan_ke": None, "anggaran": None}])
    s = skor_usulan(df)
    text = s.loc[0, "penjelasan"]
    assert "prioritas tidak diisi (netral" in text
    assert "selaras belum dinilai (netral" in text
    assert "kesenjangan: tidak ada data indikator kecamatan (netral" in text
    assert "anggaran kosong" in text
    b = Bobot()
    assert s.loc[0, "skor_prioritas"] == pytest.approx(b.prioritas / 2)
    assert s.loc[0, "skor_kesenjangan"] == pytest.approx(b.kesenjangan / 2)
    assert s.loc[0, "skor_biaya"] == 0


def test_score_is_between_0_and_100_and_held_at_0_when_negative():
    ind, tgt = indicators()
    df = scoring_frame([
        {"usulan_ke": 1, "anggaran": 1e6, "skor_selaras": 1.0, "kode_kecamatan": "99.01.01"},
        {"usulan_ke": 30, "anggaran": 5e9, "skor_selaras": 0.0, "kode_kecamatan": "99.01.03"},
    ])  # fmt: skip
    s = skor_usulan(df, bobot=Bobot(biaya=40), indikator=ind, target=tgt)
    assert s["skor"].between(0, 100).all()
    assert s.loc[0, "skor"] > 90
    assert s.loc[1, "skor"] == 0 and "skor dibatasi 0" in s.loc[1, "penjelasan"]


def test_rescoring_a_scored_frame_keeps_the_alignment_input():
    df = scoring_frame([{"skor_selaras": 0.9}, {"skor_selaras": 0.1}])
    first = skor_usulan(df)
    again = skor_usulan(first, bobot=Bobot(selaras=50))
    assert again["nilai_selaras"].tolist() == [0.9, 0.1]
    assert again["skor_selaras"].iloc[0] > first["skor_selaras"].iloc[0]
    with pytest.raises(PlanlibError):
        skor_usulan(scoring_frame([{"skor_selaras": 30.0}]))


def test_matcher_output_becomes_the_alignment_input():
    saran = pd.DataFrame(
        {"id_usulan": ["S0", "S1", "S2"], "skor": [0.8, 0.9, None], "selaras": [True, False, True]}
    )
    sel = selaras_dari_align(saran)
    assert sel.to_dict() == {"S0": 0.8, "S1": 0.0, "S2": pytest.approx(np.nan, nan_ok=True)}
    s = skor_usulan(scoring_frame([{}, {}, {}]), selaras=sel)
    assert "selaras 0,80" in s.loc[0, "penjelasan"]
    assert "selaras 0,00 (0)" in s.loc[1, "penjelasan"]
    assert "selaras belum dinilai" in s.loc[2, "penjelasan"]


def test_kesenjangan_uses_the_latest_data_and_never_mixes_series():
    ind, tgt = indicators()
    g = kesenjangan_kecamatan(ind, tgt, 2026)
    assert g.loc["99.01.01", "nilai"] == 9.1  # 2025, not the 2020 value
    assert g.loc["99.01.01", "nilai_komponen"] > g.loc["99.01.02", "nilai_komponen"] > 0
    assert g.loc["99.01.03", "nilai_komponen"] == 0
    ipm = pd.DataFrame(
        {"kode_wilayah": ["99.01.01"], "level": "kecamatan", "tahun": [2025], "periode": None,
         "indikator": "ipm", "nilai": [60.0], "satuan": "indeks", "seri": ["lama"]}
    )  # fmt: skip
    ipm_target = pd.DataFrame(
        {"indikator": ["ipm"], "kode_wilayah": ["99.01"], "tahun": [2026], "target": [74.0],
         "satuan": ["indeks"], "seri": ["revisi_2024"]}
    )  # fmt: skip
    assert kesenjangan_kecamatan(ipm, ipm_target, 2026).empty
    same = kesenjangan_kecamatan(ipm.assign(seri="revisi_2024"), ipm_target, 2026)
    assert same.loc["99.01.01", "nilai_komponen"] > 0  # IPM below target: higher is better


# --------------------------------------------------------------------------- demo


def test_demo_workspace_scores_and_allocates(demo):
    ws = demo
    tahun = ws.tahun[-1]
    u = usulan_tahun(ws, tahun)
    s = skor_usulan(u, indikator=ws.indikator, target=ws.target_rpjmd)
    assert len(s) == len(u)
    assert s["skor"].between(0, 100).all()
    assert s["penjelasan"].str.contains("kecamatan").all()  # the demo has stunting per kecamatan
    pb = pagu_bawaan(s, renja=ws.renja, tahun=tahun)
    assert pb.opd and pb.kecamatan
    al = alokasi(s, pagu_kecamatan=pb.kecamatan, pagu_opd=pb.opd, metode="greedy")
    assert 0 < al.terpilih.sum() < len(s)
    assert_within_pagu(
        s.assign(id_usulan=s["id_usulan"].astype(str)), al.terpilih, pb.kecamatan, pb.opd
    )
    missing = s.loc[s["anggaran"].isna(), "id_usulan"].astype(str)
    assert len(missing) and not al.terpilih[missing].any()
    assert (al.rincian.loc[missing, "keterangan"] == "anggaran kosong").all()
    assert al.rincian.loc[~al.rincian["terpilih"], "keterangan"].notna().all()
    assert len(garis_batas(al, s)) == len(al.per_kecamatan)

    table = tabel_ekspor(al)
    assert list(table.columns)[:3] == ["ID Usulan", "Usulan", "Kecamatan"]
    assert sorted(table["ID Usulan"]) == sorted(s["id_usulan"].astype(str))
    status = table["Status Alokasi"].tolist()
    assert status == sorted(status, key=["terpilih", "tidak terpilih", "tidak dialokasikan"].index)
    assert table["Penjelasan Skor"].str.startswith("prioritas").all()

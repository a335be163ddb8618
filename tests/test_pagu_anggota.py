"""The pagu what-if with a ceiling per DPRD member on the pokir they carry."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from planlib.forum.pagu import TIDAK_DIALOKASIKAN, alokasi


def instance(seed: int, n: int = 12):
    """Usulan and pokir (a ``pengusul``) with ceilings per kecamatan and per member."""
    rng = np.random.default_rng(seed)
    kec = [f"99.01.{k + 1:02d}" for k in rng.integers(2, size=n)]
    member = [("Anggota A", "Anggota B", None, None)[i % 4] for i in range(n)]
    df = pd.DataFrame(
        {
            "id_usulan": [f"X{seed:02d}{i:04d}" for i in range(n)],
            "kode_kecamatan": kec,
            "nama_kecamatan": kec,
            "opd_tujuan": "Dinas",
            "anggaran": np.round(np.exp(rng.normal(np.log(1.5e8), 0.6, n)), -3),
            "skor": np.round(rng.uniform(5, 95, n), 3),
            "pengusul": member,
        }
    )
    pk = (0.6 * df.groupby("kode_kecamatan")["anggaran"].sum()).to_dict()
    pa = (0.35 * df.groupby("pengusul")["anggaran"].sum()).to_dict()
    return df, pk, pa


def brute_force(df, pk, pa) -> float:
    s, a = df["skor"].to_numpy(), df["anggaran"].to_numpy()
    kec, who = df["kode_kecamatan"].to_numpy(), df["pengusul"].to_numpy()
    best = 0.0
    for bits in itertools.product((False, True), repeat=len(df)):
        x = np.array(bits)
        if any(a[x & (kec == k)].sum() > v for k, v in pk.items()):
            continue
        if any(a[x & (who == g)].sum() > v for g, v in pa.items()):
            continue
        best = max(best, float(s[x].sum()))
    return best


@pytest.mark.parametrize("seed", range(3))
def test_the_member_ceiling_holds_and_the_milp_is_optimal(seed):
    df, pk, pa = instance(seed)
    free = alokasi(df, pagu_kecamatan=pk, metode="milp")
    al = alokasi(df, pagu_kecamatan=pk, pagu_anggota=pa, metode="milp")
    assert al.optimal and al.nilai == pytest.approx(brute_force(df, pk, pa), abs=1e-6)
    assert al.nilai <= free.nilai + 1e-9
    chosen = df[df["id_usulan"].map(al.terpilih)]
    for g, cap in pa.items():
        assert chosen.loc[chosen["pengusul"] == g, "anggaran"].sum() <= cap + 1e-6
    per = al.per_anggota
    assert per is not None and set(per.index) == set(pa)
    assert per.loc["Anggota A", "pagu"] == pytest.approx(pa["Anggota A"])
    greedy = alokasi(df, pagu_kecamatan=pk, pagu_anggota=pa, metode="greedy")
    picked = df[df["id_usulan"].map(greedy.terpilih)]
    for g, cap in pa.items():
        assert picked.loc[picked["pengusul"] == g, "anggaran"].sum() <= cap + 1e-6


def test_only_the_members_pokir_are_held_and_one_over_its_ceiling_is_left_out():
    df, pk, _ = instance(7)
    big = df.index[df["pengusul"] == "Anggota A"][0]
    cap = float(df.loc[big, "anggaran"]) - 1000
    al = alokasi(df, pagu_kecamatan=pk, pagu_anggota={"Anggota A": cap}, metode="milp")
    r = al.rincian.loc[df.loc[big, "id_usulan"]]
    assert r["status"] == TIDAK_DIALOKASIKAN and "pagu anggota" in r["keterangan"]
    # usulan without a member and pokir of a member without a ceiling compete as before
    free = alokasi(df[df["pengusul"] != "Anggota A"], pagu_kecamatan=pk, metode="milp")
    assert al.rincian.loc[free.rincian.index, "status"].ne(TIDAK_DIALOKASIKAN).all()
    per = al.per_anggota
    assert list(per.index) == ["Anggota A", "Anggota B"] and np.isnan(per.loc["Anggota B", "pagu"])


def test_a_ceiling_no_single_pokir_exceeds_still_allocates():
    df, pk, _ = instance(3)
    top = float(df["anggaran"].max())
    al = alokasi(df, pagu_kecamatan=pk, pagu_anggota={"Anggota A": top + 1}, metode="milp")
    assert al.rincian["keterangan"].fillna("").str.contains("pagu anggota").sum() == 0
    assert al.per_anggota is not None and al.per_anggota.loc["Anggota A", "pagu"] == top + 1

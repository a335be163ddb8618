"""Matching usulan to the plan (planlib.forum.align): accuracy, selaras, overrides, CSV."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import planlib
from planlib.demo import TEMPLATES
from planlib.forum import align as A
from planlib.parse import fold

LABELLED = Path(__file__).parent / "data" / "usulan_berlabel.csv"
#: The third, harder set: SIPD abbreviations, paraphrases and hard negatives (see its ``jenis``).
HARD = Path(__file__).parent / "data" / "usulan_sulit.csv"


@pytest.fixture(scope="module")
def ws(demo_ws):
    return planlib.open_workspace(demo_ws)


@pytest.fixture(scope="module")
def matcher(ws):
    return A.Matcher.from_workspace(ws)


@pytest.fixture(scope="module")
def labelled():
    return pd.read_csv(LABELLED, dtype=str, keep_default_na=False)


def _hits(result: pd.DataFrame, truth: pd.Series) -> tuple[pd.Series, pd.Series]:
    top1 = result["opd_saran"] == truth
    top3 = top1 | (result["opd_saran_2"] == truth) | (result["opd_saran_3"] == truth)
    return top1, top3


# --------------------------------------------------------------------------- accuracy


def test_demo_truth_accuracy(ws, demo_ws):
    # The demo's usulan come from the same templates as its pohon kinerja kata kunci, so the
    # demo is an easy benchmark: 100 % top-1 OPD and sub-kegiatan were measured for every
    # year (benchmarks/bench_align.py). The floors leave room for a few rows that the planted
    # dirt may blur, but a broken normaliser or scoring step falls far below them.
    truth = pd.read_csv(demo_ws / ".demo-truth.csv", dtype={"id_usulan": str})
    for tahun in ws.tahun:
        res = A.align(ws, tahun).merge(truth[truth["tahun"] == tahun], on="id_usulan")
        assert len(res) > 0.95 * len(ws.usulan[tahun])
        top1, top3 = _hits(res, res["opd"])
        assert top1.mean() >= 0.97, tahun
        assert top3.mean() >= 0.99, tahun
        sub = res["template"].map(lambda t: TEMPLATES[t].sub_kegiatan)
        assert (res["sub_kegiatan_saran"] == sub).mean() >= 0.95, tahun


def test_labelled_set_accuracy(matcher, labelled):
    # Measured on the 90 hand-labelled usulan that have an OPD in the demo plan: top-1 0.967,
    # top-3 0.989 (dev half 0.978 / 1.000, held-out half 0.956 / 0.978). The floors are that
    # minus a margin of about 7 usulan for top-1 and 5 for top-3, so that editing the kamus
    # does not make the test flaky; they stay above what the plan text alone achieves (top-1
    # 0.767, top-3 0.867 without the kamus phrases), so losing the kamus makes this fail.
    res = matcher.suggest(labelled)
    planned = labelled["opd"] != ""
    assert planned.sum() >= 60
    top1, top3 = _hits(res[planned], labelled.loc[planned, "opd"])
    assert top1.mean() >= 0.88
    assert top3.mean() >= 0.93
    # usulan that no OPD of the demo plan covers: 0 of 12 were measured selaras
    assert res.loc[~planned, "selaras"].sum() <= 2


def test_kamus_is_needed_for_the_labelled_set(ws, labelled):
    # The reverse check of the floors above: the plan text alone stays below them.
    kamus = A.load_kamus()
    plain = A.Matcher.from_workspace(ws, kamus[kamus["opd"] == ""])
    planned = labelled["opd"] != ""
    top1, _ = _hits(plain.suggest(labelled)[planned], labelled.loc[planned, "opd"])
    assert top1.mean() < 0.88


@pytest.fixture(scope="module")
def hard():
    return pd.read_csv(HARD, dtype=str, keep_default_na=False)


def test_hard_set_accuracy(matcher, hard):
    # Written before the text module was unified, from the kinds of text real usulan carry;
    # never tuned to. Measured on the 89 usulan with a demo OPD: top-1 0.910 (81) and top-3
    # 1.000 with the old code, top-1 0.921 (82) and top-3 1.000 with planlib.teks. The floors
    # are the measured level: one more top-1 miss, or any top-3 miss, fails.
    res = matcher.suggest(hard)
    planned = hard["opd"] != ""
    top1, top3 = _hits(res[planned], hard.loc[planned, "opd"])
    assert top1.sum() >= 82, hard.loc[planned & ~top1, "usulan"].tolist()
    assert top3.all(), hard.loc[planned & ~top3, "usulan"].tolist()
    # usulan that no OPD of the demo plan covers: 1 of 12 measured selaras
    assert res.loc[~planned, "selaras"].sum() <= 1
    # each kind holds up on its own (measured top-1 misses: 1 of 38 abbreviations, 3 of 27
    # paraphrases, 3 of 24 hard negatives)
    misses = (~top1).groupby(hard.loc[planned, "jenis"]).sum()
    assert misses["singkatan"] <= 1 and misses["parafrasa"] <= 3, misses
    assert misses["negatif_sulit"] <= 3, misses


def test_hard_set_is_well_formed(ws, hard):
    plan_opd = set(ws.pohon_kinerja["opd"].dropna()) | set(ws.renja["opd"])
    assert set(hard["opd"]) - {""} <= plan_opd
    assert len(hard) >= 80
    counts = hard["jenis"].value_counts()
    assert set(counts.index) == {"singkatan", "parafrasa", "negatif_sulit", "luar_rencana"}
    assert counts.min() >= 10
    assert ((hard["jenis"] == "luar_rencana") == (hard["opd"] == "")).all()
    assert not hard["usulan"].duplicated().any()


def test_labelled_set_names_demo_opd(ws, labelled):
    plan_opd = set(ws.pohon_kinerja["opd"].dropna()) | set(ws.renja["opd"])
    named = set(labelled["opd"]) - {""}
    assert named <= plan_opd
    assert len(named) == len(plan_opd)  # every OPD of the demo plan is tested
    assert set(labelled["bagian"]) == {"dev", "uji"}


# --------------------------------------------------------------------------- selaras


def _plan_text(ws) -> str:
    cols = [ws.pohon_kinerja[c] for c in ("uraian", "indikator", "kata_kunci")]
    cols += [ws.renja[c] for c in ("program", "kegiatan", "sub_kegiatan", "indikator")]
    return fold(" ".join(str(v) for c in cols for v in c.dropna()))


def test_uncovered_usulan_are_tidak_selaras(ws, matcher):
    usulan = pd.DataFrame(
        {
            "usulan": ["Pembangunan gedung DPRD", "Pengadaan mobil dinas camat"],
            "masalah": ["", "kendaraan operasional kecamatan sudah tua"],
        }
    )
    plan = _plan_text(ws)
    for word in ("dprd", "mobil", "camat", "kendaraan"):
        assert not re.search(rf"\b{word}\b", plan), word  # really not in the demo plan
    res = matcher.suggest(usulan)
    assert not res["selaras"].any()
    assert res["alasan"].str.contains("tidak selaras").all()
    assert (res["skor"] < A.AMBANG_SELARAS).all()


def test_covered_usulan_are_selaras(matcher):
    res = matcher.suggest(pd.DataFrame({"usulan": ["Pembangunan posyandu RT 03"]}))
    assert res["selaras"].iloc[0]
    assert res["opd_saran"].iloc[0] == "Dinas Kesehatan"
    assert res["indikator_rpjmd"].iloc[0] == "stunting"  # T1.S1 carries the RPJMD stunting target


def _tree() -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["id", "parent_id", "level", "uraian", "opd", "indikator", "kode_indikator",
            "target", "kata_kunci"]  # fmt: skip
    rows = [
        ("T1", None, "tujuan", "Meningkatnya kesehatan", None, "Prevalensi stunting",
         "stunting", None, None),
        ("T1.K", "T1", "sub_kegiatan", "Pembangunan Posyandu", "Dinas Kesehatan", None, None,
         None, "posyandu"),
        ("X1", None, "tujuan", "Urusan lain", None, None, None, None, None),
        ("X1.K", "X1", "sub_kegiatan", "Pembangunan Pos Ronda", "Dinas Kesehatan", None, None,
         None, "pos ronda; pos kamling"),
    ]  # fmt: skip
    pohon = pd.DataFrame(rows, columns=cols)
    target = pd.DataFrame({"indikator": ["stunting"], "tahun": [2026], "target": [20.0]})
    return pohon, target


def test_rpjmd_reach_follows_ancestors():
    pohon, target = _tree()
    reach = A.rpjmd_reach(pohon, target)
    assert reach == {"T1": "stunting", "T1.K": "stunting", "X1": None, "X1.K": None}
    # without the target table, a tujuan needs an indicator and a target of its own
    assert A.rpjmd_reach(pohon, None)["T1.K"] is None
    own = pohon.assign(target=[25.0, None, None, None])
    assert A.rpjmd_reach(own, None)["T1.K"] == "Prevalensi stunting"


def test_sumur_bor_is_not_said_to_support_the_roads_indicator(matcher):
    """A tujuan's own indicator (jalan mantap) is named only for the branch it measures.

    In the demo, tujuan T3 "infrastruktur wilayah" carries "Persentase jalan kabupaten
    kondisi mantap"; its sasaran T3.S2 "air bersih dan sanitasi" has an indicator of its
    own. A sumur bor (T3.S2) still serves the tujuan (selaras) but is named by its sasaran;
    a road (T3.S1, "infrastruktur jalan dan jembatan") keeps the roads' indicator.
    """
    res = matcher.suggest(
        pd.DataFrame({"usulan": ["Pembangunan sumur bor dan jaringan air bersih",
                                 "Pengaspalan jalan lingkungan RT 04"]})
    )  # fmt: skip
    sumur, jalan = res.iloc[0], res.iloc[1]
    assert sumur["node_saran"].startswith("T3.S2") and jalan["node_saran"].startswith("T3.S1")
    assert sumur["selaras"] and jalan["selaras"]
    assert "jalan" not in sumur["indikator_rpjmd"].lower()
    assert sumur["indikator_rpjmd"] == "sasaran: Meningkatnya air bersih dan sanitasi"
    assert "mendukung: sasaran: Meningkatnya air bersih dan sanitasi" in sumur["alasan"]
    assert jalan["indikator_rpjmd"] == "Persentase jalan kabupaten kondisi mantap"


def test_rpjmd_reach_names_the_sasaran_when_the_tujuan_measures_another_object():
    cols = ["id", "parent_id", "level", "uraian", "opd", "indikator", "kode_indikator",
            "target", "kata_kunci"]  # fmt: skip
    rows = [
        ("T", None, "tujuan", "Infrastruktur", None, "Persentase jalan mantap", None, 80.0, None),
        ("T.A", "T", "sasaran", "Air bersih", None, "Capaian air bersih", None, None, None),
        ("T.A.K", "T.A", "sub_kegiatan", "Sumur bor", "PUPR", None, None, None, None),
        ("T.J", "T", "sasaran", "Jalan desa", None, "Capaian jalan desa", None, None, None),
        ("T.J.K", "T.J", "sub_kegiatan", "Aspal", "PUPR", None, None, None, None),
        ("T.L", "T", "sasaran", "Lainnya", None, None, None, None, None),
        ("T.L.K", "T.L", "sub_kegiatan", "Lain", "PUPR", None, None, None, None),
    ]  # fmt: skip
    reach = A.rpjmd_reach(pd.DataFrame(rows, columns=cols), None)
    assert reach["T.A.K"] == "sasaran: Air bersih"  # another object: named by its sasaran
    assert reach["T.J.K"] == "Persentase jalan mantap"  # shares "jalan"
    assert reach["T.L.K"] == "Persentase jalan mantap"  # a sasaran without an indicator of its own
    assert reach["T"] == "Persentase jalan mantap"


def test_node_outside_rpjmd_chain_is_tidak_selaras():
    pohon, target = _tree()
    m = A.Matcher.from_plan(pohon, None, target, A.load_kamus().iloc[:0])
    res = m.suggest(pd.DataFrame({"usulan": ["Pembangunan pos kamling", "Pembangunan posyandu"]}))
    assert list(res["node_saran"]) == ["X1.K", "T1.K"]
    assert list(res["selaras"]) == [False, True]
    assert "tidak terhubung ke indikator RPJMD" in res["alasan"].iloc[0]


# --------------------------------------------------------------------------- reasons


def test_reasons_name_words_of_the_usulan(matcher, labelled):
    res = matcher.suggest(labelled)
    checked = 0
    for (_, row), alasan in zip(labelled.iterrows(), res["alasan"], strict=True):
        text = set(
            (matcher.normaliser(row["usulan"]) + " " + matcher.normaliser(row["masalah"])).split()
        )
        m = re.search(r"kata cocok: ([^;]+)", alasan)
        if m:
            words = m.group(1).split(", ")
            assert set(words) <= text, (row["usulan"], alasan)
            checked += 1
        for frasa in re.findall(r"'([^']+)' →", alasan):
            assert set(matcher.normaliser(frasa).split()) <= text, (row["usulan"], alasan)
    assert checked >= 0.8 * len(labelled)


def test_reason_for_posyandu(matcher):
    res = matcher.suggest(pd.DataFrame({"usulan": ["Pembangunan posyandu balita"]}))
    alasan = res["alasan"].iloc[0]
    assert re.search(r"kata cocok: [^;]*posyandu", alasan)
    # the longest kamus phrase found at one place is the one reported
    assert "kamus: 'pembangunan posyandu' → Dinas Kesehatan" in alasan


# --------------------------------------------------------------------------- overrides


def test_overrides_win(ws):
    base = A.align(ws, 2025)
    ids = list(base["id_usulan"].iloc[:4])
    node_pupr = "T3.S1.P1.K3.SK"  # Pembangunan Jembatan, Dinas PUPR
    overrides = pd.DataFrame(
        {
            "id_usulan": [ids[0], ids[1], ids[2], ids[3], ids[0]],
            "tahun": [2025, 2025, 2025, 2024, 2025],
            "opd": ["Dinas Lingkungan Hidup", None, "dinas sosial", "Dinas Sosial", "Dinas Sosial"],
            "node_id": ["T3.S3.P1.K34.SK", node_pupr, None, None, None],
            "alasan": ["salah OPD", None, "kewenangan", "tahun lain", "dikoreksi lagi"],
            "oleh": ["Rina", "Budi", "Rina", "Rina", "Sari"],
        }
    )
    out = A.align(ws, 2025, overrides=overrides)
    node_opd = ws.pohon_kinerja.set_index("id")["opd"]
    # the last override of ids[0] wins: OPD only → that OPD's best node
    assert out.at[0, "opd_saran"] == "Dinas Sosial"
    assert node_opd[out.at[0, "node_saran"]] == "Dinas Sosial"
    assert "oleh Sari (dikoreksi lagi)" in out.at[0, "alasan"]
    # node only → the node's OPD
    assert out.at[1, "node_saran"] == node_pupr
    assert out.at[1, "opd_saran"] == node_opd[node_pupr]
    # an OPD written in other case is matched to the plan's name
    assert out.at[2, "opd_saran"] == "Dinas Sosial"
    for i in range(3):
        assert out.at[i, "sumber"] == "penyesuaian"
        assert out.at[i, "skor"] == 1.0
        assert out.at[i, "alasan"].startswith("penyesuaian analis")
        assert f"saran awal: {base.at[i, 'opd_saran']}" in out.at[i, "alasan"]
        assert out.at[i, "selaras"]
    # an override of another year does not apply; the rest is untouched
    pd.testing.assert_frame_equal(out.iloc[3:], base.iloc[3:])


def test_override_outside_the_plan(ws):
    base = A.align(ws, 2025)
    first = base["id_usulan"].iloc[0]
    for ov, why in (
        ({"opd": "Dinas Tenaga Kerja", "node_id": None}, "tidak ada di pohon kinerja/Renja"),
        ({"opd": None, "node_id": "Z9"}, "node Z9 tidak ada di pohon kinerja"),
    ):
        out = A.align(ws, 2025, overrides=pd.DataFrame([{"id_usulan": first, **ov}]))
        assert out.at[0, "sumber"] == "penyesuaian"
        assert not out.at[0, "selaras"]
        assert why in out.at[0, "alasan"]


# --------------------------------------------------------------------------- CSV, determinism


def test_write_align_csv(ws, tmp_path):
    df = A.align(ws, 2026)
    path = A.write_align_csv(df, tmp_path / "align.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert "→" in text
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["id_usulan", "opd_saran", "node_saran", "skor", "alasan", "selaras"]
    assert len(rows) == len(df) + 1
    assert {r[5] for r in rows[1:]} <= {"true", "false"}
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back["id_usulan"]) == list(df["id_usulan"])
    assert (back["selaras"] == df["selaras"].map({True: "true", False: "false"})).all()
    assert ((back["skor"].astype(float) - df["skor"]).abs() < 1e-4).all()


def test_deterministic(ws, labelled):
    a = A.Matcher.from_workspace(ws).suggest(ws.usulan[2024])
    b = A.Matcher.from_workspace(ws).suggest(ws.usulan[2024])
    pd.testing.assert_frame_equal(a, b)
    c = A.Matcher.from_workspace(ws).suggest(labelled)
    d = A.Matcher.from_workspace(ws).suggest(labelled.iloc[::-1]).iloc[::-1]
    pd.testing.assert_frame_equal(c, d)  # one usulan's result does not depend on the others


def test_opd_columns_of_the_usulan_are_not_used(ws, matcher):
    u = ws.usulan[2025].head(300)
    scrambled = u.assign(
        opd_tujuan="Dinas Sosial", opd_tujuan_awal="Dinas Sosial", opd_tujuan_akhir="Dinas Sosial",
        sub_kegiatan="Penyaluran Bantuan Sosial bagi Lanjut Usia", urusan="sosial",
    )  # fmt: skip
    pd.testing.assert_frame_equal(matcher.suggest(u), matcher.suggest(scrambled))


def test_align_unknown_year(ws):
    with pytest.raises(A.AlignError, match="Tidak ada usulan tahun 1999"):
        A.align(ws, 1999)


# --------------------------------------------------------------------------- text and kamus


def test_normaliser():
    n = A.Normaliser({"jln": "jalan", "rehab": "rehabilitasi", "kel tani": "kelompok tani"},
                     ("Sungai Jaya", "Pasar"))  # fmt: skip
    assert n("Rehab Jln. lingkungan RT.03 Desa Sungai Jaya") == "rehabilitasi jalan lingkungan"
    assert (
        n("Bantuan bibit utk Kel. Tani Maju, Ds. Pasar") == "bantuan bibit utk kelompok tani maju"
    )
    assert n("Pembangunan pasar desa") == "pembangunan pasar desa"  # a one-word name stays
    assert n(None) == "" and n("  -  ") == ""


def test_default_kamus():
    k = A.load_kamus()
    assert list(k.columns) == A.KAMUS_COLUMNS
    assert (k["frasa"] != "").all()
    assert ((k["arti"] != "") | (k["opd"] != "")).all()  # every row does something
    assert not k.duplicated(["frasa", "opd"]).any()


def test_kamus_follows_demo_nomenclature(ws):
    k = A.load_kamus()
    plan_opd = set(ws.pohon_kinerja["opd"].dropna())
    assert plan_opd <= set(k["opd"])  # every demo OPD has kamus phrases
    subs = set(ws.pohon_kinerja.loc[ws.pohon_kinerja["level"] == "sub_kegiatan", "uraian"])
    named = k[(k["sub_kegiatan"] != "") & k["opd"].isin(plan_opd)]
    assert set(named["sub_kegiatan"]) <= subs


def test_resolve_opd():
    plan = ["Dinas Perumahan Rakyat dan Kawasan Permukiman", "Dinas Pertanian"]
    got = A.resolve_opd(["Dinas Perumahan dan Kawasan Permukiman", "DINAS PERTANIAN",
                         "Dinas Perikanan"], plan)  # fmt: skip
    assert got == {
        "Dinas Perumahan dan Kawasan Permukiman": plan[0],
        "DINAS PERTANIAN": "Dinas Pertanian",
        "Dinas Perikanan": "Dinas Perikanan",
    }


def test_kamus_only_without_plan():
    # a real workspace without pohon kinerja and Renja: the kamus still names an OPD
    m = A.Matcher.from_plan(None, None, None)
    res = m.suggest(pd.DataFrame({"usulan": ["Bedah rumah RTLH", "zzz"]}))
    assert res.at[0, "opd_saran"] == "Dinas Perumahan dan Kawasan Permukiman"
    assert "tidak ada di pohon kinerja/Renja" in res.at[0, "alasan"]
    assert pd.isna(res.at[1, "opd_saran"])
    assert not res["selaras"].any()

"""The one text module (planlib.teks): folding, words, the kamus rewrites in one direction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planlib import teks

DATA = Path(__file__).parent / "data"


def test_fold_and_words():
    assert teks.fold_usulan("Peningk. Jln. RT.02, 1.200 m") == "peningk jln rt 02 1200 m"
    assert teks.fold_usulan("Rehab Musholla Ẓikir") == "rehab musholla zikir"
    assert teks.words("Drainase RT02/RW01 SDN2 TPS3R 20m2") == [
        "drainase", "rt", "02", "rw", "01", "sdn", "2", "tps3r", "20m2",
    ]  # fmt: skip
    assert teks.without_numbers(["rt", "03", "jalan", "2x", "rt"]) == ["jalan", "rt"]


def test_rewrites_run_one_way_to_the_full_words():
    n = teks.Normaliser(teks.kamus_abbreviations(), keep_numbers=True)
    # chains are followed: bant → bantuan → pengadaan; rehab → rehabilitasi
    assert n("Bant. bibit kel. tani") == "pengadaan bibit kelompok tani"
    assert n("Rehab RTLH") == n("rehabilitasi rumah tidak layak huni")
    assert n("Bedah RTLH") == n("bedah rumah tidak layak huni") == n("Rehab RTLH")
    assert n("TPS3R") == n("TPS 3R") == "tempat pengolahan sampah 3r"
    # normalising a normalised text changes nothing: no rewrite points back to a short form
    for f, a in teks.kamus_abbreviations().items():
        out = n(f)
        assert n(out) == out, (f, a, out)


def test_every_labelled_text_is_a_fixed_point():
    n = teks.Normaliser(teks.kamus_abbreviations(), keep_numbers=True)
    texts = []
    for name, cols in (("usulan_sulit.csv", ["usulan"]), ("duplikat_sulit.csv",
                                                          ["usulan_a", "usulan_b"])):  # fmt: skip
        df = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
        texts += [t for c in cols for t in df[c]]
    assert len(texts) > 250
    for t in texts:
        assert n(n(t)) == n(t), t


def test_places_dropped_after_a_prefix_or_when_long():
    n = teks.Normaliser({"jln": "jalan"}, ("Sungai Jaya", "Pasar"))
    assert n("Jln. Ds. Pasar RT 03 Sungai Jaya") == "jalan"
    assert n("Pembangunan pasar desa") == "pembangunan pasar desa"
    assert n(None) == "" and n("  -  ") == ""
    kept = teks.Normaliser({}, keep_numbers=True)
    assert kept("SDN 2 RT.03") == "sdn 2 rt 03"


def test_load_kamus_refuses_a_table_without_its_columns(tmp_path):
    p = tmp_path / "kamus.csv"
    p.write_text("kata,makna\njln,jalan\n", encoding="utf-8")
    with pytest.raises(teks.KamusError, match="wajib punya kolom frasa"):
        teks.load_kamus(p)
    p.write_text("\ufefffrasa,arti\nJLN ,jalan\n", encoding="utf-8")
    k = teks.load_kamus(p)
    assert list(k.columns) == teks.KAMUS_COLUMNS
    assert teks.abbreviations_of(k) == {"jln": "jalan"}

"""Name matching: exact, normalised, abbreviations, aliases, fuzzy — and never a silent guess."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from planlib.wilayah import NameMatcher

NAMES = {
    "63.06.01": "Sungai Raya", "63.06.02": "Padang Batung", "63.06.03": "Telaga Langsat",
    "63.06.04": "Angkinang", "63.06.05": "Kandangan", "63.06.06": "Simpur",
    "63.06.07": "Daha Selatan", "63.06.08": "Daha Utara", "63.06.09": "Kalumpang",
    "63.06.10": "Loksado", "63.06.11": "Daha Barat", "63.06.12": "Tanjung Pematang",
    "63.06.13": "Muara Harapan", "63.06.14": "Batu Benawa",
}  # fmt: skip
M = NameMatcher(list(NAMES), list(NAMES.values()), aliases={"Kandangan Kota": "63.06.05"})
codes = st.sampled_from(list(NAMES))


def recase(name: str, flags: list[bool]) -> str:
    return "".join(
        c.upper() if f else c.lower() for c, f in zip(name, flags * len(name), strict=False)
    )


@given(
    codes,
    st.lists(st.booleans(), min_size=1, max_size=5),
    st.sampled_from(["", "Kec. ", "KECAMATAN ", "kec "]),
)
def test_case_and_prefix_match_silently(kode, flags, prefix):
    r = M.match_one(prefix + "  " + recase(NAMES[kode], flags) + " ")
    assert r.kode == kode
    assert r.metode in ("persis", "normal")


def test_abbreviations_and_aliases():
    assert M.match_one("Kec. Pdg Batung").kode == "63.06.02"
    assert M.match_one("Sei Raya").kode == "63.06.01"
    assert M.match_one("Tjg. Pematang").kode == "63.06.12"
    assert M.match_one("Mr. Harapan").kode == "63.06.13"
    r = M.match_one("Kandangan Kota")
    assert (r.kode, r.metode) == ("63.06.05", "alias")
    assert M.match_one("630602").metode == "kode"


@given(codes, st.data())
def test_one_typo_is_fuzzy_and_never_wrong(kode, data):
    name = NAMES[kode]
    i = data.draw(st.integers(min_value=1, max_value=len(name) - 1))
    op = data.draw(st.sampled_from(["drop", "double", "swap"]))
    if op == "drop":
        typo = name[:i] + name[i + 1 :]
    elif op == "double":
        typo = name[:i] + name[i] + name[i:]
    else:
        typo = name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    assume(typo.lower() != name.lower() and name[i] != " ")
    r = M.match_one(typo)
    # a typo is either matched to the right kecamatan with a suggestion, or not matched at all
    assert r.kode in (kode, None)
    if r.kode is None:
        assert r.metode in ("ambigu", "tidak_dikenal")
    elif r.metode != "normal":  # "Btu Benawa" is a known abbreviation, matched silently
        assert r.metode == "mirip" and r.saran == f"{name}?"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=20))
def test_unrelated_text_is_not_matched(text):
    best = max(fuzz.ratio(text.strip(), n.lower()) for n in NAMES.values())
    assume(best < 80)
    r = M.match_one(text)
    assert r.kode is None and r.metode in ("tidak_dikenal", "kosong")


def test_ambiguous_names_are_not_guessed():
    m = NameMatcher(["1", "2"], ["Daha Utara", "Daha Utama"])
    r = m.match_one("Daha Utaa")  # one letter from each
    assert r.kode is None and r.metode == "ambigu"
    assert "Daha Utara?" in r.saran and "Daha Utama?" in r.saran


def test_desa_within_kecamatan():
    m = NameMatcher(["a.1", "a.2", "b.1"], ["Hamalau", "Malutu", "Hamalau"], induk=["a", "a", "b"])
    assert m.match_one("Hamalau").metode == "ambigu"  # two desa of that name
    assert m.match_one("Hamalau", "b").kode == "b.1"
    assert m.match_one("Malutu", "b").kode is None

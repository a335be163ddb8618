"""Indonesian number formats: the fast formatter agrees with Babel's id_ID, amounts spell out juta/miliar."""

from __future__ import annotations

import math

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from planlib.formatting import angka, rupiah
from planlib.parse import parse_number


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_match_babel(n):
    assert angka(n) == format_decimal(n, format="#,##0", locale="id_ID")


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=3),
)
def test_decimals_read_back(x, digits):
    text = angka(x, digits)
    assert "," in text and text.count(",") == 1
    assert abs(parse_number(text) - x) <= 0.5 * 10**-digits * (1 + 1e-9) + abs(x) * 1e-15


def test_amounts_spell_out_the_scale():
    assert rupiah(1_234_000_000) == "Rp 1,2 miliar"
    assert rupiah(987_600_000) == "Rp 987,6 juta"
    assert rupiah(2_500_000_000_000) == "Rp 2,5 triliun"
    assert rupiah(750_000) == "Rp 750.000"
    assert rupiah(None) == "–" and angka(math.nan) == "–"
    assert "M" not in rupiah(3e9)  # never Babel's short "M", read as million


# --------------------------------------------------------------------------- the format rule


def test_percentages_have_no_space_before_the_sign():
    from planlib.formatting import persen

    assert persen(58.23) == "58,2%" and persen(100, 0) == "100%" and persen(56) == "56,0%"
    assert persen(None) == "–" and persen(math.nan) == "–"
    assert " %" not in persen(12345.6)


def test_indicator_values_have_fixed_decimals_everywhere():
    from planlib.formatting import desimal, nilai

    assert nilai(4.2913, "p0") == "4,29" and nilai(74.0812, "ipm") == "74,08"
    assert nilai(74.0, "ipm") == "74,00"  # fixed, never "74"
    assert desimal("stunting") == 1 and nilai(None, "ipm") == "–"


def test_dates_and_times_are_local_with_indonesian_months():
    import datetime as dt

    from planlib.formatting import tanggal, waktu, zona_waktu

    assert tanggal(dt.date(2026, 12, 5)) == "5 Desember 2026"
    assert tanggal("2026-03-12", hari=True) == "Kamis, 12 Maret 2026"
    stored = "2026-12-05T11:41:07.123+00:00"  # as planlib.journal writes it (UTC)
    assert waktu(stored) == "5 Desember 2026, 18.41 WIB"
    assert waktu(stored, "WITA") == "5 Desember 2026, 19.41 WITA"
    assert waktu("2026-12-05T20:10:00+00:00") == "6 Desember 2026, 03.10 WIB"  # the local day
    assert waktu(None) == "–" and waktu("bukan waktu") == "–"
    # the zone: the user's word wins, else the province of the kabupaten, else WIB
    assert zona_waktu("63.06") == "WITA" and zona_waktu("94.01") == "WIT"
    assert zona_waktu("33.01") == "WIB" and zona_waktu("99.01") == "WIB" and zona_waktu() == "WIB"
    assert zona_waktu("33.01", "Asia/Makassar") == "WITA"
    import pytest

    with pytest.raises(ValueError, match="tidak dikenal"):
        zona_waktu(zona="UTC")


def test_empty_values_print_as_a_dash():
    from planlib.formatting import teks

    assert [teks(v) for v in (None, math.nan, "", "None", "nan", "Dinas Sosial")] == [
        "–", "–", "–", "–", "–", "Dinas Sosial",
    ]  # fmt: skip

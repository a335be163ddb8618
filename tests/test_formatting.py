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

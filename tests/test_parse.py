"""Property tests for the cell parsers: Indonesian numbers, Rupiah and day-first dates."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planlib.parse import (
    apply_unique,
    extract_coordinates,
    normalise_name,
    parse_date,
    parse_koefisien,
    parse_number,
    parse_rupiah,
)

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]  # fmt: skip


def group_id(n: int) -> str:
    """1234567 → '1.234.567' (Indonesian thousands separator)."""
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**13))
def test_thousands_with_dots(n):
    assert parse_number(group_id(n)) == n
    assert parse_rupiah(f"Rp {group_id(n)}") == n
    assert parse_rupiah(f"Rp{group_id(n)},-") == n
    assert parse_rupiah(f"IDR {group_id(n)}") == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_decimal_comma(n, cents):
    assert parse_number(f"{group_id(n)},{cents:02d}") == pytest.approx(n + cents / 100)
    assert parse_rupiah(f"Rp {group_id(n)},{cents:02d}") == pytest.approx(n + cents / 100)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=9))
def test_short_decimals_like_percentages(whole, tenth):
    assert parse_number(f"{whole},{tenth}") == pytest.approx(whole + tenth / 10)
    assert parse_number(f"{whole},{tenth}%") == pytest.approx(whole + tenth / 10)
    assert parse_number(f"-{whole},{tenth}") == pytest.approx(-(whole + tenth / 10))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_real_numbers_pass_through(x):
    assert parse_number(x) == x


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rp 1,2 miliar", 1.2e9),
        ("1,5 jt", 1.5e6),
        ("Rp 250 juta", 2.5e8),
        ("(1.000)", -1000.0),
        ("1,234,567.89", 1234567.89),
        ("12.5", 12.5),
        ("1.500", 1500.0),
        ("0.275", 0.275),  # a Gini ratio: no thousands group starts with 0
        ("  Rp. 75.000 ", 75000.0),
    ],
)
def test_number_examples(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["Rp 1.2.3", "dua juta", "12,5,3.1x", "1.23.456", "abc"])
def test_not_numbers_raise(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text", [None, "", " ", "-", "n/a", float("nan")])
def test_missing_is_none(text):
    assert parse_number(text) is None
    assert parse_date(text) is None


def test_negative_rupiah_rejected():
    with pytest.raises(ValueError):
        parse_rupiah("-Rp 5.000")


@given(st.text(max_size=30))
def test_parsers_fail_only_with_valueerror(text):
    for parser in (parse_number, parse_rupiah, parse_date, parse_koefisien):
        with contextlib.suppress(ValueError):
            parser(text)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_day_first_dates(d):
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year}") == d
    assert parse_date(f"{d.day}-{d.month}-{d.year} 10:15") == d
    assert parse_date(f"{d.day}.{d.month}.{d.year}") == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.day} {BULAN[d.month - 1]} {d.year}") == d
    assert parse_date(dt.datetime(d.year, d.month, d.day, 8, 30)) == d
    serial = (d - dt.date(1899, 12, 30)).days
    assert parse_date(float(serial)) == d


def test_day_first_not_month_first():
    assert parse_date("03/04/2025") == dt.date(2025, 4, 3)


@pytest.mark.parametrize("text", ["31/02/2025", "kemarin", "2025/13/01", "32-01-2025"])
def test_bad_dates_raise(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_koefisien():
    assert parse_koefisien("100 m") == (100.0, "m")
    assert parse_koefisien("1.500 m2") == (1500.0, "m2")
    assert parse_koefisien("2,5 km") == (2.5, "km")
    assert parse_koefisien(3) == (3.0, None)


def test_coordinates_in_alamat():
    assert extract_coordinates("Jl. Hamalau RT 2 (-2.7391, 115.2712)") == (-2.7391, 115.2712)
    assert extract_coordinates("115.2712, -2.7391") == (-2.7391, 115.2712)  # lng, lat order
    assert extract_coordinates("RT 2 RW 3 no 12") is None
    assert extract_coordinates("(52.52, 13.40)") is None  # outside Indonesia


def test_normalise_name():
    abbr = {"pdg": "padang", "sei": "sungai"}
    assert normalise_name("Kec. Pdg  Batung", abbr) == "padang batung"
    assert normalise_name("KECAMATAN SEI RAYA", abbr) == "sungai raya"
    assert normalise_name("Desa Ku'u", abbr) == "kuu"


def test_apply_unique_marks_failures():
    import pandas as pd

    parsed, failed = apply_unique(pd.Series(["1.000", "x", None, "1.000"]), parse_number)
    assert parsed.tolist()[0] == 1000.0 and parsed.tolist()[3] == 1000.0
    assert failed.tolist() == [False, True, False, False]

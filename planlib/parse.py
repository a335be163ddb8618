"""Parsing the cells of messy spreadsheets: numbers, Rupiah, dates, names.

A table's header is found in :mod:`planlib.header`.

All functions here are pure and take one cell at a time; the ``*_series``
variants apply them to the distinct values of a column, which is what makes
50,000-row files fast (an export repeats the same few values a lot).

Conventions follow Indonesian usage: ``.`` groups thousands and ``,`` marks
decimals (``Rp 1.234.567,89``), dates are day-first (``12/03/2025``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pandas as pd

MISSING_TOKENS = {
    "",
    "-",
    "–",
    "—",
    "n/a",
    "na",
    "nan",
    "none",
    "null",
    "#n/a",
    "...",
    "…",
    "tidak ada",
}

_MULTIPLIERS = {
    "rb": 1e3,
    "ribu": 1e3,
    "k": 1e3,
    "jt": 1e6,
    "juta": 1e6,
    "m": 1e9,
    "miliar": 1e9,
    "milyar": 1e9,
    "t": 1e12,
    "triliun": 1e12,
}
_NUM_RE = re.compile(
    r"^(?P<sign>[-+−])?\s*(?P<num>\d[\d.,' ]*)\s*(?P<mult>rb|ribu|k|jt|juta|m|miliar|milyar|t|triliun)?\.?$"
)


def is_missing(value: object) -> bool:
    """Whether a cell is empty: None, NaN/NaT/NA or a placeholder (``-``, ``n/a``, blank).

    Parameters
    ----------
    value : object
        One cell.

    Returns
    -------
    bool
        True for a missing value (see :data:`MISSING_TOKENS`).
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, str):
        return value.strip().lower() in MISSING_TOKENS
    try:
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def clean_text(value: object) -> str | None:
    """Trim, unify unicode (NFKC) and collapse inner white space.

    Parameters
    ----------
    value : object
        One cell; a whole float is written without ``.0``.

    Returns
    -------
    str or None
        The cleaned text; None when the cell is missing (:func:`is_missing`).
    """
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s or None


def clean_column(series: pd.Series) -> pd.Series:
    """:func:`clean_text` of every cell of a text column (each distinct value cleaned once).

    Parameters
    ----------
    series : Series
        A column as read from a file (names, uraian, OPD …).

    Returns
    -------
    Series
        An object column on the same index: the cleaned text, None for a
        missing or blank cell.

    Examples
    --------
    >>> clean_column(pd.Series(["  Dinas\u00a0PU ", None, float("nan"), "", 12.0])).tolist()
    ['Dinas PU', None, None, None, '12']
    """
    values = series.astype(object)
    cleaned = {v: clean_text(v) for v in pd.unique(values) if not is_missing(v)}
    return pd.Series(
        [None if is_missing(v) else cleaned[v] for v in values], index=series.index, dtype=object
    )


def _digits_to_float(num: str) -> float:
    """Interpret a digit string with ``.``/``,`` separators the Indonesian way."""
    num = num.replace(" ", "").replace("'", "")
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        # the separator that comes last is the decimal mark
        if num.rfind(",") > num.rfind("."):
            int_part, dec = num.rsplit(",", 1)
            int_part = int_part.replace(".", "")
        else:
            int_part, dec = num.rsplit(".", 1)
            int_part = int_part.replace(",", "")
        if not _valid_groups(int_part, strict=False):
            raise ValueError(num)
        return float(f"{int_part}.{dec}")
    # a leading zero group is never a thousands group: "0.275" is a decimal
    if dots > 1 or (dots == 1 and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", num)):
        # 1.234.567 or 1.500 — thousands groups
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", num):
            raise ValueError(num)
        return float(num.replace(".", ""))
    if commas > 1:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+", num):
            raise ValueError(num)
        return float(num.replace(",", ""))
    if commas == 1:
        return float(num.replace(",", "."))
    return float(num)


def _valid_groups(int_part: str, strict: bool) -> bool:
    return bool(re.fullmatch(r"\d+", int_part))


def parse_number(value: object) -> float | None:
    """Parse a number written the Indonesian way.

    Accepts ``12,5``, ``1.234.567``, ``1.234.567,89``, ``Rp 1.234.567``,
    ``Rp1,2 miliar``, ``1,5 jt``, ``12,5%``, ``(1.000)`` and real numbers.
    A single dot followed by exactly three digits (``1.500``) is read as a
    thousands separator, as an Indonesian reader would (but ``0.275`` is a
    decimal: no thousands group starts with zero). Returns None for
    missing values and raises :class:`ValueError` for text that is not a number.

    Parameters
    ----------
    value : object
        One cell: a number, or text such as an anggaran, a volume or a
        percentage as typed in a spreadsheet.

    Returns
    -------
    float or None
        The number (a percentage without its ``%``, a bracketed number
        negative); None when missing.

    Raises
    ------
    ValueError
        For text that is not a number, booleans and infinities (the loaders
        report the cell; the analyst never sees the exception).

    Examples
    --------
    >>> parse_number("Rp 1.234.567,89")
    1234567.89
    >>> parse_number("12,5")
    12.5
    >>> parse_number("1,5 jt")
    1500000.0
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"bukan angka: {value!r}")
    if isinstance(value, (int, np.integer)):
        return float(value)
    if isinstance(value, (float, np.floating)):
        if math.isinf(value):
            raise ValueError(f"bukan angka: {value!r}")
        return float(value)
    s = unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ").strip().lower()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s = re.sub(r"^(rp\.?|idr)\s*", "", s).strip()
    s = s.rstrip("%").strip()
    s = re.sub(r"\s*,-$", "", s)  # "Rp 50.000,-"
    m = _NUM_RE.match(s)
    if not m:
        raise ValueError(f"bukan angka: {value!r}")
    num = m.group("num").strip()
    x = _digits_to_float(num)
    if m.group("mult"):
        x *= _MULTIPLIERS[m.group("mult")]
    if m.group("sign") in ("-", "−"):
        negative = not negative
    return -x if negative else x


def parse_rupiah(value: object) -> float | None:
    """Parse an amount in Rupiah (``Rp 1.234.567``, ``1,2 M``).

    Parameters
    ----------
    value : object
        One cell (see :func:`parse_number`).

    Returns
    -------
    float or None
        The amount; None when missing.

    Raises
    ------
    ValueError
        For text that is not an amount, and for negative amounts.
    """
    x = parse_number(value)
    if x is not None and x < 0:
        raise ValueError(f"anggaran negatif: {value!r}")
    return x


BULAN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "peb": 2,
    "maret": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11, "desember": 12, "des": 12, "dec": 12,
}  # fmt: skip
_DATE_NUM_RE = re.compile(
    r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$"
)
_DATE_TXT_RE = re.compile(
    r"^(?:\w+,\s*)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date | None:
    """Parse a date the way an Indonesian spreadsheet writes it (day first).

    Accepts date/datetime objects, Excel serial numbers, ``12/03/2025``,
    ``12-03-2025 10:15``, ``2025-03-12`` (ISO) and ``12 Maret 2025``.
    Returns None for missing values; raises :class:`ValueError` otherwise.

    Parameters
    ----------
    value : object
        One cell (e.g. the date of a Musrenbang usulan).

    Returns
    -------
    datetime.date or None
        The date (the time of day is dropped); None when missing.

    Raises
    ------
    ValueError
        For text that is not a date, an impossible date (31/02/2025) or a
        number outside the Excel serial days of 1954–2119.

    Examples
    --------
    >>> parse_date("12/03/2025"), parse_date("12 Maret 2025")
    (datetime.date(2025, 3, 12), datetime.date(2025, 3, 12))
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        if 20000 <= v <= 80000:  # Excel serial day (1954–2119)
            return _EXCEL_EPOCH + dt.timedelta(days=int(v))
        raise ValueError(f"bukan tanggal: {value!r}")
    s = re.sub(r"\s+", " ", str(value).strip().lower())
    m = _DATE_NUM_RE.match(s)
    if m:
        a, b, c = m.groups()
        if len(a) == 4:  # ISO year-month-day
            y, mo, d = int(a), int(b), int(c)
        else:
            d, mo, y = int(a), int(b), int(c)
            if len(c) == 2:
                y += 2000
            elif len(c) != 4:
                raise ValueError(f"bukan tanggal: {value!r}")
        try:
            return dt.date(y, mo, d)
        except ValueError as e:
            raise ValueError(f"tanggal tidak sah: {value!r}") from e
    m = _DATE_TXT_RE.match(s)
    if m and m.group(2) in BULAN:
        try:
            return dt.date(int(m.group(3)), BULAN[m.group(2)], int(m.group(1)))
        except ValueError as e:
            raise ValueError(f"tanggal tidak sah: {value!r}") from e
    raise ValueError(f"bukan tanggal: {value!r}")


_KOEF_RE = re.compile(r"^\s*(?P<num>[-+]?\d[\d.,]*)\s*(?P<unit>.*?)\s*$")


def parse_koefisien(value: object) -> tuple[float | None, str | None]:
    """Split a SIPD ``Koefisien`` such as ``"100 m"`` or ``"1.500 m2"`` into (volume, satuan).

    Parameters
    ----------
    value : object
        One cell; a number alone is a volume without satuan.

    Returns
    -------
    (float or None, str or None)
        Volume and satuan; ``(None, None)`` when missing.

    Raises
    ------
    ValueError
        When the cell does not start with a number.
    """
    if is_missing(value):
        return None, None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value), None
    m = _KOEF_RE.match(unicodedata.normalize("NFKC", str(value)))
    if not m:
        raise ValueError(f"koefisien tidak terbaca: {value!r}")
    return _digits_to_float(m.group("num")), (m.group("unit") or None)


_COORD_RE = re.compile(r"(-?\d{1,3}[.,]\d{3,})\s*[,;/ ]\s*(-?\d{1,3}[.,]\d{3,})")


def extract_coordinates(text: object) -> tuple[float, float] | None:
    """Find a ``lat, lng`` pair inside an address (either order) within Indonesia.

    Parameters
    ----------
    text : object
        An address cell, perhaps with coordinates pasted in from a phone.

    Returns
    -------
    tuple of (float, float) or None
        ``(lat, lon)`` of the first pair that falls within Indonesia's bounds;
        None when there is none.

    Examples
    --------
    >>> extract_coordinates("Jl. Desa Hamalau RT 2 (-2.7391, 115.2712)")
    (-2.7391, 115.2712)
    """
    if is_missing(text):
        return None
    for m in _COORD_RE.finditer(str(text)):
        a, b = (float(g.replace(",", ".")) for g in m.groups())
        for lat, lon in ((a, b), (b, a)):
            if -11.5 <= lat <= 6.5 and 94.5 <= lon <= 141.5:
                return lat, lon
    return None


def apply_unique(series: pd.Series, func: Callable) -> tuple[pd.Series, pd.Series]:
    """Apply ``func`` to the distinct values of ``series``.

    Returns ``(parsed, failed)``: ``parsed`` is missing (NaN when the results
    are numbers, else None) where the value was missing or failed; ``failed`` is a boolean Series marking values for which
    ``func`` raised :class:`ValueError`.

    Parameters
    ----------
    series : Series
        A column of an input table (e.g. the Anggaran column of 50,000 usulan
        with a few hundred distinct values).
    func : callable
        A parser of one value, e.g. :func:`parse_number`; a :class:`ValueError`,
        :class:`TypeError` or :class:`OverflowError` marks the value as failed.

    Returns
    -------
    tuple of (Series, Series)
        ``parsed`` (float64 when every result is a number, else object) and
        ``failed`` (bool), both with the index of ``series``.

    Examples
    --------
    >>> parsed, failed = apply_unique(pd.Series(["1.500", "x", None]), parse_number)
    >>> parsed.tolist(), failed.tolist()
    ([1500.0, nan, nan], [False, True, False])
    """
    out: dict = {}
    bad: set = set()
    for v in pd.unique(series.astype(object)):
        key = _key(v)
        try:
            out[key] = func(v)
        except (ValueError, TypeError, OverflowError):
            out[key] = None
            bad.add(key)
    keys = series.astype(object).map(_key)
    parsed = keys.map(lambda k: out.get(k))
    failed = keys.map(lambda k: k in bad).astype(bool)
    return parsed, failed


def _key(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ("__missing__",)
    try:
        hash(v)
    except TypeError:
        return str(v)
    return (type(v).__name__, v)


# --------------------------------------------------------------------------- names

#: The words before a kecamatan, kelurahan or desa name (``Kec. Padang Batung``, ``Ds Malutu``).
KECAMATAN_DESA_PREFIXES = ("kecamatan", "kec", "kelurahan", "kel", "desa", "ds")
#: The words before a kabupaten, kota or province name.
REGION_PREFIXES = ("kabupaten", "kab", "kota", "provinsi", "prov")
_PREFIX_RE = re.compile(
    r"^(" + "|".join(KECAMATAN_DESA_PREFIXES + REGION_PREFIXES) + r")\b\.?\s*", re.I
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: the one folding rule.

    Names, headers and (through :func:`planlib.teks.fold_usulan`) usulan text
    are all compared folded this way.

    Parameters
    ----------
    text : str
        A place name, a header cell or an usulan text.

    Returns
    -------
    str
        Only ``a-z``, digits and single spaces (``"Ku'u"`` → ``"kuu"``).
    """
    if text.isascii():  # the common case, without the Unicode decomposition (same result)
        s = text.lower()
    else:
        s = unicodedata.normalize("NFKD", text)
        s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("'", "").replace("\u2019", "").replace('"', "")
    return " ".join(_NON_ALNUM.sub(" ", s).split())


def normalise_name(text: object, abbreviations: dict[str, str] | None = None) -> str | None:
    """Normalise a place name for matching.

    Removes administrative prefixes (``Kec.``, ``Desa``, ``Kel.``), folds case,
    accents and punctuation, and expands abbreviations token by token from the
    harmonisation table (``pdg`` → ``padang``, ``sei`` → ``sungai``).

    Parameters
    ----------
    text : object
        A kecamatan, desa or kabupaten name as written in a file.
    abbreviations : dict of str to str, optional
        Folded token → its expansion (``planlib/data/singkatan.csv``).

    Returns
    -------
    str or None
        The folded name (``a-z``, digits, single spaces); None when empty.

    Examples
    --------
    >>> normalise_name("Kec. Pdg  Batung", {"pdg": "padang"})
    'padang batung'
    """
    s = clean_text(text)
    if s is None:
        return None
    prev = None
    while prev != s:  # "Desa Kel. X" → "X"
        prev, s = s, _PREFIX_RE.sub("", s).strip()
    s = fold(s)
    if abbreviations:
        s = " ".join(abbreviations.get(t, t) for t in s.split())
        s = re.sub(r"\s+", " ", s).strip()
    return s or None


def as_written(s: pd.Series) -> pd.Series:
    """Each cell's text exactly as read (``str``), missing (NaN) for None or NaN.

    Unlike :func:`clean_column`, nothing is trimmed and a placeholder such as
    ``-`` is kept: this is the text an ``*_asli`` column shows and the content a
    re-exported row is compared by.

    Parameters
    ----------
    s : Series
        Cells as read.

    Returns
    -------
    Series
        On ``s``'s index.

    Examples
    --------
    >>> as_written(pd.Series([" a ", None, float("nan"), "-", 12])).tolist()
    [' a ', nan, nan, '-', '12']
    """
    return s.map(lambda v: None if v is None or v != v else str(v))

"""The cells of indicator tables: codes, wilayah names, numbers with either decimal mark, years.

Each function reads one kind of cell as a person reading the table would:
:func:`parse_kode` a Kemendagri code (BPS writes ``0000`` for Indonesia),
:func:`match_wilayah` a wilayah name at any level, :func:`number_parser` a
column of numbers whose decimal mark it infers from the column, and
:func:`parse_year` a year header such as ``2024*`` or ``2023 (Revisi)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..parse import clean_text, fold, normalise_name, parse_number
from ..wilayah import MatchResult, NameMatcher, Wilayah, normalise_code

_EXACT = ("kode", "persis", "normal", "alias")


def parse_kode(value: object) -> str | None:
    """A Kemendagri code as planlib writes it; ``0000`` (BPS for Indonesia) → ``00``, ``6300`` → ``63``.

    Parameters
    ----------
    value : object
        A cell: ``63.06``, ``6306``, ``63.06.00``, ``0000`` …

    Returns
    -------
    str or None
        The dotted code without trailing ``00`` segments; None when the cell is
        empty or not a code.
    """
    s = clean_text(value)
    if s is not None and re.fullmatch(r"0+(\.0+)*", s.replace(" ", "")):
        return "00"
    code = normalise_code(value)
    while code is not None and code.endswith(".00"):  # no level uses 00 below the province
        code = code[:-3]
    return code


def match_wilayah(names: pd.Series, wilayah: Wilayah, level: str | None = None) -> pd.DataFrame:
    """Match wilayah names (or codes) at any level: nation, province, kabupaten, kecamatan, desa.

    An exact match (code, name, normalised name, alias) at the province/
    kabupaten level wins (BPS spellings included: see
    :meth:`planlib.wilayah.Wilayah.area_matcher`), then a province or
    kabupaten/kota name that differs only in its spaces (``Labuhan Batu``),
    then one among the kabupaten's kecamatan, then a desa name that exists
    only once in the kabupaten; only then are fuzzy matches considered. A
    fuzzy province or kabupaten/kota name must keep its words of direction
    (``Lombok Tenggara`` is not *Lombok Tengah*: unknown, with that suggestion).

    Parameters
    ----------
    names : pandas.Series
        Names as written.
    wilayah : Wilayah
        The code list and its matchers.
    level : {"kecamatan", "desa"}, optional
        Restrict matching to the kabupaten's kecamatan and desa.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode``, ``metode``, ``saran`` (same index as ``names``).
    """
    area = wilayah.area_matcher()
    kec, desa = wilayah.kecamatan_matcher, wilayah.desa_matcher
    local = level in ("kecamatan", "desa")
    joined = {} if local else _joined_names(area)
    cache: dict[str | None, MatchResult] = {}

    def one(name: object) -> MatchResult:
        text = clean_text(name)
        if text in cache:
            return cache[text]
        if text is None:
            return MatchResult(None, "kosong", 0.0, None)
        tries = [] if local else [area.match_one(text)]
        if tries and tries[0].metode in _EXACT:
            return cache.setdefault(text, tries[0])
        for key in _joined_keys(text, area):  # "Labuhan Batu" is Labuhanbatu: spacing only
            if key in joined:
                return cache.setdefault(text, MatchResult(joined[key], "normal", 100.0, None))
        near = tries[0] if tries else None  # "Lombok Tenggara" is not Lombok Tengah
        if (
            near is not None
            and near.metode == "mirip"
            and _directions(text, area) != _directions(area.names[near.kode], area)
        ):
            tries[0] = MatchResult(None, "tidak_dikenal", near.skor, near.saran)
        tries.append(kec.match_one(text) if len(kec.names) else _unknown())
        if tries[-1].metode in _EXACT:
            return cache.setdefault(text, tries[-1])
        d = desa.match_one(text) if len(desa.names) else _unknown()
        if d.metode in _EXACT:
            return cache.setdefault(text, d)
        fuzzy = [r for r in tries if r.metode == "mirip"]
        if fuzzy:
            return cache.setdefault(text, max(fuzzy, key=lambda r: r.skor))
        ambig = [r for r in [*tries, d] if r.metode == "ambigu"]
        if ambig:
            return cache.setdefault(text, ambig[0])
        sugg = next((r.saran for r in [*tries, d] if r.saran), None)
        return cache.setdefault(text, MatchResult(None, "tidak_dikenal", 0.0, sugg))

    res = [one(n) for n in names]
    return pd.DataFrame(
        {
            "kode": [r.kode for r in res],
            "metode": [r.metode for r in res],
            "saran": [r.saran for r in res],
        },
        index=names.index,
        dtype=object,
    )


#: Words of direction that tell kabupaten/kota apart (Lombok Tengah, Lombok Timur, Lombok Utara).
_DIRECTIONS = ("utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "laut", "hulu",
               "hilir")  # fmt: skip


def _directions(text: str, matcher: NameMatcher) -> set[str]:
    """The direction words of a name, a misspelt one read as the word it is nearest to."""
    out = set()
    for token in (normalise_name(text, matcher.abbr) or "").split():
        best = process.extractOne(token, _DIRECTIONS, scorer=fuzz.ratio, score_cutoff=80)
        if best is not None:
            out.add(best[0])
    return out


def _joined_keys(text: str, matcher: NameMatcher) -> list[str]:
    """A name with its spaces left out, as written and without its prefix (``kab``, ``kota``)."""
    keys = [
        fold(text).replace(" ", ""),
        (normalise_name(text, matcher.abbr) or "").replace(" ", ""),
    ]
    return [k for k in dict.fromkeys(keys) if k]


def _joined_names(matcher: NameMatcher) -> dict[str, str]:
    """The names of a matcher's candidates without spaces → code, where only one code has it.

    BPS and Kemendagri differ in where they split a name into words
    (``Gunung Kidul``/``Gunungkidul``, ``Labuhan Batu``/``Labuhanbatu``,
    ``Pematang Siantar``/``Pematangsiantar``): a name that differs from one
    area's name only in its spaces is that area; one that would be two areas'
    is left to the fuzzy step.
    """
    codes: dict[str, set[str]] = {}
    c = matcher.candidates
    for kd, nama in zip(c["kode"], c["nama"], strict=True):
        for key in _joined_keys(str(nama), matcher):
            codes.setdefault(key, set()).add(kd)
    return {k: next(iter(v)) for k, v in codes.items() if len(v) == 1}


def _unknown() -> MatchResult:
    return MatchResult(None, "tidak_dikenal", 0.0, None)


# --------------------------------------------------------------------------- numbers

_COMMA_EVIDENCE = re.compile(r"\d,\d{1,2}$|\d,\d{4,}$|\d\.\d{3},\d")
_DOT_EVIDENCE = re.compile(r"\d\.\d{1,2}$|\d\.\d{4,}$|^[-+]?0\.\d+$|\d,\d{3}\.\d")
_DOT_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def number_parser(values: Iterable[object]) -> Callable[[object], float | None]:
    """A number parser for one column, following the decimal mark the column uses.

    :func:`planlib.parse.parse_number` reads ``1.500`` as fifteen hundred, as an
    Indonesian reader would. Files exported with a dot decimal mark
    (``73.45``, ``0.384``) are recognised by the values that can only be read
    one way; a column without such values is read the Indonesian way.

    Parameters
    ----------
    values : iterable
        The cells of the column (text cells are the evidence).

    Returns
    -------
    callable
        ``parse(cell)`` → float, None for an empty cell; raises ValueError for
        text that is not a number.
    """
    texts = [str(v).strip().rstrip("%").strip() for v in values if isinstance(v, str)]
    comma = any(_COMMA_EVIDENCE.search(t) for t in texts)
    dot = any(_DOT_EVIDENCE.search(t) for t in texts)
    if dot and not comma:

        def parse_dot(v: object) -> float | None:
            if isinstance(v, str):
                s = v.strip().rstrip("%").strip().replace("\u2212", "-")
                if _DOT_NUMBER.fullmatch(s):
                    return float(s.replace(",", ""))
            return parse_number(v)

        return parse_dot
    return parse_number


def parse_year(value: object) -> int:
    """``2021``, ``2021.0``, ``"2021"``, ``"2024*"``, ``"2023 (Revisi)"`` → int; ValueError otherwise.

    Parameters
    ----------
    value : object
        A cell.

    Returns
    -------
    int
        The year as written (not range-checked; see :func:`header_year`).

    Raises
    ------
    ValueError
        When the cell is not a year.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if math.isfinite(value) and float(value).is_integer():
            return int(value)
        raise ValueError(value)
    s = clean_text(value)
    if s is None:
        raise ValueError(value)
    m = re.fullmatch(r"(\d{4})(?:\.0+)?\s*(\*+\)?|\(.*\)|\[.*\])?", s)
    if not m:
        raise ValueError(value)
    return int(m.group(1))


def header_year(value: object) -> int | None:
    """The year a column header names (1900–2100), or None when it names none.

    Parameters
    ----------
    value : object
        A header cell (``2015``, ``"2024*"``).

    Returns
    -------
    int or None
        The year.
    """
    try:
        y = parse_year(value)
    except ValueError:
        return None
    return y if 1900 <= y <= 2100 else None


def format_nilai(x: float) -> str:
    """A value as a report shows it: up to ten significant digits, decimal comma (``69,21``).

    Parameters
    ----------
    x : float
        The value.

    Returns
    -------
    str
        ``69.21`` → ``"69,21"``, ``1e-05`` → ``"1e-05"``.
    """
    return f"{x:.10g}".replace(".", ",")


_T = TypeVar("_T")


def lenient(func: Callable[[object], _T]) -> Callable[[object], _T | None]:
    """``func`` returning None instead of raising ValueError, TypeError or OverflowError.

    Parameters
    ----------
    func : callable
        A parser of one cell (:func:`parse_year`, a :func:`number_parser`).

    Returns
    -------
    callable
        The same parser, None for a cell it cannot read.
    """

    def inner(v: object) -> _T | None:
        try:
            return func(v)
        except (ValueError, TypeError, OverflowError):
            return None

    return inner

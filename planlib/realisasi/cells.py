"""One realisasi cell: the triwulan (``TW II``, ``Agustus``), a cell as text, parsed floats."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ..parse import BULAN, fold, is_missing

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_TW_RE = re.compile(
    r"^(?:s ?d |sampai dengan |sampai )?(?:triwulan|tri wulan|trw|tw|q|kuartal|caturwulan)?"
    r" ?(?:ke ?)?(?P<n>[1-4]|iv|iii|ii|i)(?: \d{4})?$"
)


def parse_triwulan(value: object) -> tuple[int | None, bool]:
    """Read a triwulan: ``(1–4, False)``, or ``(1–4, True)`` when a month was written.

    Accepts ``1``–``4``, ``I``–``IV``, ``TW II``, ``Triwulan 3``, ``s.d. TW III``,
    ``Q4``, a month name (``Juni``, ``Juni 2025``) or a date, whose month gives
    the triwulan (January–March → 1, …). Returns ``(None, False)`` for an empty
    cell and raises :class:`ValueError` for anything else.

    Parameters
    ----------
    value : object
        A cell as read: a number, a text, a date or a Timestamp.

    Returns
    -------
    triwulan : int or None
        1–4, or ``None`` for an empty cell.
    from_month : bool
        Whether the triwulan was derived from a month (or date), which the
        loader reports as ``triwulan_dari_bulan``.

    Raises
    ------
    ValueError
        When ``value`` is neither empty nor a triwulan, month or date.

    Examples
    --------
    >>> parse_triwulan("TW II")
    (2, False)
    >>> parse_triwulan("Agustus")
    (3, True)
    """
    if is_missing(value):
        return None, False
    if isinstance(value, (dt.date, pd.Timestamp)):
        return (value.month - 1) // 3 + 1, True
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        if v.is_integer() and 1 <= v <= 4:
            return int(v), False
        raise ValueError(f"bukan triwulan: {value!r}")
    s = fold(str(value))
    m = _TW_RE.match(s)
    if m:
        n = m.group("n")
        return (int(n) if n.isdigit() else _ROMAN[n]), False
    words = s.replace("bulan ", "").split()
    if (
        words
        and words[0] in BULAN
        and (len(words) == 1 or (len(words) == 2 and words[1].isdigit()))
    ):
        return (BULAN[words[0]] - 1) // 3 + 1, True
    raise ValueError(f"bukan triwulan: {value!r}")


def as_text(s: pd.Series) -> pd.Series:
    """Each cell as written (``str``), ``None`` for an empty one, on ``s``'s index.

    Parameters
    ----------
    s : Series
        Cells as read.

    Returns
    -------
    Series of object
        The cells as text.
    """
    return pd.Series([None if is_missing(v) else str(v) for v in s], index=s.index, dtype=object)


def floats(parsed: pd.Series) -> pd.Series:
    """Parsed values as floats (``NaN`` for what did not parse).

    Parameters
    ----------
    parsed : Series
        Values from a parser (numbers or None).

    Returns
    -------
    Series of float
        The values.
    """
    return pd.to_numeric(parsed, errors="coerce").astype(float)

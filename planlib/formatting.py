"""Indonesian number and currency formats (locale ``id_ID`` from Babel).

Amounts are spelled out with *juta*, *miliar*, *triliun*: Babel's short
compact form writes ``M`` for miliar, which a reader takes for million.

The group and decimal symbols come from Babel's CLDR data for ``id_ID``
(``.`` and ``,``); the digits are laid out by Python's own formatter, which
is two orders of magnitude faster than calling Babel per number — it matters
when a table of hundreds of amounts is redrawn on every filter change.
"""

from __future__ import annotations

import math

from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALE = "id_ID"
GROUP = get_group_symbol(LOCALE)
DECIMAL = get_decimal_symbol(LOCALE)
_SWAP = str.maketrans({",": GROUP, ".": DECIMAL})
_SCALES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def _nan(x: float | int) -> bool:
    try:
        return math.isnan(x)
    except TypeError:
        return False


def angka(x: float | int | None, digits: int = 0) -> str:
    """``1234567`` → ``"1.234.567"``; ``12.5`` with ``digits=1`` → ``"12,5"``; missing → ``"–"``.

    Parameters
    ----------
    x : float, int or None
        The number; None and NaN are missing.
    digits : int
        Decimal places.

    Returns
    -------
    str
        The number in Indonesian format (``.`` groups thousands, ``,`` marks
        decimals).

    Examples
    --------
    >>> angka(1234567), angka(12.5, digits=1), angka(None)
    ('1.234.567', '12,5', '–')
    """
    if x is None or _nan(x):
        return "–"
    return f"{float(x):,.{digits}f}".translate(_SWAP)


def rupiah(x: float | int | None, digits: int = 1) -> str:
    """``1_234_000_000`` → ``"Rp 1,2 miliar"``; below a million → ``"Rp 750.000"``.

    Parameters
    ----------
    x : float, int or None
        An amount in rupiah (an anggaran or pagu); None and NaN are missing.
    digits : int
        Decimal places of the number before *juta*, *miliar* or *triliun*.

    Returns
    -------
    str
        The amount with ``Rp`` and its scale word, or ``"–"`` when missing.

    Examples
    --------
    >>> rupiah(1_234_000_000), rupiah(750_000), rupiah(2.5e12)
    ('Rp 1,2 miliar', 'Rp 750.000', 'Rp 2,5 triliun')
    """
    if x is None or _nan(x):
        return "–"
    for scale, word in _SCALES:
        if abs(x) >= scale:
            return f"Rp {angka(x / scale, digits)} {word}"
    return f"Rp {angka(x)}"

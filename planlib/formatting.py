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
    """``1234567`` → ``"1.234.567"``; ``12.5`` with ``digits=1`` → ``"12,5"``; missing → ``"–"``."""
    if x is None or _nan(x):
        return "–"
    return f"{float(x):,.{digits}f}".translate(_SWAP)


def rupiah(x: float | int | None, digits: int = 1) -> str:
    """``1_234_000_000`` → ``"Rp 1,2 miliar"``; below a million → ``"Rp 750.000"``."""
    if x is None or _nan(x):
        return "–"
    for scale, word in _SCALES:
        if abs(x) >= scale:
            return f"Rp {angka(x / scale, digits)} {word}"
    return f"Rp {angka(x)}"

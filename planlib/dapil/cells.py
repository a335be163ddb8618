"""A Dapil list's cells: the one label of a Dapil however it is written, and the names listed in one cell."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from ..parse import clean_text, fold, is_missing, normalise_name
from ..report import FileReport

_DAPIL_PREFIX = re.compile(r"^(?:daerah pemilihan|dapil)\s*")


_ROMAN = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")


_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10}


_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10,
}  # fmt: skip


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token and _ROMAN.match(token):
        vals = [_ROMAN_VALUE[c] for c in token]
        return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))
    return None


def dapil_label(value: object) -> str | None:
    """The one label of a Dapil however it is written: ``"Dapil N"`` when a number can be read.

    The number is the first word after "Dapil" or "Daerah Pemilihan", or else
    the last word; it may be written in digits, in Roman numerals or (alone
    after "Dapil") as an Indonesian number word. A kabupaten name beside it is
    dropped. Without a number the label is the text as written.

    Parameters
    ----------
    value : object
        A Dapil cell as typed ("Lombok Timur 1", "DAPIL I", "Daerah Pemilihan 2",
        "Dapil Lombok Timur 3", ``1``).

    Returns
    -------
    str or None
        ``"Dapil 1"`` …; the cleaned text when no number between 1 and 99 can be
        read; None for an empty cell.

    Examples
    --------
    >>> [dapil_label(v) for v in ("LOMBOK TIMUR 1", "Dapil II", "Daerah Pemilihan 3", 4, "dapil empat")]
    ['Dapil 1', 'Dapil 2', 'Dapil 3', 'Dapil 4', 'Dapil 4']
    >>> dapil_label("Dapil Kota")
    'Dapil Kota'
    """
    text = clean_text(value)
    if text is None:
        return None
    words = fold(text)
    prefix = _DAPIL_PREFIX.match(words)
    tokens = words[prefix.end() :].split() if prefix else words.split()
    n = None
    if tokens:
        if prefix and (len(tokens) == 1 or len(tokens[1]) > 1):  # "Dapil 3 A" is not "Dapil 3"
            n = _number(tokens[0])
        if n is None:
            n = _number(tokens[-1])
        if n is None and prefix and len(tokens) == 1:
            n = _NUMBER_WORDS.get(tokens[0])
    return f"Dapil {n}" if n is not None and 1 <= n <= 99 else text


_LIST_SEP = re.compile(
    r"[ \t]*(?:[,;&\n\r]|(?<!\S)(?:dan|serta)(?!\S)|(?<=\s)[-–—](?=\s))[ \t]*", re.I
)


_NUMBERING = re.compile(r"(?<!\S)(?:\(?\d{1,2}[.)]|[-–•·*▪])(?=\s|[^\W\d_])")


def split_names(value: object) -> list[str]:
    """The names listed in one cell, as typed (numbering, bullets and separators removed).

    Parameters
    ----------
    value : object
        A cell such as ``"Kec. Wonosari, Playen dan Paliyan"``,
        ``"1. Wonosari 2. Playen"`` or names on separate lines (Alt+Enter).

    Returns
    -------
    list of str
        The names in order; an item that is only "Kecamatan"/"Desa" (a label
        before the list) is left out. Empty for an empty cell.

    Examples
    --------
    >>> split_names("1. Kec. Wonosari 2. Playen; Semanu & Tepus")
    ['Kec. Wonosari', 'Playen', 'Semanu', 'Tepus']
    """
    if is_missing(value):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ")
    out = []
    for part in _LIST_SEP.split(text):
        for item in _NUMBERING.split(part):
            name = clean_text(item.strip(" \t:;,").rstrip("."))
            if name is not None and normalise_name(name) is not None:
                out.append(name)
    return out


def _items(value: object, sure: Callable[[str], bool]) -> list[str]:
    """One name when the whole cell is one, else the names listed in it."""
    whole = clean_text(value)
    if whole is None:
        return []
    return [whole] if sure(whole) else split_names(value)


def _note_labels(written: pd.Series, label: pd.Series, report: FileReport) -> None:
    """Say once which Dapil names were written differently from their label."""
    changed = dict.fromkeys(
        (str(a), str(b)) for a, b in zip(written, label, strict=True) if str(a) != str(b)
    )
    if changed:
        pairs = [f"'{a}' → '{b}'" for a, b in changed][:6]
        more = f" dan {len(changed) - 6} lainnya" if len(changed) > 6 else ""
        report.note("nama Dapil diseragamkan: " + ", ".join(pairs) + more)

"""Finding a table's header under title rows, over one row or two (a merged group cell).

One rule for every loader: :func:`find_header` tries each row, and each pair of rows whose
upper row has a group cell, and keeps the candidate that names the most fields;
:func:`header_key` is how a header text is compared with the accepted spellings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .parse import clean_text, fold


def header_key(text: object) -> str:
    """The comparable form of a column header (``"Tgl. Usul"`` → ``"tgl usul"``).

    Parameters
    ----------
    text : object
        A header cell.

    Returns
    -------
    str
        :func:`fold` of the cleaned text; empty for an empty cell.
    """
    s = clean_text(text)
    return fold(s) if s else ""


@dataclass(frozen=True)
class HeaderMatch:
    """Where a table's header is and what its columns are.

    Attributes
    ----------
    index : int
        0-based index (in the rows given) of the first header row.
    height : int
        Number of rows the header spans: 1, or 2 for a header whose group
        cells (``Rekomendasi`` over ``Mitra``, ``Kecamatan`` …) sit above the
        column names.
    mapping : dict of int to str
        Column position → canonical field.
    texts : dict of int to str
        Column position → the header text that named the field (both rows
        joined for a two-row header: ``"Rekomendasi Kecamatan"``).
    """

    index: int
    height: int
    mapping: dict[int, str]
    texts: dict[int, str]

    @property
    def hits(self) -> int:
        """Number of fields the header names."""
        return len(self.mapping)


def _lookup(aliases: dict[str, list[str]]) -> dict[str, str]:
    return {header_key(a): field for field, names in aliases.items() for a in [field, *names]}


def _map_row(
    candidates: list[list[str]], lookup: dict[str, str]
) -> tuple[dict[int, str], dict[int, str]]:
    """Map each column to the first of its candidate texts that names a field not yet taken."""
    mapping: dict[int, str] = {}
    texts: dict[int, str] = {}
    for j, options in enumerate(candidates):
        for text in options:
            f = lookup.get(header_key(text))
            if f and f not in mapping.values():
                mapping[j], texts[j] = f, text
                break
    return mapping, texts


def _cell_text(value: object) -> str:
    return clean_text(value) or ""


def header_candidates(upper: list, lower: list) -> list[list[str]]:
    """The names a column of a two-row header may carry, best first.

    A group cell above a column name gives ``"group name"`` first
    (``"Rekomendasi"`` over ``"Kecamatan"`` → ``"Rekomendasi Kecamatan"``),
    then the name alone, then the group alone; a column whose two cells
    agree (a cell merged over both rows) or that has only one of them gives
    that text.

    Parameters
    ----------
    upper, lower : list
        The cells of the two rows (merged cells already filled).

    Returns
    -------
    list of list of str
        One list of candidate texts per column.
    """
    out: list[list[str]] = []
    for j in range(max(len(upper), len(lower))):
        a = _cell_text(upper[j]) if j < len(upper) else ""
        b = _cell_text(lower[j]) if j < len(lower) else ""
        if not a or header_key(a) == header_key(b):
            out.append([b] if b else [])
        elif not b:
            out.append([a])
        elif header_key(b).startswith(header_key(a) + " "):  # "Rekomendasi" over "Rekomendasi SKPD"
            out.append([b, a])
        else:
            out.append([f"{a} {b}", b, a])
    return out


def find_header(
    rows: Sequence[list],
    aliases: dict[str, list[str]],
    max_scan: int = 40,
    min_hits: int = 3,
    at: int | None = None,
    two_rows: bool = True,
) -> HeaderMatch | None:
    """Find the header of a table under any title rows, over one row or two.

    Every row among the first ``max_scan`` is tried as a one-row header, and
    every pair of consecutive rows whose upper row has a group cell (one text
    over several differently named columns, as a merged cell reads once
    filled) as a two-row header (see :func:`header_candidates`). The
    candidate naming the most fields wins; a two-row header must name more
    than any one row, and an earlier candidate wins among equals.

    Parameters
    ----------
    rows : sequence of lists
        The rows of the sheet, as cell values.
    aliases : dict
        Canonical field name → accepted header spellings.
    max_scan : int
        How many rows from the top may hold the header.
    min_hits : int
        Fewest fields a header must name.
    at : int, optional
        0-based index of the (first) header row when it is known: only that
        row, alone or with the row below it, is tried.
    two_rows : bool
        Whether two-row headers are tried at all.

    Returns
    -------
    HeaderMatch or None
        None when no candidate names at least ``min_hits`` fields.
    """
    lookup = _lookup(aliases)
    starts = [i for i in ([at] if at is not None else range(max_scan)) if 0 <= i < len(rows)]
    best: HeaderMatch | None = None
    for i in starts:
        mapping, texts = _map_row([[t] if (t := _cell_text(c)) else [] for c in rows[i]], lookup)
        if len(mapping) >= min_hits and (best is None or len(mapping) > best.hits):
            best = HeaderMatch(i, 1, mapping, texts)
    for i in starts if two_rows else ():  # a two-row header must name more than one row does
        if i + 1 >= len(rows) or not _has_group_cell(rows[i], rows[i + 1]):
            continue
        mapping, texts = _map_row(header_candidates(rows[i], rows[i + 1]), lookup)
        if len(mapping) >= min_hits and (best is None or len(mapping) > best.hits):
            best = HeaderMatch(i, 2, mapping, texts)
    return best


def _has_group_cell(upper: list, lower: list) -> bool:
    """True when a cell of ``upper`` spans columns that ``lower`` names apart (a merged group)."""
    for j in range(min(len(upper), len(lower)) - 1):
        a, b = _cell_text(upper[j]), _cell_text(upper[j + 1])
        c, d = _cell_text(lower[j]), _cell_text(lower[j + 1])
        if a and a == b and c and d and c != d:
            return True
    return False


def find_header_row(
    rows: Iterable[list], aliases: dict[str, list[str]], max_scan: int = 40, min_hits: int = 3
) -> tuple[int, dict[int, str]] | None:
    """Find the one-row header of a table that may have title rows above it.

    Parameters
    ----------
    rows : iterable of lists
        The first rows of the sheet, as cell values.
    aliases : dict
        Canonical field name → accepted header spellings.
    max_scan : int
        How many rows from the top may hold the header.
    min_hits : int
        Fewest fields the header row must name.

    Returns
    -------
    (index, mapping) or None
        The 0-based index of the header row and a mapping of column position
        to canonical field; None when no row names at least ``min_hits`` fields.
    """
    m = find_header(
        list(itertools.islice(rows, max_scan)), aliases, max_scan, min_hits, two_rows=False
    )
    return (m.index, m.mapping) if m else None

"""The realisasi header: a two-row header read as one row, and the OPD named in the title rows."""

from __future__ import annotations

import re

from ..header import find_header, header_candidates
from ..parse import clean_text
from ..tabular import RawTable


def combine_header_rows(
    raw: RawTable, fields: dict[str, list[str]], max_scan: int = 40
) -> RawTable:
    """Merge a two-row header into one row when that names more fields than any single row.

    Which rows form the header, and the text each column is read by, is the one
    rule of :func:`planlib.header.find_header` (a group cell over differently
    named columns; ``"upper lower"``, then either half): this only writes that
    header as one row, so that the loader reads the file as a one-row table.
    The lower row disappears from the table: it is part of the header, not
    data. A column that names no field keeps its first candidate text.
    Returns ``raw`` unchanged when a one-row header reads as well.

    Parameters
    ----------
    raw : RawTable
        The rows of the file as :func:`planlib.tabular.read_rows` read them.
    fields : dict of str to list of str
        Each field and the header texts that name it (as
        :func:`planlib.header.find_header` takes them).
    max_scan : int
        How many rows from the top may hold the header.

    Returns
    -------
    RawTable
        ``raw`` with the chosen pair of rows merged into one (its Excel row
        number is the upper row's), or ``raw`` itself.
    """
    head = raw.rows[:max_scan]
    m = find_header(head, {f: list(n) for f, n in fields.items()}, max_scan, min_hits=1)
    if m is None or m.height == 1:
        return raw
    i = m.index
    cands = header_candidates(head[i], head[i + 1])
    row = [m.texts.get(j, c[0] if c else None) for j, c in enumerate(cands)]
    rows = [*raw.rows[:i], row, *raw.rows[i + 2 :]]
    numbers = [*raw.row_numbers[: i + 1], *raw.row_numbers[i + 2 :]]
    return RawTable(rows, numbers, raw.sheet, raw.encoding)


_TITLE_OPD_RE = re.compile(
    r"^(?:nama\s+)?(?:perangkat daerah|skpd|opd|unit kerja|satuan kerja)\s*(?::\s*(?P<v>.*))?$",
    re.I,
)


def opd_from_title(raw: RawTable, header_row: int) -> str | None:
    """``Perangkat Daerah : Dinas Kesehatan`` (or the label and the name in two cells) above the header.

    Parameters
    ----------
    raw : RawTable
        The rows of the file.
    header_row : int
        The Excel row of the header; only the rows above it are read.

    Returns
    -------
    str or None
        The OPD named in a title row, or None.
    """
    for r, n in zip(raw.rows, raw.row_numbers, strict=True):
        if n >= header_row:
            break
        cells = [clean_text(c) for c in r]
        for j, c in enumerate(cells):
            m = _TITLE_OPD_RE.match(c or "")
            if not m:
                continue
            value = clean_text((m.group("v") or "").lstrip(":"))
            if value is None:  # the name in a later cell of the row
                value = next((v for v in cells[j + 1 :] if v and v != ":"), None)
                value = clean_text(value.lstrip(":")) if value else None
            if value:
                return value
    return None

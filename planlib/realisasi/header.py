"""The realisasi header: a two-row header read as one row, and the OPD named in the title rows."""

from __future__ import annotations

import re

from ..header import find_header_row
from ..parse import clean_text, fold
from ..tabular import RawTable


def combine_header_rows(
    raw: RawTable, fields: dict[str, list[str]], max_scan: int = 40
) -> RawTable:
    """Merge a two-row header into one row when that names more fields than any single row.

    A cell of the upper row (already filled across its merged range by
    :func:`planlib.tabular.read_rows`) and the cell below it become
    ``"upper lower"`` (or ``"lower upper"`` when only that spelling is a known
    header); equal cells (a vertical merge) and empty halves give one text.
    The lower row disappears from the table: it is part of the header, not
    data. Returns ``raw`` unchanged when no pair of rows reads better.

    Parameters
    ----------
    raw : RawTable
        The rows of the file as :func:`planlib.tabular.read_rows` read them.
    fields : dict of str to list of str
        Each field and the header texts that name it (as
        :func:`planlib.tabular.find_header_row` takes them).
    max_scan : int
        How many rows from the top may hold the header.

    Returns
    -------
    RawTable
        ``raw`` with the chosen pair of rows merged into one (its Excel row
        number is the upper row's), or ``raw`` itself.
    """
    aliases = {f: list(n) for f, n in fields.items()}
    known = {fold(a) for names in aliases.values() for a in names}
    head = raw.rows[:max_scan]
    single = find_header_row(head, aliases, max_scan=max_scan, min_hits=1)
    best_hits = len(single[1]) if single else 0
    best: tuple[int, list] | None = None
    for i in range(len(head) - 1):
        top, low = head[i], head[i + 1]
        row = []
        for a, b in zip(top, low, strict=True):
            ta, tb = clean_text(a), clean_text(b)
            if ta is None or tb is None or ta == tb:
                row.append(ta or tb)
                continue
            ab, ba = f"{ta} {tb}", f"{tb} {ta}"
            row.append(ba if fold(ba) in known and fold(ab) not in known else ab)
        found = find_header_row([row], aliases, max_scan=1, min_hits=1)
        if found and len(found[1]) > best_hits:
            best_hits, best = len(found[1]), (i, row)
    if best is None:
        return raw
    i, row = best
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

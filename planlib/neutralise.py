"""Text made harmless for the files planlib writes: CSV cells and XML text.

Two rules, each in one function, used by every writer:

- :func:`csv_cell` — the OWASP rule against CSV (formula) injection: a text
  cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is written with a leading apostrophe, so that a spreadsheet shows it
  as text instead of running it as a formula. Numbers stay numbers: a float
  ``-5.0`` and a text that is only a number (``-1.234,5``, ``+62``) are not
  prefixed. :func:`write_csv` applies it to a table; :func:`csv_rows` to the
  rows given to :mod:`csv` writers.
- :func:`printable` — control characters (NUL, the other C0 and C1 codes,
  DEL, ``U+FFFE``/``U+FFFF`` and lone surrogates) removed, as XML 1.0 and
  Excel's sheet names require; a NUL in an OPD name must not make a Berita
  Acara unopenable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

#: The first characters that make a spreadsheet read a CSV cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?")
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the
# non-characters U+FFFE/U+FFFF; lone surrogates (not valid in XML or UTF-8).
_CONTROL_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def csv_cell(value: Any) -> Any:
    """A cell as it may be written to CSV: a formula-like text gets a leading ``'``.

    Parameters
    ----------
    value : Any
        The cell's value.

    Returns
    -------
    Any
        ``value`` itself, except a ``str`` that begins with one of
        :data:`FORMULA_START` and is not just a number, which is returned as
        ``"'" + value``.

    Examples
    --------
    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-5"), csv_cell(-5.0), csv_cell("@SUM")
    ('\\'=HYPERLINK("http://x")', '-5', -5.0, "'@SUM")
    """
    if isinstance(value, str) and value[:1] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`csv_cell` applied to the cells of its text columns.

    Parameters
    ----------
    df : DataFrame
        Any table.

    Returns
    -------
    DataFrame
        A copy when a cell changed; numeric, boolean and date columns are left as they are.
    """
    out = df
    for i, dtype in enumerate(df.dtypes):
        if not (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)):
            continue
        col = df.iloc[:, i]
        if not col.map(lambda v: csv_cell(v) is not v).any():
            continue
        if out is df:
            out = df.copy()
        out.isetitem(i, col.map(csv_cell).to_numpy(dtype=object))
    return out


def write_csv(df: pd.DataFrame, path: str | Path, **kwargs: Any) -> Path:
    """Write ``df`` as CSV with :func:`csv_cell` applied (``index=False`` unless given).

    Parameters
    ----------
    df : DataFrame
        The table.
    path : str or Path
        The file (replaced).
    **kwargs
        Passed on to :meth:`pandas.DataFrame.to_csv`.

    Returns
    -------
    Path
        ``path``.
    """
    kwargs.setdefault("index", False)
    csv_safe(df).to_csv(path, **kwargs)
    return Path(path)


def csv_rows(rows: Iterable[Sequence[Any]]) -> Iterable[list[Any]]:
    """Rows for a :func:`csv.writer`, each cell through :func:`csv_cell`.

    Parameters
    ----------
    rows : iterable of sequences
        The rows.

    Returns
    -------
    iterable of list
        The same rows, lazily.
    """
    return ([csv_cell(v) for v in row] for row in rows)


def printable(text: Any, *, lines: bool = False) -> str:
    """``text`` without control characters, as XML text and sheet names must be.

    Parameters
    ----------
    text : Any
        The text (any value is taken as ``str``; None as empty).
    lines : bool
        Keep tabs, line feeds and carriage returns (cell text); without it they
        go too (sheet names, page headers and footers, titles).

    Returns
    -------
    str
        The text with the characters of :data:`_CONTROL` (or, with ``lines``,
        :data:`_CONTROL_LINES`) removed.

    Examples
    --------
    >>> printable("Dinas\\x00 Sosial"), printable("a\\tb\\x07", lines=True)
    ('Dinas Sosial', 'a\\tb')
    """
    s = "" if text is None else str(text)
    return (_CONTROL_LINES if lines else _CONTROL).sub("", s)


#: Characters no file system accepts in a name (Windows' set, plus control characters).
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(text: Any) -> str:
    """``text`` as a file or folder name on any system (no ``/\\:*?"<>|``, not empty).

    Parameters
    ----------
    text : Any
        A name (a desa's, a kecamatan's); taken as ``str``.

    Returns
    -------
    str
        ``text`` with unsafe characters as ``-``; ``"tanpa-nama"`` when nothing is left.

    Examples
    --------
    >>> file_name("Kec. A/B: C?"), file_name("..")
    ('Kec. A-B- C-', 'tanpa-nama')
    """
    name = _UNSAFE_NAME.sub("-", str(text)).strip().strip(".").strip()
    return name or "tanpa-nama"

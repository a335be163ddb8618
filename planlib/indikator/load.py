"""Loading indicator files: one file of either layout, and the files of a workspace together.

:func:`load_indikator` tells the layouts apart by their headers — the long
layout has a ``nilai`` column (:mod:`planlib.indikator.long`), a BPS wide
table a header row of years (:mod:`planlib.indikator.wide`) — and finishes
both the same way (:func:`planlib.indikator.observations.finish`).
:func:`combine_indikator` puts the files of a workspace together; the first
file wins on repeats, in the file and across files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..header import find_header_row
from ..parse import fold
from ..report import ROW, FileReport
from ..tabular import RawTable, read_rows
from ..wilayah import Wilayah
from .catalogue import COLUMNS
from .long import LONG_FIELDS, read_long
from .observations import finish, resolve_repeats, typed
from .wide import read_wide


def load_indikator(
    path: str | Path, wilayah: Wilayah, opts: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load one indicator file, long or BPS wide.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv (``;`` or ``,``, UTF-8 or cp1252; decimal comma
        ``69,21`` or dot ``69.21``).
    wilayah : Wilayah
        The code list; names are matched to codes with :func:`match_wilayah`.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text); ``indikator``, ``satuan``, ``seri``, ``sumber`` and
        ``periode``: what a wide table holds (otherwise read from the group
        header over the years, the title rows, the sheet name or the file name
        — the IPM/UHH series from *[Metode Baru]* / *UHH LF SP2020*, the unit
        from ``(Persen)`` or ``(Ribu Jiwa)`` — and the source from the
        ``Sumber:`` footnote), or the values of empty cells in the long layout
        (which then needs no ``indikator`` column); ``level`` (``"kecamatan"``
        or ``"desa"``) when the rows of a wide table name kecamatan or desa;
        ``format`` (``"panjang"`` / ``"lebar"``) to skip the detection.

    Returns
    -------
    (DataFrame, FileReport)
        One row per observation with the columns of :data:`COLUMNS`.

    Notes
    -----
    Which rows are kept: observations of the nation (``00``), of any
    province or kabupaten/kota of the kabupaten's own province (rankings
    compare them) and of any kecamatan or desa in the code list. Rows of
    other provinces are reported as ``di_luar_kabupaten`` and left out.

    The rows of a BPS wide table name areas without codes, as BPS writes
    them (``NUSA TENGGARA BARAT``, ``Kab. Lombok Timur``, ``Bima`` for the
    kabupaten and ``Kota Bima`` for the kota, ``Gunung Kidul``,
    ``INDONESIA``): see :meth:`planlib.wilayah.Wilayah.area_matcher` and
    :func:`match_wilayah`. Years may run either way; two column groups of one
    table (IPM *[Metode Baru]* beside *UHH LF SP2020*) are two series.

    Row accounting of wide tables: the rows of the report are the sheet rows
    under the header (wilayah rows and footnotes). A sheet row counts as
    loaded when at least one of its cells is loaded, so ``rows_loaded`` is the
    number of distinct ``baris`` in the result, not its length. Empty cells
    (``-``, ``…``) are missing values, not problems; a cell that is not a
    number is an ``angka_tidak_sah`` warning, and the problems of a row's
    cells are marked as not loaded only when none of its cells loaded.
    Footnotes are ``bukan_data``, a wilayah row without any value is
    ``nilai_kosong``.

    Raises
    ------
    PlanlibError
        When the file has neither a ``nilai`` column nor a header row of
        years, lacks a required column, or a wide table's indicator cannot be
        determined.
    """
    opts = dict(opts or {})
    report = FileReport(str(path), "indikator")
    raw = read_rows(path, opts.get("sheet"))
    if _is_long(raw, opts):
        df, headers = read_long(path, raw, wilayah, opts, report)
    else:
        df, headers = read_wide(path, raw, wilayah, opts, report)
    df = finish(df, wilayah, report, Path(path).name, headers)
    report.rows_loaded = int(df[ROW].nunique())
    return df, report


def _is_long(raw: RawTable, opts: dict[str, Any]) -> bool:
    """True for the long layout: forced by ``format``, else a header row with ``nilai``."""
    fmt = fold(str(opts.get("format") or ""))
    if fmt in ("panjang", "long"):
        return True
    if fmt in ("lebar", "wide"):
        return False
    aliases = {f: list(n) for f, n in LONG_FIELDS.items()}
    for f, h in (opts.get("kolom") or {}).items():
        aliases.setdefault(f, []).insert(0, h)
    rows = raw.rows
    if opts.get("header") in raw.row_numbers:
        rows = [raw.rows[raw.row_numbers.index(opts["header"])]]
    found = find_header_row(rows, aliases, min_hits=2)
    return found is not None and "nilai" in found[1].values()


def combine_indikator(loaded: list[tuple[pd.DataFrame, FileReport]]) -> pd.DataFrame:
    """Concatenate the indicator files of a workspace; the first file wins on repeats.

    An observation repeated in a later file (same wilayah, tahun, periode,
    indikator, seri) is left out and reported in that file's report as
    ``indikator_duplikat`` or ``indikator_bertentangan`` (a warning naming
    the value kept). The reports are updated in place: a sheet row none of
    whose observations remains is counted as reported instead of loaded, so
    every report stays balanced. Call it once per set of loaded files.

    Parameters
    ----------
    loaded : list of (DataFrame, FileReport)
        What :func:`load_indikator` returned for each file, in priority order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, sorted by kode_wilayah, indikator, seri, tahun.
    """
    if not loaded:
        return pd.DataFrame(columns=COLUMNS)
    names = [Path(fr.path).name for _, fr in loaded]

    def rows_of(d: pd.DataFrame) -> pd.Series:
        return pd.Series(list(zip(d["_file"], d[ROW], strict=True)), index=d.index, dtype=object)

    def where(d: pd.DataFrame) -> pd.Series:
        return d["_file"].map(lambda f: names[f]) + " baris " + d[ROW].astype(str)

    kept = typed(loaded[0][0]).assign(_file=0)
    for n, (df, fr) in enumerate(loaded[1:], start=1):
        part = typed(df).assign(_file=n)
        both = pd.concat([kept, part], ignore_index=True)
        scratch = FileReport(fr.path, fr.kind)
        kept = resolve_repeats(both, scratch, rows_of, where)
        fr.problems += scratch.problems
        fr.rows_loaded -= part[ROW].nunique() - kept.loc[kept["_file"] == n, ROW].nunique()
    out = kept.sort_values(
        ["kode_wilayah", "indikator", "seri", "tahun", "periode", "_file", ROW],
        kind="stable",
        na_position="first",
    )
    return typed(out)

"""Development indicators (IPM, kemiskinan, TPT, …): the long table, BPS wide tables, series.

Two layouts are read, and told apart by their headers:

- the **long** layout, one observation per row (``kode_wilayah, nama_wilayah,
  tahun, periode, indikator, nilai, satuan, seri, sumber``; headers found by
  alias, in any order, under any title rows) — recognised by its ``nilai``
  column;
- the **wide** table exported from the BPS website (xlsx, CSV, or the
  ``.xls`` that is an HTML table): title rows, a header row whose first
  column names the wilayah (``Kabupaten/Kota``) and whose other headers are
  years in either order (``2015`` … ``2024*``, ``2023 (Revisi)``), often
  under a group header naming the indicator, one row per wilayah named
  without a code in BPS's spelling, then footnotes (``Sumber: Badan Pusat
  Statistik``). Each filled cell becomes one observation; the indicator,
  its series (IPM *[Metode Baru]* = ``lama``, *UHH LF SP2020* =
  ``revisi_2024``) and its unit are read from the headers and titles.

Every observation gets a Kemendagri code (``00`` for Indonesia, ``63`` for the
province, ``63.06`` for a kabupaten, ``63.06.02`` for a kecamatan), a
canonical indicator key from :data:`INDIKATOR` (unknown indicators are kept
under a snake_case key), and a canonical series (:func:`canonical_seri`):
series such as IPM ``lama`` and ``revisi_2024`` are never merged.

Repeated observations — same wilayah, tahun, periode, indikator and seri —
are reported: with the same value as ``indikator_duplikat``, with another
value as ``indikator_bertentangan`` (a warning naming the value kept). The
first one wins, in the file and across files (:func:`combine_indikator`).

The package, one module per job:

- :mod:`~planlib.indikator.catalogue`: :data:`INDIKATOR`, the rules for keys,
  series and periods, :func:`series_for`, :func:`sumber_text`;
- :mod:`~planlib.indikator.cells`: codes, wilayah names, numbers, years in cells;
- :mod:`~planlib.indikator.long` and :mod:`~planlib.indikator.wide`: the two layouts;
- :mod:`~planlib.indikator.observations`: scope, types, the schema, repeats;
- :mod:`~planlib.indikator.load`: :func:`load_indikator`, :func:`combine_indikator`.
"""

from __future__ import annotations

from .catalogue import (
    COLUMNS,
    INDIKATOR,
    LEVELS,
    canonical_indikator,
    canonical_periode,
    canonical_seri,
    level_of,
    series_for,
    sumber_text,
    text_column,
)
from .cells import match_wilayah
from .load import combine_indikator, load_indikator
from .long import LONG_FIELDS
from .wide import WIDE_LABELS

__all__ = [
    "COLUMNS",
    "INDIKATOR",
    "LEVELS",
    "LONG_FIELDS",
    "WIDE_LABELS",
    "canonical_indikator",
    "canonical_periode",
    "canonical_seri",
    "combine_indikator",
    "level_of",
    "load_indikator",
    "match_wilayah",
    "series_for",
    "sumber_text",
    "text_column",
]

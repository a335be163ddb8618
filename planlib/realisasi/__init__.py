"""Loading the realisasi export: physical and financial progress per sub kegiatan and triwulan.

The input is the SIPD / e-Monev *laporan realisasi fisik dan keuangan*: one
row per sub kegiatan (and output indicator) per triwulan, with the OPD,
program, kegiatan, the sub kegiatan's kode and name, the indikator keluaran
with its target, realisasi and satuan, the pagu and the realisasi keuangan
in Rupiah, the target and realisasi fisik in percent, the triwulan and the
tahun; optionally the lokasi (kecamatan, desa) and the faktor pendorong /
penghambat written by the OPD.

As everywhere in planlib, the header is found by name under any title rows
(a two-row header such as ``Keuangan`` over ``Pagu (Rp) | Realisasi (Rp)`` is
read as ``Keuangan Pagu (Rp)`` …), every row is either loaded or reported
with its Excel row, column, value, reason and suggestion, and the values are
read the Indonesian way (``Rp 1.234.567``, ``75,5%``).

Values are read as written in the export, i.e. cumulative up to the end of
the triwulan (*s.d. triwulan*), which is how e-Monev reports them; see
``docs/rakerda.md``.

The package, one module per job:

- :mod:`~planlib.realisasi.fields`: :data:`TEMPLATE`, :data:`REALISASI_FIELDS`, :data:`COLUMNS`;
- :mod:`~planlib.realisasi.cells`: :func:`parse_triwulan` and the cells as text or floats;
- :mod:`~planlib.realisasi.header`: :func:`combine_header_rows`, the OPD in the title rows;
- :mod:`~planlib.realisasi.rows`: :func:`sub_kegiatan_key`, repeated rows, :func:`cumulate`;
- :mod:`~planlib.realisasi.load`: :func:`load_realisasi` (one file), :func:`opd_matcher`;
- :mod:`~planlib.realisasi.tahun`: :func:`combine_realisasi`, :func:`load_realisasi_tahun`.
"""

from __future__ import annotations

from .cells import parse_triwulan
from .fields import COLUMNS, LOADER_VERSION, REALISASI_FIELDS, TEMPLATE, TEXT_FIELDS
from .header import combine_header_rows
from .load import load_realisasi, opd_matcher
from .rows import INCREMENTS, cumulate, sub_kegiatan_key
from .tahun import combine_realisasi, load_realisasi_tahun

__all__ = [
    "COLUMNS",
    "INCREMENTS",
    "LOADER_VERSION",
    "REALISASI_FIELDS",
    "TEMPLATE",
    "TEXT_FIELDS",
    "combine_header_rows",
    "combine_realisasi",
    "cumulate",
    "load_realisasi",
    "load_realisasi_tahun",
    "opd_matcher",
    "parse_triwulan",
    "sub_kegiatan_key",
]

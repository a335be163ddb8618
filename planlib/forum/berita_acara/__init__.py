"""The Berita Acara of the Forum Perangkat Daerah: the forum's decisions as a printable .xlsx.

One sheet per Dapil (or per OPD tujuan), each laid out for A4 landscape
paper and readable when printed (9 pt type at 100 % scale: the signed table
has the eight columns a forum signs, :data:`KOLOM_CETAK`, about 135 characters
wide): a title block, the opening statement (hari, tanggal, tempat, the forum,
the Dapil or OPD), the table of usulan with the decision taken on each (usulan
without one read "belum diputuskan") under an autofilter, a total and a recap
by decision, and the signature block of the Pimpinan Forum and the Notulis.
The table header is repeated on every printed page, the sheet is scaled to
one page wide (which it already is), and the footer numbers the pages. A last
sheet, "Rincian", holds every column (:data:`KOLOM`) of every usulan for
filtering and checking; it is not the signed document.

With the year's DPRD pokir (``pokir``), each pokir is a row too, its Usulan
cell marked "[Pokir — NAMA ANGGOTA (Fraksi)]" and its own decision
(``jenis`` ``pokir`` in ``keputusan.sqlite``); a pokir repeating an usulan is
printed right under that usulan, both marked with the other's ID, and the
total and the recap count the pair once (the usulan's row).

The package, one module a job: :mod:`.table` (which rows, with what decision),
:mod:`.xlsx` (the workbook) and :mod:`.style` (the house style, shared with the
desa letters).
"""

from __future__ import annotations

# BELUM (what an undecided usulan shows) comes from planlib.forum.keputusan; it stays importable here.
from ..keputusan import BELUM
from .style import tinggi_baris, xlsx_formats
from .table import MUSRENBANG, POKIR_WAJIB, USULAN_WAJIB, berita_acara_table
from .xlsx import KOLOM, KOLOM_CETAK, RINCIAN, pembukaan, sheet_names, write_berita_acara

__all__ = ["BELUM", "KOLOM", "KOLOM_CETAK", "MUSRENBANG", "POKIR_WAJIB", "RINCIAN", "USULAN_WAJIB",
           "berita_acara_table", "pembukaan", "sheet_names", "tinggi_baris", "write_berita_acara",
           "xlsx_formats"]  # fmt: skip

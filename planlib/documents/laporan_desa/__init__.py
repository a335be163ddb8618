"""Telling each desa what became of its usulan: one printable letter per desa (xlsx and PDF).

``planlib laporan-desa WORKSPACE --tahun T --out DIR`` writes, for every
desa/kelurahan with usulan in ``T``, ``DIR/<kecamatan>/<desa>.xlsx`` and
``.pdf``, and ``DIR/index.xlsx`` / ``DIR/index.csv`` listing them. Each letter
has the kabupaten's name and the workspace's label ("DATA CONTOH — sintetis"
on the demo), the totals by decision at the top, then every usulan of the desa
with its OPD tujuan, the forum's decision in force and its reason ("belum
diputuskan" when there is none), the OPD it was moved to where dialihkan, and
its history across years, and a signature block.

The decision in force is read through
:func:`planlib.forum.keputusan.keputusan_berlaku`, as the forum table and the
Berita Acara read it. The history follows the usulan's lineage
(:func:`planlib.forum.lineage.assign_lineage`): for each year of the lineage,
the forum decision recorded for that year's usulan, else the status the SIPD
export gives it, else "diusulkan" — e.g. "diusulkan 3 kali: 2024 ditolak, 2025
ditunda, 2026 diterima".

A very long text never stops the letters: in the PDF a text longer than
:data:`PDF_TEKS_MAKS` characters is cut with a note (the .xlsx keeps it, up to
Excel's 32,767 characters), and a row still taller than a page is split across
pages. A desa whose letter cannot be written is named in the index
(``keterangan``) and in :attr:`LaporanDesaResult.gagal`; the other letters and the
index are written all the same.

The package, one module a job: :mod:`.table` (which usulan, and what became
of each), :mod:`.content` (what a letter says, in either format), :mod:`.xlsx`
and :mod:`.pdf` (the two writers) and :mod:`.write` (every desa's letters and
the index).
"""

from __future__ import annotations

from .content import KOLOM, clip
from .pdf import PDF_TEKS_MAKS, write_desa_pdf
from .table import (
    TERCATAT_GANDA,
    TIDAK_DIBAHAS,
    laporan_desa_table,
    riwayat_keputusan,
    totals,
    usulan_ditolak,
)
from .write import LaporanDesaResult, write_laporan_desa
from .xlsx import KOLOM_CETAK, RINCIAN, XLSX_TEKS_MAKS, write_desa_xlsx

__all__ = ["KOLOM", "KOLOM_CETAK", "PDF_TEKS_MAKS", "RINCIAN", "TERCATAT_GANDA", "TIDAK_DIBAHAS",
           "XLSX_TEKS_MAKS", "LaporanDesaResult", "clip", "laporan_desa_table", "riwayat_keputusan",
           "totals", "usulan_ditolak", "write_desa_pdf", "write_desa_xlsx",
           "write_laporan_desa"]  # fmt: skip

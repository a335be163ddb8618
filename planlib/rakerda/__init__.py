"""Rakerda: the year's performance by OPD, by bidang and for the kabupaten, and what is shown of it.

The package, one module per job:

- :mod:`~planlib.rakerda.scorecard`: the rules (every one in ``docs/rakerda.md``):
  :func:`rakerda`, :func:`tertinggal`, :func:`kategori`, :func:`capaian_indikator`,
  :func:`bidang_opd`, :func:`pilih_triwulan`, :func:`write_rakerda_csv`, and the
  realisasi a Rakerda is scored on (:func:`realisasi_tahun`);
- :mod:`~planlib.rakerda.views`: what the dashboard and the deck show on those rules: the
  band colours, :func:`tren`, :func:`peringkat`, :func:`indikator_bidang`,
  :func:`per_kecamatan`, :func:`faktor_laporan`;
- :mod:`~planlib.rakerda.display`: how they are drawn (imported on its own: it needs Plotly):
  the scorecard and indicator tables (HTML), the trend and ranking figures, the band badge.
"""

from __future__ import annotations

from .scorecard import (
    COLUMNS,
    FISIK_PER_TRIWULAN,
    KATEGORI,
    SELISIH_TERTINGGAL,
    TANPA_BIDANG,
    TERTINGGAL_COLUMNS,
    bidang_opd,
    bidang_rules,
    capaian_indikator,
    kategori,
    pilih_triwulan,
    rakerda,
    rakerda_table,
    realisasi_tahun,
    tertinggal,
    write_rakerda_csv,
)
from .views import (
    INDIKATOR_BIDANG,
    INDIKATOR_COLUMNS,
    KATEGORI_COLOURS,
    KECAMATAN_COLUMNS,
    UKURAN,
    faktor_laporan,
    indikator_bidang,
    per_kecamatan,
    peringkat,
    tren,
)

__all__ = [
    "COLUMNS",
    "FISIK_PER_TRIWULAN",
    "INDIKATOR_BIDANG",
    "INDIKATOR_COLUMNS",
    "KATEGORI",
    "KATEGORI_COLOURS",
    "KECAMATAN_COLUMNS",
    "SELISIH_TERTINGGAL",
    "TANPA_BIDANG",
    "TERTINGGAL_COLUMNS",
    "UKURAN",
    "bidang_opd",
    "bidang_rules",
    "capaian_indikator",
    "faktor_laporan",
    "indikator_bidang",
    "kategori",
    "per_kecamatan",
    "peringkat",
    "pilih_triwulan",
    "rakerda",
    "rakerda_table",
    "realisasi_tahun",
    "tertinggal",
    "tren",
    "write_rakerda_csv",
]

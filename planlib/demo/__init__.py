"""The demo workspace: a fictional *Kabupaten Contoh*, generated deterministically and offline.

Everything here is synthetic and labelled ``DATA CONTOH — sintetis`` wherever
it is shown. The generator writes the same kind of files an analyst would put
in a real workspace:

- ``wilayah/kode_wilayah.csv``: province 99 *Provinsi Nusa Contoh*, its kabupaten and
  kota (99.01 is *Kabupaten Contoh*), and the kecamatan and desa of 99.01;
- ``wilayah/kecamatan.geojson`` and ``wilayah/desa.geojson``: a Voronoi tiling
  of an irregular kabupaten outline; kecamatan are unions of their desa, so
  every shared edge is shared exactly in both layers;
- ``wilayah/alias_wilayah.csv``: the former name of a renamed kecamatan;
- ``dapil.csv``: 4 dapil; the newest kecamatan (a *pemekaran*, formed after
  the dapil were set) belongs to none and has no usulan in the first year;
- ``usulan/usulan_<tahun>.xlsx``: SIPD long-layout exports with title rows,
  merged title cells, and planted dirt (misspelt and abbreviated kecamatan,
  unknown desa, text amounts, day-first text dates, duplicated IDs, a blank
  row, a repeated header, a totals row, a footnote);
- ``indikator/indikator.csv`` (long format) and ``indikator/tpt_bps.xlsx``
  (a BPS website wide table): IPM with the 2024 series break, P0, TPT for the
  kabupaten, the other kabupaten/kota of the province, the province and
  Indonesia, plus stunting per kecamatan and IDM per desa;
- ``perencanaan/``: RPJMD targets, a pohon kinerja and a Renja with pagu;
- ``realisasi/realisasi_<tahun>.xlsx``: e-Monev realisasi fisik dan keuangan
  exports (two title rows, a two-row merged header, ``Rp`` text, a totals row)
  with planted dirt (a misspelt OPD, a duplicated row, realisasi above the
  pagu, a missing target, a month for a triwulan).

Two hidden files record the truth: ``.demo-manifest.json`` lists every planted
problem (file, Excel row, column, reason code, expected severity — ``none`` for
dirt the loader fixes silently — and whether the row is dropped), and
``.demo-truth.csv`` gives the true OPD, issue category and lineage of every
synthetic usulan, for measuring matching and duplicate detection.

The package, one module per job:

- :mod:`~planlib.demo.catalogue`: names, OPD, issue categories, usulan templates;
- :mod:`~planlib.demo.geography`: the outline, kecamatan and desa polygons, codes, dapil;
- :mod:`~planlib.demo.usulan`: the usulan of a year and the SIPD export;
- :mod:`~planlib.demo.dirt`: the dirt of real exports, planted in the usulan;
- :mod:`~planlib.demo.indikator`: the indicator files;
- :mod:`~planlib.demo.perencanaan`: RPJMD targets, pohon kinerja, Renja;
- :mod:`~planlib.demo.realisasi`: the realisasi exports of the budget years;
- :mod:`~planlib.demo.manifest`: the record of every planted problem;
- :mod:`~planlib.demo.workspace`: :func:`write_demo`, ``planlib.toml`` and the README.
"""

from __future__ import annotations

from .catalogue import ISU, KABUPATEN, LABEL, NAMA, OPD, TEMPLATES, Template
from .dirt import DIRT, DROPPING, SILENT
from .manifest import DemoManifest, Planted
from .perencanaan import write_perencanaan_for
from .realisasi import write_realisasi, write_realisasi_for
from .usulan import HEADERS, write_usulan_for
from .workspace import write_demo

__all__ = [
    "DIRT",
    "DROPPING",
    "HEADERS",
    "ISU",
    "KABUPATEN",
    "LABEL",
    "NAMA",
    "OPD",
    "SILENT",
    "TEMPLATES",
    "DemoManifest",
    "Planted",
    "Template",
    "write_demo",
    "write_perencanaan_for",
    "write_realisasi",
    "write_realisasi_for",
    "write_usulan_for",
]

"""Dapil (DPRD electoral districts): which kecamatan, or which desa of a split kecamatan, belong to which Dapil.

The package, one module per job:

- :mod:`~planlib.dapil.load`: :func:`load_dapil` (any layout of a Dapil list, the
  membership rules, the row accounting), :data:`DAPIL_FIELDS`, :data:`COLUMNS`;
- :mod:`~planlib.dapil.typed`: a Dapil list as people type it (one row per
  kecamatan, or per Dapil with its kecamatan in one cell; the seats);
- :mod:`~planlib.dapil.kpu`: the KPU's Dapil table (Pemilu 2024);
- :mod:`~planlib.dapil.assign`: each listed kecamatan or desa placed on its code and
  given to the first Dapil that lists it; the kecamatan and desa in no Dapil;
- :mod:`~planlib.dapil.cells`: :func:`dapil_label` ("LOMBOK TIMUR 1" → "Dapil 1") and
  :func:`split_names` (the names listed in one cell);
- :mod:`~planlib.dapil.membership`: :func:`dapil_per_kecamatan`, :func:`dapil_per_desa`.
"""

"""Masalah and isu strategis of each desa (and kecamatan), recorded at the Rembuk Remas.

The package, one module per job:

- :mod:`~planlib.masalah.store`: the append-only record (``masalah.sqlite``):
  :class:`MasalahStore` (catat, koreksi, batal, urung, the masalah in force), its
  columns and choices (:data:`JENIS`, :data:`SUMBER`, :data:`BIDANG_ISU` …); a stored
  time is shown by :func:`planlib.formatting.waktu` in the workspace's zone;
- :mod:`~planlib.masalah.tempat`: where a masalah belongs: :class:`Tempat`,
  :func:`resolve_tempat` and :func:`resolve_kecamatan` (a desa or kecamatan named
  by code or name), :func:`wilayah_workspace` (the code list and isu table
  alone), :class:`MasalahError`.
"""

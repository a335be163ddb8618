"""Planning documents: RPJMD targets, the pohon kinerja (performance tree) and the Renja.

Each is a plain table the Bappeda keeps in a spreadsheet;
:data:`~planlib.perencanaan.fields.TEMPLATES` documents their columns (``planlib
init`` writes them as header-only CSV files). As everywhere in planlib, headers
are found by name under any title rows, every row is either loaded or reported,
and messages are in Bahasa Indonesia.

- **target RPJMD**: one target per indicator, wilayah and year; indicator
  names are mapped to the keys of :data:`planlib.indikator.INDIKATOR` so a
  target can be drawn next to its realisation.
- **pohon kinerja**: nodes (tujuan → sasaran → program → kegiatan → sub
  kegiatan) linked by ``parent_id``; a node whose parent is missing is
  reported and left out together with its whole branch.
- **Renja**: the OPD work plan, one row per sub kegiatan with its target and
  pagu (Rupiah), optionally located in a kecamatan or desa and linked to a
  pohon kinerja node.

The package, one module per job:

- :mod:`~planlib.perencanaan.fields`: ``TEMPLATES``, the header spellings
  (``TARGET_FIELDS`` …), the loaded columns (``TARGET_COLUMNS`` …), the schemas;
- :mod:`~planlib.perencanaan.cells`: IDs, numbers, years, the default satuan; the
  table read with the file's options and finished with stable dtypes;
- :mod:`~planlib.perencanaan.target`: :func:`load_target_rpjmd`;
- :mod:`~planlib.perencanaan.pohon`: :func:`load_pohon_kinerja`;
- :mod:`~planlib.perencanaan.renja`: :func:`load_renja`.
"""

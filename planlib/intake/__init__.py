"""``planlib tambah``: take the analyst's files as they are, recognise each by its content.

The analyst hands planlib the files on the desk, in any order and with any names: a SIPD
usulan export, tables downloaded from the BPS website, a BIG desa shapefile (zipped or
not), a Dapil list, a realisasi report, the RPJMD targets, pohon kinerja or Renja.
:func:`~planlib.intake.recognise.recognise` decides what each file is **from what it holds** (its header, its title
rows, its attributes — never from its name alone) by reading it with planlib's own
loaders, and says why; :func:`~planlib.intake.register.tambah` copies each recognised file into the workspace
unchanged and writes its entry in ``planlib.toml`` (comments kept). A file that cannot be
recognised is named with the reason; nothing is guessed silently. A second usulan export
of a year that already has one is a question, not an overwrite (``ganti=True`` replaces).

Steps, one job each: :func:`~planlib.intake.recognise.recognise` (what is it?), in
:mod:`planlib.intake.recognise`; :func:`~planlib.intake.register.place` (where does it go in
the workspace, and which ``planlib.toml`` entry?) and :func:`~planlib.intake.register.tambah`
(copy and register), in :mod:`planlib.intake.register`.
"""

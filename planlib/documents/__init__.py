"""The documents a forum hands out: per-desa follow-up letters and presentation decks.

- :mod:`planlib.documents.laporan_desa`: ``planlib laporan-desa``, one printable
  letter per desa/kelurahan telling what became of each of its usulan (xlsx and PDF);
- :mod:`planlib.documents.deck`: ``planlib deck``, an editable 16:9 PowerPoint deck
  (and the same content as PDF) for a Dapil forum, Rembuk Remas or the Rakerda;
- :mod:`planlib.documents.charts`: the maps and charts of a deck as PNG (kaleido,
  or matplotlib where no browser is available);
- :mod:`planlib.documents.pdf`: the fonts, styles and tables the PDFs share.
"""

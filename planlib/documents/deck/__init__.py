"""Decks for the forum: ``planlib deck`` writes an editable 16:9 PowerPoint and the same as PDF.

A deck is first described as :class:`Deck` (:mod:`.model`) — slides with a
title, cards, one chart (:mod:`planlib.documents.charts`) and native tables —
by one builder per occasion:

- :func:`dapil_deck` (:mod:`.forum`, Forum Perangkat Daerah, ``--dapil``): a
  title slide, the Dapil map, one slide per kecamatan (its desa map, cards for
  jumlah usulan, anggaran and top isu, its top priorities by Usulan Ke and its
  usulan per OPD tujuan), the usulan per OPD tujuan of the Dapil, and the
  indicator context;
- :func:`kecamatan_deck` (:mod:`.kecamatan`, ``--kecamatan``): the same for one
  kecamatan, with its desa;
- :func:`rembuk_deck` (:mod:`.rembuk`, Rembuk Remas, ``--rembuk``): IPM, P0 and
  TPT of the kabupaten against province and Indonesia with the ranking, then
  the problems and isu per kecamatan and desa, and the sub-kabupaten
  indicators (stunting, IDM …) the workspace has;
- :func:`rakerda_deck` (:mod:`.rakerda`, ``--rakerda``): the scorecard by bidang
  and OPD (:func:`planlib.rakerda.rakerda`) and the sub kegiatan far behind.

Their shared slides are in :mod:`.pieces`. :func:`write_deck` (:mod:`.write`)
then draws the charts (kaleido, or matplotlib without a browser) and writes
the .pptx with python-pptx (:mod:`.pptx`) and the .pdf with ReportLab
(:mod:`.pdf`): both are drawn by one walk over one layout (:mod:`.layout`), so
they carry the same numbers in the same places. Every slide carries the
workspace's label ("DATA CONTOH — sintetis" on the demo) and the kabupaten's
name; text is at least 12 pt on a 13.33 × 7.5 in slide, legible on a 1280×720
projector.
"""

from __future__ import annotations

from ...rakerda import rakerda_table
from .forum import dapil_deck
from .kecamatan import kecamatan_deck
from .layout import fit_tables, paged, row_heights
from .model import Deck, DeckResult, Slide, Table
from .pieces import (
    kecamatan_slide,
    konteks_indikator,
    konteks_slide,
    per_opd_tabel,
    prioritas_tabel,
)
from .rakerda import rakerda_deck
from .rembuk import rembuk_deck
from .write import deck_files, write_deck

__all__ = ["Deck", "DeckResult", "Slide", "Table", "dapil_deck", "deck_files", "fit_tables",
           "kecamatan_deck", "kecamatan_slide", "konteks_indikator", "konteks_slide", "paged",
           "per_opd_tabel", "prioritas_tabel", "rakerda_deck", "rakerda_table", "rembuk_deck",
           "row_heights", "write_deck"]  # fmt: skip

"""Views a DPRD member can carry: one self-contained HTML file per Dapil (``planlib bagikan``).

Each file holds its data, script and styles inline, so it opens from a
phone's downloads folder or a USB stick with no network and no server:

- :mod:`.geometry` draws the kecamatan (and desa) of the Dapil as SVG paths,
  computed once in Python from the workspace's simplified display geometry;
- :mod:`.context` gathers the IPM / P0 / TPT context of the kabupaten;
- :mod:`.data` builds the payload: the usulan of every year as compact
  columns with category codes, the forum decision in force, the suggested
  OPD and *selaras*, sources and the checksum of the inputs;
- :mod:`.pokir` writes the Dapil's DPRD pokir by member (computed by
  :func:`planlib.forum.pokir.pokir_anggota`) for the *Pokir DPRD* section;
- :mod:`.page` renders the HTML (``assets/bagikan.js`` recolours the map and
  redraws the cards and the table when a filter changes) and writes the
  files and their ``index.html``.
"""

from __future__ import annotations

from .page import BagikanResult, bagikan

__all__ = ["BagikanResult", "bagikan"]

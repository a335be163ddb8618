"""Kecamatan and desa boundaries: reading, placing on codes, dissolving and display copies.

One job per module, as geopandas' ``io/`` keeps one format per file:

- :mod:`~planlib.boundaries.read`: boundary files as a Bappeda has them (SHP, GeoJSON,
  GPKG, GeoParquet, ZIP) and the layer of a level (:func:`read_layer`);
- :mod:`~planlib.boundaries.place`: each feature placed on its Kemendagri code, by code
  or by name within its kecamatan, never merged into another area (:func:`load_boundaries`);
- :mod:`~planlib.boundaries.dissolve`: kecamatan formed from desa polygons with slivers
  and gaps closed (:func:`kecamatan_from_desa`, :func:`dissolve_closed`);
- :mod:`~planlib.boundaries.display`: what the map cannot draw (:func:`unmapped`) and
  lighter copies for drawing (:func:`simplify_coverage`).
"""

from .display import simplify_coverage, unmapped, unmapped_text
from .dissolve import SLIVER_AREA_M2, SLIVER_WIDTH_M, dissolve_closed, kecamatan_from_desa
from .place import LOADER_VERSION, load_boundaries
from .read import COLUMNS, Layer, boundary_files, choose_layer, list_layers, read_layer

__all__ = [
    "COLUMNS",
    "LOADER_VERSION",
    "SLIVER_AREA_M2",
    "SLIVER_WIDTH_M",
    "Layer",
    "boundary_files",
    "choose_layer",
    "dissolve_closed",
    "kecamatan_from_desa",
    "list_layers",
    "load_boundaries",
    "read_layer",
    "simplify_coverage",
    "unmapped",
    "unmapped_text",
]

"""The loaded workspace: its tables, the report, the memo of what is derived from it.

A :class:`Workspace` is what :func:`planlib.workspace.open_workspace` returns;
it answers for the usulan of a year (:meth:`Workspace.usulan_of`), keeps
everything computed from it (:meth:`Workspace.derived`) and gives the
polygons simplified for drawing (:meth:`Workspace.display`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from .. import boundaries, cache
from ..bidang import BidangRules
from ..report import FileReport, PlanlibError, Report
from ..usulan import isu_rules as usulan_isu_rules
from ..wilayah import Wilayah
from .config import WorkspaceConfig

T = TypeVar("T")

#: What a view that needs usulan says of a workspace without any ``[usulan]`` file.
TANPA_USULAN = "Workspace ini belum punya berkas usulan ([usulan] di planlib.toml)."


@dataclass
class Workspace:
    """The loaded tables of a workspace and the report of every input file.

    Attributes
    ----------
    wilayah : Wilayah
        The code list and the name matchers of the kabupaten.
    kecamatan : GeoDataFrame
        Every kecamatan of the code list (``kode``, ``nama``, ``dapil``,
        ``geometry`` in EPSG:4326); a kecamatan without a polygon or a dapil
        is kept with an empty value.
    desa : GeoDataFrame or None
        Desa polygons (``kode``, ``nama``, ``kode_kec``) when the workspace has them.
    dapil : DataFrame
        Membership: ``dapil``, ``kode_kecamatan``, ``nama_kecamatan``.
    usulan : dict of int to DataFrame
        Usulan per planning year (columns of :data:`planlib.usulan.COLUMNS`).
    indikator : DataFrame
        The long indicator table (one row per wilayah, year, indicator, series).
    target_rpjmd, pohon_kinerja, renja : DataFrame or None
    report : Report
    realisasi : dict of int to DataFrame
        Realisasi fisik dan keuangan per budget year (columns of
        :data:`planlib.realisasi.COLUMNS`), the files of a year combined;
        empty without a ``[realisasi]`` section.
    indeks_desa : dict of int to DataFrame
        The Kemendesa IDM / Indeks Desa per year of the index (columns of
        :data:`planlib.indeks_desa.COLUMNS`); empty without an ``[indeks_desa]`` section.
    pokir : dict of int to DataFrame
        DPRD pokir per planning year (columns of :data:`planlib.pokir.COLUMNS`
        and :data:`planlib.pokir.DAPIL_COLUMNS`); empty without a ``[pokir]`` section.
    bidang_rules : BidangRules
        The bidang table in force: ``[usulan] bidang`` when it could be read,
        else planlib's ``data/bidang.csv`` (the report says why). The usulan
        loader, the Rakerda and everything else use this one.
    isu_rules : BidangRules
        The isu table in force: ``[usulan] isu`` when it could be read, else
        planlib's ``data/isu.csv`` (the report says why); the one the usulan
        loader gave the ``isu`` column with.
    """

    config: WorkspaceConfig
    wilayah: Wilayah
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame | None
    dapil: pd.DataFrame
    usulan: dict[int, pd.DataFrame]
    indikator: pd.DataFrame
    target_rpjmd: pd.DataFrame | None
    pohon_kinerja: pd.DataFrame | None
    renja: pd.DataFrame | None
    report: Report
    realisasi: dict[int, pd.DataFrame] = field(default_factory=dict)
    indeks_desa: dict[int, pd.DataFrame] = field(default_factory=dict)
    pokir: dict[int, pd.DataFrame] = field(default_factory=dict)
    bidang_rules: BidangRules = field(default_factory=BidangRules.default)
    isu_rules: BidangRules = field(default_factory=usulan_isu_rules)
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed from this workspace, computed once and kept with it.

        Every table that planlib derives from a workspace (the usulan of a year
        with dapil and isu, the fitted matcher, the lineage of all years) is
        memoised here, so it lives exactly as long as the workspace it was
        computed from: a reopened workspace starts empty, and nothing keeps an
        old workspace alive.

        Parameters
        ----------
        key : hashable
            Names the value, e.g. ``("usulan_tahun", 2026)``; include every
            argument the computation depends on.
        compute : callable
            Called without arguments the first time ``key`` is asked for.

        Returns
        -------
        object
            The memoised value (the same object on every call).
        """
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @property
    def root(self) -> Path:
        """The workspace folder."""
        return self.config.root

    @property
    def label(self) -> str | None:
        """ "DATA CONTOH — sintetis" for the demo; None for real data."""
        return self.config.label

    @property
    def tahun(self) -> list[int]:
        """The planning years that have usulan."""
        return sorted(self.usulan)

    def usulan_of(self, tahun: int) -> pd.DataFrame:
        """The usulan of planning year ``tahun`` as loaded: the one rule for a year without any.

        Parameters
        ----------
        tahun : int
            The planning year (RKPD T).

        Returns
        -------
        DataFrame
            ``usulan[tahun]``.

        Raises
        ------
        PlanlibError
            :data:`TANPA_USULAN` when the workspace has no usulan file at all, else
            a sentence naming the years it has.
        """
        usulan = self.usulan.get(int(tahun))
        if usulan is None:
            if not self.usulan:
                raise PlanlibError(TANPA_USULAN)
            ada = ", ".join(str(t) for t in self.tahun)
            raise PlanlibError(
                f"Tidak ada usulan tahun {tahun} di workspace ini (tahun tersedia: {ada})."
            )
        return usulan

    def display(self, level: str = "kecamatan") -> gpd.GeoDataFrame:
        """Simplified polygons for drawing (shared edges kept shared), cached on disk.

        The copy is keyed on what it is made of: the codes and the exact
        geometry (WKB) of the polygons being simplified and their CRS, so a
        changed code list, a replaced or altered frame, or another boundary
        file never gets the polygons of an earlier one. It is memoised on the
        workspace (:meth:`derived`) under that key as well.

        Parameters
        ----------
        level : {"kecamatan", "desa"}
            Which polygons.

        Returns
        -------
        GeoDataFrame
            The rows of ``kecamatan`` (or ``desa``) that have a polygon, with
            simplified geometry.

        Raises
        ------
        PlanlibError
            When the workspace has no polygons of that level.
        """
        frame = self.kecamatan if level == "kecamatan" else self.desa
        if frame is None:
            raise PlanlibError(f"Workspace ini tidak punya poligon {level}.")
        gdf = frame[frame.geometry.notna()]
        digest = geometry_digest(gdf)
        spec = self.config.kecamatan if level == "kecamatan" else self.config.desa

        def compute() -> gpd.GeoDataFrame:
            if spec is None:  # polygons not read from a file (a frame built in memory)
                return boundaries.simplify_coverage(gdf)
            out, _ = cache.cached(
                self.root, f"tampilan-{level}", spec.path, spec.opts, [level, digest],
                lambda: (boundaries.simplify_coverage(gdf), FileReport(str(spec.path), level)),
            )  # fmt: skip
            return out

        return self.derived(("display", level, digest), compute)


def geometry_digest(gdf: gpd.GeoDataFrame) -> str:
    """A hash of the codes, geometry (WKB) and CRS of a frame of polygons.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with a ``kode`` column (the row order counts).

    Returns
    -------
    str
        Hex SHA-256; equal for frames with equal codes, shapes and CRS.
    """
    import shapely

    h = hashlib.sha256()
    h.update(str(gdf.crs.to_string() if gdf.crs is not None else None).encode())
    codes = gdf["kode"].astype(str).tolist() if "kode" in gdf.columns else []
    h.update("\x1f".join(codes).encode("utf-8"))
    for wkb in shapely.to_wkb(gdf.geometry.values):
        h.update(b"\x1e" + (wkb or b""))
    return h.hexdigest()

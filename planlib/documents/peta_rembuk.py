"""The Rembuk Remas map of a document: desa coloured by their masalah, as the deck draws its maps.

:func:`peta_rembuk` gives a :class:`planlib.documents.charts.MapChart` — the
kind every map of the deck is — so ``planlib deck --rembuk`` (or any
document) renders it with :func:`planlib.documents.charts.render` (Plotly and
Kaleido, or matplotlib), names placed and coloured by the maps' one rule.
The counts are :func:`planlib.rembuk.per_wilayah` of the masalah in force
(:func:`planlib.rembuk.peta_masalah`), the scale's top
:func:`planlib.rembuk.scale_top`, as on the dashboard and the shared files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import rekap
from ..formatting import angka
from ..masalah import DB_NAME, MasalahStore
from ..rembuk import per_wilayah, peta_masalah, scale_top
from ..viz import maps
from .charts import MapChart

if TYPE_CHECKING:
    from ..workspace import Workspace


def peta_rembuk(ws: Workspace, tahun: int, dapil: str | None = None) -> MapChart:
    """The desa (kecamatan without desa polygons) coloured by their masalah of planning year ``tahun``.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        ``T``, the planning year of the Rembuk Remas.
    dapil : str, optional
        Only this Dapil's areas (its name as in the workspace); the whole kabupaten by default.

    Returns
    -------
    MapChart
        Titled with the year (and Dapil); a colour bar of *Jumlah masalah*
        with whole-number ticks; grey areas have no masalah recorded. A
        workspace without ``masalah.sqlite`` gets an all-grey map (the
        database is not created).
    """
    level = "desa" if ws.desa is not None and len(ws.desa) else "kecamatan"
    areas = rekap.areas(ws, level)
    if dapil is not None:
        areas = areas[areas["dapil"] == dapil]
    areas = areas[areas.geometry.notna()].reset_index(drop=True)
    m = (
        peta_masalah(ws, int(tahun), MasalahStore(ws.root))[0]
        if (ws.root / DB_NAME).exists()
        else None
    )
    if m is None or m.empty:
        fill = [maps.EMPTY_COLOR] * len(areas)
        top = 4.0
    else:
        per = per_wilayah(m, areas["kode"].astype(object), level)
        top = scale_top(per["jumlah"])
        fill = maps.colours(per["jumlah"], vmax=top).tolist()
    where = f" — {dapil}" if dapil else ""
    return MapChart(
        areas.drop(columns=["dapil"], errors="ignore") if level == "desa" else areas,
        fill,
        f"Masalah Rembuk Remas per {level}, perencanaan {int(tahun)}{where}",
        labels=level == "kecamatan" or dapil is not None,
        colorbar=(top, "Jumlah masalah", lambda v: angka(v, 0)),
        legend=[(maps.EMPTY_COLOR, "Belum ada masalah tercatat")],
    )


__all__ = ["peta_rembuk"]

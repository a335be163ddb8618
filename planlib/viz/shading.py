"""What each area of a map shows: its fill colour, its hover text, whether it is selected.

The dashboards sum usulan per area (:func:`planlib.rekap.per_wilayah`) and
hand the sums here; the result is recoloured into the figure of
:func:`planlib.viz.maps.base_map` by :func:`planlib.viz.maps.restyle`, with
the legend of :func:`planlib.viz.maps.legend_traces`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..formatting import angka, persen, rupiah
from .scales import colours

#: what a map of usulan can show per area: colour bar title and tick format
MEASURES: dict[str, tuple[str, Callable[[float], str]]] = {
    "jumlah": ("Jumlah usulan", angka),
    "anggaran": ("Anggaran", lambda x: rupiah(x, 0)),
    "isu": ("% isu", lambda x: persen(x, 0)),
}


@dataclass(frozen=True)
class Shading:
    """The state of a map's areas, in the order of the areas.

    Attributes
    ----------
    fill : list of str
        Fill colour per area (:data:`~planlib.viz.scales.EMPTY_COLOR` for none).
    hover : list of str
        Hover text per area (Plotly rich text).
    selected : list of bool or None
        Areas drawn with a selection outline; ``None`` when nothing is selected.
    vmax : float
        The top of the colour bar.
    measure : str
        What the colours show (a key of :data:`MEASURES`).
    """

    fill: list[str]
    hover: list[str]
    selected: list[bool] | None
    vmax: float
    measure: str

    @property
    def colorbar_title(self) -> str:
        """The colour bar's title for :attr:`measure`."""
        return MEASURES[self.measure][0]

    @property
    def tickformat(self) -> Callable[[float], str]:
        """The colour bar's tick labels for :attr:`measure` (Indonesian formats)."""
        return MEASURES[self.measure][1]


def usulan_areas(
    areas: pd.DataFrame,
    per: pd.DataFrame,
    *,
    ukuran: str = "jumlah",
    isu: str | None = None,
    kecamatan: str | None = None,
) -> Shading:
    """Colour and hover of a map of usulan per area (the Peta usulan).

    Parameters
    ----------
    areas : DataFrame
        The areas in the map's order: ``kode``, ``nama``, ``dapil`` (missing
        when the area has no dapil) and ``kode_kecamatan``
        (:func:`planlib.rekap.areas`).
    per : DataFrame
        Sums per area code (:func:`planlib.rekap.per_wilayah`): ``jumlah``,
        ``anggaran``, ``isu`` (percent of the chosen isu) and ``isu_teratas``.
    ukuran : {"jumlah", "anggaran", "isu"}
        What the colours show; ``"isu"`` without a chosen ``isu`` shows ``jumlah``.
    isu : str or None
        The chosen isu; its share is added to every hover text.
    kecamatan : str or None
        Code of the chosen kecamatan: its areas are outlined.

    Returns
    -------
    Shading
        Colours scaled to the largest value over all areas of ``per``.
    """
    measure = "jumlah" if ukuran == "isu" and isu is None else ukuran
    if measure not in MEASURES:
        raise ValueError(f"ukuran tidak dikenal: {ukuran!r} (jumlah, anggaran, isu)")
    values = per[measure]
    vmax = float(values.max()) if len(values) else 0.0
    fill = colours(values, vmax)
    per_area = per.reindex(areas["kode"])
    hover = []
    for nama, dap, jumlah, anggaran, share, teratas in zip(
        areas["nama"], areas["dapil"], per_area["jumlah"], per_area["anggaran"],
        per_area["isu"], per_area["isu_teratas"], strict=True,
    ):  # fmt: skip
        dap = dap if isinstance(dap, str) else "belum masuk dapil"
        lines = [f"<b>{html.escape(str(nama))}</b>", html.escape(dap),
                 f"{angka(jumlah)} usulan", rupiah(anggaran)]  # fmt: skip
        if isu:
            lines.append(f"{html.escape(isu)}: {persen(share, 1)}")
        if isinstance(teratas, str):
            lines.append(f"Isu teratas: {html.escape(teratas)}")
        if jumlah == 0:
            lines.append("<i>tidak ada usulan untuk pilihan ini</i>")
        hover.append("<br>".join(lines))
    selected = (areas["kode_kecamatan"] == kecamatan).tolist() if kecamatan else None
    return Shading(fill.tolist(), hover, selected, vmax, measure)


def dapil_areas(areas: pd.DataFrame, per: pd.DataFrame, dapil: str) -> Shading:
    """Colour and hover of a map of one dapil (the Forum Dapil): areas outside it are grey.

    Parameters
    ----------
    areas : DataFrame
        The areas in the map's order: ``kode``, ``nama``, ``dapil``.
    per : DataFrame
        ``jumlah`` and ``anggaran`` per area code, for the usulan of ``dapil``
        (:func:`planlib.rekap.per_wilayah`).
    dapil : str
        The dapil of the forum.

    Returns
    -------
    Shading
        Areas of ``dapil`` coloured by their number of usulan (the colour
        bar's top is the largest, at least 1), the others empty and named
        "di luar" the dapil; :attr:`Shading.selected` is ``None``.
    """
    inside = (areas["dapil"] == dapil).to_numpy()
    per_area = per.reindex(areas["kode"])
    jumlah = per_area["jumlah"].fillna(0).to_numpy()
    vmax = float(per["jumlah"].max() or 1) if len(per) else 1.0
    fill = colours(pd.Series(np.where(inside, jumlah, 0)), vmax)
    hover = [
        f"<b>{html.escape(str(n))}</b><br>{angka(j)} usulan<br>{rupiah(a)}"
        if ok else f"{html.escape(str(n))} (di luar {html.escape(dapil)})"
        for n, j, a, ok in zip(areas["nama"], per_area["jumlah"], per_area["anggaran"], inside, strict=True)
    ]  # fmt: skip
    return Shading(fill.tolist(), hover, None, vmax, "jumlah")

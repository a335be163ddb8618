"""The maps and charts of a deck as PNG: kaleido with the local Chromium, or matplotlib.

A chart is described once — :class:`MapChart` (areas with a fill colour
each, computed by :mod:`planlib.viz.shading` or the caller) or
:class:`BarChart` — and drawn by one of two engines with the same colours:

- ``"kaleido"``: the dashboards' own Plotly map (:func:`planlib.viz.maps.base_map`)
  written through kaleido, which drives the local Chrome/Chromium; all the
  figures of a deck go through one browser session
  (:func:`plotly.io.write_images`);
- ``"matplotlib"``: geopandas/matplotlib, for a computer without a browser.

:func:`render` with ``engine="otomatis"`` tries kaleido and falls back to
matplotlib when no browser can be started; :attr:`Rendered.engine` tells
which one drew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from ..formatting import angka
from ..viz import labels as lab
from ..viz import map_names, maps, mapview, png, scales, textcolour

Engine = Literal["otomatis", "kaleido", "matplotlib"]

#: Pixel size of a full-slide image (16:9, 1280×720 projector); maps are drawn smaller.
WIDTH, HEIGHT = 1280, 720


@dataclass
class MapChart:
    """A map of areas, each with its fill colour.

    Attributes
    ----------
    areas : GeoDataFrame
        ``kode``, ``nama``, geometry (EPSG:4326), optionally ``dapil``.
    fill : list of str
        One colour per area (``#rrggbb`` or ``rgb(r, g, b)``), in the order of ``areas``.
    title : str
    focus : list of bool, optional
        Frame these areas (all when omitted).
    selected : list of bool, optional
        Outline these areas.
    labels : bool
        Write the areas' names, placed by the maps' rule
        (:func:`planlib.viz.map_names.labels`: no collisions, black or white
        against the fill, :data:`planlib.viz.labels.SIZE_PRESENTASI` px).
    names : GeoDataFrame, optional
        The areas to name instead of ``areas`` (``kode``, ``nama``, geometry):
        the kecamatan over a map of desa.
    colorbar : (float, str, callable), optional
        ``(vmax, title, tickformat)`` of a colour bar over :data:`planlib.viz.scales.COLORSCALE`.
    legend : list of (str, str)
        ``(colour, label)`` entries (categories, "tanpa usulan").
    width, height : int
        Pixels.
    """

    areas: gpd.GeoDataFrame
    fill: list[str]
    title: str
    focus: list[bool] | None = None
    selected: list[bool] | None = None
    labels: bool = True
    colorbar: tuple[float, str, Callable[[float], str]] | None = None
    legend: list[tuple[str, str]] = field(default_factory=list)
    names: gpd.GeoDataFrame | None = None
    width: int = 760
    height: int = 620


@dataclass
class BarChart:
    """Horizontal bars, one highlighted, with reference lines.

    Attributes
    ----------
    labels : list of str
        From the top down.
    values : list of float
    title : str
    highlight : list of bool
        Bars drawn in the highlight colour (the kabupaten).
    lines : list of (float, str, str)
        ``(value, label, colour)`` vertical reference lines (province, Indonesia).
    digits : int
        Decimals of the value labels.
    start_zero : bool
        Start the axis at 0 (percentages); otherwise it starts near the
        smallest value, so that close values can be told apart (IPM).
    width, height : int
        Pixels.
    """

    labels: list[str]
    values: list[float]
    title: str
    highlight: list[bool] = field(default_factory=list)
    lines: list[tuple[float, str, str]] = field(default_factory=list)
    digits: int = 1
    start_zero: bool = False
    width: int = 760
    height: int = 620


Chart = MapChart | BarChart

HIGHLIGHT = "#c0392b"
BAR = "#9bb0d3"


@dataclass(frozen=True)
class Rendered:
    """What :func:`render` wrote: the PNGs (in the order of the charts) and the engine used."""

    paths: list[Path]
    engine: str
    note: str = ""


# --------------------------------------------------------------------------- plotly


def plotly_figure(chart: Chart) -> go.Figure:
    """The Plotly figure of ``chart`` (the dashboards' map style).

    Parameters
    ----------
    chart : MapChart or BarChart
        The chart to draw.

    Returns
    -------
    plotly.graph_objects.Figure
        The map (areas, labels, legend) or the bar chart.
    """
    if isinstance(chart, BarChart):
        return _plotly_bar(chart)
    areas = chart.areas.reset_index(drop=True)
    has_dapil = "dapil" in areas.columns
    fig = maps.base_map(areas, dapil="dapil" if has_dapil else None, label_dapil=False,
                        height=chart.height)  # fmt: skip
    maps.restyle(fig, len(areas), chart.fill, [str(n) for n in areas["nama"]], chart.selected)
    v = map_view(chart)
    if chart.labels:
        for t in map_names.labels(
            areas, v, chart.fill, names=chart.names, dapil=None, size=lab.SIZE_PRESENTASI
        ):
            fig.add_trace(t)
    for colour, text in chart.legend:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=text,
                marker={"size": 14, "color": colour, "symbol": "square",
                        "line": {"color": maps.LINE_COLOR, "width": 1}},
            )
        )  # fmt: skip
    if chart.colorbar is not None:
        vmax, title, fmt = chart.colorbar
        for t in maps.legend_traces(empty_label=None, no_dapil=False, vmax=vmax,
                                    colorbar_title=title, tickformat=fmt):  # fmt: skip
            fig.add_trace(t)
    fig.update_layout(
        width=chart.width, height=chart.height,
        title={"text": chart.title, "x": 0.01, "font": {"size": 20}},
        xaxis={"range": v.xrange}, yaxis={"range": v.yrange, "scaleratio": v.ratio},
        font={"size": 14}, margin={"l": MARGIN[0], "r": MARGIN[1], "t": MARGIN[2], "b": MARGIN[3]},
        legend={"orientation": "h", "y": 0.0, "x": 0, "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.7)"},
    )  # fmt: skip
    return fig


#: a map's margins (left, right, top, bottom) and the colour bar's width, in pixels
MARGIN = (4, 4, 50, 4)
COLORBAR_WIDTH = 110


def map_view(chart: MapChart) -> mapview.View:
    """The view of a map chart: its focus (or all its areas) fitted to the plot area.

    Parameters
    ----------
    chart : MapChart

    Returns
    -------
    planlib.viz.mapview.View
        The plot area is the chart less its margins and colour bar.
    """
    w = chart.width - MARGIN[0] - MARGIN[1] - (COLORBAR_WIDTH if chart.colorbar else 0)
    h = chart.height - MARGIN[2] - MARGIN[3]
    return maps.view(chart.areas.reset_index(drop=True), chart.focus, width=w, height=h, pad=0.05)


def _plotly_bar(chart: BarChart) -> go.Figure:
    colours = [HIGHLIGHT if h else BAR for h in _highlight(chart)]
    fig = go.Figure(
        go.Bar(
            x=chart.values[::-1], y=chart.labels[::-1], orientation="h",
            marker={"color": colours[::-1]},
            text=[angka(v, chart.digits) for v in chart.values[::-1]], textposition="outside",
        )
    )  # fmt: skip
    for value, text, colour in chart.lines:
        fig.add_vline(x=value, line={"color": colour, "dash": "dash", "width": 2},
                      annotation_text=f"{text}: {angka(value, chart.digits)}",
                      annotation_font={"size": 13, "color": colour})  # fmt: skip
    lo, hi = _range(chart)
    fig.update_layout(
        width=chart.width, height=chart.height, plot_bgcolor="white",
        title={"text": chart.title, "x": 0.01, "font": {"size": 20}}, font={"size": 14},
        margin={"l": 10, "r": 30, "t": 60, "b": 30}, xaxis={"range": [lo, hi], "gridcolor": "#eee"},
        yaxis={"automargin": True}, separators=",.", showlegend=False,
    )  # fmt: skip
    return fig


def _highlight(chart: BarChart) -> list[bool]:
    return chart.highlight or [False] * len(chart.values)


def _range(chart: BarChart) -> tuple[float, float]:
    vals = [v for v in chart.values if v == v] + [v for v, _, _ in chart.lines]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or abs(hi) or 1.0
    start = 0.0 if chart.start_zero or (lo >= 0 and lo < span * 2) else lo - span * 0.3
    return start, hi + span * 0.18


# --------------------------------------------------------------------------- matplotlib


def _rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` or ``rgb(r, g, b)`` → matplotlib's 0–1 tuple."""
    c = colour.strip()
    if c.startswith("#"):
        return tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    parts = c[c.index("(") + 1 : c.index(")")].split(",")
    r, g, b = (float(p) / 255 for p in parts[:3])
    return r, g, b


def _matplotlib_png(chart: Chart, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap, Normalize
    from matplotlib.patches import Patch

    dpi = 100
    fig, ax = plt.subplots(figsize=(chart.width / dpi, chart.height / dpi), dpi=dpi)
    try:
        ax.set_title(_plain(chart.title), loc="left", fontsize=15)
        if isinstance(chart, BarChart):
            colours = [HIGHLIGHT if h else BAR for h in _highlight(chart)]
            y = np.arange(len(chart.values))[::-1]
            ax.barh(y, chart.values, color=colours)
            ax.set_yticks(y, chart.labels, fontsize=10)
            for yi, v in zip(y, chart.values, strict=True):
                ax.text(v, yi, " " + angka(v, chart.digits), va="center", fontsize=9)
            for value, text, colour in chart.lines:
                ax.axvline(value, color=colour, linestyle="--", linewidth=1.6)
                ax.text(value, len(chart.values) - 0.4, f" {text}: {angka(value, chart.digits)}",
                        color=colour, fontsize=10, va="bottom")  # fmt: skip
            ax.set_xlim(*_range(chart))
            ax.spines[["top", "right"]].set_visible(False)
        else:
            areas = chart.areas.reset_index(drop=True)
            drawn = areas.geometry.notna().to_numpy()
            lw = [3.0 if chart.selected and chart.selected[i] else 0.6 for i in range(len(areas))]
            edge = [maps.SELECTED_COLOR if chart.selected and chart.selected[i] else maps.LINE_COLOR
                    for i in range(len(areas))]  # fmt: skip
            sub = areas[drawn]
            sub.plot(ax=ax, color=[_rgb(chart.fill[i]) for i in np.flatnonzero(drawn)],
                     edgecolor=[edge[i] for i in np.flatnonzero(drawn)],
                     linewidth=[lw[i] for i in np.flatnonzero(drawn)])  # fmt: skip
            if "dapil" in areas.columns and areas["dapil"].notna().any():
                areas[areas["dapil"].notna() & drawn].dissolve(by="dapil").boundary.plot(
                    ax=ax, color=maps.DAPIL_COLOR, linewidth=2.0
                )
            view = map_view(chart)
            if chart.labels:
                import matplotlib.patheffects as pe

                p = map_names.place_names(
                    areas, view, names=chart.names, dapil=None, size=lab.SIZE_PRESENTASI
                )
                under = map_names.under(areas, p)
                for lb, i in zip(p.labels, under, strict=True):
                    text, halo = textcolour.text_colour(chart.fill[i] if i >= 0 else "#ffffff")
                    if lb.anchor is not None:
                        ax.plot([lb.anchor[0], lb.x], [lb.anchor[1], lb.y], color="#333333", lw=0.8)
                    ax.annotate(lb.text, (lb.x, lb.y), ha="center", va="center", color=text,
                                fontsize=lb.size * 72 / dpi,
                                path_effects=[pe.withStroke(linewidth=3, foreground=halo)])  # fmt: skip
            ax.set_xlim(view.x0, view.x1)
            ax.set_ylim(view.y0, view.y1)
            ax.set_aspect(view.ratio)
            ax.set_axis_off()
            if chart.legend:
                ax.legend(handles=[Patch(facecolor=_rgb(c), edgecolor=maps.LINE_COLOR, label=t)
                                   for c, t in chart.legend],
                          loc="lower left", fontsize=9, framealpha=0.7)  # fmt: skip
            if chart.colorbar is not None:
                vmax, title, fmt = chart.colorbar
                samples = sample_colorscale(scales.COLORSCALE, np.linspace(0, 1, 64).tolist())
                cmap = ListedColormap([_rgb(str(c)) for c in samples])
                sm = plt.cm.ScalarMappable(cmap=cmap, norm=Normalize(0, vmax or 1.0))
                bar = fig.colorbar(sm, ax=ax, shrink=0.7, pad=0.01)
                ticks = [float(t) for t in np.linspace(0, vmax or 1.0, 5)]
                bar.set_ticks(ticks, labels=[fmt(t) for t in ticks])
                bar.set_label(title)
        fig.tight_layout()
        fig.savefig(path, dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)


def _plain(text: str) -> str:
    """Plotly title markup (``<br>``, ``<b>``) as plain text for matplotlib."""
    import re

    return re.sub(r"<[^>]+>", "", text.replace("<br>", "\n"))


# --------------------------------------------------------------------------- render


def render(
    charts: Sequence[Chart],
    folder: Path,
    *,
    engine: Engine = "otomatis",
    stem: str = "gambar",
) -> Rendered:
    """Write each chart as ``folder/<stem>-<i>.png``.

    Parameters
    ----------
    charts : sequence of MapChart or BarChart
    folder : Path
        Created when missing.
    engine : {"otomatis", "kaleido", "matplotlib"}
        ``"otomatis"`` tries kaleido and falls back to matplotlib when no
        browser can be started; ``"kaleido"`` raises instead.
    stem : str
        File name prefix.

    Returns
    -------
    Rendered
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}-{i}.png" for i in range(1, len(charts) + 1)]
    if not charts:
        return Rendered(paths, engine if engine != "otomatis" else "kaleido")
    note = ""
    if engine in ("otomatis", "kaleido"):
        try:
            _kaleido(charts, paths)
            return Rendered(paths, "kaleido")
        except Exception as e:  # noqa: BLE001 - kaleido reports a missing browser in many ways
            if engine == "kaleido":
                from ..report import PlanlibError

                raise PlanlibError(
                    f"Gambar tidak dapat dibuat dengan kaleido ({type(e).__name__}: {e}). kaleido "
                    "membutuhkan Google Chrome atau Chromium; pakai --gambar matplotlib."
                ) from e
            note = f"kaleido tidak tersedia ({type(e).__name__}); gambar dibuat dengan matplotlib"
    for chart, path in zip(charts, paths, strict=True):
        _matplotlib_png(chart, path)
    return Rendered(paths, "matplotlib", note)


def _kaleido(charts: Sequence[Chart], paths: list[Path]) -> None:
    figs = [plotly_figure(c) for c in charts]
    png.write_pngs(figs, paths, width=[c.width for c in charts],
                   height=[c.height for c in charts])  # fmt: skip


def categorical(values: Sequence[Any], palette: Sequence[str] | None = None) -> dict[Any, str]:
    """A colour per distinct value (in order of first appearance), colour-blind-safe palette.

    Parameters
    ----------
    values : sequence
        The values to colour; None and NaN get no colour.
    palette : sequence of str, optional
        The colours, reused in turn when there are more values; :data:`PALETTE` by default.

    Returns
    -------
    dict
        Each distinct value → its colour (hex string).
    """
    pal = list(palette or PALETTE)
    out: dict[Any, str] = {}
    for v in values:
        if v is not None and v == v and v not in out:
            out[v] = pal[len(out) % len(pal)]
    return out


#: Okabe–Ito's colour-blind-safe palette, then a few of Paul Tol's muted colours.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#332288", "#88CCEE", "#44AA99", "#999933", "#AA4499")  # fmt: skip

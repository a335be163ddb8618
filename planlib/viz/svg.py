"""A map figure as static SVG: the first paint of a dashboard, before Plotly has loaded.

In Chromium on a two-core machine a Voilà page needs 4–6 s before Plotly has
drawn its first figure: the page loads JupyterLab's widget manager, connects
to the kernel, then evaluates Plotly's 4.8 MB bundle and draws. The maps of
:mod:`planlib.viz.maps` are plain filled ``scatter`` traces in lon/lat, so the
same figure can be written as SVG on the server in a few milliseconds and sent
inside the page itself (see :mod:`planlib.dashboards.first_paint`).

Why not kaleido? It starts a Chromium per call (seconds, ~200 MB), which would
slow down the cold kernel the first paint is meant to speed up.

Only what :func:`planlib.viz.maps.base_map` and
:func:`planlib.viz.maps.legend_traces` produce is drawn: filled and outline
``scatter`` traces, text labels, markers, legend entries and the colour bar.
:func:`map_svg` returns ``None`` for any other figure (bar charts, heatmaps), so
the caller can show a placeholder instead of a wrong picture.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from plotly.colors import get_colorscale

from .textcolour import luminance

DASHES = {"dot": "2 3", "dash": "6 4", "dashdot": "6 3 2 3", "longdash": "10 4"}
_TAGS = re.compile(r"<[^>]+>")


def plain(text: object) -> str:
    r"""Plotly's rich text (``<b>``, ``<br>``) as plain text with line breaks.

    Parameters
    ----------
    text : object
        A trace's ``text`` or a title (``None`` gives ``""``).

    Returns
    -------
    str
        The text without tags, HTML entities decoded.

    Examples
    --------
    >>> plain("<b>Dapil 1</b><br>12 usulan &amp; 3 desa")
    'Dapil 1\n12 usulan & 3 desa'
    """
    s = str(text or "").replace("<br>", "\n").replace("<br />", "\n")
    return html.unescape(_TAGS.sub("", s))


def values(v: object) -> list:
    """A trace's array as a list: plain JSON, or Plotly's typed array ``{"dtype", "bdata"}``.

    Parameters
    ----------
    v : object
        A trace property of :func:`planlib.viz.figures.figure_json`'s output:
        a list, a typed array (base64 ``bdata``, ``dtype`` and perhaps
        ``shape``), a single value or ``None``.

    Returns
    -------
    list
        The values (nested lists for a typed array with a ``shape``); ``[]``
        for ``None``, ``[v]`` for a single value.

    Examples
    --------
    >>> values({"dtype": "i1", "bdata": "AQID"})
    [1, 2, 3]
    >>> values(None), values(5)
    ([], [5])
    """
    if isinstance(v, dict) and "bdata" in v:
        import base64

        import numpy as np

        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return arr.reshape(v["shape"]).tolist() if "shape" in v else arr.tolist()
    if v is None:
        return []
    return list(v) if isinstance(v, list | tuple) else [v]


def _parts(xs: Sequence, ys: Sequence) -> Iterator[list[tuple[float, float]]]:
    """Runs of points between ``None`` separators."""
    run: list[tuple[float, float]] = []
    for x, y in zip(xs, ys, strict=False):
        if x is None or y is None:
            if run:
                yield run
            run = []
        else:
            run.append((float(x), float(y)))
    if run:
        yield run


def _is_map(spec: dict) -> bool:
    lay = spec.get("layout", {})
    ok_axes = (lay.get("xaxis") or {}).get("visible") is False and "range" in (
        lay.get("yaxis") or {}
    )
    return ok_axes and all(t.get("type", "scatter") == "scatter" for t in spec.get("data", []))


def _colorbar(trace: dict) -> str:
    marker = trace.get("marker") or {}
    scale = marker.get("colorscale") or "Cividis_r"
    stops = get_colorscale(scale) if isinstance(scale, str) else scale
    grad = ", ".join(f"{c} {float(p) * 100:.0f}%" for p, c in stops)
    bar = marker.get("colorbar") or {}
    ticks = [html.escape(str(t)) for t in bar.get("ticktext") or []]
    title = plain((bar.get("title") or {}).get("text", ""))
    labels = "".join(f"<span>{t}</span>" for t in ticks)
    return (
        "<div class='planlib-svg-skala'>"
        f"<div class='judul'>{html.escape(title)}</div>"
        f"<div class='bar' style='background:linear-gradient(to right, {grad})'></div>"
        f"<div class='tick'>{labels}</div></div>"
    )


def _legend_entry(trace: dict) -> str:
    name = html.escape(plain(trace.get("name", "")))
    if trace.get("mode") == "lines":
        line = trace.get("line") or {}
        dash = line.get("dash")
        style = "dotted" if dash in ("dot", "dashdot") else "dashed" if dash else "solid"
        width = max(2, round(float(line.get("width", 2))))
        sym = f"<span style='display:inline-block;width:26px;border-top:{width}px {style} {line.get('color', '#000')};vertical-align:middle'></span>"
    else:
        m = trace.get("marker") or {}
        border = (m.get("line") or {}).get("color", "#666")
        sym = f"<span style='display:inline-block;width:13px;height:13px;background:{m.get('color', '#eee')};border:1px solid {border};vertical-align:middle'></span>"
    return f"<span class='planlib-svg-legenda'>{sym} {name}</span>"


def map_svg(spec: dict) -> str | None:
    """HTML (title, inline SVG, legend, colour bar) of a map figure, or ``None`` if not a map.

    Parameters
    ----------
    spec : dict
        The figure as JSON-ready dict (``json.loads(fig.to_json())``).

    Returns
    -------
    str or None
        A self-contained HTML fragment; every area has its hover text as a
        ``<title>`` tooltip. ``None`` when the figure is not one of planlib's maps.
    """
    if not _is_map(spec):
        return None
    lay = spec["layout"]
    x0, x1 = lay["xaxis"]["range"]
    y0, y1 = lay["yaxis"]["range"]
    ratio = float(lay["yaxis"].get("scaleratio", 1.0))
    if x1 <= x0 or y1 <= y0:
        return None
    px_height = int(lay.get("height") or 560) - 60
    # user units are pixels when the drawing fills its height (the usual case on a projector)
    s = px_height / ((y1 - y0) * ratio)
    width = (x1 - x0) * s

    def pt(x: float, y: float) -> str:
        return f"{(x - x0) * s:.1f},{(y1 - y) * ratio * s:.1f}"

    shapes: list[str] = []
    legend: list[str] = []
    bar = ""
    for t in spec.get("data", []):
        xs, ys = values(t.get("x")), values(t.get("y"))
        mode = t.get("mode", "lines")
        marker = t.get("marker") or {}
        if marker.get("showscale"):
            bar = _colorbar(t)
        if all(v is None for v in xs):  # legend-only entry
            if t.get("showlegend", True) is not False and t.get("name"):
                legend.append(_legend_entry(t))
            continue
        line = t.get("line") or {}
        if "lines" in mode or t.get("fill") == "toself":
            d = " ".join("M" + " L".join(pt(x, y) for x, y in run) + ("Z" if t.get("fill") == "toself" else "") for run in _parts(xs, ys))  # fmt: skip
            fill = t.get("fillcolor", "none") if t.get("fill") == "toself" else "none"
            dash = DASHES.get(line.get("dash", ""), "")
            tip = "" if t.get("hoverinfo") == "skip" else f"<title>{html.escape(plain(t.get('text', t.get('name', ''))))}</title>"  # fmt: skip
            shapes.append(
                f"<path d='{d}' fill='{fill}' stroke='{line.get('color', '#666')}' "
                f"stroke-width='{line.get('width', 1)}' stroke-linejoin='round'"
                + (f" stroke-dasharray='{dash}'" if dash else "")
                + f">{tip}</path>"
            )
        if "markers" in mode:
            size = float(marker.get("size", 6)) / 2
            for x, y in zip(xs, ys, strict=False):
                if x is not None and y is not None:
                    cx, cy = pt(x, y).split(",")
                    shapes.append(f"<circle cx='{cx}' cy='{cy}' r='{size}' fill='{marker.get('color', '#222')}'/>")  # fmt: skip
        if "text" in mode:
            font = t.get("textfont") or {}
            below = "bottom" in str(t.get("textposition", ""))
            texts = t.get("text")
            texts = values(texts) if isinstance(texts, list | dict) else [texts] * len(xs)
            sizes = font.get("size", 12)
            sizes = values(sizes) if isinstance(sizes, list | dict) else [sizes] * len(xs)
            colour = str(font.get("color", "#222"))
            # the halo is the other of black and white (planlib.viz.textcolour.text_colour)
            halo = "#000" if luminance(colour) > 0.5 else "#fff"
            for x, y, txt, size in zip(xs, ys, texts, sizes, strict=False):
                if x is None or y is None:
                    continue
                cx, cy = pt(x, y).split(",")
                weight = " font-weight='bold'" if "<b>" in str(txt) else ""
                size = float(size or 12)
                dy = size + 2 if below else size / 3
                shapes.append(
                    f"<text x='{cx}' y='{float(cy) + dy:.1f}' text-anchor='middle' font-size='{size:g}' "
                    f"fill='{colour}'{weight} "
                    f"paint-order='stroke' stroke='{halo}' stroke-width='3'>{html.escape(plain(txt))}</text>"
                )  # fmt: skip
    title = (lay.get("title") or {}).get("text", "")
    svg = (
        f"<svg class='planlib-svg-peta' viewBox='0 0 {width:.0f} {px_height}' width='100%' "
        f"height='{px_height}' preserveAspectRatio='xMidYMid meet' role='img' "
        f"aria-label='{html.escape(plain(title))}' font-family='sans-serif'>{''.join(shapes)}</svg>"
    )
    head = f"<div class='planlib-svg-judul'>{html.escape(plain(title))}</div>" if title else ""
    foot = f"<div class='planlib-svg-bawah'>{''.join(legend)}{bar}</div>"
    return f"<div class='planlib-svg'>{head}{svg}{foot}</div>"


CSS = """
.planlib-svg{font-family:sans-serif;width:100%}
.planlib-svg-judul{font-size:16px;margin:8px 0 4px 10px}
.planlib-svg-bawah{display:flex;flex-wrap:wrap;gap:6px 20px;align-items:flex-end;font-size:13px;margin:4px 10px}
.planlib-svg-skala{min-width:260px}
.planlib-svg-skala .bar{height:12px;border:1px solid #999}
.planlib-svg-skala .tick{display:flex;justify-content:space-between;font-size:11px;color:#333}
.planlib-svg-skala .judul{font-size:12px;color:#333}
"""

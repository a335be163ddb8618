"""Where a map's names go, and in which colour: one rule for every map planlib draws.

A map is a *view*: longitude/latitude ranges drawn into a frame of
``width`` × ``height`` pixels (:class:`View`, fitted to the areas' bounds
and the frame's aspect by :func:`fit`). Names are placed in that pixel
space by :func:`place`, a pure function:

- each name gets a box (its estimated text width × line height) at the first
  candidate point that keeps the box inside the frame and clear of every box
  already placed: first points where the whole box lies inside its area
  (the pole of inaccessibility first, then a grid of points inside the area,
  nearest first), then points where only the box's centre does;
- a name that does not fit is tried shorter (:func:`abbreviations`:
  ``Utara`` → ``Ut.``, then cut with a full stop); an area name that still
  does not fit goes beside the map, in white space to the left or right of
  its area, with a leader line to it (when ``obstacles``, the drawn map, is
  given); otherwise it is left out and :attr:`Placement.left_out` lists it,
  for a line under the map;
- items are placed in the order given: the callers give kecamatan (or desa)
  names first, smallest area first (they have the fewest places to go), and
  the Dapil names last, so a Dapil name only appears where it collides with
  no kecamatan name.

Text is black or white, whichever contrasts more with the fill under it
(:func:`text_colour`; for any fill the better of the two gives at least
4.58:1, above WCAG's 4.5:1), with a halo of the other colour. A name's box
may span several fills (a kecamatan name over desa of different values):
:func:`name_colour` chooses against every fill under the box, and where no
colour suits them all, draws the name black on a light plate. :data:`SIZE` is the size in a
dashboard, :data:`SIZE_PRESENTASI` the size for a hall (slides, presentation
mode).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

#: label size in pixels in a dashboard, and in presentation mode / on slides
SIZE = 13
SIZE_PRESENTASI = 17
#: average advance of a sans-serif character, as a share of the font size (bold a bit wider)
CHAR_WIDTH = 0.6
BOLD_WIDTH = 0.66
#: line box height, as a share of the font size
LINE_HEIGHT = 1.25
#: pixels kept free around every label box
GAP = 3.0
#: how many grid points are tried inside an area
CANDIDATES = 48

DARK = "#000000"
LIGHT = "#ffffff"

_DIRECTIONS = {
    "utara": "Ut.", "selatan": "Sel.", "timur": "Tim.", "barat": "Bar.", "tengah": "Teng.",
    "kepulauan": "Kep.", "kecamatan": "Kec.", "kota": "Kt.",
}  # fmt: skip


@dataclass(frozen=True)
class View:
    """Longitude/latitude ranges drawn into a frame of pixels (x to the right, y downwards).

    Attributes
    ----------
    x0, x1 : float
        The longitude range.
    y0, y1 : float
        The latitude range.
    width, height : float
        The frame in pixels; the ranges have the frame's aspect (see :func:`fit`).
    ratio : float
        Pixels of one degree of latitude per pixel of one degree of longitude
        (``1 / cos(middle latitude)``, Plotly's ``yaxis.scaleratio``).
    """

    x0: float
    x1: float
    y0: float
    y1: float
    width: float
    height: float
    ratio: float

    @property
    def scale(self) -> float:
        """Pixels per degree of longitude."""
        return self.width / (self.x1 - self.x0)

    @property
    def xrange(self) -> list[float]:
        """``[x0, x1]`` for Plotly's ``xaxis.range``."""
        return [self.x0, self.x1]

    @property
    def yrange(self) -> list[float]:
        """``[y0, y1]`` for Plotly's ``yaxis.range``."""
        return [self.y0, self.y1]

    def px(self, x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates of longitude ``x``, latitude ``y``.

        Parameters
        ----------
        x, y : array-like or float
            Degrees.

        Returns
        -------
        tuple of ndarray
            Pixels from the frame's left and top edges.
        """
        s = self.scale
        return (np.asarray(x, float) - self.x0) * s, (
            self.y1 - np.asarray(y, float)
        ) * s * self.ratio

    def lonlat(
        self, px: np.ndarray | float, py: np.ndarray | float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude of pixel ``(px, py)`` (the inverse of :meth:`px`).

        Parameters
        ----------
        px, py : array-like or float
            Pixels from the frame's left and top edges.

        Returns
        -------
        tuple of ndarray
            Degrees.
        """
        s = self.scale
        return self.x0 + np.asarray(px, float) / s, self.y1 - np.asarray(py, float) / (
            s * self.ratio
        )

    def filled(self, bounds: Sequence[float]) -> tuple[float, float]:
        """The share of the frame's width and height that ``bounds`` cover.

        Parameters
        ----------
        bounds : sequence of float
            ``(minx, miny, maxx, maxy)`` in degrees.

        Returns
        -------
        tuple of float
            ``(share of width, share of height)``, each between 0 and 1 when
            the bounds are inside the view.
        """
        minx, miny, maxx, maxy = (float(b) for b in bounds)
        (ax, bx), (ay, by) = self.px(np.array([minx, maxx]), np.array([maxy, miny]))
        return float(bx - ax) / self.width, float(by - ay) / self.height


def ratio_at(lat: float) -> float:
    """Plotly's ``yaxis.scaleratio`` at latitude ``lat``: ``1 / cos(lat)`` (at most 5).

    Parameters
    ----------
    lat : float
        Degrees.

    Returns
    -------
    float

    Examples
    --------
    >>> ratio_at(0.0)
    1.0
    """
    return 1 / max(math.cos(math.radians(lat)), 0.2)


def fit(
    bounds: Sequence[float],
    width: float,
    height: float,
    *,
    pad: float = 0.04,
    ratio: float | None = None,
) -> View:
    """The view that shows ``bounds`` as large as the frame allows, centred.

    The ranges are widened in the direction the shape does not fill, so
    their aspect is the frame's: a tall kabupaten fills the frame's height, a
    wide one its width (Plotly then draws exactly these ranges).

    Parameters
    ----------
    bounds : sequence of float
        ``(minx, miny, maxx, maxy)`` in degrees (e.g. ``total_bounds``).
    width, height : float
        The frame in pixels.
    pad : float
        Margin on every side, as a share of the frame.
    ratio : float, optional
        ``yaxis.scaleratio``; by default :func:`ratio_at` the middle of ``bounds``.

    Returns
    -------
    View
        The shape spans ``1 - 2 * pad`` of the frame in at least one dimension.

    Examples
    --------
    >>> v = fit((0, 0, 2, 1), 400, 400, pad=0, ratio=1.0)
    >>> v.xrange, v.yrange
    ([0.0, 2.0], [-0.5, 1.5])
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not all(math.isfinite(b) for b in (minx, miny, maxx, maxy)):
        minx, miny, maxx, maxy = 0.0, 0.0, 1.0, 1.0
    r = ratio if ratio is not None else ratio_at((miny + maxy) / 2)
    dx = max(maxx - minx, 1e-6)
    dy = max(maxy - miny, 1e-6)
    inner_w, inner_h = width * (1 - 2 * pad), height * (1 - 2 * pad)
    s = min(inner_w / dx, inner_h / (dy * r))  # pixels per degree of longitude
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_x, half_y = width / s / 2, height / (s * r) / 2
    return View(cx - half_x, cx + half_x, cy - half_y, cy + half_y, float(width), float(height), r)


def frame_height(bounds: Sequence[float], width: float, *, lo: float = 420, hi: float = 640) -> int:
    """A frame height that suits the shape: its aspect at ``width``, within ``lo``–``hi``.

    Parameters
    ----------
    bounds : sequence of float
        ``(minx, miny, maxx, maxy)`` in degrees.
    width : float
        The frame's width in pixels.
    lo, hi : float
        The smallest and largest height.

    Returns
    -------
    int
        Pixels.

    Examples
    --------
    >>> frame_height((0, 0, 4, 1), 1000), frame_height((0, 0, 1, 4), 1000)
    (420, 640)
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not all(math.isfinite(b) for b in (minx, miny, maxx, maxy)) or maxx <= minx:
        return int(lo)
    aspect = (maxy - miny) * ratio_at((miny + maxy) / 2) / (maxx - minx)
    return int(round(min(max(width * aspect, lo), hi)))


def frame_size(
    bounds: Sequence[float],
    *,
    max_width: float = 1100,
    min_width: float = 560,
    lo: float = 420,
    hi: float = 640,
) -> tuple[int, int]:
    """A frame that suits the shape: as tall as :func:`frame_height`, no wider than the shape needs.

    Parameters
    ----------
    bounds : sequence of float
        ``(minx, miny, maxx, maxy)`` in degrees.
    max_width, min_width : float
        The widest and narrowest frame in pixels.
    lo, hi : float
        The lowest and highest frame.

    Returns
    -------
    tuple of int
        ``(width, height)`` in pixels; a square shape gets a square frame, a
        wide one the full width, a tall one the full height and a narrower
        frame.

    Examples
    --------
    >>> frame_size((0, 0, 1, 1))
    (640, 640)
    >>> frame_size((0, 0, 4, 1))
    (1100, 420)
    """
    h = frame_height(bounds, max_width, lo=lo, hi=hi)
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not all(math.isfinite(b) for b in (minx, miny, maxx, maxy)) or maxy <= miny:
        return int(max_width), h
    aspect = (maxy - miny) * ratio_at((miny + maxy) / 2) / max(maxx - minx, 1e-9)
    w = min(max(h / aspect, min_width), max_width)
    return int(round(w)), h


# --------------------------------------------------------------------------- colour


def _rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``#rgb`` or ``rgb(r, g, b)`` as 0–255 floats."""
    c = colour.strip().lower()
    if c.startswith("#"):
        h = c[1:]
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        return float(int(h[0:2], 16)), float(int(h[2:4], 16)), float(int(h[4:6], 16))
    nums = re.findall(r"[\d.]+", c)
    if c.startswith("rgb") and len(nums) >= 3:
        return float(nums[0]), float(nums[1]), float(nums[2])
    if c == "white":
        return 255.0, 255.0, 255.0
    if c == "black":
        return 0.0, 0.0, 0.0
    raise ValueError(f"warna tidak dikenal: {colour!r}")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a CSS colour (``#rrggbb`` or ``rgb(…)``).

    Parameters
    ----------
    colour : str

    Returns
    -------
    float
        0 (black) to 1 (white).

    Examples
    --------
    >>> luminance("#ffffff"), luminance("rgb(0, 0, 0)")
    (1.0, 0.0)
    """

    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(colour)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours.

    Parameters
    ----------
    a, b : str
        CSS colours.

    Returns
    -------
    float
        1 (same luminance) to 21 (black on white).

    Examples
    --------
    >>> round(contrast("#000", "#fff"), 1)
    21.0
    """
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(fill: str) -> tuple[str, str]:
    """The text colour for a name on ``fill``, and its halo.

    Parameters
    ----------
    fill : str
        The colour under the name.

    Returns
    -------
    tuple of (str, str)
        ``(text, halo)``: black on a light fill with a white halo, white on a
        dark one with a black halo. The text's contrast with ``fill`` is at
        least 4.58:1 for any fill.

    Examples
    --------
    >>> text_colour("#fde725"), text_colour("rgb(0, 34, 78)")
    (('#000000', '#ffffff'), ('#ffffff', '#000000'))
    """
    if contrast(DARK, fill) >= contrast(LIGHT, fill):
        return DARK, LIGHT
    return LIGHT, DARK


#: the contrast a name needs with what lies under it (WCAG 2, normal text)
MIN_CONTRAST = 4.5
#: the opacity of the light plate under a name whose box spans fills no one text colour suits:
#: black on it keeps at least 7:1 even over black (the plate over ``#000`` is ``rgb(153, 153, 153)``)
PLATE_ALPHA = 0.6


@dataclass(frozen=True)
class NameColour:
    """How a name is drawn over the fills under its box (:func:`name_colour`).

    Attributes
    ----------
    text, halo : str
        The text's colour and its halo's.
    plate : str or None
        An ``rgba()`` light plate drawn under the name, when no text colour
        reaches :data:`MIN_CONTRAST` on every fill under its box; else None.
    under : str
        What lies under the text at its worst: the fill (or the plate over the
        fill) the text contrasts least with.
    """

    text: str
    halo: str
    plate: str | None
    under: str


def blend(top: str, alpha: float, bottom: str) -> str:
    """``top`` at opacity ``alpha`` over ``bottom``, as the page composes them.

    Parameters
    ----------
    top, bottom : str
        CSS colours.
    alpha : float
        The opacity of ``top``, 0 to 1.

    Returns
    -------
    str
        ``"rgb(r, g, b)"``.

    Examples
    --------
    >>> blend("#ffffff", 0.6, "#000000")
    'rgb(153, 153, 153)'
    """
    t, b = _rgb(top), _rgb(bottom)
    r, g, bl = (round(alpha * x + (1 - alpha) * y) for x, y in zip(t, b, strict=True))
    return f"rgb({r}, {g}, {bl})"


def name_colour(fills: Sequence[str]) -> NameColour:
    """The colour of a name over every fill under its box: the rule of every map's names.

    Black or white, whichever keeps the better worst contrast over the fills
    (for one fill this is :func:`text_colour`); when neither reaches
    :data:`MIN_CONTRAST` on all of them (a kecamatan name across desa of
    light and dark fills), the name is black on a light plate
    (:data:`PLATE_ALPHA`), which keeps it readable over any fill.

    Parameters
    ----------
    fills : sequence of str
        The fills under the name's box (the paper's white where the box leaves
        the map); none counts as white paper.

    Returns
    -------
    NameColour

    Examples
    --------
    >>> name_colour(["#fde725"]).text, name_colour(["#fde725"]).plate
    ('#000000', None)
    >>> name_colour(["#ffffff", "#000000"]).plate
    'rgba(255, 255, 255, 0.6)'
    """
    under = list(fills) or [LIGHT]
    options = []
    for text, halo in ((DARK, LIGHT), (LIGHT, DARK)):
        c, worst = min((contrast(text, f), f) for f in under)
        options.append((c, text, halo, worst))
    # black first on a tie, as text_colour
    c, text, halo, worst = options[1] if options[1][0] > options[0][0] else options[0]
    if c >= MIN_CONTRAST:
        return NameColour(text, halo, None, worst)
    _, worst = min((contrast(DARK, p), p) for p in (blend(LIGHT, PLATE_ALPHA, f) for f in under))
    return NameColour(DARK, LIGHT, f"rgba(255, 255, 255, {PLATE_ALPHA:g})", worst)


def halo_shadow(halo: str, width: float = 1.5) -> str:
    """A CSS ``text-shadow`` drawing a halo of ``width`` pixels around text (Plotly's ``textfont.shadow``).

    Parameters
    ----------
    halo : str
        The halo's colour.
    width : float
        Pixels.

    Returns
    -------
    str
        Eight offset copies (the four sides and corners) without blur.
    """
    w = f"{width:g}px"
    n = f"-{width:g}px"
    offsets = [(w, "0"), (n, "0"), ("0", w), ("0", n), (w, w), (n, n), (w, n), (n, w)]
    return ", ".join(f"{x} {y} 0 {halo}" for x, y in offsets)


# --------------------------------------------------------------------------- placement


@dataclass(frozen=True)
class Item:
    """A name to place.

    Attributes
    ----------
    key : str
        What it names (a kode, a dapil name).
    text : str
        The full name.
    geometry : shapely geometry
        The area, in degrees.
    kind : str
        ``"area"`` or ``"dapil"`` (drawn bold).
    size : float
        Font size in pixels.
    """

    key: str
    text: str
    geometry: BaseGeometry
    kind: str = "area"
    size: float = SIZE


@dataclass(frozen=True)
class Label:
    """A placed name: where its text's centre goes, and its box in pixels."""

    key: str
    text: str
    full: str
    kind: str
    size: float
    x: float
    y: float
    box: tuple[float, float, float, float]
    #: where the leader line starts (a point in the area) when the name sits outside it
    anchor: tuple[float, float] | None = None

    @property
    def bold(self) -> bool:
        """Dapil names are bold."""
        return self.kind == "dapil"


@dataclass(frozen=True)
class Placement:
    """The result of :func:`place`.

    Attributes
    ----------
    labels : list of Label
        The names drawn, in the order placed.
    left_out : list of Item
        The names that did not fit anywhere (list them under the map).
    view : View
    """

    labels: list[Label]
    left_out: list[Item]
    view: View
    shortened: list[str] = field(default_factory=list)

    def left_out_names(self, kind: str = "area") -> list[str]:
        """The full names of the items of ``kind`` left out, for the note under the map.

        Parameters
        ----------
        kind : str
            ``"area"`` or ``"dapil"``.

        Returns
        -------
        list of str
        """
        return [i.text for i in self.left_out if i.kind == kind]


def abbreviations(name: str) -> list[str]:
    """Shorter forms of ``name``, longest first (the name itself not included).

    Parameters
    ----------
    name : str

    Returns
    -------
    list of str
        Directions abbreviated (``Utara`` → ``Ut.``), then the first word cut
        to 5 letters and a full stop; forms no shorter than the one before
        are left out.

    Examples
    --------
    >>> abbreviations("Banjarmasin Utara")
    ['Banjarmasin Ut.', 'Banja.']
    >>> abbreviations("Ona")
    []
    """
    out: list[str] = []
    words = name.split()
    short = " ".join(_DIRECTIONS.get(wd.lower(), wd) for wd in words)
    if len(short) < len(name):
        out.append(short)
    cut = _cut(name)
    last = out[-1] if out else name
    if len(cut) < len(last) and cut not in out:
        out.append(cut)
    return out


def _cut(name: str) -> str:
    """The first word cut to 5 letters and a full stop (or followed by ``…``)."""
    words = name.split()
    first = words[0] if words else name
    cut = first[:5] + "." if len(first) > 6 else first
    return first + "…" if len(words) > 1 and cut == first else cut


def text_box(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """The estimated width and height in pixels of ``text`` at ``size`` (sans-serif).

    Parameters
    ----------
    text : str
    size : float
        Font size in pixels.
    bold : bool

    Returns
    -------
    tuple of float
        ``(width, height)``, halo included.
    """
    per = BOLD_WIDTH if bold else CHAR_WIDTH
    return len(text) * size * per + 4, size * LINE_HEIGHT


def _candidates(geom: BaseGeometry, view: View, step: float) -> np.ndarray:
    """Candidate centres in pixels: the pole of inaccessibility, a point on surface, then a grid, nearest first."""
    parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
    pts: list[tuple[float, float]] = []
    for part in parts[:3]:
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        try:
            pole = polylabel(part, tolerance=max(part.length / 400, 1e-6))
        except Exception:  # noqa: BLE001 - degenerate ring; the point on surface is enough
            pole = part.representative_point()
        pts.append((pole.x, pole.y))
        rp = part.representative_point()
        pts.append((rp.x, rp.y))
    if not pts:
        return np.empty((0, 2))
    minx, miny, maxx, maxy = geom.bounds
    (ax, bx), (ay, by) = view.px(np.array([minx, maxx]), np.array([maxy, miny]))
    nx = int(min(max((bx - ax) / step, 1), 12))
    ny = int(min(max((by - ay) / step, 1), 12))
    gx, gy = np.meshgrid(np.linspace(ax, bx, nx + 2)[1:-1], np.linspace(ay, by, ny + 2)[1:-1])
    lon, lat = view.lonlat(gx.ravel(), gy.ravel())
    inside = shapely.contains_xy(geom, lon, lat)
    first = np.column_stack(view.px(np.array([p[0] for p in pts]), np.array([p[1] for p in pts])))
    grid = np.column_stack([gx.ravel()[inside], gy.ravel()[inside]])
    if len(grid):
        d = np.hypot(grid[:, 0] - first[0, 0], grid[:, 1] - first[0, 1])
        grid = grid[np.argsort(d, kind="stable")][:CANDIDATES]
    return np.vstack([first, grid])


def place(items: Sequence[Item], view: View, obstacles: BaseGeometry | None = None) -> Placement:
    """Place ``items`` in ``view`` without overlaps, in the order given (see the module docstring).

    Parameters
    ----------
    items : sequence of Item
        The names, most important first.
    view : View
        The frame.
    obstacles : shapely geometry, optional
        The drawn map (union of its areas): a name that fits nowhere inside
        its area may go where its box touches none of it, with a leader line.

    Returns
    -------
    Placement
        Every item is either in :attr:`Placement.labels` (perhaps shortened)
        or in :attr:`Placement.left_out`; no two label boxes (grown by
        :data:`GAP`) overlap and every box lies inside the frame.
    """
    placed: list[tuple[float, float, float, float]] = []
    labels: list[Label] = []
    left_out: list[Item] = []
    shortened: list[str] = []
    leaders: list[BaseGeometry] = []  # leader lines drawn so far, in pixels
    frame = shapely.box(*view.lonlat(0, view.height), *view.lonlat(view.width, 0))
    for item in items:
        geom = item.geometry
        if geom is None or geom.is_empty:
            left_out.append(item)
            continue
        geom = shapely.intersection(geom, frame) if not frame.contains(geom) else geom
        if geom.is_empty:
            continue  # outside the view: neither drawn nor missing
        bold = item.kind == "dapil"
        cands = _candidates(geom, view, step=item.size * 1.5)
        shorter = abbreviations(item.text)
        cut = _cut(item.text) if _cut(item.text) in shorter else None
        forms = [item.text, *(f for f in shorter if f != cut)]
        done, text, anchor = None, item.text, None
        for text in forms:
            w, h = text_box(text, item.size, bold)
            done = _first_fit(cands, w, h, geom, view, placed, leaders)
            if done is not None:
                break
        if done is None and obstacles is not None and item.kind == "area" and len(cands):
            text = item.text
            w, h = text_box(text, item.size, bold)
            done = _beside(cands[0], w, h, obstacles, view, placed, leaders)
            if done is not None:
                alon, alat = view.lonlat(cands[0, 0], cands[0, 1])
                anchor = (float(alon), float(alat))
                leaders.append(_leader(cands[0], done[2]))
        if done is None and cut is not None:
            text = cut
            w, h = text_box(text, item.size, bold)
            done = _first_fit(cands, w, h, geom, view, placed, leaders)
        if done is None:
            left_out.append(item)
            continue
        cx, cy, b = done
        placed.append(b)
        lon, lat = view.lonlat(cx, cy)
        labels.append(
            Label(
                item.key, text, item.text, item.kind, item.size, float(lon), float(lat), b, anchor
            )
        )
        if text != item.text:
            shortened.append(item.text)
    return Placement(labels, left_out, view, shortened)


def _first_fit(
    cands: np.ndarray,
    w: float,
    h: float,
    geom: BaseGeometry,
    view: View,
    placed: list[tuple[float, float, float, float]],
    leaders: list[BaseGeometry],
) -> tuple[float, float, tuple[float, float, float, float]] | None:
    """The first candidate whose box is in the frame and clear of ``placed`` and ``leaders``: inside ``geom``, else centred in it."""
    if not len(cands):
        return None
    x0, y0, x1, y1, ok = _boxes_clear(cands, w, h, view, placed)
    if leaders and ok.any():
        lines = shapely.union_all(leaders)
        ok[ok] = ~shapely.intersects(lines, shapely.box(x0[ok], y0[ok], x1[ok], y1[ok]))
    if not ok.any():
        return None
    idx = np.flatnonzero(ok)
    lo_x, hi_y = view.lonlat(x0[idx], y0[idx])
    hi_x, lo_y = view.lonlat(x1[idx], y1[idx])
    boxes = shapely.box(lo_x, lo_y, hi_x, hi_y)
    inside = shapely.contains(geom, boxes)
    for pick in (np.flatnonzero(inside), np.arange(len(idx))):
        if len(pick):
            i = int(idx[pick[0]])
            return (
                float(cands[i, 0]),
                float(cands[i, 1]),
                (float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])),
            )
    return None


def _beside(
    anchor: np.ndarray,
    w: float,
    h: float,
    obstacles: BaseGeometry,
    view: View,
    placed: list[tuple[float, float, float, float]],
    leaders: list[BaseGeometry],
) -> tuple[float, float, tuple[float, float, float, float]] | None:
    """The nearest spot left or right of ``anchor`` (at its height, or a few lines up or down) clear of the map.

    Its box touches no other name, no leader line and none of the map; its own
    leader line crosses no other name.
    """
    ax, ay = float(anchor[0]), float(anchor[1])
    xs = np.arange(w / 2 + 12, view.width, max(w / 4, 8))
    pts = []
    for dy in (0, -1, 1, -2, 2, -3, 3):
        for dx in xs:
            pts += [(ax + dx, ay + dy * h * 1.2, dx), (ax - dx, ay + dy * h * 1.2, dx)]
    cand = np.array(sorted(pts, key=lambda t: t[2] + abs(t[1] - ay) * 2))[:, :2]
    x0, y0, x1, y1, ok = _boxes_clear(cand, w, h, view, placed)
    idx = np.flatnonzero(ok)
    if not len(idx):
        return None
    lo_x, hi_y = view.lonlat(x0[idx], y0[idx])
    hi_x, lo_y = view.lonlat(x1[idx], y1[idx])
    clear = ~shapely.intersects(obstacles, shapely.box(lo_x, lo_y, hi_x, hi_y))
    if leaders:
        clear &= ~shapely.intersects(
            shapely.union_all(leaders), shapely.box(x0[idx], y0[idx], x1[idx], y1[idx])
        )
    if placed:
        others = shapely.union_all([shapely.box(*b) for b in placed])
        for j in np.flatnonzero(clear):
            i = int(idx[j])
            line = _leader(anchor, (float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])))
            clear[j] = not shapely.intersects(others, line)
            if clear[j]:
                break
    if not clear.any():
        return None
    i = int(idx[np.flatnonzero(clear)[0]])
    return (
        float(cand[i, 0]),
        float(cand[i, 1]),
        (float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])),
    )


def _leader(anchor: np.ndarray, box: tuple[float, float, float, float]) -> BaseGeometry:
    """The leader line in pixels: from ``anchor`` to the near side of ``box``, at its middle height."""
    ax, ay = float(anchor[0]), float(anchor[1])
    x0, y0, x1, y1 = box
    return shapely.LineString([(ax, ay), (x0 if ax < x0 else x1, (y0 + y1) / 2)])


def _boxes_clear(
    centres: np.ndarray, w: float, h: float, view: View,
    placed: list[tuple[float, float, float, float]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The boxes of size ``w`` × ``h`` centred on ``centres``, and which are in the frame and clear of ``placed``."""
    x0, y0 = centres[:, 0] - w / 2, centres[:, 1] - h / 2
    x1, y1 = x0 + w, y0 + h
    ok = (x0 >= 0) & (y0 >= 0) & (x1 <= view.width) & (y1 <= view.height)
    if placed:
        p = np.array(placed)
        hit = (
            (x0[:, None] < p[None, :, 2] + GAP) & (p[None, :, 0] - GAP < x1[:, None])
            & (y0[:, None] < p[None, :, 3] + GAP) & (p[None, :, 1] - GAP < y1[:, None])
        ).any(axis=1)  # fmt: skip
        ok &= ~hit
    return x0, y0, x1, y1, ok

"""Where a map's names go without colliding: one rule for every map planlib draws.

Names are placed in the pixel space of a map's view
(:class:`planlib.viz.mapview.View`) by :func:`place`, a pure function:

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

The colour of each name is :mod:`planlib.viz.textcolour`'s rule.
:data:`SIZE` is the size in a
dashboard, :data:`SIZE_PRESENTASI` the size for a hall (slides, presentation
mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from .mapview import View

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

_DIRECTIONS = {
    "utara": "Ut.", "selatan": "Sel.", "timur": "Tim.", "barat": "Bar.", "tengah": "Teng.",
    "kepulauan": "Kep.", "kecamatan": "Kec.", "kota": "Kt.",
}  # fmt: skip


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

"""A map's view: longitude/latitude ranges drawn into a frame of pixels, and the frame's size.

A map is a *view*: longitude/latitude ranges drawn into a frame of
``width`` × ``height`` pixels (:class:`View`, fitted to the areas' bounds
and the frame's aspect by :func:`fit`). The names are placed in its pixel
space (:mod:`planlib.viz.labels`); the maps set its ranges on their axes
(:func:`planlib.viz.maps.zoom`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


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

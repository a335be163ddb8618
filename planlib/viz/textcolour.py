"""The colour of a name on a map: black or white, whichever contrasts more with the fills under it.

Text is black or white, whichever contrasts more with the fill under it
(:func:`text_colour`; for any fill the better of the two gives at least
4.58:1, above WCAG's 4.5:1), with a halo of the other colour. A name's box
may span several fills (a kecamatan name over desa of different values):
:func:`name_colour` chooses against every fill under the box, and where no
colour suits them all, draws the name black on a light plate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DARK = "#000000"
LIGHT = "#ffffff"


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

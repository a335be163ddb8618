"""The colour scales of the maps: which fill a value gets, and which text colour suits each fill.

Colours are ``Cividis`` reversed (light yellow for few, dark blue for
many), a scale made for colour-vision deficiency: its lightness falls
steadily, so neighbouring classes stay apart under protanopia and
deuteranopia (``YlOrRd``'s middle classes merge there; see
``tests/test_maps_labels.py`` for the measured ΔE). Indicator maps
use :data:`SCALE_NAIK` or :data:`SCALE_TURUN` by the indicator's direction
(:func:`indicator_scale`). The text colour that suits each point of a scale
is :func:`text_bands` (the rule of :mod:`planlib.viz.textcolour`).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from plotly.colors import get_colorscale, sample_colorscale

from . import textcolour

COLORSCALE = "Cividis_r"
#: indicator maps: higher is better (IPM, IDM, realisasi) — light yellow to dark blue, as the usulan maps
SCALE_NAIK = "Cividis_r"
#: indicator maps: lower is better (kemiskinan, stunting) — light cream to near black, a second hue
#: family so the two kinds are not confused; the darkest areas are the worst off
SCALE_TURUN = "Magma_r"
EMPTY_COLOR = "#eeeeee"


def colorscale_rgb(name: str = COLORSCALE) -> list[list]:
    """The stops of a Plotly colour scale as ``[position, "rgb(r, g, b)"]`` (for pages that interpolate it).

    Parameters
    ----------
    name : str
        A Plotly colour scale name (:data:`COLORSCALE` by default); its stops
        may be hex or ``rgb()`` colours.

    Returns
    -------
    list of list
        ``[float, str]`` per stop.

    Examples
    --------
    >>> colorscale_rgb()[0]
    [0.0, 'rgb(254, 232, 56)']
    """
    out = []
    for pos, c in get_colorscale(name):
        r, g, b = (int(round(v)) for v in textcolour._rgb(str(c)))
        out.append([float(pos), f"rgb({r}, {g}, {b})"])
    return out


def text_bands(name: str = COLORSCALE, steps: int = 256) -> list[list]:
    """Where along a colour scale a name turns from black to white, for a page that recolours itself.

    The rule is :func:`planlib.viz.textcolour.text_colour` (black or white,
    whichever contrasts more with the fill, with a halo of the other); this
    gives its answer for every point of the scale, so a page's script that
    samples the scale (as :func:`colours` does) only looks the colour up.

    Parameters
    ----------
    name : str
        A Plotly colour scale name.
    steps : int
        How many points are sampled before each change is found by bisection.

    Returns
    -------
    list of list
        ``[start, text, halo]`` per band, ``start`` from 0 upwards: a fill
        sampled at ``p`` takes the last band whose ``start <= p``.

    Examples
    --------
    >>> text_bands()[0]
    [0.0, '#000000', '#ffffff']
    """

    return [list(b) for b in _text_bands(name, steps)]


@functools.lru_cache(maxsize=8)
def _text_bands(name: str, steps: int) -> tuple[tuple, ...]:
    def pick(p: float) -> tuple[str, str]:
        return textcolour.text_colour(str(sample_colorscale(name, [p])[0]))

    grid = np.linspace(0.0, 1.0, steps + 1).tolist()
    first = pick(0.0)
    bands: list[list] = [[0.0, *first]]
    current = first
    for lo, hi in zip(grid[:-1], grid[1:], strict=True):
        nxt = pick(hi)
        if nxt == current:
            continue
        a, b = lo, hi  # pick(a) == current, pick(b) == nxt
        for _ in range(50):
            mid = (a + b) / 2
            if pick(mid) == current:
                a = mid
            else:
                b = mid
        bands.append([b, *nxt])
        current = nxt
    return tuple(tuple(b) for b in bands)


def indicator_scale(lebih_baik: str | None) -> str:
    """The colour scale of an indicator map, chosen by the indicator's direction.

    Both scales are sequential and made for colour-vision deficiency: their
    lightness falls steadily, so neighbouring classes keep ΔE76 ≥ 20 under
    simulated protanopia and deuteranopia (``tests/test_maps_labels.py``),
    where ``YlGn`` and ``YlOrRd`` (the old scales) fell to 11–13. Dark always
    means more; the hue family tells which way is better.

    Parameters
    ----------
    lebih_baik : str or None
        ``"turun"`` when lower is better (``INDIKATOR[key]["lebih_baik"]``);
        ``"naik"`` or ``None`` when higher is better.

    Returns
    -------
    str
        :data:`SCALE_TURUN` or :data:`SCALE_NAIK`.

    Examples
    --------
    >>> indicator_scale("turun"), indicator_scale("naik")
    ('Magma_r', 'Cividis_r')
    """
    return SCALE_TURUN if lebih_baik == "turun" else SCALE_NAIK


def colours(
    values: pd.Series, vmax: float | None = None, colorscale: str = COLORSCALE
) -> pd.Series:
    """Fill colour per area; areas with no value (or zero) get :data:`EMPTY_COLOR`.

    Parameters
    ----------
    values : Series
        The value of each area (e.g. jumlah usulan); non-numbers count as missing.
    vmax : float or None
        The value drawn in the darkest colour; the largest value by default.
        Larger values are drawn as ``vmax``.
    colorscale : str
        A Plotly colour scale name.

    Returns
    -------
    Series
        A colour (``"rgb(…)"`` or ``"#eeeeee"``) per area, with the index of
        ``values``.
    """
    v = pd.to_numeric(values, errors="coerce")
    top = float(vmax if vmax is not None else (v.max() if v.notna().any() else 0)) or 1.0
    out = pd.Series(EMPTY_COLOR, index=values.index, dtype=object)
    ok = v.notna() & (v > 0)
    if ok.any():
        out[ok] = sample_colorscale(colorscale, (v[ok] / top).clip(0, 1).tolist())
    return out

"""A dashboard as it stands, written out as a static page and PNG maps (for ``planlib build``).

``planlib build`` executes each dashboard notebook with papermill and sets
``PLANLIB_BUILD_OUT`` and ``PLANLIB_BUILD_NAME`` for the kernel;
:func:`planlib.dashboards.voila.present` then calls :func:`export_if_building`
with the view it built. The page shows what a viewer would see with the
default filters: the filter values as text, every figure drawn by Plotly (the
library sits beside the page, so it opens offline), the cards and tables.
Maps are also written as PNG through kaleido.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w
import plotly.graph_objects as go

from .. import settings
from ..formatting import sekarang
from ..report import PlanlibError
from ..viz import png
from .snapshot import figures, to_html

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="plotly.min.js"></script>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:16px 24px;color:#111}}
.row{{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:flex-start}}
.filter{{display:inline-block;background:#eef1f6;border-radius:4px;padding:3px 8px;margin:2px 6px 2px 0;font-size:14px}}
h3.tab{{border-bottom:2px solid #1f3b73;color:#1f3b73;margin:22px 0 8px 0}}
footer{{margin-top:28px;font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:6px}}
</style></head><body>
{body}
<footer>{footer}</footer>
</body></html>
"""


def write_png(figs: list[go.Figure], paths: list[Path]) -> list[Path]:
    """PNGs of ``figs`` at projector size (1280×720), through kaleido and the local Chromium.

    Parameters
    ----------
    figs : list of plotly.graph_objects.Figure
        The maps.
    paths : list of Path
        One PNG per map.

    Returns
    -------
    list of Path
        ``paths``, once written.

    Raises
    ------
    PlanlibError
        When kaleido cannot draw (no Chrome or Chromium on this computer).
    """
    try:
        return png.write_pngs(figs, paths, width=1280, height=720)
    except Exception as e:  # noqa: BLE001 - kaleido reports a missing browser in many ways
        raise PlanlibError(
            f"PNG peta tidak dapat dibuat ({type(e).__name__}: {e}). kaleido membutuhkan "
            "Google Chrome atau Chromium di komputer ini."
        ) from e


def export(widget: w.Widget, out: Path, name: str, title: str) -> list[Path]:
    """Write ``out/<name>.html`` and ``out/peta/<name>-<i>.png``; returns the files written.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The dashboard's view as it stands; every tab is written.
    out : Path
        The build folder (created when missing).
    name : str
        The notebook's stem (``01-peta-usulan``).
    title : str
        The page's title.

    Returns
    -------
    list of Path
        The page first, then one PNG per map (:func:`~.snapshot.figures`), in order.
    """
    out.mkdir(parents=True, exist_ok=True)
    footer = (
        f"Dibuat oleh planlib pada {sekarang()} dari workspace "
        f"{html.escape(os.environ.get(settings.WORKSPACE, ''))}. Halaman statis: filter "
        "tertulis sebagai teks; buka dasbor Voilà untuk mengubahnya."
    )
    page = out / f"{name}.html"
    page.write_text(
        PAGE.format(title=html.escape(title), body=to_html(widget), footer=footer),
        encoding="utf-8",
    )
    written = [page]
    maps = figures(widget)
    if maps:
        (out / "peta").mkdir(exist_ok=True)
    pngs = [out / "peta" / f"{name}-{i}.png" for i in range(1, len(maps) + 1)]
    written += write_png([go.Figure(fig) for fig in maps], pngs)
    return written


def building() -> bool:
    """True in a kernel run by ``planlib build`` (``PLANLIB_BUILD_OUT`` set).

    Returns
    -------
    bool
        Whether the view should be written out by :func:`export_if_building`.
    """
    return bool(os.environ.get(settings.BUILD_OUT))


def export_if_building(widget: w.Widget) -> None:
    """Call :func:`export` when running under ``planlib build``; do nothing otherwise.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The dashboard's view; written as ``PLANLIB_BUILD_NAME`` (default
        ``dasbor``) to ``PLANLIB_BUILD_OUT`` with the title ``PLANLIB_BUILD_TITLE``.
    """
    if building():
        name = os.environ.get(settings.BUILD_NAME, "dasbor")
        title = os.environ.get(settings.BUILD_TITLE, name)
        export(widget, Path(os.environ[settings.BUILD_OUT]), name, title)

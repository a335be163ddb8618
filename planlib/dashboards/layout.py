"""The pieces a dashboard is laid out from: styles, header, cards, tables, messages, figures.

Everything here builds widgets or their HTML from values already computed
(by :mod:`planlib.rekap`, :mod:`planlib.viz` or :mod:`planlib.forum`); nothing
here reads a workspace or filters a table.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from ..formatting import angka, rupiah
from ..report import PlanlibError
from ..viz import map_names, maps, mapview
from ..viz.figures import figure_json, fit_title
from ..workspace import Workspace

#: A map's plot width (px) where it has a fixed frame (its names are placed in its pixels); the
#: colour bar goes to its right.
LEBAR_PETA = 1000

#: The smallest text on a chart, in pixels (Plotly's default of 12 is raised to it by :func:`draw`).
MIN_FONT = 13

#: Styles for a 1280×720 projector: large enough text, cards in a row.
CSS = """
<style>
.planlib-card{display:inline-block;min-width:190px;margin:4px 10px 4px 0;padding:8px 14px;
  border-radius:6px;background:#f3f6fb;border-left:5px solid #1f3b73;vertical-align:top}
.planlib-card .v{font-size:22px;font-weight:600;color:#1f3b73}
.planlib-card .k{font-size:13px;color:#444}
.planlib-label{color:#fff;background:#b00020;padding:2px 8px;border-radius:4px;font-size:13px;white-space:nowrap}
.planlib-sumber{font-size:12px;color:#555;margin:0 0 12px 0}
.planlib-table{border-collapse:collapse;font-size:13px}
.planlib-table th{background:#1f3b73;color:#fff;padding:4px 6px;text-align:left;position:sticky;top:0}
.planlib-table td{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top}
.planlib-table td.n{text-align:right;white-space:nowrap}
.planlib-pesan{padding:12px;border:1px solid #b00020;background:#fff4f4;border-radius:6px}
.planlib-filter{flex-wrap:wrap;gap:4px 0}
.planlib-filter > .widget-inline-hbox,.planlib-filter > .widget-text{max-width:100%}
.jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-content{flex-wrap:wrap}
.jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab{flex:0 0 auto !important;min-width:0;max-width:none}
.jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tabLabel{overflow:visible;text-overflow:clip}
.widget-tab > .lm-TabBar .lm-TabBar-tab:not(.lm-mod-current){color:#333}
.widget-tab > .lm-TabBar{overflow:visible;min-height:var(--jp-widgets-horizontal-tab-height);height:auto}
@media (max-width:700px){
  .planlib-peta-lebar{display:none !important}
  .planlib-peta-hp{display:flex !important}
  #rendered_cells{padding:0 4px}
  .planlib-filter > *{flex:1 1 100%}
  .planlib-filter .widget-dropdown > select{min-width:0}
  .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab{flex:1 1 auto !important}
  .jupyter-widgets.widget-tab > .widget-tab-contents{padding:8px 4px !important}
  .planlib-card{min-width:0;width:calc(50% - 6px);box-sizing:border-box;margin:3px 6px 3px 0;
    padding:6px 8px}
  .planlib-card:nth-of-type(2n){margin-right:0}
  .planlib-card .v{font-size:18px}
  .planlib-card .k{line-height:1.3}
  .planlib-table{display:block;overflow-x:auto;max-width:100%}
  .js-plotly-plot .modebar-container{display:none}
  .planlib-matriks .heatmaplayer text{display:none}
}
</style>
"""


def header(title: str, ws: Workspace, subtitle: str = "") -> w.HTML:
    """The dashboard's title, the kabupaten's name, the demo label and a subtitle (with :data:`CSS`).

    Parameters
    ----------
    title : str
        What the dashboard is ("Peta usulan Musrenbang").
    ws : Workspace
        Gives the kabupaten's name and the data label ("DATA CONTOH — sintetis").
    subtitle : str
        One line under the title; left out when empty.

    Returns
    -------
    ipywidgets.HTML
        The heading, with :data:`CSS` in front so the cards and tables below are styled.
    """
    label = f" <span class='planlib-label'>{html.escape(ws.label)}</span>" if ws.label else ""
    sub = (
        f"<div class='planlib-subjudul' style='color:#444;font-size:15px'>{html.escape(subtitle)}</div>"
        if subtitle
        else ""
    )
    return w.HTML(
        CSS
        + f"<h2 style='margin:4px 0'>{html.escape(title)} — {html.escape(ws.config.nama)}{label}</h2>{sub}"
    )


def card(value: str, key: str) -> str:
    """The HTML of one summary card: a large ``value`` over its ``key`` ("jumlah usulan").

    Parameters
    ----------
    value : str
        The figure, already formatted ("1.234", "Rp 12,5 M").
    key : str
        What the figure counts, shown under it.

    Returns
    -------
    str
        A ``<div class='planlib-card'>``; ``value`` and ``key`` are HTML-escaped.

    Examples
    --------
    >>> card("1.234", "jumlah usulan")
    "<div class='planlib-card'><div class='v'>1.234</div><div class='k'>jumlah usulan</div></div>"
    """
    return f"<div class='planlib-card'><div class='v'>{html.escape(value)}</div><div class='k'>{html.escape(key)}</div></div>"


def html_table(df: pd.DataFrame, cols: Sequence[tuple[str, str, str]]) -> str:
    """An HTML table of ``df``.

    Parameters
    ----------
    df : DataFrame
        The rows to show, in order.
    cols : sequence of (header, column, kind)
        ``kind`` is ``"rp"`` (an amount, :func:`~planlib.formatting.rupiah`),
        ``"n"`` (a number, :func:`~planlib.formatting.angka`) or anything else
        for text; missing values are empty cells.

    Returns
    -------
    str
        A ``<table class='planlib-table'>`` with one row per row of ``df``; text
        is HTML-escaped, amounts and numbers are right-aligned in Indonesian format.
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _ in cols)
    body = []
    for _, r in df.iterrows():
        cells = []
        for _, c, kind in cols:
            v = r[c]
            missing = v is None or (isinstance(v, float) and v != v)
            if kind == "rp":
                cells.append(f"<td class='n'>{rupiah(v)}</td>")
            elif kind == "n":
                cells.append(f"<td class='n'>{'' if missing else angka(v)}</td>")
            else:
                cells.append(f"<td>{'' if missing else html.escape(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    # focusable: on a phone a wide table scrolls sideways in its own frame, by keyboard too
    return f"<table class='planlib-table' tabindex='0'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def message(text: str) -> w.HTML:
    """A clear message for the viewer instead of a traceback.

    Parameters
    ----------
    text : str
        The message, in Bahasa Indonesia; HTML-escaped.

    Returns
    -------
    ipywidgets.HTML
        The message in a bordered box, with :data:`CSS`.
    """
    return w.HTML(CSS + f"<div class='planlib-pesan'>{html.escape(text)}</div>")


def dropdown(
    description: str, options: Sequence[Any], value: Any = None, width: str = "230px"
) -> w.Dropdown:
    """A filter: a dropdown with its label on the left, sized for a row of filters.

    Parameters
    ----------
    description : str
        The label on the left ("Kecamatan").
    options : sequence
        The choices, as :class:`ipywidgets.Dropdown` takes them (values, or
        ``(label, value)`` pairs).
    value : object, optional
        The choice selected at first; ``None`` selects nothing.
    width : str
        The CSS width of the whole filter, label included.

    Returns
    -------
    ipywidgets.Dropdown
        The filter, not yet observed.
    """
    return w.Dropdown(
        options=options, value=value, description=description,
        layout=w.Layout(width=width), style={"description_width": "82px"},
    )  # fmt: skip


def show(box: w.Box, fig: go.Figure) -> go.Figure:
    """Draw a map's current state in ``box`` (as Plotly output, no widget model); returns ``fig``.

    Maps used to be FigureWidgets recoloured in place. In Chromium that lost
    changes made before the page showed the widget, broke a widget shown a
    second time, and with preheated kernels anywidget sometimes failed to
    initialise the model. A map of a few hundred polygons is a few tens of KB,
    so it is simply redrawn: an ``Output`` widget's outputs are part of its
    state, so a page that connects late still gets the latest map.

    Parameters
    ----------
    box : ipywidgets.Box
        Where the map goes; its first child is reused when it is an ``Output``,
        otherwise it gets one.
    fig : plotly.graph_objects.Figure
        The map, as it should look now.

    Returns
    -------
    plotly.graph_objects.Figure
        ``fig`` itself (also kept on the ``Output`` for the static export).
    """
    out = box.children[0] if box.children and isinstance(box.children[0], w.Output) else None
    if out is None:
        out = w.Output(layout=w.Layout(width="100%"))
        box.children = [out]
    out._planlib_map = fig  # the map itself, for the static export (PNG maps)
    draw(out, fig)
    return fig


#: The phone's map (shown under 700 px instead of the wide one, see :data:`CSS`): its plot width.
LEBAR_PETA_HP = 320


def phone_map(
    fig: go.Figure,
    areas: Any,
    fill: Sequence[str],
    focus: Sequence[bool] | None = None,
    *,
    names: Any = None,
    size: float = 13,
) -> go.Figure:
    """A map for a phone from a dashboard's wide map: a narrow frame, its names placed for it.

    The wide map's names are placed in its pixels and would collide in 320 px,
    so the phone's map gets its own (:func:`planlib.viz.map_names.labels`, without the
    Dapil names); the colour bar and the legend go under the map. Show it in a box
    with the class ``planlib-peta-hp`` beside the wide one's ``planlib-peta-lebar``
    (:data:`CSS` shows one or the other by the screen's width).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The wide map as it is shown (areas, names, legend traces).
    areas : GeoDataFrame
        Its areas, in trace order.
    fill : sequence of str
        The fill of each area (trace order), for the names' colours.
    focus : sequence of bool, optional
        The areas the map zooms to (all when ``None``).
    names : GeoDataFrame, optional
        The areas to name (the kecamatan over a desa map); ``areas`` by default.
    size : float
        The names' font size in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        A new figure; ``fig`` is not changed.
    """
    hp = go.Figure(fig)
    hp.data = [t for t in hp.data if t.name not in map_names.NAME_TRACES]
    maps.colorbar_below(hp, -0.02)
    bounds = [float(b) for b in areas.geometry.total_bounds]
    height = mapview.frame_height(bounds, LEBAR_PETA_HP, lo=300, hi=440)
    title = str(fig.layout.title.text or "")
    hp.update_layout(
        width=LEBAR_PETA_HP + 10, height=height + 64 + 150,
        margin={"l": 0, "r": 10, "t": 64, "b": 150},
        title={"text": title, "x": 0.01, "font": {"size": 16}},  # its lines: draw's fit_title
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
    )  # fmt: skip
    view = maps.zoom(hp, areas, focus)
    for t in map_names.labels(areas, view, list(fill), names=names, dapil=None, size=size):
        hp.add_trace(t)
    return hp


def map_boxes() -> tuple[w.Box, w.Box]:
    """The boxes of a map that has a phone's version; see :func:`phone_map`.

    Returns
    -------
    tuple of (ipywidgets.Box, ipywidgets.Box)
        The wide map's box (class ``planlib-peta-lebar``, scrolls sideways if it
        must) and the phone's (class ``planlib-peta-hp``, hidden above 700 px).
    """
    wide = w.Box(layout=w.Layout(width="100%", overflow="auto hidden"))
    wide.add_class("planlib-peta-lebar")
    hp = w.Box(layout=w.Layout(width="100%", display="none"))
    hp.add_class("planlib-peta-hp")
    return wide, hp


def draw(out: w.Output, fig: go.Figure | dict) -> None:
    """Draw a figure that is replaced, not updated, as a plain Plotly output (no widget model).

    Figures are redrawn whole on a change; as Plotly's mime output (rendered
    by the jupyterlab-plotly extension that ships with plotly) they need no
    widget model of their own, which keeps the page light. The output is set
    as the ``Output`` widget's state, so it also works outside a kernel
    (benchmarks, tests) and reaches a page that connects later.

    Parameters
    ----------
    out : ipywidgets.Output
        The output whose outputs are replaced by the figure.
    fig : plotly.graph_objects.Figure or dict
        The figure, or its JSON spec as :func:`~planlib.viz.figures.figure_json` gives it.
    """
    spec = figure_json(fig)
    # responsive: a chart without a fixed width follows its frame when the window is resized
    spec["config"] = {"displaylogo": False, "responsive": True}
    # every text of a chart (ticks, legend, colour bar) at least MIN_FONT px: read on a phone or a projector
    font = spec.setdefault("layout", {}).setdefault("font", {})
    if font.get("size", 12) < MIN_FONT:
        font["size"] = MIN_FONT
    # Plotly does not wrap a title: it is broken into lines that fit a phone (or the fixed width)
    fit_title(spec)
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"application/vnd.plotly.v1+json": spec, "text/plain": "<Figure>"},
            "metadata": {},
        },
    )


# ---------------------------------------------------------------- downloads

#: The MIME type of each kind of file a dashboard offers for download.
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "html": "text/html",
}


def download_link(data: bytes, filename: str, text: str | None = None) -> str:
    """The HTML of a link that saves ``data`` as ``filename``, working inside Voilà offline.

    Voilà answers 403 to the files a notebook writes (``FileLink``), so the
    bytes travel in the link itself: a ``data:`` URL with the file's MIME
    type (from its extension, :data:`MIME`) and the ``download`` attribute
    naming it. Chromium saves such links of tens of MB; the bytes are sent to
    the page once, when the viewer asks for the file.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        The name it is saved under (its extension chooses the MIME type).
    text : str, optional
        The link's text; "Unduh <filename>" by default.

    Returns
    -------
    str
        An ``<a download>`` element with the bytes as a base64 ``data:`` URL and the size.
    """
    mime = MIME.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    b64 = base64.b64encode(data).decode("ascii")
    name = html.escape(filename, quote=True)
    label = html.escape(text or f"Unduh {filename}")
    size = angka(len(data) / 1024) + " KB"
    return (
        f'<a class=\'planlib-unduh\' download="{name}" href="data:{mime};base64,{b64}">{label}</a>'
        f" <span style='color:#555;font-size:12px'>({size})</span>"
    )


def file_name(*parts: object, ext: str = "") -> str:
    """A download's file name from its parts.

    Parameters
    ----------
    *parts : object
        What the file holds, in order; None and empty parts are skipped.
    ext : str
        The extension without its dot (``"xlsx"``), or empty for none.

    Returns
    -------
    str
        Parts joined by ``-``, characters a file name cannot hold replaced, at most
        120 characters before the extension; "unduhan" when nothing is left.

    Examples
    --------
    >>> file_name("forum-pd", 2026, "Dapil 2", ext="xlsx")
    'forum-pd-2026-Dapil-2.xlsx'
    """
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    text = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.") or "unduhan"
    return f"{text[:120]}.{ext}" if ext else text[:120]


def table_xlsx(df: pd.DataFrame, cols: Sequence[tuple[str, str, str]], title: str = "") -> bytes:
    """An .xlsx of a dashboard table: the columns as :func:`html_table` shows them, every row.

    Parameters
    ----------
    df : DataFrame
        All rows of the table (not only those shown on the page).
    cols : sequence of (header, column, kind)
        As for :func:`html_table`; amounts (``"rp"``, in full rupiah with
        thousands separators) and numbers (``"n"``, as they are) are written
        as numbers, so they can be summed in Excel.
    title : str
        A line above the table (what it is, and the filters).

    Returns
    -------
    bytes
    """
    import xlsxwriter

    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {"in_memory": True, "nan_inf_to_errors": True}) as wb:
        sheet = wb.add_worksheet("Tabel")
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        number = wb.add_format({"num_format": "#,##0"})
        top = 0
        if title:
            sheet.write_string(0, 0, title, bold)
            top = 2
        for c, (h, col, kind) in enumerate(cols):
            sheet.write_string(top, c, h, head)
            sheet.set_column(c, c, 14 if kind in ("rp", "n") else 30)
            values = df[col].tolist() if col in df.columns else [None] * len(df)
            for r, v in enumerate(values, start=top + 1):
                if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                    continue
                if kind in ("rp", "n") and isinstance(v, int | float) and not isinstance(v, bool):
                    sheet.write_number(r, c, float(v), number if kind == "rp" else None)
                else:
                    sheet.write_string(r, c, str(v))
        sheet.freeze_panes(top + 1, 0)
        sheet.autofilter(top, 0, top + len(df), max(len(cols) - 1, 0))
    return buf.getvalue()


class Download(w.VBox):
    """A download: its ``button`` makes the file, its ``link`` (HTML) then offers it."""

    button: w.Button
    link: w.HTML


def download_button(
    description: str,
    make: Callable[[], tuple[bytes, str] | list[tuple[bytes, str]]],
    *,
    note: str = "",
) -> Download:
    """A button that makes a file when clicked and offers it as a :func:`download_link`.

    The file is made on the click (a table of 50,000 usulan or a deck is not
    made on every filter change); a planlib error is shown as its sentence.

    Parameters
    ----------
    description : str
        The button's text ("Unduh tabel (xlsx)").
    make : callable
        Returns the file's bytes and its name, or a list of those (one link each:
        a deck as .pptx and .pdf).
    note : str
        A short text after the link (e.g. "berisi keputusan yang tercatat saat ini").

    Returns
    -------
    Download
        The box to lay out, with ``.button`` and ``.link``.
    """
    button = w.Button(description=description, icon="download", layout=w.Layout(width="auto"))
    link = w.HTML()

    def click(_b: Any) -> None:
        link.value = "<span style='color:#555'>Menyiapkan berkas…</span>"
        try:
            made = make()
        except (PlanlibError, ValueError, OSError) as e:
            link.value = f"<span class='planlib-pesan'>{html.escape(str(e))}</span>"
            return
        files = made if isinstance(made, list) else [made]
        extra = f" <span style='font-size:12px'>{html.escape(note)}</span>" if note else ""
        link.value = " · ".join(download_link(data, name) for data, name in files) + extra

    button.on_click(click)
    box = Download([w.HBox([button, link])], layout=w.Layout(margin="4px 0"))
    box.button, box.link = button, link
    return box

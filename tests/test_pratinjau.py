"""The first paint (maps as static SVG in the page) and the helpers that keep a filter change fast."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from planlib import ranking, rekap
from planlib.dashboards import first_paint, forum_pd, lintas_pd, peta_usulan, snapshot
from planlib.viz import svg
from planlib.viz.figures import figure_json


def _area_paths(html: str) -> list[tuple[str, str]]:
    """(fill, tooltip) of every SVG path that has a tooltip: the areas of a map."""
    return re.findall(r"<path d='[^']*' fill='([^']*)'[^>]*><title>([^<]*)</title></path>", html)


def test_first_paint_is_the_same_map(demo_ws):
    out = peta_usulan.tampilan(str(demo_ws), 2026)
    view = out._planlib_view
    bundle = out._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    first = bundle[first_paint.MIME]
    areas = _area_paths(first)
    n = len(view.areas)
    assert len(areas) == n >= 12
    live = view.fig.data[:n]
    assert [f for f, _ in areas] == [t.fillcolor for t in live]
    assert [tip for _, tip in areas] == [svg.plain(t.text).replace("&", "&amp;") for t in live]
    # the filters are written as text, the title of the map is there
    assert "Tahun: 2026" in first and view.fig.layout.title.text in first
    assert "<script" not in first  # nothing to run: it is drawn before any JavaScript

    # after a filter change the first paint follows the view (a kernel started for a link)
    view.w_dapil.value = "Dapil 2"
    again = out._repr_mimebundle_()[first_paint.MIME]
    assert again != first and "Dapil: Dapil 2" in again
    assert [f for f, _ in _area_paths(again)] == [t.fillcolor for t in view.fig.data[:n]]


def test_first_paint_carries_the_link_it_was_made_for(demo_ws, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "tahun=2025&dapil=3")
    out = peta_usulan.tampilan(str(demo_ws), 2026)
    first = out._repr_mimebundle_()[first_paint.MIME]
    assert "data-query='tahun=2025&amp;dapil=3'" in first
    assert "Dapil: Dapil 3" in first and "Tahun: 2025" in first


def test_charts_get_a_placeholder_not_a_wrong_picture(demo_ws):
    bar = go.Figure(
        go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": {"text": "Pagu"}, "height": 300}
    )
    assert svg.map_svg(json.loads(bar.to_json())) is None
    out = snapshot.to_html(lintas_pd.tampilan(str(demo_ws), 2026), first_paint.figure_html)
    assert "grafik sedang dimuat" in out and "<svg" not in out  # the heatmap
    # a view that opens on a table or a chart, not a map, gets no first paint at all
    bundle = forum_pd.tampilan(str(demo_ws), 2026)._repr_mimebundle_()
    assert first_paint.MIME not in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_map_svg_reads_plotly_typed_arrays():
    fig = go.Figure(
        [
            go.Scatter(
                x=[0, 1, 1, 0],
                y=[0, 0, 1, 1],
                fill="toself",
                fillcolor="#ff0000",
                mode="lines",
                text="A",
            ),  # fmt: skip
            go.Scatter(x=np.array([0.5]), y=np.array([0.5]), mode="text", text=["<b>Dapil 1</b>"]),
        ],
        layout={
            "xaxis": {"visible": False, "range": [0, 1]},
            "yaxis": {"visible": False, "range": [0, 1]},
        },  # fmt: skip
    )
    spec = json.loads(fig.to_json())
    assert isinstance(spec["data"][1]["x"], dict)  # Plotly sends numpy arrays as base64
    out = svg.map_svg(spec)
    assert _area_paths(out) == [("#ff0000", "A")]
    assert ">Dapil 1</text>" in out and "font-weight='bold'" in out


def _decoded(x):
    """A figure dict with Plotly's base64 typed arrays decoded to lists."""
    if isinstance(x, dict):
        return svg.values(x) if "bdata" in x else {k: _decoded(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_decoded(v) for v in x]
    return x


def test_figure_json_is_the_figure(demo_ws):
    fig = peta_usulan.tampilan(str(demo_ws), 2026)._planlib_view.fig
    assert _decoded(figure_json(fig)) == _decoded(json.loads(fig.to_json()))
    spec = figure_json(fig)
    spec["data"][0]["fillcolor"] = "#000000"  # a copy: the figure is untouched
    assert fig.data[0].fillcolor != "#000000"


def test_most_frequent_isu_matches_a_groupby():
    rng = np.random.default_rng(7)
    n = 5_000
    df = pd.DataFrame(
        {
            "kode_kecamatan": rng.choice([f"63.06.{i:02d}" for i in range(1, 13)], n),
            "isu": rng.choice(
                ["jalan", "air", "sekolah", "pasar", None], n, p=[0.3, 0.3, 0.2, 0.1, 0.1]
            ),  # fmt: skip
        }
    )
    for cat in (False, True):
        d = df.astype("category") if cat else df
        got = rekap.most_frequent(d["kode_kecamatan"], d["isu"])
        # reference: the largest count, ties broken by the isu's name
        ref = (
            df.dropna().groupby(["kode_kecamatan", "isu"]).size().reset_index(name="n")
            .sort_values(["kode_kecamatan", "n", "isu"], ascending=[True, False, True])
            .drop_duplicates("kode_kecamatan").set_index("kode_kecamatan")["isu"]
        )  # fmt: skip
        assert got.sort_index().to_dict() == ref.sort_index().to_dict()
    tie = pd.DataFrame({"k": ["a", "a", "b"], "v": ["y", "x", "x"]})
    assert rekap.most_frequent(tie["k"], tie["v"]).to_dict() == {"a": "x", "b": "x"}


@pytest.mark.parametrize("ascending", [True, False])
def test_first_rows_is_a_stable_sort(ascending):
    rng = np.random.default_rng(3)
    s = pd.Series(rng.integers(0, 20, 3_000).astype(float), index=rng.permutation(3_000) + 10)
    s.iloc[::17] = np.nan
    for col in (s, s.astype("Int64")):
        ref = col.sort_values(ascending=ascending, na_position="last", kind="stable").index[:200]
        assert list(ranking.first_rows(col, ascending, 200)) == list(ref)
    text = pd.Series(rng.choice(["b", "a", "c", None], 500))
    ref = text.sort_values(ascending=ascending, na_position="last", kind="stable").index[:50]
    assert list(ranking.first_rows(text, ascending, 50)) == list(ref)


def test_notes_name_kecamatan_without_dapil_or_polygon(demo_ws):
    import dataclasses

    from planlib.dashboards.voila import load

    ws = load(str(demo_ws))
    kec = ws.kecamatan.copy()
    kec.loc[kec.index[0], "geometry"] = None  # a kecamatan whose polygon is missing
    v = peta_usulan.PetaUsulan(dataclasses.replace(ws, kecamatan=kec), 2026)
    note = v.note.value
    no_dapil = kec.loc[kec["dapil"].isna(), "nama"].tolist()
    assert no_dapil and all(n in note.split("Tanpa poligon")[0] for n in no_dapil)
    assert f"Tanpa poligon, tidak tergambar: {kec['nama'].iloc[0]}." in note
    assert len(v.areas) == len(kec) - 1  # drawn: every kecamatan that has a polygon


def test_a_figurewidget_is_drawn_and_found():
    """A FigureWidget in a tree is rendered by the figure callback and listed as a map."""
    import ipywidgets as w

    fw = go.FigureWidget(go.Bar(x=["a"], y=[1]))
    tree = w.VBox([w.HTML("<p>judul</p>"), w.HBox([fw])])
    assert snapshot.figures(tree) == [fw]
    assert snapshot.to_html(tree, lambda f: "<div>PETA</div>") == (
        "<div><p>judul</p><div class='row'><div>PETA</div></div></div>"
    )


def test_a_view_without_figurewidgets_does_not_import_them():
    """The first paint of a view never imports go.FigureWidget (plotly's renderers, nbformat,
    jsonschema: about 2 s of every dashboard kernel's start), since no view makes one."""
    import subprocess
    import sys

    code = (
        "import sys, ipywidgets as w\n"
        "from planlib.dashboards import snapshot\n"
        "tree = w.VBox([w.HTML('x'), w.Dropdown(options=['a'], description='Dapil')])\n"
        "snapshot.to_html(tree); snapshot.figures(tree)\n"
        "print('plotly.graph_objs._figurewidget' in sys.modules, 'nbformat' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]

"""A chart's title on a narrow screen: broken into lines that fit, the plot kept its size."""

from __future__ import annotations

import re

import pytest

from planlib.viz import labels as lab
from planlib.viz.figures import PHONE_WIDTH, figure_json, fit_title, wrap_title


def _width(line: str, size: float) -> float:
    sup = line.startswith("<sup>")
    plain = re.sub(r"<[^>]*>", "", line)
    return len(plain) * size * (0.7 if sup else 1) * lab.CHAR_WIDTH


TITLES = [
    "Perkembangan per triwulan — Kabupaten Contoh",
    "Indeks Pembangunan Manusia (indeks)<br><sup>Capaian 2025: 74,08 terhadap target 73,40"
    " (selisih +0,68) — tercapai</sup>",
    "Peringkat kabupaten/kota 2025: Indeks Pembangunan Manusia (seri revisi 2024)"
    "<br><sup>Kabupaten Contoh peringkat 8 dari 8</sup>",
    "Jumlah masalah per desa — Rembuk Remas, perencanaan 2026",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("width", [PHONE_WIDTH, 320])
def test_every_line_fits_and_no_word_is_lost(title, width):
    assert max(_width(ln, 18) for ln in title.split("<br>")) > width  # too long as it is
    wrapped = wrap_title(title, width, 18)
    assert all(_width(ln, 18) <= width for ln in wrapped.split("<br>")), wrapped
    words = lambda t: re.sub(r"<[^>]*>|—", " ", t).split()  # noqa: E731
    assert words(wrapped) == words(title)
    # a subtitle's pieces stay subtitles
    assert wrapped.count("<sup>") == wrapped.count("</sup>") >= title.count("<sup>")


def test_parts_go_on_lines_before_words_are_split():
    assert wrap_title("Perkembangan per triwulan — Kabupaten Contoh", 340, 18) == (
        "Perkembangan per triwulan<br>Kabupaten Contoh"
    )
    assert wrap_title("Dapil 1 — usulan RKPD 2026", 340, 18) == "Dapil 1 — usulan RKPD 2026"


def test_fit_title_grows_the_figure_by_its_new_lines_and_keeps_the_plot():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=["a"]))
    fig.update_layout(title={"text": TITLES[2], "x": 0.01}, height=300,
                      margin={"l": 10, "r": 40, "t": 80, "b": 30})  # fmt: skip
    spec = figure_json(fig)
    fit_title(spec)
    lay = spec["layout"]
    lines = lay["title"]["text"].count("<br>") + 1
    assert lines >= 4
    grown = lay["margin"]["t"] - 80
    assert grown > 0 and lay["height"] - 300 == pytest.approx(grown)  # the plot keeps its height
    assert lay["margin"]["t"] >= lay["title"]["pad"]["t"] + (lines - 1) * 18 * 1.3
    # a title that fits is left as it is, and a figure with a fixed width keeps its title within it
    short = figure_json(go.Figure(layout={"title": {"text": "Dapil 1"}, "height": 300}))
    fit_title(short)
    assert short["layout"]["title"] == {"text": "Dapil 1"} and short["layout"]["height"] == 300
    wide = figure_json(go.Figure(layout={"title": {"text": TITLES[3]}, "width": 1130}))
    fit_title(wide)
    assert wide["layout"]["title"]["text"] == TITLES[3]

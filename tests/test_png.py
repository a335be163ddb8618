"""PNG through kaleido: offline page, one browser for many figures, the start-up race retried."""

from __future__ import annotations

import re

import kaleido
import plotly.graph_objects as go
import pytest
from PIL import Image

from planlib.viz import png

from .support import unavailable


def _fig(colour: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], marker_color=colour))
    fig.update_layout(paper_bgcolor="white", plot_bgcolor="white", margin=dict(l=0, r=0, t=0, b=0))
    return fig


def test_kaleido_page_requests_nothing_from_outside():
    """The page kaleido draws in, built with our options, names no http(s) address."""
    page = kaleido.PageGenerator(plotly=None, mathjax=png.KALEIDO_OPTIONS["mathjax"])
    html = page.generate_index()
    assert "<script" in html and "plotly" in html
    assert not re.findall(r"https?://", html), html
    default = kaleido.PageGenerator(plotly=None, mathjax=None).generate_index()
    assert re.findall(r"https?://", default)  # kaleido's own default would ask a CDN


def test_write_pngs_draws_each_figure_at_its_size(tmp_path):
    paths = [tmp_path / "a.png", tmp_path / "b.png"]
    try:
        out = png.write_pngs(
            [_fig("#ff0000"), _fig("#0000ff")], paths, width=[320, 200], height=180
        )
    except Exception as e:  # noqa: BLE001
        if "Chrome" in str(e) or "browser" in str(e).lower():
            unavailable(f"no browser for kaleido here: {e}")
        raise
    assert out == paths
    sizes = [Image.open(p).size for p in paths]
    assert sizes == [(320, 180), (200, 180)]
    reds = Image.open(paths[0]).convert("RGB").getcolors(1 << 16)
    blues = Image.open(paths[1]).convert("RGB").getcolors(1 << 16)
    assert any(c[:1] == (255,) and c[2] < 60 for _, c in reds)  # the red bars are drawn
    assert any(c[2] == 255 and c[0] < 60 for _, c in blues)


def test_the_start_up_race_is_tried_again(monkeypatch, tmp_path):
    calls = []

    def flaky(jobs, **kw):
        calls.append(kw)
        if len(calls) == 1:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")
        for job in jobs:
            job["path"].write_bytes(b"\x89PNG")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", flaky)
    p = tmp_path / "x.png"
    assert png.write_pngs([_fig("red")], [p]) == [p]
    assert len(calls) == 2 and all(c["kopts"]["mathjax"] is False for c in calls)


def test_other_errors_are_not_retried(monkeypatch, tmp_path):
    calls = []

    def broken(jobs, **kw):
        calls.append(kw)
        raise RuntimeError("Chrome not found")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", broken)
    with pytest.raises(RuntimeError, match="Chrome not found"):
        png.write_pngs([_fig("red")], [tmp_path / "x.png"])
    assert len(calls) == 1


def test_an_empty_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(kaleido, "write_fig_from_object_sync",
                        lambda jobs, **kw: [j["path"].write_bytes(b"") for j in jobs])  # fmt: skip
    with pytest.raises(OSError, match="x.png"):
        png.write_pngs([_fig("red")], [tmp_path / "x.png"])


def test_kaleidos_ignored_pipe_message_does_not_reach_the_analyst(caplog):
    """choreographer logs an undecodable browser message with an English traceback and goes on."""
    import logging

    from planlib.viz import png

    png.quiet_pipe()
    pipe = logging.getLogger(png.PIPE_LOGGER)
    assert hasattr(pipe, "debug2")  # still logistro's logger, which choreographer calls
    try:
        raise ValueError("half a message")
    except ValueError:
        pipe.exception("JSONError decoding message. Ignoring")
        pipe.exception("Error in trying to decode JSON off our read.")  # a real error still shows
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Error in trying to decode JSON off our read."]

"""One format rule across planlib: the places that printed "None", UTC, "56,0 %" or bars from 72."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from planlib import open_workspace
from planlib.formatting import BULAN, nilai, persen

from .test_cli import run

TANGGAL = re.compile(rf"\b\d{{1,2}} ({'|'.join(BULAN)}) \d{{4}}\b")


@pytest.fixture(scope="module")
def ws(demo_ws):
    return open_workspace(demo_ws)


def test_decisions_prints_no_none_and_no_utc(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    truth = pd.read_csv(root / ".demo-truth.csv", dtype={"id_usulan": str})
    a = truth.loc[truth["tahun"] == 2026, "id_usulan"].iloc[0]
    res = run("decide", root, "--usulan", a, "--status", "diterima", "--alasan", "prioritas",
              "--oleh", "Rina")  # fmt: skip
    assert res.exit_code == 0, res.output
    res = run("decisions", root)
    assert res.exit_code == 0, res.output
    assert a in res.output and "diterima" in res.output
    assert "None" not in res.output and "NaN" not in res.output and "nan" not in res.output
    assert "UTC" not in res.output and "+00:00" not in res.output
    assert "–" in res.output  # the empty OPD of a decision that is not dialihkan
    assert re.search(TANGGAL.pattern + r", \d\d\.\d\d WIB", res.output), res.output


def test_rembuk_deck_bars_from_zero_and_the_dashboards_decimals(ws):
    from planlib.dashboards.indikator import peringkat_figure
    from planlib.documents.deck import rembuk_deck

    deck = rembuk_deck(ws, 2026)
    assert TANGGAL.search(deck.slides[0].sumber), deck.slides[0].sumber  # "5 Desember 2026"
    assert not re.search(r"\d\d-\d\d-\d{4}", deck.slides[0].sumber)
    names = {"Indeks Pembangunan Manusia": "ipm", "Persentase Penduduk Miskin": "p0"}
    seen = set()
    for slide in deck.slides:
        key = names.get(slide.title)
        if key is None or slide.chart is None:
            continue
        seen.add(key)
        assert slide.chart.start_zero  # a bar's length is its value
        kab_value = slide.tables[0].rows[0][1]
        fig, _ = peringkat_figure(ws, key, int(slide.chart.title.split(":")[0].split()[-1]))
        assert fig.layout.xaxis.range[0] == 0
        bar = fig.data[0]
        labels = dict(zip(bar.y, bar.text, strict=True))
        # the same decimals on dashboard and deck (P0 4,29 on both, not 4,3 in the deck)
        decimals = {len(t.split(",")[1]) if "," in t else 0 for t in labels.values()}
        assert decimals == {len(kab_value.split(",")[1])}
        assert labels[ws.config.nama] == nilai(bar.x[list(bar.y).index(ws.config.nama)], key)
    assert seen == {"ipm", "p0"}


def test_percentages_and_local_times_on_the_rakerda_dashboard():
    from planlib.dashboards.rakerda import waktu_text
    from planlib.rakerda.display import persen as rakerda_persen

    assert rakerda_persen(56.0) == "56,0%" == persen(56)
    assert waktu_text("2026-12-05T11:41:00.000+00:00") == "5 Desember 2026, 18.41 WIB"
    assert waktu_text("2026-12-05T11:41:00.000+00:00", "WITA") == "5 Desember 2026, 19.41 WITA"

"""The one gap rule and the one context rule (planlib.kesenjangan), and the views agreeing on them."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from planlib.bagikan.context import context
from planlib.dashboards.indikator import capaian_text, konteks_html, tren_figure
from planlib.documents.deck import konteks_indikator, konteks_slide
from planlib.formatting import angka
from planlib.forum.skor import kesenjangan_kecamatan
from planlib.kesenjangan import KOLOM, KOLOM_KONTEKS, enclosing_codes, kesenjangan, konteks


def obs(rows: list[tuple], level: str = "kabupaten") -> pd.DataFrame:
    """Observations from (kode, indikator, tahun, periode, nilai, seri) tuples."""
    df = pd.DataFrame(
        rows, columns=["kode_wilayah", "indikator", "tahun", "periode", "nilai", "seri"]
    )
    satuan = {"ipm": "indeks", "garis_kemiskinan": "rupiah"}
    return df.assign(
        level=level,
        nama_wilayah=df["kode_wilayah"],
        satuan=df["indikator"].map(satuan).fillna("persen"),
        sumber="BPS (uji)",
    )


def targets(rows: list[tuple]) -> pd.DataFrame:
    """Targets from (indikator, kode, tahun, target, seri) tuples."""
    df = pd.DataFrame(rows, columns=["indikator", "kode_wilayah", "tahun", "target", "seri"])
    return df.assign(satuan=None, dokumen="RPJMD uji")


def one(g: pd.DataFrame, kode: str, key: str) -> pd.Series:
    rows = g[(g["kode_wilayah"] == kode) & (g["indikator"] == key)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_ipm_up_is_good_latest_value_up_to_the_planning_year_in_the_target_series():
    ind = obs([
        ("99.01", "ipm", 2019, None, 68.0, "lama"),
        ("99.01", "ipm", 2023, None, 69.9, "lama"),  # newer in the old series: never compared
        ("99.01", "ipm", 2020, None, 70.0, "revisi_2024"),
        ("99.01", "ipm", 2024, None, 71.5, "revisi_2024"),
        ("99.01", "ipm", 2026, None, 73.0, "revisi_2024"),  # after the planning year: unused
    ])  # fmt: skip
    tgt = targets([("ipm", "99.01", 2024, 72.0, "revisi_2024"),
                   ("ipm", "99.01", 2025, 72.5, "revisi_2024")])  # fmt: skip
    r = one(kesenjangan(ind, tgt, 2025), "99.01", "ipm")
    assert (r["tahun_nilai"], r["nilai"], r["seri"]) == (2024, 71.5, "revisi_2024")
    assert (r["tahun_target"], r["target"]) == (2024, 72.0)  # the target of the value's own year
    assert r["selisih"] == pytest.approx(-0.5)  # nilai − target, in index points
    assert r["kesenjangan"] == pytest.approx(0.5 / 72.0)  # positive: behind (higher is better)
    assert r["tercapai"] is False


def test_p0_down_is_good_published_period_and_the_nearest_target_year():
    ind = obs([
        ("99.01", "p0", 2023, "Maret", 7.4, None),
        ("99.01", "p0", 2024, "Maret", 7.0, None),
        ("99.01", "p0", 2024, "September", 6.0, None),  # BPS publishes March at kabupaten level
    ])  # fmt: skip
    tgt = targets([("p0", "99.01", 2023, 7.0, None), ("p0", "99.01", 2025, 6.5, None),
                   ("p0", "99.01", 2027, 6.0, None)])  # fmt: skip
    r = one(kesenjangan(ind, tgt, 2025), "99.01", "p0")
    assert (r["tahun_nilai"], r["periode"], r["nilai"]) == (2024, "Maret", 7.0)
    # no 2024 target: 2023 and 2025 are as near, the later one wins
    assert (r["tahun_target"], r["target"]) == (2025, 6.5)
    assert r["selisih"] == pytest.approx(0.5)
    assert r["kesenjangan"] == pytest.approx(0.5 / 6.5)
    assert r["tercapai"] is False


def test_tpt_below_target_is_achieved_and_a_direction_less_indicator_has_no_verdict():
    ind = obs([
        ("99.01", "tpt", 2024, "Agustus", 4.0, None),
        ("99.01", "garis_kemiskinan", 2024, "Maret", 500_000.0, None),
    ])  # fmt: skip
    tgt = targets([("tpt", "99.01", 2024, 5.0, None),
                   ("garis_kemiskinan", "99.01", 2024, 450_000.0, None)])  # fmt: skip
    g = kesenjangan(ind, tgt, 2024)
    r = one(g, "99.01", "tpt")
    assert r["selisih"] == pytest.approx(-1.0) and r["kesenjangan"] == pytest.approx(-0.2)
    assert r["tercapai"] is True
    gk = one(g, "99.01", "garis_kemiskinan")
    assert gk["selisih"] == pytest.approx(50_000.0)
    assert pd.isna(gk["kesenjangan"]) and gk["tercapai"] is None
    assert list(g.columns) == KOLOM


def test_a_kecamatan_uses_its_own_target_else_the_kabupatens_and_never_a_mixed_series():
    ind = obs([
        ("99.01.01", "stunting", 2024, None, 30.0, None),
        ("99.01.02", "stunting", 2024, None, 20.0, None),
        ("99.01.03", "ipm", 2024, None, 60.0, "lama"),
        ("99.01.04", "stunting", 2026, None, 10.0, None),  # only after the planning year
    ], level="kecamatan")  # fmt: skip
    tgt = targets([("stunting", "99.01", 2024, 25.0, None), ("stunting", "99.01.02", 2024, 15.0, None),
                   ("ipm", "99.01", 2024, 70.0, "revisi_2024"),
                   ("stunting", "99", 2024, 1.0, None)])  # a province target is never used  # fmt: skip
    g = kesenjangan(ind, tgt, 2025, level="kecamatan")
    assert set(g["kode_wilayah"]) == {"99.01.01", "99.01.02"}
    a, b = one(g, "99.01.01", "stunting"), one(g, "99.01.02", "stunting")
    assert (a["kode_target"], a["target"], a["kesenjangan"]) == ("99.01", 25.0, pytest.approx(0.2))
    assert (b["kode_target"], b["target"]) == ("99.01.02", 15.0)
    assert b["kesenjangan"] == pytest.approx(5 / 15)
    assert kesenjangan(None, tgt, 2025).empty and kesenjangan(ind, None, 2025).empty


def test_enclosing_codes():
    assert enclosing_codes("63.06.02.2001") == ["63.06.02.2001", "63.06.02", "63.06"]
    assert enclosing_codes("63.06") == ["63.06"]
    assert enclosing_codes("63") == ["63"]


# --------------------------------------------------------------------------- both views


def stub_workspace(indikator: pd.DataFrame, target: pd.DataFrame) -> SimpleNamespace:
    """What the indicator dashboard's trend figure reads from a workspace."""
    kode = pd.DataFrame({"kode": ["99", "99.01"], "nama": ["Provinsi Uji", "Kabupaten Uji"]})
    return SimpleNamespace(
        indikator=indikator,
        target_rpjmd=target,
        wilayah=SimpleNamespace(kabupaten="99.01", kode=kode),
        config=SimpleNamespace(nama="Kabupaten Uji"),
    )


def test_the_dashboard_and_the_skor_read_the_same_year_target_and_sign():
    """The same P0 series, once as the kabupaten's (dashboard) and once as a kecamatan's (skor).

    Before the one rule, the dashboard compared the newest value (2026, after the
    planning year) with a target of that year and the skor compared the 2024 value
    with the 2025 target; now both compare 2024 with 2024.
    """
    rows = [("p0", 2023, 7.4), ("p0", 2024, 7.0), ("p0", 2026, 5.0)]
    kab = obs([("99.01", k, y, "Maret", v, None) for k, y, v in rows])
    kec = obs([("99.01.01", k, y, "Maret", v, None) for k, y, v in rows], level="kecamatan")
    tgt = targets([("p0", "99.01", 2024, 6.8, None), ("p0", "99.01", 2025, 6.5, None)])

    ws = stub_workspace(kab, tgt)
    text = capaian_text(ws, "p0", 2025)  # type: ignore[arg-type]
    assert text == "Capaian 2024: 7,00 terhadap target 6,80 (selisih +0,20) — belum tercapai"
    fig, _ = tren_figure(ws, "p0", 2025)  # type: ignore[arg-type]
    assert text in fig.layout.title.text
    assert fig.layout.xaxis.dtick == 1  # two years: a tick each, never 2024,5

    g = kesenjangan_kecamatan(kec, tgt, 2025).loc["99.01.01"]
    assert (g["tahun_nilai"], g["nilai"]) == (2024, 7.0)
    assert (g["tahun_target"], g["target"]) == (2024, 6.8)
    assert g["selisih"] == pytest.approx(0.2 / 6.8) and g["nilai_komponen"] > 0
    assert g["teks"] == "P0 kecamatan 7,0% vs target 6,8%"


def test_an_achieved_target_reads_the_same_in_both_views_and_names_a_different_target_year():
    rows = [("ipm", 2023, 73.1)]
    kab = obs([("99.01", k, y, None, v, "revisi_2024") for k, y, v in rows])
    kec = obs([("99.01.01", k, y, None, v, "revisi_2024") for k, y, v in rows], level="kecamatan")
    tgt = targets([("ipm", "99.01", 2025, 72.5, "revisi_2024")])
    text = capaian_text(stub_workspace(kab, tgt), "ipm", 2026)  # type: ignore[arg-type]
    assert text == "Capaian 2023: 73,10 terhadap target 2025 72,50 (selisih +0,60) — tercapai"
    g = kesenjangan_kecamatan(kec, tgt, 2026).loc["99.01.01"]
    assert (g["tahun_nilai"], g["tahun_target"]) == (2023, 2025)
    assert g["selisih"] < 0 and g["nilai_komponen"] == 0
    assert "sudah mencapai target" in g["teks"]


# --------------------------------------------------------------------------- the context rule


def context_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The kabupaten with revised and old IPM, its province with the old series only.

    P0 has Maret and September rows (Maret is what BPS publishes at kabupaten
    level); Indonesia's P0 has no period. One target has no series.
    """
    ind = obs([
        ("99.01", "ipm", 2023, None, 71.0, "revisi_2024"),
        ("99.01", "ipm", 2024, None, 71.8, "revisi_2024"),
        ("99.01", "ipm", 2022, None, 69.0, "lama"),
        ("99.01", "ipm", 2023, None, 69.6, "lama"),
        ("99", "ipm", 2022, None, 70.5, "lama"),
        ("99", "ipm", 2023, None, 71.1, "lama"),  # the province has no revised IPM
        ("00", "ipm", 2023, None, 74.0, "lama"),
        ("00", "ipm", 2024, None, 75.0, "revisi_2024"),
        ("99.02", "ipm", 2024, None, 80.0, "revisi_2024"),  # another kabupaten: not compared
        ("99.01", "p0", 2023, "Maret", 7.4, None),
        ("99.01", "p0", 2024, "Maret", 7.0, None),
        ("99.01", "p0", 2024, "September", 6.5, None),  # later in the year, not the published period
        ("99", "p0", 2024, "Maret", 8.0, None),
        ("99", "p0", 2024, "September", 7.7, None),
        ("00", "p0", 2024, None, 9.0, None),  # no period: kept, Indonesia has no Maret row
    ])  # fmt: skip
    tgt = targets([
        ("ipm", "99.01", 2025, 70.0, "lama"),  # an old-series target, listed first
        ("ipm", "99.01", 2025, 72.5, "revisi_2024"),
        ("ipm", "99.01", 2026, 73.0, "revisi_2024"),
        ("ipm", "99.01", 2027, 73.5, None),  # no series: the kabupaten's newest series
        ("ipm", "99.01", 2026, 99.0, None),  # gives way to the 2026 target naming its series
        ("p0", "99.01", 2025, 6.5, None),
        ("p0", "99", 2025, 5.0, None),  # the province's target is not the kabupaten's
        ("p0", "99.02", 2025, 4.0, None),
    ])  # fmt: skip
    return ind, tgt


def test_konteks_keeps_each_series_in_its_row_and_targets_in_their_series():
    ind, tgt = context_data()
    k = konteks(ind, tgt, "99.01")
    assert list(k.columns) == KOLOM_KONTEKS
    assert list(zip(k["indikator"], k["seri"], k["utama"], strict=True)) == [
        ("ipm", "revisi_2024", True), ("ipm", "lama", False), ("p0", None, True),
    ]  # fmt: skip
    rev, lama, p0 = (k.iloc[i].to_dict() for i in range(3))
    # the revised row: the province has no revised IPM, so none (never its old-series 71,1)
    assert (rev["nilai_kabupaten"], rev["tahun_kabupaten"]) == (71.8, 2024)
    assert rev["tahun_provinsi"] is None and rev["nilai_provinsi"] != rev["nilai_provinsi"]
    assert (rev["nilai_nasional"], rev["tahun_nasional"]) == (75.0, 2024)
    assert rev["target"] == {2025: 72.5, 2026: 73.0, 2027: 73.5}
    # the old series: every area's latest old-series value, and the old-series target
    assert [(lama[f"nilai_{a}"], lama[f"tahun_{a}"]) for a in ("kabupaten", "provinsi", "nasional")] == [
        (69.6, 2023), (71.1, 2023), (74.0, 2023)
    ]  # fmt: skip
    assert lama["target"] == {2025: 70.0}
    # P0: Maret, not the later September figure; Indonesia's figure without a period
    assert [(p0[f"nilai_{a}"], p0[f"tahun_{a}"]) for a in ("kabupaten", "provinsi", "nasional")] == [
        (7.0, 2024), (8.0, 2024), (9.0, 2024)
    ]  # fmt: skip
    assert p0["target"] == {2025: 6.5}


def test_konteks_main_row_is_the_newest_series_the_kabupaten_has():
    ind = obs([("99.01", "ipm", 2023, None, 69.6, "lama"),
               ("99", "ipm", 2024, None, 72.0, "revisi_2024"),
               ("00", "ipm", 2024, None, 75.0, None)])  # fmt: skip
    tgt = targets([("ipm", "99.01", 2025, 70.5, None)])
    k = konteks(ind, tgt, "99.01", keys=["ipm", "tpt"])  # no TPT anywhere: no row
    assert list(zip(k["seri"], k["utama"], strict=True)) == [
        ("revisi_2024", False), (None, False), ("lama", True),
    ]  # fmt: skip
    assert k["nilai_nasional"].tolist()[1] == 75.0  # a row without a series is a row of its own
    assert k.iloc[2]["target"] == {2025: 70.5} and k.iloc[0]["target"] == k.iloc[1]["target"] == {}
    assert konteks(None, tgt, "99.01").empty
    assert list(konteks(None, None, "99.01").columns) == KOLOM_KONTEKS


def _html_rows(text: str) -> list[list[str]]:
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", body)]


def test_deck_dashboard_and_shared_view_read_the_same_context():
    """One number per area and indicator in all three views, from :func:`konteks`.

    Before the one rule, the deck and the dashboard put the province's
    old-series IPM (71,1) beside the kabupaten's revised IPM and took the
    first 2025 IPM target whatever its series (70,0, an old-series target).
    """
    ind, tgt = context_data()
    ws = stub_workspace(ind, tgt)
    deck = konteks_indikator(ws, 2025)  # type: ignore[arg-type]
    html_rows = _html_rows(konteks_html(ws, 2025))  # type: ignore[arg-type]
    shared = context(ws)  # type: ignore[arg-type]
    main = konteks(ind, tgt, "99.01")
    main = main[main["utama"]].reset_index(drop=True)

    assert deck["indikator"].tolist() == ["ipm", "p0"] == main["indikator"].tolist()
    ipm = deck.iloc[0]
    assert (ipm["kabupaten"], ipm["tahun_kabupaten"], ipm["target"]) == (71.8, 2024, 72.5)
    assert ipm["tahun_provinsi"] is None and ipm["provinsi"] != ipm["provinsi"]
    ipm_line = ["Indeks Pembangunan Manusia", "71,80 (2024)", "–", "75,00 (2024)", "72,50"]
    assert html_rows[0] == ipm_line
    assert html_rows[1] == ["Persentase Penduduk Miskin", "7,00 (2024)", "8,00 (2024)", "9,00 (2024)", "6,50"]  # fmt: skip
    slide = konteks_slide(ws, 2025)  # type: ignore[arg-type]
    assert slide is not None and slide.tables[0].rows[0] == ipm_line

    # the shared view: every series row, the same numbers; its page picks the year's target
    assert [(r["indikator"], r["seri"]) for r in shared["rows"]] == [
        ("ipm", "seri revisi 2024"), ("ipm", "seri lama"), ("p0", None),
    ]  # fmt: skip
    assert shared["rows"][1]["nilai"] == [[69.6, 2023], [71.1, 2023], [74.0, 2023]]
    assert shared["rows"][1]["target"] == {"2025": 70.0}
    for i, row in enumerate(r for r in shared["rows"] if r["seri"] != "seri lama"):
        d = deck.iloc[i]
        want = [None if d[f"tahun_{a}"] is None else [d[a], d[f"tahun_{a}"]]
                for a in ("kabupaten", "provinsi", "nasional")]  # fmt: skip
        assert row["nilai"] == want
        assert row["target"]["2025"] == d["target"]
        cells = html_rows[i][1:4]
        assert cells == ["–" if w is None else f"{angka(w[0], 2)} ({w[1]})" for w in want]
        assert html_rows[i][4] == angka(d["target"], 2)
    assert shared["sumber"] == "Sumber: BPS (uji)" and shared["dokumen"] == ["RPJMD uji"]


# --------------------------------------------------------------------------- the ranking


def ranking_data() -> pd.DataFrame:
    """Three kabupaten of province 98 and one of 97, IPM in two series and P0 in Maret/September."""
    return obs([
        ("98.01", "ipm", 2023, None, 70.0, "revisi_2024"), ("98.02", "ipm", 2023, None, 72.0, "revisi_2024"),
        ("98.03", "ipm", 2023, None, 71.0, "revisi_2024"), ("98.02", "ipm", 2023, None, 60.0, "lama"),
        ("97.01", "ipm", 2023, None, 99.0, "revisi_2024"), ("98", "ipm", 2023, None, 71.5, "revisi_2024"),
        ("98.01", "ipm", 2022, None, 69.0, "revisi_2024"),
        ("98.01", "p0", 2024, "Maret", 8.0, None), ("98.02", "p0", 2024, "Maret", 6.0, None),
        ("98.03", "p0", 2024, "Maret", 9.0, None), ("98.03", "p0", 2024, "September", 1.0, None),
    ])  # fmt: skip


def test_ranking_best_first_in_one_series_of_the_kabupatens_province():
    from planlib.kesenjangan import peringkat_kabupaten

    ipm = peringkat_kabupaten(ranking_data(), "98.01", "ipm")
    assert (ipm.tahun, ipm.seri) == (2023, "revisi_2024")  # the kabupaten's latest year
    assert ipm.tabel["kode_wilayah"].tolist() == ["98.02", "98.03", "98.01"]  # higher is better
    assert ipm.tabel["nilai"].tolist() == [72.0, 71.0, 70.0]
    assert peringkat_kabupaten(ranking_data(), "98.01", "ipm", 2022).tabel["nilai"].tolist() == [
        69.0
    ]
    p0 = peringkat_kabupaten(ranking_data(), "98.01", "p0")
    assert p0.tabel["kode_wilayah"].tolist() == [
        "98.02",
        "98.01",
        "98.03",
    ]  # lower is better, Maret
    none = peringkat_kabupaten(ranking_data(), "98.01", "tpt")
    assert none.tahun is None and none.tabel.empty


def test_the_dashboard_and_the_deck_rank_alike(demo_ws):
    """The indicator dashboard's bars (best on top) and the deck's chart are the same ranking."""
    from planlib import open_workspace
    from planlib.dashboards.indikator import peringkat_figure
    from planlib.documents.deck import rembuk_deck
    from planlib.kesenjangan import peringkat_kabupaten

    ws = open_workspace(demo_ws)
    ranked = peringkat_kabupaten(ws.indikator, ws.wilayah.kabupaten, "ipm")
    assert ranked.tahun is not None and len(ranked.tabel) > 1
    fig, _ = peringkat_figure(ws, "ipm", ranked.tahun)
    assert list(fig.data[0].y)[::-1] == ranked.tabel["nama_wilayah"].tolist()
    assert list(fig.data[0].x)[::-1] == ranked.tabel["nilai"].tolist()
    # on a phone's width nothing is cut or laid on another text: the values inside the bars
    # (never past the frame's edge), the province and Indonesia named in the legend
    assert fig.data[0].textposition == "inside" and not fig.layout.annotations
    refs = [t.name for t in fig.data[1:] if t.showlegend is not False]
    assert len(refs) == 2 and all(": " in r for r in refs), refs
    assert all(s.layer == "below" for s in fig.layout.shapes)
    # the trend: every year ticked while they are few, thinned by Plotly over more
    tren, _ = tren_figure(ws, "ipm")
    years = [x for t in tren.data for x in t.x if x is not None]
    assert max(years) - min(years) > 8 and tren.layout.xaxis.dtick is None
    deck = rembuk_deck(ws, 2026)
    charts = [s.chart for s in deck.slides if s.chart is not None and "peringkat" in s.chart.title]
    assert charts and charts[0].labels == ranked.tabel["nama_wilayah"].tolist()


def test_the_rank_of_an_area_counts_from_the_best():
    from planlib.kesenjangan import Peringkat

    p = Peringkat(pd.DataFrame({"kode_wilayah": ["63.01", "63.06", "63.02"]}), 2024, None)
    assert [p.posisi(k) for k in ("63.01", "63.06", "63.02", "63.99")] == [1, 2, 3, None]

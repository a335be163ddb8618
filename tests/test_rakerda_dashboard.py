"""What the Rakerda dashboard shows: trend, ranking, RPJMD indicators per bidang, map, faktor.

The helpers of :mod:`planlib.rakerda` are checked on hand-made frames; the
view (:class:`planlib.dashboards.rakerda.RakerdaView`) on a copy of the demo.
"""

from __future__ import annotations

import math
import re
import shutil

import pandas as pd
import pytest

from planlib import open_workspace
from planlib.faktor import FaktorStore
from planlib.rakerda import (
    INDIKATOR_BIDANG,
    INDIKATOR_COLUMNS,
    KATEGORI,
    KATEGORI_COLOURS,
    KECAMATAN_COLUMNS,
    bidang_rules,
    faktor_laporan,
    indikator_bidang,
    per_kecamatan,
    peringkat,
    rakerda,
    tren,
)
from planlib.report import PlanlibError

from .test_rakerda import frame


def test_tren_is_rakerda_at_every_triwulan():
    rows = []
    for tw, rf, rk in ((1, 20.0, 10.0), (2, 45.0, 40.0), (3, 70.0, 60.0)):
        rows.append({"opd": "Dinas Kesehatan", "triwulan": tw, "target_fisik": 25.0 * tw,
                     "realisasi_fisik": rf, "realisasi_keuangan": rk})  # fmt: skip
    df = frame(*rows)
    t = tren(df, 2025, kabupaten="Kab")
    assert sorted(t["triwulan"].unique()) == [1, 2, 3]
    kab = t[t["tingkat"] == "kabupaten"].set_index("triwulan")
    assert kab["realisasi_fisik"].tolist() == [20.0, 45.0, 70.0]
    assert kab["persen_keuangan"].tolist() == [10.0, 40.0, 60.0]
    for tw in (1, 2, 3):
        pd.testing.assert_frame_equal(
            t[t["triwulan"] == tw].reset_index(drop=True),
            rakerda(df, 2025, tw, kabupaten="Kab"),
            check_dtype=False,  # the notes column: object after concat, str in one table
        )
    with pytest.raises(PlanlibError, match="2024"):
        tren(df, 2024)


def test_peringkat_best_first_ties_by_pagu_missing_last():
    df = frame(
        {"opd": "Dinas Kesehatan", "realisasi": 5.0},  # capaian 50
        {"opd": "Dinas Pendidikan", "realisasi": 9.0},  # 90
        {"opd": "Dinas Pertanian", "realisasi": 9.0, "pagu": 500.0},  # 90, larger pagu
        {"opd": "Dinas Sosial", "target": None},  # no capaian
    )
    table = rakerda(df, 2025)
    ranked = peringkat(table)
    assert ranked["nama"].tolist() == [
        "Dinas Pertanian", "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial",
    ]  # fmt: skip
    assert ranked["peringkat"].tolist()[:3] == [1, 2, 3] and pd.isna(ranked["peringkat"].iloc[3])
    b = table.loc[table["nama"] == "Dinas Kesehatan", "bidang"].iloc[0]
    assert set(peringkat(table, bidang=b)["bidang"]) == {b}
    assert peringkat(table, "persen_keuangan")["persen_keuangan"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="ukuran"):
        peringkat(table, "pagu")


def test_indikator_bidang_uses_the_kesenjangan_rule():
    from planlib.kesenjangan import kesenjangan

    ind = pd.DataFrame(
        [("99.01", "kabupaten", 2024, None, "ipm", 70.0, "indeks", None),
         ("99.01", "kabupaten", 2025, None, "ipm", 71.0, "indeks", None),
         ("99.01", "kabupaten", 2026, None, "ipm", 75.0, "indeks", None),  # after the year: unused
         ("99.01", "kabupaten", 2025, "Maret", "p0", 6.0, "persen", None),
         ("99.01", "kabupaten", 2025, None, "kode_tak_dikenal", 1.0, "x", None)],
        columns=["kode_wilayah", "level", "tahun", "periode", "indikator", "nilai", "satuan", "seri"],
    )  # fmt: skip
    tgt = pd.DataFrame(
        [("ipm", "99.01", 2025, 72.0, None), ("p0", "99.01", 2025, 7.5, None),
         ("kode_tak_dikenal", "99.01", 2025, 2.0, None)],
        columns=["indikator", "kode_wilayah", "tahun", "target", "seri"],
    )  # fmt: skip
    out = indikator_bidang(ind, tgt, 2025, "99.01")
    assert list(out.columns) == INDIKATOR_COLUMNS
    assert out["indikator"].tolist() == ["ipm", "p0"]  # manusia before ekonomi; unknown left out
    assert out["bidang"].tolist() == [INDIKATOR_BIDANG["ipm"], INDIKATOR_BIDANG["p0"]]
    gap = kesenjangan(ind, tgt, 2025, kode_wilayah=["99.01"]).set_index("indikator")
    for r in out.itertuples():
        assert (
            r.nilai == gap.at[r.indikator, "nilai"] and r.selisih == gap.at[r.indikator, "selisih"]
        )
    ipm = out.iloc[0]
    assert (ipm["nilai"], ipm["tahun_nilai"], ipm["tercapai"]) == (71.0, 2025, False)
    assert bool(out.iloc[1]["tercapai"]) is True  # 6,0 % against 7,5 %: lower is better
    assert indikator_bidang(ind, tgt, 2025, "99.01", bidang="ekonomi")["indikator"].tolist() == [
        "p0"
    ]
    assert indikator_bidang(ind, None, 2025, "99.01").empty


def test_per_kecamatan_weights_by_pagu_and_leaves_out_rows_without_lokasi():
    df = frame(
        {"opd": "A", "kode_kecamatan": "99.01.01", "pagu": 100.0, "realisasi_fisik": 50.0,
         "realisasi_keuangan": 40.0},
        {"opd": "B", "kode_kecamatan": "99.01.01", "pagu": 300.0, "realisasi_fisik": 150.0,
         "realisasi_keuangan": 300.0},
        {"opd": "A", "kode_kecamatan": "99.01.02", "pagu": 0.0, "realisasi_fisik": 10.0},
        {"opd": "A", "kode_kecamatan": None, "pagu": 900.0, "realisasi_fisik": 0.0},
    )  # fmt: skip
    out = per_kecamatan(df, 2025).set_index("kode_kecamatan")
    assert list(out.reset_index().columns) == KECAMATAN_COLUMNS
    assert list(out.index) == ["99.01.01", "99.01.02"]
    one = out.loc["99.01.01"]
    assert one["jumlah_sub_kegiatan"] == 2 and one["pagu"] == 400.0
    assert one["realisasi_fisik"] == pytest.approx((50 * 100 + 100 * 300) / 400)  # capped at 100
    assert one["persen_keuangan"] == pytest.approx(340 / 400 * 100)
    assert math.isnan(out.loc["99.01.02", "realisasi_fisik"])  # no pagu: no weight
    only_b = per_kecamatan(df, 2025, opd=["B"])
    assert only_b["kode_kecamatan"].tolist() == ["99.01.01"] and only_b["pagu"].tolist() == [300.0]
    assert per_kecamatan(df, 2025, opd=["C"]).empty


def test_faktor_laporan_counts_per_opd():
    df = frame(
        {"opd": "A", "faktor_penghambat": "Cuaca"},
        {"opd": "A", "faktor_penghambat": "Cuaca"},
        {"opd": "A", "faktor_penghambat": "Lahan", "faktor_pendorong": "Desa"},
        {"opd": "B", "faktor_pendorong": "nan"},
        {"opd": "A", "faktor_penghambat": "Lama", "triwulan": 3},
    )
    out = faktor_laporan(df, 2025)
    assert out.to_dict("records") == [
        {"opd": "A", "jenis": "pendorong", "faktor": "Desa", "jumlah": 1},
        {"opd": "A", "jenis": "penghambat", "faktor": "Cuaca", "jumlah": 2},
        {"opd": "A", "jenis": "penghambat", "faktor": "Lahan", "jumlah": 1},
    ]


def test_every_band_has_a_colour_and_the_colours_differ():
    names = [n for _, n in KATEGORI]
    assert set(KATEGORI_COLOURS) == set(names)
    assert len({bg for bg, _ in KATEGORI_COLOURS.values()}) == len(names)


def test_bidang_rules_of_the_workspace(tmp_path, demo_ws):
    ws = open_workspace(demo_ws)
    assert bidang_rules(ws).classify("Dinas Kesehatan") == "pembangunan manusia"
    root = tmp_path / "ws"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache", "*.sqlite*"))
    (root / "bidang.csv").write_text("pola,bidang\nkesehatan,ekonomi\n", encoding="utf-8")
    toml = (root / "planlib.toml").read_text(encoding="utf-8")
    toml = toml.replace("[usulan]\n", '[usulan]\nbidang = "bidang.csv"\n')
    (root / "planlib.toml").write_text(toml, encoding="utf-8")
    assert bidang_rules(open_workspace(root)).classify("Dinas Kesehatan") == "ekonomi"


# --------------------------------------------------------------------------- the workspace


def test_demo_realisasi_in_the_workspace(demo_ws):
    ws = open_workspace(demo_ws)
    assert sorted(ws.realisasi) == [2024, 2025, 2026]
    reports = [f for f in ws.report.files if f.kind == "realisasi"]
    assert len(reports) == 3 and all(f.balanced for f in reports)
    for t, df in ws.realisasi.items():
        fr = next(f for f in reports if f.path.endswith(f"realisasi_{t}.xlsx"))
        assert len(df) == fr.rows_loaded > 50
        assert set(df["opd"]) <= set(ws.pohon_kinerja["opd"]) | set(ws.renja["opd"])
    assert sorted(ws.realisasi[2026]["triwulan"].unique()) == [1, 2, 3]  # the year still runs
    assert sorted(ws.realisasi[2025]["triwulan"].unique()) == [1, 2, 3, 4]


def test_realisasi_comes_back_from_the_cache_and_follows_the_plan(demo_ws, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache"))
    first = open_workspace(root)
    second = open_workspace(root)
    assert any(p.name.startswith("realisasi-") for p in (root / ".planlib-cache").iterdir())
    for t in first.realisasi:
        pd.testing.assert_frame_equal(first.realisasi[t], second.realisasi[t])
    assert first.report.to_dict() == second.report.to_dict()
    # the plan's OPD names are part of the key: renamed there, the realisasi is matched again
    renja = root / "perencanaan" / "renja.csv"
    pohon = root / "perencanaan" / "pohon_kinerja.csv"
    for p in (renja, pohon):
        p.write_text(p.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan Kab"),
                     encoding="utf-8")  # fmt: skip
    third = open_workspace(root)
    assert "Dinas Kesehatan Kab" in set(third.realisasi[2025]["opd"])
    assert "Dinas Kesehatan Kab" not in set(first.realisasi[2025]["opd"])


# --------------------------------------------------------------------------- the view


@pytest.fixture(scope="module")
def view_ws(demo_ws, tmp_path_factory):
    root = tmp_path_factory.mktemp("rakerda_view") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache", "*.sqlite*"))
    return root


def test_view_follows_the_bidang_and_triwulan(view_ws):
    from planlib.dashboards.rakerda import SEMUA, RakerdaView

    ws = open_workspace(view_ws)
    v = RakerdaView(ws, 2025)
    v.finish()
    table = rakerda(ws.realisasi[2025], 2025, kabupaten=ws.config.nama)
    # every OPD of the table on the scorecard, with its band's word
    for r in table[table["tingkat"] == "opd"].itertuples():
        assert r.nama.replace(",", ",") in v.skor.value
    assert v.skor.value.count("rakerda-kat") >= 2 * len(table)
    all_opd = v.w_opd.options
    b = next(o for o in v.w_bidang.options if o != SEMUA)
    before = v.skor.value, v._map_fig.to_json(), v.tertinggal.value
    v.w_bidang.value = b
    assert v.skor.value != before[0] and v._map_fig.to_json() != before[1]
    want = table[(table["tingkat"] == "opd") & (table["bidang"] == b)]["nama"].tolist()
    assert list(v.w_opd.options) == want and len(want) < len(all_opd)
    assert f"Bidang {b}" in v.skor.value
    for o in set(all_opd) - set(want):
        assert f"<td>&nbsp;&nbsp;&nbsp;{o}</td>" not in v.skor.value
    top = re.search(r"<div class='v'>([^<]+)</div><div class='k'>pagu", v.cards.value).group(1)
    from planlib.formatting import rupiah

    assert top == rupiah(table.loc[table["nama"] == b, "pagu"].iloc[0])
    v.w_bidang.value = SEMUA
    v.w_tw.value = 1
    assert v.skor.value != before[0]
    assert v._map_fig.layout.title.text.endswith("TW I")


def test_faktor_recorded_in_the_view_is_found_by_a_new_view(view_ws):
    from planlib.dashboards.rakerda import RakerdaView

    ws = open_workspace(view_ws)
    v = RakerdaView(ws, 2025)
    opd = v.w_opd.options[1]
    v.w_opd.value = opd
    v.w_jenis.value = "penghambat"
    v.w_oleh.value = "Notulis Rakerda"
    v.w_faktor.value = "Banjir bulan Mei menunda pekerjaan"
    v.b_catat.click()
    assert "Tercatat" in v.pesan.value and v.w_faktor.value == ""
    assert "Banjir bulan Mei menunda pekerjaan" in v.faktor_tabel.value
    cur = FaktorStore(view_ws).current(2025)
    assert cur[["opd", "jenis", "oleh"]].values.tolist()[-1] == [
        opd,
        "penghambat",
        "Notulis Rakerda",
    ]
    again = RakerdaView(open_workspace(view_ws), 2025)
    assert "Banjir bulan Mei menunda pekerjaan" in again.faktor_tabel.value
    # refused input is a sentence on the page, nothing is written
    v.w_oleh.value = ""
    v.w_faktor.value = "tanpa nama"
    v.b_catat.click()
    assert "Nama pencatat" in v.pesan.value and len(FaktorStore(view_ws).current()) == len(cur)


def test_view_without_realisasi_of_the_year_says_so(view_ws):
    from planlib.dashboards.rakerda import RakerdaView

    with pytest.raises(ValueError, match="realisasi tahun 2030"):
        RakerdaView(open_workspace(view_ws), 2030)


def test_cli_rakerda_on_the_demo_reads_ws_realisasi(demo_ws, tmp_path):
    from typer.testing import CliRunner

    from planlib.cli import app
    from planlib.demo import OPD

    root = tmp_path / "ws"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache", "*.sqlite*"))
    out = tmp_path / "r.csv"
    res = CliRunner().invoke(app, ["rakerda", str(root), "--tahun", "2026", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "realisasi_2026.xlsx" in res.output and "realisasi_2025.xlsx" not in res.output
    body = pd.read_csv(out)
    assert set(body.loc[body["tingkat"] == "opd", "nama"]) == set(OPD.values())
    assert (body["triwulan"] == 3).all()  # the demo's last year runs up to triwulan III
    ws = open_workspace(root)
    want = rakerda(ws.realisasi[2026], 2026, kabupaten=ws.config.nama)
    assert body["pagu"].tolist() == pytest.approx(want["pagu"].tolist())


def test_link_parameters_set_the_filters(view_ws):
    from planlib.dashboards.rakerda import SEMUA, RakerdaView

    v = RakerdaView(open_workspace(view_ws), 2025)
    v.apply_link({"bidang": "ekonomi", "triwulan": "2"})
    assert (v.w_bidang.value, v.w_tw.value) == ("ekonomi", 2)
    assert set(v.table()["bidang"]) == {"ekonomi"} and set(v.table()["triwulan"]) == {2}
    v.apply_link({"bidang": "tidak ada", "triwulan": "9"})  # unknown values are ignored
    assert (v.w_bidang.value, v.w_tw.value) == ("ekonomi", 2)
    v.w_bidang.value = SEMUA
    assert len(v.opd()) == len(set(open_workspace(view_ws).realisasi[2025]["opd"]))


def test_a_missing_realisasi_file_is_reported_and_the_rest_loads(demo_ws, tmp_path):
    from typer.testing import CliRunner

    from planlib.cli import app

    root = tmp_path / "ws"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache", "*.sqlite*"))
    (root / "realisasi" / "realisasi_2025.xlsx").unlink()
    ws = open_workspace(root)
    fatal = [f for f in ws.report.files if f.kind == "realisasi" and f.fatal]
    assert len(fatal) == 1 and fatal[0].path.endswith("realisasi_2025.xlsx")
    assert ws.realisasi[2025].empty and len(ws.realisasi[2026]) > 50
    assert len(ws.usulan[2026]) > 1000  # one bad file hides nothing else
    res = CliRunner().invoke(app, ["check", str(root), "--no-cache"])
    assert res.exit_code == 2 and "realisasi_2025.xlsx" in res.output


def test_scorecard_and_deck_downloads_open(view_ws):
    """06 offers its scorecard as xlsx and its deck as pptx + PDF, made on the click."""
    import base64
    import io
    import re

    from openpyxl import load_workbook
    from pptx import Presentation

    from planlib.dashboards.layout import Download
    from planlib.dashboards.rakerda import RakerdaView

    v = RakerdaView(open_workspace(view_ws), 2025)
    v.finish()
    found, todo = {}, [v.widget()]
    while todo:
        x = todo.pop()
        if isinstance(x, Download):
            found[x.button.description] = x
        todo.extend(getattr(x, "children", ()))

    def files(text: str) -> dict[str, bytes]:
        (d,) = [d for k, d in found.items() if k.startswith(text)]
        d.button.click()
        got = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', d.link.value)
        assert got, d.link.value
        return {name: base64.b64decode(b) for name, b in got}

    (xlsx,) = files("Unduh kartu nilai").values()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    names = [r[1] for r in sheet.iter_rows(values_only=True)]
    assert all(n in names for n in v.table()["nama"])
    deck = files("Unduh deck Rakerda")
    pptx = next(b for n, b in deck.items() if n.endswith(".pptx"))
    assert len(Presentation(io.BytesIO(pptx)).slides) >= 2
    assert any(n.endswith(".pdf") and b[:4] == b"%PDF" for n, b in deck.items())

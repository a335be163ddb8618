"""``planlib deck``: editable 16:9 decks read back with python-pptx, the same content as PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu
from typer.testing import CliRunner

from planlib import choices, open_workspace, ranking, rekap
from planlib.cli import app
from planlib.documents import charts
from planlib.documents.charts import MapChart, render
from planlib.formatting import angka, rupiah
from planlib.report import PlanlibError

from .support import need_module, unavailable

runner = CliRunner()
LABEL = "DATA CONTOH — sintetis"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def tables(slide) -> list[list[list[str]]]:
    out = []
    for sh in slide.shapes:
        if sh.has_table:
            t = sh.table
            out.append(
                [[t.cell(r, c).text for c in range(len(t.columns))] for r in range(len(t.rows))]
            )
    return out


def pictures(slide) -> int:
    return sum(1 for sh in slide.shapes if sh.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE


def title(slide) -> str:
    return texts(slide)[0]


@pytest.fixture(scope="module")
def dapil_deck(demo_ws, tmp_path_factory):
    out = tmp_path_factory.mktemp("deck") / "dapil2.pptx"
    res = run(
        "deck", demo_ws, "--tahun", 2026, "--dapil", "2", "--gambar", "matplotlib", "--out", out
    )
    assert res.exit_code == 0, res.output
    return out, res.output


def test_dapil_deck_slides_pictures_and_numbers(demo_ws, dapil_deck):
    out, output = dapil_deck
    assert "slide 1/" in output and "Menggambar" in output  # progress while it builds
    ws = open_workspace(demo_ws)
    dapil = choices.match_dapil(ws, "2")
    kec = ws.kecamatan[ws.kecamatan["dapil"] == dapil].sort_values("nama")
    prs = Presentation(str(out))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    slides = list(prs.slides)
    # title, dapil map, one per kecamatan, usulan per OPD, indicator context
    assert len(slides) == 2 + len(kec) + 2
    for s in slides:
        t = texts(s)
        assert LABEL in t and any("Kabupaten Contoh" in x for x in t)
    assert pictures(slides[1]) == 1  # the dapil map
    df = rekap.saring(ws, rekap.Saring(tahun=2026, dapil=dapil))
    by_title = {title(s): s for s in slides}
    for kode, nama in zip(kec["kode"], kec["nama"], strict=True):
        s = by_title[f"Kecamatan {nama}"]
        assert pictures(s) == 1  # its map
        mine = df[df["kode_kecamatan"] == kode]
        t = texts(s)
        assert angka(len(mine)) in t and rupiah(mine["anggaran"].sum()) in t
        assert rekap.ringkasan(mine)["isu"][0] in t
        prio, opd = tables(s)
        want = ranking.teratas(mine[mine["usulan_ke"] <= 3], len(prio) - 1)
        assert len(prio) > 1
        assert [r[3] for r in prio[1:]] == [rupiah(a) for a in want["anggaran"]]
        assert [r[0] for r in prio[1:]] == [str(int(k)) for k in want["usulan_ke"]]
        g = ranking.per_opd(mine).head(len(opd) - 1)
        assert [r[1] for r in opd[1:]] == [angka(n) for n in g["jumlah"]]
        assert [r[3] for r in opd[1:]] == [rupiah(a) for a in g["anggaran"]]
    (per,) = tables(by_title[f"Usulan per OPD tujuan — {dapil}"])
    g = ranking.per_opd(df).head(12)
    assert [r[1] for r in per[1:]] == [angka(n) for n in g["jumlah"]]
    assert [r[2] for r in per[1:]] == [angka(n) for n in g["prioritas_1"]]
    assert [r[3] for r in per[1:]] == [rupiah(a) for a in g["anggaran"]]


def test_the_pdf_has_the_same_slides(dapil_deck):
    pypdf = need_module("pypdf", "it reads the PDF back")
    out, _ = dapil_deck
    pdf = pypdf.PdfReader(out.with_suffix(".pdf"))
    prs = Presentation(str(out))
    assert len(pdf.pages) == len(prs.slides)
    for page, slide in zip(pdf.pages, prs.slides, strict=True):
        text = page.extract_text()
        assert LABEL in text
        assert title(slide).split(" — ")[0] in text
    w, h = (float(x) for x in pdf.pages[0].mediabox[2:])
    assert w / h == pytest.approx(16 / 9, rel=1e-3)


def test_rembuk_lists_every_kecamatan_once_with_its_numbers(demo_ws, tmp_path):
    out = tmp_path / "rembuk.pptx"
    res = run(
        "deck",
        demo_ws,
        "--tahun",
        2026,
        "--rembuk",
        "--gambar",
        "matplotlib",
        "--out",
        out,
        "--no-pdf",
    )
    assert res.exit_code == 0, res.output
    assert not out.with_suffix(".pdf").exists()
    ws = open_workspace(demo_ws)
    slides = list(Presentation(str(out)).slides)
    names = [title(s) for s in slides]
    for t in (
        "Indeks Pembangunan Manusia",
        "Persentase Penduduk Miskin",
        "Tingkat Pengangguran Terbuka",
    ):
        assert t in names
        s = slides[names.index(t)]
        assert pictures(s) == 1 and any("dari" in x for x in texts(s))  # the ranking
    (peta,) = [s for s in slides if title(s) == "Peta masalah Rembuk Remas"]
    assert pictures(peta) == 1 and len(tables(peta)) == 1  # the map of recorded masalah
    rows = [
        r for s in slides if title(s) == "Masalah dan isu per kecamatan" for r in tables(s)[0][1:]
    ]
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(rekap.usulan_tahun(ws, 2026), areas["kode"])
    want = dict(zip(areas["nama"], per["jumlah"].reindex(areas["kode"]), strict=True))
    assert sorted(r[0] for r in rows) == sorted(want)  # every kecamatan, once, across pages
    assert all(r[1] == angka(want[r[0]]) for r in rows)


def test_rakerda_deck_scorecard_equals_rakerda(demo_ws, tmp_path):
    from planlib.documents.deck import rakerda_table

    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)  # the demo carries its realisasi exports ([realisasi])
    assert 2025 in open_workspace(root).realisasi
    out = tmp_path / "rakerda.pptx"
    res = run("deck", root, "--tahun", 2025, "--rakerda", "--gambar", "matplotlib", "--out", out)
    assert res.exit_code == 0, res.output
    table, _behind = rakerda_table(open_workspace(root), 2025)
    slides = list(Presentation(str(out)).slides)
    names = [title(s) for s in slides]
    (score,) = tables(slides[names.index("Kinerja per bidang")])
    bid = table[table["tingkat"] == "bidang"]
    assert [r[0] for r in score[1:]] == list(bid["nama"])
    assert [r[2] for r in score[1:]] == [f"{angka(v, 1)}%" for v in bid["persen_keuangan"]]
    assert [r[5] for r in score[1:]] == list(bid["kategori"])  # the word, not colour alone
    shown = sorted(r[0] for s in slides if title(s).startswith("Bidang ") for r in tables(s)[0][1:])
    full = sorted(table.loc[table["tingkat"] == "opd", "nama"])
    assert len(shown) == len(full)  # every OPD once (long names are cut with "…")
    assert all(
        f == s or (s.endswith("…") and f.startswith(s[:-1]))
        for s, f in zip(shown, full, strict=True)
    )


def test_rakerda_without_realisasi_says_what_to_add(demo_ws, tmp_path):
    res = run(
        "deck", demo_ws, "--tahun", 2031, "--rakerda", "--out", tmp_path / "x.pptx"
    )  # no realisasi
    assert res.exit_code == 2 and "[realisasi]" in res.output


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Pilih satu"),
        (["--dapil", "1", "--rembuk"], "Pilih satu"),
        (["--dapil", "99"], "tidak dikenal"),
    ],
)
def test_deck_refuses_with_a_sentence(demo_ws, tmp_path, args, message):
    res = run("deck", demo_ws, "--tahun", 2026, "--out", tmp_path / "x.pptx", *args)
    assert res.exit_code == 2 and message in res.output, res.output


# --------------------------------------------------------------------------- the two engines


def _chart(demo_ws) -> MapChart:
    ws = open_workspace(demo_ws)
    areas = rekap.areas(ws, "kecamatan")
    pal = list(charts.PALETTE)
    fill = [pal[i % 6] for i in range(len(areas))]
    return MapChart(areas, fill, "Uji warna", labels=False)


def _has(img: Image.Image, colour: str) -> int:
    a = np.asarray(img.convert("RGB")).reshape(-1, 3).astype(int)
    rgb = np.array(charts._rgb(colour)) * 255
    return int((np.abs(a - rgb).max(axis=1) <= 3).sum())


def test_kaleido_and_matplotlib_draw_the_same_colours(demo_ws, tmp_path):
    chart = _chart(demo_ws)
    try:
        k = render([chart], tmp_path / "k", engine="kaleido")
    except PlanlibError as e:
        unavailable(f"kaleido cannot start a browser here: {e}")
    m = render([chart], tmp_path / "m", engine="matplotlib")
    assert (k.engine, m.engine) == ("kaleido", "matplotlib")
    for r in (k, m):
        img = Image.open(r.paths[0])
        assert img.size == (chart.width, chart.height)
        for colour in set(chart.fill):
            assert _has(img, colour) > 200, (r.engine, colour)  # each fill is painted


def test_without_a_browser_the_fallback_draws(demo_ws, tmp_path, monkeypatch):
    def no_browser(*_a, **_k):
        raise RuntimeError("BrowserFailedError: no Chrome")

    monkeypatch.setattr(charts, "_kaleido", no_browser)
    r = render([_chart(demo_ws)], tmp_path, engine="otomatis")
    assert r.engine == "matplotlib" and "kaleido" in r.note and r.paths[0].stat().st_size > 0
    with pytest.raises(PlanlibError, match="matplotlib"):
        render([_chart(demo_ws)], tmp_path, engine="kaleido")


def test_deck_renders_in_libreoffice(dapil_deck):
    """The .pptx opens in LibreOffice and renders; the PNG is kept to look at."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        unavailable("LibreOffice (libreoffice-impress) or pdftoppm (poppler-utils) not installed")
    out, _ = dapil_deck
    folder = ARTIFACTS / "deck"
    folder.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    pdf = folder / out.with_suffix(".pdf").name
    assert res.returncode == 0 and pdf.exists(), res.stderr
    subprocess.run(["pdftoppm", "-r", "60", "-f", "3", "-l", "3", "-png", str(pdf), str(folder / "dapil2")],
                   check=True, timeout=120)  # fmt: skip
    (png,) = folder.glob("dapil2-*3.png")
    img = np.asarray(Image.open(png).convert("L"))
    assert img.shape[1] / img.shape[0] == pytest.approx(16 / 9, rel=0.02)
    assert (img < 200).mean() > 0.03  # text, a map and tables, not a blank page
    assert Emu(Presentation(str(out)).slide_width).inches == pytest.approx(13.333, abs=0.01)


# --------------------------------------------------------------------------- the Rembuk Remas map


def test_rembuk_map_colours_each_desa_by_its_recorded_masalah(demo_ws):
    from planlib.documents.deck import rembuk_deck
    from planlib.masalah.store import MasalahStore
    from planlib.viz import labels as lab
    from planlib.viz import map_names, scales

    ws = open_workspace(demo_ws)
    cur = MasalahStore(ws.root).current(2026)
    want = cur[cur["tingkat"] == "desa"].groupby("kode_wilayah").size()
    assert len(want) > 0  # the demo records masalah for 2026
    deck = rembuk_deck(ws, 2026)
    (s,) = [s for s in deck.slides if s.title == "Peta masalah Rembuk Remas"]
    chart = s.chart
    assert isinstance(chart, MapChart)
    kode = list(chart.areas["kode"])
    coloured = {k for k, f in zip(kode, chart.fill, strict=True) if f != scales.EMPTY_COLOR}
    assert coloured == set(want.index)  # every desa with masalah, and no other
    by_count: dict[int, set[str]] = {}
    for k, f in zip(kode, chart.fill, strict=True):
        if k in coloured:
            by_count.setdefault(int(want[k]), set()).add(f)
    assert all(len(c) == 1 for c in by_count.values())  # the colour is the count
    assert s.cards[0] == (angka(len(cur)), "masalah & isu tercatat")
    assert s.cards[1][0] == angka(len(want))
    # the desa with masalah are named, placed by the maps' label rule, none left out
    assert set(chart.names["kode"]) == set(want.index)
    placed = map_names.place_names(chart.areas, charts.map_view(chart), names=chart.names,
                              dapil=None, size=lab.SIZE_PRESENTASI)  # fmt: skip
    assert len(placed.labels) == len(want)
    (table,) = s.tables
    nama = dict(zip(chart.areas["kode"], chart.areas["nama"], strict=True))
    assert {r[0]: r[2] for r in table.rows} == {nama[k]: angka(n) for k, n in want.items()}
    # a year without recorded masalah has no such slide
    assert cur["tahun"].eq(2026).all() and not len(MasalahStore(ws.root).current(2025))
    assert "Peta masalah Rembuk Remas" not in [x.title for x in rembuk_deck(ws, 2025).slides]


# --------------------------------------------------------------------------- the one layout


class _Recorder:
    """A Canvas that records what the layout asks for, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def begin(self) -> None:
        self.calls.append(("begin",))

    def band(self, box) -> None:
        self.calls.append(("band", box))

    def text(self, role, box, s) -> None:
        self.calls.append(("text", role, box, s))

    def card(self, box, value, what) -> None:
        self.calls.append(("card", box, value, what))

    def image(self, path, box) -> None:
        self.calls.append(("image", box))

    def table(self, t, x, y, w, heights) -> float:
        self.calls.append(("table", (x, y, w, sum(heights)), len(t.rows)))
        return sum(heights)

    def end(self) -> None:
        self.calls.append(("end",))


def test_the_layout_walks_each_slide_once_above_its_foot(demo_ws):
    from planlib.documents.deck import dapil_deck, fit_tables
    from planlib.documents.deck.layout import FOOT, H, W, draw

    deck = dapil_deck(open_workspace(demo_ws), 2026, "2")
    for s in deck.slides:
        fit_tables(s)
    rec = _Recorder()
    said: list[str] = []
    draw(deck, rec, said.append)
    n = len(deck.slides)
    assert [c[0] for c in rec.calls].count("begin") == n == len(said)
    assert said[0] == f"  slide 1/{n}: {deck.slides[0].title}"
    pages = [c[3] for c in rec.calls if c[0] == "text" and c[1] == "page"]
    assert pages == [f"{i}/{n}" for i in range(1, n + 1)]
    labels = [c for c in rec.calls if c[0] == "text" and c[1] == "label"]
    assert len(labels) == n and all(c[3] == LABEL for c in labels)
    for c in rec.calls:
        if c[0] in ("text", "card", "table", "band"):
            x, y, w, h = c[2] if c[0] == "text" else c[1]
            assert x >= 0 and x + w <= W + 1e-9 and y >= 0 and y + h <= H
        if c[0] == "table":  # tables end above the foot
            x, y, w, h = c[1]
            assert y + h <= FOOT
    assert sum(1 for c in rec.calls if c[0] == "table") == sum(len(s.tables) for s in deck.slides)

"""The Rakerda deck (``planlib deck --rakerda``).

The kabupaten's cards and the scorecard by bidang
(:func:`planlib.rakerda.rakerda_table`), capaian keluaran per bidang as a
chart, each bidang's OPD, and the sub kegiatan far behind
(:func:`planlib.rakerda.tertinggal`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...formatting import angka, persen, rupiah
from ...rakerda import rakerda_table
from ...viz.figures import short_opd
from ...workspace import Workspace
from ..charts import BarChart
from .layout import paged
from .model import Deck, Slide, Table
from .pieces import cut, title_slide


def _pct(v: Any) -> str:
    return persen(v, 1)


def _kat(v: Any) -> str:
    return v if isinstance(v, str) else "–"


SCORE_HEADER = [
    "Nama",
    "Pagu",
    "Keuangan",
    "Fisik",
    "Keluaran",
    "Kategori keluaran",
    "Kategori keuangan",
]
SCORE_WIDTHS = [4.2, 1.6, 1.1, 1.0, 1.1, 1.6, 1.6]


def _score_row(r: Mapping[Any, Any], width: int = 46) -> list[str]:
    return [cut(r["nama"], width), rupiah(r["pagu"]), _pct(r["persen_keuangan"]), _pct(r["realisasi_fisik"]),
            _pct(r["capaian_keluaran"]), _kat(r["kategori"]), _kat(r["kategori_keuangan"])]  # fmt: skip


def rakerda_deck(ws: Workspace, tahun: int, triwulan: int | None = None) -> Deck:
    """The Rakerda deck: the kabupaten's cards, the scorecard by bidang, each bidang's OPD, the laggards.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        The budget year evaluated.
    triwulan : int, optional
        1–4; the latest present by default.

    Returns
    -------
    Deck
        The slides, to write with :func:`planlib.documents.deck.write_deck`.
    """
    table, behind = rakerda_table(ws, tahun, triwulan)
    tw = int(table["triwulan"].iloc[0]) if len(table) else triwulan
    kab = table[table["tingkat"] == "kabupaten"]
    slides = [
        title_slide(
            "Rapat Kerja Daerah", f"Kinerja {ws.config.nama} tahun {tahun}, triwulan {tw}", ws
        )
    ]
    bid = table[table["tingkat"] == "bidang"]
    cards = []
    if len(kab):
        k = kab.iloc[0]
        cards = [(rupiah(k["pagu"]), "pagu"), (_pct(k["persen_keuangan"]), "realisasi keuangan"),
                 (_pct(k["realisasi_fisik"]), "realisasi fisik"),
                 (f"{_pct(k['capaian_keluaran'])} · {_kat(k['kategori'])}", "capaian keluaran")]  # fmt: skip
    chart = BarChart([str(b) for b in bid["nama"]], [float(x) for x in bid["capaian_keluaran"].fillna(0)],
                     f"Capaian keluaran per bidang — triwulan {tw} (%)", digits=1, start_zero=True,
                     width=1100, height=560)  # fmt: skip
    src = (f"Sumber: laporan realisasi fisik dan keuangan {tahun} triwulan {tw}. Kategori: Permendagri "
           "86/2017 (sangat tinggi ≥ 91%, tinggi 76–90, sedang 66–75, rendah 51–65, sangat rendah ≤ 50).")  # fmt: skip
    slides.append(Slide("Kinerja per bidang", f"{ws.config.nama} — {tahun}, triwulan {tw}", cards=cards,
                        tables=[Table(["Bidang", *SCORE_HEADER[1:]],
                                      [_score_row(r, 30) for r in bid.to_dict("records")],
                                      SCORE_WIDTHS, right=(1, 2, 3, 4))],
                        sumber=src))  # fmt: skip
    if len(bid):
        slides.append(Slide("Capaian keluaran per bidang", f"{tahun}, triwulan {tw}", chart=chart,
                            sumber=src))  # fmt: skip
    for b in bid["nama"]:
        opd = table[(table["tingkat"] == "opd") & (table["bidang"] == b)]
        rows = [_score_row(r) for r in opd.to_dict("records")]

        def page(part: list[list[str]], first: bool, b: Any = b) -> Slide:
            return Slide(f"Bidang {b}", f"Kinerja OPD — {tahun}, triwulan {tw}",
                         tables=[Table(SCORE_HEADER, part, SCORE_WIDTHS, right=(1, 2, 3, 4))],
                         sumber=src)  # fmt: skip

        slides += paged(page, rows)
    if len(behind):
        rows = [[short_opd(str(r["opd"]), 30), cut(r["sub_kegiatan"], 46), rupiah(r["pagu"]),
                 _pct(r["harapan_fisik"]), _pct(r["realisasi_fisik"]), angka(r["selisih"], 1)]
                for r in behind.head(10).to_dict("records")]  # fmt: skip
        slides.append(Slide("Sub kegiatan tertinggal", f"Masukan RKPD {tahun + 1}: {angka(len(behind))} sub kegiatan",
                            tables=[Table(["OPD", "Sub kegiatan", "Pagu", "Harapan fisik", "Realisasi fisik",
                                           "Selisih (poin)"], rows, [2.6, 4.4, 1.5, 1.3, 1.3, 1.2],
                                          right=(2, 3, 4, 5))],
                            sumber="Tertinggal: realisasi fisik ≥ 20 poin di bawah target fisik (docs/rakerda.md)."))  # fmt: skip
    return Deck(f"Rakerda {tahun}", slides, ws.config.nama, ws.label, tahun)

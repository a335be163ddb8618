"""A desa letter as a PDF (A4 landscape, ReportLab): the same content as the .xlsx, every column.

A text longer than :data:`PDF_TEKS_MAKS` characters is cut with a note, and a
row still taller than a page is split across pages (:func:`planlib.documents.pdf.table`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from ...formatting import angka
from ...neutralise import printable
from .content import KOLOM, _addressee, _cell_value, _intro, _kepala, _signature_lines, _title, clip
from .table import totals

#: Column widths of the PDF's table in mm (A4 landscape less 2 × 10 mm margins = 277 mm).
_PDF_MM = (8, 23, 14, 47, 16, 22, 30, 20, 34, 25, 38)

#: Longest text of one cell of a letter's PDF (characters); a longer text is cut with a note.
PDF_TEKS_MAKS = 2000


def write_desa_pdf(
    rows: pd.DataFrame,
    path: Path,
    *,
    judul: str,
    tahun: int,
    label: str | None = None,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    nomor: str | None = None,
) -> Path:
    """Write one desa's letter as a PDF (A4 landscape), the same content as :func:`write_desa_xlsx`.

    Parameters
    ----------
    rows, path, judul, tahun, label, tempat_tanggal, tanggal, nomor
        As for :func:`write_desa_xlsx`.

    Returns
    -------
    Path
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table

    from ..pdf import numbered_canvas, para, styles, table

    st = styles(9.0)
    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    story: list[Any] = [para(t, st["title"]) for t in [*_title(tahun), judul.upper()]]
    if label:
        story.append(para(label, st["label"]))
    lines, where = _kepala(tahun, tanggal, nomor, tempat_tanggal)
    head = Table(
        [[para(n, st["body"]), para(f": {v}", st["body"]), para(where if i == 0 else "", st["body"])]
         for i, (n, v) in enumerate(lines)],
        colWidths=[22 * mm, 150 * mm, 105 * mm], hAlign="LEFT",
    )  # fmt: skip
    head.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("ALIGN", (2, 0), (2, 0), "RIGHT")])  # fmt: skip
    story += [
        Spacer(1, 4 * mm),
        head,
        Spacer(1, 4 * mm),
        para(f"Kepada Yth. {_addressee(first['profil'], desa)}", st["cell_bold"]),
        para(f"Kecamatan {kec}", st["body"]),
        Spacer(1, 2 * mm),
        para(_intro(tahun, judul), st["body"]),
        Spacer(1, 3 * mm),
    ]
    t = totals(rows)
    story.append(
        table(
            [["Keputusan Forum", "Jumlah usulan", "Anggaran (Rp)"]]
            + [[str(n), angka(r["jumlah"]), angka(r["anggaran"])] for n, r in t.iterrows()],
            [45 * mm, 28 * mm, 38 * mm],
            right=(1, 2),
            bold_last=True,
        )
    )
    story[-1].hAlign = "LEFT"
    story.append(Spacer(1, 4 * mm))
    body: list[list[Any]] = [[h for h, _, _ in KOLOM]]
    for i, rec in enumerate(rows.to_dict("records"), start=1):
        line: list[Any] = [i]
        for _h, col, _w in KOLOM[1:]:
            v = _cell_value(rec, "_riwayat" if col == "riwayat" else col)
            if col == "anggaran":
                v = angka(v) if v is not None else ""
            elif col == "usulan_ke" and v is not None:
                v = angka(v)
            elif isinstance(v, str):
                v = clip(v, PDF_TEKS_MAKS, "berkas .xlsx surat ini")
            line.append(v)
        body.append(line)
    story.append(table(body, [w * mm for w in _PDF_MM], right=(0, 2, 5), plain=(0, 1, 2, 5)))
    story.append(Spacer(1, 8 * mm))
    sign = [para(s, st["cell_bold"] if i == 1 else st["center"])
            for i, s in enumerate(_signature_lines(judul))]  # fmt: skip
    block = Table([[p] for p in sign], colWidths=[80 * mm], hAlign="RIGHT")
    story.append(KeepTogether(block))

    def footer(canvas: Any, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 8)
        canvas.drawString(
            10 * mm, 7 * mm, printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")
        )
        canvas.drawRightString(landscape(A4)[0] - 10 * mm, 7 * mm, f"Halaman {page} dari {pages}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
        topMargin=10 * mm, bottomMargin=12 * mm,
        title=f"Tindak lanjut usulan Musrenbang {tahun} - {desa}", author=judul,
    )  # fmt: skip
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return path

"""A desa letter as an .xlsx set up for A4 printing, and the index of the letters.

The printed sheet ("Laporan") has the folded columns of :data:`KOLOM_CETAK`; the
"Rincian" sheet every column of :data:`~.content.KOLOM`. The house style is the
Berita Acara's (:func:`planlib.forum.berita_acara.xlsx_formats`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ...forum.berita_acara.style import tinggi_baris, xlsx_formats
from ...neutralise import printable
from .content import KOLOM, _addressee, _cell_value, _intro, _kepala, _signature_lines, _title, clip
from .table import totals

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

#: The letter's printed sheet ("Laporan"): fewer, folded columns, 134 characters wide, so
#: that at 9 pt on A4 landscape (0.4" margins) it prints at 100 % — the width the Berita
#: Acara prints at. Usulan Ke and the volume go under the usulan, the OPD of a
#: ``dialihkan`` under the decision, the pokir note under the history. Every column of
#: :data:`KOLOM` stays in the "Rincian" sheet.
KOLOM_CETAK: tuple[tuple[str, str, float], ...] = (
    ("No", "", 4),
    ("ID Usulan", "id_usulan", 11),
    ("Usulan", "_usulan", 30),
    ("Anggaran (Rp)", "anggaran", 12),
    ("OPD Tujuan", "opd_tujuan", 16),
    ("Keputusan Forum", "_keputusan", 14),
    ("Alasan", "alasan", 20),
    ("Riwayat", "_riwayat", 27),
)

#: The sheet with every column of every usulan of the letter (for checking; not the letter).
RINCIAN = "Rincian"

#: Excel's limit of a cell's text (characters); xlsxwriter would cut a longer one silently.
XLSX_TEKS_MAKS = 32767


def write_desa_xlsx(
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
    """Write one desa's letter as an .xlsx set up for A4 printing.

    Landscape A4, scaled to one page wide, the table header repeated on every
    page, page numbers in the footer.

    Parameters
    ----------
    rows : DataFrame
        The desa's rows of :func:`laporan_desa_table`.
    path : Path
        The file to write (replaced).
    judul : str
        The kabupaten, e.g. "Kabupaten Hulu Sungai Selatan".
    tahun : int
    label : str, optional
        The workspace's label ("DATA CONTOH — sintetis"), printed under the title.
    tempat_tanggal : str, optional
        Place and date of the letter (top right), e.g. "Kandangan, 3 Mei 2026";
        a dotted place and ``tanggal`` when omitted.
    tanggal : datetime.date, optional
        The letter's date; today (WIB) when omitted.
    nomor : str, optional
        The letter's number; a dotted line to fill in by hand when omitted.

    Returns
    -------
    Path
    """
    import xlsxwriter

    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    last = len(KOLOM_CETAK) - 1
    with xlsxwriter.Workbook(str(path)) as wb:
        fmt = xlsx_formats(wb)
        sheet = wb.add_worksheet("Laporan")
        r = 0
        for text in [*_title(tahun), judul.upper()]:
            sheet.merge_range(r, 0, r, last, text, fmt["title"])
            r += 1
        if label:
            sheet.merge_range(r, 0, r, last, label, fmt["label"])
            r += 1
        r += 1
        lines, where = _kepala(tahun, tanggal, nomor, tempat_tanggal)
        sheet.merge_range(r, 5, r, last, where, fmt["plain"])
        for name, value in lines:
            sheet.write_string(r, 0, name, fmt["plain"])
            sheet.merge_range(r, 1, r, 4, f": {value}", fmt["plain"])
            r += 1
        r += 1
        sheet.write_string(r, 0, f"Kepada Yth. {_addressee(first['profil'], desa)}", fmt["bold"])
        sheet.write_string(r + 1, 0, f"Kecamatan {kec}", fmt["plain"])
        r += 3
        sheet.merge_range(r, 0, r, last, _intro(tahun, judul), fmt["wrap"])
        sheet.set_row(r, 30)
        r += 2
        r = _write_totals(sheet, fmt, totals(rows), r)
        r += 1
        header = r
        r = _write_table(sheet, fmt, rows, KOLOM_CETAK, r)
        _write_signature(sheet, fmt, r + 3, judul)
        foot = printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")[:100].replace("&", "&&")
        _print_setup(sheet, header, foot)
        rincian = wb.add_worksheet(RINCIAN)
        full = (*KOLOM, ("Catatan pokir", "pokir", 30))
        rincian.merge_range(0, 0, 0, len(full) - 1, f"Rincian — {desa}, {kec}", fmt["title"])
        _write_table(rincian, fmt, rows, full, 2)
        _print_setup(rincian, 2, foot)
    return path


def _write_table(
    sheet: Worksheet,
    fmt: dict[str, Format],
    rows: pd.DataFrame,
    columns: tuple[tuple[str, str, float], ...],
    r: int,
) -> int:
    """The usulan under a header at row ``r`` in ``columns``; returns the last row written."""
    for c, (head, _col, width) in enumerate(columns):
        sheet.set_column(c, c, width)
        sheet.write_string(r, c, head, fmt["header"])
    widths = [w for _h, _c, w in columns]
    for i, rec in enumerate(rows.to_dict("records"), start=1):
        r += 1
        sheet.write_number(r, 0, i, fmt["center"])
        sheet.set_row(r, tinggi_baris([None, *(_cell_value(rec, c) for _h, c, _w in columns[1:])],
                                      widths))  # fmt: skip
        for c, (_head, col, _w) in enumerate(columns[1:], start=1):
            v = _cell_value(rec, col)
            kind = {"anggaran": "rupiah", "usulan_ke": "center"}.get(col, "text")
            if v is None:
                sheet.write_blank(r, c, None, fmt[kind])
            elif isinstance(v, int | float) and not isinstance(v, bool):
                sheet.write_number(r, c, float(v), fmt[kind])
            else:
                text = printable(v, lines=True)
                sheet.write_string(r, c, clip(text, XLSX_TEKS_MAKS, "data usulan"), fmt[kind])
    return r


def _print_setup(sheet: Worksheet, header: int, foot: str) -> None:
    """A4 landscape, one page wide, the header row repeated, pages numbered."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(f"&L&9{foot}&R&9Halaman &P dari &N")


def _write_totals(sheet: Worksheet, fmt: dict[str, Format], t: pd.DataFrame, top: int) -> int:
    """The totals by decision at ``top`` (columns Usulan … Anggaran); returns the last row."""
    sheet.write_string(top, 2, "Keputusan Forum", fmt["header"])
    sheet.write_string(top, 3, "Jumlah usulan", fmt["header"])
    sheet.write_string(top, 4, "Anggaran (Rp)", fmt["header"])
    r = top
    for name, row in t.iterrows():
        r += 1
        bold = name == "Jumlah"
        sheet.write_string(r, 2, str(name), fmt["total" if bold else "text"])
        sheet.write_number(r, 3, int(row["jumlah"]), fmt["total" if bold else "center"])
        sheet.write_number(r, 4, float(row["anggaran"]), fmt["total_rupiah" if bold else "rupiah"])
    return r


def _write_signature(sheet: Worksheet, fmt: dict[str, Format], top: int, judul: str) -> None:
    c0, c1 = 5, 7  # under Keputusan … Riwayat, inside the printed width
    for i, text in enumerate(_signature_lines(judul)):
        style = fmt["sign_bold"] if i == 1 else fmt["sign"]
        sheet.merge_range(top + i, c0, top + i, c1, text, style)


def _write_index_xlsx(idx: pd.DataFrame, path: Path, *, judul: str, tahun: int,
                      label: str | None) -> None:  # fmt: skip
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as wb:
        fmt = xlsx_formats(wb)
        sheet = wb.add_worksheet("Daftar desa")
        cols = [c for c in idx.columns if c not in ("kode_kecamatan",)]
        heads = {"kecamatan": "Kecamatan", "kode_desa": "Kode desa", "desa": "Desa/Kelurahan",
                 "jumlah": "Jumlah usulan", "anggaran": "Anggaran (Rp)", "xlsx": "Berkas xlsx",
                 "pdf": "Berkas PDF", "keterangan": "Keterangan"}  # fmt: skip
        sheet.merge_range(0, 0, 0, len(cols) - 1,
                          f"Laporan tindak lanjut usulan per desa — {judul} — RKPD {tahun}",
                          fmt["title"])  # fmt: skip
        if label:
            sheet.merge_range(1, 0, 1, len(cols) - 1, label, fmt["label"])
        for c, col in enumerate(cols):
            sheet.write_string(3, c, heads.get(col, col), fmt["header"])
            sheet.set_column(c, c, 28 if col in ("xlsx", "pdf") else 16)
        for r, rec in enumerate(idx[cols].to_dict("records"), start=4):
            for c, col in enumerate(cols):
                v = rec[col]
                if v is None or (isinstance(v, float) and v != v):
                    sheet.write_blank(r, c, None, fmt["text"])
                elif col in ("xlsx", "pdf"):
                    sheet.write_url(r, c, f"external:{v}", string=str(v))
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    sheet.write_number(
                        r, c, float(v), fmt["rupiah" if col == "anggaran" else "center"]
                    )
                else:
                    sheet.write_string(r, c, str(v), fmt["text"])
        sheet.repeat_rows(3)
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)

"""The Berita Acara as a printable .xlsx: one sheet per Dapil or OPD tujuan, and the Rincian.

Each sheet: the title block, the opening statement (:func:`pembukaan`), the
signed table (:data:`KOLOM_CETAK`) with its total, the recap by decision and
the signature block; sheet names by :func:`sheet_names`. The rows are
:func:`~.table.berita_acara_table`'s, the formats :mod:`.style`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ...formatting import hari_ini
from ...formatting import tanggal as tanggal_id
from ...neutralise import printable
from ..keputusan import BELUM, LABEL, STATUS, KeputusanError, KeputusanStore
from .style import tinggi_baris, xlsx_formats
from .table import MUSRENBANG, berita_acara_table

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

#: Every column of :func:`berita_acara_table`, as the "Rincian" sheet shows them:
#: (header, column width in characters).
KOLOM: tuple[tuple[str, float], ...] = (
    ("No", 5),
    ("ID Usulan", 13),
    ("Kecamatan", 14),
    ("Desa", 14),
    ("Usulan", 42),
    ("Volume", 8),
    ("Satuan", 9),
    ("Anggaran (Rp)", 15),
    ("OPD Tujuan", 26),
    ("Keputusan", 12),
    ("OPD Pengalihan", 24),
    ("Alasan", 30),
    ("Dicatat oleh", 14),
    ("Sumber", 30),
)

#: The signed table of each sheet, what a forum signs: (header, width in characters).
#: 134 characters: at 9 pt on A4 landscape with 1.3 cm margins it prints at 100 %.
KOLOM_CETAK: tuple[tuple[str, float], ...] = (
    ("No", 4),
    ("ID Usulan", 11),
    ("Desa / Kecamatan", 17),
    ("Usulan", 34),
    ("OPD Tujuan", 19),
    ("Keputusan", 15),
    ("Alasan", 22),
    ("Anggaran (Rp)", 12),
)

#: The name of the last sheet (every column of every usulan).
RINCIAN = "Rincian"

_GROUP = {"dapil": ("dapil", "Tanpa Dapil"), "opd": ("opd_tujuan", "Tanpa OPD Tujuan")}
_TITLE_ROWS = 5  # rows 0-4: title block
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")


def write_berita_acara(
    usulan: pd.DataFrame,
    keputusan: pd.DataFrame | KeputusanStore,
    path: str | Path,
    *,
    by: Literal["dapil", "opd"] = "dapil",
    judul: str,
    tahun: int,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    tempat: str | None = None,
    forum: str = "Forum Perangkat Daerah",
    hanya_diputuskan: bool = False,
    pokir: pd.DataFrame | None = None,
) -> Path:
    """Write the Berita Acara as an .xlsx formatted for printing.

    Parameters
    ----------
    usulan, keputusan : DataFrame
        See :func:`berita_acara_table`.
    path : str or Path
        The .xlsx file to write (replaced if it exists).
    by : {"dapil", "opd"}
        One sheet per Dapil, or per OPD tujuan.
    judul : str
        The line under "BERITA ACARA FORUM PERANGKAT DAERAH", usually the
        kabupaten, e.g. ``"Kabupaten Hulu Sungai Selatan"``.
    tahun : int
        The plan year of the usulan.
    tempat_tanggal : str, optional
        Place and date above the signatures, e.g. ``"Kandangan, 12 Maret 2025"``;
        when omitted, a dotted line for the place and the date of the forum.
    tanggal : datetime.date, optional
        The day of the forum, for the opening statement ("Pada hari ini Kamis,
        tanggal 12 Maret 2026 …"); today (WIB) when omitted.
    tempat : str, optional
        Where the forum met ("Aula Bappeda"); a dotted line to fill in by hand
        when omitted.
    forum : str
        The forum's name as the opening statement says it.
    hanya_diputuskan : bool
        Leave out the usulan without a decision (a sheet left without rows is
        left out; the Rincian sheet keeps every usulan).
    pokir : DataFrame, optional
        The year's pokir, printed beside the usulan (see :func:`berita_acara_table`).

    Returns
    -------
    Path
        ``path``.
    """
    import xlsxwriter

    if by not in _GROUP:
        raise KeputusanError(f"Pengelompokan tidak dikenal: {by!r}. Pilih 'dapil' atau 'opd'.")
    column, none_label = _GROUP[by]
    everything = berita_acara_table(usulan, keputusan, tahun, pokir)
    table = everything[everything["Keputusan"] != BELUM] if hanya_diputuskan else everything
    labels = table[column].where(table[column].notna(), none_label).astype(str)
    groups = sorted(labels.unique(), key=_natural) or ["Berita Acara"]
    names = sheet_names([*groups, RINCIAN])
    day = tanggal or hari_ini()
    where = tempat_tanggal or f"...................., {tanggal_id(day)}"
    path = Path(path)
    with xlsxwriter.Workbook(str(path)) as wb:
        fmt = xlsx_formats(wb)
        for label, sheet in zip(groups, names[:-1], strict=True):
            rows = table[labels == label]
            opening = pembukaan(
                by, label, rows, judul=judul, tahun=tahun, tanggal=day, tempat=tempat,
                forum=forum, hanya_diputuskan=hanya_diputuskan,
            )  # fmt: skip
            ws = wb.add_worksheet(sheet)
            subtitle = printable(_subtitle(by, label, rows))
            total = _write_sheet(ws, fmt, rows, judul=judul, tahun=tahun, subtitle=subtitle,
                                 opening=opening)  # fmt: skip
            end = _write_recap(ws, fmt, rows, total + 2)
            _write_signatures(ws, fmt, end + 2, where)
            _print_setup(ws, tahun, label)
        _write_rincian(wb.add_worksheet(names[-1]), fmt, everything, by, tahun)
    return path


def pembukaan(
    by: str,
    label: str,
    rows: pd.DataFrame,
    *,
    judul: str,
    tahun: int,
    tanggal: dt.date,
    tempat: str | None = None,
    forum: str = "Forum Perangkat Daerah",
    hanya_diputuskan: bool = False,
) -> str:
    """The opening statement of one sheet: when, where, which forum, which Dapil or OPD.

    Parameters
    ----------
    by : {"dapil", "opd"}
        What the sheet is about.
    label : str
        The Dapil or the OPD tujuan.
    rows : DataFrame
        The sheet's rows of :func:`berita_acara_table` (for the kecamatan of a Dapil).
    judul, tahun
        As for :func:`write_berita_acara`.
    tanggal : datetime.date
        The day of the forum.
    tempat : str, optional
        Where; a dotted line when omitted.
    forum : str
        The forum's name.
    hanya_diputuskan : bool
        Say that undecided usulan are left out.

    Returns
    -------
    str
        E.g. "Pada hari ini Kamis, tanggal 12 Maret 2026, bertempat di Aula
        Bappeda, telah dilaksanakan Forum Perangkat Daerah Kabupaten Contoh
        dalam rangka penyusunan RKPD tahun 2026, yang membahas usulan
        Musrenbang Dapil 1 (Kecamatan A, B). Hasil pembahasan atas 120 usulan
        adalah sebagai berikut."
    """
    day = tanggal_id(tanggal, hari=True)
    hari, _, rest = day.partition(", ")
    where = tempat.strip() if tempat and tempat.strip() else "...................................."
    what = f"usulan Musrenbang {_subtitle(by, label, rows)}"
    if by == "opd":
        what = f"usulan Musrenbang dengan OPD tujuan {label}"
    scope = "yang telah diputuskan " if hanya_diputuskan else ""
    pokir = rows["Sumber"].astype(str).str.startswith("Pokir") if "Sumber" in rows else None
    n_pokir = 0 if pokir is None else int(pokir.sum())
    jumlah = f"{len(rows) - n_pokir} usulan"
    if n_pokir:
        what += " dan pokok-pokok pikiran (pokir) DPRD"
        jumlah += f" dan {n_pokir} pokir"
    return printable(
        f"Pada hari ini {hari}, tanggal {rest}, bertempat di {where}, telah dilaksanakan "
        f"{forum} {judul} dalam rangka penyusunan Rencana Kerja Pemerintah Daerah (RKPD) "
        f"tahun {tahun}, yang membahas {what}. Hasil pembahasan atas {jumlah} "
        f"{scope}adalah sebagai berikut."
    )


def sheet_names(labels: list[str]) -> list[str]:
    """Valid, distinct Excel sheet names for ``labels`` (≤31 characters, no ``[]:*?/\\``).

    Control characters are removed first (:func:`planlib.neutralise.printable`: a
    NUL in an OPD name would make the workbook unopenable), then the names are
    made distinct. Long OPD names are shortened to their first word and the initials of the
    rest ("Dinas Pekerjaan Umum dan Penataan Ruang" → "Dinas PUPR").

    Parameters
    ----------
    labels : list of str
        The Dapil or OPD of the sheets, in order.

    Returns
    -------
    list of str
        One name per label, in the same order.
    """
    names: list[str] = []
    for label in labels:
        name = _INVALID_SHEET.sub("-", printable(label)).strip().strip("'").strip() or "Lembar"
        if len(name) > 31:
            first, *rest = name.split()
            name = f"{first} {''.join(w[0] for w in rest if w[:1].isupper())}".strip()
        name = name[:31].strip()
        if name.lower() == "history":
            name = "History-"
        base, n = name, 2
        while name.lower() in (x.lower() for x in names):
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)].strip() + suffix, n + 1
        names.append(name)
    return names


def _write_sheet(
    ws: Worksheet,
    fmt: dict[str, Format],
    rows: pd.DataFrame,
    *,
    judul: str,
    tahun: int,
    subtitle: str,
    opening: str,
) -> int:
    """Title block, opening statement, the signed table and its total; returns the total's row."""
    last = len(KOLOM_CETAK) - 1
    title = ["BERITA ACARA", "FORUM PERANGKAT DAERAH", judul.upper(), f"TAHUN {tahun}"]
    for r, text in enumerate(title):
        ws.merge_range(r, 0, r, last, text, fmt["title"])
    ws.merge_range(4, 0, 4, last, subtitle, fmt["subtitle"])
    ws.merge_range(_TITLE_ROWS + 1, 0, _TITLE_ROWS + 1, last, opening, fmt["wrap"])
    width = sum(w for _, w in KOLOM_CETAK)
    ws.set_row(_TITLE_ROWS + 1, 12.5 * (len(opening) // int(width * 1.05) + 1) + 3)
    header = _TITLE_ROWS + 3
    for c, (head, w) in enumerate(KOLOM_CETAK):
        ws.set_column(c, c, w)
        ws.write_string(header, c, head, fmt["header"])
    kinds = {"Anggaran (Rp)": "rupiah", "No": "center"}
    widths = [w for _, w in KOLOM_CETAK]
    for i, record in enumerate(rows.to_dict("records")):
        r = header + 1 + i
        values = _printed(record, i + 1)
        for c, (head, _) in enumerate(KOLOM_CETAK):
            _write_cell(ws, r, c, values[head], fmt[kinds.get(head, "text")])
        ws.set_row(r, tinggi_baris([values[h] for h, _ in KOLOM_CETAK], widths))
    total = header + 1 + len(rows)
    anggaran = len(KOLOM_CETAK) - 1
    counted = rows[rows["dihitung"].astype(bool)]
    n_pokir = int(counted["Sumber"].str.startswith("Pokir").sum())
    jumlah = f"Jumlah ({len(counted) - n_pokir} usulan" + (
        f", {n_pokir} pokir lain" if n_pokir else ""
    )
    if len(counted) < len(rows):
        jumlah += f"; {len(rows) - len(counted)} pokir yang sama dengan usulan tidak dijumlah lagi"
    ws.merge_range(total, 0, total, anggaran - 1, jumlah + ")", fmt["total"])
    ws.write_number(total, anggaran, float(counted["Anggaran (Rp)"].sum()), fmt["total_rupiah"])
    ws.autofilter(header, 0, max(total - 1, header), last)
    return total


def _printed(record: Mapping[Any, Any], no: int) -> dict[str, Any]:
    """One row of :func:`berita_acara_table` as the signed table prints it."""

    def text(key: str) -> str | None:
        v = record.get(key)
        return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)

    place = "\n".join(
        filter(None, [text("Desa"), f"Kec. {text('Kecamatan')}" if text("Kecamatan") else None])
    )
    keputusan = text("Keputusan") or BELUM
    if text("OPD Pengalihan"):
        keputusan = f"{keputusan}\nke {text('OPD Pengalihan')}"
    usulan = text("Usulan")
    if text("Sumber") not in (None, MUSRENBANG):  # a pokir, or an usulan also carried as one
        usulan = f"{usulan or ''}\n[{text('Sumber')}]"
    return {
        "No": no, "ID Usulan": text("ID Usulan"), "Desa / Kecamatan": place or None,
        "Usulan": usulan, "OPD Tujuan": text("OPD Tujuan"), "Keputusan": keputusan,
        "Alasan": text("Alasan"), "Anggaran (Rp)": record.get("Anggaran (Rp)"),
    }  # fmt: skip


def _write_recap(ws: Worksheet, fmt: dict[str, Format], rows: pd.DataFrame, top: int) -> int:
    """Count and anggaran per decision below the table (columns Usulan … Keputusan).

    Returns the last row written.
    """
    counted = rows[rows["dihitung"].astype(bool)]
    recap = counted.groupby("Keputusan")["Anggaran (Rp)"].agg(["size", "sum"])
    order = [*(LABEL[s] for s in STATUS), BELUM]
    recap = recap.reindex([k for k in order if k in recap.index])
    ws.write_string(top, 3, "Rekapitulasi keputusan", fmt["bold"])
    ws.write_string(top + 1, 3, "Keputusan", fmt["header"])
    ws.write_string(top + 1, 4, "Jumlah usulan", fmt["header"])
    ws.merge_range(top + 1, 5, top + 1, 6, "Anggaran (Rp)", fmt["header"])
    for i, (label, row) in enumerate(recap.iterrows(), start=top + 2):
        ws.write_string(i, 3, str(label), fmt["text"])
        ws.write_number(i, 4, int(row["size"]), fmt["center"])
        ws.merge_range(i, 5, i, 6, float(row["sum"]), fmt["rupiah"])
    return top + 1 + len(recap)


def _write_signatures(ws: Worksheet, fmt: dict[str, Format], top: int, where: str) -> None:
    """Pimpinan Forum on the left, Notulis on the right, from row ``top`` down."""
    left, right = (1, 3), (5, 7)
    ws.merge_range(top, right[0], top, right[1], printable(where), fmt["sign"])
    for (c0, c1), role in ((left, "Pimpinan Forum"), (right, "Notulis")):
        ws.merge_range(top + 1, c0, top + 1, c1, role, fmt["sign_bold"])
        ws.merge_range(top + 6, c0, top + 6, c1, "( ........................................ )",
                       fmt["sign"])  # fmt: skip
        ws.merge_range(top + 7, c0, top + 7, c1, "NIP. ..................................",
                       fmt["sign"])  # fmt: skip


def _write_rincian(
    ws: Worksheet, fmt: dict[str, Format], table: pd.DataFrame, by: str, tahun: int
) -> None:
    """Every column of every usulan, under an autofilter (for checking, not for signing)."""
    group = "Dapil" if by == "dapil" else "OPD Tujuan (lembar)"
    heads = [*(h for h, _ in KOLOM), group]
    last = len(heads) - 1
    ws.merge_range(0, 0, 0, last, f"Rincian semua usulan — Berita Acara tahun {tahun}",
                   fmt["title"])  # fmt: skip
    for c, (head, width) in enumerate([*KOLOM, (group, 14)]):
        ws.set_column(c, c, width)
        ws.write_string(2, c, head, fmt["header"])
    column, none_label = _GROUP[by]
    kinds = {"Anggaran (Rp)": "rupiah", "No": "center"}
    widths = [w for _, w in KOLOM] + [14.0]
    for i, record in enumerate(table.to_dict("records")):
        r = 3 + i
        ws.write_number(r, 0, i + 1, fmt["center"])
        values: list[Any] = [i + 1]
        for c, head in enumerate(heads[1:], start=1):
            value = record[head] if head != group else record[column]
            if head == group and not isinstance(value, str):
                value = none_label
            _write_cell(ws, r, c, value, fmt[kinds.get(head, "text")])
            values.append(value)
        ws.set_row(r, tinggi_baris(values, widths))
    ws.autofilter(2, 0, max(2 + len(table), 2), last)
    ws.freeze_panes(3, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    ws.set_footer(f"&L&9Rincian Berita Acara {tahun}&R&9Halaman &P dari &N")


def _print_setup(ws: Worksheet, tahun: int, label: str) -> None:
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # one page wide (the signed table already is), as many tall as needed
    ws.repeat_rows(_TITLE_ROWS + 3)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.center_horizontally()
    left = printable(f"Berita Acara Forum Perangkat Daerah {tahun} - {label}")[:120]
    left = left.replace("&", "&&")
    ws.set_footer(f"&L&9{left}&R&9Halaman &P dari &N")


def _write_cell(ws: Worksheet, r: int, c: int, value: Any, cell_format: Format) -> None:
    """Numbers as numbers, everything else as text without control characters.

    Text is written as a string, so "=…" never becomes a formula.
    """
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        ws.write_blank(r, c, None, cell_format)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(r, c, value, cell_format)
    else:
        ws.write_string(r, c, printable(value, lines=True), cell_format)


def _subtitle(by: str, label: str, rows: pd.DataFrame) -> str:
    if by == "opd":
        return f"OPD Tujuan: {label}"
    kecamatan = sorted(rows["Kecamatan"].dropna().astype(str).unique())
    return f"{label} (Kecamatan {', '.join(kecamatan)})" if kecamatan else label


def _natural(s: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", s)]

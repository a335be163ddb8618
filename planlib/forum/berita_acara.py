"""The Berita Acara of the Forum Perangkat Daerah: the forum's decisions as a printable .xlsx.

One sheet per Dapil (or per OPD tujuan), each laid out for A4 landscape
paper and readable when printed (9 pt type at 100 % scale: the signed table
has the eight columns a forum signs, :data:`KOLOM_CETAK`, about 135 characters
wide): a title block, the opening statement (hari, tanggal, tempat, the forum,
the Dapil or OPD), the table of usulan with the decision taken on each (usulan
without one read "belum diputuskan") under an autofilter, a total and a recap
by decision, and the signature block of the Pimpinan Forum and the Notulis.
The table header is repeated on every printed page, the sheet is scaled to
one page wide (which it already is), and the footer numbers the pages. A last
sheet, "Rincian", holds every column (:data:`KOLOM`) of every usulan for
filtering and checking; it is not the signed document.

With the year's DPRD pokir (``pokir``), each pokir is a row too, its Usulan
cell marked "[Pokir — NAMA ANGGOTA (Fraksi)]" and its own decision
(``jenis`` ``pokir`` in ``keputusan.sqlite``); a pokir repeating an usulan is
printed right under that usulan, both marked with the other's ID, and the
total and the recap count the pair once (the usulan's row).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ..formatting import hari_ini
from ..formatting import tanggal as tanggal_id
from ..neutralise import printable
from .keputusan import BELUM, LABEL, STATUS, KeputusanError, KeputusanStore, keputusan_berlaku
from .pokir import sumber_pokir

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

# BELUM (what an undecided usulan shows) comes from planlib.forum.keputusan; it stays importable here.
__all__ = ["BELUM", "KOLOM", "KOLOM_CETAK", "MUSRENBANG", "POKIR_WAJIB", "USULAN_WAJIB", "berita_acara_table",
           "pembukaan", "sheet_names", "tinggi_baris", "write_berita_acara"]  # fmt: skip

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

#: Columns the ``usulan`` frame must have.
USULAN_WAJIB = (
    "id_usulan", "nama_kecamatan", "nama_desa", "usulan", "volume", "satuan", "anggaran",
    "opd_tujuan",
)  # fmt: skip

_GROUP = {"dapil": ("dapil", "Tanpa Dapil"), "opd": ("opd_tujuan", "Tanpa OPD Tujuan")}
_TITLE_ROWS = 5  # rows 0-4: title block
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")


#: ``Sumber`` of an usulan of the Musrenbang.
MUSRENBANG = "Musrenbang"

#: Columns the ``pokir`` frame must have (plus ``dapil`` to group by Dapil).
POKIR_WAJIB = (
    "id_pokir", "nama_kecamatan", "nama_desa", "usulan", "volume", "satuan", "anggaran",
    "opd_tujuan", "pengusul", "fraksi", "id_usulan_ganda",
)  # fmt: skip


def berita_acara_table(
    usulan: pd.DataFrame,
    keputusan: pd.DataFrame | KeputusanStore,
    tahun: int,
    pokir: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The usulan of ``tahun`` with the decision in force on each, under the printed headers.

    Parameters
    ----------
    usulan : DataFrame
        Usulan with at least :data:`USULAN_WAJIB` (plus ``dapil`` to group by
        Dapil), e.g. :func:`planlib.rekap.usulan_tahun`.
    keputusan : DataFrame or KeputusanStore
        Decisions in force, as :meth:`KeputusanStore.current
        <planlib.forum.keputusan.KeputusanStore.current>` returns them, or the
        store; read through :func:`planlib.forum.keputusan.keputusan_berlaku`,
        as the forum table reads them.
    tahun : int
        Rows of other years in either frame are left out.
    pokir : DataFrame, optional
        The year's pokir with :data:`POKIR_WAJIB`
        (:func:`planlib.forum.pokir_forum.pokir_berita_acara`); their rows
        follow, each paired pokir right under the usulan it repeats.

    Returns
    -------
    DataFrame
        The columns of :data:`KOLOM` except ``No`` (``Sumber``: "Musrenbang",
        "Pokir — member (Fraksi)", with "sama dengan usulan …" / "juga …" on
        a duplicated pair), plus ``dapil`` and ``opd_tujuan`` for grouping and
        ``dihitung`` (False on a pokir whose usulan is a row: a pair counts
        once), sorted by kecamatan, desa and priority.
    """
    missing = [c for c in USULAN_WAJIB if c not in usulan.columns]
    if missing:
        raise KeputusanError(f"Data usulan tanpa kolom: {', '.join(missing)}.")
    u = usulan if "tahun" not in usulan else usulan[usulan["tahun"] == tahun]
    ids = u["id_usulan"].astype(str)
    k = keputusan_berlaku(keputusan, ids, tahun)
    order = [c for c in ("nama_kecamatan", "nama_desa", "usulan_ke") if c in u]
    table = pd.DataFrame(
        {
            "ID Usulan": ids,
            "Kecamatan": u["nama_kecamatan"],
            "Desa": u["nama_desa"],
            "Usulan": u["usulan"],
            "Volume": pd.to_numeric(u["volume"], errors="coerce"),
            "Satuan": u["satuan"],
            "Anggaran (Rp)": pd.to_numeric(u["anggaran"], errors="coerce"),
            "OPD Tujuan": u["opd_tujuan"].astype(object),
            "Keputusan": k["label"],
            "OPD Pengalihan": k["opd"],
            "Alasan": k["alasan"],
            "Dicatat oleh": k["oleh"],
            "dapil": u["dapil"].astype(object) if "dapil" in u else None,
            "opd_tujuan": u["opd_tujuan"].astype(object),
            **{f"_{c}": u[c] for c in order},
        }
    )
    table = table.assign(Sumber=MUSRENBANG, dihitung=True, _grup=ids, _jenis=0)
    if pokir is not None and len(pokir):
        table = _with_pokir(table, pokir, keputusan, tahun, order)
    keys = [*(f"_{c}" for c in order), "_grup", "_jenis", "ID Usulan"]
    table = table.sort_values(keys, na_position="last")
    return table.drop(columns=[f"_{c}" for c in order] + ["_grup", "_jenis"]).reset_index(drop=True)


def _with_pokir(
    table: pd.DataFrame,
    pokir: pd.DataFrame,
    keputusan: pd.DataFrame | KeputusanStore,
    tahun: int,
    order: list[str],
) -> pd.DataFrame:
    """``table`` with a row per pokir: a paired pokir takes its usulan's sort keys."""
    missing = [c for c in POKIR_WAJIB if c not in pokir.columns]
    if missing:
        raise KeputusanError(f"Data pokir tanpa kolom: {', '.join(missing)}.")
    p = pokir if "tahun" not in pokir else pokir[pokir["tahun"] == tahun]
    ids = p["id_pokir"].astype(str)
    sumber = [sumber_pokir(a, f) for a, f in zip(p["pengusul"], p["fraksi"], strict=True)]
    ganda = [[u for u in str(g).split(";") if u] if isinstance(g, str) else [] for g in p["id_usulan_ganda"]]  # fmt: skip
    shown = table.set_index("ID Usulan")
    juga: dict[str, list[str]] = {}
    for i, s, g in zip(ids, sumber, ganda, strict=True):
        for u in g:
            juga.setdefault(u, []).append(f"{s} {i}")
    table = table.assign(
        Sumber=[
            f"{MUSRENBANG}; juga {'; '.join(juga[i])}" if i in juga else MUSRENBANG
            for i in table["ID Usulan"]
        ]
    )
    k = keputusan_berlaku(keputusan, ids, tahun, jenis="pokir")
    first = [next((u for u in g if u in shown.index), None) for g in ganda]
    rows = pd.DataFrame(
        {
            "ID Usulan": ids.to_numpy(),
            "Kecamatan": p["nama_kecamatan"].to_numpy(),
            "Desa": p["nama_desa"].to_numpy(),
            "Usulan": p["usulan"].to_numpy(),
            "Volume": pd.to_numeric(p["volume"], errors="coerce").to_numpy(),
            "Satuan": p["satuan"].to_numpy(),
            "Anggaran (Rp)": pd.to_numeric(p["anggaran"], errors="coerce").to_numpy(),
            "OPD Tujuan": p["opd_tujuan"].astype(object).to_numpy(),
            "Keputusan": k["label"].to_numpy(),
            "OPD Pengalihan": k["opd"].to_numpy(),
            "Alasan": k["alasan"].to_numpy(),
            "Dicatat oleh": k["oleh"].to_numpy(),
            "dapil": p["dapil"].astype(object).to_numpy() if "dapil" in p else None,
            "opd_tujuan": p["opd_tujuan"].astype(object).to_numpy(),
            "Sumber": [
                s + (f"; sama dengan usulan {', '.join(g)}" if g else "")
                for s, g in zip(sumber, ganda, strict=True)
            ],
            "dihitung": [f is None for f in first],
            "_grup": [f if f is not None else i for f, i in zip(first, ids, strict=True)],
            "_jenis": 1,
        }
    )
    for c in order:  # a paired pokir sorts with its usulan, the others by their own place
        own = p[c].to_numpy() if c in p else [None] * len(p)
        keyed = [shown.loc[f, f"_{c}"] if f is not None else o for f, o in zip(first, own, strict=True)]  # fmt: skip
        rows[f"_{c}"] = pd.Series(keyed, index=rows.index, dtype=object)
    return pd.concat([table, rows], ignore_index=True)


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


# --------------------------------------------------------------------- layout


def xlsx_formats(wb: Workbook) -> dict[str, Format]:
    """The printable house style of planlib's xlsx documents (Berita Acara, desa letters).

    Arial 9 throughout; bordered, wrapping cells for tables; a blue header row;
    Rupiah without decimals; centred signature lines.

    Parameters
    ----------
    wb : xlsxwriter.Workbook
        The workbook the formats are added to.

    Returns
    -------
    dict of str to xlsxwriter.format.Format
        ``title``, ``subtitle``, ``label`` (the workspace's red label), ``plain``,
        ``bold``, ``wrap``, ``header``, ``text``, ``center``, ``rupiah``, ``total``,
        ``total_rupiah``, ``sign`` and ``sign_bold``.
    """
    base = {"font_name": "Arial", "font_size": 9, "valign": "top"}
    cell = {**base, "border": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 12, "align": "center"}),
        "subtitle": wb.add_format({**base, "bold": True, "font_size": 10, "align": "center"}),
        "label": wb.add_format({**base, "bold": True, "font_color": "#B00020", "align": "center"}),
        "plain": wb.add_format(base),
        "bold": wb.add_format({**base, "bold": True}),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "header": wb.add_format(
            {**cell, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
        ),
        "text": wb.add_format(cell),
        "center": wb.add_format({**cell, "align": "center"}),
        "rupiah": wb.add_format({**cell, "num_format": "#,##0"}),
        "total": wb.add_format({**cell, "bold": True}),
        "total_rupiah": wb.add_format({**cell, "bold": True, "num_format": "#,##0"}),
        "sign": wb.add_format({**base, "align": "center"}),
        "sign_bold": wb.add_format({**base, "align": "center", "bold": True}),
    }


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


#: Points per printed line of Arial 9 in a wrapped cell, and characters per column-width unit.
_LINE_PT = 11.0
_CHARS_PER_UNIT = 1.3


def tinggi_baris(values: list[Any], widths: list[float]) -> float:
    """The height (points) a table row needs so that its wrapped cells show every line.

    Spreadsheet programs do not all fit a row to wrapped text on opening (LibreOffice
    keeps the default height, and the lines print over each other), so the
    writers set it.

    Parameters
    ----------
    values : list
        The row's cell values (text is measured; numbers take one line).
    widths : list of float
        The columns' widths in characters.

    Returns
    -------
    float
        Lines of the tallest cell × 11 pt, plus a little padding.
    """
    lines = 1
    for v, w in zip(values, widths, strict=False):
        if not isinstance(v, str):
            continue
        per_line = max(int(w * _CHARS_PER_UNIT), 1)
        n = sum(max(1, -(-len(part) // per_line)) for part in v.split("\n"))
        lines = max(lines, n)
    return lines * _LINE_PT + 3


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

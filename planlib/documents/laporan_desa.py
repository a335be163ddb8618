"""Telling each desa what became of its usulan: one printable letter per desa (xlsx and PDF).

``planlib laporan-desa WORKSPACE --tahun T --out DIR`` writes, for every
desa/kelurahan with usulan in ``T``, ``DIR/<kecamatan>/<desa>.xlsx`` and
``.pdf``, and ``DIR/index.xlsx`` / ``DIR/index.csv`` listing them. Each letter
has the kabupaten's name and the workspace's label ("DATA CONTOH — sintetis"
on the demo), the totals by decision at the top, then every usulan of the desa
with its OPD tujuan, the forum's decision in force and its reason ("belum
diputuskan" when there is none), the OPD it was moved to where dialihkan, and
its history across years, and a signature block.

The decision in force is read through
:func:`planlib.forum.keputusan.keputusan_berlaku`, as the forum table and the
Berita Acara read it. The history follows the usulan's lineage
(:func:`planlib.forum.lineage.assign_lineage`): for each year of the lineage,
the forum decision recorded for that year's usulan, else the status the SIPD
export gives it, else "diusulkan" — e.g. "diusulkan 3 kali: 2024 ditolak, 2025
ditunda, 2026 diterima".

A very long text never stops the letters: in the PDF a text longer than
:data:`PDF_TEKS_MAKS` characters is cut with a note (the .xlsx keeps it, up to
Excel's 32,767 characters), and a row still taller than a page is split across
pages. A desa whose letter cannot be written is named in the index
(``keterangan``) and in :attr:`HasilLaporan.gagal`; the other letters and the
index are written all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import rekap
from ..formatting import angka
from ..forum.berita_acara import xlsx_formats
from ..forum.keputusan import BELUM, LABEL, STATUS, KeputusanStore, keputusan_berlaku
from ..forum.lineage import assign_lineage
from ..neutralise import printable, write_csv
from ..report import PlanlibError
from ..workspace import Workspace

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

__all__ = ["KOLOM", "HasilLaporan", "laporan_desa_table", "riwayat_keputusan",
           "write_desa_pdf", "write_desa_xlsx", "write_laporan_desa"]  # fmt: skip

#: The letter's table as printed: (header, column of :func:`laporan_desa_table`, width in characters).
KOLOM: tuple[tuple[str, str, float], ...] = (
    ("No", "", 5),
    ("ID Usulan", "id_usulan", 12),
    ("Usulan Ke", "usulan_ke", 8),
    ("Usulan", "usulan", 40),
    ("Volume", "volume_satuan", 11),
    ("Anggaran (Rp)", "anggaran", 14),
    ("OPD Tujuan", "opd_tujuan", 22),
    ("Keputusan Forum", "keputusan", 14),
    ("Alasan", "alasan", 28),
    ("Dialihkan ke OPD", "opd_pengalihan", 20),
    ("Riwayat", "riwayat", 30),
)

#: Column widths of the PDF's table in mm (A4 landscape less 2 × 10 mm margins = 277 mm).
_PDF_MM = (8, 23, 14, 47, 16, 22, 30, 20, 34, 25, 38)

#: Longest text of one cell of a letter's PDF (characters); a longer text is cut with a note.
PDF_TEKS_MAKS = 2000
#: Excel's limit of a cell's text (characters); xlsxwriter would cut a longer one silently.
XLSX_TEKS_MAKS = 32767

_TOTAL_ORDER = (*(LABEL[s] for s in STATUS), BELUM)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class HasilLaporan:
    """What :func:`write_laporan_desa` wrote.

    Attributes
    ----------
    out : Path
        The folder.
    index : DataFrame
        One row per desa: ``kode_kecamatan``, ``kecamatan``, ``kode_desa``,
        ``desa``, ``jumlah``, ``anggaran``, one count per decision label,
        ``xlsx`` / ``pdf`` (paths relative to ``out``; empty when that letter
        could not be written) and, only when a letter could not be written,
        ``keterangan`` (why).
    files : list of Path
        Every letter written (xlsx and pdf) and the two index files.
    gagal : list of str
        One sentence per desa whose letter could not be written (also in the
        index's ``keterangan``); empty when every letter was written.
    """

    out: Path
    index: pd.DataFrame
    files: list[Path]
    gagal: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the table


def _lineage(ws: Workspace) -> pd.DataFrame:
    """The lineage of every usulan of every year (memoised on ``ws``, shared with 05-lintas-pd)."""
    return ws.derived("lineage", lambda: assign_lineage(ws.usulan))


def riwayat_keputusan(
    lineage: pd.DataFrame,
    status: pd.DataFrame,
    keputusan: pd.DataFrame,
    tahun: int,
) -> pd.DataFrame:
    """The history across years of the usulan of ``tahun``, worded for a desa.

    Parameters
    ----------
    lineage : DataFrame
        ``id_usulan``, ``tahun``, ``lineage`` of every usulan of every year
        (:func:`planlib.forum.lineage.assign_lineage`).
    status : DataFrame
        ``id_usulan``, ``tahun``, ``status`` (the SIPD status) of every usulan.
    keputusan : DataFrame
        Forum decisions in force of every year (``id_usulan``, ``tahun``,
        ``status``), as :meth:`KeputusanStore.current` returns them.
    tahun : int
        The year of the letters.

    Returns
    -------
    DataFrame
        One row per usulan of ``tahun``: ``id_usulan``, ``kali_diusulkan``
        (distinct years of its lineage) and ``riwayat``:
        ``"diusulkan 3 kali: 2024 ditolak, 2025 ditunda, 2026 diterima"``, or
        ``"pertama kali diusulkan"``. An earlier year reads the forum decision
        of that year, else the SIPD status (lower case), else "diusulkan"
        (several entries of one year joined with " / "); ``tahun`` itself reads
        the usulan's own decision in force, else "belum diputuskan" — the
        Keputusan column of the letter.
    """
    key = ["tahun", "id_usulan"]
    lin = lineage[["id_usulan", "tahun", "lineage"]].astype({"tahun": int, "id_usulan": str})
    mine = lin.loc[lin["tahun"] == tahun, "lineage"]
    members = lin[lin["lineage"].isin(set(mine))]
    st = status[["id_usulan", "tahun", "status"]].astype({"tahun": int, "id_usulan": str})
    members = members.merge(st, on=key, how="left")
    kep = pd.DataFrame(columns=[*key, "keputusan"])
    if len(keputusan):
        kep = keputusan[[*key, "status"]].rename(columns={"status": "keputusan"})
        kep = kep.astype({"tahun": int, "id_usulan": str}).drop_duplicates(key, keep="last")
    members = members.merge(kep, on=key, how="left")
    sipd = (
        members["status"]
        .astype(object)
        .map(lambda s: s.strip().lower() if isinstance(s, str) and s.strip() else None)
    )
    word = members["keputusan"].astype(object).where(members["keputusan"].notna(), sipd)
    members["kata"] = word.where(word.notna(), "diusulkan").astype(str)
    this = members["tahun"] == tahun
    members.loc[this, "kata"] = (
        members.loc[this, "keputusan"]
        .astype(object)
        .where(members.loc[this, "keputusan"].notna(), BELUM)
    )
    earlier = (
        members[members["tahun"] < tahun]
        .sort_values(["lineage", "tahun", "id_usulan"])
        .groupby(["lineage", "tahun"], sort=True)["kata"]
        .agg(lambda s: " / ".join(dict.fromkeys(s)))
        .reset_index()
    )
    earlier["part"] = earlier["tahun"].astype(str) + " " + earlier["kata"]
    before = earlier.groupby("lineage", sort=False)["part"].agg(", ".join)
    years = members.groupby("lineage")["tahun"].nunique()
    out = members[this].drop_duplicates("id_usulan")[["id_usulan", "lineage", "kata"]]
    kali = out["lineage"].map(years).astype(int)
    prior = out["lineage"].map(before).astype(object)  # NaN (float) where no earlier year
    own = f"{tahun} " + out["kata"].astype(str)
    text = prior.map(lambda p: f"{p}, " if isinstance(p, str) else "") + own
    out = out.assign(
        kali_diusulkan=kali,
        riwayat=[f"diusulkan {k} kali: {t}" if k > 1 else "pertama kali diusulkan"
                 for k, t in zip(kali, text, strict=True)],
    )  # fmt: skip
    return out[["id_usulan", "kali_diusulkan", "riwayat"]].reset_index(drop=True)


def laporan_desa_table(ws: Workspace, tahun: int, store: KeputusanStore) -> pd.DataFrame:
    """The usulan of ``tahun`` with the decision in force and the history of each.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    store : KeputusanStore
        The workspace's forum decisions.

    Returns
    -------
    DataFrame
        Per usulan: ``kode_kecamatan``, ``nama_kecamatan``, ``kode_desa``,
        ``nama_desa``, ``profil``, ``id_usulan``, ``usulan_ke``, ``usulan``,
        ``volume_satuan``, ``anggaran``, ``opd_tujuan``, ``status`` (the
        decision, None when undecided), ``keputusan`` (its label, else
        "belum diputuskan"), ``alasan``, ``opd_pengalihan``, ``dicatat_oleh``,
        ``kali_diusulkan`` and ``riwayat``; sorted by kecamatan, desa,
        priority and id.
    """
    if tahun not in ws.tahun:
        raise PlanlibError(f"Tidak ada usulan tahun {tahun} di workspace ini.")
    df = rekap.usulan_tahun(ws, tahun)
    ids = df["id_usulan"].astype(str)
    k = keputusan_berlaku(store, ids, tahun)
    status = pd.concat(
        [u[["id_usulan", "tahun", "status"]].astype({"status": object}) for u in ws.usulan.values()]
    )
    riw = riwayat_keputusan(_lineage(ws), status, store.current(), tahun).set_index("id_usulan")
    vol = df["volume"].map(
        lambda v: "" if pd.isna(v) else angka(v, 0 if float(v).is_integer() else 1)
    )
    sat = df["satuan"].astype(object).map(lambda s: s if isinstance(s, str) else "")
    out = pd.DataFrame(
        {
            "kode_kecamatan": df["kode_kecamatan"].astype(object),
            "nama_kecamatan": df["nama_kecamatan"].astype(object),
            "kode_desa": df["kode_desa"].astype(object),
            "nama_desa": df["nama_desa"].astype(object),
            "profil": df["profil"].astype(object) if "profil" in df else None,
            "id_usulan": ids,
            "usulan_ke": pd.to_numeric(df["usulan_ke"], errors="coerce"),
            "usulan": df["usulan"].astype(object),
            "volume_satuan": (vol + " " + sat).str.strip(),
            "anggaran": pd.to_numeric(df["anggaran"], errors="coerce"),
            "opd_tujuan": df["opd_tujuan"].astype(object),
            "status": k["status"].to_numpy(),
            "keputusan": k["label"].to_numpy(),
            "alasan": k["alasan"].to_numpy(),
            "opd_pengalihan": k["opd"].to_numpy(),
            "dicatat_oleh": k["oleh"].to_numpy(),
            "kali_diusulkan": ids.map(riw["kali_diusulkan"]).fillna(1).astype(int).to_numpy(),
            "riwayat": ids.map(riw["riwayat"]).fillna("pertama kali diusulkan").to_numpy(),
        },
        index=df.index,
    )
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    return out.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Count and anggaran per decision label (Diterima … belum diputuskan), then ``Jumlah``.

    Parameters
    ----------
    rows : DataFrame
        Rows of :func:`laporan_desa_table` (``keputusan``, ``anggaran``).

    Returns
    -------
    DataFrame
        Index: the labels present in :data:`planlib.forum.keputusan.LABEL` order
        and "belum diputuskan", then "Jumlah"; columns ``jumlah``, ``anggaran``.
    """
    g = pd.DataFrame(rows.groupby("keputusan")["anggaran"].agg(jumlah="size", anggaran="sum"))
    g = g.reindex([k for k in _TOTAL_ORDER if k in g.index])
    g.loc["Jumlah"] = [len(rows), float(rows["anggaran"].sum())]
    return g.astype({"jumlah": int})


# --------------------------------------------------------------------------- the letters


def _addressee(profil: Any, desa: str) -> str:
    kel = isinstance(profil, str) and profil.strip().lower().startswith("kel")
    return f"Lurah {desa}" if kel else f"Kepala Desa {desa}"


def _intro(tahun: int, judul: str) -> str:
    return (
        f"Bersama ini kami sampaikan tindak lanjut usulan Musrenbang dari desa/kelurahan Saudara "
        f"untuk Rencana Kerja Pemerintah Daerah (RKPD) {judul} tahun {tahun}: keputusan Forum "
        "Perangkat Daerah atas setiap usulan beserta alasannya, OPD yang menanganinya, dan "
        "riwayat usulan yang sama pada tahun-tahun sebelumnya."
    )


def _title(tahun: int) -> list[str]:
    return ["LAPORAN TINDAK LANJUT USULAN MUSRENBANG", f"RKPD TAHUN {tahun}"]


def _cell_value(record: Mapping[Any, Any], col: str) -> Any:
    v = record.get(col)
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return v


def clip(text: str, limit: int, where: str) -> str:
    """``text`` cut to at most ``limit`` characters, ending with a note of its full length.

    Parameters
    ----------
    text : str
        A cell's text.
    limit : int
        The most characters kept, the note included.
    where : str
        Where the whole text is, for the note (e.g. "berkas .xlsx").

    Returns
    -------
    str
        ``text`` itself when short enough.

    Examples
    --------
    >>> clip("a" * 10, 100, "x"), len(clip("a" * 500, 100, "berkas .xlsx"))
    ('aaaaaaaaaa', 100)
    """
    if len(text) <= limit:
        return text
    note = f" … [dipotong; teks lengkap {angka(len(text))} karakter di {where}]"
    return text[: max(limit - len(note), 0)].rstrip() + note


def write_desa_xlsx(
    rows: pd.DataFrame,
    path: Path,
    *,
    judul: str,
    tahun: int,
    label: str | None = None,
    tempat_tanggal: str | None = None,
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
        Place and date above the signature; a dotted line when omitted.

    Returns
    -------
    Path
    """
    import xlsxwriter

    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    last = len(KOLOM) - 1
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
        sheet.write_string(r, 0, f"Kepada Yth. {_addressee(first['profil'], desa)}", fmt["bold"])
        sheet.write_string(r + 1, 0, f"Kecamatan {kec}", fmt["plain"])
        r += 3
        sheet.merge_range(r, 0, r, last, _intro(tahun, judul), fmt["wrap"])
        sheet.set_row(r, 30)
        r += 2
        r = _write_totals(sheet, fmt, totals(rows), r)
        r += 1
        header = r
        for c, (head, _col, width) in enumerate(KOLOM):
            sheet.set_column(c, c, width)
            sheet.write_string(r, c, head, fmt["header"])
        for i, rec in enumerate(rows.to_dict("records"), start=1):
            r += 1
            sheet.write_number(r, 0, i, fmt["center"])
            for c, (_head, col, _w) in enumerate(KOLOM[1:], start=1):
                v = _cell_value(rec, col)
                kind = {"anggaran": "rupiah", "usulan_ke": "center"}.get(col, "text")
                if v is None:
                    sheet.write_blank(r, c, None, fmt[kind])
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    sheet.write_number(r, c, float(v), fmt[kind])
                else:
                    text = printable(v, lines=True)
                    sheet.write_string(r, c, clip(text, XLSX_TEKS_MAKS, "data usulan"), fmt[kind])
        _write_signature(sheet, fmt, r + 3, judul, tempat_tanggal)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        foot = printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")[:100].replace("&", "&&")
        sheet.set_footer(f"&L&8{foot}&R&8Halaman &P dari &N")
    return path


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


def _signature_lines(judul: str, tempat_tanggal: str | None) -> list[str]:
    return [
        tempat_tanggal or "...................., ....................",
        f"Kepala Bappeda {judul}",
        "",
        "",
        "",
        "( ........................................ )",
        "NIP. ..................................",
    ]


def _write_signature(
    sheet: Worksheet, fmt: dict[str, Format], top: int, judul: str, tempat_tanggal: str | None
) -> None:
    c0, c1 = 7, 9
    for i, text in enumerate(_signature_lines(judul, tempat_tanggal)):
        style = fmt["sign_bold"] if i == 1 else fmt["sign"]
        sheet.merge_range(top + i, c0, top + i, c1, text, style)


def write_desa_pdf(
    rows: pd.DataFrame,
    path: Path,
    *,
    judul: str,
    tahun: int,
    label: str | None = None,
    tempat_tanggal: str | None = None,
) -> Path:
    """Write one desa's letter as a PDF (A4 landscape), the same content as :func:`write_desa_xlsx`.

    Parameters
    ----------
    rows, path, judul, tahun, label, tempat_tanggal
        As for :func:`write_desa_xlsx`.

    Returns
    -------
    Path
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

    from .pdf import para, styles, table

    st = styles(9.0)
    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    story: list[Any] = [para(t, st["title"]) for t in [*_title(tahun), judul.upper()]]
    if label:
        story.append(para(label, st["label"]))
    story += [
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
            v = _cell_value(rec, col)
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
            for i, s in enumerate(_signature_lines(judul, tempat_tanggal))]  # fmt: skip
    from reportlab.platypus import Table

    block = Table([[p] for p in sign], colWidths=[80 * mm], hAlign="RIGHT")
    story.append(KeepTogether(block))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 7)
        canvas.drawString(
            10 * mm, 7 * mm, printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")
        )
        canvas.drawRightString(landscape(A4)[0] - 10 * mm, 7 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
        topMargin=10 * mm, bottomMargin=12 * mm,
        title=f"Tindak lanjut usulan Musrenbang {tahun} - {desa}", author=judul,
    )  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def safe_name(text: str) -> str:
    """``text`` as a file or folder name on any system (no ``/\\:*?"<>|``, not empty).

    Parameters
    ----------
    text : str
        A name (a desa's, a kecamatan's).

    Returns
    -------
    str
        ``text`` with unsafe characters as ``-``; ``"tanpa-nama"`` when nothing is left.
    """
    name = _UNSAFE.sub("-", str(text)).strip().strip(".").strip()
    return name or "tanpa-nama"


def write_laporan_desa(
    ws: Workspace,
    tahun: int,
    out: str | Path,
    *,
    store: KeputusanStore | None = None,
    tempat_tanggal: str | None = None,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> HasilLaporan:
    """Write the letter of every desa with usulan in ``tahun``, and an index of them.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    out : str or Path
        The folder (created); letters go to ``<kecamatan>/<desa>.xlsx`` and
        ``.pdf``, the index to ``index.xlsx`` and ``index.csv``.
    store : KeputusanStore, optional
        The decisions; the workspace's own by default.
    tempat_tanggal : str, optional
        Place and date above the signature.
    pdf : bool
        Also write the PDFs.
    progress : callable, optional
        Called with a line of text now and then while writing.

    Returns
    -------
    HasilLaporan
    """
    out = Path(out)
    store = store if store is not None else KeputusanStore(ws.root)
    say = progress or (lambda _s: None)
    table_ = laporan_desa_table(ws, tahun, store)
    judul = ws.config.nama
    key = table_["kode_desa"].astype(object).where(table_["kode_desa"].notna(), "")
    groups = list(
        table_.groupby([table_["nama_kecamatan"].fillna("Tanpa kecamatan"), key], sort=True)
    )
    say(f"Menulis laporan {len(groups)} desa/kelurahan ({len(table_)} usulan) ke {out}")
    files: list[Path] = []
    index: list[dict[str, Any]] = []
    used: set[Path] = set()
    gagal: list[str] = []
    step = max(1, len(groups) // 10)
    for i, ((kec, kode), rows) in enumerate(groups, start=1):
        desa = str(rows["nama_desa"].iloc[0]) if rows["nama_desa"].notna().any() else "Tanpa desa"
        rows = rows.assign(nama_desa=desa, nama_kecamatan=str(kec))
        folder = out / safe_name(str(kec))
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / safe_name(desa)
        if stem in used:  # two desa of one name in a kecamatan: the code tells them apart
            stem = folder / safe_name(f"{desa} {kode}")
        used.add(stem)
        entry: dict[str, Any] = {
            "kode_kecamatan": rows["kode_kecamatan"].iloc[0], "kecamatan": kec,
            "kode_desa": kode or None, "desa": desa, "jumlah": len(rows),
            "anggaran": float(rows["anggaran"].sum()),
        }  # fmt: skip
        for lab in _TOTAL_ORDER:
            entry[lab] = int((rows["keputusan"] == lab).sum())
        kinds = {"xlsx": write_desa_xlsx, **({"pdf": write_desa_pdf} if pdf else {})}
        for kind, write in kinds.items():
            target = stem.with_suffix(f".{kind}")
            try:
                write(rows, target, judul=judul, tahun=tahun, label=ws.label,
                      tempat_tanggal=tempat_tanggal)  # fmt: skip
            except Exception as e:  # one desa's letter never stops the others
                target.unlink(missing_ok=True)
                entry[kind] = None
                why = f"{kind} tidak dapat ditulis ({type(e).__name__})"
                entry["keterangan"] = "; ".join(filter(None, [entry.get("keterangan"), why]))
                gagal.append(f"{desa}, {kec}: surat {why}")
                say(f"  GAGAL {gagal[-1]}; desa lain tetap ditulis")
                continue
            files.append(target)
            entry[kind] = target.relative_to(out).as_posix()
        index.append(entry)
        if i % step == 0 or i == len(groups):
            say(f"  {i}/{len(groups)} desa ditulis")
    idx = pd.DataFrame(index)
    if "keterangan" in idx:  # last, after the files
        idx = idx[[c for c in idx.columns if c != "keterangan"] + ["keterangan"]]
    out.mkdir(parents=True, exist_ok=True)
    write_csv(idx, out / "index.csv")
    _write_index_xlsx(idx, out / "index.xlsx", judul=judul, tahun=tahun, label=ws.label)
    files += [out / "index.xlsx", out / "index.csv"]
    return HasilLaporan(out=out, index=idx, files=files, gagal=gagal)


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

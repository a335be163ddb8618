"""What the desa take home from the Rembuk Remas: their masalah and isu, with their IDM profile.

``planlib masalah laporan`` writes, for planning year ``T``:

* per desa, ``<out>/<Kecamatan>/<Desa>.xlsx`` and ``.pdf``: the desa's IDM /
  Indeks Desa figures (status, nilai, the indices) above the list of its
  masalah and isu strategis in force (isu, bidang, sumber, prioritas, the
  usulan that answer each, who recorded it and when, in local time);
* per kecamatan, ``<out>/<Kecamatan>/Ringkasan Kecamatan <Kecamatan>.xlsx``
  and ``.pdf``: one line per desa (status IDM, masalah, isu strategis, the
  most named isu, masalah not yet proposed) and the kecamatan's own masalah.

Every text cell of the workbooks goes through :func:`planlib.neutralise.csv_cell`
and :func:`planlib.neutralise.printable` (a masalah typed as ``=HYPERLINK(…)``
stays text); the PDFs use the shared pieces of :mod:`planlib.documents.pdf`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from ..formatting import angka, waktu, zona_waktu
from ..indeks_desa import DIMENSI, INDEKS_IDM
from ..masalah.store import MasalahStore
from ..neutralise import csv_cell, file_name, printable
from ..rembuk import peta_masalah

if TYPE_CHECKING:
    from ..workspace import Workspace


#: The columns of a desa's list: (header, field, width in the PDF in mm).
KOLOM: list[tuple[str, str, float]] = [
    ("No", "no", 9),
    ("Jenis", "jenis_label", 20),
    ("Masalah / isu strategis", "masalah", 86),
    ("Isu", "isu", 38),
    ("Bidang", "bidang", 26),
    ("Sumber", "sumber", 16),
    ("Prioritas", "prioritas", 16),
    ("Usulan terkait", "usulan_terkait", 34),
    ("Dicatat", "dicatat", 32),
]
JENIS_LABEL = {"masalah": "Masalah", "isu_strategis": "Isu strategis"}


@dataclass
class LaporanMasalahResult:
    """What :func:`write_laporan_masalah` wrote."""

    folder: Path
    desa: int = 0
    kecamatan: int = 0
    masalah: int = 0
    files: list[Path] = field(default_factory=list)


def _cell(v: Any) -> Any:
    """A value as it may go into a workbook cell: no control characters, no formula."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str):
        return csv_cell(printable(v, lines=True))
    return v


def profil_desa(ws: Workspace) -> pd.DataFrame:
    """The latest IDM / Indeks Desa figures of each desa, indexed by ``kode_desa``.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    DataFrame
        The columns of :data:`planlib.indeks_desa.COLUMNS` of the latest year
        that has the desa; empty when the workspace has no ``[indeks_desa]``.
    """
    tables = [df for _, df in sorted(ws.indeks_desa.items()) if len(df)]
    if not tables:
        return pd.DataFrame()
    all_ = pd.concat(tables, ignore_index=True)
    return (
        all_.sort_values("tahun").drop_duplicates("kode_desa", keep="last").set_index("kode_desa")
    )


def _profil_lines(p: pd.Series | None) -> list[tuple[str, str]]:
    """A desa's profile as (label, value) lines: status, nilai and each index present."""
    if p is None:
        return [("Indeks desa", "tidak ada data IDM / Indeks Desa untuk desa ini")]
    nama = "IDM" if p["jenis"] == "idm" else "Indeks Desa"
    digits = 4 if p["jenis"] == "idm" else 2
    out = [(f"Status {nama} {int(p['tahun'])}", str(p["status"] or "-")),
           (f"Nilai {nama}", angka(p["nilai"], digits) if pd.notna(p["nilai"]) else "-")]  # fmt: skip
    for col, label in {**INDEKS_IDM, **DIMENSI}.items():
        if pd.notna(p.get(col)):
            out.append((label, angka(p[col], digits)))
    return out


def _text(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _rows(m: pd.DataFrame, zona: str) -> list[dict[str, Any]]:
    out = []
    ordered = m.sort_values(["prioritas", "id_masalah"], na_position="last", kind="stable")
    for i, r in enumerate(ordered.to_dict("records"), start=1):
        ids = list(r["id_usulan_terkait"])
        out.append({
            "no": i, "jenis_label": JENIS_LABEL.get(r["jenis"], r["jenis"]), "masalah": r["masalah"],
            "isu": _text(r["isu"]), "bidang": _text(r["bidang"]), "sumber": r["sumber"],
            "prioritas": "" if pd.isna(r["prioritas"]) else int(r["prioritas"]),
            "usulan_terkait": ", ".join(map(str, ids)) if ids else "belum diusulkan",
            "dicatat": f"{r['oleh']}, {waktu(r['waktu'], zona)}",
            "id_masalah": r["id_masalah"],
        })  # fmt: skip
    return out


def _title(tahun: int, tingkat: str, nama: str, kec: str | None) -> list[str]:
    where = f"Desa {nama}, Kecamatan {kec}" if tingkat == "desa" else f"Kecamatan {nama}"
    return [f"PETA MASALAH DAN ISU STRATEGIS — REMBUK REMAS {tahun}", where]


def _write_list_xlsx(
    path: Path, title: list[str], label: str | None, profil: list[tuple[str, str]],
    rows: list[dict[str, Any]],
) -> Path:  # fmt: skip
    """Write one desa's (or kecamatan's) list as an xlsx workbook (openpyxl, neutralised cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    sh = wb.active
    sh.title = "Masalah"
    r = 1
    for t in title:
        sh.cell(r, 1, _cell(t)).font = Font(bold=True, size=12)
        r += 1
    if label:
        sh.cell(r, 1, _cell(label)).font = Font(bold=True, color="B00020")
        r += 1
    r += 1
    for k, v in profil:
        sh.cell(r, 1, _cell(k)).font = Font(bold=True)
        sh.cell(r, 3, _cell(v))
        r += 1
    r += 1
    fill = PatternFill("solid", fgColor="1F3B73")
    for c, (h, _f, w) in enumerate(KOLOM, start=1):
        cell = sh.cell(r, c, h)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), fill
        sh.column_dimensions[cell.column_letter].width = max(6.0, w / 2.2)
    header = r
    for row in rows:
        r += 1
        for c, (_h, f, _w) in enumerate(KOLOM, start=1):
            sh.cell(r, c, _cell(row[f])).alignment = Alignment(wrap_text=True, vertical="top")
    if not rows:
        sh.cell(r + 1, 1, "Belum ada masalah yang dicatat.")
    sh.freeze_panes = sh.cell(header + 1, 1)
    sh.print_title_rows = f"{header}:{header}"
    sh.page_setup.orientation = "landscape"
    sh.page_setup.fitToWidth = 1
    wb.save(path)
    return path


def _write_list_pdf(
    path: Path, title: list[str], label: str | None, profil: list[tuple[str, str]],
    rows: list[dict[str, Any]], footer_text: str,
) -> Path:  # fmt: skip
    """Write the same list as a PDF (A4 landscape) with the shared PDF pieces."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from .pdf import para, styles, table

    st = styles(9.0)
    story: list[Any] = [
        para(t, st["title"] if i == 0 else st["subtitle"]) for i, t in enumerate(title)
    ]
    if label:
        story.append(para(label, st["label"]))
    story.append(Spacer(1, 4 * mm))
    prof = table([["Profil desa", ""], *[[k, v] for k, v in profil]], [55 * mm, 90 * mm])
    prof.hAlign = "LEFT"
    story += [prof, Spacer(1, 4 * mm)]
    body: list[list[Any]] = [[h for h, _, _ in KOLOM]]
    body += [[row[f] for _h, f, _w in KOLOM] for row in rows]
    if not rows:
        body.append(["", "", "Belum ada masalah yang dicatat.", "", "", "", "", "", ""])
    story.append(table(body, [w * mm for _, _, w in KOLOM], right=(0, 6), plain=(0, 6)))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 7)
        canvas.drawString(10 * mm, 7 * mm, printable(footer_text))
        canvas.drawRightString(landscape(A4)[0] - 10 * mm, 7 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
        topMargin=10 * mm, bottomMargin=12 * mm, title=printable(" — ".join(title)),
    )  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def ringkasan_kecamatan(m: pd.DataFrame, profil: pd.DataFrame, desa: pd.DataFrame) -> pd.DataFrame:
    """One line per desa of a kecamatan: status IDM, counts, the most named isu.

    Parameters
    ----------
    m : DataFrame
        The kecamatan's masalah (:func:`planlib.rembuk.peta_masalah`).
    profil : DataFrame
        :func:`profil_desa`.
    desa : DataFrame
        The kecamatan's desa (``kode``, ``nama``) from the code list.

    Returns
    -------
    DataFrame
        ``Desa``, ``Status IDM``, ``Masalah``, ``Isu strategis``,
        ``Belum diusulkan``, ``Isu terbanyak``.
    """
    rows = []
    for kode, nama in zip(desa["kode"], desa["nama"], strict=True):
        own = m[(m["tingkat"] == "desa") & (m["kode_wilayah"] == kode)]
        isu = own["isu"].dropna().value_counts()
        status = profil.at[kode, "status"] if kode in profil.index else None
        rows.append({
            "Desa": nama, "Status IDM": status or "-",
            "Masalah": int((own["jenis"] == "masalah").sum()),
            "Isu strategis": int((own["jenis"] == "isu_strategis").sum()),
            "Belum diusulkan": int((~own["diusulkan"]).sum()),
            "Isu terbanyak": isu.index[0] if len(isu) else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


def _write_ringkasan(
    folder: Path, tahun: int, kec: str, label: str | None, summary: pd.DataFrame,
    own: list[dict[str, Any]],
) -> list[Path]:  # fmt: skip
    from openpyxl import Workbook
    from openpyxl.styles import Font

    title = [f"RINGKASAN REMBUK REMAS {tahun}", f"Kecamatan {kec}"]
    xlsx = folder / f"Ringkasan Kecamatan {file_name(kec)}.xlsx"
    wb = Workbook()
    sh = wb.active
    sh.title = "Ringkasan"
    r = 1
    for t in [*title, *([label] if label else [])]:
        sh.cell(r, 1, _cell(t)).font = Font(bold=True)
        r += 1
    r += 1
    for c, h in enumerate(summary.columns, start=1):
        sh.cell(r, c, h).font = Font(bold=True)
        sh.column_dimensions[sh.cell(r, c).column_letter].width = 30 if c in (1, 6) else 14
    for rec in summary.itertuples(index=False):
        r += 1
        for c, v in enumerate(rec, start=1):
            sh.cell(r, c, _cell(v))
    r += 2
    sh.cell(r, 1, "Masalah tingkat kecamatan").font = Font(bold=True)
    for row in own:
        r += 1
        sh.cell(r, 1, _cell(row["masalah"]))
        sh.cell(r, 2, _cell(row["isu"]))
        sh.cell(r, 3, _cell(row["usulan_terkait"]))
    wb.save(xlsx)

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from .pdf import para, styles, table

    st = styles(9.0)
    story: list[Any] = [
        para(t, st["title"] if i == 0 else st["subtitle"]) for i, t in enumerate(title)
    ]
    if label:
        story.append(para(label, st["label"]))
    story.append(Spacer(1, 4 * mm))
    body = [list(summary.columns), *[list(r) for r in summary.itertuples(index=False)]]
    story.append(
        table(body, [60 * mm, 35 * mm, 25 * mm, 25 * mm, 30 * mm, 75 * mm], right=(2, 3, 4))
    )
    if own:
        story += [Spacer(1, 4 * mm), para("Masalah tingkat kecamatan", st["cell_bold"])]
        story.append(table([["Masalah", "Isu", "Usulan terkait"],
                            *[[o["masalah"], o["isu"], o["usulan_terkait"]] for o in own]],
                           [140 * mm, 60 * mm, 60 * mm]))  # fmt: skip
    pdf = folder / f"Ringkasan Kecamatan {file_name(kec)}.pdf"
    SimpleDocTemplate(str(pdf), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                      topMargin=10 * mm, bottomMargin=12 * mm).build(story)  # fmt: skip
    return [xlsx, pdf]


def write_laporan_masalah(
    ws: Workspace,
    tahun: int,
    out: str | Path,
    *,
    store: MasalahStore | None = None,
    pdf: bool = True,
) -> LaporanMasalahResult:
    """Write every desa's list and every kecamatan's summary of planning year ``tahun``.

    Only desa and kecamatan with masalah recorded get files.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        ``T``, the planning year.
    out : path-like
        The folder (created); one sub-folder per kecamatan.
    store : MasalahStore, optional
        The workspace's store when omitted.
    pdf : bool
        Write the PDFs beside the workbooks.

    Returns
    -------
    LaporanMasalahResult
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    m, _ = peta_masalah(ws, tahun, store)
    res = LaporanMasalahResult(folder, masalah=len(m))
    profil = profil_desa(ws)
    w = ws.wilayah
    zona = zona_waktu(w.kabupaten)
    for kec_kode, mk in m.groupby("kode_kecamatan", sort=True):
        kec = str(w.kecamatan_matcher.names.get(kec_kode, kec_kode))
        sub = folder / file_name(kec)
        sub.mkdir(exist_ok=True)
        for kode, md in mk[mk["tingkat"] == "desa"].groupby("kode_wilayah", sort=True):
            nama = str(md["nama_wilayah"].iloc[0])
            title = _title(tahun, "desa", nama, kec)
            p = cast(pd.Series, profil.loc[kode]) if kode in profil.index else None
            rows = _rows(md, zona)
            lines = _profil_lines(p)
            base = sub / file_name(nama)
            res.files.append(
                _write_list_xlsx(base.with_suffix(".xlsx"), title, ws.label, lines, rows)
            )
            if pdf:
                res.files.append(_write_list_pdf(
                    base.with_suffix(".pdf"), title, ws.label, lines, rows,
                    f"Rembuk Remas {tahun} - Desa {nama}, Kecamatan {kec}",
                ))  # fmt: skip
            res.desa += 1
        desa = w.desa[w.desa["kode_kec"] == kec_kode]
        summary = ringkasan_kecamatan(mk, profil, desa)
        summary = summary[(summary[["Masalah", "Isu strategis"]].sum(axis=1) > 0)].reset_index(
            drop=True
        )
        own = _rows(mk[mk["tingkat"] == "kecamatan"], zona)
        files = _write_ringkasan(sub, tahun, kec, ws.label, summary, own)
        res.files += files if pdf else [f for f in files if f.suffix == ".xlsx"]
        if not pdf:
            files[1].unlink()
        res.kecamatan += 1
    return res

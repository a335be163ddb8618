"""The long layout of indicator files: one observation per row.

Headers ``kode_wilayah, nama_wilayah, tahun, periode, indikator, nilai,
satuan, seri, sumber`` are found by alias (:data:`LONG_FIELDS`), in any order,
under any title rows; the layout is recognised by its ``nilai`` column. A
row's wilayah is its code when the code is one, else its name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..parse import clean_text, is_missing
from ..report import ROW, FileReport, PlanlibError
from ..tabular import RawTable, read_table
from ..wilayah import Wilayah
from .catalogue import canonical_periode, canonical_seri
from .cells import lenient, match_wilayah, number_parser, parse_kode, parse_year

#: Header spellings of the long layout.
LONG_FIELDS: dict[str, list[str]] = {
    "kode_wilayah": ["kode_wilayah", "kode_kemendagri", "Kode Wilayah", "Kode", "Kode Kemendagri",
                     "kode_wil"],
    "nama_wilayah": ["wilayah", "nama_wilayah", "Wilayah", "Nama Wilayah", "Nama Daerah"],
    "tahun": ["tahun", "Tahun", "Year"],
    "periode": ["periode", "Periode", "Bulan"],
    "indikator": ["indikator", "Indikator", "Nama Indikator", "kode_indikator"],
    "nilai": ["nilai", "Nilai", "Value"],
    "satuan": ["satuan", "Satuan", "Unit"],
    "seri": ["seri", "Seri", "Series"],
    "sumber": ["sumber", "source_detail", "Sumber", "Sumber Data"],
    "source_id": ["source_id"],
}  # fmt: skip


def read_long(
    path: str | Path, raw: RawTable, w: Wilayah, opts: dict[str, Any], report: FileReport
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The observations of a long-layout file, one per row, before :func:`finish`.

    Parameters
    ----------
    path : path-like
        The file.
    raw : RawTable
        Its cells, as :func:`planlib.tabular.read_rows` read them.
    w : Wilayah
        The code list; names are matched with :func:`match_wilayah`.
    opts : dict
        The file's options (see :func:`planlib.indikator.load.load_indikator`):
        ``header``, ``kolom``, and values for empty ``indikator``, ``periode``,
        ``satuan``, ``seri``, ``sumber`` cells.
    report : FileReport
        Receives every row left out, and warnings (fuzzy wilayah names, a code
        that is not one where the name was used instead).

    Returns
    -------
    (DataFrame, dict)
        The observations (columns as :func:`planlib.indikator.observations.finish`
        takes them) and the headers of ``tahun`` and ``nilai`` as written.

    Raises
    ------
    PlanlibError
        When a required column, or both wilayah columns, are missing.
    """
    required = ["tahun", "nilai"] + ([] if opts.get("indikator") else ["indikator"])
    t = read_table(
        path, LONG_FIELDS, report, required=required,
        key_fields=["nama_wilayah", "tahun", "indikator", "nilai"],
        header_row=opts.get("header"), columns=opts.get("kolom"), raw=raw,
    )  # fmt: skip
    df, h = t.df, t.headers
    if "kode_wilayah" not in h and "nama_wilayah" not in h:
        raise PlanlibError(
            f"Kolom wilayah tidak ada di {Path(path).name}: isi 'kode_wilayah' atau 'nama_wilayah'."
        )
    for f in LONG_FIELDS:
        if f not in df.columns:
            df[f] = None
    for f in ("indikator", "periode", "satuan", "seri", "sumber"):  # defaults for empty cells
        if not is_missing(opts.get(f)):
            df[f] = df[f].where(~df[f].map(is_missing), opts[f])
    df = df.assign(_indikator_asli=df["indikator"].map(clean_text))
    df = report.drop(
        df, df["_indikator_asli"].isna(), "wajib_kosong", column=h.get("indikator", "indikator")
    )

    # wilayah: the code when it is one, else the name
    kode = df["kode_wilayah"].map(parse_kode)
    bad_code = kode.isna() & ~df["kode_wilayah"].map(is_missing)
    names = df["nama_wilayah"].where(kode.isna(), None)
    m = match_wilayah(names, w)
    kode = kode.fillna(m["kode"])
    kcol, ncol = h.get("kode_wilayah"), h.get("nama_wilayah") or h.get("kode_wilayah")
    df = report.drop(
        df, bad_code & kode.isna(), "kode_tidak_sah", column=kcol, suggestions=m["saran"]
    )
    kode, m, bad_code = kode.loc[df.index], m.loc[df.index], bad_code.loc[df.index]
    report.warn(
        df, bad_code, "kode_tidak_sah", column=kcol, severity="warning",
        suggestions="dipakai nama wilayah: " + df["nama_wilayah"].astype(str),
    )  # fmt: skip
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=ncol,
                values=df["nama_wilayah"], suggestions=m["saran"])  # fmt: skip
    for metode, code in (
        ("kosong", "wajib_kosong"),
        ("ambigu", "wilayah_ambigu"),
        ("tidak_dikenal", "wilayah_tidak_dikenal"),
    ):
        gone = kode.isna() & (m["metode"] == metode)
        df = report.drop(df, gone, code, column=ncol, values=df["nama_wilayah"],
                         suggestions=m["saran"])  # fmt: skip
        kode, m = kode.loc[df.index], m.loc[df.index]
    df = df.assign(kode_wilayah=kode)

    tahun = df["tahun"].map(lenient(parse_year))
    df = report.drop(df, df["tahun"].map(is_missing), "wajib_kosong", column=h["tahun"])
    tahun = tahun.loc[df.index]
    df = report.drop(df, tahun.isna(), "tahun_tidak_sah", column=h["tahun"])
    df = df.assign(tahun=tahun.loc[df.index])

    parse = number_parser(df["nilai"])
    nilai = df["nilai"].map(lenient(parse))
    empty = df["nilai"].map(is_missing)
    df = report.drop(df, empty, "nilai_kosong", column=h["nilai"])
    nilai = nilai.loc[df.index]
    df = report.drop(df, nilai.isna(), "nilai_tidak_sah", column=h["nilai"])
    sumber = df["sumber"].map(clean_text)
    if "source_id" in df.columns:
        sumber = sumber.fillna(df["source_id"].map(clean_text))
    return pd.DataFrame(
        {
            "kode_wilayah": df["kode_wilayah"],
            "nama_asli": df["nama_wilayah"].map(clean_text),
            "tahun": df["tahun"],
            "periode": df["periode"].map(canonical_periode),
            "indikator_asli": df["_indikator_asli"],
            "nilai": nilai.loc[df.index].astype(float),
            "satuan": df["satuan"].map(clean_text),
            "seri": df["seri"].map(canonical_seri),
            "sumber": sumber,
            ROW: df[ROW],
            "_kolom": h["nilai"],
        },
        index=df.index,
    ), {"tahun": h["tahun"], "nilai": h["nilai"]}

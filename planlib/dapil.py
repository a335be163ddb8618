"""Dapil (DPRD electoral districts): which kecamatan belong to which dapil.

Input: a table with a ``dapil`` column and a ``kecamatan`` column holding a
kecamatan name or Kemendagri code (extra columns are ignored; a
``kode_kecamatan`` column is used in preference when present). Rows of other
kabupaten are reported and left out; a kecamatan listed in two dapil is an
error; a kecamatan of the code list in no dapil is reported and kept, with an
empty dapil, so it is still drawn and explained.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .parse import clean_text
from .report import ROW, FileReport, PlanlibError
from .tabular import read_table
from .wilayah import Wilayah, normalise_code

DAPIL_FIELDS = {
    "dapil": ["Dapil", "Daerah Pemilihan", "Nama Dapil"],
    "kecamatan": ["Kecamatan", "Nama Kecamatan", "Kec"],
    "kode_kecamatan": ["Kode Kecamatan", "kode_kec", "kode_kec_kemendagri", "Kode Kec"],
    "kabupaten": ["Kabupaten", "Kabupaten/Kota"],
    "kode_kabupaten": ["kode_kab", "kode_kab_kemendagri", "Kode Kabupaten"],
}


def load_dapil(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load dapil membership.

    Parameters
    ----------
    path : str or Path
        The dapil table (spreadsheet or CSV): a ``Dapil`` column and a
        ``Kecamatan`` (name) and/or ``Kode Kecamatan`` column.
    wilayah : Wilayah
        The code list the kecamatan are matched against (its kabupaten decides
        which rows belong to this kabupaten).
    opts : dict or None
        The file's options in the workspace configuration: ``sheet``,
        ``header`` (Excel row of the header) and ``kolom`` (field → header text).

    Returns
    -------
    (DataFrame, FileReport)
        One row per kecamatan in a dapil: ``dapil``, ``kode_kecamatan``,
        ``nama_kecamatan``, ``baris``. The report names every row left out
        (other kabupaten, empty dapil, unknown or ambiguous kecamatan, a
        kecamatan already in another dapil) and every kecamatan in no dapil.

    Raises
    ------
    PlanlibError
        The file cannot be read, has no ``Dapil`` column, or has neither a
        kecamatan name nor a kecamatan code column.
    """
    opts = opts or {}
    report = FileReport(str(path), "dapil")
    t = read_table(
        path, DAPIL_FIELDS, report, required=["dapil"], key_fields=["dapil", "kecamatan", "kode_kecamatan"],
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
    )  # fmt: skip
    df, h = t.df, t.headers
    if "kecamatan" not in h and "kode_kecamatan" not in h:
        raise PlanlibError(f"{Path(path).name}: kolom 'Kecamatan' tidak ditemukan.")
    if "kode_kabupaten" in h:
        kab = df["kode_kabupaten"].map(normalise_code)
        other = kab.notna() & (kab != wilayah.kabupaten)
        df = report.drop(df, other, "di_luar_kabupaten", column=h["kode_kabupaten"])
    df = df.assign(dapil=df["dapil"].map(clean_text))
    df = report.drop(df, df["dapil"].isna(), "wajib_kosong", column=h["dapil"])
    m = wilayah.kecamatan_matcher
    by_code = m.match(df["kode_kecamatan"]) if "kode_kecamatan" in h else None
    by_name = m.match(df["kecamatan"]) if "kecamatan" in h else None
    if by_code is not None and by_name is not None:
        res = by_code.where(by_code["kode"].notna(), by_name)
    elif by_code is not None:
        res = by_code
    else:
        assert by_name is not None  # one of the two columns exists (checked above)
        res = by_name
    col = h.get("kode_kecamatan") or h.get("kecamatan")
    shown = df["kecamatan"] if "kecamatan" in h else df["kode_kecamatan"]
    report.warn(df, res["metode"] == "mirip", "kecamatan_mirip", column=col, values=shown,
                suggestions=res["saran"])  # fmt: skip
    for metode, code in (("ambigu", "kecamatan_ambigu"), ("kosong", "kecamatan_kosong")):
        df = report.drop(df, res["metode"] == metode, code, column=col, values=shown,
                         suggestions=res["saran"])  # fmt: skip
        res, shown = res.loc[df.index], shown.loc[df.index]
    df = report.drop(df, res["kode"].isna(), "kecamatan_tidak_dikenal", column=col, values=shown,
                     suggestions=res["saran"])  # fmt: skip
    res = res.loc[df.index]
    df = df.assign(kode_kecamatan=res["kode"])
    twice = df["kode_kecamatan"].duplicated(keep="first")
    first = df.drop_duplicates("kode_kecamatan").set_index("kode_kecamatan")["dapil"]
    df = report.drop(
        df, twice, "dapil_ganda", column=col, values=df["kode_kecamatan"].map(m.names),
        suggestions=df["kode_kecamatan"].map(lambda k: f"sudah di {first.get(k)}"),
    )  # fmt: skip
    df = df.assign(nama_kecamatan=df["kode_kecamatan"].map(m.names))
    for kd in sorted(set(m.names) - set(df["kode_kecamatan"])):
        report.add("tanpa_dapil", value=m.names[kd], suggestion=kd)
    report.rows_loaded = len(df)
    return df[["dapil", "kode_kecamatan", "nama_kecamatan", ROW]].reset_index(drop=True), report

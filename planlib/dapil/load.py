"""Dapil (DPRD electoral districts): which kecamatan, or which desa of a split kecamatan, belong to which Dapil.

:func:`load_dapil` reads, without configuration, the layouts a Dapil list comes in:

- **one row per kecamatan**: a ``Dapil`` column and a ``Kecamatan`` (name)
  and/or ``Kode Kecamatan`` column (the code wins when it is known);
- **one row per Dapil**, its kecamatan listed in one cell: separated by
  commas, semicolons, "dan", "serta", "&", " - " or new lines (Excel's
  Alt+Enter), with or without "Kec."/"Kecamatan", numbered ("1. Wonosari
  2. Playen", "1) …", "(1) …") or bulleted;
- either of them with **desa** (``Desa``/``Kode Desa``, one per row or listed
  in one cell) for a kecamatan split between Dapil;
- **the KPU table** (``jenis, kode_dapil, nama_dapil, tingkatan,
  kode_wilayah, nama, pecahan``, KPU Open Data, Pemilu 2024), the national
  file or one kabupaten's slice: only ``dprd_kabupaten_kota`` rows of this
  kabupaten are used; ``kecamatan`` rows give whole kecamatan, a split
  kecamatan has a ``pecahan_kecamatan`` row per part and ``desa_kelurahan``
  rows giving the part's desa.

Title rows above the header, a seat column (``Kursi``, ``Jumlah Kursi``,
``Alokasi Kursi``: kept as ``kursi``, the seats of the row's Dapil), totals
rows (``Jumlah``) and a Dapil cell left empty under the row that names it (a
merged cell saved as CSV: the row takes the Dapil above it, and the report
notes it) are read as a person reads them. Every way of writing a Dapil
("Lombok Timur 1", "DAPIL I", "Daerah Pemilihan 2", "1") becomes one label
(:func:`planlib.dapil.cells.dapil_label`: "Dapil N").

Membership rules: every kecamatan of the code list is in exactly one Dapil,
or reported. A kecamatan listed whole in two Dapil is an error (the first
listing wins); a kecamatan split by desa is not, but a desa in two Dapil is;
the desa of a split kecamatan that no Dapil lists are reported
(``desa_tanpa_dapil``), and a kecamatan in no Dapil is reported and kept
without Dapil (``tanpa_dapil``), so it is still drawn and explained.

Row accounting. A row of the file counts as **loaded** when at least one
kecamatan or desa it lists is placed in its Dapil (a KPU
``pecahan_kecamatan`` row, which names a part of a kecamatan, when its
kecamatan is known). Each listed name that cannot be placed (unknown,
ambiguous, already in another Dapil …) is a problem on that row naming the
name at fault; on a loaded row it is not a dropped row. A row none of whose
names is placed is reported: all its problems are marked as not loaded.
So ``rows_in == rows_loaded + rows_reported`` holds for every file, however
many kecamatan a row lists.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..report import ROW, FileReport, PlanlibError
from ..tabular import read_table
from ..wilayah import Wilayah
from .assign import _claim, _frame, _place, _Problems, _unplaced
from .kpu import _kpu_items
from .typed import _PLACES, _kursi_of_dapil, _list_items

DAPIL_FIELDS = {
    "dapil": ["Dapil", "Daerah Pemilihan", "Nama Dapil", "Dapil DPRD", "Nama Daerah Pemilihan"],
    "kecamatan": [
        "Kecamatan", "Nama Kecamatan", "Kec", "Daftar Kecamatan", "Wilayah", "Wilayah Dapil",
        "Cakupan Wilayah", "Cakupan Kecamatan", "Wilayah Kecamatan", "Kecamatan yang Termasuk",
    ],
    "kode_kecamatan": ["Kode Kecamatan", "kode_kec", "kode_kec_kemendagri", "Kode Kec"],
    "desa": ["Desa", "Desa/Kelurahan", "Kelurahan/Desa", "Nama Desa", "Nama Desa/Kelurahan"],
    "kode_desa": ["Kode Desa", "Kode Desa/Kelurahan", "kode_desa_kemendagri", "Kode Kelurahan/Desa"],
    "kursi": [
        "Kursi", "Jumlah Kursi", "Alokasi Kursi", "kursi_dapil", "Jml Kursi", "Jumlah Kursi Dapil",
        "Alokasi Kursi Dapil",
    ],
    "kabupaten": ["Kabupaten", "Kabupaten/Kota"],
    "kode_kabupaten": ["kode_kab", "kode_kab_kemendagri", "Kode Kabupaten"],
    # the KPU table (kode_dapil is not needed: nama_dapil is the Dapil)
    "jenis": ["jenis", "Jenis Dapil"],
    "tingkatan": ["tingkatan", "Tingkatan Wilayah"],
    "kode_wilayah": ["kode_wilayah", "Kode Wilayah"],
    "nama_wilayah": ["nama", "Nama Wilayah"],
    "pecahan": ["pecahan", "Nama Pecahan"],
}  # fmt: skip

#: The columns of the membership table :func:`load_dapil` returns.
COLUMNS = ["dapil", "kode_kecamatan", "nama_kecamatan", ROW, "kursi", "kode_desa"]

_KEYS = ["dapil", *_PLACES, "kode_wilayah", "nama_wilayah"]


def load_dapil(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load Dapil membership from a Dapil list as people type it, or the KPU table.

    Parameters
    ----------
    path : str or Path
        The Dapil table (spreadsheet or CSV), in any layout of the module
        docstring.
    wilayah : Wilayah
        The code list the kecamatan and desa are matched against (its
        kabupaten decides which rows belong to this kabupaten).
    opts : dict or None
        The file's options in the workspace configuration: ``sheet``,
        ``header`` (Excel row of the header) and ``kolom`` (field → header text).

    Returns
    -------
    (DataFrame, FileReport)
        One row per kecamatan in a Dapil, and one per desa of a kecamatan split
        between Dapil: ``dapil`` (:func:`dapil_label`), ``kode_kecamatan``,
        ``nama_kecamatan``, ``baris`` (Excel row it was read from), ``kursi``
        (seats of the Dapil, nullable integer) and ``kode_desa`` (None for a
        whole kecamatan). The report names every row and every listed name left
        out and every kecamatan (and desa of a split kecamatan) in no Dapil.

    Raises
    ------
    PlanlibError
        The file cannot be read, has no ``Dapil`` column, or has neither a
        kecamatan nor a desa column.
    """
    opts = opts or {}
    report = FileReport(str(path), "dapil")
    t = read_table(
        path, DAPIL_FIELDS, report, required=["dapil"], key_fields=_KEYS,
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
    )  # fmt: skip
    df, h = t.df, t.headers
    foreign: list[tuple[pd.Series, str, str]] = []
    seats = None
    if "tingkatan" in h and ("kode_wilayah" in h or "nama_wilayah" in h):
        items, foreign = _kpu_items(df, h, wilayah, report)
    elif not any(f in h for f in _PLACES):
        raise PlanlibError(f"{Path(path).name}: kolom 'Kecamatan' tidak ditemukan.")
    else:
        items, seats = _list_items(df, h, wilayah, report)
    problems = _Problems()
    members, part_rows = _claim(_place(items, wilayah, problems), problems)
    loaded = {m.row for m in members} | part_rows
    for _pos, row, p in sorted(problems.items, key=lambda x: x[0]):
        report.add(dropped=row not in loaded, row=row, **p)
    out = _frame(members, wilayah)
    out["kursi"] = _kursi_of_dapil(out, seats, h.get("kursi"), report)
    _unplaced(out, wilayah, report)
    rest = t.df
    for mask, code, field_ in foreign:  # last: the problems of this kabupaten's rows come first
        rest = report.drop(rest, mask.reindex(rest.index, fill_value=False), code,
                           column=h[field_], values=rest[field_])  # fmt: skip
    report.rows_loaded = len(loaded)
    return out[COLUMNS], report

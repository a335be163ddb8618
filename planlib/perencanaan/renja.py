"""The Renja: the OPD work plan, one row per sub kegiatan with its target and pagu (load_renja).

A row may be located in a kecamatan or desa (``lokasi``) and linked to a pohon
kinerja node (``id_pohon``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..indikator import match_wilayah
from ..parse import clean_column, clean_text, parse_koefisien
from ..report import FileReport
from ..schema import enforce
from ..wilayah import Wilayah
from .cells import _ensure, _finish, _ids, _numbers, _read, _years
from .fields import RENJA_COLUMNS, RENJA_FIELDS, _schemas


def load_renja(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load a Renja table (one row per sub kegiatan with target and pagu).

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv with the columns of ``TEMPLATES["renja"]``.
    wilayah : Wilayah
        The kabupaten; ``lokasi`` names are matched to its kecamatan and desa.
    opts : dict, optional
        ``sheet``, ``header``, ``kolom``.

    Returns
    -------
    (DataFrame, FileReport)
        Columns ``opd``, ``program``, ``kegiatan``, ``sub_kegiatan``,
        ``kode_sub_kegiatan``, ``indikator``, ``target``, ``satuan``,
        ``pagu`` (Rupiah), ``tahun``, ``lokasi`` (as written),
        ``kode_wilayah`` (the matched code, or None), ``id_pohon``, ``baris``.

    Notes
    -----
    A row needs an OPD and a sub kegiatan. A pagu that is not an amount is a
    warning (kept without pagu); a negative pagu is an error and the row is
    not loaded. A target such as ``"12 Dokumen"`` is read as 12 with satuan
    ``Dokumen`` when the satuan is empty. A lokasi that matches no kecamatan
    or desa of the kabupaten is a warning; the row is kept without code.
    """
    opts = opts or {}
    report = FileReport(str(path), "renja")
    t = _read(path, RENJA_FIELDS, report, ["opd", "sub_kegiatan"],
              ["program", "kegiatan", "sub_kegiatan", "kode_sub_kegiatan"], opts)  # fmt: skip
    df, h = _ensure(t.df, RENJA_FIELDS), t.headers
    for f in ("opd", "program", "kegiatan", "sub_kegiatan", "kode_sub_kegiatan", "indikator",
              "satuan", "lokasi"):  # fmt: skip
        df[f] = clean_column(df[f])
    df = report.drop(df, df["opd"].isna(), "wajib_kosong", column=h["opd"])
    df = report.drop(df, df["sub_kegiatan"].isna(), "wajib_kosong", column=h["sub_kegiatan"])

    tahun, bad = _years(df["tahun"])
    df = report.drop(df, bad, "tahun_tidak_sah", column=h.get("tahun"))
    pagu, bad = _numbers(df["pagu"])
    report.warn(df, bad, "angka_tidak_sah", column=h.get("pagu"))
    target, bad = _numbers(df["target"])
    satuan = df["satuan"].copy()
    for i in df.index[bad]:
        try:
            x, unit = parse_koefisien(df.at[i, "target"])
        except ValueError:
            continue
        target.at[i], bad.at[i] = x, False
        if satuan.at[i] is None:
            satuan.at[i] = clean_text(unit)
    report.warn(df, bad, "angka_tidak_sah", column=h.get("target"))

    m = match_wilayah(df["lokasi"], wilayah)
    kab = wilayah.kabupaten
    inside = m["kode"].map(lambda k: isinstance(k, str) and (k == kab or k.startswith(kab + ".")))
    col = h.get("lokasi")
    report.warn(df, inside & (m["metode"] == "mirip"), "wilayah_mirip", column=col,
                suggestions=m["saran"])  # fmt: skip
    report.warn(df, m["metode"] == "ambigu", "wilayah_ambigu", column=col,
                suggestions=m["saran"], severity="warning")  # fmt: skip
    outside = m["kode"].notna() & ~inside
    unknown = (m["metode"] == "tidak_dikenal") | outside
    sugg = m["saran"].where(~outside, "di luar kabupaten ini")
    report.warn(df, unknown, "wilayah_tidak_dikenal", column=col, suggestions=sugg,
                severity="warning")  # fmt: skip
    out = df.assign(
        target=target,
        satuan=satuan,
        pagu=pagu,
        tahun=tahun,
        kode_wilayah=m["kode"].where(inside, None).astype(object),
        id_pohon=_ids(df["id_pohon"]),
    )
    out = enforce(out, _schemas()["renja"], report, h)
    return _finish(out, RENJA_COLUMNS, report), report

"""The RPJMD targets: one target per indicator, wilayah and year (load_target_rpjmd).

Indicator names are mapped to the keys of :data:`planlib.indikator.INDIKATOR`, so a
target can be drawn next to its realisation; a repeated target is a duplicate (same
value) or a conflict (another value), and the first is kept.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from ..indikator import canonical_indikator, canonical_seri, match_wilayah
from ..indikator.cells import format_nilai, parse_kode
from ..parse import clean_column, is_missing
from ..report import ROW, FileReport
from ..schema import enforce
from ..wilayah import Wilayah
from .cells import _default_satuan, _ensure, _finish, _numbers, _read, _years
from .fields import TARGET_COLUMNS, TARGET_FIELDS, _schemas


def load_target_rpjmd(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load the RPJMD indicator targets.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv with the columns of ``TEMPLATES["target_rpjmd"]``.
    wilayah : Wilayah
        The kabupaten; an empty ``kode_wilayah`` means the kabupaten itself,
        a name in ``wilayah``/``nama_wilayah`` is matched to its code.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text).

    Returns
    -------
    (DataFrame, FileReport)
        Columns ``indikator`` (canonical key, see
        :func:`planlib.indikator.canonical_indikator`), ``kode_wilayah``,
        ``tahun``, ``target``, ``satuan``, ``seri``, ``dokumen``, ``baris``.
        The same indicator, wilayah, year and series twice is reported:
        ``indikator_duplikat`` when the target is the same (warning),
        ``indikator_bertentangan`` when it differs (error); the first is kept.
    """
    opts = opts or {}
    report = FileReport(str(path), "target_rpjmd")
    t = _read(path, TARGET_FIELDS, report, ["indikator", "tahun", "target"],
              ["indikator", "target", "tahun"], opts)  # fmt: skip
    df, h = _ensure(t.df, TARGET_FIELDS), t.headers
    df = df.assign(_ind=clean_column(df["indikator"]))
    df = report.drop(df, df["_ind"].isna(), "wajib_kosong", column=h["indikator"])

    # wilayah: the code, else the name, else the kabupaten
    kode = df["kode_wilayah"].map(parse_kode)
    given = ~df["kode_wilayah"].map(is_missing)
    names = df["kode_wilayah"].where(given & kode.isna(), df["nama_wilayah"])
    names = names.where(kode.isna(), None)
    m = match_wilayah(names, wilayah)
    col = h.get("kode_wilayah") or h.get("nama_wilayah")
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=col, values=names,
                suggestions=m["saran"])  # fmt: skip
    for metode, code in (("ambigu", "wilayah_ambigu"), ("tidak_dikenal", "wilayah_tidak_dikenal")):
        df = report.drop(df, kode.isna() & (m["metode"] == metode), code, column=col,
                         values=names, suggestions=m["saran"])  # fmt: skip
        kode, m = kode.loc[df.index], m.loc[df.index]
    kode = kode.fillna(m["kode"]).fillna(wilayah.kabupaten)

    tahun, bad = _years(df["tahun"])
    df = report.drop(df, df["tahun"].map(is_missing), "wajib_kosong", column=h["tahun"])
    df = report.drop(df, bad.loc[df.index], "tahun_tidak_sah", column=h["tahun"])
    target, bad = _numbers(df["target"])
    df = report.drop(df, df["target"].map(is_missing), "nilai_kosong", column=h["target"])
    n_bad = int(bad.loc[df.index].sum())
    df = report.drop(df, bad.loc[df.index], "nilai_tidak_sah", column=h["target"],
                     suggestions=["tulis satu angka, misalnya 72,5"] * n_bad)  # fmt: skip
    keys = df["_ind"].map(canonical_indikator)
    out = pd.DataFrame(
        {
            "indikator": keys,
            "kode_wilayah": kode.loc[df.index],
            "tahun": tahun.loc[df.index],
            "target": target.loc[df.index],
            "satuan": _default_satuan(clean_column(df["satuan"]), keys),
            "seri": pd.Series([canonical_seri(v) for v in df["seri"]], index=df.index,
                              dtype=object),
            "dokumen": clean_column(df["dokumen"]),
            ROW: df[ROW],
        },
        index=df.index,
    )  # fmt: skip
    out = enforce(out, _schemas()["target"], report, h)
    out = _repeats(out, report, ["indikator", "kode_wilayah", "tahun", "seri"], "target",
                   h.get("target"))  # fmt: skip
    return _finish(out, TARGET_COLUMNS, report), report


def _repeats(
    df: pd.DataFrame, report: FileReport, key: list[str], value: str, column: str | None
) -> pd.DataFrame:
    """Report later rows with the same key: same value → duplicate, other value → conflict."""
    k = df[key].astype(object).map(lambda v: "" if is_missing(v) else v)
    first = ~k.duplicated(keep="first")
    firsts = {tuple(r): (v, b) for r, v, b in zip(k[first].values, df.loc[first, value],
                                                   df.loc[first, ROW], strict=True)}  # fmt: skip
    kept_val = [firsts[tuple(r)][0] for r in k.values]
    kept_row = [firsts[tuple(r)][1] for r in k.values]
    same = pd.Series(
        [
            not f and math.isclose(v, kv, rel_tol=1e-9, abs_tol=1e-9)
            for f, v, kv in zip(first, df[value], kept_val, strict=True)
        ],
        index=df.index,
        dtype=bool,
    )
    where = pd.Series([f"baris {r}" for r in kept_row], index=df.index, dtype=object)
    vals = df[value].map(format_nilai)
    df2 = report.drop(df, same, "indikator_duplikat", column=column, values=vals,
                      suggestions="sama dengan " + where)  # fmt: skip
    differ = ~first.loc[df2.index]
    sugg = pd.Series(
        [f"dipakai {format_nilai(v)} ({w})" for v, w in zip(kept_val, where, strict=True)],
        index=df.index,
        dtype=object,
    )
    return report.drop(df2, differ, "indikator_bertentangan", column=column,
                       values=vals.loc[df2.index], suggestions=sugg.loc[df2.index])  # fmt: skip

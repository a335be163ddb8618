"""What identifies a realisasi row, repeated rows, and per-triwulan progress cumulated."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..parse import fold, is_missing
from ..report import FileReport


def drop_or_warn(
    report: FileReport, df: pd.DataFrame, mask: Any, code: str, *, drop: bool, **kw: Any
) -> pd.DataFrame:
    """``report.drop``/``warn`` with the reason of ``code`` (:data:`planlib.report.REASONS`).

    Parameters
    ----------
    report : FileReport
        The file's report.
    df : DataFrame
        The rows (with the Excel row column).
    mask : Series of bool
        The rows concerned.
    code : str
        The reason code.
    drop : bool
        Drop the rows (``report.drop``) or only warn (``report.warn``).
    **kw
        ``column``, ``values``, ``suggestions`` … as the report takes them.

    Returns
    -------
    DataFrame
        ``df`` without the dropped rows (``df`` itself when only warned).
    """
    if drop:
        return report.drop(df, mask, code, **kw)
    report.warn(df, mask, code, **kw)
    return df


_CONTENT = [
    "opd", "program", "kegiatan", "kode_sub_kegiatan", "sub_kegiatan", "indikator", "target",
    "realisasi", "satuan", "pagu", "realisasi_keuangan", "target_fisik", "realisasi_fisik",
    "triwulan", "tahun", "lokasi", "faktor_pendorong", "faktor_penghambat",
]  # fmt: skip


def sub_kegiatan_key(df: pd.DataFrame) -> pd.Series:
    """What identifies a sub kegiatan of an OPD: its kode, else its folded name.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows (columns ``opd``, ``kode_sub_kegiatan``,
        ``sub_kegiatan``).

    Returns
    -------
    Series of str
        On ``df``'s index: the OPD and the kode, or the OPD and ``~`` with the
        folded name when the kode is empty, joined by ``\\x1f``.
    """
    names = {v: fold(str(v)) for v in pd.unique(df["sub_kegiatan"].astype(object))}
    keys = [
        f"{o}\x1f{'~' + names.get(n, '') if is_missing(k) else k}"
        for o, k, n in zip(df["opd"], df["kode_sub_kegiatan"], df["sub_kegiatan"], strict=True)
    ]
    return pd.Series(keys, index=df.index, dtype=object)


#: What an export that reports each triwulan's own progress adds up (``kumulatif = false``).
INCREMENTS = ["realisasi", "realisasi_keuangan", "target_fisik", "realisasi_fisik"]


def cumulate(df: pd.DataFrame) -> pd.DataFrame:
    """Turn each triwulan's own progress into progress up to the end of that triwulan.

    For each OPD, sub kegiatan and indikator, :data:`INCREMENTS` are summed
    over the triwulan up to and including each row's (an empty cell adds 0;
    a sub kegiatan's first row keeps an empty cell empty). The pagu and the
    target keluaran are annual and stay as written.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows with per-triwulan values (``kumulatif = false``).

    Returns
    -------
    DataFrame
        A copy on the same index and in the same row order, :data:`INCREMENTS`
        cumulated; ``df`` itself when it is empty.
    """
    if df.empty:
        return df
    key, _ = row_keys(df.assign(triwulan=0))
    order = df.assign(_k=key.to_numpy()).sort_values(["_k", "triwulan"], kind="stable")
    out = df.copy()
    for c in INCREMENTS:
        summed = order.groupby("_k", sort=False)[c].cumsum()
        seen = order[c].notna().groupby(order["_k"], sort=False).cummax()
        out[c] = summed.where(seen).reindex(df.index)
    return out


def row_keys(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(key, content) of each row: OPD, sub kegiatan, indikator and triwulan; the whole row.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows.

    Returns
    -------
    (Series, Series)
        On ``df``'s index: what makes a row the same one (two rows with one key
        are a repeat), and its whole content (equal when the repeat is exact).
    """
    folded = {
        v: fold(str(v)) for v in pd.unique(df["indikator"].astype(object)) if not is_missing(v)
    }
    ind = pd.Series([folded.get(v, "") for v in df["indikator"]], index=df.index, dtype=object)
    key = sub_kegiatan_key(df) + "\x1f" + ind + "\x1f" + df["triwulan"].astype(str)
    cols = [["" if is_missing(v) else str(v) for v in df[c].astype(object)] for c in _CONTENT]
    content = pd.Series(["\x1f".join(r) for r in zip(*cols, strict=True)], index=df.index)
    return key, content


def drop_repeats(
    df: pd.DataFrame,
    report: FileReport,
    column: str | None,
    repeated: pd.Series,
    same: pd.Series,
    where: pd.Series,
) -> pd.DataFrame:
    """Drop the repeated rows: ``realisasi_ganda_sama`` when the same, else ``realisasi_ganda_beda``.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows.
    report : FileReport
        Their file's report.
    column : str or None
        The header the problems name (the sub kegiatan's kode or name).
    repeated, same : Series of bool
        The rows that repeat an earlier one, and those whose content is also the same.
    where : Series of str
        The row (and file) kept, as the suggestion.

    Returns
    -------
    DataFrame
        ``df`` without the repeated rows.
    """
    vals = df["kode_sub_kegiatan"].where(df["kode_sub_kegiatan"].notna(), df["sub_kegiatan"])
    df2 = drop_or_warn(report, df, repeated & same, "realisasi_ganda_sama", drop=True, column=column,
                       values=vals, suggestions=where)  # fmt: skip
    return drop_or_warn(report, df2, repeated.loc[df2.index], "realisasi_ganda_beda", drop=True,
                        column=column, values=vals.loc[df2.index], suggestions=where.loc[df2.index])  # fmt: skip

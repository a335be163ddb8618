"""The ranked tables a view or a deck shows of the usulan: first rows, per OPD, priorities, repeats.

What a forum reads first (:func:`teratas`: by Usulan Ke, then anggaran), which
OPD must answer how many (:func:`per_opd`), each kecamatan's top priorities,
the table a viewer sorts (:func:`first_rows`), the two OPD that share most
(Forum Lintas PD) and the usulan proposed again and again. The rows come from
:func:`planlib.rekap.saring` / :func:`planlib.rekap.usulan_tahun`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rekap import usulan_tahun
from .workspace import Workspace


def first_rows(col: pd.Series, ascending: bool, n: int) -> pd.Index:
    """Index of the first ``n`` rows sorted by ``col`` (stable, missing values last).

    The same rows as ``col.sort_values(kind="stable").index[:n]``, by an
    ``argsort`` of a float copy for numbers (a table of 50,000 usulan is
    sorted on every click; only the rows shown are then taken).

    Parameters
    ----------
    col : Series
        The column the viewer sorts by.
    ascending : bool
        Smallest first (``True``) or largest first.
    n : int
        How many rows are shown.

    Returns
    -------
    Index
        The index labels of those rows, in sorted order.

    Examples
    --------
    >>> first_rows(pd.Series([3.0, None, 1.0, 2.0]), ascending=True, n=2).tolist()
    [2, 3]
    """
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        v = col.to_numpy(dtype="float64", na_value=np.nan)
        pos = np.argsort(v if ascending else -v, kind="stable")[:n]  # NaN sorts last either way
        return col.index[pos]
    return col.sort_values(ascending=ascending, na_position="last", kind="stable").index[:n]


def teratas(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` usulan a forum reads first: by Usulan Ke (priority), then the largest anggaran.

    Parameters
    ----------
    df : DataFrame
        Usulan with ``usulan_ke`` (the priority the desa gave, 1 first) and
        ``anggaran``.
    n : int
        How many.

    Returns
    -------
    DataFrame
        At most ``n`` rows of ``df``, in that order.
    """
    return df.sort_values(["usulan_ke", "anggaran"], ascending=[True, False]).head(n)


def per_opd(df: pd.DataFrame) -> pd.DataFrame:
    """The usulan per OPD tujuan: which OPD must answer how many, for how much, from where.

    Parameters
    ----------
    df : DataFrame
        Usulan (as :func:`planlib.rekap.saring` returns them).

    Returns
    -------
    DataFrame
        One row per OPD tujuan that has usulan: ``opd_tujuan``, ``jumlah``
        (usulan), ``anggaran`` (their sum), ``kecamatan`` (the kecamatan they
        come from, sorted and joined by ", ") and ``prioritas_1`` (usulan with
        Usulan Ke 1); the most usulan first, then the largest anggaran.
    """
    cols = ["opd_tujuan", "jumlah", "anggaran", "kecamatan", "prioritas_1"]
    if not len(df):
        return pd.DataFrame(columns=cols)
    g = df.groupby("opd_tujuan", observed=True)
    out = pd.DataFrame(
        {
            "jumlah": g.size(),
            "anggaran": g["anggaran"].sum(),
            "kecamatan": g["nama_kecamatan"].agg(lambda s: ", ".join(sorted(set(s.dropna())))),
            "prioritas_1": g["usulan_ke"].agg(lambda s: int((s == 1).sum())),
        }
    )
    out = out.sort_values(["jumlah", "anggaran"], ascending=False).reset_index()
    return out[cols]


def teratas_per_opd(
    df: pd.DataFrame, opd: list[str] | None = None, n: int = 8
) -> dict[str, pd.DataFrame]:
    """The first ``n`` usulan (:func:`teratas`) of each OPD tujuan in ``opd`` (default: all, by name).

    Parameters
    ----------
    df : DataFrame
        Usulan (as :func:`planlib.rekap.saring` returns them).
    opd : list of str or None
        The OPD tujuan to list, in this order; ``None`` means every OPD tujuan
        in ``df``, sorted by name.
    n : int
        How many usulan per OPD.

    Returns
    -------
    dict of str to DataFrame
        Per OPD tujuan, its first ``n`` usulan (an empty table for an OPD
        without usulan).
    """
    names = opd if opd is not None else sorted(df["opd_tujuan"].dropna().unique())
    key = df["opd_tujuan"].astype(object)
    return {str(o): teratas(df[(key == o).to_numpy()], n) for o in names}


def prioritas_kecamatan(df: pd.DataFrame, ke_maks: int = 3, n: int = 10) -> dict[str, pd.DataFrame]:
    """The top priorities of each kecamatan: usulan with Usulan Ke ≤ ``ke_maks``, first ``n`` each.

    Parameters
    ----------
    df : DataFrame
        Usulan with ``nama_kecamatan``, ``usulan_ke`` and ``anggaran``.
    ke_maks : int
        The lowest priority kept (Usulan Ke 1 is the desa's first choice).
    n : int
        How many usulan per kecamatan.

    Returns
    -------
    dict of str to DataFrame
        Per kecamatan name (sorted), its usulan in the order of :func:`teratas`;
        a kecamatan with usulan but none with Usulan Ke ≤ ``ke_maks`` gets an
        empty table.
    """
    return {
        str(kec): teratas(g[g["usulan_ke"] <= ke_maks], n)
        for kec, g in df.groupby("nama_kecamatan", observed=True, sort=True)
    }


def persen(bagian: float, semua: float) -> float:
    """``bagian`` as a percentage of ``semua``; 0 when ``semua`` is 0.

    Parameters
    ----------
    bagian : float
        The part (e.g. the anggaran of one bidang).
    semua : float
        The whole.

    Returns
    -------
    float
        The percentage, 0–100 for a part of the whole.

    Examples
    --------
    >>> persen(1, 4)
    25.0
    >>> persen(3, 0)
    0.0
    """
    return 100.0 * bagian / semua if semua else 0.0


# ---------------------------------------------------------------- Forum Lintas PD


def pasangan_terbesar(m: pd.DataFrame) -> tuple[str, str] | None:
    """The two different OPD of an OPD × OPD count matrix that share the most (first on ties).

    ``None`` when no two OPD share anything (or there are fewer than two).

    Parameters
    ----------
    m : DataFrame
        A square matrix with the same OPD names as index and columns, e.g. how
        many usulan name both OPD (:func:`planlib.forum.overlap.overlap_matrix`).

    Returns
    -------
    tuple of (str, str) or None
        The pair, in matrix order.
    """
    names = list(m.index)
    best: tuple[str, str] | None = None
    top = 0.0
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            v = float(m.loc[a, b])
            if v > top:
                best, top = (a, b), v
    return best


def usulan_berulang(
    ws: Workspace,
    tahun: int,
    lineage: pd.DataFrame,
    *,
    min_kali: int = 2,
    kecamatan: str | None = None,
) -> pd.DataFrame:
    """The usulan of ``tahun`` that were proposed in at least ``min_kali`` years.

    Parameters
    ----------
    ws : Workspace
        The usulan of the year come from :func:`planlib.rekap.usulan_tahun`.
    tahun : int
        The planning year.
    lineage : DataFrame
        ``id_usulan``, ``tahun``, ``kali_diusulkan`` and ``riwayat`` of every
        usulan (:func:`planlib.forum.lineage.assign_lineage`).
    min_kali : int
        How many years an usulan must have been proposed.
    kecamatan : str or None
        Only the usulan of this kecamatan (its name).

    Returns
    -------
    DataFrame
        The year's usulan columns with ``lineage``, ``kali_diusulkan`` and
        ``riwayat``; the most often proposed first, then by kecamatan and desa.
    """
    year = lineage[(lineage["tahun"] == tahun) & (lineage["kali_diusulkan"] >= min_kali)]
    df = usulan_tahun(ws, tahun).merge(year, on=["id_usulan", "tahun"])
    if kecamatan:
        df = df[df["nama_kecamatan"] == kecamatan]
    return df.sort_values(
        ["kali_diusulkan", "nama_kecamatan", "nama_desa"], ascending=[False, True, True]
    )

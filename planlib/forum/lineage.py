"""Lineage of usulan across planning years: how often a request came back, and its history.

The pairs of :func:`planlib.forum.duplicates.find_duplicates` (the same
request within a year or across years) are joined into *lineages*: the
connected components of the accepted pairs. The lineage id is ``L``
followed by the tahun and id_usulan of its earliest member
(``L2024-2024000017``), because SIPD id_usulan are unique only within a year.
Per usulan, :func:`assign_lineage` tells how many years it was proposed and
what became of it each year; :func:`lineage_history` lists the members.

``docs/forum-lineage.md`` gives the method and the measured precision and
recall. The names of :mod:`planlib.forum.duplicates` and of the evaluation
harness (:mod:`planlib.forum.evaluation`) are importable from here too, as
before the split.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .duplicate_text import Teks, normalise_usulan, text_score
from .duplicates import (
    ANTAR_TAHUN,
    DALAM_TAHUN,
    JARAK_MAKS,
    PAIR_COLUMNS,
    PENALTI_RT_ALAMAT,
    PENALTI_SATUAN,
    PENALTI_VOLUME,
    RASIO_VOLUME,
    THRESHOLD,
    as_frame,
    check_keys,
    column,
    find_duplicates,
)
from .evaluation import evaluate_labelled, labelled_usulan, pair_agreement, precision_recall

if TYPE_CHECKING:
    from ..workspace import Workspace

__all__ = [
    "ANTAR_TAHUN", "DALAM_TAHUN", "HISTORY_COLUMNS", "JARAK_MAKS", "LINEAGE_COLUMNS",
    "PAIR_COLUMNS", "PENALTI_RT_ALAMAT", "PENALTI_SATUAN", "PENALTI_VOLUME", "RASIO_VOLUME",
    "LINEAGE_KEY", "THRESHOLD", "Teks", "assign_lineage", "workspace_lineage", "evaluate_labelled", "find_duplicates",
    "labelled_usulan", "lineage_history", "normalise_usulan", "pair_agreement",
    "precision_recall", "text_score",
]  # fmt: skip

LINEAGE_COLUMNS = ["id_usulan", "tahun", "lineage", "kali_diusulkan", "riwayat"]
HISTORY_COLUMNS = ["lineage", "tahun", "id_usulan", "usulan", "nama_desa", "status", "anggaran"]
#: The key of the workspace's lineage in :meth:`planlib.workspace.Workspace.derived`.
LINEAGE_KEY = "lineage"


def workspace_lineage(ws: Workspace) -> pd.DataFrame:
    """:func:`assign_lineage` of every usulan of the workspace, all years (memoised on ``ws``).

    Parameters
    ----------
    ws : Workspace
        The open workspace.

    Returns
    -------
    DataFrame
        The columns of :data:`LINEAGE_COLUMNS`, computed once per workspace under
        :data:`LINEAGE_KEY`.
    """
    return ws.derived(LINEAGE_KEY, lambda: assign_lineage(ws.usulan))


# --------------------------------------------------------------------------- lineage


def _order(df: pd.DataFrame) -> np.ndarray:
    """Row positions from earliest to latest: tahun, tanggal_usul (missing last), id_usulan."""
    key = pd.DataFrame(
        {
            "tahun": df["tahun"].to_numpy(),
            "tanggal": pd.to_datetime(column(df, "tanggal_usul"), errors="coerce").to_numpy(),
            "id": df["id_usulan"].astype(str).to_numpy(),
        }
    )
    return key.sort_values(
        ["tahun", "tanggal", "id"], na_position="last", kind="stable"
    ).index.to_numpy()


def assign_lineage(
    usulan: pd.DataFrame | Mapping[int, pd.DataFrame],
    pairs: pd.DataFrame | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """The lineage of every usulan, how many years it was proposed and its history.

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        As for :func:`find_duplicates`.
    pairs : DataFrame, optional
        Accepted pairs (``id_a``, ``tahun_a``, ``id_b``, ``tahun_b``); found
        with :func:`find_duplicates` when omitted.
    **kwargs
        Passed on to :func:`find_duplicates` (``threshold``, ``jarak_maks``,
        ``penalti_rt_alamat``) when ``pairs`` is omitted.

    Returns
    -------
    DataFrame
        In the order of ``usulan``: ``id_usulan``, ``tahun``, ``lineage``
        (``L<tahun>-<id_usulan>`` of the earliest member), ``kali_diusulkan``
        (number of distinct years of the lineage) and ``riwayat``, e.g.
        ``"2024: Ditolak · 2025: Menunggu Verifikasi · 2026: diusulkan lagi"``.
    """
    df = as_frame(usulan)
    check_keys(df)
    if not len(df):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LINEAGE_COLUMNS})
    if pairs is None:
        pairs = find_duplicates(df, **kwargs)
    n = len(df)
    pos = pd.Series(np.arange(n), index=pd.MultiIndex.from_arrays(
        [df["tahun"].astype(int).to_numpy(), df["id_usulan"].astype(str).to_numpy()]
    ))  # fmt: skip
    a = _positions(pos, pairs["tahun_a"], pairs["id_a"])
    b = _positions(pos, pairs["tahun_b"], pairs["id_b"])
    ok = (a >= 0) & (b >= 0)
    graph = coo_matrix((np.ones(int(ok.sum())), (a[ok], b[ok])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    order = _order(df)
    first = pd.Series(order).groupby(label[order], sort=False).first()  # earliest row per component
    tahun = df["tahun"].astype(int).to_numpy()
    ids = df["id_usulan"].astype(str).to_numpy()
    name = {c: f"L{tahun[r]}-{ids[r]}" for c, r in first.items()}
    lineage = np.array([name[c] for c in label], dtype=object)
    out = pd.DataFrame({"id_usulan": ids, "tahun": tahun, "lineage": lineage})
    years = out.groupby("lineage")["tahun"].nunique()
    out["kali_diusulkan"] = out["lineage"].map(years).astype(int)
    status = column(df, "status").astype(object).to_numpy()
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    out["riwayat"] = out["lineage"].map(_riwayat(out["lineage"].to_numpy(), tahun, status, rank))
    return out


def _positions(pos: pd.Series, tahun: pd.Series, ids: pd.Series) -> np.ndarray:
    key = pd.MultiIndex.from_arrays([tahun.astype(int).to_numpy(), ids.astype(str).to_numpy()])
    return pos.reindex(key).fillna(-1).astype(int).to_numpy()


def _riwayat(
    lineage: np.ndarray, tahun: np.ndarray, status: np.ndarray, rank: np.ndarray
) -> pd.Series:
    """``"2024: Ditolak · 2025: diusulkan lagi"`` per lineage; ``rank`` orders entries of a year."""
    t = pd.DataFrame({"lineage": lineage, "tahun": tahun, "status": status, "rank": rank})
    t = t.sort_values("rank", kind="stable")
    t["status"] = t["status"].map(lambda s: s.strip() if isinstance(s, str) else "")
    per_year = t.groupby(["lineage", "tahun"], sort=True).size().rename("n").reset_index()
    known = t[t["status"] != ""].drop_duplicates(["lineage", "tahun", "status"])
    many = known.duplicated(["lineage", "tahun"], keep=False)
    text = pd.concat(
        [
            known[~many].set_index(["lineage", "tahun"])["status"],
            known[many].groupby(["lineage", "tahun"], sort=False)["status"].agg(" / ".join),
        ]
    )
    key = pd.MultiIndex.from_frame(per_year[["lineage", "tahun"]])
    words = text.reindex(key).to_numpy(dtype=object)
    later = per_year.groupby("lineage", sort=False).cumcount().to_numpy() > 0
    words = np.where(pd.isna(words), np.where(later, "diusulkan lagi", "diusulkan"), words).astype(
        object
    )
    n = per_year["n"].to_numpy()
    # object arrays and str(): never a fixed-width array as wide as the longest status
    part = pd.Series(
        [f"{t}: {w}" for t, w in zip(per_year["tahun"].to_numpy(), words, strict=True)],
        dtype=object,
    )
    part = part.where(n == 1, part + " (" + pd.Series(n).astype(str) + " entri)")
    per_year["part"] = part.to_numpy()
    multi = per_year["lineage"].duplicated(keep=False).to_numpy()
    return pd.concat(
        [
            per_year[~multi].set_index("lineage")["part"],
            per_year[multi].groupby("lineage", sort=False)["part"].agg(" · ".join),
        ]
    )


def lineage_history(
    usulan: pd.DataFrame | Mapping[int, pd.DataFrame], lineage: pd.DataFrame
) -> pd.DataFrame:
    """The members of each lineage of more than one usulan, year by year.

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        The usulan (for the text, desa, status and anggaran).
    lineage : DataFrame
        The result of :func:`assign_lineage`.

    Returns
    -------
    DataFrame
        ``lineage``, ``tahun``, ``id_usulan``, ``usulan``, ``nama_desa``,
        ``status``, ``anggaran``; sorted by lineage, tahun and id_usulan.
    """
    df = as_frame(usulan)
    if not len(df) or not len(lineage):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
    left = pd.DataFrame(
        {
            "tahun": df["tahun"].astype(int).to_numpy(),
            "id_usulan": df["id_usulan"].astype(str).to_numpy(),
            **{c: column(df, c).to_numpy() for c in ("usulan", "nama_desa", "status", "anggaran")},
        }
    )
    lin = lineage[["tahun", "id_usulan", "lineage"]].astype({"tahun": int, "id_usulan": str})
    size = lin.groupby("lineage")["id_usulan"].transform("size")
    out = lin[size > 1].merge(left, on=["tahun", "id_usulan"], how="left")
    return (
        out[HISTORY_COLUMNS]
        .sort_values(["lineage", "tahun", "id_usulan"], kind="stable")
        .reset_index(drop=True)
    )

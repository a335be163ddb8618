"""Filtering usulan and summing them up by wilayah — what every dashboard asks of the data.

The dashboards never touch the raw tables: they describe what the viewer
chose as a :class:`Saring` (tahun, dapil, kecamatan, bidang, OPD tujuan,
status, isu) and ask this module for the rows and the sums. Everything is
vectorised and works on the already loaded (cached) workspace, so a filter
change costs milliseconds even at 50,000 usulan.

Issue categories (*isu*, the problems and strategic issues mapped at Rembuk
Remas) are derived from the Usulan and Masalah text through a pattern table
(``planlib/data/isu.csv``, ``pola, isu``) that a workspace may replace with
``[usulan] isu = "isu.csv"``, the same way as the bidang table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .dapil.membership import dapil_per_desa
from .frames import contract
from .report import PlanlibError
from .usulan import ISU_LAINNYA
from .usulan import empty_table as empty_usulan
from .workspace import Workspace

SEMUA = "(semua)"
UKURAN = {
    "jumlah": "Jumlah usulan",
    "anggaran": "Total anggaran",
    "isu": "Porsi isu terpilih",
}


@dataclass(frozen=True)
class Saring:
    """What the viewer selected; ``None`` means no restriction."""

    tahun: int
    dapil: str | None = None
    kecamatan: str | None = None  # kode
    bidang: str | None = None
    opd: str | None = None
    status: str | None = None
    isu: str | None = None

    def but(self, **kw: Any) -> Saring:
        """A copy of this filter with the given fields changed.

        Parameters
        ----------
        **kw : Any
            Fields of :class:`Saring` and their new values, e.g. ``dapil="Dapil 2"``
            or ``kecamatan=None`` to lift a restriction.

        Returns
        -------
        Saring
            A new filter; this one is unchanged (it is frozen).

        Examples
        --------
        >>> Saring(2026, dapil="Dapil 1").but(dapil=None, bidang="ekonomi")
        Saring(tahun=2026, dapil=None, kecamatan=None, bidang='ekonomi', opd=None, status=None, isu=None)
        """
        return replace(self, **kw)


def usulan_tahun(ws: Workspace, tahun: int) -> pd.DataFrame:
    """The usulan of one year with ``dapil`` and ``isu`` columns added (memoised on ``ws``).

    Parameters
    ----------
    ws : Workspace
        The open workspace (its usulan and kecamatan tables).
    tahun : int
        The planning year (the year of the Musrenbang whose usulan are wanted).

    Returns
    -------
    DataFrame
        The usulan of ``tahun`` (the columns of :data:`planlib.usulan.COLUMNS`)
        plus ``dapil`` (of the usulan's kecamatan; in a kecamatan split between
        Dapil by desa, of its desa when the desa is known) and ``isu`` (from the Usulan
        and Masalah text; ``"Lainnya"`` when no pattern matches). ``dapil``,
        ``bidang``, ``opd_tujuan``, ``status``, ``isu`` and ``kode_kecamatan``
        are categorical. A year without usulan (while other years have some)
        gives an empty table with the same columns.
    """
    return ws.derived(
        ("usulan_tahun", tahun), lambda: contract(_usulan_tahun(ws, tahun), "UsulanTahun")
    )


def tahun_of_usulan(ws: Workspace, id_usulan: str, tahun: int | None = None) -> int:
    """The planning year of one usulan: ``tahun`` when given, else the one year holding it.

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    id_usulan : str
        The usulan's ID.
    tahun : int, optional
        The year the analyst named (``--tahun``); returned as it is.

    Returns
    -------
    int
        The year.

    Raises
    ------
    PlanlibError
        When no year holds the ID, or more than one does (the message asks for
        ``--tahun``).
    """
    if tahun is not None:
        return tahun
    years = [t for t in ws.tahun if (usulan_tahun(ws, t)["id_usulan"] == id_usulan).any()]
    if len(years) == 1:
        return years[0]
    if not years:
        raise PlanlibError(f"Usulan {id_usulan} tidak ada di workspace ini.")
    raise PlanlibError(
        f"Usulan {id_usulan} ada di tahun {', '.join(map(str, years))}: sebutkan --tahun."
    )


def _usulan_tahun(ws: Workspace, tahun: int) -> pd.DataFrame:
    df = ws.usulan.get(tahun)
    if df is None:  # the columns and types of another year, no rows
        df = next(iter(ws.usulan.values())).iloc[:0] if ws.usulan else empty_usulan()
    df = df.assign(dapil=_dapil_of(ws, df["kode_kecamatan"], df["kode_desa"]) if len(df) else None)
    # the loader derived ``isu`` with the workspace's table (its hash is in the cache key)
    df["isu"] = (df["isu"] if "isu" in df.columns else pd.Series(None, index=df.index)).fillna(
        ISU_LAINNYA
    )
    for c in ("dapil", "bidang", "opd_tujuan", "status", "isu", "kode_kecamatan"):
        df[c] = df[c].astype("category")
    return df


def _dapil_of(ws: Workspace, kecamatan: pd.Series, desa: pd.Series) -> pd.Series:
    """The Dapil of each place: its desa's in a kecamatan split by desa, else its kecamatan's."""
    by_kec = kecamatan.astype(object).map(ws.kecamatan.set_index("kode")["dapil"])
    by_desa = dapil_per_desa(ws.dapil)
    if not len(by_desa):
        return by_kec
    of_desa = desa.astype(object).map(by_desa)
    return of_desa.where(of_desa.notna(), by_kec)


def dapil_names(ws: Workspace) -> list[str]:
    """Every Dapil of the workspace, in natural order (a Dapil of part of a split kecamatan too).

    Parameters
    ----------
    ws : Workspace
        The open workspace (its kecamatan table: ``dapil`` and ``dapil_pecahan``).

    Returns
    -------
    list of str
        Dapil names, Dapil 2 before Dapil 10.
    """
    k = ws.kecamatan
    names = set(k["dapil"].dropna())
    if "dapil_pecahan" in k.columns:
        names |= {d for v in k["dapil_pecahan"].dropna() for d in str(v).split(", ")}
    return sorted(names, key=natural_key)


def saring(ws: Workspace, s: Saring, *, ignore: tuple[str, ...] = ()) -> pd.DataFrame:
    """The usulan that pass the filter (fields in ``ignore`` are not applied).

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    s : Saring
        What the viewer selected: tahun, dapil, kecamatan (kode), bidang, OPD
        tujuan and status. ``s.isu`` does not remove rows; it is shown as a
        share (see :func:`per_wilayah`).
    ignore : tuple of str
        Fields of ``s`` to leave out, e.g. ``("kecamatan",)`` for a map that
        shows every kecamatan of the selected dapil.

    Returns
    -------
    DataFrame
        The rows of :func:`usulan_tahun` that match, with their original index.
    """
    df = usulan_tahun(ws, s.tahun)
    mask = pd.Series(True, index=df.index)
    for field, col in (
        ("dapil", "dapil"), ("kecamatan", "kode_kecamatan"), ("bidang", "bidang"),
        ("opd", "opd_tujuan"), ("status", "status"),
    ):  # fmt: skip
        v = getattr(s, field)
        if v is not None and field not in ignore:
            mask &= (df[col] == v).to_numpy()
    return df[mask]


def per_wilayah(
    df: pd.DataFrame, kode: pd.Series, level: str = "kecamatan", isu: str | None = None
) -> pd.DataFrame:
    """Jumlah, anggaran and the share of ``isu`` per area, for every area in ``kode``.

    Areas without usulan are kept with zeros, so that the map can draw and
    explain them.

    Parameters
    ----------
    df : DataFrame
        Usulan (as :func:`saring` returns them).
    kode : Series
        The Kemendagri codes of the areas to report, e.g. the ``kode`` column
        of :func:`areas`.
    level : {"kecamatan", "desa"}
        Whether ``kode`` are kecamatan codes (usulan grouped by
        ``kode_kecamatan``) or desa codes (by ``kode_desa``).
    isu : str or None
        The isu whose share is wanted; ``None`` gives a share of 0 everywhere.

    Returns
    -------
    DataFrame
        Indexed by ``kode`` (in the order given): ``jumlah`` (usulan, int),
        ``anggaran`` (their sum in rupiah), ``isu`` (percentage 0–100 of the
        area's usulan that have ``isu``) and ``isu_teratas`` (the area's most
        frequent isu; missing for an area without usulan).
    """
    key = "kode_kecamatan" if level == "kecamatan" else "kode_desa"
    g = df.groupby(key, observed=True)
    out = pd.DataFrame(index=pd.Index(kode, name="kode"))
    out["jumlah"] = g.size().reindex(out.index).fillna(0).astype(int)
    out["anggaran"] = g["anggaran"].sum(min_count=1).reindex(out.index).fillna(0.0).astype(float)
    if isu:
        n_isu = df[df["isu"] == isu].groupby(key, observed=True).size()
        out["isu"] = (
            n_isu.reindex(out.index).fillna(0) / out["jumlah"].where(out["jumlah"] > 0)
        ).fillna(0.0) * 100
    else:
        out["isu"] = 0.0
    out["isu_teratas"] = most_frequent(df[key], df["isu"]).reindex(out.index)
    return contract(out, "PerWilayah")


def most_frequent(key: pd.Series, value: pd.Series) -> pd.Series:
    """The most frequent ``value`` per ``key``: the top isu, masalah … of each area.

    Categorical columns (as in :func:`usulan_tahun`) are counted with a
    ``bincount`` over the category codes, ten times faster than a groupby on
    two keys (this runs on every click); other columns are made categorical
    first, with blank text counting as missing.

    Parameters
    ----------
    key : Series
        The group of each row (``kode_kecamatan``, ``kode_desa`` …).
    value : Series
        What is counted (``isu``, ``masalah`` …), on the same index.

    Returns
    -------
    Series
        The most frequent value per key that has any, indexed by key. Ties go
        to the first in category order (alphabetical for a text column), so
        the same usulan give the same answer in any row order.
    """
    if not isinstance(value.dtype, pd.CategoricalDtype):  # blank text counts as missing
        v = value.astype(object)
        value = v.where(v.notna() & ~v.map(lambda x: isinstance(x, str) and not x.strip()))
    key, value = (c if isinstance(c.dtype, pd.CategoricalDtype) else c.astype("category") for c in (key, value))  # fmt: skip
    kc, vc = key.cat.codes.to_numpy(), value.cat.codes.to_numpy()
    ok = (kc >= 0) & (vc >= 0)
    nk, nv = len(key.cat.categories), len(value.cat.categories)
    if nv == 0 or nk == 0:
        return pd.Series(dtype=object)
    m = np.bincount(kc[ok].astype(np.int64) * nv + vc[ok], minlength=nk * nv).reshape(nk, nv)
    top = pd.Series(np.asarray(value.cat.categories, dtype=object)[m.argmax(axis=1)],
                    index=key.cat.categories.astype(object), dtype=object)  # fmt: skip
    return top[m.sum(axis=1) > 0]


def ringkasan(df: pd.DataFrame) -> dict:
    """The summary cards: jumlah usulan, total anggaran, top masalah (isu), bidang and OPD.

    ``isu``, ``bidang`` and ``opd`` are (the most frequent value, its count);
    ``n_opd`` is how many OPD tujuan the usulan name.

    Parameters
    ----------
    df : DataFrame
        Usulan (as :func:`saring` returns them).

    Returns
    -------
    dict
        ``jumlah`` (int), ``anggaran`` (float, rupiah), ``isu``, ``bidang`` and
        ``opd`` (each a ``(value, count)`` pair, ``(None, 0)`` for no usulan)
        and ``n_opd`` (int).
    """

    def top(col: str) -> tuple[str | None, int]:
        if not len(df):
            return None, 0
        vc = df[col].value_counts()
        return (str(vc.index[0]), int(vc.iloc[0])) if len(vc) and vc.iloc[0] > 0 else (None, 0)

    return {
        "jumlah": len(df),
        "anggaran": float(df["anggaran"].sum()) if len(df) else 0.0,
        "isu": top("isu"),
        "bidang": top("bidang"),
        "opd": top("opd_tujuan"),
        "n_opd": int(df["opd_tujuan"].nunique()) if len(df) else 0,
    }


def pilihan(ws: Workspace, tahun: int) -> dict[str, list]:
    """The choices of each filter for one year (sorted, Indonesian labels).

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    tahun : int
        The planning year.

    Returns
    -------
    dict of str to list
        ``dapil`` (names in natural order: Dapil 2 before Dapil 10),
        ``kecamatan`` (``(nama, kode)`` pairs sorted by name), and the values
        found in the year's usulan for ``bidang``, ``opd``, ``status`` and
        ``isu``.
    """
    df = usulan_tahun(ws, tahun)
    kec = ws.kecamatan.sort_values("nama")
    return {
        "dapil": dapil_names(ws),
        "kecamatan": list(zip(kec["nama"], kec["kode"], strict=True)),
        "bidang": sorted(df["bidang"].dropna().unique()),
        "opd": sorted(df["opd_tujuan"].dropna().unique()),
        "status": sorted(df["status"].dropna().unique()),
        "isu": sorted(df["isu"].dropna().unique()),
    }


def natural_key(s: str) -> tuple[str, int]:
    """Sort key that puts "Dapil 2" before "Dapil 10".

    Parameters
    ----------
    s : str
        A name ending, perhaps, in a number after a space.

    Returns
    -------
    tuple of (str, int)
        The text before the last space and the number; ``(s, 0)`` when the
        name does not end in a number.

    Examples
    --------
    >>> sorted(["Dapil 10", "Dapil 2", "Dapil 1"], key=natural_key)
    ['Dapil 1', 'Dapil 2', 'Dapil 10']
    """
    parts = str(s).rsplit(" ", 1)
    return (parts[0], int(parts[1])) if len(parts) == 2 and parts[1].isdigit() else (s, 0)


# ---------------------------------------------------------------- areas of a map


def kecamatan_of(kode: pd.Series, level: str = "kecamatan") -> pd.Series:
    """The kecamatan code of each area: the code itself, or a desa code without its last part.

    ``63.06.02.2001`` (a desa) → ``63.06.02``; ``63.06.02`` (a kecamatan) stays.

    Parameters
    ----------
    kode : Series
        Kemendagri codes of kecamatan or desa.
    level : {"kecamatan", "desa"}
        Which kind of codes ``kode`` holds.

    Returns
    -------
    Series
        The kecamatan code of each area, with the index of ``kode``.

    Examples
    --------
    >>> kecamatan_of(pd.Series(["63.06.02.2001"]), "desa").tolist()
    ['63.06.02']
    """
    if level == "kecamatan":
        return kode.astype(object)
    return kode.astype(str).str.rsplit(".", n=1).str[0]


def areas(ws: Workspace, level: str = "kecamatan", *, drawable: bool = True) -> pd.DataFrame:
    """The display polygons of ``level`` with the ``kode_kecamatan`` and ``dapil`` of each area.

    Parameters
    ----------
    ws : Workspace
        Gives the display geometry (:meth:`Workspace.display`) and the dapil of
        each kecamatan.
    level : {"kecamatan", "desa"}
        Which areas.
    drawable : bool
        Leave out kecamatan without a polygon (they cannot be drawn; see
        :func:`kecamatan_gaps`). Desa are always all kept.

    Returns
    -------
    GeoDataFrame
        ``kode``, ``nama``, geometry, ``kode_kecamatan`` and ``dapil`` (missing
        for an area whose kecamatan has no dapil; a desa of a kecamatan split
        between Dapil has its own), numbered from 0.
    """
    disp = ws.display(level)
    kec = kecamatan_of(disp["kode"], level)
    desa = disp["kode"] if level != "kecamatan" else pd.Series(None, index=disp.index, dtype=object)
    out = disp.assign(kode_kecamatan=kec, dapil=_dapil_of(ws, kec, desa))
    if level == "kecamatan" and drawable:
        out = out[out.geometry.notna()]
    return out.reset_index(drop=True)


def kecamatan_gaps(ws: Workspace) -> tuple[list[str], list[str]]:
    """The names of the kecamatan without a polygon, and of those without a dapil (in list order).

    Parameters
    ----------
    ws : Workspace
        The open workspace (its kecamatan table).

    Returns
    -------
    tuple of (list of str, list of str)
        The kecamatan without a geometry (they cannot be drawn on the map) and
        those not assigned to any dapil.
    """
    k = ws.kecamatan
    no_geom = k.geometry.isna().to_numpy()
    no_dapil = k["dapil"].isna().to_numpy()
    names = k["nama"].to_numpy()
    return [str(n) for n in names[no_geom]], [str(n) for n in names[no_dapil]]

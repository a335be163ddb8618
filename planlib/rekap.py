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

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .dapil import dapil_label, dapil_per_desa
from .frames import contract
from .parse import fold
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


def match_dapil(ws: Workspace, text: str | None) -> str | None:
    """A dapil from a link parameter: ``2``, ``II``, ``Dapil 2`` or ``HSS 2`` → the dapil's name.

    Parameters
    ----------
    ws : Workspace
        The open workspace (the dapil of its kecamatan table).
    text : str or None
        The value of the link parameter, as typed in a URL.

    Returns
    -------
    str or None
        The dapil's name as the workspace spells it: an exact
        (case-insensitive) match of ``text`` or of its label
        (:func:`planlib.dapil.dapil_label`) first, else the dapil whose last word
        (its number) equals the last word of ``text``; ``None`` when none
        matches or ``text`` is empty.
    """
    if text in (None, ""):
        return None
    names = dapil_names(ws)
    t = str(text).strip().lower()
    label = (dapil_label(text) or "").lower()
    for n in names:
        if str(n).lower() in (t, label):
            return n
    for n in names:
        if str(n).split()[-1].lower() == t.split()[-1]:
            return n
    return None


def match_kecamatan(ws: Workspace, text: str) -> str | None:
    """A kecamatan named by its code, its name in any case, or a spelling variant → its code.

    Parameters
    ----------
    ws : Workspace
        The open workspace (its kecamatan names).
    text : str
        The kecamatan as typed (``63.06.02``, ``padang batung``, ``Kec. Pdg Batung``).

    Returns
    -------
    str or None
        The kecamatan's code: ``text`` itself when it is a code, else the
        kecamatan whose name equals it ignoring case, else the match of
        :class:`planlib.wilayah.NameMatcher`; ``None`` when none matches.
    """
    names = ws.wilayah.kecamatan_matcher.names
    if text in names:
        return text
    low = {str(v).lower(): k for k, v in names.items()}
    kode = low.get(text.strip().lower())
    if kode is None:
        kode = ws.wilayah.kecamatan_matcher.match_one(text).kode
    return kode


def match_choice(text: str | None, choices: Iterable[Any]) -> Any | None:
    """The choice of a filter a link parameter names (``?isu=kesehatan-dan-stunting``).

    Parameters
    ----------
    text : str or None
        The value of the link parameter, as typed in a URL (``+`` and ``%20``
        already decoded to spaces).
    choices : iterable
        The filter's choices (isu, bidang, OPD, status, kecamatan names …).

    Returns
    -------
    object or None
        The choice equal to ``text``; else the one equal to it with case,
        accents, punctuation, hyphens and underscores ignored (its label or
        slug: ``Kesehatan dan stunting``, ``kesehatan-dan-stunting``,
        ``KESEHATAN_DAN_STUNTING``); else the only choice whose words contain
        the words of ``text`` in a row (``stunting``, ``dinas-kesehatan``).
        ``None`` when ``text`` is empty, nothing matches or several choices do.

    Examples
    --------
    >>> isu = ["Kesehatan dan stunting", "Pendidikan", "Air bersih dan sanitasi"]
    >>> match_choice("kesehatan-dan-stunting", isu), match_choice("STUNTING", isu)
    ('Kesehatan dan stunting', 'Kesehatan dan stunting')
    >>> match_choice("dan", isu) is None  # two choices contain it
    True
    """
    if text is None or not fold(str(text)):
        return None
    options = [c for c in choices if c is not None]
    if text in options:
        return text
    key = fold(str(text))
    same = [c for c in options if fold(str(c)) == key]
    if len(same) == 1:
        return same[0]
    inside = [c for c in options if f" {key} " in f" {fold(str(c))} "]
    return inside[0] if len(inside) == 1 else None


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


# ---------------------------------------------------------------- tables of a view


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
        Usulan (as :func:`saring` returns them).

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
        Usulan (as :func:`saring` returns them).
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
        The usulan of the year come from :func:`usulan_tahun`.
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

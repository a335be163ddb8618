"""Pokir against the Musrenbang: which DPRD pokir repeat an usulan of the same planning year.

A member often carries into SIPD-RI what a desa already asked for in its
Musrenbang, in other words. Each pokir is compared with the usulan of the same
planning year by the duplicate rule of :mod:`planlib.forum.duplicates`
(:func:`~planlib.forum.duplicates.find_duplicates_between`): the same desa (or
the same kecamatan when either side has no desa), the same request once the
text is normalised through :mod:`planlib.teks`, no veto (another object,
another RT or number, places far apart). The threshold is
:data:`THRESHOLD`, measured on ``tests/data/pokir_usulan_pasangan.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..frames import contract
from ..report import PlanlibError
from .duplicates import THRESHOLD as USULAN_THRESHOLD
from .duplicates import find_duplicates_between

if TYPE_CHECKING:
    from ..workspace import Workspace

#: Minimum score (0–100) of a pokir repeating an usulan: the usulan rule's threshold.
THRESHOLD = USULAN_THRESHOLD

#: Columns of :func:`banding_pokir`, in order.
COLUMNS = [
    "id_pokir", "pengusul", "fraksi", "dapil", "dapil_pengusul", "di_luar_dapil", "kecamatan",
    "desa", "usulan", "id_usulan_ganda", "kemiripan", "alasan",
]  # fmt: skip

#: ``alasan`` of a pokir that repeats no usulan.
TANPA_GANDA = "tidak ada usulan Musrenbang yang sama di desa/kecamatan ini"


def banding_pokir(
    pokir: pd.DataFrame, usulan: pd.DataFrame, *, threshold: float = THRESHOLD
) -> pd.DataFrame:
    """One row per pokir, with the usulan it repeats.

    Parameters
    ----------
    pokir : DataFrame
        Pokir of one planning year (``Workspace.pokir[tahun]``).
    usulan : DataFrame
        Usulan of the same planning year (``Workspace.usulan[tahun]``); may be empty.
    threshold : float
        Minimum score of a duplicate.

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS`, in the pokir's order: ``kecamatan`` and
        ``desa`` are the matched names (the names as written where unmatched),
        ``id_usulan_ganda`` the usulan repeated (``;``-separated, best first,
        empty when none), ``kemiripan`` the best score (NaN when none) and
        ``alasan`` why (Indonesian). ``attrs`` hold the work done.
    """
    pairs = find_duplicates_between(
        pokir, usulan, id_a="id_pokir", id_b="id_usulan", threshold=threshold
    )
    best = pairs.groupby("id_a", sort=False).agg(
        id_usulan_ganda=("id_b", ";".join), kemiripan=("skor", "first"), alasan=("alasan", "first")
    )
    out = pd.DataFrame(index=pokir.index)
    for c in ("id_pokir", "pengusul", "fraksi", "dapil", "dapil_pengusul", "di_luar_dapil",
              "usulan"):  # fmt: skip
        out[c] = pokir[c] if c in pokir.columns else None
    out["kecamatan"] = _name(pokir, "nama_kecamatan", "kecamatan_asli")
    out["desa"] = _name(pokir, "nama_desa", "desa_asli")
    ids = pokir["id_pokir"].astype(str) if len(pokir) else pd.Series(dtype=str)
    out["id_usulan_ganda"] = _text(ids.map(best["id_usulan_ganda"]), "")
    out["kemiripan"] = pd.to_numeric(ids.map(best["kemiripan"]), errors="coerce").astype(float)
    out["alasan"] = _text(ids.map(best["alasan"]), TANPA_GANDA)
    if "di_luar_dapil" in pokir.columns:
        out["di_luar_dapil"] = pokir["di_luar_dapil"].astype(bool)
    out = out[COLUMNS].reset_index(drop=True)
    out.attrs.update(pairs.attrs)
    return contract(out, "BandingPokir")


def sumber_pokir(pengusul: Any, fraksi: Any) -> str:
    """How a pokir's source is written: ``"Pokir — NAMA ANGGOTA (Fraksi)"``.

    Parameters
    ----------
    pengusul, fraksi : object
        The member and their fraksi (missing values are left out).

    Returns
    -------
    str

    Examples
    --------
    >>> sumber_pokir("H. Ahmad", "Fraksi Karya")
    'Pokir — H. Ahmad (Fraksi Karya)'
    >>> sumber_pokir(None, None)
    'Pokir — (tanpa nama pengusul)'
    """

    def text(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()

    nama, f = text(pengusul) or "(tanpa nama pengusul)", text(fraksi)
    return f"Pokir — {nama}" + (f" ({f})" if f else "")


def _text(s: pd.Series, default: str) -> pd.Series:
    s = s.astype(object)
    return s.where(s.notna(), default)


def _name(df: pd.DataFrame, matched: str, written: str) -> pd.Series:
    if matched not in df.columns:
        return pd.Series(None, index=df.index, dtype=object)
    m = df[matched].astype(object)
    w = df[written].astype(object) if written in df.columns else m
    return m.where(m.notna(), w).where(lambda s: s.notna(), None)


def banding_pokir_tahun(ws: Workspace, tahun: int) -> pd.DataFrame:
    """:func:`banding_pokir` of one planning year of a workspace (memoised on ``ws``).

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    tahun : int
        A planning year of its ``[pokir]`` section.

    Returns
    -------
    DataFrame

    Raises
    ------
    PlanlibError
        When the workspace has no pokir for ``tahun`` (message in Bahasa Indonesia).
    """
    if tahun not in ws.pokir:
        have = ", ".join(map(str, sorted(ws.pokir))) or "tidak ada"
        raise PlanlibError(f"Tidak ada pokir tahun {tahun} di workspace ini (ada: {have}).")
    usulan = ws.usulan.get(tahun)
    if usulan is None:
        usulan = pd.DataFrame(columns=["id_usulan", "usulan"])
    return ws.derived(("banding_pokir", tahun), lambda: banding_pokir(ws.pokir[tahun], usulan))


def ringkasan(hasil: pd.DataFrame) -> dict[str, int]:
    """Counts for a one-line summary of :func:`banding_pokir`.

    Parameters
    ----------
    hasil : DataFrame
        From :func:`banding_pokir`.

    Returns
    -------
    dict
        ``pokir``, ``ganda`` (pokir repeating at least one usulan) and
        ``di_luar_dapil`` (pokir outside their member's Dapil).
    """
    return {
        "pokir": len(hasil),
        "ganda": int((hasil["id_usulan_ganda"] != "").sum()),
        "di_luar_dapil": int(np.asarray(hasil["di_luar_dapil"].fillna(False), dtype=bool).sum()),
    }


#: ``keputusan`` of a pokir without a decision in force (the forum records decisions on usulan).
BELUM_FORUM = "belum diputuskan forum"

#: Columns of :func:`pokir_anggota`, in order.
KOLOM_ANGGOTA = [
    "id_pokir", "pengusul", "fraksi", "dapil", "dapil_pengusul", "di_luar_dapil", "kecamatan",
    "desa", "usulan", "anggaran", "status", "keputusan", "id_usulan_ganda", "usulan_ganda",
    "keputusan_ganda",
]  # fmt: skip


def pokir_anggota(
    ws: Workspace, tahun: int, dapil: str | None = None, keputusan: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The pokir of a Dapil's members, each with what became of it: what a DPRD member reads.

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    tahun : int
        A planning year of its ``[pokir]`` section.
    dapil : str, optional
        The Dapil: the pokir of its members (``dapil_pengusul``; a pokir whose
        member's Dapil is unknown counts for the Dapil of its place), wherever
        they are (``di_luar_dapil`` marks those outside it). None: every pokir.
    keputusan : DataFrame, optional
        The decisions in force (:meth:`KeputusanStore.current` with ``jenis=None``: the
        ``jenis`` column tells usulan from pokir decisions); none when omitted.

    Returns
    -------
    DataFrame
        :data:`KOLOM_ANGGOTA`, ordered by member then the export's order:
        :func:`banding_pokir`'s columns, ``anggaran`` and ``status`` (SIPD-RI's
        status) of the pokir, ``keputusan``: the forum decision in force on the
        pokir's ID (:func:`~planlib.forum.keputusan.keputusan_berlaku` with
        ``jenis="pokir"``), else :data:`BELUM_FORUM`, and of the
        first usulan it repeats ``usulan_ganda`` (its text) and
        ``keputusan_ganda`` (the decision in force on it, or
        :data:`~planlib.forum.keputusan.BELUM`; empty when it repeats none).

    Raises
    ------
    PlanlibError
        When the workspace has no pokir for ``tahun``.
    """
    from .keputusan import BELUM, keputusan_berlaku

    hasil = banding_pokir_tahun(ws, tahun)
    pokir = ws.pokir[tahun].reset_index(drop=True)
    out = hasil.assign(anggaran=pokir["anggaran"].to_numpy(), status=pokir["status"].to_numpy())
    if dapil is not None:
        member = out["dapil_pengusul"].astype(object)
        member = member.where(member.notna(), out["dapil"].astype(object))
        out = out[(member == dapil).to_numpy()]
    usulan = ws.usulan.get(tahun)
    teks = (
        dict(zip(usulan["id_usulan"].astype(str), usulan["usulan"].astype(object), strict=True))
        if usulan is not None and len(usulan)
        else {}
    )
    kep = keputusan if keputusan is not None else pd.DataFrame(columns=["id_usulan"])
    ids = out["id_pokir"].astype(str)
    own = keputusan_berlaku(kep, ids, tahun, jenis="pokir")["label"].to_numpy()
    out = out.assign(keputusan=[BELUM_FORUM if k == BELUM else k for k in own])
    first = out["id_usulan_ganda"].astype(str).str.split(";").str[0]
    out = out.assign(usulan_ganda=[teks.get(i, "") if i else "" for i in first])
    dec = keputusan_berlaku(kep, first, tahun)["label"].to_numpy()
    out = out.assign(keputusan_ganda=[d if i else "" for i, d in zip(first, dec, strict=True)])
    order = out["pengusul"].astype(object).fillna("").astype(str)
    out = out.iloc[np.argsort(order.to_numpy(), kind="stable")]
    return contract(out[KOLOM_ANGGOTA].reset_index(drop=True), "PokirAnggota")

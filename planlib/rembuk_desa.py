"""What the Rembuk Remas shows of one desa: its profile, its earlier usulan, the year's masalah.

The 07 Rembuk Remas dashboard (:mod:`planlib.dashboards.rembuk_remas`) presents
these; this module computes them: the masalah in force of planning year ``T``
with the usulan that answer them (:func:`masalah_tahun`), a desa's IDM /
Indeks Desa figures beside its kecamatan's and the kabupaten's averages
(:func:`profil`), and its usulan of the years before ``T`` with the forum's
decision in force (:func:`usulan_sebelumnya`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from .documents.laporan_masalah import profil_desa
from .forum.keputusan import KeputusanStore, keputusan_berlaku
from .indeks_desa import DIMENSI, INDEKS_IDM
from .masalah.store import MasalahStore
from .rembuk import peta_masalah
from .workspace import Workspace


def masalah_tahun(ws: Workspace, tahun: int, store: MasalahStore | None = None) -> pd.DataFrame:
    """The masalah in force of planning year ``tahun`` with the usulan that answer them.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        ``T``, the planning year of the Rembuk Remas.
    store : MasalahStore, optional
        The workspace's store when omitted.

    Returns
    -------
    DataFrame
        :func:`planlib.rembuk.peta_masalah`'s masalah (``id_usulan_terkait``, ``diusulkan``).
    """
    m, _ = peta_masalah(ws, int(tahun), store or MasalahStore(ws.root))
    return m


@dataclass(frozen=True)
class Profil:
    """A desa's IDM / Indeks Desa profile beside its kecamatan and the kabupaten."""

    #: "IDM 2024" or "Indeks Desa 2025"; None when the workspace has no figures for the desa.
    judul: str | None
    #: The desa's status (Mandiri … Sangat Tertinggal), or None.
    status: str | None
    #: One row per figure: ``ukuran``, ``desa``, ``kecamatan``, ``kabupaten`` (NaN when absent).
    tabel: pd.DataFrame
    #: How many desa of its kecamatan share each status.
    status_kecamatan: dict[str, int]


def profil(ws: Workspace, kode_desa: str) -> Profil:
    """The desa's latest IDM / Indeks Desa figures against its kecamatan's and the kabupaten's mean.

    Parameters
    ----------
    ws : Workspace
    kode_desa : str
        The desa's Kemendagri code.

    Returns
    -------
    Profil
        Averages are over the desa of the same index and year; a workspace
        without ``[indeks_desa]`` (or without the desa) gives ``judul`` None
        and an empty table.
    """
    p = profil_desa(ws)
    empty = pd.DataFrame(columns=["ukuran", "desa", "kecamatan", "kabupaten"])
    if p.empty or kode_desa not in p.index:
        return Profil(None, None, empty, {})
    me = cast(dict[str, Any], p.loc[kode_desa].to_dict())
    same = p[(p["jenis"] == me["jenis"]) & (p["tahun"] == me["tahun"])]
    kec = same[same["kode_kecamatan"] == me["kode_kecamatan"]]
    nama = "IDM" if me["jenis"] == "idm" else "Indeks Desa"
    rows = []
    for col, label in {"nilai": f"Nilai {nama}", **INDEKS_IDM, **DIMENSI}.items():
        if col in p.columns and pd.notna(me.get(col)):
            rows.append({"ukuran": label, "desa": float(me[col]),
                         "kecamatan": float(kec[col].mean()), "kabupaten": float(same[col].mean())})  # fmt: skip
    status = me["status"] if isinstance(me["status"], str) else None
    counts = kec["status"].dropna().value_counts()
    return Profil(
        f"{nama} {int(me['tahun'])}", status, pd.DataFrame(rows, columns=empty.columns),
        {str(k): int(v) for k, v in counts.items()},
    )  # fmt: skip


def usulan_sebelumnya(
    ws: Workspace, kode_desa: str, tahun: int, keputusan: KeputusanStore | None = None
) -> pd.DataFrame:
    """The desa's usulan of the years before ``tahun`` and what became of them.

    Parameters
    ----------
    ws : Workspace
    kode_desa : str
    tahun : int
        ``T``; the usulan of years before it are listed.
    keputusan : KeputusanStore, optional
        The forum decisions; the workspace's when omitted.

    Returns
    -------
    DataFrame
        ``tahun``, ``id_usulan``, ``usulan``, ``opd_tujuan``, ``status`` (SIPD's),
        ``anggaran`` and ``keputusan`` (the forum's decision in force,
        "belum diputuskan" when none), latest year first.
    """
    store = keputusan or KeputusanStore(ws.root)
    cols = ["tahun", "id_usulan", "usulan", "opd_tujuan", "status", "anggaran", "keputusan"]
    parts = []
    for t in sorted((y for y in ws.usulan if y < int(tahun)), reverse=True):
        u = ws.usulan[t]
        own = u[u["kode_desa"] == kode_desa]
        if own.empty:
            continue
        k = keputusan_berlaku(store, own["id_usulan"], t)
        parts.append(own.assign(tahun=t, keputusan=k["label"].to_numpy())[cols])
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)

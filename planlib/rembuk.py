"""The Rembuk Remas map: each desa's masalah tied to the usulan that answer them.

The masalah recorded at the Rembuk Remas (:mod:`planlib.masalah`) are for
planning year ``T``; the desa carry them into their Musrenbang, and the usulan
of ``T`` come back through SIPD. This module closes the loop:

* :func:`tautkan` ties each masalah to the usulan of the same desa (for a
  kecamatan's masalah, of the same kecamatan) and year that answer it;
* :func:`peta_masalah` gives the masalah in force with ``id_usulan_terkait``
  (a list, empty when none), and the two listings the room asks for:
  *masalah yang belum diusulkan* and *usulan tanpa masalah terpetakan*;
* :func:`per_wilayah` and :func:`ringkasan_kecamatan` count them per area of a
  map and per kecamatan (the Rembuk Remas dashboard, the shared files and the
  deck's Rembuk map read the same counts).

How a masalah and an usulan are scored (``docs/rembuk-remas.md`` has the
measured precision and recall on ``tests/data/masalah_usulan_pasangan.csv``):
the forum matcher's text similarity
(:func:`planlib.forum.matcher.text_similarity`: kamus rewrites, place names
dropped, word and character TF-IDF) of the masalah to the usulan's *Masalah*
text and to its *Usulan* text, averaged (the one present when the other is
empty), plus :data:`BOBOT_ISU` when both have the same isu (planlib's isu
table). A pair reaching :data:`AMBANG` is tied. The IDF is fitted on all the
masalah and usulan of the year, so a word every desa uses weighs little.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .forum.matcher import text_similarity
from .frames import contract
from .masalah.store import MasalahStore
from .teks import Normaliser, abbreviations_of, load_kamus

if TYPE_CHECKING:
    from .workspace import Workspace

#: What the same isu adds to a pair's score.
BOBOT_ISU = 0.1
#: The score from which a masalah and an usulan are tied (chosen on half the labelled set).
AMBANG = 0.20

#: Columns of :func:`tautkan`.
PAIR_COLUMNS = ["id_masalah", "id_usulan", "skor", "isu_sama"]


def normaliser_of(ws: Workspace | None) -> Normaliser:
    """The matcher's normaliser with the workspace's kecamatan and desa names as place names.

    Parameters
    ----------
    ws : Workspace or None
        Without one, no place names are dropped.

    Returns
    -------
    Normaliser
    """
    tempat: list[str] = []
    if ws is not None:
        tempat = [str(n) for n in ws.wilayah.kecamatan["nama"].dropna()]
        tempat += [str(n) for n in ws.wilayah.desa["nama"].dropna()]
    return Normaliser(abbreviations_of(load_kamus()), tuple(tempat))


def skor(
    masalah: list[str],
    isu_masalah: list[object],
    usulan: list[str],
    masalah_usulan: list[object],
    isu_usulan: list[object],
    normaliser: Normaliser | None = None,
) -> np.ndarray:
    """The score of every masalah against every usulan (``len(masalah) × len(usulan)``).

    Parameters
    ----------
    masalah, isu_masalah : list
        The masalah texts and their isu (None when unknown).
    usulan, masalah_usulan, isu_usulan : list
        The usulan's *Usulan* and *Masalah* texts (None when empty) and isu.
    normaliser : Normaliser, optional
        See :func:`normaliser_of`.

    Returns
    -------
    ndarray
        Text similarity (0–1) plus :data:`BOBOT_ISU` for the same isu.
    """
    norm = normaliser or normaliser_of(None)
    mu = [str(t) if isinstance(t, str) and t.strip() else "" for t in masalah_usulan]
    s_usulan = text_similarity(masalah, usulan, norm)
    s_masalah = text_similarity(masalah, mu, norm)
    has_m = np.array([bool(t) for t in mu], dtype=bool)
    text = np.where(has_m[None, :], (s_usulan + s_masalah) / 2, s_usulan)
    im = np.array([i if isinstance(i, str) else None for i in isu_masalah], dtype=object)
    iu = np.array([i if isinstance(i, str) else None for i in isu_usulan], dtype=object)
    same = (im[:, None] == iu[None, :]) & (im[:, None] != None)  # noqa: E711
    return text + BOBOT_ISU * same


def tautkan(
    masalah: pd.DataFrame,
    usulan: pd.DataFrame,
    normaliser: Normaliser | None = None,
    ambang: float = AMBANG,
) -> pd.DataFrame:
    """The (masalah, usulan) pairs that answer each other, within each desa (or kecamatan).

    Parameters
    ----------
    masalah : DataFrame
        :meth:`planlib.masalah.store.MasalahStore.current` of one year.
    usulan : DataFrame
        The usulan of the same planning year (``id_usulan``, ``usulan``,
        ``masalah``, ``isu``, ``kode_desa``, ``kode_kecamatan``).
    normaliser : Normaliser, optional
        See :func:`normaliser_of`.
    ambang : float
        The score a pair must reach.

    Returns
    -------
    DataFrame
        :data:`PAIR_COLUMNS`, best first within each masalah.
    """
    if masalah.empty or usulan.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    u = usulan.reset_index(drop=True)
    scores = skor(
        masalah["masalah"].tolist(), masalah["isu"].tolist(), u["usulan"].tolist(),
        u["masalah"].tolist(), u["isu"].tolist(), normaliser,
    )  # fmt: skip
    kode_desa = u["kode_desa"].astype(object).to_numpy()
    kode_kec = u["kode_kecamatan"].astype(object).to_numpy()
    isu_u = u["isu"].astype(object).to_numpy()
    rows = []
    for i, m in enumerate(masalah.itertuples(index=False)):
        own = kode_desa == m.kode_wilayah if m.tingkat == "desa" else kode_kec == m.kode_wilayah
        for j in np.flatnonzero(own & (scores[i] >= ambang)):
            rows.append((int(str(m.id_masalah)), u.at[j, "id_usulan"], round(float(scores[i, j]), 4),
                         bool(isinstance(m.isu, str) and m.isu == isu_u[j])))  # fmt: skip
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(
        ["id_masalah", "skor"], ascending=[True, False], kind="stable"
    ).reset_index(drop=True)


def peta_masalah(
    ws: Workspace, tahun: int, store: MasalahStore | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The masalah of year ``tahun`` with their usulan, and the usulan no masalah reaches.

    Parameters
    ----------
    ws : Workspace
        The workspace (its usulan of ``tahun``, when it has them).
    tahun : int
        ``T``, the planning year.
    store : MasalahStore, optional
        The workspace's store when omitted.

    Returns
    -------
    (DataFrame, DataFrame)
        The masalah in force (:data:`planlib.masalah.store.COLUMNS`) with
        ``id_usulan_terkait`` (list of ID Usulan, best first; empty when
        none) and ``diusulkan`` (bool); and the usulan of the desa and
        kecamatan that have masalah recorded which no masalah is tied to
        (``id_usulan``, ``kode_desa``, ``nama_desa``, ``nama_kecamatan``,
        ``usulan``, ``masalah``, ``isu``): *usulan tanpa masalah terpetakan*.
    """
    store = store or MasalahStore(Path(ws.root))
    m = store.current(tahun)
    u = ws.usulan.get(int(tahun))
    if u is None:
        u = pd.DataFrame(columns=["id_usulan", "usulan", "masalah", "isu", "kode_desa",
                                  "kode_kecamatan", "nama_desa", "nama_kecamatan"])  # fmt: skip
    pairs = tautkan(m, u, normaliser_of(ws))
    linked = pairs.groupby("id_masalah")["id_usulan"].agg(list).to_dict()
    m = m.assign(id_usulan_terkait=pd.Series([linked.get(i, []) for i in m["id_masalah"]],
                                             index=m.index, dtype=object))  # fmt: skip
    m["diusulkan"] = m["id_usulan_terkait"].map(bool).astype(bool)  # bool when empty too
    desa = set(m.loc[m["tingkat"] == "desa", "kode_wilayah"])
    kec = set(m.loc[m["tingkat"] == "kecamatan", "kode_wilayah"])
    mapped = u["kode_desa"].isin(desa) | u["kode_kecamatan"].isin(kec)
    tanpa = u[mapped & ~u["id_usulan"].isin(set(pairs["id_usulan"]))]
    cols = ["id_usulan", "kode_desa", "nama_desa", "nama_kecamatan", "usulan", "masalah", "isu"]
    return contract(m, "PetaMasalah"), tanpa[cols].reset_index(drop=True)


def per_wilayah(m: pd.DataFrame, kode: pd.Series, level: str) -> pd.DataFrame:
    """The masalah counted per area of a map, with the most named isu of each.

    The one count of the Rembuk Remas map: the dashboard and the deck colour
    their areas by it.

    Parameters
    ----------
    m : DataFrame
        The masalah in force (:meth:`planlib.masalah.store.MasalahStore.current` columns).
    kode : Series
        The code of each area, in map order.
    level : {"desa", "kecamatan"}
        At ``desa`` the desa's own masalah count; at ``kecamatan`` every
        masalah of the kecamatan (its desa's and its own).

    Returns
    -------
    DataFrame
        Indexed like ``kode``: ``kode``, ``jumlah`` (int), ``isu_strategis``
        (int, how many of them are isu strategis) and ``isu`` (the most named
        isu, None without masalah; ties go to the isu named first).
    """
    if level == "desa":
        own = m[m["tingkat"] == "desa"]
        key = own["kode_wilayah"]
    else:
        own = m
        key = own["kode_kecamatan"]
    jumlah = key.value_counts()
    isu_s = key[own["jenis"] == "isu_strategis"].value_counts()
    top: dict[str, str] = {}
    for k, group in own.groupby(key, sort=False):
        counts = group["isu"].dropna().value_counts(sort=False)
        if len(counts):
            top[str(k)] = str(counts.index[int(counts.to_numpy().argmax())])
    out = pd.DataFrame({"kode": kode.astype(object)}, index=kode.index)
    out["jumlah"] = kode.map(jumlah).fillna(0).astype(int)
    out["isu_strategis"] = kode.map(isu_s).fillna(0).astype(int)
    out["isu"] = kode.map(top).astype(object)
    out["isu"] = out["isu"].where(out["isu"].notna(), None)
    return out


def ringkasan_kecamatan(ws: Workspace, m: pd.DataFrame) -> pd.DataFrame:
    """One line per kecamatan: its desa, those with masalah, masalah, belum diusulkan, top isu.

    Parameters
    ----------
    ws : Workspace
    m : DataFrame
        :func:`masalah_tahun`.

    Returns
    -------
    DataFrame
        ``kode``, ``kecamatan``, ``desa``, ``desa_bermasalah``, ``masalah``,
        ``isu_strategis``, ``belum_diusulkan``, ``isu`` (the most named), in
        the code list's order.
    """
    kec = ws.wilayah.kecamatan
    desa = ws.wilayah.desa
    per = per_wilayah(m, kec["kode"].astype(object), "kecamatan")
    own = m[m["tingkat"] == "desa"]
    bermasalah = own.groupby("kode_kecamatan")["kode_wilayah"].nunique()
    belum = m.loc[~m["diusulkan"].astype(bool)].groupby("kode_kecamatan").size()
    return pd.DataFrame({
        "kode": kec["kode"].to_numpy(), "kecamatan": kec["nama"].to_numpy(),
        "desa": kec["kode"].map(desa.groupby("kode_kec").size()).fillna(0).astype(int).to_numpy(),
        "desa_bermasalah": kec["kode"].map(bermasalah).fillna(0).astype(int).to_numpy(),
        "masalah": per["jumlah"].to_numpy(), "isu_strategis": per["isu_strategis"].to_numpy(),
        "belum_diusulkan": kec["kode"].map(belum).fillna(0).astype(int).to_numpy(),
        "isu": per["isu"].to_numpy(),
    })  # fmt: skip

"""Pokir beside the Musrenbang usulan in the forum: one request, its sources, one decision each.

The Forum Perangkat Daerah decides on usulan (:mod:`planlib.forum.selection`)
and, once the workspace has a ``[pokir]`` section, on the DPRD members' pokir
too. A pokir that repeats an usulan (:func:`planlib.forum.pokir.banding_pokir`)
is the same request arriving by two channels: the forum shows it once, with
both sources, and keeps one decision per source in ``keputusan.sqlite``
(``jenis`` ``usulan`` or ``pokir``, :mod:`planlib.forum.keputusan`). After a
decision on one side, :func:`tawaran` lists the other side(s) whose decision
differs, and :func:`samakan` records the same decision there, only when the
analyst asks for it: nothing here records a decision by itself.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import pandas as pd

from .keputusan import KeputusanError, KeputusanStore, keputusan_berlaku
from .pokir import banding_pokir_tahun, sumber_pokir
from .selection import KOLOM_KEPUTUSAN, forum_table, saring_forum

if TYPE_CHECKING:
    from ..workspace import Workspace

#: ``asal`` of an usulan of the Musrenbang.
MUSRENBANG = "Musrenbang"

#: Columns of :func:`pasangan`.
KOLOM_PASANGAN = ["id_pokir", "id_usulan", "pengusul", "fraksi"]

__all__ = ["MUSRENBANG", "forum_pokir", "kembaran", "pasangan", "pokir_berita_acara",
           "samakan", "sumber_pokir", "tawaran"]  # fmt: skip

#: Columns of :func:`tawaran`.
KOLOM_TAWARAN = ["jenis", "id", "sumber", "status_keputusan", "keputusan_label", "versi"]


def pasangan(ws: Workspace, tahun: int) -> pd.DataFrame:
    """Every duplicated pair of the year: a pokir and an usulan it repeats.

    Parameters
    ----------
    ws : Workspace
    tahun : int

    Returns
    -------
    DataFrame
        :data:`KOLOM_PASANGAN`, one row per pair (a pokir repeating two usulan
        gives two rows); empty when the workspace has no pokir that year.
    """
    if tahun not in ws.pokir:
        return pd.DataFrame(columns=KOLOM_PASANGAN)
    b = banding_pokir_tahun(ws, tahun)
    rows = [
        (str(r.id_pokir), u, r.pengusul, r.fraksi)
        for r in b.itertuples(index=False)
        for u in str(r.id_usulan_ganda).split(";")
        if u
    ]
    return pd.DataFrame(rows, columns=KOLOM_PASANGAN)


def kembaran(ws: Workspace, tahun: int, jenis: str, ident: str) -> list[tuple[str, str]]:
    """The other side(s) of the duplicated pairs ``ident`` belongs to.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    jenis : {"usulan", "pokir"}
    ident : str
        The usulan's or the pokir's ID.

    Returns
    -------
    list of (jenis, id)
        For an usulan the pokir repeating it, for a pokir the usulan it
        repeats, in the comparison's order; empty when none.
    """
    p = pasangan(ws, tahun)
    if jenis == "usulan":
        return [("pokir", str(i)) for i in p.loc[p["id_usulan"] == str(ident), "id_pokir"]]
    return [("usulan", str(i)) for i in p.loc[p["id_pokir"] == str(ident), "id_usulan"]]


def forum_pokir(
    ws: Workspace,
    tahun: int,
    store: KeputusanStore,
    *,
    dapil: str | None = None,
    opd: str | None = None,
) -> pd.DataFrame:
    """The forum table with the pokir of the same Dapil or OPD beside the usulan.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    store : KeputusanStore
    dapil, opd : str, optional
        The forum's filter (:func:`planlib.forum.selection.saring_forum`) on
        the usulan and the pokir alike: a pokir belongs to the Dapil of its
        place and to the OPD it is addressed to (it has no suggestion).

    Returns
    -------
    DataFrame
        The columns of :func:`~planlib.forum.selection.forum_table` plus
        ``jenis`` (``usulan`` or ``pokir``), ``asal`` (:data:`MUSRENBANG`,
        :func:`sumber_pokir`, or both joined by ``" + "`` for a duplicated
        pair) and ``kembaran`` (tuple of ``(jenis, id)`` of the pair's other
        side). A pokir repeating an usulan of the table is not a row of its
        own: it is a source of that usulan's row. The other pokir follow the
        usulan, ``id_usulan`` holding the pokir's ID and the decision columns
        its own decision. Without pokir that year: the forum table with
        ``jenis`` ``usulan``.
    """
    table = forum_table(ws, tahun, store, dapil=dapil, opd=opd)
    none: list[tuple[tuple[str, str], ...]] = [()] * len(table)
    table = table.assign(jenis="usulan", asal=MUSRENBANG)
    table["kembaran"] = pd.Series(none, index=table.index, dtype=object)
    if tahun not in ws.pokir:
        return table
    pairs = pasangan(ws, tahun)
    pokir = saring_forum(ws.pokir[tahun].reset_index(drop=True), dapil=dapil, opd=opd)
    shown = set(table["id_usulan"].astype(str))
    sources: dict[str, list[str]] = {}
    twins: dict[str, list[tuple[str, str]]] = {}
    for p, u, nama, fraksi in pairs[KOLOM_PASANGAN].itertuples(index=False, name=None):
        sources.setdefault(str(u), []).append(sumber_pokir(nama, fraksi))
        twins.setdefault(str(u), []).append(("pokir", str(p)))
        twins.setdefault(str(p), []).append(("usulan", str(u)))
    ids = table["id_usulan"].astype(str)
    table["asal"] = [" + ".join([MUSRENBANG, *sources.get(i, [])]) for i in ids]
    table["kembaran"] = _tuples([tuple(twins.get(i, ())) for i in ids], table.index)
    folded = {p for p, u in zip(pairs["id_pokir"], pairs["id_usulan"], strict=True) if u in shown}
    own = pokir[~pokir["id_pokir"].astype(str).isin(folded)]
    if own.empty:
        return table
    rows = own.rename(columns={"id_pokir": "id_usulan"}).reindex(columns=table.columns)
    rows["id_usulan"] = rows["id_usulan"].astype(str)
    rows["jenis"] = "pokir"
    rows["asal"] = [sumber_pokir(p, f) for p, f in zip(own["pengusul"], own["fraksi"], strict=True)]  # fmt: skip
    rows["kembaran"] = _tuples([tuple(twins.get(i, ())) for i in rows["id_usulan"]], rows.index)
    rows["tahun"] = int(tahun)
    cur = keputusan_berlaku(store, rows["id_usulan"], tahun, jenis="pokir")
    for old, new in KOLOM_KEPUTUSAN.items():
        rows[new] = cur[old].to_numpy()
    out = pd.concat([table, rows], ignore_index=True)
    for c in table.columns:  # keep the forum table's types where the pokir rows allow it
        dtype = table[c].dtype
        if out[c].dtype == dtype:
            continue
        if isinstance(dtype, pd.CategoricalDtype):  # a pokir's value is added, never lost
            extra = set(out[c].dropna()) - set(dtype.categories)
            dtype = pd.CategoricalDtype([*dtype.categories, *sorted(extra, key=str)], dtype.ordered)
        with contextlib.suppress(TypeError, ValueError):
            out[c] = out[c].astype(dtype)
    return out


def pokir_berita_acara(ws: Workspace, tahun: int) -> pd.DataFrame | None:
    """The year's pokir as :func:`planlib.forum.berita_acara.berita_acara_table` takes them.

    Parameters
    ----------
    ws : Workspace
    tahun : int

    Returns
    -------
    DataFrame or None
        The loaded pokir with ``id_usulan_ganda`` (the usulan each repeats,
        ``;``-separated); None when the workspace has no pokir that year.
    """
    if tahun not in ws.pokir:
        return None
    pokir = ws.pokir[tahun].reset_index(drop=True)
    ganda = banding_pokir_tahun(ws, tahun)["id_usulan_ganda"].to_numpy()
    return pokir.assign(id_usulan_ganda=ganda)


def tawaran(
    store: KeputusanStore, ws: Workspace, tahun: int, jenis: str, ident: str
) -> pd.DataFrame:
    """The other side(s) of a duplicated pair whose decision differs from this side's.

    What the forum offers after a decision on ``ident``: the same decision on
    its twin, which the analyst records with :func:`samakan` or leaves.

    Parameters
    ----------
    store : KeputusanStore
    ws : Workspace
    tahun : int
    jenis : {"usulan", "pokir"}
    ident : str
        The side just decided.

    Returns
    -------
    DataFrame
        :data:`KOLOM_TAWARAN`: ``jenis`` and ``id`` of the twin, ``sumber``
        (Musrenbang or the member), its decision in force (``status_keputusan``
        None when undecided, ``keputusan_label``) and ``versi`` (for
        :func:`samakan`). Empty when ``ident`` has no decision or no twin,
        or every twin already has the same decision.
    """
    own = keputusan_berlaku(store, [ident], tahun, jenis=jenis).iloc[0]
    if own["status"] is None:
        return pd.DataFrame(columns=KOLOM_TAWARAN)
    pokir = ws.pokir.get(tahun)
    member = (
        {
            str(i): sumber_pokir(p, f)
            for i, p, f in zip(pokir["id_pokir"], pokir["pengusul"], pokir["fraksi"], strict=True)
        }  # fmt: skip
        if pokir is not None
        else {}
    )
    rows = []
    for j, i in kembaran(ws, tahun, jenis, ident):
        k = keputusan_berlaku(store, [i], tahun, jenis=j).iloc[0]
        if (k["status"], k["opd"]) == (own["status"], own["opd"]):
            continue
        sumber = MUSRENBANG if j == "usulan" else member.get(i, sumber_pokir(None, None))
        rows.append((j, i, sumber, k["status"], k["label"], 0 if pd.isna(k["versi"]) else int(k["versi"])))  # fmt: skip
    return pd.DataFrame(rows, columns=KOLOM_TAWARAN)


def samakan(
    store: KeputusanStore,
    tahun: int,
    dari: tuple[str, str],
    ke: tuple[str, str],
    oleh: str,
    *,
    versi: int | None = None,
) -> int:
    """Record on ``ke`` the decision in force on ``dari``: the analyst accepted the offer.

    Parameters
    ----------
    store : KeputusanStore
    tahun : int
    dari, ke : (jenis, id)
        The side decided and its twin.
    oleh : str
        Who records; required.
    versi : int, optional
        The twin's ``versi`` when offered (:func:`tawaran`): when someone has
        changed the twin since, nothing is written.

    Returns
    -------
    int
        The sequence number of the new history row.

    Raises
    ------
    KeputusanError
        ``dari`` has no decision, or as :meth:`KeputusanStore.record`.
    """
    k = keputusan_berlaku(store, [dari[1]], tahun, jenis=dari[0]).iloc[0]
    if k["status"] is None:
        raise KeputusanError(f"Belum ada keputusan pada {dari[0]} {dari[1]} untuk disamakan.")
    alasan = f"{k['alasan']} (sama dengan keputusan {dari[0]} {dari[1]})"
    return store.record(
        ke[1], tahun, k["status"], alasan, oleh, opd=k["opd"], versi=versi, jenis=ke[0]
    )


def _tuples(values: list[tuple[tuple[str, str], ...]], index: pd.Index) -> pd.Series:
    """A column holding one tuple per row (pandas would spread a list of tuples otherwise)."""
    out = pd.Series(None, index=index, dtype=object)
    for n, v in enumerate(values):
        out.iloc[n] = v
    return out

"""The analysts' overrides of the matcher's suggestions: which apply, and what they change.

An override recorded during the Forum Perangkat Daerah
(:meth:`planlib.forum.keputusan.KeputusanStore.overrides`) names an OPD, a
pohon kinerja node or both for one usulan; it wins over the suggestion of
:meth:`planlib.forum.matcher.Matcher.suggest`. The matcher calls
:func:`apply_overrides` with what it knows of the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..formatting import angka
from ..parse import clean_text
from .plan_candidates import resolve_opd, why_not_selaras

#: The fields of an override (besides ``id_usulan`` and ``tahun``).
OVERRIDE_FIELDS = ("opd", "node_id", "alasan", "oleh")


def overrides_for(saran: pd.DataFrame, overrides: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The overrides that concern ``saran``, one per usulan (the last one wins).

    Parameters
    ----------
    saran : DataFrame
        Suggestions with ``id_usulan`` (and ``tahun``, when overrides of other
        years must be skipped).
    overrides : DataFrame or None
        ``id_usulan``, optionally ``tahun``, and :data:`OVERRIDE_FIELDS`.

    Returns
    -------
    list of dict
        Each with ``pos`` (the row position in ``saran``) and the
        :data:`OVERRIDE_FIELDS` (None when empty), in the order of the last
        override of each usulan. An override naming neither OPD nor node is
        left out.
    """
    if overrides is None or not len(overrides):
        return []
    years = None
    if "tahun" in saran and "tahun" in overrides:
        years = set(pd.to_numeric(saran["tahun"], errors="coerce").dropna().astype(int))
    pos: dict[str, int] = {}
    for i, v in enumerate(saran["id_usulan"]):
        pos.setdefault(clean_text(v) or "", i)
    found: dict[int, dict[str, Any]] = {}
    for rec in overrides.to_dict("records"):
        raw = rec.get("tahun")
        t = pd.to_numeric(raw, errors="coerce") if raw is not None else None
        key = clean_text(rec.get("id_usulan")) or ""
        r = {c: clean_text(rec.get(c)) for c in OVERRIDE_FIELDS}
        if key not in pos or (
            years is not None and t is not None and pd.notna(t) and int(t) not in years
        ):
            continue
        if r["opd"] or r["node_id"]:
            found.pop(pos[key], None)  # re-insert: keeps the order of the last override
            found[pos[key]] = {"pos": pos[key], **r}
    return list(found.values())


def apply_overrides(
    saran: pd.DataFrame,
    overrides: pd.DataFrame | None,
    usulan: pd.DataFrame,
    *,
    kandidat: pd.DataFrame,
    node: dict[str, tuple[str | None, str | None]],
    nodes_for: Callable[[pd.DataFrame, list[str]], list[str | None]],
) -> pd.DataFrame:
    """Let the analysts' overrides win over the suggestions.

    Parameters
    ----------
    saran : DataFrame
        Suggestions (:meth:`planlib.forum.matcher.Matcher.suggest`).
    overrides : DataFrame or None
        As for :func:`overrides_for`; the last row per usulan wins.
    usulan : DataFrame
        The usulan ``saran`` was made from, in the same order.
    kandidat : DataFrame
        The plan candidates (``opd``, ``node_id``, ``sub_kegiatan``).
    node : dict
        Every pohon kinerja node id → (OPD, RPJMD indicator reached or None).
    nodes_for : callable
        ``nodes_for(usulan_rows, opd_names)``: the best node of each OPD for
        each usulan (for an override that names only the OPD).

    Returns
    -------
    DataFrame
        ``saran`` with the overridden rows replaced: the override's OPD and
        node (an override naming only a node takes the node's OPD; one
        naming only an OPD takes that OPD's best node for the usulan),
        ``skor`` 1, ``sumber`` ``"penyesuaian"``, ``selaras`` from the node's
        ancestors (no score threshold: a person placed it), and an ``alasan``
        that says who changed it and what was suggested.
    """
    out = saran.copy()
    ov = overrides_for(out, overrides)
    if not ov:
        return out
    plan_opd = set(kandidat["opd"]) | {o for o, _ in node.values() if o}
    names = resolve_opd(sorted({r["opd"] for r in ov if r["opd"]}), plan_opd)
    for r in ov:
        r["opd"] = names.get(r["opd"])
    need = [r for r in ov if r["node_id"] is None and r["opd"] is not None]
    if need:
        rows = usulan.iloc[[r["pos"] for r in need]]
        for r, best in zip(need, nodes_for(rows, [r["opd"] for r in need]), strict=True):
            r["node_id"] = best
    where = {c: k for k, c in enumerate(out.columns)}
    for r in ov:
        values = _override_values(out.iloc[r["pos"]], r, kandidat, node)
        for col, value in values.items():
            out.iat[r["pos"], where[col]] = value
    return out


def _override_values(
    row: pd.Series,
    r: dict[str, Any],
    kandidat: pd.DataFrame,
    node: dict[str, tuple[str | None, str | None]],
) -> dict[str, Any]:
    """The columns an override sets on one suggestion row."""
    node_id, opd = r["node_id"], r["opd"]
    known = node_id in node
    if opd is None and known:
        opd = node[node_id][0]
    indikator = node[node_id][1] if known else None
    subs = kandidat.loc[kandidat["node_id"] == node_id, "sub_kegiatan"].dropna()
    if node_id is not None and not known:
        why: str | None = f"node {node_id} tidak ada di pohon kinerja"
    else:
        in_plan = known or opd in set(kandidat["opd"])
        why = why_not_selaras(opd, in_plan, node_id, indikator, 1.0, threshold=False)
    siapa = f" oleh {r['oleh']}" if r["oleh"] else ""
    catatan = f" ({r['alasan']})" if r["alasan"] else ""
    awal = f"saran awal: {row['opd_saran']} (skor {angka(float(row['skor']), 2)})"
    akhir = f"tidak selaras: {why}" if why else f"mendukung: {indikator}"
    return {
        "opd_saran": opd, "node_saran": node_id,
        "sub_kegiatan_saran": subs.iloc[0] if len(subs) else None, "skor": 1.0,
        "alasan": f"penyesuaian analis{siapa}{catatan}; {awal}; {akhir}",
        "selaras": why is None, "indikator_rpjmd": indikator, "sumber": "penyesuaian",
    }  # fmt: skip

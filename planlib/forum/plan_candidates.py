"""The plan's side of matching: candidate places, the RPJMD indicator each reaches, OPD names.

A *candidate* is a place an usulan can be put in the plan: a pohon kinerja
node (its uraian, indikator and kata kunci, the uraian of its parent and
grandparent, the kamus phrases that name its sub-kegiatan) with one Renja
sub-kegiatan linked to it (``renja.id_pohon``); Renja rows not linked to a
node are candidates of their own. :func:`why_not_selaras` says, in Bahasa
Indonesia, why a placement feeds no RPJMD target. The matcher
(:mod:`planlib.forum.matcher`) turns the candidates into documents and
scores usulan against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from ..formatting import angka
from ..parse import clean_text, fold
from ..teks import content_words

#: Score under which an usulan is *tidak selaras* (chosen on the labelled set, see the docs).
AMBANG_SELARAS = 0.30
#: A kamus or override OPD name is taken to be a plan OPD from this token_set_ratio on.
AMBANG_NAMA_OPD = 90.0
#: Columns of :func:`plan_candidates`.
CANDIDATE_COLUMNS = ["opd", "node_id", "sub_kegiatan", "indikator_rpjmd", "teks"]


def blank(v: object) -> str:
    """:func:`planlib.parse.clean_text`, with ``""`` for a missing value.

    Parameters
    ----------
    v : object
        A cell value.

    Returns
    -------
    str
        The cleaned text, or ``""``.

    Examples
    --------
    >>> blank("  Dinas   Sosial "), blank(None)
    ('Dinas Sosial', '')
    """
    return clean_text(v) or ""


#: Words that say how an indicator measures, not what: left out when a tujuan's indicator is
#: compared with a sasaran's object (:func:`rpjmd_reach`).
KATA_UKURAN = frozenset({
    "persentase", "persen", "capaian", "jumlah", "indeks", "angka", "tingkat", "rasio", "nilai",
    "cakupan", "proporsi", "prevalensi", "kondisi", "meningkatnya", "menurunnya", "kualitas",
    "pemerataan", "peningkatan", "penurunan",
})  # fmt: skip


def _objek(*texts: object) -> set[str]:
    """The content words of texts (folded), without :data:`KATA_UKURAN`."""
    out: set[str] = set()
    for t in texts:
        out |= {w for w in content_words(fold(blank(t))) if w not in KATA_UKURAN}
    return out


def rpjmd_reach(pohon: pd.DataFrame, target_rpjmd: pd.DataFrame | None) -> dict[str, str | None]:
    """For each pohon kinerja node, the RPJMD indicator its chain of ancestors reaches.

    Parameters
    ----------
    pohon : DataFrame
        The pohon kinerja (``id``, ``parent_id``, ``level``, ``uraian``,
        ``indikator``, ``kode_indikator``, ``target``).
    target_rpjmd : DataFrame or None
        The RPJMD targets (``indikator`` holds the canonical key).

    Returns
    -------
    dict
        node id → the first indicator found from the node up to its root (the
        node itself included), or None. A node *carries* an RPJMD indicator
        when its ``kode_indikator`` has a target in ``target_rpjmd``, or when
        it is a tujuan or sasaran node with an ``indikator`` and a ``target``
        of its own (the RPJMD target written in the pohon kinerja itself).

        Such an indicator of its own measures one object of the tujuan (*jalan
        kabupaten kondisi mantap* of "infrastruktur wilayah"). It is named for
        a branch only when the sasaran the chain passes through, if it has an
        indikator of its own, is about the same object (they share a word other
        than :data:`KATA_UKURAN`: *jalan* for "infrastruktur jalan dan
        jembatan"). Otherwise the branch still serves the tujuan, and is named
        by its sasaran: ``"sasaran: Meningkatnya air bersih dan sanitasi"``, so a
        sumur bor is never said to support the roads' indicator.
    """
    kode = set() if target_rpjmd is None else {blank(k) for k in target_rpjmd["indikator"]}
    carries: dict[str, str] = {}
    #: carriers by the second rule (their own indicator text): the words of its object
    own: dict[str, set[str]] = {}
    #: sasaran with an indicator of their own: (their name, the words of their object)
    sasaran: dict[str, tuple[str, set[str]]] = {}
    r: Any
    for r in pohon.itertuples(index=False):
        k = blank(r.kode_indikator)
        level = blank(r.level)
        if k and k in kode:
            carries[r.id] = k
        elif level in ("tujuan", "sasaran") and blank(r.indikator) and pd.notna(r.target):
            carries[r.id] = blank(r.indikator)
            own[r.id] = _objek(r.indikator)
        if level == "sasaran" and blank(r.indikator):
            name = blank(getattr(r, "uraian", None)) or blank(r.indikator)
            sasaran[r.id] = (name, _objek(getattr(r, "uraian", None), r.indikator))
    parent = dict(zip(pohon["id"], pohon["parent_id"], strict=True))
    out: dict[str, str | None] = {}
    for start in parent:
        cur, seen, found = start, set(), None
        via: tuple[str, set[str]] | None = None  # the nearest sasaran passed with an indicator
        while cur in parent and cur not in seen:
            if cur in carries:
                found = carries[cur]
                if cur in own and via is not None and not (own[cur] & via[1]):
                    found = f"sasaran: {via[0]}"
                break
            if via is None and cur in sasaran:
                via = sasaran[cur]
            seen.add(cur)
            cur = parent[cur]
        out[start] = found
    return out


def resolve_opd(names: Iterable[str], plan_opd: Iterable[str]) -> dict[str, str]:
    """Map OPD names (of the kamus, of an override) onto the OPD names used in the plan.

    Parameters
    ----------
    names : iterable of str
        Names to map.
    plan_opd : iterable of str
        The OPD of the pohon kinerja and the Renja.

    Returns
    -------
    dict
        name → plan name: the same name up to case and punctuation, else the
        best rapidfuzz ``token_set_ratio`` from :data:`AMBANG_NAMA_OPD` on (so
        *Dinas Perumahan dan Kawasan Permukiman* finds *Dinas Perumahan Rakyat
        dan Kawasan Permukiman*). A name that matches nothing maps to itself.
    """
    folded = {fold(p): p for p in sorted(plan_opd)}
    keys = list(folded)
    out = {}
    for n in names:
        f = fold(n)
        best = None
        if f not in folded and keys:
            best = process.extractOne(f, keys, scorer=fuzz.token_set_ratio,
                                      score_cutoff=AMBANG_NAMA_OPD)  # fmt: skip
        out[n] = folded[f] if f in folded else folded[best[0]] if best else n
    return out


def _kamus_by_sub(kamus: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    r: Any
    for r in kamus.itertuples(index=False):
        if r.opd and r.sub_kegiatan:
            out.setdefault((fold(r.opd), fold(r.sub_kegiatan)), []).append(r.frasa)
    return out


def _node_candidates(
    pohon: pd.DataFrame,
    renja: pd.DataFrame | None,
    by_sub: dict[tuple[str, str], list[str]],
    reach: dict[str, str | None],
) -> list[dict[str, Any]]:
    """Leaf nodes with an OPD, and every node a Renja row points to, one per linked sub-kegiatan."""
    linked: dict[str, list[Any]] = {}
    if renja is not None:
        for r in renja.itertuples(index=False):
            linked.setdefault(blank(r.id_pohon), []).append(r)
    by_id: dict[Any, Any] = {r.id: r for r in pohon.itertuples(index=False)}
    has_child = {p for p in pohon["parent_id"] if isinstance(p, str) and p}
    rows = []
    for r in by_id.values():
        opd = blank(r.opd)
        if not opd or (r.id in has_child and r.id not in linked):
            continue
        context = [blank(r.uraian), blank(r.indikator), blank(r.kata_kunci).replace(";", " ")]
        p = by_id.get(r.parent_id)
        for _ in range(2):  # the parent and grandparent: kegiatan and program
            if p is None:
                break
            context.append(blank(p.uraian))
            p = by_id.get(p.parent_id)
        subs: dict[str, list[str]] = {}
        for x in linked.get(r.id, []):
            subs.setdefault(blank(x.sub_kegiatan), []).extend(
                [blank(x.kegiatan), blank(x.indikator)]
            )
        if not subs:
            subs = {blank(r.uraian) if blank(r.level) == "sub_kegiatan" else "": []}
        for sub, extra in subs.items():
            frasa = by_sub.get((fold(opd), fold(sub)), []) + by_sub.get(
                (fold(opd), fold(blank(r.uraian))), []
            )
            text = dict.fromkeys([sub, *context, *extra, *frasa])
            rows.append({"opd": opd, "node_id": r.id, "sub_kegiatan": sub or None,
                         "indikator_rpjmd": reach.get(r.id), "teks": " ".join(text)})  # fmt: skip
    return rows


def _renja_candidates(
    renja: pd.DataFrame, known: set[str], by_sub: dict[tuple[str, str], list[str]]
) -> list[dict[str, Any]]:
    """Renja sub-kegiatan not linked to a loaded pohon kinerja node."""
    free = renja[~renja["id_pohon"].map(blank).isin(known - {""})]
    rows = []
    for (opd, sub), g in free.groupby(["opd", "sub_kegiatan"], sort=True):
        text = [sub, *g["kegiatan"].map(blank), *g["indikator"].map(blank)]
        text += by_sub.get((fold(str(opd)), fold(str(sub))), [])
        rows.append({"opd": opd, "node_id": None, "sub_kegiatan": sub, "indikator_rpjmd": None,
                     "teks": " ".join(dict.fromkeys(text))})  # fmt: skip
    return rows


def plan_candidates(
    pohon_kinerja: pd.DataFrame | None,
    renja: pd.DataFrame | None,
    kamus: pd.DataFrame,
    reach: dict[str, str | None],
) -> pd.DataFrame:
    """The candidate places of the plan, one text document each.

    Parameters
    ----------
    pohon_kinerja, renja : DataFrame or None
        As loaded by :mod:`planlib.perencanaan`.
    kamus : DataFrame
        From :func:`planlib.teks.load_kamus`, its ``opd`` already mapped onto
        the plan's names (:func:`resolve_opd`): the phrases of a
        sub-kegiatan join that sub-kegiatan's document.
    reach : dict
        From :func:`rpjmd_reach`.

    Returns
    -------
    DataFrame
        :data:`CANDIDATE_COLUMNS`: ``opd``, ``node_id`` (None for a Renja row
        not linked to a node), ``sub_kegiatan``, ``indikator_rpjmd`` and
        ``teks`` (the raw document, not yet normalised).
    """
    by_sub = _kamus_by_sub(kamus)
    rows = []
    if pohon_kinerja is not None and len(pohon_kinerja):
        rows += _node_candidates(pohon_kinerja, renja, by_sub, reach)
    if renja is not None and len(renja):
        known = set() if pohon_kinerja is None else set(pohon_kinerja["id"])
        rows += _renja_candidates(renja, known, by_sub)
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def why_not_selaras(
    opd: str | None,
    in_plan: bool,
    node: str | None,
    indikator: str | None,
    score: float,
    threshold: bool,
) -> str | None:
    """Why a placement is *tidak selaras* (Bahasa Indonesia), or None when it is selaras.

    Parameters
    ----------
    opd : str or None
        The OPD placed.
    in_plan : bool
        Whether that OPD (or the node) is in the pohon kinerja or the Renja.
    node : str or None
        The pohon kinerja node placed.
    indikator : str or None
        The RPJMD indicator the node reaches (:func:`rpjmd_reach`).
    score : float
        The matcher's score (0–1).
    threshold : bool
        Whether the score must reach :data:`AMBANG_SELARAS` (not for a
        placement an analyst made).

    Returns
    -------
    str or None
        The first reason found, in the order OPD, plan, node, indicator, score.
    """
    if opd is None:
        return "tidak ada OPD yang cocok"
    if not in_plan:
        return f"{opd} tidak ada di pohon kinerja/Renja"
    if node is None:
        return "sub kegiatan belum terhubung ke pohon kinerja"
    if not indikator:
        return f"node {node} tidak terhubung ke indikator RPJMD"
    if threshold and score < AMBANG_SELARAS:
        return f"skor {angka(score, 2)} di bawah ambang {angka(AMBANG_SELARAS, 2)}"
    return None

"""The matcher: where in the plan each usulan belongs, the OPD, the node and the sub-kegiatan.

For each usulan the matcher suggests where it belongs, with a confidence score
(``skor``, 0–1) and the reason in Bahasa Indonesia (the words and the kamus
entries that matched), and flags usulan that feed no RPJMD target as *tidak
selaras*. The analyst verifies the suggestion during the Forum Perangkat
Daerah; an override recorded there (:mod:`planlib.forum.keputusan`) wins.

Method (``docs/forum-align.md`` gives the reasoning and the measured accuracy):

1. **Normalise** the text with :class:`planlib.teks.Normaliser`: fold case
   and punctuation, write SIPD abbreviations out with the ``arti`` column of
   the *kamus usulan* (``jln`` → ``jalan``, ``rtlh`` → ``rumah tidak layak
   huni``), drop the workspace's own place names, RT/RW numbers and other
   digits.
2. **One document per candidate** in the plan
   (:func:`planlib.forum.plan_candidates.plan_candidates`).
3. **TF-IDF cosine similarity** (scikit-learn) of the content words: word
   unigrams+bigrams and ``char_wb`` 3–5-grams (which survive ``rehab`` /
   ``rehabilitasi`` and typing errors). The vectors are hashed, so a word the
   plan never uses still weighs in the usulan's norm: an usulan about a
   *gedung DPRD* is a poor match for *gedung sekolah*. Work words
   (:data:`KATA_KERJA`: pembangunan, pengadaan …) are left out, since the
   object, not the kind of work, decides the OPD. The usulan text counts for
   :data:`BOBOT_USULAN`, the *masalah* for the rest.
4. **Kamus evidence**: kamus phrases (``posyandu`` → Dinas Kesehatan) found
   as whole words in the normalised usulan (in the masalah they count
   :data:`BOBOT_KAMUS_MASALAH`); at one place the longest phrase wins.
5. **OPD score** = ``1 − (1 − best candidate similarity of the OPD) ×
   (1 − BOBOT_KAMUS × kamus evidence of the OPD)``. OPDs are ranked by it; the
   node is the OPD's best candidate (shared work words break ties).

An usulan is *selaras* when its best OPD has a node in the pohon kinerja,
that node or one of its ancestors carries an RPJMD indicator
(:func:`~planlib.forum.plan_candidates.rpjmd_reach`), and ``skor`` reaches
:data:`~planlib.forum.plan_candidates.AMBANG_SELARAS`. The analysts'
overrides are applied by :mod:`planlib.forum.overrides`.

The usulan's own ``opd_tujuan*`` and ``sub_kegiatan`` columns are never read:
they are what the analyst has to verify.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from ..parse import clean_text
from ..teks import STOPWORDS, Normaliser, abbreviations_of, content_words, load_kamus
from . import overrides as _ov
from .plan_candidates import blank, plan_candidates, resolve_opd, rpjmd_reach, why_not_selaras

if TYPE_CHECKING:
    from ..workspace import Workspace

#: Share of the usulan text in the similarity; the masalah has the rest.
BOBOT_USULAN = 0.75
#: How much kamus evidence adds to an OPD's score.
BOBOT_KAMUS = 0.6
#: Weight of kamus phrases found in the masalah relative to those in the usulan.
BOBOT_KAMUS_MASALAH = 0.5
#: Weight of a shared work word when choosing among the candidates of one OPD.
BOBOT_KATA_KERJA = 0.1

#: Words that name the kind of work, not its object (see step 3 of the module notes).
KATA_KERJA = frozenset({
    "pembangunan", "pengadaan", "rehabilitasi", "peningkatan", "pemeliharaan", "bantuan",
    "pemasangan", "pembuatan", "penyediaan", "pemberian", "penataan", "perbaikan", "penambahan",
    "kegiatan", "program", "fasilitasi", "pengelolaan", "pengembangan", "penyelenggaraan",
    "jumlah", "sarana", "prasarana", "unit", "paket",
})  # fmt: skip
_KERJA = sorted(KATA_KERJA)
_NOISE_RX = re.compile(r"\b(?:" + "|".join(sorted(STOPWORDS | KATA_KERJA)) + r")\b")


def alternation(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """A whole-word regex of the phrases, longest first (so the longest wins at one place).

    Parameters
    ----------
    phrases : sequence of str
        Normalised phrases (empty ones are left out).

    Returns
    -------
    re.Pattern or None
        None when there is no phrase.
    """
    alt = sorted({p for p in phrases if p}, key=lambda k: (-len(k), k))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alt)) + r")\b") if alt else None


def _content(text: str) -> str:
    """The text without stop words and work words: what the similarity looks at."""
    return _NOISE_RX.sub(" ", text)


def _kerja_matrix(texts: list[str]) -> sparse.csr_matrix:
    """Binary texts × :data:`KATA_KERJA` matrix of the work words each text uses."""
    index = {w: j for j, w in enumerate(_KERJA)}
    pairs = [(i, index[w]) for i, t in enumerate(texts) for w in set(t.split()) & KATA_KERJA]
    rows, cols = (list(x) for x in zip(*pairs, strict=True)) if pairs else ([], [])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(_KERJA)))


def _vectorisers() -> tuple[HashingVectorizer, HashingVectorizer]:
    """Word 1–2-grams and ``char_wb`` 3–5-grams of the content words (see :func:`_content`)."""
    common: dict[str, Any] = {"alternate_sign": False, "norm": None, "dtype": np.float64,
                              "n_features": 2**20, "preprocessor": _content}  # fmt: skip
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2),
                              token_pattern=r"(?u)\b\w\w+\b", **common)  # fmt: skip
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)
    return words, chars


# --------------------------------------------------------------------------- the matcher


@dataclass
class Matcher:
    """TF-IDF matcher fitted on a plan (pohon kinerja, Renja, RPJMD targets) and a kamus.

    Build it with :meth:`from_workspace` or :meth:`from_plan`, then call
    :meth:`suggest` on any table with an ``usulan`` (and ``masalah``) column.

    Attributes
    ----------
    kandidat : DataFrame
        The candidates of :func:`plan_candidates`, with the normalised
        ``dokumen`` added.
    kamus : DataFrame
        The kamus phrase entries: ``frasa`` (normalised), ``frasa_asli``,
        ``opd`` (mapped onto the plan's OPD names) and ``di_rencana``.
    node : dict
        Every pohon kinerja node id → (OPD, RPJMD indicator reached or None).
    normaliser : Normaliser
    """

    kandidat: pd.DataFrame
    kamus: pd.DataFrame
    node: dict[str, tuple[str | None, str | None]]
    normaliser: Normaliser
    _fitted: dict = field(repr=False, default_factory=dict)

    @classmethod
    def from_plan(
        cls,
        pohon_kinerja: pd.DataFrame | None,
        renja: pd.DataFrame | None,
        target_rpjmd: pd.DataFrame | None,
        kamus: pd.DataFrame | None = None,
        tempat: tuple[str, ...] | list[str] = (),
    ) -> Matcher:
        """Fit the matcher on plan tables.

        Parameters
        ----------
        pohon_kinerja, renja, target_rpjmd : DataFrame or None
            As loaded by :mod:`planlib.perencanaan` (the ``Workspace`` attributes).
        kamus : DataFrame, optional
            From :func:`load_kamus`; planlib's default kamus when omitted.
        tempat : sequence of str
            Place names to drop from the texts (see :class:`Normaliser`).

        Returns
        -------
        Matcher
        """
        kamus = load_kamus() if kamus is None else kamus
        norm = Normaliser(abbreviations_of(kamus), tuple(tempat))
        node: dict[str, tuple[str | None, str | None]] = {}
        reach: dict[str, str | None] = {}
        if pohon_kinerja is not None and len(pohon_kinerja):
            reach = rpjmd_reach(pohon_kinerja, target_rpjmd)
            node = {i: (blank(o) or None, reach.get(i))
                    for i, o in zip(pohon_kinerja["id"], pohon_kinerja["opd"], strict=True)}  # fmt: skip
        plan_opd = {o for o, _ in node.values() if o}
        if renja is not None:
            plan_opd |= {blank(o) for o in renja["opd"]} - {""}
        mapping = resolve_opd(sorted(set(kamus["opd"]) - {""}), plan_opd)
        kamus = kamus.assign(opd=kamus["opd"].map(lambda o: mapping.get(o, o)))
        kand = plan_candidates(pohon_kinerja, renja, kamus, reach)
        kand["dokumen"] = kand["teks"].map(norm)
        entries = kamus[kamus["opd"] != ""]
        frasa = pd.DataFrame({"frasa": entries["frasa"].map(norm), "frasa_asli": entries["frasa"],
                              "opd": entries["opd"]})  # fmt: skip
        frasa = frasa[frasa["frasa"] != ""].drop_duplicates(["frasa", "opd"]).reset_index(drop=True)
        frasa["di_rencana"] = frasa["opd"].isin(set(kand["opd"]))
        m = cls(kand.drop(columns="teks"), frasa, node, norm)
        m._fit()
        return m

    @classmethod
    def from_workspace(
        cls, ws: Workspace, kamus: pd.DataFrame | str | Path | None = None
    ) -> Matcher:
        """Fit the matcher on a workspace's plan, with its place names as noise words.

        Parameters
        ----------
        ws : Workspace
            From :func:`planlib.open_workspace`; ``pohon_kinerja``, ``renja``
            and ``target_rpjmd`` may be missing (then only the kamus speaks
            and no usulan is selaras).
        kamus : DataFrame or path-like, optional
            A kamus table or CSV file; planlib's default kamus when omitted.

        Returns
        -------
        Matcher
        """
        if kamus is not None and not isinstance(kamus, pd.DataFrame):
            kamus = load_kamus(kamus)
        tempat = list(ws.kecamatan["nama"].dropna())
        if ws.desa is not None:
            tempat += list(ws.desa["nama"].dropna())
        return cls.from_plan(ws.pohon_kinerja, ws.renja, ws.target_rpjmd, kamus, tempat)

    # ----------------------------------------------------------------- fitting

    def _fit(self) -> None:
        """IDF from the candidate and kamus documents; candidate vectors; lookup tables."""
        docs = list(self.kandidat["dokumen"]) + list(self.kamus["frasa"])
        vec, idf, mats, n = _vectorisers(), [], [], len(self.kandidat)
        for v in vec:
            counts = v.transform(docs or [""])
            t = TfidfTransformer(sublinear_tf=True).fit(counts)
            idf.append(t)
            docs_t = t.transform(counts[:n]).T if n else sparse.csr_matrix((counts.shape[1], 0))
            mats.append(docs_t.tocsr())
        opds = sorted(set(self.kandidat["opd"]) | set(self.kamus["opd"]))
        col = {o: j for j, o in enumerate(opds)}
        n_words = self.kamus["frasa"].str.count(" ").to_numpy() + 1
        df_kata: dict[str, int] = {}
        for d in docs:
            for w in set(content_words(d)):
                df_kata[w] = df_kata.get(w, 0) + 1
        by_frasa: dict[str, list[int]] = {}
        for i, f in enumerate(self.kamus["frasa"]):
            by_frasa.setdefault(f, []).append(i)
        k = len(self.kamus)
        self._fitted = {
            "vec": vec, "idf": idf, "docs": mats, "opds": opds,
            "cand_opd": self.kandidat["opd"].map(col).to_numpy(dtype=int),
            "kamus_opd": sparse.csr_matrix(
                (np.ones(k), (np.arange(k), self.kamus["opd"].map(col).to_numpy(dtype=int))),
                shape=(k, len(opds)),
            ),
            "kamus_w": n_words / (n_words + 1.0),  # a longer phrase is more specific
            "kamus_rx": alternation(list(self.kamus["frasa"])), "by_frasa": by_frasa,
            "kerja": _kerja_matrix(list(self.kandidat["dokumen"])).T.tocsr(),
            "df_kata": df_kata,
            "doc_words": [set(content_words(d)) for d in self.kandidat["dokumen"]],
            "cand_rows": [
                tuple(clean_text(v) for v in row)
                for row in zip(self.kandidat["node_id"], self.kandidat["sub_kegiatan"],
                               self.kandidat["indikator_rpjmd"], strict=True)
            ],  # fmt: skip
            "kamus_rows": list(zip(self.kamus["frasa_asli"], self.kamus["opd"], strict=True)),
        }  # fmt: skip

    # ----------------------------------------------------------------- scoring

    def _similarity(self, texts: list[str]) -> np.ndarray:
        """Mean of the word and character TF-IDF cosine similarities, texts × candidates."""
        f = self._fitted
        out = np.zeros((len(texts), len(self.kandidat)))
        if len(self.kandidat) and texts:
            for v, t, docs in zip(f["vec"], f["idf"], f["docs"], strict=True):
                out += (t.transform(v.transform(texts)) @ docs).toarray()
        return out / len(f["vec"])

    def _kamus_hits(self, texts: list[str]) -> list[list[int]]:
        """For each text, the kamus rows whose phrase occurs in it."""
        rx, by_frasa = self._fitted["kamus_rx"], self._fitted["by_frasa"]
        out = []
        for s in texts:
            found: dict[int, None] = {}
            if rx is not None and s:
                for m in rx.finditer(s):
                    found.update(dict.fromkeys(by_frasa[m.group(0)]))
            out.append(list(found))
        return out

    def _log_misses(self, hits: list[list[int]], weight: float) -> sparse.csr_matrix:
        """texts × kamus matrix of ``log(1 − weight × phrase weight)`` for the phrases found."""
        rows = [i for i, ks in enumerate(hits) for _ in ks]
        cols = [k for ks in hits for k in ks]
        vals = np.log1p(-weight * self._fitted["kamus_w"][cols]) if cols else []
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(hits), len(self.kamus)))

    def _scores(self, u: list[str], m: list[str], pu: np.ndarray, pm: np.ndarray) -> dict:
        """Scores of the (usulan, masalah) pairs ``(u[pu[i]], m[pm[i]])``.

        Returns ``sim`` and ``pick`` (pairs × candidates: the similarity, and
        the node-choice score with work words), ``score`` (pairs × OPD) and
        ``hits`` (the kamus rows found, per pair).
        """
        f = self._fitted
        sim = self._similarity(u)[pu]
        filled = np.array([bool(x) for x in m], dtype=bool)
        with_m = filled[pm]
        if with_m.any():
            sim_m = self._similarity(m)[pm[with_m]]
            sim[with_m] = BOBOT_USULAN * sim[with_m] + (1 - BOBOT_USULAN) * sim_m
        best = np.zeros((len(pu), len(f["opds"])))
        for j in range(len(f["opds"])):
            idx = np.flatnonzero(f["cand_opd"] == j)
            if len(idx):
                best[:, j] = sim[:, idx].max(axis=1)
        hits_u, hits_m = self._kamus_hits(u), self._kamus_hits(m)
        logs = self._log_misses(hits_u, 1.0)[pu] + self._log_misses(hits_m, BOBOT_KAMUS_MASALAH)[pm]
        evidence = 1.0 - np.exp((logs @ f["kamus_opd"]).toarray())
        score = 1 - (1 - best) * (1 - BOBOT_KAMUS * evidence)
        kerja = _kerja_matrix(u)
        shared = (kerja @ f["kerja"]).toarray() / np.maximum(kerja.sum(axis=1).A, 1)
        hits = [list(dict.fromkeys(hits_u[a] + hits_m[b])) for a, b in zip(pu, pm, strict=True)]
        return {"sim": sim, "pick": sim + BOBOT_KATA_KERJA * shared[pu],
                "score": np.clip(score, 0.0, 1.0), "hits": hits}  # fmt: skip

    def _best_candidate(self, pick: np.ndarray, opd_index: np.ndarray) -> np.ndarray:
        """Per row, the best candidate of the OPD ``opd_index`` (-1 when that OPD has none)."""
        if not len(self.kandidat):
            return np.full(len(opd_index), -1)
        mine = self._fitted["cand_opd"][None, :] == opd_index[:, None]
        c = np.argmax(np.where(mine, pick, -np.inf), axis=1)
        return np.where(mine.any(axis=1), c, -1)

    # ----------------------------------------------------------------- suggesting

    def suggest(self, usulan: pd.DataFrame, top: int = 3) -> pd.DataFrame:
        """Suggest the OPD, node and sub-kegiatan of each usulan.

        Parameters
        ----------
        usulan : DataFrame
            Needs ``usulan``; ``masalah`` and ``id_usulan`` are used when
            present. Other columns (``opd_tujuan``, ``sub_kegiatan`` …) are
            ignored on purpose.
        top : int
            How many OPD to rank (``opd_saran``, ``opd_saran_2`` …; at least 1).

        Returns
        -------
        DataFrame
            Same index as ``usulan``; :func:`columns` ``(top)``: ``id_usulan``,
            ``opd_saran``, ``node_saran``, ``sub_kegiatan_saran``, ``skor``
            (0–1), ``alasan``, ``selaras``, ``indikator_rpjmd``, then
            ``opd_saran_k`` / ``skor_k`` for k = 2 … ``top`` and ``sumber``
            (``"saran"``).
        """
        top = max(1, int(top))
        u_codes, u = pd.factorize(pd.Series(self._normalised(usulan, "usulan"), dtype=object))
        m_codes, m = pd.factorize(pd.Series(self._normalised(usulan, "masalah"), dtype=object))
        codes, pairs = pd.factorize(u_codes * max(len(m), 1) + m_codes)
        pu, pm = np.divmod(np.asarray(pairs, dtype=int), max(len(m), 1))
        res = self._rank(list(u), list(m), pu, pm, top)
        res = res.iloc[codes].set_axis(usulan.index)
        ids = usulan["id_usulan"] if "id_usulan" in usulan else pd.Series(usulan.index)
        res.insert(0, "id_usulan", ids.astype(object).to_numpy())
        res["sumber"] = "saran"
        return res

    def _normalised(self, usulan: pd.DataFrame, column: str) -> list[str]:
        """The normalised texts of a column (each distinct text normalised once)."""
        if column not in usulan:
            return [""] * len(usulan)
        values = usulan[column].astype(object).where(usulan[column].notna(), None)
        cache = {v: self.normaliser(v) for v in dict.fromkeys(values)}
        return [cache[v] for v in values]

    def _rank(
        self, u: list[str], m: list[str], pu: np.ndarray, pm: np.ndarray, top: int
    ) -> pd.DataFrame:
        """One row per (usulan, masalah) pair: the columns of :func:`columns` but the first and last."""
        cols = columns(top)[1:-1]
        if not len(pu) or not self._fitted["opds"]:
            empty = pd.DataFrame(columns=cols, index=range(len(pu)))
            return empty.assign(
                skor=0.0, selaras=False, alasan="tidak selaras: rencana dan kamus kosong"
            )
        s = self._scores(u, m, pu, pm)
        opds = np.array(self._fitted["opds"], dtype=object)
        order = np.argsort(-s["score"], axis=1, kind="stable")[:, :top]
        first = np.take_along_axis(s["score"], order[:, :1], axis=1)[:, 0]
        cand = np.where(first > 0, self._best_candidate(s["pick"], order[:, 0]), -1)
        none = np.array(None, dtype=object)
        top1 = np.where(first > 0, opds[order[:, 0]], none)
        rows = [
            self._explain(u[a], m[b], top1[i], float(first[i]), int(cand[i]),
                          s["hits"][i], s["sim"][i, cand[i]] if cand[i] >= 0 else 0.0)
            for i, (a, b) in enumerate(zip(pu, pm, strict=True))
        ]  # fmt: skip
        out = pd.DataFrame(rows, columns=cols[:7])
        for k in range(1, top):
            j = order[:, k] if k < order.shape[1] else np.zeros(len(pu), dtype=int)
            sk = np.take_along_axis(s["score"], j[:, None], axis=1)[:, 0]
            ok = (sk > 0) & (k < order.shape[1])
            out[f"opd_saran_{k + 1}"] = np.where(ok, opds[j], none)
            out[f"skor_{k + 1}"] = np.where(ok, np.round(sk, 4), np.nan)
        return out

    def _explain(
        self, u: str, m: str, opd: str | None, score: float, c: int, hits: list[int],
        node_sim: float,
    ) -> tuple[Any, ...]:  # fmt: skip
        """Place, reason (Indonesian) and selaras for one (usulan, masalah) pair."""
        f = self._fitted
        has = c >= 0
        node, sub, indikator = f["cand_rows"][c] if has else (None, None, None)
        parts = []
        if has and node_sim > 0:
            shared = self._shared_words(f"{u} {m}", f["doc_words"][c])
            if shared:
                parts.append("kata cocok: " + ", ".join(shared))
        kam = [f["kamus_rows"][i] for i in hits if f["kamus_rows"][i][1] == opd][:2]
        if kam:
            parts.append("kamus: " + ", ".join(f"'{a}' → {o}" for a, o in kam))
        if not parts:
            parts.append("tidak ada kata yang cocok dengan rencana")
        why = why_not_selaras(opd, has, node, indikator, score, threshold=True)
        parts.append(f"tidak selaras: {why}" if why else f"mendukung: {indikator}")
        return (opd, node, sub, round(score, 4), "; ".join(parts), why is None, indikator)

    def _shared_words(self, text: str, in_doc: set[str], limit: int = 4) -> list[str]:
        """Words of the usulan found in the candidate document, the most specific first."""
        shared = [w for w in dict.fromkeys(content_words(text)) if w in in_doc]
        shared.sort(key=lambda w: (w in KATA_KERJA, self._fitted["df_kata"].get(w, 0)))
        return shared[:limit]

    # ----------------------------------------------------------------- overrides

    def apply_overrides(
        self, saran: pd.DataFrame, overrides: pd.DataFrame | None, usulan: pd.DataFrame
    ) -> pd.DataFrame:
        """Let the analysts' overrides win over the suggestions.

        Parameters
        ----------
        saran : DataFrame
            From :meth:`suggest` (a ``tahun`` column, when present, is used to
            skip overrides of other years).
        overrides : DataFrame or None
            ``id_usulan``, ``tahun`` (optional), ``opd``, ``node_id``, and
            optionally ``alasan`` and ``oleh``, as
            :meth:`planlib.forum.keputusan.KeputusanStore.overrides` returns
            them. The last row per usulan wins.
        usulan : DataFrame
            The usulan ``saran`` was made from, in the same order (to choose
            the node when an override names only the OPD).

        Returns
        -------
        DataFrame
            See :func:`planlib.forum.overrides.apply_overrides`.
        """
        return _ov.apply_overrides(saran, overrides, usulan, kandidat=self.kandidat,
                                   node=self.node, nodes_for=self.nodes_for)  # fmt: skip

    def nodes_for(self, usulan: pd.DataFrame, opd: list[str]) -> list[str | None]:
        """The best node of the given OPD for each usulan.

        Parameters
        ----------
        usulan : DataFrame
            Rows with ``usulan`` (and ``masalah``).
        opd : list of str
            One plan OPD name per row.

        Returns
        -------
        list
            The node id of that OPD's best candidate for the row, None when
            the OPD has no candidate (or no node).
        """
        u, m = self._normalised(usulan, "usulan"), self._normalised(usulan, "masalah")
        pick = self._scores(u, m, np.arange(len(u)), np.arange(len(m)))["pick"]
        opds = self._fitted["opds"]
        index = np.array([opds.index(o) if o in opds else -1 for o in opd], dtype=int)
        nodes = self._fitted["cand_rows"]
        return [nodes[c][0] if c >= 0 else None for c in self._best_candidate(pick, index)]


def columns(top: int = 3) -> list[str]:
    """The columns of :meth:`Matcher.suggest` for ``top`` ranked OPD.

    Parameters
    ----------
    top : int
        How many OPD are ranked.

    Returns
    -------
    list of str
        ``id_usulan``, ``opd_saran`` … ``indikator_rpjmd``, ``opd_saran_k`` /
        ``skor_k`` for k = 2 … ``top``, and ``sumber``.
    """
    cols = ["id_usulan", "opd_saran", "node_saran", "sub_kegiatan_saran", "skor", "alasan",
            "selaras", "indikator_rpjmd"]  # fmt: skip
    for k in range(2, max(1, top) + 1):
        cols += [f"opd_saran_{k}", f"skor_{k}"]
    return [*cols, "sumber"]


def text_similarity(
    a: Sequence[str], b: Sequence[str], normaliser: Normaliser | None = None
) -> np.ndarray:
    """The matcher's similarity of every text of ``a`` to every text of ``b``, 0–1.

    The same features as :class:`Matcher` scores usulan with (step 3 of the
    module notes): the mean of the TF-IDF cosine similarities of word 1–2-grams
    and ``char_wb`` 3–5-grams of the content words (stop words and work words
    left out), the IDF fitted on ``a`` and ``b`` together. Used to tie the
    masalah recorded at the Rembuk Remas to the usulan that answer them
    (:mod:`planlib.rembuk`).

    Parameters
    ----------
    a, b : sequence of str
        Raw texts (empty ones score 0).
    normaliser : Normaliser, optional
        Writes abbreviations out and drops place names first; planlib's kamus
        without place names when omitted.

    Returns
    -------
    ndarray
        ``len(a) × len(b)`` similarities.
    """
    norm = normaliser or Normaliser(abbreviations_of(load_kamus()))
    na, nb = [norm(str(t or "")) for t in a], [norm(str(t or "")) for t in b]
    out = np.zeros((len(na), len(nb)))
    if not na or not nb:
        return out
    vecs = _vectorisers()
    for v in vecs:
        counts = v.transform(na + nb)
        m = TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts)
        out += (m[: len(na)] @ m[len(na) :].T).toarray()
    return out / len(vecs)

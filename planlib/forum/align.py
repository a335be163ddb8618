"""Placing usulan in the plan: the OPD, the pohon kinerja node and the Renja sub-kegiatan.

For each usulan the matcher suggests where it belongs, with a confidence score
(``skor``, 0–1) and the reason in Bahasa Indonesia (the words and the kamus
entries that matched), and flags usulan that feed no RPJMD target as *tidak
selaras*. The analyst verifies the suggestion during the Forum Perangkat
Daerah; an override recorded there (:mod:`planlib.forum.keputusan`) wins.

Method (``docs/forum-align.md`` gives the reasoning and the measured accuracy):

1. **Normalise** the text: fold case and punctuation, rewrite SIPD
   abbreviations with the ``arti`` column of the *kamus usulan*
   (``jln`` → ``jalan``, ``rtlh`` → ``rumah tidak layak huni``), drop the
   workspace's own place names, RT/RW numbers and other digits.
2. **One document per candidate** in the plan: a pohon kinerja node (its
   uraian, indikator and kata kunci, the uraian of its parent and
   grandparent, the kamus phrases that name its sub-kegiatan) with one Renja
   sub-kegiatan linked to it (``renja.id_pohon``); Renja rows not linked to a
   node are candidates of their own.
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
that node or one of its ancestors carries an RPJMD indicator (a
``kode_indikator`` with a target in ``target_rpjmd``, or a tujuan/sasaran node
with an indicator and a target of its own), and ``skor`` reaches
:data:`AMBANG_SELARAS`.

The usulan's own ``opd_tujuan*`` and ``sub_kegiatan`` columns are never read:
they are what the analyst has to verify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from ..parse import clean_text, fold
from ..report import PlanlibError

#: Score under which an usulan is *tidak selaras* (chosen on the labelled set, see the docs).
AMBANG_SELARAS = 0.30
#: Share of the usulan text in the similarity; the masalah has the rest.
BOBOT_USULAN = 0.75
#: How much kamus evidence adds to an OPD's score.
BOBOT_KAMUS = 0.6
#: Weight of kamus phrases found in the masalah relative to those in the usulan.
BOBOT_KAMUS_MASALAH = 0.5
#: Weight of a shared work word when choosing among the candidates of one OPD.
BOBOT_KATA_KERJA = 0.1
#: A kamus or override OPD name is taken to be a plan OPD from this token_set_ratio on.
AMBANG_NAMA_OPD = 90.0

KAMUS_COLUMNS = ["frasa", "arti", "opd", "sub_kegiatan", "catatan"]
#: Columns of the CSV written by :func:`write_align_csv`.
CSV_COLUMNS = ["id_usulan", "opd_saran", "node_saran", "skor", "alasan", "selaras"]

#: Function words and administrative nouns: no meaning for matching.
STOPWORDS = frozenset({
    "dan", "di", "ke", "dari", "untuk", "bagi", "yang", "dengan", "pada", "atau", "serta", "oleh",
    "dalam", "tentang", "sebagai", "akan", "agar", "karena", "masih", "sudah", "belum", "tidak",
    "ada", "ini", "itu", "nya", "rt", "rw", "desa", "kelurahan", "dusun", "kecamatan",
    "kabupaten", "kota", "lokasi", "warga", "masyarakat",
})  # fmt: skip
#: Words that name the kind of work, not its object (see step 3 of the module notes).
KATA_KERJA = frozenset({
    "pembangunan", "pengadaan", "rehabilitasi", "peningkatan", "pemeliharaan", "bantuan",
    "pemasangan", "pembuatan", "penyediaan", "pemberian", "penataan", "perbaikan", "penambahan",
    "kegiatan", "program", "fasilitasi", "pengelolaan", "pengembangan", "penyelenggaraan",
    "jumlah", "sarana", "prasarana", "unit", "paket",
})  # fmt: skip
_KERJA = sorted(KATA_KERJA)
_NOISE_RX = re.compile(r"\b(?:" + "|".join(sorted(STOPWORDS | KATA_KERJA)) + r")\b")


class AlignError(PlanlibError, ValueError):
    """The usulan cannot be matched (no usulan for the year, unusable kamus …)."""


# --------------------------------------------------------------------------- kamus and text


def load_kamus(path: str | Path | None = None) -> pd.DataFrame:
    """Read a kamus usulan table.

    Parameters
    ----------
    path : path-like, optional
        A CSV with the columns :data:`KAMUS_COLUMNS` (``frasa`` and one of
        ``arti``/``opd`` at least); planlib's ``planlib/data/kamus_usulan.csv``
        when omitted.

    Returns
    -------
    DataFrame
        The :data:`KAMUS_COLUMNS`, text trimmed, empty cells as ``""``. A row
        with ``arti`` rewrites ``frasa`` into ``arti`` before matching (an
        abbreviation); a row with ``opd`` is evidence for that OPD (and for
        the node of its ``sub_kegiatan``) wherever ``frasa`` occurs.
    """
    if path is None:
        with (
            resources.files("planlib.data")
            .joinpath("kamus_usulan.csv")
            .open(encoding="utf-8") as fh
        ):
            df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [str(c).strip().lower() for c in df.columns]
    if "frasa" not in df.columns or not {"arti", "opd"} & set(df.columns):
        raise AlignError("Kamus usulan wajib punya kolom frasa, dan kolom arti atau opd.")
    for c in KAMUS_COLUMNS:
        df[c] = df[c].map(lambda v: clean_text(v) or "") if c in df.columns else ""
    return df.loc[df["frasa"] != "", KAMUS_COLUMNS].reset_index(drop=True)


def _alternation(phrases) -> re.Pattern | None:
    """A whole-word regex of the phrases, longest first (so the longest wins at one place)."""
    alt = sorted({p for p in phrases if p}, key=lambda k: (-len(k), k))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alt)) + r")\b") if alt else None


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PREFIXES = frozenset(
    {"desa", "ds", "kelurahan", "kel", "kecamatan", "kec", "dusun", "dsn", "kampung", "kp"}
)


def _fold(text: str) -> str:
    """:func:`planlib.parse.fold` with a fast path for ASCII text (the same result)."""
    if not text.isascii():
        return fold(text)
    s = text.lower().replace("'", "").replace('"', "")
    return " ".join(_NON_ALNUM.sub(" ", s).split())


def _without_numbers(words: list[str]) -> list[str]:
    """Drop numbers (``03``, ``2x``) and the ``rt``/``rw`` in front of them."""
    keep = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if not w[0].isdigit() and not (w in ("rt", "rw") and nxt[:1].isdigit()):
            keep.append(w)
    return keep


def _phrases(items) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {tuple(k.split()): tuple(v.split()) for k, v in items if k.split()}


@dataclass(frozen=True)
class Normaliser:
    """Turns usulan and plan text into comparable lower-case words.

    Works on words, left to right: a number (``03``, ``2x``) is dropped, a
    place name of the workspace is dropped (always after *desa*, *kel.*,
    *kec.* …, elsewhere only a name of two words or more, as a one-word name
    may be an ordinary word), and the longest abbreviation starting at a word
    is rewritten (``jln`` → ``jalan``).

    Parameters
    ----------
    singkatan : dict
        Folded phrase → folded replacement (the kamus ``arti`` column).
    tempat : tuple of str
        Place names of the workspace (kecamatan, desa).
    """

    singkatan: dict[str, str] = field(default_factory=dict)
    tempat: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        abbr = _phrases(self.singkatan.items())
        places = {tuple(_fold(t).split()) for t in self.tempat if t} - {()}
        object.__setattr__(self, "_abbr", abbr)
        object.__setattr__(self, "_places", places)
        object.__setattr__(self, "_max", max(map(len, [*abbr, *places]), default=0))
        object.__setattr__(self, "_starts", {k[0] for k in [*abbr, *places]})

    def _longest(self, words: list[str], i: int, table) -> int:
        """Length of the longest key of ``table`` starting at word ``i`` (0 when none)."""
        if i >= len(words) or words[i] not in self._starts:
            return 0
        for n in range(min(self._max, len(words) - i), 0, -1):
            if tuple(words[i : i + n]) in table:
                return n
        return 0

    def __call__(self, text: object) -> str:
        """The normalised text; ``""`` for a missing value."""
        s = clean_text(text)
        if s is None:
            return ""
        words = _without_numbers(_fold(s).split())
        out: list[str] = []
        i = 0
        while i < len(words):
            if words[i] in _PREFIXES and (n := self._longest(words, i + 1, self._places)):
                i += 1 + n
                continue
            n = self._longest(words, i, self._places)
            if n > 1:
                i += n
                continue
            n = self._longest(words, i, self._abbr)
            out.extend(self._abbr[tuple(words[i : i + n])] if n else words[i : i + 1])
            i += max(n, 1)
        return " ".join(out)


def _words(text: str) -> list[str]:
    return [w for w in text.split() if len(w) > 2 and w not in STOPWORDS]


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
    common = {"alternate_sign": False, "norm": None, "dtype": np.float64, "n_features": 2**20,
              "preprocessor": _content}  # fmt: skip
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2),
                              token_pattern=r"(?u)\b\w\w+\b", **common)  # fmt: skip
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)
    return words, chars


# --------------------------------------------------------------------------- the plan


def _blank(v: object) -> str:
    return clean_text(v) or ""


def rpjmd_reach(pohon: pd.DataFrame, target_rpjmd: pd.DataFrame | None) -> dict[str, str | None]:
    """For each pohon kinerja node, the RPJMD indicator its chain of ancestors reaches.

    Parameters
    ----------
    pohon : DataFrame
        The pohon kinerja (``id``, ``parent_id``, ``level``, ``indikator``,
        ``kode_indikator``, ``target``).
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
    """
    kode = set() if target_rpjmd is None else {_blank(k) for k in target_rpjmd["indikator"]}
    carries = {}
    for r in pohon.itertuples(index=False):
        k = _blank(r.kode_indikator)
        if k and k in kode:
            carries[r.id] = k
        elif (
            _blank(r.level) in ("tujuan", "sasaran") and _blank(r.indikator) and pd.notna(r.target)
        ):
            carries[r.id] = _blank(r.indikator)
    parent = dict(zip(pohon["id"], pohon["parent_id"], strict=True))
    out: dict[str, str | None] = {}
    for start in parent:
        cur, seen, found = start, set(), None
        while cur in parent and cur not in seen:
            if cur in carries:
                found = carries[cur]
                break
            seen.add(cur)
            cur = parent[cur]
        out[start] = found
    return out


def resolve_opd(names, plan_opd) -> dict[str, str]:
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
    for r in kamus.itertuples(index=False):
        if r.opd and r.sub_kegiatan:
            out.setdefault((fold(r.opd), fold(r.sub_kegiatan)), []).append(r.frasa)
    return out


def _node_candidates(pohon, renja, by_sub, reach) -> list[dict]:
    """Leaf nodes with an OPD, and every node a Renja row points to, one per linked sub-kegiatan."""
    linked: dict[str, list] = {}
    if renja is not None:
        for r in renja.itertuples(index=False):
            linked.setdefault(_blank(r.id_pohon), []).append(r)
    by_id = {r.id: r for r in pohon.itertuples(index=False)}
    has_child = {p for p in pohon["parent_id"] if isinstance(p, str) and p}
    rows = []
    for r in by_id.values():
        opd = _blank(r.opd)
        if not opd or (r.id in has_child and r.id not in linked):
            continue
        context = [_blank(r.uraian), _blank(r.indikator), _blank(r.kata_kunci).replace(";", " ")]
        p = by_id.get(r.parent_id)
        for _ in range(2):  # the parent and grandparent: kegiatan and program
            if p is None:
                break
            context.append(_blank(p.uraian))
            p = by_id.get(p.parent_id)
        subs: dict[str, list[str]] = {}
        for x in linked.get(r.id, []):
            subs.setdefault(_blank(x.sub_kegiatan), []).extend(
                [_blank(x.kegiatan), _blank(x.indikator)]
            )
        if not subs:
            subs = {_blank(r.uraian) if _blank(r.level) == "sub_kegiatan" else "": []}
        for sub, extra in subs.items():
            frasa = by_sub.get((fold(opd), fold(sub)), []) + by_sub.get(
                (fold(opd), fold(r.uraian)), []
            )
            text = dict.fromkeys([sub, *context, *extra, *frasa])
            rows.append({"opd": opd, "node_id": r.id, "sub_kegiatan": sub or None,
                         "indikator_rpjmd": reach.get(r.id), "teks": " ".join(text)})  # fmt: skip
    return rows


def _renja_candidates(renja, known: set[str], by_sub) -> list[dict]:
    """Renja sub-kegiatan not linked to a loaded pohon kinerja node."""
    free = renja[~renja["id_pohon"].map(_blank).isin(known - {""})]
    rows = []
    for (opd, sub), g in free.groupby(["opd", "sub_kegiatan"], sort=True):
        text = [sub, *g["kegiatan"].map(_blank), *g["indikator"].map(_blank)]
        text += by_sub.get((fold(opd), fold(sub)), [])
        rows.append({"opd": opd, "node_id": None, "sub_kegiatan": sub, "indikator_rpjmd": None,
                     "teks": " ".join(dict.fromkeys(text))})  # fmt: skip
    return rows


def plan_candidates(pohon_kinerja, renja, kamus, reach) -> pd.DataFrame:
    """The candidate places of the plan, one text document each.

    Returns
    -------
    DataFrame
        ``opd``, ``node_id`` (None for a Renja row not linked to a node),
        ``sub_kegiatan``, ``indikator_rpjmd`` (see :func:`rpjmd_reach`) and
        ``teks`` (the raw document, not yet normalised).
    """
    by_sub = _kamus_by_sub(kamus)
    rows = []
    if pohon_kinerja is not None and len(pohon_kinerja):
        rows += _node_candidates(pohon_kinerja, renja, by_sub, reach)
    if renja is not None and len(renja):
        known = set() if pohon_kinerja is None else set(pohon_kinerja["id"])
        rows += _renja_candidates(renja, known, by_sub)
    return pd.DataFrame(rows, columns=["opd", "node_id", "sub_kegiatan", "indikator_rpjmd", "teks"])


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
        singkatan = {fold(f): fold(a) for f, a in zip(kamus["frasa"], kamus["arti"], strict=True)
                     if a and fold(f)}  # fmt: skip
        norm = Normaliser(singkatan, tuple(tempat))
        node: dict[str, tuple[str | None, str | None]] = {}
        reach: dict[str, str | None] = {}
        if pohon_kinerja is not None and len(pohon_kinerja):
            reach = rpjmd_reach(pohon_kinerja, target_rpjmd)
            node = {i: (_blank(o) or None, reach.get(i))
                    for i, o in zip(pohon_kinerja["id"], pohon_kinerja["opd"], strict=True)}  # fmt: skip
        plan_opd = {o for o, _ in node.values() if o}
        if renja is not None:
            plan_opd |= {_blank(o) for o in renja["opd"]} - {""}
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
    def from_workspace(cls, ws, kamus: pd.DataFrame | str | Path | None = None) -> Matcher:
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
            for w in set(_words(d)):
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
            "kamus_rx": _alternation(self.kamus["frasa"]), "by_frasa": by_frasa,
            "kerja": _kerja_matrix(list(self.kandidat["dokumen"])).T.tocsr(),
            "df_kata": df_kata,
            "doc_words": [set(_words(d)) for d in self.kandidat["dokumen"]],
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

    def _rank(self, u, m, pu, pm, top: int) -> pd.DataFrame:
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
        top1 = np.where(first > 0, opds[order[:, 0]], None)
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
            out[f"opd_saran_{k + 1}"] = np.where(ok, opds[j], None)
            out[f"skor_{k + 1}"] = np.where(ok, np.round(sk, 4), np.nan)
        return out

    def _explain(self, u, m, opd, score, c, hits, node_sim) -> tuple:
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
        why = _why_not(opd, has, node, indikator, score, threshold=True)
        parts.append(f"tidak selaras: {why}" if why else f"mendukung: {indikator}")
        return (opd, node, sub, round(score, 4), "; ".join(parts), why is None, indikator)

    def _shared_words(self, text: str, in_doc: set[str], limit: int = 4) -> list[str]:
        """Words of the usulan found in the candidate document, the most specific first."""
        shared = [w for w in dict.fromkeys(_words(text)) if w in in_doc]
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
            ``saran`` with the overridden rows replaced: the override's OPD and
            node (an override naming only a node takes the node's OPD; one
            naming only an OPD takes that OPD's best node for the usulan),
            ``skor`` 1, ``sumber`` ``"penyesuaian"``, ``selaras`` from the
            node's ancestors (no score threshold: a person placed it), and an
            ``alasan`` that says who changed it and what was suggested.
        """
        out = saran.copy()
        ov = _overrides_for(out, overrides)
        if not ov:
            return out
        plan_opd = set(self.kandidat["opd"]) | {o for o, _ in self.node.values() if o}
        names = resolve_opd(sorted({r["opd"] for r in ov if r["opd"]}), plan_opd)
        for r in ov:
            r["opd"] = names.get(r["opd"])
        need = [r for r in ov if r["node_id"] is None and r["opd"] is not None]
        if need:
            rows = usulan.iloc[[r["pos"] for r in need]]
            for r, node in zip(need, self._nodes_for(rows, [r["opd"] for r in need]), strict=True):
                r["node_id"] = node
        for r in ov:
            for col, value in self._override_values(out.iloc[r["pos"]], r).items():
                out.iat[r["pos"], out.columns.get_loc(col)] = value
        return out

    def _nodes_for(self, usulan: pd.DataFrame, opd: list[str]) -> list[str | None]:
        """The best node of the given OPD for each usulan (None when it has none)."""
        u, m = self._normalised(usulan, "usulan"), self._normalised(usulan, "masalah")
        pick = self._scores(u, m, np.arange(len(u)), np.arange(len(m)))["pick"]
        opds = self._fitted["opds"]
        index = np.array([opds.index(o) if o in opds else -1 for o in opd], dtype=int)
        nodes = self._fitted["cand_rows"]
        return [nodes[c][0] if c >= 0 else None for c in self._best_candidate(pick, index)]

    def _override_values(self, row: pd.Series, r: dict) -> dict:
        node, opd = r["node_id"], r["opd"]
        known = node in self.node
        if opd is None and known:
            opd = self.node[node][0]
        indikator = self.node[node][1] if known else None
        subs = self.kandidat.loc[self.kandidat["node_id"] == node, "sub_kegiatan"].dropna()
        if node is not None and not known:
            why = f"node {node} tidak ada di pohon kinerja"
        else:
            in_plan = known or opd in set(self.kandidat["opd"])
            why = _why_not(opd, in_plan, node, indikator, 1.0, threshold=False)
        siapa = f" oleh {r['oleh']}" if r["oleh"] else ""
        catatan = f" ({r['alasan']})" if r["alasan"] else ""
        awal = f"saran awal: {row['opd_saran']} (skor {_fmt(float(row['skor']))})"
        akhir = f"tidak selaras: {why}" if why else f"mendukung: {indikator}"
        return {
            "opd_saran": opd, "node_saran": node,
            "sub_kegiatan_saran": subs.iloc[0] if len(subs) else None, "skor": 1.0,
            "alasan": f"penyesuaian analis{siapa}{catatan}; {awal}; {akhir}",
            "selaras": why is None, "indikator_rpjmd": indikator, "sumber": "penyesuaian",
        }  # fmt: skip


def _why_not(opd, in_plan: bool, node, indikator, score: float, threshold: bool) -> str | None:
    """Why a placement is *tidak selaras* (Indonesian), or None when it is selaras."""
    if opd is None:
        return "tidak ada OPD yang cocok"
    if not in_plan:
        return f"{opd} tidak ada di pohon kinerja/Renja"
    if node is None:
        return "sub kegiatan belum terhubung ke pohon kinerja"
    if not indikator:
        return f"node {node} tidak terhubung ke indikator RPJMD"
    if threshold and score < AMBANG_SELARAS:
        return f"skor {_fmt(score)} di bawah ambang {_fmt(AMBANG_SELARAS)}"
    return None


def _overrides_for(saran: pd.DataFrame, overrides: pd.DataFrame | None) -> list[dict]:
    """The overrides that concern ``saran``, one per usulan (the last one wins).

    Each is a dict with ``pos`` (the row position in ``saran``), ``opd``,
    ``node_id``, ``alasan`` and ``oleh`` (None when empty).
    """
    if overrides is None or not len(overrides):
        return []
    years = None
    if "tahun" in saran and "tahun" in overrides:
        years = set(pd.to_numeric(saran["tahun"], errors="coerce").dropna().astype(int))
    pos: dict[str, int] = {}
    for i, v in enumerate(saran["id_usulan"]):
        pos.setdefault(clean_text(v) or "", i)
    found: dict[int, dict] = {}
    for rec in overrides.to_dict("records"):
        t = pd.to_numeric(rec.get("tahun"), errors="coerce")
        key = clean_text(rec.get("id_usulan")) or ""
        r = {c: clean_text(rec.get(c)) for c in ("opd", "node_id", "alasan", "oleh")}
        if key not in pos or (years is not None and pd.notna(t) and int(t) not in years):
            continue
        if r["opd"] or r["node_id"]:
            found.pop(pos[key], None)  # re-insert: keeps the order of the last override
            found[pos[key]] = {"pos": pos[key], **r}
    return list(found.values())


def _fmt(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def columns(top: int = 3) -> list[str]:
    """The columns of :meth:`Matcher.suggest` and :func:`align` for ``top`` ranked OPD."""
    cols = ["id_usulan", "opd_saran", "node_saran", "sub_kegiatan_saran", "skor", "alasan",
            "selaras", "indikator_rpjmd"]  # fmt: skip
    for k in range(2, max(1, top) + 1):
        cols += [f"opd_saran_{k}", f"skor_{k}"]
    return [*cols, "sumber"]


# --------------------------------------------------------------------------- workspace level


def matcher_for(ws) -> Matcher:
    """The workspace's matcher with planlib's kamus, fitted once and kept on ``ws``."""
    return ws.derived("align.matcher", lambda: Matcher.from_workspace(ws))


def align(ws, tahun: int, *, overrides: pd.DataFrame | None = None, top: int = 3) -> pd.DataFrame:
    """Place every usulan of one year in the plan.

    Parameters
    ----------
    ws : Workspace
        From :func:`planlib.open_workspace`.
    tahun : int
        The planning year.
    overrides : DataFrame, optional
        The analysts' corrections (``id_usulan, tahun, opd, node_id`` and
        optionally ``alasan, oleh``), e.g.
        ``KeputusanStore(ws.root).overrides(tahun)``; they win over the
        suggestions (see :meth:`Matcher.apply_overrides`).
    top : int
        How many OPD to rank per usulan.

    Returns
    -------
    DataFrame
        One row per usulan of the year, in file order: ``id_usulan``,
        ``tahun``, then the columns of :meth:`Matcher.suggest`; ``sumber`` is
        ``"saran"`` or ``"penyesuaian"``. The suggestions are computed once
        per workspace object, year and ``top``; the overrides are applied at
        every call.

    Raises
    ------
    AlignError
        The workspace has no usulan for ``tahun``.
    """
    usulan = ws.usulan.get(int(tahun))
    if usulan is None:
        ada = ", ".join(str(t) for t in sorted(ws.usulan)) or "tidak ada"
        raise AlignError(
            f"Tidak ada usulan tahun {tahun} di workspace ini (tahun tersedia: {ada})."
        )
    usulan = usulan.reset_index(drop=True)
    m = matcher_for(ws)

    def suggest() -> pd.DataFrame:  # the suggestions are kept; overrides change between calls
        saran = m.suggest(usulan, top)
        saran.insert(1, "tahun", int(tahun))
        return saran

    out = ws.derived(("align.saran", int(tahun), int(top)), suggest).copy()
    return m.apply_overrides(out, overrides, usulan) if overrides is not None else out


def write_align_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write the suggestions as UTF-8 CSV with exactly :data:`CSV_COLUMNS`.

    Parameters
    ----------
    df : DataFrame
        From :func:`align` (or :meth:`Matcher.suggest`).
    path : path-like
        The CSV file; its folder must exist.

    Returns
    -------
    Path
        ``path``. ``selaras`` is written ``true``/``false``, ``skor`` with a
        decimal point, an empty node as an empty cell.
    """
    path = Path(path)
    out = df[CSV_COLUMNS].copy()
    out["selaras"] = np.where(out["selaras"].astype(bool), "true", "false")
    out["skor"] = out["skor"].map(lambda x: f"{float(x):.4f}")
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path

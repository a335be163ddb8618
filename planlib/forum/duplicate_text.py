"""The duplicate rule's text: an usulan's words as compared, and the score of two texts.

Step 2 and 3 of the rule of :mod:`planlib.forum.duplicates`, on text alone:
:func:`normalise_usulan` writes an usulan out in canonical words (the kamus's
abbreviations, spelling variants and synonyms, place abbreviations; the desa
and kecamatan names, volumes and stop words removed) and keeps its RT numbers
and the numbers that name the object aside; :func:`text_score` scores two such
texts 0–100 (rapidfuzz ``token_set_ratio`` and ``token_sort_ratio``) with its
vetoes on words (a word replaced on both sides, a new head noun, nothing shared
but the action word) and the reason in Indonesian. Both are memoised per text.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from ..teks import NAMING_WORDS, STOPWORDS, Normaliser, kamus_abbreviations
from ..wilayah import abbreviations as place_abbreviations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no identity of the request: the shared stop words and counting words.
_STOP = STOPWORDS | _words("unit buah paket titik")
# Action words: a pair must share more than these.
_ACTIONS = _words(
    "pembangunan rehabilitasi peningkatan pelatihan sosialisasi normalisasi penimbunan penataan"
)  # fmt: skip
_UNITS = _words(
    "m meter mtr km unit buah bh paket pkt titik ekor kg ton batang btg orang org set ruang "
    "lokal ha hektar m2 m3 kk rumah lembar kegiatan keg ls"
)
# Action words of one kind, read as one word: a re-submission often changes the verb
# (Bantuan / Pembangunan jamban, Pemasangan / Pengadaan PJU), but new work, repair and
# upgrading stay different requests (Pembangunan / Rehab posyandu).
_ACTION_KIND = {
    **dict.fromkeys(["pengadaan", "pemasangan", "pemberian", "penambahan"], "pembangunan"),
    **dict.fromkeys(["pemeliharaan", "bedah"], "rehabilitasi"),
    **dict.fromkeys(["pengaspalan", "pengerasan", "pengecoran"], "peningkatan"),
}
# Words after which a Roman numeral numbers a part of the desa: "Dusun II", "Lorong III".
_PART_WORDS = _words("dusun lorong blok gang jalur lingkungan")
_ROMAN = {
    r: n
    for n, r in enumerate(
        ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"], start=1
    )
}
# Words that may sit between RT numbers: "RT 01 dan 02", "RT 1 s/d 3".
_RT_JOIN = _words("dan sd s d sampai")


class Teks(NamedTuple):
    """An usulan text as compared: canonical words, RT numbers and other numbers."""

    kata: str
    rt: frozenset[int]
    nomor: frozenset[int]


@cache
def _normaliser() -> Normaliser:
    """The kamus rewrites with the place abbreviations (``sei`` → ``sungai``), numbers kept."""
    places = {k: v for k, v in place_abbreviations().items() if v}
    return Normaliser({**places, **kamus_abbreviations()}, keep_numbers=True)


def _canonical_words(s: str) -> str:
    """The words of a text with abbreviations, spelling variants and synonyms written out."""
    return " ".join(_normaliser().words(s))


def normalise_usulan(text: object, nama_desa: object = None, nama_kecamatan: object = None) -> Teks:
    """Normalise an usulan text for duplicate detection.

    Parameters
    ----------
    text : str
        The Usulan text.
    nama_desa, nama_kecamatan : str, optional
        Names removed from the text (a re-submission often adds or drops them).

    Returns
    -------
    Teks
        ``kata``: canonical words in their first order, without repeats;
        ``rt``: RT/RW numbers named in the text; ``nomor``: other numbers
        that name the object (``SDN 2``), volumes (``1.200 m``) excluded.

    Examples
    --------
    >>> normalise_usulan("Rehab JUT RT.02 Ds. Bangkau", "Bangkau")
    Teks(kata='rehabilitasi jalan usaha tani', rt=frozenset({2}), nomor=frozenset())
    """
    if not isinstance(text, str) or not text.strip():
        return Teks("", frozenset(), frozenset())
    return _normalise(text, _name(nama_desa), _name(nama_kecamatan))


def _name(v: object) -> str:
    return v if isinstance(v, str) else ""


@lru_cache(maxsize=262144)
def _normalise(text: str, nama_desa: str, nama_kecamatan: str) -> Teks:
    s = f" {_canonical_words(text)} "
    for name in (nama_desa, nama_kecamatan):
        words = _place_words(name) if name else ""
        if words:
            s = s.replace(f" {words} ", " ")
    return _read_tokens(s.split())


def _read_tokens(tokens: list[str]) -> Teks:
    """One pass: RT numbers, volumes (dropped), numbers naming the object, words kept."""
    rt: set[int] = set()
    nomor: set[int] = set()
    kept: dict[str, None] = {}
    n = len(tokens)
    k = 0
    while k < n:
        w = tokens[k]
        if w in ("rt", "rw"):
            k += 1
            while k < n and (tokens[k].isdigit() or tokens[k] in _RT_JOIN):
                if tokens[k].isdigit():
                    rt.add(int(tokens[k]))
                k += 1
            continue
        if w in _ROMAN and k > 0 and tokens[k - 1] in _PART_WORDS:
            nomor.add(_ROMAN[w])  # Dusun I / Dusun III: another part of the desa
            k += 1
            continue
        if w.isdigit():
            naming = k > 0 and tokens[k - 1] in NAMING_WORDS
            if not naming and k + 1 < n and tokens[k + 1] in _UNITS:
                k += 2  # a volume: 1200 m, 2 unit
                continue
            if not 1900 <= int(w) <= 2100:  # a year (TA 2025) names nothing
                nomor.add(int(w))
        elif len(w) > 1 and w not in _STOP:
            kept.setdefault(_ACTION_KIND.get(w, w), None)
        k += 1
    return Teks(" ".join(kept), frozenset(rt), frozenset(nomor))


@lru_cache(maxsize=65536)
def _place_words(name: str) -> str:
    return _canonical_words(name)


@lru_cache(maxsize=65536)
def alamat_rt(alamat: str) -> frozenset[int]:
    """RT/RW numbers named in an Alamat (``"RT 02 Desa Bangkau"`` → ``{2}``).

    Parameters
    ----------
    alamat : str
        The Alamat of an usulan.

    Returns
    -------
    frozenset of int
    """
    return _read_tokens(_canonical_words(alamat).split()).rt


# --------------------------------------------------------------------------- text score


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return False
    if len(short) >= 5 and short in long_:  # olahan / pengolahan, aspal / pengaspalan
        return True
    return fuzz.ratio(a, b) >= 80  # typos: drainse / drainase


def _unmatched(a: list[str], b: list[str]) -> list[str]:
    return [w for w in a if not any(_same_word(w, v) for v in b)]


# Words that name the kind of a thing without making it another thing (gedung posyandu = posyandu).
_GENERIC = _words("gedung bangunan sarana prasarana fasilitas saluran lampu mebel")


def _new_head(longer: list[str], added: list[str]) -> list[str]:
    """The added words that stand before the shared object: a new head noun.

    In Bahasa Indonesia the head comes first: *mesin perahu* is an engine,
    *tribun lapangan* a stand, *drainase jalan* a drain; an elaboration comes
    after the object (*bibit padi unggul*). So words added between the action
    word and the first shared word name another object (a part of the
    thing, or what goes in it); generic words (:data:`_GENERIC`) do not.
    """
    extra = set(added)
    run: list[str] = []
    for w in longer:
        if w in _ACTIONS:
            continue
        if w not in extra:
            break
        run.append(w)
    return [w for w in run if w not in _GENERIC]


@lru_cache(maxsize=262144)
def text_score(a: str, b: str) -> tuple[float, str]:
    """Score two normalised texts (``Teks.kata``) 0–100, with the reason in Indonesian.

    The score is the mean of rapidfuzz ``token_set_ratio`` and
    ``token_sort_ratio``; it is 0 when a word is replaced on both sides (a
    different object or action), when words added on one side name a new
    object before the shared one (:func:`_new_head`: *mesin perahu* /
    *perahu*), or when the texts share only action words.
    """
    if not a or not b:
        return 0.0, "teks kosong"
    if a == b:
        return 100.0, "teks sama"
    wa, wb = a.split(), b.split()
    ua, ub = _unmatched(wa, wb), _unmatched(wb, wa)
    if ua and ub:
        return 0.0, f"kata berbeda: {' '.join(ua)} / {' '.join(ub)}"
    shared = [w for w in wa if w not in ua]
    if not any(w not in _ACTIONS for w in shared):
        return 0.0, "hanya kata kerja yang sama"
    head = _new_head(wb if ub else wa, ub or ua)
    if head:
        return 0.0, f"objek lain: {' '.join(head)}"
    s_set = fuzz.token_set_ratio(a, b)
    s = min(s_set, (s_set + fuzz.token_sort_ratio(a, b)) / 2)  # never above the prefilter
    extra = ua or ub
    return s, f"teks mirip ({round(s)})" + (f", tambahan: {' '.join(extra)}" if extra else "")

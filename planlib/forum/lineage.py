"""Duplicate usulan and their lineage across planning years.

The same request reaches SIPD more than once: **within a year** (entered by the
desa and again by the kecamatan, or typed twice with small differences) and
**across years** (re-submitted because it was not realised). This module finds
such pairs, joins them into a *lineage* and tells, per usulan, how many times
it was proposed and what became of it each year.

How a pair is judged (see ``docs/forum-lineage.md`` for the measured
precision and recall):

1. **Blocking by desa.** Only usulan of the same ``kode_desa`` are compared;
   an usulan without a desa is compared with every usulan of its kecamatan.
   The work therefore grows with the size of the largest desa, not with the
   square of the whole table.
2. **Normalised text.** Case, punctuation and spelling variants are folded,
   common abbreviations are unified (``JUT``, ``Jln``, ``RTLH``, ``SD
   Negeri``), the desa and kecamatan names, RT/RW numbers, volumes written
   in the text (``1.200 m``) and filler words are removed. RT numbers and
   other numbers (``SDN 2``) are kept aside as separate features.
3. **Text score.** The mean of rapidfuzz ``token_set_ratio`` (tolerates
   reordered and added words) and ``token_sort_ratio`` (penalises how much was
   added) on the normalised text, 0–100. rapidfuzz rather than TF-IDF cosine:
   a pair's score depends on the two texts only, so adding next year's usulan
   never changes the links found between earlier ones, and typos are handled
   without fitting a character n-gram vocabulary.
4. **Vetoes** (score 0): a word *replaced* by another on both sides (``jalan
   usaha tani`` / ``jalan lingkungan``, ``pembangunan`` / ``rehab``; a word
   that is only *added* on one side is an elaboration and is allowed), a
   different RT in the text, a different number (``SDN 2`` / ``SDN 4``),
   coordinates farther apart than ``jarak_maks`` metres, or nothing in common
   but the action word.
5. **Penalties**: a different RT in the Alamat (−20), incompatible satuan
   (−10: metres against units), volumes more than three times apart (−5).

A pair whose score reaches ``threshold`` is the same request. Lineages are the
connected components of the accepted pairs; the lineage id is ``L`` followed
by the tahun and id_usulan of its earliest member (``L2024-2024000017``),
because SIPD id_usulan are unique only within a year.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..parse import fold
from ..wilayah import abbreviations

#: Default decision threshold on the 0–100 score.
THRESHOLD = 85.0
#: Two usulan with coordinates farther apart than this (metres) are different requests.
JARAK_MAKS = 1000.0
PENALTI_RT_ALAMAT = 20.0
PENALTI_SATUAN = 10.0
PENALTI_VOLUME = 5.0
#: Volumes further apart than this factor cost PENALTI_VOLUME.
RASIO_VOLUME = 3.0

DALAM_TAHUN = "dalam tahun"
ANTAR_TAHUN = "antar tahun"
PAIR_COLUMNS = ["id_a", "tahun_a", "id_b", "tahun_b", "skor", "alasan", "jenis"]
LINEAGE_COLUMNS = ["id_usulan", "tahun", "lineage", "kali_diusulkan", "riwayat"]
HISTORY_COLUMNS = ["lineage", "tahun", "id_usulan", "usulan", "nama_desa", "status", "anggaran"]

# --------------------------------------------------------------------------- vocabulary
# Spelling variants and abbreviations seen in Musrenbang texts, one token → canonical text.
_TOKENS: dict[str, str] = {
    "jl": "jalan", "jln": "jalan", "gg": "gang", "pemb": "pembangunan", "pembang": "pembangunan",
    "pembuatan": "pembangunan", "pembangun": "pembangunan", "membangun": "pembangunan",
    "bangun": "pembangunan", "rehabilitasi": "rehab", "rehap": "rehab", "perbaikan": "rehab",
    "renovasi": "rehab", "bantuan": "pengadaan", "bant": "pengadaan", "penyediaan": "pengadaan",
    "pengad": "pengadaan", "peningk": "peningkatan", "benih": "bibit", "obyek": "objek",
    "hotmix": "pengaspalan", "aspal": "pengaspalan", "pengerukan": "normalisasi",
    "penyuluhan": "sosialisasi", "meubeler": "meubel", "mebel": "meubel", "mebeler": "meubel",
    "siring": "turap", "talud": "turap", "mushola": "langgar", "musholla": "langgar",
    "musala": "langgar", "surau": "langgar", "semenisasi": "jalan beton", "parit": "drainase",
    "handtractor": "handtraktor", "voli": "bolavoli", "volly": "bolavoli", "lansia": "lansia",
    "utk": "untuk", "dgn": "dengan", "dg": "dengan", "yg": "yang",
}  # fmt: skip
# Multi-word phrases → one canonical token (applied after _TOKENS, longest first).
_PHRASES: dict[str, str] = {
    "jalan usaha tani": "jut", "penerangan jalan umum": "pju", "lampu jalan": "pju",
    "rumah tidak layak huni": "rtlh", "pemberian makanan tambahan": "pmt",
    "makanan tambahan": "pmt", "alat kesehatan": "alkes", "puskesmas pembantu": "pustu",
    "kelompok tani": "poktan", "kelompok pembudidaya ikan": "pokdakan",
    "kelompok pembudidaya": "pokdakan", "sekolah dasar negeri": "sdn", "sd negeri": "sdn",
    "sekolah dasar": "sd", "smp negeri": "smpn", "taman kanak kanak": "tk",
    "hand tractor": "handtraktor", "hand traktor": "handtraktor", "pos kamling": "poskamling",
    "pos ronda": "poskamling", "tps 3r": "tps3r", "mandi cuci kakus": "mck",
    "pernikahan dini": "perkawinan anak", "pernikahan anak": "perkawinan anak",
    "perkawinan dini": "perkawinan anak", "perkawinan usia anak": "perkawinan anak",
    "rabat beton": "jalan beton", "cor beton": "jalan beton", "jalan cor": "jalan beton",
    "saluran drainase": "drainase", "sepak bola": "sepakbola", "bola voli": "bolavoli",
    "tembok penahan tanah": "turap",
}  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no identity of the request.
_STOP = _words(
    "di ke dari untuk bagi dan yang dengan pada dalam oleh atau serta sebagai tentang menuju "
    "desa kelurahan kel ds kec kecamatan kab kabupaten kota lokasi wilayah warga masyarakat "
    "setempat sepanjang sebanyak volume vol tahun ta anggaran usulan lanjutan rt rw no nomor "
    "the unit buah paket"
)  # fmt: skip
# Action words: a pair must share more than these.
_ACTIONS = _words(
    "pembangunan rehab pengadaan peningkatan pengaspalan pemasangan pelatihan sosialisasi "
    "normalisasi penimbunan penataan pemeliharaan bedah pemberian"
)  # fmt: skip
_UNITS = _words(
    "m meter mtr km unit buah bh paket pkt titik ekor kg ton batang btg orang org set ruang "
    "lokal ha hektar m2 m3 kk rumah lembar kegiatan keg ls"
)
# Words after which a number names the object (SDN 2, Gang 5) rather than a volume.
_NAMING = _words("sdn sd smpn smp sman smkn mi mts tk paud gang jalur blok lorong no")
# Words that may sit between RT numbers: "RT 01 dan 02", "RT 1 s/d 3".
_RT_JOIN = _words("dan sd s d sampai")
_SATUAN_KELAS = {
    **dict.fromkeys(["m", "meter", "mtr", "m1", "km", "kilometer"], "panjang"),
    **dict.fromkeys(["m2", "ha", "hektar", "hektare"], "luas"),
    **dict.fromkeys(["m3", "liter"], "isi"),
    **dict.fromkeys(["kg", "ton", "kilogram"], "berat"),
}

_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_GLUED = re.compile(r"([a-z]+)(\d+)")
_FOLD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not c.isalnum()} | {"'": "", '"': ""}
)


class Teks(NamedTuple):
    """An usulan text as compared: canonical words, RT numbers and other numbers."""

    kata: str
    rt: frozenset[int]
    nomor: frozenset[int]


@cache
def _phrase_re() -> re.Pattern:
    keys = sorted(_PHRASES, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b")


@cache
def _token_map() -> dict[str, str]:
    """Place abbreviations (``sei`` → ``sungai``) followed by the usulan vocabulary."""
    out = {k: _TOKENS.get(v, v) for k, v in abbreviations().items()}
    return out | {k: v for k, v in _TOKENS.items() if k not in out}


def _fold(text: str) -> str:
    """:func:`planlib.parse.fold`, with a fast path for plain ASCII text."""
    if "," in text or "." in text:
        text = _THOUSANDS.sub("", text)  # 1.200 m → 1200 m
    if not text.isascii():
        return fold(text)
    return " ".join(text.lower().translate(_FOLD).split())


def _canonical_words(s: str) -> str:
    """Folded text with abbreviations and spelling variants unified, then phrases joined."""
    words = _token_map()
    out = []
    for w in s.split():
        if w[-1].isdigit() and not w.isdigit():  # rt02, sdn2 → rt 02, sdn 2 (not tps3r)
            m = _GLUED.fullmatch(w)
            if m and (m.group(1) in _NAMING or m.group(1) in ("rt", "rw")):
                out += [m.group(1), m.group(2)]
                continue
        out.append(words.get(w, w))
    return _phrase_re().sub(lambda m: _PHRASES[m.group(1)], " ".join(w for w in out if w))


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
    >>> normalise_usulan("Rehabilitasi JUT RT.02 Ds. Bangkau", "Bangkau")
    Teks(kata='rehab jut', rt=frozenset({2}), nomor=frozenset())
    """
    if not isinstance(text, str) or not text.strip():
        return Teks("", frozenset(), frozenset())
    return _normalise(text, _name(nama_desa), _name(nama_kecamatan))


def _name(v: object) -> str:
    return v if isinstance(v, str) else ""


@lru_cache(maxsize=262144)
def _normalise(text: str, nama_desa: str, nama_kecamatan: str) -> Teks:
    s = f" {_canonical_words(_fold(text))} "
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
        if w.isdigit():
            naming = k > 0 and tokens[k - 1] in _NAMING
            if not naming and k + 1 < n and tokens[k + 1] in _UNITS:
                k += 2  # a volume: 1200 m, 2 unit
                continue
            if not 1900 <= int(w) <= 2100:  # a year (TA 2025) names nothing
                nomor.add(int(w))
        elif len(w) > 1 and w not in _STOP:
            kept.setdefault(w, None)
        k += 1
    return Teks(" ".join(kept), frozenset(rt), frozenset(nomor))


@lru_cache(maxsize=65536)
def _place_words(name: str) -> str:
    return _canonical_words(_fold(name))


@lru_cache(maxsize=65536)
def _alamat_rt(alamat: str) -> frozenset[int]:
    """RT/RW numbers named in an Alamat (``"RT 02 Desa Bangkau"`` → ``{2}``)."""
    return _read_tokens(_canonical_words(_fold(alamat)).split()).rt


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


@lru_cache(maxsize=262144)
def text_score(a: str, b: str) -> tuple[float, str]:
    """Score two normalised texts (``Teks.kata``) 0–100, with the reason in Indonesian.

    The score is the mean of rapidfuzz ``token_set_ratio`` and
    ``token_sort_ratio``; it is 0 when a word is replaced on both sides (a
    different object or action) or when the texts share only action words.
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
    s_set = fuzz.token_set_ratio(a, b)
    s = min(s_set, (s_set + fuzz.token_sort_ratio(a, b)) / 2)  # never above the prefilter
    extra = ua or ub
    return s, f"teks mirip ({round(s)})" + (f", tambahan: {' '.join(extra)}" if extra else "")


# --------------------------------------------------------------------------- pairs


def _as_frame(usulan: pd.DataFrame | Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    if isinstance(usulan, Mapping):
        frames = [df for df in usulan.values() if len(df)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return usulan.reset_index(drop=True)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series(np.nan, index=df.index, dtype=object)


def _per_unique(values: pd.Series | pd.DataFrame, func) -> np.ndarray:
    """``func`` applied once per distinct value (or row of values), spread back to every row."""
    if isinstance(values, pd.DataFrame):
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(values.astype(object)))
        results = [func(*u) for u in uniques]
    else:
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
        results = [func(u) for u in uniques]
    out = np.empty(len(results), dtype=object)
    out[:] = results
    return out[codes] if len(codes) else np.empty(0, dtype=object)


def _features(df: pd.DataFrame, lepas: np.ndarray) -> dict[str, np.ndarray]:
    """Per-row features: canonical text, RT/number bit masks, satuan class, coordinates.

    ``lepas`` marks the rows compared within their kecamatan, which also get
    their text with place names kept (``kata_lepas``).
    """
    cols = pd.DataFrame(
        {c: _column(df, c).astype(object) for c in ("usulan", "nama_desa", "nama_kecamatan")}
    )
    teks = _per_unique(cols, normalise_usulan)
    kata_lepas = np.full(len(df), "", dtype=object)
    if lepas.any():
        kata_lepas[lepas] = [t.kata for t in _per_unique(cols["usulan"][lepas], normalise_usulan)]
    rt_alamat = _per_unique(
        _column(df, "alamat"), lambda a: _mask(_alamat_rt(a)) if isinstance(a, str) else 0
    )
    satuan = _per_unique(_column(df, "satuan"), lambda s: fold(s) if isinstance(s, str) else "")
    return {
        "kata": np.array([t.kata for t in teks], dtype=object),
        "kata_lepas": kata_lepas,
        "rt": np.array([_mask(t.rt) for t in teks], dtype=np.uint64),
        "nomor": np.array([_mask(t.nomor) for t in teks], dtype=np.uint64),
        "rt_alamat": rt_alamat.astype(np.uint64),
        "satuan": satuan,
        "kelas": np.array(
            [_SATUAN_KELAS.get(u, "jumlah") if u else "" for u in satuan], dtype=object
        ),
        "volume": pd.to_numeric(_column(df, "volume"), errors="coerce").to_numpy(float),
        "lat": pd.to_numeric(_column(df, "lat"), errors="coerce").to_numpy(float),
        "lon": pd.to_numeric(_column(df, "lon"), errors="coerce").to_numpy(float),
    }


def _mask(numbers: Iterable[int]) -> int:
    """A 64-bit set of small numbers (numbers ≥ 64 share bits modulo 64: vetoes only weaken)."""
    m = 0
    for n in numbers:
        m |= 1 << (n % 64)
    return m


def _blocks(df: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """(left, right, loose) row positions to compare.

    Each desa with itself (``loose`` False); the rows without a desa with every
    row of their kecamatan (``loose`` True: desa and kecamatan names stay in the text,
    since it is the only sign of where such an usulan is).
    """
    desa = _column(df, "kode_desa").astype(object)
    kec = _column(df, "kode_kecamatan").astype(object)
    has_desa = desa.map(lambda v: isinstance(v, str) and bool(v)).to_numpy(bool)
    has_kec = kec.map(lambda v: isinstance(v, str) and bool(v)).to_numpy(bool)
    out = []
    pos = np.arange(len(df))
    for _, idx in pd.Series(pos[has_desa]).groupby(desa[has_desa].to_numpy(), sort=True):
        if len(idx) > 1:
            rows = idx.to_numpy()
            out.append((rows, rows, False))
    loose = ~has_desa & has_kec
    for k, idx in pd.Series(pos[loose]).groupby(kec[loose].to_numpy(), sort=True):
        out.append((idx.to_numpy(), pos[has_kec & (kec.to_numpy() == k)], True))
    return out


#: Distinct texts scored against a block at a time (bounds memory in very large blocks).
_CHUNK = 1024


def _candidates(
    blocks: list[tuple[np.ndarray, np.ndarray, bool]],
    kata: np.ndarray,
    kata_lepas: np.ndarray,
    cutoff: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Row pairs (i < j) whose texts may reach ``cutoff``, whether loose, and the work done.

    rapidfuzz scores the *distinct* texts of a block against each other
    (``process.cdist``, at most :data:`_CHUNK` rows of the matrix at a time);
    the row pairs follow by indexing that matrix.
    """
    found: list[np.ndarray] = []
    row_pairs = text_pairs = 0
    for left, right, loose in blocks:
        same = left is right
        row_pairs += len(left) * (len(left) - 1) // 2 if same else len(left) * len(right)
        texts = kata_lepas if loose else kata
        lt, li = np.unique(texts[left].astype(str), return_inverse=True)
        rt, ri = (lt, li) if same else np.unique(texts[right].astype(str), return_inverse=True)
        text_pairs += len(lt) * len(rt)
        for c0 in range(0, len(lt), _CHUNK):
            scores = process.cdist(
                list(lt[c0 : c0 + _CHUNK]), list(rt), scorer=fuzz.token_set_ratio,
                score_cutoff=max(cutoff - 1e-6, 0), dtype=np.float32,
            )  # fmt: skip
            rows = np.nonzero((li >= c0) & (li < c0 + _CHUNK))[0]
            p, q = np.nonzero((scores >= cutoff - 1e-6)[li[rows] - c0][:, ri])
            i, j = left[rows[p]], right[q]
            ok = i < j if same else i != j
            found.append(
                np.stack([np.minimum(i, j)[ok], np.maximum(i, j)[ok], np.full(ok.sum(), loose)])
            )
    if not found:
        return np.empty(0, int), np.empty(0, int), np.empty(0, bool), row_pairs, text_pairs
    key = np.unique(np.concatenate(found, axis=1).T, axis=0)  # loose rows may meet twice
    return key[:, 0], key[:, 1], key[:, 2].astype(bool), row_pairs, text_pairs


def _haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    r = 6_371_000.0
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(h))


def find_duplicates(
    usulan: pd.DataFrame | Mapping[int, pd.DataFrame],
    *,
    threshold: float = THRESHOLD,
    jarak_maks: float = JARAK_MAKS,
    penalti_rt_alamat: float = PENALTI_RT_ALAMAT,
) -> pd.DataFrame:
    """Pairs of usulan that are the same request, within a year and across years.

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        Usulan of one or more years (``Workspace.usulan`` as is, or concatenated),
        with the columns of :data:`planlib.usulan.COLUMNS`; ``id_usulan``,
        ``tahun``, ``usulan`` and ``kode_desa`` or ``kode_kecamatan`` are needed,
        ``nama_desa``, ``nama_kecamatan``, ``alamat``, ``lat``, ``lon``,
        ``volume`` and ``satuan`` are used when present.
    threshold : float
        Minimum score (0–100) of a duplicate. ``0`` returns every compared
        pair with its score, vetoed pairs included (score 0).
    jarak_maks : float
        Coordinates farther apart than this many metres veto a pair.
    penalti_rt_alamat : float
        Points taken when the Alamat names different RT (and the texts name
        none, or only one does). Set 0 where the Alamat column holds the
        proposer's address rather than the location of the work.

    Returns
    -------
    DataFrame
        One row per pair: ``id_a``, ``tahun_a``, ``id_b``, ``tahun_b`` (``a``
        is the earlier: by tahun, then id_usulan), ``skor``, ``alasan``
        (Indonesian) and ``jenis`` (``"dalam tahun"`` / ``"antar tahun"``).
        ``attrs`` holds ``pasangan_blok`` (row pairs inside the blocks: the
        bound of the work), ``perbandingan_teks`` (cells of the rapidfuzz
        ``cdist`` matrices over the distinct texts of each block) and
        ``kandidat`` (pairs checked in detail).
    """
    df = _as_frame(usulan)
    _check_keys(df)
    if not len(df):
        return _empty_pairs()
    cutoff = float(threshold)
    blocks = _blocks(df)
    lepas = np.zeros(len(df), dtype=bool)
    for _, right, loose in blocks:
        if loose:
            lepas[right] = True
    f = _features(df, lepas)
    i, j, loose, row_pairs, text_pairs = _candidates(blocks, f["kata"], f["kata_lepas"], cutoff)
    skor, alasan = _score_pairs(f, i, j, loose, jarak_maks, penalti_rt_alamat)
    keep = skor >= cutoff
    tahun = df["tahun"].to_numpy()
    ids = df["id_usulan"].astype(str).to_numpy()
    i, j, skor = i[keep], j[keep], skor[keep]
    alasan = alasan[keep].to_numpy()
    swap = (tahun[j] < tahun[i]) | ((tahun[j] == tahun[i]) & (ids[j] < ids[i]))
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    out = pd.DataFrame(
        {
            "id_a": ids[a],
            "tahun_a": tahun[a].astype(int),
            "id_b": ids[b],
            "tahun_b": tahun[b].astype(int),
            "skor": np.round(skor, 1),
            "alasan": alasan,
            "jenis": np.where(tahun[a] == tahun[b], DALAM_TAHUN, ANTAR_TAHUN),
        }
    )
    out = out.sort_values(["tahun_a", "id_a", "tahun_b", "id_b"], kind="stable").reset_index(
        drop=True
    )
    out.attrs.update(pasangan_blok=row_pairs, perbandingan_teks=text_pairs, kandidat=len(keep))
    return out


def _empty_pairs() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS})
    out.attrs.update(pasangan_blok=0, perbandingan_teks=0, kandidat=0)
    return out


def _check_keys(df: pd.DataFrame) -> None:
    if not len(df):
        return
    missing = [c for c in ("id_usulan", "tahun", "usulan") if c not in df.columns]
    if missing:
        raise ValueError(f"Kolom usulan tidak ada: {', '.join(missing)}")
    dup = df.duplicated(["tahun", "id_usulan"])
    if dup.any():
        first = df.loc[dup, ["tahun", "id_usulan"]].iloc[0]
        raise ValueError(
            f"id_usulan {first['id_usulan']} muncul lebih dari sekali pada tahun "
            f"{first['tahun']}; setiap usulan harus dapat dikenali dari (tahun, id_usulan)."
        )


def _score_pairs(
    f: dict[str, np.ndarray],
    i: np.ndarray,
    j: np.ndarray,
    loose: np.ndarray,
    jarak_maks: float,
    penalti_rt_alamat: float,
) -> tuple[np.ndarray, pd.Series]:
    """Score of each candidate pair (0 when vetoed) and its reason, vectorised over pairs."""
    if not len(i):
        return np.empty(0), pd.Series([], dtype=object)
    both = np.concatenate([f["kata"], f["kata_lepas"]]).astype(str)
    texts, code = np.unique(both, return_inverse=True)
    n = len(f["kata"])
    ci, cj = code[i + n * loose], code[j + n * loose]
    lo, hi = np.minimum(ci, cj), np.maximum(ci, cj)
    keys, inverse = np.unique(lo * len(texts) + hi, return_inverse=True)
    scored = [text_score(texts[k // len(texts)], texts[k % len(texts)]) for k in keys]
    skor = np.array([s for s, _ in scored])[inverse]
    alasan = pd.Series(np.array([w for _, w in scored], dtype=object)[inverse])

    def note(mask: np.ndarray, text: str | pd.Series) -> None:
        nonlocal alasan
        alasan = alasan.where(~mask, alasan + "; " + text)

    rt_a, rt_b = f["rt"][i], f["rt"][j]
    both_rt = (rt_a != 0) & (rt_b != 0)
    vetoes = both_rt & ((rt_a & rt_b) == 0)
    note(vetoes, "RT berbeda")
    no_a, no_b = f["nomor"][i], f["nomor"][j]
    diff_no = (no_a != 0) & (no_b != 0) & ((no_a & no_b) == 0)
    note(diff_no, "nomor berbeda")
    d = _haversine(f["lat"][i], f["lon"][i], f["lat"][j], f["lon"][j])
    far = np.nan_to_num(d, nan=0.0) > jarak_maks
    note(far, "lokasi berjarak " + pd.Series(d / 1000).round(1).astype(str) + " km")
    skor[vetoes | diff_no | far] = 0.0

    ra, rb = f["rt_alamat"][i], f["rt_alamat"][j]
    ka, kb = f["kelas"][i], f["kelas"][j]
    va, vb = f["volume"][i], f["volume"][j]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(va, vb) / np.minimum(va, vb)
    live = skor > 0
    for mask, points, text in (
        (~both_rt & (ra != 0) & (rb != 0) & ((ra & rb) == 0), penalti_rt_alamat,
         "RT di alamat berbeda"),
        ((ka != "") & (kb != "") & (ka != kb), PENALTI_SATUAN, "satuan tidak sepadan"),
        ((f["satuan"][i] == f["satuan"][j]) & (np.minimum(va, vb) > 0) & (ratio > RASIO_VOLUME),
         PENALTI_VOLUME, "volume jauh berbeda"),
    ):  # fmt: skip
        mask = mask & live
        if not points:
            continue
        skor[mask] -= points
        note(mask, f"{text} (−{points:g})")
    live = skor > 0
    note(live & both_rt & ((rt_a & rt_b) != 0), "RT sama")
    near = live & (np.nan_to_num(d, nan=np.inf) <= 100)
    note(near, "koordinat berjarak " + pd.Series(d).round(0).astype("Int64").astype(str) + " m")
    return np.maximum(skor, 0.0), alasan


# --------------------------------------------------------------------------- lineage


def _order(df: pd.DataFrame) -> np.ndarray:
    """Row positions from earliest to latest: tahun, tanggal_usul (missing last), id_usulan."""
    key = pd.DataFrame(
        {
            "tahun": df["tahun"].to_numpy(),
            "tanggal": pd.to_datetime(_column(df, "tanggal_usul"), errors="coerce").to_numpy(),
            "id": df["id_usulan"].astype(str).to_numpy(),
        }
    )
    return key.sort_values(
        ["tahun", "tanggal", "id"], na_position="last", kind="stable"
    ).index.to_numpy()


def assign_lineage(
    usulan: pd.DataFrame | Mapping[int, pd.DataFrame],
    pairs: pd.DataFrame | None = None,
    **kwargs,
) -> pd.DataFrame:
    """The lineage of every usulan, how many years it was proposed and its history.

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        As for :func:`find_duplicates`.
    pairs : DataFrame, optional
        Accepted pairs (``id_a``, ``tahun_a``, ``id_b``, ``tahun_b``); found
        with :func:`find_duplicates` (``kwargs`` passed on) when omitted.

    Returns
    -------
    DataFrame
        In the order of ``usulan``: ``id_usulan``, ``tahun``, ``lineage``
        (``L<tahun>-<id_usulan>`` of the earliest member), ``kali_diusulkan``
        (number of distinct years of the lineage) and ``riwayat``, e.g.
        ``"2024: Ditolak · 2025: Menunggu Verifikasi · 2026: diusulkan lagi"``.
    """
    df = _as_frame(usulan)
    _check_keys(df)
    if not len(df):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LINEAGE_COLUMNS})
    if pairs is None:
        pairs = find_duplicates(df, **kwargs)
    n = len(df)
    pos = pd.Series(np.arange(n), index=pd.MultiIndex.from_arrays(
        [df["tahun"].astype(int).to_numpy(), df["id_usulan"].astype(str).to_numpy()]
    ))  # fmt: skip
    a = _positions(pos, pairs["tahun_a"], pairs["id_a"])
    b = _positions(pos, pairs["tahun_b"], pairs["id_b"])
    ok = (a >= 0) & (b >= 0)
    graph = coo_matrix((np.ones(int(ok.sum())), (a[ok], b[ok])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    order = _order(df)
    first = pd.Series(order).groupby(label[order], sort=False).first()  # earliest row per component
    tahun = df["tahun"].astype(int).to_numpy()
    ids = df["id_usulan"].astype(str).to_numpy()
    name = {c: f"L{tahun[r]}-{ids[r]}" for c, r in first.items()}
    lineage = np.array([name[c] for c in label], dtype=object)
    out = pd.DataFrame({"id_usulan": ids, "tahun": tahun, "lineage": lineage})
    years = out.groupby("lineage")["tahun"].nunique()
    out["kali_diusulkan"] = out["lineage"].map(years).astype(int)
    status = _column(df, "status").astype(object).to_numpy()
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    out["riwayat"] = out["lineage"].map(_riwayat(out["lineage"].to_numpy(), tahun, status, rank))
    return out


def _positions(pos: pd.Series, tahun: pd.Series, ids: pd.Series) -> np.ndarray:
    key = pd.MultiIndex.from_arrays([tahun.astype(int).to_numpy(), ids.astype(str).to_numpy()])
    return pos.reindex(key).fillna(-1).astype(int).to_numpy()


def _riwayat(
    lineage: np.ndarray, tahun: np.ndarray, status: np.ndarray, rank: np.ndarray
) -> pd.Series:
    """``"2024: Ditolak · 2025: diusulkan lagi"`` per lineage; ``rank`` orders entries of a year."""
    t = pd.DataFrame({"lineage": lineage, "tahun": tahun, "status": status, "rank": rank})
    t = t.sort_values("rank", kind="stable")
    t["status"] = t["status"].map(lambda s: s.strip() if isinstance(s, str) else "")
    per_year = t.groupby(["lineage", "tahun"], sort=True).size().rename("n").reset_index()
    known = t[t["status"] != ""].drop_duplicates(["lineage", "tahun", "status"])
    many = known.duplicated(["lineage", "tahun"], keep=False)
    text = pd.concat(
        [
            known[~many].set_index(["lineage", "tahun"])["status"],
            known[many].groupby(["lineage", "tahun"], sort=False)["status"].agg(" / ".join),
        ]
    )
    key = pd.MultiIndex.from_frame(per_year[["lineage", "tahun"]])
    words = text.reindex(key).to_numpy(dtype=object)
    later = per_year.groupby("lineage", sort=False).cumcount().to_numpy() > 0
    words = np.where(pd.isna(words), np.where(later, "diusulkan lagi", "diusulkan"), words).astype(
        object
    )
    n = per_year["n"].to_numpy()
    part = pd.Series(per_year["tahun"].astype(str).to_numpy() + ": " + words.astype(str))
    part = part.where(n == 1, part + " (" + pd.Series(n).astype(str) + " entri)")
    per_year["part"] = part.to_numpy()
    multi = per_year["lineage"].duplicated(keep=False).to_numpy()
    return pd.concat(
        [
            per_year[~multi].set_index("lineage")["part"],
            per_year[multi].groupby("lineage", sort=False)["part"].agg(" · ".join),
        ]
    )


def lineage_history(
    usulan: pd.DataFrame | Mapping[int, pd.DataFrame], lineage: pd.DataFrame
) -> pd.DataFrame:
    """The members of each lineage of more than one usulan, year by year.

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        The usulan (for the text, desa, status and anggaran).
    lineage : DataFrame
        The result of :func:`assign_lineage`.

    Returns
    -------
    DataFrame
        ``lineage``, ``tahun``, ``id_usulan``, ``usulan``, ``nama_desa``,
        ``status``, ``anggaran``; sorted by lineage, tahun and id_usulan.
    """
    df = _as_frame(usulan)
    if not len(df) or not len(lineage):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
    left = pd.DataFrame(
        {
            "tahun": df["tahun"].astype(int).to_numpy(),
            "id_usulan": df["id_usulan"].astype(str).to_numpy(),
            **{c: _column(df, c).to_numpy() for c in ("usulan", "nama_desa", "status", "anggaran")},
        }
    )
    lin = lineage[["tahun", "id_usulan", "lineage"]].astype({"tahun": int, "id_usulan": str})
    size = lin.groupby("lineage")["id_usulan"].transform("size")
    out = lin[size > 1].merge(left, on=["tahun", "id_usulan"], how="left")
    return (
        out[HISTORY_COLUMNS]
        .sort_values(["lineage", "tahun", "id_usulan"], kind="stable")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- measuring


def labelled_usulan(labelled: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Usulan rows and pair keys from a labelled pair table (``tests/data/duplikat_berlabel.csv``).

    The table has one pair per row: ``pasangan``, ``kecamatan``, and for each
    side ``desa_*``, ``tahun_*``, ``usulan_*``, ``alamat_*``, ``volume_*``,
    ``satuan_*``, plus ``sama`` (1/0). Codes are made from the names; an empty
    desa stays without code (compared within the kecamatan). Coordinates are
    read from the alamat as the usulan loader does.
    """
    from ..parse import extract_coordinates

    rows = []
    for side in ("a", "b"):
        part = pd.DataFrame(
            {
                "id_usulan": labelled["pasangan"].astype(str) + side,
                "tahun": labelled[f"tahun_{side}"].astype(int),
                "usulan": labelled[f"usulan_{side}"],
                "alamat": labelled[f"alamat_{side}"],
                "volume": pd.to_numeric(labelled[f"volume_{side}"], errors="coerce"),
                "satuan": labelled[f"satuan_{side}"],
                "nama_kecamatan": labelled["kecamatan"],
                "kode_kecamatan": "K-" + labelled["kecamatan"].map(fold),
                "nama_desa": labelled[f"desa_{side}"],
            }
        )
        part["kode_desa"] = part["nama_desa"].map(
            lambda d: "D-" + fold(d) if isinstance(d, str) and d.strip() else None
        )
        rows.append(part)
    df = pd.concat(rows, ignore_index=True)
    coords = df["alamat"].map(extract_coordinates)
    df["lat"] = coords.map(lambda c: c[0] if c else math.nan)
    df["lon"] = coords.map(lambda c: c[1] if c else math.nan)
    keys = pd.DataFrame(
        {
            "pasangan": labelled["pasangan"],
            "id_a": labelled["pasangan"].astype(str) + "a",
            "id_b": labelled["pasangan"].astype(str) + "b",
            "sama": labelled["sama"].astype(int),
        }
    )
    return df, keys


def evaluate_labelled(
    labelled: pd.DataFrame, *, threshold: float = THRESHOLD, **kwargs
) -> pd.DataFrame:
    """Score every labelled pair with :func:`find_duplicates`.

    Returns
    -------
    DataFrame
        ``labelled`` with ``skor`` (0 when never a candidate or vetoed),
        ``alasan`` and ``prediksi`` (1 when ``skor >= threshold``).
    """
    df, keys = labelled_usulan(labelled)
    found = find_duplicates(df, threshold=0, **kwargs)
    both = pd.concat(
        [
            found[["id_a", "id_b", "skor", "alasan"]],
            found.rename(columns={"id_a": "id_b", "id_b": "id_a"})[
                ["id_a", "id_b", "skor", "alasan"]
            ],
        ]
    )
    m = keys.merge(both, on=["id_a", "id_b"], how="left")
    out = labelled.copy()
    out["skor"] = m["skor"].fillna(0.0).to_numpy()
    out["alasan"] = m["alasan"].fillna("tidak dibandingkan (beda desa)").to_numpy()
    out["prediksi"] = (out["skor"] >= threshold).astype(int)
    return out


def precision_recall(truth: Iterable[int], predicted: Iterable[int]) -> dict[str, float]:
    """Precision, recall and the counts of a binary decision (1 = same request)."""
    t = np.asarray(list(truth), dtype=bool)
    p = np.asarray(list(predicted), dtype=bool)
    tp, fp, fn = int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum())
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def pair_agreement(predicted: Iterable, truth: Iterable) -> dict[str, float]:
    """Pairwise precision and recall of a lineage assignment against a true one.

    A pair of usulan counts when both assignments put it in one lineage
    (scikit-learn :func:`~sklearn.metrics.cluster.pair_confusion_matrix`).
    """
    from sklearn.metrics.cluster import pair_confusion_matrix

    (_, fp), (fn, tp) = pair_confusion_matrix(list(truth), list(predicted)) // 2
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": int(tp),
        "fp": int(fp),
        "fn": int(fn),
    }

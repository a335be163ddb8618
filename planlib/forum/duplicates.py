"""Duplicate usulan: pairs that are the same request, within a year and across years.

The same request reaches SIPD more than once: **within a year** (entered by the
desa and again by the kecamatan, or typed twice with small differences) and
**across years** (re-submitted because it was not realised). This module finds
such pairs; :mod:`planlib.forum.lineage` joins them into lineages.

How a pair is judged (see ``docs/forum-lineage.md`` for the measured
precision and recall):

1. **Blocking by desa.** Only usulan of the same ``kode_desa`` are compared;
   an usulan without a desa is compared with every usulan of its kecamatan.
   The work therefore grows with the size of the largest desa, not with the
   square of the whole table.
2. **Normalised text** (:class:`planlib.teks.Normaliser`, the matcher's
   vocabulary): case and punctuation folded, abbreviations, spelling
   variants and synonyms of the kamus written out in full (``JUT`` →
   ``jalan usaha tani``, ``SDN`` → ``sekolah dasar negeri``, ``perbaikan``
   → ``rehabilitasi``), place abbreviations too (``Sei`` → ``sungai``); the
   desa and kecamatan names, RT/RW numbers, volumes written in the text
   (``1.200 m``) and stop words are removed. RT numbers and other numbers
   (``SDN 2``) are kept aside as separate features.
3. **Text score.** The mean of rapidfuzz ``token_set_ratio`` (tolerates
   reordered and added words) and ``token_sort_ratio`` (penalises how much was
   added) on the normalised text, 0–100. rapidfuzz rather than TF-IDF cosine:
   a pair's score depends on the two texts only, so adding next year's usulan
   never changes the links found between earlier ones, and typos are handled
   without fitting a character n-gram vocabulary.
4. **Vetoes** (score 0): a word *replaced* by another on both sides (``jalan
   usaha tani`` / ``jalan lingkungan``, ``pembangunan`` / ``rehab``; a word
   that is only *added* on one side is an elaboration and is allowed), a
   different RT in the text, a different number (``SDN 2`` / ``SDN 4``, ``Dusun II`` / ``Dusun III``),
   coordinates farther apart than ``jarak_maks`` metres, or nothing in common
   but the action word.
5. **Penalties**: a different RT in the Alamat (−20), incompatible satuan
   (−10: metres against units), volumes more than three times apart (−5).

A pair whose score reaches ``threshold`` is the same request.

This module finds and judges the pairs (steps 1, 4 and 5: blocking, the
candidates rapidfuzz lets through, the vetoes and penalties of a pair); steps
2 and 3, on the text alone, are :mod:`planlib.forum.duplicate_text`.

Only the first :data:`TEKS_BANDING_MAKS` characters of a normalised text are
compared (cut at a word): a text of 20,000 characters costs what one of a
thousand does, and no real request needs more words to be told apart. Texts
are never put in fixed-width NumPy arrays (``np.unique`` on ``astype(str)``
makes every row as wide as the longest text); they are numbered with
:func:`pandas.factorize` on object arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..teks import fold_usulan
from .duplicate_text import alamat_rt, normalise_usulan, text_score

#: Default decision threshold on the 0–100 score.
THRESHOLD = 85.0
#: Two usulan with coordinates farther apart than this (metres) are different requests.
JARAK_MAKS = 1000.0
PENALTI_RT_ALAMAT = 20.0
PENALTI_SATUAN = 10.0
PENALTI_VOLUME = 5.0
#: Volumes further apart than this factor cost PENALTI_VOLUME.
RASIO_VOLUME = 3.0
#: Characters of a normalised usulan text that are compared; the rest is ignored.
TEKS_BANDING_MAKS = 1000

DALAM_TAHUN = "dalam tahun"
ANTAR_TAHUN = "antar tahun"
PAIR_COLUMNS = ["id_a", "tahun_a", "id_b", "tahun_b", "skor", "alasan", "jenis"]

# What a satuan measures: volumes in satuan of different kinds are not comparable.
_SATUAN_KELAS = {
    **dict.fromkeys(["m", "meter", "mtr", "m1", "km", "kilometer"], "panjang"),
    **dict.fromkeys(["m2", "ha", "hektar", "hektare"], "luas"),
    **dict.fromkeys(["m3", "liter"], "isi"),
    **dict.fromkeys(["kg", "ton", "kilogram"], "berat"),
}


# --------------------------------------------------------------------------- pairs


def as_frame(usulan: pd.DataFrame | Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    """One table of usulan from a table or from ``Workspace.usulan`` (year → table).

    Parameters
    ----------
    usulan : DataFrame or dict of int to DataFrame
        Usulan of one or more years.

    Returns
    -------
    DataFrame
        The rows, with a fresh 0…n−1 index (the years concatenated in order).
    """
    if isinstance(usulan, Mapping):
        frames = [df for df in usulan.values() if len(df)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return usulan.reset_index(drop=True)


def column(df: pd.DataFrame, name: str) -> pd.Series:
    """The column ``name`` of ``df``, or a column of NaN when it has none.

    Parameters
    ----------
    df : DataFrame
        Any table.
    name : str
        A column name.

    Returns
    -------
    Series
        Indexed like ``df``.
    """
    if name in df.columns:
        return df[name]
    return pd.Series(np.nan, index=df.index, dtype=object)


def _per_unique(values: pd.Series | pd.DataFrame, func: Callable[..., Any]) -> np.ndarray:
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
        {c: column(df, c).astype(object) for c in ("usulan", "nama_desa", "nama_kecamatan")}
    )
    teks = _per_unique(cols, normalise_usulan)
    kata_lepas = np.full(len(df), "", dtype=object)
    if lepas.any():
        kata_lepas[lepas] = [
            _compared(t.kata) for t in _per_unique(cols["usulan"][lepas], normalise_usulan)
        ]
    rt_alamat = _per_unique(
        column(df, "alamat"), lambda a: _mask(alamat_rt(a)) if isinstance(a, str) else 0
    )
    satuan = _per_unique(
        column(df, "satuan"), lambda s: fold_usulan(s) if isinstance(s, str) else ""
    )
    return {
        "kata": np.array([_compared(t.kata) for t in teks], dtype=object),
        "kata_lepas": kata_lepas,
        "rt": np.array([_mask(t.rt) for t in teks], dtype=np.uint64),
        "nomor": np.array([_mask(t.nomor) for t in teks], dtype=np.uint64),
        "rt_alamat": rt_alamat.astype(np.uint64),
        "satuan": satuan,
        "kelas": np.array(
            [_SATUAN_KELAS.get(u, "jumlah") if u else "" for u in satuan], dtype=object
        ),
        "volume": pd.to_numeric(column(df, "volume"), errors="coerce").to_numpy(float),
        "lat": pd.to_numeric(column(df, "lat"), errors="coerce").to_numpy(float),
        "lon": pd.to_numeric(column(df, "lon"), errors="coerce").to_numpy(float),
    }


def _compared(kata: str) -> str:
    """The part of a normalised text that is compared: its first :data:`TEKS_BANDING_MAKS` characters, cut at a word."""
    if len(kata) <= TEKS_BANDING_MAKS:
        return kata
    cut = kata[: TEKS_BANDING_MAKS + 1]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut[:TEKS_BANDING_MAKS]


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
    desa = column(df, "kode_desa").astype(object)
    kec = column(df, "kode_kecamatan").astype(object)
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
        li, lt = pd.factorize(texts[left], sort=True)
        ri, rt = (li, lt) if same else pd.factorize(texts[right], sort=True)
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


def _haversine(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
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
    df = as_frame(usulan)
    check_keys(df)
    if not len(df):
        return _empty_pairs()
    i, j, skor, reasons, work = _judge(
        df, _blocks(df), float(threshold), jarak_maks, penalti_rt_alamat
    )
    tahun = df["tahun"].to_numpy()
    ids = df["id_usulan"].astype(str).to_numpy()
    swap = (tahun[j] < tahun[i]) | ((tahun[j] == tahun[i]) & (ids[j] < ids[i]))
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    out = pd.DataFrame(
        {
            "id_a": ids[a],
            "tahun_a": tahun[a].astype(int),
            "id_b": ids[b],
            "tahun_b": tahun[b].astype(int),
            "skor": np.round(skor, 1),
            "alasan": reasons,
            "jenis": np.where(tahun[a] == tahun[b], DALAM_TAHUN, ANTAR_TAHUN),
        }
    )
    out = out.sort_values(["tahun_a", "id_a", "tahun_b", "id_b"], kind="stable").reset_index(
        drop=True
    )
    out.attrs.update(work)
    return out


def _judge(
    df: pd.DataFrame,
    blocks: list[tuple[np.ndarray, np.ndarray, bool]],
    cutoff: float,
    jarak_maks: float,
    penalti_rt_alamat: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """The row pairs of ``blocks`` that reach ``cutoff``: positions, score, reason and the work done."""
    lepas = np.zeros(len(df), dtype=bool)
    for left, right, is_loose in blocks:
        if is_loose:
            lepas[left] = True
            lepas[right] = True
    f = _features(df, lepas)
    i, j, loose, row_pairs, text_pairs = _candidates(blocks, f["kata"], f["kata_lepas"], cutoff)
    skor, alasan = _score_pairs(f, i, j, loose, jarak_maks, penalti_rt_alamat)
    keep = skor >= cutoff
    work = {"pasangan_blok": row_pairs, "perbandingan_teks": text_pairs, "kandidat": len(keep)}
    return i[keep], j[keep], skor[keep], alasan[keep].to_numpy(), work


#: Columns of :func:`find_duplicates_between`.
BETWEEN_COLUMNS = ["id_a", "id_b", "skor", "alasan"]


def find_duplicates_between(
    a: pd.DataFrame,
    b: pd.DataFrame,
    *,
    id_a: str = "id_usulan",
    id_b: str = "id_usulan",
    threshold: float = THRESHOLD,
    jarak_maks: float = JARAK_MAKS,
    penalti_rt_alamat: float = PENALTI_RT_ALAMAT,
) -> pd.DataFrame:
    """Pairs of one table's rows and another's that are the same request (e.g. pokir and usulan).

    The same rule as :func:`find_duplicates`, blocked across the two tables
    only: a row of ``a`` is compared with the rows of ``b`` in its desa; a row
    without a desa (on either side) with every row of the other table in its
    kecamatan, its text keeping the place names. Rows of one table are never
    compared with each other.

    Parameters
    ----------
    a, b : DataFrame
        Rows with an ID column, ``usulan`` and ``kode_desa`` or
        ``kode_kecamatan``; ``nama_desa``, ``nama_kecamatan``, ``alamat``,
        ``lat``, ``lon``, ``volume`` and ``satuan`` are used when present.
    id_a, id_b : str
        The ID column of each table (unique within it).
    threshold, jarak_maks, penalti_rt_alamat : float
        As in :func:`find_duplicates`.

    Returns
    -------
    DataFrame
        ``id_a``, ``id_b``, ``skor`` and ``alasan`` (Indonesian), one row per
        pair reaching ``threshold``, sorted by ``id_a`` then falling score;
        ``attrs`` hold the work done as in :func:`find_duplicates`.

    Raises
    ------
    ValueError
        When an ID column is missing or holds an ID twice.
    """
    for t, col in ((a, id_a), (b, id_b)):
        if len(t) and (col not in t.columns or "usulan" not in t.columns):
            raise ValueError(f"Kolom {col} atau usulan tidak ada")
        if len(t) and t[col].duplicated().any():
            raise ValueError(f"{col} {t.loc[t[col].duplicated(), col].iloc[0]} muncul dua kali")
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in BETWEEN_COLUMNS})
    empty.attrs.update(pasangan_blok=0, perbandingan_teks=0, kandidat=0)
    if not len(a) or not len(b):
        return empty
    b = _reachable(a, b)  # only b's rows that some row of a can meet are normalised
    if not len(b):
        return empty
    keep = ["usulan", "nama_desa", "nama_kecamatan", "kode_desa", "kode_kecamatan", "alamat",
            "satuan", "volume", "lat", "lon"]  # fmt: skip
    df = pd.concat(
        [pd.DataFrame({c: column(t, c) for c in keep}) for t in (a, b)], ignore_index=True
    )
    blocks = _cross_blocks(df, len(a))
    if not blocks:
        return empty
    i, j, skor, reasons, work = _judge(df, blocks, float(threshold), jarak_maks, penalti_rt_alamat)
    na = len(a)
    out = pd.DataFrame(
        {
            "id_a": a[id_a].astype(str).to_numpy()[i],
            "id_b": b[id_b].astype(str).to_numpy()[j - na],
            "skor": np.round(skor, 1),
            "alasan": reasons,
        }
    )
    out = out.sort_values(["id_a", "skor", "id_b"], ascending=[True, False, True], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs.update(work)
    return out


def _reachable(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``b`` in a desa of ``a``, or in a kecamatan where either side lacks a desa."""

    def has(v: object) -> bool:
        return isinstance(v, str) and bool(v)

    a_desa, a_kec = (
        column(a, "kode_desa").astype(object),
        column(a, "kode_kecamatan").astype(object),
    )
    b_desa, b_kec = (
        column(b, "kode_desa").astype(object),
        column(b, "kode_kecamatan").astype(object),
    )
    a_has = a_desa.map(has)
    b_has = b_desa.map(has)
    desa = set(a_desa[a_has])
    kec_loose = set(a_kec[~a_has & a_kec.map(has)])
    kec_sure = set(a_kec[a_has & a_kec.map(has)])
    ok = (b_has & b_desa.isin(desa)) | b_kec.isin(kec_loose) | (~b_has & b_kec.isin(kec_sure))
    return b[ok.to_numpy(bool)]


def _cross_blocks(df: pd.DataFrame, na: int) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """(left, right, loose) blocks between rows ``0…na−1`` (``a``) and the rest (``b``).

    Same desa (not loose); a row of either side without a desa against the
    other side's rows of its kecamatan (loose). Left positions are always
    ``a``'s, so every pair found is (a-row, b-row).
    """
    desa = column(df, "kode_desa").astype(object).to_numpy()
    kec = column(df, "kode_kecamatan").astype(object).to_numpy()
    has_desa = np.array([isinstance(v, str) and bool(v) for v in desa], dtype=bool)
    has_kec = np.array([isinstance(v, str) and bool(v) for v in kec], dtype=bool)
    pos = np.arange(len(df))
    side_a = pos < na
    out: list[tuple[np.ndarray, np.ndarray, bool]] = []
    b_by_desa = pd.Series(pos[~side_a & has_desa]).groupby(desa[~side_a & has_desa]).indices
    b_desa_pos = pos[~side_a & has_desa]
    for d, idx in (
        pd.Series(pos[side_a & has_desa]).groupby(desa[side_a & has_desa]).indices.items()
    ):
        if d in b_by_desa:
            out.append((pos[side_a & has_desa][idx], b_desa_pos[b_by_desa[d]], False))
    for k in sorted({str(v) for v in kec[has_kec]}):
        in_k = has_kec & (kec == k)
        a_loose, b_loose = pos[side_a & in_k & ~has_desa], pos[~side_a & in_k & ~has_desa]
        b_all, a_sure = pos[~side_a & in_k], pos[side_a & in_k & has_desa]
        if len(a_loose) and len(b_all):
            out.append((a_loose, b_all, True))
        if len(b_loose) and len(a_sure):
            out.append((a_sure, b_loose, True))
    return out


def _empty_pairs() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS})
    out.attrs.update(pasangan_blok=0, perbandingan_teks=0, kandidat=0)
    return out


def check_keys(df: pd.DataFrame) -> None:
    """Refuse usulan that cannot be told apart: the key columns, and (tahun, id_usulan) unique.

    Parameters
    ----------
    df : DataFrame
        Usulan of one or more years (an empty table passes).

    Raises
    ------
    ValueError
        A column ``id_usulan``, ``tahun`` or ``usulan`` is missing, or an
        id_usulan occurs twice in one year (the message is in Bahasa Indonesia).
    """
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
    code, texts = pd.factorize(np.concatenate([f["kata"], f["kata_lepas"]]), sort=True)
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

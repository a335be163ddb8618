"""Usulan text as the forum compares it: folding, stop words and the kamus abbreviations.

The matcher (:mod:`planlib.forum.matcher`), duplicate finding
(:mod:`planlib.forum.duplicates`) and the isu table
(:meth:`planlib.bidang.BidangRules.for_isu`) read the same usulan texts and
must agree on what a word is. All go through this module:

1. :func:`fold_usulan` lower-cases, strips accents and punctuation (the one
   rule, :func:`planlib.parse.fold`) and joins the thousands of a number
   (``1.200 m`` → ``1200 m``);
2. :func:`words` splits the folded text into words and unglues a number from
   the word that names it (``rt02`` → ``rt 02``, ``sdn2`` → ``sdn 2``;
   ``tps3r`` stays);
3. a :class:`Normaliser` drops the workspace's place names and rewrites, at
   each word, the longest abbreviation or spelling variant that starts there
   into its full words (``jln`` → ``jalan``, ``rtlh`` → ``rumah tidak layak
   huni``, ``kel tani`` → ``kelompok tani``).

Abbreviations run **one way, to the full words**, from the ``arti`` column of
``planlib/data/kamus_usulan.csv`` (:func:`kamus_abbreviations`): a text
written in full and one written with SIPD abbreviations become the same
words, and the kamus phrases, the plan documents and the usulan are all
written in that one vocabulary. The kamus ``catatan`` says what a row is:
``singkatan`` (an abbreviation), ``ejaan`` (a spelling variant) or
``sinonim`` (another word for the same thing or the same kind of work).
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .parse import KECAMATAN_DESA_PREFIXES, clean_text, fold
from .report import PlanlibError

#: Columns of a kamus usulan table.
KAMUS_COLUMNS = ["frasa", "arti", "opd", "sub_kegiatan", "catatan"]

#: Function words and administrative nouns: no meaning for matching or for telling requests apart.
STOPWORDS = frozenset({
    "dan", "di", "ke", "dari", "untuk", "bagi", "yang", "dengan", "pada", "atau", "serta", "oleh",
    "dalam", "tentang", "sebagai", "akan", "agar", "karena", "masih", "sudah", "belum", "tidak",
    "ada", "ini", "itu", "nya", "menuju", "rt", "rw", "desa", "kelurahan", "kel", "ds", "dusun", "kec",
    "kecamatan", "kab", "kabupaten", "kota", "lokasi", "wilayah", "warga", "masyarakat",
    "setempat", "sepanjang", "sebanyak", "volume", "vol", "tahun", "ta", "anggaran", "usulan",
    "lanjutan", "no", "nomor", "the",
})  # fmt: skip

#: Words after which a number names the object (``SDN 2``, ``Gang 5``, ``SD Negeri 4``).
NAMING_WORDS = frozenset({
    "sdn", "sd", "smpn", "smp", "sman", "sma", "smkn", "smk", "mi", "mts", "tk", "paud", "negeri",
    "gang", "gg", "jalur", "blok", "lorong", "no", "nomor",
})  # fmt: skip

_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_GLUED = re.compile(r"([a-z]+)(\d+)")
#: Words before which a place name is dropped even when it is a single word: the kecamatan and
#: desa prefixes of :mod:`planlib.parse`, and the units below a desa.
PLACE_PREFIXES = frozenset(KECAMATAN_DESA_PREFIXES) | {"dusun", "dsn", "kampung", "kp"}


class KamusError(PlanlibError, ValueError):
    """A kamus usulan table that cannot be used (a missing column)."""


def fold_usulan(text: str) -> str:
    """Usulan text folded as the forum compares it: :func:`planlib.parse.fold`, numbers joined.

    Parameters
    ----------
    text : str
        An usulan, masalah or plan text.

    Returns
    -------
    str
        :func:`planlib.parse.fold` of the text after joining the thousands of
        a number (``1.200`` → ``1200``), so ``1.200 m`` and ``1200 m`` are the
        same words.

    Examples
    --------
    >>> fold_usulan("Peningk. Jln. RT.02, 1.200 m")
    'peningk jln rt 02 1200 m'
    """
    if "," in text or "." in text:
        text = _THOUSANDS.sub("", text)
    return fold(text)


def words(text: str) -> list[str]:
    """The folded words of ``text``, a number unglued from the word that names it.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        ``fold_usulan(text).split()``, with ``rt02`` → ``rt``, ``02`` (also ``rw``
        and the :data:`NAMING_WORDS`: ``sdn2`` → ``sdn``, ``2``); other
        glued words (``tps3r``, ``m2``) stay whole.
    """
    out: list[str] = []
    for w in fold_usulan(text).split():
        if w[-1].isdigit() and not w.isdigit():
            m = _GLUED.fullmatch(w)
            if m and (m.group(1) in NAMING_WORDS or m.group(1) in ("rt", "rw")):
                out += [m.group(1), m.group(2)]
                continue
        out.append(w)
    return out


def without_numbers(tokens: list[str]) -> list[str]:
    """Drop numbers (``03``, ``2x``) and the ``rt``/``rw`` in front of them.

    Parameters
    ----------
    tokens : list of str
        Words, e.g. from :func:`words`.

    Returns
    -------
    list of str
        The words that do not start with a digit, without an ``rt``/``rw``
        followed by a number.
    """
    keep = []
    for i, w in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if not w[0].isdigit() and not (w in ("rt", "rw") and nxt[:1].isdigit()):
            keep.append(w)
    return keep


def content_words(text: str) -> list[str]:
    """The words of a normalised text longer than two letters that are not :data:`STOPWORDS`.

    Parameters
    ----------
    text : str
        A normalised text (words separated by single spaces).

    Returns
    -------
    list of str
        The words in their order (repeats kept).
    """
    return [w for w in text.split() if len(w) > 2 and w not in STOPWORDS]


# --------------------------------------------------------------------------- the kamus


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
        with ``arti`` rewrites ``frasa`` into ``arti`` (an abbreviation, a
        spelling variant or a synonym, always towards the full words); a row
        with ``opd`` is evidence for that OPD (and for the node of its
        ``sub_kegiatan``) wherever ``frasa`` occurs.

    Raises
    ------
    KamusError
        The table has no ``frasa`` column, or neither ``arti`` nor ``opd``.
    """
    if path is None:
        df = pd.read_csv(io.StringIO(kamus_table_text()), dtype=str, keep_default_na=False)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = pd.Index([str(c).strip().lower() for c in df.columns])
    if "frasa" not in df.columns or not {"arti", "opd"} & set(df.columns):
        raise KamusError("Kamus usulan wajib punya kolom frasa, dan kolom arti atau opd.")
    for c in KAMUS_COLUMNS:
        df[c] = df[c].map(lambda v: clean_text(v) or "") if c in df.columns else ""
    return df.loc[df["frasa"] != "", KAMUS_COLUMNS].reset_index(drop=True)


def kamus_table_text() -> str:
    """The text of planlib's ``planlib/data/kamus_usulan.csv`` (its hash is part of cache keys).

    Returns
    -------
    str
        The CSV text (UTF-8).
    """
    return resources.files("planlib.data").joinpath("kamus_usulan.csv").read_text(encoding="utf-8")


def abbreviations_of(kamus: pd.DataFrame) -> dict[str, str]:
    """The rewrites of a kamus table: folded ``frasa`` → folded ``arti``.

    Parameters
    ----------
    kamus : DataFrame
        From :func:`load_kamus`.

    Returns
    -------
    dict
        One entry per row with an ``arti`` (the last row wins for a repeated
        ``frasa``).
    """
    return {
        fold_usulan(f): fold_usulan(a)
        for f, a in zip(kamus["frasa"], kamus["arti"], strict=True)
        if a and fold_usulan(f)
    }


@cache
def kamus_abbreviations() -> Mapping[str, str]:
    """The rewrites of planlib's own kamus (:func:`abbreviations_of` of :func:`load_kamus`)."""
    return abbreviations_of(load_kamus())


# --------------------------------------------------------------------------- normalising


def _phrases(items: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {tuple(k.split()): tuple(v.split()) for k, v in items if k.split()}


def _resolved(
    abbr: dict[tuple[str, ...], tuple[str, ...]],
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The rewrites with chains followed (``bant`` → ``bantuan`` → ``pengadaan``).

    Each replacement is rewritten word by word (the longest key first) until
    it no longer changes, at most a few rounds (a cycle stops there).
    """
    out = dict(abbr)
    longest = max(map(len, out), default=0)
    for _ in range(4):
        changed = False
        for key, value in out.items():
            new: list[str] = []
            i = 0
            while i < len(value):
                for n in range(min(longest, len(value) - i), 0, -1):
                    part = value[i : i + n]
                    if part in abbr and part != key:
                        new.extend(abbr[part])
                        i += n
                        break
                else:
                    new.append(value[i])
                    i += 1
            if tuple(new) != value:
                out[key], changed = tuple(new), True
        if not changed:
            break
    return out


@dataclass(frozen=True)
class Normaliser:
    """Turns usulan and plan text into comparable lower-case words.

    Works on :func:`words`, left to right: numbers are dropped (unless
    ``keep_numbers``), a place name is dropped (always after *desa*, *kel.*,
    *kec.* … (:data:`PLACE_PREFIXES`), elsewhere only a name of two words or
    more, as a one-word name may be an ordinary word), and the longest
    abbreviation starting at a word is rewritten into its full words
    (``jln`` → ``jalan``). The rewrites are repeated on the result until it no
    longer changes (``bedah RTLH`` → ``bedah rumah tidak layak huni`` →
    ``rehabilitasi rumah tidak layak huni``), so a normalised text is its own
    normal form.

    Parameters
    ----------
    singkatan : dict
        Folded phrase → folded replacement (e.g. :func:`kamus_abbreviations`).
    tempat : tuple of str
        Place names to drop (kecamatan, desa).
    keep_numbers : bool
        Keep numbers and ``rt``/``rw`` (duplicate finding reads them);
        the matcher drops them.
    """

    singkatan: Mapping[str, str] = field(default_factory=dict)
    tempat: tuple[str, ...] = ()
    keep_numbers: bool = False
    _abbr: dict[tuple[str, ...], tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _places: set[tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _max: int = field(init=False, repr=False, compare=False)
    _starts: set[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        abbr = _resolved(_phrases(self.singkatan.items()))
        places = {tuple(fold_usulan(t).split()) for t in self.tempat if t} - {()}
        object.__setattr__(self, "_abbr", abbr)
        object.__setattr__(self, "_places", places)
        object.__setattr__(self, "_max", max(map(len, [*abbr, *places]), default=0))
        object.__setattr__(self, "_starts", {k[0] for k in [*abbr, *places]})

    def _longest(self, tokens: list[str], i: int, table: Container[tuple[str, ...]]) -> int:
        """Length of the longest key of ``table`` starting at word ``i`` (0 when none)."""
        if i >= len(tokens) or tokens[i] not in self._starts:
            return 0
        for n in range(min(self._max, len(tokens) - i), 0, -1):
            if tuple(tokens[i : i + n]) in table:
                return n
        return 0

    def words(self, text: object) -> list[str]:
        """The normalised words of ``text`` (``[]`` for a missing value).

        Parameters
        ----------
        text : object
            A text; a missing value (None, NaN, blank) gives no words.

        Returns
        -------
        list of str
            The words, place names dropped and abbreviations written out.
        """
        s = clean_text(text)
        if s is None:
            return []
        tokens = words(s)
        if not self.keep_numbers:
            tokens = without_numbers(tokens)
        out: list[str] = []
        rewritten = False
        i = 0
        while i < len(tokens):
            if tokens[i] in PLACE_PREFIXES and (n := self._longest(tokens, i + 1, self._places)):
                i += 1 + n
                continue
            n = self._longest(tokens, i, self._places)
            if n > 1:
                i += n
                continue
            n = self._longest(tokens, i, self._abbr)
            out.extend(self._abbr[tuple(tokens[i : i + n])] if n else tokens[i : i + 1])
            rewritten = rewritten or n > 0
            i += max(n, 1)
        for _ in range(3 if rewritten else 0):  # a rewrite may complete a phrase (bedah RTLH)
            again = self._rewrite(out)
            if again == out:
                break
            out = again
        return out

    def _rewrite(self, tokens: list[str]) -> list[str]:
        """One left-to-right pass of the abbreviations alone over ``tokens``."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            n = self._longest(tokens, i, self._abbr)
            out.extend(self._abbr[tuple(tokens[i : i + n])] if n else tokens[i : i + 1])
            i += max(n, 1)
        return out

    def __call__(self, text: object) -> str:
        """The normalised text, words joined by spaces; ``""`` for a missing value."""
        return " ".join(self.words(text))

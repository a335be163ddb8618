"""Pattern tables that sort usulan: the Rakerda bidang (from Urusan or OPD) and the isu (from text).

A table is ``pola, bidang`` (or ``pola, isu``) rows: ``pola`` is a word or
phrase looked for as whole words, case- and punctuation-insensitively.

- **bidang** (:meth:`BidangRules.from_csv_text`): the Urusan, then the OPD
  tujuan of an usulan is folded and the first row that matches decides, so a
  specific row goes before a general one (``kesehatan hewan`` before
  ``kesehatan``). planlib ships ``planlib/data/bidang.csv``; a workspace may
  point ``[usulan] bidang = "bidang.csv"`` at its own copy, which ``planlib
  init`` writes for the analyst to edit.
- **isu** (:meth:`BidangRules.for_isu`): the Usulan, then the Masalah text is
  read as the forum reads it (:class:`planlib.teks.Normaliser` with the kamus
  rewrites: ``PJU`` → ``penerangan jalan umum``, ``talud`` → ``turap``), the
  patterns are rewritten the same way, and the pattern found **first in the
  text** decides (the longest one where two start at the same word). An
  Indonesian request names its object first (``drainase jalan``, ``jalan
  menuju sekolah``, ``rehab RTLH Desa Tambak``), so what comes later (the
  place, who benefits) does not decide; the order of the rows does not matter.
  A row marked ``lemah`` (weak: a work that takes the isu of what it serves,
  such as a retaining wall) decides only when no other pattern is found in the
  Usulan nor in the Masalah: ``talud jalan`` is a road, ``talud saluran
  irigasi`` farming, a ``talud penahan tanah`` alone a landslide defence.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .parse import clean_text, fold
from .teks import Normaliser, kamus_abbreviations

BIDANG = ("pembangunan manusia", "ekonomi", "infrastruktur", "pemerintahan")

#: What marks a weak row in a table's ``lemah`` column (folded).
WEAK_MARKS = frozenset({"ya", "y", "1", "x", "true", "lemah"})


@dataclass(frozen=True)
class BidangRules:
    """Ordered ``(pattern words, value)`` rules and how a text is matched against them.

    Parameters
    ----------
    rules : tuple of (str, str)
        The words of each pattern (already folded or normalised like the text)
        and the value it decides, in the order of the table.
    normalise : callable, optional
        Turns a text into the words the patterns are written in; ``None``
        folds it (:func:`planlib.parse.fold`).
    first_in_text : bool
        The pattern found first in the text decides (the longest of those
        starting at the same word; for one pattern in two rows, the first
        row); else the first row that matches anywhere.
    weak : frozenset of str
        Patterns that decide only when no other pattern is found (in any of
        the texts :meth:`assign` is given).
    """

    rules: tuple[tuple[str, str], ...]
    normalise: Callable[[str], str] | None = field(default=None, compare=False)
    first_in_text: bool = False
    weak: frozenset[str] = frozenset()
    #: (strong, weak) rules: (pattern, value) in table order, or one alternation of their words
    _tiers: tuple[tuple[tuple[re.Pattern, str], ...], ...] = field(
        init=False, repr=False, compare=False
    )
    _any: tuple[re.Pattern | None, ...] = field(init=False, repr=False, compare=False)
    _value: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        value: dict[str, str] = {}
        for key, v in self.rules:
            value.setdefault(key, v)
        tiers = tuple(
            tuple(
                (re.compile(rf"\b{re.escape(k)}\b"), v)
                for k, v in self.rules
                if (k in self.weak) == weak
            )
            for weak in (False, True)
        )
        any_ = tuple(
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")
            if self.first_in_text and keys
            else None
            for keys in (
                sorted((k for k in value if (k in self.weak) == weak), key=len, reverse=True)
                for weak in (False, True)
            )
        )
        object.__setattr__(self, "_tiers", tiers)
        object.__setattr__(self, "_any", any_)
        object.__setattr__(self, "_value", value)

    @classmethod
    def from_csv_text(
        cls,
        text: str,
        column: str = "bidang",
        *,
        normalise: Callable[[str], str] | None = None,
        first_in_text: bool = False,
    ) -> BidangRules:
        r"""Rules from CSV text with a ``pola`` column and the ``column`` it decides.

        Parameters
        ----------
        text : str
            The CSV text, e.g. of ``bidang.csv`` (``pola,bidang``) or ``isu.csv``
            (``pola,isu``); headers are compared case-insensitively, rows with an
            empty ``pola`` or value are skipped.
        column : str
            The column holding the value a pattern decides. Bidang are lower-cased
            (``"ekonomi"``); any other column keeps its spelling.
        normalise : callable, optional
            Applied to every ``pola`` and every text classified (e.g. a
            :class:`planlib.teks.Normaliser`); ``None`` folds both.
        first_in_text : bool
            See :class:`BidangRules`.

        A ``lemah`` column, when present, marks weak rows (``ya``; see
        :class:`BidangRules`).

        Returns
        -------
        BidangRules
            The rules in the order of the rows.

        Examples
        --------
        >>> rules = BidangRules.from_csv_text("pola,bidang\nJalan,Infrastruktur\n")
        >>> rules.classify("Pengaspalan jalan desa")
        'infrastruktur'
        """
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        df.columns = [c.strip().lower() for c in df.columns]
        words = normalise or fold
        lemah = df["lemah"] if "lemah" in df.columns else pd.Series("", index=df.index)
        rules: list[tuple[str, str]] = []
        weak: set[str] = set()
        strong: set[str] = set()
        for pola, value, w in zip(df["pola"], df[column], lemah, strict=True):
            key, v = words(pola), clean_text(value)
            if key and v:
                rules.append((key, v if column != "bidang" else v.lower()))
                (weak if fold(w) in WEAK_MARKS and key not in strong else strong).add(key)
        return cls(tuple(rules), normalise, first_in_text, frozenset(weak - strong))

    @classmethod
    def for_isu(cls, text: str) -> BidangRules:
        r"""The rules of an isu table (``pola, isu``): kamus words, the first pattern in the text decides.

        Parameters
        ----------
        text : str
            The CSV text of ``isu.csv`` (planlib's or a workspace's own).

        Returns
        -------
        BidangRules
            Patterns and texts normalised with planlib's kamus rewrites
            (:func:`planlib.teks.kamus_abbreviations`, numbers dropped), so
            ``PJU``, ``pju`` and ``penerangan jalan umum`` are one pattern; the
            pattern found first in the text decides.

        Examples
        --------
        >>> rules = BidangRules.for_isu("pola,isu\nsekolah,Pendidikan\njalan,Jalan\n")
        >>> rules.classify("Pembangunan jln menuju SDN 2"), rules.classify("Pagar SDN 2 di jalan poros")
        ('Jalan', 'Pendidikan')
        """
        return cls.from_csv_text(text, column="isu", normalise=_kamus_words(), first_in_text=True)

    @classmethod
    def default(cls) -> BidangRules:
        """planlib's own bidang table (``planlib/data/bidang.csv``).

        Returns
        -------
        BidangRules
            The rules that map an Urusan or OPD to one of :data:`BIDANG`.
        """
        return cls.from_csv_text(default_table_text())

    @classmethod
    def from_file(cls, path: str | Path) -> BidangRules:
        """The pattern table of a CSV file (``pola,bidang``; UTF-8 with or without BOM).

        Parameters
        ----------
        path : str or Path
            The workspace's bidang table (``[usulan] bidang = "bidang.csv"``).

        Returns
        -------
        BidangRules
            As :meth:`from_csv_text`.
        """
        return cls.from_csv_text(Path(path).read_text(encoding="utf-8-sig"))

    def classify(self, text: object, *, weak: bool | None = None) -> str | None:
        """The value of the deciding pattern found in ``text``; None when none matches or it is empty.

        Parameters
        ----------
        text : object
            An Urusan, OPD name or usulan text (anything; missing values give None).
            Patterns are looked for as whole words after folding (or
            :attr:`normalise`).
        weak : bool or None
            ``False``: only the strong patterns, ``True``: only the weak ones
            (:attr:`weak`); ``None``: the strong ones, then the weak ones.

        Returns
        -------
        str or None
            The bidang (or isu) of the first matching rule, or of the pattern
            found first in the text (:attr:`first_in_text`).
        """
        s = clean_text(text)
        if s is None:
            return None
        key = self.normalise(s) if self.normalise is not None else fold(s)
        for tier in (0, 1) if weak is None else (int(weak),):
            if self.first_in_text:
                found = self._any[tier]
                m = found.search(key) if found is not None else None
                if m:
                    return self._value[m.group()]
                continue
            for pattern, value in self._tiers[tier]:
                if pattern.search(key):
                    return value
        return None

    def assign(self, *columns: pd.Series) -> pd.Series:
        """Bidang of each row from the first of ``columns`` that any rule recognises.

        Parameters
        ----------
        *columns : Series
            Text columns aligned on the same index, in the order they are tried,
            e.g. ``urusan`` then ``opd_tujuan``.

        Returns
        -------
        Series
            The bidang (or isu) of each row, with the index of the first column;
            missing where no column matched. Weak patterns (:attr:`weak`) are
            tried only for rows no strong pattern of any column decided.
        """
        out = pd.Series(None, index=columns[0].index, dtype=object)
        for weak in (False, True) if self.weak else (False,):
            for col in columns:
                todo = out.isna()
                if not todo.any():
                    return out
                values = col[todo]
                mapping = {v: self.classify(v, weak=weak) for v in pd.unique(values.astype(object))}
                out.loc[todo] = values.map(mapping)
        return out


@functools.cache
def _kamus_words() -> Normaliser:
    """planlib's kamus rewrites, numbers dropped: what an isu pattern and an usulan are read as."""
    return Normaliser(kamus_abbreviations())


def default_table_text() -> str:
    """The text of planlib's default ``bidang.csv`` (what `planlib init` writes).

    Returns
    -------
    str
        CSV text with the columns ``pola`` and ``bidang``.
    """
    return resources.files("planlib.data").joinpath("bidang.csv").read_text(encoding="utf-8")

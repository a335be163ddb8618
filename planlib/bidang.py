"""The Rakerda grouping of usulan into four bidang, from Urusan or OPD.

The mapping is a table of ``pola, bidang`` rows: ``pola`` is a word or phrase
looked for (as whole words, case- and punctuation-insensitively) in the
Urusan, then in the OPD tujuan of an usulan; the first row that matches
decides. planlib ships a default table (``planlib/data/bidang.csv``); a
workspace may point ``[usulan] bidang = "bidang.csv"`` at its own copy, which
``planlib init`` writes for the analyst to edit.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .parse import clean_text, fold

BIDANG = ("pembangunan manusia", "ekonomi", "infrastruktur", "pemerintahan")


@dataclass(frozen=True)
class BidangRules:
    """Ordered (pattern, bidang) rules."""

    rules: tuple[tuple[re.Pattern, str], ...]

    @classmethod
    def from_csv_text(cls, text: str, column: str = "bidang") -> BidangRules:
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

        Returns
        -------
        BidangRules
            The rules in the order of the rows (the first match wins).

        Examples
        --------
        >>> rules = BidangRules.from_csv_text("pola,bidang\nJalan,Infrastruktur\n")
        >>> rules.classify("Pengaspalan jalan desa")
        'infrastruktur'
        """
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        df.columns = [c.strip().lower() for c in df.columns]
        rules = []
        for pola, bidang in zip(df["pola"], df[column], strict=True):
            key, b = fold(pola), clean_text(bidang)
            if key and b:
                rules.append(
                    (re.compile(rf"\b{re.escape(key)}\b"), b if column != "bidang" else b.lower())
                )
        return cls(tuple(rules))

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

    def classify(self, text: object) -> str | None:
        """The value of the first pattern found in ``text``; None when none matches or it is empty.

        Parameters
        ----------
        text : object
            An Urusan, OPD name or usulan text (anything; missing values give None).
            Patterns are looked for as whole words after case and punctuation
            folding.

        Returns
        -------
        str or None
            The bidang (or isu) of the first matching rule.
        """
        s = clean_text(text)
        if s is None:
            return None
        key = fold(s)
        for pattern, bidang in self.rules:
            if pattern.search(key):
                return bidang
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
            missing where no column matched.
        """
        out = pd.Series(None, index=columns[0].index, dtype=object)
        for col in columns:
            todo = out.isna()
            if not todo.any():
                break
            values = col[todo]
            mapping = {v: self.classify(v) for v in pd.unique(values.astype(object))}
            out.loc[todo] = values.map(mapping)
        return out


def default_table_text() -> str:
    """The text of planlib's default ``bidang.csv`` (what `planlib init` writes).

    Returns
    -------
    str
        CSV text with the columns ``pola`` and ``bidang``.
    """
    return resources.files("planlib.data").joinpath("bidang.csv").read_text(encoding="utf-8")

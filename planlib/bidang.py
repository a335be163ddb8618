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
        """Rules from CSV text with a ``pola`` column and the ``column`` it decides."""
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
        """planlib's own bidang table (``planlib/data/bidang.csv``)."""
        return cls.from_csv_text(default_table_text())

    @classmethod
    def from_file(cls, path: str | Path) -> BidangRules:
        """The pattern table of a CSV file (``pola,bidang``; UTF-8 with or without BOM)."""
        return cls.from_csv_text(Path(path).read_text(encoding="utf-8-sig"))

    def classify(self, text: object) -> str | None:
        """The value of the first pattern found in ``text``; None when none matches or it is empty."""
        s = clean_text(text)
        if s is None:
            return None
        key = fold(s)
        for pattern, bidang in self.rules:
            if pattern.search(key):
                return bidang
        return None

    def assign(self, *columns: pd.Series) -> pd.Series:
        """Bidang of each row from the first of ``columns`` that any rule recognises."""
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
    """The text of planlib's default ``bidang.csv`` (what `planlib init` writes)."""
    return resources.files("planlib.data").joinpath("bidang.csv").read_text(encoding="utf-8")

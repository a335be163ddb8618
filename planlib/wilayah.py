"""Administrative areas: the Kemendagri code list, name matching, and boundaries.

Kemendagri codes are hierarchical: ``63`` province, ``63.06`` kabupaten,
``63.06.02`` kecamatan, ``63.06.02.2001`` desa (4th segment 2xxx) or
kelurahan (1xxx). Every place name found in an input file is matched to a
code with :class:`NameMatcher`, in this order:

1. the code itself (``63.06.02`` or ``630602``);
2. the exact name, case-insensitively;
3. the normalised name: administrative prefixes removed (``Kec.``,
   ``Desa``), punctuation folded, abbreviations expanded from the
   harmonisation table ``planlib/data/singkatan.csv`` (``Pdg`` → ``Padang``);
4. the workspace's alias table (old names, local spellings → code);
5. fuzzy matching (rapidfuzz) above a threshold, when the best candidate
   is clearly better than the second; otherwise the name is ambiguous or
   unknown and the best candidates are returned as suggestions.

Only steps 1–4 are silent; a fuzzy match is reported as a warning with the
name it was matched to, and ambiguous or unknown names are never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from .parse import clean_text, fold, normalise_name
from .report import ROW, FileReport
from .tabular import read_table

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
_LEVEL_ALIASES = {
    "provinsi": "provinsi", "prov": "provinsi", "province": "provinsi",
    "kabupaten_kota": "kabupaten_kota", "kabupaten kota": "kabupaten_kota",
    "kabupaten": "kabupaten_kota", "kota": "kabupaten_kota", "kab": "kabupaten_kota",
    "kab kota": "kabupaten_kota", "kecamatan": "kecamatan", "kec": "kecamatan",
    "desa_kelurahan": "desa_kelurahan", "desa kelurahan": "desa_kelurahan", "desa": "desa_kelurahan",
    "kelurahan": "desa_kelurahan", "kel": "desa_kelurahan", "desa/kelurahan": "desa_kelurahan",
}  # fmt: skip
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2,3}(\.\d{4})?)?)?$")
_COMPACT_RE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$")

#: Score (0–100, rapidfuzz ``ratio`` on normalised names) from which a fuzzy match is accepted.
FUZZY_THRESHOLD = 85.0
#: The best candidate must beat the second by this many points, or the name is ambiguous.
FUZZY_MARGIN = 4.0
#: Candidates from this score on are offered as suggestions.
SUGGEST_FROM = 75.0


@cache
def abbreviations() -> dict[str, str]:
    """The token harmonisation table shipped with planlib (``pdg`` → ``padang``)."""
    text = resources.files("planlib.data").joinpath("singkatan.csv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        if "," in line:
            short, full = line.split(",", 1)
            out[short.strip().lower()] = full.strip().lower()
    return out


def level_of_code(kode: str) -> str | None:
    """The administrative level implied by the number of segments of a code.

    Parameters
    ----------
    kode : str
        A dotted Kemendagri code (``63.06.02``).

    Returns
    -------
    str or None
        One of :data:`LEVELS` (``provinsi`` … ``desa_kelurahan``); None for
        more than four segments.
    """
    n = kode.count(".") + 1
    return LEVELS[n - 1] if 1 <= n <= 4 else None


def normalise_code(value: object) -> str | None:
    """A Kemendagri code in its dotted form: ``630602`` or ``63.06.02`` → ``63.06.02``.

    Parameters
    ----------
    value : object
        A cell: text or number, with or without dots.

    Returns
    -------
    str or None
        The dotted code; None when the value is not a code.
    """
    s = clean_text(value)
    if s is None:
        return None
    s = s.replace(" ", "")
    if _CODE_RE.match(s):
        return s
    if _COMPACT_RE.match(s):
        parts = [s[:2], s[2:4], s[4:6], s[6:]]
        return ".".join(p for p in parts if p)
    return None


# --------------------------------------------------------------------------- matching


@dataclass
class MatchResult:
    """Outcome of matching one name."""

    kode: str | None
    metode: str  # kode, persis, normal, alias, mirip, ambigu, tidak_dikenal, kosong
    skor: float
    saran: str | None  # "Padang Batung?" or "Padang Batung? / Padang Batu?"


class NameMatcher:
    """Match place names (or codes) to Kemendagri codes, optionally within a parent area.

    Parameters
    ----------
    kode, nama : sequences
        The candidates.
    induk : sequence, optional
        The parent code of each candidate (the kecamatan of a desa), so that
        a name can be matched within its parent.
    aliases : dict, optional
        Extra names → code (the workspace's harmonisation table).
    threshold, margin : float
        Fuzzy matching acceptance; see :data:`FUZZY_THRESHOLD`.
    """

    def __init__(
        self,
        kode: Iterable[str],
        nama: Iterable[str],
        induk: Iterable[str | None] | None = None,
        aliases: dict[str, str] | None = None,
        threshold: float = FUZZY_THRESHOLD,
        margin: float = FUZZY_MARGIN,
    ) -> None:
        self.abbr = abbreviations()
        self.threshold, self.margin = threshold, margin
        c = pd.DataFrame({"kode": list(kode), "nama": list(nama)})
        c["induk"] = list(induk) if induk is not None else None
        c["exact"] = c["nama"].map(lambda s: (clean_text(s) or "").casefold())
        c["norm"] = c["nama"].map(lambda s: normalise_name(s, self.abbr) or "")
        self.candidates = c
        self.names = dict(zip(c["kode"], c["nama"], strict=True))
        self.parent = dict(zip(c["kode"], c["induk"], strict=True))
        self._by_exact = c.groupby("exact")["kode"].agg(list).to_dict()
        self._by_norm = c.groupby("norm")["kode"].agg(list).to_dict()
        self._alias: dict[str, str] = {}
        for name, given in (aliases or {}).items():
            kd = normalise_code(given)
            if kd is not None and kd in self.names:
                self._alias[normalise_name(name, self.abbr) or ""] = kd
        self._groups = (
            {
                g: (grp["kode"].tolist(), grp["norm"].tolist())
                for g, grp in c.groupby("induk", dropna=True)
            }
            if induk is not None
            else {}
        )
        self._all = (c["kode"].tolist(), c["norm"].tolist())
        self._cache: dict[tuple, MatchResult] = {}

    def match_one(self, name: object, induk: str | None = None) -> MatchResult:
        """Match one name, within ``induk`` when given (memoised).

        Parameters
        ----------
        name : object
            A place name or code as written in a file.
        induk : str, optional
            The parent code the name must lie in.

        Returns
        -------
        MatchResult
        """
        key = (name if isinstance(name, str) else clean_text(name), induk)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._match(name, induk)
        return hit

    def match(self, names: pd.Series, induk: pd.Series | None = None) -> pd.DataFrame:
        """Match a column of names.

        Parameters
        ----------
        names : Series
            Names or codes as written in a file.
        induk : Series, optional
            The parent code of each row (rows with none are matched anywhere).

        Returns
        -------
        DataFrame
            Columns ``kode``, ``metode``, ``skor``, ``saran`` on the index of ``names``.
        """
        parents = induk if induk is not None else pd.Series(None, index=names.index, dtype=object)
        res = [
            self.match_one(n, p if isinstance(p, str) else None)
            for n, p in zip(names, parents, strict=True)
        ]
        return pd.DataFrame(
            {
                "kode": [r.kode for r in res],
                "metode": [r.metode for r in res],
                "skor": [r.skor for r in res],
                "saran": [r.saran for r in res],
            },
            index=names.index,
        )

    def _within(self, kodes: list[str], induk: str | None) -> list[str]:
        if induk is None:
            return kodes
        return [k for k in kodes if self.parent.get(k) == induk]

    def _match(self, name: object, induk: str | None) -> MatchResult:
        text = clean_text(name)
        if text is None:
            return MatchResult(None, "kosong", 0.0, None)
        code = normalise_code(text)
        if code is not None:
            if code in self.names and (induk is None or self.parent.get(code) == induk):
                return MatchResult(code, "kode", 100.0, None)
            return MatchResult(None, "tidak_dikenal", 0.0, None)
        for method, table, key in (
            ("persis", self._by_exact, text.casefold()),
            ("normal", self._by_norm, normalise_name(text, self.abbr) or ""),
        ):
            found = self._within(table.get(key, []), induk)
            if len(found) == 1:
                return MatchResult(found[0], method, 100.0, None)
            if len(found) > 1:
                return MatchResult(None, "ambigu", 100.0, self._suggest(found))
        norm = normalise_name(text, self.abbr) or ""
        alias = self._alias.get(norm)
        if alias and (induk is None or self.parent.get(alias) == induk):
            return MatchResult(alias, "alias", 100.0, None)
        kodes, norms = self._groups.get(induk, ([], [])) if induk is not None else self._all
        if not kodes or not norm:
            return MatchResult(None, "tidak_dikenal", 0.0, None)
        best = process.extract(norm, norms, scorer=fuzz.ratio, limit=5)
        if not best:
            return MatchResult(None, "tidak_dikenal", 0.0, None)
        scored = [(kodes[i], s) for _, s, i in best]
        top_kode, top = scored[0]
        rivals = [(k, s) for k, s in scored[1:] if self.names[k] != self.names[top_kode]]
        second = rivals[0][1] if rivals else 0.0
        if top >= self.threshold:
            if top - second >= self.margin:
                return MatchResult(top_kode, "mirip", float(top), self._suggest([top_kode]))
            close = [top_kode] + [k for k, s in rivals if top - s < self.margin]
            return MatchResult(None, "ambigu", float(top), self._suggest(close))
        # for suggestions, partial and token matches help ("Daha" → "Daha Selatan? / Daha Utara?")
        loose = process.extract(norm, norms, scorer=fuzz.WRatio, limit=3, score_cutoff=SUGGEST_FROM)
        sugg = list(dict.fromkeys(kodes[i] for _, _, i in loose))
        return MatchResult(None, "tidak_dikenal", float(top), self._suggest(sugg) if sugg else None)

    def _suggest(self, kodes: list[str]) -> str:
        return " / ".join(f"{self.names[k]}?" for k in kodes)


# --------------------------------------------------------------------------- code list

KODE_FIELDS = {
    "kode": ["kode", "kode wilayah", "kode_wilayah", "kode kemendagri", "kode_kemendagri", "kd wilayah", "id"],
    "nama": ["nama", "nama wilayah", "wilayah", "name"],
    "level": ["level", "tingkat", "jenis"],
}  # fmt: skip


@dataclass
class Wilayah:
    """The code list of one kabupaten, with matchers for its kecamatan and desa.

    Attributes
    ----------
    kabupaten : str
        Kemendagri code of the kabupaten (``63.06``).
    nama : str
        Its name.
    kode : pandas.DataFrame
        The whole code list as loaded (kode, nama, level, induk): other
        kabupaten of the province are kept for rankings.
    """

    kabupaten: str
    nama: str
    kode: pd.DataFrame
    aliases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        k = self.kode
        self.kecamatan = k[
            (k["level"] == "kecamatan") & k["kode"].str.startswith(self.kabupaten + ".")
        ][["kode", "nama"]].reset_index(drop=True)
        desa = k[(k["level"] == "desa_kelurahan") & k["kode"].str.startswith(self.kabupaten + ".")]
        self.desa = desa.assign(kode_kec=desa["induk"])[["kode", "nama", "kode_kec"]].reset_index(
            drop=True
        )

    @cached_property
    def kecamatan_matcher(self) -> NameMatcher:
        """Matcher over the kabupaten's kecamatan."""
        return NameMatcher(self.kecamatan["kode"], self.kecamatan["nama"], aliases=self.aliases)

    @cached_property
    def desa_matcher(self) -> NameMatcher:
        """Matcher over the kabupaten's desa/kelurahan, within their kecamatan."""
        return NameMatcher(
            self.desa["kode"], self.desa["nama"], self.desa["kode_kec"], aliases=self.aliases
        )

    @property
    def provinsi(self) -> str:
        """The code of the province (``63`` for ``63.06``)."""
        return self.kabupaten.split(".")[0]

    def name_of(self, kode: str) -> str | None:
        """The name of a code in the code list.

        Parameters
        ----------
        kode : str
            A dotted code.

        Returns
        -------
        str or None
            Its name; None when the code is not in the list.
        """
        hit = self.kode.loc[self.kode["kode"] == kode, "nama"]
        return hit.iloc[0] if len(hit) else None

    def area_matcher(self) -> NameMatcher:
        """A matcher over the province, its kabupaten/kota and the nation (for BPS tables).

        Returns
        -------
        NameMatcher
            Matches names such as ``"Hulu Sungai Selatan"`` (without *Kabupaten*),
            ``"Kota Banjarmasin"`` and ``"Indonesia"``/``"Nasional"`` (code ``"00"``)
            to their codes, with the workspace's aliases.
        """
        return self._area_matcher

    @cached_property
    def _area_matcher(self) -> NameMatcher:
        k = self.kode[self.kode["level"].isin(["provinsi", "kabupaten_kota"])]
        names = k["nama"].tolist()
        kodes = k["kode"].tolist()
        # BPS tables write "Hulu Sungai Selatan" without "Kabupaten"; "Kota X" keeps "Kota"
        extra = {}
        for kd, nm in zip(kodes, names, strict=True):
            stripped = re.sub(r"^(kabupaten|kab\.?)\s+", "", nm, flags=re.I)
            if stripped != nm:
                extra[stripped] = kd
        extra.update({"Indonesia": "00", "Nasional": "00"})
        kodes, names = kodes + ["00"], names + ["Indonesia"]
        return NameMatcher(kodes, names, aliases=extra | self.aliases)


def load_kode_wilayah(
    path: str | Path, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load a Kemendagri code list (``kode, nama, level``; extra columns ignored).

    The level is taken from the ``level`` column when present (``provinsi``,
    ``kabupaten_kota``, ``kecamatan``, ``desa_kelurahan`` and common
    spellings), otherwise from the number of code segments.

    Parameters
    ----------
    path : str or Path
        The code list (spreadsheet or CSV) with a ``kode`` and a ``nama`` column.
    opts : dict or None
        The file's options in the workspace configuration: ``sheet``,
        ``header`` (Excel row of the header) and ``kolom`` (field → header text).

    Returns
    -------
    (DataFrame, FileReport)
        Columns ``kode`` (dotted, e.g. ``"63.06.02"``), ``nama``, ``level``,
        ``induk`` (parent code) and ``baris``; rows with an invalid or repeated
        code or an empty name are reported and left out.

    Raises
    ------
    PlanlibError
        The file cannot be read or has no ``kode`` or ``nama`` column.
    """
    opts = opts or {}
    report = FileReport(str(path), "kode_wilayah")
    t = read_table(
        path, KODE_FIELDS, report, required=["kode", "nama"], key_fields=["kode", "nama"],
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
    )  # fmt: skip
    df = t.df
    kode = df["kode"].map(normalise_code)
    df = report.drop(df, kode.isna(), "kode_tidak_sah", column=t.headers["kode"], values=df["kode"])
    df = df.assign(kode=kode.loc[df.index], nama=df["nama"].map(clean_text))
    df = report.drop(df, df["nama"].isna(), "wajib_kosong", column=t.headers["nama"])
    dup = df["kode"].duplicated()
    df = report.drop(df, dup, "kode_ganda", column=t.headers["kode"], values=df["kode"])
    implied = df["kode"].map(level_of_code)
    if "level" in df.columns:
        given = df["level"].map(lambda v: _LEVEL_ALIASES.get(fold(str(v)) if v is not None else ""))
        level = given.fillna(implied)
    else:
        level = implied
    df = df.assign(
        level=level, induk=df["kode"].map(lambda k: k.rsplit(".", 1)[0] if "." in k else None)
    )
    report.rows_loaded = len(df)
    return df[["kode", "nama", "level", "induk", ROW]].reset_index(drop=True), report


def load_aliases(path: str | Path) -> tuple[dict[str, str], FileReport]:
    """Load a name harmonisation table (``nama, kode``): old or local names → Kemendagri code.

    Parameters
    ----------
    path : path-like
        CSV or spreadsheet with a ``nama`` and a ``kode`` column.

    Returns
    -------
    (dict, FileReport)
        Name → dotted code; rows with an invalid code are reported.
    """
    report = FileReport(str(path), "alias_wilayah")
    t = read_table(
        path,
        {"nama": ["nama", "nama asli", "alias"], "kode": ["kode", "kode wilayah"]},
        report,
        required=["nama", "kode"],
        key_fields=["nama", "kode"],
    )
    df = t.df
    kode = df["kode"].map(normalise_code)
    df = report.drop(df, kode.isna(), "kode_tidak_sah", column=t.headers["kode"], values=df["kode"])
    report.rows_loaded = len(df)
    return dict(zip(df["nama"].map(clean_text), kode.loc[df.index], strict=True)), report

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

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

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
    "nasional": "nasional", "indonesia": "nasional", "negara": "nasional",
}  # fmt: skip
#: The code of the national row (Indonesia) in a code list, with level ``nasional``; BPS
#: writes ``0000``, planlib's indicator tables ``00`` (:func:`planlib.indikator.cells.parse_kode`).
NASIONAL = "00"
_ZEROS_RE = re.compile(r"^0+(\.0+)*$")
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
        One of :data:`LEVELS` (``provinsi`` … ``desa_kelurahan``), ``nasional``
        for :data:`NASIONAL`; None for more than four segments.
    """
    if kode == NASIONAL:
        return "nasional"
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
        The candidates. A code may come with several names (the forms a source
        writes it in); the first is its name in suggestions.
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
        self.names: dict[Any, Any] = {}
        self.parent: dict[Any, Any] = {}
        for kd, nm, ind in zip(c["kode"], c["nama"], c["induk"], strict=True):
            self.names.setdefault(kd, nm)  # the first name of a code is its name
            self.parent.setdefault(kd, ind)
        distinct = c.drop_duplicates(["kode", "norm"])  # forms that normalise alike count once
        self._by_exact = (
            c.drop_duplicates(["kode", "exact"]).groupby("exact")["kode"].agg(list).to_dict()
        )
        self._by_norm = distinct.groupby("norm")["kode"].agg(list).to_dict()
        self._alias: dict[str, str] = {}
        for name, given in (aliases or {}).items():
            kd = normalise_code(given)
            if kd is not None and kd in self.names:
                self._alias[normalise_name(name, self.abbr) or ""] = kd
        self._groups = (
            {
                g: (grp["kode"].tolist(), grp["norm"].tolist())
                for g, grp in distinct.groupby("induk", dropna=True)
            }
            if induk is not None
            else {}
        )
        self._all = (distinct["kode"].tolist(), distinct["norm"].tolist())
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
        # the dtypes are given, so no rows still make text columns (not float ones)
        return pd.DataFrame(
            {
                "kode": pd.Series([r.kode for r in res], index=names.index, dtype=object),
                "metode": pd.Series([r.metode for r in res], index=names.index, dtype=object),
                "skor": pd.Series([r.skor for r in res], index=names.index, dtype=float),
                "saran": pd.Series([r.saran for r in res], index=names.index, dtype=object),
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
        """A matcher over the nation, the provinces and kabupaten/kota of the list (for BPS tables).

        Besides the Kemendagri names it knows the forms BPS writes
        (:func:`area_forms`: ``"Lombok Timur"`` and ``"Kab. Lombok Timur"`` for
        the kabupaten, ``"Kota Bima"`` for the kota while ``"Bima"`` is the
        kabupaten, ``"Kep. Seribu"``), the names of the harmonisation table
        ``planlib/data/wilayah_bps.csv`` (``"Gunung Kidul"``, ``"Toba Samosir"``)
        and the workspace's aliases.

        Returns
        -------
        NameMatcher
            Codes of the list; ``"Indonesia"``/``"Nasional"`` are :data:`NASIONAL`
            (``"00"``), whether or not the list has a national row.
        """
        return self._area_matcher

    @cached_property
    def _area_matcher(self) -> NameMatcher:
        k = self.kode[self.kode["level"].isin(["nasional", "provinsi", "kabupaten_kota"])]
        official = dict(zip(k["kode"], k["nama"], strict=True))
        official.setdefault(NASIONAL, "Indonesia")
        kodes: list[str] = []
        names: list[str] = []
        for kd, nm in official.items():  # the official name first: it is the one suggested
            for form in [nm, *area_forms(kd, nm)]:
                kodes.append(kd)
                names.append(form)
        for kd, nm in bps_names():
            if kd in official:
                full = _with_prefix(kd, nm, official[kd])
                for form in [nm, full, *area_forms(kd, full)]:
                    kodes.append(kd)
                    names.append(form)
        return NameMatcher(kodes, names, aliases=self.aliases)


#: BPS writing conventions for the names of areas (regular expression on the Kemendagri
#: name → the form BPS writes), applied by :func:`area_forms`.
_BPS_FORMS: tuple[tuple[str, str], ...] = (
    (r"^Kabupaten (Administrasi )?(.+)$", r"\2"),  # "Lombok Timur": a kabupaten without prefix
    (r"^Kabupaten (Administrasi )?(.+)$", r"Kab. \2"),
    (r"^Kabupaten (Administrasi )?(.+)$", r"Kab \2"),
    (r"^Kabupaten Administrasi (.+)$", r"Kabupaten \1"),
    (r"^Kota Administrasi (.+)$", r"Kota \1"),  # "Kota Jakarta Selatan"
)


def area_forms(kode: str, nama: str) -> list[str]:
    """The names BPS may write for a province or kabupaten/kota, besides its Kemendagri name.

    A kabupaten is written without *Kabupaten* (``"Lombok Timur"``) or with
    ``Kab.``; a kota keeps *Kota* (``"Kota Bima"``, so ``"Bima"`` is the
    kabupaten); *Administrasi* is left out (``"Kota Jakarta Selatan"``);
    *Kepulauan* may be ``Kep.`` (``"Kep. Seribu"``, ``"Kep. Riau"``); a
    province may be preceded by *Provinsi*; Indonesia is also *Nasional*.

    Parameters
    ----------
    kode : str
        Its dotted code (:data:`NASIONAL` for Indonesia).
    nama : str
        Its name as the code list writes it (``"Kabupaten Lombok Timur"``).

    Returns
    -------
    list of str
        The other forms (may repeat ``nama``'s normalised form: they are
        counted once by :class:`NameMatcher`).

    Examples
    --------
    >>> area_forms("52.03", "Kabupaten Lombok Timur")
    ['Lombok Timur', 'Kab. Lombok Timur', 'Kab Lombok Timur']
    >>> "Kep. Seribu" in area_forms("31.01", "Kabupaten Administrasi Kepulauan Seribu")
    True
    """
    if kode == NASIONAL:
        return [f for f in ("Indonesia", "Nasional") if f != nama]
    forms = [f"Provinsi {nama}", f"Prov. {nama}"] if "." not in kode else []
    for pattern, form in _BPS_FORMS:
        if re.match(pattern, nama):
            forms.append(re.sub(pattern, form, nama))
    forms += [
        re.sub(r"\bKepulauan\b", "Kep.", f)
        for f in [nama, *forms]
        if re.search(r"\bKepulauan\b", f)
    ]
    return list(dict.fromkeys(f for f in forms if f != nama))


def _with_prefix(kode: str, name: str, official: str) -> str:
    """A name of :func:`bps_names` with the prefix of its level (``Kabupaten``/``Kota``)."""
    if "." not in kode or re.match(r"^(kabupaten|kota)\b", name, re.I):
        return name
    return ("Kota " if re.match(r"^kota\b", official, re.I) else "Kabupaten ") + name


@cache
def bps_names() -> tuple[tuple[str, str], ...]:
    """The harmonisation table of BPS names (``planlib/data/wilayah_bps.csv``): (kode, nama) pairs.

    Names BPS (or common usage) writes for a province or kabupaten/kota that no
    rule of :func:`area_forms` derives from the Kemendagri name: another
    spelling (``Gunung Kidul`` for *Gunungkidul*), an abbreviation (``Tanjab
    Barat``), a former name (``Toba Samosir`` for *Toba*). Each row names its
    source in the ``sumber`` column. Kabupaten/kota names are written without
    *Kabupaten*/*Kota*.

    Returns
    -------
    tuple of (str, str)
        Dotted code and name, in the order of the table.
    """
    text = resources.files("planlib.data").joinpath("wilayah_bps.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return tuple((str(normalise_code(r["kode"])), r["nama"].strip()) for r in rows)


def load_kode_wilayah(
    path: str | Path, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load a Kemendagri code list (``kode, nama, level``; extra columns ignored).

    The level is taken from the ``level`` column when present (``provinsi``,
    ``kabupaten_kota``, ``kecamatan``, ``desa_kelurahan`` and common
    spellings), otherwise from the number of code segments. The national row
    (Indonesia, for the indicators' comparisons) is code :data:`NASIONAL`
    (``00``; ``0`` and BPS's ``0000`` are read as such) with level
    ``nasional``.

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
    kode = df["kode"].map(_list_code)
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
    level = level.where(df["kode"] != NASIONAL, "nasional")
    df = df.assign(
        level=level, induk=df["kode"].map(lambda k: k.rsplit(".", 1)[0] if "." in k else None)
    )
    report.rows_loaded = len(df)
    return df[["kode", "nama", "level", "induk", ROW]].reset_index(drop=True), report


def _list_code(value: object) -> str | None:
    """A code of the code list: :func:`normalise_code`, the national row (``0``, ``0000``) as ``00``."""
    s = clean_text(value)
    if s is not None and _ZEROS_RE.match(s.replace(" ", "")):
        return NASIONAL
    return normalise_code(value)


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

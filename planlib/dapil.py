"""Dapil (DPRD electoral districts): which kecamatan, or which desa of a split kecamatan, belong to which Dapil.

:func:`load_dapil` reads, without configuration, the layouts a Dapil list comes in:

- **one row per kecamatan**: a ``Dapil`` column and a ``Kecamatan`` (name)
  and/or ``Kode Kecamatan`` column (the code wins when it is known);
- **one row per Dapil**, its kecamatan listed in one cell: separated by
  commas, semicolons, "dan", "serta", "&", " - " or new lines (Excel's
  Alt+Enter), with or without "Kec."/"Kecamatan", numbered ("1. Wonosari
  2. Playen", "1) …", "(1) …") or bulleted;
- either of them with **desa** (``Desa``/``Kode Desa``, one per row or listed
  in one cell) for a kecamatan split between Dapil;
- **the KPU table** (``jenis, kode_dapil, nama_dapil, tingkatan,
  kode_wilayah, nama, pecahan``, KPU Open Data, Pemilu 2024), the national
  file or one kabupaten's slice: only ``dprd_kabupaten_kota`` rows of this
  kabupaten are used; ``kecamatan`` rows give whole kecamatan, a split
  kecamatan has a ``pecahan_kecamatan`` row per part and ``desa_kelurahan``
  rows giving the part's desa.

Title rows above the header, a seat column (``Kursi``, ``Jumlah Kursi``,
``Alokasi Kursi``: kept as ``kursi``, the seats of the row's Dapil), totals
rows (``Jumlah``) and a Dapil cell left empty under the row that names it (a
merged cell saved as CSV: the row takes the Dapil above it, and the report
notes it) are read as a person reads them. Every way of writing a Dapil
("Lombok Timur 1", "DAPIL I", "Daerah Pemilihan 2", "1") becomes one label
(:func:`dapil_label`: "Dapil N").

Membership rules: every kecamatan of the code list is in exactly one Dapil,
or reported. A kecamatan listed whole in two Dapil is an error (the first
listing wins); a kecamatan split by desa is not, but a desa in two Dapil is;
the desa of a split kecamatan that no Dapil lists are reported
(``desa_tanpa_dapil``), and a kecamatan in no Dapil is reported and kept
without Dapil (``tanpa_dapil``), so it is still drawn and explained.

Row accounting. A row of the file counts as **loaded** when at least one
kecamatan or desa it lists is placed in its Dapil (a KPU
``pecahan_kecamatan`` row, which names a part of a kecamatan, when its
kecamatan is known). Each listed name that cannot be placed (unknown,
ambiguous, already in another Dapil …) is a problem on that row naming the
name at fault; on a loaded row it is not a dropped row. A row none of whose
names is placed is reported: all its problems are marked as not loaded.
So ``rows_in == rows_loaded + rows_reported`` holds for every file, however
many kecamatan a row lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .parse import clean_text, fold, is_missing, normalise_name, parse_number
from .report import ROW, FileReport, PlanlibError, Severity
from .tabular import TOTAL_RE, read_table
from .wilayah import MatchResult, NameMatcher, Wilayah, normalise_code

DAPIL_FIELDS = {
    "dapil": ["Dapil", "Daerah Pemilihan", "Nama Dapil", "Dapil DPRD", "Nama Daerah Pemilihan"],
    "kecamatan": [
        "Kecamatan", "Nama Kecamatan", "Kec", "Daftar Kecamatan", "Wilayah", "Wilayah Dapil",
        "Cakupan Wilayah", "Cakupan Kecamatan", "Wilayah Kecamatan", "Kecamatan yang Termasuk",
    ],
    "kode_kecamatan": ["Kode Kecamatan", "kode_kec", "kode_kec_kemendagri", "Kode Kec"],
    "desa": ["Desa", "Desa/Kelurahan", "Kelurahan/Desa", "Nama Desa", "Nama Desa/Kelurahan"],
    "kode_desa": ["Kode Desa", "Kode Desa/Kelurahan", "kode_desa_kemendagri", "Kode Kelurahan/Desa"],
    "kursi": [
        "Kursi", "Jumlah Kursi", "Alokasi Kursi", "kursi_dapil", "Jml Kursi", "Jumlah Kursi Dapil",
        "Alokasi Kursi Dapil",
    ],
    "kabupaten": ["Kabupaten", "Kabupaten/Kota"],
    "kode_kabupaten": ["kode_kab", "kode_kab_kemendagri", "Kode Kabupaten"],
    # the KPU table (kode_dapil is not needed: nama_dapil is the Dapil)
    "jenis": ["jenis", "Jenis Dapil"],
    "tingkatan": ["tingkatan", "Tingkatan Wilayah"],
    "kode_wilayah": ["kode_wilayah", "Kode Wilayah"],
    "nama_wilayah": ["nama", "Nama Wilayah"],
    "pecahan": ["pecahan", "Nama Pecahan"],
}  # fmt: skip

#: The columns of the membership table :func:`load_dapil` returns.
COLUMNS = ["dapil", "kode_kecamatan", "nama_kecamatan", ROW, "kursi", "kode_desa"]

_PLACES = ("kecamatan", "kode_kecamatan", "desa", "kode_desa")
_KEYS = ["dapil", *_PLACES, "kode_wilayah", "nama_wilayah"]
#: Match methods that need no report: a cell matched whole by these is one name, not a list.
_SURE = ("kode", "persis", "normal", "alias")
#: The KPU's ``jenis`` of a DPRD kabupaten/kota Dapil, folded.
_JENIS_KAB = {"dprd kabupaten kota", "dprd kabupaten", "dprd kota", "dprd kab kota", "dprd kab"}
_TINGKATAN = {
    "kecamatan": "kecamatan", "pecahan kecamatan": "pecahan", "desa kelurahan": "desa",
    "desa": "desa", "kelurahan": "desa",
}  # fmt: skip

# --------------------------------------------------------------------------- labels

_DAPIL_PREFIX = re.compile(r"^(?:daerah pemilihan|dapil)\s*")
_ROMAN = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10}
_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10,
}  # fmt: skip


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token and _ROMAN.match(token):
        vals = [_ROMAN_VALUE[c] for c in token]
        return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))
    return None


def dapil_label(value: object) -> str | None:
    """The one label of a Dapil however it is written: ``"Dapil N"`` when a number can be read.

    The number is the first word after "Dapil" or "Daerah Pemilihan", or else
    the last word; it may be written in digits, in Roman numerals or (alone
    after "Dapil") as an Indonesian number word. A kabupaten name beside it is
    dropped. Without a number the label is the text as written.

    Parameters
    ----------
    value : object
        A Dapil cell as typed ("Lombok Timur 1", "DAPIL I", "Daerah Pemilihan 2",
        "Dapil Lombok Timur 3", ``1``).

    Returns
    -------
    str or None
        ``"Dapil 1"`` …; the cleaned text when no number between 1 and 99 can be
        read; None for an empty cell.

    Examples
    --------
    >>> [dapil_label(v) for v in ("LOMBOK TIMUR 1", "Dapil II", "Daerah Pemilihan 3", 4, "dapil empat")]
    ['Dapil 1', 'Dapil 2', 'Dapil 3', 'Dapil 4', 'Dapil 4']
    >>> dapil_label("Dapil Kota")
    'Dapil Kota'
    """
    text = clean_text(value)
    if text is None:
        return None
    words = fold(text)
    prefix = _DAPIL_PREFIX.match(words)
    tokens = words[prefix.end() :].split() if prefix else words.split()
    n = None
    if tokens:
        if prefix and (len(tokens) == 1 or len(tokens[1]) > 1):  # "Dapil 3 A" is not "Dapil 3"
            n = _number(tokens[0])
        if n is None:
            n = _number(tokens[-1])
        if n is None and prefix and len(tokens) == 1:
            n = _NUMBER_WORDS.get(tokens[0])
    return f"Dapil {n}" if n is not None and 1 <= n <= 99 else text


# --------------------------------------------------------------------------- lists in one cell

_LIST_SEP = re.compile(
    r"[ \t]*(?:[,;&\n\r]|(?<!\S)(?:dan|serta)(?!\S)|(?<=\s)[-–—](?=\s))[ \t]*", re.I
)
_NUMBERING = re.compile(r"(?<!\S)(?:\(?\d{1,2}[.)]|[-–•·*▪])(?=\s|[^\W\d_])")


def split_names(value: object) -> list[str]:
    """The names listed in one cell, as typed (numbering, bullets and separators removed).

    Parameters
    ----------
    value : object
        A cell such as ``"Kec. Wonosari, Playen dan Paliyan"``,
        ``"1. Wonosari 2. Playen"`` or names on separate lines (Alt+Enter).

    Returns
    -------
    list of str
        The names in order; an item that is only "Kecamatan"/"Desa" (a label
        before the list) is left out. Empty for an empty cell.

    Examples
    --------
    >>> split_names("1. Kec. Wonosari 2. Playen; Semanu & Tepus")
    ['Kec. Wonosari', 'Playen', 'Semanu', 'Tepus']
    """
    if is_missing(value):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ")
    out = []
    for part in _LIST_SEP.split(text):
        for item in _NUMBERING.split(part):
            name = clean_text(item.strip(" \t:;,").rstrip("."))
            if name is not None and normalise_name(name) is not None:
                out.append(name)
    return out


def _items(value: object, sure: Callable[[str], bool]) -> list[str]:
    """One name when the whole cell is one, else the names listed in it."""
    whole = clean_text(value)
    if whole is None:
        return []
    return [whole] if sure(whole) else split_names(value)


# --------------------------------------------------------------------------- loading


@dataclass
class _Item:
    """One kecamatan (or desa) listed on one row, before and after matching."""

    pos: int
    row: int
    dapil: str
    kec: list[tuple[str, str | None]]  # candidates (text, column), tried in order
    desa: list[tuple[str, str | None]] = field(default_factory=list)
    part: bool = False  # a KPU pecahan_kecamatan row: names the kecamatan, places nothing
    value: str | None = None
    column: str | None = None
    report_kec: bool = True  # report a kecamatan that cannot be matched (once per row)


@dataclass
class _Problems:
    """Problems of item rows, recorded once the row's fate (loaded or not) is known."""

    items: list[tuple[int, int, dict]] = field(default_factory=list)

    def add(self, pos: int, row: int, code: str, **kw: object) -> None:
        self.items.append((pos, row, {"code": code, **kw}))


def load_dapil(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load Dapil membership from a Dapil list as people type it, or the KPU table.

    Parameters
    ----------
    path : str or Path
        The Dapil table (spreadsheet or CSV), in any layout of the module
        docstring.
    wilayah : Wilayah
        The code list the kecamatan and desa are matched against (its
        kabupaten decides which rows belong to this kabupaten).
    opts : dict or None
        The file's options in the workspace configuration: ``sheet``,
        ``header`` (Excel row of the header) and ``kolom`` (field → header text).

    Returns
    -------
    (DataFrame, FileReport)
        One row per kecamatan in a Dapil, and one per desa of a kecamatan split
        between Dapil: ``dapil`` (:func:`dapil_label`), ``kode_kecamatan``,
        ``nama_kecamatan``, ``baris`` (Excel row it was read from), ``kursi``
        (seats of the Dapil, nullable integer) and ``kode_desa`` (None for a
        whole kecamatan). The report names every row and every listed name left
        out and every kecamatan (and desa of a split kecamatan) in no Dapil.

    Raises
    ------
    PlanlibError
        The file cannot be read, has no ``Dapil`` column, or has neither a
        kecamatan nor a desa column.
    """
    opts = opts or {}
    report = FileReport(str(path), "dapil")
    t = read_table(
        path, DAPIL_FIELDS, report, required=["dapil"], key_fields=_KEYS,
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
    )  # fmt: skip
    df, h = t.df, t.headers
    foreign: list[tuple[pd.Series, str, str]] = []
    seats = None
    if "tingkatan" in h and ("kode_wilayah" in h or "nama_wilayah" in h):
        items, foreign = _kpu_items(df, h, wilayah, report)
    elif not any(f in h for f in _PLACES):
        raise PlanlibError(f"{Path(path).name}: kolom 'Kecamatan' tidak ditemukan.")
    else:
        items, seats = _list_items(df, h, wilayah, report)
    problems = _Problems()
    members, part_rows = _claim(_place(items, wilayah, problems), problems)
    loaded = {m.row for m in members} | part_rows
    for _pos, row, p in sorted(problems.items, key=lambda x: x[0]):
        report.add(dropped=row not in loaded, row=row, **p)
    out = _frame(members, wilayah)
    out["kursi"] = _kursi_of_dapil(out, seats, h.get("kursi"), report)
    _unplaced(out, wilayah, report)
    rest = t.df
    for mask, code, field_ in foreign:  # last: the problems of this kabupaten's rows come first
        rest = report.drop(rest, mask.reindex(rest.index, fill_value=False), code,
                           column=h[field_], values=rest[field_])  # fmt: skip
    report.rows_loaded = len(loaded)
    return out[COLUMNS], report


def _list_items(
    df: pd.DataFrame, h: dict[str, str], w: Wilayah, report: FileReport
) -> tuple[list[_Item], pd.DataFrame]:
    """Items of a typed list (one per listed kecamatan or desa), and each row's Dapil and seats."""
    if "kode_kabupaten" in h:
        kab = df["kode_kabupaten"].map(normalise_code)
        other = kab.notna() & (kab != w.kabupaten)
        df = report.drop(df, other, "di_luar_kabupaten", column=h["kode_kabupaten"],
                         values=df["kode_kabupaten"])  # fmt: skip
    label = df["dapil"].map(clean_text)
    place = [f for f in _PLACES if f in h]
    has_place = df[place].map(lambda v: not is_missing(v)).any(axis=1)
    first_place = pd.Series(
        [next((clean_text(v) for v in r if not is_missing(v)), None) for r in df[place].itertuples(index=False)],
        index=df.index, dtype=object,
    )  # fmt: skip
    total = label.fillna("").str.match(TOTAL_RE) | (
        label.isna() & first_place.fillna("").str.match(TOTAL_RE)
    )
    df = report.drop(df, total, "baris_total", values=label.where(label.notna(), first_place))
    label, has_place = label.loc[df.index], has_place.loc[df.index]
    # a Dapil cell merged over its kecamatan rows, saved as CSV, is empty below its first row
    above = label.ffill()
    inherit = label.isna() & has_place & above.notna()
    heading = label.notna() & ~has_place & inherit.shift(-1, fill_value=False).astype(bool)
    if inherit.any():
        rows = df.loc[inherit, ROW].tolist()
        shown = ", ".join(map(str, rows[:5])) + (" …" if len(rows) > 5 else "")
        report.note(
            f"kolom '{h['dapil']}' kosong di {len(rows)} baris ({shown}); diisi dengan Dapil "
            "baris di atasnya, seperti sel gabungan"
        )
    label = label.where(~inherit, above)
    # the seats of every row with a Dapil (a heading row's too) are its Dapil's
    df = df.assign(dapil=label.map(dapil_label))
    seats = df[label.notna()]
    df = report.drop(df, heading, "judul_dapil", column=h["dapil"], values=label)
    df = report.drop(df, label.loc[df.index].isna(), "wajib_kosong", column=h["dapil"])
    _note_labels(label.loc[df.index], df["dapil"], report)
    km, dm = w.kecamatan_matcher, w.desa_matcher
    items: list[_Item] = []
    empty: list[bool] = []
    for i, r in enumerate(df.to_dict("records")):
        row, dapil = int(r[ROW]), str(r["dapil"])
        kec = _choose(
            r, h, "kode_kecamatan", "kecamatan", lambda s: km.match_one(s).metode in _SURE
        )
        parent = km.match_one(kec[0][0]).kode if len(kec) == 1 else None

        def sure_desa(s: str, parent: str | None = parent) -> bool:
            return dm.match_one(s, parent).metode in _SURE

        desa = _choose(r, h, "kode_desa", "desa", sure_desa)
        # with desa, the row's one kecamatan is where they are looked for (it is reported once)
        ctx = kec if len(kec) == 1 else []
        for j, d in enumerate(desa):
            items.append(_Item(i * 1000 + j, row, dapil, ctx, [d], value=d[0], column=d[1],
                               report_kec=j == 0))  # fmt: skip
        for j, k in enumerate(kec if not desa else []):
            items.append(_Item(i * 1000 + j, row, dapil, [k], value=k[0], column=k[1]))
        empty.append(not desa and not kec)
    col = h.get("kecamatan") or h.get("kode_kecamatan") or h.get("desa") or h.get("kode_desa")
    report.drop(df, pd.Series(empty, index=df.index, dtype=bool), "kecamatan_kosong", column=col)
    return items, seats


def _choose(
    r: dict[Any, Any],
    h: dict[str, str],
    code_field: str,
    name_field: str,
    sure: Callable[[str], bool],
) -> list[tuple[str, str | None]]:
    """The names a row lists in a code column and/or a name column: the codes when all are known."""
    codes = _items(r[code_field], sure) if code_field in h else []
    names = _items(r[name_field], sure) if name_field in h else []
    if codes and (all(sure(c) for c in codes) or not names):
        return [(c, h[code_field]) for c in codes]
    return [(n, h[name_field]) for n in names]


def _note_labels(written: pd.Series, label: pd.Series, report: FileReport) -> None:
    """Say once which Dapil names were written differently from their label."""
    changed = dict.fromkeys(
        (str(a), str(b)) for a, b in zip(written, label, strict=True) if str(a) != str(b)
    )
    if changed:
        pairs = [f"'{a}' → '{b}'" for a, b in changed][:6]
        more = f" dan {len(changed) - 6} lainnya" if len(changed) > 6 else ""
        report.note("nama Dapil diseragamkan: " + ", ".join(pairs) + more)


def _kpu_items(
    df: pd.DataFrame, h: dict[str, str], w: Wilayah, report: FileReport
) -> tuple[list[_Item], list[tuple[pd.Series, str, str]]]:
    """Items of the KPU table; the rows of other jenis or other kabupaten, to report last."""
    foreign: list[tuple[pd.Series, str, str]] = []
    own = pd.Series(True, index=df.index)
    if "jenis" in h:
        jenis = df["jenis"].map(lambda v: fold(str(v)) if not is_missing(v) else "")
        other = ~jenis.isin(_JENIS_KAB)
        foreign.append((other, "dapil_jenis_lain", "jenis"))
        own &= ~other
    code_col = "kode_wilayah" if "kode_wilayah" in h else None
    if code_col:
        kode = df[code_col].map(normalise_code)
        mine = (kode == w.kabupaten) | kode.fillna("").str.startswith(w.kabupaten + ".")
        outside = own & kode.notna() & ~mine
        foreign.append((outside, "di_luar_kabupaten", code_col))
        own &= ~outside
    else:
        kode = pd.Series(None, index=df.index, dtype=object)
    df = df[own]
    df = report.drop(df, df["dapil"].map(clean_text).isna(), "wajib_kosong", column=h["dapil"])
    level = df["tingkatan"].map(
        lambda v: _TINGKATAN.get(fold(str(v))) if not is_missing(v) else None
    )
    df = report.drop(df, level.isna(), "tingkatan_tidak_dikenal", column=h["tingkatan"])
    named = (
        df["nama_wilayah"].map(clean_text).notna()
        if "nama_wilayah" in h
        else pd.Series(False, index=df.index)
    )
    col = h.get("kode_wilayah") or h["nama_wilayah"]
    df = report.drop(df, kode.loc[df.index].isna() & ~named, "kecamatan_kosong", column=col)
    written = df["dapil"].map(clean_text)
    df = df.assign(dapil=written.map(dapil_label))
    _note_labels(written, df["dapil"], report)
    name_h = h.get("nama_wilayah")
    items = []
    codes, levels = kode.loc[df.index].tolist(), level.loc[df.index].tolist()
    for i, (r, code, what) in enumerate(zip(df.to_dict("records"), codes, levels, strict=True)):
        name = clean_text(r["nama_wilayah"]) if name_h else None
        cands: list[tuple[str, str | None]] = [
            (c, h[f]) for c, f in ((code, "kode_wilayah"), (name, "nama_wilayah")) if c
        ]
        item = _Item(i, int(r[ROW]), str(r["dapil"]), cands, value=name or code,
                     column=name_h if name else h.get("kode_wilayah"))  # fmt: skip
        if what == "pecahan":
            item.part = True
        elif what == "desa":
            item.kec = [(code.rsplit(".", 1)[0], h["kode_wilayah"])] if code else []
            item.desa = cands
        items.append(item)
    return items, foreign


@dataclass
class _Placed:
    pos: int
    row: int
    dapil: str
    kode_kecamatan: str
    kode_desa: str | None
    part: bool
    value: str | None
    column: str | None


def _place(items: list[_Item], w: Wilayah, problems: _Problems) -> list[_Placed]:
    """Match each item's kecamatan (and desa); report the names that cannot be placed."""
    km, dm = w.kecamatan_matcher, w.desa_matcher
    out = []
    for it in items:
        kec, kec_fail = _match(km, it.kec, None)
        if kec_fail is not None and it.report_kec:
            text, col, res = kec_fail
            code, sev, reason = _failure(text, res, "kecamatan", w)
            problems.add(it.pos, it.row, code, column=col, value=text, suggestion=res.saran,
                         severity=sev, reason=reason)  # fmt: skip
        if kec is None and not it.desa:
            continue
        if kec is not None and kec[1].metode == "mirip" and it.report_kec:
            problems.add(it.pos, it.row, "kecamatan_mirip", column=kec[2], value=kec[0],
                         suggestion=kec[1].saran)  # fmt: skip
        kode_kec = kec[1].kode if kec is not None else None
        kode_desa = None
        if it.desa:
            desa, desa_fail = _match(dm, it.desa, kode_kec)
            if desa is None:
                assert desa_fail is not None
                text, col, res = desa_fail
                code, sev, reason = _failure(text, res, "desa", w, kode_kec is not None)
                problems.add(it.pos, it.row, code, column=col, value=text, suggestion=res.saran,
                             severity=sev, reason=reason)  # fmt: skip
                continue
            if desa[1].metode == "mirip":
                problems.add(it.pos, it.row, "desa_mirip", column=desa[2], value=desa[0],
                             suggestion=desa[1].saran)  # fmt: skip
            kode_desa = desa[1].kode
            kode_kec = dm.parent[kode_desa]
        assert kode_kec is not None
        out.append(_Placed(it.pos, it.row, it.dapil, kode_kec, kode_desa, it.part, it.value, it.column))  # fmt: skip
    return out


def _match(
    m: NameMatcher, cands: Sequence[tuple[str, str | None]], induk: str | None
) -> tuple[tuple[str, MatchResult, str | None] | None, tuple[str, str | None, MatchResult] | None]:
    """The first candidate that matches, else the failure of the last one tried."""
    fail = None
    for text, col in cands:
        res = m.match_one(text, induk)
        if res.kode is not None:
            return (text, res, col), None
        fail = (text, col, res)
    return None, fail


def _failure(
    text: str, res: MatchResult, what: str, w: Wilayah, within: bool = False
) -> tuple[str, Severity | None, str | None]:
    """Problem code, severity and reason for a kecamatan or desa name that cannot be placed."""
    code = normalise_code(text)
    if code is not None and not code.startswith(w.kabupaten + "."):
        return (
            "di_luar_kabupaten",
            "error",
            "wilayah di luar kabupaten ini; tidak dimasukkan ke Dapil",
        )
    if what == "kecamatan":
        return (
            ("kecamatan_ambigu" if res.metode == "ambigu" else "kecamatan_tidak_dikenal"),
            None,
            None,
        )
    if res.metode == "ambigu":
        return (
            "desa_ambigu",
            "error",
            "nama desa cocok dengan lebih dari satu desa; tidak dimasukkan ke Dapil",
        )
    where = "di kecamatan ini" if within else "di kabupaten ini"
    return "desa_tidak_dikenal", "error", f"desa tidak dikenal {where}; tidak dimasukkan ke Dapil"


@dataclass
class _Member:
    row: int
    dapil: str
    kode_kecamatan: str
    kode_desa: str | None


def _claim(placed: list[_Placed], problems: _Problems) -> tuple[list[_Member], set[int]]:
    """Give each kecamatan (or desa) to the first Dapil that lists it; report the others."""
    whole: dict[str, tuple[str, int]] = {}
    by_desa: dict[str, tuple[str, int]] = {}
    split: dict[str, list[str]] = defaultdict(list)
    members: list[_Member] = []
    parts: set[int] = set()
    for p in sorted(placed, key=lambda x: x.pos):
        kec, desa = p.kode_kecamatan, p.kode_desa
        where = {"column": p.column, "value": p.value}
        if p.part:
            parts.add(p.row)
        elif desa is None:
            if kec in whole:
                d, r = whole[kec]
                problems.add(p.pos, p.row, "dapil_berulang" if d == p.dapil else "dapil_ganda",
                             suggestion=f"sudah di {d} (baris {r})", **where)  # fmt: skip
            elif kec in split:
                problems.add(p.pos, p.row, "dapil_ganda", **where,
                             suggestion=f"sudah dibagi per desa: {', '.join(split[kec])}")  # fmt: skip
            else:
                whole[kec] = (p.dapil, p.row)
                members.append(_Member(p.row, p.dapil, kec, None))
        else:
            if kec in whole:
                d, r = whole[kec]
                problems.add(p.pos, p.row, "dapil_berulang" if d == p.dapil else "desa_dapil_ganda",
                             suggestion=f"kecamatannya sudah utuh di {d} (baris {r})", **where)  # fmt: skip
            elif desa in by_desa:
                d, r = by_desa[desa]
                problems.add(p.pos, p.row, "dapil_berulang" if d == p.dapil else "desa_dapil_ganda",
                             suggestion=f"sudah di {d} (baris {r})", **where)  # fmt: skip
            else:
                by_desa[desa] = (p.dapil, p.row)
                if p.dapil not in split[kec]:
                    split[kec].append(p.dapil)
                members.append(_Member(p.row, p.dapil, kec, desa))
    return members, parts


def _frame(members: list[_Member], w: Wilayah) -> pd.DataFrame:
    names = w.kecamatan_matcher.names
    return pd.DataFrame(
        {
            "dapil": pd.Series([m.dapil for m in members], dtype=object),
            "kode_kecamatan": pd.Series([m.kode_kecamatan for m in members], dtype=object),
            "nama_kecamatan": pd.Series([names[m.kode_kecamatan] for m in members], dtype=object),
            ROW: pd.Series([m.row for m in members], dtype="int64"),
            "kode_desa": pd.Series([m.kode_desa for m in members], dtype=object),
        }
    )


_KURSI_WORD = re.compile(r"\s*kursi\s*$", re.I)


def _seats(value: object) -> int | None:
    """Seats written in a cell (``9``, ``"9 kursi"``); ValueError when not a whole number ≥ 0."""
    text = clean_text(value)
    if text is None:
        return None
    x = parse_number(_KURSI_WORD.sub("", text))
    if x is None or x < 0 or not float(x).is_integer():
        raise ValueError(text)
    return int(x)


def _kursi_of_dapil(
    out: pd.DataFrame, seats: pd.DataFrame | None, col: str | None, report: FileReport
) -> pd.Series:
    """The seats of each member's Dapil: the first number written on a row of that Dapil."""
    if seats is None or col is None:
        return pd.Series(pd.NA, index=out.index, dtype="Int64")
    chosen: dict[str, tuple[int, int]] = {}
    for row, dapil, raw in zip(seats[ROW], seats["dapil"], seats["kursi"], strict=True):
        try:
            n = _seats(raw)
        except ValueError:
            report.add("angka_tidak_sah", row=int(row), column=col, value=clean_text(raw))
            continue
        if n is None:
            continue
        if dapil not in chosen:
            chosen[dapil] = (n, int(row))
        elif chosen[dapil][0] != n:
            first, at = chosen[dapil]
            report.add("kursi_berbeda", row=int(row), column=col, value=clean_text(raw),
                       suggestion=f"dipakai {first} (baris {at})")  # fmt: skip
    return pd.Series(
        [chosen[d][0] if d in chosen else pd.NA for d in out["dapil"]],
        index=out.index,
        dtype="Int64",
    )


def _unplaced(out: pd.DataFrame, w: Wilayah, report: FileReport) -> None:
    """Report every kecamatan in no Dapil, and every desa of a split kecamatan in none."""
    names = w.kecamatan_matcher.names
    for kd in sorted(set(names) - set(out["kode_kecamatan"])):
        report.add("tanpa_dapil", value=names[kd], suggestion=kd)
    split = out[out["kode_desa"].notna()]
    placed = set(split["kode_desa"])
    desa = w.desa[w.desa["kode_kec"].isin(set(split["kode_kecamatan"]))]
    for kd, nama, kec in zip(desa["kode"], desa["nama"], desa["kode_kec"], strict=True):
        if kd not in placed:
            report.add("desa_tanpa_dapil", value=f"{nama} (Kec. {names[kec]})", suggestion=kd)


# --------------------------------------------------------------------------- per kecamatan, per desa


def dapil_per_kecamatan(dapil: pd.DataFrame) -> pd.DataFrame:
    """The Dapil of each kecamatan of a membership table (as :func:`load_dapil` returns it).

    A whole kecamatan has its Dapil. A kecamatan split between Dapil by desa
    gets the Dapil of most of its listed desa (the first listed among equals);
    the others are kept in ``dapil_pecahan``.

    Parameters
    ----------
    dapil : DataFrame
        ``dapil``, ``kode_kecamatan`` and, for split kecamatan, ``kode_desa``
        (a table without ``kode_desa`` has whole kecamatan only).

    Returns
    -------
    DataFrame
        Indexed by ``kode_kecamatan``: ``dapil`` and ``dapil_pecahan`` (the
        other Dapil of a split kecamatan's desa, comma-separated in the order
        listed; None for a whole kecamatan).

    Examples
    --------
    >>> m = pd.DataFrame({"dapil": ["Dapil 1", "Dapil 2", "Dapil 2"], "kode_kecamatan": ["k"] * 3,
    ...                   "kode_desa": ["d1", "d2", "d3"]})
    >>> dapil_per_kecamatan(m).loc["k"].tolist()
    ['Dapil 2', 'Dapil 1']
    """
    cols = ["dapil", "dapil_pecahan"]
    if not len(dapil):
        return pd.DataFrame(columns=cols, index=pd.Index([], name="kode_kecamatan"), dtype=object)
    desa = (
        dapil["kode_desa"] if "kode_desa" in dapil.columns else pd.Series(None, index=dapil.index)
    )
    rows: dict[str, tuple[str, str | None]] = {}
    for kec, g in dapil.assign(_desa=desa).groupby("kode_kecamatan", sort=False):
        whole = g[g["_desa"].isna()]
        if len(whole):
            rows[str(kec)] = (str(whole["dapil"].iloc[0]), None)
            continue
        counts: dict[str, int] = {}
        for d in g["dapil"]:  # in the order listed
            counts[str(d)] = counts.get(str(d), 0) + 1
        top = max(counts, key=lambda d: counts[d])  # the first of equals
        others = [d for d in counts if d != top]
        rows[str(kec)] = (top, ", ".join(others) or None)
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols, dtype=object)
    out.index.name = "kode_kecamatan"
    return out


def dapil_per_desa(dapil: pd.DataFrame) -> pd.Series:
    """The Dapil of each desa listed by desa (the desa of split kecamatan).

    Parameters
    ----------
    dapil : DataFrame
        A membership table (as :func:`load_dapil` returns it).

    Returns
    -------
    Series
        ``kode_desa`` → ``dapil``; empty when no kecamatan is split (or the
        table has no ``kode_desa`` column).
    """
    if "kode_desa" not in dapil.columns:
        return pd.Series(dtype=object, name="dapil")
    by = dapil[dapil["kode_desa"].notna()]
    return pd.Series(
        by["dapil"].to_numpy(), index=by["kode_desa"].to_numpy(), dtype=object, name="dapil"
    )

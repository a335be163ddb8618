"""Each kecamatan or desa a Dapil list names, placed on its code and given to the first Dapil that lists it.

The typed list (:mod:`planlib.dapil.typed`) and the KPU table
(:mod:`planlib.dapil.kpu`) become the same items: one listed kecamatan (or
desa) of one row. Here they are matched against the code list, each is claimed
by the first Dapil that lists it (the membership rules of
:mod:`planlib.dapil.load`), and the names that cannot be placed are kept as
problems of their row until the row's fate is known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..report import ROW, FileReport, Severity
from ..wilayah import MatchResult, NameMatcher, Wilayah, normalise_code


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

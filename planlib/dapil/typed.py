"""A Dapil list as people type it: one row per kecamatan, or one per Dapil with its kecamatan in one cell.

Totals rows, a Dapil cell left empty under the row that names it (a merged
cell saved as CSV), codes beside names and the seat column (``kursi``) are read
as a person reads them (the layouts: :mod:`planlib.dapil.load`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..parse import clean_text, is_missing, parse_number
from ..report import ROW, FileReport
from ..tabular import TOTAL_RE
from ..wilayah import Wilayah, normalise_code
from .assign import _Item
from .cells import _items, _note_labels, dapil_label

_PLACES = ("kecamatan", "kode_kecamatan", "desa", "kode_desa")


#: Match methods that need no report: a cell matched whole by these is one name, not a list.
_SURE = ("kode", "persis", "normal", "alias")


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

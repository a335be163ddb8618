"""The observations of a loaded indicator table: checked, typed, and repeats resolved.

Both layouts (:mod:`planlib.indikator.long`, :mod:`planlib.indikator.wide`)
end in :func:`finish`: wilayah out of scope are reported, every column is
named and typed (:data:`planlib.indikator.catalogue.COLUMNS`), the pandera
schema is enforced, and a repeated observation — same wilayah, tahun,
periode, indikator and seri — is reported as ``indikator_duplikat`` or
``indikator_bertentangan`` (:func:`resolve_repeats`; the first one wins).
One sheet row of a wide table holds several observations, so a problem marks
its row as dropped only when none of the row's observations remains.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..parse import is_missing
from ..report import ROW, FileReport, Severity
from ..schema import enforce
from ..wilayah import Wilayah
from .catalogue import COLUMNS, INDIKATOR, LEVELS, canonical_indikator, level_of, text_column
from .cells import format_nilai

if TYPE_CHECKING:
    import pandera.pandas as pa


@functools.cache
def _schema() -> pa.DataFrameSchema:
    """The pandera schema (built on first use: importing pandera costs ~0.3 s)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "kode_wilayah": pa.Column(nullable=False),
            "indikator": pa.Column(nullable=False),
            "level": pa.Column(
                checks=pa.Check.isin(list(LEVELS), error="tingkat wilayah tidak dikenal"),
                nullable=False,
            ),
            "tahun": pa.Column(
                "int64", pa.Check.in_range(1900, 2100, error="tahun di luar 1900–2100")
            ),
            "nilai": pa.Column(
                float,
                pa.Check(lambda s: np.isfinite(s), error="nilai bukan angka terhingga"),
                nullable=False,
            ),
        },
        name="indikator",
        strict=False,
    )


_KEY = ["kode_wilayah", "tahun", "periode", "indikator", "seri"]
_TEXT = ["kode_wilayah", "nama_wilayah", "level", "periode", "indikator", "nama_indikator",
         "satuan", "seri", "sumber", "berkas"]  # fmt: skip
_DTYPES = {"tahun": "int64", "nilai": "float64", ROW: "int64"}


#: Maps a frame of observations to the identity of their sheet rows.
RowsOf = Callable[[pd.DataFrame], pd.Series]


def drop_observations(
    report: FileReport,
    df: pd.DataFrame,
    mask: pd.Series,
    code: str,
    *,
    values: str | pd.Series | None = None,
    suggestions: pd.Series | None = None,
    severity: Severity | None = None,
    rows_of: RowsOf | None = None,
) -> pd.DataFrame:
    """Report the observations where ``mask`` holds and return the others.

    A problem is marked as dropping its sheet row only when no other
    observation of that row remains (see the row accounting in
    :func:`planlib.indikator.load.load_indikator`).

    Parameters
    ----------
    report : FileReport
        Receives one problem per observation.
    df : pandas.DataFrame
        Observations with :data:`~planlib.report.ROW` (and ``_kolom``, the
        header of the cell, when known; ``nilai`` otherwise).
    mask : pandas.Series of bool
        The observations to drop (missing counts as False).
    code : str
        The reason, a key of :data:`planlib.report.REASONS`.
    values : str or pandas.Series, optional
        The values to quote: a column of ``df`` or a series on its index;
        the formatted ``nilai`` by default.
    suggestions : pandas.Series, optional
        A suggestion per observation.
    severity : {"error", "warning"}, optional
        Overrides the reason's severity.
    rows_of : callable, optional
        Maps the frame to the row identity: the Excel row by default; the
        file and row in :func:`planlib.indikator.load.combine_indikator`.

    Returns
    -------
    pandas.DataFrame
        The observations kept.
    """
    mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
    if not mask.any():
        return df
    ident = rows_of(df) if rows_of is not None else df[ROW]
    left = set(ident[~mask])
    vals = df[values] if isinstance(values, str) else values
    if vals is None:
        vals = df["nilai"].map(
            lambda x: format_nilai(x) if isinstance(x, float) and x == x else None
        )
    hit = df.index[mask]
    kolom = df.loc[hit, "_kolom"].tolist() if "_kolom" in df.columns else ["nilai"] * len(hit)
    sugg = suggestions.loc[hit].tolist() if suggestions is not None else [None] * len(hit)
    for row, column, value, suggestion, ident_i in zip(
        df.loc[hit, ROW].tolist(), kolom, vals.loc[hit].tolist(), sugg, ident.loc[hit].tolist(),
        strict=True,
    ):  # fmt: skip
        report.add(
            code,
            row=int(row),
            column=column,
            value=value,
            suggestion=suggestion,
            severity=severity,
            dropped=ident_i not in left,
        )
    return df.loc[~mask]


def finish(
    df: pd.DataFrame, w: Wilayah, report: FileReport, berkas: str, headers: dict[str, str]
) -> pd.DataFrame:
    """Keep the wilayah in scope, name and type every column, resolve repeats.

    Parameters
    ----------
    df : pandas.DataFrame
        The observations a layout read: ``kode_wilayah``, ``nama_asli``,
        ``tahun``, ``periode``, ``indikator_asli``, ``nilai``, ``satuan``,
        ``seri``, ``sumber``, :data:`~planlib.report.ROW`, ``_kolom``.
    w : Wilayah
        The code list: observations of the nation, of the kabupaten's own
        province and of its kecamatan and desa are kept.
    report : FileReport
        Receives the problems.
    berkas : str
        The file name, for the ``berkas`` column.
    headers : dict
        Field → header as written, for the schema's messages.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~planlib.indikator.catalogue.COLUMNS`, typed (:func:`typed`).
    """
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "str")) for c in COLUMNS})
    prov = w.provinsi
    known = set(w.kode["kode"])
    kode = df["kode_wilayah"]
    head = kode.map(lambda k: k.split(".")[0] if isinstance(k, str) else None)
    other = (kode != "00") & (head != prov)
    df = drop_observations(
        report, df, other, "di_luar_kabupaten", values=df["nama_asli"].fillna(kode)
    )
    kode = df["kode_wilayah"]
    deep = (kode.str.count(r"\.") >= 2) & ~kode.isin(known)
    df = drop_observations(
        report, df, deep, "wilayah_tidak_dikenal", values=kode,
        suggestions=pd.Series("kode tidak ada di daftar kode wilayah", index=df.index),
    )  # fmt: skip
    indikator = df["indikator_asli"].map(canonical_indikator)
    names = dict(zip(w.kode["kode"], w.kode["nama"], strict=False)) | {"00": "Indonesia"}
    level = df["kode_wilayah"].map(level_of)
    default_periode = indikator.map(lambda k: INDIKATOR.get(k, {}).get("periode"))
    local = level.isin(["kabupaten", "kecamatan", "desa"])
    periode = df["periode"].where(df["periode"].notna() | ~local, default_periode)
    satuan = df["satuan"].where(
        df["satuan"].notna(), indikator.map(lambda k: INDIKATOR.get(k, {}).get("satuan"))
    )
    out = pd.DataFrame(
        {
            "kode_wilayah": df["kode_wilayah"],
            "nama_wilayah": df["kode_wilayah"].map(names).fillna(df["nama_asli"]),
            "level": level,
            "tahun": df["tahun"].astype("int64"),
            "periode": periode,
            "indikator": indikator,
            "nama_indikator": indikator.map(lambda k: INDIKATOR.get(k, {}).get("nama")).fillna(
                df["indikator_asli"]
            ),
            "nilai": df["nilai"].astype(float),
            "satuan": satuan,
            "seri": df["seri"],
            "sumber": df["sumber"],
            ROW: df[ROW].astype("int64"),
            "berkas": berkas,
            "_kolom": df["_kolom"],
        },
        index=df.index,
    )
    scratch = FileReport(report.path, report.kind)
    kept = enforce(out, _schema(), scratch, headers)
    left = set(kept[ROW])
    report.problems += [replace(p, dropped=p.row not in left) for p in scratch.problems]
    kept = resolve_repeats(kept, report, lambda d: d[ROW], lambda d: "baris " + d[ROW].astype(str))
    return typed(kept.drop(columns="_kolom"))


def resolve_repeats(
    df: pd.DataFrame,
    report: FileReport,
    rows_of: RowsOf,
    where: Callable[[pd.DataFrame], pd.Series],
) -> pd.DataFrame:
    """Drop later observations of the same key: duplicates and conflicts (first one kept).

    Parameters
    ----------
    df : pandas.DataFrame
        Observations, in priority order.
    report : FileReport
        Receives ``indikator_duplikat`` (same value) or ``indikator_bertentangan``
        (another value; a warning naming the value kept) for each repeat.
    rows_of : callable
        The row identity of each observation (see :func:`drop_observations`).
    where : callable
        How to name an observation in a suggestion (``"baris 12"``).

    Returns
    -------
    pandas.DataFrame
        The first observation of each key.
    """
    if df.empty:
        return df
    keys = zip(*(df[c].map(lambda v: "" if is_missing(v) else v) for c in _KEY), strict=True)
    nilai = df["nilai"].tolist()
    at = where(df).tolist()
    seen: dict[tuple[Hashable, ...], int] = {}
    code: list[str | None] = [None] * len(df)
    sugg: list[str | None] = [None] * len(df)
    for n, k in enumerate(keys):
        first = seen.setdefault(k, n)
        if first == n:
            continue
        if math.isclose(nilai[n], nilai[first], rel_tol=1e-9, abs_tol=1e-9):
            code[n], sugg[n] = "indikator_duplikat", f"sama dengan {at[first]}"
        else:
            code[n] = "indikator_bertentangan"
            sugg[n] = f"dipakai {format_nilai(nilai[first])} ({at[first]})"
    gone = pd.Series([c is not None for c in code], index=df.index)
    if not gone.any():
        return df
    ident = rows_of(df)
    left = set(ident[~gone])
    kolom = df["_kolom"].tolist() if "_kolom" in df.columns else ["nilai"] * len(df)
    rows, ids = df[ROW].tolist(), ident.tolist()
    for n, c in enumerate(code):
        if c is None:
            continue
        report.add(
            c,
            row=int(rows[n]),
            column=kolom[n],
            value=format_nilai(nilai[n]),
            suggestion=sugg[n],
            severity="warning",
            dropped=ids[n] not in left,
        )
    return df.loc[~gone]


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`COLUMNS` with fixed dtypes, however the frame was made.

    Text columns use pandas' string dtype (``str``, NaN for missing), which
    survives the Parquet cache unchanged.

    Parameters
    ----------
    df : DataFrame
        Indicator observations with at least the columns of :data:`COLUMNS`.

    Returns
    -------
    DataFrame
        Exactly the columns of :data:`COLUMNS`, in that order, numbered from 0:
        ``tahun`` and ``baris`` int64, ``nilai`` float64, the others ``str``.
    """
    out = df.copy()
    for c in _TEXT:
        if c in out.columns:
            out[c] = text_column(out[c])
    out["tahun"] = out["tahun"].astype("int64")
    out["nilai"] = out["nilai"].astype("float64")
    out[ROW] = out[ROW].astype("int64")
    return out[COLUMNS].reset_index(drop=True)

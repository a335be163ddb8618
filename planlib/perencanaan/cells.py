"""The cells of the planning documents: IDs, numbers, years, default satuan; the table read and finished."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..indikator import INDIKATOR, text_column
from ..indikator.cells import number_parser, parse_year
from ..parse import clean_text, is_missing
from ..report import ROW, FileReport
from ..tabular import Table, read_table


def _id(value: object) -> str | None:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _ids(s: pd.Series) -> pd.Series:
    return pd.Series([_id(v) for v in s], index=s.index, dtype=object)


def _ensure(df: pd.DataFrame, fields: dict) -> pd.DataFrame:
    for f in fields:
        if f not in df.columns:
            df[f] = None
    return df


def _numbers(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of numbers: (values as float, mask of cells that are not numbers)."""
    parse = number_parser(s)
    vals, bad = [], []
    for v in s:
        if is_missing(v):
            vals.append(np.nan)
            bad.append(False)
            continue
        try:
            x = parse(v)
            vals.append(np.nan if x is None else float(x))
            bad.append(False)
        except (ValueError, TypeError, OverflowError):
            vals.append(np.nan)
            bad.append(True)
    return pd.Series(vals, index=s.index, dtype=float), pd.Series(bad, index=s.index, dtype=bool)


def _years(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of years: (Int64 values, mask of filled cells that are not years)."""
    vals: list[int | None] = []
    bad: list[bool] = []
    for v in s:
        if is_missing(v):
            vals.append(None)  # missing in the Int64 array, as pd.NA
            bad.append(False)
            continue
        try:
            vals.append(parse_year(v))
            bad.append(False)
        except ValueError:
            vals.append(None)
            bad.append(True)
    return (
        pd.Series(pd.array(vals, dtype="Int64"), index=s.index),
        pd.Series(bad, index=s.index, dtype=bool),
    )


def _default_satuan(satuan: pd.Series, keys: pd.Series) -> pd.Series:
    default = keys.map(lambda k: INDIKATOR.get(k, {}).get("satuan") if k else None)
    return pd.Series(
        [s if s is not None else d for s, d in zip(satuan, default, strict=True)],
        index=satuan.index,
        dtype=object,
    )


def _read(
    path: str | Path,
    fields: dict[str, list[str]],
    report: FileReport,
    required: list[str],
    key_fields: list[str],
    opts: dict[str, Any],
) -> Table:
    """:func:`planlib.tabular.read_table` with the ``sheet``, ``header`` and ``kolom`` options."""
    return read_table(
        path, fields, report, required=required, key_fields=key_fields,
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
    )  # fmt: skip


def _finish(df: pd.DataFrame, columns: list[str], report: FileReport) -> pd.DataFrame:
    """The output columns with stable dtypes (text as ``str``, as read back from the cache)."""
    out = df[columns].reset_index(drop=True)
    for c in out.columns:
        if c != ROW and (out[c].dtype == object or pd.api.types.is_string_dtype(out[c])):
            out[c] = text_column(out[c])
    out[ROW] = out[ROW].astype("int64")
    report.rows_loaded = len(out)
    return out

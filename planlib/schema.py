"""Schemas checked at the edge of every loader (pandera, ``lazy=True``).

A loader parses the cells of its file into typed columns, then calls
:func:`enforce` with the pandera schema of that input. All failures come back
at once; each failing row is reported (and not loaded) with the check's
message, written in Bahasa Indonesia through the ``error=`` argument of the
check. A schema failure that is not about rows (a missing column) means the
loader itself is wrong and is raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .report import FileReport

if TYPE_CHECKING:
    import pandera.pandas as pa

_BUILTIN_MESSAGES = {
    "not_nullable": "kolom wajib kosong",
    "field_uniqueness": "nilai ganda",
    "dtype": "tipe data salah",
    "coerce_dtype": "tipe data salah",
}


def enforce(
    df: pd.DataFrame, schema: pa.DataFrameSchema, report: FileReport, headers: dict[str, str]
) -> pd.DataFrame:
    """Validate ``df`` lazily; report and drop every failing row, return the rest.

    Parameters
    ----------
    df : pandas.DataFrame
        Parsed rows, with the Excel row number in column ``baris``.
    schema : pandera.DataFrameSchema
        The input's schema; row checks carry Indonesian ``error`` messages.
    report : FileReport
        Receives one problem per failing row and column.
    headers : dict
        Field → header text of the file, so problems name the column as the
        analyst sees it.

    Returns
    -------
    DataFrame
        ``df`` without the rows that failed (``df`` itself when none did); each
        failure is reported as ``nilai_tidak_sah`` with its Excel row, column and
        value. A failure not tied to a row (a mistake in the schema) raises
        ``RuntimeError``.
    """
    import pandera.pandas as pa

    try:
        schema.validate(df, lazy=True)
        return df
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    row_cases = cases[cases["index"].notna()]
    if len(row_cases) < len(cases):
        other = cases[cases["index"].isna()]
        raise RuntimeError(f"schema {schema.name}: {other.to_dict('records')}")
    bad_index: set = set()
    for (column, check), grp in row_cases.groupby(["column", "check"], dropna=False, sort=False):
        idx = [i for i in grp["index"].tolist() if i in df.index]
        if not idx:
            continue
        msg = _message(schema, column, str(check))
        sub = df.loc[idx]
        mask = pd.Series(True, index=sub.index)
        report.drop(
            sub,
            mask,
            "nilai_tidak_sah",
            column=headers.get(column, column),
            values=grp.set_index("index").loc[idx, "failure_case"].tolist(),
            reason=msg,
        )
        bad_index.update(idx)
    return df.drop(index=list(bad_index))


def _message(schema: pa.DataFrameSchema, column: str, check: str) -> str:
    col = schema.columns.get(column)
    if col is not None:
        for c in col.checks:
            if (c.name == check or str(c) == check or c.error == check) and c.error:
                return c.error
    for key, msg in _BUILTIN_MESSAGES.items():
        if check.startswith(key):
            return msg
    return check

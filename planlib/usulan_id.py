"""The ID of an usulan (and of a pokir): the one written in the export, or one made from its content.

**Identity.** A row with an ID Usulan keeps it. A row without one (every row
of the short layout) gets ``H`` + 10 hex digits of a SHA-1 over what
identifies the proposal and does not change while it moves through the
stages of a planning year: :data:`IDENTITY_FIELDS` (pengusul, usulan text,
masalah, the kecamatan and desa as matched to the code list, alamat, volume
and satuan as parsed, from ``Koefisien`` in the short layout), each folded
(case, accents, punctuation and spacing ignored), and the planning year.
Places count by their Kemendagri code, so a later download that adds a
Kecamatan column, or spells a name differently, keeps the IDs; a desa without
a code counts by its text as written. Status, catatan, the rekomendasi columns, OPD tujuan,
anggaran, urusan and kategori are left out on purpose: they are what a later
download of the same export changes, so the forum decisions, overrides and
lineage recorded under an ID stay attached to it. Two rows with the same
identity in one export (the same pengusul asking the same thing twice) are
both kept: the first gets the plain hash, the n-th ``H…-n`` in file order,
and a ``usulan_kembar`` warning names the first row.

:func:`given_ids` normalises the written IDs and tells a re-export of a row
from a clash; :func:`made_ids` gives the rows without one their content ID
(:func:`identity_key`). :mod:`planlib.usulan` and :mod:`planlib.pokir` (prefix
``P``) both take these steps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd

from .parse import as_written, clean_text, fold
from .report import ROW, FileReport

#: What identifies an usulan without ID Usulan (with the planning year): see :func:`identity_key`.
IDENTITY_FIELDS = [
    "pengusul", "usulan", "masalah", "kode_kecamatan", "kode_desa", "alamat", "volume", "satuan",
]  # fmt: skip


def _id_text(v: object) -> str | None:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return clean_text(v)


def _identity_text(v: object) -> str:
    """One identity field folded, so a re-export's spacing, case or accents do not count."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return "" if v != v else f"{float(v):g}"
    s = clean_text(v)
    return fold(s) if s is not None else ""


def identity_key(df: pd.DataFrame, tahun: int) -> pd.Series:
    """The text an usulan without ID Usulan is identified by (see the module docstring).

    Parameters
    ----------
    df : DataFrame
        Loaded rows: ``pengusul``, ``usulan``, ``masalah``, ``alamat``,
        ``kode_kecamatan``, ``kode_desa`` (the desa text as written where it
        has no code), ``volume`` (parsed) and ``satuan``; missing columns
        count as empty.
    tahun : int
        The planning year.

    Returns
    -------
    Series of str
        The folded fields and the year, joined by ``\\x1f``.
    """

    def col(name: str) -> pd.Series:
        if name in df.columns:
            return df[name].map(_identity_text).astype(object)
        return pd.Series("", index=df.index, dtype=object)

    desa = col("kode_desa").where(col("kode_desa") != "", "?" + col("desa_asli"))
    key = pd.Series(str(int(tahun)), index=df.index, dtype=object)
    for part in (col("pengusul"), col("usulan"), col("masalah"), col("kode_kecamatan"), desa,
                 col("alamat"), col("volume"), col("satuan")):  # fmt: skip
        key = key + "\x1f" + part
    return key


def given_ids(
    df: pd.DataFrame,
    report: FileReport,
    h: dict[str, str],
    fields: Iterable[str],
) -> pd.DataFrame:
    """Normalise the IDs written in the file (``id_usulan``) and resolve duplicated ones.

    A repeated ID on a row whose other ``fields`` are the same is a re-export
    (``id_ganda_sama``, dropped); with other content it is an error
    (``id_ganda_beda``, dropped, the first kept).

    Parameters
    ----------
    df : DataFrame
        The rows read, with ``id_usulan`` and the ``fields`` columns.
    report : FileReport
        Receives the dropped rows.
    h : dict
        Field → header text as found in the file.
    fields : iterable of str
        The fields compared to tell a re-export from a clash (``no`` and the ID excluded).

    Returns
    -------
    DataFrame
        The rows kept, ``id_usulan`` as clean text (``None`` where empty).
    """
    content = pd.Series("", index=df.index, dtype=object)
    for c in fields:
        if c not in ("no", "id_usulan"):
            content = content + "\x1f" + as_written(df[c]).fillna("").astype(object)
    df = df.assign(id_usulan=df["id_usulan"].map(_id_text), _content=content)
    given = df["id_usulan"].notna()
    dup = given & df["id_usulan"].duplicated(keep="first")
    if dup.any():
        first = df[given].drop_duplicates("id_usulan").set_index("id_usulan")
        same = dup & (df["_content"] == df["id_usulan"].map(first["_content"]))
        where = "baris " + df["id_usulan"].map(first[ROW]).astype("Int64").astype(str)
        col = h.get("id_usulan")
        df = report.drop(
            df, same, "id_ganda_sama", column=col, values=df["id_usulan"], suggestions=where
        )
        differ = df["id_usulan"].notna() & df["id_usulan"].duplicated(keep="first")
        df = report.drop(
            df, differ, "id_ganda_beda", column=col, values=df["id_usulan"],
            suggestions="ID sama dengan " + where.loc[df.index],
        )  # fmt: skip
    return df.drop(columns="_content")


def made_ids(
    df: pd.DataFrame,
    report: FileReport,
    h: dict[str, str],
    has_id: bool,
    tahun: int,
    prefix: str = "H",
) -> pd.DataFrame:
    """Give every row without an ID its content ID (``prefix`` + hash, ``-n`` for the n-th twin).

    Parameters
    ----------
    df : DataFrame
        Loaded rows (``id_usulan`` empty where the file has none).
    report : FileReport
        Receives ``usulan_kembar`` and ``id_kosong`` warnings.
    h : dict
        Field → header text.
    has_id : bool
        Whether the file has an ID column (an empty cell in it is reported).
    tahun : int
        The planning year (part of :func:`identity_key`).
    prefix : str
        The ID's first letter(s): ``H`` for usulan.

    Returns
    -------
    DataFrame
        ``df`` with every ``id_usulan`` filled.
    """
    missing = df["id_usulan"].isna()
    if not missing.any():
        return df
    rows = df.loc[missing]
    key = identity_key(rows, tahun)
    digest = key.map(lambda s: prefix + hashlib.sha1(s.encode("utf-8")).hexdigest()[:10])
    nth = key.groupby(key, sort=False).cumcount()
    made = pd.Series(
        [d if n == 0 else f"{d}-{n + 1}" for d, n in zip(digest, nth, strict=True)],
        index=rows.index,
        dtype=object,
    )
    twin = nth > 0
    if twin.any():
        first_row = rows[ROW].groupby(key, sort=False).transform("first").astype(str)
        report.warn(
            rows, twin, "usulan_kembar", column=h.get("usulan"), values=rows["usulan"],
            suggestions=("sama dengan baris " + first_row + "; ID " + made)[twin],
        )  # fmt: skip
    if has_id:
        report.warn(rows, pd.Series(True, index=rows.index), "id_kosong",
                    column=h["id_usulan"], suggestions=made)  # fmt: skip
    return df.assign(id_usulan=df["id_usulan"].astype(object).where(~missing, made))

"""A Dapil membership table read per kecamatan (its Dapil, the others of a split one) and per desa."""

from __future__ import annotations

import pandas as pd


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

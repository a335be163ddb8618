"""Where OPD meet: the overlap matrix of the Forum Lintas Perangkat Daerah.

Several OPD often answer the same need in the same place: Dinas Sosial,
DP2KB, DP3A and Dinas Kesehatan on stunting, disability or poverty; PUPR and
Perkim on jalan lingkungan and air bersih. The overlap view shows, for every
pair of OPD, how many desa (or isu, or desa-and-isu) both reach through their
usulan and their Renja sub-kegiatan, and lists what lies behind each cell, so
that an usulan one OPD cannot take can be moved to another that already works
there.

What an OPD *reaches*:

- an **usulan** reaches its ``kode_desa`` and its ``isu`` and belongs to the
  OPD in ``opd_col`` (``opd_tujuan`` by default; a matcher's suggestion such as
  ``opd_saran`` can be passed instead);
- a **Renja** row reaches the desa of its ``kode_wilayah``: one desa when the
  code is a desa code, **every desa of the kecamatan** when it is a kecamatan
  code (a sub-kegiatan located at kecamatan level serves the whole
  kecamatan). A row located at kabupaten level, or without a location, is left
  out of the desa views: it would meet every OPD everywhere. Its isu is read
  from the sub-kegiatan, kegiatan and program names with the same pattern
  table as the usulan (:attr:`planlib.workspace.Workspace.isu_rules`).

The isu ``Lainnya`` (no pattern matched) is not an issue two OPD can share
and is left out of the isu views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix

from ..bidang import BidangRules
from ..parse import clean_column

if TYPE_CHECKING:
    from ..workspace import Workspace

By = Literal["desa", "isu", "desa_isu"]
LAINNYA = "Lainnya"
#: Columns of :func:`overlap_items` (and of :func:`reach`).
ITEM_COLUMNS = [
    "kunci", "kode_desa", "nama_desa", "isu", "sumber", "opd", "id", "uraian", "anggaran",
    "jangkauan",
]  # fmt: skip


def _isu_rules(rules: BidangRules | None) -> BidangRules:
    if rules is not None:
        return rules
    from ..usulan import isu_rules

    return isu_rules()


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(None, index=df.index, dtype=object)


def _desa_table(desa: pd.DataFrame | Iterable[str] | None, usulan: pd.DataFrame) -> pd.DataFrame:
    """``kode``, ``nama``, ``kode_kec`` of the desa a kecamatan-level Renja row reaches."""
    if isinstance(desa, pd.DataFrame):
        d = pd.DataFrame({"kode": desa["kode"].astype(str), "nama": _col(desa, "nama")})
    else:
        codes = list(desa) if desa is not None else []
        names = usulan.drop_duplicates("kode_desa").set_index("kode_desa")["nama_desa"]
        if not codes:  # only the desa the usulan name
            codes = [c for c in names.index if isinstance(c, str)]
        d = pd.DataFrame({"kode": [str(c) for c in codes]})
        d["nama"] = d["kode"].map(names)
    d["kode_kec"] = d["kode"].str.rsplit(".", n=1).str[0]
    return d.drop_duplicates("kode").reset_index(drop=True)


def reach(
    usulan: pd.DataFrame,
    renja: pd.DataFrame | None = None,
    *,
    by: By = "desa",
    opd_col: str = "opd_tujuan",
    desa: pd.DataFrame | Iterable[str] | None = None,
    rules: BidangRules | None = None,
) -> pd.DataFrame:
    """Every (OPD, desa/isu) an usulan or a Renja row reaches, one row per item and key.

    Parameters
    ----------
    usulan : DataFrame
        Usulan with ``opd_col``, ``kode_desa``, ``nama_desa``, ``id_usulan``,
        ``usulan``, ``anggaran`` and, for the isu views, ``isu`` (as added by
        :func:`planlib.rekap.usulan_tahun`; derived from the text when absent).
    renja : DataFrame, optional
        ``Workspace.renja`` (``opd``, ``sub_kegiatan``, ``kode_sub_kegiatan``,
        ``kode_wilayah``, ``lokasi``, ``pagu``, ``program``, ``kegiatan``).
    by : {"desa", "isu", "desa_isu"}
        What two OPD share: a desa, an isu, or the same isu in the same desa.
    opd_col : str
        The usulan column naming the OPD.
    desa : DataFrame or iterable of str, optional
        The kabupaten's desa (``kode``, ``nama``; e.g. ``Workspace.wilayah.desa``),
        to spread kecamatan-level Renja rows; by default the desa of the usulan.
    rules : BidangRules, optional
        The isu pattern table; planlib's default when omitted.

    Returns
    -------
    DataFrame
        Columns :data:`ITEM_COLUMNS`; ``kunci`` is the shared key (desa code,
        isu, or ``"<desa> · <isu>"``), ``jangkauan`` tells how a Renja row
        reaches the desa (``"desa"`` or ``"kecamatan"``).
    """
    if by not in ("desa", "isu", "desa_isu"):
        raise ValueError(f"by harus 'desa', 'isu' atau 'desa_isu', bukan {by!r}")
    if opd_col not in usulan.columns:
        raise KeyError(f"Kolom OPD '{opd_col}' tidak ada pada tabel usulan.")
    parts = [_usulan_items(usulan, opd_col, by, rules)]
    if renja is not None and len(renja):
        parts.append(_renja_items(renja, _desa_table(desa, usulan), by, rules))
    items = pd.concat([p for p in parts if len(p)] or [parts[0]], ignore_index=True)
    if by in ("isu", "desa_isu"):
        items = items[items["isu"].notna() & (items["isu"] != LAINNYA)]
    if by in ("desa", "desa_isu"):
        items = items[items["kode_desa"].notna()]
    items = items[items["opd"].notna()].copy()
    if by == "desa":
        items["kunci"] = items["kode_desa"]
    elif by == "isu":
        items["kunci"] = items["isu"]
    else:
        items["kunci"] = items["kode_desa"] + " · " + items["isu"]
    return items[ITEM_COLUMNS].reset_index(drop=True)


def _usulan_items(
    usulan: pd.DataFrame, opd_col: str, by: str, rules: BidangRules | None
) -> pd.DataFrame:
    if by != "desa" and "isu" in usulan.columns:
        isu = usulan["isu"].astype(object)
    elif by != "desa":
        isu = _isu_rules(rules).assign(_col(usulan, "usulan"), _col(usulan, "masalah"))
    else:
        isu = pd.Series(None, index=usulan.index, dtype=object)
    return pd.DataFrame(
        {
            "kode_desa": clean_column(_col(usulan, "kode_desa")),
            "nama_desa": _col(usulan, "nama_desa").astype(object),
            "isu": isu.astype(object).where(isu.notna(), LAINNYA),
            "sumber": "usulan",
            "opd": clean_column(usulan[opd_col]),
            "id": _col(usulan, "id_usulan").astype(object),
            "uraian": _col(usulan, "usulan").astype(object),
            "anggaran": pd.to_numeric(_col(usulan, "anggaran"), errors="coerce"),
            "jangkauan": "desa",
        }
    )


def _renja_items(
    renja: pd.DataFrame, desa: pd.DataFrame, by: str, rules: BidangRules | None
) -> pd.DataFrame:
    r = pd.DataFrame(
        {
            "kode_wilayah": clean_column(_col(renja, "kode_wilayah")),
            "opd": clean_column(renja["opd"]),
            "id": _col(renja, "kode_sub_kegiatan").astype(object),
            "uraian": _col(renja, "sub_kegiatan").astype(object),
            "anggaran": pd.to_numeric(_col(renja, "pagu"), errors="coerce"),
        }
    )
    r["id"] = r["id"].where(r["id"].notna(), r["uraian"])
    if by != "desa":
        isu = _isu_rules(rules).assign(
            _col(renja, "sub_kegiatan"), _col(renja, "kegiatan"), _col(renja, "program")
        )
        r["isu"] = isu.where(isu.notna(), LAINNYA).to_numpy()
    else:
        r["isu"] = None
    level = r["kode_wilayah"].map(lambda k: k.count(".") if isinstance(k, str) else -1)
    if by == "isu":  # no place needed: every Renja row counts once, wherever it is
        jangkauan = np.select([level == 3, level == 2], ["desa", "kecamatan"], "kabupaten")
        out = r.assign(kode_desa=None, jangkauan=jangkauan)
    else:
        at_desa = r[level == 3].assign(kode_desa=lambda x: x["kode_wilayah"], jangkauan="desa")
        at_kec = r[level == 2].merge(
            desa[["kode", "kode_kec"]], left_on="kode_wilayah", right_on="kode_kec", how="inner"
        )
        at_kec = at_kec.assign(kode_desa=at_kec["kode"], jangkauan="kecamatan")
        out = pd.concat([at_desa, at_kec], ignore_index=True)
    out["nama_desa"] = out["kode_desa"].map(desa.set_index("kode")["nama"])
    out["sumber"] = "renja"
    return out[[c for c in ITEM_COLUMNS if c != "kunci"]]


def overlap_matrix(
    usulan: pd.DataFrame,
    renja: pd.DataFrame | None = None,
    *,
    by: By = "desa",
    opd_col: str = "opd_tujuan",
    desa: pd.DataFrame | Iterable[str] | None = None,
    rules: BidangRules | None = None,
) -> pd.DataFrame:
    """OPD × OPD: how many desa (or isu, or desa-and-isu) two OPD both reach.

    Parameters
    ----------
    usulan : DataFrame
        Usulan with ``opd_col``, ``kode_desa``, ``nama_desa``, ``id_usulan``,
        ``usulan``, ``anggaran`` and, for the isu views, ``isu`` (see :func:`reach`).
    renja : DataFrame, optional
        ``Workspace.renja`` (the OPD's sub-kegiatan with their location and pagu).
    by : {"desa", "isu", "desa_isu"}
        What two OPD share: a desa, an isu, or the same isu in the same desa.
    opd_col : str
        The usulan column naming the OPD.
    desa : DataFrame or iterable of str, optional
        The kabupaten's desa, to spread kecamatan-level Renja rows.
    rules : BidangRules, optional
        The isu pattern table; planlib's default when omitted.

    Returns
    -------
    DataFrame
        Square, symmetric, indexed and columned by OPD name (sorted); cell
        ``[a, b]`` is the number of keys both reach, the diagonal the number
        of keys each OPD reaches.
    """
    return matrix_of(reach(usulan, renja, by=by, opd_col=opd_col, desa=desa, rules=rules))


def matrix_of(items: pd.DataFrame) -> pd.DataFrame:
    """:func:`overlap_matrix` from the rows of :func:`reach` (reuse them for :func:`items_of`).

    Parameters
    ----------
    items : DataFrame
        What :func:`reach` returns (``opd`` and ``kunci`` are used).

    Returns
    -------
    DataFrame
        As :func:`overlap_matrix`: OPD × OPD counts of shared keys (int).
    """
    pairs = items[["opd", "kunci"]].drop_duplicates()
    opd, o = np.unique(pairs["opd"].astype(str), return_inverse=True)
    _, k = np.unique(pairs["kunci"].astype(str), return_inverse=True)
    incidence = coo_matrix(
        (np.ones(len(pairs), dtype=np.int64), (o, k)),
        shape=(len(opd), int(k.max()) + 1 if len(k) else 0),
    ).tocsr()
    shared = (incidence @ incidence.T).toarray()
    return pd.DataFrame(shared, index=pd.Index(opd, name="opd"), columns=pd.Index(opd, name="opd"))


def overlap_items(
    usulan: pd.DataFrame,
    renja: pd.DataFrame | None,
    opd_a: str,
    opd_b: str,
    *,
    by: By = "desa",
    opd_col: str = "opd_tujuan",
    desa: pd.DataFrame | Iterable[str] | None = None,
    rules: BidangRules | None = None,
) -> pd.DataFrame:
    """The list behind one cell of :func:`overlap_matrix`.

    Parameters
    ----------
    usulan : DataFrame
        Usulan, as for :func:`reach`.
    renja : DataFrame or None
        ``Workspace.renja``, or None for usulan only.
    opd_a, opd_b : str
        The OPD of the row and the column of the cell.
    by, opd_col, desa, rules
        As in :func:`reach`.

    Returns
    -------
    DataFrame
        The usulan and Renja rows of ``opd_a`` and ``opd_b`` on the keys both
        reach (columns :data:`ITEM_COLUMNS`), sorted by key, OPD and source;
        ``kunci.nunique()`` equals the matrix cell. For ``opd_a == opd_b``:
        everything that OPD reaches. A kecamatan-level Renja row is listed
        once per desa it reaches: its pagu must not be summed over the list.
    """
    items = reach(usulan, renja, by=by, opd_col=opd_col, desa=desa, rules=rules)
    return items_of(items, opd_a, opd_b)


def items_of(items: pd.DataFrame, opd_a: str, opd_b: str) -> pd.DataFrame:
    """:func:`overlap_items` from the rows of :func:`reach`.

    Parameters
    ----------
    items : DataFrame
        What :func:`reach` returns.
    opd_a, opd_b : str
        The two OPD of the cell.

    Returns
    -------
    DataFrame
        As :func:`overlap_items`.
    """
    a = set(items.loc[items["opd"] == opd_a, "kunci"])
    b = set(items.loc[items["opd"] == opd_b, "kunci"])
    shared = a & b
    out = items[items["opd"].isin([opd_a, opd_b]) & items["kunci"].isin(shared)]
    return out.sort_values(
        ["kunci", "opd", "sumber", "id"], kind="stable", key=lambda s: s.astype(str)
    ).reset_index(drop=True)


def overlap_inputs(ws: Workspace, tahun: int) -> dict:
    """Keyword arguments for the functions above from a workspace and one planning year.

    ``usulan`` (with ``isu`` and ``dapil``, from :func:`planlib.rekap.usulan_tahun`),
    the Renja rows of ``tahun`` (all rows when the Renja gives no year) and the
    kabupaten's desa list.

    Parameters
    ----------
    ws : Workspace
        The open workspace.
    tahun : int
        The planning year.

    Returns
    -------
    dict
        ``usulan``, ``renja`` (or None when the workspace has no Renja),
        ``desa`` and ``rules`` (the workspace's isu table), to pass as
        ``**kwargs`` to :func:`reach`, :func:`overlap_matrix` or
        :func:`overlap_items`.
    """
    from ..rekap import usulan_tahun

    renja = ws.renja
    if renja is not None and "tahun" in renja.columns and renja["tahun"].notna().any():
        renja = renja[renja["tahun"] == tahun]
    return {
        "usulan": usulan_tahun(ws, tahun),
        "renja": renja,
        "desa": ws.wilayah.desa,
        "rules": ws.isu_rules,
    }

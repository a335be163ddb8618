"""The pohon kinerja (performance tree): tujuan → sasaran → program → kegiatan → sub kegiatan.

Nodes are linked by ``parent_id``; a node whose parent is missing is reported and
left out together with its whole branch (load_pohon_kinerja).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..indikator import canonical_indikator
from ..parse import clean_column, clean_text, fold, is_missing
from ..report import ROW, FileReport
from ..schema import enforce
from ..wilayah import Wilayah
from .cells import _ensure, _finish, _ids, _numbers, _read, _years
from .fields import POHON_COLUMNS, POHON_FIELDS, POHON_LEVELS, _schemas


def _level(value: object) -> str | None:
    s = clean_text(value)
    if s is None:
        return None
    f = fold(s).replace(" ", "_")
    f = {"subkegiatan": "sub_kegiatan", "sub_keg": "sub_kegiatan"}.get(f, f)
    return f if f in POHON_LEVELS else s


def _keywords(value: object) -> str | None:
    """``"air bersih ;sumur; "`` → ``"air bersih; sumur"``."""
    if is_missing(value):
        return None
    words = [clean_text(w) for w in str(value).split(";")]
    return "; ".join(w for w in words if w) or None


def load_pohon_kinerja(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load the pohon kinerja (performance tree).

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv with the columns of ``TEMPLATES["pohon_kinerja"]``.
    wilayah : Wilayah
        The kabupaten (not used for matching; the signature is shared by all
        loaders of :mod:`planlib.workspace`).
    opts : dict, optional
        ``sheet``, ``header``, ``kolom``.

    Returns
    -------
    (DataFrame, FileReport)
        One row per node with ``id``, ``parent_id``, ``level``, ``uraian``,
        ``opd``, ``indikator``, ``kode_indikator`` (canonical key),
        ``satuan``, ``target``, ``tahun``, ``kata_kunci`` (``"a; b"``),
        ``path`` (the uraian from the root down to the node itself, joined by
        ``" › "``), ``depth`` (0 for a root) and ``baris``.

    Notes
    -----
    An ID used twice keeps its first row (``id_ganda_sama`` /
    ``id_ganda_beda``). A node whose ``parent_id`` is not a loaded node is
    reported (``induk_tidak_ada``) and left out, and so is every node below
    it, each reported with the missing ancestor as suggestion; nodes that are
    their own ancestors are ``pohon_berputar``. A level outside tujuan,
    sasaran, program, kegiatan, sub_kegiatan is a warning and kept as written.
    """
    del wilayah
    opts = opts or {}
    report = FileReport(str(path), "pohon_kinerja")
    t = _read(path, POHON_FIELDS, report, ["id", "uraian"], ["id", "uraian", "parent_id"], opts)
    df, h = _ensure(t.df, POHON_FIELDS), t.headers
    all_ids = dict(zip(_ids(df["id"]), df[ROW], strict=True))
    df = df.assign(
        id=_ids(df["id"]), parent_id=_ids(df["parent_id"]), uraian=clean_column(df["uraian"])
    )
    df = report.drop(df, df["id"].isna(), "wajib_kosong", column=h["id"])
    df = report.drop(df, df["uraian"].isna(), "wajib_kosong", column=h["uraian"])
    texts = {f: clean_column(df[f]) for f in ("opd", "indikator", "kode_indikator", "satuan")}

    content = pd.Series(
        list(zip(*(df[f].map(lambda v: "" if is_missing(v) else str(v))
                   for f in POHON_FIELDS if f != "id"), strict=True)),
        index=df.index, dtype=object,
    )  # fmt: skip
    dup = df["id"].duplicated(keep="first")
    if dup.any():
        first = df.loc[~dup].set_index("id")
        first_content = content.loc[~dup].set_axis(first.index)
        same = dup & (content == df["id"].map(first_content))
        where = "baris " + df["id"].map(first[ROW]).astype(str)
        df = report.drop(df, same, "id_ganda_sama", column=h["id"], values=df["id"],
                         suggestions=where)  # fmt: skip
        differ = df["id"].duplicated(keep="first")
        df = report.drop(df, differ, "id_ganda_beda", column=h["id"], values=df["id"],
                         suggestions="ID sama dengan " + where.loc[df.index])  # fmt: skip

    level = df["level"].map(_level)
    odd = level.notna() & ~level.isin(list(POHON_LEVELS))
    report.warn(df, odd, "nilai_tidak_dikenal", column=h.get("level"), values=level,
                suggestions=["tujuan / sasaran / program / kegiatan / sub_kegiatan"] * int(odd.sum()))  # fmt: skip
    target, bad = _numbers(df["target"])
    report.warn(df, bad, "angka_tidak_sah", column=h.get("target"))
    tahun, bad = _years(df["tahun"])
    report.warn(df, bad, "tahun_tidak_sah", column=h.get("tahun"), severity="warning")
    kata = df["kata_kunci"].map(_keywords)
    out = pd.DataFrame(
        {
            "id": df["id"],
            "parent_id": df["parent_id"],
            "level": level.astype(object),
            "uraian": df["uraian"],
            "opd": texts["opd"].loc[df.index],
            "indikator": texts["indikator"].loc[df.index],
            "kode_indikator": texts["kode_indikator"].loc[df.index].map(canonical_indikator),
            "satuan": texts["satuan"].loc[df.index],
            "target": target,
            "tahun": tahun,
            "kata_kunci": kata.astype(object),
            ROW: df[ROW],
        },
        index=df.index,
    )
    out = enforce(out, _schemas()["pohon"], report, h)
    out = _tree(out, report, h, all_ids)
    return _finish(out, POHON_COLUMNS, report), report


def _tree(df: pd.DataFrame, report: FileReport, h: dict, all_ids: dict) -> pd.DataFrame:
    """Drop nodes not attached to a root; add ``path`` and ``depth``."""
    parent_of = dict(zip(df["id"], df["parent_id"], strict=True))
    state: dict[str, str] = {}
    for start in parent_of:
        chain: list[str] = []
        on_chain: set[str] = set()
        cur = start
        while cur not in state:
            if cur in on_chain:
                k = chain.index(cur)
                for c in chain[k:]:
                    state[c] = "berputar"
                chain = chain[:k]
                break
            on_chain.add(cur)
            chain.append(cur)
            p = parent_of[cur]
            if p is None:
                state[cur] = "ok"
                chain.pop()
                break
            if p not in parent_of:
                state[cur] = "hilang"
                chain.pop()
                break
            cur = p
        for c in reversed(chain):
            state[c] = "ok" if state[parent_of[c]] == "ok" else "cabang"
    status = df["id"].map(state)
    pcol = h.get("parent_id")

    def missing_hint(p: str) -> str:
        row = all_ids.get(p)
        return f"ID '{p}' ada di baris {row} tetapi tidak dimuat" if row else f"tidak ada ID '{p}'"

    hint = df["parent_id"].map(lambda p: missing_hint(p) if isinstance(p, str) else None)
    df = report.drop(df, status == "hilang", "induk_tidak_ada", column=pcol,
                     values=df["parent_id"], suggestions=hint)  # fmt: skip
    status = status.loc[df.index]
    df = report.drop(df, status == "berputar", "pohon_berputar", column=pcol,
                     values=df["parent_id"])  # fmt: skip
    status = status.loc[df.index]

    def lost_ancestor(i: str) -> str:
        cur = parent_of[i]
        while state.get(cur) == "cabang":
            cur = parent_of[cur]
        return f"cabang dari '{cur}' yang tidak dimuat"

    branch = status == "cabang"
    df = report.drop(
        df, branch, "induk_tidak_ada", column=pcol, values=df["parent_id"],
        suggestions=df["id"].map(lambda i: lost_ancestor(i) if state.get(i) == "cabang" else None),
        reason="induk tidak dimuat: node berada di bawah node yang tidak ada di pohon kinerja",
    )  # fmt: skip
    uraian = dict(zip(df["id"], df["uraian"], strict=True))
    paths, depths = [], []
    for i in df["id"]:
        names, cur = [], i
        while cur is not None:
            names.append(uraian[cur])
            cur = parent_of[cur]
        paths.append(" › ".join(reversed(names)))
        depths.append(len(names) - 1)
    return df.assign(
        path=pd.Series(paths, index=df.index, dtype=object),
        depth=pd.Series(depths, index=df.index, dtype="int64"),
    )

"""Planning documents: RPJMD targets, the pohon kinerja (performance tree) and the Renja.

Each is a plain table the Bappeda keeps in a spreadsheet; :data:`TEMPLATES`
documents their columns (``planlib init`` writes them as header-only CSV
files). As everywhere in planlib, headers are found by name under any title
rows, every row is either loaded or reported, and messages are in Bahasa
Indonesia.

- **target RPJMD**: one target per indicator, wilayah and year; indicator
  names are mapped to the keys of :data:`planlib.indikator.INDIKATOR` so a
  target can be drawn next to its realisation.
- **pohon kinerja**: nodes (tujuan → sasaran → program → kegiatan → sub
  kegiatan) linked by ``parent_id``; a node whose parent is missing is
  reported and left out together with its whole branch.
- **Renja**: the OPD work plan, one row per sub kegiatan with its target and
  pagu (Rupiah), optionally located in a kecamatan or desa and linked to a
  pohon kinerja node.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .indikator import INDIKATOR, canonical_indikator, canonical_seri, match_wilayah, text_column
from .indikator.cells import format_nilai, number_parser, parse_kode, parse_year
from .parse import clean_column, clean_text, fold, is_missing, parse_koefisien
from .report import ROW, FileReport
from .schema import enforce
from .tabular import Table, read_table
from .wilayah import Wilayah

#: Documented template columns per kind: (column header, description in Bahasa Indonesia).
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "indikator": [
        ("kode_wilayah", "kode wilayah Kemendagri (63.06, 63.06.02; 00 = Indonesia); boleh "
                         "kosong bila nama_wilayah diisi"),
        ("nama_wilayah", "nama wilayah (Hulu Sungai Selatan, Kandangan, Indonesia)"),
        ("tahun", "tahun data (2024)"),
        ("periode", "bulan pendataan bila ada (Maret, Agustus); kosong untuk data tahunan"),
        ("indikator", "kode atau nama indikator: ipm, p0, tpt, gini, idm, stunting …"),
        ("nilai", "angka; desimal dengan koma atau titik (69,21)"),
        ("satuan", "satuan (persen, indeks, tahun); kosong = satuan baku indikator"),
        ("seri", "seri data, misalnya lama atau revisi_2024 untuk IPM; seri tidak dicampur"),
        ("sumber", "sumber data (BPS Kabupaten …, Dinas Kesehatan …)"),
    ],
    "target_rpjmd": [
        ("indikator", "kode atau nama indikator (ipm, p0, tpt …)"),
        ("kode_wilayah", "kode wilayah Kemendagri; kosong = kabupaten ini"),
        ("tahun", "tahun target (2025 … 2029)"),
        ("target", "angka target (72,5)"),
        ("satuan", "satuan; kosong = satuan baku indikator"),
        ("seri", "seri data yang dipakai target (lama / revisi_2024); boleh kosong"),
        ("dokumen", "dokumen sumber target, misalnya RPJMD 2025–2029"),
    ],
    "pohon_kinerja": [
        ("id", "ID node, unik (T1, T1.S1, …)"),
        ("parent_id", "ID node induk; kosong untuk akar (tujuan)"),
        ("level", "tujuan, sasaran, program, kegiatan atau sub_kegiatan"),
        ("uraian", "uraian node (nama tujuan/sasaran/program …)"),
        ("opd", "OPD penanggung jawab"),
        ("indikator", "indikator kinerja node"),
        ("kode_indikator", "kode indikator bila ada datanya (ipm, p0 …); boleh kosong"),
        ("satuan", "satuan target"),
        ("target", "angka target"),
        ("tahun", "tahun target; boleh kosong"),
        ("kata_kunci", "kata kunci untuk mencocokkan usulan, dipisah titik koma (;)"),
    ],
    "renja": [
        ("opd", "perangkat daerah"),
        ("program", "nama program"),
        ("kegiatan", "nama kegiatan"),
        ("sub_kegiatan", "nama sub kegiatan"),
        ("kode_sub_kegiatan", "kode sub kegiatan (Permendagri 90/2019); boleh kosong"),
        ("indikator", "indikator keluaran sub kegiatan"),
        ("target", "angka target keluaran"),
        ("satuan", "satuan target"),
        ("pagu", "pagu indikatif dalam Rupiah (Rp 1.234.567)"),
        ("tahun", "tahun anggaran"),
        ("lokasi", "nama kecamatan atau desa lokasi; boleh kosong"),
        ("id_pohon", "ID node pohon kinerja yang didukung; boleh kosong"),
    ],
}  # fmt: skip

POHON_LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan")

TARGET_FIELDS: dict[str, list[str]] = {
    "indikator": ["indikator", "Indikator", "Indikator Kinerja", "Nama Indikator", "kode_indikator"],
    "kode_wilayah": ["kode_wilayah", "Kode Wilayah", "kode_kemendagri", "Kode Kemendagri"],
    "nama_wilayah": ["wilayah", "nama_wilayah", "Wilayah", "Nama Wilayah"],
    "tahun": ["tahun", "Tahun"],
    "target": ["target", "Target", "Nilai Target", "Target Kinerja", "nilai_target"],
    "satuan": ["satuan", "Satuan"],
    "seri": ["seri", "Seri"],
    "dokumen": ["dokumen", "Dokumen", "sumber", "Sumber", "Sumber Dokumen"],
}  # fmt: skip

POHON_FIELDS: dict[str, list[str]] = {
    "id": ["id", "ID", "id_node", "ID Node", "Kode Node"],
    "parent_id": ["parent_id", "Parent ID", "id_induk", "ID Induk", "Induk", "parent"],
    "level": ["level", "Level", "Tingkat", "Jenis"],
    "uraian": ["uraian", "Uraian", "Nama", "Uraian Kinerja", "Nomenklatur"],
    "opd": ["opd", "OPD", "Perangkat Daerah", "SKPD", "Penanggung Jawab"],
    "indikator": ["indikator", "Indikator", "Indikator Kinerja"],
    "kode_indikator": ["kode_indikator", "Kode Indikator"],
    "satuan": ["satuan", "Satuan"],
    "target": ["target", "Target"],
    "tahun": ["tahun", "Tahun"],
    "kata_kunci": ["kata_kunci", "Kata Kunci", "keywords"],
}  # fmt: skip

RENJA_FIELDS: dict[str, list[str]] = {
    "opd": ["opd", "OPD", "Perangkat Daerah", "SKPD", "Nama OPD", "Nama SKPD"],
    "program": ["program", "Program", "Nama Program"],
    "kegiatan": ["kegiatan", "Kegiatan", "Nama Kegiatan"],
    "sub_kegiatan": ["sub_kegiatan", "Sub Kegiatan", "Subkegiatan", "Nama Sub Kegiatan"],
    "kode_sub_kegiatan": ["kode_sub_kegiatan", "Kode Sub Kegiatan", "Kode Subkegiatan"],
    "indikator": ["indikator", "Indikator", "Indikator Kinerja", "Indikator Keluaran"],
    "target": ["target", "Target", "Target Kinerja"],
    "satuan": ["satuan", "Satuan"],
    "pagu": ["pagu", "Pagu", "Pagu Indikatif", "Pagu (Rp)", "Anggaran", "Anggaran (Rp)"],
    "tahun": ["tahun", "Tahun", "Tahun Anggaran"],
    "lokasi": ["lokasi", "Lokasi", "Lokasi Kegiatan", "Kecamatan", "Desa"],
    "id_pohon": ["id_pohon", "ID Pohon", "id_pohon_kinerja"],
}  # fmt: skip

TARGET_COLUMNS = ["indikator", "kode_wilayah", "tahun", "target", "satuan", "seri", "dokumen", ROW]
POHON_COLUMNS = [
    "id", "parent_id", "level", "uraian", "opd", "indikator", "kode_indikator", "satuan",
    "target", "tahun", "kata_kunci", "path", "depth", ROW,
]  # fmt: skip
RENJA_COLUMNS = [
    "opd", "program", "kegiatan", "sub_kegiatan", "kode_sub_kegiatan", "indikator", "target",
    "satuan", "pagu", "tahun", "lokasi", "kode_wilayah", "id_pohon", ROW,
]  # fmt: skip


@functools.cache
def _schemas() -> dict:
    """The pandera schemas (built on first use: importing pandera costs ~0.3 s)."""
    import pandera.pandas as pa

    _TAHUN = pa.Column(
        "Int64", pa.Check.in_range(2000, 2100, error="tahun di luar 2000–2100"), nullable=True
    )
    _FINITE = pa.Check(lambda s: np.isfinite(s) | s.isna(), error="angka tidak terhingga")

    TARGET_SCHEMA = pa.DataFrameSchema(
        {
            "indikator": pa.Column(nullable=False),
            "kode_wilayah": pa.Column(nullable=False),
            "tahun": pa.Column(
                "Int64",
                pa.Check.in_range(2000, 2100, error="tahun di luar 2000–2100"),
                nullable=False,
            ),
            "target": pa.Column(float, _FINITE, nullable=False),
        },
        name="target_rpjmd",
        strict=False,
    )
    POHON_SCHEMA = pa.DataFrameSchema(
        {
            "id": pa.Column(nullable=False, unique=True),
            "uraian": pa.Column(nullable=False),
            "target": pa.Column(float, _FINITE, nullable=True),
            "tahun": _TAHUN,
        },
        name="pohon_kinerja",
        strict=False,
    )
    RENJA_SCHEMA = pa.DataFrameSchema(
        {
            "opd": pa.Column(nullable=False),
            "sub_kegiatan": pa.Column(nullable=False),
            "pagu": pa.Column(
                float, pa.Check.ge(0, error="pagu tidak boleh negatif"), nullable=True
            ),
            "target": pa.Column(float, _FINITE, nullable=True),
            "tahun": _TAHUN,
        },
        name="renja",
        strict=False,
    )
    return {"target": TARGET_SCHEMA, "pohon": POHON_SCHEMA, "renja": RENJA_SCHEMA}


# --------------------------------------------------------------------------- helpers


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


# --------------------------------------------------------------------------- target RPJMD


def load_target_rpjmd(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load the RPJMD indicator targets.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv with the columns of ``TEMPLATES["target_rpjmd"]``.
    wilayah : Wilayah
        The kabupaten; an empty ``kode_wilayah`` means the kabupaten itself,
        a name in ``wilayah``/``nama_wilayah`` is matched to its code.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text).

    Returns
    -------
    (DataFrame, FileReport)
        Columns ``indikator`` (canonical key, see
        :func:`planlib.indikator.canonical_indikator`), ``kode_wilayah``,
        ``tahun``, ``target``, ``satuan``, ``seri``, ``dokumen``, ``baris``.
        The same indicator, wilayah, year and series twice is reported:
        ``indikator_duplikat`` when the target is the same (warning),
        ``indikator_bertentangan`` when it differs (error); the first is kept.
    """
    opts = opts or {}
    report = FileReport(str(path), "target_rpjmd")
    t = _read(path, TARGET_FIELDS, report, ["indikator", "tahun", "target"],
              ["indikator", "target", "tahun"], opts)  # fmt: skip
    df, h = _ensure(t.df, TARGET_FIELDS), t.headers
    df = df.assign(_ind=clean_column(df["indikator"]))
    df = report.drop(df, df["_ind"].isna(), "wajib_kosong", column=h["indikator"])

    # wilayah: the code, else the name, else the kabupaten
    kode = df["kode_wilayah"].map(parse_kode)
    given = ~df["kode_wilayah"].map(is_missing)
    names = df["kode_wilayah"].where(given & kode.isna(), df["nama_wilayah"])
    names = names.where(kode.isna(), None)
    m = match_wilayah(names, wilayah)
    col = h.get("kode_wilayah") or h.get("nama_wilayah")
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=col, values=names,
                suggestions=m["saran"])  # fmt: skip
    for metode, code in (("ambigu", "wilayah_ambigu"), ("tidak_dikenal", "wilayah_tidak_dikenal")):
        df = report.drop(df, kode.isna() & (m["metode"] == metode), code, column=col,
                         values=names, suggestions=m["saran"])  # fmt: skip
        kode, m = kode.loc[df.index], m.loc[df.index]
    kode = kode.fillna(m["kode"]).fillna(wilayah.kabupaten)

    tahun, bad = _years(df["tahun"])
    df = report.drop(df, df["tahun"].map(is_missing), "wajib_kosong", column=h["tahun"])
    df = report.drop(df, bad.loc[df.index], "tahun_tidak_sah", column=h["tahun"])
    target, bad = _numbers(df["target"])
    df = report.drop(df, df["target"].map(is_missing), "nilai_kosong", column=h["target"])
    n_bad = int(bad.loc[df.index].sum())
    df = report.drop(df, bad.loc[df.index], "nilai_tidak_sah", column=h["target"],
                     suggestions=["tulis satu angka, misalnya 72,5"] * n_bad)  # fmt: skip
    keys = df["_ind"].map(canonical_indikator)
    out = pd.DataFrame(
        {
            "indikator": keys,
            "kode_wilayah": kode.loc[df.index],
            "tahun": tahun.loc[df.index],
            "target": target.loc[df.index],
            "satuan": _default_satuan(clean_column(df["satuan"]), keys),
            "seri": pd.Series([canonical_seri(v) for v in df["seri"]], index=df.index,
                              dtype=object),
            "dokumen": clean_column(df["dokumen"]),
            ROW: df[ROW],
        },
        index=df.index,
    )  # fmt: skip
    out = enforce(out, _schemas()["target"], report, h)
    out = _repeats(out, report, ["indikator", "kode_wilayah", "tahun", "seri"], "target",
                   h.get("target"))  # fmt: skip
    return _finish(out, TARGET_COLUMNS, report), report


def _repeats(
    df: pd.DataFrame, report: FileReport, key: list[str], value: str, column: str | None
) -> pd.DataFrame:
    """Report later rows with the same key: same value → duplicate, other value → conflict."""
    k = df[key].astype(object).map(lambda v: "" if is_missing(v) else v)
    first = ~k.duplicated(keep="first")
    firsts = {tuple(r): (v, b) for r, v, b in zip(k[first].values, df.loc[first, value],
                                                   df.loc[first, ROW], strict=True)}  # fmt: skip
    kept_val = [firsts[tuple(r)][0] for r in k.values]
    kept_row = [firsts[tuple(r)][1] for r in k.values]
    same = pd.Series(
        [
            not f and math.isclose(v, kv, rel_tol=1e-9, abs_tol=1e-9)
            for f, v, kv in zip(first, df[value], kept_val, strict=True)
        ],
        index=df.index,
        dtype=bool,
    )
    where = pd.Series([f"baris {r}" for r in kept_row], index=df.index, dtype=object)
    vals = df[value].map(format_nilai)
    df2 = report.drop(df, same, "indikator_duplikat", column=column, values=vals,
                      suggestions="sama dengan " + where)  # fmt: skip
    differ = ~first.loc[df2.index]
    sugg = pd.Series(
        [f"dipakai {format_nilai(v)} ({w})" for v, w in zip(kept_val, where, strict=True)],
        index=df.index,
        dtype=object,
    )
    return report.drop(df2, differ, "indikator_bertentangan", column=column,
                       values=vals.loc[df2.index], suggestions=sugg.loc[df2.index])  # fmt: skip


# --------------------------------------------------------------------------- pohon kinerja


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


# --------------------------------------------------------------------------- Renja


def load_renja(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load a Renja table (one row per sub kegiatan with target and pagu).

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv with the columns of ``TEMPLATES["renja"]``.
    wilayah : Wilayah
        The kabupaten; ``lokasi`` names are matched to its kecamatan and desa.
    opts : dict, optional
        ``sheet``, ``header``, ``kolom``.

    Returns
    -------
    (DataFrame, FileReport)
        Columns ``opd``, ``program``, ``kegiatan``, ``sub_kegiatan``,
        ``kode_sub_kegiatan``, ``indikator``, ``target``, ``satuan``,
        ``pagu`` (Rupiah), ``tahun``, ``lokasi`` (as written),
        ``kode_wilayah`` (the matched code, or None), ``id_pohon``, ``baris``.

    Notes
    -----
    A row needs an OPD and a sub kegiatan. A pagu that is not an amount is a
    warning (kept without pagu); a negative pagu is an error and the row is
    not loaded. A target such as ``"12 Dokumen"`` is read as 12 with satuan
    ``Dokumen`` when the satuan is empty. A lokasi that matches no kecamatan
    or desa of the kabupaten is a warning; the row is kept without code.
    """
    opts = opts or {}
    report = FileReport(str(path), "renja")
    t = _read(path, RENJA_FIELDS, report, ["opd", "sub_kegiatan"],
              ["program", "kegiatan", "sub_kegiatan", "kode_sub_kegiatan"], opts)  # fmt: skip
    df, h = _ensure(t.df, RENJA_FIELDS), t.headers
    for f in ("opd", "program", "kegiatan", "sub_kegiatan", "kode_sub_kegiatan", "indikator",
              "satuan", "lokasi"):  # fmt: skip
        df[f] = clean_column(df[f])
    df = report.drop(df, df["opd"].isna(), "wajib_kosong", column=h["opd"])
    df = report.drop(df, df["sub_kegiatan"].isna(), "wajib_kosong", column=h["sub_kegiatan"])

    tahun, bad = _years(df["tahun"])
    df = report.drop(df, bad, "tahun_tidak_sah", column=h.get("tahun"))
    pagu, bad = _numbers(df["pagu"])
    report.warn(df, bad, "angka_tidak_sah", column=h.get("pagu"))
    target, bad = _numbers(df["target"])
    satuan = df["satuan"].copy()
    for i in df.index[bad]:
        try:
            x, unit = parse_koefisien(df.at[i, "target"])
        except ValueError:
            continue
        target.at[i], bad.at[i] = x, False
        if satuan.at[i] is None:
            satuan.at[i] = clean_text(unit)
    report.warn(df, bad, "angka_tidak_sah", column=h.get("target"))

    m = match_wilayah(df["lokasi"], wilayah)
    kab = wilayah.kabupaten
    inside = m["kode"].map(lambda k: isinstance(k, str) and (k == kab or k.startswith(kab + ".")))
    col = h.get("lokasi")
    report.warn(df, inside & (m["metode"] == "mirip"), "wilayah_mirip", column=col,
                suggestions=m["saran"])  # fmt: skip
    report.warn(df, m["metode"] == "ambigu", "wilayah_ambigu", column=col,
                suggestions=m["saran"], severity="warning")  # fmt: skip
    outside = m["kode"].notna() & ~inside
    unknown = (m["metode"] == "tidak_dikenal") | outside
    sugg = m["saran"].where(~outside, "di luar kabupaten ini")
    report.warn(df, unknown, "wilayah_tidak_dikenal", column=col, suggestions=sugg,
                severity="warning")  # fmt: skip
    out = df.assign(
        target=target,
        satuan=satuan,
        pagu=pagu,
        tahun=tahun,
        kode_wilayah=m["kode"].where(inside, None).astype(object),
        id_pohon=_ids(df["id_pohon"]),
    )
    out = enforce(out, _schemas()["renja"], report, h)
    return _finish(out, RENJA_COLUMNS, report), report

"""Loading one realisasi export: every row loaded or reported, values read the Indonesian way."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..formatting import angka
from ..parse import (
    apply_unique,
    clean_column,
    clean_text,
    is_missing,
    parse_koefisien,
    parse_number,
    parse_rupiah,
)
from ..report import ROW, FileReport, PlanlibError
from ..schema import enforce
from ..tabular import TOTAL_RE, read_rows, read_table
from ..wilayah import NameMatcher, Wilayah
from .cells import as_text, floats, parse_triwulan
from .fields import COLUMNS, REALISASI_FIELDS, TEXT_FIELDS
from .header import combine_header_rows, opd_from_title
from .rows import cumulate, drop_or_warn, drop_repeats, row_keys


@functools.cache
def _schema():
    """The pandera schema (built on first use: importing pandera costs ~0.3 s)."""
    import pandera.pandas as pa

    def ge0(what: str):
        return pa.Check.ge(0, error=f"{what} tidak boleh negatif")

    return pa.DataFrameSchema(
        {
            "opd": pa.Column(nullable=False),
            "sub_kegiatan": pa.Column(nullable=False),
            "triwulan": pa.Column("int64", pa.Check.isin([1, 2, 3, 4], error="triwulan harus 1–4")),
            "tahun": pa.Column("int64", pa.Check.in_range(2000, 2100, error="tahun di luar 2000–2100")),
            "pagu": pa.Column(float, ge0("pagu"), nullable=True),
            "realisasi_keuangan": pa.Column(float, ge0("realisasi keuangan"), nullable=True),
            "target": pa.Column(float, ge0("target keluaran"), nullable=True),
            "realisasi": pa.Column(float, ge0("realisasi keluaran"), nullable=True),
            "target_fisik": pa.Column(float, ge0("target fisik"), nullable=True),
            "realisasi_fisik": pa.Column(float, ge0("realisasi fisik"), nullable=True),
        },
        name="realisasi",
        strict=False,
    )  # fmt: skip


def load_realisasi(
    path: str | Path,
    wilayah: Wilayah,
    tahun: int,
    opts: dict | None = None,
    opd_names: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, FileReport]:
    """Load one realisasi export (laporan realisasi fisik dan keuangan) of budget year ``tahun``.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv; title rows, a two-row header, a totals row and
        footnotes are recognised.
    wilayah : Wilayah
        The kabupaten; kecamatan and desa of the optional lokasi columns are
        matched to its codes.
    tahun : int
        The budget year of the file; a row of another year is reported
        (``tahun_lain``) and an empty year means this one.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text); ``opd`` and ``triwulan`` for a file that holds one OPD
        or one triwulan and has no such column; ``kumulatif = False`` for an
        export that reports each triwulan's own progress (see :func:`cumulate`).
    opd_names : iterable of str, optional
        The OPD names of the plan (the ``opd`` column of the pohon kinerja or
        the Renja). OPD names of the file are matched to them (exact, then
        normalised, then fuzzy with a warning); an unknown OPD is kept as
        written with a warning and suggestions. Without names, OPDs are kept
        as written.

    Returns
    -------
    (DataFrame, FileReport)
        One row per sub kegiatan, indikator and triwulan with the columns of
        :data:`COLUMNS`: ``opd`` (the plan's spelling) and ``opd_asli``,
        numbers as floats (Rupiah; fisik in percent), ``triwulan`` 1–4.

    Notes
    -----
    Dropped (errors unless said): no sub kegiatan or OPD (``wajib_kosong``),
    an unreadable triwulan (``triwulan_tidak_sah``), another year
    (``tahun_lain``), a negative amount or percentage (the schema), the same
    OPD, sub kegiatan (kode, else name), indikator and triwulan as an earlier
    row (``realisasi_ganda_sama``, a warning, when the whole row is the same;
    ``realisasi_ganda_beda`` when it differs — the first row is kept).
    Kept with a warning: a month for a triwulan (``triwulan_dari_bulan``),
    realisasi keuangan above the pagu (``realisasi_melebihi_pagu``), fisik
    above 100 % (``fisik_melebihi_100``), fisik written as fractions
    (``fisik_pecahan``), an empty or zero target (``target_kosong``), a
    number that cannot be read (``angka_tidak_sah``, kept empty), a fuzzy or
    unknown OPD or lokasi.
    """
    opts = opts or {}
    report = FileReport(str(path), "realisasi")
    raw0 = read_rows(path, opts.get("sheet"))
    raw = combine_header_rows(raw0, REALISASI_FIELDS)
    header = opts.get("header")
    gone = sorted(set(raw0.row_numbers) - set(raw.row_numbers))
    if header is not None and header in gone:  # the lower row of a two-row header was named
        header -= 1
    t = read_table(
        path, REALISASI_FIELDS, report,
        key_fields=["opd", "program", "kegiatan", "kode_sub_kegiatan", "sub_kegiatan", "uraian",
                    "indikator"],
        header_row=header, columns=opts.get("kolom"), min_hits=3, raw=raw,
    )  # fmt: skip
    h = t.headers
    name = Path(path).name
    if "sub_kegiatan" not in h and "uraian" not in h:
        raise PlanlibError(f"Kolom wajib tidak ada di {name}: 'Sub Kegiatan' (atau 'Uraian').")
    if "triwulan" not in opts and "triwulan" not in h and "bulan" not in h:
        raise PlanlibError(
            f"Kolom wajib tidak ada di {name}: 'Triwulan' (atau 'Bulan'). "
            "Untuk berkas satu triwulan, tulis triwulan = 2 pada entrinya di planlib.toml."
        )
    df = t.df
    for f in REALISASI_FIELDS:
        if f not in df.columns:
            df[f] = None
    opd_default = opts.get("opd") or opd_from_title(raw, t.header_row)
    raw_opd = as_text(df["opd"])
    for f in TEXT_FIELDS:
        df[f] = clean_column(df[f])
    df["kode_sub_kegiatan"] = df["kode_sub_kegiatan"].map(
        lambda v: v if v is None else re.sub(r"\s+", "", v)
    )

    # a totals row whose label sits in a name column (or fills the merged name cells)
    names = ["no", "kode_sub_kegiatan", "opd", "program", "kegiatan", "uraian", "sub_kegiatan"]
    label = df[names].bfill(axis=1).iloc[:, 0]
    is_total = label.fillna("").astype(str).str.match(TOTAL_RE)

    def empty_or_total(col: str) -> pd.Series:
        return df[col].isna() | df[col].fillna("").astype(str).str.match(TOTAL_RE)

    total = is_total & empty_or_total("sub_kegiatan") & empty_or_total("uraian")
    total &= empty_or_total("kode_sub_kegiatan")
    df = report.drop(df, total, "baris_total", values=label)
    df = _hierarchy(df, report, h)
    if opd_default is not None:
        df["opd"] = df["opd"].where(df["opd"].notna(), clean_text(opd_default))
        raw_opd = raw_opd.where(raw_opd.notna(), str(opd_default))
    if "opd" not in h and df["opd"].isna().all() and len(df):
        raise PlanlibError(
            f"{name} tidak menyebut OPD (tidak ada kolom OPD, judul 'Perangkat Daerah: …' atau "
            'baris OPD). Tulis opd = "Dinas …" pada entrinya di planlib.toml.'
        )
    raw_opd = raw_opd.where(raw_opd.notna(), df["opd"])
    df = report.drop(df, df["sub_kegiatan"].isna(), "wajib_kosong",
                     column=h.get("sub_kegiatan") or h.get("uraian"))  # fmt: skip
    df = report.drop(df, df["opd"].isna(), "wajib_kosong", column=h.get("opd"))

    df = _triwulan(df, report, h, opts)
    df = _tahun(df, report, h, tahun)
    df = _numbers(df, report, h)
    df = df.assign(opd_asli=raw_opd.loc[df.index].map(clean_text))
    df = _match_opd(df, report, h, opd_names)
    df = _lokasi(df, report, h, wilayah)
    df = enforce(df, _schema(), report, h)
    df = _duplicates(df, report, h)
    summed = opts.get("kumulatif", True) is False
    if summed:
        df = cumulate(df)
    _checks(df, report, h, summed)

    df["file"] = Path(path).name
    out = df[COLUMNS].reset_index(drop=True)
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("str")
    out[ROW] = out[ROW].astype("int64")
    out.attrs["headers"] = dict(h)
    report.rows_loaded = len(out)
    return out, report


_AMOUNTS = ["indikator", "target", "realisasi", "pagu", "realisasi_keuangan", "target_fisik",
            "realisasi_fisik"]  # fmt: skip


def _hierarchy(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    """Read the hierarchical form: urusan, program, kegiatan and sub kegiatan rows under one another.

    The depth of the Permendagri 90/2019 kode says what a row is: 1–2
    segments urusan, 3 program, 4–5 kegiatan, 6 or more sub kegiatan
    (``1.02.02.2.01.0001``). A row without kode and without any amount is an
    OPD heading. Heading rows give the program, kegiatan and OPD of the rows
    below them and are reported as ``baris_induk`` (their amounts are
    subtotals). Columns the file has (``Program``, ``OPD``) take precedence.
    """
    codes = [None if is_missing(k) else str(k) for k in df["kode_sub_kegiatan"]]
    kode = pd.Series(codes, index=df.index, dtype=object)
    depth = pd.Series(
        [None if k is None else len([p for p in k.split(".") if p]) for k in codes],
        index=df.index,
        dtype=object,
    )
    hier = ("uraian" in h and "sub_kegiatan" not in h) or depth.isin([3, 4, 5]).any()
    if "sub_kegiatan" not in h:
        df = df.assign(sub_kegiatan=df["uraian"])
    if not hier:
        return df
    empty = df[_AMOUNTS].isna().all(axis=1)
    text = df["sub_kegiatan"]
    program = kegiatan = opd = None
    prog, keg, opds, heading = [], [], [], []
    for d, nm, e, o in zip(depth, text, empty, df["opd"], strict=True):
        is_head = (d is not None and d < 6) or (d is None and bool(e) and nm is not None)
        if d is None and is_head:
            opd, program, kegiatan = nm, None, None
        elif d is not None and d <= 2:
            program = kegiatan = None
        elif d == 3:
            program, kegiatan = nm, None
        elif d is not None and d < 6:
            kegiatan = nm
        prog.append(program)
        keg.append(kegiatan)
        opds.append(o if o is not None else opd)
        heading.append(is_head)
    idx = df.index
    df = df.assign(
        program=df["program"].where(
            df["program"].notna(), pd.Series(prog, index=idx, dtype=object)
        ),
        kegiatan=df["kegiatan"].where(
            df["kegiatan"].notna(), pd.Series(keg, index=idx, dtype=object)
        ),
        opd=pd.Series(opds, index=idx, dtype=object),
    )
    col = h.get("kode_sub_kegiatan") or h.get("uraian")
    vals = kode.where(kode.notna(), text)
    return drop_or_warn(report, df, pd.Series(heading, index=idx), "baris_induk", drop=True,
                        column=col, values=vals)  # fmt: skip


def _triwulan(df: pd.DataFrame, report: FileReport, h: dict, opts: dict) -> pd.DataFrame:
    src = "triwulan" if "triwulan" in h else ("bulan" if "bulan" in h else None)
    if src is None:
        tw, bad = apply_unique(pd.Series([opts["triwulan"]] * len(df), index=df.index, dtype=object),
                               parse_triwulan)  # fmt: skip
        if bad.any():
            raise PlanlibError(f"planlib.toml: triwulan = {opts['triwulan']!r} tidak terbaca.")
        asli = pd.Series([str(opts["triwulan"])] * len(df), index=df.index, dtype=object)
    else:
        asli = as_text(df[src])
        tw, bad = apply_unique(df[src], parse_triwulan)
    col = h.get(src) if src else None
    empty = tw.map(lambda p: p is None or p[0] is None) & ~bad
    df = report.drop(df, empty, "wajib_kosong", column=col)
    bad, asli = bad.loc[df.index], asli.loc[df.index]
    df = drop_or_warn(report, df, bad, "triwulan_tidak_sah", drop=True, column=col,
                      values=asli, suggestions=["tulis I, II, III atau IV"] * int(bad.sum()))  # fmt: skip
    tw = tw.loc[df.index]
    n = tw.map(lambda p: p[0]).astype("int64")
    month = tw.map(lambda p: p[1]).astype(bool)
    if src == "bulan":  # a Bulan column is expected to hold months: no warning
        month[:] = False
    roman = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
    drop_or_warn(report, df, month, "triwulan_dari_bulan", drop=False, column=col, values=asli,
                 suggestions=n.map(roman))  # fmt: skip
    return df.assign(triwulan=n, triwulan_asli=asli.loc[df.index])


def _tahun(df: pd.DataFrame, report: FileReport, h: dict, tahun: int) -> pd.DataFrame:
    def year(v: object) -> int | None:
        x = parse_number(v)
        if x is None:
            return None
        if not float(x).is_integer():
            raise ValueError(v)
        return int(x)

    yr, bad = apply_unique(df["tahun"], year)
    col = h.get("tahun")
    df = report.drop(df, bad, "tahun_tidak_sah", column=col, values=df["tahun"])
    yr = yr.loc[df.index].map(lambda y: int(tahun) if is_missing(y) else int(y))
    other = yr != int(tahun)
    df = drop_or_warn(report, df, other, "tahun_lain", drop=True, column=col, values=df["tahun"],
                      suggestions=[f"berkas tahun {tahun}"] * int(other.sum()))  # fmt: skip
    return df.assign(tahun=yr.loc[df.index].astype("int64"))


def _numbers(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    out = {}
    for f in ("pagu", "realisasi_keuangan"):
        vals, bad = apply_unique(df[f], parse_rupiah)
        # a negative amount is left to the schema, which reports it and drops the row
        neg, _ = apply_unique(df[f].where(bad), parse_number)
        report.warn(df, bad & neg.isna(), "angka_tidak_sah", column=h.get(f), values=df[f])
        out[f] = floats(vals.where(~bad, neg))
    satuan = df["satuan"].copy()
    for f in ("target", "realisasi"):
        vals, bad = apply_unique(df[f], parse_number)
        for i in df.index[bad]:  # "12 Dokumen": the number, and the satuan when it is empty
            try:
                num, unit = parse_koefisien(df.at[i, f])
            except ValueError:
                continue
            vals.at[i], bad.at[i] = num, False
            if satuan.at[i] is None and unit:
                satuan.at[i] = clean_text(unit)
        report.warn(df, bad, "angka_tidak_sah", column=h.get(f), values=df[f])
        out[f] = floats(vals)
    for f in ("target_fisik", "realisasi_fisik"):
        vals, bad = apply_unique(df[f], parse_number)
        report.warn(df, bad, "angka_tidak_sah", column=h.get(f), values=df[f])
        x = floats(vals)
        # Excel percentage cells hold fractions (0.755); text cells say "75,5%"
        numeric = df[f].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        cells = x[numeric & x.notna()]
        if len(cells) and cells.max() <= 1.0 and ((cells > 0) & (cells < 1)).any():
            frac = numeric & x.notna()
            drop_or_warn(report, df, frac, "fisik_pecahan", drop=False, column=h.get(f),
                         suggestions=(x * 100).map(lambda v: f"{angka(v, 2, ringkas=True)}%"))  # fmt: skip
            x = x.where(~frac, x * 100)
        out[f] = x
    asli = {f"_asli_{f}": as_text(df[f]) for f in out}
    return df.assign(satuan=satuan, **out, **asli)


def opd_matcher(opd_names: Iterable[str]) -> NameMatcher:
    """A matcher over the plan's OPD names (exact, normalised, then fuzzy; see :mod:`planlib.wilayah`).

    Parameters
    ----------
    opd_names : iterable of str
        The plan's OPD names; empty and missing ones are dropped, duplicates
        merged.

    Returns
    -------
    NameMatcher
        Whose codes and names are both the cleaned OPD names, so a match gives
        the plan's spelling.
    """
    names = sorted({n for n in (clean_text(v) for v in opd_names) if n})
    return NameMatcher(names, names)


def _match_opd(
    df: pd.DataFrame, report: FileReport, h: dict, opd_names: Iterable[str] | None
) -> pd.DataFrame:
    if opd_names is None:
        return df
    matcher = opd_matcher(opd_names)
    if not matcher.names:
        return df
    m = matcher.match(df["opd"])
    col = h.get("opd")
    for metode, code in (("mirip", "opd_mirip"), ("ambigu", "opd_ambigu"),
                         ("tidak_dikenal", "opd_tidak_dikenal")):  # fmt: skip
        drop_or_warn(report, df, m["metode"] == metode, code, drop=False, column=col,
                     values=df["opd_asli"], suggestions=m["saran"])  # fmt: skip
    ok = m["kode"].notna()
    return df.assign(opd=m["kode"].where(ok, df["opd"]).astype(object))


def _lokasi(df: pd.DataFrame, report: FileReport, h: dict, w: Wilayah) -> pd.DataFrame:
    """Kecamatan and desa of the optional lokasi columns (never a reason to drop a row)."""
    kec_text = df["kecamatan"] if "kecamatan" in h else df["lokasi"]
    kec_col = h.get("kecamatan") or h.get("lokasi")
    kode_kec = pd.Series(None, index=df.index, dtype=object)
    if kec_col is not None:
        k = w.kecamatan_matcher.match(kec_text)
        report.warn(df, k["metode"] == "mirip", "kecamatan_mirip", column=kec_col,
                    values=kec_text, suggestions=k["saran"])  # fmt: skip
        for metode, code in (
            ("ambigu", "kecamatan_ambigu"),
            ("tidak_dikenal", "kecamatan_tidak_dikenal"),
        ):
            report.warn(df, k["metode"] == metode, code, column=kec_col, values=kec_text,
                        suggestions=k["saran"], severity="warning",
                        reason=f"{code.replace('_', ' ')}; lokasi dikosongkan")  # fmt: skip
        kode_kec = k["kode"].where(k["metode"] != "ambigu").astype(object)
    kode_desa = pd.Series(None, index=df.index, dtype=object)
    if "desa" in h:
        d = w.desa_matcher.match(df["desa"], kode_kec)
        col = h["desa"]
        for metode in ("mirip", "ambigu", "tidak_dikenal"):
            report.warn(df, d["metode"] == metode, f"desa_{metode}", column=col,
                        values=df["desa"], suggestions=d["saran"])  # fmt: skip
        kode_desa = d["kode"].where(d["metode"] != "ambigu").astype(object)
        # a desa known without its kecamatan gives the kecamatan
        kode_kec = kode_kec.where(kode_kec.notna(), kode_desa.map(w.desa_matcher.parent))
    lokasi = (
        df["lokasi"]
        .where(df["lokasi"].notna(), df["desa"])
        .where(lambda s: s.notna(), df["kecamatan"])
    )
    return df.assign(
        kode_kecamatan=kode_kec,
        nama_kecamatan=kode_kec.map(w.kecamatan_matcher.names).astype(object),
        kode_desa=kode_desa,
        nama_desa=kode_desa.map(w.desa_matcher.names).astype(object),
        lokasi=lokasi,
    )


def _duplicates(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    key, content = row_keys(df)
    dup = key.duplicated(keep="first")
    if not dup.any():
        return df
    first_row = dict(zip(key[~dup], df.loc[~dup, ROW], strict=True))
    first_content = dict(zip(key[~dup], content[~dup], strict=True))
    where = key.map(lambda k: f"sama dengan baris {first_row[k]}")
    col = h.get("kode_sub_kegiatan") or h.get("sub_kegiatan") or h.get("uraian")
    return drop_repeats(df, report, col, dup, content == key.map(first_content), where)


def _checks(df: pd.DataFrame, report: FileReport, h: dict, summed: bool = False) -> None:
    """Warnings on loaded rows: above the pagu, above 100 %, no target.

    With ``summed`` (per-triwulan increments that were cumulated) the
    suggestion names the cumulated value that exceeds the limit.
    """
    over = df["realisasi_keuangan"] > df["pagu"]
    pre = [
        f"s.d. triwulan Rp {angka(x, 2, ringkas=True)}; " if summed else ""
        for x in df["realisasi_keuangan"]
    ]
    sugg = [f"{a}pagu Rp {angka(p, 2, ringkas=True)}" for a, p in zip(pre, df["pagu"], strict=True)]
    drop_or_warn(report, df, over, "realisasi_melebihi_pagu", drop=False,
                 column=h.get("realisasi_keuangan"), values=df["_asli_realisasi_keuangan"],
                 suggestions=pd.Series(sugg, index=df.index))  # fmt: skip
    for f in ("realisasi_fisik", "target_fisik"):
        pre = [f"s.d. triwulan {angka(x, 2, ringkas=True)}; " if summed else "" for x in df[f]]
        sugg = [f"{a}paling besar 100" for a in pre]
        drop_or_warn(report, df, df[f] > 100, "fisik_melebihi_100", drop=False, column=h.get(f),
                     values=df[f"_asli_{f}"], suggestions=pd.Series(sugg, index=df.index))  # fmt: skip
    no_target = df["target"].isna() | (df["target"] == 0)
    drop_or_warn(report, df, no_target, "target_kosong", drop=False,
                 column=h.get("target") or "target", values=df["_asli_target"],
                 suggestions=["isi target keluaran dari DPA/Renja"] * int(no_target.sum()))  # fmt: skip

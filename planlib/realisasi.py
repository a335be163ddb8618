"""Loading the realisasi export: physical and financial progress per sub kegiatan and triwulan.

The input is the SIPD / e-Monev *laporan realisasi fisik dan keuangan*: one
row per sub kegiatan (and output indicator) per triwulan, with the OPD,
program, kegiatan, the sub kegiatan's kode and name, the indikator keluaran
with its target, realisasi and satuan, the pagu and the realisasi keuangan
in Rupiah, the target and realisasi fisik in percent, the triwulan and the
tahun; optionally the lokasi (kecamatan, desa) and the faktor pendorong /
penghambat written by the OPD.

As everywhere in planlib, the header is found by name under any title rows
(a two-row header such as ``Keuangan`` over ``Pagu (Rp) | Realisasi (Rp)`` is
read as ``Keuangan Pagu (Rp)`` …), every row is either loaded or reported
with its Excel row, column, value, reason and suggestion, and the values are
read the Indonesian way (``Rp 1.234.567``, ``75,5%``).

Values are read as written in the export, i.e. cumulative up to the end of
the triwulan (*s.d. triwulan*), which is how e-Monev reports them; see
``docs/rakerda.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .formatting import angka
from .parse import (
    BULAN,
    apply_unique,
    clean_column,
    clean_text,
    find_header_row,
    fold,
    is_missing,
    parse_koefisien,
    parse_number,
    parse_rupiah,
)
from .report import ROW, FileReport, PlanlibError
from .schema import enforce
from .tabular import TOTAL_RE, RawTable, read_rows, read_table
from .wilayah import NameMatcher, Wilayah

#: Template columns of a realisasi table: (column header, description in Bahasa Indonesia).
TEMPLATE: list[tuple[str, str]] = [
    ("opd", "perangkat daerah pelaksana (nama seperti di pohon kinerja / Renja)"),
    ("program", "nama program"),
    ("kegiatan", "nama kegiatan"),
    ("kode_sub_kegiatan", "kode sub kegiatan (Permendagri 90/2019); boleh kosong"),
    ("sub_kegiatan", "nama sub kegiatan"),
    ("indikator", "indikator keluaran sub kegiatan"),
    ("target", "target keluaran (angka; 12 atau 12 Dokumen)"),
    ("realisasi", "realisasi keluaran s.d. triwulan ini (angka)"),
    ("satuan", "satuan keluaran"),
    ("pagu", "pagu anggaran dalam Rupiah (Rp 1.234.567)"),
    ("realisasi_keuangan", "realisasi keuangan s.d. triwulan ini dalam Rupiah"),
    ("target_fisik", "target fisik s.d. triwulan ini dalam persen (0–100)"),
    ("realisasi_fisik", "realisasi fisik s.d. triwulan ini dalam persen (0–100)"),
    ("triwulan", "triwulan: I, II, III, IV, 1–4, TW II, Triwulan 3, atau nama bulan"),
    ("tahun", "tahun anggaran; kosong = tahun berkas di planlib.toml"),
    ("kecamatan", "kecamatan lokasi; boleh kosong"),
    ("desa", "desa/kelurahan lokasi; boleh kosong"),
    ("faktor_pendorong", "faktor pendorong capaian; boleh kosong"),
    ("faktor_penghambat", "faktor penghambat capaian; boleh kosong"),
]  # fmt: skip

REALISASI_FIELDS: dict[str, list[str]] = {
    "no": ["No", "No.", "Nomor"],
    "opd": ["OPD", "Perangkat Daerah", "SKPD", "Nama OPD", "Nama SKPD", "Unit Kerja",
            "Nama Perangkat Daerah"],
    "program": ["Program", "Nama Program"],
    "kegiatan": ["Kegiatan", "Nama Kegiatan"],
    "kode_sub_kegiatan": ["Kode Sub Kegiatan", "Kode Subkegiatan", "Kode Sub", "Kode"],
    "sub_kegiatan": ["Sub Kegiatan", "Nama Sub Kegiatan", "Subkegiatan", "Uraian Sub Kegiatan"],
    # the hierarchical form (Permendagri 86/2017): program, kegiatan and sub kegiatan in one column
    "uraian": ["Uraian", "Program/Kegiatan/Sub Kegiatan", "Program / Kegiatan / Sub Kegiatan",
               "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
               "Uraian Program/Kegiatan/Sub Kegiatan", "Nomenklatur"],
    "indikator": ["Indikator Keluaran", "Indikator", "Indikator Kinerja Keluaran", "Keluaran",
                  "Keluaran Indikator", "Indikator Kinerja"],
    "target": ["Target Keluaran", "Target", "Target Kinerja", "Keluaran Target",
               "Target Output"],
    "realisasi": ["Realisasi Keluaran", "Realisasi Kinerja", "Keluaran Realisasi",
                  "Realisasi Output", "Capaian Keluaran"],
    "satuan": ["Satuan", "Keluaran Satuan", "Satuan Keluaran"],
    "pagu": ["Pagu", "Pagu (Rp)", "Pagu Anggaran", "Anggaran", "Anggaran (Rp)",
             "Keuangan Pagu", "Keuangan Pagu (Rp)", "Keuangan Anggaran (Rp)", "Pagu DPA"],
    "realisasi_keuangan": ["Realisasi Keuangan", "Realisasi Keuangan (Rp)", "Realisasi Anggaran",
                           "Realisasi (Rp)", "Keuangan Realisasi", "Keuangan Realisasi (Rp)",
                           "Realisasi Anggaran (Rp)"],
    "target_fisik": ["Target Fisik", "Target Fisik (%)", "Fisik Target", "Fisik (%) Target",
                     "Fisik Target (%)"],
    "realisasi_fisik": ["Realisasi Fisik", "Realisasi Fisik (%)", "Fisik Realisasi",
                        "Fisik (%) Realisasi", "Fisik Realisasi (%)", "Fisik (%)"],
    "triwulan": ["Triwulan", "TW", "Periode", "Periode Laporan", "Triwulan Ke"],
    "bulan": ["Bulan", "Bulan Laporan"],
    "tahun": ["Tahun", "Tahun Anggaran"],
    "kecamatan": ["Kecamatan", "Lokasi Kecamatan", "Lokasi (Kecamatan)"],
    "desa": ["Desa/Kelurahan", "Kelurahan/Desa", "Desa", "Kelurahan", "Lokasi Desa"],
    "lokasi": ["Lokasi", "Lokasi Kegiatan"],
    "faktor_pendorong": ["Faktor Pendorong", "Pendorong"],
    "faktor_penghambat": ["Faktor Penghambat", "Penghambat", "Kendala"],
}  # fmt: skip
for _f in REALISASI_FIELDS:  # the template's own column names are accepted everywhere
    REALISASI_FIELDS[_f].append(_f)

#: Version of the loader's output; part of the cache key (raise it when the output changes).
LOADER_VERSION = 1

#: Columns of a loaded realisasi table, in order.
COLUMNS = [
    "tahun", "triwulan", "opd", "opd_asli", "program", "kegiatan", "kode_sub_kegiatan",
    "sub_kegiatan", "indikator", "target", "realisasi", "satuan", "pagu", "realisasi_keuangan",
    "target_fisik", "realisasi_fisik", "kode_kecamatan", "nama_kecamatan", "kode_desa",
    "nama_desa", "lokasi", "faktor_pendorong", "faktor_penghambat", "triwulan_asli", "file", ROW,
]  # fmt: skip

TEXT_FIELDS = [
    "opd", "program", "kegiatan", "kode_sub_kegiatan", "sub_kegiatan", "uraian", "indikator", "satuan",
    "kecamatan", "desa", "lokasi", "faktor_pendorong", "faktor_penghambat",
]  # fmt: skip

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_TW_RE = re.compile(
    r"^(?:s ?d |sampai dengan |sampai )?(?:triwulan|tri wulan|trw|tw|q|kuartal|caturwulan)?"
    r" ?(?:ke ?)?(?P<n>[1-4]|iv|iii|ii|i)(?: \d{4})?$"
)


def _report(report: FileReport, df, mask, code, *, drop, **kw):
    """``report.drop``/``warn`` with the reason of ``code`` (:data:`planlib.report.REASONS`)."""
    fn = report.drop if drop else report.warn
    return fn(df, mask, code, **kw)


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


# --------------------------------------------------------------------------- cells


def parse_triwulan(value: object) -> tuple[int | None, bool]:
    """Read a triwulan: ``(1–4, False)``, or ``(1–4, True)`` when a month was written.

    Accepts ``1``–``4``, ``I``–``IV``, ``TW II``, ``Triwulan 3``, ``s.d. TW III``,
    ``Q4``, a month name (``Juni``, ``Juni 2025``) or a date, whose month gives
    the triwulan (January–March → 1, …). Returns ``(None, False)`` for an empty
    cell and raises :class:`ValueError` for anything else.

    Parameters
    ----------
    value : object
        A cell as read: a number, a text, a date or a Timestamp.

    Returns
    -------
    triwulan : int or None
        1–4, or ``None`` for an empty cell.
    from_month : bool
        Whether the triwulan was derived from a month (or date), which the
        loader reports as ``triwulan_dari_bulan``.

    Raises
    ------
    ValueError
        When ``value`` is neither empty nor a triwulan, month or date.

    Examples
    --------
    >>> parse_triwulan("TW II")
    (2, False)
    >>> parse_triwulan("Agustus")
    (3, True)
    """
    if is_missing(value):
        return None, False
    if isinstance(value, (dt.date, pd.Timestamp)):
        return (value.month - 1) // 3 + 1, True
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        if v.is_integer() and 1 <= v <= 4:
            return int(v), False
        raise ValueError(f"bukan triwulan: {value!r}")
    s = fold(str(value))
    m = _TW_RE.match(s)
    if m:
        n = m.group("n")
        return (int(n) if n.isdigit() else _ROMAN[n]), False
    words = s.replace("bulan ", "").split()
    if (
        words
        and words[0] in BULAN
        and (len(words) == 1 or (len(words) == 2 and words[1].isdigit()))
    ):
        return (BULAN[words[0]] - 1) // 3 + 1, True
    raise ValueError(f"bukan triwulan: {value!r}")


def _as_text(s: pd.Series) -> pd.Series:
    return pd.Series([None if is_missing(v) else str(v) for v in s], index=s.index, dtype=object)


def _floats(parsed: pd.Series) -> pd.Series:
    return pd.to_numeric(parsed, errors="coerce").astype(float)


def _fmt(x: float) -> str:
    """``1234567.5`` → ``"1.234.567,5"``: :func:`planlib.formatting.angka`, no trailing zeros."""
    return angka(x, 2).rstrip("0").rstrip(",")


# --------------------------------------------------------------------------- the header


def combine_header_rows(
    raw: RawTable, fields: dict[str, list[str]], max_scan: int = 40
) -> RawTable:
    """Merge a two-row header into one row when that names more fields than any single row.

    A cell of the upper row (already filled across its merged range by
    :func:`planlib.tabular.read_rows`) and the cell below it become
    ``"upper lower"`` (or ``"lower upper"`` when only that spelling is a known
    header); equal cells (a vertical merge) and empty halves give one text.
    The lower row disappears from the table: it is part of the header, not
    data. Returns ``raw`` unchanged when no pair of rows reads better.

    Parameters
    ----------
    raw : RawTable
        The rows of the file as :func:`planlib.tabular.read_rows` read them.
    fields : dict of str to list of str
        Each field and the header texts that name it (as
        :func:`planlib.tabular.find_header_row` takes them).
    max_scan : int
        How many rows from the top may hold the header.

    Returns
    -------
    RawTable
        ``raw`` with the chosen pair of rows merged into one (its Excel row
        number is the upper row's), or ``raw`` itself.
    """
    aliases = {f: list(n) for f, n in fields.items()}
    known = {fold(a) for names in aliases.values() for a in names}
    head = raw.rows[:max_scan]
    single = find_header_row(head, aliases, max_scan=max_scan, min_hits=1)
    best_hits = len(single[1]) if single else 0
    best: tuple[int, list] | None = None
    for i in range(len(head) - 1):
        top, low = head[i], head[i + 1]
        row = []
        for a, b in zip(top, low, strict=True):
            ta, tb = clean_text(a), clean_text(b)
            if ta is None or tb is None or ta == tb:
                row.append(ta or tb)
                continue
            ab, ba = f"{ta} {tb}", f"{tb} {ta}"
            row.append(ba if fold(ba) in known and fold(ab) not in known else ab)
        found = find_header_row([row], aliases, max_scan=1, min_hits=1)
        if found and len(found[1]) > best_hits:
            best_hits, best = len(found[1]), (i, row)
    if best is None:
        return raw
    i, row = best
    rows = [*raw.rows[:i], row, *raw.rows[i + 2 :]]
    numbers = [*raw.row_numbers[: i + 1], *raw.row_numbers[i + 2 :]]
    return RawTable(rows, numbers, raw.sheet, raw.encoding)


# --------------------------------------------------------------------------- loading


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
    opd_default = opts.get("opd") or _opd_from_title(raw, t.header_row)
    raw_opd = _as_text(df["opd"])
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


_TITLE_OPD_RE = re.compile(
    r"^(?:nama\s+)?(?:perangkat daerah|skpd|opd|unit kerja|satuan kerja)\s*(?::\s*(?P<v>.*))?$",
    re.I,
)


def _opd_from_title(raw: RawTable, header_row: int) -> str | None:
    """``Perangkat Daerah : Dinas Kesehatan`` (or the label and the name in two cells) above the header."""
    for r, n in zip(raw.rows, raw.row_numbers, strict=True):
        if n >= header_row:
            break
        cells = [clean_text(c) for c in r]
        for j, c in enumerate(cells):
            m = _TITLE_OPD_RE.match(c or "")
            if not m:
                continue
            value = clean_text((m.group("v") or "").lstrip(":"))
            if value is None:  # the name in a later cell of the row
                value = next((v for v in cells[j + 1 :] if v and v != ":"), None)
                value = clean_text(value.lstrip(":")) if value else None
            if value:
                return value
    return None


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
    return _report(report, df, pd.Series(heading, index=idx), "baris_induk", drop=True,
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
        asli = _as_text(df[src])
        tw, bad = apply_unique(df[src], parse_triwulan)
    col = h.get(src) if src else None
    empty = tw.map(lambda p: p is None or p[0] is None) & ~bad
    df = report.drop(df, empty, "wajib_kosong", column=col)
    bad, asli = bad.loc[df.index], asli.loc[df.index]
    df = _report(report, df, bad, "triwulan_tidak_sah", drop=True, column=col,
                 values=asli, suggestions=["tulis I, II, III atau IV"] * int(bad.sum()))  # fmt: skip
    tw = tw.loc[df.index]
    n = tw.map(lambda p: p[0]).astype("int64")
    month = tw.map(lambda p: p[1]).astype(bool)
    if src == "bulan":  # a Bulan column is expected to hold months: no warning
        month[:] = False
    roman = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
    _report(report, df, month, "triwulan_dari_bulan", drop=False, column=col, values=asli,
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
    df = _report(report, df, other, "tahun_lain", drop=True, column=col, values=df["tahun"],
                 suggestions=[f"berkas tahun {tahun}"] * int(other.sum()))  # fmt: skip
    return df.assign(tahun=yr.loc[df.index].astype("int64"))


def _numbers(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    out = {}
    for f in ("pagu", "realisasi_keuangan"):
        vals, bad = apply_unique(df[f], parse_rupiah)
        # a negative amount is left to the schema, which reports it and drops the row
        neg, _ = apply_unique(df[f].where(bad), parse_number)
        report.warn(df, bad & neg.isna(), "angka_tidak_sah", column=h.get(f), values=df[f])
        out[f] = _floats(vals.where(~bad, neg))
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
        out[f] = _floats(vals)
    for f in ("target_fisik", "realisasi_fisik"):
        vals, bad = apply_unique(df[f], parse_number)
        report.warn(df, bad, "angka_tidak_sah", column=h.get(f), values=df[f])
        x = _floats(vals)
        # Excel percentage cells hold fractions (0.755); text cells say "75,5%"
        numeric = df[f].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        cells = x[numeric & x.notna()]
        if len(cells) and cells.max() <= 1.0 and ((cells > 0) & (cells < 1)).any():
            frac = numeric & x.notna()
            _report(report, df, frac, "fisik_pecahan", drop=False, column=h.get(f),
                    suggestions=(x * 100).map(lambda v: f"{_fmt(v)}%"))  # fmt: skip
            x = x.where(~frac, x * 100)
        out[f] = x
    asli = {f"_asli_{f}": _as_text(df[f]) for f in out}
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
        _report(report, df, m["metode"] == metode, code, drop=False, column=col,
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


_CONTENT = [
    "opd", "program", "kegiatan", "kode_sub_kegiatan", "sub_kegiatan", "indikator", "target",
    "realisasi", "satuan", "pagu", "realisasi_keuangan", "target_fisik", "realisasi_fisik",
    "triwulan", "tahun", "lokasi", "faktor_pendorong", "faktor_penghambat",
]  # fmt: skip


def sub_kegiatan_key(df: pd.DataFrame) -> pd.Series:
    """What identifies a sub kegiatan of an OPD: its kode, else its folded name.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows (columns ``opd``, ``kode_sub_kegiatan``,
        ``sub_kegiatan``).

    Returns
    -------
    Series of str
        On ``df``'s index: the OPD and the kode, or the OPD and ``~`` with the
        folded name when the kode is empty, joined by ``\\x1f``.
    """
    names = {v: fold(str(v)) for v in pd.unique(df["sub_kegiatan"].astype(object))}
    keys = [
        f"{o}\x1f{'~' + names.get(n, '') if is_missing(k) else k}"
        for o, k, n in zip(df["opd"], df["kode_sub_kegiatan"], df["sub_kegiatan"], strict=True)
    ]
    return pd.Series(keys, index=df.index, dtype=object)


#: What an export that reports each triwulan's own progress adds up (``kumulatif = false``).
INCREMENTS = ["realisasi", "realisasi_keuangan", "target_fisik", "realisasi_fisik"]


def cumulate(df: pd.DataFrame) -> pd.DataFrame:
    """Turn each triwulan's own progress into progress up to the end of that triwulan.

    For each OPD, sub kegiatan and indikator, :data:`INCREMENTS` are summed
    over the triwulan up to and including each row's (an empty cell adds 0;
    a sub kegiatan's first row keeps an empty cell empty). The pagu and the
    target keluaran are annual and stay as written.

    Parameters
    ----------
    df : DataFrame
        Loaded realisasi rows with per-triwulan values (``kumulatif = false``).

    Returns
    -------
    DataFrame
        A copy on the same index and in the same row order, :data:`INCREMENTS`
        cumulated; ``df`` itself when it is empty.
    """
    if df.empty:
        return df
    key, _ = _keys(df.assign(triwulan=0))
    order = df.assign(_k=key.to_numpy()).sort_values(["_k", "triwulan"], kind="stable")
    out = df.copy()
    for c in INCREMENTS:
        summed = order.groupby("_k", sort=False)[c].cumsum()
        seen = order[c].notna().groupby(order["_k"], sort=False).cummax()
        out[c] = summed.where(seen).reindex(df.index)
    return out


def _keys(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(key, content) of each row: OPD, sub kegiatan, indikator and triwulan; the whole row."""
    folded = {
        v: fold(str(v)) for v in pd.unique(df["indikator"].astype(object)) if not is_missing(v)
    }
    ind = pd.Series([folded.get(v, "") for v in df["indikator"]], index=df.index, dtype=object)
    key = sub_kegiatan_key(df) + "\x1f" + ind + "\x1f" + df["triwulan"].astype(str)
    cols = [["" if is_missing(v) else str(v) for v in df[c].astype(object)] for c in _CONTENT]
    content = pd.Series(["\x1f".join(r) for r in zip(*cols, strict=True)], index=df.index)
    return key, content


def _drop_repeats(
    df: pd.DataFrame,
    report: FileReport,
    column: str | None,
    repeated: pd.Series,
    same: pd.Series,
    where: pd.Series,
) -> pd.DataFrame:
    vals = df["kode_sub_kegiatan"].where(df["kode_sub_kegiatan"].notna(), df["sub_kegiatan"])
    df2 = _report(report, df, repeated & same, "realisasi_ganda_sama", drop=True, column=column,
                  values=vals, suggestions=where)  # fmt: skip
    return _report(report, df2, repeated.loc[df2.index], "realisasi_ganda_beda", drop=True,
                   column=column, values=vals.loc[df2.index], suggestions=where.loc[df2.index])  # fmt: skip


def _duplicates(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    key, content = _keys(df)
    dup = key.duplicated(keep="first")
    if not dup.any():
        return df
    first_row = dict(zip(key[~dup], df.loc[~dup, ROW], strict=True))
    first_content = dict(zip(key[~dup], content[~dup], strict=True))
    where = key.map(lambda k: f"sama dengan baris {first_row[k]}")
    col = h.get("kode_sub_kegiatan") or h.get("sub_kegiatan") or h.get("uraian")
    return _drop_repeats(df, report, col, dup, content == key.map(first_content), where)


def combine_realisasi(loaded: list[tuple[pd.DataFrame, FileReport]]) -> pd.DataFrame:
    """Concatenate the realisasi files of one year; a row repeated in a later file is left out.

    The same OPD, sub kegiatan, indikator and triwulan as a row of an earlier
    file is reported in the later file's report (``realisasi_ganda_sama`` or
    ``realisasi_ganda_beda``, naming the file and row kept), and that report's
    ``rows_loaded`` is lowered, so every report stays balanced. Call it once
    per set of loaded files.

    Parameters
    ----------
    loaded : list of (DataFrame, FileReport)
        What :func:`load_realisasi` returned for each file, in priority order.

    Returns
    -------
    DataFrame
        The rows kept, file after file (a new index); an empty table with
        :data:`COLUMNS` when ``loaded`` is empty.
    """
    seen: dict[str, tuple[int, str, str]] = {}
    frames = []
    for df, rep in loaded:
        key, content = _keys(df)
        repeated = key.isin(list(seen))
        if repeated.any():
            first = key.map(lambda k: seen.get(k))
            same = pd.Series(
                [f is not None and f[2] == c for f, c in zip(first, content, strict=True)],
                index=df.index,
            )
            where = first.map(lambda f: f"sama dengan baris {f[0]} di {f[1]}" if f else None)
            column = df.attrs.get("headers", {}).get("kode_sub_kegiatan", "Kode Sub Kegiatan")
            df = _drop_repeats(df, rep, column, repeated, same, where)
            rep.rows_loaded = len(df)
            key, content = key.loc[df.index], content.loc[df.index]
        for k, r, f, c in zip(key, df[ROW], df["file"], content, strict=True):
            seen.setdefault(k, (int(r), str(f), c))
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)


def load_realisasi_tahun(
    files: list[tuple[Path, dict]],
    wilayah: Wilayah,
    tahun: int,
    opd_names: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, list[FileReport]]:
    """Load every realisasi file of one year (e.g. one per OPD or per triwulan) and combine them.

    Returns the combined table (see :func:`combine_realisasi`) and one report per file.

    Parameters
    ----------
    files : list of (Path, dict)
        The year's files and their options, as :func:`realisasi_files` gives
        them, in priority order.
    wilayah : Wilayah
        The kabupaten (see :func:`load_realisasi`).
    tahun : int
        The budget year of every file.
    opd_names : iterable of str, optional
        The plan's OPD names (see :func:`load_realisasi`).

    Returns
    -------
    DataFrame
        The combined rows (:func:`combine_realisasi`).
    list of FileReport
        One report per file, in the order of ``files``.
    """
    names = list(opd_names) if opd_names is not None else None
    loaded = [load_realisasi(p, wilayah, tahun, opts, names) for p, opts in files]
    return combine_realisasi(loaded), [r for _, r in loaded]


def _checks(df: pd.DataFrame, report: FileReport, h: dict, summed: bool = False) -> None:
    """Warnings on loaded rows: above the pagu, above 100 %, no target.

    With ``summed`` (per-triwulan increments that were cumulated) the
    suggestion names the cumulated value that exceeds the limit.
    """
    over = df["realisasi_keuangan"] > df["pagu"]
    pre = [f"s.d. triwulan Rp {_fmt(x)}; " if summed else "" for x in df["realisasi_keuangan"]]
    sugg = [f"{a}pagu Rp {_fmt(p)}" for a, p in zip(pre, df["pagu"], strict=True)]
    _report(report, df, over, "realisasi_melebihi_pagu", drop=False,
            column=h.get("realisasi_keuangan"), values=df["_asli_realisasi_keuangan"],
            suggestions=pd.Series(sugg, index=df.index))  # fmt: skip
    for f in ("realisasi_fisik", "target_fisik"):
        pre = [f"s.d. triwulan {_fmt(x)}; " if summed else "" for x in df[f]]
        sugg = [f"{a}paling besar 100" for a in pre]
        _report(report, df, df[f] > 100, "fisik_melebihi_100", drop=False, column=h.get(f),
                values=df[f"_asli_{f}"], suggestions=pd.Series(sugg, index=df.index))  # fmt: skip
    no_target = df["target"].isna() | (df["target"] == 0)
    _report(report, df, no_target, "target_kosong", drop=False,
            column=h.get("target") or "target", values=df["_asli_target"],
            suggestions=["isi target keluaran dari DPA/Renja"] * int(no_target.sum()))  # fmt: skip

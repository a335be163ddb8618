"""Development indicators (IPM, kemiskinan, TPT, …): the long table, BPS wide tables, series.

Two layouts are read, and told apart by their headers:

- the **long** layout, one observation per row (``kode_wilayah, nama_wilayah,
  tahun, periode, indikator, nilai, satuan, seri, sumber``; headers found by
  alias, in any order, under any title rows) — recognised by its ``nilai``
  column;
- the **wide** table exported from the BPS website: title rows, a header row
  whose first column names the wilayah (``Kabupaten/Kota``) and whose other
  headers are years (``2015`` … ``2024*``, ``2023 (Revisi)``), one row per
  wilayah, then footnotes (``Sumber: Badan Pusat Statistik``). Each filled
  cell becomes one observation.

Every observation gets a Kemendagri code (``00`` for Indonesia, ``63`` for the
province, ``63.06`` for a kabupaten, ``63.06.02`` for a kecamatan), a
canonical indicator key from :data:`INDIKATOR` (unknown indicators are kept
under a snake_case key), and a canonical series (:func:`canonical_seri`):
series such as IPM ``lama`` and ``revisi_2024`` are never merged.

Repeated observations — same wilayah, tahun, periode, indikator and seri —
are reported: with the same value as ``indikator_duplikat``, with another
value as ``indikator_bertentangan`` (a warning naming the value kept). The
first one wins, in the file and across files (:func:`combine_indikator`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from .parse import BULAN, clean_text, find_header_row, fold, is_missing, parse_number
from .report import ROW, FileReport, PlanlibError
from .schema import enforce
from .tabular import TOTAL_RE, RawTable, read_rows, read_table
from .wilayah import MatchResult, Wilayah, normalise_code

#: Columns of a loaded indicator table, in order.
COLUMNS = [
    "kode_wilayah", "nama_wilayah", "level", "tahun", "periode", "indikator", "nama_indikator",
    "nilai", "satuan", "seri", "sumber", ROW, "berkas",
]  # fmt: skip

#: Levels of :data:`COLUMNS` ``level``, from the number of code segments (``00`` is nasional).
LEVELS = ("nasional", "provinsi", "kabupaten", "kecamatan", "desa")

#: Canonical indicators. Each entry: ``nama`` (Indonesian name), ``satuan`` (default unit,
#: used when a file gives none), ``aliases`` (names found in files and BPS titles),
#: ``lebih_baik`` ("naik" when a higher value is better, "turun" when lower is better, None
#: when neither, e.g. the poverty line) and ``periode``, the only period BPS publishes at
#: kabupaten level and below (Susenas Maret, Sakernas Agustus), filled in when a row at
#: that level leaves ``periode`` empty.
INDIKATOR: dict[str, dict] = {
    "ipm": {
        "nama": "Indeks Pembangunan Manusia",
        "satuan": "indeks",
        "aliases": ["IPM", "Indeks Pembangunan Manusia", "Indeks Pembangunan Manusia (IPM)",
                    "ipm_metode_baru", "Human Development Index", "HDI"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "p0": {
        "nama": "Persentase Penduduk Miskin",
        "satuan": "persen",
        "aliases": ["p0_persen_penduduk_miskin", "P0", "Persentase Penduduk Miskin",
                    "Persentase Penduduk Miskin (P0)", "Penduduk Miskin (%)", "p0_persen",
                    "Tingkat Kemiskinan", "Angka Kemiskinan"],
        "lebih_baik": "turun",
        "periode": "Maret",
    },
    "p1": {
        "nama": "Indeks Kedalaman Kemiskinan",
        "satuan": "indeks",
        "aliases": ["p1_indeks_kedalaman", "P1", "Indeks Kedalaman Kemiskinan",
                    "Indeks Kedalaman Kemiskinan (P1)"],
        "lebih_baik": "turun",
        "periode": "Maret",
    },
    "p2": {
        "nama": "Indeks Keparahan Kemiskinan",
        "satuan": "indeks",
        "aliases": ["p2_indeks_keparahan", "P2", "Indeks Keparahan Kemiskinan",
                    "Indeks Keparahan Kemiskinan (P2)"],
        "lebih_baik": "turun",
        "periode": "Maret",
    },
    "jumlah_penduduk_miskin": {
        "nama": "Jumlah Penduduk Miskin",
        "satuan": "jiwa",
        "aliases": ["Jumlah Penduduk Miskin", "jumlah_penduduk_miskin_jiwa",
                    "Jumlah Penduduk Miskin (ribu jiwa)"],
        "lebih_baik": "turun",
        "periode": "Maret",
    },
    "garis_kemiskinan": {
        "nama": "Garis Kemiskinan",
        "satuan": "Rp/kapita/bulan",
        "aliases": ["Garis Kemiskinan", "GK", "Garis Kemiskinan (Rupiah/Kapita/Bulan)",
                    "garis_kemiskinan_rp"],
        "lebih_baik": None,
        "periode": "Maret",
    },
    "gini": {
        "nama": "Gini Ratio",
        "satuan": "indeks",
        "aliases": ["gini_ratio", "Gini Ratio", "Rasio Gini", "Indeks Gini", "Gini"],
        "lebih_baik": "turun",
        "periode": None,
    },
    "tpt": {
        "nama": "Tingkat Pengangguran Terbuka",
        "satuan": "persen",
        "aliases": ["tpt_persen", "TPT", "Tingkat Pengangguran Terbuka",
                    "Tingkat Pengangguran Terbuka (TPT)"],
        "lebih_baik": "turun",
        "periode": "Agustus",
    },
    "tpak": {
        "nama": "Tingkat Partisipasi Angkatan Kerja",
        "satuan": "persen",
        "aliases": ["tpak_persen", "TPAK", "Tingkat Partisipasi Angkatan Kerja",
                    "Tingkat Partisipasi Angkatan Kerja (TPAK)"],
        "lebih_baik": "naik",
        "periode": "Agustus",
    },
    "uhh": {
        "nama": "Umur Harapan Hidup saat Lahir",
        "satuan": "tahun",
        "aliases": ["uhh_tahun", "UHH", "AHH", "Umur Harapan Hidup", "Angka Harapan Hidup",
                    "Usia Harapan Hidup", "Umur Harapan Hidup saat Lahir",
                    "Umur Harapan Hidup Saat Lahir (UHH)"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "rls": {
        "nama": "Rata-rata Lama Sekolah",
        "satuan": "tahun",
        "aliases": ["rls_tahun", "RLS", "Rata-rata Lama Sekolah", "Rata Rata Lama Sekolah",
                    "Rata-rata Lama Sekolah (RLS)"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "hls": {
        "nama": "Harapan Lama Sekolah",
        "satuan": "tahun",
        "aliases": ["hls_tahun", "HLS", "Harapan Lama Sekolah", "Harapan Lama Sekolah (HLS)"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "pengeluaran_per_kapita": {
        "nama": "Pengeluaran per Kapita Disesuaikan",
        "satuan": "ribu Rp/orang/tahun",
        "aliases": ["pengeluaran_per_kapita_disesuaikan", "Pengeluaran per Kapita Disesuaikan",
                    "Pengeluaran Riil per Kapita Disesuaikan"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "pdrb_per_kapita": {
        "nama": "PDRB per Kapita",
        "satuan": None,
        "aliases": ["PDRB per Kapita", "PDRB per Kapita ADHB"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "lpe": {
        "nama": "Laju Pertumbuhan Ekonomi",
        "satuan": "persen",
        "aliases": ["LPE", "Laju Pertumbuhan Ekonomi", "Pertumbuhan Ekonomi",
                    "Laju Pertumbuhan PDRB"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "jumlah_penduduk": {
        "nama": "Jumlah Penduduk",
        "satuan": "jiwa",
        "aliases": ["Jumlah Penduduk", "Penduduk", "Jumlah Penduduk (jiwa)"],
        "lebih_baik": None,
        "periode": None,
    },
    "idm": {
        "nama": "Indeks Desa Membangun",
        "satuan": "indeks",
        "aliases": ["IDM", "Indeks Desa Membangun", "Indeks Desa Membangun (IDM)", "nilai_idm",
                    "Skor IDM", "Nilai IDM"],
        "lebih_baik": "naik",
        "periode": None,
    },
    "stunting": {
        "nama": "Prevalensi Stunting",
        "satuan": "persen",
        "aliases": ["Prevalensi Stunting", "prevalensi_stunting", "Stunting", "Angka Stunting",
                    "Persentase Balita Stunting", "Prevalensi Balita Stunting"],
        "lebih_baik": "turun",
        "periode": None,
    },
}  # fmt: skip

#: Header spellings of the long layout.
LONG_FIELDS: dict[str, list[str]] = {
    "kode_wilayah": ["kode_wilayah", "kode_kemendagri", "Kode Wilayah", "Kode", "Kode Kemendagri",
                     "kode_wil"],
    "nama_wilayah": ["wilayah", "nama_wilayah", "Wilayah", "Nama Wilayah", "Nama Daerah"],
    "tahun": ["tahun", "Tahun", "Year"],
    "periode": ["periode", "Periode", "Bulan"],
    "indikator": ["indikator", "Indikator", "Nama Indikator", "kode_indikator"],
    "nilai": ["nilai", "Nilai", "Value"],
    "satuan": ["satuan", "Satuan", "Unit"],
    "seri": ["seri", "Seri", "Series"],
    "sumber": ["sumber", "source_detail", "Sumber", "Sumber Data"],
    "source_id": ["source_id"],
}  # fmt: skip

#: Header spellings of the wilayah column of a BPS wide table.
WIDE_LABELS = [
    "Kabupaten/Kota", "Kabupaten Kota", "Wilayah", "Provinsi/Kabupaten/Kota", "Kab/Kota",
    "Kecamatan", "Desa", "Desa/Kelurahan", "Provinsi", "Nama Wilayah", "Daerah", "Wilayah/Region",
]  # fmt: skip


@functools.cache
def _schema():
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
_EXACT = ("kode", "persis", "normal", "alias")
_BULAN_NAMA = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip
_ANNUAL = {"tahunan", "annual", "setahun", "tahun"}


# --------------------------------------------------------------------------- names


def _slug(text: str) -> str:
    return fold(text.replace("%", " persen ")).replace(" ", "_")


_LOOKUP: dict[str, str] = {}
for _k, _spec in INDIKATOR.items():
    for _a in [_k, _spec["nama"], *_spec["aliases"]]:
        _LOOKUP.setdefault(_slug(_a), _k)


def canonical_indikator(text: object) -> str | None:
    """The canonical key of an indicator name (``"Persentase Penduduk Miskin (P0)"`` → ``"p0"``).

    Names not in :data:`INDIKATOR` are kept, folded to snake_case
    (``"PDRB ADHK Pengeluaran"`` → ``"pdrb_adhk_pengeluaran"``); None when empty.
    """
    s = clean_text(text)
    if s is None:
        return None
    key = _slug(s)
    return _LOOKUP.get(key, key) or None


def canonical_seri(text: object) -> str | None:
    """The canonical name of a data series.

    Text mentioning ``lama`` is the old series (``"lama"``), checked first, so
    ``"ipm_metode_baru_seri_lama (sebelum revisi 2024)"`` stays ``"lama"``;
    text with ``revisi`` and ``2024`` is ``"revisi_2024"``; other text is kept
    as a short snake_case slug; None when empty.

    Examples
    --------
    >>> canonical_seri("ipm_metode_baru_seri_revisi_2024 (UHH dari LF SP2020)")
    'revisi_2024'
    >>> canonical_seri("seri_lama")
    'lama'
    """
    s = clean_text(text)
    if s is None:
        return None
    tokens = fold(s).replace("_", " ").split()
    if "lama" in tokens:
        return "lama"
    if "revisi" in tokens and "2024" in tokens:
        return "revisi_2024"
    slug = "_".join(tokens)[:40].strip("_")
    return slug or None


def _periode(value: object) -> str | None:
    s = clean_text(value)
    if s is None:
        return None
    f = fold(s)
    if f in _ANNUAL:
        return None
    if f in BULAN:
        return _BULAN_NAMA[BULAN[f] - 1]
    return s


def level_of(kode: str) -> str | None:
    """``"00"`` → nasional, ``"63"`` → provinsi, ``"63.06"`` → kabupaten, … ``"63.06.02.2001"`` → desa."""
    if kode == "00":
        return "nasional"
    n = kode.count(".") + 1
    return LEVELS[n] if 1 <= n <= 4 else None


def _code(value: object) -> str | None:
    """A Kemendagri code; ``0000`` (BPS for Indonesia) → ``00``, ``6300`` → ``63``."""
    s = clean_text(value)
    if s is not None and re.fullmatch(r"0+(\.0+)*", s.replace(" ", "")):
        return "00"
    code = normalise_code(value)
    while code is not None and code.endswith(".00"):  # no level uses 00 below the province
        code = code[:-3]
    return code


def match_wilayah(names: pd.Series, wilayah: Wilayah, level: str | None = None) -> pd.DataFrame:
    """Match wilayah names (or codes) at any level: nation, province, kabupaten, kecamatan, desa.

    An exact match (code, name, normalised name, alias) at the province/
    kabupaten level wins, then one among the kabupaten's kecamatan, then a
    desa name that exists only once in the kabupaten; only then are fuzzy
    matches considered.

    Parameters
    ----------
    names : pandas.Series
        Names as written.
    wilayah : Wilayah
        The code list and its matchers.
    level : {"kecamatan", "desa"}, optional
        Restrict matching to the kabupaten's kecamatan and desa.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode``, ``metode``, ``saran`` (same index as ``names``).
    """
    area = wilayah.area_matcher()
    kec, desa = wilayah.kecamatan_matcher, wilayah.desa_matcher
    local = level in ("kecamatan", "desa")
    cache: dict = {}

    def one(name: object) -> MatchResult:
        text = clean_text(name)
        if text in cache:
            return cache[text]
        if text is None:
            return MatchResult(None, "kosong", 0.0, None)
        tries = [] if local else [area.match_one(text)]
        if tries and tries[0].metode in _EXACT:
            return cache.setdefault(text, tries[0])
        tries.append(kec.match_one(text) if len(kec.names) else _unknown())
        if tries[-1].metode in _EXACT:
            return cache.setdefault(text, tries[-1])
        d = desa.match_one(text) if len(desa.names) else _unknown()
        if d.metode in _EXACT:
            return cache.setdefault(text, d)
        fuzzy = [r for r in tries if r.metode == "mirip"]
        if fuzzy:
            return cache.setdefault(text, max(fuzzy, key=lambda r: r.skor))
        ambig = [r for r in [*tries, d] if r.metode == "ambigu"]
        if ambig:
            return cache.setdefault(text, ambig[0])
        sugg = next((r.saran for r in [*tries, d] if r.saran), None)
        return cache.setdefault(text, MatchResult(None, "tidak_dikenal", 0.0, sugg))

    res = [one(n) for n in names]
    return pd.DataFrame(
        {
            "kode": [r.kode for r in res],
            "metode": [r.metode for r in res],
            "saran": [r.saran for r in res],
        },
        index=names.index,
        dtype=object,
    )


def _unknown() -> MatchResult:
    return MatchResult(None, "tidak_dikenal", 0.0, None)


# --------------------------------------------------------------------------- numbers

_COMMA_EVIDENCE = re.compile(r"\d,\d{1,2}$|\d,\d{4,}$|\d\.\d{3},\d")
_DOT_EVIDENCE = re.compile(r"\d\.\d{1,2}$|\d\.\d{4,}$|^[-+]?0\.\d+$|\d,\d{3}\.\d")
_DOT_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def _number_parser(values: Iterable) -> callable:
    """A number parser for one column, following the decimal mark the column uses.

    :func:`planlib.parse.parse_number` reads ``1.500`` as fifteen hundred, as an
    Indonesian reader would. Files exported with a dot decimal mark
    (``73.45``, ``0.384``) are recognised by the values that can only be read
    one way; a column without such values is read the Indonesian way.
    """
    texts = [str(v).strip().rstrip("%").strip() for v in values if isinstance(v, str)]
    comma = any(_COMMA_EVIDENCE.search(t) for t in texts)
    dot = any(_DOT_EVIDENCE.search(t) for t in texts)
    if dot and not comma:

        def parse_dot(v: object) -> float | None:
            if isinstance(v, str):
                s = v.strip().rstrip("%").strip().replace("\u2212", "-")
                if _DOT_NUMBER.fullmatch(s):
                    return float(s.replace(",", ""))
            return parse_number(v)

        return parse_dot
    return parse_number


def _parse_year(value: object) -> int:
    """``2021``, ``2021.0``, ``"2021"``, ``"2024*"``, ``"2023 (Revisi)"`` → int; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if math.isfinite(value) and float(value).is_integer():
            return int(value)
        raise ValueError(value)
    s = clean_text(value)
    if s is None:
        raise ValueError(value)
    m = re.fullmatch(r"(\d{4})(?:\.0+)?\s*(\*+\)?|\(.*\)|\[.*\])?", s)
    if not m:
        raise ValueError(value)
    return int(m.group(1))


def _header_year(value: object) -> int | None:
    try:
        y = _parse_year(value)
    except ValueError:
        return None
    return y if 1900 <= y <= 2100 else None


def _fmt(x: float) -> str:
    return f"{x:.10g}".replace(".", ",")


# --------------------------------------------------------------------------- loading


def load_indikator(
    path: str | Path, wilayah: Wilayah, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load one indicator file, long or BPS wide.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv (``;`` or ``,``, UTF-8 or cp1252; decimal comma
        ``69,21`` or dot ``69.21``).
    wilayah : Wilayah
        The code list; names are matched to codes with :func:`match_wilayah`.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text); ``indikator``, ``satuan``, ``seri``, ``sumber`` and
        ``periode``: what a wide table holds (otherwise the indicator is read
        from the title rows and the source from the ``Sumber:`` footnote), or
        the values of empty cells in the long layout (which then needs no
        ``indikator`` column); ``level`` (``"kecamatan"`` or ``"desa"``) when
        the rows of a wide table name kecamatan or desa; ``format``
        (``"panjang"`` / ``"lebar"``) to skip the detection.

    Returns
    -------
    (DataFrame, FileReport)
        One row per observation with the columns of :data:`COLUMNS`.

    Notes
    -----
    Which rows are kept: observations of the nation (``00``), of any
    province or kabupaten/kota of the kabupaten's own province (rankings
    compare them) and of any kecamatan or desa in the code list. Rows of
    other provinces are reported as ``di_luar_kabupaten`` and left out.

    Row accounting of wide tables: the rows of the report are the sheet rows
    under the header (wilayah rows and footnotes). A sheet row counts as
    loaded when at least one of its cells is loaded, so ``rows_loaded`` is the
    number of distinct ``baris`` in the result, not its length. Empty cells
    (``-``, ``…``) are missing values, not problems; a cell that is not a
    number is an ``angka_tidak_sah`` warning, and the problems of a row's
    cells are marked as not loaded only when none of its cells loaded.
    Footnotes are ``bukan_data``, a wilayah row without any value is
    ``nilai_kosong``.

    Raises
    ------
    PlanlibError
        When the file has neither a ``nilai`` column nor a header row of
        years, lacks a required column, or a wide table's indicator cannot be
        determined.
    """
    opts = dict(opts or {})
    report = FileReport(str(path), "indikator")
    raw = read_rows(path, opts.get("sheet"))
    if _is_long(raw, opts):
        df, headers = _load_long(path, raw, wilayah, opts, report)
    else:
        df, headers = _load_wide(path, raw, wilayah, opts, report)
    df = _finish(df, wilayah, report, Path(path).name, headers)
    report.rows_loaded = int(df[ROW].nunique())
    return df, report


def _is_long(raw: RawTable, opts: dict) -> bool:
    fmt = fold(str(opts.get("format") or ""))
    if fmt in ("panjang", "long"):
        return True
    if fmt in ("lebar", "wide"):
        return False
    aliases = {f: list(n) for f, n in LONG_FIELDS.items()}
    for f, h in (opts.get("kolom") or {}).items():
        aliases.setdefault(f, []).insert(0, h)
    rows = raw.rows
    if opts.get("header") in raw.row_numbers:
        rows = [raw.rows[raw.row_numbers.index(opts["header"])]]
    found = find_header_row(rows, aliases, min_hits=2)
    return bool(found) and "nilai" in found[1].values()


def _load_long(
    path: str | Path, raw: RawTable, w: Wilayah, opts: dict, report: FileReport
) -> pd.DataFrame:
    required = ["tahun", "nilai"] + ([] if opts.get("indikator") else ["indikator"])
    t = read_table(
        path, LONG_FIELDS, report, required=required,
        key_fields=["nama_wilayah", "tahun", "indikator", "nilai"],
        header_row=opts.get("header"), columns=opts.get("kolom"), raw=raw,
    )  # fmt: skip
    df, h = t.df, t.headers
    if "kode_wilayah" not in h and "nama_wilayah" not in h:
        raise PlanlibError(
            f"Kolom wilayah tidak ada di {Path(path).name}: isi 'kode_wilayah' atau 'nama_wilayah'."
        )
    for f in LONG_FIELDS:
        if f not in df.columns:
            df[f] = None
    for f in ("indikator", "periode", "satuan", "seri", "sumber"):  # defaults for empty cells
        if not is_missing(opts.get(f)):
            df[f] = df[f].where(~df[f].map(is_missing), opts[f])
    df = df.assign(_indikator_asli=df["indikator"].map(clean_text))
    df = report.drop(
        df, df["_indikator_asli"].isna(), "wajib_kosong", column=h.get("indikator", "indikator")
    )

    # wilayah: the code when it is one, else the name
    kode = df["kode_wilayah"].map(_code)
    bad_code = kode.isna() & ~df["kode_wilayah"].map(is_missing)
    names = df["nama_wilayah"].where(kode.isna(), None)
    m = match_wilayah(names, w)
    kode = kode.fillna(m["kode"])
    kcol, ncol = h.get("kode_wilayah"), h.get("nama_wilayah") or h.get("kode_wilayah")
    df = report.drop(
        df, bad_code & kode.isna(), "kode_tidak_sah", column=kcol, suggestions=m["saran"]
    )
    kode, m, bad_code = kode.loc[df.index], m.loc[df.index], bad_code.loc[df.index]
    report.warn(
        df, bad_code, "kode_tidak_sah", column=kcol, severity="warning",
        suggestions="dipakai nama wilayah: " + df["nama_wilayah"].astype(str),
    )  # fmt: skip
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=ncol,
                values=df["nama_wilayah"], suggestions=m["saran"])  # fmt: skip
    for metode, code in (
        ("kosong", "wajib_kosong"),
        ("ambigu", "wilayah_ambigu"),
        ("tidak_dikenal", "wilayah_tidak_dikenal"),
    ):
        gone = kode.isna() & (m["metode"] == metode)
        df = report.drop(df, gone, code, column=ncol, values=df["nama_wilayah"],
                         suggestions=m["saran"])  # fmt: skip
        kode, m = kode.loc[df.index], m.loc[df.index]
    df = df.assign(kode_wilayah=kode)

    tahun = df["tahun"].map(_try(_parse_year))
    df = report.drop(df, df["tahun"].map(is_missing), "wajib_kosong", column=h["tahun"])
    tahun = tahun.loc[df.index]
    df = report.drop(df, tahun.isna(), "tahun_tidak_sah", column=h["tahun"])
    df = df.assign(tahun=tahun.loc[df.index])

    parse = _number_parser(df["nilai"])
    nilai = df["nilai"].map(_try(parse))
    empty = df["nilai"].map(is_missing)
    df = report.drop(df, empty, "nilai_kosong", column=h["nilai"])
    nilai = nilai.loc[df.index]
    df = report.drop(df, nilai.isna(), "nilai_tidak_sah", column=h["nilai"])
    sumber = df["sumber"].map(clean_text)
    if "source_id" in df.columns:
        sumber = sumber.fillna(df["source_id"].map(clean_text))
    return pd.DataFrame(
        {
            "kode_wilayah": df["kode_wilayah"],
            "nama_asli": df["nama_wilayah"].map(clean_text),
            "tahun": df["tahun"],
            "periode": df["periode"].map(_periode),
            "indikator_asli": df["_indikator_asli"],
            "nilai": nilai.loc[df.index].astype(float),
            "satuan": df["satuan"].map(clean_text),
            "seri": df["seri"].map(canonical_seri),
            "sumber": sumber,
            ROW: df[ROW],
            "_kolom": h["nilai"],
        },
        index=df.index,
    ), {"tahun": h["tahun"], "nilai": h["nilai"]}


def _try(func):
    def inner(v):
        try:
            return func(v)
        except (ValueError, TypeError, OverflowError):
            return None

    return inner


def _load_wide(
    path: str | Path, raw: RawTable, w: Wilayah, opts: dict, report: FileReport
) -> pd.DataFrame:
    name = Path(path).name
    hidx = _year_header(raw, opts)
    if hidx is None:
        raise PlanlibError(
            f"{name} tidak dikenali: tidak ada kolom 'nilai' (format panjang) dan tidak ada baris "
            "judul kolom berisi tahun (tabel lebar BPS)."
        )
    header = raw.rows[hidx]
    years = {j: y for j, v in enumerate(header) if (y := _header_year(v)) is not None}
    if len(set(years.values())) < len(years):
        raise PlanlibError(
            f"{name}: tahun berulang di judul kolom (baris {raw.row_numbers[hidx]}); tabel lebar "
            "harus berisi satu indikator. Pisahkan per indikator."
        )
    label = _label_column(raw, hidx, years)
    titles = [str(v) for r in raw.rows[:hidx] for v in r if v is not None and str(v).strip()] + [
        str(v) for j, v in enumerate(header) if j not in years and v is not None
    ]
    notes = [
        str(v).strip()
        for r in raw.rows[hidx + 1 :]
        for v in r
        if isinstance(v, str) and re.match(r"^\s*(sumber|source)\s*:", v, re.I)
    ]
    key = canonical_indikator(opts.get("indikator")) or _indicator_from_titles(
        [*titles, raw.sheet or "", Path(path).stem]
    )
    if key is None:
        raise PlanlibError(
            f"{name}: indikator tabel lebar tidak dapat ditentukan dari judulnya. Tulis di "
            f'planlib.toml, misalnya {{ path = "{name}", indikator = "ipm" }}.'
        )
    title_text = " ".join(titles)
    seri = canonical_seri(opts.get("seri"))
    if seri is None and re.search(r"revisi\s*2024|seri\s+lama", title_text, re.I):
        seri = canonical_seri(title_text)
    sumber = clean_text(opts.get("sumber"))
    if sumber is None and notes:
        sumber = clean_text(re.sub(r"^\s*(sumber|source)\s*:\s*", "", notes[0], flags=re.I))

    # a patched copy of the sheet whose header names the fields, for read_table
    patched = list(header)
    patched[label] = "__wilayah__"
    for j in years:
        patched[j] = f"__c{j}__"
    rows = list(raw.rows)
    rows[hidx] = patched
    fields = {"wilayah": ["__wilayah__"], **{f"c{j}": [f"__c{j}__"] for j in years}}
    t = read_table(
        path, fields, report, key_fields=[f"c{j}" for j in years],
        header_row=raw.row_numbers[hidx], min_hits=1,
        raw=RawTable(rows, raw.row_numbers, raw.sheet, raw.encoding),
    )  # fmt: skip
    df = t.df
    heads = {f"c{j}": clean_text(header[j]) for j in years}
    lcol = clean_text(header[label]) or "wilayah"
    ycols = list(heads)

    headers: dict[str, str] = {}  # cells are named by their year header in _kolom
    if df.empty:
        return pd.DataFrame(columns=["kode_wilayah", "nama_asli", "tahun", "periode",
                                     "indikator_asli", "nilai", "satuan", "seri", "sumber", ROW,
                                     "_kolom"]), headers  # fmt: skip
    # repeated header rows (the year texts again) and totals rows that carry numbers
    again = df[ycols].apply(
        lambda r: sum(_header_year(v) == years[int(c[1:])] for c, v in r.items()), axis=1
    )
    df = report.drop(df, again >= max(2, len(ycols) // 2), "header_berulang")
    first = df["wilayah"].map(lambda v: clean_text(v) or "")
    total = first.map(lambda v: bool(TOTAL_RE.match(v)))
    df = report.drop(df, total, "baris_total", column=lcol, values=first)

    filled = df[ycols].map(lambda v: not is_missing(v)).sum(axis=1)
    m = match_wilayah(df["wilayah"], w, opts.get("level"))
    no_value = filled == 0
    unknown = m["metode"].isin(["tidak_dikenal", "kosong"])
    df = report.drop(df, no_value & unknown, "bukan_data", column=lcol, values=df["wilayah"])
    m, no_value = m.loc[df.index], no_value.loc[df.index]
    df = report.drop(df, no_value, "nilai_kosong", column=lcol, values=df["wilayah"])
    m = m.loc[df.index]
    report.warn(df, m["metode"] == "mirip", "wilayah_mirip", column=lcol, values=df["wilayah"],
                suggestions=m["saran"])  # fmt: skip
    for metode, code in (
        ("kosong", "wajib_kosong"),
        ("ambigu", "wilayah_ambigu"),
        ("tidak_dikenal", "wilayah_tidak_dikenal"),
    ):
        df = report.drop(df, m["metode"] == metode, code, column=lcol, values=df["wilayah"],
                         suggestions=m["saran"])  # fmt: skip
        m = m.loc[df.index]

    # one observation per filled cell
    parse = _number_parser(df[ycols].to_numpy().ravel().tolist())
    recs = []
    for i, r in df.iterrows():
        for c in ycols:
            v = r[c]
            if is_missing(v):
                continue
            recs.append(
                {
                    "kode_wilayah": m.at[i, "kode"],
                    "nama_asli": clean_text(r["wilayah"]),
                    "tahun": years[int(c[1:])],
                    "periode": _periode(opts.get("periode")),
                    "indikator_asli": key,
                    "nilai": _try(parse)(v),
                    "satuan": clean_text(opts.get("satuan")),
                    "seri": seri,
                    "sumber": sumber,
                    ROW: r[ROW],
                    "_kolom": heads[c],
                    "_asli": clean_text(v),
                }
            )
    cells = pd.DataFrame(
        recs,
        columns=["kode_wilayah", "nama_asli", "tahun", "periode", "indikator_asli", "nilai",
                 "satuan", "seri", "sumber", ROW, "_kolom", "_asli"],
    )  # fmt: skip
    cells = _drop_cells(report, cells, cells["nilai"].isna(), "angka_tidak_sah", values="_asli")
    return cells.drop(columns="_asli"), headers


def _year_header(raw: RawTable, opts: dict) -> int | None:
    if opts.get("header") in raw.row_numbers:
        return raw.row_numbers.index(opts["header"])
    for i, row in enumerate(raw.rows[:40]):
        if sum(_header_year(v) is not None for v in row) >= 3:
            return i
    return None


def _label_column(raw: RawTable, hidx: int, years: dict[int, int]) -> int:
    header = raw.rows[hidx]
    labels = {fold(x) for x in WIDE_LABELS}
    others = [j for j in range(len(header)) if j not in years]
    for j in others:
        if header[j] is not None and fold(str(header[j])) in labels:
            return j
    body = raw.rows[hidx + 1 :]
    before = [j for j in others if j < min(years)] or others or [0]
    for j in before:
        if any(isinstance(r[j], str) and r[j].strip() for r in body):
            return j
    return before[0]


def _indicator_from_titles(texts: list[str]) -> str | None:
    for text in texts:  # the first text that names an indicator wins; within it the longest name
        folded = " " + _slug(text).replace("_", " ") + " "
        best, size = None, 0
        for alias, key in _LOOKUP.items():
            a = alias.replace("_", " ")
            if len(a) > size and f" {a} " in folded:
                best, size = key, len(a)
        if best:
            return best
    return None


def _drop_cells(
    report: FileReport,
    df: pd.DataFrame,
    mask: pd.Series,
    code: str,
    *,
    values: str | pd.Series | None = None,
    suggestions: pd.Series | None = None,
    severity: str | None = None,
    rows_of=None,
) -> pd.DataFrame:
    """Report the observations where ``mask`` holds and return the others.

    A problem is marked as dropping its sheet row only when no other
    observation of that row remains (see the row accounting in
    :func:`load_indikator`). ``rows_of`` maps the frame to the row identity
    (the Excel row by default; the file and row in :func:`combine_indikator`).
    """
    mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
    if not mask.any():
        return df
    ident = rows_of(df) if rows_of is not None else df[ROW]
    left = set(ident[~mask])
    vals = df[values] if isinstance(values, str) else values
    if vals is None:
        vals = df["nilai"].map(lambda x: _fmt(x) if isinstance(x, float) and x == x else None)
    for i in df.index[mask]:
        report.add(
            code,
            row=int(df.at[i, ROW]),
            column=df.at[i, "_kolom"] if "_kolom" in df.columns else "nilai",
            value=vals.at[i],
            suggestion=suggestions.at[i] if suggestions is not None else None,
            severity=severity,
            dropped=ident.at[i] not in left,
        )
    return df.loc[~mask]


def _finish(
    df: pd.DataFrame, w: Wilayah, report: FileReport, berkas: str, headers: dict[str, str]
) -> pd.DataFrame:
    """Keep the wilayah in scope, name and type every column, resolve repeats."""
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "str")) for c in COLUMNS})
    prov = w.provinsi
    known = set(w.kode["kode"])
    kode = df["kode_wilayah"]
    head = kode.map(lambda k: k.split(".")[0] if isinstance(k, str) else None)
    other = (kode != "00") & (head != prov)
    df = _drop_cells(report, df, other, "di_luar_kabupaten", values=df["nama_asli"].fillna(kode))
    kode = df["kode_wilayah"]
    deep = (kode.str.count(r"\.") >= 2) & ~kode.isin(known)
    df = _drop_cells(
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
    kept = _resolve_repeats(kept, report, lambda d: d[ROW], lambda d: "baris " + d[ROW].astype(str))
    return _typed(kept.drop(columns="_kolom"))


def _resolve_repeats(df: pd.DataFrame, report: FileReport, rows_of, where) -> pd.DataFrame:
    """Drop later observations of the same key: duplicates and conflicts (first one kept).

    ``rows_of(df)`` gives the row identity of each observation (see
    :func:`_drop_cells`), ``where(df)`` how to name an observation in a
    suggestion (``"baris 12"``).
    """
    if df.empty:
        return df
    keys = zip(*(df[c].map(lambda v: "" if is_missing(v) else v) for c in _KEY), strict=True)
    nilai = df["nilai"].tolist()
    at = where(df).tolist()
    seen: dict = {}
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
            sugg[n] = f"dipakai {_fmt(nilai[first])} ({at[first]})"
    code_s = pd.Series(code, index=df.index, dtype=object)
    gone = code_s.notna()
    if not gone.any():
        return df
    ident = rows_of(df)
    left = set(ident[~gone])
    for i in df.index[gone]:
        report.add(
            code_s.at[i],
            row=int(df.at[i, ROW]),
            column=df.at[i, "_kolom"] if "_kolom" in df.columns else "nilai",
            value=_fmt(df.at[i, "nilai"]),
            suggestion=sugg[df.index.get_loc(i)],
            severity="warning",
            dropped=ident.at[i] not in left,
        )
    return df.loc[~gone]


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`COLUMNS` with fixed dtypes, however the frame was made.

    Text columns use pandas' string dtype (``str``, NaN for missing), which
    survives the Parquet cache unchanged.
    """
    out = df.copy()
    for c in _TEXT:
        if c in out.columns:
            out[c] = text_column(out[c])
    out["tahun"] = out["tahun"].astype("int64")
    out["nilai"] = out["nilai"].astype("float64")
    out[ROW] = out[ROW].astype("int64")
    return out[COLUMNS].reset_index(drop=True)


def text_column(s: pd.Series) -> pd.Series:
    """``s`` as pandas' string dtype, None/NaN/NA becoming missing (other text kept as is)."""
    vals = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
            for v in s]  # fmt: skip
    return pd.Series(vals, index=s.index, dtype="str")


# --------------------------------------------------------------------------- several files


def combine_indikator(loaded: list[tuple[pd.DataFrame, FileReport]]) -> pd.DataFrame:
    """Concatenate the indicator files of a workspace; the first file wins on repeats.

    An observation repeated in a later file (same wilayah, tahun, periode,
    indikator, seri) is left out and reported in that file's report as
    ``indikator_duplikat`` or ``indikator_bertentangan`` (a warning naming
    the value kept). The reports are updated in place: a sheet row none of
    whose observations remains is counted as reported instead of loaded, so
    every report stays balanced. Call it once per set of loaded files.

    Parameters
    ----------
    loaded : list of (DataFrame, FileReport)
        What :func:`load_indikator` returned for each file, in priority order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, sorted by kode_wilayah, indikator, seri, tahun.
    """
    if not loaded:
        return pd.DataFrame(columns=COLUMNS)
    names = [Path(fr.path).name for _, fr in loaded]

    def rows_of(d: pd.DataFrame) -> pd.Series:
        return pd.Series(list(zip(d["_file"], d[ROW], strict=True)), index=d.index, dtype=object)

    def where(d: pd.DataFrame) -> pd.Series:
        return d["_file"].map(lambda f: names[f]) + " baris " + d[ROW].astype(str)

    kept = _typed(loaded[0][0]).assign(_file=0)
    for n, (df, fr) in enumerate(loaded[1:], start=1):
        part = _typed(df).assign(_file=n)
        both = pd.concat([kept, part], ignore_index=True)
        scratch = FileReport(fr.path, fr.kind)
        kept = _resolve_repeats(both, scratch, rows_of, where)
        fr.problems += scratch.problems
        fr.rows_loaded -= part[ROW].nunique() - kept.loc[kept["_file"] == n, ROW].nunique()
    out = kept.sort_values(
        ["kode_wilayah", "indikator", "seri", "tahun", "periode", "_file", ROW],
        kind="stable",
        na_position="first",
    )
    return _typed(out)


# --------------------------------------------------------------------------- charts


def series_for(
    df: pd.DataFrame, kode_wilayah: str, indikator: str, periode: str | None = None
) -> dict[str | None, pd.DataFrame]:
    """The time series of one indicator in one wilayah, one frame per seri.

    Series are never merged: IPM ``lama`` and ``revisi_2024`` come back as two
    frames, to be drawn as two lines.

    Parameters
    ----------
    df : pandas.DataFrame
        An indicator table (:data:`COLUMNS`).
    kode_wilayah : str
        Kemendagri code (``"63.06"``; ``"00"`` for Indonesia).
    indikator : str
        Canonical key or any alias (``"ipm"``, ``"P0"``).
    periode : str, optional
        Keep only this period (``"Maret"``); all periods when None.

    Returns
    -------
    dict
        seri (None for rows without a series) → rows sorted by tahun.
    """
    key = canonical_indikator(indikator)
    sel = df[(df["kode_wilayah"] == kode_wilayah) & (df["indikator"] == key)]
    if periode is not None:
        sel = sel[sel["periode"] == _periode(periode)]
    out: dict[str | None, pd.DataFrame] = {}
    seri = sel["seri"].map(lambda v: None if is_missing(v) else v)
    for s in dict.fromkeys(seri.tolist()):
        part = sel[seri.map(lambda v, s=s: v == s)]
        out[s] = part.sort_values(["tahun", "periode"], kind="stable").reset_index(drop=True)
    return out


def sumber_text(df: pd.DataFrame) -> str:
    """``"Sumber: "`` and the distinct sources of ``df`` joined by ``"; "`` (first-seen order).

    An empty string when no row names its source.
    """
    srcs = [s for s in dict.fromkeys(df["sumber"].tolist()) if not is_missing(s)]
    return "Sumber: " + "; ".join(str(s) for s in srcs) if srcs else ""

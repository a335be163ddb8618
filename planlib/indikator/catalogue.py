"""The indicator catalogue: canonical keys, names and units, series and periods, sources.

:data:`INDIKATOR` names every indicator planlib knows (IPM, P0, TPT, stunting,
IDM …) with the aliases found in files and BPS titles; :func:`canonical_indikator`,
:func:`canonical_seri` and :func:`canonical_periode` are the rules that give an
observation its canonical key, series and period. Series are never merged
(:func:`series_for`); :func:`sumber_text` names the sources of what is shown.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..parse import BULAN, clean_text, fold, is_missing
from ..report import ROW

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
INDIKATOR: dict[str, dict[str, Any]] = {
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


_BULAN_NAMA = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip
_ANNUAL = {"tahunan", "annual", "setahun", "tahun"}


# --------------------------------------------------------------------------- names


def _slug(text: str) -> str:
    """``text`` folded to snake_case, ``%`` spelled ``persen``."""
    return fold(text.replace("%", " persen ")).replace(" ", "_")


_LOOKUP: dict[str, str] = {}
for _k, _spec in INDIKATOR.items():
    for _a in [_k, _spec["nama"], *_spec["aliases"]]:
        _LOOKUP.setdefault(_slug(_a), _k)


def canonical_indikator(text: object) -> str | None:
    """The canonical key of an indicator name (``"Persentase Penduduk Miskin (P0)"`` → ``"p0"``).

    Names not in :data:`INDIKATOR` are kept, folded to snake_case
    (``"PDRB ADHK Pengeluaran"`` → ``"pdrb_adhk_pengeluaran"``); None when empty.

    Parameters
    ----------
    text : object
        An indicator name or alias as written in a file or a BPS title.

    Returns
    -------
    str or None
        A key of :data:`INDIKATOR`, or the folded name.

    Examples
    --------
    >>> canonical_indikator("Persentase Penduduk Miskin (P0)")
    'p0'
    >>> canonical_indikator("PDRB ADHK Pengeluaran")
    'pdrb_adhk_pengeluaran'
    """
    s = clean_text(text)
    if s is None:
        return None
    key = _slug(s)
    return _LOOKUP.get(key, key) or None


def canonical_seri(text: object) -> str | None:
    """The canonical name of a data series.

    The IPM (and UHH) series of BPS: ``"lama"`` is the 2010 methodology
    before the 2024 revision (BPS titles it *[Metode Baru]*; files write
    ``seri lama``), ``"revisi_2024"`` the revised series whose UHH comes from
    the Long Form SP2020 (*UHH LF SP2020*, ``revisi 2024``), and
    ``"metode_lama"`` the methodology before 2010 (*[Metode Lama]*). Text
    mentioning ``metode lama`` is checked first, then ``lama`` (so
    ``"ipm_metode_baru_seri_lama (sebelum revisi 2024)"`` stays ``"lama"``),
    then the revision, then ``metode baru``. Other text is kept as a short
    snake_case slug; None when empty.

    Parameters
    ----------
    text : object
        The series as written in a file (e.g. a BPS table's *seri* column).

    Returns
    -------
    str or None
        ``"lama"``, ``"revisi_2024"``, ``"metode_lama"`` or a slug of at most
        40 characters.

    Examples
    --------
    >>> canonical_seri("ipm_metode_baru_seri_revisi_2024 (UHH dari LF SP2020)")
    'revisi_2024'
    >>> canonical_seri("seri_lama"), canonical_seri("[Metode Baru]"), canonical_seri("UHH LF SP2020")
    ('lama', 'lama', 'revisi_2024')
    """
    s = clean_text(text)
    if s is None:
        return None
    tokens = fold(s).replace("_", " ").split()
    joined = " ".join(tokens)
    if re.search(r"\bmetode lama\b", joined):
        return "metode_lama"
    if "lama" in tokens:
        return "lama"
    if ("revisi" in tokens and "2024" in tokens) or _LONG_FORM.search(joined):
        return "revisi_2024"
    if re.search(r"\bmetode baru\b", joined):
        return "lama"
    slug = "_".join(tokens)[:40].strip("_")
    return slug or None


#: The Long Form of the 2020 census, the source of the revised UHH (``UHH LF SP2020``).
_LONG_FORM = re.compile(r"\b(lf|long ?form)( hasil)? ?sp ?2020\b")

#: Indicators whose BPS series changed with the 2024 revision of UHH (IPM and UHH itself):
#: a table of them must say which series it holds (:func:`seri_in_titles`).
SERI_UHH = frozenset({"ipm", "uhh"})


def seri_in_titles(texts: list[str]) -> str | None:
    """The IPM/UHH series a BPS table's titles name, or None when they name none.

    Only the markers BPS writes are read: *UHH LF SP2020* or *revisi 2024*
    (``"revisi_2024"``), *[Metode Lama]* (``"metode_lama"``), *[Metode Baru]*
    or *seri lama* (``"lama"``); the revision wins when a title has two
    (``"[Metode Baru] IPM (UHH LF SP2020)"``). A word such as *Lama* in
    *Rata-rata Lama Sekolah* is not a series.

    Parameters
    ----------
    texts : list of str
        Titles, group headers, sheet and file name, in order of trust.

    Returns
    -------
    str or None
        ``"revisi_2024"``, ``"lama"``, ``"metode_lama"`` or None.

    Examples
    --------
    >>> seri_in_titles(["[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota"])
    'lama'
    >>> seri_in_titles(["Indeks Pembangunan Manusia (UHH LF SP2020)"]), seri_in_titles(["IPM"])
    ('revisi_2024', None)
    """
    for text in texts:
        f = fold(text.replace("_", " "))
        if _LONG_FORM.search(f) or re.search(r"\b(revisi 2024|seri revisi)\b", f):
            return "revisi_2024"
        if re.search(r"\bmetode lama\b", f):
            return "metode_lama"
        if re.search(r"\b(metode baru|seri lama)\b", f):
            return "lama"
    return None


#: Units BPS writes in parentheses in a table's title (folded) → the unit planlib records.
SATUAN: dict[str, str] = {
    "persen": "persen", "%": "persen", "persentase": "persen",
    "jiwa": "jiwa", "orang": "jiwa", "ribu jiwa": "ribu jiwa", "ribu orang": "ribu jiwa",
    "rupiah kapita bulan": "Rp/kapita/bulan", "rp kapita bulan": "Rp/kapita/bulan",
    "rupiah perkapita perbulan": "Rp/kapita/bulan", "rupiah per kapita per bulan": "Rp/kapita/bulan",
    "ribu rupiah orang tahun": "ribu Rp/orang/tahun", "ribu rp orang tahun": "ribu Rp/orang/tahun",
    "ribu rupiah": "ribu Rp", "juta rupiah": "juta Rp", "rupiah": "Rp",
    "tahun": "tahun", "indeks": "indeks",
}  # fmt: skip


def satuan_in_titles(texts: list[str]) -> str | None:
    """The unit a BPS table's titles give in parentheses (``"(Persen)"``, ``"(Ribu Jiwa)"``).

    Parameters
    ----------
    texts : list of str
        Titles and group headers, in order of trust.

    Returns
    -------
    str or None
        A value of :data:`SATUAN`; None when no parenthesis names a unit.

    Examples
    --------
    >>> satuan_in_titles(["Jumlah Penduduk Miskin (Ribu Jiwa) Menurut Kabupaten/Kota, 2024"])
    'ribu jiwa'
    """
    for text in texts:
        for inner in re.findall(r"\(([^()]*)\)", text):
            key = "%" if inner.strip() == "%" else fold(inner.replace("/", " "))
            if key in SATUAN:
                return SATUAN[key]
    return None


def periode_in_titles(texts: list[str]) -> str | None:
    """The one month a BPS table's titles name (``"… Maret 2024"`` → ``"Maret"``), or None.

    Only full month names count, and only when the titles name exactly one.

    Parameters
    ----------
    texts : list of str
        Titles and group headers.

    Returns
    -------
    str or None
        The month's Indonesian name.

    Examples
    --------
    >>> periode_in_titles(["Garis Kemiskinan Menurut Kabupaten/Kota, Maret 2024"])
    'Maret'
    """
    months = {fold(m): m for m in _BULAN_NAMA}
    found = {months[t] for text in texts for t in fold(text).split() if t in months}
    return found.pop() if len(found) == 1 else None


def canonical_periode(value: object) -> str | None:
    """The canonical period of an observation: a month's Indonesian name, or None when annual.

    ``"maret"``, ``"Mar"``, ``"3"`` → ``"Maret"``; ``"Tahunan"`` and empty → None;
    other text is kept as written.

    Parameters
    ----------
    value : object
        The period as written in a file (a month name, abbreviation or number).

    Returns
    -------
    str or None
        The month's name (``"Maret"``), other text as written, or None for
        annual figures.

    Examples
    --------
    >>> canonical_periode("Mar"), canonical_periode("Tahunan")
    ('Maret', None)
    """
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
    """``"00"`` → nasional, ``"63"`` → provinsi, ``"63.06"`` → kabupaten, … ``"63.06.02.2001"`` → desa.

    Parameters
    ----------
    kode : str
        A dotted Kemendagri code (``"00"`` for Indonesia).

    Returns
    -------
    str or None
        One of :data:`LEVELS`; None for a code with more than four segments.

    Examples
    --------
    >>> level_of("63.06"), level_of("63.06.02.2001")
    ('kabupaten', 'desa')
    """
    if kode == "00":
        return "nasional"
    n = kode.count(".") + 1
    return LEVELS[n] if 1 <= n <= 4 else None


def indikator_in_titles(texts: list[str]) -> str | None:
    """The indicator a table's titles name, by the aliases of :data:`INDIKATOR`.

    The first text that names an indicator wins; within it the longest name,
    so ``"Indeks Kedalaman Kemiskinan (P1)"`` is ``p1``, not a shorter alias.

    Parameters
    ----------
    texts : list of str
        Title rows, headers, the sheet and file name, in order of trust.

    Returns
    -------
    str or None
        A key of :data:`INDIKATOR`; None when no text names one.
    """
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


def text_column(s: pd.Series) -> pd.Series:
    """``s`` as pandas' string dtype, None/NaN/NA becoming missing (other text kept as is).

    Parameters
    ----------
    s : Series
        A text column of any dtype (numbers are written with ``str``).

    Returns
    -------
    Series
        Of dtype ``str``, with the index of ``s``.
    """
    vals = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
            for v in s]  # fmt: skip
    return pd.Series(vals, index=s.index, dtype="str")


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
        sel = sel[sel["periode"] == canonical_periode(periode)]
    out: dict[str | None, pd.DataFrame] = {}
    seri = sel["seri"].map(lambda v: None if is_missing(v) else v)
    for s in dict.fromkeys(seri.tolist()):
        part = sel[seri.map(lambda v, s=s: v == s)]
        out[s] = part.sort_values(["tahun", "periode"], kind="stable").reset_index(drop=True)
    return out


def sumber_text(df: pd.DataFrame) -> str:
    """``"Sumber: "`` and the distinct sources of ``df`` joined by ``"; "`` (first-seen order).

    An empty string when no row names its source.

    Parameters
    ----------
    df : DataFrame
        Indicator rows with a ``sumber`` column (e.g. ``"BPS Kab. HSS"``).

    Returns
    -------
    str
        The source line shown under a chart or table.

    Examples
    --------
    >>> sumber_text(pd.DataFrame({"sumber": ["BPS", None, "BPS", "Dinkes"]}))
    'Sumber: BPS; Dinkes'
    """
    srcs = [s for s in dict.fromkeys(df["sumber"].tolist()) if not is_missing(s)]
    return "Sumber: " + "; ".join(str(s) for s in srcs) if srcs else ""

"""Loading the Kemendesa desa index export: IDM (Indeks Desa Membangun) or Indeks Desa 2024+.

The Rembuk Remas looks at each desa's profile before its problems are
recorded. The Kemendesa publishes it per desa in two forms:

* **IDM** (Permendesa 2/2016, up to 2023): ``KODE DESA``, ``NAMA DESA``,
  ``KECAMATAN``, the three indices ``IKS`` (ketahanan sosial), ``IKE``
  (ekonomi), ``IKL`` (lingkungan/ekologi), ``NILAI IDM`` and ``STATUS IDM``
  (Mandiri, Maju, Berkembang, Tertinggal, Sangat Tertinggal); headers often
  carry the year (``IKS 2023``), or the year sits in a second header row;
* **Indeks Desa** (2024 onwards): the six dimensions ``Layanan Dasar``,
  ``Sosial``, ``Ekonomi``, ``Lingkungan``, ``Aksesibilitas`` and ``Tata
  Kelola Pemerintahan Desa``, the ``Nilai`` (or ``Skor``) of the index and
  the ``Status``.

The kode desa is the Kemendagri code, often written without dots
(``5203012001``); a row without a known code is placed by its kecamatan and
desa names through :class:`planlib.wilayah.Wilayah`'s matchers. As in every
planlib loader the file is read through :func:`planlib.tabular.read_table`
(title rows, two-row headers, HTML saved as ``.xls``, totals rows) and every
row is either loaded or reported with its Excel row, column, value, reason
and suggestion.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .parse import apply_unique, clean_text, fold, is_missing, parse_number
from .report import ROW, FileReport, PlanlibError
from .schema import enforce
from .tabular import TOTAL_RE, read_table
from .wilayah import Wilayah, normalise_code

#: Version of the loader's output; part of the cache key (raise it when the output changes).
LOADER_VERSION = 1

#: The five statuses, best first, as both indices name them.
STATUS = ("Mandiri", "Maju", "Berkembang", "Tertinggal", "Sangat Tertinggal")

#: IDM's thresholds (Permendesa 2/2016): the upper bound of each status, worst first.
AMBANG_IDM = ((0.4907, "Sangat Tertinggal"), (0.5989, "Tertinggal"), (0.7072, "Berkembang"),
              (0.8155, "Maju"))  # fmt: skip

#: The dimensions of Indeks Desa 2024+ (column → label).
DIMENSI = {
    "layanan_dasar": "Layanan Dasar",
    "sosial": "Sosial",
    "ekonomi": "Ekonomi",
    "lingkungan": "Lingkungan",
    "aksesibilitas": "Aksesibilitas",
    "tata_kelola": "Tata Kelola Pemerintahan Desa",
}
#: IDM's three indices (column → label).
INDEKS_IDM = {"iks": "IKS", "ike": "IKE", "ikl": "IKL"}

_YEARS = range(2015, 2041)


def _with_years(*names: str) -> list[str]:
    """The names, and each with a year after it (``IKS 2023``), as IDM exports write them."""
    return [*names, *(f"{n} {y}" for n in names for y in _YEARS)]


INDEKS_DESA_FIELDS: dict[str, list[str]] = {
    "no": ["No", "No.", "Nomor"],
    "kode_desa": ["Kode Desa", "Kode Desa/Kelurahan", "Kode Kemendagri", "ID Desa", "Kode Wilayah",
                  "Kode Desa Kemendagri", "Kode", "Kode Desa (Kemendagri)"],
    "nama_desa": ["Desa", "Nama Desa", "Desa/Kelurahan", "Nama Desa/Kelurahan", "Kelurahan/Desa"],
    "kode_kecamatan": ["Kode Kecamatan", "Kode Kec"],
    "kecamatan": ["Kecamatan", "Nama Kecamatan", "Kec"],
    "kabupaten": ["Kabupaten", "Nama Kabupaten", "Kabupaten/Kota", "Kab/Kota"],
    "iks": _with_years("IKS", "Indeks Ketahanan Sosial"),
    "ike": _with_years("IKE", "Indeks Ketahanan Ekonomi"),
    "ikl": _with_years("IKL", "Indeks Ketahanan Lingkungan", "Indeks Ketahanan Ekologi"),
    "nilai": _with_years("Nilai IDM", "IDM", "Skor IDM", "Indeks Desa Membangun", "Nilai Indeks Desa",
                         "Skor Indeks Desa", "Indeks Desa", "Nilai ID", "Skor ID", "Nilai", "Skor",
                         "Nilai Indeks", "Skor Akhir"),
    "status": _with_years("Status IDM", "Status", "Status Desa", "Status Indeks Desa", "Status ID",
                          "Klasifikasi", "Klasifikasi Desa", "Status Kemajuan Desa"),
    "layanan_dasar": ["Layanan Dasar", "Dimensi Layanan Dasar", "Skor Layanan Dasar"],
    "sosial": ["Sosial", "Dimensi Sosial", "Skor Sosial"],
    "ekonomi": ["Ekonomi", "Dimensi Ekonomi", "Skor Ekonomi"],
    "lingkungan": ["Lingkungan", "Dimensi Lingkungan", "Skor Lingkungan"],
    "aksesibilitas": ["Aksesibilitas", "Dimensi Aksesibilitas", "Skor Aksesibilitas"],
    "tata_kelola": ["Tata Kelola Pemerintahan Desa", "Dimensi Tata Kelola Pemerintahan Desa",
                    "Tata Kelola", "Tata Kelola Pemerintahan", "Skor Tata Kelola Pemerintahan Desa"],
}  # fmt: skip
for _f in INDEKS_DESA_FIELDS:  # the output's own column names are accepted too
    INDEKS_DESA_FIELDS[_f].append(_f)

#: Columns of a loaded table, in order.
COLUMNS = [
    "tahun", "jenis", "kode_desa", "nama_desa", "kode_kecamatan", "nama_kecamatan",
    *INDEKS_IDM, *DIMENSI, "nilai", "status", "kode_asli", "desa_asli", "file", ROW,
]  # fmt: skip
_NUMBERS = [*INDEKS_IDM, *DIMENSI, "nilai"]

#: Template columns (header, description) for ``planlib init`` and the docs.
TEMPLATE: list[tuple[str, str]] = [
    ("Kode Desa", "kode Kemendagri desa, dengan atau tanpa titik (5203012001)"),
    ("Nama Desa", "nama desa"),
    ("Kecamatan", "nama kecamatan"),
    ("IKS", "IDM: indeks ketahanan sosial (0–1)"),
    ("IKE", "IDM: indeks ketahanan ekonomi (0–1)"),
    ("IKL", "IDM: indeks ketahanan lingkungan (0–1)"),
    ("Nilai IDM", "nilai IDM (0–1) atau nilai Indeks Desa (0–100)"),
    ("Status IDM", "Mandiri, Maju, Berkembang, Tertinggal, Sangat Tertinggal"),
]


def status_of(value: object) -> str | None:
    """The status written in a cell, in its canonical form; None when not one of :data:`STATUS`.

    Parameters
    ----------
    value : object
        ``MANDIRI``, ``Desa Maju``, ``sangat tertinggal``, ``Sgt. Tertinggal`` …

    Returns
    -------
    str or None

    Examples
    --------
    >>> status_of("DESA SANGAT TERTINGGAL"), status_of("maju"), status_of("baik")
    ('Sangat Tertinggal', 'Maju', None)
    """
    s = clean_text(value)
    if s is None:
        return None
    key = fold(s).removeprefix("desa ").replace("sgt ", "sangat ").strip()
    return {fold(x): x for x in STATUS}.get(key)


def status_idm(nilai: float | None) -> str | None:
    """IDM's status of a value (:data:`AMBANG_IDM`); None for an empty value.

    Parameters
    ----------
    nilai : float or None
        NILAI IDM, 0–1.

    Returns
    -------
    str or None

    Examples
    --------
    >>> status_idm(0.6737), status_idm(0.82)
    ('Berkembang', 'Mandiri')
    """
    if nilai is None or pd.isna(nilai):
        return None
    for upper, status in AMBANG_IDM:
        if nilai <= upper:
            return status
    return "Mandiri"


@functools.cache
def _schema() -> Any:
    """The pandera schema (built on first use: importing pandera costs ~0.3 s)."""
    import pandera.pandas as pa

    def rng(hi: float) -> Any:
        return pa.Check.in_range(0, hi, error=f"nilai indeks harus 0–{hi:g}")

    cols = {c: pa.Column(float, rng(1), nullable=True) for c in INDEKS_IDM}
    cols |= {c: pa.Column(float, rng(100), nullable=True) for c in [*DIMENSI, "nilai"]}
    cols |= {
        "kode_desa": pa.Column(str, nullable=False, unique=True),
        "status": pa.Column(object, pa.Check.isin(list(STATUS)), nullable=True),
    }
    return pa.DataFrameSchema(cols, name="indeks_desa", strict=False)


def load_indeks_desa(
    path: str | Path, wilayah: Wilayah, tahun: int, opts: dict | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """Load one IDM or Indeks Desa export of year ``tahun`` for the workspace's kabupaten.

    Parameters
    ----------
    path : path-like
        xlsx, xls (also HTML saved as ``.xls``), ods or csv.
    wilayah : Wilayah
        The kabupaten; desa are matched to its code list.
    tahun : int
        The year of the index (``[indeks_desa] 2024 = "…"`` in ``planlib.toml``).
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header), ``kolom`` (field →
        header text).

    Returns
    -------
    (DataFrame, FileReport)
        One row per desa with the columns of :data:`COLUMNS`: ``jenis``
        ``idm`` (``iks``, ``ike``, ``ikl`` filled) or ``indeks_desa`` (the six
        dimensions filled); ``nilai`` as written (0–1 for IDM, 0–100 for
        Indeks Desa); ``status`` one of :data:`STATUS`.

    Raises
    ------
    PlanlibError
        No header, or neither a kode nor a desa name column.

    Notes
    -----
    Dropped: a row of another kabupaten (``di_luar_kabupaten``), a desa that
    neither its code nor its names place (``wilayah_tidak_dikenal``,
    ``wilayah_ambigu``), the same desa twice (``kode_ganda``; the first row is
    kept, ``id_ganda_sama`` when the rows are the same), an index outside its
    range (``nilai_tidak_sah``). Kept with a warning: a fuzzy-matched name
    (``desa_mirip``, ``kecamatan_mirip``), a code that is not the code list's
    when the name places the desa (``kode_dari_nama``), a number that cannot be
    read (``angka_tidak_sah``, kept empty), a status that is not one of the
    five (``nilai_tidak_dikenal``; for IDM the status of the value is used).
    """
    opts = opts or {}
    report = FileReport(str(path), "indeks_desa")
    name = Path(path).name
    t = read_table(
        path, INDEKS_DESA_FIELDS, report,
        key_fields=["kode_desa", "nama_desa"],
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
        min_hits=3,
    )  # fmt: skip
    h = t.headers
    if "kode_desa" not in h and "nama_desa" not in h:
        raise PlanlibError(f"Kolom wajib tidak ada di {name}: 'Kode Desa' atau 'Nama Desa'.")
    if "nilai" not in h and "status" not in h and not set(h) & {*INDEKS_IDM, *DIMENSI}:
        raise PlanlibError(
            f"{name} tidak memuat nilai indeks: tidak ada kolom 'Nilai IDM', 'Status IDM', "
            "IKS/IKE/IKL atau dimensi Indeks Desa."
        )
    df = t.df
    for f in INDEKS_DESA_FIELDS:
        if f not in df.columns:
            df[f] = None
    jenis = "indeks_desa" if set(h) & set(DIMENSI) else "idm"
    nilai_idm = "nilai" in h and "idm" in fold(h["nilai"]).split()
    if jenis == "idm" and not set(h) & set(INDEKS_IDM) and "nilai" in h and not nilai_idm:
        jenis = "indeks_desa"
    # a totals row whose label sits in the name column (``JUMLAH`` under NAMA DESA)
    label = df["nama_desa"].fillna("").astype(str).str.strip()
    total = df["kode_desa"].map(is_missing) & label.str.match(TOTAL_RE).astype(bool)
    df = report.drop(df, total, "baris_total", values=label)
    df = _place(df, report, h, wilayah)
    df = _numbers(df, report, h)
    df = _status(df, report, h, jenis)
    df = _duplicates(df, report, h)
    df = df.assign(tahun=int(tahun), jenis=jenis, file=str(path))
    df = enforce(df[COLUMNS].reset_index(drop=True), _schema(), report, h)
    report.rows_loaded = len(df)
    return df.reset_index(drop=True), report


def _place(df: pd.DataFrame, report: FileReport, h: dict, w: Wilayah) -> pd.DataFrame:
    """The desa of each row: its code when the code list knows it, else its names."""
    desa_names = w.desa_matcher.names
    raw_code = df["kode_desa"].map(lambda v: None if is_missing(v) else str(v).strip())
    code = raw_code.map(normalise_code).astype(object)
    code = code.where(code.map(lambda c: isinstance(c, str)), None)
    # a code of the kabupaten's format but with 4 parts only counts
    known = code.map(lambda c: isinstance(c, str) and c in desa_names).astype(bool)
    prefix = w.kabupaten + "."
    other = code.map(
        lambda c: isinstance(c, str) and c.count(".") == 3 and not c.startswith(prefix)
    )
    other = other.astype(bool) & ~known
    kab_col = h.get("kode_desa") or h.get("nama_desa")
    df = report.drop(df, other, "di_luar_kabupaten", column=h.get("kode_desa"), values=raw_code,
                     severity="warning",
                     reason=f"desa di luar {w.nama} (kode lain); baris dilewati")  # fmt: skip
    code, known, raw_code = code.loc[df.index], known.loc[df.index], raw_code.loc[df.index]
    kode = code.where(known, None).astype(object)
    todo = ~known
    if todo.any():
        kec_text = df.loc[todo, "kecamatan"]
        kec_code = df.loc[todo, "kode_kecamatan"].map(normalise_code)
        k = w.kecamatan_matcher.match(kec_text)
        kec = kec_code.where(kec_code.isin(list(w.kecamatan_matcher.names)), k["kode"].values)
        sub = df.loc[todo]
        fuzzy_kec = np.asarray(k["metode"] == "mirip") & np.asarray(kec_code.isna())
        report.warn(sub, pd.Series(fuzzy_kec, index=sub.index), "kecamatan_mirip",
                    column=h.get("kecamatan"), values=kec_text, suggestions=k["saran"].values)  # fmt: skip
        d = w.desa_matcher.match(sub["nama_desa"], kec)
        d.index = sub.index
        kode.loc[todo] = d["kode"].where(d["kode"].notna(), None)
        col = h.get("nama_desa")
        report.warn(sub, d["metode"] == "mirip", "desa_mirip", column=col,
                    values=sub["nama_desa"], suggestions=d["saran"])  # fmt: skip
        wrong_code = raw_code.loc[sub.index].notna() & d["kode"].notna()
        report.warn(sub, wrong_code, "kode_dari_nama", column=h.get("kode_desa"),
                    values=raw_code.loc[sub.index],
                    reason="kode desa tidak ada di daftar kode wilayah; desa ditempatkan menurut "
                    "namanya",
                    suggestions=d["kode"])  # fmt: skip
        for metode, reason_code in (("ambigu", "wilayah_ambigu"), ("tidak_dikenal", "wilayah_tidak_dikenal"),
                                    ("kosong", "wilayah_tidak_dikenal")):  # fmt: skip
            bad = (d["metode"] == metode) & d["kode"].isna()
            values = sub["nama_desa"].where(sub["nama_desa"].notna(), raw_code.loc[sub.index])
            df = report.drop(df, bad.reindex(df.index, fill_value=False), reason_code,
                             column=col or kab_col, values=values.reindex(df.index),
                             suggestions=d["saran"].reindex(df.index),
                             reason="desa tidak ditemukan: kode tidak dikenal dan nama desa "
                             "(di kecamatannya) tidak cocok" if metode != "ambigu" else None)  # fmt: skip
    kode = kode.loc[df.index]
    return df.assign(
        kode_asli=raw_code.loc[df.index],
        desa_asli=df["nama_desa"].map(clean_text),
        kode_desa=kode,
        nama_desa=kode.map(desa_names).astype(object),
        kode_kecamatan=kode.map(w.desa_matcher.parent).astype(object),
        nama_kecamatan=kode.map(w.desa_matcher.parent)
        .map(w.kecamatan_matcher.names)
        .astype(object),
    )


def _numbers(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    """The indices as floats; an unreadable one is reported and kept empty."""
    out = {}
    for f in _NUMBERS:
        parsed, failed = apply_unique(df[f], parse_number)
        report.warn(df, failed, "angka_tidak_sah", column=h.get(f), values=df[f],
                    reason="angka tidak terbaca; dikosongkan")  # fmt: skip
        out[f] = pd.to_numeric(parsed, errors="coerce").astype(float)
    return df.assign(**out)


def _status(df: pd.DataFrame, report: FileReport, h: dict, jenis: str) -> pd.DataFrame:
    """The status as one of :data:`STATUS`; for IDM, the value's status when none is written."""
    status = df["status"].map(status_of).astype(object)
    written = df["status"].map(lambda v: not is_missing(v))
    unknown = written & status.isna()
    report.warn(df, unknown, "nilai_tidak_dikenal", column=h.get("status"), values=df["status"],
                suggestions=[", ".join(STATUS)] * len(df),
                reason="status tidak dikenal" + ("; dipakai status dari nilai IDM" if jenis == "idm"
                                                  else "; dikosongkan"))  # fmt: skip
    if jenis == "idm":
        derived = df["nilai"].map(lambda v: status_idm(v) if v is not None and v <= 1 else None)
        status = status.where(status.notna(), derived)
    return df.assign(status=status.where(status.notna(), None))


def _duplicates(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    """The same desa twice: the first row is kept."""
    dup = df["kode_desa"].duplicated(keep="first")
    if not dup.any():
        return df
    content = [*_NUMBERS, "status", "kode_desa"]
    same = df.duplicated(subset=content, keep="first")
    col = h.get("kode_desa") or h.get("nama_desa")
    df = report.drop(df, dup & same, "id_ganda_sama", column=col, values=df["kode_desa"],
                     reason="desa sama dengan baris sebelumnya, isi sama; diabaikan")  # fmt: skip
    dup = df["kode_desa"].duplicated(keep="first")
    return report.drop(df, dup, "kode_ganda", column=col, values=df["kode_desa"],
                       reason="desa sudah ada di baris sebelumnya dengan nilai berbeda; baris "
                       "pertama dipakai")  # fmt: skip


def ringkas(df: pd.DataFrame) -> pd.DataFrame:
    """The indices of each desa as labelled text, for a desa's profile (report, listing).

    Parameters
    ----------
    df : DataFrame
        A loaded table (:data:`COLUMNS`).

    Returns
    -------
    DataFrame
        Indexed by ``kode_desa``: ``tahun``, ``jenis``, ``status``, ``nilai``
        and one column per index present (``IKS`` … or ``Layanan Dasar`` …),
        NaN where the file has no value.
    """
    labels = {**INDEKS_IDM, **DIMENSI}
    cols = [c for c in labels if c in df.columns and df[c].notna().any()]
    out = df.set_index("kode_desa")[["tahun", "jenis", "status", "nilai", *cols]]
    return out.rename(columns=labels).replace({np.nan: None})

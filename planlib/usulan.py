"""Loading usulan (Musrenbang proposals) from SIPD / E-Perencanaan exports.

Both observed export layouts are read by header name, wherever the header row
sits under the title rows:

- the **long** layout: No, ID Usulan, Tanggal Usul, Pengusul, Profil, Usulan,
  Masalah, Alamat, Kabupaten, Kecamatan, Kelurahan/Desa, Usulan Ke, OPD Tujuan
  Awal/Akhir, Status, Catatan, the Rekomendasi columns, Volume, Satuan,
  Anggaran, Jenis Belanja, Sub Kegiatan;
- the **short** layout: Tgl Usul, Pengusul, Profil, Urusan, Usulan,
  Permasalahan, Alamat, OPD Tujuan, Rekomendasi Mitra Bappeda, Kategori
  Usulan, Koefisien (``"100 m"``), the Rekomendasi columns, Status and
  sometimes Kecamatan and Anggaran.

Each row ends up loaded or reported (see :mod:`planlib.report`). Normalised
fields keep their original text in a ``*_asli`` column.

**Identity** (:mod:`planlib.usulan_id`): a row keeps its ID Usulan; a row
without one gets a content ID that later downloads of the same export keep.

**Derived columns.** ``bidang`` (Rakerda grouping, from Urusan or OPD tujuan)
and ``isu`` (issue category, from the Usulan and Masalah text) are derived at
load time from pattern tables (:class:`planlib.bidang.BidangRules`); a
workspace replaces them with ``[usulan] bidang = "…"`` and
``[usulan] isu = "…"``.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .bidang import BidangRules
from .parse import (
    apply_unique,
    as_written,
    clean_column,
    extract_coordinates,
    parse_date,
    parse_koefisien,
    parse_number,
    parse_rupiah,
)
from .report import ROW, FileReport
from .schema import enforce
from .tabular import Table, read_table
from .usulan_id import given_ids, made_ids
from .wilayah import Wilayah

if TYPE_CHECKING:
    import pandera.pandas as pa

USULAN_FIELDS: dict[str, list[str]] = {
    "no": ["No", "No.", "Nomor", "No Urut"],
    "id_usulan": ["ID Usulan", "ID", "Kode Usulan", "id_usulan"],
    "tanggal_usul": ["Tanggal Usul", "Tgl Usul", "Tgl. Usul", "Tanggal", "tanggal_usul"],
    "pengusul": ["Pengusul"],
    "profil": ["Profil"],
    "urusan": ["Urusan"],
    "usulan": ["Usulan", "Nama Usulan", "Uraian Usulan", "Kegiatan Usulan"],
    "masalah": ["Masalah", "Permasalahan"],
    "alamat": ["Alamat", "Alamat Lokasi", "Lokasi", "alamat_lokasi"],
    "kabupaten": ["Kabupaten", "Kabupaten/Kota", "Kab/Kota"],
    "kecamatan": ["Kecamatan", "Kec"],
    "desa": ["Kelurahan/Desa", "Desa/Kelurahan", "Desa", "Kelurahan"],
    "usulan_ke": ["Usulan Ke", "Prioritas", "Urutan", "usulan_ke"],
    "opd_tujuan_awal": ["OPD Tujuan Awal", "SKPD Tujuan Awal"],
    "opd_tujuan_akhir": ["OPD Tujuan Akhir", "SKPD Tujuan Akhir"],
    "opd": ["OPD Tujuan", "SKPD Tujuan", "OPD", "Perangkat Daerah"],
    "status": ["Status"],
    "catatan": ["Catatan"],
    "rekomendasi_mitra": ["Rekomendasi Mitra", "Rekomendasi Mitra Bappeda", "Rekomendasi Mitra (Bappeda)"],
    "rekomendasi_desa": ["Rekomendasi Kelurahan/Desa", "Rekomendasi Desa/Kelurahan", "Rekomendasi Desa"],
    "rekomendasi_kecamatan": ["Rekomendasi Kecamatan"],
    "rekomendasi_skpd": ["Rekomendasi SKPD", "Rekomendasi OPD"],
    "rekomendasi_tapd": ["Rekomendasi TAPD"],
    "rekomendasi_sekwan": ["Rekomendasi Sekwan"],
    "kategori_usulan": ["Kategori Usulan", "Kategori"],
    "koefisien": ["Koefisien"],
    "volume": ["Volume", "Vol"],
    "satuan": ["Satuan"],
    "anggaran": ["Anggaran", "Anggaran (Rp)", "Pagu", "Perkiraan Anggaran", "Biaya"],
    "jenis_belanja": ["Jenis Belanja"],
    "sub_kegiatan": ["Sub Kegiatan", "Subkegiatan", "sub_kegiatan"],
}  # fmt: skip

TEXT_FIELDS = [
    "pengusul", "profil", "urusan", "usulan", "masalah", "alamat", "kabupaten", "opd_tujuan_awal",
    "opd_tujuan_akhir", "opd", "status", "catatan", "rekomendasi_mitra", "rekomendasi_desa",
    "rekomendasi_kecamatan", "rekomendasi_skpd", "rekomendasi_tapd", "rekomendasi_sekwan",
    "kategori_usulan", "satuan", "jenis_belanja", "sub_kegiatan",
]  # fmt: skip

#: Columns of a loaded usulan table, in order (fields absent from the file are empty).
COLUMNS = [
    "id_usulan", "tahun", "tanggal_usul", "pengusul", "profil", "urusan", "usulan", "masalah",
    "alamat", "lat", "lon", "kode_kecamatan", "nama_kecamatan", "kode_desa", "nama_desa",
    "usulan_ke", "opd_tujuan_awal", "opd_tujuan_akhir", "opd_tujuan", "bidang", "isu", "status",
    "catatan", "rekomendasi_mitra", "rekomendasi_desa", "rekomendasi_kecamatan",
    "rekomendasi_skpd", "rekomendasi_tapd", "rekomendasi_sekwan", "kategori_usulan", "volume",
    "satuan", "anggaran",
    "jenis_belanja", "sub_kegiatan", "kecamatan_asli", "desa_asli", "tanggal_usul_asli",
    "anggaran_asli", "volume_asli", "file", ROW,
]  # fmt: skip

#: The columns of :data:`COLUMNS` that are not text, as the loader types them.
TYPES = {
    "tahun": "int64", "tanggal_usul": "datetime64[ms]", "lat": "float64", "lon": "float64",
    "usulan_ke": "Int64", "volume": "float64", "anggaran": "float64", ROW: "int64",
}  # fmt: skip


def empty_table() -> pd.DataFrame:
    """An usulan table without rows: the columns and types of a loaded one.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, typed as :data:`TYPES` (text columns ``object``); what a
        year whose file could not be read holds, so every query sees the same types.
    """
    return pd.DataFrame({c: pd.Series(dtype=TYPES.get(c, object)) for c in COLUMNS})


#: The isu of an usulan that no pattern of the isu table recognises.
ISU_LAINNYA = "Lainnya"

#: Bumped when the loaded table changes for the same input (part of the cache key).
LOADER_VERSION = 3


def isu_rules(path: str | Path | None = None) -> BidangRules:
    """The isu pattern table (``pola, isu``): a workspace's own, or planlib's default.

    Parameters
    ----------
    path : path-like, optional
        A CSV with columns ``pola`` and ``isu`` (UTF-8, with or without BOM);
        ``planlib/data/isu.csv`` when omitted.

    Returns
    -------
    BidangRules
        :meth:`BidangRules.for_isu` of the table: the pattern found first in
        the Usulan text, else in the Masalah text, decides the isu (the kamus
        rewrites applied to both).
    """
    return BidangRules.for_isu(isu_table_text(path))


def isu_table_text(path: str | Path | None = None) -> str:
    """The text of the isu table :func:`isu_rules` reads (its hash goes into the cache key).

    Parameters
    ----------
    path : path-like, optional
        The workspace's table; planlib's default when omitted.

    Returns
    -------
    str
    """
    if path is not None:
        return Path(path).read_text(encoding="utf-8-sig")
    return resources.files("planlib.data").joinpath("isu.csv").read_text(encoding="utf-8")


@functools.cache
def schema() -> pa.DataFrameSchema:
    """The pandera schema of a loaded usulan (or pokir) table, built on first use.

    Importing pandera costs ~0.3 s, so it happens here, not at import.

    Returns
    -------
    pandera.DataFrameSchema
    """
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "id_usulan": pa.Column(str, unique=True, nullable=False),
            "usulan": pa.Column(str, pa.Check.str_length(min_value=1, error="teks usulan kosong")),
            "kode_kecamatan": pa.Column(str, nullable=False),
            "anggaran": pa.Column(
                float, pa.Check.ge(0, error="anggaran tidak boleh negatif"), nullable=True
            ),
            "volume": pa.Column(
                float, pa.Check.ge(0, error="volume tidak boleh negatif"), nullable=True
            ),
            "usulan_ke": pa.Column(
                "Int64", pa.Check.ge(1, error="Usulan Ke harus 1 atau lebih"), nullable=True
            ),
            "tahun": pa.Column(int, pa.Check.in_range(2000, 2100, error="tahun di luar 2000–2100")),
        },
        name="usulan",
        strict=False,
    )


def load_usulan(
    path: str | Path,
    wilayah: Wilayah,
    tahun: int,
    opts: dict[str, Any] | None = None,
    bidang: BidangRules | None = None,
    isu: BidangRules | None = None,
) -> tuple[pd.DataFrame, FileReport]:
    """Load one SIPD usulan export for planning year ``tahun``.

    Parameters
    ----------
    path : path-like
        xlsx, xls, ods or csv (``;`` or ``,``, UTF-8 or cp1252).
    wilayah : Wilayah
        The kabupaten's code list; kecamatan and desa names are matched to it.
    tahun : int
        The planning year the file belongs to.
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header) and ``kolom``
        (field → header text) for files whose headers differ.
    bidang : BidangRules, optional
        The Urusan/OPD → bidang table; planlib's default when omitted.
    isu : BidangRules, optional
        The Usulan/Masalah text → isu table (:func:`isu_rules`); planlib's
        default when omitted. An usulan no pattern recognises gets
        :data:`ISU_LAINNYA`.

    Returns
    -------
    (DataFrame, FileReport)
        One row per loaded usulan with the columns of :data:`COLUMNS` (no
        rows, same columns, for a table without data rows).

    Raises
    ------
    PlanlibError
        When the file cannot be read or has no recognisable header.
    """
    opts = opts or {}
    bidang = bidang or BidangRules.default()
    isu = isu or isu_rules()
    report = FileReport(str(path), "usulan")
    t = _read(path, report, opts)
    h = t.headers
    df = t.df
    for f in USULAN_FIELDS:
        if f not in df.columns:
            df[f] = None
    raw_kec, raw_desa = df["kecamatan"].copy(), df["desa"].copy()
    for f in TEXT_FIELDS:
        df[f] = clean_column(df[f])

    df = report.drop(df, df["usulan"].isna(), "usulan_kosong", column=h.get("usulan"))
    df = given_ids(df, report, h, USULAN_FIELDS)
    df = other_kabupaten(df, report, h, wilayah)
    df = place(df, report, h, wilayah, raw_kec.loc[df.index], raw_desa.loc[df.index])
    df = parse_values(df, report, h)
    df = made_ids(df, report, h, has_id="id_usulan" in h, tahun=int(tahun))

    coords = df["alamat"].map(extract_coordinates)
    df["lat"] = coords.map(lambda c: c[0] if c else np.nan).astype(float)
    df["lon"] = coords.map(lambda c: c[1] if c else np.nan).astype(float)
    df["opd_tujuan"] = df["opd_tujuan_akhir"].fillna(df["opd_tujuan_awal"]).fillna(df["opd"])
    df["bidang"] = bidang.assign(df["urusan"], df["opd_tujuan"])
    report.warn(
        df, df["bidang"].isna(), "bidang_tidak_dikenal",
        column=h.get("opd_tujuan_akhir") or h.get("opd_tujuan_awal") or h.get("opd") or h.get("urusan"),
        values=df["opd_tujuan"].fillna(df["urusan"]),
        suggestions=["tambahkan pola di tabel bidang"] * int(df["bidang"].isna().sum()),
    )  # fmt: skip
    df["isu"] = isu.assign(df["usulan"], df["masalah"]).fillna(ISU_LAINNYA)
    df["tahun"] = int(tahun)
    df["file"] = Path(path).name
    if len(df):
        df = enforce(df.reset_index(drop=True), schema(), report, h)
    out = df[COLUMNS].reset_index(drop=True)
    # text columns as pandas strings, so a table read back from the Parquet cache is identical
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("str")
    report.rows_loaded = len(out)
    return out, report


def read_rows(path: str | Path, opts: dict[str, Any] | None = None) -> pd.DataFrame:
    """The data rows of an usulan export as written: nothing matched, parsed or dropped.

    What :func:`load_usulan` reads before it checks anything, so that a row the
    check rejected (its report names the file and the Excel row) can be shown
    as the desa wrote it, e.g. in the desa's letter.

    Parameters
    ----------
    path : path-like
        The export, as for :func:`load_usulan`.
    opts : dict, optional
        The file's options, as for :func:`load_usulan`.

    Returns
    -------
    DataFrame
        One row per data row: the fields of :data:`USULAN_FIELDS` found in the
        file (raw values) and ``baris``, the Excel row.
    """
    t = _read(path, FileReport(str(path), "usulan"), opts or {})
    return t.df


def _read(path: str | Path, report: FileReport, opts: dict[str, Any]) -> Table:
    return read_table(
        path, USULAN_FIELDS, report, required=["usulan"],
        key_fields=["id_usulan", "usulan", "tanggal_usul", "kecamatan", "desa", "pengusul", "masalah"],
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
        min_hits=3,
    )  # fmt: skip


# --------------------------------------------------------------------------- steps


def other_kabupaten(df: pd.DataFrame, report: FileReport, h: dict, w: Wilayah) -> pd.DataFrame:
    """Drop the rows whose Kabupaten column names another kabupaten (``kabupaten_lain``).

    Parameters
    ----------
    df : DataFrame
        The rows read, one column per field.
    report : FileReport
        The file's report; each dropped row is recorded there.
    h : dict
        Field → the header as written in the file (for the report's column).
    w : Wilayah
        The workspace's codes and matchers.

    Returns
    -------
    DataFrame
        The rows of this kabupaten, or whose Kabupaten column is empty or unknown.
    """
    if "kabupaten" not in h:
        return df
    m = w.area_matcher().match(df["kabupaten"])
    other = m["kode"].notna() & (m["kode"] != w.kabupaten) & (m["kode"].str.count(r"\.") == 1)
    return report.drop(df, other, "kabupaten_lain", column=h["kabupaten"], values=df["kabupaten"])


def place(
    df: pd.DataFrame,
    report: FileReport,
    h: dict,
    w: Wilayah,
    raw_kec: pd.Series,
    raw_desa: pd.Series,
    desa_from_pengusul: bool = True,
) -> pd.DataFrame:
    """Match kecamatan and desa names to Kemendagri codes (reported as the usulan loader does).

    Parameters
    ----------
    df : DataFrame
        Rows with ``kecamatan``, ``desa`` and ``pengusul``.
    report : FileReport
        Receives fuzzy matches (warnings) and unplaceable kecamatan (dropped).
    h : dict
        Field → header text.
    w : Wilayah
        The code list and its matchers.
    raw_kec, raw_desa : Series
        The names as written (kept as ``kecamatan_asli`` / ``desa_asli``).
    desa_from_pengusul : bool
        Without a desa column, read the desa from the Pengusul (the short usulan
        layout, where the pengusul is often the desa); off where the pengusul is a person.

    Returns
    -------
    DataFrame
        The rows kept, with ``kode_kecamatan``, ``nama_kecamatan``, ``kode_desa``, ``nama_desa``.
    """
    df = df.assign(kecamatan_asli=as_written(raw_kec), desa_asli=as_written(raw_desa))
    kec_col = h.get("kecamatan", "Kecamatan")
    by_pengusul = desa_from_pengusul and "desa" not in h
    desa_col = h.get("desa") or (h.get("pengusul") if by_pengusul else None)
    desa_text = df["pengusul"] if by_pengusul else df["desa"]
    k = w.kecamatan_matcher.match(df["kecamatan"])
    # a kecamatan left empty can be recovered from a desa name that exists only once
    empty = k["metode"] == "kosong"
    if empty.any():
        d_any = w.desa_matcher.match(desa_text[empty])
        ok = d_any["kode"].notna() & d_any["metode"].isin(["kode", "persis", "normal", "alias"])
        k.loc[ok[ok].index, "kode"] = d_any.loc[ok, "kode"].map(w.desa_matcher.parent)
        k.loc[ok[ok].index, "metode"] = "dari_desa"
    report.warn(df, k["metode"] == "mirip", "kecamatan_mirip", column=kec_col,
                values=df["kecamatan_asli"], suggestions=k["saran"])  # fmt: skip
    for metode, code in (
        ("ambigu", "kecamatan_ambigu"),
        ("tidak_dikenal", "kecamatan_tidak_dikenal"),
        ("kosong", "kecamatan_kosong"),
    ):
        df = report.drop(df, k["metode"] == metode, code, column=kec_col,
                         values=df["kecamatan_asli"], suggestions=k["saran"])  # fmt: skip
        k = k.loc[df.index]
    df = df.assign(
        kode_kecamatan=k["kode"], nama_kecamatan=k["kode"].map(w.kecamatan_matcher.names)
    )

    desa_text = desa_text.loc[df.index]
    d = w.desa_matcher.match(desa_text, df["kode_kecamatan"])
    if "desa" in h:
        report.warn(df, d["metode"] == "mirip", "desa_mirip", column=desa_col,
                    values=df["desa_asli"], suggestions=d["saran"])  # fmt: skip
        report.warn(df, d["metode"] == "ambigu", "desa_ambigu", column=desa_col,
                    values=df["desa_asli"], suggestions=d["saran"])  # fmt: skip
        unknown = d["metode"] == "tidak_dikenal"
        if unknown.any():
            # a desa that exists in another kecamatan is a better hint than a fuzzy name
            elsewhere = w.desa_matcher.match(desa_text[unknown])
            hint = elsewhere["kode"].map(
                lambda kd: f"{w.desa_matcher.names[kd]} ada di Kecamatan "
                f"{w.kecamatan_matcher.names.get(w.desa_matcher.parent[kd], '?')}"
                if isinstance(kd, str) else None
            )  # fmt: skip
            sugg = hint.fillna(d.loc[unknown, "saran"])
            report.warn(df, unknown, "desa_tidak_dikenal", column=desa_col,
                        values=df["desa_asli"], suggestions=sugg)  # fmt: skip
        kode_desa = d["kode"].where(d["metode"] != "ambigu")
    else:  # short layout: the pengusul is often the desa; use it only when it matches cleanly
        kode_desa = d["kode"].where(d["metode"].isin(["kode", "persis", "normal", "alias"]))
    return df.assign(kode_desa=kode_desa, nama_desa=kode_desa.map(w.desa_matcher.names))


def parse_values(df: pd.DataFrame, report: FileReport, h: dict) -> pd.DataFrame:
    """Parse dates, amounts (``Rp 1.234.567``), volumes (or Koefisien) and Usulan Ke; report bad cells.

    Parameters
    ----------
    df : DataFrame
        The rows read, one column per field (cells as text).
    report : FileReport
        The file's report; an unreadable cell is a warning there, its row is kept.
    h : dict
        Field → the header as written in the file (for the report's column).

    Returns
    -------
    DataFrame
        ``df`` with the parsed columns, and the cells as written kept in ``*_asli``.
    """
    df = df.assign(
        tanggal_usul_asli=as_written(df["tanggal_usul"]),
        anggaran_asli=as_written(df["anggaran"]),
        volume_asli=as_written(df["volume"].where(df["volume"].notna(), df["koefisien"])),
    )
    tanggal, bad = apply_unique(df["tanggal_usul"], parse_date)
    report.warn(df, bad, "tanggal_tidak_sah", column=h.get("tanggal_usul"),
                values=df["tanggal_usul_asli"], suggestions=["tulis sebagai HH/BB/TTTT"] * int(bad.sum()))  # fmt: skip
    anggaran, bad = apply_unique(df["anggaran"], parse_rupiah)
    report.warn(df, bad, "angka_tidak_sah", column=h.get("anggaran"), values=df["anggaran_asli"])
    if "volume" in h:
        volume, bad = apply_unique(df["volume"], parse_number)
        report.warn(df, bad, "angka_tidak_sah", column=h["volume"], values=df["volume_asli"])
        satuan = df["satuan"]
    else:
        koef, bad = apply_unique(df["koefisien"], parse_koefisien)
        report.warn(df, bad, "angka_tidak_sah", column=h.get("koefisien"), values=df["volume_asli"])
        volume = koef.map(lambda c: c[0] if c else None)
        satuan = df["satuan"].fillna(koef.map(lambda c: c[1] if c else None))
    ke, bad = apply_unique(df["usulan_ke"], parse_number)
    report.warn(df, bad, "angka_tidak_sah", column=h.get("usulan_ke"), values=df["usulan_ke"])
    return df.assign(
        tanggal_usul=pd.to_datetime(tanggal, errors="coerce").astype("datetime64[ms]"),
        anggaran=pd.to_numeric(anggaran, errors="coerce").astype(float),
        volume=pd.to_numeric(volume, errors="coerce").astype(float),
        satuan=satuan,
        usulan_ke=pd.array(
            [int(x) if x is not None and x == x and float(x).is_integer() else pd.NA for x in ke],
            dtype="Int64",
        ),
    )

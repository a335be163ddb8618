"""Loading pokir (pokok-pokok pikiran DPRD) from SIPD-RI exports.

Pokir are the second channel of usulan into the RKPD, beside the Musrenbang:
each DPRD member (the *pengusul*) enters the requests heard in the reses into
SIPD-RI. Its export is read by header name, wherever the header row sits
under the title rows: Pengusul (the member), Fraksi, Jenis Usul / Reses,
Usulan, Masalah, Alamat, Kecamatan, Kelurahan/Desa, Koefisien (or Volume and
Satuan), Anggaran, OPD Tujuan, Rekomendasi Sekwan / Mitra / SKPD / TAPD,
Status, and an ID and a Dapil column when the export has them.

The rows go through the usulan loader's steps (:mod:`planlib.usulan`), so a
pokir export is accounted for the same way: title rows, HTML saved as
``.xls``, totals rows, ``Rp`` amounts, misspelt kecamatan and desa (the
:class:`~planlib.wilayah.Wilayah` matchers), duplicated IDs
(:func:`planlib.usulan_id.given_ids`) and the content ID of a row without one
(:func:`planlib.usulan_id.identity_key`, ``P`` + 10 hex digits, so a pokir ID
never equals an usulan ID). Every row in is loaded or reported.

The Dapil is added once the workspace's Dapil list is known
(:func:`tambah_dapil`): ``dapil`` of the pokir's place, ``dapil_pengusul``
of the member (the export's Dapil column, else the Dapil that holds most of
the member's pokir) and ``di_luar_dapil``: a pokir outside its member's Dapil
is allowed and flagged, never dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .bidang import BidangRules
from .dapil.cells import dapil_label
from .dapil.membership import dapil_per_desa, dapil_per_kecamatan
from .parse import clean_column, extract_coordinates
from .report import ROW, FileReport
from .schema import enforce
from .tabular import read_table
from .usulan import (
    ISU_LAINNYA,
    USULAN_FIELDS,
    isu_rules,
    other_kabupaten,
    parse_values,
    place,
)
from .usulan import schema as usulan_schema
from .usulan_id import given_ids, made_ids
from .wilayah import Wilayah

POKIR_FIELDS: dict[str, list[str]] = {
    "no": ["No", "No.", "Nomor"],
    "id_usulan": ["ID Pokir", "ID Usulan", "ID", "Kode Pokir", "Kode Usulan", "id_pokir"],
    "tanggal_usul": ["Tanggal Usul", "Tgl Usul", "Tgl. Usul", "Tanggal Input", "Tanggal"],
    "pengusul": ["Pengusul", "Nama Anggota", "Anggota DPRD", "Nama Anggota DPRD", "Anggota"],
    "fraksi": ["Fraksi", "Partai", "Fraksi/Partai"],
    "dapil_pengusul": ["Dapil", "Daerah Pemilihan", "Dapil Anggota"],
    "jenis_usul": ["Jenis Usul", "Jenis Usulan", "Reses", "Jenis Reses", "Jenis"],
    "usulan": USULAN_FIELDS["usulan"],
    "masalah": USULAN_FIELDS["masalah"],
    "alamat": USULAN_FIELDS["alamat"],
    "kabupaten": USULAN_FIELDS["kabupaten"],
    "kecamatan": USULAN_FIELDS["kecamatan"],
    "desa": USULAN_FIELDS["desa"],
    "opd": ["OPD Tujuan", "SKPD Tujuan", "Perangkat Daerah Tujuan", "OPD", "Perangkat Daerah"],
    "status": ["Status"],
    "catatan": ["Catatan", "Keterangan"],
    "rekomendasi_sekwan": USULAN_FIELDS["rekomendasi_sekwan"],
    "rekomendasi_mitra": USULAN_FIELDS["rekomendasi_mitra"],
    "rekomendasi_skpd": USULAN_FIELDS["rekomendasi_skpd"],
    "rekomendasi_tapd": USULAN_FIELDS["rekomendasi_tapd"],
    "koefisien": USULAN_FIELDS["koefisien"],
    "volume": USULAN_FIELDS["volume"],
    "satuan": USULAN_FIELDS["satuan"],
    "anggaran": USULAN_FIELDS["anggaran"],
}

TEXT_FIELDS = [
    "pengusul", "fraksi", "dapil_pengusul", "jenis_usul", "usulan", "masalah", "alamat",
    "kabupaten", "opd", "status", "catatan", "rekomendasi_sekwan", "rekomendasi_mitra",
    "rekomendasi_skpd", "rekomendasi_tapd", "satuan",
]  # fmt: skip

#: Columns of a loaded pokir table, in order (fields absent from the file are empty).
COLUMNS = [
    "id_pokir", "tahun", "tanggal_usul", "pengusul", "fraksi", "dapil_tertulis", "jenis_usul",
    "usulan", "masalah", "alamat", "lat", "lon", "kode_kecamatan", "nama_kecamatan", "kode_desa",
    "nama_desa", "opd_tujuan", "bidang", "isu", "status", "catatan", "rekomendasi_sekwan",
    "rekomendasi_mitra", "rekomendasi_skpd", "rekomendasi_tapd", "volume", "satuan", "anggaran",
    "kecamatan_asli", "desa_asli", "tanggal_usul_asli", "anggaran_asli", "volume_asli", "file",
    ROW,
]  # fmt: skip

#: Columns :func:`tambah_dapil` adds.
DAPIL_COLUMNS = ["dapil", "dapil_pengusul", "di_luar_dapil"]

#: The first letter of a content ID (an usulan's is ``H``).
PREFIX = "P"

#: Bumped when the loaded table changes for the same input (part of the cache key).
LOADER_VERSION = 1


def load_pokir(
    path: str | Path,
    wilayah: Wilayah,
    tahun: int,
    opts: dict[str, Any] | None = None,
    bidang: BidangRules | None = None,
    isu: BidangRules | None = None,
) -> tuple[pd.DataFrame, FileReport]:
    """Load one SIPD-RI pokir export for planning year ``tahun``.

    Parameters
    ----------
    path : path-like
        xlsx, xls (also HTML saved as ``.xls``), ods or csv.
    wilayah : Wilayah
        The kabupaten's code list; kecamatan and desa names are matched to it.
    tahun : int
        The planning year (the RKPD year the pokir are for).
    opts : dict, optional
        ``sheet``, ``header`` (Excel row of the header) and ``kolom``
        (field → header text) for files whose headers differ.
    bidang, isu : BidangRules, optional
        The OPD → bidang and text → isu tables; planlib's defaults when omitted.

    Returns
    -------
    (DataFrame, FileReport)
        One row per loaded pokir with the columns of :data:`COLUMNS`
        (``dapil_tertulis``: the export's Dapil column as written, normalised
        by :func:`planlib.dapil.cells.dapil_label`).

    Raises
    ------
    PlanlibError
        When the file cannot be read or has no recognisable header.
    """
    opts = opts or {}
    bidang = bidang or BidangRules.default()
    isu = isu or isu_rules()
    report = FileReport(str(path), "pokir")
    t = read_table(
        path, POKIR_FIELDS, report, required=["usulan"],
        key_fields=["id_usulan", "usulan", "pengusul", "fraksi", "kecamatan", "desa", "masalah"],
        sheet=opts.get("sheet"), header_row=opts.get("header"), columns=opts.get("kolom"),
        min_hits=3,
    )  # fmt: skip
    h = t.headers
    df = t.df
    for f in [*POKIR_FIELDS, "usulan_ke"]:
        if f not in df.columns:
            df[f] = None
    raw_kec, raw_desa = df["kecamatan"].copy(), df["desa"].copy()
    for f in TEXT_FIELDS:
        df[f] = clean_column(df[f])

    df = report.drop(df, df["usulan"].isna(), "usulan_kosong", column=h.get("usulan"))
    df = given_ids(df, report, h, [f for f in POKIR_FIELDS if f not in ("no", "id_usulan")])
    df = other_kabupaten(df, report, h, wilayah)
    df = place(
        df, report, h, wilayah, raw_kec.loc[df.index], raw_desa.loc[df.index],
        desa_from_pengusul=False,
    )  # fmt: skip
    df = parse_values(df, report, h)
    df = made_ids(df, report, h, has_id="id_usulan" in h, tahun=int(tahun), prefix=PREFIX)

    coords = df["alamat"].map(extract_coordinates)
    df["lat"] = coords.map(lambda c: c[0] if c else np.nan).astype(float)
    df["lon"] = coords.map(lambda c: c[1] if c else np.nan).astype(float)
    df["opd_tujuan"] = df["opd"]
    df["bidang"] = bidang.assign(pd.Series(None, index=df.index, dtype=object), df["opd_tujuan"])
    report.warn(
        df, df["bidang"].isna() & df["opd_tujuan"].notna(), "bidang_tidak_dikenal",
        column=h.get("opd"), values=df["opd_tujuan"],
        suggestions="tambahkan pola di tabel bidang",
    )  # fmt: skip
    df["isu"] = isu.assign(df["usulan"], df["masalah"]).fillna(ISU_LAINNYA)
    df["dapil_tertulis"] = df["dapil_pengusul"].map(dapil_label)
    df["tahun"] = int(tahun)
    df["file"] = Path(path).name
    if len(df):
        df = enforce(df.reset_index(drop=True), usulan_schema(), report, h)
    out = df.rename(columns={"id_usulan": "id_pokir"})[COLUMNS].reset_index(drop=True)
    for c in out.columns:  # pandas strings, so a table read back from the cache is identical
        if out[c].dtype == object:
            out[c] = out[c].astype("str")
    report.rows_loaded = len(out)
    return out, report


def empty() -> pd.DataFrame:
    """A pokir table without rows (the columns of :data:`COLUMNS` and :data:`DAPIL_COLUMNS`).

    Returns
    -------
    DataFrame
    """
    return pd.DataFrame(columns=[*COLUMNS, *DAPIL_COLUMNS])


def tambah_dapil(pokir: pd.DataFrame, dapil: pd.DataFrame) -> pd.DataFrame:
    """The pokir with the Dapil of their place and of their member.

    Parameters
    ----------
    pokir : DataFrame
        From :func:`load_pokir`.
    dapil : DataFrame
        The workspace's Dapil membership (``Workspace.dapil``).

    Returns
    -------
    DataFrame
        ``pokir`` plus ``dapil`` (of the desa in a kecamatan split between
        Dapil, else of the kecamatan; empty where the place is in no Dapil),
        ``dapil_pengusul`` (the member's Dapil: the export's Dapil column where
        written, else the Dapil holding most of the member's pokir, empty on a
        tie) and ``di_luar_dapil`` (True where both are known and differ).
    """
    df = pokir.copy()
    if not len(df):
        for c in DAPIL_COLUMNS:
            df[c] = pd.Series(dtype=bool if c == "di_luar_dapil" else object)
        return df
    per_kec = dapil_per_kecamatan(dapil)["dapil"] if len(dapil) else pd.Series(dtype=object)
    by_kec = df["kode_kecamatan"].astype(object).map(per_kec)
    of_desa = df["kode_desa"].astype(object).map(dapil_per_desa(dapil))
    df["dapil"] = of_desa.where(of_desa.notna(), by_kec).astype(object)
    df["dapil"] = df["dapil"].where(df["dapil"].notna(), None)
    written = df["dapil_tertulis"].astype(object)
    written = written.where(written.notna(), None)
    most = df[df["dapil"].notna()].groupby("pengusul")["dapil"].agg(_most_common)
    member = written.where(written.notna(), df["pengusul"].map(most))
    df["dapil_pengusul"] = member.where(member.notna(), None).astype(object)
    df["di_luar_dapil"] = (
        df["dapil_pengusul"].notna() & df["dapil"].notna() & (df["dapil_pengusul"] != df["dapil"])
    ).astype(bool)
    return df


def _most_common(values: pd.Series) -> str | None:
    """The value held by most rows; None when two values tie for the most."""
    counts = values.astype(str).value_counts()
    if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
        return None
    return str(counts.index[0])

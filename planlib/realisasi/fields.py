"""The realisasi table's fields: the template, the header spellings, the loaded columns."""

from __future__ import annotations

from ..report import ROW

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

"""The planning documents' columns: templates, header spellings, the loaded columns, the schemas.

:data:`TEMPLATES` documents the columns of each kind of file (``planlib init``
writes them as header-only CSV files); ``*_FIELDS`` are the header spellings
each loader recognises, ``*_COLUMNS`` the columns it returns, and the pandera
schemas are built on first use.
"""

from __future__ import annotations

import functools

import numpy as np

from ..report import ROW

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

"""``planlib init``: a skeleton workspace with header-only templates and a README in Bahasa Indonesia."""

from __future__ import annotations

import csv
from pathlib import Path

from .bidang import default_table_text
from .neutralise import csv_rows
from .realisasi import TEMPLATE as REALISASI_TEMPLATE
from .report import PlanlibError
from .usulan import USULAN_FIELDS
from .wilayah import normalise_code

_TOML = """# Workspace planlib untuk {nama}
# Path relatif terhadap folder ini. Setiap entri boleh berupa tabel, misalnya
#   kecamatan = {{ path = "wilayah/batas_kec.shp", kolom_kode = "KDCPUM" }}
#   2026 = {{ path = "usulan/ekspor.xlsx", sheet = "Sheet1", header = 5 }}

[wilayah]
kabupaten = "{kabupaten}"
nama = "{nama}"
kode_wilayah = "wilayah/kode_wilayah.csv"
# kecamatan = "wilayah/kecamatan.geojson"   # SHP, GeoJSON, GPKG atau GeoParquet
# desa = "wilayah/desa.geojson"
dapil = "dapil.csv"
alias = "wilayah/alias_wilayah.csv"

[usulan]
bidang = "bidang.csv"
# 2026 = "usulan/usulan_2026.xlsx"          # satu berkas ekspor SIPD per tahun perencanaan

[indikator]
files = ["indikator/indikator.csv"]

[perencanaan]
target_rpjmd = "perencanaan/target_rpjmd.csv"
pohon_kinerja = "perencanaan/pohon_kinerja.csv"
renja = "perencanaan/renja.csv"

[realisasi]
# laporan realisasi fisik dan keuangan (e-Monev) per tahun anggaran, untuk Rakerda;
# templat kolom: realisasi/realisasi.csv. Satu tahun boleh beberapa berkas (per OPD/triwulan):
# 2025 = "realisasi/realisasi_2025.xlsx"
# 2024 = ["realisasi/dinkes_2024.xlsx", {{ path = "realisasi/pupr_2024.xlsx", opd = "Dinas PUPR" }}]
"""

_README = """# Workspace planlib — {nama}

Folder ini berisi berkas milik Bappeda sendiri. planlib hanya membaca berkas-berkas ini,
tidak pernah mengubahnya. Periksa isinya kapan saja dengan:

    planlib check {folder}

## Berkas

| berkas | isi |
|---|---|
| `planlib.toml` | daftar berkas dan pengaturannya |
| `wilayah/kode_wilayah.csv` | daftar kode wilayah Kemendagri: `kode`, `nama`, `level` (provinsi, kabupaten_kota, kecamatan, desa_kelurahan) |
| `wilayah/kecamatan.*`, `wilayah/desa.*` | batas wilayah (SHP, GeoJSON, GPKG, GeoParquet) dengan kolom kode atau nama; aktifkan di `planlib.toml` |
| `wilayah/alias_wilayah.csv` | tabel penyelarasan nama: `nama` (ejaan lain/nama lama) → `kode` |
| `dapil.csv` | `dapil`, `kecamatan` (nama atau kode) |
| `usulan/` | ekspor usulan SIPD / E-Perencanaan, satu berkas per tahun (xlsx, xls, csv); baris judul, baris jumlah, `Rp 1.234.567` dan tanggal `12/03/2025` dapat dibaca |
| `bidang.csv` | `pola`, `bidang`: kata pada Urusan/OPD → bidang Rakerda (pembangunan manusia, ekonomi, infrastruktur, pemerintahan); baris pertama yang cocok dipakai |
| `indikator/indikator.csv` | indikator format panjang; tabel lebar ekspor situs BPS juga dapat dibaca |
| `perencanaan/target_rpjmd.csv` | target RPJMD per indikator dan tahun |
| `perencanaan/pohon_kinerja.csv` | pohon kinerja (tujuan → sasaran → program → kegiatan → sub kegiatan) |
| `perencanaan/renja.csv` | Renja OPD dengan pagu |
| `realisasi/realisasi.csv` | templat laporan realisasi fisik dan keuangan (ekspor e-Monev juga dapat dibaca); aktifkan per tahun di `[realisasi]` |

## Kolom templat
{columns}
"""


def write_skeleton(folder: str | Path, kabupaten: str, nama: str = "") -> Path:
    """Write an empty workspace for ``kabupaten`` into ``folder``.

    Parameters
    ----------
    folder : str or Path
        Where the workspace goes; created when missing (an existing folder is
        used as it is, but never one with a ``planlib.toml``).
    kabupaten : str
        The kabupaten/kota's Kemendagri code (``63.06``), as
        :func:`planlib.wilayah.normalise_code` reads it.
    nama : str
        The kabupaten's name for ``planlib.toml``; ``Kabupaten <code>`` when empty.

    Returns
    -------
    Path
        ``folder``, holding ``planlib.toml``, ``README.md`` (the expected columns
        of each input), ``bidang.csv`` and the empty CSV templates with their headers.

    Raises
    ------
    PlanlibError
        When the code is not a kabupaten/kota code or the folder already holds a workspace.
    """
    from .perencanaan import TEMPLATES

    kab = normalise_code(kabupaten)
    if kab is None or kab.count(".") != 1:
        raise PlanlibError(f"Kode kabupaten harus seperti 63.06; tertulis {kabupaten!r}.")
    root = Path(folder)
    if (root / "planlib.toml").exists():
        raise PlanlibError(f"{root} sudah berisi planlib.toml; tidak ditimpa.")
    nama = nama or f"Kabupaten {kab}"
    for sub in ("wilayah", "usulan", "indikator", "perencanaan", "realisasi"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "planlib.toml").write_text(_TOML.format(kabupaten=kab, nama=nama), encoding="utf-8")
    headers = {
        "wilayah/kode_wilayah.csv": ["kode", "nama", "level"],
        "wilayah/alias_wilayah.csv": ["nama", "kode"],
        "dapil.csv": ["dapil", "kecamatan"],
        "indikator/indikator.csv": [h for h, _ in TEMPLATES["indikator"]],
        "perencanaan/target_rpjmd.csv": [h for h, _ in TEMPLATES["target_rpjmd"]],
        "perencanaan/pohon_kinerja.csv": [h for h, _ in TEMPLATES["pohon_kinerja"]],
        "perencanaan/renja.csv": [h for h, _ in TEMPLATES["renja"]],
        "realisasi/realisasi.csv": [h for h, _ in REALISASI_TEMPLATE],
    }
    for rel, header in headers.items():
        with open(root / rel, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(csv_rows([header]))
    (root / "bidang.csv").write_text(default_table_text(), encoding="utf-8")
    lines = []
    for kind, cols in TEMPLATES.items():
        lines.append(f"\n### {kind}\n")
        lines += [f"- `{h}`: {desc}" for h, desc in cols]
    lines.append("\n### realisasi (laporan realisasi fisik dan keuangan)\n")
    lines += [f"- `{h}`: {desc}" for h, desc in REALISASI_TEMPLATE]
    lines.append("\n### usulan (ekspor SIPD)\n")
    lines += [f"- {names[0]}" for names in USULAN_FIELDS.values()]
    (root / "README.md").write_text(
        _README.format(nama=nama, folder=root, columns="\n".join(lines)), encoding="utf-8"
    )
    return root

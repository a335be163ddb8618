"""``planlib init``: a skeleton workspace with header-only templates and a README in Bahasa Indonesia."""

from __future__ import annotations

import csv
from pathlib import Path

from .bidang import default_table_text
from .neutralise import csv_rows, write_csv
from .realisasi import TEMPLATE as REALISASI_TEMPLATE
from .report import PlanlibError
from .usulan import USULAN_FIELDS

_TOML = """# Workspace planlib untuk {nama}
# Path relatif terhadap folder ini. Setiap entri boleh berupa tabel, misalnya
#   kecamatan = {{ path = "wilayah/batas_kec.shp", kolom_kode = "KDCPUM" }}
#   2026 = {{ path = "usulan/ekspor.xlsx", sheet = "Sheet1", header = 5 }}
# Berkas baru paling mudah ditambahkan dengan: planlib tambah {folder} BERKAS...

[wilayah]
kabupaten = "{kabupaten}"
nama = "{nama}"
# daftar kode wilayah Kemendagri 2025 (kecamatan, desa, provinsi dan kab/kota se-provinsi)
kode_wilayah = "wilayah/kode_wilayah.csv"
# batas kecamatan bawaan planlib (bawaan = true): bila batas desa ditambahkan, kecamatan
# dibentuk dari desa itu; berkas kecamatan sendiri (SHP/ZIP, GeoJSON, GPKG) menggantikannya
kecamatan = {{ path = "wilayah/kecamatan.geojson", bawaan = true }}
# desa = "wilayah/desa.zip"                 # batas desa (mis. SHP BIG dalam ZIP)
{dapil_line}
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

## Yang sudah ada

`planlib init` sudah mengisi data rujukan untuk {nama} ({kabupaten}, {provinsi}):

- `wilayah/kode_wilayah.csv`: {n_kec} kecamatan dan {n_desa} desa/kelurahan, provinsinya dan
  {n_kab} kabupaten/kota se-provinsi (untuk peringkat), dari daftar kode wilayah Kemendagri 2025;
- `wilayah/kecamatan.geojson`: batas {n_poly} kecamatan (disederhanakan);
- `dapil.csv`: {dapil_text}.

Sumber, lisensi dan tanggal data rujukan ini: `wilayah/SUMBER.md`. Peta dan Dapil sudah dapat
dilihat sekarang (`planlib serve {folder}`), walau belum ada usulan.

## Yang perlu ditambahkan

Serahkan berkas apa adanya — nama dan urutannya bebas, tidak perlu diubah:

    planlib tambah {folder} BERKAS_ATAU_FOLDER...

planlib mengenali isi tiap berkas, menyalinnya ke folder ini tanpa mengubahnya, mencatatnya di
`planlib.toml` dan menjalankan pemeriksaan:

1. **Usulan Musrenbang**: ekspor SIPD / E-Perencanaan (xlsx, xls, csv), satu per tahun
   perencanaan; juga ekspor pokir DPRD (SIPD-RI), dicatat di `[pokir]` per tahun perencanaan
   (`planlib pokir` membandingkannya dengan usulan Musrenbang).
2. **Indikator**: tabel unduhan situs BPS (IPM, persentase penduduk miskin, TPT …) untuk
   kabupaten/kota se-provinsi.
3. **Batas desa**: SHP BIG (boleh dalam ZIP), GeoJSON atau GPKG. Batas kecamatan sendiri, bila
   ada, menggantikan batas bawaan.
4. **Dapil**: daftar Dapil sendiri, bila berbeda dari data KPU 2024 (satu baris per Dapil dengan
   kecamatan dipisah koma pun dapat dibaca).
5. **Perencanaan**: target RPJMD, pohon kinerja, Renja (templat kolom di folder `perencanaan/`).
6. **Realisasi**: laporan realisasi fisik dan keuangan (e-Monev) untuk Rakerda.

## Berkas

| berkas | isi |
|---|---|
| `planlib.toml` | daftar berkas dan pengaturannya |
| `wilayah/kode_wilayah.csv` | daftar kode wilayah Kemendagri: `kode`, `nama`, `level` (provinsi, kabupaten_kota, kecamatan, desa_kelurahan) |
| `wilayah/kecamatan.*`, `wilayah/desa.*` | batas wilayah (SHP/ZIP, GeoJSON, GPKG, GeoParquet) dengan kolom kode atau nama |
| `wilayah/alias_wilayah.csv` | tabel penyelarasan nama: `nama` (ejaan lain/nama lama) → `kode` |
| `dapil.csv` | `dapil`, `kecamatan` (nama atau kode); `kode_desa` untuk kecamatan yang terbagi ke beberapa Dapil |
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

_SOURCES = """# Sumber data rujukan

Berkas di folder ini dibuat oleh `planlib init` dari data rujukan yang dibawa planlib
(versi {version}). Lisensi lengkap: folder `LICENSES/` di dalam paket planlib
(`planlib/data/indonesia/LICENSES`).

| berkas | sumber | lisensi |
|---|---|---|
{rows}
"""


def write_skeleton(folder: str | Path, kabupaten: str, nama: str = "") -> Path:
    """Write a complete workspace for one kabupaten/kota into ``folder``.

    The workspace works at once (``planlib check`` passes, ``planlib serve`` draws the
    kabupaten's map with its Dapil before any usulan exists): its code list, kecamatan
    boundaries and Dapil come from the reference data shipped with planlib
    (:mod:`planlib.reference`), and the other inputs are header-only templates.

    Parameters
    ----------
    folder : str or Path
        Where the workspace goes; created when missing (an existing folder is
        used as it is, but never one with a ``planlib.toml``).
    kabupaten : str
        The kabupaten/kota as people write it: a Kemendagri code (``52.03``, ``5203``)
        or a name (``Lombok Timur``, ``Kab. Lombok Timur``, ``kota bima``), read by
        :func:`planlib.reference.find_kabupaten`.
    nama : str
        The name for ``planlib.toml``; the code list's name (``Kabupaten Lombok Timur``)
        when empty.

    Returns
    -------
    Path
        ``folder``, holding ``planlib.toml``, ``README.md`` (what to add next and the
        expected columns of each input), ``wilayah/`` (code list, kecamatan boundaries,
        aliases, ``SUMBER.md``), ``dapil.csv``, ``bidang.csv`` and the empty templates.

    Raises
    ------
    PlanlibError
        When the kabupaten is unknown or ambiguous (the message lists the choices) or the
        folder already holds a workspace.
    """
    from . import reference
    from .perencanaan.fields import TEMPLATES
    from .version import __version__

    kab = reference.find_kabupaten(kabupaten)
    root = Path(folder)
    if (root / "planlib.toml").exists():
        raise PlanlibError(f"{root} sudah berisi planlib.toml; tidak ditimpa.")
    nama = nama or kab.nama
    for sub in ("wilayah", "usulan", "indikator", "perencanaan", "realisasi"):
        (root / sub).mkdir(parents=True, exist_ok=True)

    codes = reference.code_list(kab.kode)
    write_csv(codes, root / "wilayah" / "kode_wilayah.csv")
    kec = reference.kecamatan_boundaries(kab.kode)
    kec.to_file(root / "wilayah" / "kecamatan.geojson", driver="GeoJSON", engine="pyogrio")
    dapil = reference.dapil_kabupaten(kab.kode)
    write_csv(dapil, root / "dapil.csv")
    n_dapil = dapil["dapil"].nunique()
    if n_dapil:
        dapil_line = 'dapil = "dapil.csv"'
        dapil_text = f"{n_dapil} Dapil DPRD kabupaten/kota Pemilu 2024 dari KPU (PKPU 6/2023)"
    else:
        dapil_line = (
            '# dapil = "dapil.csv"                   # KPU tidak punya Dapil untuk wilayah ini'
        )
        dapil_text = "kosong: KPU tidak punya Dapil DPRD untuk wilayah ini (isi sendiri bila ada)"

    (root / "planlib.toml").write_text(
        _TOML.format(kabupaten=kab.kode, nama=nama, folder=root, dapil_line=dapil_line),
        encoding="utf-8",
    )
    headers = {
        "wilayah/alias_wilayah.csv": ["nama", "kode"],
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
    files = reference.provenance()["files"]
    rows = [
        f"| `wilayah/kode_wilayah.csv` | {files['kode_wilayah.parquet']['attribution']} | {files['kode_wilayah.parquet']['licence']} |",
        f"| `wilayah/kecamatan.geojson` | {files['kecamatan.parquet']['attribution']} | {files['kecamatan.parquet']['licence']} |",
        f"| `dapil.csv` | {files['dapil.parquet']['attribution']} | {files['dapil.parquet']['licence']} |",
    ]  # fmt: skip
    (root / "wilayah" / "SUMBER.md").write_text(
        _SOURCES.format(version=__version__, rows="\n".join(rows)), encoding="utf-8"
    )
    lines = []
    for kind, cols in TEMPLATES.items():
        lines.append(f"\n### {kind}\n")
        lines += [f"- `{h}`: {desc}" for h, desc in cols]
    lines.append("\n### realisasi (laporan realisasi fisik dan keuangan)\n")
    lines += [f"- `{h}`: {desc}" for h, desc in REALISASI_TEMPLATE]
    lines.append("\n### usulan (ekspor SIPD)\n")
    lines += [f"- {names[0]}" for names in USULAN_FIELDS.values()]
    level = codes["level"]
    (root / "README.md").write_text(
        _README.format(
            nama=nama, folder=root, kabupaten=kab.kode, provinsi=kab.nama_provinsi,
            n_kec=int((level == "kecamatan").sum()), n_desa=int((level == "desa_kelurahan").sum()),
            n_kab=int((level == "kabupaten_kota").sum()), n_poly=len(kec), dapil_text=dapil_text,
            columns="\n".join(lines),
        ),
        encoding="utf-8",
    )  # fmt: skip
    return root

"""The demo workspace: a fictional *Kabupaten Contoh*, generated deterministically and offline.

Everything here is synthetic and labelled ``DATA CONTOH — sintetis`` wherever
it is shown. The generator writes the same kind of files an analyst would put
in a real workspace:

- ``wilayah/kode_wilayah.csv``: province 99 *Provinsi Nusa Contoh*, its kabupaten and
  kota (99.01 is *Kabupaten Contoh*), and the kecamatan and desa of 99.01;
- ``wilayah/kecamatan.geojson`` and ``wilayah/desa.geojson``: a Voronoi tiling
  of an irregular kabupaten outline; kecamatan are unions of their desa, so
  every shared edge is shared exactly in both layers;
- ``wilayah/alias_wilayah.csv``: the former name of a renamed kecamatan;
- ``dapil.csv``: 4 dapil; the newest kecamatan (a *pemekaran*, formed after
  the dapil were set) belongs to none and has no usulan in the first year;
- ``usulan/usulan_<tahun>.xlsx``: SIPD long-layout exports with title rows,
  merged title cells, and planted dirt (misspelt and abbreviated kecamatan,
  unknown desa, text amounts, day-first text dates, duplicated IDs, a blank
  row, a repeated header, a totals row, a footnote);
- ``indikator/indikator.csv`` (long format) and ``indikator/tpt_bps.xlsx``
  (a BPS website wide table): IPM with the 2024 series break, P0, TPT for the
  kabupaten, the other kabupaten/kota of the province, the province and
  Indonesia, plus stunting per kecamatan and IDM per desa;
- ``perencanaan/``: RPJMD targets, a pohon kinerja and a Renja with pagu.

Two hidden files record the truth: ``.demo-manifest.json`` lists every planted
problem (file, Excel row, column, reason code, expected severity — ``none`` for
dirt the loader fixes silently — and whether the row is dropped), and
``.demo-truth.csv`` gives the true OPD, issue category and lineage of every
synthetic usulan, for measuring matching and duplicate detection.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from .report import REASONS

LABEL = "DATA CONTOH — sintetis"
KABUPATEN = "99.01"
NAMA = "Kabupaten Contoh"
PROVINSI = ("99", "Provinsi Nusa Contoh")
OTHER_AREAS = [
    ("99.02", "Kabupaten Tanah Rata"),
    ("99.03", "Kabupaten Bukit Hijau"),
    ("99.04", "Kabupaten Pantai Timur"),
    ("99.05", "Kabupaten Danau Biru"),
    ("99.06", "Kabupaten Rawa Indah"),
    ("99.07", "Kabupaten Gunung Tinggi"),
    ("99.71", "Kota Pelabuhan"),
]
CENTER = (115.35, -2.55)

KECAMATAN_NAMES = [
    "Padang Harapan", "Sungai Rindang", "Telaga Bening", "Tanjung Seruni", "Muara Lestari",
    "Batu Mandi", "Kampung Damai", "Bukit Permai", "Pematang Hijau", "Loksari", "Karang Jaya",
    "Sumber Makmur",
]  # fmt: skip
#: kecamatan index → former name (written to the alias table)
RENAMED = {7: "Bukit Sejahtera"}
DESA_PREFIX = [
    "Sungai", "Padang", "Telaga", "Tanjung", "Muara", "Batu", "Kampung", "Bukit", "Karang",
    "Pulau", "Lok", "Tambak", "Banua", "Hulu", "Teluk", "Simpang", "Rantau", "Pasar", "Tebing",
    "Hantakan",
]  # fmt: skip
DESA_ROOT = [
    "Jaya", "Makmur", "Indah", "Baru", "Raya", "Sari", "Permai", "Harapan", "Lama", "Tengah",
    "Asri", "Mulia", "Sejahtera", "Rejo", "Bening", "Pinang", "Kelapa", "Rambai", "Durian",
    "Nangka", "Kupang", "Halaban", "Kandang", "Ampar", "Putih", "Hitam", "Kuning", "Panjang",
    "Lebar", "Tinggi", "Rendah", "Laut", "Darat", "Ilir", "Ulu", "Timur", "Barat", "Selatan",
    "Utara", "Balai",
]  # fmt: skip

#: The OPD of Kabupaten Contoh (names follow the usual nomenclature; bidang via planlib/data/bidang.csv).
OPD = {
    "pupr": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "kes": "Dinas Kesehatan",
    "dik": "Dinas Pendidikan",
    "tan": "Dinas Pertanian",
    "ikan": "Dinas Perikanan",
    "sos": "Dinas Sosial",
    "perkim": "Dinas Perumahan dan Kawasan Permukiman",
    "dp3a": "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak",
    "kop": "Dinas Koperasi, Usaha Kecil dan Menengah",
    "par": "Dinas Pariwisata, Kepemudaan dan Olahraga",
    "pmd": "Dinas Pemberdayaan Masyarakat dan Desa",
    "hub": "Dinas Perhubungan",
    "dlh": "Dinas Lingkungan Hidup",
}

#: Issue categories mapped at Rembuk Remas.
ISU = {
    "jalan": "Infrastruktur jalan dan jembatan",
    "air": "Air bersih dan sanitasi",
    "kesehatan": "Kesehatan dan stunting",
    "pendidikan": "Pendidikan",
    "pertanian": "Pertanian dan perikanan",
    "sosial": "Kemiskinan dan perlindungan sosial",
    "umkm": "Ekonomi lokal dan UMKM",
    "lingkungan": "Lingkungan dan persampahan",
    "tatakelola": "Tata kelola desa",
}


@dataclass(frozen=True)
class Template:
    """One kind of usulan: who answers it, what it asks and what it costs."""

    opd: str
    isu: str
    usulan: str  # {desa} {rt} {n} placeholders
    masalah: tuple[str, ...]
    satuan: str
    volume: tuple[float, float]
    harga: float  # Rupiah per satuan
    sub_kegiatan: str
    jenis_belanja: str = "Belanja Modal"
    weight: float = 1.0


T = Template
TEMPLATES: list[Template] = [
    T("pupr", "jalan", "Rehab jalan usaha tani RT {rt} Desa {desa}", ("Jalan usaha tani rusak dan berlumpur saat musim hujan", "Hasil panen sulit diangkut karena jalan rusak"), "m", (100, 800), 1_250_000, "Rehabilitasi Jalan", weight=3),
    T("pupr", "jalan", "Pengaspalan jalan lingkungan RT {rt} Desa {desa}", ("Jalan lingkungan masih tanah", "Jalan berlubang membahayakan pengendara"), "m", (100, 600), 1_600_000, "Peningkatan Jalan", weight=3),
    T("pupr", "jalan", "Pembangunan jembatan ulin penghubung Desa {desa}", ("Jembatan lama lapuk dan putus", "Warga menyeberang sungai dengan perahu"), "unit", (1, 1), 450_000_000, "Pembangunan Jembatan", weight=1),
    T("pupr", "jalan", "Pembangunan titian/jalan beton RT {rt} Desa {desa}", ("Akses ke rumah warga di daerah rawa sulit",), "m", (50, 300), 900_000, "Pembangunan Jalan", weight=1.5),
    T("pupr", "pertanian", "Normalisasi saluran irigasi Desa {desa}", ("Saluran irigasi dangkal, sawah kekurangan air", "Sawah terendam saat hujan karena saluran tersumbat"), "m", (200, 1500), 350_000, "Rehabilitasi Jaringan Irigasi Permukaan", weight=2),
    T("pupr", "air", "Pembangunan drainase lingkungan RT {rt} Desa {desa}", ("Genangan air di permukiman setiap hujan",), "m", (100, 500), 800_000, "Pembangunan Sistem Drainase", weight=1.5),
    T("pupr", "air", "Pembangunan sumur bor dan jaringan air bersih Desa {desa}", ("Warga kesulitan air bersih saat kemarau", "Air sungai keruh tidak layak minum"), "unit", (1, 3), 120_000_000, "Pembangunan SPAM Jaringan Perpipaan di Kawasan Perdesaan", weight=1.5),
    T("kes", "kesehatan", "Pembangunan posyandu Desa {desa}", ("Posyandu masih menumpang di rumah warga", "Kegiatan posyandu tidak punya tempat tetap"), "unit", (1, 1), 250_000_000, "Pembangunan Fasilitas Kesehatan Lainnya", weight=1.5),
    T("kes", "kesehatan", "Pemberian makanan tambahan bagi balita stunting Desa {desa}", ("Angka stunting di desa masih tinggi", "Balita gizi kurang belum tertangani"), "paket", (20, 120), 450_000, "Pengelolaan Pelayanan Kesehatan Balita", "Belanja Barang dan Jasa", weight=2),
    T("kes", "kesehatan", "Pengadaan alat kesehatan Pustu Desa {desa}", ("Peralatan pustu tidak lengkap",), "paket", (1, 2), 85_000_000, "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", weight=1),
    T("kes", "air", "Bantuan jamban sehat keluarga Desa {desa}", ("Masih ada warga buang air besar di sungai",), "unit", (10, 60), 3_500_000, "Penyelenggaraan Sanitasi Total Berbasis Masyarakat", "Belanja Barang dan Jasa", weight=1.2),
    T("dik", "pendidikan", "Rehab ruang kelas SDN {n} {desa}", ("Atap ruang kelas bocor dan plafon runtuh", "Ruang kelas rusak berat"), "ruang", (1, 4), 180_000_000, "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", weight=2),
    T("dik", "pendidikan", "Pengadaan meja kursi siswa SDN {n} {desa}", ("Meja dan kursi siswa rusak",), "set", (20, 80), 1_100_000, "Pengadaan Perlengkapan Sekolah", "Belanja Barang dan Jasa", weight=1),
    T("dik", "pendidikan", "Pembangunan gedung PAUD Desa {desa}", ("PAUD belum memiliki gedung sendiri",), "unit", (1, 1), 350_000_000, "Pembangunan Gedung Sekolah", weight=0.8),
    T("tan", "pertanian", "Bantuan bibit padi unggul untuk kelompok tani Desa {desa}", ("Produktivitas padi rendah", "Petani kesulitan mendapatkan benih bermutu"), "kg", (200, 2000), 15_000, "Penyediaan Benih Tanaman Pangan", "Belanja Barang dan Jasa", weight=2),
    T("tan", "pertanian", "Bantuan hand tractor untuk Poktan Desa {desa}", ("Pengolahan lahan masih manual",), "unit", (1, 3), 35_000_000, "Pengadaan Alat dan Mesin Pertanian", "Belanja Hibah", weight=1.5),
    T("tan", "pertanian", "Bantuan bibit karet unggul Desa {desa}", ("Kebun karet rakyat sudah tua dan kurang produktif",), "batang", (500, 5000), 12_000, "Penyediaan Benih Perkebunan", "Belanja Barang dan Jasa", weight=1),
    T("tan", "pertanian", "Bantuan bibit sapi dan kandang kelompok ternak Desa {desa}", ("Pendapatan peternak kecil rendah",), "ekor", (5, 20), 18_000_000, "Penyediaan Benih/Bibit Ternak", "Belanja Hibah", weight=0.8),
    T("ikan", "pertanian", "Bantuan benih ikan nila dan pakan Desa {desa}", ("Produksi budidaya ikan menurun",), "ekor", (5000, 30000), 800, "Penyediaan Benih Ikan", "Belanja Barang dan Jasa", weight=1.2),
    T("ikan", "pertanian", "Pembuatan kolam terpal kelompok pembudidaya Desa {desa}", ("Lahan pekarangan belum dimanfaatkan",), "unit", (5, 30), 4_500_000, "Pengembangan Kawasan Budidaya Ikan", "Belanja Hibah", weight=0.8),
    T("sos", "sosial", "Bantuan sembako bagi lansia terlantar Desa {desa}", ("Banyak lansia hidup sendiri tanpa penghasilan",), "paket", (20, 100), 350_000, "Penyaluran Bantuan Sosial bagi Lanjut Usia", "Belanja Barang dan Jasa", weight=1.2),
    T("sos", "sosial", "Bantuan alat bantu bagi penyandang disabilitas Desa {desa}", ("Penyandang disabilitas belum mendapat alat bantu",), "unit", (3, 15), 2_500_000, "Penyediaan Alat Bantu Penyandang Disabilitas", "Belanja Barang dan Jasa", weight=0.8),
    T("perkim", "sosial", "Bedah rumah tidak layak huni Desa {desa}", ("Masih banyak rumah tidak layak huni", "Warga miskin tinggal di rumah rusak"), "unit", (3, 20), 20_000_000, "Rehabilitasi Rumah Tidak Layak Huni", "Belanja Barang dan Jasa", weight=2),
    T("perkim", "jalan", "Pemasangan penerangan jalan umum tenaga surya Desa {desa}", ("Jalan desa gelap di malam hari",), "titik", (5, 30), 12_000_000, "Penyediaan Penerangan Jalan Umum", weight=1.5),
    T("dp3a", "kesehatan", "Pelatihan kader KB dan pendamping keluarga Desa {desa}", ("Pendampingan keluarga berisiko stunting belum optimal",), "orang", (10, 40), 750_000, "Peningkatan Kapasitas Kader KB", "Belanja Barang dan Jasa", weight=1),
    T("dp3a", "sosial", "Sosialisasi pencegahan perkawinan anak Desa {desa}", ("Perkawinan usia anak masih terjadi",), "kegiatan", (1, 2), 15_000_000, "Pencegahan Perkawinan Anak", "Belanja Barang dan Jasa", weight=0.8),
    T("kop", "umkm", "Pelatihan UMKM olahan pangan lokal Desa {desa}", ("Produk olahan warga belum berizin dan kurang laku",), "orang", (15, 40), 1_200_000, "Pelatihan Kewirausahaan UMKM", "Belanja Barang dan Jasa", weight=1.2),
    T("kop", "umkm", "Bantuan peralatan usaha kelompok perempuan Desa {desa}", ("Kelompok usaha perempuan kekurangan modal alat",), "paket", (1, 5), 15_000_000, "Fasilitasi Bantuan Sarana Usaha Mikro", "Belanja Hibah", weight=1),
    T("par", "umkm", "Penataan objek wisata air terjun Desa {desa}", ("Potensi wisata desa belum dikelola",), "paket", (1, 1), 200_000_000, "Pengembangan Destinasi Pariwisata", weight=0.6),
    T("par", "pendidikan", "Pembangunan lapangan olahraga Desa {desa}", ("Pemuda tidak punya sarana olahraga",), "unit", (1, 1), 150_000_000, "Pembangunan Sarana Olahraga", weight=0.7),
    T("pmd", "tatakelola", "Pelatihan aparatur desa tentang pengelolaan keuangan Desa {desa}", ("Laporan keuangan desa sering terlambat",), "orang", (5, 20), 1_500_000, "Peningkatan Kapasitas Aparatur Pemerintah Desa", "Belanja Barang dan Jasa", weight=1),
    T("pmd", "tatakelola", "Pengadaan sistem informasi desa Desa {desa}", ("Data kependudukan desa belum tertata",), "paket", (1, 1), 25_000_000, "Fasilitasi Sistem Informasi Desa", "Belanja Barang dan Jasa", weight=0.6),
    T("hub", "jalan", "Pemasangan rambu dan marka jalan Desa {desa}", ("Sering terjadi kecelakaan di tikungan",), "unit", (5, 20), 3_000_000, "Penyediaan Perlengkapan Jalan", weight=0.8),
    T("dlh", "lingkungan", "Pengadaan tong sampah dan gerobak sampah Desa {desa}", ("Sampah rumah tangga dibuang ke sungai",), "unit", (10, 50), 1_500_000, "Penyediaan Sarana Persampahan", "Belanja Barang dan Jasa", weight=1),
    T("dlh", "lingkungan", "Pembangunan TPS3R Desa {desa}", ("Belum ada tempat pengolahan sampah",), "unit", (1, 1), 300_000_000, "Pembangunan TPS3R", weight=0.5),
]  # fmt: skip

#: The long SIPD layout, in the order a real export has it.
HEADERS = [
    "No", "ID Usulan", "Tanggal Usul", "Pengusul", "Profil", "Usulan", "Masalah", "Alamat",
    "Kabupaten", "Kecamatan", "Kelurahan/Desa", "Usulan Ke", "OPD Tujuan Awal", "OPD Tujuan Akhir",
    "Status", "Catatan", "Rekomendasi Mitra", "Rekomendasi Kelurahan/Desa", "Rekomendasi Kecamatan",
    "Rekomendasi SKPD", "Rekomendasi TAPD", "Volume", "Satuan", "Anggaran", "Jenis Belanja",
    "Sub Kegiatan",
]  # fmt: skip

#: Planted dirt per 3,000 usulan: code → count (scaled with the number of usulan).
DIRT = {
    "kecamatan_normal": 40, "kecamatan_singkatan": 25, "kecamatan_alias": 8,
    "kecamatan_dari_desa": 5, "kecamatan_mirip": 6, "kecamatan_tidak_dikenal": 2,
    "kecamatan_kosong": 2, "desa_mirip": 6, "desa_tidak_dikenal": 3, "anggaran_teks": 120,
    "angka_tidak_sah": 3, "tanggal_teks": 150, "tanggal_tidak_sah": 3, "id_kosong": 2,
    "id_ganda_sama": 3, "id_ganda_beda": 2, "usulan_kosong": 2, "kabupaten_lain": 2,
}  # fmt: skip
#: Dirt the loaders fix without a report.
SILENT = {"kecamatan_normal", "kecamatan_singkatan", "kecamatan_alias", "kecamatan_dari_desa",
          "anggaran_teks", "tanggal_teks"}  # fmt: skip
#: Problems that make the loader drop the row.
DROPPING = {"kecamatan_tidak_dikenal", "kecamatan_kosong", "id_ganda_sama", "id_ganda_beda",
            "usulan_kosong", "kabupaten_lain", "baris_kosong", "header_berulang", "baris_total",
            "bukan_data", "indikator_bertentangan"}  # fmt: skip


@dataclass
class Planted:
    """One planted problem: where it is and what ``planlib check`` must say about it."""

    file: str
    row: int | None
    column: str | None
    code: str
    severity: str  # "error", "warning" or "none" (fixed silently)
    dropped: bool
    value: str | None = None
    tahun: int | None = None


@dataclass
class DemoManifest:
    """What :func:`write_demo` wrote."""

    root: Path
    planted: list[Planted] = field(default_factory=list)
    usulan_rows: dict[int, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "label": LABEL,
                "usulan_rows": {str(k): v for k, v in self.usulan_rows.items()},
                "planted": [asdict(p) for p in self.planted],
            },
            ensure_ascii=False,
            indent=1,
        )


def write_demo(
    root: str | Path,
    *,
    n_kecamatan: int = 12,
    n_desa: int = 150,
    usulan_per_tahun: int = 3000,
    tahun: tuple[int, ...] = (2024, 2025, 2026),
    seed: int = 20260,
    dirt: bool = True,
) -> DemoManifest:
    """Write the demo workspace of *Kabupaten Contoh* into ``root``.

    Parameters
    ----------
    root : path-like
        Target folder; created when missing. Existing demo files are replaced.
    n_kecamatan, n_desa : int
        Size of the fictional kabupaten (at most 999 kecamatan: Kemendagri
        kecamatan codes have at most three digits).
    usulan_per_tahun : int
        About how many usulan each planning year has.
    tahun : tuple of int
        The planning years.
    seed : int
        The same seed gives byte-identical files.
    dirt : bool
        Plant the dirt of real exports (see :data:`DIRT`).

    Returns
    -------
    DemoManifest
        The planted problems, also written to ``.demo-manifest.json``.
    """
    if not 2 <= n_kecamatan <= 999:
        raise ValueError("n_kecamatan must be between 2 and 999")
    root = Path(root)
    for sub in ("wilayah", "usulan", "indikator", "perencanaan"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    manifest = DemoManifest(root)

    geo = _geography(rng, n_kecamatan, max(n_desa, 2 * n_kecamatan))
    kec, desa = geo["kecamatan"], geo["desa"]
    _write_codes(root, kec, desa)
    _write_boundaries(root, kec, desa)
    (root / "wilayah" / "alias_wilayah.csv").write_text(
        "nama,kode\n"
        + "".join(f"{old},{kec.loc[i, 'kode']}\n" for i, old in RENAMED.items() if i < len(kec)),
        encoding="utf-8",
    )
    _write_dapil(root, kec, manifest)

    truth = []
    previous: pd.DataFrame | None = None
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for t in tahun:
        rows = _usulan_rows(
            rng, t, kec, desa, usulan_per_tahun, previous, first=t == tahun[0], seen=seen
        )
        previous = rows
        truth.append(rows[["id_usulan", "tahun", "opd_kunci", "opd", "isu", "lineage", "template"]])
        rel = f"usulan/usulan_{t}.xlsx"
        n = _write_usulan_xlsx(root / rel, rel, t, rows, kec, desa, rng, manifest, dirt)
        manifest.usulan_rows[t] = n
    pd.concat(truth).to_csv(root / ".demo-truth.csv", index=False)

    _write_indikator(root, rng, kec, desa, tahun, manifest)
    _write_perencanaan(root, rng, kec, tahun)
    _write_config(root, tahun)
    (root / ".demo-manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- geography


def _outline(rng: np.random.Generator, n_points: int = 160):
    """An irregular kabupaten outline (about 80 × 70 km) around :data:`CENTER`."""
    import shapely

    theta = np.linspace(0, 2 * np.pi, n_points, endpoint=False)
    r = np.ones_like(theta)
    for k in range(2, 9):
        r += rng.normal(0, 0.12 / k) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    r *= 0.36
    cx, cy = CENTER
    x = cx + r * np.cos(theta) / math.cos(math.radians(cy))
    y = cy + 0.85 * r * np.sin(theta)
    return shapely.make_valid(shapely.Polygon(np.column_stack([x, y])))


def _sample(rng, poly, n: int) -> np.ndarray:
    import shapely

    minx, miny, maxx, maxy = poly.bounds
    out = np.empty((0, 2))
    shapely.prepare(poly)
    while len(out) < n:
        pts = rng.uniform((minx, miny), (maxx, maxy), size=(max(4 * n, 64), 2))
        out = np.vstack([out, pts[shapely.contains_xy(poly, pts[:, 0], pts[:, 1])]])
    return out[:n]


def _voronoi(points: np.ndarray, clip) -> np.ndarray:
    import shapely

    cells = shapely.voronoi_polygons(
        shapely.multipoints(points), extend_to=shapely.box(*clip.buffer(0.1).bounds), ordered=True
    )
    return shapely.intersection(shapely.get_parts(cells), clip)


def _relax(rng, points: np.ndarray, clip, rounds: int = 2) -> np.ndarray:
    """Lloyd relaxation: evenly spread seeds give plausible, compact areas."""
    import shapely

    for _ in range(rounds):
        cells = _voronoi(points, clip)
        c = shapely.get_coordinates(shapely.centroid(cells))
        points = c + rng.normal(0, 0.002, size=c.shape)
    return points


def _names(rng, n: int, base: list[str], taken: set[str]) -> list[str]:
    """``n`` distinct place names: ``base`` first, then prefix + root combinations."""
    combos = [f"{p} {r}" for p in DESA_PREFIX for r in DESA_ROOT]
    pool = [p for p in combos if p not in taken] or combos
    rng.shuffle(pool)
    out = list(base[:n])
    seen = set(taken) | set(out)
    suffixes = ["", " Hulu", " Hilir", " Dalam", " Luar", " Seberang"]
    k = 0
    while len(out) < n:
        rnd, idx = divmod(k, len(pool))
        k += 1
        name = pool[idx] + suffixes[rnd % len(suffixes)]
        if rnd >= len(suffixes):
            name += f" {rnd // len(suffixes) + 1}"
        if name not in seen:
            out.append(name)
            seen.add(name)
    return out


def _geography(rng, n_kec: int, n_desa: int) -> dict[str, pd.DataFrame]:
    import shapely

    outline = _outline(rng)
    kseeds = _relax(rng, _sample(rng, outline, n_kec), outline, rounds=3)
    kcells = _voronoi(kseeds, outline)
    areas = shapely.area(kcells)
    counts = np.maximum(2, np.floor(areas / areas.sum() * n_desa)).astype(int)
    while counts.sum() < n_desa:
        counts[rng.integers(n_kec)] += 1
    pts, owner = [], []
    for i, cell in enumerate(kcells):
        p = _sample(rng, cell, counts[i])
        pts.append(p)
        owner += [i] * len(p)
    pts = _relax(rng, np.vstack(pts), outline, rounds=1)
    owner = np.array(owner)
    dcells = shapely.set_precision(_voronoi(pts, outline), 1e-6)

    kec_names = _names(rng, n_kec, KECAMATAN_NAMES, set())
    kec = pd.DataFrame(
        {
            "kode": [f"{KABUPATEN}.{i + 1:02d}" if n_kec < 100 else f"{KABUPATEN}.{i + 1:03d}" for i in range(n_kec)],
            "nama": kec_names,
        }
    )  # fmt: skip
    desa_names = _names(rng, len(pts), [], set(kec_names))
    # the first desa of each kecamatan is its capital, a kelurahan named after it
    rows, used = [], {}
    for j, i in enumerate(owner):
        k = used.get(i, 0)
        used[i] = k + 1
        is_capital = k == 0
        rows.append(
            {
                "kode": f"{kec.loc[i, 'kode']}.{1001 if is_capital else 2000 + k:04d}",
                "nama": kec.loc[i, "nama"] if is_capital else desa_names[j],
                "kec": i,
                "kelurahan": is_capital,
                "geometry": dcells[j],
            }
        )
    desa = pd.DataFrame(rows)
    kec["geometry"] = [
        shapely.set_precision(
            shapely.union_all(desa.loc[desa["kec"] == i, "geometry"].values), 1e-6
        )
        for i in range(n_kec)
    ]
    return {"kecamatan": kec, "desa": desa}


def _write_codes(root: Path, kec: pd.DataFrame, desa: pd.DataFrame) -> None:
    rows = [(PROVINSI[0], PROVINSI[1], "provinsi"), (KABUPATEN, NAMA, "kabupaten")]
    rows += [(k, n, "kota" if n.startswith("Kota") else "kabupaten") for k, n in OTHER_AREAS]
    rows += [(k, n, "kecamatan") for k, n in zip(kec["kode"], kec["nama"], strict=True)]
    rows += [
        (k, n, "kelurahan" if kel else "desa")
        for k, n, kel in zip(desa["kode"], desa["nama"], desa["kelurahan"], strict=True)
    ]
    with open(root / "wilayah" / "kode_wilayah.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kode", "nama", "level"])
        w.writerows(rows)


def _write_boundaries(root: Path, kec: pd.DataFrame, desa: pd.DataFrame) -> None:
    import geopandas as gpd

    k = gpd.GeoDataFrame(kec[["kode", "nama"]], geometry=list(kec["geometry"]), crs=4326)
    k = k.rename(columns={"kode": "kode_kec", "nama": "nm_kec"})
    k.to_file(root / "wilayah" / "kecamatan.geojson", driver="GeoJSON", engine="pyogrio")
    d = gpd.GeoDataFrame(
        {"kode_desa": desa["kode"], "nama_desa": desa["nama"]},
        geometry=list(desa["geometry"]),
        crs=4326,
    )
    d.to_file(root / "wilayah" / "desa.geojson", driver="GeoJSON", engine="pyogrio")


def _dapil_of(kec: pd.DataFrame) -> dict[int, int]:
    """Four dapil of neighbouring kecamatan, by angle around the centre; the last kecamatan is new."""
    n = len(kec) - 1
    c = np.array([(g.centroid.x, g.centroid.y) for g in kec["geometry"]])[:n]
    angle = np.arctan2(c[:, 1] - CENTER[1], c[:, 0] - CENTER[0])
    order = np.argsort(angle)
    groups = np.array_split(order, min(4, n))
    return {int(i): d + 1 for d, g in enumerate(groups) for i in g}


def _write_dapil(root: Path, kec: pd.DataFrame, manifest: DemoManifest) -> None:
    dapil = _dapil_of(kec)
    lines = ["dapil,kecamatan,kursi"]
    seats = {1: 9, 2: 8, 3: 7, 4: 6}
    for i in sorted(dapil, key=lambda i: (dapil[i], i)):
        # one row gives the code instead of the name, as some KPU tables do
        name = kec.loc[i, "kode"] if i == 4 else kec.loc[i, "nama"]
        lines.append(f"Dapil {dapil[i]},{name},{seats.get(dapil[i], 5)}")
    (root / "dapil.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    new = len(kec) - 1
    manifest.planted.append(
        Planted("dapil.csv", None, None, "tanpa_dapil", "warning", False, kec.loc[new, "nama"])
    )


# --------------------------------------------------------------------------- usulan


def _usulan_rows(
    rng, tahun: int, kec: pd.DataFrame, desa: pd.DataFrame, n: int, previous, first: bool,
    seen: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Clean usulan for one year (truth columns included).

    A re-submitted usulan keeps its text, RT and coordinates, as a desa copies
    last year's entry. An usulan whose text (with its RT) a desa already
    proposed is the same request at the same place, so it takes that lineage
    and address (``seen``: desa and text → lineage and alamat, kept across
    years).
    """
    seen = {} if seen is None else seen
    new_kec = len(kec) - 1
    eligible = desa[(desa["kec"] != new_kec) | (not first)].reset_index(drop=True)
    weights = np.array([t.weight for t in TEMPLATES])
    weights /= weights.sum()
    per_desa = rng.multinomial(n, np.full(len(eligible), 1 / len(eligible)))
    records = []
    seq = 0
    resubmit = None
    if previous is not None:
        # some usulan that were not accepted come back the next year, as in real Musrenbang
        cand = previous[previous["status"].isin(["Ditolak", "Menunggu Verifikasi"])]
        resubmit = cand.sample(frac=0.25, random_state=int(rng.integers(1 << 31)))
    carried = {}
    if resubmit is not None:
        for _, r in resubmit.iterrows():
            carried.setdefault(r["kode_desa"], []).append(r)
    musren_start = date(tahun - 1, 1, 8)
    for di, d in eligible.iterrows():
        k = int(d["kec"])
        kname = kec.loc[k, "nama"]
        m = int(per_desa[di])
        back = carried.get(d["kode"], [])[:m]
        for prio in range(1, m + 1):
            seq += 1
            old = None
            if prio <= len(back):
                old = back[prio - 1]
                ti = int(old["template"])
                text, lineage = old["usulan"], old["lineage"]
            else:
                ti = int(rng.choice(len(TEMPLATES), p=weights))
                tpl = TEMPLATES[ti]
                text = tpl.usulan.format(
                    desa=d["nama"], rt=f"{rng.integers(1, 12):02d}", n=int(rng.integers(1, 9))
                )
                lineage = f"L{tahun}{seq:06d}"
            tpl = TEMPLATES[ti]
            lo, hi = tpl.volume
            vol = float(round(rng.uniform(lo, hi))) if hi > lo else float(lo)
            cost = round(vol * tpl.harga * float(rng.lognormal(0, 0.2)), -3)
            akhir = OPD[tpl.opd]
            awal = akhir
            status = rng.choice(
                ["Diterima", "Ditolak", "Menunggu Verifikasi", "Dialihkan"],
                p=[0.5, 0.2, 0.22, 0.08],
            )
            if status == "Dialihkan":
                awal = OPD[str(rng.choice([o for o in OPD if o != tpl.opd]))]
            when = datetime.combine(
                musren_start + timedelta(days=int(rng.integers(0, 45))), datetime.min.time()
            ) + timedelta(hours=int(rng.integers(8, 16)), minutes=int(rng.integers(0, 60)))
            geom = d["geometry"]
            p = geom.representative_point()
            rt = int(rng.integers(1, 12))
            alamat = f"RT {rt:02d} Desa {d['nama']}, Kec. {kname}"
            if rng.random() < 0.3:
                alamat += f" (koordinat {p.y + rng.normal(0, 0.002):.5f}, {p.x + rng.normal(0, 0.002):.5f})"
            if old is not None:  # the desa copies last year's entry
                alamat = old["alamat"]
            lineage, alamat = seen.setdefault((d["kode"], text), (lineage, alamat))
            setuju = "Disetujui" if status in ("Diterima", "Dialihkan") else None
            records.append(
                {
                    "id_usulan": f"{tahun}{seq:06d}",
                    "tahun": tahun,
                    "tanggal": when,
                    "pengusul": ("Kelurahan " if d["kelurahan"] else "Desa ") + d["nama"],
                    "profil": "Kelurahan" if d["kelurahan"] else "Desa",
                    "usulan": text,
                    "masalah": str(rng.choice(list(tpl.masalah))),
                    "alamat": alamat,
                    "kecamatan": kname,
                    "kode_kec": kec.loc[k, "kode"],
                    "kec_index": k,
                    "desa": d["nama"],
                    "kode_desa": d["kode"],
                    "usulan_ke": prio,
                    "opd_awal": awal,
                    "opd": akhir,
                    "opd_kunci": tpl.opd,
                    "status": str(status),
                    "catatan": "Dialihkan sesuai kewenangan" if status == "Dialihkan" else None,
                    "rek_mitra": setuju,
                    "rek_desa": "Disetujui",
                    "rek_kec": "Disetujui" if status != "Ditolak" else "Tidak disetujui",
                    "rek_skpd": setuju if status != "Menunggu Verifikasi" else None,
                    "rek_tapd": None,
                    "volume": vol,
                    "satuan": tpl.satuan,
                    "anggaran": cost,
                    "jenis_belanja": tpl.jenis_belanja,
                    "sub_kegiatan": tpl.sub_kegiatan,
                    "isu": tpl.isu,
                    "template": ti,
                    "lineage": lineage,
                }
            )
    return pd.DataFrame(records)


def _typo(rng, name: str) -> str:
    """One slip of the keyboard in the longest word (drop, double or swap a letter)."""
    words = name.split(" ")
    w = max(range(len(words)), key=lambda i: len(words[i]))
    s = words[w]
    i = int(rng.integers(1, len(s) - 1))
    kind = int(rng.integers(3))
    if kind == 0:
        s = s[:i] + s[i + 1 :]
    elif kind == 1:
        s = s[:i] + s[i] + s[i:]
    else:
        s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    words[w] = s
    return " ".join(words)


_ABBREV = {"Sungai": ["Sei", "Sg.", "Sungai"], "Padang": ["Pdg"], "Telaga": ["Tlg"],
           "Tanjung": ["Tj.", "Tjg"], "Muara": ["Mr."], "Kampung": ["Kp.", "Kpg"],
           "Batu": ["Bt."], "Pematang": ["Pmtg"]}  # fmt: skip


def _abbreviated(name: str) -> str | None:
    first, _, rest = name.partition(" ")
    if first in _ABBREV and rest:
        return f"{_ABBREV[first][0]} {rest}"
    return None


def _plant(rng, rows: pd.DataFrame, kec: pd.DataFrame, desa: pd.DataFrame, scale: float):
    """Choose rows for each kind of dirt; returns the changed rows and {position: code}."""
    rows = rows.astype(object)
    rows["_code"] = None
    rows["_column"] = None
    order = rng.permutation(len(rows))
    used = np.zeros(len(rows), dtype=bool)

    def take(k: int, ok=lambda r: True) -> list[int]:
        out = []
        for pos in order:
            if len(out) == k:
                break
            if not used[pos] and ok(rows.iloc[pos]):
                out.append(int(pos))
                used[pos] = True
        return out

    def count(code: str) -> int:
        return max(1, round(DIRT[code] * scale))

    def mark(pos, code, column):
        rows.iat[pos, rows.columns.get_loc("_code")] = code
        rows.iat[pos, rows.columns.get_loc("_column")] = column

    col = rows.columns.get_loc
    desa_names = dict(zip(desa["kode"], desa["nama"], strict=True))
    kec_names = list(kec["nama"])
    # kecamatan: silently normalised
    for pos in take(count("kecamatan_normal")):
        rows.iat[pos, col("kecamatan")] = "KEC. " + rows.iat[pos, col("kecamatan")].upper()
        mark(pos, "kecamatan_normal", "Kecamatan")
    for pos in take(count("kecamatan_singkatan"), lambda r: _abbreviated(r["kecamatan"])):
        rows.iat[pos, col("kecamatan")] = _abbreviated(rows.iat[pos, col("kecamatan")])
        mark(pos, "kecamatan_singkatan", "Kecamatan")
    renamed = {kec.loc[i, "nama"]: old for i, old in RENAMED.items() if i < len(kec)}
    for pos in take(count("kecamatan_alias"), lambda r: r["kecamatan"] in renamed):
        rows.iat[pos, col("kecamatan")] = renamed[rows.iat[pos, col("kecamatan")]]
        mark(pos, "kecamatan_alias", "Kecamatan")
    for pos in take(count("kecamatan_dari_desa"), lambda r: r["desa"] != r["kecamatan"]):
        rows.iat[pos, col("kecamatan")] = None
        mark(pos, "kecamatan_dari_desa", "Kecamatan")
    # kecamatan: reported
    for pos in take(count("kecamatan_mirip"), lambda r: len(r["kecamatan"]) >= 10):
        rows.iat[pos, col("kecamatan")] = _typo(rng, rows.iat[pos, col("kecamatan")])
        mark(pos, "kecamatan_mirip", "Kecamatan")
    for pos in take(count("kecamatan_tidak_dikenal")):
        rows.iat[pos, col("kecamatan")] = str(rng.choice(["Antah Berantah", "Luar Daerah"]))
        mark(pos, "kecamatan_tidak_dikenal", "Kecamatan")
    for pos in take(count("kecamatan_kosong")):
        rows.iat[pos, col("kecamatan")] = None
        rows.iat[pos, col("desa")] = None
        mark(pos, "kecamatan_kosong", "Kecamatan")
    # desa
    for pos in take(
        count("desa_mirip"), lambda r: len(r["desa"]) >= 10 and r["desa"] != r["kecamatan"]
    ):
        rows.iat[pos, col("desa")] = _typo(rng, rows.iat[pos, col("desa")])
        mark(pos, "desa_mirip", "Kelurahan/Desa")
    for pos in take(count("desa_tidak_dikenal"), lambda r: r["desa"] != r["kecamatan"]):
        here = rows.iat[pos, col("kode_kec")]
        other = [
            k for k in desa_names if not k.startswith(here + ".") and desa_names[k] not in kec_names
        ]
        rows.iat[pos, col("desa")] = desa_names[str(rng.choice(other))]
        mark(pos, "desa_tidak_dikenal", "Kelurahan/Desa")
    # values
    for pos in take(count("anggaran_teks")):
        v = rows.iat[pos, col("anggaran")]
        rows.iat[pos, col("anggaran")] = "Rp " + f"{v:,.0f}".replace(",", ".")
        mark(pos, "anggaran_teks", "Anggaran")
    for pos in take(count("angka_tidak_sah")):
        rows.iat[pos, col("anggaran")] = str(rng.choice(["menyesuaikan", "lihat RAB", "???"]))
        mark(pos, "angka_tidak_sah", "Anggaran")
    for pos in take(count("tanggal_teks")):
        rows.iat[pos, col("tanggal")] = rows.iat[pos, col("tanggal")].strftime("%d/%m/%Y")
        mark(pos, "tanggal_teks", "Tanggal Usul")
    for pos in take(count("tanggal_tidak_sah")):
        t = rows.iat[pos, col("tahun")] - 1
        rows.iat[pos, col("tanggal")] = str(rng.choice([f"31/02/{t}", f"00/01/{t}", "belum diisi"]))
        mark(pos, "tanggal_tidak_sah", "Tanggal Usul")
    for pos in take(count("id_kosong")):
        rows.iat[pos, col("id_usulan")] = None
        mark(pos, "id_kosong", "ID Usulan")
    for pos in take(count("usulan_kosong")):
        rows.iat[pos, col("usulan")] = None
        mark(pos, "usulan_kosong", "Usulan")
    for pos in take(count("kabupaten_lain")):
        rows.iat[pos, col("kabupaten_teks")] = OTHER_AREAS[0][1]
        mark(pos, "kabupaten_lain", "Kabupaten")
    # duplicated IDs: an exact copy entered twice, and two usulan sharing one ID
    extra = []
    for pos in take(count("id_ganda_sama")):
        copy = rows.iloc[pos].to_dict()
        copy["_code"], copy["_column"], copy["_after"] = "id_ganda_sama", "ID Usulan", pos
        extra.append(copy)
    pairs = take(2 * count("id_ganda_beda"))
    for a, b in zip(pairs[::2], pairs[1::2], strict=True):
        first, second = min(a, b), max(a, b)
        rows.iat[second, col("id_usulan")] = rows.iat[first, col("id_usulan")]
        mark(second, "id_ganda_beda", "ID Usulan")
    return rows, extra


def _write_usulan_xlsx(
    path: Path,
    rel: str,
    tahun: int,
    rows: pd.DataFrame,
    kec,
    desa,
    rng,
    manifest,
    dirt: bool,
    kabupaten: str = NAMA,
) -> int:
    """Write one SIPD-style export; record the planted dirt with its Excel row numbers."""
    import xlsxwriter

    rows = rows.assign(kabupaten_teks=kabupaten)
    extra = []
    if dirt:
        rows, extra = _plant(rng, rows, kec, desa, len(rows) / 3000)
    else:
        rows = rows.assign(_code=None, _column=None)
    # assemble the sheet body: data rows, the exact copies a few rows after their original,
    # a blank row, a header repeated at a page break, then the totals row and a footnote
    body: list[tuple[str, object]] = [("data", r) for r in rows.to_dict("records")]
    for copy in sorted(extra, key=lambda c: -c["_after"]):
        body.insert(int(copy["_after"]) + 1 + int(rng.integers(1, 20)), ("data", copy))
    if dirt:
        n = len(body)
        body.insert(int(n * 0.41), ("blank", None))
        body.insert(int(n * 0.77), ("blank", None))
        body.insert(int(n * 0.5), ("header", None))

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    wb.set_properties({"created": datetime(tahun - 1, 3, 15), "title": LABEL})
    ws = wb.add_worksheet("Usulan")
    bold = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    datef = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    money = wb.add_format({"num_format": "#,##0"})
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, f"DAFTAR USULAN MUSRENBANG RKPD TAHUN {tahun}", bold)
    ws.merge_range(1, 0, 1, last, f"{kabupaten.upper()} — {LABEL}", bold)
    ws.merge_range(
        2, 0, 2, last, f"Dicetak dari E-Perencanaan (contoh) tanggal 15/03/{tahun - 1}", bold
    )
    header_row = 4  # 0-based → Excel row 5
    ws.write_row(header_row, 0, HEADERS, head)
    r = header_row
    no = 0
    total = 0.0
    for kind, rec in body:
        r += 1
        excel_row = r + 1
        if kind == "blank":
            if dirt:
                manifest.planted.append(
                    Planted(rel, excel_row, None, "baris_kosong", "warning", True, tahun=tahun)
                )
            continue
        if kind == "header":
            ws.write_row(r, 0, HEADERS, head)
            manifest.planted.append(
                Planted(rel, excel_row, None, "header_berulang", "warning", True, tahun=tahun)
            )
            continue
        no += 1
        values = [
            no, _id_cell(rec["id_usulan"]), rec["tanggal"], rec["pengusul"], rec["profil"], rec["usulan"],
            rec["masalah"], rec["alamat"], rec["kabupaten_teks"], rec["kecamatan"], rec["desa"],
            rec["usulan_ke"], rec["opd_awal"], rec["opd"], rec["status"], rec["catatan"], rec["rek_mitra"],
            rec["rek_desa"], rec["rek_kec"], rec["rek_skpd"], rec["rek_tapd"], rec["volume"], rec["satuan"],
            rec["anggaran"], rec["jenis_belanja"], rec["sub_kegiatan"],
        ]  # fmt: skip
        for c, v in enumerate(values):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, datef)
            elif isinstance(v, int | float | np.integer | np.floating):
                ws.write_number(r, c, float(v), money if HEADERS[c] == "Anggaran" else None)
            else:
                ws.write_string(r, c, str(v))
        if isinstance(rec["anggaran"], float):
            total += rec["anggaran"]
        code = rec["_code"]
        if code:
            sev = "none" if code in SILENT else REASONS[code][0]
            manifest.planted.append(
                Planted(
                    rel, excel_row, rec["_column"], code,
                    sev, code in DROPPING, _text(rec, code), tahun,
                )
            )  # fmt: skip
    if dirt:
        r += 1
        ws.write_string(r, 0, "JUMLAH")
        ws.write_number(r, HEADERS.index("Anggaran"), total, money)
        manifest.planted.append(
            Planted(rel, r + 1, None, "baris_total", "warning", True, "JUMLAH", tahun)
        )
        r += 1
        ws.write_string(r, 0, f"Catatan: {LABEL}; bukan data Musrenbang sebenarnya.")
        manifest.planted.append(
            Planted(rel, r + 1, None, "bukan_data", "warning", True, tahun=tahun)
        )
    ws.set_column(0, 0, 6)
    ws.set_column(5, 7, 40)
    ws.set_column(8, last, 18)
    wb.close()
    return r - header_row


def _id_cell(v):
    return int(v) if isinstance(v, str) and v.isdigit() else v


def _text(rec, code: str) -> str | None:
    column = {"Kecamatan": "kecamatan", "Kelurahan/Desa": "desa", "Anggaran": "anggaran",
              "Tanggal Usul": "tanggal", "ID Usulan": "id_usulan", "Usulan": "usulan",
              "Kabupaten": "kabupaten_teks"}.get(rec["_column"])  # fmt: skip
    v = rec.get(column) if column else None
    return None if v is None else str(v)


def write_usulan_for(
    root: str | Path,
    kecamatan: pd.DataFrame,
    desa: pd.DataFrame,
    kabupaten: str,
    *,
    tahun: tuple[int, ...] = (2025, 2026),
    per_tahun: int = 1500,
    seed: int = 20260,
) -> dict[int, str]:
    """Synthetic usulan (clean SIPD long-layout xlsx) on a real kabupaten's kecamatan and desa.

    For trying the dashboards on real boundaries before any real export is at
    hand; every file is labelled DATA CONTOH — sintetis in its title rows.

    Parameters
    ----------
    root : path-like
        The workspace; files are written to ``usulan/usulan_sintetis_<tahun>.xlsx``.
    kecamatan : DataFrame
        ``kode``, ``nama`` of the kabupaten's kecamatan (e.g. ``Workspace.kecamatan``).
    desa : GeoDataFrame
        ``kode``, ``nama``, ``geometry`` of its desa (e.g. ``Workspace.desa``).
    kabupaten : str
        The kabupaten's name, written in the Kabupaten column.

    Returns
    -------
    dict
        tahun → path relative to ``root``, for ``[usulan]`` in planlib.toml.
    """
    root = Path(root)
    (root / "usulan").mkdir(parents=True, exist_ok=True)
    kec = kecamatan[["kode", "nama"]].reset_index(drop=True)
    index = {k: i for i, k in enumerate(kec["kode"])}
    d = desa[desa.geometry.notna()]
    d = pd.DataFrame(
        {
            "kode": d["kode"].to_numpy(), "nama": d["nama"].to_numpy(),
            "kec": d["kode"].str.rsplit(".", n=1).str[0].map(index).to_numpy(),
            "kelurahan": d["kode"].str.split(".").str[3].str.startswith("1").to_numpy(),
            "geometry": d.geometry.to_numpy(),
        }
    ).dropna(subset=["kec"])  # fmt: skip
    d["kec"] = d["kec"].astype(int)
    rng = np.random.default_rng(seed)
    manifest = DemoManifest(root)
    previous = None
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    out = {}
    for t in tahun:
        rows = _usulan_rows(rng, t, kec, d, per_tahun, previous, first=False, seen=seen)
        previous = rows
        rel = f"usulan/usulan_sintetis_{t}.xlsx"
        _write_usulan_xlsx(root / rel, rel, t, rows, kec, d, rng, manifest, False, kabupaten)
        out[t] = rel
    return out


# --------------------------------------------------------------------------- indikator


def _trend(rng, start: float, slope: float, years: list[int], noise: float) -> dict[int, float]:
    return {y: start + slope * (y - years[0]) + float(rng.normal(0, noise)) for y in years}


def _write_indikator(root: Path, rng, kec, desa, tahun, manifest: DemoManifest) -> None:
    sumber = f"BPS Provinsi Nusa Contoh ({LABEL})"
    areas = [("00", "Indonesia"), PROVINSI, (KABUPATEN, NAMA), *OTHER_AREAS]
    years = list(range(2015, 2026))
    rows = []
    tpt = {}
    for _i, (kode, nama) in enumerate(areas):
        base = {"00": 0.0, "99": -0.8}.get(kode, float(rng.normal(-2.0, 2.0)))
        if kode == "99.71":
            base = 4.0
        lama = _trend(rng, 69.5 + base, 0.62, years, 0.08)
        for y in range(2015, 2024):
            rows.append((kode, nama, y, "", "ipm", round(lama[y], 2), "indeks", "lama", sumber))
        for y in range(2020, 2026):
            rows.append(
                (
                    kode,
                    nama,
                    y,
                    "",
                    "ipm",
                    round(lama.get(y, lama[2023] + 0.6 * (y - 2023)) + 2.4, 2),
                    "indeks",
                    "revisi_2024",
                    sumber,
                )
            )
        p0 = _trend(
            rng,
            7.5 + float(rng.normal(0, 1.5)) if kode not in ("00",) else 11.1,
            -0.25,
            years,
            0.12,
        )
        for y in years:
            v = p0[y] + (0.5 if y in (2020, 2021) else 0.0)  # the pandemic bump
            rows.append((kode, nama, y, "Maret", "p0", round(max(v, 1.0), 2), "persen", "", sumber))
        t0 = 5.6 if kode == "00" else 4.5 + float(rng.normal(0, 0.8))
        tpt[kode] = {
            y: round(max(t0 - 0.1 * (y - 2015) + (1.3 if y == 2020 else 0.6 if y == 2021 else 0.0) + float(rng.normal(0, 0.15)), 1.0), 2)
            for y in years
        }  # fmt: skip
    # stunting per kecamatan (SSGI/e-PPGBM style) and Indeks Desa Membangun per desa
    for _, k in kec.iterrows():
        s = float(rng.uniform(14, 34))
        for y in (2022, 2023, 2024, 2025):
            rows.append(
                (
                    k["kode"],
                    k["nama"],
                    y,
                    "",
                    "stunting",
                    round(s - 1.8 * (y - 2022) + float(rng.normal(0, 1)), 1),
                    "persen",
                    "",
                    f"Dinas Kesehatan ({LABEL})",
                )
            )
    for _, d in desa.iterrows():
        v = float(rng.uniform(0.55, 0.82))
        for y in (2023, 2024, 2025):
            rows.append(
                (
                    d["kode"],
                    d["nama"],
                    y,
                    "",
                    "idm",
                    round(v + 0.015 * (y - 2023), 4),
                    "indeks",
                    "",
                    f"Kemendes PDTT ({LABEL})",
                )
            )
    # a figure re-typed from a news article with a different value: a conflicting duplicate
    p0_2023 = next(r for r in rows if r[0] == KABUPATEN and r[4] == "p0" and r[2] == 2023)
    conflict = (*p0_2023[:5], round(p0_2023[5] + 0.37, 2), "persen", "", "Berita daerah (contoh)")
    at = rows.index(p0_2023) + 7
    rows.insert(at, conflict)
    manifest.planted.append(
        Planted(
            "indikator/indikator.csv",
            at + 2,
            "nilai",
            "indikator_bertentangan",
            "warning",
            True,
            str(conflict[5]),
        )
    )
    with open(root / "indikator" / "indikator.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "kode_wilayah",
                "nama_wilayah",
                "tahun",
                "periode",
                "indikator",
                "nilai",
                "satuan",
                "seri",
                "sumber",
            ]
        )
        for r in rows:
            w.writerow([r[0], r[1], r[2], r[3], r[4], f"{r[5]}", r[6], r[7], r[8]])
    _write_bps_wide(root / "indikator" / "tpt_bps.xlsx", areas, tpt, years)


def _write_bps_wide(path: Path, areas, tpt: dict, years: list[int]) -> None:
    """TPT as the BPS website exports it: title, year columns, BPS-style names, footnotes."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(2026, 1, 1), "title": LABEL})
    ws = wb.add_worksheet("Sheet1")
    ws.write_string(
        0, 0, "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen), 2015-2025"
    )
    ws.write_string(1, 0, LABEL)
    ws.write_row(3, 0, ["Kabupaten/Kota", *[str(y) for y in years]])
    r = 4
    ordered = (
        [a for a in areas if a[0] not in ("00", "99")]
        + [a for a in areas if a[0] == "99"]
        + [("00", "Indonesia")]
    )
    for kode, nama in ordered:
        label = (
            nama.replace("Kabupaten ", "").replace("Provinsi ", "").upper()
            if kode != "00"
            else "INDONESIA"
        )
        ws.write_string(r, 0, label)
        for j, y in enumerate(years):
            if y == 2016 and len(kode) > 2:  # no kabupaten estimates that year
                ws.write_string(r, j + 1, "-")
            else:
                ws.write_string(r, j + 1, f"{tpt[kode][y]:.2f}".replace(".", ","))
        r += 1
    ws.write_string(
        r + 1, 0, "Sumber: Badan Pusat Statistik, Survei Angkatan Kerja Nasional (Sakernas) Agustus"
    )
    ws.write_string(r + 2, 0, "Catatan: angka 2016 tingkat kabupaten/kota tidak tersedia")
    wb.close()


# --------------------------------------------------------------------------- perencanaan


def write_perencanaan_for(
    root: str | Path, kecamatan: pd.DataFrame, kabupaten: str, *,
    tahun: tuple[int, ...] = (2025, 2026), seed: int = 20260,
) -> dict[str, str]:  # fmt: skip
    """A synthetic plan (RPJMD targets, pohon kinerja, Renja) for a real kabupaten's kecamatan.

    The companion of :func:`write_usulan_for`: the forum dashboards need a
    plan to match usulan against. Targets and pagu are invented (the target
    document is called "RPJMD 2025–2029 (contoh)").

    Returns
    -------
    dict
        Key → path relative to ``root``, for ``[perencanaan]`` in planlib.toml.
    """
    root = Path(root)
    (root / "perencanaan").mkdir(parents=True, exist_ok=True)
    kec = kecamatan[["kode", "nama"]].reset_index(drop=True)
    _write_perencanaan(root, np.random.default_rng(seed), kec, tahun, kabupaten)
    return {k: f"perencanaan/{k}.csv" for k in ("target_rpjmd", "pohon_kinerja", "renja")}


def _write_perencanaan(
    root: Path, rng, kec: pd.DataFrame, tahun, kabupaten: str = KABUPATEN
) -> None:
    d = root / "perencanaan"
    targets = [("indikator", "kode_wilayah", "tahun", "target", "satuan", "seri", "dokumen")]
    for y in range(2025, 2030):
        k = y - 2025
        targets += [
            ("ipm", kabupaten, y, round(73.4 + 0.55 * k, 2), "indeks", "revisi_2024", "RPJMD 2025–2029 (contoh)"),
            ("p0", kabupaten, y, round(6.2 - 0.35 * k, 2), "persen", "", "RPJMD 2025–2029 (contoh)"),
            ("tpt", kabupaten, y, round(4.1 - 0.15 * k, 2), "persen", "", "RPJMD 2025–2029 (contoh)"),
            ("stunting", kabupaten, y, round(21.0 - 2.5 * k, 1), "persen", "", "RPJMD 2025–2029 (contoh)"),
        ]  # fmt: skip
    _csv(d / "target_rpjmd.csv", targets)

    tujuan = [
        ("T1", "Meningkatnya kualitas sumber daya manusia", "Indeks Pembangunan Manusia", "ipm", "indeks", 75.6),
        ("T2", "Meningkatnya kesejahteraan ekonomi masyarakat", "Persentase penduduk miskin", "p0", "persen", 4.8),
        ("T3", "Meningkatnya kualitas dan pemerataan infrastruktur wilayah", "Persentase jalan kabupaten kondisi mantap", "", "persen", 80),
        ("T4", "Meningkatnya tata kelola pemerintahan yang baik", "Indeks Reformasi Birokrasi", "", "indeks", 70),
    ]  # fmt: skip
    isu_tujuan = {"kesehatan": "T1", "pendidikan": "T1", "sosial": "T2", "umkm": "T2",
                  "pertanian": "T2", "jalan": "T3", "air": "T3", "lingkungan": "T3",
                  "tatakelola": "T4"}  # fmt: skip
    nodes = [
        (
            "id",
            "parent_id",
            "level",
            "uraian",
            "opd",
            "indikator",
            "kode_indikator",
            "satuan",
            "target",
            "tahun",
            "kata_kunci",
        )
    ]
    for tid, uraian, ind, kode_ind, sat, tgt in tujuan:
        nodes.append((tid, "", "tujuan", uraian, "", ind, kode_ind, sat, tgt, 2029, ""))
    sasaran = {}
    for isu, tid in isu_tujuan.items():
        sid = f"{tid}.S{len([s for s in sasaran.values() if s.startswith(tid)]) + 1}"
        sasaran[isu] = sid
        nodes.append(
            (
                sid,
                tid,
                "sasaran",
                f"Meningkatnya {ISU[isu].lower()}",
                "",
                f"Capaian {ISU[isu].lower()}",
                "stunting" if isu == "kesehatan" else "",
                "persen",
                "",
                2029,
                "",
            )
        )
    programs: dict[tuple[str, str], str] = {}
    for ti, tpl in enumerate(TEMPLATES):
        sid = sasaran[tpl.isu]
        key = (sid, tpl.opd)
        if key not in programs:
            pid = f"{sid}.P{len([p for p in programs if p[0] == sid]) + 1}"
            programs[key] = pid
            nodes.append(
                (
                    pid,
                    sid,
                    "program",
                    f"Program {ISU[tpl.isu]} ({tpl.opd.upper()})",
                    OPD[tpl.opd],
                    "",
                    "",
                    "",
                    "",
                    2026,
                    "",
                )
            )
        pid = programs[key]
        kid = f"{pid}.K{ti + 1}"
        words = "; ".join(
            w.lower()
            for w in tpl.usulan.replace("{desa}", "").replace("{rt}", "").replace("{n}", "").split()
            if len(w) > 3 and w[0].isalpha()
        )
        nodes.append(
            (
                kid,
                pid,
                "kegiatan",
                f"Kegiatan {tpl.sub_kegiatan}",
                OPD[tpl.opd],
                "",
                "",
                "",
                "",
                2026,
                "",
            )
        )
        nodes.append(
            (
                f"{kid}.SK",
                kid,
                "sub_kegiatan",
                tpl.sub_kegiatan,
                OPD[tpl.opd],
                f"Jumlah {tpl.satuan} {tpl.sub_kegiatan.lower()}",
                "",
                tpl.satuan,
                "",
                2026,
                words,
            )
        )
    _csv(d / "pohon_kinerja.csv", nodes)

    renja = [
        (
            "opd",
            "program",
            "kegiatan",
            "sub_kegiatan",
            "kode_sub_kegiatan",
            "indikator",
            "target",
            "satuan",
            "pagu",
            "tahun",
            "lokasi",
            "id_pohon",
        )
    ]
    node_of = {n[3]: n[0] for n in nodes[1:] if n[2] == "sub_kegiatan"}
    for ti, tpl in enumerate(TEMPLATES):
        for y in tahun[-2:]:
            lokasi = str(rng.choice(kec["nama"]))
            vol = round(float(rng.uniform(*tpl.volume)) * 4) if tpl.volume[1] > tpl.volume[0] else 2
            pagu = round(vol * tpl.harga, -5)
            renja.append((
                OPD[tpl.opd], f"Program {ISU[tpl.isu]}", f"Kegiatan {tpl.sub_kegiatan}", tpl.sub_kegiatan,
                f"{(ti % 7) + 1}.{(ti % 3) + 1:02d}.{(ti % 9) + 1:02d}.2.{ti + 1:02d}.{y % 100:04d}",
                f"Jumlah {tpl.satuan} {tpl.sub_kegiatan.lower()}", vol, tpl.satuan,
                "Rp " + f"{pagu:,.0f}".replace(",", "."), y, lokasi, node_of[tpl.sub_kegiatan],
            ))  # fmt: skip
    _csv(d / "renja.csv", renja, delimiter=";", encoding="cp1252")


def _csv(path: Path, rows, delimiter: str = ",", encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)


# --------------------------------------------------------------------------- config


def _write_config(root: Path, tahun) -> None:
    usulan = "\n".join(f'{t} = "usulan/usulan_{t}.xlsx"' for t in tahun)
    (root / "planlib.toml").write_text(
        f"""# {LABEL}: Kabupaten Contoh is fictional; every figure here is generated by planlib.
[wilayah]
kabupaten = "{KABUPATEN}"
nama = "{NAMA}"
kode_wilayah = "wilayah/kode_wilayah.csv"
kecamatan = "wilayah/kecamatan.geojson"
desa = "wilayah/desa.geojson"
alias = "wilayah/alias_wilayah.csv"
dapil = "dapil.csv"

[usulan]
{usulan}

[indikator]
files = ["indikator/indikator.csv", {{ path = "indikator/tpt_bps.xlsx", indikator = "tpt", satuan = "persen", periode = "Agustus" }}]

[perencanaan]
target_rpjmd = "perencanaan/target_rpjmd.csv"
pohon_kinerja = "perencanaan/pohon_kinerja.csv"
renja = "perencanaan/renja.csv"

[demo]
label = "{LABEL}"
""",
        encoding="utf-8",
    )
    (root / "README.md").write_text(
        f"""# Kabupaten Contoh — {LABEL}

Workspace ini **fiktif**. Semua wilayah, usulan, indikator, target dan pagu dibuat oleh
`planlib demo` untuk latihan dan demonstrasi; tidak ada yang berasal dari data sebenarnya.

- `wilayah/`: daftar kode (provinsi 99), batas kecamatan dan desa, tabel nama lama (alias)
- `dapil.csv`: 4 dapil; satu kecamatan pemekaran belum masuk dapil
- `usulan/`: ekspor SIPD (format panjang) per tahun perencanaan, lengkap dengan
  "kotoran" yang biasa ada di ekspor asli — `planlib check .` melaporkannya
- `indikator/`: IPM (seri lama dan revisi 2024), P0, TPT (tabel lebar BPS), stunting, IDM
- `perencanaan/`: target RPJMD 2025–2029, pohon kinerja, Renja dengan pagu
""",
        encoding="utf-8",
    )

"""The catalogue of the demo: the names, OPD, issue categories and usulan templates of Kabupaten Contoh.

Everything the other demo modules draw from: the fictional province and its
kabupaten/kota, the kecamatan and desa name parts, the OPD (their bidang come
from ``planlib/data/bidang.csv``), the issue categories of Rembuk Remas, and
:data:`TEMPLATES`, one entry per kind of usulan with its text, problems, unit
and cost. Nothing here draws random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

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


_T = Template
#: The kinds of usulan, with their relative frequency (``weight``).
TEMPLATES: list[Template] = [
    _T("pupr", "jalan", "Rehab jalan usaha tani RT {rt} Desa {desa}", ("Jalan usaha tani rusak dan berlumpur saat musim hujan", "Hasil panen sulit diangkut karena jalan rusak"), "m", (100, 800), 1_250_000, "Rehabilitasi Jalan", weight=3),
    _T("pupr", "jalan", "Pengaspalan jalan lingkungan RT {rt} Desa {desa}", ("Jalan lingkungan masih tanah", "Jalan berlubang membahayakan pengendara"), "m", (100, 600), 1_600_000, "Peningkatan Jalan", weight=3),
    _T("pupr", "jalan", "Pembangunan jembatan ulin penghubung Desa {desa}", ("Jembatan lama lapuk dan putus", "Warga menyeberang sungai dengan perahu"), "unit", (1, 1), 450_000_000, "Pembangunan Jembatan", weight=1),
    _T("pupr", "jalan", "Pembangunan titian/jalan beton RT {rt} Desa {desa}", ("Akses ke rumah warga di daerah rawa sulit",), "m", (50, 300), 900_000, "Pembangunan Jalan", weight=1.5),
    _T("pupr", "pertanian", "Normalisasi saluran irigasi Desa {desa}", ("Saluran irigasi dangkal, sawah kekurangan air", "Sawah terendam saat hujan karena saluran tersumbat"), "m", (200, 1500), 350_000, "Rehabilitasi Jaringan Irigasi Permukaan", weight=2),
    _T("pupr", "air", "Pembangunan drainase lingkungan RT {rt} Desa {desa}", ("Genangan air di permukiman setiap hujan",), "m", (100, 500), 800_000, "Pembangunan Sistem Drainase", weight=1.5),
    _T("pupr", "air", "Pembangunan sumur bor dan jaringan air bersih Desa {desa}", ("Warga kesulitan air bersih saat kemarau", "Air sungai keruh tidak layak minum"), "unit", (1, 3), 120_000_000, "Pembangunan SPAM Jaringan Perpipaan di Kawasan Perdesaan", weight=1.5),
    _T("kes", "kesehatan", "Pembangunan posyandu Desa {desa}", ("Posyandu masih menumpang di rumah warga", "Kegiatan posyandu tidak punya tempat tetap"), "unit", (1, 1), 250_000_000, "Pembangunan Fasilitas Kesehatan Lainnya", weight=1.5),
    _T("kes", "kesehatan", "Pemberian makanan tambahan bagi balita stunting Desa {desa}", ("Angka stunting di desa masih tinggi", "Balita gizi kurang belum tertangani"), "paket", (20, 120), 450_000, "Pengelolaan Pelayanan Kesehatan Balita", "Belanja Barang dan Jasa", weight=2),
    _T("kes", "kesehatan", "Pengadaan alat kesehatan Pustu Desa {desa}", ("Peralatan pustu tidak lengkap",), "paket", (1, 2), 85_000_000, "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", weight=1),
    _T("kes", "air", "Bantuan jamban sehat keluarga Desa {desa}", ("Masih ada warga buang air besar di sungai",), "unit", (10, 60), 3_500_000, "Penyelenggaraan Sanitasi Total Berbasis Masyarakat", "Belanja Barang dan Jasa", weight=1.2),
    _T("dik", "pendidikan", "Rehab ruang kelas SDN {n} {desa}", ("Atap ruang kelas bocor dan plafon runtuh", "Ruang kelas rusak berat"), "ruang", (1, 4), 180_000_000, "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", weight=2),
    _T("dik", "pendidikan", "Pengadaan meja kursi siswa SDN {n} {desa}", ("Meja dan kursi siswa rusak",), "set", (20, 80), 1_100_000, "Pengadaan Perlengkapan Sekolah", "Belanja Barang dan Jasa", weight=1),
    _T("dik", "pendidikan", "Pembangunan gedung PAUD Desa {desa}", ("PAUD belum memiliki gedung sendiri",), "unit", (1, 1), 350_000_000, "Pembangunan Gedung Sekolah", weight=0.8),
    _T("tan", "pertanian", "Bantuan bibit padi unggul untuk kelompok tani Desa {desa}", ("Produktivitas padi rendah", "Petani kesulitan mendapatkan benih bermutu"), "kg", (200, 2000), 15_000, "Penyediaan Benih Tanaman Pangan", "Belanja Barang dan Jasa", weight=2),
    _T("tan", "pertanian", "Bantuan hand tractor untuk Poktan Desa {desa}", ("Pengolahan lahan masih manual",), "unit", (1, 3), 35_000_000, "Pengadaan Alat dan Mesin Pertanian", "Belanja Hibah", weight=1.5),
    _T("tan", "pertanian", "Bantuan bibit karet unggul Desa {desa}", ("Kebun karet rakyat sudah tua dan kurang produktif",), "batang", (500, 5000), 12_000, "Penyediaan Benih Perkebunan", "Belanja Barang dan Jasa", weight=1),
    _T("tan", "pertanian", "Bantuan bibit sapi dan kandang kelompok ternak Desa {desa}", ("Pendapatan peternak kecil rendah",), "ekor", (5, 20), 18_000_000, "Penyediaan Benih/Bibit Ternak", "Belanja Hibah", weight=0.8),
    _T("ikan", "pertanian", "Bantuan benih ikan nila dan pakan Desa {desa}", ("Produksi budidaya ikan menurun",), "ekor", (5000, 30000), 800, "Penyediaan Benih Ikan", "Belanja Barang dan Jasa", weight=1.2),
    _T("ikan", "pertanian", "Pembuatan kolam terpal kelompok pembudidaya Desa {desa}", ("Lahan pekarangan belum dimanfaatkan",), "unit", (5, 30), 4_500_000, "Pengembangan Kawasan Budidaya Ikan", "Belanja Hibah", weight=0.8),
    _T("sos", "sosial", "Bantuan sembako bagi lansia terlantar Desa {desa}", ("Banyak lansia hidup sendiri tanpa penghasilan",), "paket", (20, 100), 350_000, "Penyaluran Bantuan Sosial bagi Lanjut Usia", "Belanja Barang dan Jasa", weight=1.2),
    _T("sos", "sosial", "Bantuan alat bantu bagi penyandang disabilitas Desa {desa}", ("Penyandang disabilitas belum mendapat alat bantu",), "unit", (3, 15), 2_500_000, "Penyediaan Alat Bantu Penyandang Disabilitas", "Belanja Barang dan Jasa", weight=0.8),
    _T("perkim", "sosial", "Bedah rumah tidak layak huni Desa {desa}", ("Masih banyak rumah tidak layak huni", "Warga miskin tinggal di rumah rusak"), "unit", (3, 20), 20_000_000, "Rehabilitasi Rumah Tidak Layak Huni", "Belanja Barang dan Jasa", weight=2),
    _T("perkim", "jalan", "Pemasangan penerangan jalan umum tenaga surya Desa {desa}", ("Jalan desa gelap di malam hari",), "titik", (5, 30), 12_000_000, "Penyediaan Penerangan Jalan Umum", weight=1.5),
    _T("dp3a", "kesehatan", "Pelatihan kader KB dan pendamping keluarga Desa {desa}", ("Pendampingan keluarga berisiko stunting belum optimal",), "orang", (10, 40), 750_000, "Peningkatan Kapasitas Kader KB", "Belanja Barang dan Jasa", weight=1),
    _T("dp3a", "sosial", "Sosialisasi pencegahan perkawinan anak Desa {desa}", ("Perkawinan usia anak masih terjadi",), "kegiatan", (1, 2), 15_000_000, "Pencegahan Perkawinan Anak", "Belanja Barang dan Jasa", weight=0.8),
    _T("kop", "umkm", "Pelatihan UMKM olahan pangan lokal Desa {desa}", ("Produk olahan warga belum berizin dan kurang laku",), "orang", (15, 40), 1_200_000, "Pelatihan Kewirausahaan UMKM", "Belanja Barang dan Jasa", weight=1.2),
    _T("kop", "umkm", "Bantuan peralatan usaha kelompok perempuan Desa {desa}", ("Kelompok usaha perempuan kekurangan modal alat",), "paket", (1, 5), 15_000_000, "Fasilitasi Bantuan Sarana Usaha Mikro", "Belanja Hibah", weight=1),
    _T("par", "umkm", "Penataan objek wisata air terjun Desa {desa}", ("Potensi wisata desa belum dikelola",), "paket", (1, 1), 200_000_000, "Pengembangan Destinasi Pariwisata", weight=0.6),
    _T("par", "pendidikan", "Pembangunan lapangan olahraga Desa {desa}", ("Pemuda tidak punya sarana olahraga",), "unit", (1, 1), 150_000_000, "Pembangunan Sarana Olahraga", weight=0.7),
    _T("pmd", "tatakelola", "Pelatihan aparatur desa tentang pengelolaan keuangan Desa {desa}", ("Laporan keuangan desa sering terlambat",), "orang", (5, 20), 1_500_000, "Peningkatan Kapasitas Aparatur Pemerintah Desa", "Belanja Barang dan Jasa", weight=1),
    _T("pmd", "tatakelola", "Pengadaan sistem informasi desa Desa {desa}", ("Data kependudukan desa belum tertata",), "paket", (1, 1), 25_000_000, "Fasilitasi Sistem Informasi Desa", "Belanja Barang dan Jasa", weight=0.6),
    _T("hub", "jalan", "Pemasangan rambu dan marka jalan Desa {desa}", ("Sering terjadi kecelakaan di tikungan",), "unit", (5, 20), 3_000_000, "Penyediaan Perlengkapan Jalan", weight=0.8),
    _T("dlh", "lingkungan", "Pengadaan tong sampah dan gerobak sampah Desa {desa}", ("Sampah rumah tangga dibuang ke sungai",), "unit", (10, 50), 1_500_000, "Penyediaan Sarana Persampahan", "Belanja Barang dan Jasa", weight=1),
    _T("dlh", "lingkungan", "Pembangunan TPS3R Desa {desa}", ("Belum ada tempat pengolahan sampah",), "unit", (1, 1), 300_000_000, "Pembangunan TPS3R", weight=0.5),
]  # fmt: skip

"""The demo's pokir: DPRD members' pokok-pokok pikiran for one planning year, as SIPD-RI exports them.

:func:`pokir_rows` draws the members of the four Dapil (fictional names and
fraksi), their pokir, mostly in the desa of their own Dapil and a few outside
it, and some that repeat a Musrenbang usulan of the same year in other words
(the *planted duplicates*: the usulan they repeat is their truth).
:func:`write_pokir_xlsx` writes the export with title rows and the dirt of a
real one (a misspelt desa, ``Rp`` amounts, a kecamatan written ``Kec. …``,
duplicated IDs, a row without text, a blank row, a totals row), each recorded
in the manifest. Everything is ``DATA CONTOH — sintetis``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..report import REASONS
from .catalogue import LABEL, NAMA, OPD
from .dirt import typo
from .manifest import DemoManifest, Planted

#: The SIPD-RI pokir export's columns, in its order.
HEADERS = [
    "No", "ID Usulan", "Pengusul", "Fraksi", "Jenis Usul", "Usulan", "Masalah", "Alamat",
    "Kecamatan", "Kelurahan/Desa", "Koefisien", "Anggaran", "OPD Tujuan", "Rekomendasi Sekwan",
    "Rekomendasi Mitra", "Rekomendasi SKPD", "Rekomendasi TAPD", "Status",
]  # fmt: skip

FRAKSI = ["Fraksi Nusa Maju", "Fraksi Karya Rakyat", "Fraksi Amanah Bangsa",
          "Fraksi Persatuan Contoh", "Fraksi Gabungan Sejahtera"]  # fmt: skip
_DEPAN = ["H. Ahmad", "Hj. Siti", "Muhammad", "Rahmat", "Nurul", "Budi", "Fitri", "H. Syahrani",
          "Dewi", "Abdul", "Rina", "Yusuf", "Hj. Aminah", "Irwan", "Mariani", "Taufik", "Lina",
          "H. Jumberi", "Sari", "Hendra"]  # fmt: skip
_BELAKANG = ["Fauzi", "Rahmah", "Iqbal", "Hidayat", "Hasanah", "Santoso", "Handayani", "Noor",
             "Lestari", "Gani", "Maulida", "Akbar", "Zahra", "Saputra", "Ulfah", "Rizal",
             "Wulandari", "Ansari", "Puspita", "Kurniawan"]  # fmt: skip

#: Requests heard in the reses that no Musrenbang template asks for: text, OPD key, koefisien.
_ASPIRASI = [
    ("Bantuan alat musik hadrah untuk majelis taklim Desa {desa}", "pmd", "1 paket"),
    ("Pembangunan rumah singgah pasien Desa {desa}", "kes", "1 unit"),
    ("Pengadaan tenda dan kursi untuk kegiatan warga RT {rt} Desa {desa}", "pmd", "1 paket"),
    ("Bantuan seragam kelompok kesenian Desa {desa}", "par", "30 stel"),
    ("Bantuan perlengkapan karang taruna Desa {desa}", "par", "1 paket"),
    ("Pengadaan mesin pencacah rumput untuk peternak Desa {desa}", "tan", "2 unit"),
    ("Bantuan modal usaha bagi pedagang kecil Desa {desa}", "kop", "20 orang"),
    ("Pelatihan barista bagi pemuda Desa {desa}", "par", "25 orang"),
    ("Beasiswa siswa berprestasi dari keluarga miskin Desa {desa}", "dik", "15 orang"),
    ("Pengadaan perahu karet untuk siaga banjir Desa {desa}", "sos", "1 unit"),
    ("Pembangunan pagar makam umum Desa {desa}", "perkim", "150 m"),
    ("Pengadaan mobil pelayanan kesehatan keliling Desa {desa}", "kes", "1 unit"),
    ("Pelatihan menjahit bagi remaja putus sekolah Desa {desa}", "kop", "20 orang"),
    ("Pembangunan balai pertemuan RT {rt} Desa {desa}", "perkim", "1 unit"),
    ("Pengadaan lampu hias taman Desa {desa}", "perkim", "10 titik"),
    ("Pembangunan gapura batas Desa {desa}", "perkim", "1 unit"),
    ("Bantuan sound system untuk langgar RT {rt} Desa {desa}", "pmd", "1 paket"),
    ("Pengadaan kursi tunggu pelayanan kantor Desa {desa}", "pmd", "20 buah"),
]  # fmt: skip
_MASALAH = ["Disampaikan warga saat reses", "Aspirasi masyarakat pada kunjungan kerja",
            "Belum pernah terealisasi", "Kebutuhan mendesak warga"]  # fmt: skip
_JENIS = ["Reses", "Reses", "Reses", "Kunjungan Kerja", "Aspirasi Masyarakat"]
#: How a member words the first word of a Musrenbang request (the kamus knows both).
_KATA_LAIN = {"Rehab": "Perbaikan", "Pembangunan": "Pemb.", "Pengaspalan": "Hotmix",
              "Bantuan": "Pengadaan", "Pemasangan": "Pengadaan", "Pengadaan": "Bantuan",
              "Normalisasi": "Pengerukan", "Pembuatan": "Pembangunan", "Sosialisasi": "Penyuluhan",
              "Bedah": "Rehab"}  # fmt: skip
#: What a member adds after a Musrenbang request heard again in the reses.
_TAMBAHAN = [" yang sudah rusak", " (aspirasi warga)", " untuk warga"]

#: Dirt planted in the pokir export: code → count.
DIRT = {"desa_mirip": 3, "kecamatan_normal": 6, "anggaran_teks": 25, "id_ganda_sama": 2,
        "id_ganda_beda": 1, "usulan_kosong": 1}  # fmt: skip
_SILENT = {"kecamatan_normal", "anggaran_teks"}
_DROPPING = {"id_ganda_sama", "id_ganda_beda", "usulan_kosong", "baris_kosong", "baris_total"}


def pokir_rows(
    rng: np.random.Generator,
    tahun: int,
    usulan: pd.DataFrame,
    kec: pd.DataFrame,
    desa: pd.DataFrame,
    dapil: dict[int, int],
    *,
    per_dapil: int = 5,
    per_anggota: int = 12,
    ganda: int = 40,
) -> pd.DataFrame:
    """Clean pokir of one planning year, with their truth.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws members, places and texts.
    tahun : int
        The planning year.
    usulan : DataFrame
        The Musrenbang usulan of ``tahun`` as loaded (``id_usulan``,
        ``usulan``, ``kode_desa``, ``opd_tujuan``, ``volume``, ``satuan``, ``anggaran``).
    kec, desa : DataFrame
        The kecamatan and desa (:func:`planlib.demo.geography.geography`).
    dapil : dict
        Kecamatan row → Dapil number (the pemekaran kecamatan has none).
    per_dapil, per_anggota, ganda : int
        Members per Dapil, pokir per member, pokir that repeat an usulan.

    Returns
    -------
    DataFrame
        One row per pokir: ``id``, ``pengusul``, ``fraksi``, ``dapil_anggota``,
        ``usulan``, ``masalah``, ``alamat``, ``kecamatan``, ``desa``,
        ``kode_desa``, ``koefisien``, ``anggaran``, ``opd``, ``jenis``,
        ``id_usulan_ganda`` (truth: the usulan repeated, empty for none) and
        ``di_luar_dapil`` (truth).
    """
    desa_dapil = desa["kec"].map(dapil)
    dapils = sorted(set(dapil.values()))
    members = []
    for d in dapils:
        for k in range(per_dapil):
            n = (d - 1) * per_dapil + k
            name = f"{_DEPAN[n % len(_DEPAN)]} {_BELAKANG[(n * 7 + 3) % len(_BELAKANG)]}"
            members.append((name, FRAKSI[int(rng.integers(len(FRAKSI)))], d))
    slots = []
    for name, fraksi, d in members:
        # at most 2 of 12 outside: the member's own Dapil stays the most (none with one Dapil)
        outside = int(rng.integers(0, 3)) if len(dapils) > 1 else 0
        for s in range(per_anggota):
            slots.append((name, fraksi, d, s < outside))
    order = rng.permutation(len(slots))
    chosen_ganda = set(order[:ganda].tolist())
    by_desa = usulan[usulan["kode_desa"].notna()].copy()
    by_desa["_dapil"] = by_desa["kode_desa"].map(dict(zip(desa["kode"], desa_dapil, strict=True)))
    taken: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    rows: list[dict[str, Any]] = []
    for n, (name, fraksi, d, outside) in enumerate(slots):
        where = [x for x in dapils if x != d] if outside else [d]
        rec: dict[str, Any] | None = None
        if n in chosen_ganda:
            pool = by_desa[
                by_desa["_dapil"].isin(where)
                & ~by_desa["id_usulan"].isin(taken)
                & by_desa["opd_tujuan"].notna()
            ]
            if len(pool):
                u = pool.iloc[int(rng.integers(len(pool)))]
                taken.add(str(u["id_usulan"]))
                rec = _reworded(rng, u, desa)
        if rec is None:
            rec = _aspirasi(rng, desa, desa_dapil, where)
        key = (name, rec["usulan"], rec["kode_desa"])
        while key in seen:  # one member does not enter the same request twice
            rec = _aspirasi(rng, desa, desa_dapil, where)
            key = (name, rec["usulan"], rec["kode_desa"])
        seen.add(key)
        kec_row = int(desa.loc[desa["kode"] == rec["kode_desa"], "kec"].iloc[0])
        rec.update(
            id=f"{tahun}9{n + 1:04d}", pengusul=name, fraksi=fraksi, dapil_anggota=f"Dapil {d}",
            kecamatan=str(kec.loc[kec_row, "nama"]), di_luar_dapil=outside,
            masalah=_MASALAH[int(rng.integers(len(_MASALAH)))],
            jenis=_JENIS[int(rng.integers(len(_JENIS)))],
        )  # fmt: skip
        rows.append(rec)
    return pd.DataFrame(rows)


def _reworded(rng: np.random.Generator, u: pd.Series, desa: pd.DataFrame) -> dict[str, Any]:
    """A member's wording of an usulan: another first word, ``Ds.``, ``RT.03``, a word added."""
    words = str(u["usulan"]).split(" ")
    words[0] = _KATA_LAIN.get(words[0], words[0])
    text = " ".join(words)
    if rng.random() < 0.5:
        text = text.replace(" Desa ", " Ds. ")
    text = re.sub(r"RT (\d+)", r"RT.\1", text)
    if rng.random() < 0.4:  # what the member adds from the reses
        text += _TAMBAHAN[int(rng.integers(len(_TAMBAHAN)))]
    nama = str(desa.loc[desa["kode"] == u["kode_desa"], "nama"].iloc[0])
    vol, sat = u.get("volume"), u.get("satuan")
    koef = f"{vol:g} {sat}" if isinstance(vol, float) and not math.isnan(vol) and sat else None
    anggaran = u.get("anggaran")
    return {
        "usulan": text, "alamat": f"Desa {nama}", "desa": nama, "kode_desa": str(u["kode_desa"]),
        "koefisien": koef, "opd": str(u["opd_tujuan"]),
        "anggaran": float(anggaran) if isinstance(anggaran, float) and anggaran == anggaran else None,
        "id_usulan_ganda": str(u["id_usulan"]),
    }  # fmt: skip


def _aspirasi(
    rng: np.random.Generator, desa: pd.DataFrame, desa_dapil: pd.Series, where: list[int]
) -> dict[str, Any]:
    """A request only the reses hears, in a desa of the Dapil in ``where``."""
    pos = np.flatnonzero(desa_dapil.isin(where).to_numpy())
    i = int(pos[int(rng.integers(len(pos)))])
    nama = str(desa.iloc[i]["nama"])
    text, opd, koef = _ASPIRASI[int(rng.integers(len(_ASPIRASI)))]
    rt = int(rng.integers(1, 12))
    return {
        "usulan": text.format(desa=nama, rt=f"{rt:02d}"), "alamat": f"RT {rt:02d} Desa {nama}",
        "desa": nama, "kode_desa": str(desa.iloc[i]["kode"]), "koefisien": koef, "opd": OPD[opd],
        "anggaran": float(int(rng.integers(5, 150)) * 1_000_000), "id_usulan_ganda": "",
    }  # fmt: skip


def write_pokir_xlsx(
    path: Any,
    rel: str,
    tahun: int,
    rows: pd.DataFrame,
    rng: np.random.Generator,
    manifest: DemoManifest,
    desa_matcher: Any,
    kabupaten: str = NAMA,
) -> tuple[int, list[str]]:
    """Write the SIPD-RI pokir export with its dirt; record each planted problem in ``manifest``.

    Parameters
    ----------
    path : path-like
        The xlsx file.
    rel : str
        Its path in the workspace, as the manifest names it.
    tahun : int
        The planning year (in the title).
    rows : DataFrame
        From :func:`pokir_rows`.
    rng : numpy.random.Generator
        Chooses the dirty rows.
    manifest : DemoManifest
        Receives the planted problems.
    desa_matcher : NameMatcher
        The desa matcher of the kabupaten: a misspelt desa is planted only where
        it is still recognised (a fuzzy match to its own desa).
    kabupaten : str
        In the title.

    Returns
    -------
    (int, list of str)
        Sheet rows under the header, and the IDs of the pokir whose row is dropped.
    """
    import xlsxwriter

    recs: list[dict[str, Any]] = [
        {str(k): None if isinstance(v, float) and math.isnan(v) else v for k, v in d.items()}
        for d in rows.to_dict("records")
    ]  # an usulan without Anggaran gives a pokir without one: empty, never NaN
    for r in recs:
        r["_code"], r["_column"] = None, None
    plain = [i for i, r in enumerate(recs) if not r["id_usulan_ganda"]]
    picks = [int(i) for i in rng.permutation(plain)]
    extra: list[tuple[int, dict[str, Any]]] = []
    dropped: list[str] = []

    def take() -> dict[str, Any]:
        return recs[picks.pop()]

    for _ in range(DIRT["desa_mirip"]):
        r = take()
        for _attempt in range(20):
            bad = typo(rng, str(r["desa"]))
            here = str(r["kode_desa"]).rsplit(".", 1)[0]
            m = desa_matcher.match(pd.Series([bad]), pd.Series([here]))
            if m["metode"].iloc[0] == "mirip" and m["kode"].iloc[0] == r["kode_desa"]:
                r.update(desa=bad, _code="desa_mirip", _column="Kelurahan/Desa")
                break
    for _ in range(DIRT["kecamatan_normal"]):
        r = take()
        r.update(kecamatan=f"Kec. {r['kecamatan']}", _code="kecamatan_normal", _column="Kecamatan")
    for _ in range(DIRT["usulan_kosong"]):
        r = take()
        r.update(usulan=None, _code="usulan_kosong", _column="Usulan")
        dropped.append(str(r["id"]))
    # amounts as text: any row may carry them, a dirty one too (only clean ones are marked)
    for i in rng.choice(len(recs), size=min(len(recs), DIRT["anggaran_teks"] * 2), replace=False):
        r = recs[int(i)]
        if isinstance(r["anggaran"], float):
            r["anggaran"] = "Rp " + f"{r['anggaran']:,.0f}".replace(",", ".")
            if r["_code"] is None:
                r.update(_code="anggaran_teks", _column="Anggaran")
    # a row exported twice (same ID, same content), and an ID given to another row
    for _ in range(DIRT["id_ganda_sama"]):
        i = picks.pop()
        extra.append((i, {**recs[i], "_code": "id_ganda_sama", "_column": "ID Usulan"}))
    for _ in range(DIRT["id_ganda_beda"]):
        i = picks.pop()
        other = {**recs[picks[-1]], "id": recs[i]["id"], "_code": "id_ganda_beda"}
        extra.append((i, {**other, "_column": "ID Usulan"}))

    body: list[dict[str, Any] | None] = list(recs)
    for i, copy in sorted(extra, key=lambda e: -e[0]):
        body.insert(i + 1 + int(rng.integers(3, 12)), copy)
    body.insert(len(body) // 2, None)  # a blank row

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties(
        {"created": datetime(tahun - 1, 6, 20), "title": LABEL}
    )  # same bytes every run
    ws = wb.add_worksheet("Pokir")
    bold = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format({"bold": True, "bg_color": "#E2EFDA", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0"})
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, f"DAFTAR POKOK-POKOK PIKIRAN DPRD RKPD TAHUN {tahun}", bold)
    ws.merge_range(1, 0, 1, last, f"{kabupaten.upper()} — SIPD-RI (contoh) — {LABEL}", bold)
    header_row = 3  # Excel row 4
    ws.write_row(header_row, 0, HEADERS, head)
    xr = header_row
    total = 0.0
    for no, rec in enumerate(body, start=1):
        xr += 1
        if rec is None:
            manifest.planted.append(
                Planted(rel, xr + 1, None, "baris_kosong", "warning", True, tahun=tahun)
            )
            continue
        values = [
            no, int(rec["id"]), rec["pengusul"], rec["fraksi"], rec["jenis"], rec["usulan"],
            rec["masalah"], rec["alamat"], rec["kecamatan"], rec["desa"], rec["koefisien"],
            rec["anggaran"], rec["opd"], "Dapat dipertimbangkan", None, None, None,
            "Diverifikasi Sekwan",
        ]  # fmt: skip
        for c, v in enumerate(values):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if isinstance(v, int | float):
                ws.write_number(xr, c, float(v), money if HEADERS[c] == "Anggaran" else None)
            else:
                ws.write_string(xr, c, str(v))
        if isinstance(rec["anggaran"], float):
            total += rec["anggaran"]
        code = rec["_code"]
        if code:
            sev = "none" if code in _SILENT else REASONS[code][0]
            manifest.planted.append(
                Planted(rel, xr + 1, rec["_column"], code, sev, code in _DROPPING, None, tahun)
            )
    xr += 1
    ws.write_string(xr, 0, "JUMLAH")
    ws.write_number(xr, HEADERS.index("Anggaran"), total, money)
    manifest.planted.append(
        Planted(rel, xr + 1, None, "baris_total", "warning", True, "JUMLAH", tahun)
    )
    ws.set_column(5, 7, 40)
    ws.set_column(2, 4, 20)
    wb.close()
    return xr - header_row, dropped

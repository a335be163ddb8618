"""The demo's IDM export: the Kemendesa *Status IDM* table of every desa of Kabupaten Contoh.

Written as the Kemendesa site gives it: title rows, the year in the headers
(``IKS 2024``), codes without dots (``9901012001``), names in capitals and a
``JUMLAH`` row at the end, so the loader (:mod:`planlib.indeks_desa`) meets
what it meets in real files. Its own seed keeps every other demo file as it was.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..indeks_desa import status_idm
from .catalogue import LABEL, NAMA

#: The year of the demo's index, and where it is written in the workspace.
TAHUN_IDM = 2024
PATH = f"indeks_desa/idm_{TAHUN_IDM}.xlsx"


def write_indeks_desa(root: Path, kec: pd.DataFrame, desa: pd.DataFrame, seed: int) -> str:
    """Write the demo's IDM export; returns its path relative to ``root``.

    Parameters
    ----------
    root : Path
        The demo workspace.
    kec, desa : DataFrame
        ``kode``, ``nama`` of the kecamatan; ``kode``, ``nama`` of the desa
        (kelurahan, code ``1xxx``, are not in IDM and are left out).
    seed : int
        The demo's seed.

    Returns
    -------
    str
        :data:`PATH`.
    """
    import xlsxwriter

    rng = np.random.default_rng(seed + 4242)
    kec_name = dict(zip(kec["kode"], kec["nama"], strict=True))
    path = root / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(TAHUN_IDM, 11, 30), "title": LABEL})  # same bytes
    ws = wb.add_worksheet("IDM")
    y = TAHUN_IDM
    ws.write_row(0, 0, [f"STATUS INDEKS DESA MEMBANGUN (IDM) TAHUN {y} — {NAMA.upper()}"])
    ws.write_row(1, 0, [f"{LABEL}: nilai dibuat oleh planlib, bukan data Kemendesa"])
    header = ["NO", "KECAMATAN", "KODE DESA", "NAMA DESA", f"IKS {y}", f"IKE {y}", f"IKL {y}",
              f"NILAI IDM {y}", f"STATUS IDM {y}"]  # fmt: skip
    ws.write_row(3, 0, header)
    r = 4
    for _, d in desa.sort_values("kode").iterrows():
        if str(d["kode"]).split(".")[-1].startswith("1"):
            continue
        base = float(rng.uniform(0.5, 0.85))
        iks, ike, ikl = (round(min(max(base + float(rng.normal(0, 0.08)), 0.2), 1.0), 4)
                         for _ in range(3))  # fmt: skip
        nilai = round((iks + ike + ikl) / 3, 4)
        ws.write_row(r, 0, [r - 3, str(kec_name.get(str(d["kode"]).rsplit(".", 1)[0], "")).upper(),
                            str(d["kode"]).replace(".", ""), str(d["nama"]).upper(),
                            iks, ike, ikl, nilai, str(status_idm(nilai)).upper()])  # fmt: skip
        r += 1
    ws.write_row(r, 0, ["", "", "", "JUMLAH", "", "", "", "", ""])
    wb.close()
    return PATH


#: A few masalah recorded at the demo's Rembuk Remas: (jenis, text, sumber, prioritas).
MASALAH_CONTOH = (
    ("masalah", "Jalan lingkungan berlubang dan membahayakan pengendara, apalagi saat hujan",
     "diskusi", 1),
    ("masalah", "Balita gizi kurang belum tertangani, kader posyandu kewalahan", "data", 2),
    ("masalah", "Sawah terendam setiap musim hujan karena saluran irigasi tersumbat", "diskusi", 3),
    ("masalah", "Sampah rumah tangga masih dibuang ke sungai", "diskusi", None),
    ("isu_strategis", "Ketahanan ekonomi desa (IKE) perlu naik: lapangan kerja di desa terbatas",
     "data", None),
)  # fmt: skip


def write_masalah(root: Path, desa: pd.DataFrame, tahun: int, n_desa: int = 4) -> int:
    """Record a few masalah of the first desa for planning year ``tahun``, at fixed times.

    The times are fixed (10 December two years ahead, in UTC) so the file is
    the same on every run.

    Parameters
    ----------
    root : Path
        The demo workspace (``masalah.sqlite`` is written there).
    desa : DataFrame
        ``kode``, ``nama`` of the desa; kelurahan (``1xxx``) are skipped.
    tahun : int
        ``T``.
    n_desa : int
        How many desa get masalah.

    Returns
    -------
    int
        How many masalah were recorded.
    """
    from datetime import UTC, timedelta

    from ..masalah.store import MasalahStore
    from ..masalah.tempat import Tempat

    store = MasalahStore(root)
    at = datetime(tahun - 2, 12, 10, 1, 30, tzinfo=UTC)
    chosen = [d for d in desa.sort_values("kode").itertuples(index=False)
              if not str(d.kode).split(".")[-1].startswith("1")][:n_desa]  # fmt: skip
    n = 0
    for k, d in enumerate(chosen):
        tempat = Tempat("desa", str(d.kode), str(d.nama), str(d.kode).rsplit(".", 1)[0])
        for j, (jenis, teks, sumber, prio) in enumerate(MASALAH_CONTOH):
            if (j + k) % 2 and jenis == "masalah":  # not every desa names every masalah
                continue
            store.record(tahun, tempat, teks, "Notulis Rembuk (contoh)", jenis=jenis,
                         isu="Ekonomi lokal dan UMKM" if jenis == "isu_strategis" else None,
                         sumber=sumber, prioritas=prio, waktu=at + timedelta(minutes=7 * n))  # fmt: skip
            n += 1
    return n

"""The demo's indicators: IPM with its 2024 series break, P0, TPT as a BPS wide table, stunting, IDM.

``indikator/indikator.csv`` is the long layout, for Indonesia, the province,
Kabupaten Contoh and the other kabupaten/kota of the province (IPM ``lama``
and ``revisi_2024`` overlapping 2020–2023, P0 with the pandemic bump), plus
stunting per kecamatan and the Indeks Desa Membangun per desa; one figure is
planted again with another value (``indikator_bertentangan``).
``indikator/tpt_bps.xlsx`` is TPT as the BPS website exports it.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..neutralise import csv_rows
from .catalogue import KABUPATEN, LABEL, NAMA, OTHER_AREAS, PROVINSI
from .manifest import DemoManifest, Planted

#: One observation of the long file: kode, nama, tahun, periode, indikator, nilai, satuan, seri,
#: sumber.
_Row = tuple[str, str, int, str, str, float, str, str, str]


def _trend(
    rng: np.random.Generator, start: float, slope: float, years: list[int], noise: float
) -> dict[int, float]:
    """A noisy straight line over ``years``."""
    return {y: start + slope * (y - years[0]) + float(rng.normal(0, noise)) for y in years}


def write_indikator(
    root: Path,
    rng: np.random.Generator,
    kec: pd.DataFrame,
    desa: pd.DataFrame,
    manifest: DemoManifest,
) -> None:
    """Write ``indikator/indikator.csv`` (long) and ``indikator/tpt_bps.xlsx`` (BPS wide).

    Parameters
    ----------
    root : pathlib.Path
        The demo workspace.
    rng : numpy.random.Generator
        Draws every level and trend.
    kec, desa : pandas.DataFrame
        ``kode``, ``nama`` of the kecamatan (stunting) and desa (IDM).
    manifest : DemoManifest
        Receives the planted conflicting figure.
    """
    sumber = f"BPS Provinsi Nusa Contoh ({LABEL})"
    areas = [("00", "Indonesia"), PROVINSI, (KABUPATEN, NAMA), *OTHER_AREAS]
    years = list(range(2015, 2026))
    rows: list[_Row] = []
    tpt: dict[str, dict[int, float]] = {}
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
            w.writerows(csv_rows([[r[0], r[1], r[2], r[3], r[4], f"{r[5]}", r[6], r[7], r[8]]]))
    _write_bps_wide(root / "indikator" / "tpt_bps.xlsx", areas, tpt, years)


def _write_bps_wide(
    path: Path, areas: list[tuple[str, str]], tpt: dict[str, dict[int, float]], years: list[int]
) -> None:
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

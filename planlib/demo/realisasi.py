"""A synthetic realisasi export (laporan realisasi fisik dan keuangan) with planted dirt.

:func:`write_realisasi` writes, deterministically for a seed, the kind of
sheet an e-Monev export is: two title rows, a two-row header with merged
cells (``Keluaran`` over ``Indikator | Target | Realisasi | Satuan``,
``Keuangan`` over ``Pagu (Rp) | Realisasi (Rp)``, ``Fisik (%)`` over
``Target | Realisasi``), amounts as ``Rp 1.234.567`` text, percentages with a
decimal comma, a ``JUMLAH`` row and a footnote. Its values are cumulative up
to each triwulan and follow an S-curve, and each sub kegiatan has its own
pace, so some fall far behind.

Planted dirt, returned with its Excel row and column (the truth, like the
demo manifest): a misspelt OPD, a duplicated row, realisasi keuangan above
the pagu, a missing target and a month instead of a triwulan.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .catalogue import LABEL
from .manifest import DemoManifest, Planted

#: Program → (kegiatan, [sub kegiatan], indikator keluaran, satuan) used for every OPD.
_NOMENKLATUR = [
    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
     "Administrasi Keuangan Perangkat Daerah",
     ["Penyediaan Gaji dan Tunjangan ASN", "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD"],
     "Jumlah laporan keuangan yang disusun", "Dokumen"),
    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
     "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
     ["Penyusunan Dokumen Perencanaan Perangkat Daerah", "Evaluasi Kinerja Perangkat Daerah"],
     "Jumlah dokumen perencanaan dan evaluasi", "Dokumen"),
    ("Program Pelayanan Urusan",
     "Penyediaan Layanan kepada Masyarakat",
     ["Pembangunan Sarana Pelayanan", "Rehabilitasi Sarana Pelayanan", "Pengadaan Peralatan Pelayanan"],
     "Jumlah sarana yang dibangun atau direhabilitasi", "Unit"),
    ("Program Pemberdayaan dan Pembinaan",
     "Pembinaan Kelompok Masyarakat",
     ["Pelatihan Kelompok Masyarakat", "Fasilitasi Kelompok Usaha"],
     "Jumlah kelompok yang dibina", "Kelompok"),
]  # fmt: skip

#: Cumulative planned physical progress at the end of each triwulan (an S-curve), in percent.
TARGET_FISIK = (20.0, 50.0, 80.0, 100.0)

TOP = [
    "No", "Perangkat Daerah", "Program", "Kegiatan", "Kode Sub Kegiatan", "Sub Kegiatan",
    "Keluaran", "Keluaran", "Keluaran", "Keluaran", "Keuangan", "Keuangan", "Fisik (%)",
    "Fisik (%)", "Triwulan", "Kecamatan", "Faktor Pendorong", "Faktor Penghambat",
]  # fmt: skip
LOW = [
    None, None, None, None, None, None, "Indikator", "Target", "Realisasi", "Satuan", "Pagu (Rp)",
    "Realisasi (Rp)", "Target", "Realisasi", None, None, None, None,
]  # fmt: skip
#: The header of each column as the loader reads the two rows together.
COLUMN = {
    "opd": "Perangkat Daerah", "kode_sub_kegiatan": "Kode Sub Kegiatan",
    "target": "Keluaran Target", "realisasi_keuangan": "Keuangan Realisasi (Rp)",
    "triwulan": "Triwulan", "sub_kegiatan": "Sub Kegiatan",
}  # fmt: skip
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_BULAN = {1: "Maret", 2: "Juni", 3: "September", 4: "Desember"}

PENDORONG = ["Koordinasi lintas OPD berjalan baik", "Dukungan pemerintah desa",
             "Penyedia jasa tepat waktu", None]  # fmt: skip
PENGHAMBAT = ["Keterlambatan proses pengadaan", "Cuaca dan banjir", "Refocusing anggaran",
              "Lahan belum bebas", None]  # fmt: skip


def _rupiah(x: float) -> str:
    return "Rp " + f"{round(x):,}".replace(",", ".")


def _pct(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _typo(name: str) -> str:
    """Drop one letter in the middle of the longest word (``Kesehatan`` → ``Kesehtan``)."""
    words = name.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    j = len(w) // 2
    words[i] = w[:j] + w[j + 1 :]
    return " ".join(words)


def write_realisasi(
    path: str | Path,
    kecamatan: list[str],
    opd_list: list[str],
    tahun: int,
    seed: int = 20260,
    triwulan: int = 4,
) -> dict:
    """Write a synthetic realisasi export and return its truth.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file to write (its folder is created).
    kecamatan : list of str
        Kecamatan names used as lokasi (some rows have none).
    opd_list : list of str
        The OPDs; each gets 2–4 sub kegiatan, one row per triwulan.
    tahun : int
        The budget year.
    seed : int
        Same seed, same file.
    triwulan : int
        The last triwulan written (1–4).

    Returns
    -------
    dict
        ``rows_in`` (rows under the header), ``data_rows`` (sub kegiatan ×
        triwulan rows, the duplicate included), ``loaded`` (rows the loader
        must load), ``triwulan``, ``tahun``, ``opd`` and ``planted``: one dict
        per planted problem with ``code``, ``row`` (Excel), ``column`` (header
        as the loader names it), ``value``, ``dropped`` and ``severity``; also
        ``misspelt`` (the wrong OPD spelling → the right one).
    """
    import xlsxwriter

    if not 1 <= triwulan <= 4:
        raise ValueError("triwulan harus 1–4")
    if len(opd_list) < 2:
        raise ValueError("perlu sedikitnya dua OPD")
    rng = np.random.default_rng(seed)
    subs: list[dict[str, Any]] = []
    for o, opd in enumerate(opd_list):
        n = int(rng.integers(2, 5))
        picks = rng.choice(len(_NOMENKLATUR), size=n, replace=True)
        for s, p in enumerate(picks):
            program, kegiatan, names, indikator, satuan = _NOMENKLATUR[int(p)]
            subs.append({
                "opd": opd, "program": program, "kegiatan": kegiatan,
                "kode": f"{o + 1}.{int(p) + 1:02d}.01.2.{s + 1:02d}.{int(rng.integers(1, 30)):04d}",
                "sub_kegiatan": names[int(rng.integers(len(names)))],
                "indikator": indikator, "satuan": satuan,
                "target": float(rng.integers(2, 40)),
                "pagu": float(rng.integers(80, 4000)) * 1e6 + float(rng.integers(0, 1000)) * 1e3,
                "pace": float(rng.uniform(0.35, 1.05)),
                "serap": float(rng.uniform(0.85, 1.0)),
                "kecamatan": kecamatan[int(rng.integers(len(kecamatan)))]
                if kecamatan and rng.random() < 0.8 else None,
            })  # fmt: skip
    # the same name twice in one OPD would be one sub kegiatan: number the repeats
    seen: dict[tuple, int] = {}
    for sk in subs:
        name = (sk["opd"], sk["sub_kegiatan"])
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            sk["sub_kegiatan"] += f" Tahap {seen[name]}"

    rows: list[dict[str, Any]] = []
    for sk in subs:
        for tw in range(1, triwulan + 1):
            tf = TARGET_FISIK[tw - 1]
            rf = min(100.0, tf * sk["pace"] * float(rng.uniform(0.95, 1.05)))
            rows.append({
                **sk, "triwulan": _ROMAN[tw] if rng.random() < 0.5 else f"TW {_ROMAN[tw]}",
                "tw": tw, "target_fisik": tf, "realisasi_fisik": round(rf, 2),
                "realisasi_keuangan": round(sk["pagu"] * rf / 100 * sk["serap"]),
                "realisasi": float(round(sk["target"] * min(1.0, rf / 100 * 1.05))),
                "pendorong": PENDORONG[int(rng.integers(len(PENDORONG)))] if tw == triwulan else None,
                "penghambat": PENGHAMBAT[int(rng.integers(len(PENGHAMBAT)))]
                if tw == triwulan and rf < tf else None,
            })  # fmt: skip

    # planted dirt on distinct rows (positions in ``rows``, before the duplicate is inserted)
    order = [int(i) for i in rng.permutation(len(rows))]
    pos_typo, pos_over, pos_target = order[0], order[1], order[2]
    pos_month = next(i for i in order[3:] if rows[i]["tw"] == min(2, triwulan))
    pos_dup = next(i for i in order[4:] if i not in (pos_typo, pos_over, pos_target, pos_month))
    misspelt = _typo(rows[pos_typo]["opd"])
    right = rows[pos_typo]["opd"]
    rows[pos_typo] = {**rows[pos_typo], "opd_text": misspelt, "_plant": "opd_mirip"}
    rows[pos_over] = {**rows[pos_over], "realisasi_keuangan": round(rows[pos_over]["pagu"] * 1.08),
                      "_plant": "realisasi_melebihi_pagu"}  # fmt: skip
    rows[pos_target] = {**rows[pos_target], "target": None, "_plant": "target_kosong"}
    rows[pos_month] = {**rows[pos_month], "triwulan": _BULAN[rows[pos_month]["tw"]],
                       "_plant": "triwulan_dari_bulan"}  # fmt: skip
    rows.insert(pos_dup + 1, {**rows[pos_dup], "_plant": "realisasi_ganda_sama"})

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(tahun, 12, 31), "title": LABEL})  # same bytes every run
    ws = wb.add_worksheet("Realisasi")
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    ws.merge_range(0, 0, 0, len(TOP) - 1, "LAPORAN REALISASI FISIK DAN KEUANGAN", bold)
    ws.merge_range(1, 0, 1, len(TOP) - 1, f"TAHUN ANGGARAN {tahun} · {LABEL}", bold)
    # header at Excel rows 4–5; equal neighbours in TOP are one merged cell
    hr = 3
    j = 0
    while j < len(TOP):
        k = j
        while k + 1 < len(TOP) and TOP[k + 1] == TOP[j]:
            k += 1
        if LOW[j] is None:
            ws.merge_range(hr, j, hr + 1, j, TOP[j], bold)
        elif k > j:
            ws.merge_range(hr, j, hr, k, TOP[j], bold)
        else:
            ws.write(hr, j, TOP[j], bold)
        for c in range(j, k + 1):
            if LOW[c] is not None:
                ws.write(hr + 1, c, LOW[c], bold)
        j = k + 1

    first = hr + 2  # 0-based index of the first data row
    planted: list[dict] = []
    tot_pagu = tot_real = 0.0
    for i, r in enumerate(rows):
        x = first + i
        excel = x + 1
        cells = [
            i + 1, r.get("opd_text", r["opd"]), r["program"], r["kegiatan"], r["kode"],
            r["sub_kegiatan"], r["indikator"], r["target"], r["realisasi"], r["satuan"],
            _rupiah(r["pagu"]), _rupiah(r["realisasi_keuangan"]), _pct(r["target_fisik"]),
            _pct(r["realisasi_fisik"]), r["triwulan"], r["kecamatan"], r["pendorong"],
            r["penghambat"],
        ]  # fmt: skip
        for c, v in enumerate(cells):
            if v is not None:
                ws.write(x, c, v)
        tot_pagu += r["pagu"]
        tot_real += r["realisasi_keuangan"]
        plant = r.get("_plant")
        if plant is not None:
            field, value, dropped = {
                "opd_mirip": ("opd", misspelt, False),
                "realisasi_melebihi_pagu": ("realisasi_keuangan", cells[11], False),
                "target_kosong": ("target", None, False),
                "triwulan_dari_bulan": ("triwulan", r["triwulan"], False),
                "realisasi_ganda_sama": ("kode_sub_kegiatan", r["kode"], True),
            }[plant]
            planted.append(_p(plant, excel, COLUMN[field], value, dropped, "warning"))
    total_x = first + len(rows)
    ws.write(total_x, 0, "JUMLAH", bold)
    ws.write(total_x, 10, _rupiah(tot_pagu), bold)
    ws.write(total_x, 11, _rupiah(tot_real), bold)
    note = f"Sumber: e-Monev (dibuat planlib · {LABEL})"
    ws.write(total_x + 2, 0, note)
    wb.close()
    planted.append(_p("baris_total", total_x + 1, None, "JUMLAH", True, "warning"))
    planted.append(_p("baris_kosong", total_x + 2, None, None, True, "warning"))
    planted.append(_p("bukan_data", total_x + 3, None, note, True, "warning"))
    return {
        "path": str(path),
        "tahun": tahun,
        "triwulan": triwulan,
        "opd": list(opd_list),
        "rows_in": len(rows) + 3,  # data, JUMLAH, the blank row, the footnote
        "data_rows": len(rows),
        "loaded": len(rows) - 1,
        "sub_kegiatan": len(subs),
        "misspelt": {misspelt: right},
        "planted": planted,
        "label": LABEL,
    }


def _p(code: str, row: int, column: str | None, value, dropped: bool, severity: str) -> dict:
    return {"code": code, "row": row, "column": column,
            "value": None if value is None else str(value), "dropped": dropped,
            "severity": severity}  # fmt: skip


def write_realisasi_for(
    root: str | Path,
    kecamatan: list[str],
    opd_list: list[str],
    tahun: tuple[int, ...],
    manifest: DemoManifest | None = None,
    seed: int = 20260,
) -> dict[int, str]:
    """Write a realisasi export per budget year into ``root/realisasi`` and record its dirt.

    The demo and the tests' real workspaces use it alike. Each year has its own
    seed (``seed + tahun``), so adding a year never changes another's file; the
    last year is still running (up to triwulan III), the others are complete.

    Parameters
    ----------
    root : path-like
        The workspace folder.
    kecamatan : list of str
        Kecamatan names for the lokasi.
    opd_list : list of str
        The plan's OPD names.
    tahun : tuple of int
        The budget years.
    manifest : DemoManifest, optional
        Receives every planted problem (:class:`~planlib.demo.manifest.Planted`).
    seed : int
        The base seed.

    Returns
    -------
    dict of int to str
        Year → path relative to ``root`` (for ``[realisasi]`` in ``planlib.toml``).
    """
    root = Path(root)
    out: dict[int, str] = {}
    for t in tahun:
        rel = f"realisasi/realisasi_{t}.xlsx"
        truth = write_realisasi(
            root / rel, kecamatan, opd_list, t, seed=seed + t, triwulan=3 if t == tahun[-1] else 4
        )
        if manifest is not None:
            manifest.planted += [
                Planted(rel, p["row"], p["column"], p["code"], p["severity"], p["dropped"],
                        p["value"], t)
                for p in truth["planted"]
            ]  # fmt: skip
        out[t] = rel
    return out

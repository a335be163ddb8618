"""The demo's usulan: a Musrenbang year of proposals, written as a SIPD long-layout export.

:func:`usulan_rows` draws the clean usulan of one planning year from the
templates of :mod:`planlib.demo.catalogue` (usulan not accepted one year come
back the next with their lineage); :func:`write_usulan_xlsx` writes them as
the E-Perencanaan/SIPD export does, title rows and merged title cells
included, with the dirt of :mod:`planlib.demo.dirt` planted and recorded in
the manifest. :func:`write_usulan_for` does the same, clean, on a real
kabupaten's kecamatan and desa.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..report import REASONS
from .catalogue import LABEL, NAMA, OPD, TEMPLATES
from .dirt import DROPPING, SILENT, plant
from .manifest import DemoManifest, Planted

#: The long SIPD layout, in the order a real export has it.
HEADERS = [
    "No", "ID Usulan", "Tanggal Usul", "Pengusul", "Profil", "Usulan", "Masalah", "Alamat",
    "Kabupaten", "Kecamatan", "Kelurahan/Desa", "Usulan Ke", "OPD Tujuan Awal", "OPD Tujuan Akhir",
    "Status", "Catatan", "Rekomendasi Mitra", "Rekomendasi Kelurahan/Desa", "Rekomendasi Kecamatan",
    "Rekomendasi SKPD", "Rekomendasi TAPD", "Volume", "Satuan", "Anggaran", "Jenis Belanja",
    "Sub Kegiatan",
]  # fmt: skip


def usulan_rows(
    rng: np.random.Generator,
    tahun: int,
    kec: pd.DataFrame,
    desa: pd.DataFrame,
    n: int,
    previous: pd.DataFrame | None,
    first: bool,
    seen: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Clean usulan for one year (truth columns included).

    A re-submitted usulan keeps its text, RT and coordinates, as a desa copies
    last year's entry. An usulan whose text (with its RT) a desa already
    proposed is the same request at the same place, so it takes that lineage
    and address (``seen``: desa and text → lineage and alamat, kept across
    years).

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws everything that is not carried over.
    tahun : int
        The planning year (Musrenbang is held early in the year before).
    kec : pandas.DataFrame
        ``kode``, ``nama`` of the kecamatan; the last one is a pemekaran.
    desa : pandas.DataFrame
        ``kode``, ``nama``, ``kec`` (row of its kecamatan in ``kec``),
        ``kelurahan`` (bool), ``geometry``.
    n : int
        About how many usulan (spread over the desa at random).
    previous : pandas.DataFrame or None
        Last year's rows; a quarter of those ``Ditolak`` or ``Menunggu
        Verifikasi`` are proposed again.
    first : bool
        The first year: the pemekaran kecamatan has no usulan yet.
    seen : dict, optional
        (kode desa, usulan text) → (lineage, alamat), updated in place.

    Returns
    -------
    pandas.DataFrame
        One row per usulan, in SIPD terms (``id_usulan``, ``tanggal``,
        ``pengusul`` … ``sub_kegiatan``) plus the truth: ``opd_kunci`` (key of
        :data:`planlib.demo.catalogue.OPD`), ``isu``, ``template`` (index in
        :data:`planlib.demo.catalogue.TEMPLATES`), ``lineage``, ``kec_index``.
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
    carried: dict[str, list[pd.Series]] = {}
    if resubmit is not None:
        for _, r in resubmit.iterrows():
            carried.setdefault(r["kode_desa"], []).append(r)
    musren_start = date(tahun - 1, 1, 8)
    for di, (_, d) in enumerate(eligible.iterrows()):  # eligible has a RangeIndex
        k = int(d["kec"])
        kname = str(kec.loc[k, "nama"])
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


def write_usulan_xlsx(
    path: Path,
    rel: str,
    tahun: int,
    rows: pd.DataFrame,
    kec: pd.DataFrame,
    desa: pd.DataFrame,
    rng: np.random.Generator,
    manifest: DemoManifest,
    dirt: bool,
    kabupaten: str = NAMA,
) -> int:
    """Write one SIPD-style export; record the planted dirt with its Excel row numbers.

    Parameters
    ----------
    path : pathlib.Path
        The xlsx file to write.
    rel : str
        Its path relative to the workspace, as the manifest names it.
    tahun : int
        The planning year (in the title and the file's creation date).
    rows : pandas.DataFrame
        From :func:`usulan_rows`.
    kec, desa : pandas.DataFrame
        The kecamatan and desa (for choosing the dirt).
    rng : numpy.random.Generator
        Chooses the dirt and where the copies, blank rows and repeated header go.
    manifest : DemoManifest
        Receives every planted problem.
    dirt : bool
        Plant the dirt (:func:`planlib.demo.dirt.plant`), blank rows, a
        repeated header, a totals row and a footnote; otherwise a clean export.
    kabupaten : str
        Written in the Kabupaten column and the title.

    Returns
    -------
    int
        The number of sheet rows under the header.
    """
    import xlsxwriter

    rows = rows.assign(kabupaten_teks=kabupaten)
    extra: list[dict[Hashable, Any]] = []
    if dirt:
        rows, extra = plant(rng, rows, kec, desa, len(rows) / 3000)
    else:
        rows = rows.assign(_code=None, _column=None)
    # assemble the sheet body: data rows, the exact copies a few rows after their original,
    # a blank row, a header repeated at a page break, then the totals row and a footnote
    body: list[tuple[str, Mapping[Hashable, Any]]] = [("data", r) for r in rows.to_dict("records")]
    for copy in sorted(extra, key=lambda c: -c["_after"]):
        body.insert(int(copy["_after"]) + 1 + int(rng.integers(1, 20)), ("data", copy))
    if dirt:
        n = len(body)
        body.insert(int(n * 0.41), ("blank", {}))
        body.insert(int(n * 0.77), ("blank", {}))
        body.insert(int(n * 0.5), ("header", {}))

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


def _id_cell(v: object) -> object:
    """An ID of digits as the number SIPD writes; other IDs (and None) as they are."""
    return int(v) if isinstance(v, str) and v.isdigit() else v


def _text(rec: Mapping[Hashable, Any], code: str) -> str | None:
    """The planted value of ``rec``'s dirty column, as text for the manifest."""
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
    tahun : tuple of int
        The planning years; one file per year.
    per_tahun : int
        How many usulan each year's file holds.
    seed : int
        Seed of the random generator: the same seed writes the same files.

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
        rows = usulan_rows(rng, t, kec, d, per_tahun, previous, first=False, seen=seen)
        previous = rows
        rel = f"usulan/usulan_sintetis_{t}.xlsx"
        write_usulan_xlsx(root / rel, rel, t, rows, kec, d, rng, manifest, False, kabupaten)
        out[t] = rel
    return out

"""A Bappeda's desk for a real kabupaten/kota: the raw files, as they come, with invented figures.

For trying ``planlib init`` and ``planlib tambah`` on any of the 514 kab/kota (tests,
benchmarks, training) before the real files are at hand, :func:`write_kit` writes the files
an analyst has on the desk, in the shapes they come in, never in planlib's own templates:

- this year's and last year's SIPD usulan exports (xlsx, title rows, the planning year in
  the title);
- three tables "downloaded from the BPS website" for the kabupaten's province: IPM (xlsx,
  the revised series named in the title, a notes line), P0 (an HTML table saved as
  ``.xls``, years newest first), TPT (CSV with ``;`` and decimal commas); areas by BPS
  name without codes, ``INDONESIA`` as the national row;
- the Dapil list as a colleague types it: one row per Dapil, the kecamatan in one cell
  with ``Kec.`` prefixes, commas and "dan", under a title row;
- optionally the desa polygons as a BIG RBI shapefile in a zip (``KDEPUM``, ``KDCPUM``,
  ``WADMKD``, ``WADMKC``, ``NAMOBJ``), two of its features without a code.

Every figure and usulan is invented (seeded, deterministic) and every file says
``DATA CONTOH — sintetis`` in its title; the areas, names and Dapil are the real ones from
the reference data shipped with planlib (:mod:`planlib.reference`).
"""

from __future__ import annotations

import html
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd

from .. import reference
from .catalogue import LABEL
from .usulan import write_usulan_for

#: The files of a kit, by what they are (the names an analyst's downloads might have).
FILES = {
    "usulan": "Usulan Musrenbang RKPD {tahun} - export SIPD.xlsx",
    "usulan_lalu": "arsip/usulan {tahun}.xlsx",
    "ipm": "BPS/Indeks Pembangunan Manusia Menurut Kabupaten_Kota.xlsx",
    "p0": "BPS/Persentase Penduduk Miskin.xls",
    "tpt": "BPS/tpt.csv",
    "dapil": "Dapil DPRD (ketik ulang).xlsx",
    "desa": "peta/Batas Desa BIG.zip",
}


def bps_name(nama: str, provinsi: bool = False) -> str:
    """An area as a BPS table writes it: kabupaten without "Kabupaten", kota with "Kota".

    Parameters
    ----------
    nama : str
        The Kemendagri name (``Kabupaten Lombok Timur``, ``Kota Mataram``).
    provinsi : bool
        A province: written in capitals (``NUSA TENGGARA BARAT``).

    Returns
    -------
    str
    """
    if provinsi:
        return nama.upper()
    return nama.removeprefix("Kabupaten ").strip()


def write_kit(
    folder: str | Path,
    kabupaten: str,
    *,
    desa: str | Path | None = None,
    tahun: int = 2026,
    per_tahun: int = 600,
    seed: int = 20260,
) -> dict[str, Path]:
    """Write the raw files of a Bappeda's desk for ``kabupaten`` into ``folder``.

    Parameters
    ----------
    folder : path-like
        Where the files go (created).
    kabupaten : str
        The kabupaten/kota, as :func:`planlib.reference.find_kabupaten` reads it.
    desa : path-like, optional
        Desa polygons of the kabupaten (any vector file with ``kode`` and ``nama``), written
        into the kit as a BIG RBI shapefile in a zip; without it the kit has no desa file
        (a kecamatan-only kabupaten).
    tahun : int
        This year's planning year; last year's export is for ``tahun - 1``.
    per_tahun : int
        Usulan per export.
    seed : int
        The same seed writes the same figures and usulan.

    Returns
    -------
    dict of str to Path
        What each written file is (keys of :data:`FILES`).
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    kab = reference.find_kabupaten(kabupaten)
    codes = reference.code_list(kab.kode)
    kec = reference.kecamatan_boundaries(kab.kode)
    rng = np.random.default_rng(seed)
    out: dict[str, Path] = {}

    polys = None
    if desa is not None:
        polys = gpd.read_file(desa)
        polys = polys[polys["kode"].astype(str).str.startswith(kab.kode + ".")]
        polys = polys[["kode", "nama", "geometry"]].reset_index(drop=True)
        out["desa"] = _write_big_zip(root / FILES["desa"], polys, codes)
    # usulan: on the desa polygons when there are some, else each desa on its kecamatan
    desa_list = codes[codes["level"] == "desa_kelurahan"][["kode", "nama"]]
    if polys is not None:
        shapes = desa_list.merge(polys[["kode", "geometry"]], on="kode", how="inner")
    else:
        kec_shape = dict(zip(kec["kode"], kec.geometry, strict=True))
        shapes = desa_list.assign(geometry=desa_list["kode"].str[:8].map(kec_shape))
    shapes = gpd.GeoDataFrame(shapes, geometry="geometry", crs=4326)
    with tempfile.TemporaryDirectory() as tmp:
        made = write_usulan_for(
            tmp, kec, shapes, kab.nama, tahun=(tahun - 1, tahun), per_tahun=per_tahun, seed=seed
        )
        for key, t in (("usulan_lalu", tahun - 1), ("usulan", tahun)):
            target = root / FILES[key].format(tahun=t)
            target.parent.mkdir(parents=True, exist_ok=True)
            Path(tmp, made[t]).replace(target)
            out[key] = target

    areas = _bps_areas(codes)
    years = list(range(tahun - 5, tahun - 1))
    out["ipm"] = _write_ipm(root / FILES["ipm"], areas, years, rng, kab.nama_provinsi)
    out["p0"] = _write_p0_html(root / FILES["p0"], areas, years, rng, kab.nama_provinsi)
    out["tpt"] = _write_tpt_csv(root / FILES["tpt"], areas, years, rng, kab.nama_provinsi)
    out["dapil"] = _write_dapil(root / FILES["dapil"], kab.kode, kab.nama)
    return out


def _bps_areas(codes: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, BPS name) of the province, its kab/kota, then the nation."""
    prov = codes[codes["level"] == "provinsi"]
    kabs = codes[codes["level"] == "kabupaten_kota"]
    rows = [
        (k, bps_name(n, provinsi=True)) for k, n in zip(prov["kode"], prov["nama"], strict=True)
    ]
    rows += [(k, bps_name(n)) for k, n in zip(kabs["kode"], kabs["nama"], strict=True)]
    return [*rows, ("00", "INDONESIA")]


def _series(
    rng: np.random.Generator, n: int, base: float, spread: float, step: float
) -> np.ndarray:
    start = base + rng.normal(0, spread)
    return np.round(start + step * np.arange(n) + rng.normal(0, spread / 20, n), 2)


def _write_ipm(path: Path, areas: list[tuple[str, str]], years: list[int],
               rng: np.random.Generator, provinsi: str) -> Path:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([f"Indeks Pembangunan Manusia (UHH LF SP2020) Menurut Kabupaten/Kota di Provinsi "
               f"{provinsi}, {years[0]}-{years[-1]}"])  # fmt: skip
    ws.append([LABEL])
    ws.append([])
    ws.append(["Kabupaten/Kota", "Indeks Pembangunan Manusia (UHH LF SP2020)"])
    ws.append([None, *years])
    ws.merge_cells(start_row=4, start_column=2, end_row=4, end_column=1 + len(years))
    for _, name in areas:
        ws.append([name, *[float(v) for v in _series(rng, len(years), 71, 4, 0.6)]])
    ws.append([])
    ws.append(["Sumber: Badan Pusat Statistik (angka contoh, bukan angka resmi)"])
    wb.save(path)
    return path


def _write_p0_html(path: Path, areas: list[tuple[str, str]], years: list[int],
                   rng: np.random.Generator, provinsi: str) -> Path:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    newest_first = years[::-1]
    head = "".join(f"<th>{y}</th>" for y in newest_first)
    body = []
    for _, name in areas:
        vals = _series(rng, len(years), 12, 4, -0.4)[::-1]
        cells = "".join(f"<td>{f'{v:.2f}'.replace('.', ',')}</td>" for v in vals)
        body.append(f"<tr><td>{html.escape(name)}</td>{cells}</tr>")
    title = (f"Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen) di Provinsi "
             f"{provinsi}, {years[0]}-{years[-1]}")  # fmt: skip
    doc = (
        "<html><head><meta charset='windows-1252'></head><body>"
        f"<table><tr><td colspan='{len(years) + 1}'>{html.escape(title)}</td></tr>"
        f"<tr><td colspan='{len(years) + 1}'>{LABEL}</td></tr>"
        f"<tr><th>Kabupaten/Kota</th>{head}</tr>{''.join(body)}"
        f"<tr><td colspan='{len(years) + 1}'>Sumber: BPS, Susenas Maret</td></tr>"
        "</table></body></html>"
    )
    path.write_bytes(doc.encode("cp1252", errors="replace"))
    return path


def _write_tpt_csv(path: Path, areas: list[tuple[str, str]], years: list[int],
                   rng: np.random.Generator, provinsi: str) -> Path:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen) di Provinsi "
        f"{provinsi}, {years[0]}-{years[-1]};" + ";" * (len(years) - 1),
        LABEL + ";" * len(years),
        "Kabupaten/Kota;" + ";".join(map(str, years)),
    ]
    for _, name in areas:
        vals = _series(rng, len(years), 4.5, 1.5, -0.1)
        lines.append(name + ";" + ";".join(f"{v:.2f}".replace(".", ",") for v in vals))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_dapil(path: Path, kabupaten: str, nama: str) -> Path:
    """The Dapil list as a colleague typed it: one row per Dapil, the kecamatan in one cell."""
    path.parent.mkdir(parents=True, exist_ok=True)
    d = reference.dapil_kabupaten(kabupaten)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"DAFTAR DAERAH PEMILIHAN DPRD {nama.upper()} PEMILU 2024"])
    ws.append([])
    ws.append(["No", "Dapil", "Kecamatan"])
    short = nama.removeprefix("Kabupaten ").removeprefix("Kota ").upper()
    for i, (label, grp) in enumerate(d[d["kode_desa"].isna()].groupby("dapil", sort=False), 1):
        names = [f"Kec. {n}" if j % 2 == 0 else str(n) for j, n in enumerate(grp["kecamatan"])]
        cell = ", ".join(names[:-1]) + (f" dan {names[-1]}" if len(names) > 1 else names[-1])
        ws.append([i, f"{short} {str(label).removeprefix('Dapil ')}", cell])
    wb.save(path)
    return path


def _write_big_zip(path: Path, polys: gpd.GeoDataFrame, codes: pd.DataFrame) -> Path:
    """Desa polygons as BIG's RBI shapefile in a zip; two features lose their code."""
    names = dict(zip(codes["kode"], codes["nama"], strict=True))
    big = gpd.GeoDataFrame(
        {
            "KDEPUM": polys["kode"].astype(str),
            "KDCPUM": polys["kode"].astype(str).str[:8],
            "WADMKD": polys["nama"].astype(str),
            "WADMKC": polys["kode"].astype(str).str[:8].map(names),
            "NAMOBJ": polys["nama"].astype(str),
        },
        geometry=polys.geometry.values,
        crs=4326,
    )
    for i in (3, len(big) // 2):  # typed without a code at BIG's end: placed by name
        big.loc[i, "KDEPUM"] = None
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "ADMINISTRASIDESA_AR_25K.shp"
        big.to_file(shp, engine="pyogrio", encoding="cp1252")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(Path(tmp).iterdir()):
                z.write(f, f"RBI_DESA/{f.name}")
    return path

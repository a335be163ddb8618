"""Rebuild planlib's shipped reference data from the public files in ``../shared/data``.

planlib ships, inside the package (``planlib/data/indonesia/``), the MIT-licensed reference
data every kabupaten/kota needs to start: the Kemendagri 2025 code list, the boundaries of
every kab/kota and kecamatan, and the Dapil of Pemilu 2024 (``SOURCES.md`` S9, S10 of the
shared data). This script derives the compact files from the shared sources and writes
``PROVENANCE.json`` with the source, commit, licence and the checksums of what it wrote.

Usage::

    python scripts/build_reference.py                 # rebuild planlib/data/indonesia
    python scripts/build_reference.py --check         # rebuild into a temporary folder and
                                                      # compare with what is shipped (exit 1
                                                      # when they differ)
    python scripts/build_reference.py --out DIR       # rebuild into DIR

``PLANLIB_SHARED_DATA`` (default ``../shared/data``) names the shared data folder.

What is derived, and how (the shipped files are a transformation of the sources, nothing
else is added):

- ``kode_wilayah.parquet``: ``kode``, ``nama`` of all 91,599 codes (the level follows from
  the number of segments).
- ``kabupaten.parquet`` / ``kecamatan.parquet`` (GeoParquet): ``kode``, ``nama``, and for
  kecamatan ``kode_kab``; polygons repaired with ``shapely.make_valid`` (281 kecamatan are
  invalid as given) and coordinates snapped to 1e-5 degree (about 1 m; the sources are
  simplified polygons rounded to 1e-6).
- ``dapil.parquet``: the KPU Dapil table as given (``jenis``, ``kode_dapil``, ``nama_dapil``,
  ``tingkatan``, ``kode_wilayah``, ``nama``, ``pecahan``).

The content checksum of each table (``content_sha256``) hashes its rows in a canonical text
form (geometry as WKB hex), so ``--check`` does not depend on the Parquet writer's version;
``sha256`` is the checksum of the shipped file's bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "planlib" / "data" / "indonesia"
PRECISION = 1e-5

SOURCES = {
    "kode_wilayah": {
        "file": "codes/wilayah_indonesia_kemendagri2025.csv",
        "repository": "https://github.com/cahyadsn/wilayah",
        "commit": "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7",
        "path": "db/wilayah.sql",
        "licence": "MIT",
        "licence_file": "LICENSES/cahyadsn-wilayah-MIT.txt",
        "attribution": "Kode wilayah: Kepmendagri 300.2.2-2138/2025, via cahyadsn/wilayah (MIT)",
    },
    "kabupaten": {
        "file": "boundaries/indonesia/indonesia_kabupaten.geojson",
        "repository": "https://github.com/cahyadsn/wilayah_boundaries",
        "commit": "3c5a7960f4d227a38489094d84252bdbb3f978a5",
        "path": "db/kab/*.sql",
        "licence": "MIT",
        "licence_file": "LICENSES/cahyadsn-wilayah_boundaries-MIT.txt",
        "attribution": "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), disederhanakan",
    },
    "kecamatan": {
        "file": "boundaries/indonesia/indonesia_kecamatan.geojson",
        "repository": "https://github.com/cahyadsn/wilayah_boundaries",
        "commit": "3c5a7960f4d227a38489094d84252bdbb3f978a5",
        "path": "db/kec/*.sql",
        "licence": "MIT",
        "licence_file": "LICENSES/cahyadsn-wilayah_boundaries-MIT.txt",
        "attribution": "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), disederhanakan",
    },
    "dapil": {
        "file": "dapil/dapil_indonesia_pemilu2024.csv",
        "repository": "https://github.com/ginanjarfm/pemilu2024-dapil",
        "commit": "5f3a1505",
        "path": "data/electorals.json",
        "licence": "MIT (stated in the repository's README)",
        "licence_file": "LICENSES/ginanjarfm-pemilu2024-dapil-NOTE.txt",
        "attribution": "Sumber: KPU (PKPU 6/2023), via ginanjarfm/pemilu2024-dapil (MIT)",
    },
}


def shared_data() -> Path:
    """The shared data folder (``PLANLIB_SHARED_DATA``, default ``../shared/data``)."""
    p = Path(os.environ.get("PLANLIB_SHARED_DATA") or ROOT.parent / "shared" / "data")
    if not (p / "SOURCES.md").exists():
        sys.exit(f"shared data not found at {p} (set PLANLIB_SHARED_DATA)")
    return p


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def content_sha256(df: pd.DataFrame) -> str:
    """A checksum of a table's rows that does not depend on how it was stored."""
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode())
    cols = []
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, gpd.array.GeometryDtype):
            cols.append([w.hex() if w is not None else "" for w in shapely.to_wkb(s.values)])
        else:
            cols.append(["" if pd.isna(v) else str(v) for v in s])
    for row in zip(*cols, strict=True):
        h.update(("\x1e" + "\x1f".join(row)).encode("utf-8"))
    return h.hexdigest()


def _polygons(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    geoms = shapely.make_valid(
        np.asarray(gdf.geometry.values), method="structure", keep_collapsed=False
    )
    out = []
    for g in geoms:
        if g.geom_type == "GeometryCollection":
            parts = [p for p in g.geoms if p.geom_type in ("Polygon", "MultiPolygon")]
            g = shapely.union_all(parts)
        g = shapely.set_precision(g, PRECISION)
        out.append(g if not g.is_empty else None)
    return gpd.GeoSeries(out, index=gdf.index, crs=4326)


def derive(shared: Path) -> dict[str, pd.DataFrame]:
    """The shipped tables, derived from the shared sources."""
    kode = pd.read_csv(shared / SOURCES["kode_wilayah"]["file"], dtype=str, keep_default_na=False)
    kode = kode[["kode", "nama"]].sort_values("kode").reset_index(drop=True)

    kab = gpd.read_file(shared / SOURCES["kabupaten"]["file"], engine="pyogrio")
    kab = gpd.GeoDataFrame(
        {"kode": kab["kode"].astype(str), "nama": kab["nama"].astype(str)},
        geometry=_polygons(kab),
        crs=4326,
    )
    kec = gpd.read_file(shared / SOURCES["kecamatan"]["file"], engine="pyogrio")
    kec = gpd.GeoDataFrame(
        {
            "kode": kec["kode"].astype(str),
            "kode_kab": kec["kode_kab"].astype(str),
            "nama": kec["nama"].astype(str),
        },
        geometry=_polygons(kec),
        crs=4326,
    )
    kab = kab.sort_values("kode").reset_index(drop=True)
    kec = kec.sort_values("kode").reset_index(drop=True)
    dapil = pd.read_csv(shared / SOURCES["dapil"]["file"], dtype=str, keep_default_na=False)
    return {"kode_wilayah": kode, "kabupaten": kab, "kecamatan": kec, "dapil": dapil}


def write(tables: dict[str, pd.DataFrame], out: Path, shared: Path) -> dict:
    """Write the tables as zstd Parquet, the licence texts and ``PROVENANCE.json``."""
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, df in tables.items():
        path = out / f"{name}.parquet"
        if isinstance(df, gpd.GeoDataFrame):
            df.to_parquet(path, compression="zstd", index=False, write_covering_bbox=False)
        else:
            df.to_parquet(path, compression="zstd", index=False)
        src = SOURCES[name]
        files[path.name] = {
            **{k: v for k, v in src.items() if k != "file"},
            "derived_from": f"../shared/data/{src['file']}",
            "source_sha256": sha256_file(shared / src["file"]),
            "rows": len(df),
            "sha256": sha256_file(path),
            "content_sha256": content_sha256(df),
        }
    lic = out / "LICENSES"
    lic.mkdir(exist_ok=True)
    for src in SOURCES.values():
        shutil.copyfile(shared / src["licence_file"], lic / Path(src["licence_file"]).name)
    provenance = {
        "description": "Reference data shipped with planlib; rebuilt by scripts/build_reference.py",
        "built_on": "2026-12-05",
        "coordinate_precision_degrees": PRECISION,
        "files": files,
    }
    (out / "PROVENANCE.json").write_text(
        json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return provenance


def check(shared: Path) -> int:
    """Rebuild into a temporary folder and compare content and licences with the shipped copy."""
    shipped = json.loads((TARGET / "PROVENANCE.json").read_text(encoding="utf-8"))["files"]
    bad = []
    for name, meta in shipped.items():
        if sha256_file(TARGET / name) != meta["sha256"]:
            bad.append(f"{name}: shipped file differs from PROVENANCE.json")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write(derive(shared), Path(tmp), shared)["files"]
        for name, meta in fresh.items():
            old = shipped.get(name)
            if old is None:
                bad.append(f"{name}: not shipped")
                continue
            for key in ("content_sha256", "source_sha256", "rows"):
                if old[key] != meta[key]:
                    bad.append(f"{name}: {key} {old[key]} != rebuilt {meta[key]}")
        for lic in (Path(tmp) / "LICENSES").iterdir():
            if lic.read_bytes() != (TARGET / "LICENSES" / lic.name).read_bytes():
                bad.append(f"LICENSES/{lic.name} differs")
    for line in bad:
        print(line)
    print("reference data: " + ("DIFFERS" if bad else "identical to a rebuild"))
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", type=Path, default=TARGET)
    args = ap.parse_args()
    shared = shared_data()
    if args.check:
        return check(shared)
    prov = write(derive(shared), args.out, shared)
    for name, meta in prov["files"].items():
        size = (args.out / name).stat().st_size
        print(f"{name:24} {meta['rows']:>7} rows {size / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

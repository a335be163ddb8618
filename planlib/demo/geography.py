"""The demo's geography: a synthetic kabupaten outline, its kecamatan and desa, codes and dapil.

The outline is an irregular closed curve of about 80 × 70 km; kecamatan are a
relaxed Voronoi tiling of it and desa a finer tiling inside each kecamatan,
so every desa lies in one kecamatan and the kecamatan are exact unions of
their desa (every shared edge is shared in both layers). Codes follow the
Kemendagri pattern (``99.01.03`` a kecamatan, ``99.01.03.2004`` a desa, the
first desa of each kecamatan a kelurahan ``….1001``).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..neutralise import csv_rows
from .catalogue import (
    CENTER,
    DESA_PREFIX,
    DESA_ROOT,
    KABUPATEN,
    KECAMATAN_NAMES,
    NAMA,
    OTHER_AREAS,
    PROVINSI,
    RENAMED,
)
from .manifest import DemoManifest, Planted

if TYPE_CHECKING:
    import shapely


def _outline(rng: np.random.Generator, n_points: int = 160) -> shapely.Geometry:
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


def _sample(rng: np.random.Generator, poly: shapely.Geometry, n: int) -> np.ndarray:
    import shapely

    minx, miny, maxx, maxy = poly.bounds
    out = np.empty((0, 2))
    shapely.prepare(poly)
    while len(out) < n:
        pts = rng.uniform((minx, miny), (maxx, maxy), size=(max(4 * n, 64), 2))
        out = np.vstack([out, pts[shapely.contains_xy(poly, pts[:, 0], pts[:, 1])]])
    return out[:n]


def _voronoi(points: np.ndarray, clip: shapely.Geometry) -> np.ndarray:
    import shapely

    cells = shapely.voronoi_polygons(
        shapely.multipoints(points), extend_to=shapely.box(*clip.buffer(0.1).bounds), ordered=True
    )
    return shapely.intersection(shapely.get_parts(cells), clip)


def _relax(
    rng: np.random.Generator, points: np.ndarray, clip: shapely.Geometry, rounds: int = 2
) -> np.ndarray:
    """Lloyd relaxation: evenly spread seeds give plausible, compact areas."""
    import shapely

    for _ in range(rounds):
        cells = _voronoi(points, clip)
        c = shapely.get_coordinates(shapely.centroid(cells))
        points = c + rng.normal(0, 0.002, size=c.shape)
    return points


def _names(rng: np.random.Generator, n: int, base: list[str], taken: set[str]) -> list[str]:
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


def geography(rng: np.random.Generator, n_kec: int, n_desa: int) -> dict[str, pd.DataFrame]:
    """The kecamatan and desa of Kabupaten Contoh, with names, codes and polygons.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws the outline, the seeds of the tilings and the names.
    n_kec : int
        Number of kecamatan (codes get three digits from 100 on).
    n_desa : int
        About how many desa (at least two per kecamatan).

    Returns
    -------
    dict
        ``"kecamatan"``: ``kode``, ``nama``, ``geometry``; ``"desa"``: ``kode``,
        ``nama``, ``kec`` (the row of its kecamatan), ``kelurahan`` (bool),
        ``geometry``. Polygons in WGS 84 longitude/latitude, on a 1e-6° grid.
    """
    import shapely

    outline = _outline(rng)
    kseeds = _relax(rng, _sample(rng, outline, n_kec), outline, rounds=3)
    kcells = _voronoi(kseeds, outline)
    areas = shapely.area(kcells)
    counts = np.maximum(2, np.floor(areas / areas.sum() * n_desa)).astype(int)
    while counts.sum() < n_desa:
        counts[rng.integers(n_kec)] += 1
    parts: list[np.ndarray] = []
    owners: list[int] = []
    for i, cell in enumerate(kcells):
        p = _sample(rng, cell, counts[i])
        parts.append(p)
        owners += [i] * len(p)
    pts = _relax(rng, np.vstack(parts), outline, rounds=1)
    owner = np.array(owners)
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
    rows: list[dict[str, object]] = []
    used: dict[int, int] = {}
    for j, i in enumerate(owner):
        k = used.get(i, 0)
        used[i] = k + 1
        is_capital = k == 0
        rows.append(
            {
                "kode": f"{kec.loc[i, 'kode']!s}.{1001 if is_capital else 2000 + k:04d}",
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


def write_codes(root: Path, kec: pd.DataFrame, desa: pd.DataFrame) -> None:
    """Write ``wilayah/kode_wilayah.csv``: the province, its kabupaten/kota, the kecamatan and desa.

    Parameters
    ----------
    root : pathlib.Path
        The demo workspace.
    kec, desa : pandas.DataFrame
        From :func:`geography`.
    """
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
        w.writerows(csv_rows(rows))


def write_boundaries(root: Path, kec: pd.DataFrame, desa: pd.DataFrame) -> None:
    """Write ``wilayah/kecamatan.geojson`` and ``wilayah/desa.geojson`` (with BPS-like field names).

    Parameters
    ----------
    root : pathlib.Path
        The demo workspace.
    kec, desa : pandas.DataFrame
        From :func:`geography`.
    """
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


def dapil_of(kec: pd.DataFrame) -> dict[int, int]:
    """Four dapil of neighbouring kecamatan, by angle around the centre; the last kecamatan is new.

    Parameters
    ----------
    kec : pandas.DataFrame
        From :func:`geography`; its last row is the pemekaran (in no Dapil).

    Returns
    -------
    dict
        Kecamatan row → Dapil number (1–4).
    """
    n = len(kec) - 1
    c = np.array([(g.centroid.x, g.centroid.y) for g in kec["geometry"]])[:n]
    angle = np.arctan2(c[:, 1] - CENTER[1], c[:, 0] - CENTER[0])
    order = np.argsort(angle)
    groups = np.array_split(order, min(4, n))
    return {int(i): d + 1 for d, g in enumerate(groups) for i in g}


def write_dapil(root: Path, kec: pd.DataFrame, manifest: DemoManifest) -> None:
    """Write ``dapil.csv``: four dapil; the newest kecamatan (a pemekaran) belongs to none.

    One row names its kecamatan by code, as some KPU tables do. The kecamatan
    without a dapil is recorded in ``manifest`` (``tanpa_dapil``).

    Parameters
    ----------
    root : pathlib.Path
        The demo workspace.
    kec : pandas.DataFrame
        From :func:`geography`; its last row is the pemekaran.
    manifest : DemoManifest
        Receives the planted problem.
    """
    dapil = dapil_of(kec)
    lines = ["dapil,kecamatan,kursi"]
    seats = {1: 9, 2: 8, 3: 7, 4: 6}
    for i in sorted(dapil, key=lambda i: (dapil[i], i)):
        # one row gives the code instead of the name, as some KPU tables do
        name = str(kec.loc[i, "kode"] if i == 4 else kec.loc[i, "nama"])
        lines.append(f"Dapil {dapil[i]},{name},{seats.get(dapil[i], 5)}")
    (root / "dapil.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    new = len(kec) - 1
    manifest.planted.append(
        Planted("dapil.csv", None, None, "tanpa_dapil", "warning", False, str(kec.loc[new, "nama"]))
    )


def write_alias(root: Path, kec: pd.DataFrame) -> None:
    """Write ``wilayah/alias_wilayah.csv``: the former names of renamed kecamatan (:data:`RENAMED`).

    Parameters
    ----------
    root : pathlib.Path
        The demo workspace.
    kec : pandas.DataFrame
        From :func:`geography`.
    """
    (root / "wilayah" / "alias_wilayah.csv").write_text(
        "nama,kode\n"
        + "".join(f"{old},{kec.loc[i, 'kode']!s}\n" for i, old in RENAMED.items() if i < len(kec)),
        encoding="utf-8",
    )

"""Indonesia's reference data, shipped inside planlib: codes, boundaries and Dapil.

Every kabupaten/kota starts from the same public tables, derived from MIT-licensed sources
by ``scripts/build_reference.py`` into ``planlib/data/indonesia/`` (provenance, licences and
checksums in ``PROVENANCE.json`` and ``LICENSES/`` beside them):

- the Kemendagri 2025 code list (38 provinsi, 514 kab/kota, 7,285 kecamatan, 83,762
  desa/kelurahan), :func:`kode_wilayah`;
- the boundaries of every kab/kota and kecamatan (simplified polygons),
  :func:`kecamatan_boundaries`, :func:`kabupaten_boundaries`;
- the DPRD kabupaten/kota Dapil of Pemilu 2024 (KPU), :func:`dapil_kabupaten`.

Desa polygons are not shipped: they come from the analyst's own file.

:func:`find_kabupaten` reads a kabupaten/kota as people write it (``52.03``, ``5203``,
``Lombok Timur``, ``Kab. Lombok Timur``, ``kota bima``, ``Kotabaru``) and answers an
ambiguous name (``Bima``: kabupaten or kota) with the choices, never a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from rapidfuzz import fuzz, process

from .parse import fold
from .report import PlanlibError
from .wilayah import level_of_code, normalise_code

#: The folder of the shipped tables inside the package.
DATA = "indonesia"

#: Score (rapidfuzz ``ratio`` on folded names) from which a misspelt kabupaten name is
#: accepted, when it is also this many points clear of the next name.
FUZZY_ACCEPT, FUZZY_MARGIN = 90.0, 5.0


def data_path(name: str) -> Path:
    """The path of one shipped file (``kecamatan.parquet``, ``PROVENANCE.json`` …).

    Parameters
    ----------
    name : str
        The file name inside ``planlib/data/indonesia``.

    Returns
    -------
    Path
    """
    return Path(str(resources.files("planlib"))) / "data" / DATA / name


@cache
def provenance() -> dict[str, Any]:
    """``PROVENANCE.json``: source, commit, licence and checksums of each shipped file."""
    return dict(json.loads(data_path("PROVENANCE.json").read_text(encoding="utf-8")))


@cache
def kode_wilayah() -> pd.DataFrame:
    """The whole Kemendagri 2025 code list.

    Returns
    -------
    DataFrame
        Columns ``kode`` (dotted), ``nama``, ``level`` (:data:`planlib.wilayah.LEVELS`),
        sorted by code. Treat as read-only (it is cached).
    """
    df = pd.read_parquet(data_path("kode_wilayah.parquet"))
    df["level"] = df["kode"].map(level_of_code)
    return df


@dataclass(frozen=True)
class Kabupaten:
    """A kabupaten/kota of the code list."""

    kode: str
    nama: str
    provinsi: str
    nama_provinsi: str

    @property
    def label(self) -> str:
        """``Kabupaten Bima (Nusa Tenggara Barat, 52.06)``: how a choice is shown."""
        return f"{self.nama} ({self.nama_provinsi}, {self.kode})"


def kabupaten_list() -> list[Kabupaten]:
    """Every kabupaten/kota, in code order (for a searchable list).

    Returns
    -------
    list of Kabupaten
    """
    return list(_kabupaten())


@cache
def _kabupaten() -> tuple[Kabupaten, ...]:
    k = kode_wilayah()
    prov = dict(zip(k.loc[k["level"] == "provinsi", "kode"], k.loc[k["level"] == "provinsi", "nama"], strict=True))  # fmt: skip
    kab = k[k["level"] == "kabupaten_kota"]
    return tuple(
        Kabupaten(kd, nm, kd.split(".")[0], prov.get(kd.split(".")[0], ""))
        for kd, nm in zip(kab["kode"], kab["nama"], strict=True)
    )


_KIND_RE = re.compile(r"^(kabupaten|kab|kota|kodya|kotamadya|kot)\s+(.*)$")


def _split_kind(text: str) -> tuple[str | None, str]:
    """``kab lombok timur`` → (``kabupaten``, ``lombok timur``); ``kotabaru`` keeps its name."""
    m = _KIND_RE.match(text)
    if not m or not m.group(2):
        return None, text
    kind = "kabupaten" if m.group(1) in ("kabupaten", "kab") else "kota"
    return kind, m.group(2)


def _core(name: str) -> tuple[str, str]:
    """The kind and the folded core of a code list name (``Kota Bima`` → kota, ``bima``)."""
    kind, core = _split_kind(fold(name))
    return kind or "kabupaten", core


def find_kabupaten(query: str) -> Kabupaten:
    """The kabupaten/kota named or coded by ``query``, as people write it.

    Parameters
    ----------
    query : str
        A code (``52.03``, ``5203``) or a name: ``Lombok Timur``, ``Kab. Lombok Timur``,
        ``Kabupaten Lombok Timur``, ``kota bima``, ``Kotabaru``, ``Gunung Kidul``.
        Spaces and punctuation do not count (``Gunung Kidul`` is ``Gunungkidul``); a
        misspelling is accepted only when one name is clearly the closest.

    Returns
    -------
    Kabupaten

    Raises
    ------
    PlanlibError
        When the code is not a kabupaten/kota, the name matches several (the message
        lists them with their province and code: ``Bima`` is a kabupaten and a kota), or
        none (the message names the nearest).
    """
    text = (query or "").strip()
    kabs = _kabupaten()
    by_code = {k.kode: k for k in kabs}
    code = normalise_code(text)
    if code is not None:
        if code in by_code:
            return by_code[code]
        raise PlanlibError(
            f"Kode {text!r} bukan kode kabupaten/kota dalam daftar kode wilayah Kemendagri 2025 "
            "(contoh: 52.03 untuk Kabupaten Lombok Timur)."
        )
    kind, core = _split_kind(fold(text))
    if not core:
        raise PlanlibError("Tulis nama atau kode kabupaten/kota, mis. 'Lombok Timur' atau 52.03.")
    squeeze = core.replace(" ", "")
    cores = [(k, *_core(k.nama)) for k in kabs]
    hits = [k for k, knd, c in cores if c.replace(" ", "") == squeeze and kind in (None, knd)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        choices = "; ".join(k.label for k in hits)
        raise PlanlibError(
            f"{text!r} bisa berarti lebih dari satu: {choices}. Tulis 'Kabupaten …' atau "
            "'Kota …', atau kodenya."
        )
    pool = [(k, c) for k, knd, c in cores if kind in (None, knd)]
    best = process.extract(core, [c for _, c in pool], scorer=fuzz.ratio, limit=4)
    if best:
        top = best[0][1]
        second = best[1][1] if len(best) > 1 else 0.0
        if top >= FUZZY_ACCEPT and top - second >= FUZZY_MARGIN:
            return pool[best[0][2]][0]
    near = process.extract(core, [c for _, c in pool], scorer=fuzz.WRatio, limit=3)
    sugg = "; ".join(pool[i][0].label for _, s, i in near if s >= 60)
    raise PlanlibError(
        f"Kabupaten/kota {text!r} tidak ditemukan di daftar kode wilayah Kemendagri 2025."
        + (f" Yang paling mirip: {sugg}." if sugg else "")
    )


def code_list(kabupaten: str) -> pd.DataFrame:
    """The code list a workspace of ``kabupaten`` needs.

    Parameters
    ----------
    kabupaten : str
        Dotted kabupaten/kota code (``52.03``).

    Returns
    -------
    DataFrame
        ``kode``, ``nama``, ``level``: the nation (``00``, ``Indonesia``, level
        ``nasional``: BPS tables' national row), the province, all its kab/kota (for
        rankings), and the kecamatan and desa/kelurahan of ``kabupaten``; in code order.
    """
    k = kode_wilayah()
    prov = kabupaten.split(".")[0]
    keep = (
        (k["kode"] == prov)
        | ((k["level"] == "kabupaten_kota") & k["kode"].str.startswith(prov + "."))
        | k["kode"].str.startswith(kabupaten + ".")
    )
    nation = pd.DataFrame([{"kode": "00", "nama": "Indonesia", "level": "nasional"}])
    return pd.concat([nation, k.loc[keep, ["kode", "nama", "level"]]], ignore_index=True)


def kecamatan_boundaries(kabupaten: str) -> gpd.GeoDataFrame:
    """The shipped kecamatan polygons of one kabupaten/kota.

    Parameters
    ----------
    kabupaten : str
        Dotted kabupaten/kota code.

    Returns
    -------
    GeoDataFrame
        ``kode``, ``nama``, ``geometry`` (EPSG:4326), valid polygons simplified at the
        source; a kecamatan without a polygon in the source (e.g. 72.06.20) is absent.
    """
    gdf = gpd.read_parquet(data_path("kecamatan.parquet"), filters=[("kode_kab", "==", kabupaten)])
    return gdf[["kode", "nama", "geometry"]].reset_index(drop=True)


def kabupaten_boundaries(provinsi: str | None = None) -> gpd.GeoDataFrame:
    """The shipped kab/kota polygons, of one province or of Indonesia.

    Parameters
    ----------
    provinsi : str, optional
        Province code (``52``); all 514 when None.

    Returns
    -------
    GeoDataFrame
        ``kode``, ``nama``, ``geometry`` (EPSG:4326).
    """
    gdf = gpd.read_parquet(data_path("kabupaten.parquet"))
    if provinsi is not None:
        gdf = gdf[gdf["kode"].str.startswith(provinsi + ".")]
    return gdf.reset_index(drop=True)


def dapil_kabupaten(kabupaten: str) -> pd.DataFrame:
    """The DPRD kabupaten/kota Dapil of Pemilu 2024 (KPU) for one kabupaten/kota.

    Parameters
    ----------
    kabupaten : str
        Dotted kabupaten/kota code.

    Returns
    -------
    DataFrame
        ``dapil`` (``Dapil 1`` …), ``kode_kecamatan``, ``kecamatan`` (Kemendagri name when
        the code is known, else KPU's), ``kode_desa``, ``desa``: one row per whole
        kecamatan, and for a kecamatan split between Dapil one row per desa (``kode_desa``
        filled). Empty for DKI Jakarta's units (no DPRD) and where KPU has no table.
    """
    d = pd.read_parquet(data_path("dapil.parquet"))
    d = d[(d["jenis"] == "dprd_kabupaten_kota") & d["kode_wilayah"].str.startswith(kabupaten + ".")]
    names = dict(zip(kode_wilayah()["kode"], kode_wilayah()["nama"], strict=True))
    rows: list[tuple[str, str, str, str | None, str | None]] = []
    for r in d.itertuples(index=False):
        label = dapil_number_label(str(r.nama_dapil))
        if r.tingkatan == "kecamatan":
            kd = str(r.kode_wilayah)
            rows.append((label, kd, names.get(kd, str(r.nama).title()), None, None))
        elif r.tingkatan == "desa_kelurahan":
            kd = str(r.kode_wilayah)
            kec = kd.rsplit(".", 1)[0]
            rows.append((label, kec, names.get(kec, kec), kd, names.get(kd, str(r.nama).title())))
    out = pd.DataFrame(rows, columns=["dapil", "kode_kecamatan", "kecamatan", "kode_desa", "desa"])
    number = out["dapil"].str.extract(r"(\d+)$", expand=False).astype(float)
    order = out.assign(_n=number).sort_values(
        ["_n", "dapil", "kode_kecamatan", "kode_desa"], na_position="first"
    )
    return order.drop(columns="_n").reset_index(drop=True)


def dapil_number_label(nama_dapil: str) -> str:
    """``LOMBOK TIMUR 1`` → ``Dapil 1``: KPU's Dapil name as a kabupaten writes it.

    Parameters
    ----------
    nama_dapil : str
        KPU's ``nama_dapil``.

    Returns
    -------
    str
        ``Dapil N`` when the name ends in a number, else the name as given.
    """
    m = re.search(r"(\d+)\s*$", nama_dapil)
    return f"Dapil {int(m.group(1))}" if m else nama_dapil

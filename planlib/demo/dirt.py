"""The dirt of real SIPD exports, planted in the demo's usulan.

Misspelt and abbreviated kecamatan, a kecamatan under its former name, unknown
desa, amounts as text, day-first text dates, empty and duplicated IDs, rows of
another kabupaten: :data:`DIRT` says how many of each per 3,000 usulan,
:func:`plant` chooses the rows and changes them. Which of them the loaders fix
silently (:data:`SILENT`) and which make them drop the row (:data:`DROPPING`)
is what ``.demo-manifest.json`` records.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import OTHER_AREAS, RENAMED

#: Planted dirt per 3,000 usulan: code → count (scaled with the number of usulan).
DIRT = {
    "kecamatan_normal": 40, "kecamatan_singkatan": 25, "kecamatan_alias": 8,
    "kecamatan_dari_desa": 5, "kecamatan_mirip": 6, "kecamatan_tidak_dikenal": 2,
    "kecamatan_kosong": 2, "desa_mirip": 6, "desa_tidak_dikenal": 3, "anggaran_teks": 120,
    "angka_tidak_sah": 3, "tanggal_teks": 150, "tanggal_tidak_sah": 3, "id_kosong": 2,
    "id_ganda_sama": 3, "id_ganda_beda": 2, "usulan_kosong": 2, "kabupaten_lain": 2,
}  # fmt: skip
#: Dirt the loaders fix without a report.
SILENT = {"kecamatan_normal", "kecamatan_singkatan", "kecamatan_alias", "kecamatan_dari_desa",
          "anggaran_teks", "tanggal_teks"}  # fmt: skip
#: Problems that make the loader drop the row.
DROPPING = {"kecamatan_tidak_dikenal", "kecamatan_kosong", "id_ganda_sama", "id_ganda_beda",
            "usulan_kosong", "kabupaten_lain", "baris_kosong", "header_berulang", "baris_total",
            "bukan_data", "indikator_bertentangan"}  # fmt: skip

_ABBREV = {"Sungai": ["Sei", "Sg.", "Sungai"], "Padang": ["Pdg"], "Telaga": ["Tlg"],
           "Tanjung": ["Tj.", "Tjg"], "Muara": ["Mr."], "Kampung": ["Kp.", "Kpg"],
           "Batu": ["Bt."], "Pematang": ["Pmtg"]}  # fmt: skip


def typo(rng: np.random.Generator, name: str) -> str:
    """One slip of the keyboard in the longest word of ``name`` (drop, double or swap a letter).

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws the position and the kind of slip.
    name : str
        A place name; its longest word has at least three letters.

    Returns
    -------
    str
        ``name`` with one letter dropped, doubled or swapped with the next.
    """
    words = name.split(" ")
    w = max(range(len(words)), key=lambda i: len(words[i]))
    s = words[w]
    i = int(rng.integers(1, len(s) - 1))
    kind = int(rng.integers(3))
    if kind == 0:
        s = s[:i] + s[i + 1 :]
    elif kind == 1:
        s = s[:i] + s[i] + s[i:]
    else:
        s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    words[w] = s
    return " ".join(words)


def abbreviated(name: str) -> str | None:
    """``name`` with its first word abbreviated as SIPD entries do (``Sungai Rindang`` → ``Sei Rindang``).

    Parameters
    ----------
    name : str
        A place name.

    Returns
    -------
    str or None
        The abbreviated name; None when the first word has no usual abbreviation
        or is the whole name.
    """
    first, _, rest = name.partition(" ")
    if first in _ABBREV and rest:
        return f"{_ABBREV[first][0]} {rest}"
    return None


def plant(
    rng: np.random.Generator,
    rows: pd.DataFrame,
    kec: pd.DataFrame,
    desa: pd.DataFrame,
    scale: float,
) -> tuple[pd.DataFrame, list[dict[Hashable, Any]]]:
    """Choose rows for each kind of dirt in :data:`DIRT` and change them.

    Parameters
    ----------
    rng : numpy.random.Generator
        Chooses the rows and the dirt.
    rows : pandas.DataFrame
        Clean usulan of one year (:func:`planlib.demo.usulan.usulan_rows`) with a
        ``kabupaten_teks`` column.
    kec, desa : pandas.DataFrame
        The kecamatan (``kode``, ``nama``) and desa (``kode``, ``nama``) of the kabupaten.
    scale : float
        Number of usulan / 3,000: the counts of :data:`DIRT` are scaled by it
        (at least one of each kind).

    Returns
    -------
    (DataFrame, list of dict)
        The rows (object dtype) with the dirt in place and two more columns,
        ``_code`` (the planted problem, None for a clean row) and ``_column``
        (the SIPD header it concerns); and the exact copies of rows to insert
        again (``id_ganda_sama``), each with ``_after``, the position of its
        original.
    """
    rows = rows.astype(object)
    rows["_code"] = None
    rows["_column"] = None
    order = rng.permutation(len(rows))
    used = np.zeros(len(rows), dtype=bool)
    col = {name: i for i, name in enumerate(rows.columns)}

    def take(k: int, ok: Callable[[pd.Series], object] = lambda r: True) -> list[int]:
        out: list[int] = []
        for pos in order:
            if len(out) == k:
                break
            if not used[pos] and ok(rows.iloc[pos]):
                out.append(int(pos))
                used[pos] = True
        return out

    def count(code: str) -> int:
        return max(1, round(DIRT[code] * scale))

    def get(pos: int, column: str) -> Any:
        return rows.iat[pos, col[column]]

    def put(pos: int, column: str, value: str | None) -> None:
        rows.iat[pos, col[column]] = value

    def mark(pos: int, code: str, column: str) -> None:
        put(pos, "_code", code)
        put(pos, "_column", column)

    desa_names = dict(zip(desa["kode"], desa["nama"], strict=True))
    kec_names = list(kec["nama"])
    # kecamatan: silently normalised
    for pos in take(count("kecamatan_normal")):
        put(pos, "kecamatan", "KEC. " + str(get(pos, "kecamatan")).upper())
        mark(pos, "kecamatan_normal", "Kecamatan")
    for pos in take(count("kecamatan_singkatan"), lambda r: abbreviated(r["kecamatan"])):
        put(pos, "kecamatan", abbreviated(get(pos, "kecamatan")))
        mark(pos, "kecamatan_singkatan", "Kecamatan")
    renamed = {kec.loc[i, "nama"]: old for i, old in RENAMED.items() if i < len(kec)}
    for pos in take(count("kecamatan_alias"), lambda r: r["kecamatan"] in renamed):
        put(pos, "kecamatan", renamed[get(pos, "kecamatan")])
        mark(pos, "kecamatan_alias", "Kecamatan")
    for pos in take(count("kecamatan_dari_desa"), lambda r: r["desa"] != r["kecamatan"]):
        put(pos, "kecamatan", None)
        mark(pos, "kecamatan_dari_desa", "Kecamatan")
    # kecamatan: reported
    for pos in take(count("kecamatan_mirip"), lambda r: len(r["kecamatan"]) >= 10):
        put(pos, "kecamatan", typo(rng, get(pos, "kecamatan")))
        mark(pos, "kecamatan_mirip", "Kecamatan")
    for pos in take(count("kecamatan_tidak_dikenal")):
        put(pos, "kecamatan", str(rng.choice(["Antah Berantah", "Luar Daerah"])))
        mark(pos, "kecamatan_tidak_dikenal", "Kecamatan")
    for pos in take(count("kecamatan_kosong")):
        put(pos, "kecamatan", None)
        put(pos, "desa", None)
        mark(pos, "kecamatan_kosong", "Kecamatan")
    # desa
    for pos in take(
        count("desa_mirip"), lambda r: len(r["desa"]) >= 10 and r["desa"] != r["kecamatan"]
    ):
        put(pos, "desa", typo(rng, get(pos, "desa")))
        mark(pos, "desa_mirip", "Kelurahan/Desa")
    for pos in take(count("desa_tidak_dikenal"), lambda r: r["desa"] != r["kecamatan"]):
        here = str(get(pos, "kode_kec"))
        other = [
            k for k in desa_names if not k.startswith(here + ".") and desa_names[k] not in kec_names
        ]
        put(pos, "desa", desa_names[str(rng.choice(other))])
        mark(pos, "desa_tidak_dikenal", "Kelurahan/Desa")
    # values
    for pos in take(count("anggaran_teks")):
        v = float(get(pos, "anggaran"))
        put(pos, "anggaran", "Rp " + f"{v:,.0f}".replace(",", "."))
        mark(pos, "anggaran_teks", "Anggaran")
    for pos in take(count("angka_tidak_sah")):
        put(pos, "anggaran", str(rng.choice(["menyesuaikan", "lihat RAB", "???"])))
        mark(pos, "angka_tidak_sah", "Anggaran")
    for pos in take(count("tanggal_teks")):
        put(pos, "tanggal", get(pos, "tanggal").strftime("%d/%m/%Y"))
        mark(pos, "tanggal_teks", "Tanggal Usul")
    for pos in take(count("tanggal_tidak_sah")):
        t = int(get(pos, "tahun")) - 1
        put(pos, "tanggal", str(rng.choice([f"31/02/{t}", f"00/01/{t}", "belum diisi"])))
        mark(pos, "tanggal_tidak_sah", "Tanggal Usul")
    for pos in take(count("id_kosong")):
        put(pos, "id_usulan", None)
        mark(pos, "id_kosong", "ID Usulan")
    for pos in take(count("usulan_kosong")):
        put(pos, "usulan", None)
        mark(pos, "usulan_kosong", "Usulan")
    for pos in take(count("kabupaten_lain")):
        put(pos, "kabupaten_teks", OTHER_AREAS[0][1])
        mark(pos, "kabupaten_lain", "Kabupaten")
    # duplicated IDs: an exact copy entered twice, and two usulan sharing one ID
    extra = []
    for pos in take(count("id_ganda_sama")):
        copy = rows.iloc[pos].to_dict()
        copy["_code"], copy["_column"], copy["_after"] = "id_ganda_sama", "ID Usulan", pos
        extra.append(copy)
    pairs = take(2 * count("id_ganda_beda"))
    for a, b in zip(pairs[::2], pairs[1::2], strict=True):
        first, second = min(a, b), max(a, b)
        put(second, "id_usulan", get(first, "id_usulan"))
        mark(second, "id_ganda_beda", "ID Usulan")
    return rows, extra

"""The explained priority score of an usulan: four components, each said in words.

The score helps the Forum Perangkat Daerah rank usulan before the pagu is
shared out (:mod:`planlib.forum.pagu`); it never decides on its own. Each
component is a value between 0 and 1 turned into points by its weight in
:class:`Bobot`:

- **prioritas**: the desa's own ranking, ``usulan_ke`` (1 = first priority):
  ``0.5 ** ((usulan_ke - 1) / paruh)``, so the points halve every
  :attr:`Acuan.prioritas_paruh` places (1 → full, 4 → half, 7 → a quarter).
- **selaras**: alignment with the plan, 0–1, from the matcher
  (:mod:`planlib.forum.align`; :func:`selaras_dari_align` turns its
  suggestions into this input), passed as ``selaras`` or as a column
  ``skor_selaras``.
- **kesenjangan**: how far the usulan's kecamatan is from its target on the
  indicators of :attr:`Acuan.indikator` (P0, IPM, stunting): the relative gap
  ``(nilai − target) / |target|`` (the other way round for indicators where
  higher is better), reaching full points at the gap of
  :attr:`Acuan.kesenjangan_penuh`; the worst indicator of the kecamatan
  counts. The year of the data, the target and the sign follow the one rule
  of :mod:`planlib.kesenjangan`, which the indicator dashboard also shows.
  Only kecamatan-level data are used — BPS publishes P0 and IPM per
  kabupaten, so a kabupaten figure would give every kecamatan the same
  points — and the target is the kecamatan's own, else the kabupaten's.
- **biaya**: a penalty for large anggaran, 0 below
  :attr:`Acuan.biaya_mulai`, growing with the logarithm of the anggaran to
  the full weight at :attr:`Acuan.biaya_penuh`. Cheaper usulan are
  favoured *per Rupiah* by the allocation itself, which maximises the score
  within the pagu; the penalty only tempers very large works.

A component without data (no ``usulan_ke``, no alignment score, no
kecamatan indicator or target) is **neutral**: half of its points, and the
explanation says why. The weights are relative: the points are scaled so
that prioritas + selaras + kesenjangan add up to 100, and the biaya penalty
is scaled by the same factor; ``skor`` is their sum, at least 0 (an usulan
held at 0 says so), at most 100.

The DPRD members' pokir are scored by the same rule in the forum's pagu
test (:func:`planlib.forum.selection.hitung_pagu`): they have no
``usulan_ke`` and no matcher score, so their prioritas and selaras are
neutral; kesenjangan and biaya are read from their kecamatan and anggaran.

Example of ``penjelasan`` (demo workspace, default weights, one line)::

    prioritas ke-2 (+32) · selaras 0,75 (+19) · stunting kecamatan 22,9% vs target 21,0% (+6)
    · biaya Rp 361,7 juta (−8)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from ..formatting import angka, persen, rupiah
from ..indikator import INDIKATOR
from ..kesenjangan import kesenjangan as aturan_kesenjangan
from ..report import PlanlibError

#: The columns :func:`skor_usulan` adds to the usulan.
KOLOM_SKOR = [
    "skor_prioritas", "skor_selaras", "skor_kesenjangan", "skor_biaya", "skor", "penjelasan",
    "nilai_selaras",
]  # fmt: skip

_NETRAL = 0.5
_MINUS = "\u2212"
_LABEL = {"p0": "P0", "ipm": "IPM", "stunting": "stunting", "tpt": "TPT"}


@dataclass(frozen=True)
class Bobot:
    """The weights of the score components (relative; see the module docstring).

    Attributes
    ----------
    prioritas : float
        The desa's own ranking (``usulan_ke``). Default 40.
    selaras : float
        Alignment with the plan (0–1 from the matcher). Default 25.
    kesenjangan : float
        The kecamatan's gap to its indicator target. Default 35.
    biaya : float
        The most a large anggaran takes off. Default 15.

    The defaults make prioritas + selaras + kesenjangan = 100, so the points
    in ``penjelasan`` are the weights themselves; other values are scaled to
    the same total.
    """

    prioritas: float = 40.0
    selaras: float = 25.0
    kesenjangan: float = 35.0
    biaya: float = 15.0

    def skala(self) -> float:
        """Points per unit of weight: ``100 / (prioritas + selaras + kesenjangan)``.

        Returns
        -------
        float

        Raises
        ------
        PlanlibError
            A weight is negative or not a number, or the three are all 0.
        """
        for f in fields(self):
            v = getattr(self, f.name)
            if not np.isfinite(v) or v < 0:
                raise PlanlibError(f"Bobot {f.name} harus angka ≥ 0 (sekarang {v}).")
        total = self.prioritas + self.selaras + self.kesenjangan
        if total <= 0:
            raise PlanlibError("Bobot prioritas, selaras dan kesenjangan tidak boleh semuanya 0.")
        return 100.0 / total


@dataclass(frozen=True)
class Acuan:
    """The reference levels that turn data into component values (0–1).

    Attributes
    ----------
    prioritas_paruh : float
        Places after which the prioritas points halve. Default 3.
    indikator : tuple of str
        Indicators of the kesenjangan component (keys of
        :data:`planlib.indikator.INDIKATOR`). Default P0, IPM, stunting.
    kesenjangan_penuh : tuple of (str, float)
        Relative gap to the target that earns full points, per indicator:
        P0 and stunting 50 % above target, IPM 5 % below. Default for other
        indicators: :attr:`kesenjangan_penuh_lain`.
    kesenjangan_penuh_lain : float
        Default 0.25.
    biaya_mulai : float
        Anggaran (Rp) below which there is no penalty. Default Rp 50 juta.
    biaya_penuh : float
        Anggaran (Rp) from which the whole biaya weight is taken off.
        Default Rp 2 miliar.
    """

    prioritas_paruh: float = 3.0
    indikator: tuple[str, ...] = ("p0", "ipm", "stunting")
    kesenjangan_penuh: tuple[tuple[str, float], ...] = (
        ("p0", 0.5),
        ("stunting", 0.5),
        ("ipm", 0.05),
    )
    kesenjangan_penuh_lain: float = 0.25
    biaya_mulai: float = 50e6
    biaya_penuh: float = 2e9

    def penuh(self, indikator: str) -> float:
        """The relative gap that earns full kesenjangan points for ``indikator``.

        Parameters
        ----------
        indikator : str
            A key of :data:`planlib.indikator.INDIKATOR`.

        Returns
        -------
        float
        """
        return dict(self.kesenjangan_penuh).get(indikator, self.kesenjangan_penuh_lain)


# --------------------------------------------------------------------------- components


def nilai_prioritas(usulan_ke: pd.Series, acuan: Acuan = Acuan()) -> pd.Series:
    """``usulan_ke`` → 0–1 (1 for the first priority; NaN when missing or not ≥ 1).

    Parameters
    ----------
    usulan_ke : Series
        The desa's ranking of each usulan (1 = first).
    acuan : Acuan
        For :attr:`Acuan.prioritas_paruh`.

    Returns
    -------
    Series of float
        ``0.5 ** ((usulan_ke − 1) / prioritas_paruh)``.
    """
    rank = pd.to_numeric(usulan_ke, errors="coerce").astype(float)
    rank = rank.where(rank >= 1)
    return 0.5 ** ((rank - 1) / acuan.prioritas_paruh)


def nilai_biaya(anggaran: pd.Series, acuan: Acuan = Acuan()) -> pd.Series:
    """Anggaran → penalty 0–1 (log scale between ``biaya_mulai`` and ``biaya_penuh``).

    Parameters
    ----------
    anggaran : Series
        Rupiah per usulan.
    acuan : Acuan
        For :attr:`Acuan.biaya_mulai` and :attr:`Acuan.biaya_penuh`.

    Returns
    -------
    Series of float
        0 below ``biaya_mulai``, 1 from ``biaya_penuh``; NaN without an anggaran.
    """
    a = pd.to_numeric(anggaran, errors="coerce").astype(float)
    a = a.where(a > 0)
    span = np.log(acuan.biaya_penuh / acuan.biaya_mulai)
    return (np.log(a / acuan.biaya_mulai) / span).clip(0.0, 1.0)


def _selaras_input(usulan: pd.DataFrame, selaras: pd.Series | None) -> pd.Series:
    """Alignment 0–1 per row (NaN = not assessed); bools count as 1/0."""
    if selaras is not None:
        s = selaras.copy()
        s.index = s.index.astype(str)
        vals = usulan["id_usulan"].astype(str).map(s)
    elif "nilai_selaras" in usulan.columns:  # a frame scored before: its input, not its points
        vals = usulan["nilai_selaras"]
    elif "skor_selaras" in usulan.columns:
        vals = usulan["skor_selaras"]
    else:
        return pd.Series(np.nan, index=usulan.index)
    vals = pd.to_numeric(
        vals.map(lambda v: float(v) if isinstance(v, bool) else v), errors="coerce"
    ).astype(float)
    vals.index = usulan.index
    if ((vals < 0) | (vals > 1)).any():
        raise PlanlibError("Skor selaras harus antara 0 dan 1.")
    return vals


def _label(key: str) -> str:
    return _LABEL.get(key) or INDIKATOR.get(key, {}).get("nama") or key


def _nilai_text(v: float, satuan: object) -> str:
    if satuan == "persen":
        return persen(v, 1)
    return angka(v, 2 if abs(v) < 1000 else 0)


def kesenjangan_kecamatan(
    indikator: pd.DataFrame | None,
    target: pd.DataFrame | None,
    tahun: int,
    *,
    acuan: Acuan = Acuan(),
) -> pd.DataFrame:
    """The gap of every kecamatan that has data to its target, worst indicator first.

    The gap is read by the one rule of :func:`planlib.kesenjangan.kesenjangan`
    (the latest observation up to ``tahun`` in the target's series, the target
    of that year or the nearest, the kecamatan's own target else the
    kabupaten's), the one the indicator dashboard shows.

    Parameters
    ----------
    indikator : DataFrame or None
        The workspace's long indicator table (``ws.indikator``); only rows of
        level ``kecamatan`` are used.
    target : DataFrame or None
        The RPJMD targets (``ws.target_rpjmd``).
    tahun : int
        The planning year.
    acuan : Acuan
        Which indicators and the gap that earns full points.

    Returns
    -------
    DataFrame
        One row per kecamatan with data and a target (index ``kode_kecamatan``):
        ``indikator``, ``nilai``, ``tahun_nilai``, ``target``, ``tahun_target``,
        ``selisih`` (the relative gap, positive = behind target: the
        ``kesenjangan`` of the rule), ``nilai_komponen`` (0–1) and ``teks``
        (e.g. ``"P0 kecamatan 9,1% vs target 6,5%"``). For each kecamatan,
        the indicator with the largest ``nilai_komponen``, then the largest gap.
    """
    cols = ["indikator", "nilai", "tahun_nilai", "target", "tahun_target", "selisih",
            "nilai_komponen", "teks"]  # fmt: skip
    empty = pd.DataFrame(columns=cols, index=pd.Index([], name="kode_kecamatan"))
    g = aturan_kesenjangan(
        indikator, target, tahun, level="kecamatan", indicators=acuan.indikator
    ).dropna(subset=["kesenjangan"])
    if g.empty:
        return empty
    best: dict[str, tuple[Any, ...]] = {}
    for r in g.to_dict("records"):
        key, gap = str(r["indikator"]), float(r["kesenjangan"])
        beda = "vs" if gap > 0 else "sudah mencapai"
        teks = (f"{_label(key)} kecamatan {_nilai_text(r['nilai'], r['satuan'])} {beda} "
                f"target {_nilai_text(r['target'], r['satuan'])}")  # fmt: skip
        row = (key, float(r["nilai"]), int(r["tahun_nilai"]), float(r["target"]),
               int(r["tahun_target"]), gap, float(np.clip(gap / acuan.penuh(key), 0, 1)), teks)  # fmt: skip
        kode = str(r["kode_wilayah"])
        if kode not in best or (row[6], row[5]) > (best[kode][6], best[kode][5]):
            best[kode] = row
    out = pd.DataFrame(
        list(best.values()), columns=cols, index=pd.Index(list(best), name="kode_kecamatan")
    )
    return out.sort_index()


def _kenapa_netral(
    indikator: pd.DataFrame | None, target: pd.DataFrame | None, acuan: Acuan
) -> str:
    names = "/".join(_label(k) for k in acuan.indikator)
    if indikator is None or not (indikator["level"] == "kecamatan").any():
        return "tidak ada data indikator kecamatan"
    if target is None or target.empty:
        return "tidak ada target RPJMD"
    return f"tidak ada data {names} kecamatan dengan target"


# --------------------------------------------------------------------------- text


def _poin(x: float) -> str:
    """Points as ``+30``, ``−3``, ``0``; rounded half up, one decimal below 1 (``+0,4``)."""
    v = abs(x)
    if v == 0:
        return "0"
    sign = _MINUS if x < 0 else "+"
    whole = math.floor(v + 0.5)
    return sign + (angka(whole) if whole >= 1 else angka(v, 1))


def _per_distinct(fn: Callable[..., str], *cols: np.ndarray) -> np.ndarray:
    """``fn(*values)`` for every row, computed once per distinct combination of values."""
    code = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        f, u = pd.factorize(c, use_na_sentinel=False)
        code = code * max(len(u), 1) + f
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    texts = np.array([fn(*(c[i] for c in cols)) for i in first], dtype=object)
    return texts[inverse.ravel()]


# --------------------------------------------------------------------------- score


def selaras_dari_align(saran: pd.DataFrame) -> pd.Series:
    """The alignment input from the matcher's suggestions (:func:`planlib.forum.align.align`).

    The matcher's confidence ``skor`` (0–1) when the usulan is ``selaras``
    (its place in the plan feeds an RPJMD target), 0 when it is not; indexed
    by ``id_usulan``, ready for ``skor_usulan(…, selaras=…)``.

    Parameters
    ----------
    saran : DataFrame
        ``id_usulan``, ``skor`` and ``selaras`` of :func:`planlib.forum.align.align`.

    Returns
    -------
    Series of float
        Indexed by ``id_usulan`` (NaN where the matcher gave no score).
    """
    ids = saran["id_usulan"].astype(str).to_numpy()
    skor = pd.to_numeric(saran["skor"], errors="coerce").clip(0.0, 1.0).to_numpy(float)
    ok = saran["selaras"].fillna(False).astype(bool).to_numpy()
    return pd.Series(np.where(ok, skor, 0.0), index=pd.Index(ids, name="id_usulan"))


def skor_usulan(
    usulan: pd.DataFrame,
    *,
    bobot: Bobot = Bobot(),
    acuan: Acuan = Acuan(),
    indikator: pd.DataFrame | None = None,
    target: pd.DataFrame | None = None,
    selaras: pd.Series | None = None,
) -> pd.DataFrame:
    """Score every usulan and explain the score in Bahasa Indonesia.

    Parameters
    ----------
    usulan : DataFrame
        Usulan with ``id_usulan``, ``tahun``, ``usulan_ke``, ``kode_kecamatan``
        and ``anggaran`` (e.g. :func:`planlib.rekap.usulan_tahun`); an optional
        ``skor_selaras`` column (0–1) is the alignment when ``selaras`` is not
        given. A frame scored before may be scored again with other weights.
    bobot : Bobot
        The weights.
    acuan : Acuan
        The reference levels.
    indikator, target : DataFrame, optional
        ``ws.indikator`` and ``ws.target_rpjmd``, for the kesenjangan
        component; neutral without them.
    selaras : Series, optional
        Alignment 0–1 (or bool) indexed by ``id_usulan``; missing ids are neutral.

    Returns
    -------
    DataFrame
        ``usulan`` with the columns :data:`KOLOM_SKOR`: the points of each
        component (``skor_biaya`` ≤ 0), ``skor`` (0–100), ``penjelasan`` and
        ``nilai_selaras`` (the alignment used, 0–1 or NaN).
    """
    skala = bobot.skala()
    out = usulan.copy()
    idx = out.index

    pri = nilai_prioritas(out["usulan_ke"], acuan)
    p_pri = bobot.prioritas * skala * pri.fillna(_NETRAL)

    sel = _selaras_input(out, selaras)
    p_sel = bobot.selaras * skala * sel.fillna(_NETRAL)

    kode = out["kode_kecamatan"].astype(object).where(out["kode_kecamatan"].notna(), None)
    tahun = pd.to_numeric(out["tahun"], errors="coerce")
    gap_c = pd.Series(np.nan, index=idx)
    gap_t = pd.Series(None, index=idx, dtype=object)
    for t in sorted(tahun.dropna().astype(int).unique()):
        g = kesenjangan_kecamatan(indikator, target, int(t), acuan=acuan)
        on = (tahun == t).to_numpy()
        gap_c[on] = kode[on].map(g["nilai_komponen"]).astype(float)
        gap_t[on] = kode[on].map(g["teks"])
    p_gap = bobot.kesenjangan * skala * gap_c.fillna(_NETRAL)

    anggaran = pd.to_numeric(out["anggaran"], errors="coerce").astype(float)
    pen = nilai_biaya(anggaran, acuan)
    p_bia = -bobot.biaya * skala * pen.fillna(0.0)

    total = p_pri + p_sel + p_gap + p_bia
    out["skor_prioritas"] = p_pri
    out["skor_selaras"] = p_sel
    out["skor_kesenjangan"] = p_gap
    out["skor_biaya"] = p_bia
    out["skor"] = total.clip(lower=0.0, upper=100.0)
    out["nilai_selaras"] = sel
    out["penjelasan"] = _penjelasan(
        out, pri, sel, gap_c, gap_t, anggaran, total, _kenapa_netral(indikator, target, acuan)
    )
    return out


def _penjelasan(
    out: pd.DataFrame,
    pri: pd.Series,
    sel: pd.Series,
    gap_c: pd.Series,
    gap_t: pd.Series,
    anggaran: pd.Series,
    total: pd.Series,
    netral_gap: str,
) -> np.ndarray:
    """The explanation of every row; each distinct phrase is formatted once."""

    def pts(col: str) -> np.ndarray:
        return out[col].round(1).to_numpy(float)

    def t_pri(rank: float, v: float, p: float) -> str:
        if v != v:
            return f"prioritas tidak diisi (netral, {_poin(p)})"
        return f"prioritas ke-{int(rank)} ({_poin(p)})"

    def t_sel(v: float, p: float) -> str:
        if v != v:
            return f"selaras belum dinilai (netral, {_poin(p)})"
        return f"selaras {angka(v, 2)} ({_poin(p)})"

    def t_gap(c: float, t: str, p: float) -> str:
        if c != c:
            return f"kesenjangan: {netral_gap} (netral, {_poin(p)})"
        return f"{t} ({_poin(p)})"

    pri_v = pri.to_numpy(float)
    rank = pd.to_numeric(out["usulan_ke"], errors="coerce").fillna(0).to_numpy(float, copy=True)
    rank[np.isnan(pri_v)] = 0
    rp = anggaran.fillna(0.0).to_numpy(float)
    biaya = "biaya " + _per_distinct(rupiah, rp) + " (" + _per_distinct(_poin, pts("skor_biaya"))
    biaya[~(rp > 0)] = "anggaran kosong (tidak dialokasikan"
    parts = [
        _per_distinct(t_pri, rank, pri_v, pts("skor_prioritas")),
        _per_distinct(t_sel, sel.round(2).to_numpy(float), pts("skor_selaras")),
        _per_distinct(
            t_gap, gap_c.to_numpy(float), gap_t.fillna("").to_numpy(object), pts("skor_kesenjangan")
        ),  # fmt: skip
        biaya + ")",
    ]
    text = parts[0] + " · " + parts[1] + " · " + parts[2] + " · " + parts[3]
    held = (total < 0).to_numpy()
    text[held] = text[held] + " · skor dibatasi 0"
    return text

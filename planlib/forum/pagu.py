"""Sharing the pagu indikatif out: which usulan to fund within the ceilings per kecamatan and OPD.

The question is a multi-dimensional 0/1 knapsack: choose usulan (``x_i`` ∈
{0, 1}) to maximise the total score ``Σ skor_i · x_i`` (the score of
:mod:`planlib.forum.skor`) subject to, for every kecamatan *k* and every OPD
*o* with a ceiling,

    Σ_{i in k} anggaran_i · x_i ≤ pagu_kecamatan[k]
    Σ_{i in o} anggaran_i · x_i ≤ pagu_opd[o]

How it is solved, and what :attr:`Alokasi.metode` then says:

1. The **LP relaxation** (``scipy.optimize.linprog``, HiGHS) gives an upper
   bound: no choice of usulan can score more.
2. A **greedy heuristic** gives a good choice in milliseconds: usulan in
   order of skor per Rupiah, each taken when it still fits both of its
   ceilings; and the same fill started from the usulan the LP takes whole.
   The better of the two is kept.
3. The **exact MILP** (``scipy.optimize.milp``, HiGHS branch and cut) is run
   with a time limit unless ``metode="greedy"`` (or, with ``"otomatis"``,
   above :data:`MAKS_MILP` usulan). When it proves optimality the label is
   ``"optimal (MILP)"``; when the time limit stops it, the better of its
   solution and the heuristic's is kept and the label gives the proven gap
   to the bound: ``"MILP batas waktu, selisih ≤ 0,05%"`` or
   ``"heuristik greedy, selisih ≤ 0,03% dari batas LP"``.

Measured (``benchmarks/bench_pagu.py``, ``docs/forum-pagu.md``): HiGHS proves
optimality within seconds for a few hundred usulan; for a few thousand it
usually stops at the time limit with a gap below 0.1 %, and at 50,000 usulan
the heuristic is both faster and closer to the bound than a time-limited MILP.
A run stopped by the time limit depends on the machine's speed: for a
reproducible what-if use ``metode="greedy"``, which is deterministic.

Usulan that cannot be funded whatever the pagu — no anggaran, a score of 0,
a kecamatan or OPD without a ceiling while ceilings of that kind are given,
an anggaran larger than the ceiling itself — are not allocated and listed
with the reason (:attr:`Alokasi.tidak_dialokasikan`).

:func:`bandingkan` lists what changes between two allocations (a pagu or a
weight changed), :func:`garis_batas` where the cut-off line falls in each
kecamatan or OPD, and :func:`pagu_bawaan` proposes ceilings from the data when
the workspace has none.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from ..formatting import angka, rupiah
from ..report import PlanlibError

#: Above this many usulan, ``metode="otomatis"`` skips the MILP (see the module docstring).
MAKS_MILP = 20_000
#: HiGHS presolve helps the MILP up to a few thousand usulan; above, it can outlast the time
#: limit without a solution (measured: 20,000 usulan, 13 s for a 10 s limit), so it is off.
#: The LP relaxation is always solved without presolve (5× faster at 50,000 usulan).
_PRESOLVE_MAKS = 5_000
#: Solver units: anggaran and pagu in millions of Rupiah keep HiGHS' tolerances meaningful.
_SATUAN = 1e6
#: Status of an usulan in :attr:`Alokasi.rincian`.
TERPILIH, TIDAK_TERPILIH, TIDAK_DIALOKASIKAN = "terpilih", "tidak terpilih", "tidak dialokasikan"
_METODE = ("otomatis", "milp", "greedy")
_KOSONG = "tidak ada usulan yang dapat dialokasikan"
_BEBAS = "optimal (tanpa batas pagu)"


@dataclass
class Alokasi:
    """The chosen usulan and how good the choice is proven to be.

    Attributes
    ----------
    terpilih : Series of bool
        Indexed by ``id_usulan``, every usulan given (False when not funded).
    metode : str
        How the choice was made, in Bahasa Indonesia (see the module docstring).
    optimal : bool
        Whether no other choice scores more (proven).
    nilai : float
        Total skor of the chosen usulan.
    batas_atas : float
        Proven upper bound of the total skor (equal to ``nilai`` when optimal).
    selisih : float
        ``(batas_atas − nilai) / batas_atas``: the choice is at most this far from the optimum.
    waktu_detik : float
        Wall time of :func:`alokasi`.
    per_kecamatan, per_opd : DataFrame
        Per ceiling: ``pagu`` (NaN without a ceiling), ``jumlah_usulan``,
        ``permintaan`` (anggaran asked), ``jumlah_terpilih``,
        ``anggaran_terpilih``, ``sisa`` and ``terpakai_persen``.
    rincian : DataFrame
        Per usulan (index ``id_usulan``): ``usulan``, ``kode_kecamatan``,
        ``nama_kecamatan``, ``opd``, ``anggaran``, ``skor``, ``penjelasan``
        (of the skor, when given), ``terpilih``, ``status`` (terpilih / tidak
        terpilih / tidak dialokasikan) and ``keterangan`` (why not).
    urutan : str
        The order the choice follows, for :func:`garis_batas`: ``"skor"``
        (MILP) or ``"efisiensi"`` (skor per Rupiah, the greedy order).
    """

    terpilih: pd.Series
    metode: str
    optimal: bool
    nilai: float
    batas_atas: float
    selisih: float
    waktu_detik: float
    per_kecamatan: pd.DataFrame
    per_opd: pd.DataFrame
    rincian: pd.DataFrame = field(repr=False)
    urutan: str = "skor"

    @property
    def tidak_dialokasikan(self) -> pd.DataFrame:
        """The usulan left out before solving, with the reason in ``keterangan``."""
        return self.rincian[self.rincian["status"] == TIDAK_DIALOKASIKAN]


# --------------------------------------------------------------------------- the problem


@dataclass
class _Soal:
    """The eligible usulan as arrays; constraint rows: kecamatan first, then OPD."""

    s: np.ndarray  # skor
    a: np.ndarray  # anggaran, Rupiah
    kec: np.ndarray  # constraint row of the usulan's kecamatan, or m (no ceiling)
    opd: np.ndarray  # constraint row of the usulan's OPD, or m
    b: np.ndarray  # ceilings, Rupiah (length m)

    @property
    def m(self) -> int:
        return len(self.b)

    def matrix(self) -> sparse.csr_array:
        n = len(self.s)
        rows, cols = [], []
        for r in (self.kec, self.opd):
            on = r < self.m
            rows.append(r[on])
            cols.append(np.flatnonzero(on))
        rows_, cols_ = np.concatenate(rows), np.concatenate(cols)
        return sparse.csr_array((self.a[cols_] / _SATUAN, (rows_, cols_)), shape=(self.m, n))

    def load(self, x: np.ndarray) -> np.ndarray:
        """Anggaran taken per constraint row (length m + 1; the last is the unbounded one)."""
        out = np.zeros(self.m + 1)
        for r in (self.kec, self.opd):
            np.add.at(out, r[x], self.a[x])
        return out


def _rincian(usulan: pd.DataFrame, kolom_opd: str) -> pd.DataFrame:
    if "id_usulan" not in usulan.columns or "skor" not in usulan.columns:
        raise PlanlibError("Usulan harus punya kolom id_usulan dan skor (lihat skor_usulan).")
    ids = usulan["id_usulan"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise PlanlibError(
            f"id_usulan ganda ({', '.join(dup.unique()[:5])}); alokasi butuh id unik."
        )

    def col(name: str) -> pd.Series:
        if name not in usulan.columns:
            return pd.Series(None, index=usulan.index, dtype=object)
        s = usulan[name].astype(object)
        return s.where(s.notna(), None)

    out = pd.DataFrame(
        {
            "usulan": col("usulan"),
            "kode_kecamatan": col("kode_kecamatan"),
            "nama_kecamatan": col("nama_kecamatan"),
            "opd": col(kolom_opd),
            "anggaran": pd.to_numeric(usulan["anggaran"], errors="coerce").astype(float),
            "skor": pd.to_numeric(usulan["skor"], errors="coerce").astype(float),
            "penjelasan": col("penjelasan"),
        }
    )
    out.index = pd.Index(ids.to_numpy(), name="id_usulan")
    out["terpilih"] = False
    out["status"] = TIDAK_DIALOKASIKAN
    out["keterangan"] = None
    return out


def _rp(values: pd.Series) -> pd.Series:
    """Rupiah texts, each distinct amount formatted once."""
    distinct = values.dropna().unique()
    return values.map(dict(zip(distinct, map(rupiah, distinct), strict=True)))


def _layak(r: pd.DataFrame, pagu_kec: dict | None, pagu_opd: dict | None) -> pd.Series:
    """Why each usulan cannot be allocated (None when it can compete); first reason wins."""
    why = np.full(len(r), None, dtype=object)

    def mark(mask: pd.Series, text: str | pd.Series) -> None:
        free = pd.isna(why) & mask.to_numpy()
        why[free] = text if isinstance(text, str) else text.to_numpy()[free]

    mark(~(r["anggaran"] > 0), "anggaran kosong")
    mark(~(r["skor"] > 0), "skor 0")
    for pagu, key, label in ((pagu_kec, "kode_kecamatan", "kecamatan"), (pagu_opd, "opd", "OPD")):
        if pagu is None:
            continue
        cap = r[key].map(lambda k, p=pagu: p.get(k) if k is not None else None).astype(float)
        mark(cap.isna(), f"{label} tanpa pagu")
        over = r["anggaran"] > cap
        if over.any():
            mark(over, "anggaran melebihi pagu " + label + " (" + _rp(cap.where(over)) + ")")
    return pd.Series(why, index=r.index, dtype=object)


def _soal(r: pd.DataFrame, pagu_kec: dict | None, pagu_opd: dict | None) -> _Soal:
    keys_k = sorted(pagu_kec) if pagu_kec is not None else []
    keys_o = sorted(pagu_opd) if pagu_opd is not None else []
    m = len(keys_k) + len(keys_o)
    row_k = {k: i for i, k in enumerate(keys_k)}
    row_o = {o: len(keys_k) + i for i, o in enumerate(keys_o)}
    b = np.array([float(pagu_kec[k]) for k in keys_k] + [float(pagu_opd[o]) for o in keys_o])
    return _Soal(
        s=r["skor"].to_numpy(float),
        a=r["anggaran"].to_numpy(float),
        kec=r["kode_kecamatan"].map(lambda k: row_k.get(k, m)).to_numpy(int),
        opd=r["opd"].map(lambda o: row_o.get(o, m)).to_numpy(int),
        b=b,
    )


# --------------------------------------------------------------------------- solvers


def _fill(p: _Soal, order: np.ndarray, x0: np.ndarray | None = None) -> np.ndarray:
    """Take usulan in ``order`` while they fit both their ceilings (starting from ``x0``)."""
    x = np.zeros(len(p.s), bool) if x0 is None else x0.copy()
    left = np.append(p.b, np.inf) - p.load(x)
    left[-1] = np.inf
    a, kec, opd = p.a.tolist(), p.kec.tolist(), p.opd.tolist()
    left_l = left.tolist()
    for i in order.tolist():
        if x[i]:
            continue
        ai, k, o = a[i], kec[i], opd[i]
        if ai <= left_l[k] and ai <= left_l[o]:
            left_l[k] -= ai
            left_l[o] -= ai
            x[i] = True
    return x


def _efisiensi_order(p: _Soal) -> np.ndarray:
    """Skor per Rupiah, high first; ties by skor, then by position (ids are sorted)."""
    return np.lexsort((np.arange(len(p.s)), -p.s, -p.s / p.a))


def _repair(p: _Soal, x: np.ndarray) -> np.ndarray:
    """Drop the least efficient usulan of any overfull ceiling (guards solver tolerances)."""
    x = x.copy()
    load = p.load(x)
    for row in np.flatnonzero(load[:-1] > p.b):
        members = np.flatnonzero(x & ((p.kec == row) | (p.opd == row)))
        for i in members[np.argsort(p.s[members] / p.a[members], kind="stable")]:
            if load[row] <= p.b[row]:
                break
            x[i] = False
            load[p.kec[i]] -= p.a[i]
            load[p.opd[i]] -= p.a[i]
    return x


def _lp(p: _Soal) -> tuple[float, np.ndarray | None]:
    """The LP relaxation: (upper bound, fractional solution)."""
    res = linprog(
        -p.s,
        A_ub=p.matrix(),
        b_ub=p.b / _SATUAN,
        bounds=(0, 1),
        method="highs",
        options={"presolve": False},
    )
    if res.status != 0:
        return float(p.s.sum()), None
    return float(-res.fun), res.x


def _heuristik(p: _Soal, x_lp: np.ndarray | None) -> np.ndarray:
    order = _efisiensi_order(p)
    best = _fill(p, order)
    if x_lp is not None:
        start = _repair(p, x_lp > 1 - 1e-7)
        cand = _fill(p, order, start)
        if p.s[cand].sum() > p.s[best].sum():
            best = cand
    return best


def _milp(p: _Soal, time_limit: float, toleransi: float):
    """The exact MILP: (solution or None, solved to tolerance, upper bound)."""
    n = len(p.s)
    res = milp(
        -p.s,
        constraints=LinearConstraint(p.matrix(), -np.inf, p.b / _SATUAN),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={
            "time_limit": float(time_limit),
            "mip_rel_gap": float(toleransi),
            "presolve": n <= _PRESOLVE_MAKS,
        },
    )
    bound = -res.mip_dual_bound if res.mip_dual_bound is not None else math.inf
    if res.x is None:
        return None, False, bound
    x = res.x > 0.5
    fixed = _repair(p, x)
    return fixed, res.status == 0 and bool((fixed == x).all()), bound


def _persen(gap: float) -> str:
    """A gap as a percentage rounded *up* to 0.01, so that "≤" stays true."""
    return angka(max(math.ceil(gap * 1e4 - 1e-9), 0) / 100, 2) + "%"


def _gap(nilai: float, batas: float) -> float:
    return max(0.0, (batas - nilai) / batas) if batas > 0 else 0.0


# --------------------------------------------------------------------------- allocation


def alokasi(
    usulan_berskor: pd.DataFrame,
    *,
    pagu_kecamatan: dict[str, float] | None = None,
    pagu_opd: dict[str, float] | None = None,
    metode: str = "otomatis",
    time_limit: float = 10.0,
    toleransi: float = 0.0,
    kolom_opd: str = "opd_tujuan",
) -> Alokasi:
    """Choose the usulan that maximise the total skor within the pagu indikatif.

    Parameters
    ----------
    usulan_berskor : DataFrame
        Usulan with ``id_usulan`` (unique), ``skor`` (see
        :func:`planlib.forum.skor.skor_usulan`), ``anggaran``,
        ``kode_kecamatan``, ``nama_kecamatan`` and the OPD column.
    pagu_kecamatan : dict, optional
        Ceiling in Rupiah per ``kode_kecamatan``; None for no kecamatan ceilings.
        When given, usulan of a kecamatan not in it are not allocated.
    pagu_opd : dict, optional
        Ceiling in Rupiah per OPD name (as in ``kolom_opd``); the same rules.
    metode : {"otomatis", "milp", "greedy"}
        ``"otomatis"``: the MILP up to :data:`MAKS_MILP` eligible usulan, the
        heuristic above; ``"milp"``: always try the MILP; ``"greedy"``: the
        heuristic only (fast and deterministic).
    time_limit : float
        Seconds the MILP may take.
    toleransi : float
        Relative gap at which the MILP may stop (0: prove optimality).
    kolom_opd : str
        The OPD column of the usulan.

    Returns
    -------
    Alokasi
    """
    if metode not in _METODE:
        raise PlanlibError(
            f"Metode alokasi tidak dikenal: {metode!r} (pilih {', '.join(_METODE)})."
        )
    t0 = time.perf_counter()
    r = _rincian(usulan_berskor, kolom_opd).sort_index(kind="stable")
    why = _layak(r, pagu_kecamatan, pagu_opd)
    r["keterangan"] = why
    ok = why.isna().to_numpy()
    p = _soal(r[ok], pagu_kecamatan, pagu_opd)

    if not ok.any():
        x, label, optimal, bound, urutan = np.zeros(0, bool), _KOSONG, True, 0.0, "skor"
    elif p.m == 0:
        x, label, optimal, urutan = np.ones(ok.sum(), bool), _BEBAS, True, "skor"
        bound = float(p.s.sum())
    else:
        x, label, optimal, bound, urutan = _solve(p, metode, time_limit, toleransi)

    r.loc[ok, "terpilih"] = x
    r.loc[ok, "status"] = np.where(x, TERPILIH, TIDAK_TERPILIH)
    nilai = float(p.s[x].sum()) if len(x) else 0.0
    out = Alokasi(
        terpilih=r["terpilih"].astype(bool),
        metode=label,
        optimal=optimal,
        nilai=nilai,
        batas_atas=nilai if optimal else bound,
        selisih=0.0 if optimal else _gap(nilai, bound),
        waktu_detik=0.0,
        per_kecamatan=_ringkas(r, "kode_kecamatan", pagu_kecamatan),
        per_opd=_ringkas(r, "opd", pagu_opd),
        rincian=r,
        urutan=urutan,
    )
    _alasan_tidak_terpilih(out)
    out.waktu_detik = time.perf_counter() - t0
    return out


def _solve(p: _Soal, metode: str, time_limit: float, toleransi: float):
    """(x, label, optimal, upper bound, urutan) for a problem with at least one ceiling."""
    lp_bound, x_lp = _lp(p)
    x_h = _heuristik(p, x_lp)
    v_h = float(p.s[x_h].sum())
    use_milp = metode == "milp" or (metode == "otomatis" and len(p.s) <= MAKS_MILP)
    if use_milp:
        x_m, solved, milp_bound = _milp(p, time_limit, toleransi)
        bound = min(lp_bound, milp_bound)
        if x_m is not None and solved and toleransi == 0:
            return x_m, "optimal (MILP)", True, float(p.s[x_m].sum()), "skor"
        if x_m is not None and p.s[x_m].sum() >= v_h:
            gap = _gap(float(p.s[x_m].sum()), bound)
            head = "MILP" if solved else "MILP batas waktu"
            return x_m, f"{head}, selisih ≤ {_persen(gap)}", gap <= 1e-9, bound, "skor"
        dari = "batas MILP" if milp_bound < lp_bound else "batas LP"
    else:
        bound, dari = lp_bound, "batas LP"
    gap = _gap(v_h, bound)
    if gap <= 1e-9:
        label = f"optimal (heuristik greedy mencapai {dari})"
    else:
        label = f"heuristik greedy, selisih ≤ {_persen(gap)} dari {dari}"
    return x_h, label, gap <= 1e-9, bound, "efisiensi"


def _ringkas(r: pd.DataFrame, key: str, pagu: dict | None) -> pd.DataFrame:
    """Per kecamatan or OPD: pagu, demand and what was chosen."""
    d = pd.DataFrame(
        {
            key: r[key].to_numpy(),
            "minta": r["anggaran"].where(r["anggaran"] > 0).to_numpy(),
            "pilih": r["terpilih"].to_numpy(int),
            "ambil": r["anggaran"].where(r["terpilih"], 0.0).to_numpy(),
        }
    )
    g = d.groupby(key, sort=True).agg(
        jumlah_usulan=("pilih", "size"),
        permintaan=("minta", "sum"),
        jumlah_terpilih=("pilih", "sum"),
        anggaran_terpilih=("ambil", "sum"),
    )
    keys = sorted(set(g.index) | set(pagu or {}))
    out = pd.DataFrame(index=pd.Index(keys, name=key))
    if key == "kode_kecamatan":
        names = r.drop_duplicates(key).set_index(key)["nama_kecamatan"]
        out["nama_kecamatan"] = names.reindex(out.index)
    out["pagu"] = pd.Series(pagu or {}, dtype=float).reindex(out.index)
    out = out.join(g)
    out[["jumlah_usulan", "jumlah_terpilih"]] = (
        out[["jumlah_usulan", "jumlah_terpilih"]].fillna(0).astype(int)
    )
    out[["permintaan", "anggaran_terpilih"]] = out[["permintaan", "anggaran_terpilih"]].fillna(0.0)
    out["sisa"] = out["pagu"] - out["anggaran_terpilih"]
    out["terpakai_persen"] = 100 * out["anggaran_terpilih"] / out["pagu"].where(out["pagu"] > 0)
    return out


def _alasan_tidak_terpilih(al: Alokasi) -> None:
    """Why each competing usulan was not chosen: which ceiling has too little left."""
    r = al.rincian
    lost = (r["status"] == TIDAK_TERPILIH).to_numpy()
    if not lost.any():
        return
    a = r["anggaran"][lost]
    texts = np.full(len(a), "masih muat dalam sisa pagu (pilihan belum optimal)", dtype=object)
    for table, key, label in (
        (al.per_opd, "opd", "OPD"),
        (al.per_kecamatan, "kode_kecamatan", "kecamatan"),
    ):
        sisa = r[key][lost].map(table["sisa"]).astype(float)
        short = (a > sisa).to_numpy()
        if short.any():
            words = f"sisa pagu {label} " + _rp(sisa[short]) + " < anggaran " + _rp(a[short])
            texts[short] = words.to_numpy()
    r.loc[lost, "keterangan"] = texts


# --------------------------------------------------------------------------- what-if


def bandingkan(a: Alokasi, b: Alokasi, usulan: pd.DataFrame | None = None) -> pd.DataFrame:
    """The usulan that come in or fall off between allocation ``a`` (before) and ``b`` (after).

    Parameters
    ----------
    a, b : Alokasi
        Before and after a change of pagu or weights.
    usulan : DataFrame, optional
        Extra columns to show (any columns of the usulan, joined on ``id_usulan``).

    Returns
    -------
    DataFrame
        One row per changed usulan: ``id_usulan``, ``perubahan`` (``"masuk"``:
        funded in ``b`` only; ``"keluar"``: funded in ``a`` only), ``skor``
        (in ``b``), ``skor_sebelum`` (in ``a``), ``anggaran``,
        ``kode_kecamatan``, ``nama_kecamatan``, ``opd``, ``usulan`` and
        ``keterangan`` (in ``b``: why it is out now); "masuk" first, then by
        skor, high first.
    """
    ids = a.terpilih.index.union(b.terpilih.index)
    ta = a.terpilih.reindex(ids, fill_value=False).astype(bool)
    tb = b.terpilih.reindex(ids, fill_value=False).astype(bool)
    changed = ids[(ta != tb).to_numpy()]
    info = b.rincian.combine_first(a.rincian).reindex(changed)
    out = pd.DataFrame(
        {
            "id_usulan": changed,
            "perubahan": np.where(tb[changed], "masuk", "keluar"),
            "skor": info["skor"].to_numpy(float),
            "skor_sebelum": a.rincian["skor"].reindex(changed).to_numpy(float),
            "anggaran": info["anggaran"].to_numpy(float),
            "kode_kecamatan": info["kode_kecamatan"].to_numpy(),
            "nama_kecamatan": info["nama_kecamatan"].to_numpy(),
            "opd": info["opd"].to_numpy(),
            "usulan": info["usulan"].to_numpy(),
            "keterangan": b.rincian["keterangan"].reindex(changed).to_numpy(),
        }
    )
    out = _extra(out, usulan)
    out = out.sort_values(
        ["perubahan", "skor", "id_usulan"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)


def _extra(out: pd.DataFrame, usulan: pd.DataFrame | None) -> pd.DataFrame:
    if usulan is None:
        return out
    more = usulan.assign(id_usulan=usulan["id_usulan"].astype(str)).drop_duplicates("id_usulan")
    cols = [c for c in more.columns if c not in out.columns or c == "id_usulan"]
    return out.merge(more[cols], on="id_usulan", how="left")


def garis_batas(
    alokasi: Alokasi,
    usulan: pd.DataFrame | None = None,
    by: str = "kecamatan",
    urutan: str | None = None,
) -> pd.DataFrame:
    """Where the cut-off line falls in each kecamatan or OPD.

    Among the usulan that competed (not those left out beforehand), ranked by
    ``urutan`` — by default the order the allocation followed
    (:attr:`Alokasi.urutan`: ``"skor"`` or ``"efisiensi"``, skor per Rupiah)
    — the last funded usulan and the first unfunded one. With the exact MILP
    the last funded may score less than the first unfunded: it was cheaper.

    Parameters
    ----------
    alokasi : Alokasi
    usulan : DataFrame, optional
        Extra columns of the usulan (joined on ``id_usulan`` with the suffixes
        ``_terpilih`` / ``_tidak_terpilih``); the usulan text is already there.
    by : {"kecamatan", "opd"}
    urutan : {"skor", "efisiensi"}, optional

    Returns
    -------
    DataFrame
        One row per kecamatan (index ``kode_kecamatan``) or OPD (index ``opd``)
        with the columns of :attr:`Alokasi.per_kecamatan` / ``per_opd``,
        ``urutan``, and for the last funded usulan ``terpilih_terendah_id``,
        ``…_skor``, ``…_anggaran``, ``…_usulan``, for the first unfunded
        ``tidak_terpilih_tertinggi_id``, ``…_skor``, ``…_anggaran``,
        ``…_usulan``, ``…_keterangan`` (empty when there is none).
    """
    if by not in ("kecamatan", "opd"):
        raise PlanlibError(f"garis_batas: by harus 'kecamatan' atau 'opd', bukan {by!r}.")
    urutan = urutan or alokasi.urutan
    if urutan not in ("skor", "efisiensi"):
        raise PlanlibError(f"Urutan tidak dikenal: {urutan!r} (pilih skor atau efisiensi).")
    key = "kode_kecamatan" if by == "kecamatan" else "opd"
    table = (alokasi.per_kecamatan if by == "kecamatan" else alokasi.per_opd).copy()
    r = alokasi.rincian
    r = r[r["status"] != TIDAK_DIALOKASIKAN].assign(efisiensi=lambda d: d["skor"] / d["anggaran"])
    r = r.reset_index().sort_values(
        [urutan, "skor", "id_usulan"], ascending=[False, False, True], kind="stable"
    )
    table["urutan"] = urutan
    fields = ["id_usulan", "skor", "anggaran", "usulan"]
    last = r[r["terpilih"]].drop_duplicates(key, keep="last").set_index(key)
    first = r[~r["terpilih"]].drop_duplicates(key, keep="first").set_index(key)
    for name, part, cols in (
        ("terpilih_terendah", last, fields),
        ("tidak_terpilih_tertinggi", first, [*fields, "keterangan"]),
    ):
        for c in cols:
            suffix = "id" if c == "id_usulan" else c
            table[f"{name}_{suffix}"] = part[c].reindex(table.index)
    if usulan is not None:
        extra = usulan.assign(id_usulan=usulan["id_usulan"].astype(str)).drop_duplicates(
            "id_usulan"
        )
        extra = extra.set_index("id_usulan")
        for name in ("terpilih_terendah", "tidak_terpilih_tertinggi"):
            joined = extra.reindex(table[f"{name}_id"].to_numpy())
            for c in joined.columns:
                if f"{name}_{c}" not in table.columns:
                    table[f"{name}_{c}"] = joined[c].to_numpy()
    return table


#: Headers of :func:`tabel_ekspor` (Bahasa Indonesia), from the columns of :attr:`Alokasi.rincian`.
KOLOM_EKSPOR = {
    "id_usulan": "ID Usulan",
    "usulan": "Usulan",
    "nama_kecamatan": "Kecamatan",
    "opd": "OPD Tujuan",
    "anggaran": "Anggaran (Rp)",
    "skor": "Skor",
    "penjelasan": "Penjelasan Skor",
    "status": "Status Alokasi",
    "keterangan": "Keterangan",
}


def tabel_ekspor(alokasi: Alokasi) -> pd.DataFrame:
    """Every usulan with its allocation, headed in Bahasa Indonesia, best-scoring first.

    Meant for a spreadsheet export (``planlib pagu … --out``): the columns of
    :data:`KOLOM_EKSPOR`, sorted by status (terpilih first), kecamatan, then
    skor from high to low.
    """
    r = alokasi.rincian.reset_index()
    rank = r["status"].map({TERPILIH: 0, TIDAK_TERPILIH: 1, TIDAK_DIALOKASIKAN: 2})
    r = r.assign(_rank=rank).sort_values(
        ["_rank", "nama_kecamatan", "skor", "id_usulan"],
        ascending=[True, True, False, True],
        kind="stable",
        na_position="last",
    )
    return r[list(KOLOM_EKSPOR)].rename(columns=KOLOM_EKSPOR).reset_index(drop=True)


# --------------------------------------------------------------------------- default pagu


@dataclass
class PaguBawaan:
    """Ceilings proposed from the data, and where they come from (Bahasa Indonesia)."""

    kecamatan: dict[str, float] | None
    opd: dict[str, float] | None
    keterangan: list[str]


def pagu_bawaan(
    usulan: pd.DataFrame,
    *,
    renja: pd.DataFrame | None = None,
    tahun: int | None = None,
    total: float | None = None,
    cara: str = "proporsional",
    porsi: float = 0.4,
    kolom_opd: str = "opd_tujuan",
) -> PaguBawaan:
    """Default ceilings when the workspace has no pagu indikatif.

    - **per OPD**: the Renja's pagu summed per OPD for ``tahun`` (else the
      latest earlier year, else the latest year); no OPD ceilings without a
      Renja. OPD of the usulan that are not in the Renja get no ceiling, so
      their usulan are not allocated (the keterangan names them).
    - **per kecamatan**: a total — ``total`` when given, else the Renja pagu
      of the OPD that receive usulan, else ``porsi`` (40 %) of the anggaran
      asked — split ``"proporsional"`` to the anggaran asked in each
      kecamatan, or ``"rata"`` (evenly) among the kecamatan with usulan.

    Parameters
    ----------
    usulan : DataFrame
        One year's usulan (``kode_kecamatan``, ``anggaran``, the OPD column).
    renja : DataFrame, optional
        ``ws.renja`` (``opd``, ``pagu``, ``tahun``).
    tahun : int, optional
        The planning year; by default the latest ``tahun`` of the usulan.
    total : float, optional
        Total to split among the kecamatan (Rupiah).
    cara : {"proporsional", "rata"}
    porsi : float
        Share of the anggaran asked used as total when there is neither
        ``total`` nor a Renja.
    kolom_opd : str

    Returns
    -------
    PaguBawaan
    """
    if cara not in ("proporsional", "rata"):
        raise PlanlibError(
            f"Cara pembagian pagu tidak dikenal: {cara!r} (pilih proporsional atau rata)."
        )
    notes: list[str] = []
    a = pd.to_numeric(usulan["anggaran"], errors="coerce").astype(float)
    a = a.where(a > 0)
    if tahun is None and len(usulan):
        tahun = int(pd.to_numeric(usulan["tahun"], errors="coerce").max())
    opd = _pagu_renja(usulan, renja, tahun, kolom_opd, notes)

    minta = a.groupby(usulan["kode_kecamatan"].astype(object), observed=True).sum()
    minta = minta[minta > 0].sort_index()
    if total is not None:
        sumber = f"total yang diberikan ({rupiah(total)})"
    elif opd:
        asked = set(usulan[kolom_opd].dropna().astype(str))
        total = float(sum(v for k, v in opd.items() if k in asked))
        sumber = f"jumlah pagu Renja OPD yang menerima usulan ({rupiah(total)})"
    else:
        total = porsi * float(minta.sum())
        sumber = f"{angka(100 * porsi)}% dari anggaran usulan ({rupiah(total)})"
    if minta.empty:
        notes.append("Tidak ada usulan beranggaran: pagu kecamatan tidak dibuat.")
        return PaguBawaan(None, opd, notes)
    share = (
        minta / minta.sum()
        if cara == "proporsional"
        else pd.Series(1 / len(minta), index=minta.index)
    )
    kec = {str(k): float(total * v) for k, v in share.items()}
    how = "sebanding anggaran usulan tiap kecamatan" if cara == "proporsional" else "dibagi rata"
    notes.append(f"Pagu kecamatan: {sumber}, {how} ({len(kec)} kecamatan).")
    return PaguBawaan(kec, opd, notes)


def _pagu_renja(usulan, renja, tahun, kolom_opd, notes: list[str]) -> dict[str, float] | None:
    if renja is None or renja.empty or "pagu" not in renja.columns:
        notes.append("Pagu OPD: tidak ada Renja dengan pagu, jadi tidak ada batas per OPD.")
        return None
    years = pd.to_numeric(renja["tahun"], errors="coerce")
    known = sorted(years.dropna().astype(int).unique())
    if not known:
        y, rows = None, renja
    else:
        earlier = [v for v in known if tahun is None or v <= tahun]
        y = earlier[-1] if earlier else known[-1]
        rows = renja[(years == y).to_numpy()]
    pagu = rows.groupby(rows["opd"].astype(object))["pagu"].sum(min_count=1).dropna()
    opd = {str(k): float(v) for k, v in pagu.items() if v > 0}
    when = f" {y}" if y is not None else ""
    notes.append(
        f"Pagu OPD: jumlah pagu Renja{when} per OPD ({len(opd)} OPD, total "
        f"{rupiah(sum(opd.values()))})."
    )
    missing = sorted(set(usulan[kolom_opd].dropna().astype(str)) - set(opd))
    if missing:
        names = ", ".join(missing[:3]) + (
            f" dan {len(missing) - 3} lainnya" if len(missing) > 3 else ""
        )
        notes.append(
            f"{len(missing)} OPD tujuan usulan tidak ada di Renja{when} ({names}): "
            "usulannya tidak dialokasikan."
        )
    return opd

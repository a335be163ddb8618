"""The 0/1 knapsack behind the pagu allocation: LP bound, greedy heuristic, exact MILP.

The problem (:class:`Knapsack`) is plain arrays: a skor and an anggaran per
usulan, and for each usulan the constraint row of its kecamatan and of its
OPD (and, for a pokir, of its DPRD member). :func:`solve` maximises ``Σ skor_i · x_i`` with, for every row *r*,
``Σ_{i in r} anggaran_i · x_i ≤ b_r``:

1. :func:`lp_bound`, the LP relaxation (``scipy.optimize.linprog``, HiGHS),
   gives an upper bound: no choice of usulan can score more.
2. :func:`greedy` takes usulan in order of skor per Rupiah, each when it
   still fits both of its ceilings, and the same fill started from the usulan
   the LP takes whole; the better of the two is kept.
3. :func:`milp_exact` (``scipy.optimize.milp``, HiGHS branch and cut) runs
   with a time limit unless ``metode="greedy"`` (or, with ``"otomatis"``,
   above :data:`MAKS_MILP` usulan).

The label of the result (:attr:`Solution.metode`, Bahasa Indonesia) says which
won and the proven gap to the bound. Nothing here knows about data frames;
:mod:`planlib.forum.pagu.allocation` builds the problem from the usulan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from ...formatting import angka

#: Above this many usulan, ``metode="otomatis"`` skips the MILP (``docs/forum-pagu.md``).
MAKS_MILP = 20_000
#: The methods :func:`solve` accepts.
METODE = ("otomatis", "milp", "greedy")
#: HiGHS presolve helps the MILP up to a few thousand usulan; above, it can outlast the time
#: limit without a solution (measured: 20,000 usulan, 13 s for a 10 s limit), so it is off.
#: The LP relaxation is always solved without presolve (5× faster at 50,000 usulan).
_PRESOLVE_MAKS = 5_000
#: Solver units: anggaran and pagu in millions of Rupiah keep HiGHS' tolerances meaningful.
_SATUAN = 1e6


@dataclass
class Knapsack:
    """The eligible usulan as arrays; constraint rows: kecamatan first, then OPD.

    Attributes
    ----------
    s : ndarray of float
        Skor per usulan (> 0).
    a : ndarray of float
        Anggaran per usulan, Rupiah (> 0).
    kec, opd : ndarray of int
        Constraint row of the usulan's kecamatan / OPD, or ``m`` when it has
        no ceiling of that kind.
    b : ndarray of float
        The ceilings, Rupiah (length ``m``).
    anggota : ndarray of int, optional
        Constraint row of the DPRD member of a pokir (their ceiling), or ``m``;
        None when no member has a ceiling.
    """

    s: np.ndarray
    a: np.ndarray
    kec: np.ndarray
    opd: np.ndarray
    b: np.ndarray
    anggota: np.ndarray | None = None

    @property
    def groups(self) -> tuple[np.ndarray, ...]:
        """The constraint row arrays of every kind of ceiling an usulan may have."""
        return (self.kec, self.opd) if self.anggota is None else (self.kec, self.opd, self.anggota)

    @property
    def m(self) -> int:
        """Number of ceilings (constraint rows)."""
        return len(self.b)

    def matrix(self) -> sparse.csr_array:
        """The constraint matrix (``m`` × usulan), anggaran in millions of Rupiah.

        Returns
        -------
        scipy.sparse.csr_array
            Row *r*, column *i*: the anggaran of usulan *i* (in millions) when its
            kecamatan or OPD ceiling is row *r*, else 0.
        """
        n = len(self.s)
        rows, cols = [], []
        for r in self.groups:
            on = r < self.m
            rows.append(r[on])
            cols.append(np.flatnonzero(on))
        rows_, cols_ = np.concatenate(rows), np.concatenate(cols)
        return sparse.csr_array((self.a[cols_] / _SATUAN, (rows_, cols_)), shape=(self.m, n))

    def load(self, x: np.ndarray) -> np.ndarray:
        """Anggaran taken per constraint row.

        Parameters
        ----------
        x : ndarray of bool
            Chosen usulan.

        Returns
        -------
        ndarray of float
            Length ``m + 1``; the last entry collects the usulan without a ceiling.
        """
        out = np.zeros(self.m + 1)
        for r in self.groups:
            np.add.at(out, r[x], self.a[x])
        return out


@dataclass(frozen=True)
class Solution:
    """What :func:`solve` chose and how good the choice is proven to be.

    Attributes
    ----------
    x : ndarray of bool
        Chosen usulan.
    metode : str
        The label, e.g. ``"optimal (MILP)"`` or
        ``"heuristik greedy, selisih ≤ 0,03% dari batas LP"``.
    optimal : bool
        Whether no other choice scores more (proven).
    batas_atas : float
        Proven upper bound of the total skor.
    urutan : str
        ``"skor"`` (MILP) or ``"efisiensi"`` (skor per Rupiah, the greedy order).
    """

    x: np.ndarray
    metode: str
    optimal: bool
    batas_atas: float
    urutan: str


def _fill(p: Knapsack, order: np.ndarray, x0: np.ndarray | None = None) -> np.ndarray:
    """Take usulan in ``order`` while they fit both their ceilings (starting from ``x0``)."""
    x = np.zeros(len(p.s), bool) if x0 is None else x0.copy()
    left = np.append(p.b, np.inf) - p.load(x)
    left[-1] = np.inf
    a, kec, opd = p.a.tolist(), p.kec.tolist(), p.opd.tolist()
    left_l = left.tolist()
    if p.anggota is not None:  # a third ceiling: the pokir's member
        an = p.anggota.tolist()
        for i in order.tolist():
            ai, k, o, g = a[i], kec[i], opd[i], an[i]
            if not x[i] and ai <= left_l[k] and ai <= left_l[o] and ai <= left_l[g]:
                left_l[k] -= ai
                left_l[o] -= ai
                left_l[g] -= ai
                x[i] = True
        return x
    for i in order.tolist():
        if x[i]:
            continue
        ai, k, o = a[i], kec[i], opd[i]
        if ai <= left_l[k] and ai <= left_l[o]:
            left_l[k] -= ai
            left_l[o] -= ai
            x[i] = True
    return x


def _efisiensi_order(p: Knapsack) -> np.ndarray:
    """Skor per Rupiah, high first; ties by skor, then by position (ids are sorted)."""
    return np.lexsort((np.arange(len(p.s)), -p.s, -p.s / p.a))


def _repair(p: Knapsack, x: np.ndarray) -> np.ndarray:
    """Drop the least efficient usulan of any overfull ceiling (guards solver tolerances)."""
    x = x.copy()
    load = p.load(x)
    for row in np.flatnonzero(load[:-1] > p.b):
        members = np.flatnonzero(x & np.logical_or.reduce([g == row for g in p.groups]))
        for i in members[np.argsort(p.s[members] / p.a[members], kind="stable")]:
            if load[row] <= p.b[row]:
                break
            x[i] = False
            for g in p.groups:
                load[g[i]] -= p.a[i]
    return x


def lp_bound(p: Knapsack) -> tuple[float, np.ndarray | None]:
    """The LP relaxation of ``p``.

    Parameters
    ----------
    p : Knapsack

    Returns
    -------
    tuple of (float, ndarray or None)
        The upper bound of the total skor, and the fractional solution (None
        when the LP could not be solved; the bound is then the sum of all skor).
    """
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


def greedy(p: Knapsack, x_lp: np.ndarray | None = None) -> np.ndarray:
    """The greedy heuristic: fill by skor per Rupiah, also from the LP's whole usulan.

    Parameters
    ----------
    p : Knapsack
    x_lp : ndarray, optional
        The LP relaxation's solution (:func:`lp_bound`); its usulan taken
        whole seed a second fill.

    Returns
    -------
    ndarray of bool
        The better of the two fills; deterministic.
    """
    order = _efisiensi_order(p)
    best = _fill(p, order)
    if x_lp is not None:
        start = _repair(p, x_lp > 1 - 1e-7)
        cand = _fill(p, order, start)
        if p.s[cand].sum() > p.s[best].sum():
            best = cand
    return best


def milp_exact(
    p: Knapsack, time_limit: float, toleransi: float
) -> tuple[np.ndarray | None, bool, float]:
    """The exact MILP (HiGHS branch and cut) within ``time_limit`` seconds.

    Parameters
    ----------
    p : Knapsack
    time_limit : float
        Seconds HiGHS may take.
    toleransi : float
        Relative gap at which HiGHS may stop (0: prove optimality).

    Returns
    -------
    tuple of (ndarray or None, bool, float)
        The solution (None when none was found in time), whether it was
        solved to ``toleransi``, and HiGHS' upper bound (inf when unknown).
    """
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
        return None, False, float(bound)
    x = res.x > 0.5
    fixed = _repair(p, x)
    return fixed, res.status == 0 and bool((fixed == x).all()), float(bound)


def _persen(gap: float) -> str:
    """A gap as a percentage rounded *up* to 0.01, so that "≤" stays true."""
    return angka(max(math.ceil(gap * 1e4 - 1e-9), 0) / 100, 2) + "%"


def relative_gap(nilai: float, batas: float) -> float:
    """``(batas − nilai) / batas``, at least 0 (0 when the bound is not positive).

    Parameters
    ----------
    nilai : float
        Total skor of a choice.
    batas : float
        A proven upper bound.

    Returns
    -------
    float
    """
    return max(0.0, (batas - nilai) / batas) if batas > 0 else 0.0


def solve(p: Knapsack, metode: str, time_limit: float, toleransi: float) -> Solution:
    """Solve a problem with at least one ceiling (see the module docstring).

    Parameters
    ----------
    p : Knapsack
    metode : {"otomatis", "milp", "greedy"}
        ``"otomatis"``: the MILP up to :data:`MAKS_MILP` usulan, the
        heuristic above; ``"milp"``: always try the MILP; ``"greedy"``: the
        heuristic only.
    time_limit : float
        Seconds the MILP may take.
    toleransi : float
        Relative gap at which the MILP may stop.

    Returns
    -------
    Solution
    """
    bound_lp, x_lp = lp_bound(p)
    x_h = greedy(p, x_lp)
    v_h = float(p.s[x_h].sum())
    use_milp = metode == "milp" or (metode == "otomatis" and len(p.s) <= MAKS_MILP)
    if use_milp:
        x_m, solved, bound_milp = milp_exact(p, time_limit, toleransi)
        bound = min(bound_lp, bound_milp)
        if x_m is not None and solved and toleransi == 0:
            return Solution(x_m, "optimal (MILP)", True, float(p.s[x_m].sum()), "skor")
        if x_m is not None and p.s[x_m].sum() >= v_h:
            gap = relative_gap(float(p.s[x_m].sum()), bound)
            head = "MILP" if solved else "MILP batas waktu"
            return Solution(x_m, f"{head}, selisih ≤ {_persen(gap)}", gap <= 1e-9, bound, "skor")
        dari = "batas MILP" if bound_milp < bound_lp else "batas LP"
    else:
        bound, dari = bound_lp, "batas LP"
    gap = relative_gap(v_h, bound)
    if gap <= 1e-9:
        label = f"optimal (heuristik greedy mencapai {dari})"
    else:
        label = f"heuristik greedy, selisih ≤ {_persen(gap)} dari {dari}"
    return Solution(x_h, label, gap <= 1e-9, bound, "efisiensi")

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

The package is split by job; every name below is importable from
``planlib.forum.pagu``:

- :mod:`~planlib.forum.pagu.solver`: the knapsack (LP bound, greedy, MILP) on arrays;
- :mod:`~planlib.forum.pagu.allocation`: :func:`alokasi`, :class:`Alokasi`, :func:`tabel_ekspor`;
- :mod:`~planlib.forum.pagu.comparison`: :func:`bandingkan`, :func:`garis_batas`;
- :mod:`~planlib.forum.pagu.defaults`: :func:`pagu_bawaan`, :class:`PaguBawaan`.
"""

from .allocation import (
    KOLOM_EKSPOR,
    TERPILIH,
    TIDAK_DIALOKASIKAN,
    TIDAK_TERPILIH,
    Alokasi,
    alokasi,
    tabel_ekspor,
)
from .comparison import bandingkan, garis_batas
from .defaults import PaguBawaan, pagu_bawaan
from .solver import MAKS_MILP

__all__ = [
    "KOLOM_EKSPOR",
    "MAKS_MILP",
    "TERPILIH",
    "TIDAK_DIALOKASIKAN",
    "TIDAK_TERPILIH",
    "Alokasi",
    "PaguBawaan",
    "alokasi",
    "bandingkan",
    "garis_batas",
    "pagu_bawaan",
    "tabel_ekspor",
]

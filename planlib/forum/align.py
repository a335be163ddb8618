"""Placing usulan in the plan: the workspace-level entry points of matching.

For each usulan of a year, :func:`align` suggests the OPD, the pohon kinerja
node and the Renja sub-kegiatan where it belongs, with a confidence score
(``skor``, 0–1) and the reason in Bahasa Indonesia, flags usulan that feed
no RPJMD target as *tidak selaras*, and lets the analysts' overrides
(:mod:`planlib.forum.keputusan`) win. ``docs/forum-align.md`` gives the
method and the measured accuracy. The work is split by job:

- :mod:`planlib.teks`: normalising the text, stop words, the kamus and its
  abbreviations;
- :mod:`planlib.forum.plan_candidates`: the plan's candidate places, the
  RPJMD indicator each reaches, OPD names, why a placement is not selaras;
- :mod:`planlib.forum.matcher`: the TF-IDF and kamus scoring (:class:`Matcher`);
- :mod:`planlib.forum.overrides`: the analysts' overrides.

Every name callers used from this module is still importable from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..neutralise import write_csv
from ..report import PlanlibError
from ..teks import KAMUS_COLUMNS, STOPWORDS, KamusError, Normaliser, load_kamus
from .matcher import (
    BOBOT_KAMUS,
    BOBOT_KAMUS_MASALAH,
    BOBOT_KATA_KERJA,
    BOBOT_USULAN,
    KATA_KERJA,
    Matcher,
    columns,
)
from .plan_candidates import (
    AMBANG_NAMA_OPD,
    AMBANG_SELARAS,
    plan_candidates,
    resolve_opd,
    rpjmd_reach,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

__all__ = [
    "AMBANG_NAMA_OPD", "AMBANG_SELARAS", "BOBOT_KAMUS", "BOBOT_KAMUS_MASALAH",
    "BOBOT_KATA_KERJA", "BOBOT_USULAN", "CSV_COLUMNS", "KAMUS_COLUMNS", "KATA_KERJA",
    "STOPWORDS", "AlignError", "KamusError", "Matcher", "Normaliser", "align", "columns",
    "load_kamus", "matcher_for", "plan_candidates", "resolve_opd", "rpjmd_reach",
    "write_align_csv",
]  # fmt: skip

#: Columns of the CSV written by :func:`write_align_csv`.
CSV_COLUMNS = ["id_usulan", "opd_saran", "node_saran", "skor", "alasan", "selaras"]


class AlignError(PlanlibError, ValueError):
    """The usulan cannot be matched (no usulan for the year …)."""


def matcher_for(ws: Workspace) -> Matcher:
    """The workspace's matcher with planlib's kamus, fitted once and kept on ``ws``.

    Parameters
    ----------
    ws : Workspace
        From :func:`planlib.open_workspace`.

    Returns
    -------
    Matcher
        :meth:`Matcher.from_workspace`, memoised in ``ws.derived``.
    """
    return ws.derived("align.matcher", lambda: Matcher.from_workspace(ws))


def align(
    ws: Workspace, tahun: int, *, overrides: pd.DataFrame | None = None, top: int = 3
) -> pd.DataFrame:
    """Place every usulan of one year in the plan.

    Parameters
    ----------
    ws : Workspace
        From :func:`planlib.open_workspace`.
    tahun : int
        The planning year.
    overrides : DataFrame, optional
        The analysts' corrections (``id_usulan, tahun, opd, node_id`` and
        optionally ``alasan, oleh``), e.g.
        ``KeputusanStore(ws.root).overrides(tahun)``; they win over the
        suggestions (see :meth:`Matcher.apply_overrides`).
    top : int
        How many OPD to rank per usulan.

    Returns
    -------
    DataFrame
        One row per usulan of the year, in file order: ``id_usulan``,
        ``tahun``, then the columns of :meth:`Matcher.suggest`; ``sumber`` is
        ``"saran"`` or ``"penyesuaian"``. The suggestions are computed once
        per workspace object, year and ``top``; the overrides are applied at
        every call.

    Raises
    ------
    AlignError
        The workspace has no usulan for ``tahun``.
    """
    try:
        usulan = ws.usulan_of(tahun).reset_index(drop=True)
    except PlanlibError as e:
        raise AlignError(str(e)) from None
    m = matcher_for(ws)

    def suggest() -> pd.DataFrame:  # the suggestions are kept; overrides change between calls
        saran = m.suggest(usulan, top)
        saran.insert(1, "tahun", int(tahun))
        return saran

    out = ws.derived(("align.saran", int(tahun), int(top)), suggest).copy()
    return m.apply_overrides(out, overrides, usulan) if overrides is not None else out


def write_align_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write the suggestions as UTF-8 CSV with exactly :data:`CSV_COLUMNS`.

    Parameters
    ----------
    df : DataFrame
        From :func:`align` (or :meth:`Matcher.suggest`).
    path : path-like
        The CSV file; its folder must exist.

    Returns
    -------
    Path
        ``path``. ``selaras`` is written ``true``/``false``, ``skor`` with a
        decimal point, an empty node as an empty cell.
    """
    path = Path(path)
    out = df[CSV_COLUMNS].copy()
    out["selaras"] = np.where(out["selaras"].astype(bool), "true", "false")
    out["skor"] = out["skor"].map(lambda x: f"{float(x):.4f}")
    write_csv(out, path, encoding="utf-8", lineterminator="\n")
    return path

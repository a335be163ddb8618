"""Decisions and overrides in force that no longer point at an usulan of the workspace.

After a new download of an export, an usulan whose text was edited gets a new
ID (:func:`planlib.usulan_id.identity_key`), and what the forum recorded under the
old one attaches to nothing. Nothing is dropped: :func:`orphaned` only reads
the store (:class:`planlib.forum.keputusan.KeputusanStore`) against the loaded
usulan, and ``planlib check`` lists them (:func:`orphaned_in`) for the analyst
to re-record. A decision on a pokir (``jenis`` ``pokir`` in the store) is read
against the workspace's pokir the same way.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .keputusan import DB_NAME, KeputusanError, KeputusanStore

#: Columns of :func:`orphaned`.
ORPHANED_COLUMNS = [
    "jenis", "tahun", "id_usulan", "status", "opd", "node_id", "alasan", "oleh", "waktu",
]  # fmt: skip


def orphaned(
    store: KeputusanStore,
    usulan: dict[int, pd.DataFrame],
    pokir: dict[int, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The decisions and overrides in force that no longer point at an usulan of the workspace.

    After a new download of an export, an usulan whose text was edited gets a
    new ID (see :mod:`planlib.usulan`), and the decision recorded under the
    old one no longer attaches to anything. Nothing is dropped: this only
    reads, so ``planlib check`` can list them for the analyst to re-record.

    Parameters
    ----------
    store : KeputusanStore
        The workspace's decisions.
    usulan : dict of int to DataFrame
        The loaded usulan per year (``Workspace.usulan``), with ``id_usulan``.
    pokir : dict of int to DataFrame, optional
        The loaded pokir per year (``Workspace.pokir``), with ``id_pokir``; when
        given, the decisions on pokir are checked against them too (a workspace
        without a ``[pokir]`` section passes ``{}``, and every pokir decision
        it holds is listed).

    Returns
    -------
    DataFrame
        Columns :data:`ORPHANED_COLUMNS`, one row per decision (``jenis``
        ``"keputusan"``), override (``"override"``) or decision on a pokir
        (``"pokir"``, its pokir ID in ``id_usulan``) in force whose
        ``(tahun, ID)`` is not among the loaded usulan or pokir (a year the
        workspace no longer has counts too), ordered by year, then ID.
    """
    known = _ids(usulan, "id_usulan")
    checks = [("keputusan", store.current(), known), ("override", store.overrides(), known)]
    if pokir is not None:
        checks.append(("pokir", store.current(jenis="pokir"), _ids(pokir, "id_pokir")))
    parts = []
    for jenis, table, ids in checks:
        if table.empty:
            continue
        keys = zip(table["tahun"].astype(int), table["id_usulan"].astype(str), strict=True)
        lost = table[[k not in ids for k in keys]].assign(jenis=jenis)
        parts.append(lost.reindex(columns=ORPHANED_COLUMNS))
    if not parts:
        return pd.DataFrame(columns=ORPHANED_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["tahun", "id_usulan", "jenis"], kind="stable").reset_index(drop=True)


def _ids(tables: dict[int, pd.DataFrame], column: str) -> set[tuple[int, str]]:
    """Every ``(tahun, ID)`` of a workspace's tables per year."""
    return {(int(t), str(i)) for t, df in tables.items() for i in df.get(column, pd.Series([]))}


def orphaned_in(
    root: str | Path,
    usulan: dict[int, pd.DataFrame],
    pokir: dict[int, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, str | None]:
    """The :func:`orphaned` decisions of a workspace folder, and why they could not be read.

    Parameters
    ----------
    root : str or Path
        The workspace folder (its ``keputusan.sqlite``, if any).
    usulan : dict of int to DataFrame
        The loaded usulan per year (``Workspace.usulan``).
    pokir : dict of int to DataFrame, optional
        The loaded pokir per year (``Workspace.pokir``), as in :func:`orphaned`.

    Returns
    -------
    (DataFrame, str or None)
        The orphaned decisions and overrides (columns :data:`ORPHANED_COLUMNS`;
        empty when the workspace has no decision database yet, without creating
        one), and ``None``, or, when the database cannot be read, an empty
        table and the reason in Bahasa Indonesia.
    """
    if not (Path(root) / DB_NAME).exists():
        return pd.DataFrame(columns=ORPHANED_COLUMNS), None
    try:
        return orphaned(KeputusanStore(root), usulan, pokir), None
    except KeputusanError as e:
        return pd.DataFrame(columns=ORPHANED_COLUMNS), str(e)

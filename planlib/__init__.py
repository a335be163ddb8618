"""planlib: a Jupyter workbook for Indonesian regional development planning.

The public entry point is :func:`open_workspace`, which reads a workspace
folder (``planlib.toml`` plus the analyst's own files) and returns a
:class:`~planlib.workspace.Workspace` with validated, code-matched tables and
a report that accounts for every input row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .report import PlanlibError, WorkspaceError
from .version import __version__

if TYPE_CHECKING:  # the workspace module (pandas, geopandas) is imported on the first call
    import geopandas as gpd

    from .workspace import Workspace


def open_workspace(
    path: str | Path,
    *,
    use_cache: bool = True,
    shipped_kecamatan: gpd.GeoDataFrame | None = None,
) -> Workspace:
    """Open a workspace folder: :func:`planlib.workspace.open_workspace` (the same parameters).

    The loader is imported on the first call, so ``import planlib`` stays light.
    """
    from .workspace import open_workspace as _open

    return _open(path, use_cache=use_cache, shipped_kecamatan=shipped_kecamatan)


__all__ = ["PlanlibError", "WorkspaceError", "__version__", "open_workspace"]

"""planlib: a Jupyter workbook for Indonesian regional development planning.

The public entry point is :func:`open_workspace`, which reads a workspace
folder (``planlib.toml`` plus the analyst's own files) and returns a
:class:`~planlib.workspace.Workspace` with validated, code-matched tables and
a report that accounts for every input row.
"""

from .report import PlanlibError, WorkspaceError
from .version import __version__


def open_workspace(path, **kwargs):  # noqa: ANN001, ANN003
    """Open a workspace folder; see :func:`planlib.workspace.open_workspace`."""
    from .workspace import open_workspace as _open

    return _open(path, **kwargs)


__all__ = ["PlanlibError", "WorkspaceError", "__version__", "open_workspace"]

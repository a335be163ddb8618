"""A workspace: a folder with ``planlib.toml`` and the analyst's own files.

The front door is :func:`open_workspace`, which returns a :class:`Workspace`;
both are importable from here (notebooks and the docs use them so). The jobs
live in one module each:

- :mod:`planlib.workspace.config`: ``planlib.toml`` read, checked and parsed
  (:class:`~planlib.workspace.config.WorkspaceConfig`, :data:`~planlib.workspace.config.CONFIG`);
- :mod:`planlib.workspace.model`: the loaded :class:`Workspace` (tables, report,
  ``derived`` memo, ``display``);
- :mod:`planlib.workspace.load`: :func:`open_workspace`, every named file read
  through the cache.
"""

from .load import open_workspace
from .model import Workspace

__all__ = ["Workspace", "open_workspace"]

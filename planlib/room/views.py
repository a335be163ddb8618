"""Writing the kernel-free views for the room server (``python -m planlib.room.views WS OUT [TAHUN]``).

Run in a child process at start-up, so the server itself never loads the
workspace; the views come from :func:`planlib.bagikan.bagikan`.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path


def file_name(dapil: str | None) -> str:
    """The kernel-free view's file name of ``dapil`` (as ``planlib.bagikan.page.file_name``)."""
    try:
        page = importlib.import_module("planlib.bagikan.page")
        return str(page.file_name(dapil))
    except ImportError:  # planlib.bagikan not installed: same rule
        if dapil is None:
            return "kabupaten.html"
        slug = re.sub(r"[^a-z0-9]+", "-", dapil.lower()).strip("-") or "dapil"
        return f"dapil-{slug}.html" if not slug.startswith("dapil") else f"{slug}.html"


def write(workspace: Path, out: Path, tahun: int = 0) -> Path:
    """Write every view of ``workspace`` into ``out`` (the latest year when ``tahun`` is 0).

    Parameters
    ----------
    workspace : Path
        The workspace folder.
    out : Path
        The folder to write.
    tahun : int
        The year the views open on; 0: the workspace's latest.

    Returns
    -------
    Path
        The index file.
    """
    from ..workspace import open_workspace

    bagikan = importlib.import_module("planlib.bagikan").bagikan
    ws = open_workspace(workspace)
    result = bagikan(ws, tahun or max(ws.tahun), out)
    return Path(result.index)


if __name__ == "__main__":
    ws_arg, out_arg = sys.argv[1], sys.argv[2]
    year = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    try:
        print(write(Path(ws_arg), Path(out_arg), year))
    except ImportError:
        sys.exit("planlib.bagikan belum terpasang")

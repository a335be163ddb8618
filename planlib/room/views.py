"""Writing the kernel-free views for the room server (``python -m planlib.room.views WS OUT [TAHUN]``).

Run in a child process at start-up, so the server itself never loads the
workspace (nor pandas or geopandas); the views are :func:`planlib.bagikan.bagikan`'s, one
self-contained file per Dapil, the kabupaten and an index.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..report import PlanlibError

#: Beside the views: ``{"Dapil 2": "dapil-2.html", …}``, so the server links a Dapil's view
#: without loading the workspace (or planlib.bagikan) itself.
BERKAS = "berkas.json"


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
    from ..bagikan import bagikan  # here: the server imports this module, never the workspace
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    result = bagikan(ws, tahun or max(ws.tahun), out)
    files = {d: Path(f).name for d, f in result.files.items() if d is not None}
    (Path(out) / BERKAS).write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
    return Path(result.index)


if __name__ == "__main__":
    year = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    try:
        print(write(Path(sys.argv[1]), Path(sys.argv[2]), year))
    except PlanlibError as e:
        sys.exit(str(e))

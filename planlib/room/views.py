"""The room's kernel-free views: written in a child process at start-up, served from a folder.

:func:`write` runs in that child (``python -m planlib.room.views WS OUT [TAHUN]``),
so the server itself never loads the workspace (nor pandas or geopandas); the
views are :func:`planlib.bagikan.bagikan`'s, one self-contained file per Dapil,
the kabupaten and an index. :class:`Views` is the server's side: it starts the
child, owns the folder, lists the views and links a Dapil's view (served under
:data:`BAGIKAN`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..report import PlanlibError

#: Beside the views: ``{"Dapil 2": "dapil-2.html", …}``, so the server links a Dapil's view
#: without loading the workspace (or planlib.bagikan) itself.
BERKAS = "berkas.json"
#: Where the kernel-free views are served.
BAGIKAN = "/bagikan/"


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


class Views:
    """The kernel-free views, written once at start-up into a folder the server owns.

    Parameters
    ----------
    workspace : Path
        The workspace to write the views of.
    tahun : int
        The year the views open on; 0: the workspace's latest.
    """

    def __init__(self, workspace: Path, tahun: int = 0):
        self.workspace, self.tahun = workspace, tahun
        self.root = Path(tempfile.mkdtemp(prefix="planlib-bagikan-"))
        self.folder = self.root / "siap"
        self.error: str | None = None

    def start(self) -> None:
        """Write the views in a child process (the server answers meanwhile)."""
        threading.Thread(target=self._write, daemon=True, name="planlib-bagikan").start()

    def _write(self) -> None:
        tmp = self.root / "sedang"
        # -P and a folder of its own: never a module from the server's working folder
        cmd = [sys.executable, "-P", "-m", "planlib.room.views", str(self.workspace.resolve()),
               str(tmp), str(self.tahun)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode == 0:
            tmp.rename(self.folder)
        else:
            self.error = (done.stderr.strip().splitlines() or ["tidak diketahui"])[-1]
            print(
                f"planlib: tampilan tanpa server tidak dapat dibuat: {self.error}", file=sys.stderr
            )

    @property
    def ready(self) -> bool:
        """True once the views are written."""
        return self.folder.is_dir()

    def files(self) -> list[tuple[str, str]]:
        """(file name, title) of each view, the index first.

        Returns
        -------
        list of tuple of (str, str)
            Empty while the views are not written yet.
        """
        if not self.ready:
            return []
        out = []
        for p in sorted(self.folder.glob("*.html"), key=lambda p: (p.name != "index.html", p.name)):
            head = p.read_text(encoding="utf-8", errors="replace")[:4000]
            m = re.search(r"<title>(.*?)</title>", head, re.S)
            out.append((p.name, m.group(1).strip() if m else p.name))
        return out

    def link(self, dapil: str | None) -> str:
        """The view of ``dapil`` (``"2"``, ``"Dapil 2"``, its name), else the index.

        Parameters
        ----------
        dapil : str or None
            The dapil asked for (the ``?dapil=`` of a link), by number or name; None for the index.

        Returns
        -------
        str
            The view's address: ``/bagikan/`` and its file name.
        """
        berkas = self.folder / BERKAS
        if dapil and berkas.is_file():
            files = {k.casefold(): v for k, v in json.loads(berkas.read_text(encoding="utf-8")).items()}  # fmt: skip
            for cand in (dapil, f"Dapil {dapil}"):
                name = files.get(" ".join(cand.split()).casefold())
                if name and (self.folder / name).is_file():
                    return BAGIKAN + name
        return BAGIKAN + "index.html"

    def remove(self) -> None:
        """Delete the folder."""
        shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    year = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    try:
        print(write(Path(sys.argv[1]), Path(sys.argv[2]), year))
    except PlanlibError as e:
        sys.exit(str(e))

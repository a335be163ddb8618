"""Serving the workbook on a local server, offline.

Until the Voilà dashboards land, ``planlib serve`` opens JupyterLab on the
``notebooks/`` folder with ``PLANLIB_WORKSPACE`` pointing at the workspace
(the demo by default, generated when missing).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .report import PlanlibError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def ensure_demo(folder: Path) -> Path:
    """The demo workspace at ``folder``, generated when it does not exist yet."""
    if not (folder / "planlib.toml").exists():
        from .demo import write_demo

        print(f"Membuat workspace contoh di {folder} …", flush=True)
        write_demo(folder)
    return folder


def serve(workspace: Path | None, port: int = 8866, open_browser: bool = True) -> None:
    """Run JupyterLab on the notebooks for ``workspace`` until interrupted."""
    ws = Path(workspace) if workspace else ensure_demo(Path("demo"))
    if not (ws / "planlib.toml").exists():
        raise PlanlibError(f"{ws} bukan workspace planlib (planlib.toml tidak ada).")
    env = dict(os.environ, PLANLIB_WORKSPACE=str(ws.resolve()))
    root = NOTEBOOKS if NOTEBOOKS.is_dir() else Path.cwd()
    cmd = [
        sys.executable, "-m", "jupyterlab", f"--port={port}", "--ip=127.0.0.1",
        f"--ServerApp.root_dir={root}", "--ServerApp.token=", "--ServerApp.password=",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if not open_browser:
        cmd.append("--no-browser")
    print(f"Workspace: {ws.resolve()}\nBuka http://127.0.0.1:{port}/ (Ctrl+C untuk berhenti)", flush=True)
    subprocess.run(cmd, env=env, check=False)

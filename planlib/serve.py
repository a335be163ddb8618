"""Serving the dashboards with Voilà on the local machine, offline.

``planlib serve [WORKSPACE]`` runs Voilà on ``notebooks/`` with
``PLANLIB_WORKSPACE`` set for the kernels (the demo by default, generated when
missing). The repository's ``voila.json`` strips sources, hides tracebacks,
culls idle kernels and sets an execution timeout. planlib's own Voilà template (``planlib/share/voila``) is the
lab template without the FontAwesome CDN link, so that no page asks for
anything outside the local server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .report import PlanlibError

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent
NOTEBOOKS = REPO / "notebooks"
SHARE = PACKAGE / "share"
DASHBOARDS = (
    [p.name for p in sorted(NOTEBOOKS.glob("0[1-9]-*.ipynb"))] if NOTEBOOKS.is_dir() else []
)


def ensure_demo(folder: Path) -> Path:
    """The demo workspace at ``folder``, generated when it does not exist yet."""
    if not (folder / "planlib.toml").exists():
        from .demo import write_demo

        print(f"Membuat workspace contoh di {folder} …", flush=True)
        write_demo(folder)
    return folder


def voila_command(port: int, open_browser: bool = False) -> list[str]:
    """The Voilà command line planlib runs (configuration from the repository's ``voila.json``)."""
    cmd = [
        sys.executable, "-m", "voila", str(NOTEBOOKS), f"--port={port}", "--Voila.ip=127.0.0.1",
        f"--Voila.config_file_paths={REPO}",
    ]  # fmt: skip
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def environment(workspace: Path) -> dict[str, str]:
    """The environment of the Voilà server and its kernels."""
    jp = os.environ.get("JUPYTER_PATH")
    return dict(
        os.environ,
        PLANLIB_WORKSPACE=str(workspace.resolve()),
        JUPYTER_PATH=str(SHARE) + (os.pathsep + jp if jp else ""),
        # no update checks, no telemetry: nothing leaves the machine
        JUPYTER_PLATFORM_DIRS="1",
    )


def serve(workspace: Path | None, port: int = 8866, open_browser: bool = True) -> None:
    """Run Voilà on the dashboards for ``workspace`` until interrupted."""
    ws = Path(workspace) if workspace else ensure_demo(Path("demo"))
    if not (ws / "planlib.toml").exists():
        raise PlanlibError(f"{ws} bukan workspace planlib (planlib.toml tidak ada).")
    if not NOTEBOOKS.is_dir():
        raise PlanlibError(f"Folder notebooks tidak ditemukan di {REPO}.")
    print(f"Workspace: {ws.resolve()}", flush=True)
    print(f"Dasbor di http://127.0.0.1:{port}/ (Ctrl+C untuk berhenti):", flush=True)
    for nb in DASHBOARDS:
        print(f"  http://127.0.0.1:{port}/voila/render/{nb}", flush=True)
    subprocess.run(voila_command(port, open_browser), env=environment(ws), check=False)

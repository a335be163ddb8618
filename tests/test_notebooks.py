"""Running a dashboard notebook with papermill; `planlib serve` answers on localhost.

Every notebook is executed on the demo by ``planlib build`` (``test_build.py``, checked
with :func:`check_executed`) and on real kabupaten by ``test_notebooks_real.py``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from .support import http_status, wait_for_server

#: the dashboards (``NN-nama.ipynb``); the setup page (siapkan-workspace.ipynb) has its own tests
NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]-*.ipynb")
)


def run_dashboard(nb: Path, out: Path, workspace: Path, tahun: int) -> list[dict]:
    """Execute a dashboard notebook with papermill; it must end in the dashboard's widget.

    A dashboard that fails shows a message instead (and writes ``planlib:`` or a
    traceback to stderr): that fails here too. Returns the outputs of its code cells.
    """
    import papermill

    papermill.execute_notebook(
        str(nb), str(out), parameters={"workspace": str(workspace), "tahun": tahun},
        kernel_name="python3", progress_bar=False, cwd=str(out.parent),
    )  # fmt: skip
    return check_executed(out, nb.name, tahun)


def check_executed(out: Path, name: str, tahun: int) -> list[dict]:
    """An executed dashboard notebook: no error, no traceback or ``planlib:`` on stderr, a widget."""
    import nbformat

    done = nbformat.read(out, as_version=4)
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    errors = [o["text"] for o in outputs if o.get("name") == "stderr"
              and ("Traceback" in o["text"] or "planlib:" in o["text"])]  # fmt: skip
    assert not errors, (name, tahun, errors)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), (
        f"{name} {tahun}: the notebook should end with the dashboard's widget"
    )
    return outputs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_locally(demo_ws):
    """`planlib serve` runs Voilà: the tree lists the dashboards, pages link nothing remote."""
    import re

    port = _free_port()
    exe = Path(sys.executable).with_name("planlib")
    proc = subprocess.Popen(
        [str(exe), "serve", str(demo_ws), "--port", str(port), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ), start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_server(proc, lambda: http_status(f"http://127.0.0.1:{port}/voila/tree") == 200,
                        "planlib serve", 90, log=lambda: proc.stdout.read().decode())  # fmt: skip
        for nb in ("01-peta-usulan.ipynb", "02-indikator.ipynb", "03-forum-dapil.ipynb"):
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/voila/render/{nb}", timeout=120
            ) as r:
                page = r.read().decode()
            remote = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
            assert remote == [], (nb, remote)
            assert "Traceback" not in page and "application/vnd.jupyter.widget-view+json" in page
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)

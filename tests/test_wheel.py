"""The built wheel works outside any checkout: ``planlib demo`` and ``planlib serve`` from a new venv.

The wheel is built from a copy of the repository's files (so no stale ``build/``
folder of the checkout leaks into it), with the running environment's setuptools when
it is recent enough (offline), else in pip's usual isolated build environment. It is
installed with ``--no-deps --no-index`` into a virtual environment made in a temporary
folder. That environment borrows the dependencies of the running one through a ``.pth``
line (no download), and
the dependencies' Jupyter data files (Voilà's and nbconvert's templates) through
``JUPYTER_PATH``, as an installation with dependencies would have them in its own
``share/jupyter``. planlib itself, its notebooks, its ``voila.json`` and its Voilà
template come from the wheel alone: the commands run in another folder, without
``PYTHONPATH``, and the test checks where ``planlib`` was imported from.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .support import wait_for_server

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _source_copy(dest: Path) -> Path:
    """The repository's files (tracked, or new and not ignored) copied to ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        src = ROOT / name
        if not src.is_symlink() and not src.is_file():
            continue  # deleted in the working tree
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name, follow_symlinks=False)
    return dest


def _setuptools_major() -> int:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("setuptools").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return 0


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel`` of the repository (the ordinary pip configuration brings setuptools)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = _source_copy(tmp / "src")
    out = tmp / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
    if _setuptools_major() >= 77:  # the build backend pyproject.toml asks for is here already
        cmd.append("--no-build-isolation")
    subprocess.run(cmd, check=True, timeout=600)
    (whl,) = out.glob("planlib-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new venv in a temporary folder with the wheel installed (dependencies borrowed)."""
    v = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(v)], check=True)
    py = v / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=_env(),
    ).stdout.strip()  # fmt: skip
    # the running environment's packages, after the new venv's own: a plain path line, so
    # its .pth files (among them an editable planlib) are not processed
    Path(site, "_planlib_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
         str(wheel)],
        check=True, env=_env(), cwd=v.parent,
    )  # fmt: skip
    return v


def _env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH, no workspace from outside; the dependencies' Jupyter data files."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANLIB_WORKSPACE")}
    env["JUPYTER_PATH"] = str(Path(sys.prefix, "share", "jupyter"))
    return {**env, **extra}


def test_wheel_ships_the_notebooks_the_config_and_the_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    repo = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert repo and {f"planlib/notebooks/{n}" for n in repo} <= names
    assert "planlib/notebooks/eksplorasi/mulai.ipynb" in names
    assert {"planlib/config/voila.json", "planlib/config/labconfig/page_config.json"} <= names
    assert "planlib/share/voila/templates/planlib/index.html.j2" in names
    assert "planlib/py.typed" in names  # PEP 561: users' type checkers read planlib's annotations


def test_installed_planlib_is_the_wheel(venv, tmp_path):
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import planlib, planlib.serve as s; print(planlib.__file__); print(s.NOTEBOOKS); "
         "print(s.CONFIG); print(s.STARTER); print(' '.join(s.DASHBOARDS))"],
        capture_output=True, text=True, check=True, cwd=tmp_path, env=_env(),
    ).stdout.splitlines()  # fmt: skip
    here = venv.resolve()
    for line in out[:4]:
        assert Path(line).resolve().is_relative_to(here), (line, here)
    assert not Path(out[0]).resolve().is_relative_to(ROOT)
    assert Path(out[3]).is_file() and (Path(out[2]) / "voila.json").is_file()
    assert out[4].split() == sorted(p.name for p in (ROOT / "notebooks").glob("0[1-9]-*.ipynb"))


def test_init_any_kabupaten_from_the_installed_wheel(wheel, venv, tmp_path):
    """The reference data ships in the wheel: init by name, then check, outside the checkout."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"planlib/data/indonesia/{n}" for n in ("kode_wilayah.parquet", "kecamatan.parquet",
            "dapil.parquet", "PROVENANCE.json")} <= names  # fmt: skip
    exe = str(venv / "bin" / "planlib")
    run = {"capture_output": True, "text": True, "cwd": tmp_path, "env": _env(), "timeout": 300}
    made = subprocess.run([exe, "init", "ws", "--kabupaten", "Kota Bima"], **run)
    assert made.returncode == 0 and "Kota Bima (52.72)" in made.stdout, made.stderr
    checked = subprocess.run([exe, "check", "ws"], **run)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "dapil.csv" in checked.stdout and "kecamatan.geojson" in checked.stdout


def test_demo_and_serve_from_the_installed_wheel(venv, tmp_path):
    exe = str(venv / "bin" / "planlib")
    demo = subprocess.run(
        [exe, "demo", "contoh", "--usulan", "400"],
        capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=300,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "contoh" / "planlib.toml").exists()

    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "contoh", "--port", str(port), "--no-browser"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, env=_env(), start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:

        def contents() -> str:
            with urllib.request.urlopen(base + "/voila/api/contents", timeout=2) as r:
                return r.read().decode()

        listing = wait_for_server(proc, contents, "planlib serve", 120,
                                  log=(tmp_path / "serve.log").read_text)  # fmt: skip
        # the installed notebooks are served; the analysts' starter is not listed (voila.json)
        assert "01-peta-usulan.ipynb" in listing and "eksplorasi" not in listing
        with urllib.request.urlopen(base + "/voila/render/01-peta-usulan.ipynb", timeout=180) as r:
            page = r.read().decode()
        assert r.status == 200
        # the map's first paint and the live widget arrive
        assert "planlib-pratinjau" in page and "<svg" in page
        assert "application/vnd.jupyter.widget-view+json" in page and "Traceback" not in page
        # voila.json applied (sources stripped) and planlib's template used (no CDN link)
        assert "from planlib.dashboards" not in page
        remote = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
        assert remote == [] and "cdn.jsdelivr.net" not in page
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()

"""`planlib build`: every dashboard of one planning year, executed, as pages, maps and notebooks."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from planlib.build import BuildError, build, dashboards

from .test_notebooks import NOTEBOOKS, check_executed


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def built(demo_ws, tmp_path_factory):
    """`planlib build demo --tahun 2025` run as an analyst would, from the command line."""
    out = tmp_path_factory.mktemp("build") / "rkpd2025"
    exe = Path(sys.executable).with_name("planlib")
    proc = subprocess.run(
        [str(exe), "build", str(demo_ws), "--tahun", "2025", "--out", str(out)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc.stdout


def test_build_runs_every_dashboard_for_the_year(built):
    out, stdout = built
    names = [nb.stem for nb in dashboards()]
    assert names == [nb.stem for nb in NOTEBOOKS]
    for i, name in enumerate(names, start=1):  # progress, one line per notebook
        assert f"[{i}/{len(names)}] {name}.ipynb" in stdout
    for name in names:
        executed = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
        injected = [
            c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])
        ]
        assert injected and "tahun = 2025" in injected[0].source, name
        # no error, no traceback or planlib: message, and the dashboard's widget at the end
        check_executed(out / "notebooks" / f"{name}.ipynb", name, 2025)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"{name}.html" in index for name in names)


def test_build_pages_show_the_year_and_open_offline(built):
    out, _ = built
    assert (out / "plotly.min.js").stat().st_size > 1_000_000
    peta = (out / "01-peta-usulan.html").read_text(encoding="utf-8")
    assert "RKPD 2025" in peta and "RKPD 2026" not in peta
    assert "Tahun: 2025" in peta  # the filters, written as text
    forum = (out / "03-forum-dapil.html").read_text(encoding="utf-8")
    assert "Usulan per OPD" in forum and "Rp" in forum
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "https://" not in text.split("<body>", 1)[0], page.name  # nothing remote in <head>
        assert "cdn." not in text, page.name


def test_build_writes_png_maps_at_projector_size(built):
    out, _ = built
    maps = sorted((out / "peta").glob("*.png"))
    assert {m.name.rsplit("-", 1)[0] for m in maps} >= {"01-peta-usulan", "03-forum-dapil"}
    for m in maps:
        assert _png_size(m) == (1280, 720), m.name
        assert m.stat().st_size > 20_000, m.name  # a drawn map, not an empty canvas


def test_build_failure_names_the_notebook_and_the_cell(demo_ws, tmp_path):
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        nbformat.v4.new_code_cell('workspace: str = ""\ntahun: int = 2026', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError(f'tahun {tahun} tidak ada')"),
    ]  # fmt: skip
    path = tmp_path / "09-rusak.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(BuildError) as e:
        build(demo_ws, 2031, tmp_path / "out", notebooks=[path], progress=lambda _: None)
    msg = str(e.value)
    assert "09-rusak.ipynb" in msg and "ValueError" in msg and "tahun 2031 tidak ada" in msg
    # papermill's injected cell comes after the parameters cell: the failing cell is the 4th
    assert "sel ke-4" in msg, msg


def test_build_fails_when_a_dashboard_shows_an_error(tmp_path):
    """A dashboard that would show viewers an error message fails the build instead."""
    ws = tmp_path / "kosong"
    ws.mkdir()
    (ws / "planlib.toml").write_text("[wilayah]\nkabupaten = '99.01'\n", encoding="utf-8")
    nb = next(p for p in NOTEBOOKS if p.name.startswith("01-"))
    with pytest.raises(BuildError) as e:
        build(ws, 2026, tmp_path / "out", notebooks=[nb], progress=lambda _: None)
    assert "01-peta-usulan.ipynb" in str(e.value)
    assert not (tmp_path / "out" / "01-peta-usulan.html").exists()


def test_cli_build_reports_a_missing_workspace(tmp_path):
    exe = Path(sys.executable).with_name("planlib")
    proc = subprocess.run(
        [str(exe), "build", str(tmp_path / "tidak-ada"), "--tahun", "2026", "--out", str(tmp_path / "o")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "planlib.toml tidak ada" in proc.stderr and "Traceback" not in proc.stderr


def test_build_includes_the_shared_views_per_dapil(built, demo_ws):
    """`planlib build` writes the kernel-free per-Dapil files beside the pages, linked from the index."""
    from planlib import open_workspace
    from planlib.bagikan import data
    from planlib.bagikan.page import file_name

    out, stdout = built
    ws = open_workspace(demo_ws)
    dapil = sorted(ws.kecamatan["dapil"].dropna().unique())
    assert "Tampilan per Dapil" in stdout
    for d in [None, *dapil]:
        page = (out / "bagikan" / file_name(d)).read_text(encoding="utf-8")
        assert "<script src=" not in page and "http" not in page.split("<body", 1)[0], d
        assert data.from_html(page)["meta"]["tahun_awal"] == 2025, d
    assert "bagikan/index.html" in (out / "index.html").read_text(encoding="utf-8")

"""Shared fixtures: the public data folder and workspaces built from it."""

from __future__ import annotations

import csv
import fcntl
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from planlib import settings
from planlib.wilayah import Wilayah, load_kode_wilayah

from .support import unavailable

# every named query checks its frame against its contract (planlib.frames) in the tests,
# subprocesses and kernels included; production leaves it off
os.environ.setdefault(settings.VALIDATE, "1")


def pytest_collection_modifyitems(config, items) -> None:
    """Markers from what a test needs, so ``-m "not browser and not shared"`` works.

    A test that asks for the public data (the ``shared`` fixture, directly or
    through another fixture) is marked ``shared``; every test under
    ``tests/browser`` is marked ``browser``. ``slow`` is set by hand on tests
    that start servers or kernels.
    """
    for item in items:
        if "shared" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)


REAL = {
    "63.06": ("Kabupaten Hulu Sungai Selatan", "kalsel_kecamatan.geojson"),
    "63.11": ("Kabupaten Balangan", "kalsel_kecamatan.geojson"),
    "63.10": ("Kabupaten Tanah Bumbu", "kalsel_kecamatan.geojson"),
    "64.02": ("Kabupaten Kutai Kartanegara", "kukar_kecamatan.geojson"),
}


@pytest.fixture(scope="session")
def shared() -> Path:
    """``PLANLIB_SHARED_DATA``: the public data the tests read (never copied into the repo)."""
    p = os.environ.get(settings.SHARED_DATA)
    if not p or not Path(p, "SOURCES.md").exists():  # in CI the data is there: a failure
        unavailable(f"PLANLIB_SHARED_DATA ({p!r}) is not the shared data folder")
    return Path(p).resolve()


def real_workspace(shared: Path, folder: Path, kabupaten: str) -> Path:
    """A workspace whose planlib.toml points at the public files, as an analyst's would."""
    nama, kec = REAL[kabupaten]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "planlib.toml").write_text(
        textwrap.dedent(
            f"""
            [wilayah]
            kabupaten = "{kabupaten}"
            nama = "{nama}"
            kode_wilayah = "{shared / "codes/wilayah_kalsel_kukar_kemendagri2025.csv"}"
            kecamatan = "{shared / "boundaries" / kec}"
            desa = "{shared / "boundaries/desa_hss_balangan_tanbu_kukar.geojson"}"
            dapil = {{ path = "{shared / "dapil/dapil_dprd_kab_2024.csv"}" }}

            [indikator]
            files = ["{shared / "indicators/indicators_long.csv"}"]
            """
        ),
        encoding="utf-8",
    )
    return folder


def real_workspace_with_usulan(
    shared: Path,
    folder: Path,
    kabupaten: str,
    *,
    label: str | None = None,
    realisasi: bool = False,
) -> Path:
    """A real workspace with synthetic usulan (2025, 2026) and plan on its real kecamatan/desa.

    ``label`` sets the workspace's ``[demo] label``; ``realisasi`` adds synthetic
    realisasi for both years (the demo's OPDs, on the real kecamatan).
    """
    from planlib import open_workspace
    from planlib.demo import OPD, write_perencanaan_for, write_realisasi_for, write_usulan_for

    root = real_workspace(shared, folder, kabupaten)
    ws = open_workspace(root)
    files = write_usulan_for(root, ws.kecamatan, ws.desa, ws.config.nama, tahun=(2025, 2026))
    plan = write_perencanaan_for(root, ws.kecamatan, kabupaten)
    real = {}
    if realisasi:
        kec = [str(n) for n in ws.kecamatan["nama"]]
        real = write_realisasi_for(root, kec, list(OPD.values()), (2025, 2026))
    with open(root / "planlib.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[usulan]\n" + "".join(f'{t} = "{p}"\n' for t, p in files.items()))
        fh.write("\n[perencanaan]\n" + "".join(f'{k} = "{p}"\n' for k, p in plan.items()))
        if real:
            fh.write("\n[realisasi]\n" + "".join(f'{t} = "{p}"\n' for t, p in real.items()))
        if label:
            fh.write(f'\n[demo]\nlabel = "{label}"\n')
    return root


@pytest.fixture(scope="session")
def kode_kalsel(shared):
    df, _ = load_kode_wilayah(shared / "codes/wilayah_kalsel_kukar_kemendagri2025.csv")
    return df


@pytest.fixture(scope="session")
def hss(kode_kalsel) -> Wilayah:
    return Wilayah("63.06", "Kabupaten Hulu Sungai Selatan", kode_kalsel)


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory, worker_id) -> Path:
    """The default demo workspace, generated once per test run and read by every test.

    Under pytest-xdist the workers share one copy: the first to come writes it into
    the run's common temporary folder under an exclusive lock, the others wait for the
    lock and find it written (its ``.demo-manifest.json`` is the demo's last file).
    Tests that write (decisions, masalah, notes) work on a copy of it.
    """
    from planlib.demo import write_demo

    if worker_id == "master":  # no xdist: this session's own folder
        root = tmp_path_factory.mktemp("demo") / "contoh"
        write_demo(root)
        return root
    common = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    root = common / "demo-shared" / "contoh"
    root.parent.mkdir(exist_ok=True)
    with open(common / "demo-shared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / ".demo-manifest.json").exists():
            write_demo(root)
    return root


# --------------------------------------------------------------------------- report helpers


def _write_csv(path: Path, rows, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def _by_row(report) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for p in report.problems:
        out.setdefault(p.row, set()).add(p.code)
    return out


def _problem(report, row, code):
    found = [p for p in report.problems if p.row == row and p.code == code]
    assert found, (row, code, report.problems)
    return found[0]


@pytest.fixture
def write_csv() -> Callable[..., Path]:
    """``write_csv(path, rows, delimiter=",", encoding="utf-8")``: rows as a CSV file."""
    return _write_csv


@pytest.fixture
def by_row() -> Callable[..., dict[int, set[str]]]:
    """``by_row(file_report)``: Excel row → the problem codes reported on it."""
    return _by_row


@pytest.fixture
def problem() -> Callable:
    """``problem(file_report, row, code)``: the problem with that code on that row (asserted)."""
    return _problem

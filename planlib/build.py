"""``planlib build``: every dashboard of one planning year, executed and written to a folder.

For a new planning year an analyst reruns the workbook::

    planlib build WORKSPACE --tahun 2027 --out hasil/2027

Each notebook in ``notebooks/`` is executed by papermill with the parameters
``workspace`` and ``tahun`` injected, in a kernel where
``PLANLIB_BUILD_OUT`` is set, so that the dashboard writes a static page and
PNG maps of itself (:mod:`planlib.dashboards.static_export`). The folder then holds::

    DIR/index.html                  links to every page
    DIR/NN-nama.html                one static page per dashboard (opens offline)
    DIR/plotly.min.js               the Plotly library the pages use
    DIR/peta/NN-nama-1.png          the maps, 1280×720
    DIR/notebooks/NN-nama.ipynb     the executed notebooks
    DIR/bagikan/*.html              one self-contained file per Dapil (``planlib bagikan``),
                                    when the workspace has usulan for the year

Any error fails the build with a message naming the notebook and the cell.
"""

from __future__ import annotations

import html
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .report import PlanlibError
from .serve import NOTEBOOKS


class BuildError(PlanlibError):
    """A notebook failed; the message names the notebook and the cell."""


@dataclass
class BuildResult:
    """What one build wrote, per notebook, and how long each took."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    maps: list[Path] = field(default_factory=list)
    notebooks: list[Path] = field(default_factory=list)
    bagikan: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def dashboards(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks a build executes, in order (``NN-*.ipynb``).

    Parameters
    ----------
    folder : Path
        Where to look; planlib's own ``notebooks/`` by default.

    Returns
    -------
    list of Path
        The notebooks whose names start with two digits, sorted by name.
    """
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def _title(nb: Path) -> str:
    return nb.stem.split("-", 1)[-1].replace("-", " ").capitalize()


def _cell_error(nb: Path, e: Exception) -> BuildError:
    """A message naming the notebook and the cell, from papermill's execution error."""
    cell = getattr(e, "cell_index", None)
    count = getattr(e, "exec_count", None)
    ename, evalue = getattr(e, "ename", type(e).__name__), getattr(e, "evalue", str(e))
    where = f"sel ke-{cell + 1}" if isinstance(cell, int) else "sel tidak diketahui"
    if count:
        where += f" (In [{count}])"
    return BuildError(f"Build gagal di {nb.name}, {where}: {ename}: {evalue}")


def _index(result: BuildResult, workspace: Path, tahun: int) -> Path:
    items = "".join(
        f"<li><a href='{p.name}'>{html.escape(_title(p))}</a></li>" for p in result.pages
    )
    shared = (
        "<h2>Tampilan per Dapil (untuk dibagikan, terbuka tanpa internet)</h2>"
        "<p><a href='bagikan/index.html'>Berkas HTML per Dapil dan seluruh kabupaten</a></p>"
        if result.bagikan
        else ""
    )
    page = result.out / "index.html"
    page.write_text(
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>Dasbor RKPD {tahun}</title></head><body style='font-family:sans-serif'>"
        f"<h1>Dasbor perencanaan — RKPD {tahun}</h1><p>Workspace: {html.escape(str(workspace))}</p>"
        f"<ul>{items}</ul>{shared}</body></html>",
        encoding="utf-8",
    )
    return page


def build(
    workspace: str | Path,
    tahun: int,
    out: str | Path,
    *,
    notebooks: list[Path] | None = None,
    progress: Callable[[str], None] = print,
    timeout: int = 600,
) -> BuildResult:
    """Execute every dashboard notebook for ``tahun`` and write pages, maps and notebooks to ``out``.

    Parameters
    ----------
    workspace : str or Path
        The workspace folder (with ``planlib.toml``).
    tahun : int
        The planning year injected into each notebook's ``parameters`` cell.
    out : str or Path
        The folder to write; created when missing, files in it are replaced.
    notebooks : list of Path, optional
        The notebooks to run; by default every ``NN-*.ipynb`` in ``notebooks/``.
    progress : callable
        Called with one line per step (the CLI prints them).
    timeout : int
        Seconds a single cell may run.

    Returns
    -------
    BuildResult
        The folder written, the pages, maps and executed notebooks, and the
        seconds each notebook took; ``out/index.html`` links every page.

    Raises
    ------
    PlanlibError
        When ``workspace`` has no ``planlib.toml``.
    BuildError
        When a notebook fails: the message names the notebook and the cell.
    """
    import papermill as pm
    from plotly.offline import get_plotlyjs

    ws = Path(workspace).resolve()
    if not (ws / "planlib.toml").exists():
        raise PlanlibError(f"{ws} bukan workspace planlib (planlib.toml tidak ada).")
    result = BuildResult(Path(out).resolve())
    (result.out / "notebooks").mkdir(parents=True, exist_ok=True)
    (result.out / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    todo = notebooks if notebooks is not None else dashboards()
    saved = {k: os.environ.get(k) for k in settings.BUILD}
    try:
        for i, nb in enumerate(todo, start=1):
            progress(f"[{i}/{len(todo)}] {nb.name} …")
            os.environ.update({
                settings.BUILD_OUT: str(result.out), settings.BUILD_NAME: nb.stem,
                settings.BUILD_TITLE: f"{_title(nb)} — RKPD {tahun}", settings.WORKSPACE: str(ws),
            })  # fmt: skip
            executed = result.out / "notebooks" / nb.name
            for stale in [
                result.out / f"{nb.stem}.html",
                *(result.out / "peta").glob(f"{nb.stem}-*.png"),
            ]:
                stale.unlink(missing_ok=True)
            t = time.perf_counter()
            try:
                pm.execute_notebook(
                    str(nb), str(executed), parameters={"workspace": str(ws), "tahun": tahun},
                    kernel_name="python3", cwd=str(nb.parent), execution_timeout=timeout,
                    progress_bar=sys.stderr.isatty(), log_output=False,
                )  # fmt: skip
            except pm.PapermillExecutionError as e:
                raise _cell_error(nb, e) from None
            except Exception as e:  # noqa: BLE001 - kernel died, timeout, unreadable notebook
                raise BuildError(f"Build gagal di {nb.name}: {type(e).__name__}: {e}") from None
            result.seconds[nb.name] = time.perf_counter() - t
            page = result.out / f"{nb.stem}.html"
            if not page.exists():
                raise BuildError(f"Build gagal di {nb.name}: dasbor tidak menulis halaman HTML.")
            result.notebooks.append(executed)
            result.pages.append(page)
            result.maps += sorted((result.out / "peta").glob(f"{nb.stem}-*.png"))
            progress(f"      selesai dalam {result.seconds[nb.name]:.1f} s")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    _shared_views(result, ws, tahun, progress)
    _index(result, ws, tahun)
    return result


def _shared_views(
    result: BuildResult, ws: Path, tahun: int, progress: Callable[[str], None]
) -> None:
    """The kernel-free per-Dapil files (``planlib bagikan``) in ``out/bagikan``, when there are usulan."""
    from .bagikan import bagikan
    from .workspace import open_workspace

    opened = open_workspace(ws)
    if tahun not in opened.tahun:
        progress(f"Tampilan per Dapil dilewati: belum ada usulan tahun {tahun}.")
        return
    progress("Tampilan per Dapil (bagikan) …")
    res = bagikan(opened, tahun, result.out / "bagikan")
    result.bagikan = [*res.files.values(), res.index]
    progress(f"      {len(res.files)} berkas di {res.out}")

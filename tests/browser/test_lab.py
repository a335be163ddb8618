"""An analyst in JupyterLab: ``planlib lab`` for real, the starter notebook run in Chromium, offline.

Every request the page makes to a host other than the local server is blocked and
recorded (``conftest.Visit``); the JupyterLab server's own calls to the internet
(news, update check, extension manager) are switched off and checked on its API.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ARTIFACTS, _free_port

pytestmark = pytest.mark.browser

TOKEN = "planlib-uji-lab"
RUN_MS = 300_000
#: the starter's last section: one cell per dashboard notebook
DASHBOARD_CELLS = len(
    list((Path(__file__).resolve().parents[2] / "planlib" / "notebooks").glob("0[0-9]-*.ipynb"))
)


@pytest.fixture(scope="module")
def lab_server(demo_ws, tmp_path_factory):
    """``planlib lab`` on a copy of the demo, with its own JupyterLab settings and state."""
    tmp = tmp_path_factory.mktemp("lab")
    ws = tmp / "contoh"
    shutil.copytree(demo_ws, ws)
    assert not (ws / "eksplorasi").exists()
    # every cell in the page at once (JupyterLab draws only the visible ones by default), so
    # that the test can read all of them; an analyst's own settings are not touched
    tracker = (
        tmp / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    )
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    exe = Path(sys.executable).with_name("planlib")
    cmd = [str(exe), "lab", str(ws), "--port", str(port), "--no-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(
        os.environ, JUPYTER_TOKEN=TOKEN,
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "state"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
    )  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / "lab.log").open("w")
    proc = subprocess.Popen(
        cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"planlib lab exited: see {ARTIFACTS / 'lab.log'}")
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        raise RuntimeError("planlib lab did not answer")
    yield base, ws
    _stop_group(proc)
    log.close()


def _stop_group(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM to ``planlib lab`` and JupyterLab below it; SIGKILL what is left after ``timeout``."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.time() + timeout
        while time.time() < deadline:
            proc.poll()  # reap planlib itself, so that only live processes hold the group
            os.killpg(proc.pid, 0)  # ProcessLookupError once the whole group is gone
            time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


_FIRST_TAKEN = """() => {
    const p = document.querySelector('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt');
    return p && /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim());
}"""


def _run_all_cells(page, screenshots: Path) -> None:
    """Run › Run All Cells until the kernel takes the first cell, as a person would.

    JupyterLab enables the entry only once the notebook is its current widget: a person who
    finds it greyed out closes the menu and looks again. A click JupyterLab takes while the
    notebook's session is still being connected runs nothing (the prompts stay ``[ ]:``; seen
    once in CI): a person who sees nothing happen chooses the entry again, and so does the test.
    """
    deadline = time.time() + 120
    while True:
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        entry = page.locator(".lm-Menu-item", has_text="Run All Cells").first
        entry.wait_for()
        if "lm-mod-disabled" not in (entry.get_attribute("class") or ""):
            entry.click()
            try:  # the first cell is taken by the kernel: "[ ]:" turns to "[*]:" or "[1]:"
                page.wait_for_function(_FIRST_TAKEN, timeout=20_000)
                return
            except PlaywrightTimeout:
                pass
        else:
            page.keyboard.press("Escape")
        if time.time() > deadline:
            pytest.fail("Run All Cells sent nothing to the kernel for two minutes\n"
                        + _diagnosis(page, screenshots))  # fmt: skip
        # the notebook becomes current on a focus event: wait for the next one to be handled
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => r(true)))")


def _drawn(page) -> None:
    """Two animation frames: the scroll and Plotly's last layout are on screen for the screenshot."""
    page.wait_for_function(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
    )


def _diagnosis(page, screenshots: Path) -> str:
    """What the page showed when a wait ran out: prompts, kernel state, dialogs, the server log."""
    page.screenshot(path=screenshots / "lab-mulai-gagal.png", full_page=True)
    state = page.evaluate(
        """() => ({
            prompts: [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
                .map(e => e.textContent.trim()),
            kernel: document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status,
            dialogs: [...document.querySelectorAll('.jp-Dialog')].map(e => e.innerText.slice(0, 300)),
            errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                .map(e => e.innerText.slice(0, 300)),
        })"""
    )
    log = (ARTIFACTS / "lab.log").read_text(encoding="utf-8", errors="replace")[-3000:]
    return f"{json.dumps(state, ensure_ascii=False, indent=1)}\n--- lab.log (end) ---\n{log}"


def _api(base: str, path: str):
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read().decode())


def test_lab_asks_nothing_of_the_internet(lab_server):
    """News, the update check and the extension manager answer from the machine alone."""
    base, ws = lab_server
    assert (ws / "eksplorasi" / "mulai.ipynb").is_file()  # the starter was put in the workspace
    assert _api(base, "/lab/api/news") == {"news": []}
    assert _api(base, "/lab/api/update") == {"notification": None}
    with urllib.request.urlopen(f"{base}/lab?token={TOKEN}", timeout=30) as r:
        page = r.read().decode()
    config = json.loads(page.split('id="jupyter-config-data" type="application/json">')[1]
                        .split("</script>")[0])  # fmt: skip
    assert config["extensionManager"]["can_install"] is False
    assert config["news"] == {"disabled": True}
    assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
    # without a token the server refuses
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/api/contents", timeout=30)
    assert refused.value.code in (401, 403)


def test_starter_notebook_runs_in_lab(visit, lab_server, screenshots):
    """Open the starter, Run › Run All Cells: tables, the map and every dashboard, no error."""
    base, _ = lab_server
    v = visit(width=1280, height=900)
    page = v.page
    page.goto(f"{base}/lab/tree/eksplorasi/mulai.ipynb?token={TOKEN}", timeout=RUN_MS)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=RUN_MS)
    # the kernel is up before the cells are sent
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_MS)
    # JupyterLab adds the cells to the page as it lays them out: wait until all are there
    starter = json.loads((Path(__file__).resolve().parents[2] / "planlib" / "notebooks" /
                          "eksplorasi" / "mulai.ipynb").read_text(encoding="utf-8"))  # fmt: skip
    want = sum(c["cell_type"] == "code" for c in starter["cells"])
    assert want >= 5 + DASHBOARD_CELLS
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length >= n",
        arg=want, timeout=RUN_MS,
    )  # fmt: skip
    n_code = page.locator(".jp-NotebookPanel .jp-CodeCell").count()
    assert n_code == want

    # as a person does: click into the notebook, then Run › Run All Cells
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    _run_all_cells(page, screenshots)
    # every code cell executed: a number in each prompt, none waiting ([*])
    try:
        page.wait_for_function(
            """n => {
                const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
                    .map(e => e.textContent.trim());
                return p.length === n && p.every(t => /^\\[\\d+\\]:$/.test(t));
            }""",
            arg=n_code,
            timeout=RUN_MS,
        )
    except PlaywrightTimeout:
        pytest.fail("not every cell finished\n" + _diagnosis(page, screenshots))
    # the starter's map: one filled polygon per kecamatan, coloured by the number of usulan
    peta = page.locator(".jp-CodeCell", has=page.locator("text=maps.base_map")).first
    peta.scroll_into_view_if_needed()
    peta.locator(".js-plotly-plot path.js-fill").first.wait_for(timeout=RUN_MS)
    fills = peta.locator(".js-plotly-plot path.js-fill").evaluate_all(
        "els => els.map(e => e.style.fill)"
    )
    assert len(fills) >= 12 and len(set(fills)) > 2
    _drawn(page)
    page.screenshot(path=screenshots / "lab-mulai-peta.png")

    text = page.locator(".jp-NotebookPanel").inner_text()
    assert "DATA CONTOH" in text and "usulan" in text and "Rp" in text
    # tables came out as tables (ws.usulan[tahun], ws.kecamatan, ws.report.to_frame())
    assert page.locator(".jp-NotebookPanel .jp-RenderedHTMLCommon table.dataframe").count() >= 3
    # every dashboard's view drew its widget
    widgets = page.locator(".jp-NotebookPanel .jp-OutputArea-output .jupyter-widgets.widget-vbox")
    assert widgets.count() >= DASHBOARD_CELLS
    assert "Error displaying widget" not in text
    # no error, no traceback, nothing on stderr
    errors = page.locator(
        ".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    assert errors.count() == 0, errors.all_inner_texts()[:3]
    assert "Traceback" not in text

    dash = page.locator(".jp-CodeCell", has=page.locator("text=peta_usulan.tampilan")).first
    dash.scroll_into_view_if_needed()
    dash.locator(".js-plotly-plot path.js-fill").first.wait_for(timeout=RUN_MS)
    _drawn(page)
    page.screenshot(path=screenshots / "lab-mulai-dasbor.png")

    assert v.blocked == [], f"requests to other hosts: {v.blocked[:5]}"
    assert v.errors == [], f"page errors: {v.errors[:3]}"

"""The analysts' starter notebook (``eksplorasi/mulai.ipynb``) and how ``planlib lab`` places it.

The notebook is executed with papermill on the demo, as JupyterLab's Run All would;
the browser test (``tests/browser/test_lab.py``) runs it in JupyterLab itself.
"""

from __future__ import annotations

from pathlib import Path

from planlib import open_workspace
from planlib.serve import STARTER, add_starter

WIDGET = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def test_starter_runs_on_demo(demo_ws, tmp_path):
    import nbformat
    import papermill

    from planlib.viz.map_names import NAME_TRACES

    out = tmp_path / "mulai.ipynb"
    papermill.execute_notebook(
        str(STARTER), str(out), parameters={"workspace": str(demo_ws), "tahun": 2026},
        kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
    )  # fmt: skip
    done = nbformat.read(out, as_version=4)
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "DATA CONTOH" in text and "usulan" in text and "Rp" in text
    # the tables: usulan, kecamatan, the report's rows
    tables = [o for o in outputs if "<table" in "".join(o.get("data", {}).get("text/html", ""))]
    assert len(tables) >= 3
    # the map: one filled trace per kecamatan, coloured by the filtered usulan
    (fig,) = [o["data"][PLOTLY] for o in outputs if PLOTLY in o.get("data", {})]
    # (the names' plates are filled too: they are name traces, not areas)
    areas = [
        t for t in fig["data"] if t.get("fill") == "toself" and t.get("name") not in NAME_TRACES
    ]
    n_kec = len(open_workspace(demo_ws).display("kecamatan"))
    assert len(areas) == n_kec and len({t["fillcolor"] for t in areas}) > 2
    # every dashboard: its widget
    dashboards = [c for c in done.cells if c.cell_type == "code" and ".tampilan(" in c.source]
    assert len(dashboards) == len(list(Path(STARTER).parents[1].glob("0[0-9]-*.ipynb")))
    for cell in dashboards:
        assert any(WIDGET in o.get("data", {}) for o in cell.outputs), cell.source


def test_add_starter_keeps_the_analysts_copy(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    first = add_starter(ws)
    assert first == ws / "eksplorasi" / "mulai.ipynb"
    assert first.read_bytes() == STARTER.read_bytes()
    first.write_text("catatan analis", encoding="utf-8")
    assert add_starter(ws).read_text(encoding="utf-8") == "catatan analis"

"""The dashboards on real kabupaten (HSS, Kukar): the notebooks' own code, and one real kernel.

Each notebook's code cells (parameters injected, as papermill does) run in this
process for both years on both kabupaten: the same call a kernel makes, without
starting one kernel per notebook and year. The kernel path itself is covered by
``test_notebooks.py`` on the demo, and here once on Kukar's heaviest map.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from planlib.dashboards.first_paint import MIME as FIRST_PAINT_MIME

from .test_notebooks import NOTEBOOKS, run_dashboard

#: The first paint a dashboard's widget carries.
PAINT = FIRST_PAINT_MIME


def run_in_process(nb: Path, workspace: Path, tahun: int):
    """Run ``nb``'s code cells here, its parameters cell set as papermill would; the last value.

    Returns what the notebook's last expression evaluates to (the dashboard's widget).
    """
    cells = [c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]  # fmt: skip
    assert "parameters" in cells[0]["metadata"].get("tags", []), nb.name
    scope: dict = {}
    exec("".join(cells[0]["source"]), scope)  # noqa: S102 - the notebook's own defaults
    scope.update(workspace=str(workspace), tahun=tahun)
    last = None
    for cell in cells[1:]:
        tree = ast.parse("".join(cell["source"]))
        tail = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, nb.name, "exec"), scope)  # noqa: S102
        if tail is not None:
            last = eval(compile(ast.Expression(tail.value), nb.name, "eval"), scope)  # noqa: S307
    return last


@pytest.fixture(scope="module", params=["63.06", "64.02"])
def real_ws(request, shared, tmp_path_factory):
    """A real workspace (HSS, Kukar) from the public data, with synthetic usulan for two years.

    Also a synthetic plan and synthetic realisasi (for the Rakerda) on the real kecamatan.
    """
    from .conftest import real_workspace_with_usulan

    folder = tmp_path_factory.mktemp(request.param.replace(".", "_"))
    root = real_workspace_with_usulan(shared, folder, request.param, realisasi=True)
    return root


@pytest.mark.parametrize("nb", [p for p in NOTEBOOKS if p.name[:2] != "00"], ids=lambda p: p.name)
def test_notebook_code_builds_on_real_workspace(nb, real_ws, capsys):

    from planlib import open_workspace

    ws = open_workspace(real_ws)
    assert ws.tahun == [2025, 2026] and all(len(df) > 1000 for df in ws.usulan.values())
    assert sorted(ws.realisasi) == [2025, 2026]
    # the synthetic realisasi sits on the real kecamatan: lokasi matched to their codes
    kode = ws.realisasi[2025]["kode_kecamatan"].dropna()
    assert len(kode) > 50 and kode.isin(set(ws.kecamatan["kode"])).all()
    for tahun in (2025, 2026):
        widget = run_in_process(nb, real_ws, tahun)
        err = capsys.readouterr().err
        assert "Traceback" not in err and "planlib:" not in err, (nb.name, tahun, err)
        # a dashboard that could not be built returns a message, which carries no view
        assert getattr(widget, "_planlib_view", None) is not None, (nb.name, tahun)


def test_heaviest_map_in_a_real_kernel(real_ws, tmp_path):
    """The kernel path on real data: each kabupaten's Peta usulan through papermill."""
    from planlib.workspace.config import WorkspaceConfig

    (nb,) = [p for p in NOTEBOOKS if p.name == "01-peta-usulan.ipynb"]
    outputs = run_dashboard(nb, tmp_path / nb.name, real_ws, 2026)
    # the widget carries its first paint: the kabupaten's title and its map, drawn in the kernel
    (paint,) = [o["data"][PAINT] for o in outputs if PAINT in o.get("data", {})]
    nama = WorkspaceConfig.read(real_ws).nama
    assert f"Peta usulan Musrenbang — {nama}" in paint
    assert paint.count("<svg") >= 1 and paint.count("<path") >= 1


def test_forum_workflow_on_real_workspace(real_ws, tmp_path):
    """The whole forum workflow on a real kabupaten (synthetic usulan and plan on real wilayah)."""
    from openpyxl import load_workbook

    from planlib import open_workspace
    from planlib.dashboards.forum_pd import ForumPD
    from planlib.dashboards.lintas_pd import LintasPD
    from planlib.forum import align, lineage, overlap
    from planlib.forum.keputusan import KeputusanStore
    from planlib.rekap import usulan_tahun

    ws = open_workspace(real_ws)
    saran = align.align(ws, 2026)
    assert len(saran) == len(ws.usulan[2026]) and saran["opd_saran"].notna().all()
    # the synthetic usulan come with their true OPD (opd_tujuan); the matcher never reads it
    usulan = usulan_tahun(ws, 2026).merge(saran, on="id_usulan")
    assert (usulan["opd_saran"] == usulan["opd_tujuan"]).mean() > 0.9

    view = ForumPD(ws, 2026)
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)  # a click on its row
    view.w_oleh.value, view.w_status.value, view.w_alasan.value = (
        "Analis",
        "ditunda",
        "menunggu DED",
    )
    view.b_catat.click()
    assert (
        KeputusanStore(ws.root).current(2026).set_index("id_usulan").loc[first, "status"]
        == "ditunda"
    )
    view.b_hitung.click()
    assert view._alokasi is not None and view._alokasi.terpilih.any()
    assert "Garis batas" in view.pagu_tabel.value
    view.b_ba.click()
    assert "base64," in view.ba_link.value

    lin = lineage.assign_lineage(ws.usulan)
    assert (lin["kali_diusulkan"] >= 2).any()  # the generator re-submits usulan in 2026
    m = overlap.overlap_matrix(**overlap.overlap_inputs(ws, 2026), by="desa")
    assert (m.to_numpy() == m.to_numpy().T).all() and (m.to_numpy() > 0).sum() > len(m)
    LintasPD(ws, 2026)  # builds without error

    out = tmp_path / "ba.xlsx"
    from planlib.forum.berita_acara.xlsx import write_berita_acara

    write_berita_acara(usulan_tahun(ws, 2026), KeputusanStore(ws.root).current(2026), out,
                       by="dapil", judul=ws.config.nama, tahun=2026)  # fmt: skip
    text = [str(c.value) for sh in load_workbook(out).worksheets for r in sh.iter_rows() for c in r]
    assert "menunggu DED" in text

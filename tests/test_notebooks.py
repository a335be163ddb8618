"""Every notebook runs against the demo with papermill; `planlib serve` answers on localhost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_on_demo(nb, demo_ws, tmp_path):
    run_dashboard(nb, tmp_path / nb.name, demo_ws, 2026)


def run_dashboard(nb: Path, out: Path, workspace: Path, tahun: int) -> None:
    """Execute a dashboard notebook with papermill; it must end in the dashboard's widget.

    A dashboard that fails shows a message instead (and writes ``planlib:`` or a
    traceback to stderr): that fails here too.
    """
    import nbformat
    import papermill

    papermill.execute_notebook(
        str(nb), str(out), parameters={"workspace": str(workspace), "tahun": tahun},
        kernel_name="python3", progress_bar=False, cwd=str(out.parent),
    )  # fmt: skip
    done = nbformat.read(out, as_version=4)
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    errors = [o["text"] for o in outputs if o.get("name") == "stderr"
              and ("Traceback" in o["text"] or "planlib:" in o["text"])]  # fmt: skip
    assert not errors, (nb.name, tahun, errors)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), (
        f"{nb.name} {tahun}: the notebook should end with the dashboard's widget"
    )


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
        deadline = time.time() + 90
        status = None
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/tree", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, (
            proc.stdout.read().decode() if proc.poll() is not None else "no answer"
        )
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


@pytest.fixture(scope="module", params=["63.06", "64.02"])
def real_ws(request, shared, tmp_path_factory):
    """A real workspace (HSS, Kukar) from the public data, with synthetic usulan for two years.

    Also a synthetic plan and synthetic realisasi (for the Rakerda) on the real kecamatan.
    """
    from planlib import open_workspace
    from planlib.demo import OPD, write_perencanaan_for, write_realisasi_for, write_usulan_for

    from .conftest import real_workspace

    root = real_workspace(
        shared, tmp_path_factory.mktemp(request.param.replace(".", "_")), request.param
    )
    ws = open_workspace(root)
    files = write_usulan_for(root, ws.kecamatan, ws.desa, ws.config.nama, tahun=(2025, 2026))
    plan = write_perencanaan_for(root, ws.kecamatan, request.param)
    kec = [str(n) for n in ws.kecamatan["nama"]]
    real = write_realisasi_for(root, kec, list(OPD.values()), (2025, 2026))
    with open(root / "planlib.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[usulan]\n" + "".join(f'{t} = "{p}"\n' for t, p in files.items()))
        fh.write("\n[perencanaan]\n" + "".join(f'{k} = "{p}"\n' for k, p in plan.items()))
        fh.write("\n[realisasi]\n" + "".join(f'{t} = "{p}"\n' for t, p in real.items()))
    return root


@pytest.mark.parametrize("nb", [p for p in NOTEBOOKS if p.name[:2] != "00"], ids=lambda p: p.name)
def test_notebook_executes_on_real_workspace(nb, real_ws, tmp_path):

    from planlib import open_workspace

    ws = open_workspace(real_ws)
    assert ws.tahun == [2025, 2026] and all(len(df) > 1000 for df in ws.usulan.values())
    assert sorted(ws.realisasi) == [2025, 2026]
    # the synthetic realisasi sits on the real kecamatan: lokasi matched to their codes
    kode = ws.realisasi[2025]["kode_kecamatan"].dropna()
    assert len(kode) > 50 and kode.isin(set(ws.kecamatan["kode"])).all()
    for tahun in (2025, 2026):
        run_dashboard(nb, tmp_path / f"{tahun}-{nb.name}", real_ws, tahun)


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
    first = view.w_usulan.value
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
    from planlib.forum.berita_acara import write_berita_acara

    write_berita_acara(usulan_tahun(ws, 2026), KeputusanStore(ws.root).current(2026), out,
                       by="dapil", judul=ws.config.nama, tahun=2026)  # fmt: skip
    text = [str(c.value) for sh in load_workbook(out).worksheets for r in sh.iter_rows() for c in r]
    assert "menunggu DED" in text

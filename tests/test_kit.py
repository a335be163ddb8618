"""Any kabupaten in ten minutes: from the files on a Bappeda's desk to its own workbook.

For a kabupaten with desa polygons (Gunungkidul, as a BIG zip), a kecamatan-only kabupaten
(Lombok Timur) and a kota (Kota Mataram): the desk's raw files are written
(:func:`planlib.demo.kit.write_kit`), then exactly what an analyst types — ``planlib init
--kabupaten NAME``, ``planlib tambah`` on the desk folder, ``planlib check`` — with no file
edited; the map is built by the dashboard's own code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planlib import open_workspace, reference
from planlib.cli import app
from planlib.demo.kit import write_kit

from .test_notebooks import NOTEBOOKS
from .test_notebooks_real import run_in_process

KITS = {
    "Gunungkidul": ("34.03", "boundaries/desa_gunungkidul_3403.geojson"),
    "Lombok Timur": ("52.03", None),
    "Kota Mataram": ("52.71", None),
}


def cli(*args: object):
    res = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output and "kesalahan tak terduga" not in res.output, res.output
    return res


@pytest.fixture(scope="module", params=list(KITS), ids=lambda n: n.replace(" ", "_"))
def kit(request, shared, tmp_path_factory):
    nama = request.param
    kode, desa = KITS[nama]
    base = tmp_path_factory.mktemp(kode.replace(".", "_"))
    files = write_kit(base / "meja", nama, desa=shared / desa if desa else None, per_tahun=300)
    desk = {p: p.read_bytes() for p in (base / "meja").rglob("*") if p.is_file()}
    res = cli("init", base / "ws", "--kabupaten", nama)
    assert res.exit_code == 0, res.output
    res = cli("tambah", base / "ws", base / "meja")
    return nama, kode, base / "ws", files, desk, res


def test_the_desk_is_recognised_whole(kit):
    nama, kode, root, files, desk, res = kit
    assert res.exit_code == 0, res.output
    assert "tidak dikenali" not in res.output and "perlu pilihan" not in res.output
    for key in ("usulan", "usulan_lalu", "ipm", "p0", "tpt", "dapil"):
        assert f"{files[key].name}: " in res.output, key
    # nothing on the desk was edited
    assert all(p.read_bytes() == data for p, data in desk.items())
    assert cli("check", root).exit_code == 0


def test_every_kecamatan_drawn_every_dapil_filled_every_row_accounted(kit):
    nama, kode, root, files, desk, res = kit
    ws = open_workspace(root)
    codes = reference.kode_wilayah()
    kec = set(codes.loc[(codes["level"] == "kecamatan") & codes["kode"].str.startswith(kode + "."), "kode"])  # fmt: skip
    assert set(ws.kecamatan["kode"]) == kec
    assert ws.kecamatan.geometry.notna().all() and not ws.kecamatan.geometry.is_empty.any()
    assert ws.kecamatan["dapil"].notna().all()  # the typed Dapil list places every kecamatan
    assert ws.kecamatan["dapil"].nunique() == reference.dapil_kabupaten(kode)["dapil"].nunique()
    for f in ws.report.files:
        assert f.balanced, f.path
        assert not f.errors and not f.fatal, (f.path, f.errors[:3], f.fatal)
    assert ws.tahun == [2025, 2026]
    for t in ws.tahun:
        (fr,) = [f for f in ws.report.files if f.kind == "usulan" and str(t) in Path(f.path).name]
        assert fr.rows_in == fr.rows_loaded == len(ws.usulan[t]) == 300
    if files.get("desa"):
        assert ws.desa is not None and len(ws.desa) == 144
        # the two BIG features without a code were placed by name, never merged
        placed = [p for f in ws.report.files for p in f.problems if p.code == "kode_dari_nama"]
        assert len(placed) == 2
        # kecamatan formed from the desa, none from the shipped polygons
        (kec,) = [f for f in ws.report.files if f.kind == "kecamatan" and f.path.endswith(".zip")]
        assert any("dibentuk dari poligon desa" in n for n in kec.notes), kec.notes
        assert not [p for p in kec.problems if p.code == "kecamatan_dari_bawaan"]


def test_indicators_of_the_kabupaten_and_its_province(kit):
    nama, kode, root, files, desk, res = kit
    ws = open_workspace(root)
    ind = ws.indikator
    prov = kode.split(".")[0]
    for indikator in ("ipm", "p0", "tpt"):
        rows = ind[ind["indikator"] == indikator]
        assert {kode, prov, "00"} <= set(rows["kode_wilayah"]), indikator
        assert sorted(rows["tahun"].unique()) == [2021, 2022, 2023, 2024]
    assert set(ind.loc[ind["indikator"] == "ipm", "seri"]) == {"revisi_2024"}


def test_the_map_is_drawn_with_its_dapil(kit):
    nama, kode, root, files, desk, res = kit
    (nb,) = [p for p in NOTEBOOKS if p.name == "01-peta-usulan.ipynb"]
    widget = run_in_process(nb, root, 2026)
    view = widget._planlib_view
    ws = open_workspace(root)
    filled = [t for t in view.fig.data if getattr(t, "fill", None) == "toself"]
    names = {t.name for t in filled}
    assert set(ws.kecamatan["nama"]) <= names  # every kecamatan has its area on the map
    assert len(view.w_dapil.options) == 1 + ws.kecamatan["dapil"].nunique()

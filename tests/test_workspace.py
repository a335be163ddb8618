"""A workspace over time: IDs that survive re-exports, decisions that stay attached or are
listed, the isu table of ``planlib.toml``, and display copies keyed on what they draw."""

from __future__ import annotations

import dataclasses
import json

import openpyxl
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from planlib import rekap
from planlib.cli import app
from planlib.forum.keputusan import KeputusanStore
from planlib.forum.orphaned import ORPHANED_COLUMNS, orphaned, orphaned_in
from planlib.report import WorkspaceError
from planlib.workspace import open_workspace
from planlib.workspace.config import WorkspaceConfig

from .test_usulan import PU, SHORT, small_workspace

#: (Pengusul, Urusan, Usulan, Permasalahan, Alamat, OPD, Koefisien) — desa names with one code
PROPOSALS = [
    ("Desa Bakarung", "Pekerjaan Umum", "Normalisasi saluran irigasi", "Banjir", "RT 1", PU, "100 m"),
    ("Desa Malutu", "Pendidikan", "Rehab gedung PAUD", "Atap bocor", "RT 3", "Dinas Pendidikan", "1 unit"),
    ("Desa Madang", "Kesehatan", "Posyandu balita", "Stunting", "Dusun 2", "Dinas Kesehatan", "1 paket"),
    ("Desa Ku'u", "Pekerjaan Umum", "Pengerasan jalan usaha tani", "Jalan licin", "RT 4", PU, "1.500 m"),
    # the same pengusul asking the same thing twice: two usulan, not one
    ("Desa Malutu", "Pertanian", "Bantuan bibit padi", "Gagal panen", "Kel. tani Maju", "Dinas Pertanian", "2 ton"),
    ("Desa Malutu", "Pertanian", "Bantuan bibit padi", "Gagal panen", "Kel. tani Maju", "Dinas Pertanian", "2 ton"),
]  # fmt: skip


def short_export(path, stage: int, *, kecamatan_column=False, edit=None):
    """A SIPD short-layout export as downloaded at ``stage`` (status/rekomendasi differ)."""
    header = list(SHORT) + (["Kecamatan", "Anggaran"] if kecamatan_column else [])
    kec = {"Bakarung": "Angkinang", "Malutu": "Padang Batung", "Madang": "Padang Batung",
           "Ku'u": "Telaga Langsat"}  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DAFTAR USULAN MUSRENBANG KECAMATAN"])
    ws.append(header)
    for i, (peng, urusan, usulan, masalah, alamat, opd, koef) in enumerate(PROPOSALS):
        if edit and i in edit:
            usulan = edit[i]
        rek = [f"tahap {stage} mitra {i}", f"tahap {stage} desa", f"tahap {stage} kec",
               f"tahap {stage} skpd", f"tahap {stage} tapd"]  # fmt: skip
        status = ["Usulan Desa", "Diterima Kecamatan", "Diakomodir SKPD"][stage % 3]
        row = ["10/01/2025", peng, "Desa", urusan, usulan, masalah, alamat, opd, rek[0],
               "Fisik", koef, rek[1], rek[2], rek[3], rek[4], status]  # fmt: skip
        if kecamatan_column:
            row += [kec[peng.removeprefix("Desa ")], 25_000_000 * (i + stage)]
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def forum_ws(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    short_export(root / "usulan.xlsx", 0)
    return small_workspace(root, {2026: "usulan.xlsx"})


def _record_all(root):
    ws = open_workspace(root)
    df = ws.usulan[2026]
    assert len(df) == len(PROPOSALS) and df["id_usulan"].is_unique
    store = KeputusanStore(root)
    for r in df.itertuples():
        store.record(r.id_usulan, 2026, "diterima", f"sesuai renja: {r.usulan}", "Rina",
                     known_ids=df["id_usulan"])  # fmt: skip
    first = df["id_usulan"].iloc[0]
    store.record_override(first, 2026, "Rina", opd="Dinas PUPR", alasan="bidang jalan")
    return ws, store


@pytest.mark.parametrize("kecamatan_column", [False, True])
@pytest.mark.parametrize("use_cache", [True, False])
def test_decisions_stay_attached_after_a_later_download(forum_ws, kecamatan_column, use_cache):
    before, store = _record_all(forum_ws)
    # the same export downloaded at a later stage: every status and rekomendasi changed
    # (and, as the SIPD re-export does, a Kecamatan and an Anggaran column added)
    short_export(forum_ws / "usulan.xlsx", 2, kecamatan_column=kecamatan_column)
    after = open_workspace(forum_ws, use_cache=use_cache)
    df = after.usulan[2026]
    assert df["status"].eq("Diakomodir SKPD").all()
    assert df["rekomendasi_tapd"].eq("tahap 2 tapd").all()
    assert sorted(df["id_usulan"]) == sorted(before.usulan[2026]["id_usulan"])
    current = store.current(2026).merge(df[["id_usulan", "usulan"]], on="id_usulan", how="left")
    assert len(current) == len(PROPOSALS)
    assert current["usulan"].notna().all()  # every decision still points at its usulan
    assert (current["alasan"] == "sesuai renja: " + current["usulan"]).all()
    assert orphaned(store, after.usulan).empty


def test_identical_proposals_are_two_usulan_with_stable_ids(forum_ws):
    ws = open_workspace(forum_ws)
    df = ws.usulan[2026].set_index("baris")
    a, b = df.loc[7, "id_usulan"], df.loc[8, "id_usulan"]
    assert b == f"{a}-2" and a.startswith("H")
    fr = ws.report.files[-1]
    twin = [p for p in fr.problems if p.code == "usulan_kembar"]
    assert [(p.row, p.severity, p.dropped) for p in twin] == [(8, "warning", False)]
    assert "baris 7" in twin[0].suggestion
    short_export(forum_ws / "usulan.xlsx", 1)
    again = open_workspace(forum_ws).usulan[2026].set_index("baris")
    assert (again.loc[7, "id_usulan"], again.loc[8, "id_usulan"]) == (a, b)


def test_edited_text_lists_the_orphaned_decision_in_check(forum_ws):
    before, store = _record_all(forum_ws)
    old = before.usulan[2026].set_index("baris")
    short_export(forum_ws / "usulan.xlsx", 1, edit={0: "Normalisasi saluran irigasi tersier"})
    after = open_workspace(forum_ws)
    lost = orphaned(store, after.usulan)
    gone = old.loc[3, "id_usulan"]  # the first usulan, whose text was edited, and its override
    assert lost[["jenis", "id_usulan"]].values.tolist() == [
        ["keputusan", gone], ["override", gone]
    ]  # fmt: skip
    assert lost["alasan"].tolist() == ["sesuai renja: Normalisasi saluran irigasi", "bidang jalan"]
    res = CliRunner().invoke(app, ["check", str(forum_ws)])
    assert res.exit_code == 1, res.output
    assert "2 keputusan/override tidak lagi menunjuk usulan" in res.output
    assert gone in res.output and "tidak dihapus" in res.output
    res = CliRunner().invoke(app, ["check", str(forum_ws), "--json"])
    data = json.loads(res.output)
    assert [d["id_usulan"] for d in data["orphaned_decisions"]] == [gone, gone]
    assert data["files"][-1]["rows_loaded"] == len(PROPOSALS)
    # nothing was dropped: the decision is still in the store, under its old ID
    assert gone in set(store.current(2026)["id_usulan"])
    assert len(store.history(gone, 2026)) == 1


def test_orphaned_in_reads_without_creating_and_names_an_unreadable_database(forum_ws):
    ws = open_workspace(forum_ws)
    lost, error = orphaned_in(forum_ws, ws.usulan)
    assert lost.empty and list(lost.columns) == ORPHANED_COLUMNS and error is None
    assert not (forum_ws / "keputusan.sqlite").exists()  # a workspace without decisions stays so
    _, store = _record_all(forum_ws)
    short_export(forum_ws / "usulan.xlsx", 1, edit={0: "Normalisasi saluran irigasi tersier"})
    after = open_workspace(forum_ws)
    lost, error = orphaned_in(forum_ws, after.usulan)
    assert error is None and len(lost) == 2
    pd.testing.assert_frame_equal(lost, orphaned(store, after.usulan))
    (forum_ws / "keputusan.sqlite").write_bytes(b"bukan basis data " * 300)
    for suffix in ("-wal", "-shm"):
        (forum_ws / f"keputusan.sqlite{suffix}").unlink(missing_ok=True)
    lost, error = orphaned_in(forum_ws, after.usulan)
    assert lost.empty and list(lost.columns) == ORPHANED_COLUMNS
    assert error is not None and "tidak dapat dipakai" in error


def test_check_without_decisions_lists_none(forum_ws):
    res = CliRunner().invoke(app, ["check", str(forum_ws), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["orphaned_decisions"] == []
    assert not (forum_ws / "keputusan.sqlite").exists()  # check only reads


# --------------------------------------------------------------------------- isu table


def test_isu_table_of_the_workspace_changes_the_isu(forum_ws):
    default = open_workspace(forum_ws).usulan[2026].set_index("baris")["isu"]
    assert default.loc[5] == "Kesehatan dan stunting"  # planlib's own table: "stunting"
    (forum_ws / "isu.csv").write_text(
        "pola,isu\nsaluran,Air dan banjir\nbibit,Ketahanan pangan\n", encoding="utf-8"
    )
    toml = forum_ws / "planlib.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'isu = "isu.csv"\n', encoding="utf-8")
    assert WorkspaceConfig.read(forum_ws).isu is not None
    ws = open_workspace(forum_ws)  # through the cache: the table's hash is in the key
    isu = ws.usulan[2026].set_index("baris")["isu"]
    assert isu.loc[3] == "Air dan banjir" and isu.loc[7] == isu.loc[8] == "Ketahanan pangan"
    assert isu.loc[5] == "Lainnya"  # no pattern of this table says stunting
    assert (rekap.usulan_tahun(ws, 2026)["isu"].astype(str).values == isu.values).all()
    # an edited table is read again, not served from the cache
    (forum_ws / "isu.csv").write_text("pola,isu\nstunting,Gizi\n", encoding="utf-8")
    again = open_workspace(forum_ws).usulan[2026].set_index("baris")["isu"]
    assert again.loc[5] == "Gizi" and again.loc[3] == "Lainnya"


def test_a_missing_isu_table_is_reported_and_every_view_uses_the_default(forum_ws):
    """The workspace decides the isu table once; no view reads ``[usulan] isu`` again."""
    from planlib.dashboards import lintas_pd, peta_usulan
    from planlib.forum.overlap import overlap_inputs
    from planlib.usulan import isu_rules

    toml = forum_ws / "planlib.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'isu = "hilang.csv"\n', encoding="utf-8")
    ws = open_workspace(forum_ws)
    fatal = [f for f in ws.report.files if f.kind == "isu"]
    assert len(fatal) == 1 and "Tabel isu tidak terbaca" in (fatal[0].fatal or "")
    for view in (lintas_pd.tampilan(str(forum_ws), 2026), peta_usulan.tampilan(str(forum_ws))):
        assert getattr(view, "_planlib_view", None) is not None, getattr(view, "value", view)
    assert overlap_inputs(ws, 2026)["rules"] == isu_rules()  # the Lintas PD's data path
    assert ws.isu_rules == isu_rules()  # planlib's own table, as the report says
    assert ws.usulan[2026].set_index("baris")["isu"].loc[5] == "Kesehatan dan stunting"


def test_a_missing_bidang_table_is_reported_and_the_rakerda_uses_the_default(forum_ws):
    from planlib.bidang import BidangRules
    from planlib.rakerda import bidang_rules

    toml = forum_ws / "planlib.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'bidang = "hilang.csv"\n', encoding="utf-8")
    ws = open_workspace(forum_ws)
    assert [f.kind for f in ws.report.files if f.fatal] == ["bidang"]
    assert bidang_rules(ws) == BidangRules.default()  # what the Rakerda dashboard and deck use
    assert bidang_rules(ws) is ws.bidang_rules


def test_other_usulan_keys_are_still_refused(forum_ws):
    toml = forum_ws / "planlib.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'isue = "isu.csv"\n', encoding="utf-8")
    with pytest.raises(WorkspaceError, match="isue"):
        WorkspaceConfig.read(forum_ws)


# --------------------------------------------------------------------------- display copies


def test_display_copy_follows_the_frame_it_draws(demo_ws):
    ws = open_workspace(demo_ws)
    full = ws.display("kecamatan")
    assert len(full) == ws.kecamatan.geometry.notna().sum()
    # fewer codes: the copy of the full frame must not be reused
    fewer = ws.kecamatan.iloc[1:]
    ws2 = dataclasses.replace(ws, kecamatan=fewer)
    assert ws2.display("kecamatan")["kode"].tolist() == fewer["kode"].tolist()
    # the same codes with one polygon moved: the copy follows the geometry
    moved = ws.kecamatan.copy()
    moved.loc[moved.index[0], "geometry"] = shapely.affinity.translate(
        moved.geometry.iloc[0], xoff=0.5
    )
    ws3 = dataclasses.replace(ws, kecamatan=moved)
    disp = ws3.display("kecamatan")
    shift = disp.geometry.iloc[0].centroid.x - full.geometry.iloc[0].centroid.x
    assert shift == pytest.approx(0.5, abs=0.01)
    # and the same frame again is the memoised copy, not a new computation
    assert ws3.display("kecamatan") is disp
    # an altered frame on the same workspace object is not served its old copy either
    ws.kecamatan = moved
    assert ws.display("kecamatan").geometry.iloc[0].equals(disp.geometry.iloc[0])
    assert isinstance(full, pd.DataFrame)


def test_the_lineage_is_computed_once_per_workspace(forum_ws):
    from planlib.forum.lineage import LINEAGE_COLUMNS, LINEAGE_KEY, workspace_lineage

    ws = open_workspace(forum_ws)
    first = workspace_lineage(ws)
    assert list(first.columns) == LINEAGE_COLUMNS
    assert set(first["id_usulan"]) == set(ws.usulan[2026]["id_usulan"])
    assert workspace_lineage(ws) is first
    assert ws.derived(LINEAGE_KEY, lambda: pytest.fail("computed twice")) is first
    assert workspace_lineage(open_workspace(forum_ws)) is not first  # a reopened workspace


def test_a_workspace_without_usulan_says_so_in_the_views_that_need_them(tmp_path):
    from planlib.dashboards import lintas_pd, peta_usulan
    from planlib.dashboards.voila import TANPA_USULAN

    root = tmp_path / "baru"
    root.mkdir()
    small_workspace(root, {})
    shown = lintas_pd.tampilan(str(root), 2026)
    assert TANPA_USULAN.split(" (")[0] in shown.value and not hasattr(shown, "_planlib_view")
    view = peta_usulan.tampilan(str(root), 2026)._planlib_view  # the map and its Dapil
    assert list(view.ws.usulan) == [2026] and view.ws.usulan[2026].empty


def test_usulan_of_is_the_one_refusal_of_a_year_without_usulan(demo_ws):
    from planlib.report import PlanlibError
    from planlib.workspace.model import TANPA_USULAN

    ws = open_workspace(demo_ws)
    assert ws.usulan_of(ws.tahun[0]) is ws.usulan[ws.tahun[0]]
    with pytest.raises(PlanlibError) as caught:
        ws.usulan_of(1999)
    assert str(caught.value) == (
        "Tidak ada usulan tahun 1999 di workspace ini (tahun tersedia: "
        + ", ".join(str(t) for t in ws.tahun) + ")."
    )  # fmt: skip
    with pytest.raises(PlanlibError, match=r"belum punya berkas usulan"):
        dataclasses.replace(ws, usulan={}).usulan_of(ws.tahun[0])
    assert TANPA_USULAN.startswith("Workspace ini belum punya berkas usulan")

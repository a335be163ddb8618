"""Forum decisions on pokir: the ``jenis`` of a decision, the migration of an old file."""

from __future__ import annotations

import html
import shutil
import sqlite3

import openpyxl
import pytest

import planlib
from planlib.forum.berita_acara.table import berita_acara_table
from planlib.forum.berita_acara.xlsx import write_berita_acara
from planlib.forum.keputusan import (
    DB_NAME,
    KeputusanError,
    KeputusanStore,
    keputusan_berlaku,
)
from planlib.forum.keputusan_schema import SCHEMA_1 as _SCHEMA_1
from planlib.forum.keputusan_schema import SCHEMA_VERSION
from planlib.forum.pokir import pokir_anggota
from planlib.forum.pokir_forum import pasangan, pokir_berita_acara, samakan, tawaran
from planlib.rekap import usulan_tahun


def _version_1_file(root) -> None:
    """A keputusan.sqlite as planlib wrote it before pokir: schema 1, two usulan, one undo."""
    with sqlite3.connect(root / DB_NAME) as conn:
        for statement in _SCHEMA_1:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        rows = [
            (1, 2026, "U1", "catat", "diterima", None, "sesuai Renja", "Ani", "t1", None, 1),
            (2, 2026, "U2", "catat", "ditolak", None, "di luar urusan", "Budi", "t2", None, 2),
            (3, 2026, "U1", "catat", "ditunda", None, "tunggu survei", "Ani", "t3", 1, 3),
            (4, 2026, "U1", "batal", "diterima", None, "sesuai Renja", "Ani", "t4", 3, 1),
        ]
        conn.executemany(
            "INSERT INTO keputusan_log (seq, tahun, id_usulan, aksi, status, opd, alasan, oleh,"
            " waktu, sebelum, asal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def test_old_file_is_migrated_keeping_every_row(tmp_path):
    _version_1_file(tmp_path)
    store = KeputusanStore(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    history = store.history(jenis=None)
    assert list(history["seq"]) == [1, 2, 3, 4]
    assert set(history["jenis"]) == {"usulan"}
    cur = store.current(2026).set_index("id_usulan")
    assert cur.loc["U1", "status"] == "diterima" and cur.loc["U1", "versi"] == 3
    assert cur.loc["U2", "status"] == "ditolak"
    # the history goes on where it stopped: undoing U1 again leaves it undecided
    store.undo("U1", 2026, "Ani")
    assert "U1" not in set(store.current(2026)["id_usulan"])
    # the append-only triggers survived the migration
    with sqlite3.connect(tmp_path / DB_NAME) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM keputusan_log")


def test_pokir_decision_is_apart_from_an_usulan_with_the_same_id(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record("123", 2026, "diterima", "sesuai Renja", "Ani")
    store.record("123", 2026, "ditolak", "sudah lewat Musrenbang", "Ani", jenis="pokir")
    assert list(store.current(2026)["status"]) == ["diterima"]
    assert list(store.current(2026, jenis="pokir")["status"]) == ["ditolak"]
    assert len(store.current(2026, jenis=None)) == 2
    assert keputusan_berlaku(store, ["123"], 2026, jenis="pokir")["status"].iloc[0] == "ditolak"
    both = store.current(2026, jenis=None)
    assert keputusan_berlaku(both, ["123"], 2026)["status"].iloc[0] == "diterima"
    # undo acts on its own kind only
    store.undo("123", 2026, "Ani", jenis="pokir")
    assert store.current(2026, jenis="pokir").empty
    assert list(store.current(2026)["status"]) == ["diterima"]
    with pytest.raises(KeputusanError, match="Jenis"):
        store.record("123", 2026, "diterima", "x", "Ani", jenis="aspirasi")


def test_check_lists_a_pokir_decision_whose_pokir_is_gone(demo_ws, tmp_path):
    """A re-export without a decided pokir: ``planlib check`` names the decision, keeps it."""
    from typer.testing import CliRunner

    from planlib.cli import app
    from planlib.forum.orphaned import orphaned_in

    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    tahun = sorted(ws.pokir)[-1]
    ada = str(ws.pokir[tahun]["id_pokir"].iloc[0])
    store = KeputusanStore(root)
    store.record(ada, tahun, "diterima", "sesuai Renja", "Ani", jenis="pokir")
    store.record("PK-HILANG-1", tahun, "ditolak", "di luar kewenangan", "Ani", jenis="pokir")
    lost, error = orphaned_in(root, ws.usulan, ws.pokir)
    assert error is None
    assert lost[["jenis", "id_usulan", "status"]].values.tolist() == [
        ["pokir", "PK-HILANG-1", "ditolak"]
    ]
    # without the workspace's pokir, pokir decisions are not judged (and none is called lost)
    assert orphaned_in(root, ws.usulan)[0].empty
    res = CliRunner().invoke(app, ["check", str(root)])
    assert res.exit_code == 1, res.output
    assert "PK-HILANG-1 · keputusan pokir ditolak · oleh Ani" in res.output
    assert ada not in res.output.split("keputusan.sqlite")[-1]
    assert len(store.current(tahun, jenis="pokir")) == 2  # listed, never dropped


# --------------------------------------------------------------------- a duplicated pair


@pytest.fixture(scope="module")
def forum(demo_ws, tmp_path_factory):
    """The Forum PD view on a copy of the demo, showing the Dapil of a duplicated pair."""
    from planlib.dashboards.forum_pd import ForumPD

    root = tmp_path_factory.mktemp("pokir_forum") / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    tahun = sorted(ws.pokir)[-1]
    pairs = pasangan(ws, tahun)
    assert len(pairs), "the demo plants pokir repeating usulan"
    view = ForumPD(ws, tahun)
    pokir = ws.pokir[tahun].set_index("id_pokir")
    view.w_dapil.value = pokir.loc[pairs["id_pokir"].iloc[0], "dapil"]
    view.w_oleh.value = "Analis"
    return root, ws, tahun, pairs, view


def test_a_pair_is_one_row_with_two_sources_and_pokir_are_marked(forum):
    _root, ws, _tahun, pairs, view = forum
    df = view._df
    twin = df[(df["jenis"] == "usulan") & df["kembaran"].map(len).gt(0)]
    assert len(twin)
    r = twin.iloc[0]
    (j, p), *_ = r["kembaran"]
    assert j == "pokir" and r["asal"].startswith("Musrenbang + Pokir — ")
    # the pokir of the pair is not a second row of the list
    assert p not in set(df.loc[df["jenis"] == "pokir", "id_usulan"])
    own = df[df["jenis"] == "pokir"]
    assert len(own), "the demo Dapil has pokir that repeat no usulan"
    first = own.iloc[0]
    member = ws.pokir[view.tahun].set_index("id_pokir").loc[first["id_usulan"]]
    assert first["asal"] == f"Pokir — {member['pengusul']} ({member['fraksi']})"
    view.w_cari.value = str(first["id_usulan"])
    shown = [c.value for row, b, c in view.baris if row.layout.display != "none"]
    assert any("Pokir — " in v for v in shown)
    view.w_cari.value = ""


def test_a_decision_on_one_side_is_offered_for_the_other_never_recorded_alone(forum):
    root, _ws, tahun, _pairs, view = forum
    store = KeputusanStore(root)
    df = view._df
    r = df[(df["jenis"] == "usulan") & df["kembaran"].map(len).gt(0)].iloc[0]
    usulan, pokir = str(r["id_usulan"]), r["kembaran"][0][1]
    view.pilih(usulan)
    view.w_status.value, view.w_alasan.value = "diterima", "sesuai Renja"
    view.b_catat.click()
    assert store.current(tahun).set_index("id_usulan").loc[usulan, "status"] == "diterima"
    # offered, not recorded
    assert pokir not in set(store.current(tahun, jenis="pokir")["id_usulan"])
    assert view.b_samakan.layout.display is None and pokir in view.b_samakan.description
    assert "tidak</b> ikut berubah" in view.pesan.value
    view.b_samakan.click()
    k = store.current(tahun, jenis="pokir").set_index("id_usulan").loc[pokir]
    assert k["status"] == "diterima" and usulan in k["alasan"] and k["oleh"] == "Analis"
    assert view.b_samakan.layout.display == "none"
    # the other way round, through the functions: a pokir decided, its usulan offered
    store.record(pokir, tahun, "ditolak", "anggaran habis", "Analis", jenis="pokir")
    offer = tawaran(store, view.ws, tahun, "pokir", pokir)
    offered = list(zip(offer["jenis"], offer["id"], strict=True))
    assert ("usulan", usulan) in offered and {j for j, _ in offered} == {"usulan"}
    versi = int(offer.set_index("id").loc[usulan, "versi"])
    # someone changed the usulan since the offer: nothing is written
    store.record(usulan, tahun, "ditunda", "tunggu survei", "Budi")
    with pytest.raises(KeputusanError, match="analis lain"):
        samakan(store, tahun, ("pokir", pokir), ("usulan", usulan), "Analis", versi=versi)
    assert store.current(tahun).set_index("id_usulan").loc[usulan, "status"] == "ditunda"
    # once both sides say the same, that side is no longer offered
    samakan(store, tahun, ("pokir", pokir), ("usulan", usulan), "Analis")
    assert usulan not in set(tawaran(store, view.ws, tahun, "pokir", pokir)["id"])


def test_berita_acara_prints_pokir_with_their_member_and_a_pair_together(forum, tmp_path):
    root, ws, tahun, pairs, _view = forum
    store = KeputusanStore(root)
    p, u = pairs["id_pokir"].iloc[-1], pairs["id_usulan"].iloc[-1]
    store.record(p, tahun, "dialihkan", "urusan desa", "Analis", opd="Dinas PMD", jenis="pokir")
    pokir = pokir_berita_acara(ws, tahun)
    table = berita_acara_table(usulan_tahun(ws, tahun), store, tahun, pokir)
    ids = list(table["ID Usulan"])
    assert len(table) == len(usulan_tahun(ws, tahun)) + len(ws.pokir[tahun])
    member = ws.pokir[tahun].set_index("id_pokir").loc[p]
    row = table.set_index("ID Usulan").loc[p]
    assert row["Sumber"].startswith(f"Pokir — {member['pengusul']} ({member['fraksi']})")
    assert u in row["Sumber"] and not row["dihitung"]
    assert (row["Keputusan"], row["OPD Pengalihan"]) == ("Dialihkan", "Dinas PMD")
    # the pokir follows the first of its usulan that is printed
    first = next(x for x in pairs.loc[pairs["id_pokir"] == p, "id_usulan"] if x in ids)
    assert ids.index(p) == ids.index(first) + 1 + sum(
        1 for q in ids[ids.index(first) + 1 : ids.index(p)] if q in set(pairs["id_pokir"])
    )
    assert p in table.set_index("ID Usulan").loc[u, "Sumber"]
    # printed: the Usulan cell carries the mark, the total counts the pair once
    out = write_berita_acara(usulan_tahun(ws, tahun), store, tmp_path / "ba.xlsx",
                             judul="Kabupaten Contoh", tahun=tahun, pokir=pokir)  # fmt: skip
    sheet = openpyxl.load_workbook(out)[str(row["dapil"])]
    cells = {r[1]: r for r in sheet.iter_rows(values_only=True) if r[1]}
    assert f"[Pokir — {member['pengusul']}" in cells[p][3] and "Dialihkan" in cells[p][5]
    counted = table[(table["dapil"] == row["dapil"]) & table["dihitung"]]
    total = next(r for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("Jumlah"))
    assert total[7] == pytest.approx(counted["Anggaran (Rp)"].sum())


def test_forum_dapil_lists_the_dapil_members_pokir_beside_the_usulan(forum):
    from planlib.dashboards.forum_dapil import ForumDapil

    _root, ws, tahun, _pairs, _view = forum
    dash = ForumDapil(ws, tahun)
    dapil = str(dash.w_dapil.value)
    want = pokir_anggota(ws, tahun, dapil)
    assert len(want), "the demo's first Dapil has members with pokir"
    assert "Pokir DPRD" in [dash.tabs.get_title(i) for i in range(len(dash.tabs.children))]
    ganda = int((want["id_usulan_ganda"] != "").sum())
    assert f"pokir anggota Dapil ini; {ganda} sama dengan usulan" in dash.pokir.value
    assert "pokir" not in dash.cards.value  # the first screen: the map and the usulan cards
    for nama in set(want["pengusul"]):
        assert html.escape(nama) in dash.pokir.value

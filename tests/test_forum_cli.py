"""The forum commands as an analyst runs them: decide, decisions, berita-acara, align."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from planlib import open_workspace
from planlib.forum.keputusan import KeputusanStore

from .test_cli import run


@pytest.fixture
def ws(demo_ws, tmp_path):
    """A private copy of the demo: decisions are written into the workspace."""
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    return root


def _ids(root, tahun, n):
    truth = pd.read_csv(root / ".demo-truth.csv", dtype={"id_usulan": str})
    return truth.loc[truth["tahun"] == tahun, "id_usulan"].head(n).tolist()


def test_decide_then_decisions_lists_the_current_state(ws):
    a, b = _ids(ws, 2026, 2)
    res = run("decide", ws, "--usulan", a, "--status", "diterima", "--alasan", "prioritas desa",
              "--oleh", "Rina")  # fmt: skip
    assert res.exit_code == 0, res.output
    res = run("decide", ws, "--usulan", b, "--status", "dialihkan", "--opd", "Dinas Sosial",
              "--alasan", "kewenangan Dinsos", "--oleh", "Budi", "--tahun", "2026")  # fmt: skip
    assert res.exit_code == 0, res.output
    res = run("decide", ws, "--usulan", a, "--status", "ditunda", "--alasan", "menunggu DED",
              "--oleh", "Budi")  # fmt: skip
    assert res.exit_code == 0, res.output
    listed = json.loads(run("decisions", ws, "--json").output)
    state = {r["id_usulan"]: r for r in listed}
    assert set(state) == {a, b}
    assert state[a]["status"] == "ditunda" and state[a]["oleh"] == "Budi"
    assert state[b]["status"] == "dialihkan" and state[b]["opd"] == "Dinas Sosial"
    history = KeputusanStore(ws).history(a)
    assert list(history["status"]) == ["diterima", "ditunda"]  # nothing overwritten


@pytest.mark.parametrize(
    "args, message",
    [
        (["--status", "disetujui"], "tidak dikenal"),
        (["--status", "dialihkan"], "OPD"),
    ],
)
def test_decide_refuses_bad_input_with_a_sentence(ws, args, message):
    (a,) = _ids(ws, 2026, 1)
    res = run("decide", ws, "--usulan", a, "--alasan", "x", "--oleh", "y", *args)
    assert res.exit_code == 2 and message in res.output, res.output
    assert KeputusanStore(ws).current().empty


def test_decide_unknown_usulan(ws):
    res = run("decide", ws, "--usulan", "0000", "--status", "ditolak", "--alasan", "x",
              "--oleh", "y")  # fmt: skip
    assert res.exit_code == 2 and "tidak ada" in res.output


def test_berita_acara_has_the_decisions(ws):
    a, b = _ids(ws, 2026, 2)
    store = KeputusanStore(ws)
    store.record(a, 2026, "diterima", "prioritas", "Rina")
    store.record(b, 2026, "ditolak", "sudah dibangun 2025", "Rina")
    out = ws / "ba.xlsx"
    res = run("berita-acara", ws, "--tahun", 2026, "--out", out, "--per", "opd")
    assert res.exit_code == 0, res.output
    book = load_workbook(out)
    text = [
        str(c.value) for sh in book.worksheets for row in sh.iter_rows() for c in row if c.value
    ]
    assert any("sudah dibangun 2025" in t for t in text)
    assert any(a == t for t in text) and any(b == t for t in text)


def test_align_writes_one_row_per_usulan_and_overrides_win(ws, tmp_path):
    (a,) = _ids(ws, 2026, 1)
    out = tmp_path / "saran.csv"
    res = run("align", ws, "--tahun", 2026, "--out", out)
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, dtype={"id_usulan": str})
    assert list(df.columns) == ["id_usulan", "opd_saran", "node_saran", "skor", "alasan", "selaras"]
    loaded = open_workspace(ws).usulan[2026]["id_usulan"]
    assert sorted(df["id_usulan"]) == sorted(loaded)
    assert set(df["selaras"]) <= {True, False}
    before = df.set_index("id_usulan").loc[a, "opd_saran"]
    other = next(o for o in sorted(set(df["opd_saran"])) if o != before)
    KeputusanStore(ws).record_override(a, 2026, "Rina", opd=other, alasan="kewenangan")
    assert run("align", ws, "--tahun", 2026, "--out", out).exit_code == 0
    again = pd.read_csv(out, dtype={"id_usulan": str}).set_index("id_usulan")
    assert again.loc[a, "opd_saran"] == other
    assert (
        again.drop(index=a)["opd_saran"] == df.set_index("id_usulan").drop(index=a)["opd_saran"]
    ).all()

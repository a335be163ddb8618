"""``planlib bagikan``: the Dapil's DPRD pokir by member in the shared file."""

from __future__ import annotations

import shutil

import pytest

from planlib import open_workspace
from planlib.bagikan import bagikan, data, page
from planlib.bagikan.pokir import pokir_payload
from planlib.forum.keputusan import KeputusanStore
from planlib.forum.pokir import BELUM_FORUM, pokir_anggota

from .test_bagikan import HOSTILE


@pytest.fixture(scope="module")
def pokir_copy(demo_ws, tmp_path_factory):
    """A copy of the demo with a decision on an usulan that a pokir of Dapil 2 repeats."""
    root = tmp_path_factory.mktemp("bagikan_pokir") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*"))
    ws = open_workspace(root)
    ganda = pokir_anggota(ws, 2026, "Dapil 2")
    ganda = ganda[ganda["id_usulan_ganda"] != ""]
    first = str(ganda["id_usulan_ganda"].iloc[0]).split(";")[0]
    KeputusanStore(root).record(first, 2026, "ditolak", "Sudah dibangun", "Analis A")
    return root, str(ganda["id_pokir"].iloc[0]), first


def test_a_members_pokir_and_the_usulan_it_repeats(pokir_copy, tmp_path):
    root, id_pokir, id_usulan = pokir_copy
    res = bagikan(root, 2026, tmp_path / "out", dapil="2")
    p = data.from_html(res.files["Dapil 2"].read_text(encoding="utf-8"))["pokir"]
    ws = open_workspace(root)
    want = pokir_anggota(ws, 2026, "Dapil 2")
    assert len(p["rows"]) == len(want) > 0 and p["tahun"] == [2026]
    assert p["berkas"] == {"2026": "pokir_2026.xlsx"}
    # the file holds only this Dapil's members, each with their own pokir
    assert {a["dapil"] for a in p["anggota"]} == {"Dapil 2"}
    for a in p["anggota"]:
        mine = sorted(r["id"] for r in p["rows"] if p["anggota"][r["anggota"]]["nama"] == a["nama"])
        assert mine == sorted(want.loc[want["pengusul"] == a["nama"], "id_pokir"].astype(str))
        assert a["fraksi"] == want.loc[want["pengusul"] == a["nama"], "fraksi"].iloc[0]
    row = next(r for r in p["rows"] if r["id"] == id_pokir)
    usulan = ws.usulan[2026].set_index(ws.usulan[2026]["id_usulan"].astype(str))
    assert row["ganda"][0] == id_usulan
    assert row["ganda_usulan"] == usulan.loc[id_usulan, "usulan"]
    assert row["ganda_keputusan"] == "Ditolak"  # the decision in force on the usulan it repeats
    assert row["keputusan"] == BELUM_FORUM  # the forum records decisions on usulan, not pokir
    src = ws.pokir[2026].set_index(ws.pokir[2026]["id_pokir"].astype(str)).loc[id_pokir]
    assert row["usulan"] == src["usulan"] and row["status"] == src["status"]
    assert row["anggaran"] == pytest.approx(float(src["anggaran"]))
    # every pokir that repeats an usulan names it; the others name none
    ganda = {str(i): str(g) for i, g in zip(want["id_pokir"], want["id_usulan_ganda"], strict=True)}
    assert {r["id"]: ";".join(r["ganda"]) for r in p["rows"]} == ganda
    assert sum(1 for r in p["rows"] if r["ganda"]) > 0


def test_kabupaten_holds_every_pokir_and_marks_those_outside(pokir_copy, tmp_path):
    root, _, _ = pokir_copy
    ws = open_workspace(root)
    p = pokir_payload(ws, None, KeputusanStore(root).current())
    assert p is not None
    assert sorted(r["id"] for r in p["rows"]) == sorted(ws.pokir[2026]["id_pokir"].astype(str))
    luar = {r["id"] for r in p["rows"] if r["luar"]}
    assert luar == set(ws.pokir[2026].loc[ws.pokir[2026]["di_luar_dapil"], "id_pokir"].astype(str))
    assert luar  # the demo plants pokir outside their member's Dapil
    # a member's pokir outside their Dapil stays in their Dapil's file, marked
    r = next(r for r in p["rows"] if r["luar"])
    member = p["anggota"][r["anggota"]]
    mine = pokir_payload(ws, member["dapil"], KeputusanStore(root).current())
    assert mine is not None
    assert any(x["id"] == r["id"] and x["luar"] and x["dapil"] != member["dapil"] for x in mine["rows"])  # fmt: skip


def test_hostile_pokir_text_stays_text(pokir_copy):
    root, _, _ = pokir_copy
    ws = open_workspace(root)
    pk = ws.pokir[2026].copy()
    pk.loc[0, "usulan"] = "Sumur bor" + HOSTILE
    pk.loc[0, "pengusul"] = "Anggota" + HOSTILE
    ws.pokir[2026] = pk
    shared = data.inputs(ws)
    dapil = pk.loc[0, "dapil_pengusul"]
    html_text = page.render(data.payload(ws, shared, dapil, 2026))
    start = html_text.index('id="bg-data">') + len('id="bg-data">')
    island = html_text[start : html_text.index("</script>", start)]
    assert not set(island) & set("<>&\u2028\u2029")
    p = data.from_html(html_text)["pokir"]
    assert any(r["usulan"] == "Sumur bor" + HOSTILE for r in p["rows"])
    assert any(a["nama"] == "Anggota" + HOSTILE for a in p["anggota"])
    assert "<img" not in html_text


def test_no_pokir_section_without_pokir(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*"))
    toml = (root / "planlib.toml").read_text(encoding="utf-8")
    assert '[pokir]\n2026 = "pokir/pokir_2026.xlsx"\n' in toml
    (root / "planlib.toml").write_text(toml.replace('[pokir]\n2026 = "pokir/pokir_2026.xlsx"\n', ""), encoding="utf-8")  # fmt: skip
    res = bagikan(root, 2026, tmp_path / "out", dapil="1")
    text = res.files["Dapil 1"].read_text(encoding="utf-8")
    assert data.from_html(text)["pokir"] is None
    assert "id='bg-pokir'" not in text and "Pokir DPRD" not in text.split("<body>")[1]


def test_a_pokir_export_with_no_row_left_gives_an_empty_section(pokir_copy):
    root, _, _ = pokir_copy
    ws = open_workspace(root)
    ws.pokir[2026] = ws.pokir[2026].iloc[:0]
    p = pokir_payload(ws, "Dapil 1", KeputusanStore(root).current())
    assert p is not None and p["tahun"] == [2026] and p["rows"] == [] and p["anggota"] == []


def test_a_decision_on_a_pokir_shows_and_an_usulan_decision_on_the_same_id_does_not(
    pokir_copy, tmp_path
):
    root, _, id_usulan = pokir_copy
    copy = tmp_path / "contoh"
    shutil.copytree(root, copy)
    ws = open_workspace(copy)
    pk = ws.pokir[2026].copy()
    one, two = str(pk.loc[0, "id_pokir"]), str(pk.loc[1, "id_pokir"])
    store = KeputusanStore(copy)
    store.record(one, 2026, "diterima", "Masuk prioritas", "Analis A", jenis="pokir")
    pk.loc[1, "id_pokir"] = id_usulan  # an SIPD-RI ID that is also an usulan ID of the year
    ws.pokir[2026] = pk
    got = pokir_anggota(ws, 2026, None, store.current(jenis=None)).set_index("id_pokir")
    assert got.loc[one, "keputusan"] == "Diterima"
    assert (
        got.loc[id_usulan, "keputusan"] == BELUM_FORUM
    )  # the usulan's "Ditolak" is not the pokir's
    assert two not in got.index and (got["keputusan"] == BELUM_FORUM).sum() == len(got) - 1

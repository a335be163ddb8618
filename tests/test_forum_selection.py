"""The Forum Perangkat Daerah's calculation below its widgets (planlib.forum.selection)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import planlib
from planlib.forum.berita_acara.table import berita_acara_table
from planlib.forum.keputusan import BELUM, KeputusanStore
from planlib.forum.selection import (
    ISTILAH,
    cari_usulan,
    forum_table,
    hitung_pagu,
    indikator_awam,
    keputusan_teks,
    pilihan_forum,
    ringkasan_forum,
    teks_awam,
)
from planlib.forum.skor import Bobot
from planlib.rekap import natural_key, usulan_tahun


@pytest.fixture(scope="module")
def demo(demo_ws):
    return planlib.open_workspace(demo_ws)


@pytest.fixture(scope="module")
def tahun(demo):
    return max(demo.tahun)


def test_pilihan_forum_lists_every_dapil_in_natural_order_and_the_plans_opd(demo, tahun):
    dapil, opd = pilihan_forum(demo, tahun)
    u = usulan_tahun(demo, tahun)
    assert set(dapil) == set(u["dapil"].dropna()) and len(dapil) >= 2
    assert dapil == sorted(dapil, key=natural_key)
    assert set(u["opd_tujuan"].dropna()) <= set(opd)
    assert set(demo.renja["opd"].dropna()) <= set(opd)
    assert opd == sorted(opd)


def test_forum_table_filters_by_dapil_or_opd(demo, tahun, tmp_path):
    store = KeputusanStore(tmp_path)
    dapil, opd = pilihan_forum(demo, tahun)
    per_dapil = forum_table(demo, tahun, store, dapil=dapil[0])
    assert len(per_dapil) and (per_dapil["dapil"] == dapil[0]).all()
    assert per_dapil["status_keputusan"].isna().all()
    assert (per_dapil["keputusan_label"] == BELUM).all()
    everyone = forum_table(demo, tahun, store)
    assert len(everyone) == len(usulan_tahun(demo, tahun)) > len(per_dapil)
    target = everyone["opd_tujuan"].mode().iloc[0]
    per_opd = forum_table(demo, tahun, store, opd=target)
    assert ((per_opd["opd_tujuan"] == target) | (per_opd["opd_saran"] == target)).all()
    assert 0 < len(per_opd) < len(everyone)
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    assert per_opd[order].equals(per_opd.sort_values(order)[order].reset_index(drop=True))


def test_forum_table_and_berita_acara_read_the_same_decision_after_writes_and_undo(
    demo, tahun, tmp_path
):
    store = KeputusanStore(tmp_path)
    dapil = pilihan_forum(demo, tahun)[0][0]
    a, b, c, d = forum_table(demo, tahun, store, dapil=dapil)["id_usulan"].head(4)
    store.record(a, tahun, "diterima", "prioritas desa", "Analis A")
    store.record(b, tahun, "ditolak", "bukan kewenangan", "Analis B")
    store.record(c, tahun, "dialihkan", "kewenangan dinas lain", "Analis A", opd="Dinas Sosial")
    store.record(a, tahun, "ditunda", "menunggu DED", "Analis B")  # a second decision on a
    store.record(d, tahun, "diterima", "sekali saja", "Analis A")
    assert store.undo(a, tahun, "Analis A") is not None  # a is back to diterima
    assert store.undo(d, tahun, "Analis A") is not None  # d is undecided again

    table = forum_table(demo, tahun, store, dapil=dapil).set_index("id_usulan")
    usulan = usulan_tahun(demo, tahun)
    ba = berita_acara_table(usulan, store, tahun).set_index("ID Usulan")
    expected = {
        a: ("Diterima", "prioritas desa", None, "Analis A"),
        b: ("Ditolak", "bukan kewenangan", None, "Analis B"),
        c: ("Dialihkan", "kewenangan dinas lain", "Dinas Sosial", "Analis A"),
        d: (BELUM, None, None, None),
    }
    for ident, (label, alasan, opd, oleh) in expected.items():
        forum = table.loc[ident, ["keputusan_label", "alasan_keputusan", "opd_pengalihan",
                                  "dicatat_oleh"]].tolist()  # fmt: skip
        printed = ba.loc[ident, ["Keputusan", "Alasan", "OPD Pengalihan", "Dicatat oleh"]].tolist()
        want = [label, alasan, opd, oleh]
        assert [None if pd.isna(v) else v for v in forum] == want, ident
        assert [None if pd.isna(v) else v for v in printed] == want, ident
    # every usulan of the Dapil reads the same in both, and the CLI's frame reads as the store
    joined = table.join(ba[["Keputusan", "Alasan"]])
    assert (joined["keputusan_label"] == joined["Keputusan"]).all()
    assert joined["alasan_keputusan"].fillna("-").equals(joined["Alasan"].fillna("-"))
    assert berita_acara_table(usulan, store.current(tahun), tahun).equals(ba.reset_index())

    texts = keputusan_teks(table.reset_index()).set_axis(table.index)
    assert texts[a] == "Diterima: prioritas desa (Analis A)"
    assert texts[c] == "Dialihkan ke Dinas Sosial: kewenangan dinas lain (Analis A)"
    assert texts[d] == BELUM
    # versi counts the history rows, for the next write's check; an undone usulan has none in force
    assert (table.loc[a, "versi"], table.loc[b, "versi"]) == (3, 1)
    assert pd.isna(table.loc[d, "versi"])


def test_ringkasan_forum_counts():
    table = pd.DataFrame(
        {
            "anggaran": [1e8, 2.5e8, None, 5e7],
            "selaras": [True, False, None, True],
            "status_keputusan": ["diterima", None, "ditolak", None],
        }
    )
    r = ringkasan_forum(table)
    assert (r.jumlah, r.anggaran, r.selaras_persen, r.diputuskan) == (4, 4e8, 50.0, 2)
    empty = ringkasan_forum(table.iloc[:0])
    assert (empty.jumlah, empty.anggaran, empty.selaras_persen, empty.diputuskan) == (0, 0, 0, 0)


def test_hitung_pagu_scores_sets_the_pagu_allocates_and_compares(demo, tahun, tmp_path):
    store = KeputusanStore(tmp_path)
    dapil = pilihan_forum(demo, tahun)[0][0]
    table = forum_table(demo, tahun, store, dapil=dapil)
    first = hitung_pagu(table, demo, tahun, bobot=Bobot(), porsi=0.4)
    assert first.berubah is None
    asked = pd.to_numeric(table["anggaran"], errors="coerce")
    assert sum(first.bawaan.kecamatan.values()) == pytest.approx(0.4 * asked[asked > 0].sum())
    per = first.alokasi.per_kecamatan
    assert (per["anggaran_terpilih"] <= per["pagu"] + 1e-6).all()
    assert 0 < first.alokasi.terpilih.sum() < len(table)
    assert set(first.garis_batas.index) == set(table["kode_kecamatan"])
    assert (first.berskor["skor_biaya"] < 0).any()

    second = hitung_pagu(table, demo, tahun, bobot=Bobot(biaya=0), porsi=0.4, sebelum=first.alokasi)
    assert (second.berskor["skor_biaya"] == 0).all()  # the sliders' weights are the ones used
    beda = second.berubah
    assert beda is not None and len(beda)
    before, after = first.alokasi.terpilih, second.alokasi.terpilih
    masuk = beda.loc[beda["perubahan"] == "masuk", "id_usulan"]
    keluar = beda.loc[beda["perubahan"] == "keluar", "id_usulan"]
    assert after[masuk].all() and not before[masuk].any()
    assert before[keluar].all() and not after[keluar].any()
    assert len(beda) == int((before != after).sum())


def test_the_dashboard_shows_what_the_functions_compute(demo_ws, tmp_path):
    from planlib.dashboards.forum_pd import ForumPD

    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    tahun = max(ws.tahun)
    view = ForumPD(ws, tahun)
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)  # a click on its row
    view.w_oleh.value, view.w_status.value, view.w_alasan.value = "Analis", "ditolak", "dobel"
    view.b_catat.click()
    store = KeputusanStore(root)
    table = forum_table(ws, tahun, store, dapil=view.w_dapil.value)
    shown_usulan = view.selection().query("jenis == 'usulan'")[list(table.columns)]
    # the pokir rows may widen a categorical column's categories; the values are the same
    pd.testing.assert_frame_equal(
        shown_usulan.reset_index(drop=True), table, check_categorical=False, check_dtype=False
    )
    shown = [cells.value for row, b, cells in view.baris if b.description == first]
    assert len(shown) == 1 and "Ditolak: dobel (Analis)" in shown[0]
    row = berita_acara_table(usulan_tahun(ws, tahun), store, tahun).set_index("ID Usulan")
    assert row.loc[first, ["Keputusan", "Alasan"]].tolist() == ["Ditolak", "dobel"]


def test_no_decision_is_recorded_until_one_is_chosen(demo_ws, tmp_path):
    """The record path itself refuses: no usulan, or no decision chosen (none is preselected)."""
    from planlib.dashboards.forum_pd import ForumPD

    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    view = ForumPD(ws, max(ws.tahun))
    assert view.w_status.value is None and view.terpilih is None
    view.w_oleh.value, view.w_alasan.value = "Analis", "dobel"
    view.b_catat.click()
    assert "Pilih usulan lebih dahulu" in view.pesan.value
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)
    view.w_alasan.value = "dobel"
    view._act(view._record)  # what the button runs, without the page
    assert "Pilih keputusannya lebih dahulu" in view.pesan.value
    assert KeputusanStore(root).history(first).empty
    view.w_status.value = "ditunda"
    view.b_catat.click()
    assert list(KeputusanStore(root).history(first)["status"]) == ["ditunda"]
    assert view.w_status.value is None  # the next decision starts unchosen
    # choosing another usulan clears a decision chosen but not recorded
    view.w_status.value, second = "diterima", str(view._df["id_usulan"].iloc[1])
    view.pilih(second)
    assert view.w_status.value is None and view.w_alasan.value == ""


def test_finder_words_id_desa_kecamatan(demo, tahun):
    table = forum_table(
        demo, tahun, KeputusanStore(demo.root), dapil=pilihan_forum(demo, tahun)[0][0]
    )
    r = table.iloc[len(table) // 2]
    words = " ".join(str(r["usulan"]).split()[:2] + [str(r["nama_desa"]).split()[0]])
    found = cari_usulan(table, words.upper())  # case does not matter
    assert r["id_usulan"] in set(found["id_usulan"]) and len(found) < len(table)
    assert all(all(w.lower() in u.lower() + " " + d.lower() for w in words.split())
               for u, d in zip(found["usulan"], found["nama_desa"], strict=True))  # fmt: skip
    assert cari_usulan(table, str(r["id_usulan"]))["id_usulan"].tolist() == [r["id_usulan"]]
    kec = cari_usulan(table, kecamatan=r["nama_kecamatan"])
    assert set(kec["nama_kecamatan"]) == {r["nama_kecamatan"]} and len(kec) < len(table)
    desa = cari_usulan(table, kecamatan=r["nama_kecamatan"], desa=r["nama_desa"])
    assert set(desa["nama_desa"]) == {r["nama_desa"]}
    assert cari_usulan(table, "tidakadakatasepertiini").empty
    assert len(cari_usulan(table, "  ")) == len(table)


def test_plain_words_for_codes_and_methods():
    assert indikator_awam("p0") == ISTILAH["p0"] == "kemiskinan (P0)"
    assert indikator_awam("IPM") == "pembangunan manusia (IPM)"
    assert indikator_awam("sasaran: Meningkatnya air bersih") == "sasaran Meningkatnya air bersih"
    assert indikator_awam(None) == ""
    reason = (
        "kata cocok: posyandu, balita; kamus: 'posyandu' → Dinas Kesehatan; mendukung: stunting"
    )
    plain = teks_awam(reason)
    assert plain == ("kata yang cocok: posyandu, balita; kamus istilah: 'posyandu' → Dinas "
                     "Kesehatan; mendukung indikator: stunting (balita pendek)")  # fmt: skip
    # a word of the usulan that happens to be a code is left alone
    assert teks_awam("kata cocok: stunting, balita; mendukung: p0").startswith(
        "kata yang cocok: stunting, balita;"
    )
    assert teks_awam("optimal (MILP)") == "perhitungan optimal"
    assert "MILP" not in teks_awam("MILP batas waktu, selisih ≤ 0,5%")
    assert "greedy" not in teks_awam("heuristik greedy, selisih ≤ 1% dari batas LP")
    assert teks_awam(float("nan")) == ""

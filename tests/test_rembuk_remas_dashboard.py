"""The Rembuk Remas dashboard's data (counts per desa, profile, earlier usulan) and its view.

Everything runs on a copy of the demo, whose ``masalah.sqlite`` holds a few
masalah recorded at fixed times; expected values are computed here from the
store and the workspace's tables, not written down.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from planlib import open_workspace, rembuk
from planlib import rembuk_desa as rd
from planlib.dashboards import rembuk_remas as rr
from planlib.dashboards import rembuk_remas_catat as catat
from planlib.dashboards import rembuk_remas_desa as halaman
from planlib.dashboards.voila import ENV_PENGGUNA, ENV_PERAN
from planlib.forum.keputusan import KeputusanStore
from planlib.masalah.store import MasalahStore
from planlib.report import PlanlibError

TAHUN = 2026


@pytest.fixture(scope="module")
def ws_root(demo_ws, tmp_path_factory):
    root = tmp_path_factory.mktemp("rembuk_view") / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns(".planlib-cache"))
    return root


@pytest.fixture(scope="module")
def ws(ws_root):
    return open_workspace(ws_root)


def test_counts_per_desa_and_per_kecamatan_follow_the_store(ws):
    m = rd.masalah_tahun(ws, TAHUN)
    cur = MasalahStore(ws.root).current(TAHUN)
    assert len(m) == len(cur) > 0
    desa = ws.wilayah.desa["kode"]
    per = rembuk.per_wilayah(m, desa, "desa")
    want = cur[cur["tingkat"] == "desa"].groupby("kode_wilayah").size()
    got = per.set_index("kode")["jumlah"]
    assert got[got > 0].sort_index().to_dict() == want.sort_index().to_dict()
    assert (got.drop(want.index) == 0).all()
    # the most named isu of each desa is one of its masalah's isu
    for kode, isu in per.set_index("kode")["isu"].dropna().items():
        assert isu in set(cur.loc[cur["kode_wilayah"] == kode, "isu"])
    kec = rembuk.per_wilayah(m, ws.wilayah.kecamatan["kode"], "kecamatan")
    assert kec["jumlah"].sum() == len(cur)  # the kecamatan's own masalah count there too
    summary = rembuk.ringkasan_kecamatan(ws, m)
    assert summary["masalah"].sum() == len(cur)
    assert summary["belum_diusulkan"].sum() == int((~m["diusulkan"]).sum())
    assert (summary["desa_bermasalah"] <= summary["desa"]).all()
    assert summary["desa"].sum() == len(ws.wilayah.desa)


def test_profile_is_the_desa_against_its_kecamatan_and_kabupaten(ws):
    idm = pd.concat(ws.indeks_desa.values(), ignore_index=True)
    row = idm.iloc[0]
    p = rd.profil(ws, row["kode_desa"])
    assert p.judul == f"IDM {int(row['tahun'])}" and p.status == row["status"]
    t = p.tabel.set_index("ukuran")
    assert t.at["Nilai IDM", "desa"] == pytest.approx(row["nilai"])
    kec = idm[idm["kode_kecamatan"] == row["kode_kecamatan"]]
    assert t.at["IKE", "kecamatan"] == pytest.approx(kec["ike"].mean())
    assert t.at["IKS", "kabupaten"] == pytest.approx(idm["iks"].mean())
    assert sum(p.status_kecamatan.values()) == kec["status"].notna().sum()
    outside = sorted(set(ws.wilayah.desa["kode"]) - set(idm["kode_desa"]))
    assert outside, "the demo's IDM leaves some desa out"
    none = rd.profil(ws, outside[0])
    assert none.judul is None and none.tabel.empty
    assert "Belum ada data IDM" in halaman.profil_html(none)


def test_earlier_usulan_carry_the_decision_in_force(ws_root):
    ws = open_workspace(ws_root)
    kode = ws.usulan[2025]["kode_desa"].dropna().iloc[0]
    u = rd.usulan_sebelumnya(ws, kode, TAHUN)
    want = sum(int((ws.usulan[t]["kode_desa"] == kode).sum()) for t in ws.usulan if t < TAHUN)
    assert len(u) == want > 0
    assert set(u["tahun"]) <= {t for t in ws.usulan if t < TAHUN}
    assert (u["keputusan"] == "belum diputuskan").all()
    first = u.iloc[0]
    KeputusanStore(ws.root).record(first["id_usulan"], int(first["tahun"]), "ditolak",
                                   "sudah dibangun", "Penguji")  # fmt: skip
    again = rd.usulan_sebelumnya(ws, kode, TAHUN)
    got = again.set_index("id_usulan").at[first["id_usulan"], "keputusan"]
    assert got != "belum diputuskan" and got.lower().startswith("ditolak")
    assert rd.usulan_sebelumnya(ws, kode, 2024).empty  # nothing before the first year


def test_view_search_record_correct_withdraw_and_undo(ws_root, monkeypatch):
    monkeypatch.delenv(ENV_PENGGUNA, raising=False)
    ws = open_workspace(ws_root)
    v = rr.RembukRemas(ws, TAHUN)
    v.finish()
    # the form's "no choice" entries are shown, not a blank box
    assert (v.w_isu.label, v.w_bidang.label, v.w_desa.label) == (catat.DARI_TEKS, catat.DARI_ISU,
                                                                  "(pilih desa)")  # fmt: skip
    nama = str(ws.wilayah.desa["nama"].iloc[3])
    v.w_cari.value = nama[:-1] + "x" + nama[-1]  # a misspelling
    kode = str(ws.wilayah.desa["kode"].iloc[3])
    assert v.kode == kode and f"Desa {nama}" in v.judul_desa.value
    assert "dicocokkan" in v.info_cari.value
    before = v.fig.layout.meta["jumlah"][kode]
    store = MasalahStore(ws.root)
    n_before = len(store.current(TAHUN))

    v.b_catat.click()  # no name yet: refused, nothing written
    assert "pencatat" in v.pesan.value.lower() and len(store.current(TAHUN)) == n_before
    v.w_oleh.value = "Analis <b>Uji</b>"
    v.w_teks.value = "Sumur warga kering setiap kemarau <script>x</script>"
    v.w_isu.value = "Air bersih dan sanitasi"
    v.b_catat.click()
    cur = store.current(TAHUN)
    assert len(cur) == n_before + 1, v.pesan.value
    new = cur.iloc[-1]
    assert (new["kode_wilayah"], new["oleh"], new["isu"]) == (kode, "Analis <b>Uji</b>",
                                                              "Air bersih dan sanitasi")  # fmt: skip
    assert v.fig.layout.meta["jumlah"][kode] == before + 1
    assert "<script>" not in v.masalah_html.value and "&lt;script&gt;" in v.masalah_html.value
    assert v.w_pilih.value == int(new["id_masalah"])
    area = list(v.areas["kode"]).index(kode)
    assert f"{before + 1} masalah" in v.fig.data[area].text

    v.w_teks.value = "Sumur warga kering tiap kemarau panjang"
    v.b_koreksi.click()
    fixed = store.current(TAHUN).set_index("id_masalah").loc[int(new["id_masalah"])]
    assert fixed["masalah"] == "Sumur warga kering tiap kemarau panjang" and fixed["versi"] == 2
    v.b_urung.click()  # undoes the correction
    back = store.current(TAHUN).set_index("id_masalah").loc[int(new["id_masalah"])]
    assert back["versi"] == 1 and "script" in back["masalah"]
    v.b_batal.click()
    assert int(new["id_masalah"]) not in set(store.current(TAHUN)["id_masalah"])
    assert v.fig.layout.meta["jumlah"][kode] == before

    v.w_cari.value = "Antah Berantah"
    assert "tidak dikenal" in v.info_cari.value and v.kode == kode
    v.w_warna.value = "isu"
    assert v.fig.layout.title.text.startswith("Isu terbanyak")


def test_a_guest_cannot_record_and_an_analyst_records_as_itself(ws_root, monkeypatch):
    ws = open_workspace(ws_root)
    store = MasalahStore(ws.root)
    kode = str(ws.wilayah.desa["kode"].iloc[7])
    monkeypatch.setenv(ENV_PENGGUNA, "Tamu Satu")
    monkeypatch.setenv(ENV_PERAN, "tamu")
    v = rr.RembukRemas(ws, TAHUN)
    v.pilih(kode)
    assert v.b_catat.disabled
    n = len(store.current(TAHUN))
    v.w_teks.value = "Masalah dari tamu"
    v._act(v._record)  # the button is disabled; the code path that writes refuses too
    assert "Hanya akun analis" in v.pesan.value and len(store.current(TAHUN)) == n
    with pytest.raises(PlanlibError, match="analis"):
        v.pencatat()
    # a view built before its account was known refuses a guest too, at the write
    monkeypatch.delenv(ENV_PENGGUNA)
    early = rr.RembukRemas(ws, TAHUN)
    early.pilih(kode)
    monkeypatch.setenv(ENV_PENGGUNA, "Tamu Satu")
    early.w_oleh.value = "Menyamar"
    early.w_teks.value = "Masalah dari tamu"
    early.b_catat.click()
    assert "Hanya akun analis" in early.pesan.value and len(store.current(TAHUN)) == n

    monkeypatch.setenv(ENV_PENGGUNA, "Bu Analis")
    monkeypatch.setenv(ENV_PERAN, "analis")
    a = rr.RembukRemas(ws, TAHUN)
    assert a.w_oleh.disabled and a.w_oleh.value == "Bu Analis"
    a.apply_link({"oleh": "Orang Lain", "desa": kode})
    assert a.kode == kode and a.w_oleh.value == "Bu Analis"
    a.w_teks.value = "Drainase tersumbat saat hujan"
    a.b_catat.click()
    assert store.current(TAHUN).iloc[-1]["oleh"] == "Bu Analis"

"""The forum's pagu test with the pokir beside the usulan and a ceiling per DPRD member."""

from __future__ import annotations

import shutil

import pytest

import planlib
from planlib.formatting import rupiah
from planlib.forum.pagu import TIDAK_DIALOKASIKAN
from planlib.forum.selection import hitung_pagu
from planlib.forum.skor import Bobot


@pytest.fixture(scope="module")
def forum(demo_ws, tmp_path_factory):
    """The Forum PD view on a copy of the demo, showing the Dapil with the most pokir."""
    from planlib.dashboards.forum_pd import ForumPD

    root = tmp_path_factory.mktemp("pagu_pokir") / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    tahun = sorted(ws.pokir)[-1]
    view = ForumPD(ws, tahun)
    view.w_dapil.value = ws.pokir[tahun]["dapil"].value_counts().index[0]
    assert (view._df["jenis"] == "pokir").sum() >= 5
    return ws, tahun, view


def test_pokir_are_scored_by_the_usulan_rule_and_a_member_ceiling_holds(forum):
    ws, tahun, view = forum
    table = view._df
    pokir = table[table["jenis"] == "pokir"]
    ids = pokir["id_usulan"].astype(str)
    free = hitung_pagu(table, ws, tahun, bobot=Bobot(), porsi=0.4)
    assert free.alokasi.per_anggota is None
    scored = free.berskor[free.berskor["jenis"] == "pokir"]
    # no usulan_ke and no matcher score: prioritas and selaras neutral (half their points)
    assert scored["skor_prioritas"].eq(0.5 * 40).all() and scored["skor_selaras"].eq(0.5 * 25).all()
    assert scored["penjelasan"].str.startswith("prioritas tidak diisi (netral").all()
    assert (scored["skor"] > 0).all() and scored["skor_kesenjangan"].nunique() > 1
    r = free.alokasi.rincian
    assert r.loc[ids, "status"].ne(TIDAK_DIALOKASIKAN).all()  # they compete
    taken = r.loc[ids].assign(anggota=pokir["pengusul"].to_numpy())
    taken = taken[taken["terpilih"]].groupby("anggota")["anggaran"].sum()
    cap = 0.5 * float(taken.max())
    members = sorted(set(pokir["pengusul"]))
    held = hitung_pagu(
        table, ws, tahun, bobot=Bobot(), porsi=0.4, pagu_anggota=dict.fromkeys(members, cap)
    )
    per = held.alokasi.per_anggota
    assert per is not None and sorted(per.index) == members  # an usulan's pengusul is no member
    assert (per["pagu"] == cap).all() and (per["anggaran_terpilih"] <= cap + 1e-6).all()
    assert per.loc[taken.idxmax(), "anggaran_terpilih"] < taken.max()  # the ceiling bit
    assert per["jumlah_usulan"].sum() == len(pokir)
    # the Musrenbang usulan are not held by it
    u = held.berskor[held.berskor["jenis"] == "usulan"]
    assert u["anggota_dprd"].isna().all()


def test_the_view_passes_the_plafon_per_anggota(forum):
    ws, tahun, view = forum
    members = sorted(set(view._df.loc[view._df["jenis"] == "pokir", "pengusul"]))
    view.w_plafon.value = ""
    view.b_hitung.click()
    assert view._alokasi is not None and view._alokasi.per_anggota is None
    assert "Pokir per anggota DPRD" not in view.pagu_tabel.value
    ids = view._df.loc[view._df["jenis"] == "pokir", "id_usulan"].astype(str)
    assert set(ids) <= set(view._alokasi.rincian.index)  # pokir are in the what-if

    view.w_plafon.value = "Rp 100.000.000"
    view.b_hitung.click()
    per = view._alokasi.per_anggota
    assert per is not None and sorted(per.index) == members and (per["pagu"] == 1e8).all()
    assert (per["anggaran_terpilih"] <= 1e8 + 1e-6).all()
    shown = view.pagu_tabel.value
    assert "Pokir per anggota DPRD" in shown and rupiah(1e8) in shown

    before = view._alokasi
    view.w_plafon.value = "seratus juta"
    view.b_hitung.click()
    assert "tidak terbaca" in view.pagu_info.value and view._alokasi is before


def test_one_member_gets_a_ceiling_of_their_own(forum):
    """Plafon khusus: one member's line overrides the common ceiling; a typo'd name is matched."""
    ws, tahun, view = forum
    members = sorted(set(view._df.loc[view._df["jenis"] == "pokir", "pengusul"]))
    one = members[0]
    typo = one[:-1] if len(one) > 6 else one  # the last letter left out
    view.w_plafon.value = "Rp 100.000.000"
    view.w_plafon_khusus.value = f"\n{typo.lower()}: Rp 2 M\n"
    view.b_hitung.click()
    per = view._alokasi.per_anggota
    assert per is not None and per.loc[one, "pagu"] == 2e9
    assert (per.drop(index=one)["pagu"] == 1e8).all()
    assert rupiah(2e9) in view.pagu_tabel.value
    # only the exception: the other members have no ceiling (absent from the table's pagu)
    view.w_plafon.value = ""
    view.b_hitung.click()
    per = view._alokasi.per_anggota
    assert per.loc[one, "pagu"] == 2e9 and per.drop(index=one)["pagu"].isna().all()
    # a name that is no member shown is refused with its line; nothing is computed
    before = view._alokasi
    view.w_plafon_khusus.value = f"{one}: 1 M\nBukan Anggota Siapapun: 1 M"
    view.b_hitung.click()
    assert "baris 2" in view.pagu_info.value and "bukan anggota DPRD" in view.pagu_info.value
    assert view._alokasi is before
    view.w_plafon_khusus.value = ""


def test_plafon_lines_are_read_or_refused_with_their_line():
    from planlib.forum.pagu.plafon import plafon_anggota
    from planlib.report import PlanlibError

    members = ["Hj. Siti Aminah, S.Pd.", "Budi Santoso", "Wayan Sudirta"]
    assert plafon_anggota("", "", members) is None
    assert plafon_anggota("1 M", "", []) is None  # no pokir shown
    got = plafon_anggota(
        "Rp 500 juta",
        "Budi Santoso = 750.000.000\nWayan Sudirta\tRp 1,5 M\nbudi santoso: 800 juta",
        members,
    )
    # a later line for the same member wins; a pasted spreadsheet row (tab) is read
    assert got == {"Budi Santoso": 8e8, "Hj. Siti Aminah, S.Pd.": 5e8, "Wayan Sudirta": 1.5e9}
    for bad, said in [
        ("Budi Santoso", "baris 1"),  # no amount
        ("Budi Santoso: banyak", "tidak terbaca sebagai rupiah"),
        ("\n\nJoko Widodo: 1 M", "baris 3"),
    ]:
        with pytest.raises(PlanlibError, match=said):
            plafon_anggota("", bad, members)
    with pytest.raises(PlanlibError, match="Plafon per anggota"):
        plafon_anggota("-5", "", members)

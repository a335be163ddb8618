"""The Forum Perangkat Daerah in a room: decisions recorded as the server's account, not the page's."""

from __future__ import annotations

import shutil

import pytest

import planlib
from planlib.dashboards.voila import ENV_PENGGUNA, ENV_PERAN
from planlib.forum.keputusan import KeputusanStore


@pytest.fixture
def forum(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    return root, ws, max(ws.tahun)


def test_an_analyst_records_under_the_account_whatever_the_page_sends(forum, monkeypatch):
    from planlib.dashboards.forum_pd import ForumPD

    root, ws, tahun = forum
    monkeypatch.setenv(ENV_PENGGUNA, "Rina Analis")
    monkeypatch.setenv(ENV_PERAN, "analis")
    view = ForumPD(ws, tahun)
    assert view.w_oleh.value == "Rina Analis" and view.w_oleh.disabled
    view.apply_link({"oleh": "Palsu"})
    assert view.w_oleh.value == "Rina Analis"
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)  # a click on its row
    # a crafted widget message can change a disabled box's value: it must not matter
    view.w_oleh.value, view.w_status.value, view.w_alasan.value = "Palsu", "ditolak", "dobel"
    view.b_catat.click()
    view.b_batal.click()
    hist = KeputusanStore(root).history(first)
    assert set(hist["oleh"]) == {"Rina Analis"} and len(hist) == 2


def test_a_tamu_kernel_records_nothing(forum, monkeypatch):
    from planlib.dashboards.forum_pd import ForumPD

    root, ws, tahun = forum
    monkeypatch.setenv(ENV_PENGGUNA, "Budi DPRD")
    monkeypatch.setenv(ENV_PERAN, "tamu")
    view = ForumPD(ws, tahun)
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)  # a click on its row
    view.w_status.value, view.w_alasan.value = "diterima", "coba"
    view.b_catat.click()
    assert "Hanya akun analis" in view.pesan.value
    assert KeputusanStore(root).history(first).empty


def test_outside_a_room_the_pencatat_box_and_the_link_still_name_who_records(forum, monkeypatch):
    from planlib.dashboards.forum_pd import ForumPD

    root, ws, tahun = forum
    monkeypatch.delenv(ENV_PENGGUNA, raising=False)
    view = ForumPD(ws, tahun)
    assert not view.w_oleh.disabled
    view.apply_link({"oleh": "Penguji"})
    first = str(view._df["id_usulan"].iloc[0])
    view.pilih(first)  # a click on its row
    view.w_status.value, view.w_alasan.value = "ditolak", "dobel"
    view.b_catat.click()
    assert list(KeputusanStore(root).history(first)["oleh"]) == ["Penguji"]

"""Links that carry filters (``?isu=…&bidang=…``): the Peta usulan view driven in-process.

No browser: :meth:`PetaUsulan.apply_link` is what :func:`planlib.dashboards.voila.present`
calls with the link's parameters, in a kernel started for a viewer and in a preheated one.
"""

from __future__ import annotations

import pytest

from planlib import choices, open_workspace, rekap
from planlib.dashboards.peta_usulan import PetaUsulan
from planlib.dashboards.voila import link_params
from planlib.rekap import SEMUA


@pytest.fixture(scope="module")
def ws(demo_ws):
    return open_workspace(demo_ws)


@pytest.fixture
def view(ws) -> PetaUsulan:
    return PetaUsulan(ws, 2026)


def test_match_choice_by_label_slug_or_a_unique_part():
    isu = ["Kesehatan dan stunting", "Pendidikan", "Air bersih dan sanitasi"]
    for typed in ("Kesehatan dan stunting", "kesehatan dan stunting", "KESEHATAN-DAN-STUNTING",
                  "kesehatan_dan_stunting", " kesehatan  dan stunting ", "stunting"):  # fmt: skip
        assert choices.match_choice(typed, isu) == "Kesehatan dan stunting", typed
    assert choices.match_choice("air-bersih", isu) == "Air bersih dan sanitasi"
    # several choices, none, part of a word, or nothing typed: no choice
    for typed in ("dan", "jalan", "sehat", "", "-", None):
        assert choices.match_choice(typed, isu) is None, typed
    # an exact choice wins over a folded one
    assert choices.match_choice("A-B", ["a b", "A-B"]) == "A-B"


def test_isu_in_a_link_shows_its_share_on_the_map(view):
    before = view.fig.layout.title.text
    view.apply_link(link_params("isu=kesehatan-dan-stunting"))
    assert view.saring().isu == "Kesehatan dan stunting"
    # the isu filter removes no row: it is the map's measure, or the link would change nothing
    assert view.w_ukuran.value == "isu"
    assert view.fig.layout.title.text.startswith(rekap.UKURAN["isu"])
    assert before.startswith(rekap.UKURAN["jumlah"])
    per = view.data()[1]
    assert per["isu"].max() > 0


@pytest.mark.parametrize(
    "query", ["isu=Kesehatan+dan+stunting", "isu=KESEHATAN%20DAN%20STUNTING", "isu=stunting"]
)
def test_isu_spelled_as_people_type_it(view, query):
    view.apply_link(link_params(query))
    assert view.saring().isu == "Kesehatan dan stunting"


def test_every_isu_of_the_page_can_be_linked(ws):
    for label in rekap.pilihan(ws, 2026)["isu"]:
        v = PetaUsulan(ws, 2026)
        v.apply_link({"isu": label.lower().replace(" ", "-")})
        assert v.saring().isu == label


def test_an_explicit_ukuran_wins_and_unknown_values_change_nothing(view):
    view.apply_link({"isu": "stunting", "ukuran": "ANGGARAN"})
    assert (view.saring().isu, view.w_ukuran.value) == ("Kesehatan dan stunting", "anggaran")
    other = PetaUsulan(view.ws, 2026)
    other.apply_link({"isu": "banjir bandang", "bidang": "dan", "opd": "dinas", "status": "x"})
    s = other.saring()
    assert (s.isu, s.bidang, s.opd, s.status) == (None, None, None, None)
    assert other.w_ukuran.value == "jumlah" and other.w_isu.value == SEMUA


def test_every_filter_of_the_page_follows_the_link(ws, view):
    kec_name, kec_code = next((n, c) for n, c in view.w_kec.options if c)
    dapil = rekap.pilihan(ws, 2026)["dapil"][0]
    view.apply_link(
        link_params(
            f"tahun=2026&dapil={dapil.split()[-1]}&bidang=Pembangunan-Manusia"
            "&opd=dinas-kesehatan&status=diterima&isu=stunting"
        )
    )
    s = view.saring()
    assert (s.tahun, s.dapil, s.bidang, s.opd, s.status, s.isu) == (
        2026, dapil, "pembangunan manusia", "Dinas Kesehatan", "Diterima", "Kesehatan dan stunting"
    )  # fmt: skip
    df = rekap.saring(ws, s)
    assert len(df) and (df["opd_tujuan"] == "Dinas Kesehatan").all()
    assert (df["status"] == "Diterima").all() and (df["dapil"] == dapil).all()
    # a kecamatan by its code, by its name in any case, or by its name as a slug
    for typed in (kec_code, kec_name.upper(), kec_name.lower().replace(" ", "-")):
        v = PetaUsulan(ws, 2026)
        v.apply_link({"kecamatan": typed})
        assert v.saring().kecamatan == kec_code, typed

"""The contracts of the frames between layers (planlib.frames), and the queries keeping them."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from planlib import frames, open_workspace, rekap, settings
from planlib.forum.keputusan import keputusan_berlaku
from planlib.rakerda import rakerda


def test_the_tests_validate(monkeypatch):
    assert settings.is_set(settings.VALIDATE)  # tests/conftest.py
    bad = pd.DataFrame(
        {"jumlah": [1], "anggaran": [-5.0], "isu": [120.0], "isu_teratas": [None]},
        index=pd.Index(["99.01.01"], name="kode"),
    )
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        frames.contract(bad, "PerWilayah")
    assert set(caught.value.failure_cases["column"]) == {"anggaran", "isu"}
    monkeypatch.setenv(settings.VALIDATE, "0")  # production: no check, the same frame back
    assert frames.contract(bad, "PerWilayah") is bad


def test_the_models_are_the_contracts_by_name():
    assert [frames.__getattr__(n).__name__ for n in frames.NAMES] == list(frames.NAMES)
    assert frames.UsulanTahun is frames.UsulanTahun  # built once
    with pytest.raises(AttributeError):
        frames.TidakAda  # noqa: B018


def test_the_queries_return_their_contracts(demo_ws):
    ws = open_workspace(demo_ws)
    tahun = ws.tahun[-1]
    usulan = rekap.usulan_tahun(ws, tahun)
    frames.UsulanTahun.validate(usulan)
    empty = rekap.usulan_tahun(ws, tahun + 5)  # a year without usulan: no rows, the same types
    assert empty.empty and (empty.dtypes.astype(str) == usulan.dtypes.astype(str)).all()
    frames.PerWilayah.validate(rekap.per_wilayah(usulan, ws.kecamatan["kode"], isu="Pendidikan"))
    frames.PerWilayah.validate(rekap.per_wilayah(empty, ws.kecamatan["kode"]))
    ids = usulan["id_usulan"].head(20)
    decided = pd.DataFrame({
        "id_usulan": ids.iloc[:2].tolist(), "tahun": tahun, "status": ["diterima", "dialihkan"],
        "opd": [None, "Dinas Sosial"], "alasan": ["sesuai renja", "bukan urusannya"],
        "oleh": "Rina", "waktu": "2026-03-02T10:00:00", "versi": [1, 2],
    })  # fmt: skip
    berlaku = keputusan_berlaku(decided, ids, tahun)
    frames.KeputusanBerlaku.validate(berlaku)
    assert berlaku["label"].tolist()[:3] == ["Diterima", "Dialihkan", "belum diputuskan"]
    tabel = rakerda(ws.realisasi[tahun], tahun, None, ws.bidang_rules, ws.config.nama)
    frames.RakerdaTabel.validate(tabel)


def test_the_pokir_and_masalah_queries_return_their_contracts(demo_ws):
    from planlib.forum.pokir import banding_pokir_tahun, pokir_anggota
    from planlib.masalah.store import MasalahStore
    from planlib.rembuk import peta_masalah

    ws = open_workspace(demo_ws)
    tahun = max(ws.pokir)
    banding = banding_pokir_tahun(ws, tahun)
    frames.BandingPokir.validate(banding)
    assert (banding["id_usulan_ganda"] != "").any()  # the demo has duplicates to check
    anggota = pokir_anggota(ws, tahun)
    frames.PokirAnggota.validate(anggota)
    # a broken frame is caught: a duplicated pokir ID and a score over 100
    bad = banding.head(2).assign(id_pokir=banding["id_pokir"].iloc[0], kemiripan=120.0)
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        frames.contract(bad, "BandingPokir")
    assert set(caught.value.failure_cases["column"]) == {"id_pokir", "kemiripan"}

    store = MasalahStore(demo_ws)
    years = sorted(set(store.history()["tahun"]))
    assert years, "the demo records masalah"
    frames.MasalahBerlaku.validate(store.current(years[0]))
    peta, _ = peta_masalah(ws, years[0], store)
    frames.PetaMasalah.validate(peta)
    empty, _ = peta_masalah(ws, 2199, store)  # a year with nothing recorded: no rows, same types
    assert empty.empty and empty["diusulkan"].dtype == bool
    frames.PetaMasalah.validate(empty)

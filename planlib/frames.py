"""The frames that cross layers, each with its contract (a pandera ``DataFrameModel``).

A frame made in one layer and read in another is returned by one named query, and
its columns, types and values are written down here:

==================  ============================================  ==========================
contract            query                                         read by
==================  ============================================  ==========================
``UsulanTahun``     :func:`planlib.rekap.usulan_tahun`            every usulan view, forum
``PerWilayah``      :func:`planlib.rekap.per_wilayah`             maps, deck, bagikan
``KeputusanBerlaku``  :func:`planlib.forum.keputusan.keputusan_berlaku`  forum table, Berita Acara
``RakerdaTabel``    :func:`planlib.rakerda.rakerda`               Rakerda dashboard, deck, CSV
``BandingPokir``    :func:`planlib.forum.pokir.banding_pokir`      ``planlib pokir``, forum
``PokirAnggota``    :func:`planlib.forum.pokir.pokir_anggota`      bagikan (a member's pokir)
``MasalahBerlaku``  :meth:`planlib.masalah.store.MasalahStore.current`   Rembuk dashboard, reports
``PetaMasalah``     :func:`planlib.rembuk.peta_masalah`            Rembuk map, ``masalah daftar``
==================  ============================================  ==========================

The query checks its result with :func:`contract` when ``PLANLIB_VALIDATE`` is set
(:data:`planlib.settings.VALIDATE`; the tests set it in ``tests/conftest.py``). In
production it is off and costs nothing: pandera is not even imported. The models are
built on first use and reached as attributes (``planlib.frames.UsulanTahun``).
"""

# no `from __future__ import annotations`: pandera reads the models' annotations as types

import functools
from typing import Any

import pandas as pd

from . import settings

#: The contracts, by name.
NAMES = (
    "UsulanTahun", "PerWilayah", "KeputusanBerlaku", "RakerdaTabel", "BandingPokir",
    "PokirAnggota", "MasalahBerlaku", "PetaMasalah",
)  # fmt: skip


def contract(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` itself, checked against the contract ``name`` when ``PLANLIB_VALIDATE`` is set.

    Parameters
    ----------
    df : DataFrame
        What a named query is about to return.
    name : str
        One of :data:`NAMES`.

    Returns
    -------
    DataFrame
        ``df``, unchanged (the check never coerces).

    Raises
    ------
    pandera.errors.SchemaErrors
        When validating and ``df`` breaks the contract (every failure at once):
        a bug in the query, never a problem of the analyst's files.
    """
    if settings.is_set(settings.VALIDATE):
        _models()[name].validate(df, lazy=True)
    return df


def __getattr__(name: str) -> Any:
    """The models as module attributes, built on first use (``frames.UsulanTahun``)."""
    if name in NAMES:
        return _models()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _models() -> dict[str, Any]:
    """The contracts as pandera models (pandera is imported here, on first use)."""
    import pandera.pandas as pa
    from pandera.typing.pandas import Index, Series

    class Contract(pa.DataFrameModel):
        class Config:
            strict = False  # more columns may come; these must be there, as written
            coerce = False  # a contract checks, it never converts

    class UsulanTahun(Contract):
        """The usulan of one planning year with ``dapil`` and ``isu`` (:func:`~planlib.rekap.usulan_tahun`)."""

        id_usulan: Series[Any] = pa.Field(nullable=False, unique=True)
        tahun: Series[int]
        usulan: Series[Any] = pa.Field(nullable=True)
        kode_kecamatan: Series[pd.CategoricalDtype] = pa.Field(nullable=False)
        kode_desa: Series[Any] = pa.Field(nullable=True)
        dapil: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
        bidang: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
        opd_tujuan: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
        status: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
        isu: Series[pd.CategoricalDtype] = pa.Field(nullable=False)
        anggaran: Series[float] = pa.Field(nullable=True, ge=0)
        volume: Series[float] = pa.Field(nullable=True, ge=0)
        baris: Series[int] = pa.Field(ge=1)

    class PerWilayah(Contract):
        """Jumlah, anggaran and isu share per area (:func:`~planlib.rekap.per_wilayah`)."""

        kode: Index[Any] = pa.Field(nullable=False, unique=True)
        jumlah: Series[int] = pa.Field(ge=0)
        anggaran: Series[float] = pa.Field(ge=0)
        isu: Series[float] = pa.Field(ge=0, le=100)
        isu_teratas: Series[Any] = pa.Field(nullable=True)

    class KeputusanBerlaku(Contract):
        """The decision in force per usulan (:func:`~planlib.forum.keputusan.keputusan_berlaku`)."""

        id_usulan: Series[Any] = pa.Field(nullable=False)
        status: Series[Any] = pa.Field(nullable=True)
        label: Series[Any] = pa.Field(nullable=False)
        opd: Series[Any] = pa.Field(nullable=True)
        alasan: Series[Any] = pa.Field(nullable=True)
        oleh: Series[Any] = pa.Field(nullable=True)
        waktu: Series[Any] = pa.Field(nullable=True)
        versi: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    class RakerdaTabel(Contract):
        """Performance per kabupaten, bidang and OPD (:func:`~planlib.rakerda.rakerda`)."""

        tingkat: Series[Any] = pa.Field(isin=["kabupaten", "bidang", "opd"])
        nama: Series[Any] = pa.Field(nullable=False)
        bidang: Series[Any] = pa.Field(nullable=True)
        tahun: Series[int]
        triwulan: Series[int] = pa.Field(ge=1, le=4)
        jumlah_sub_kegiatan: Series[int] = pa.Field(ge=0)
        pagu: Series[float] = pa.Field(nullable=True, ge=0)
        realisasi_keuangan: Series[float] = pa.Field(nullable=True)
        persen_keuangan: Series[float] = pa.Field(nullable=True)
        target_fisik: Series[float] = pa.Field(nullable=True, ge=0, le=100)
        realisasi_fisik: Series[float] = pa.Field(nullable=True, ge=0, le=100)
        capaian_keluaran: Series[float] = pa.Field(nullable=True, ge=0, le=100)
        kategori: Series[Any] = pa.Field(nullable=True)
        kategori_keuangan: Series[Any] = pa.Field(nullable=True)
        catatan: Series[Any] = pa.Field(nullable=True)

    class _Pokir(Contract):
        """What every pokir frame says of a pokir: who carried it, where, and what it repeats."""

        id_pokir: Series[Any] = pa.Field(nullable=False, unique=True)
        pengusul: Series[Any] = pa.Field(nullable=True)
        fraksi: Series[Any] = pa.Field(nullable=True)
        dapil: Series[Any] = pa.Field(nullable=True)
        dapil_pengusul: Series[Any] = pa.Field(nullable=True)
        di_luar_dapil: Series[bool]
        kecamatan: Series[Any] = pa.Field(nullable=True)
        desa: Series[Any] = pa.Field(nullable=True)
        usulan: Series[Any] = pa.Field(nullable=True)
        id_usulan_ganda: Series[Any] = pa.Field(nullable=False)  # "" when none

    class BandingPokir(_Pokir):
        """One row per pokir with the usulan it repeats (:func:`~planlib.forum.pokir.banding_pokir`)."""

        kemiripan: Series[float] = pa.Field(nullable=True, ge=0, le=100)
        alasan: Series[Any] = pa.Field(nullable=False)

    class PokirAnggota(_Pokir):
        """A Dapil's pokir by member with what became of them (:func:`~planlib.forum.pokir.pokir_anggota`)."""

        anggaran: Series[float] = pa.Field(nullable=True, ge=0)
        status: Series[Any] = pa.Field(nullable=True)
        keputusan: Series[Any] = pa.Field(nullable=False)
        usulan_ganda: Series[Any] = pa.Field(nullable=False)
        keputusan_ganda: Series[Any] = pa.Field(nullable=False)

    class MasalahBerlaku(Contract):
        """The masalah in force (:meth:`~planlib.masalah.store.MasalahStore.current`)."""

        id_masalah: Series[int] = pa.Field(nullable=False, unique=True, ge=1)
        tahun: Series[int] = pa.Field(ge=1900, le=2200)
        tingkat: Series[Any] = pa.Field(isin=["desa", "kecamatan"])
        kode_wilayah: Series[Any] = pa.Field(nullable=False)
        nama_wilayah: Series[Any] = pa.Field(nullable=True)
        kode_kecamatan: Series[Any] = pa.Field(nullable=True)
        jenis: Series[Any] = pa.Field(isin=["masalah", "isu_strategis"])
        masalah: Series[Any] = pa.Field(nullable=False)
        isu: Series[Any] = pa.Field(nullable=True)
        bidang: Series[Any] = pa.Field(nullable=True)
        sumber: Series[Any] = pa.Field(nullable=True, isin=["data", "diskusi"])
        prioritas: Series[Any] = pa.Field(nullable=True)
        oleh: Series[Any] = pa.Field(nullable=False)
        waktu: Series[Any] = pa.Field(nullable=False)
        dicatat_oleh: Series[Any] = pa.Field(nullable=False)
        dicatat_waktu: Series[Any] = pa.Field(nullable=False)
        versi: Series[int] = pa.Field(ge=1)

    class PetaMasalah(MasalahBerlaku):
        """The masalah with the usulan that answer them (:func:`~planlib.rembuk.peta_masalah`)."""

        id_usulan_terkait: Series[object] = pa.Field(nullable=False)  # a list, empty when none
        diusulkan: Series[bool]

    models = (UsulanTahun, PerWilayah, KeputusanBerlaku, RakerdaTabel, BandingPokir,
              PokirAnggota, MasalahBerlaku, PetaMasalah)  # fmt: skip
    return {m.__name__: m for m in models}

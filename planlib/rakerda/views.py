"""What the Rakerda dashboard and deck show, on the scorecard's rules: the band colours, the
trend over the triwulan, the OPDs ranked, the RPJMD indicators per bidang, the kecamatan, the
faktor per OPD."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..bidang import BIDANG, BidangRules
from ..indikator import INDIKATOR
from ..kesenjangan import kesenjangan
from ..report import PlanlibError
from .scorecard import (
    aggregate,
    pilih_triwulan,
    rakerda,
    sub_kegiatan_rows,
)

#: Colour of each Permendagri 86/2017 band (ColorBrewer RdYlBu, 5 classes: safe for the common
#: colour-vision deficiencies), with the text colour legible on it. Always shown with the word.
KATEGORI_COLOURS: dict[str, tuple[str, str]] = {
    "sangat tinggi": ("#2c7bb6", "#ffffff"),
    "tinggi": ("#abd9e9", "#111111"),
    "sedang": ("#ffffbf", "#111111"),
    "rendah": ("#fdae61", "#111111"),
    "sangat rendah": ("#d7191c", "#ffffff"),
}

#: The bidang whose programs move each RPJMD indicator (the indicators of the catalogue).
INDIKATOR_BIDANG: dict[str, str] = {
    "ipm": "pembangunan manusia", "uhh": "pembangunan manusia", "rls": "pembangunan manusia",
    "hls": "pembangunan manusia", "stunting": "pembangunan manusia",
    "pengeluaran_per_kapita": "ekonomi", "p0": "ekonomi", "p1": "ekonomi", "p2": "ekonomi",
    "jumlah_penduduk_miskin": "ekonomi", "garis_kemiskinan": "ekonomi", "gini": "ekonomi",
    "tpt": "ekonomi", "tpak": "ekonomi", "pdrb_per_kapita": "ekonomi", "lpe": "ekonomi",
    "idm": "pemerintahan", "jumlah_penduduk": "pemerintahan",
}  # fmt: skip

#: Columns of :func:`indikator_bidang`.
INDIKATOR_COLUMNS = [
    "bidang", "indikator", "nama", "satuan", "nilai", "tahun_nilai", "target", "tahun_target",
    "selisih", "kesenjangan", "tercapai",
]  # fmt: skip

#: Columns of :func:`per_kecamatan`.
KECAMATAN_COLUMNS = [
    "kode_kecamatan", "jumlah_sub_kegiatan", "pagu", "realisasi_keuangan", "persen_keuangan",
    "target_fisik", "realisasi_fisik",
]  # fmt: skip

#: Measures :func:`peringkat` ranks OPDs on.
UKURAN = ("capaian_keluaran", "persen_keuangan", "realisasi_fisik")


def tren(
    realisasi: pd.DataFrame,
    tahun: int,
    bidang_rules: BidangRules | None = None,
    kabupaten: str = "Kabupaten",
) -> pd.DataFrame:
    """:func:`rakerda` at every triwulan of ``tahun`` present, one table (the trend over the year).

    Parameters
    ----------
    realisasi : DataFrame
        The loaded realisasi (``ws.realisasi[tahun]`` or several years together).
    tahun : int
        The budget year evaluated.
    bidang_rules : BidangRules, optional
        The bidang table (default: planlib's).
    kabupaten : str
        The name of the kabupaten row.

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS`, the rows of each triwulan in turn
        (filter on ``tingkat`` and ``nama`` for one line of the trend).
    """
    tws = sorted(int(t) for t in pd.unique(realisasi.loc[realisasi["tahun"] == tahun, "triwulan"]))
    if not tws:
        raise PlanlibError(f"Tidak ada data realisasi tahun {tahun}.")
    parts = [rakerda(realisasi, tahun, t, bidang_rules, kabupaten) for t in tws]
    return pd.concat(parts, ignore_index=True)


def peringkat(
    table: pd.DataFrame, ukuran: str = "capaian_keluaran", bidang: str | None = None
) -> pd.DataFrame:
    """The OPD rows of :func:`rakerda`'s table, best first on ``ukuran``.

    Parameters
    ----------
    table : DataFrame
        :func:`rakerda`'s output.
    ukuran : {"capaian_keluaran", "persen_keuangan", "realisasi_fisik"}
        The measure ranked on; ties go to the larger pagu, then the name. An
        OPD without a value is ranked last.
    bidang : str, optional
        Only the OPDs of this bidang.

    Returns
    -------
    DataFrame
        The OPD rows with a ``peringkat`` column (1 = best; none for no value).
    """
    if ukuran not in UKURAN:
        raise ValueError(f"ukuran tidak dikenal: {ukuran!r} ({', '.join(UKURAN)})")
    opd = table[table["tingkat"] == "opd"]
    if bidang is not None:
        opd = opd[opd["bidang"] == bidang]
    out = opd.assign(_na=opd[ukuran].isna()).sort_values(
        ["_na", ukuran, "pagu", "nama"], ascending=[True, False, False, True], kind="stable"
    )
    rank = pd.Series(range(1, len(out) + 1), index=out.index, dtype="Int64")
    out = out.drop(columns="_na").assign(peringkat=rank.where(~out["_na"]))
    return out.reset_index(drop=True)


def indikator_bidang(
    indikator: pd.DataFrame | None,
    target: pd.DataFrame | None,
    tahun: int,
    kode_kabupaten: str,
    bidang: str | None = None,
) -> pd.DataFrame:
    """The kabupaten's RPJMD indicators of each bidang against their targets.

    The gap is :func:`planlib.kesenjangan.kesenjangan`'s (the rule of the
    indicator dashboard and of the priority score): the latest value up to
    ``tahun`` against the target of its year. An indicator's bidang is
    :data:`INDIKATOR_BIDANG` (an indicator it does not name is left out).

    Parameters
    ----------
    indikator, target : DataFrame or None
        ``ws.indikator`` and ``ws.target_rpjmd``.
    tahun : int
        The year evaluated.
    kode_kabupaten : str
        The kabupaten's code.
    bidang : str, optional
        Only this bidang.

    Returns
    -------
    DataFrame
        :data:`INDIKATOR_COLUMNS`, in :data:`planlib.bidang.BIDANG` order,
        then by indicator; ``tercapai`` is True, False or None (no direction).
    """
    g = kesenjangan(indikator, target, tahun, kode_wilayah=[kode_kabupaten])
    if g.empty:
        return pd.DataFrame(columns=INDIKATOR_COLUMNS)
    g = g.assign(bidang=g["indikator"].map(INDIKATOR_BIDANG))
    g = g[g["bidang"].notna()]
    if bidang is not None:
        g = g[g["bidang"] == bidang]
    order = {b: i for i, b in enumerate(BIDANG)}
    g = g.assign(
        nama=g["indikator"].map(lambda k: INDIKATOR.get(k, {}).get("nama", k)),
        _o=g["bidang"].map(order),
    ).sort_values(["_o", "indikator"], kind="stable")
    return g[INDIKATOR_COLUMNS].reset_index(drop=True)


def per_kecamatan(
    realisasi: pd.DataFrame,
    tahun: int,
    triwulan: int | None = None,
    opd: list[str] | None = None,
) -> pd.DataFrame:
    """Realisasi per kecamatan of the sub kegiatan that carry a lokasi, at one triwulan.

    The same rules as :func:`rakerda`: sums of pagu and realisasi keuangan,
    ``persen_keuangan`` over the sub kegiatan with a pagu, fisik weighted by
    pagu (each value capped at 100). Sub kegiatan without a kecamatan are
    left out.

    Parameters
    ----------
    realisasi : DataFrame
        Loaded realisasi.
    tahun : int
    triwulan : int, optional
        The latest present by default.
    opd : list of str, optional
        Only these OPDs (e.g. those of one bidang).

    Returns
    -------
    DataFrame
        :data:`KECAMATAN_COLUMNS`, one row per kecamatan code, by code.
    """
    tw = pilih_triwulan(realisasi, tahun, triwulan)
    rows = realisasi[(realisasi["tahun"] == tahun) & (realisasi["triwulan"] == tw)]
    if opd is not None:
        rows = rows[rows["opd"].isin(opd)]
    rows = rows[rows["kode_kecamatan"].notna() & (rows["kode_kecamatan"].astype(str) != "nan")]
    sub = sub_kegiatan_rows(rows)
    if sub.empty:
        return pd.DataFrame(columns=KECAMATAN_COLUMNS)
    agg = aggregate(sub, sub.iloc[0:0].assign(capaian=[], flag=[]), "kode_kecamatan")
    out = pd.DataFrame(
        [{"kode_kecamatan": k, **{c: v[c] for c in KECAMATAN_COLUMNS[1:]}} for k, v in agg.items()],
        columns=KECAMATAN_COLUMNS,
    )
    return out.sort_values("kode_kecamatan").reset_index(drop=True)


def faktor_laporan(
    realisasi: pd.DataFrame, tahun: int, triwulan: int | None = None
) -> pd.DataFrame:
    """The faktor pendorong / penghambat the OPDs wrote in the realisasi export, per OPD.

    Parameters
    ----------
    realisasi : DataFrame
        The loaded realisasi.
    tahun : int
        The budget year.
    triwulan : int, optional
        1–4; by default the latest triwulan present for ``tahun``.

    Returns
    -------
    DataFrame
        ``opd``, ``jenis`` (``pendorong`` or ``penghambat``), ``faktor`` and
        ``jumlah`` (sub kegiatan naming it), distinct per OPD, most named first.
    """
    tw = pilih_triwulan(realisasi, tahun, triwulan)
    rows = realisasi[(realisasi["tahun"] == tahun) & (realisasi["triwulan"] == tw)]
    parts: list[dict[str, Any]] = []
    for jenis in ("pendorong", "penghambat"):
        col = rows[f"faktor_{jenis}"]
        ok = col.notna() & (col.astype(str).str.strip() != "") & (col.astype(str) != "nan")
        counts = rows[ok].groupby(["opd", f"faktor_{jenis}"]).size().reset_index(name="n")
        for o, f, n in counts.itertuples(index=False):
            parts.append({"opd": o, "jenis": jenis, "faktor": f, "jumlah": int(n)})
    out = pd.DataFrame(parts, columns=["opd", "jenis", "faktor", "jumlah"])
    return out.sort_values(["opd", "jenis", "jumlah", "faktor"],
                           ascending=[True, True, False, True]).reset_index(drop=True)  # fmt: skip

"""What-if views of pagu allocations: what changed between two, and where the cut-off falls.

:func:`bandingkan` lists the usulan that come in or fall off when a pagu or
a weight changes; :func:`garis_batas` shows, per kecamatan or OPD, the last
funded and the first unfunded usulan (the *garis batas*).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...report import PlanlibError
from .allocation import TIDAK_DIALOKASIKAN, Alokasi


def bandingkan(a: Alokasi, b: Alokasi, usulan: pd.DataFrame | None = None) -> pd.DataFrame:
    """The usulan that come in or fall off between allocation ``a`` (before) and ``b`` (after).

    Parameters
    ----------
    a, b : Alokasi
        Before and after a change of pagu or weights.
    usulan : DataFrame, optional
        Extra columns to show (any columns of the usulan, joined on ``id_usulan``).

    Returns
    -------
    DataFrame
        One row per changed usulan: ``id_usulan``, ``perubahan`` (``"masuk"``:
        funded in ``b`` only; ``"keluar"``: funded in ``a`` only), ``skor``
        (in ``b``), ``skor_sebelum`` (in ``a``), ``anggaran``,
        ``kode_kecamatan``, ``nama_kecamatan``, ``opd``, ``usulan`` and
        ``keterangan`` (in ``b``: why it is out now); "masuk" first, then by
        skor, high first.
    """
    ids = a.terpilih.index.union(b.terpilih.index)
    ta = a.terpilih.reindex(ids, fill_value=False).astype(bool)
    tb = b.terpilih.reindex(ids, fill_value=False).astype(bool)
    changed = ids[(ta != tb).to_numpy()]
    info = b.rincian.combine_first(a.rincian).reindex(changed)
    out = pd.DataFrame(
        {
            "id_usulan": changed,
            "perubahan": np.where(tb[changed], "masuk", "keluar"),
            "skor": info["skor"].to_numpy(float),
            "skor_sebelum": a.rincian["skor"].reindex(changed).to_numpy(float),
            "anggaran": info["anggaran"].to_numpy(float),
            "kode_kecamatan": info["kode_kecamatan"].to_numpy(),
            "nama_kecamatan": info["nama_kecamatan"].to_numpy(),
            "opd": info["opd"].to_numpy(),
            "usulan": info["usulan"].to_numpy(),
            "keterangan": b.rincian["keterangan"].reindex(changed).to_numpy(),
        }
    )
    out = _extra(out, usulan)
    out = out.sort_values(
        ["perubahan", "skor", "id_usulan"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)


def _extra(out: pd.DataFrame, usulan: pd.DataFrame | None) -> pd.DataFrame:
    if usulan is None:
        return out
    more = usulan.assign(id_usulan=usulan["id_usulan"].astype(str)).drop_duplicates("id_usulan")
    cols = [c for c in more.columns if c not in out.columns or c == "id_usulan"]
    return out.merge(more[cols], on="id_usulan", how="left")


def garis_batas(
    alokasi: Alokasi,
    usulan: pd.DataFrame | None = None,
    by: str = "kecamatan",
    urutan: str | None = None,
) -> pd.DataFrame:
    """Where the cut-off line falls in each kecamatan or OPD.

    Among the usulan that competed (not those left out beforehand), ranked by
    ``urutan`` — by default the order the allocation followed
    (:attr:`Alokasi.urutan`: ``"skor"`` or ``"efisiensi"``, skor per Rupiah)
    — the last funded usulan and the first unfunded one. With the exact MILP
    the last funded may score less than the first unfunded: it was cheaper.

    Parameters
    ----------
    alokasi : Alokasi
    usulan : DataFrame, optional
        Extra columns of the usulan (joined on ``id_usulan`` with the suffixes
        ``_terpilih`` / ``_tidak_terpilih``); the usulan text is already there.
    by : {"kecamatan", "opd"}
    urutan : {"skor", "efisiensi"}, optional

    Returns
    -------
    DataFrame
        One row per kecamatan (index ``kode_kecamatan``) or OPD (index ``opd``)
        with the columns of :attr:`Alokasi.per_kecamatan` / ``per_opd``,
        ``urutan``, and for the last funded usulan ``terpilih_terendah_id``,
        ``…_skor``, ``…_anggaran``, ``…_usulan``, for the first unfunded
        ``tidak_terpilih_tertinggi_id``, ``…_skor``, ``…_anggaran``,
        ``…_usulan``, ``…_keterangan`` (empty when there is none).
    """
    if by not in ("kecamatan", "opd"):
        raise PlanlibError(f"garis_batas: by harus 'kecamatan' atau 'opd', bukan {by!r}.")
    urutan = urutan or alokasi.urutan
    if urutan not in ("skor", "efisiensi"):
        raise PlanlibError(f"Urutan tidak dikenal: {urutan!r} (pilih skor atau efisiensi).")
    key = "kode_kecamatan" if by == "kecamatan" else "opd"
    table = (alokasi.per_kecamatan if by == "kecamatan" else alokasi.per_opd).copy()
    r = alokasi.rincian
    r = r[r["status"] != TIDAK_DIALOKASIKAN].assign(efisiensi=lambda d: d["skor"] / d["anggaran"])
    r = r.reset_index().sort_values(
        [urutan, "skor", "id_usulan"], ascending=[False, False, True], kind="stable"
    )
    table["urutan"] = urutan
    fields = ["id_usulan", "skor", "anggaran", "usulan"]
    last = r[r["terpilih"]].drop_duplicates(key, keep="last").set_index(key)
    first = r[~r["terpilih"]].drop_duplicates(key, keep="first").set_index(key)
    for name, part, cols in (
        ("terpilih_terendah", last, fields),
        ("tidak_terpilih_tertinggi", first, [*fields, "keterangan"]),
    ):
        for c in cols:
            suffix = "id" if c == "id_usulan" else c
            table[f"{name}_{suffix}"] = part[c].reindex(table.index)
    if usulan is not None:
        extra = usulan.assign(id_usulan=usulan["id_usulan"].astype(str)).drop_duplicates(
            "id_usulan"
        )
        extra = extra.set_index("id_usulan")
        for name in ("terpilih_terendah", "tidak_terpilih_tertinggi"):
            joined = extra.reindex(table[f"{name}_id"].to_numpy())
            for c in joined.columns:
                if f"{name}_{c}" not in table.columns:
                    table[f"{name}_{c}"] = joined[c].to_numpy()
    return table

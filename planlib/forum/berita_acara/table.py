"""The Berita Acara's table: the usulan of a year with the decision in force on each, and the pokir.

:func:`berita_acara_table` reads each decision through
:func:`planlib.forum.keputusan.keputusan_berlaku` (as the forum table does) and,
with the year's pokir, adds a row per pokir, a paired pokir right under the
usulan it repeats. The writer (:mod:`.xlsx`) prints it.
"""

from __future__ import annotations

import pandas as pd

from ..keputusan import KeputusanError, KeputusanStore, keputusan_berlaku
from ..pokir import sumber_pokir

#: Columns the ``usulan`` frame must have.
USULAN_WAJIB = (
    "id_usulan", "nama_kecamatan", "nama_desa", "usulan", "volume", "satuan", "anggaran",
    "opd_tujuan",
)  # fmt: skip

#: ``Sumber`` of an usulan of the Musrenbang.
MUSRENBANG = "Musrenbang"

#: Columns the ``pokir`` frame must have (plus ``dapil`` to group by Dapil).
POKIR_WAJIB = (
    "id_pokir", "nama_kecamatan", "nama_desa", "usulan", "volume", "satuan", "anggaran",
    "opd_tujuan", "pengusul", "fraksi", "id_usulan_ganda",
)  # fmt: skip


def berita_acara_table(
    usulan: pd.DataFrame,
    keputusan: pd.DataFrame | KeputusanStore,
    tahun: int,
    pokir: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The usulan of ``tahun`` with the decision in force on each, under the printed headers.

    Parameters
    ----------
    usulan : DataFrame
        Usulan with at least :data:`USULAN_WAJIB` (plus ``dapil`` to group by
        Dapil), e.g. :func:`planlib.rekap.usulan_tahun`.
    keputusan : DataFrame or KeputusanStore
        Decisions in force, as :meth:`KeputusanStore.current
        <planlib.forum.keputusan.KeputusanStore.current>` returns them, or the
        store; read through :func:`planlib.forum.keputusan.keputusan_berlaku`,
        as the forum table reads them.
    tahun : int
        Rows of other years in either frame are left out.
    pokir : DataFrame, optional
        The year's pokir with :data:`POKIR_WAJIB`
        (:func:`planlib.forum.pokir_forum.pokir_berita_acara`); their rows
        follow, each paired pokir right under the usulan it repeats.

    Returns
    -------
    DataFrame
        The columns of :data:`KOLOM` except ``No`` (``Sumber``: "Musrenbang",
        "Pokir — member (Fraksi)", with "sama dengan usulan …" / "juga …" on
        a duplicated pair), plus ``dapil`` and ``opd_tujuan`` for grouping and
        ``dihitung`` (False on a pokir whose usulan is a row: a pair counts
        once), sorted by kecamatan, desa and priority.
    """
    missing = [c for c in USULAN_WAJIB if c not in usulan.columns]
    if missing:
        raise KeputusanError(f"Data usulan tanpa kolom: {', '.join(missing)}.")
    u = usulan if "tahun" not in usulan else usulan[usulan["tahun"] == tahun]
    ids = u["id_usulan"].astype(str)
    k = keputusan_berlaku(keputusan, ids, tahun)
    order = [c for c in ("nama_kecamatan", "nama_desa", "usulan_ke") if c in u]
    table = pd.DataFrame(
        {
            "ID Usulan": ids,
            "Kecamatan": u["nama_kecamatan"],
            "Desa": u["nama_desa"],
            "Usulan": u["usulan"],
            "Volume": pd.to_numeric(u["volume"], errors="coerce"),
            "Satuan": u["satuan"],
            "Anggaran (Rp)": pd.to_numeric(u["anggaran"], errors="coerce"),
            "OPD Tujuan": u["opd_tujuan"].astype(object),
            "Keputusan": k["label"],
            "OPD Pengalihan": k["opd"],
            "Alasan": k["alasan"],
            "Dicatat oleh": k["oleh"],
            "dapil": u["dapil"].astype(object) if "dapil" in u else None,
            "opd_tujuan": u["opd_tujuan"].astype(object),
            **{f"_{c}": u[c] for c in order},
        }
    )
    table = table.assign(Sumber=MUSRENBANG, dihitung=True, _grup=ids, _jenis=0)
    if pokir is not None and len(pokir):
        table = _with_pokir(table, pokir, keputusan, tahun, order)
    keys = [*(f"_{c}" for c in order), "_grup", "_jenis", "ID Usulan"]
    table = table.sort_values(keys, na_position="last")
    return table.drop(columns=[f"_{c}" for c in order] + ["_grup", "_jenis"]).reset_index(drop=True)


def _with_pokir(
    table: pd.DataFrame,
    pokir: pd.DataFrame,
    keputusan: pd.DataFrame | KeputusanStore,
    tahun: int,
    order: list[str],
) -> pd.DataFrame:
    """``table`` with a row per pokir: a paired pokir takes its usulan's sort keys."""
    missing = [c for c in POKIR_WAJIB if c not in pokir.columns]
    if missing:
        raise KeputusanError(f"Data pokir tanpa kolom: {', '.join(missing)}.")
    p = pokir if "tahun" not in pokir else pokir[pokir["tahun"] == tahun]
    ids = p["id_pokir"].astype(str)
    sumber = [sumber_pokir(a, f) for a, f in zip(p["pengusul"], p["fraksi"], strict=True)]
    ganda = [[u for u in str(g).split(";") if u] if isinstance(g, str) else [] for g in p["id_usulan_ganda"]]  # fmt: skip
    shown = table.set_index("ID Usulan")
    juga: dict[str, list[str]] = {}
    for i, s, g in zip(ids, sumber, ganda, strict=True):
        for u in g:
            juga.setdefault(u, []).append(f"{s} {i}")
    table = table.assign(
        Sumber=[
            f"{MUSRENBANG}; juga {'; '.join(juga[i])}" if i in juga else MUSRENBANG
            for i in table["ID Usulan"]
        ]
    )
    k = keputusan_berlaku(keputusan, ids, tahun, jenis="pokir")
    first = [next((u for u in g if u in shown.index), None) for g in ganda]
    rows = pd.DataFrame(
        {
            "ID Usulan": ids.to_numpy(),
            "Kecamatan": p["nama_kecamatan"].to_numpy(),
            "Desa": p["nama_desa"].to_numpy(),
            "Usulan": p["usulan"].to_numpy(),
            "Volume": pd.to_numeric(p["volume"], errors="coerce").to_numpy(),
            "Satuan": p["satuan"].to_numpy(),
            "Anggaran (Rp)": pd.to_numeric(p["anggaran"], errors="coerce").to_numpy(),
            "OPD Tujuan": p["opd_tujuan"].astype(object).to_numpy(),
            "Keputusan": k["label"].to_numpy(),
            "OPD Pengalihan": k["opd"].to_numpy(),
            "Alasan": k["alasan"].to_numpy(),
            "Dicatat oleh": k["oleh"].to_numpy(),
            "dapil": p["dapil"].astype(object).to_numpy() if "dapil" in p else None,
            "opd_tujuan": p["opd_tujuan"].astype(object).to_numpy(),
            "Sumber": [
                s + (f"; sama dengan usulan {', '.join(g)}" if g else "")
                for s, g in zip(sumber, ganda, strict=True)
            ],
            "dihitung": [f is None for f in first],
            "_grup": [f if f is not None else i for f, i in zip(first, ids, strict=True)],
            "_jenis": 1,
        }
    )
    for c in order:  # a paired pokir sorts with its usulan, the others by their own place
        own = p[c].to_numpy() if c in p else [None] * len(p)
        keyed = [shown.loc[f, f"_{c}"] if f is not None else o for f, o in zip(first, own, strict=True)]  # fmt: skip
        rows[f"_{c}"] = pd.Series(keyed, index=rows.index, dtype=object)
    return pd.concat([table, rows], ignore_index=True)

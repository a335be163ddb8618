"""Default ceilings (pagu bawaan) proposed from the data when the workspace has none.

Per OPD from the Renja's pagu; per kecamatan a total split in proportion to
the anggaran asked, or evenly. :class:`PaguBawaan` carries the ceilings and,
in Bahasa Indonesia, where they come from.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...formatting import angka, rupiah
from ...report import PlanlibError


@dataclass
class PaguBawaan:
    """Ceilings proposed from the data, and where they come from (Bahasa Indonesia)."""

    kecamatan: dict[str, float] | None
    opd: dict[str, float] | None
    keterangan: list[str]


def pagu_bawaan(
    usulan: pd.DataFrame,
    *,
    renja: pd.DataFrame | None = None,
    tahun: int | None = None,
    total: float | None = None,
    cara: str = "proporsional",
    porsi: float = 0.4,
    kolom_opd: str = "opd_tujuan",
) -> PaguBawaan:
    """Default ceilings when the workspace has no pagu indikatif.

    - **per OPD**: the Renja's pagu summed per OPD for ``tahun`` (else the
      latest earlier year, else the latest year); no OPD ceilings without a
      Renja. OPD of the usulan that are not in the Renja get no ceiling, so
      their usulan are not allocated (the keterangan names them).
    - **per kecamatan**: a total — ``total`` when given, else the Renja pagu
      of the OPD that receive usulan, else ``porsi`` (40 %) of the anggaran
      asked — split ``"proporsional"`` to the anggaran asked in each
      kecamatan, or ``"rata"`` (evenly) among the kecamatan with usulan.

    Parameters
    ----------
    usulan : DataFrame
        One year's usulan (``kode_kecamatan``, ``anggaran``, the OPD column).
    renja : DataFrame, optional
        ``ws.renja`` (``opd``, ``pagu``, ``tahun``).
    tahun : int, optional
        The planning year; by default the latest ``tahun`` of the usulan.
    total : float, optional
        Total to split among the kecamatan (Rupiah).
    cara : {"proporsional", "rata"}
    porsi : float
        Share of the anggaran asked used as total when there is neither
        ``total`` nor a Renja.
    kolom_opd : str

    Returns
    -------
    PaguBawaan
    """
    if cara not in ("proporsional", "rata"):
        raise PlanlibError(
            f"Cara pembagian pagu tidak dikenal: {cara!r} (pilih proporsional atau rata)."
        )
    notes: list[str] = []
    a = pd.to_numeric(usulan["anggaran"], errors="coerce").astype(float)
    a = a.where(a > 0)
    if tahun is None and len(usulan):
        tahun = int(pd.to_numeric(usulan["tahun"], errors="coerce").max())
    opd = _pagu_renja(usulan, renja, tahun, kolom_opd, notes)

    minta = a.groupby(usulan["kode_kecamatan"].astype(object), observed=True).sum()
    minta = minta[minta > 0].sort_index()
    if total is not None:
        sumber = f"total yang diberikan ({rupiah(total)})"
    elif opd:
        asked = set(usulan[kolom_opd].dropna().astype(str))
        total = float(sum(v for k, v in opd.items() if k in asked))
        sumber = f"jumlah pagu Renja OPD yang menerima usulan ({rupiah(total)})"
    else:
        total = porsi * float(minta.sum())
        sumber = f"{angka(100 * porsi)}% dari anggaran usulan ({rupiah(total)})"
    if minta.empty:
        notes.append("Tidak ada usulan beranggaran: pagu kecamatan tidak dibuat.")
        return PaguBawaan(None, opd, notes)
    share = (
        minta / minta.sum()
        if cara == "proporsional"
        else pd.Series(1 / len(minta), index=minta.index)
    )
    kec = {str(k): float(total * v) for k, v in share.items()}
    how = "sebanding anggaran usulan tiap kecamatan" if cara == "proporsional" else "dibagi rata"
    notes.append(f"Pagu kecamatan: {sumber}, {how} ({len(kec)} kecamatan).")
    return PaguBawaan(kec, opd, notes)


def _pagu_renja(
    usulan: pd.DataFrame,
    renja: pd.DataFrame | None,
    tahun: int | None,
    kolom_opd: str,
    notes: list[str],
) -> dict[str, float] | None:
    if renja is None or renja.empty or "pagu" not in renja.columns:
        notes.append("Pagu OPD: tidak ada Renja dengan pagu, jadi tidak ada batas per OPD.")
        return None
    years = pd.to_numeric(renja["tahun"], errors="coerce")
    known = sorted(years.dropna().astype(int).unique())
    if not known:
        y, rows = None, renja
    else:
        earlier = [v for v in known if tahun is None or v <= tahun]
        y = earlier[-1] if earlier else known[-1]
        rows = renja[(years == y).to_numpy()]
    pagu = rows.groupby(rows["opd"].astype(object))["pagu"].sum(min_count=1).dropna()
    opd = {str(k): float(v) for k, v in pagu.items() if v > 0}
    when = f" {y}" if y is not None else ""
    notes.append(
        f"Pagu OPD: jumlah pagu Renja{when} per OPD ({len(opd)} OPD, total "
        f"{rupiah(sum(opd.values()))})."
    )
    missing = sorted(set(usulan[kolom_opd].dropna().astype(str)) - set(opd))
    if missing:
        names = ", ".join(missing[:3]) + (
            f" dan {len(missing) - 3} lainnya" if len(missing) > 3 else ""
        )
        notes.append(
            f"{len(missing)} OPD tujuan usulan tidak ada di Renja{when} ({names}): "
            "usulannya tidak dialokasikan."
        )
    return opd

"""The gap (kesenjangan) of an area to its RPJMD target: one rule for every view.

The indicator dashboard's "Capaian … terhadap target …" and the kesenjangan
component of the priority score (:func:`planlib.forum.skor.kesenjangan_kecamatan`)
both read the gap from :func:`kesenjangan`, so they never disagree on the
year, the target or the sign. The rule, for one indicator in one area and a
planning year ``tahun``:

1. **Which target series.** The area's own targets, else those of the
   nearest enclosing area down to the kabupaten (a kecamatan without its own
   target uses the kabupaten's; the province's target is never used). When
   the targets name a ``seri`` (IPM ``revisi_2024``), the series of the
   target nearest to ``tahun`` is the series compared: an observation of
   another series is never compared with it.
2. **Which observation.** The latest observation with ``tahun ≤`` the
   planning year, of that series; of the period BPS publishes for the
   indicator (``periode`` of :data:`planlib.indikator.INDIKATOR`: Maret for
   P0, Agustus for TPT) when the area has observations of that period. Data
   newer than the planning year are not used: a plan for 2025 is judged on
   what was known up to 2025.
3. **Which target year.** The target of the observation's own year (an
   achievement is compared with the target set for the same year), else the
   nearest target year, the later one on a tie.
4. **The difference.** ``selisih = nilai − target`` in the indicator's unit
   (absolute, what the dashboard prints), and the relative gap
   ``kesenjangan = selisih / |target|`` turned so that **positive means
   behind the target**: as is for indicators where lower is better (P0,
   TPT, stunting: ``lebih_baik = "turun"``), negated where higher is better
   (IPM: ``"naik"``). ``tercapai`` is ``kesenjangan ≤ 0``. For an indicator
   without a direction (the poverty line) ``kesenjangan`` is NaN and
   ``tercapai`` None; with a target of 0 ``kesenjangan`` is NaN.

Example: IPM 70,0 in 2024 against the 2024 target 72,0 gives ``selisih``
−2,0 and ``kesenjangan`` +0,0278 (2,78 % behind); P0 6,0 % against a target
of 7,5 % gives ``selisih`` −1,5 and ``kesenjangan`` −0,2 (tercapai).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
import pandas as pd

from .indikator import INDIKATOR

#: Columns of :func:`kesenjangan`.
KOLOM = [
    "kode_wilayah", "indikator", "nilai", "tahun_nilai", "periode", "seri", "satuan", "target",
    "tahun_target", "kode_target", "selisih", "kesenjangan", "tercapai", "lebih_baik",
]  # fmt: skip


def pick_periode(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of the period BPS publishes for ``key`` (Maret for P0, Agustus for TPT).

    Rows without a period are kept where an area has none with it, so annual
    figures (IPM) and national figures published without a month still show.

    Parameters
    ----------
    df : DataFrame
        Observations of one indicator (``kode_wilayah``, ``periode``).
    key : str
        The indicator (a key of :data:`planlib.indikator.INDIKATOR`).

    Returns
    -------
    DataFrame
        The rows of ``df`` kept.
    """
    want = INDIKATOR.get(key, {}).get("periode")
    if want is None or df.empty:
        return df
    has = df.groupby("kode_wilayah")["periode"].transform(lambda s: (s == want).any())
    return df[(df["periode"] == want) | (~has & df["periode"].isna())]


def enclosing_codes(kode: str) -> list[str]:
    """``kode`` and the codes of the areas enclosing it, down to the kabupaten.

    Parameters
    ----------
    kode : str
        A Kemendagri code, e.g. ``"63.06.02"``.

    Returns
    -------
    list of str
        E.g. ``["63.06.02", "63.06"]``; a kabupaten code gives itself only, a
        province code itself only.
    """
    parts = str(kode).split(".")
    return [".".join(parts[:n]) for n in range(len(parts), min(len(parts), 2) - 1, -1)]


def _seri(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _nearest(rows: list[dict[str, Any]], tahun: int) -> dict[str, Any]:
    """The row whose ``tahun`` is nearest to ``tahun``, the later one on a tie."""
    return min(rows, key=lambda r: (abs(int(r["tahun"]) - tahun), -int(r["tahun"])))


def _gap_row(
    kode: str, key: str, obs: pd.DataFrame, targets: list[dict[str, Any]], tahun: int
) -> dict[str, Any] | None:
    """The gap of one indicator in one area (``targets``: those of the area that applies)."""
    seri = _seri(_nearest(targets, tahun)["seri"])
    if seri is not None:
        targets = [t for t in targets if _seri(t["seri"]) == seri]
        obs = obs[obs["seri"] == seri]
    obs = obs[obs["tahun"] <= tahun]
    if obs.empty:
        return None
    o = max(obs.to_dict("records"), key=lambda r: (int(r["tahun"]), str(r["periode"])))
    same = [t for t in targets if int(t["tahun"]) == int(o["tahun"])]
    t = same[0] if same else _nearest(targets, int(o["tahun"]))
    nilai, target = float(o["nilai"]), float(t["target"])
    selisih = nilai - target
    arah = INDIKATOR.get(key, {}).get("lebih_baik")
    if arah in ("naik", "turun") and target != 0:
        gap = selisih / abs(target) * (-1.0 if arah == "naik" else 1.0)
        tercapai: bool | None = bool(gap <= 0)
    else:
        gap, tercapai = np.nan, None
    return {
        "kode_wilayah": kode, "indikator": key, "nilai": nilai, "tahun_nilai": int(o["tahun"]),
        "periode": o["periode"], "seri": _seri(o["seri"]), "satuan": o["satuan"],
        "target": target, "tahun_target": int(t["tahun"]), "kode_target": str(t["kode_wilayah"]),
        "selisih": selisih, "kesenjangan": gap, "tercapai": tercapai, "lebih_baik": arah,
    }  # fmt: skip


def kesenjangan(
    indikator: pd.DataFrame | None,
    target: pd.DataFrame | None,
    tahun: int,
    *,
    level: str | None = None,
    kode_wilayah: Iterable[str] | None = None,
    indicators: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The gap of every area and indicator with data and a target (the rule above).

    Parameters
    ----------
    indikator : DataFrame or None
        The long indicator table (``ws.indikator``: ``kode_wilayah``,
        ``level``, ``tahun``, ``periode``, ``indikator``, ``nilai``,
        ``satuan``, ``seri``).
    target : DataFrame or None
        The RPJMD targets (``ws.target_rpjmd``: ``indikator``,
        ``kode_wilayah``, ``tahun``, ``target``, ``seri``).
    tahun : int
        The planning year.
    level : str, optional
        Only areas of this ``level`` (e.g. ``"kecamatan"``).
    kode_wilayah : iterable of str, optional
        Only these areas.
    indicators : iterable of str, optional
        Only these indicators.

    Returns
    -------
    DataFrame
        One row per (``kode_wilayah``, ``indikator``) with the columns of
        :data:`KOLOM`: the observation used (``nilai``, ``tahun_nilai``,
        ``periode``, ``seri``, ``satuan``), the target (``target``,
        ``tahun_target``, ``kode_target``: whose target it is), ``selisih``
        (``nilai − target``), ``kesenjangan`` (relative, positive = behind),
        ``tercapai`` and ``lebih_baik``; sorted by area and indicator. Areas
        without a target, or without an observation up to ``tahun`` in the
        target's series, are absent.
    """
    empty = pd.DataFrame(columns=KOLOM)
    if indikator is None or target is None or indikator.empty or target.empty:
        return empty
    data = indikator
    if level is not None:
        data = data[data["level"] == level]
    if kode_wilayah is not None:
        data = data[data["kode_wilayah"].astype(str).isin({str(k) for k in kode_wilayah})]
    keys = None if indicators is None else set(indicators)
    if keys is not None:
        data = data[data["indikator"].isin(keys)]
    tgt = target[target["target"].notna()]
    if keys is not None:
        tgt = tgt[tgt["indikator"].isin(keys)]
    by_area: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in cast(list[dict[str, Any]], tgt.to_dict("records")):
        by_area.setdefault((str(r["indikator"]), str(r["kode_wilayah"])), []).append(r)
    rows = []
    for key, part in data.groupby("indikator", sort=True):
        part = pick_periode(part, str(key))
        for kode, obs in part.groupby(part["kode_wilayah"].astype(str), sort=True):
            applies = next(
                (by_area[(str(key), c)] for c in enclosing_codes(str(kode)) if (str(key), c) in by_area),
                None,
            )  # fmt: skip
            row = _gap_row(str(kode), str(key), obs, applies, tahun) if applies else None
            if row is not None:
                rows.append(row)
    if not rows:
        return empty
    out = pd.DataFrame(rows, columns=KOLOM)
    out["tercapai"] = out["tercapai"].astype(object)  # True / False / None, never numpy bools
    return out.sort_values(["kode_wilayah", "indikator"]).reset_index(drop=True)

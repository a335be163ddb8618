"""The IPM / P0 / TPT context of a shared view: kabupaten against province and Indonesia.

One row per indicator *and series*: the IPM of BPS's 2024 revision and the
old series are two rows, never joined (their values are not comparable).
Each row holds the latest value of each area in that series, and the
RPJMD targets of the kabupaten for that series by year, so the page can
show the target of the year chosen in its tahun filter.

The period is the one BPS publishes at kabupaten level (Maret for P0,
Agustus for TPT), as in the Indikator dashboard.
"""

from __future__ import annotations

import pandas as pd

from ..indikator import INDIKATOR, sumber_text
from ..workspace import Workspace

UTAMA = ("ipm", "p0", "tpt")
SERI_LABEL = {"lama": "seri lama", "revisi_2024": "seri revisi 2024"}


def _digits(key: str) -> int:
    return 2 if key in ("ipm", "p0", "tpt") else 1


def _seri(v: object) -> str | None:
    """A series name, or None for a row without one (NaN, None, "")."""
    return None if v is None or (isinstance(v, float) and v != v) or str(v) == "" else str(v)


def _in_periode(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of the published period; areas without any row in it keep their rows without a period."""
    want = INDIKATOR.get(key, {}).get("periode")
    if want is None or df.empty:
        return df
    has = df.groupby("kode_wilayah")["periode"].transform(lambda s: (s == want).any())
    return df[(df["periode"] == want) | (~has & df["periode"].isna())]


def areas(ws: Workspace) -> list[dict[str, str]]:
    """The three areas compared.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    list of dict
        ``kode`` and ``nama`` of the kabupaten, its province and Indonesia (``"00"``).
    """
    kab = ws.wilayah.kabupaten
    prov = kab.split(".")[0]
    names = dict(zip(ws.wilayah.kode["kode"], ws.wilayah.kode["nama"], strict=False))
    return [
        {"kode": kab, "nama": ws.config.nama},
        {"kode": prov, "nama": str(names.get(prov, f"Provinsi {prov}"))},
        {"kode": "00", "nama": "Indonesia"},
    ]


def context(ws: Workspace) -> dict:
    """The indicator context, JSON-ready.

    Returns
    -------
    dict
        ``areas`` (kode, nama of kabupaten, province, Indonesia), ``rows``
        (``indikator``, ``nama``, ``seri``, ``satuan``, ``digits``,
        ``lebih_baik``, ``nilai``: per area ``[value, year]`` or None, and
        ``target``: year → RPJMD target of the kabupaten in that series),
        ``sumber`` (the "Sumber: …" line) and ``dokumen`` (the target's document).
    """
    ind = ws.indikator
    where = areas(ws)
    rows: list[dict] = []
    used: list[pd.DataFrame] = []
    tgt_all = ws.target_rpjmd
    docs: list[str] = []
    for key in UTAMA:
        part = _in_periode(ind[ind["indikator"] == key], key)
        part = part[part["kode_wilayah"].isin([a["kode"] for a in where])]
        if part.empty:
            continue
        used.append(part)
        seri_col = part["seri"].map(_seri)
        tgt = None
        if tgt_all is not None and len(tgt_all):
            tgt = tgt_all[
                (tgt_all["indikator"] == key) & (tgt_all["kode_wilayah"] == ws.wilayah.kabupaten)
            ]
            docs += [str(x) for x in tgt["dokumen"].dropna()]
        series = list(dict.fromkeys(seri_col.tolist()))
        # the newest series first: revisi_2024 above lama
        series.sort(key=lambda s: (s != "revisi_2024", s == "lama", str(s)))
        for seri in series:
            sub = part[seri_col.map(lambda v, s=seri: v == s)]
            nilai = []
            for a in where:
                r = sub[sub["kode_wilayah"] == a["kode"]].sort_values("tahun", kind="stable")
                nilai.append(
                    [float(r["nilai"].iloc[-1]), int(r["tahun"].iloc[-1])] if len(r) else None
                )
            target: dict[str, float] = {}
            if tgt is not None and len(tgt):
                t_seri = tgt["seri"].map(_seri)
                # a target without a series belongs to the newest series of the indicator
                newest = series[0]
                mine = t_seri.map(lambda v, s=seri, n=newest: v == s or (v is None and s == n))
                for y, v in zip(tgt.loc[mine, "tahun"], tgt.loc[mine, "target"], strict=True):
                    target[str(int(y))] = float(v)
            meta = INDIKATOR.get(key, {})
            rows.append(
                {
                    "indikator": key,
                    "nama": str(meta.get("nama", key)),
                    "seri": SERI_LABEL.get(seri, seri) if seri else None,
                    "satuan": meta.get("satuan"),
                    "digits": _digits(key),
                    "lebih_baik": meta.get("lebih_baik"),
                    "nilai": nilai,
                    "target": target,
                }
            )
    sumber = sumber_text(pd.concat(used)) if used else ""
    return {
        "areas": where,
        "rows": rows,
        "trends": trends(ws),
        "sumber": sumber,
        "dokumen": list(dict.fromkeys(docs)),
    }


def trends(ws: Workspace) -> list[dict]:
    """The time series of IPM, P0 and TPT per area and series, and the RPJMD targets, JSON-ready.

    Returns
    -------
    list of dict
        Per indicator: ``indikator``, ``nama``, ``satuan``, ``digits``,
        ``lines`` (``area``: index into :func:`areas`, ``seri``: label or
        None, ``lama``: the old IPM series, ``points``: ``[year, value]`` sorted
        by year; a missing year is simply absent, to be drawn as a gap) and
        ``target``: ``[year, target]`` of the kabupaten.
    """
    ind = ws.indikator
    where = areas(ws)
    out = []
    for key in UTAMA:
        part = _in_periode(ind[ind["indikator"] == key], key)
        lines = []
        for j, a in enumerate(where):
            rows = part[part["kode_wilayah"] == a["kode"]]
            seri = rows["seri"].map(_seri)
            for s in dict.fromkeys(seri.tolist()):
                sub = rows[seri.map(lambda v, s=s: v == s)]
                pts = sub.groupby("tahun")["nilai"].first().sort_index()
                if len(pts):
                    lines.append(
                        {
                            "area": j,
                            "seri": SERI_LABEL.get(s, s) if s else None,
                            "lama": s == "lama",
                            "points": [
                                [int(y), float(v)]
                                for y, v in zip(pts.index.tolist(), pts.tolist(), strict=True)
                            ],
                        }
                    )
        if not lines:
            continue
        tgt = ws.target_rpjmd
        target: list[list[float]] = []
        if tgt is not None and len(tgt):
            t = tgt[(tgt["indikator"] == key) & (tgt["kode_wilayah"] == ws.wilayah.kabupaten)]
            target = [[int(y), float(v)] for y, v in sorted(zip(t["tahun"], t["target"], strict=True))]  # fmt: skip
        meta = INDIKATOR.get(key, {})
        out.append(
            {
                "indikator": key,
                "nama": str(meta.get("nama", key)),
                "satuan": meta.get("satuan"),
                "digits": _digits(key),
                "lines": lines,
                "target": target,
            }
        )
    return out

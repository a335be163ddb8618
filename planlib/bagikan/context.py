"""The IPM / P0 / TPT context of a shared view: kabupaten against province and Indonesia.

One row per indicator *and series*: the IPM of BPS's 2024 revision and the
old series are two rows, never joined (their values are not comparable).
Each row holds the latest value of each area in that series, and the
RPJMD targets of the kabupaten for that series by year, so the page can
show the target of the year chosen in its tahun filter.

The rows are those of :func:`planlib.kesenjangan.konteks`, the one context
rule the dashboards' context table and the deck read too (the period BPS
publishes at kabupaten level: Maret for P0, Agustus for TPT; a target
without a series in the kabupaten's newest series).
"""

from __future__ import annotations

import pandas as pd

from ..indikator import INDIKATOR, sumber_text
from ..kesenjangan import PERAN, konteks, nama_seri, pick_periode
from ..workspace import Workspace

UTAMA = ("ipm", "p0", "tpt")
SERI_LABEL = {"lama": "seri lama", "revisi_2024": "seri revisi 2024"}


def _digits(key: str) -> int:
    return 2 if key in ("ipm", "p0", "tpt") else 1


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

    Parameters
    ----------
    ws : Workspace
        The opened workspace; its ``indikator`` and ``target_rpjmd`` tables are read.

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
    kab = ws.wilayah.kabupaten
    rows: list[dict] = []
    for r in konteks(ind, ws.target_rpjmd, kab, UTAMA).to_dict("records"):
        key, seri = str(r["indikator"]), r["seri"]
        meta = INDIKATOR.get(key, {})
        rows.append(
            {
                "indikator": key,
                "nama": str(meta.get("nama", key)),
                "seri": SERI_LABEL.get(seri, seri) if seri else None,
                "satuan": meta.get("satuan"),
                "digits": _digits(key),
                "lebih_baik": meta.get("lebih_baik"),
                "nilai": [
                    None
                    if r[f"tahun_{role}"] is None
                    else [float(r[f"nilai_{role}"]), int(r[f"tahun_{role}"])]
                    for role in PERAN
                ],
                "target": {str(y): float(v) for y, v in r["target"].items()},
            }
        )
    used: list[pd.DataFrame] = []  # what the rows show, for the "Sumber: …" line
    docs: list[str] = []
    tgt_all = ws.target_rpjmd
    for key in dict.fromkeys(r["indikator"] for r in rows):
        part = pick_periode(ind[ind["indikator"] == key], key)
        used.append(part[part["kode_wilayah"].isin([a["kode"] for a in where])])
        if tgt_all is not None and len(tgt_all):
            mine = tgt_all[(tgt_all["indikator"] == key) & (tgt_all["kode_wilayah"] == kab)]
            docs += [str(x) for x in mine["dokumen"].dropna()]
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

    Parameters
    ----------
    ws : Workspace
        The opened workspace; its ``indikator`` and ``target_rpjmd`` tables are read.

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
        part = pick_periode(ind[ind["indikator"] == key], key)
        lines = []
        for j, a in enumerate(where):
            rows = part[part["kode_wilayah"] == a["kode"]]
            # a list, not Series.map: pandas makes a str column of it, where None becomes NaN
            seri = [nama_seri(v) for v in rows["seri"]]
            for s in dict.fromkeys(seri):
                sub = rows[[v == s for v in seri]]
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

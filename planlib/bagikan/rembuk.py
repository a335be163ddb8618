"""The Dapil's Rembuk Remas in a shared view: the desa's masalah on a map, and the list behind it.

This module only presents what :mod:`planlib.rembuk` computes: the masalah in
force of every planning year recorded in ``masalah.sqlite``, each with the
usulan that answer it (:func:`planlib.rembuk.peta_masalah`), cut to the
Dapil's kecamatan and desa; the count per desa (:func:`planlib.rembuk.per_wilayah`,
per kecamatan when the workspace has no desa polygons) already turned into
fill colours, and each kecamatan name's colour chosen against the fill under
it by :func:`planlib.viz.textcolour.text_colour`; the kecamatan summary of
:func:`planlib.rembuk.ringkasan_kecamatan`. The page's script swaps the
colours when the year changes and draws the lists; it computes nothing.

A workspace without ``masalah.sqlite`` gets a section that says no masalah
was recorded (exporting never creates the database).
"""

from __future__ import annotations

import html

import pandas as pd

from ..formatting import angka, teks
from ..masalah.store import DB_NAME, MasalahStore
from ..rembuk import per_wilayah, peta_masalah, ringkasan_kecamatan
from ..viz import maps, scales, textcolour
from ..workspace import Workspace

#: How a masalah's kind and source are written.
JENIS = {"masalah": "Masalah", "isu_strategis": "Isu strategis"}
SUMBER = {"diskusi": "diskusi", "data": "data"}


def masalah_per_tahun(ws: Workspace) -> dict[int, pd.DataFrame]:
    """The masalah in force of every planning year, with the usulan that answer them, once per export.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    dict of int to DataFrame
        :func:`planlib.rembuk.peta_masalah`'s masalah per year; empty when
        the workspace has no ``masalah.sqlite`` (it is not created).
    """
    if not (ws.root / DB_NAME).exists():
        return {}
    store = MasalahStore(ws.root)
    years = sorted({int(t) for t in store.current()["tahun"]})
    return {t: peta_masalah(ws, t, store)[0] for t in years}


def _text(v: object) -> str:
    """A value of the page's data: empty as ``""`` (the page shows its own words for none)."""
    return teks(v, default="")


def rembuk_payload(ws: Workspace, areas: dict, masalah: dict[int, pd.DataFrame]) -> dict:
    """What the *Rembuk Remas* section of one file shows, JSON-ready.

    Parameters
    ----------
    ws : Workspace
    areas : dict
        The file's map (``payload["map"]`` of :func:`planlib.bagikan.data.payload`):
        only its kecamatan and desa are kept.
    masalah : dict of int to DataFrame
        :func:`masalah_per_tahun`.

    Returns
    -------
    dict
        ``level`` ("desa", or "kecamatan" without desa polygons), ``tahun``
        (the planning years with masalah in this scope), ``rows`` (one per
        masalah: ``id``, ``tahun``, ``tingkat``, ``area`` (index into the
        map's areas of ``level``, -1 for none), ``kec`` (index into the
        kecamatan), ``wilayah``, ``jenis``, ``masalah``, ``isu``, ``bidang``,
        ``sumber``, ``prioritas``, ``usulan``: the ID Usulan answering it,
        best first, empty when *belum diusulkan*) and per year (``peta``):
        ``fill`` and ``jumlah`` per area, ``isu`` (the most named), ``nama``
        (``[text, halo]`` per kecamatan name), ``ticks`` of the colour bar
        and ``kecamatan`` (the summary lines), plus ``skala`` (the colour
        scale's stops).
    """
    kec = areas["kecamatan"]
    desa = areas["desa"]
    level = "desa" if any(d["d"] for d in desa) else "kecamatan"
    shown = desa if level == "desa" else kec
    codes = pd.Series([a["kode"] for a in shown], dtype=object)
    kec_codes = [k["kode"] for k in kec]
    kec_index = {k: i for i, k in enumerate(kec_codes)}
    area_index = {k: i for i, k in enumerate(codes)}
    rows: list[dict] = []
    peta: dict[str, dict] = {}
    for t, m_all in sorted(masalah.items()):
        m = m_all[m_all["kode_kecamatan"].isin(set(kec_codes))]
        if m.empty:
            continue
        for r in m.to_dict("records"):
            own = r["tingkat"] == level or (level == "kecamatan" and r["tingkat"] == "desa")
            where = r["kode_wilayah"] if r["tingkat"] == level else r["kode_kecamatan"]
            prio = r["prioritas"]
            rows.append({
                "id": int(r["id_masalah"]), "tahun": int(t), "tingkat": str(r["tingkat"]),
                "area": area_index.get(str(where), -1) if own else -1,
                "kec": kec_index.get(str(r["kode_kecamatan"]), -1),
                "wilayah": _text(r["nama_wilayah"]), "jenis": JENIS.get(str(r["jenis"]), _text(r["jenis"])),
                "masalah": _text(r["masalah"]), "isu": _text(r["isu"]), "bidang": _text(r["bidang"]),
                "sumber": SUMBER.get(str(r["sumber"]), _text(r["sumber"])),
                "prioritas": None if _text(prio) == "" else int(prio),
                "usulan": [str(i) for i in r["id_usulan_terkait"]],
            })  # fmt: skip
        per = per_wilayah(m, codes, level)
        top = maps.whole_top(per["jumlah"].max())  # whole-number ticks, as on the 07 dashboard
        fill = scales.colours(per["jumlah"], vmax=top).tolist()
        under = [k["bawah_desa"] if level == "desa" else k["bawah_kec"] for k in kec]
        names = [textcolour.text_colour(fill[i] if i >= 0 else "#ffffff") for i in under]
        summary = ringkasan_kecamatan(ws, m)
        summary = summary[summary["kode"].isin(set(kec_codes))]
        peta[str(t)] = {
            "fill": fill,
            "jumlah": per["jumlah"].astype(int).tolist(),
            "isu": [_text(i) for i in per["isu"]],
            "nama": [list(n) for n in names],
            "ticks": [angka(top * k / 4) for k in range(5)],
            "kecamatan": [
                {
                    "kecamatan": _text(s["kecamatan"]),
                    "desa": int(s["desa"]),
                    "desa_bermasalah": int(s["desa_bermasalah"]),
                    "masalah": int(s["masalah"]),
                    "isu_strategis": int(s["isu_strategis"]),
                    "belum_diusulkan": int(s["belum_diusulkan"]),
                    "isu": _text(s["isu"]),
                }  # fmt: skip
                for s in summary.to_dict("records")
            ],
        }
    return {
        "level": level,
        "tahun": [int(t) for t in sorted(int(k) for k in peta)],
        "rows": rows,
        "peta": peta,
        "skala": scales.colorscale_rgb(),
        "kosong": scales.EMPTY_COLOR,
    }


def svg(m: dict, rembuk: dict) -> str:
    """The Rembuk map as inline SVG, coloured for the newest year: areas, kecamatan lines, names.

    Parameters
    ----------
    m : dict
        The file's map with its path data (``payload["map"]``).
    rembuk : dict
        :func:`rembuk_payload`.

    Returns
    -------
    str
        ``""`` when no masalah is recorded in the scope.
    """
    if not rembuk["tahun"]:
        return ""
    esc = html.escape
    now = rembuk["peta"][str(rembuk["tahun"][-1])]
    level = rembuk["level"]
    items = m["desa"] if level == "desa" else m["kecamatan"]
    drawn = sorted((i for i, it in enumerate(items) if it["d"]), key=lambda i: items[i]["order"])
    paths = "".join(
        f"<path data-i='{i}' data-kode='{esc(items[i]['kode'])}' d='{items[i]['d']}' "
        f"fill='{esc(now['fill'][i])}' stroke='{maps.LINE_COLOR}' stroke-width='0.8'>"
        f"<title>{esc(items[i]['nama'])}: {angka(now['jumlah'][i])} masalah</title></path>"
        for i in drawn
    )
    lines = (
        "".join(f"<path class='rb-kec' d='{k['d']}'/>" for k in m["kecamatan"] if k["d"])
        if level == "desa"
        else ""
    )
    names = "".join(
        f"<text data-k='{j}' x='{k['label'][0]}' y='{k['label'][1]}' font-size='12' "
        f"style='fill:{esc(now['nama'][j][0])};stroke:{esc(now['nama'][j][1])}'>{esc(k['nama'])}</text>"
        for j, k in enumerate(m["kecamatan"])
        if k["label"] is not None
    )
    return (
        f"<svg id='rb-svg' class='rb-svg' viewBox='0 0 {m['width']} {m['height']}' "
        "preserveAspectRatio='xMidYMid meet' role='img' aria-label='Peta masalah Rembuk Remas' "
        f"xmlns='http://www.w3.org/2000/svg'><g id='rb-area'>{paths}</g><g>{lines}</g>"
        f"<g id='rb-labels'>{names}</g></svg>"
    )


def section(m: dict, rembuk: dict | None, where: str) -> str:
    """The *Rembuk Remas* section: the map and the places the script fills in, or a note.

    Parameters
    ----------
    m : dict
        The file's map with its path data.
    rembuk : dict or None
        :func:`rembuk_payload`.
    where : str
        The scope's name ("Dapil 2", "kabupaten ini"), for the note.

    Returns
    -------
    str
    """
    head = (
        "<section class='bg-rembuk' id='bg-rembuk' aria-labelledby='bg-rembuk-h'>"
        "<h2 id='bg-rembuk-h'>Rembuk Remas</h2>"
        "<p class='bg-pokir-intro'>Masalah dan isu strategis desa yang dicatat pada Rembuk Remas "
        "sebelum Musrenbang, dan apakah sudah dijawab oleh usulan.</p>"
    )
    if not rembuk or not rembuk["tahun"]:
        return (
            head + f"<p id='rb-kosong'>Belum ada masalah Rembuk Remas yang tercatat untuk "
            f"{html.escape(where)}.</p></section>"
        )
    return (
        head
        + "<div class='bg-alat'><label>Tahun perencanaan <select id='rb-f-tahun'></select></label>"
        "<label>Desa <select id='rb-f-desa'></select></label></div>"
        f"<div class='bg-peta-judul' id='rb-judul'></div>{svg(m, rembuk)}"
        "<div class='bg-legenda' id='rb-legenda'></div>"
        "<p class='bg-info' id='rb-info'></p><div id='rb-daftar'></div>"
        "<h3>Ringkasan per kecamatan</h3><div class='bg-scroll'><table id='rb-kec'></table></div>"
        "<p class='bg-sumber' id='rb-catatan'></p></section>"
    )


__all__ = ["masalah_per_tahun", "rembuk_payload", "section", "svg"]

"""The Rembuk Remas deck (``planlib deck --rembuk``).

IPM, P0 and TPT of the kabupaten ranked among the province's kab/kota
(:func:`planlib.kesenjangan.peringkat_kabupaten`) against province and
Indonesia, then the problems and isu per kecamatan and desa, then the
sub-kabupaten indicators (stunting, IDM …) the workspace has. Once masalah
are recorded for the year (``planlib masalah catat``, the 07 dashboard), the
Rembuk Remas map (:func:`masalah_slide`) follows the ranking slides.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import ranking, rekap
from ...formatting import angka, desimal, persen
from ...indikator import INDIKATOR, sumber_text
from ...kesenjangan import peringkat_kabupaten
from ...rembuk import per_wilayah as masalah_per_wilayah
from ...rembuk import peta_masalah
from ...viz import maps, scales
from ...workspace import Workspace
from ..charts import BarChart, MapChart, categorical
from .layout import paged
from .model import Deck, Slide, Table
from .pieces import UTAMA, cut, konteks_indikator, nama_provinsi, title_slide, usulan


def rembuk_deck(ws: Workspace, tahun: int) -> Deck:
    """The Rembuk Remas deck: IPM, P0, TPT with the ranking, then problems and isu by area.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        The planning year whose usulan give the problems and isu.

    Returns
    -------
    Deck
        The slides, to write with :func:`planlib.documents.deck.write_deck`.
    """
    df = usulan(ws, tahun)
    slides = [
        title_slide(
            "Rembuk Remas", f"Masalah dan isu strategis {ws.config.nama} — RKPD {tahun}", ws
        )
    ]
    k = konteks_indikator(ws, tahun).set_index("indikator") if len(ws.indikator) else pd.DataFrame()
    prov_name = nama_provinsi(ws)
    for key in UTAMA:
        peringkat = peringkat_kabupaten(ws.indikator, ws.wilayah.kabupaten, key)
        ranked, year = peringkat.tabel, peringkat.tahun
        if year is None or key not in k.index:
            continue
        d = desimal(key)
        nama = INDIKATOR.get(key, {}).get("nama", key)
        kab = ws.wilayah.kabupaten
        pos = peringkat.posisi(kab)
        row: dict[Any, Any] = k.loc[key].to_dict()
        lines = [(float(row[role]), label, colour) for role, label, colour in
                 (("provinsi", str(prov_name), "#1f3b73"), ("nasional", "Indonesia", "#7f8c8d"))
                 if row[role] == row[role]]  # fmt: skip
        chart = BarChart(ranked["nama_wilayah"].tolist(), ranked["nilai"].astype(float).tolist(),
                         f"{nama} {year}: peringkat kabupaten/kota",
                         highlight=[c == kab for c in ranked["kode_wilayah"]], lines=lines, digits=d,
                         start_zero=True)  # fmt: skip
        better = (
            "makin tinggi makin baik"
            if INDIKATOR.get(key, {}).get("lebih_baik") != "turun"
            else "makin rendah makin baik"
        )
        table = Table(["Wilayah", "Nilai", "Tahun"],
                      [[ws.config.nama, angka(row["kabupaten"], d), str(row["tahun_kabupaten"])],
                       [str(prov_name), angka(row["provinsi"], d), str(row["tahun_provinsi"] or "–")],
                       ["Indonesia", angka(row["nasional"], d), str(row["tahun_nasional"] or "–")]],
                      [3.0, 1.4, 1.0], right=(1, 2))  # fmt: skip
        cards = [(f"{pos} dari {len(ranked)}" if pos else "–", f"peringkat di {prov_name}")]
        if row["target"] == row["target"]:
            cards.append((angka(row["target"], d), f"target RPJMD {tahun}"))
        slides.append(Slide(nama, f"{ws.config.nama} dibanding {prov_name} dan Indonesia ({better})",
                            cards=cards, chart=chart, tables=[table],
                            sumber=sumber_text(ws.indikator[ws.indikator["indikator"] == key])))  # fmt: skip
    peta = masalah_slide(ws, tahun)
    if peta is not None:
        slides.append(peta)
    slides += _isu_slides(ws, df, tahun)
    slides += _lokal_slides(ws)
    return Deck(f"Rembuk Remas {tahun}", slides, ws.config.nama, ws.label, tahun)


def _isu_slides(ws: Workspace, df: pd.DataFrame, tahun: int) -> list[Slide]:
    """Problems and isu per kecamatan (map and table) and per desa (map and the desa with most usulan)."""
    out = []
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(df, areas["kode"])
    top = per["isu_teratas"].reindex(areas["kode"]).tolist()
    pal = categorical(sorted({t for t in top if isinstance(t, str)}))
    fill = [pal.get(t, scales.EMPTY_COLOR) for t in top]
    masalah = rekap.most_frequent(df["kode_kecamatan"], df["masalah"])
    rows = []
    for kode, nama in sorted(
        zip(areas["kode"], areas["nama"], strict=True), key=lambda x: str(x[1])
    ):
        p = per.loc[kode]
        n_isu = int(
            (df.loc[(df["kode_kecamatan"] == kode).to_numpy(), "isu"] == p["isu_teratas"]).sum()
        )
        rows.append([str(nama), angka(p["jumlah"]), cut(p["isu_teratas"], 34),
                     persen(ranking.persen(n_isu, p['jumlah']), 0), cut(masalah.get(kode), 50)])  # fmt: skip
    chart = MapChart(areas, fill, f"Isu teratas per kecamatan — usulan {tahun}",
                     legend=[(c, t) for t, c in pal.items()])  # fmt: skip
    src = (
        f"Sumber: masalah dan usulan Musrenbang (SIPD) RKPD {tahun}; isu dari pola kata (isu.csv)."
    )
    out += paged(
        lambda part, first: Slide(
            "Masalah dan isu per kecamatan", f"Dari masalah dan usulan Musrenbang {tahun}",
            chart=chart if first else None,
            tables=[Table(["Kecamatan", "Usulan", "Isu teratas", "Porsi", "Masalah tersering"], part,
                          [2.0, 0.9, 2.6, 0.9, 3.6], right=(1, 3))],
            sumber=src,
        ),
        rows,
    )  # fmt: skip
    if ws.desa is not None:
        desa = rekap.areas(ws, "desa")
        desa = desa[desa.geometry.notna()].reset_index(drop=True)
        per_d = rekap.per_wilayah(df, desa["kode"], "desa")
        top_d = per_d["isu_teratas"].reindex(desa["kode"]).tolist()
        pal_d = categorical(sorted({t for t in top_d if isinstance(t, str)}))
        fill_d = [pal_d.get(t, scales.EMPTY_COLOR) for t in top_d]
        most = per_d.sort_values("jumlah", ascending=False, kind="stable").head(10)
        names = dict(zip(desa["kode"], desa["nama"], strict=True))
        kec_of = dict(zip(desa["kode"], desa["kode_kecamatan"], strict=True))
        kec_names = ws.wilayah.kecamatan_matcher.names
        rows_d = [[str(names.get(k, k)), str(kec_names.get(kec_of.get(k), "")), angka(p["jumlah"]),
                   cut(p["isu_teratas"], 34)] for k, p in most.iterrows()]  # fmt: skip
        out.append(Slide("Isu teratas per desa", f"Desa dengan usulan terbanyak — {tahun}",
                         chart=MapChart(desa.drop(columns=["dapil"]), fill_d, f"Isu teratas per desa — {tahun}",
                                        labels=False, legend=[(c, t) for t, c in pal_d.items()]),
                         tables=[Table(["Desa", "Kecamatan", "Usulan", "Isu teratas"], rows_d,
                                       [2.0, 1.8, 0.9, 2.8], right=(2,))],
                         sumber=src))  # fmt: skip
    return out


def _lokal_slides(ws: Workspace) -> list[Slide]:
    """The sub-kabupaten indicators (stunting per kecamatan, IDM per desa …): map and extremes."""
    ind = ws.indikator
    local = ind[ind["level"].isin(["kecamatan", "desa"])]
    out = []
    for (key, level), rows in local.groupby(["indikator", "level"], sort=True):
        if level == "desa" and ws.desa is None:
            continue
        year = int(rows["tahun"].max())
        vals = (
            rows[rows["tahun"] == year]
            .drop_duplicates("kode_wilayah")
            .set_index("kode_wilayah")["nilai"]
        )
        areas = rekap.areas(ws, str(level))
        areas = areas[areas.geometry.notna()].reset_index(drop=True)
        v = areas["kode"].map(vals)
        better = INDIKATOR.get(str(key), {}).get("lebih_baik")
        scale = scales.indicator_scale(better)
        lo, hi = (float(v.min()), float(v.max())) if v.notna().any() else (0.0, 1.0)
        fill = scales.colours(
            ((v - lo) / ((hi - lo) or 1) * 0.9 + 0.1).where(v.notna()), 1.0, scale
        ).tolist()
        nama = INDIKATOR.get(str(key), {}).get("nama", str(key))
        d = 4 if key == "idm" else 1
        worst = areas.assign(nilai=v).dropna(subset=["nilai"])
        worst = worst.sort_values("nilai", ascending=better != "turun").head(10)
        rows_t = [[str(a["nama"]), angka(a["nilai"], d)] for a in worst.to_dict("records")]
        chart = MapChart(areas.drop(columns=["dapil"]), fill, f"{nama} per {level} — {year}",
                         labels=level == "kecamatan",
                         legend=[(scales.EMPTY_COLOR, "Tidak ada data")])  # fmt: skip
        out.append(Slide(f"{nama} per {level}", f"{year}; {'terendah' if better != 'turun' else 'tertinggi'} lebih dulu",
                         chart=chart,
                         tables=[Table([str(level).capitalize(), nama[:28]], rows_t, [2.6, 1.4], right=(1,),
                                       title="Perlu perhatian")],
                         sumber=sumber_text(rows[rows["tahun"] == year])))  # fmt: skip
    return out


def masalah_slide(ws: Workspace, tahun: int) -> Slide | None:
    """The Rembuk Remas map: each desa coloured by the masalah recorded for it, the most named first.

    The count is the 07 dashboard's (:func:`planlib.rembuk.per_wilayah`); the
    desa that have masalah are named on the map by the maps' label rule
    (:func:`planlib.viz.map_names.labels`). A workspace without desa polygons gets
    the map per kecamatan.

    Parameters
    ----------
    ws : Workspace
        The workspace whose ``masalah.sqlite`` is read.
    tahun : int
        The planning year the masalah were recorded for.

    Returns
    -------
    Slide or None
        Cards (masalah recorded, areas with masalah, not yet proposed), the
        map and the areas with the most masalah; None when none is recorded
        for ``tahun``.
    """
    m, _ = peta_masalah(ws, tahun)
    if not len(m):
        return None
    level = "desa" if ws.desa is not None else "kecamatan"
    areas = rekap.areas(ws, level)
    areas = areas[areas.geometry.notna()].reset_index(drop=True)
    per = masalah_per_wilayah(m, areas["kode"], level)
    vmax = maps.whole_top(per["jumlah"].max())  # whole-number ticks, as on the 07 dashboard
    fill = scales.colours(per["jumlah"], vmax).tolist()
    named = areas[(per["jumlah"] > 0).to_numpy()]
    chart = MapChart(areas.drop(columns=["dapil"], errors="ignore"), fill,
                     f"Masalah tercatat per {level} — perencanaan {tahun}",
                     names=named.drop(columns=["dapil"], errors="ignore"),
                     colorbar=(vmax, "Masalah", angka),
                     legend=[(scales.EMPTY_COLOR, "Belum ada masalah tercatat")])  # fmt: skip
    most = per[per["jumlah"] > 0].sort_values("jumlah", ascending=False, kind="stable").head(10)
    names = dict(zip(areas["kode"], areas["nama"], strict=True))
    header = [level.capitalize(), "Masalah", "Isu terbanyak"]
    rows = [[str(names.get(k, k)), angka(p["jumlah"]), cut(p["isu"], 34)]
            for k, p in most.set_index("kode").iterrows()]  # fmt: skip
    widths = [2.4, 1.0, 3.2]
    if level == "desa":
        kec_of = dict(zip(areas["kode"], areas["kode_kecamatan"], strict=True))
        kec_names = ws.wilayah.kecamatan_matcher.names
        header.insert(1, "Kecamatan")
        widths.insert(1, 1.8)
        for row, k in zip(rows, most["kode"], strict=True):
            row.insert(1, str(kec_names.get(kec_of.get(k), "")))
    shown = int(per["jumlah"].sum()) if level == "desa" else len(m)
    belum = int((~m["diusulkan"].astype(bool)).sum())
    note = (
        f" {angka(len(m) - shown)} masalah tingkat kecamatan tidak tergambar per desa."
        if shown < len(m)
        else ""
    )
    return Slide(
        "Peta masalah Rembuk Remas", f"Masalah dan isu strategis yang tercatat — perencanaan {tahun}",
        cards=[(angka(len(m)), "masalah & isu tercatat"),
               (angka(int((per["jumlah"] > 0).sum())), f"{level} dengan masalah"),
               (angka(belum), "belum diusulkan")],
        chart=chart,
        tables=[Table(header, rows, widths, right=(len(header) - 2,), title="Masalah terbanyak")],
        sumber=f"Sumber: catatan Rembuk Remas (masalah.sqlite), perencanaan {tahun}.{note}",
    )  # fmt: skip

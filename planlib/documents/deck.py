"""Decks for the forum: ``planlib deck`` writes an editable 16:9 PowerPoint and the same as PDF.

A deck is first described as :class:`Deck` — slides with a title, cards, one
chart (:mod:`planlib.documents.charts`) and native tables — by one builder
per occasion:

- :func:`dapil_deck` (Forum Perangkat Daerah, ``--dapil``): a title slide, the
  Dapil map, one slide per kecamatan (its desa map, cards for jumlah usulan,
  anggaran and top isu, its top priorities by Usulan Ke and its usulan per OPD
  tujuan), the usulan per OPD tujuan of the Dapil, and the indicator context;
- :func:`kecamatan_deck` (``--kecamatan``): the same for one kecamatan, with its desa;
- :func:`rembuk_deck` (Rembuk Remas, ``--rembuk``): IPM, P0 and TPT of the
  kabupaten against province and Indonesia with the ranking, then the
  problems and isu per kecamatan and desa, and the sub-kabupaten indicators
  (stunting, IDM …) the workspace has;
- :func:`rakerda_deck` (``--rakerda``): the scorecard by bidang and OPD
  (:func:`planlib.rakerda.rakerda`) and the sub kegiatan far behind.

:func:`write_deck` then draws the charts (kaleido, or matplotlib without a
browser), writes the .pptx with python-pptx and the .pdf with ReportLab from
the same description, so both carry the same numbers. Every slide carries
the workspace's label ("DATA CONTOH — sintetis" on the demo) and the
kabupaten's name; text is at least 12 pt on a 13.33 × 7.5 in slide, legible
on a 1280×720 projector.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .. import rekap
from ..formatting import angka, desimal, hari_ini, persen, rupiah, tanggal, zona_waktu
from ..indikator import INDIKATOR, sumber_text
from ..kesenjangan import PERAN, konteks, peringkat_kabupaten
from ..rakerda import rakerda, tertinggal
from ..report import PlanlibError
from ..viz import maps, shading
from ..viz.figures import short_opd
from ..workspace import Workspace
from .charts import BarChart, Chart, Engine, MapChart, categorical, render

__all__ = ["Deck", "HasilDeck", "Slide", "Tabel", "dapil_deck", "deck_files", "kecamatan_deck",
           "konteks_indikator", "rakerda_deck", "rakerda_table", "rembuk_deck", "write_deck"]  # fmt: skip

UTAMA = ("ipm", "p0", "tpt")
#: Usulan Ke up to which an usulan is a kecamatan's top priority (as on the 03 dashboard).
PRIORITAS = 3
BIRU = "1F3B73"
MERAH = "B00020"


@dataclass
class Tabel:
    """A native table: header, rows of text, relative column widths, right-aligned columns."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    right: tuple[int, ...] = ()
    title: str = ""


@dataclass
class Slide:
    """One slide: title and subtitle, cards, one chart, tables and a source line."""

    title: str
    subtitle: str = ""
    judul: bool = False  # a title slide
    cards: list[tuple[str, str]] = field(default_factory=list)  # (value, what)
    chart: Chart | None = None
    tables: list[Tabel] = field(default_factory=list)
    sumber: str = ""
    image: Path | None = None  # set by write_deck once the chart is drawn


@dataclass
class Deck:
    """The slides of a deck and what every slide carries at its foot."""

    title: str
    slides: list[Slide]
    kabupaten: str
    label: str | None
    tahun: int


@dataclass(frozen=True)
class HasilDeck:
    """What :func:`write_deck` wrote."""

    pptx: Path
    pdf: Path | None
    slides: int
    engine: str
    note: str = ""


# --------------------------------------------------------------------------- pieces


def _cut(text: Any, n: int) -> str:
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _ke(v: Any) -> str:
    return "" if v is None or pd.isna(v) else str(int(v))


def _usulan(ws: Workspace, tahun: int) -> pd.DataFrame:
    if tahun not in ws.tahun:
        raise PlanlibError(f"Tidak ada usulan tahun {tahun} di workspace ini.")
    return rekap.usulan_tahun(ws, tahun)


def prioritas_tabel(df: pd.DataFrame, n: int = 5) -> Tabel:
    """The top priorities (Usulan Ke ≤ 3, :func:`planlib.rekap.teratas`) of a kecamatan's usulan.

    Parameters
    ----------
    df : DataFrame
        The kecamatan's usulan (:func:`planlib.rekap.usulan_tahun` rows).
    n : int
        How many usulan to show.

    Returns
    -------
    Tabel
        Ke, Desa, Usulan, Anggaran of the top ``n``.
    """
    top = rekap.teratas(df[df["usulan_ke"] <= PRIORITAS], n)
    rows = [[_ke(r["usulan_ke"]), _cut(r["nama_desa"], 16), _cut(r["usulan"], 34), rupiah(r["anggaran"])]
            for r in top.to_dict("records")]  # fmt: skip
    return Tabel(["Ke", "Desa", "Usulan", "Anggaran"], rows, [0.5, 1.6, 3.45, 1.45],
                 right=(0, 3), title=f"Prioritas teratas (Usulan Ke 1–{PRIORITAS})")  # fmt: skip


def per_opd_tabel(df: pd.DataFrame, n: int, *, kecamatan: bool = True) -> Tabel:
    """The usulan per OPD tujuan (:func:`planlib.rekap.per_opd`), the first ``n`` OPD.

    Parameters
    ----------
    df : DataFrame
        The usulan (:func:`planlib.rekap.usulan_tahun` rows).
    n : int
        How many OPD to show (those with the most usulan first).
    kecamatan : bool
        Add a column naming the kecamatan that asked each OPD (for a kabupaten-wide table).

    Returns
    -------
    Tabel
        OPD tujuan, Usulan, Prioritas 1, Anggaran (and Kecamatan).
    """
    g = rekap.per_opd(df).head(n)
    header = ["OPD tujuan", "Usulan", "Prioritas 1", "Anggaran"]
    width = 40 if kecamatan else 30
    rows = [[short_opd(str(r["opd_tujuan"]), width), angka(r["jumlah"]), angka(r["prioritas_1"]),
             rupiah(r["anggaran"])] for r in g.to_dict("records")]  # fmt: skip
    widths = [3.6, 1.0, 1.3, 1.6]
    if kecamatan:
        header.append("Kecamatan")
        widths.append(3.4)
        for row, r in zip(rows, g.to_dict("records"), strict=True):
            row.append(_cut(r["kecamatan"], 40))
    return Tabel(header, rows, widths, right=(1, 2, 3), title="Usulan per OPD tujuan")


def _cards(df: pd.DataFrame) -> list[tuple[str, str]]:
    r = rekap.ringkasan(df)
    return [(angka(r["jumlah"]), "jumlah usulan"), (rupiah(r["anggaran"]), "anggaran usulan"),
            (_cut(r["isu"][0] or "–", 40), "isu teratas")]  # fmt: skip


def _desa_map(ws: Workspace, df: pd.DataFrame, kode: str, nama: str, tahun: int) -> Chart:
    """The kecamatan's desa coloured by their number of usulan (or the kecamatan outlined)."""
    if ws.desa is not None:
        desa = rekap.areas(ws, "desa")
        desa = desa[(desa["kode_kecamatan"] == kode) & desa.geometry.notna()].reset_index(drop=True)
        if len(desa):
            per = rekap.per_wilayah(df, desa["kode"], "desa")
            vmax = float(per["jumlah"].max() or 1)
            fill = maps.colours(per["jumlah"].reset_index(drop=True), vmax).tolist()
            return MapChart(
                desa.drop(columns=["dapil"]), fill, f"Kecamatan {nama}: usulan per desa {tahun}",
                colorbar=(vmax, "Usulan", angka), legend=[(maps.EMPTY_COLOR, "Tanpa usulan")],
            )  # fmt: skip
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(df, areas["kode"])
    sel = (areas["kode"] == kode).tolist()
    fill = maps.colours(per["jumlah"].reset_index(drop=True)).tolist()
    return MapChart(areas, fill, f"Kecamatan {nama} — usulan {tahun}", selected=sel,
                    focus=sel, labels=True)  # fmt: skip


def kecamatan_slide(ws: Workspace, df: pd.DataFrame, kode: str, tahun: int) -> Slide:
    """One kecamatan: its desa map, the cards, its top priorities and its usulan per OPD tujuan.

    Parameters
    ----------
    ws : Workspace
    df : DataFrame
        The kecamatan's usulan of ``tahun`` (:func:`planlib.rekap.usulan_tahun` rows).
    kode : str
        The kecamatan's code.
    tahun : int

    Returns
    -------
    Slide
        The slide, its map drawn later by :func:`write_deck`.
    """
    nama = ws.wilayah.kecamatan_matcher.names.get(kode, kode)
    dapil = ws.kecamatan.set_index("kode")["dapil"].get(kode)
    sub = f"{dapil} · RKPD {tahun}" if isinstance(dapil, str) else f"RKPD {tahun}"
    return Slide(
        f"Kecamatan {nama}", sub, cards=_cards(df), chart=_desa_map(ws, df, kode, nama, tahun),
        tables=[prioritas_tabel(df, 5), per_opd_tabel(df, 3, kecamatan=False)],
        sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}.",
    )  # fmt: skip


def konteks_indikator(ws: Workspace, tahun: int) -> pd.DataFrame:
    """The latest IPM, P0 and TPT of the kabupaten, its province and Indonesia, and the target.

    The main row of each indicator by the one context rule
    (:func:`planlib.kesenjangan.konteks`, which the 03/02 dashboards' context
    table and the shared HTML view read too): the period BPS publishes, the
    newest series the kabupaten has (IPM's 2024 revision), every area and the
    target in that same series — an area without a value in it shows none
    rather than another series' value.

    Parameters
    ----------
    ws : Workspace
        The workspace whose indicator data and wilayah are read.
    tahun : int
        The planning year whose RPJMD target is shown.

    Returns
    -------
    DataFrame
        One row per indicator the kabupaten, province or Indonesia has:
        ``indikator`` (key), ``nama``, then per area ``kabupaten``,
        ``provinsi``, ``nasional`` (value, NaN when none) and
        ``tahun_kabupaten`` … (its year, None when none), and ``target`` (the
        kabupaten's RPJMD target of ``tahun`` in that series, NaN when none).
    """
    k = konteks(ws.indikator, ws.target_rpjmd, ws.wilayah.kabupaten, UTAMA)
    out = []
    for r in k[k["utama"].astype(bool)].to_dict("records"):
        key = str(r["indikator"])
        row: dict[str, Any] = {"indikator": key, "nama": INDIKATOR.get(key, {}).get("nama", key)}
        for role in PERAN:
            row[role] = float(r[f"nilai_{role}"])
            row[f"tahun_{role}"] = r[f"tahun_{role}"]
        row["target"] = float(r["target"].get(tahun, float("nan")))
        out.append(row)
    cols = ["indikator", "nama", *(c for role in PERAN for c in (role, f"tahun_{role}")), "target"]
    df = pd.DataFrame(out, columns=cols)
    for role in PERAN:  # int / None, never 2025.0 or nan on the slide
        df[f"tahun_{role}"] = pd.Series([r[f"tahun_{role}"] for r in out], dtype=object)
    return df


def _digits(key: str) -> int:
    """The decimals of ``key``'s values, as the dashboards show them (:data:`planlib.formatting.DESIMAL`)."""
    return desimal(key)


def konteks_slide(ws: Workspace, tahun: int) -> Slide | None:
    """The indicator context of the kabupaten as a table (None without indicator data).

    Parameters
    ----------
    ws : Workspace
        The workspace whose indicator data and wilayah are read.
    tahun : int
        The planning year whose RPJMD target is shown.

    Returns
    -------
    Slide or None
        The slide (kabupaten, province, Indonesia, target per indicator), or None.
    """
    k = konteks_indikator(ws, tahun)
    if k.empty:
        return None
    prov = ws.wilayah.kode.set_index("kode")["nama"].get(
        ws.wilayah.kabupaten.split(".")[0], "Provinsi"
    )
    rows = []
    for r in k.to_dict("records"):
        d = _digits(r["indikator"])
        cells = [r["nama"]]
        for role in ("kabupaten", "provinsi", "nasional"):
            v, y = r[role], r[f"tahun_{role}"]
            cells.append("–" if v != v else f"{angka(v, d)} ({y})")
        cells.append("–" if r["target"] != r["target"] else angka(r["target"], d))
        rows.append(cells)
    src = sumber_text(ws.indikator[ws.indikator["indikator"].isin(UTAMA)])
    return Slide(
        "Konteks indikator", f"{ws.config.nama} dibanding {prov} dan Indonesia",
        tables=[Tabel(["Indikator", ws.config.nama, str(prov), "Indonesia", f"Target RPJMD {tahun}"],
                      rows, [3.2, 2.2, 2.2, 2.2, 1.8], right=(1, 2, 3, 4))],
        sumber="Nilai terakhir yang tersedia (tahun dalam kurung); IPM seri revisi 2024 bila ada. " + src,
    )  # fmt: skip


def _title_slide(title: str, subtitle: str, ws: Workspace, extra: str = "") -> Slide:
    when = tanggal(hari_ini(zona_waktu(ws.wilayah.kabupaten)))
    return Slide(title, subtitle, judul=True, sumber=f"{extra}Dibuat dengan planlib, {when}.")


# --------------------------------------------------------------------------- builders


def dapil_deck(ws: Workspace, tahun: int, dapil: str) -> Deck:
    """The Forum Perangkat Daerah deck of one Dapil.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    dapil : str
        The Dapil, as in ``dapil.csv`` ("Dapil 2"), or its number.

    Returns
    -------
    Deck
    """
    df_all = _usulan(ws, tahun)
    name = rekap.match_dapil(ws, dapil)
    if name is None:
        known = ", ".join(sorted(ws.kecamatan["dapil"].dropna().unique(), key=rekap.natural_key))
        raise PlanlibError(f"Dapil {dapil!r} tidak dikenal. Dapil yang ada: {known}.")
    df = rekap.saring(ws, rekap.Saring(tahun=tahun, dapil=name))
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(df, areas["kode"])
    shade = shading.dapil_areas(areas, per, name)
    inside = (areas["dapil"] == name).tolist()
    kec = ws.kecamatan[ws.kecamatan["dapil"] == name].sort_values("nama")
    kec_names = ", ".join(kec["nama"])
    slides = [_title_slide(f"Forum Perangkat Daerah — {name}", f"RKPD {ws.config.nama} tahun {tahun}",
                           ws, f"Kecamatan: {kec_names}. ")]  # fmt: skip
    r = rekap.ringkasan(df)
    per_kec = (
        df.groupby("nama_kecamatan", observed=True)
        .agg(jumlah=("id_usulan", "size"), anggaran=("anggaran", "sum"))
        .reindex(kec["nama"]).fillna(0)
    )  # fmt: skip
    top_isu = rekap.per_wilayah(df, kec["kode"]).set_index(kec["nama"])["isu_teratas"]
    slides.append(
        Slide(
            f"Peta {name}", f"Kecamatan: {kec_names}",
            cards=[(angka(r["jumlah"]), "jumlah usulan"), (rupiah(r["anggaran"]), "anggaran usulan"),
                   (angka(r["n_opd"]), "OPD yang menjawab")],
            chart=MapChart(areas, shade.fill, f"{name} — usulan RKPD {tahun}", focus=inside,
                           colorbar=(shade.vmax, "Usulan", angka),
                           legend=[(maps.EMPTY_COLOR, "Di luar dapil / tanpa usulan")]),
            tables=[Tabel(["Kecamatan", "Usulan", "Anggaran", "Isu teratas"],
                          [[str(k), angka(v["jumlah"]), rupiah(v["anggaran"]),
                            _cut(top_isu.get(k), 34)] for k, v in per_kec.iterrows()],
                          [2.4, 1.0, 1.6, 3.2], right=(1, 2), title="Per kecamatan")],
            sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}.",
        )
    )  # fmt: skip
    for kode in kec["kode"]:
        sub = df_all[(df_all["kode_kecamatan"] == kode).to_numpy()]
        slides.append(kecamatan_slide(ws, sub, str(kode), tahun))
    slides.append(
        Slide(f"Usulan per OPD tujuan — {name}", "Siapa menjawab apa",
              tables=[per_opd_tabel(df, 12)],
              sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}; 12 OPD dengan usulan terbanyak.")
    )  # fmt: skip
    k = konteks_slide(ws, tahun)
    if k is not None:
        slides.append(k)
    return Deck(f"Forum Perangkat Daerah {name} {tahun}", slides, ws.config.nama, ws.label, tahun)


def kecamatan_deck(ws: Workspace, tahun: int, kecamatan: str) -> Deck:
    """The deck of one kecamatan: its slide, its desa one by one in a table, the indicator context.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    kecamatan : str
        The kecamatan's name (spelling variants are matched) or code.

    Returns
    -------
    Deck
        The slides, to write with :func:`write_deck`.
    """
    df_all = _usulan(ws, tahun)
    names = ws.wilayah.kecamatan_matcher.names
    kode = kecamatan if kecamatan in names else None
    if kode is None:
        low = {str(v).lower(): k for k, v in names.items()}
        kode = low.get(kecamatan.strip().lower())
    if kode is None:
        kode = ws.wilayah.kecamatan_matcher.match_one(kecamatan).kode
    if kode is None:
        raise PlanlibError(
            f"Kecamatan {kecamatan!r} tidak dikenal. Kecamatan yang ada: "
            + ", ".join(sorted(str(v) for v in names.values())) + "."
        )  # fmt: skip
    nama = names[kode]
    df = df_all[(df_all["kode_kecamatan"] == kode).to_numpy()]
    slides = [_title_slide(f"Musrenbang Kecamatan {nama}", f"RKPD {ws.config.nama} tahun {tahun}", ws),
              kecamatan_slide(ws, df, kode, tahun)]  # fmt: skip
    g = (
        df.groupby("nama_desa", observed=True)
        .agg(jumlah=("id_usulan", "size"), anggaran=("anggaran", "sum"))
        .sort_index()
    )  # fmt: skip
    top = df.groupby("nama_desa", observed=True)["isu"].agg(
        lambda s: s.value_counts().index[0] if len(s) else ""
    )
    rows = [[str(d), angka(v["jumlah"]), rupiah(v["anggaran"]), _cut(top.get(d), 36)]
            for d, v in g.iterrows()]  # fmt: skip
    slides += paged(
        lambda part, first: Slide(
            f"Usulan per desa — Kecamatan {nama}", f"RKPD {tahun}",
            tables=[Tabel(["Desa/Kelurahan", "Usulan", "Anggaran", "Isu teratas"], part,
                          [3.0, 1.1, 1.8, 4.0], right=(1, 2))],
            sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}.",
        ),
        rows,
    )  # fmt: skip
    slides.append(Slide(f"Usulan per OPD tujuan — Kecamatan {nama}", f"RKPD {tahun}",
                        tables=[per_opd_tabel(df, 12, kecamatan=False)]))  # fmt: skip
    k = konteks_slide(ws, tahun)
    if k is not None:
        slides.append(k)
    return Deck(f"Kecamatan {nama} {tahun}", slides, ws.config.nama, ws.label, tahun)


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
        The slides, to write with :func:`write_deck`.
    """
    df = _usulan(ws, tahun)
    slides = [
        _title_slide(
            "Rembuk Remas", f"Masalah dan isu strategis {ws.config.nama} — RKPD {tahun}", ws
        )
    ]
    k = konteks_indikator(ws, tahun).set_index("indikator") if len(ws.indikator) else pd.DataFrame()
    prov_name = ws.wilayah.kode.set_index("kode")["nama"].get(
        ws.wilayah.kabupaten.split(".")[0], "Provinsi"
    )
    for key in UTAMA:
        ranked, year, _ = peringkat_kabupaten(ws.indikator, ws.wilayah.kabupaten, key)
        if year is None or key not in k.index:
            continue
        d = _digits(key)
        nama = INDIKATOR.get(key, {}).get("nama", key)
        kab = ws.wilayah.kabupaten
        pos = (
            list(ranked["kode_wilayah"]).index(kab) + 1
            if kab in set(ranked["kode_wilayah"])
            else None
        )
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
        table = Tabel(["Wilayah", "Nilai", "Tahun"],
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
    fill = [pal.get(t, maps.EMPTY_COLOR) for t in top]
    masalah = rekap.most_frequent(df["kode_kecamatan"], df["masalah"])
    rows = []
    for kode, nama in sorted(
        zip(areas["kode"], areas["nama"], strict=True), key=lambda x: str(x[1])
    ):
        p = per.loc[kode]
        n_isu = int(
            (df.loc[(df["kode_kecamatan"] == kode).to_numpy(), "isu"] == p["isu_teratas"]).sum()
        )
        rows.append([str(nama), angka(p["jumlah"]), _cut(p["isu_teratas"], 34),
                     persen(rekap.persen(n_isu, p['jumlah']), 0), _cut(masalah.get(kode), 50)])  # fmt: skip
    chart = MapChart(areas, fill, f"Isu teratas per kecamatan — usulan {tahun}",
                     legend=[(c, t) for t, c in pal.items()])  # fmt: skip
    src = (
        f"Sumber: masalah dan usulan Musrenbang (SIPD) RKPD {tahun}; isu dari pola kata (isu.csv)."
    )
    out += paged(
        lambda part, first: Slide(
            "Masalah dan isu per kecamatan", f"Dari masalah dan usulan Musrenbang {tahun}",
            chart=chart if first else None,
            tables=[Tabel(["Kecamatan", "Usulan", "Isu teratas", "Porsi", "Masalah tersering"], part,
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
        fill_d = [pal_d.get(t, maps.EMPTY_COLOR) for t in top_d]
        most = per_d.sort_values("jumlah", ascending=False, kind="stable").head(10)
        names = dict(zip(desa["kode"], desa["nama"], strict=True))
        kec_of = dict(zip(desa["kode"], desa["kode_kecamatan"], strict=True))
        kec_names = ws.wilayah.kecamatan_matcher.names
        rows_d = [[str(names.get(k, k)), str(kec_names.get(kec_of.get(k), "")), angka(p["jumlah"]),
                   _cut(p["isu_teratas"], 34)] for k, p in most.iterrows()]  # fmt: skip
        out.append(Slide("Isu teratas per desa", f"Desa dengan usulan terbanyak — {tahun}",
                         chart=MapChart(desa.drop(columns=["dapil"]), fill_d, f"Isu teratas per desa — {tahun}",
                                        labels=False, legend=[(c, t) for t, c in pal_d.items()]),
                         tables=[Tabel(["Desa", "Kecamatan", "Usulan", "Isu teratas"], rows_d,
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
        scale = maps.indicator_scale(better)
        lo, hi = (float(v.min()), float(v.max())) if v.notna().any() else (0.0, 1.0)
        fill = maps.colours(
            ((v - lo) / ((hi - lo) or 1) * 0.9 + 0.1).where(v.notna()), 1.0, scale
        ).tolist()
        nama = INDIKATOR.get(str(key), {}).get("nama", str(key))
        d = 4 if key == "idm" else 1
        worst = areas.assign(nilai=v).dropna(subset=["nilai"])
        worst = worst.sort_values("nilai", ascending=better != "turun").head(10)
        rows_t = [[str(a["nama"]), angka(a["nilai"], d)] for a in worst.to_dict("records")]
        chart = MapChart(areas.drop(columns=["dapil"]), fill, f"{nama} per {level} — {year}",
                         labels=level == "kecamatan",
                         legend=[(maps.EMPTY_COLOR, "Tidak ada data")])  # fmt: skip
        out.append(Slide(f"{nama} per {level}", f"{year}; {'terendah' if better != 'turun' else 'tertinggi'} lebih dulu",
                         chart=chart,
                         tables=[Tabel([str(level).capitalize(), nama[:28]], rows_t, [2.6, 1.4], right=(1,),
                                       title="Perlu perhatian")],
                         sumber=sumber_text(rows[rows["tahun"] == year])))  # fmt: skip
    return out


def rakerda_table(
    ws: Workspace, tahun: int, triwulan: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Rakerda scorecard and the sub kegiatan far behind, from the workspace's realisasi files.

    Reads ``ws.realisasi`` (the ``[realisasi]`` files of ``planlib.toml``, OPD names
    matched to the plan's when the workspace was opened) and applies the workspace's
    bidang table.

    Parameters
    ----------
    ws : Workspace
        The workspace whose realisasi files and bidang table are read.
    tahun : int
        The budget year evaluated.
    triwulan : int, optional
        1–4; the latest present by default.

    Returns
    -------
    tuple of (DataFrame, DataFrame)
        :func:`planlib.rakerda.rakerda` and :func:`planlib.rakerda.tertinggal`.
    """
    df = ws.realisasi.get(tahun)
    if df is None:
        raise PlanlibError(
            f"Tidak ada berkas realisasi tahun {tahun}: tambahkan di planlib.toml, misalnya\n"
            f'[realisasi]\n{tahun} = "realisasi/realisasi_{tahun}.xlsx"'
        )
    rules = ws.bidang_rules
    table = rakerda(df, tahun, triwulan, bidang_rules=rules, kabupaten=ws.config.nama)
    return table, tertinggal(df, tahun, triwulan, bidang_rules=rules)


def _pct(v: Any) -> str:
    return persen(v, 1)


def _kat(v: Any) -> str:
    return v if isinstance(v, str) else "–"


SCORE_HEADER = [
    "Nama",
    "Pagu",
    "Keuangan",
    "Fisik",
    "Keluaran",
    "Kategori keluaran",
    "Kategori keuangan",
]
SCORE_WIDTHS = [4.2, 1.6, 1.1, 1.0, 1.1, 1.6, 1.6]


def _score_row(r: Mapping[Any, Any], width: int = 46) -> list[str]:
    return [_cut(r["nama"], width), rupiah(r["pagu"]), _pct(r["persen_keuangan"]), _pct(r["realisasi_fisik"]),
            _pct(r["capaian_keluaran"]), _kat(r["kategori"]), _kat(r["kategori_keuangan"])]  # fmt: skip


def rakerda_deck(ws: Workspace, tahun: int, triwulan: int | None = None) -> Deck:
    """The Rakerda deck: the kabupaten's cards, the scorecard by bidang, each bidang's OPD, the laggards.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        The budget year evaluated.
    triwulan : int, optional
        1–4; the latest present by default.

    Returns
    -------
    Deck
        The slides, to write with :func:`write_deck`.
    """
    table, behind = rakerda_table(ws, tahun, triwulan)
    tw = int(table["triwulan"].iloc[0]) if len(table) else triwulan
    kab = table[table["tingkat"] == "kabupaten"]
    slides = [
        _title_slide(
            "Rapat Kerja Daerah", f"Kinerja {ws.config.nama} tahun {tahun}, triwulan {tw}", ws
        )
    ]
    bid = table[table["tingkat"] == "bidang"]
    cards = []
    if len(kab):
        k = kab.iloc[0]
        cards = [(rupiah(k["pagu"]), "pagu"), (_pct(k["persen_keuangan"]), "realisasi keuangan"),
                 (_pct(k["realisasi_fisik"]), "realisasi fisik"),
                 (f"{_pct(k['capaian_keluaran'])} · {_kat(k['kategori'])}", "capaian keluaran")]  # fmt: skip
    chart = BarChart([str(b) for b in bid["nama"]], [float(x) for x in bid["capaian_keluaran"].fillna(0)],
                     f"Capaian keluaran per bidang — triwulan {tw} (%)", digits=1, start_zero=True,
                     width=1100, height=560)  # fmt: skip
    src = (f"Sumber: laporan realisasi fisik dan keuangan {tahun} triwulan {tw}. Kategori: Permendagri "
           "86/2017 (sangat tinggi ≥ 91%, tinggi 76–90, sedang 66–75, rendah 51–65, sangat rendah ≤ 50).")  # fmt: skip
    slides.append(Slide("Kinerja per bidang", f"{ws.config.nama} — {tahun}, triwulan {tw}", cards=cards,
                        tables=[Tabel(["Bidang", *SCORE_HEADER[1:]],
                                      [_score_row(r, 30) for r in bid.to_dict("records")],
                                      SCORE_WIDTHS, right=(1, 2, 3, 4))],
                        sumber=src))  # fmt: skip
    if len(bid):
        slides.append(Slide("Capaian keluaran per bidang", f"{tahun}, triwulan {tw}", chart=chart,
                            sumber=src))  # fmt: skip
    for b in bid["nama"]:
        opd = table[(table["tingkat"] == "opd") & (table["bidang"] == b)]
        rows = [_score_row(r) for r in opd.to_dict("records")]

        def page(part: list[list[str]], first: bool, b: Any = b) -> Slide:
            return Slide(f"Bidang {b}", f"Kinerja OPD — {tahun}, triwulan {tw}",
                         tables=[Tabel(SCORE_HEADER, part, SCORE_WIDTHS, right=(1, 2, 3, 4))],
                         sumber=src)  # fmt: skip

        slides += paged(page, rows)
    if len(behind):
        rows = [[short_opd(str(r["opd"]), 30), _cut(r["sub_kegiatan"], 46), rupiah(r["pagu"]),
                 _pct(r["harapan_fisik"]), _pct(r["realisasi_fisik"]), angka(r["selisih"], 1)]
                for r in behind.head(10).to_dict("records")]  # fmt: skip
        slides.append(Slide("Sub kegiatan tertinggal", f"Masukan RKPD {tahun + 1}: {angka(len(behind))} sub kegiatan",
                            tables=[Tabel(["OPD", "Sub kegiatan", "Pagu", "Harapan fisik", "Realisasi fisik",
                                           "Selisih (poin)"], rows, [2.6, 4.4, 1.5, 1.3, 1.3, 1.2],
                                          right=(2, 3, 4, 5))],
                            sumber="Tertinggal: realisasi fisik ≥ 20 poin di bawah target fisik (docs/rakerda.md)."))  # fmt: skip
    return Deck(f"Rakerda {tahun}", slides, ws.config.nama, ws.label, tahun)


# --------------------------------------------------------------------------- writers


def write_deck(
    deck: Deck,
    out: str | Path,
    *,
    pdf: bool = True,
    engine: Engine = "otomatis",
    progress: Callable[[str], None] | None = None,
) -> HasilDeck:
    """Draw the charts and write ``out`` (.pptx) and, with ``pdf``, the same deck beside it as .pdf.

    Parameters
    ----------
    deck : Deck
    out : str or Path
        The .pptx to write (replaced).
    pdf : bool
        Also write ``out`` with the suffix ``.pdf``.
    engine : {"otomatis", "kaleido", "matplotlib"}
        How the charts are drawn (:func:`planlib.documents.charts.render`).
    progress : callable, optional
        Called with a line of text at each step.

    Returns
    -------
    HasilDeck
    """
    out = Path(out)
    say = progress or (lambda _s: None)
    for s in deck.slides:
        fit_tables(s)
    charts = [s for s in deck.slides if s.chart is not None]
    with tempfile.TemporaryDirectory() as tmp:
        say(f"Menggambar {len(charts)} peta/grafik…")
        drawn = render([s.chart for s in charts if s.chart is not None], Path(tmp), engine=engine)
        if drawn.note:
            say(drawn.note)
        for s, p in zip(charts, drawn.paths, strict=True):
            s.image = p
        say(f"Menulis {len(deck.slides)} slide ke {out}")
        _write_pptx(deck, out, say)
        pdf_path = None
        if pdf:
            pdf_path = out.with_suffix(".pdf")
            say(f"Menulis PDF {pdf_path}")
            _write_pdf(deck, pdf_path)
        for s in charts:
            s.image = None
    return HasilDeck(out, pdf_path, len(deck.slides), drawn.engine, drawn.note)


def deck_files(deck: Deck, stem: str, *, engine: Engine = "otomatis") -> list[tuple[bytes, str]]:
    """The deck as .pptx and .pdf bytes (for a download in a dashboard), named ``<stem>.pptx/.pdf``.

    Parameters
    ----------
    deck : Deck
    stem : str
        The files' name without extension.
    engine : {"otomatis", "kaleido", "matplotlib"}
        How the charts are drawn.

    Returns
    -------
    list of (bytes, str)
    """
    with tempfile.TemporaryDirectory() as tmp:
        res = write_deck(deck, Path(tmp) / f"{stem}.pptx", engine=engine)
        files = [res.pptx] + ([res.pdf] if res.pdf is not None else [])
        return [(p.read_bytes(), p.name) for p in files]


# Slide geometry, inches (16:9).
W, H = 13.333, 7.5
M = 0.4
TOP = 1.45
FOOT = 7.05


def _layout(slide: Slide) -> dict[str, tuple[float, float, float, float]]:
    """Boxes (x, y, w, h) in inches for the cards, the image and the tables of a content slide."""
    boxes: dict[str, tuple[float, float, float, float]] = {}
    if slide.chart is not None and slide.tables:
        boxes["image"] = (M, TOP, 5.6, FOOT - TOP - 0.5)
        boxes["sumber"] = (M, FOOT - 0.42, 5.6, 0.4)
        right_x = M + 5.8
        boxes["cards"] = (
            (right_x, TOP, W - right_x - M, 0.95) if slide.cards else (right_x, TOP, 0, 0)
        )
        boxes["tables"] = (right_x, TOP + (1.1 if slide.cards else 0), W - right_x - M, 0)
    elif slide.chart is not None:
        boxes["cards"] = (M, TOP, W - 2 * M, 0.95) if slide.cards else (M, TOP, 0, 0)
        y = TOP + (1.1 if slide.cards else 0)
        boxes["image"] = (M, y, W - 2 * M, FOOT - y - 0.5)
    else:
        boxes["cards"] = (M, TOP, W - 2 * M, 0.95) if slide.cards else (M, TOP, 0, 0)
        boxes["tables"] = (M, TOP + (1.1 if slide.cards else 0), W - 2 * M, 0)
    boxes.setdefault("sumber", (M, FOOT - 0.42, W - 2 * M, 0.4))
    return boxes


def fit_tables(slide: Slide) -> None:
    """Drop the last rows of a slide's tables that would run into its foot (pptx and PDF alike).

    Parameters
    ----------
    slide : Slide
        The slide; its tables' rows are cut in place.
    """
    if not slide.tables:
        return
    tx, ty, tw, _ = _layout(slide)["tables"]
    bottom = FOOT - (0.45 if slide.sumber and slide.chart is None else 0.05)
    y = ty
    for t in slide.tables:
        y += TITLE_IN if t.title else 0
        heights = row_heights(t, tw)
        keep = len(t.rows)
        while keep and y + sum(heights[: keep + 1]) > bottom:
            keep -= 1
        del t.rows[keep:]
        y += sum(heights[: keep + 1]) + 0.15


def paged(make: Callable[[list[list[str]], bool], Slide], rows: list[list[str]]) -> list[Slide]:
    """Slides made by ``make(rows_of_the_slide, first)`` until every row is on one.

    The last table of each slide gets as many rows as fit above its foot
    (:func:`fit_tables`); the rest continue on the next slide, so a long list
    is never cut.

    Parameters
    ----------
    make : callable
        ``make(rows, first)`` builds one slide whose last table holds ``rows``;
        ``first`` is True for the first slide (to title it differently).
    rows : list of list of str
        Every row to show.

    Returns
    -------
    list of Slide
        At least one slide (an empty table when there are no rows).
    """
    out: list[Slide] = []
    rest = list(rows)
    while True:
        s = make(list(rest), not out)
        fit_tables(s)
        n = len(s.tables[-1].rows) if s.tables else len(rest)
        if rest and n == 0:  # not even one row fits: give it a slide of its own anyway
            s = make(rest[:1], not out)
            n = 1
        out.append(s)
        rest = rest[n:]
        if not rest:
            return out


def _image_size(path: Path, box_w: float, box_h: float) -> tuple[float, float]:
    from PIL import Image

    with Image.open(path) as im:
        pw, ph = im.size
    scale = min(box_w / pw, box_h / ph)
    return pw * scale, ph * scale


def _card_size(value: str, width_in: float) -> float:
    """The point size of a card's value: 20 pt when it fits on one line, else down to 13 pt (wrapped)."""
    for size in (20.0, 18.0, 16.0, 14.0):
        if len(value) * size * 0.62 / 72 <= width_in - 0.2:
            return size
    return 12.0


ROW_IN = 0.34  # a table row of one line at 12 pt
LINE_IN = 0.2  # each further line of a wrapped cell
CHAR_IN = (
    0.092  # the width of an average character at 12 pt (generous: LibreOffice's fonts are wide)
)
TITLE_IN = 0.34  # a table's title line


def row_heights(t: Tabel, width: float) -> list[float]:
    """The height in inches of each row of ``t`` (header first) in a table ``width`` inches wide.

    Cells wrap; a row is as tall as its longest cell needs, so what follows
    the table is placed below it, not over it.

    Parameters
    ----------
    t : Tabel
        The table.
    width : float
        The table's width in inches (shared by its columns by ``t.widths``).

    Returns
    -------
    list of float
        One height in inches per row, the header first.
    """
    total = sum(t.widths)
    cols = [max(width * wr / total - 0.1, 0.2) for wr in t.widths]
    out = []
    for row in [t.header, *t.rows]:
        lines = max(
            (math.ceil(len(str(v)) * CHAR_IN / c) or 1) for v, c in zip(row, cols, strict=False)
        )
        out.append(ROW_IN + (lines - 1) * LINE_IN)
    return out


def _footer_text(deck: Deck) -> str:
    return f"{deck.kabupaten} · {deck.title}"


def _write_pptx(deck: Deck, path: Path, say: Callable[[str], None]) -> None:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    blank = prs.slide_layouts[6]
    blue, red, grey = (
        RGBColor.from_string(BIRU),
        RGBColor.from_string(MERAH),
        RGBColor(0x55, 0x55, 0x55),
    )

    def text(sl: Any, x: float, y: float, w: float, h: float, s: str, size: float, *,
             bold: bool = False, colour: Any = None, align: Any = None) -> Any:  # fmt: skip
        box = sl.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = True
        tf.margin_left = tf.margin_right = Inches(0.04)
        tf.margin_top = tf.margin_bottom = Inches(0.02)
        p = tf.paragraphs[0]
        p.text = s
        p.font.size, p.font.bold = Pt(size), bold
        if colour is not None:
            p.font.color.rgb = colour
        if align is not None:
            p.alignment = align
        return box

    n = len(deck.slides)
    for i, s in enumerate(deck.slides, start=1):
        say(f"  slide {i}/{n}: {s.title}")
        sl = prs.slides.add_slide(blank)
        if s.judul:
            bar = sl.shapes.add_shape(1, 0, Inches(2.2), prs.slide_width, Inches(2.3))
            bar.fill.solid()
            bar.fill.fore_color.rgb = blue
            bar.line.fill.background()
            text(
                sl,
                M + 0.3,
                2.45,
                W - 2 * M - 0.6,
                1.0,
                s.title,
                40,
                bold=True,
                colour=RGBColor(255, 255, 255),
            )
            text(
                sl,
                M + 0.3,
                3.45,
                W - 2 * M - 0.6,
                0.8,
                s.subtitle,
                24,
                colour=RGBColor(255, 255, 255),
            )
            text(sl, M + 0.3, 4.8, W - 2 * M - 0.6, 1.2, s.sumber, 16, colour=grey)
        else:
            text(sl, M, 0.25, W - 2 * M, 0.7, s.title, 30, bold=True, colour=blue)
            if s.subtitle:
                text(sl, M, 0.88, W - 2 * M, 0.45, s.subtitle, 16, colour=grey)
            boxes = _layout(s)
            cx, cy, cw, ch = boxes["cards"]
            if s.cards:
                gap = 0.15
                each = (cw - gap * (len(s.cards) - 1)) / len(s.cards)
                for j, (value, what) in enumerate(s.cards):
                    x = cx + j * (each + gap)
                    card = sl.shapes.add_shape(1, Inches(x), Inches(cy), Inches(each), Inches(ch))
                    card.fill.solid()
                    card.fill.fore_color.rgb = RGBColor(0xF3, 0xF6, 0xFB)
                    card.line.color.rgb = blue
                    size = _card_size(value, each)
                    text(
                        sl,
                        x + 0.08,
                        cy + 0.02,
                        each - 0.16,
                        0.55,
                        value,
                        size,
                        bold=True,
                        colour=blue,
                    )
                    text(sl, x + 0.08, cy + 0.58, each - 0.16, 0.35, what, 12, colour=grey)
            if s.image is not None:
                ix, iy, iw, ih = boxes["image"]
                w_in, h_in = _image_size(s.image, iw, ih)
                sl.shapes.add_picture(str(s.image), Inches(ix + (iw - w_in) / 2), Inches(iy),
                                      Inches(w_in), Inches(h_in))  # fmt: skip
            if s.tables:
                tx, ty, tw, _ = boxes["tables"]
                y = ty
                for t in s.tables:
                    if t.title:
                        text(sl, tx, y, tw, TITLE_IN, t.title, 14, bold=True, colour=blue)
                        y += TITLE_IN
                    heights = row_heights(t, tw)
                    _pptx_table(sl, t, tx, y, tw, heights)
                    y += sum(heights) + 0.15
            if s.sumber:
                text(sl, *boxes["sumber"], s.sumber, 10, colour=grey)
        # the foot of every slide: the label, the kabupaten and deck, the page
        if deck.label:
            text(sl, M, FOOT, 4.5, 0.35, deck.label, 12, bold=True, colour=red)
        text(sl, 4.6, FOOT, 6.8, 0.35, _footer_text(deck), 12, colour=grey, align=PP_ALIGN.CENTER)
        text(sl, W - M - 1.4, FOOT, 1.4, 0.35, f"{i}/{n}", 12, colour=grey, align=PP_ALIGN.RIGHT)
    prs.core_properties.title = deck.title
    prs.core_properties.author = deck.kabupaten
    prs.save(str(path))


def _pptx_table(sl: Any, t: Tabel, x: float, y: float, w: float, heights: list[float]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    rows, cols = len(t.rows) + 1, len(t.header)
    shape = sl.shapes.add_table(rows, cols, Inches(x), Inches(y), Inches(w), Inches(sum(heights)))
    table = shape.table
    total = sum(t.widths)
    for c, wr in enumerate(t.widths):
        table.columns[c].width = Inches(w * wr / total)
    for r in range(rows):
        table.rows[r].height = Inches(heights[r])
        values = t.header if r == 0 else t.rows[r - 1]
        for c in range(cols):
            cell = table.cell(r, c)
            cell.text = str(values[c]) if c < len(values) else ""
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            p = cell.text_frame.paragraphs[0]
            p.font.size = Pt(12)
            p.font.bold = r == 0
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(BIRU)
                p.font.color.rgb = RGBColor(255, 255, 255)
            elif c in t.right:
                p.alignment = PP_ALIGN.RIGHT


def _write_pdf(deck: Deck, path: Path) -> None:
    import html

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from .pdf import FONT, FONT_BOLD, register_fonts, table

    register_fonts()
    pt = 72.0
    cv = Canvas(str(path), pagesize=(W * pt, H * pt))
    cv.setTitle(deck.title)
    cv.setAuthor(deck.kabupaten)
    blue, red, grey = (
        colors.HexColor("#" + BIRU),
        colors.HexColor("#" + MERAH),
        colors.HexColor("#555555"),
    )

    def at(y_in: float) -> float:  # inches from the top → points from the bottom
        return (H - y_in) * pt

    def line(s: str, x: float, y: float, size: float, *, bold: bool = False, colour: Any = None,
             anchor: Literal["left", "center", "right"] = "left", width: float | None = None) -> None:  # fmt: skip
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = FONT_BOLD if bold else FONT
        cv.setFont(font, size)
        cv.setFillColor(colour or colors.black)
        if width is not None:  # cut to the width
            while s and stringWidth(s, font, size) > width * pt:
                s = s[:-2] + "…"
        base = at(y) - size
        if anchor == "center":
            cv.drawCentredString(x * pt, base, s)
        elif anchor == "right":
            cv.drawRightString(x * pt, base, s)
        else:
            cv.drawString(x * pt, base, s)

    n = len(deck.slides)
    for i, s in enumerate(deck.slides, start=1):
        if s.judul:
            cv.setFillColor(blue)
            cv.rect(0, at(4.5), W * pt, 2.3 * pt, stroke=0, fill=1)
            line(s.title, M + 0.3, 2.55, 36, bold=True, colour=colors.white, width=W - 1.4)
            line(s.subtitle, M + 0.3, 3.5, 22, colour=colors.white, width=W - 1.4)
            line(s.sumber, M + 0.3, 4.85, 14, colour=grey, width=W - 1.4)
        else:
            line(s.title, M, 0.3, 28, bold=True, colour=blue, width=W - 2 * M)
            if s.subtitle:
                line(s.subtitle, M, 0.92, 15, colour=grey, width=W - 2 * M)
            boxes = _layout(s)
            cx, cy, cw, ch = boxes["cards"]
            if s.cards:
                gap = 0.15
                each = (cw - gap * (len(s.cards) - 1)) / len(s.cards)
                for j, (value, what) in enumerate(s.cards):
                    x = cx + j * (each + gap)
                    cv.setFillColor(colors.HexColor("#F3F6FB"))
                    cv.setStrokeColor(blue)
                    cv.rect(x * pt, at(cy + ch), each * pt, ch * pt, stroke=1, fill=1)
                    size = _card_size(value, each)
                    para = Paragraph(html.escape(value), ParagraphStyle(
                        "card", fontName=FONT_BOLD, fontSize=size, leading=size * 1.1, textColor=blue))  # fmt: skip
                    _pw, ph = para.wrapOn(cv, (each - 0.2) * pt, ch * pt)
                    para.drawOn(cv, (x + 0.1) * pt, at(cy + 0.08) - ph)
                    line(what, x + 0.1, cy + 0.62, 11, colour=grey, width=each - 0.2)
            if s.image is not None:
                ix, iy, iw, ih = boxes["image"]
                w_in, h_in = _image_size(s.image, iw, ih)
                cv.drawImage(ImageReader(str(s.image)), (ix + (iw - w_in) / 2) * pt, at(iy + h_in),
                             w_in * pt, h_in * pt)  # fmt: skip
            if s.tables:
                tx, ty, tw, _ = boxes["tables"]
                y = ty
                for t in s.tables:
                    if t.title:
                        line(t.title, tx, y + 0.04, 13, bold=True, colour=blue)
                        y += TITLE_IN
                    total = sum(t.widths)
                    flow = table([t.header, *t.rows], [tw * pt * wr / total for wr in t.widths],
                                 right=t.right, base=12.0)  # fmt: skip
                    _fw, fh = flow.wrapOn(cv, tw * pt, H * pt)
                    flow.drawOn(cv, tx * pt, at(y) - fh)
                    y += fh / pt + 0.15
            if s.sumber:
                sx, sy, sw, _sh = boxes["sumber"]
                line(s.sumber, sx, sy + 0.04, 9, colour=grey, width=sw)
        if deck.label:
            line(deck.label, M, FOOT + 0.05, 12, bold=True, colour=red)
        line(_footer_text(deck), W / 2, FOOT + 0.05, 12, colour=grey, anchor="center", width=6.5)
        line(f"{i}/{n}", W - M, FOOT + 0.05, 12, colour=grey, anchor="right")
        cv.showPage()
    cv.save()

"""The pieces more than one occasion shows: a kecamatan's slide, the indicator context, tables.

The Forum Perangkat Daerah (:mod:`.forum`) and the kecamatan deck
(:mod:`.kecamatan`) share a kecamatan's slide (its desa map, cards, top
priorities, usulan per OPD tujuan) and the indicator context slide; the
Rembuk Remas deck (:mod:`.rembuk`) reads the same context
(:func:`konteks_indikator`). Every deck opens with :func:`title_slide`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import ranking, rekap
from ...formatting import angka, desimal, hari_ini, rupiah, tanggal, zona_waktu
from ...indikator import INDIKATOR, sumber_text
from ...kesenjangan import PERAN, konteks
from ...viz import scales
from ...viz.figures import short_opd
from ...workspace import Workspace
from ..charts import Chart, MapChart
from .model import Slide, Table

#: The kabupaten's main indicators, as the context slide and the Rembuk Remas deck show them.
UTAMA = ("ipm", "p0", "tpt")
#: Usulan Ke up to which an usulan is a kecamatan's top priority (as on the 03 dashboard).
PRIORITAS = 3


def cut(text: Any, n: int) -> str:
    """``text`` (None and NaN as "") cut to ``n`` characters, the last one "…" when cut.

    Parameters
    ----------
    text : Any
        What to show.
    n : int
        The most characters.

    Returns
    -------
    str
        The text, at most ``n`` characters.
    """
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _ke(v: Any) -> str:
    return "" if v is None or pd.isna(v) else str(int(v))


def usulan(ws: Workspace, tahun: int) -> pd.DataFrame:
    """:func:`planlib.rekap.usulan_tahun`, refused with a sentence when the year has no usulan.

    Parameters
    ----------
    ws : Workspace
        The workspace.
    tahun : int
        The planning year.

    Returns
    -------
    DataFrame
        The year's usulan (:class:`planlib.frames.UsulanTahun`).
    """
    ws.usulan_of(tahun)  # refused with the years there are
    return rekap.usulan_tahun(ws, tahun)


def prioritas_tabel(df: pd.DataFrame, n: int = 5) -> Table:
    """The top priorities (Usulan Ke ≤ 3, :func:`planlib.ranking.teratas`) of a kecamatan's usulan.

    Parameters
    ----------
    df : DataFrame
        The kecamatan's usulan (:func:`planlib.rekap.usulan_tahun` rows).
    n : int
        How many usulan to show.

    Returns
    -------
    Table
        Ke, Desa, Usulan, Anggaran of the top ``n``.
    """
    top = ranking.teratas(df[df["usulan_ke"] <= PRIORITAS], n)
    rows = [[_ke(r["usulan_ke"]), cut(r["nama_desa"], 16), cut(r["usulan"], 34), rupiah(r["anggaran"])]
            for r in top.to_dict("records")]  # fmt: skip
    return Table(["Ke", "Desa", "Usulan", "Anggaran"], rows, [0.5, 1.6, 3.45, 1.45],
                 right=(0, 3), title=f"Prioritas teratas (Usulan Ke 1–{PRIORITAS})")  # fmt: skip


def per_opd_tabel(df: pd.DataFrame, n: int, *, kecamatan: bool = True) -> Table:
    """The usulan per OPD tujuan (:func:`planlib.ranking.per_opd`), the first ``n`` OPD.

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
    Table
        OPD tujuan, Usulan, Prioritas 1, Anggaran (and Kecamatan).
    """
    g = ranking.per_opd(df).head(n)
    header = ["OPD tujuan", "Usulan", "Prioritas 1", "Anggaran"]
    width = 40 if kecamatan else 30
    rows = [[short_opd(str(r["opd_tujuan"]), width), angka(r["jumlah"]), angka(r["prioritas_1"]),
             rupiah(r["anggaran"])] for r in g.to_dict("records")]  # fmt: skip
    widths = [3.6, 1.0, 1.3, 1.6]
    if kecamatan:
        header.append("Kecamatan")
        widths.append(3.4)
        for row, r in zip(rows, g.to_dict("records"), strict=True):
            row.append(cut(r["kecamatan"], 40))
    return Table(header, rows, widths, right=(1, 2, 3), title="Usulan per OPD tujuan")


def _cards(df: pd.DataFrame) -> list[tuple[str, str]]:
    r = rekap.ringkasan(df)
    return [(angka(r["jumlah"]), "jumlah usulan"), (rupiah(r["anggaran"]), "anggaran usulan"),
            (cut(r["isu"][0] or "–", 40), "isu teratas")]  # fmt: skip


def desa_map(ws: Workspace, df: pd.DataFrame, kode: str, nama: str, tahun: int) -> Chart:
    """The kecamatan's desa coloured by their number of usulan (or the kecamatan outlined).

    Parameters
    ----------
    ws : Workspace
        The workspace (its desa polygons, when it has them).
    df : DataFrame
        The kecamatan's usulan of the year.
    kode, nama : str
        The kecamatan's code and name.
    tahun : int
        The planning year (in the title).

    Returns
    -------
    Chart
        The map, drawn when the deck is written.
    """
    if ws.desa is not None:
        desa = rekap.areas(ws, "desa")
        desa = desa[(desa["kode_kecamatan"] == kode) & desa.geometry.notna()].reset_index(drop=True)
        if len(desa):
            per = rekap.per_wilayah(df, desa["kode"], "desa")
            vmax = float(per["jumlah"].max() or 1)
            fill = scales.colours(per["jumlah"].reset_index(drop=True), vmax).tolist()
            return MapChart(
                desa.drop(columns=["dapil"]), fill, f"Kecamatan {nama}: usulan per desa {tahun}",
                colorbar=(vmax, "Usulan", angka), legend=[(scales.EMPTY_COLOR, "Tanpa usulan")],
            )  # fmt: skip
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(df, areas["kode"])
    sel = (areas["kode"] == kode).tolist()
    fill = scales.colours(per["jumlah"].reset_index(drop=True)).tolist()
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
        f"Kecamatan {nama}", sub, cards=_cards(df), chart=desa_map(ws, df, kode, nama, tahun),
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


def konteks_slide(ws: Workspace, tahun: int) -> Slide | None:
    """The indicator context of the kabupaten as a table (None without indicator data).

    The rows are :func:`konteks_indikator`'s, for the same ``ws`` and ``tahun``.

    Parameters
    ----------
    ws, tahun
        As for :func:`konteks_indikator`.

    Returns
    -------
    Slide or None
        The slide (kabupaten, province, Indonesia, target per indicator), or None.
    """
    k = konteks_indikator(ws, tahun)
    if k.empty:
        return None
    prov = nama_provinsi(ws)
    rows = []
    for r in k.to_dict("records"):
        d = desimal(r["indikator"])
        cells = [r["nama"]]
        for role in ("kabupaten", "provinsi", "nasional"):
            v, y = r[role], r[f"tahun_{role}"]
            cells.append("–" if v != v else f"{angka(v, d)} ({y})")
        cells.append("–" if r["target"] != r["target"] else angka(r["target"], d))
        rows.append(cells)
    src = sumber_text(ws.indikator[ws.indikator["indikator"].isin(UTAMA)])
    return Slide(
        "Konteks indikator", f"{ws.config.nama} dibanding {prov} dan Indonesia",
        tables=[Table(["Indikator", ws.config.nama, str(prov), "Indonesia", f"Target RPJMD {tahun}"],
                      rows, [3.2, 2.2, 2.2, 2.2, 1.8], right=(1, 2, 3, 4))],
        sumber="Nilai terakhir yang tersedia (tahun dalam kurung); IPM seri revisi 2024 bila ada. " + src,
    )  # fmt: skip


def nama_provinsi(ws: Workspace) -> str:
    """The name of the kabupaten's province in the code list ("Provinsi" when it is not there).

    Parameters
    ----------
    ws : Workspace
        The workspace.

    Returns
    -------
    str
        The province's name.
    """
    return str(
        ws.wilayah.kode.set_index("kode")["nama"].get(
            ws.wilayah.kabupaten.split(".")[0], "Provinsi"
        )
    )


def title_slide(title: str, subtitle: str, ws: Workspace, extra: str = "") -> Slide:
    """A deck's title slide: title, subtitle, and under the band ``extra`` and the date it was made.

    Parameters
    ----------
    title, subtitle : str
        The deck's title and subtitle.
    ws : Workspace
        The workspace (its kabupaten's time zone dates the slide).
    extra : str
        Text before "Dibuat dengan planlib, <date>." under the band.

    Returns
    -------
    Slide
        The title slide.
    """
    when = tanggal(hari_ini(zona_waktu(ws.wilayah.kabupaten)))
    return Slide(title, subtitle, judul=True, sumber=f"{extra}Dibuat dengan planlib, {when}.")

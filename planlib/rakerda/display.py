"""The Rakerda as it is drawn: the scorecard and indicator tables (HTML), the trend and ranking figures.

Each band is shown in its colour-blind-safe colour *and* its word
(:func:`kategori_badge`); numbers the Indonesian way. What is drawn is computed
by :mod:`planlib.rakerda.views` on the rules of :mod:`planlib.rakerda.scorecard`;
the Rakerda dashboard (:mod:`planlib.dashboards.rakerda`) lays these pieces out.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ..formatting import angka, rupiah
from ..formatting import persen as _persen
from .scorecard import kategori
from .views import KATEGORI_COLOURS

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
UKURAN_LABEL = {
    "capaian_keluaran": "Capaian keluaran",
    "persen_keuangan": "Realisasi keuangan",
    "realisasi_fisik": "Realisasi fisik",
}
#: Lines of the trend: (column, label, colour, dash) — Okabe–Ito colours.
TREN = [
    ("persen_keuangan", "Realisasi keuangan (%)", "#0072B2", "solid"),
    ("realisasi_fisik", "Realisasi fisik (%)", "#009E73", "solid"),
    ("target_fisik", "Target fisik (%)", "#009E73", "dash"),
    ("capaian_keluaran", "Capaian keluaran (%)", "#D55E00", "solid"),
]

CSS = """
<style>
.rakerda-kat{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;
  border:1px solid #555;white-space:nowrap}
.rakerda-skor tr.bidang td{font-weight:700;background:#eef2f8}
.rakerda-skor tr.kabupaten td{font-weight:700;background:#dde5f2}
</style>
"""


def persen(x: float | None) -> str:
    """A percentage in Indonesian format: ``75.25`` → ``"75,3%"``; missing → ``"–"``.

    Parameters
    ----------
    x : float or None
        The percentage (0–100, may exceed 100).

    Returns
    -------
    str
        One decimal with a comma and ``%`` (:func:`planlib.formatting.persen`).
    """
    return _persen(x, 1)


def kategori_badge(kat: object) -> str:
    """The band as a coloured badge that also carries the word (never colour alone).

    Parameters
    ----------
    kat : object
        A Permendagri 86/2017 band (``"sangat tinggi"`` … ``"sangat rendah"``); anything
        else (missing, unknown) is shown as "tidak dinilai".

    Returns
    -------
    str
        An HTML ``<span>`` with the band's colour-blind-safe colour and its word.
    """
    if not isinstance(kat, str) or kat not in KATEGORI_COLOURS:
        return "<span class='rakerda-kat' style='background:#fff'>tidak dinilai</span>"
    bg, fg = KATEGORI_COLOURS[kat]
    return f"<span class='rakerda-kat' style='background:{bg};color:{fg}'>{html.escape(kat)}</span>"


def scorecard_html(table: pd.DataFrame) -> str:
    """The scorecard: one row per kabupaten / bidang / OPD of :func:`planlib.rakerda.rakerda`.

    Parameters
    ----------
    table : DataFrame
        Rows of :func:`planlib.rakerda.rakerda` (columns of :data:`planlib.rakerda.COLUMNS`).

    Returns
    -------
    str
        An HTML table: pagu and realisasi in Rupiah, percentages and each band as a badge.
    """
    head = [
        "Nama", "Sub kegiatan", "Pagu", "Realisasi keuangan", "% keuangan", "Kategori keuangan",
        "Target fisik", "Realisasi fisik", "Capaian keluaran", "Kategori", "Catatan",
    ]  # fmt: skip
    body = []
    for r in table.to_dict("records"):
        nama = html.escape(str(r["nama"]))
        if r["tingkat"] == "opd":
            nama = "&nbsp;&nbsp;&nbsp;" + nama
        elif r["tingkat"] == "bidang":
            nama = "Bidang " + nama
        note = r["catatan"]
        cells = [
            f"<td>{nama}</td>", f"<td class='n'>{angka(r['jumlah_sub_kegiatan'])}</td>",
            f"<td class='n'>{rupiah(r['pagu'])}</td>", f"<td class='n'>{rupiah(r['realisasi_keuangan'])}</td>",
            f"<td class='n'>{persen(r['persen_keuangan'])}</td>", f"<td>{kategori_badge(r['kategori_keuangan'])}</td>",
            f"<td class='n'>{persen(r['target_fisik'])}</td>", f"<td class='n'>{persen(r['realisasi_fisik'])}</td>",
            f"<td class='n'>{persen(r['capaian_keluaran'])}</td>", f"<td>{kategori_badge(r['kategori'])}</td>",
            f"<td style='font-size:12px'>{html.escape(note) if isinstance(note, str) else ''}</td>",
        ]  # fmt: skip
        body.append(f"<tr class='{r['tingkat']}'>" + "".join(cells) + "</tr>")
    ths = "".join(f"<th>{h}</th>" for h in head)
    return (
        f"<table class='planlib-table rakerda-skor' tabindex='0'><thead><tr>{ths}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def tren_figure(rows: pd.DataFrame, judul: str) -> go.Figure:
    """The trend of one kabupaten / bidang row of :func:`planlib.rakerda.tren` over the triwulan.

    Parameters
    ----------
    rows : DataFrame
        The rows of one ``tingkat``/``nama`` of :func:`planlib.rakerda.tren`, one per triwulan.
    judul : str
        The chart's title.

    Returns
    -------
    plotly.graph_objects.Figure
        Realisasi keuangan, realisasi fisik (with its target, dashed) and capaian
        keluaran (%) per triwulan, one line each.
    """
    fig = go.Figure()
    x = [f"TW {ROMAWI[int(t)]}" for t in rows["triwulan"]]
    for col, label, colour, dash in TREN:
        vals = rows[col].tolist()
        fig.add_trace(
            go.Scatter(
                x=x, y=vals, name=label, mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3}, marker={"size": 9},
                customdata=[persen(v) for v in vals],
                hovertemplate=f"%{{x}} — {label}: %{{customdata}}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_layout(
        title={"text": judul, "x": 0.01}, height=380, plot_bgcolor="white", separators=",.",
        hovermode="x unified",
        margin={"l": 50, "r": 10, "t": 50, "b": 40}, legend={"orientation": "h", "y": -0.15},
        yaxis={"range": [0, 110], "gridcolor": "#eee", "ticksuffix": "%"},
    )  # fmt: skip
    return fig


def peringkat_figure(ranked: pd.DataFrame, ukuran: str) -> go.Figure:
    """The OPDs ranked on ``ukuran``, each bar in its band's colour with the band's word.

    Parameters
    ----------
    ranked : DataFrame
        :func:`planlib.rakerda.peringkat`'s table, best first.
    ukuran : str
        The column ranked on: ``capaian_keluaran``, ``persen_keuangan`` or ``realisasi_fisik``.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars, best at the top, labelled with the value and the band.
    """
    shown = ranked.iloc[::-1]
    kat = shown["kategori"] if ukuran == "capaian_keluaran" else shown[ukuran].map(kategori)
    colours = [KATEGORI_COLOURS.get(k, ("#cccccc", "#111"))[0] for k in kat]
    text = [f"{persen(v)} · {k if isinstance(k, str) else 'tidak dinilai'}"
            for v, k in zip(shown[ukuran], kat, strict=True)]  # fmt: skip
    fig = go.Figure(
        go.Bar(
            x=shown[ukuran].fillna(0), y=[str(n)[:48] for n in shown["nama"]], orientation="h",
            marker={"color": colours, "line": {"color": "#555", "width": 1}}, text=text,
            textposition="outside", hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title={"text": f"Peringkat OPD: {UKURAN_LABEL[ukuran].lower()}", "x": 0.01},
        height=max(260, 30 * len(shown) + 100), plot_bgcolor="white", separators=",.",
        margin={"l": 10, "r": 30, "t": 50, "b": 30}, xaxis={"range": [0, 130], "ticksuffix": "%"},
        yaxis={"automargin": True},
    )  # fmt: skip
    return fig


def indikator_html(df: pd.DataFrame) -> str:
    """The RPJMD indicators of :func:`planlib.rakerda.indikator_bidang` as a table.

    Parameters
    ----------
    df : DataFrame
        :func:`planlib.rakerda.indikator_bidang`'s rows (value, target, gap, ``tercapai``).

    Returns
    -------
    str
        An HTML table, or a sentence when the bidang has no indicator with data and target.
    """
    if df.empty:
        return "<p>Tidak ada indikator RPJMD dengan data dan target untuk bidang ini.</p>"
    rows = []
    for r in df.to_dict("records"):
        status = {True: "tercapai", False: "belum tercapai"}.get(r["tercapai"], "–")
        gap = float(r["selisih"])
        rows.append(
            f"<tr><td>{html.escape(str(r['bidang']))}</td><td>{html.escape(str(r['nama']))}</td>"
            f"<td class='n'>{angka(r['nilai'], 2)} ({int(r['tahun_nilai'])})</td>"
            f"<td class='n'>{angka(r['target'], 2)} ({int(r['tahun_target'])})</td>"
            f"<td class='n'>{'+' if gap >= 0 else '−'}{angka(abs(gap), 2)}</td>"
            f"<td><b>{status}</b></td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Bidang", "Indikator", "Capaian", "Target RPJMD", "Selisih", "Status")
    )
    return (
        f"<table class='planlib-table' tabindex='0'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table><p class='planlib-sumber'>Capaian terakhir sampai tahun ini terhadap target "
        "tahun yang sama (aturan kesenjangan yang sama dengan dasbor Indikator).</p>"
    )

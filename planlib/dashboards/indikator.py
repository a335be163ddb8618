"""Indikator: IPM, P0 and TPT of the kabupaten against its province and Indonesia.

- the time series, one line per series (IPM's 2024 revision is a separate
  line, never joined to the old one), missing years left as gaps, with the
  RPJMD target line and the gap to it;
- the ranking of the kabupaten/kota of the province for a chosen year;
- indicators given at kecamatan or desa level (stunting, IDM, …) as a map,
  with the dapil filter;
- "Sumber: …" under every chart.
"""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..formatting import angka, desimal
from ..indikator import INDIKATOR, sumber_text
from ..kesenjangan import PERAN, kesenjangan, konteks, peringkat_kabupaten, pick_periode
from ..viz import map_names, maps, scales
from ..viz.figures import wrap_title
from ..workspace import Workspace
from .layout import (
    CSS,
    LEBAR_PETA,
    download_button,
    draw,
    dropdown,
    file_name,
    header,
    map_boxes,
    phone_map,
    show,
    table_xlsx,
)
from .voila import guarded, open_view

UTAMA = ("ipm", "p0", "tpt")
SERI_LABEL = {"lama": "seri lama", "revisi_2024": "seri revisi 2024", None: ""}
COLOURS = {"kabupaten": "#c0392b", "provinsi": "#1f3b73", "nasional": "#7f8c8d"}


#: The span of years (last − first) up to which the trend chart has a tick every year.
TAHUN_SETIAP = 8


def _nama(key: str) -> str:
    return INDIKATOR.get(key, {}).get("nama", key)


def _digits(key: str) -> int:
    """The decimals of ``key``'s values: the one rule of :data:`planlib.formatting.DESIMAL`."""
    return desimal(key)


def comparison_areas(ws: Workspace) -> list[tuple[str, str, str]]:
    """(kode, nama, role) of the kabupaten, its province and Indonesia.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    list of (str, str, str)
        Role ``"kabupaten"``, ``"provinsi"`` or ``"nasional"``.
    """
    kab = ws.wilayah.kabupaten
    prov = kab.split(".")[0]
    names = dict(zip(ws.wilayah.kode["kode"], ws.wilayah.kode["nama"], strict=False))
    return [
        (kab, ws.config.nama, "kabupaten"),
        (prov, names.get(prov, f"Provinsi {prov}"), "provinsi"),
        ("00", "Indonesia", "nasional"),
    ]


def indikator_options(ws: Workspace) -> list[tuple[str, str]]:
    """The indicators the kabupaten has data for, IPM, P0 and TPT first.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    list of (str, str)
        (name, key) pairs for the dropdown.
    """
    ind = ws.indikator
    kab = ind[ind["kode_wilayah"] == ws.wilayah.kabupaten]
    keys = [k for k in UTAMA if k in set(kab["indikator"])]
    keys += sorted(set(kab["indikator"]) - set(keys))
    return [(_nama(k), k) for k in keys]


def capaian_text(ws: Workspace, key: str, tahun: int | None = None) -> str:
    """The kabupaten's achievement against its RPJMD target, by the one gap rule.

    The year, target and sign come from :func:`planlib.kesenjangan.kesenjangan`
    (the rule the priority score uses too): the latest value up to the planning
    year in the target's series, against the target of that year (else the
    nearest year, which the text then names).

    Parameters
    ----------
    ws : Workspace
    key : str
        The indicator.
    tahun : int, optional
        The planning year; by default the latest year of the data.

    Returns
    -------
    str
        E.g. ``"Capaian 2025: 71,20 terhadap target 72,00 (selisih −0,80) — belum
        tercapai"``; empty when there is no value or no target.
    """
    ind = ws.indikator
    if tahun is None:
        years = ind.loc[ind["indikator"] == key, "tahun"].dropna()
        if years.empty:
            return ""
        tahun = int(years.max())
    g = kesenjangan(
        ind, ws.target_rpjmd, tahun, kode_wilayah=[ws.wilayah.kabupaten], indicators=[key]
    )
    if g.empty:
        return ""
    r = g.iloc[0]
    d = _digits(key)
    gap = float(r["selisih"])
    verdict = (
        "" if r["tercapai"] is None else (" — tercapai" if r["tercapai"] else " — belum tercapai")
    )
    when = "" if r["tahun_target"] == r["tahun_nilai"] else f" {int(r['tahun_target'])}"
    return (
        f"Capaian {int(r['tahun_nilai'])}: {angka(r['nilai'], d)} terhadap target{when} "
        f"{angka(r['target'], d)} (selisih {'+' if gap >= 0 else '−'}{angka(abs(gap), d)}){verdict}"
    )


def tren_figure(ws: Workspace, key: str, tahun: int | None = None) -> tuple[go.Figure, str]:
    """Time series of ``key`` for kabupaten, province and Indonesia, with the RPJMD target.

    Parameters
    ----------
    ws : Workspace
    key : str
        The indicator.
    tahun : int, optional
        The planning year, for the gap to the target in the subtitle (:func:`capaian_text`).

    Returns
    -------
    tuple of (Figure, str)
        The figure and its "Sumber: …" line.
    """
    ind = pick_periode(ws.indikator[ws.indikator["indikator"] == key], key)
    fig = go.Figure()
    used = []
    years = ind["tahun"].dropna().astype(int)
    span = list(range(int(years.min()), int(years.max()) + 1)) if len(years) else []
    tgt = ws.target_rpjmd
    tgt = (
        tgt[(tgt["indikator"] == key) & (tgt["kode_wilayah"] == ws.wilayah.kabupaten)]
        if tgt is not None
        else None
    )
    if tgt is not None and len(tgt):
        span = sorted(set(span) | set(tgt["tahun"].astype(int)))
    d = _digits(key)
    for kode, nama, role in comparison_areas(ws):
        rows = ind[ind["kode_wilayah"] == kode]
        for seri, part in rows.groupby(rows["seri"].fillna("__"), sort=False):
            seri = None if seri == "__" else seri
            s = part.groupby("tahun")["nilai"].first().reindex(span)  # missing years → gaps
            label = nama + (f" ({SERI_LABEL.get(seri, seri)})" if seri else "")
            fig.add_trace(
                go.Scatter(
                    x=span, y=[None if pd.isna(v) else v for v in s], mode="lines+markers", name=label,
                    connectgaps=False,
                    line={"color": COLOURS[role], "width": 3 if role == "kabupaten" else 2,
                          "dash": "dot" if seri == "lama" else "solid"},
                    marker={"size": 6 if role == "kabupaten" else 4},
                    hovertemplate=f"{html.escape(label)}<br>%{{x}}: %{{customdata}}<extra></extra>",
                    customdata=[angka(v, d) for v in s],
                )
            )  # fmt: skip
            used.append(part)
    title = f"{_nama(key)} ({INDIKATOR.get(key, {}).get('satuan', '')})"
    if tgt is not None and len(tgt):
        t = tgt.sort_values("tahun")
        fig.add_trace(
            go.Scatter(
                x=t["tahun"].astype(int).tolist(), y=t["target"].tolist(), mode="lines+markers",
                name="Target RPJMD", line={"color": "#27ae60", "dash": "dash", "width": 2},
                marker={"symbol": "diamond", "size": 8},
                customdata=[angka(v, d) for v in t["target"]],
                hovertemplate="Target RPJMD %{x}: %{customdata}<extra></extra>",
            )
        )  # fmt: skip
        gap_text = capaian_text(ws, key, tahun)
        if gap_text:
            title += f"<br><sup>{gap_text}</sup>"
    fig.update_layout(
        title={"text": title, "x": 0.01}, height=430, margin={"l": 50, "r": 10, "t": 70, "b": 40},
        hovermode="closest", plot_bgcolor="white", separators=",.",
        legend={"orientation": "h", "y": -0.15}, xaxis={"gridcolor": "#eee", "tickformat": "d"},
        yaxis={"gridcolor": "#eee", "tickformat": ",.1f"},
    )  # fmt: skip
    # a tick each year while the years are few; over more, Plotly thins them to what the width
    # holds (every year on a projector, every fifth on a phone) instead of cutting each label
    xs = [float(x) for tr in fig.data for x in (tr.x or ()) if x is not None]
    if xs and max(xs) - min(xs) <= TAHUN_SETIAP:
        fig.update_xaxes(dtick=1)
    src = sumber_text(pd.concat(used)) if used else "Sumber: –"
    if tgt is not None and len(tgt):
        src += "; target: " + "; ".join(dict.fromkeys(str(x) for x in tgt["dokumen"].dropna()))
    return fig, src


def peringkat_figure(ws: Workspace, key: str, tahun: int) -> tuple[go.Figure, str]:
    """The kabupaten/kota of the province ranked on ``key`` in ``tahun`` (one series only).

    Parameters
    ----------
    ws : Workspace
    key : str
        The indicator.
    tahun : int
        The year ranked.

    Returns
    -------
    tuple of (Figure, str)
        The bar chart and its "Sumber: …" line.
    """
    kab = ws.wilayah.kabupaten
    ranked = peringkat_kabupaten(ws.indikator, kab, key, tahun)
    seri, peers = ranked.seri, ranked.tabel.iloc[::-1]  # the best bar at the top
    ind = pick_periode(ws.indikator[ws.indikator["indikator"] == key], key)
    ind = ind[ind["tahun"] == tahun]
    d = _digits(key)
    colours = [COLOURS["kabupaten"] if k == kab else "#9bb0d3" for k in peers["kode_wilayah"]]
    fig = go.Figure(
        go.Bar(
            x=peers["nilai"], y=peers["nama_wilayah"], orientation="h", marker={"color": colours},
            # the value inside the bar's end (bars start at zero, so it always fits and is never
            # cut at the frame's edge on a phone); Plotly gives it the colour that reads on the bar
            text=[angka(v, d) for v in peers["nilai"]], textposition="inside",
            insidetextanchor="end", hovertemplate="%{y}: %{text}<extra></extra>", showlegend=False,
        )
    )  # fmt: skip
    for kode, nama, role in comparison_areas(ws)[1:]:
        ref = ind[
            (ind["kode_wilayah"] == kode) & ((ind["seri"] == seri) if seri else ind["seri"].isna())
        ]
        if len(ref):
            v = float(ref["nilai"].iloc[0])
            # named in the legend, not beside the line: the province's and Indonesia's values are
            # often close, and their names would sit on each other
            line = {"color": COLOURS[role], "dash": "dash"}
            fig.add_vline(x=v, line=line, layer="below")  # not across the values in the bars
            fig.add_scatter(x=[None], y=[None], mode="lines", line=line,
                            name=f"{nama}: {angka(v, d)}", hoverinfo="skip")  # fmt: skip
    rank = ""
    if kab in set(peers["kode_wilayah"]):
        pos = list(peers["kode_wilayah"])[::-1].index(kab) + 1
        rank = f" — {ws.config.nama} peringkat {pos} dari {len(peers)}"
    hi = float(peers["nilai"].max()) if len(peers) else 1
    fig.update_layout(
        title={"text": f"Peringkat kabupaten/kota {tahun}: {_nama(key)}"
               + (f" ({SERI_LABEL.get(seri, seri)})" if seri else "") + f"<br><sup>{rank.strip(' —')}</sup>", "x": 0.01},
        height=max(300, 28 * len(peers) + 170), margin={"l": 10, "r": 20, "t": 80, "b": 90},
        plot_bgcolor="white", xaxis={"range": [0, hi * 1.05 + 0.01]},  # bars from zero: length is the value
        yaxis={"automargin": True},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
    )  # fmt: skip
    return fig, (sumber_text(peers) if len(peers) else "Sumber: –")


def lokal_options(ws: Workspace) -> list[tuple[str, str]]:
    """The indicators given per kecamatan or desa, for the map dropdown.

    Parameters
    ----------
    ws : Workspace

    Returns
    -------
    list of (str, str)
        (label, ``"key|level"``) pairs.
    """
    ind = ws.indikator
    local = ind[ind["level"].isin(["kecamatan", "desa"])]
    return [
        (f"{_nama(k)} ({lvl})", f"{k}|{lvl}")
        for (k, lvl) in sorted(set(zip(local["indikator"], local["level"], strict=True)))
    ]


def konteks_html(ws: Workspace, tahun: int) -> str:
    """The indicator context table: latest IPM, P0, TPT of kabupaten, province, Indonesia and target.

    One line per indicator: its main row by the one context rule
    (:func:`planlib.kesenjangan.konteks`, as the deck and the shared HTML
    view): every area and the target in the same series.

    Parameters
    ----------
    ws : Workspace
    tahun : int
        The planning year: the kabupaten's RPJMD target of that year is shown.

    Returns
    -------
    str
        HTML.
    """
    rows = []
    areas = comparison_areas(ws)
    k = konteks(ws.indikator, ws.target_rpjmd, ws.wilayah.kabupaten, UTAMA)
    for r in k[k["utama"].astype(bool)].to_dict("records"):
        key = str(r["indikator"])
        d = _digits(key)
        cells = [f"<td>{html.escape(_nama(key))}</td>"]
        for role in PERAN:
            y = r[f"tahun_{role}"]
            cells.append(
                "<td>–</td>"
                if y is None
                else f"<td class='n'>{angka(r[f'nilai_{role}'], d)} ({int(y)})</td>"
            )
        t = r["target"].get(tahun)
        cells.append("<td>–</td>" if t is None else f"<td class='n'>{angka(t, d)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        return "<p>Workspace ini belum punya data indikator.</p>"
    head = "".join(f"<th>{html.escape(n)}</th>" for _, n, _ in areas)
    src = sumber_text(ws.indikator[ws.indikator["indikator"].isin(UTAMA)])
    return (
        CSS
        + f"<h3>Konteks indikator {html.escape(ws.config.nama)}</h3><table class='planlib-table' tabindex='0'>"
        f"<thead><tr><th>Indikator</th>{head}<th>Target RPJMD {tahun}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p class='planlib-sumber'>Nilai terakhir yang tersedia (tahun dalam kurung); IPM seri revisi 2024 bila ada. "
        f"{html.escape(src)}</p>"
    )


#: The indicator data's download: one row per area, year and series.
DATA_XLSX = [
    ("Kode wilayah", "kode_wilayah", "t"), ("Wilayah", "nama_wilayah", "t"), ("Tingkat", "level", "t"),
    ("Tahun", "tahun", "n"), ("Periode", "periode", "t"), ("Seri", "seri", "t"),
    ("Nilai", "nilai", "n"), ("Satuan", "satuan", "t"), ("Sumber", "sumber", "t"),
]  # fmt: skip


class IndikatorView:
    """The Indikator dashboard: the kabupaten against province and Indonesia, and the map."""

    def __init__(self, ws: Workspace, tahun: int):
        self.ws = ws
        self.tahun = tahun  # the planning year: the gap to the target is read up to it
        self.fig: go.Figure = go.Figure()
        opts = indikator_options(ws)
        if not opts:
            raise ValueError(
                "Workspace ini belum punya data indikator untuk kabupatennya ([indikator] di planlib.toml)."
            )
        self.w_ind = dropdown("Indikator", opts, opts[0][1], "420px")
        self.tren = w.Output()
        self.tren_src = w.HTML()
        self.w_tahun = dropdown("Tahun", [], None, "160px")
        self.rank = w.Output()
        self.rank_src = w.HTML()
        lok = lokal_options(ws)
        self.w_lokal = dropdown(
            "Peta", lok or [("(tidak ada)", None)], lok[0][1] if lok else None, "420px"
        )
        self.w_lokal_tahun = dropdown("Tahun", [], None, "160px")
        dapils = sorted(ws.kecamatan["dapil"].dropna().unique())
        self.w_dapil = dropdown("Dapil", ["(semua)", *dapils], "(semua)", "220px")
        self.map_box, self.map_hp_box = map_boxes()
        self.map_src = w.HTML()
        self._map_level = None
        self._displayed = False
        self.fig_hp: go.Figure | None = None
        self.w_ind.observe(lambda c: self.refresh_indikator(), "value")
        self._busy = False
        self.w_tahun.observe(lambda c: None if self._busy else self.refresh_rank(), "value")
        self.w_lokal.observe(lambda c: self.refresh_map(new_layer=True), "value")
        self.w_lokal_tahun.observe(lambda c: None if self._busy else self.refresh_map(), "value")
        self.w_dapil.observe(lambda c: self.refresh_map(), "value")
        self.refresh_indikator()
        self.refresh_map(new_layer=True)

    def apply_link(self, params: dict[str, str]) -> None:
        """Apply the link parameters ``indikator``, ``tahun`` (ranking year) and ``dapil``.

        Parameters
        ----------
        params : dict of str to str
            The link's parameters; an indicator, year or dapil the view does not
            offer is ignored, and so are other names.
        """
        key = params.get("indikator")
        if key in {v for _, v in self.w_ind.options}:
            self.w_ind.value = key
        t = params.get("tahun")
        if t and t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        d = params.get("dapil")
        if d:
            from ..choices import match_dapil

            m = match_dapil(self.ws, d)
            if m is not None:
                self.w_dapil.value = m

    def finish(self) -> None:
        """Show the map once everything (link parameters included) is applied."""
        self._displayed = True
        if self._map_level is not None:
            self.fig = show(self.map_box, self.fig)
            if self.fig_hp is not None:
                show(self.map_hp_box, self.fig_hp)

    def refresh_indikator(self) -> None:
        """Draw the trend of the chosen indicator and refill the ranking's years."""
        key = self.w_ind.value
        fig, src = tren_figure(self.ws, key, self.tahun)
        draw(self.tren, fig)
        self.tren_src.value = f"<p class='planlib-sumber'>{html.escape(src)}</p>"
        ind = self.ws.indikator
        kab_years = sorted(
            ind.loc[
                (ind["indikator"] == key) & (ind["kode_wilayah"] == self.ws.wilayah.kabupaten),
                "tahun",
            ]
            .astype(int)
            .unique()
        )
        keep = self.w_tahun.value
        self._busy = True  # one ranking figure per change: a widget replaced while it loads fails
        try:
            self.w_tahun.options = kab_years
            self.w_tahun.value = (
                keep if keep in kab_years else (kab_years[-1] if kab_years else None)
            )
        finally:
            self._busy = False
        self.refresh_rank()

    def refresh_rank(self) -> None:
        """Draw the ranking of the chosen year."""
        if self.w_tahun.value is None:
            return
        fig, src = peringkat_figure(self.ws, self.w_ind.value, int(self.w_tahun.value))
        draw(self.rank, fig)
        self.rank_src.value = f"<p class='planlib-sumber'>{html.escape(src)}</p>"

    def refresh_map(self, new_layer: bool = False) -> None:
        """Draw the kecamatan/desa map (``new_layer``: another indicator or level was chosen).

        Parameters
        ----------
        new_layer : bool
            Rebuild the base map and the list of years (another indicator or level
            was chosen); otherwise only the colours, the focus and the title change.
        """
        if self.w_lokal.value is None:
            msg = "<p>Tidak ada indikator tingkat kecamatan/desa di workspace ini.</p>"
            self.map_box.children = [w.HTML(msg)]
            self.map_hp_box.children = [w.HTML(msg)]
            return
        key, level = self.w_lokal.value.split("|")
        if level == "desa" and self.ws.desa is None:
            msg = "<p>Workspace ini tidak punya poligon desa.</p>"
            self.map_box.children = [w.HTML(msg)]
            self.map_hp_box.children = [w.HTML(msg)]
            return
        ind = self.ws.indikator
        rows = ind[(ind["indikator"] == key) & (ind["level"] == level)]
        if new_layer or self._map_level != level:
            years = sorted(rows["tahun"].astype(int).unique())
            self._busy = True
            try:
                self.w_lokal_tahun.options = years
                self.w_lokal_tahun.value = years[-1] if years else None
            finally:
                self._busy = False
            disp = self.ws.display(level)
            dapil = self.ws.kecamatan.set_index("kode")["dapil"]
            kec_code = (
                disp["kode"] if level == "kecamatan" else disp["kode"].str.rsplit(".", n=1).str[0]
            )
            self.areas = disp.assign(dapil=kec_code.map(dapil)).reset_index(drop=True)
            self.base = maps.base_map(self.areas, dapil="dapil", label_dapil=False, height=520)
            # a fixed width: the names are placed in its pixels (a phone scrolls the map in its frame)
            self.base.update_layout(width=LEBAR_PETA + 130, margin={"r": 130})
            self.n_fixed = len(self.base.data)
            self._map_level = level
        t = self.w_lokal_tahun.value
        vals = (
            rows[rows["tahun"] == t]
            .drop_duplicates("kode_wilayah")
            .set_index("kode_wilayah")["nilai"]
        )
        v = self.areas["kode"].map(vals)
        better = INDIKATOR.get(key, {}).get("lebih_baik")
        scale = scales.indicator_scale(better)
        lo, hi = (float(v.min()), float(v.max())) if v.notna().any() else (0.0, 1.0)
        # colour on the range of the data so that differences show
        norm = (v - lo) / ((hi - lo) or 1) * 0.9 + 0.1
        fill = scales.colours(norm.where(v.notna()), 1.0, scale)
        d = 4 if key == "idm" else 1
        hover = [
            f"<b>{html.escape(a['nama'])}</b><br>{html.escape(_nama(key))} {t}: "
            + (angka(v[i], d) if pd.notna(v[i]) else "tidak ada data")
            for i, a in self.areas.iterrows()
        ]
        dsel = None if self.w_dapil.value == "(semua)" else self.w_dapil.value
        sel = (self.areas["dapil"] == dsel).tolist() if dsel else None
        # each change draws a fresh figure
        self.fig = go.Figure(self.base)
        with self.fig.batch_update():
            maps.restyle(self.fig, len(self.areas), fill.tolist(), hover, sel)
            # colours run over 0,1–1 of the data range (0 is "no data"); label the ticks in data units
            ticks = [lo + (max(t, 0.1) - 0.1) / 0.9 * (hi - lo) for t in np.linspace(0, 1, 5)]
            legend = maps.legend_traces(
                empty_label="Tidak ada data", no_dapil=False, vmax=1.0,
                colorbar_title=wrap_title(_nama(key), 150, 13), colorscale=scale,
                ticktext=[angka(x, desimal(key)) for x in ticks],
            )  # fmt: skip
            # zoom to the chosen Dapil, then name the areas for that view (the kecamatan over desa)
            self.view = maps.zoom(self.fig, self.areas, sel)
            names = self.ws.kecamatan if level == "desa" else None
            for tr in [
                *map_names.labels(self.areas, self.view, fill.tolist(), names=names),
                *legend,
            ]:
                self.fig.add_trace(tr)
            self.fig.layout.title = {
                "text": f"{_nama(key)} per {level} — {t}" + (f" — {dsel}" if dsel else ""),
                "x": 0.01,
            }
        self.map_src.value = (
            f"<p class='planlib-sumber'>{html.escape(sumber_text(rows[rows['tahun'] == t]))}</p>"
        )
        self.fig_hp = phone_map(self.fig, self.areas, fill.tolist(), sel, names=names)
        if self._displayed:
            self.fig = show(self.map_box, self.fig)
            show(self.map_hp_box, self.fig_hp)

    def _data_xlsx(self) -> tuple[bytes, str]:
        """Every value of the chosen indicator (all areas, years and series) as xlsx."""
        key = self.w_ind.value
        rows = self.ws.indikator[self.ws.indikator["indikator"] == key]
        rows = rows.sort_values(["level", "kode_wilayah", "tahun"], kind="stable")
        title = f"{_nama(key)} — {self.ws.config.nama}"
        return table_xlsx(rows, DATA_XLSX, title), file_name("indikator", key, ext="xlsx")

    def widget(self) -> w.Widget:
        """The dashboard's layout.

        Returns
        -------
        ipywidgets.VBox
            The header, the trend, the ranking and the kecamatan/desa map, each
            with its filter and its source line.
        """
        return w.VBox(
            [
                header("Indikator pembangunan", self.ws, "IPM, kemiskinan (P0) dan pengangguran (TPT)"),
                self.w_ind, self.tren, self.tren_src,
                download_button("Unduh data indikator (xlsx)", self._data_xlsx),
                self.w_tahun, self.rank, self.rank_src,
                w.HTML("<h3>Indikator kecamatan/desa</h3>"),
                w.HBox([self.w_lokal, self.w_lokal_tahun, self.w_dapil]), self.map_box, self.map_hp_box, self.map_src,
            ]
        )  # fmt: skip


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Indikator dashboard (link parameters: ``indikator``, ``tahun``, ``dapil``).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; the demo by default.
    tahun : int
        The planning year (the gap to the RPJMD target is read up to it).

    Returns
    -------
    Widget
    """
    return open_view(workspace, lambda ws: IndikatorView(ws, tahun))

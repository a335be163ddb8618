"""Rakerda: the year's performance by bidang and OPD, and the faktor recorded in the room.

For the budget year of the notebook, at the triwulan chosen (the latest by default):

- the scorecard per bidang and per OPD (:func:`planlib.rakerda.rakerda`):
  keuangan, fisik, capaian keluaran and the Permendagri 86/2017 band, each
  band in a colour-blind-safe colour *and* its word;
- the trend over the triwulan (:func:`planlib.rakerda.tren`) and the OPDs
  ranked (:func:`planlib.rakerda.peringkat`);
- the RPJMD indicators of each bidang against their targets, by the gap rule
  of the indicator dashboard (:func:`planlib.rakerda.indikator_bidang`);
- realisasi fisik on the map, per kecamatan, for sub kegiatan with a lokasi
  (:func:`planlib.rakerda.per_kecamatan`);
- the faktor pendorong / penghambat recorded during the Rakerda per OPD, kept
  in ``rakerda.sqlite`` (:mod:`planlib.faktor`), beside those the OPDs wrote
  in the export;
- the sub kegiatan far behind schedule (:func:`planlib.rakerda.tertinggal`),
  as input for next year's RKPD.

The bidang filter narrows every part to one bidang.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .. import rakerda as rk
from ..faktor import JENIS, FaktorStore
from ..formatting import angka, rupiah, waktu, zona_waktu
from ..formatting import persen as _persen
from ..rakerda.display import (
    CSS,
    ROMAWI,
    UKURAN_LABEL,
    indikator_html,
    peringkat_figure,
    persen,
    scorecard_html,
    tren_figure,
)
from ..report import PlanlibError
from ..viz import map_names, maps, scales
from ..workspace import Workspace
from .layout import (
    LEBAR_PETA,
    card,
    download_button,
    draw,
    dropdown,
    file_name,
    header,
    html_table,
    map_boxes,
    phone_map,
    show,
    table_xlsx,
)
from .voila import guarded, open_view

SEMUA = "(semua bidang)"


def waktu_text(stored: str, zona: str | None = None) -> str:
    """A stored UTC timestamp as a reader sees it, in local time.

    Parameters
    ----------
    stored : str
        ISO 8601 UTC time, e.g. ``2026-12-01T23:45:10.123+00:00``.
    zona : str, optional
        WIB, WITA or WIT (:func:`planlib.formatting.zona_waktu`); WIB by default.

    Returns
    -------
    str
        ``"2 Desember 2026, 06.45 WIB"``; ``"–"`` for anything that is not such a timestamp.
    """
    return waktu(stored, zona)


class RakerdaView:
    """The Rakerda dashboard for one workspace and budget year."""

    def __init__(self, ws: Workspace, tahun: int):
        real = ws.realisasi.get(tahun)
        if real is None or real.empty:
            ada = ", ".join(str(t) for t, df in ws.realisasi.items() if len(df)) or "tidak ada"
            raise ValueError(
                f"Workspace ini belum punya data realisasi tahun {tahun} ([realisasi] di "
                f"planlib.toml; tahun yang ada: {ada})."
            )
        self.ws, self.tahun, self.realisasi = ws, tahun, real
        self.rules = ws.bidang_rules
        self.tren = rk.tren(real, tahun, self.rules, ws.config.nama)
        self.store = FaktorStore(ws.root)
        tws = sorted(int(t) for t in self.tren["triwulan"].unique())
        bidang = self.tren.loc[self.tren["tingkat"] == "bidang", "nama"].drop_duplicates()
        self.w_bidang = dropdown("Bidang", [SEMUA, *bidang], SEMUA, "340px")
        self.w_tw = dropdown("Triwulan", [(f"TW {ROMAWI[t]}", t) for t in tws], tws[-1], "190px")
        self.w_ukuran = dropdown(
            "Peringkat", [(v, k) for k, v in UKURAN_LABEL.items()], "capaian_keluaran", "320px"
        )
        self.cards = w.HTML()
        self.skor = w.HTML()
        self.tren_out = w.Output()
        self.rank_out = w.Output()
        self.indikator = w.HTML()
        self.map_box, self.map_hp_box = map_boxes()
        self.map_note = w.HTML()
        self.tertinggal = w.HTML()
        self.faktor_tabel = w.HTML()
        self.faktor_laporan = w.HTML()
        self.w_opd = dropdown("OPD", [], None, "560px")
        self.w_jenis = w.ToggleButtons(
            options=[(j.capitalize(), j) for j in JENIS], description="Jenis"
        )
        self.w_faktor = w.Text(description="Faktor", layout=w.Layout(width="760px"))
        self.w_oleh = w.Text(
            description="Pencatat", placeholder="nama notulis", layout=w.Layout(width="300px")
        )
        # nothing to record until the faktor and its pencatat are written (the page also sees, by the
        # button turning active, that both texts have reached the kernel)
        self.b_catat = w.Button(description="Catat faktor", button_style="primary", disabled=True)
        for wd in (self.w_faktor, self.w_oleh):
            wd.observe(lambda _c: self._record_ready(), "value")
        self.pesan = w.HTML()
        self.b_catat.on_click(lambda _b: self._act(self._record))
        self._map_fig: go.Figure | None = None
        self._areas: pd.DataFrame | None = None
        self._displayed = False
        for wd in (self.w_bidang, self.w_tw):
            wd.observe(lambda _c: self.refresh(), "value")
        self.w_ukuran.observe(lambda _c: self.refresh_rank(), "value")
        self.refresh()

    # ------------------------------------------------------------------ state
    @property
    def bidang(self) -> str | None:
        """The bidang chosen, or None for all."""
        return None if self.w_bidang.value == SEMUA else str(self.w_bidang.value)

    def table(self) -> pd.DataFrame:
        """The Rakerda table at the chosen triwulan, narrowed to the chosen bidang.

        Returns
        -------
        DataFrame
            Rows of :func:`planlib.rakerda.tren` for that triwulan (all bidang when none chosen).
        """
        t = self.tren[self.tren["triwulan"] == self.w_tw.value]
        if self.bidang is not None:
            t = t[t["bidang"] == self.bidang]
        return t.reset_index(drop=True)

    def opd(self) -> list[str]:
        """The OPDs of the chosen bidang (all when none is chosen).

        Returns
        -------
        list of str
            OPD names, in the table's order.
        """
        t = self.table()
        return t.loc[t["tingkat"] == "opd", "nama"].astype(str).tolist()

    def apply_link(self, params: dict[str, str]) -> None:
        """Apply the link parameters ``bidang`` and ``triwulan`` (1–4).

        Parameters
        ----------
        params : dict of str to str
            The link's query parameters; unknown values are ignored.
        """
        b = params.get("bidang")
        if b and b in self.w_bidang.options:
            self.w_bidang.value = b
        t = params.get("triwulan")
        if t and t.isdigit() and int(t) in {v for _, v in self.w_tw.options}:
            self.w_tw.value = int(t)

    def finish(self) -> None:
        """Show the map once the filters are set."""
        self._displayed = True
        self.refresh_map()

    def on_viewer(self) -> None:
        """A preheated kernel was built before the viewer came: show the faktor as they are now."""
        self.refresh_faktor()

    # ------------------------------------------------------------------ views
    def refresh(self) -> None:
        """Redraw every part for the chosen bidang and triwulan."""
        t = self.table()
        top = t.iloc[0] if len(t) else None
        if top is not None:
            self.cards.value = (
                card(rupiah(top["pagu"]), "pagu")
                + card(
                    f"{rupiah(top['realisasi_keuangan'])} ({persen(top['persen_keuangan'])})",
                    "realisasi keuangan",
                )  # fmt: skip
                + card(
                    f"{persen(top['realisasi_fisik'])} / {persen(top['target_fisik'])}",
                    "realisasi / target fisik",
                )  # fmt: skip
                + card(
                    f"{persen(top['capaian_keluaran'])} — {top['kategori'] or 'tidak dinilai'}",
                    "capaian keluaran, kategori",
                )  # fmt: skip
            )
        self.skor.value = CSS + scorecard_html(t)
        nama = self.bidang or self.ws.config.nama
        tingkat = "bidang" if self.bidang else "kabupaten"
        line = self.tren[(self.tren["tingkat"] == tingkat) & (self.tren["nama"] == nama)]
        judul = f"Perkembangan per triwulan — {'bidang ' + nama if self.bidang else nama}"
        draw(self.tren_out, tren_figure(line, judul))
        self.refresh_rank()
        self.indikator.value = indikator_html(
            rk.indikator_bidang(
                self.ws.indikator,
                self.ws.target_rpjmd,
                self.tahun,
                self.ws.wilayah.kabupaten,
                self.bidang,
            )  # fmt: skip
        )
        self.refresh_tertinggal()
        keep = self.w_opd.value
        opd = self.opd()
        self.w_opd.options = opd
        self.w_opd.value = keep if keep in opd else (opd[0] if opd else None)
        self.refresh_faktor()
        if self._displayed:
            self.refresh_map()

    def refresh_rank(self) -> None:
        """Draw the OPD ranking on the chosen measure."""
        ranked = rk.peringkat(self.table(), self.w_ukuran.value, self.bidang)
        draw(self.rank_out, peringkat_figure(ranked, self.w_ukuran.value))

    def refresh_tertinggal(self) -> None:
        """List the sub kegiatan far behind schedule (input for next year's RKPD)."""
        df = rk.tertinggal(self.realisasi, self.tahun, self.w_tw.value, bidang_rules=self.rules)
        if self.bidang is not None:
            df = df[df["bidang"] == self.bidang]
        df = df.assign(
            harapan=df["harapan_fisik"].map(persen), fisik=df["realisasi_fisik"].map(persen),
            gap=df["selisih"].map(lambda v: f"{angka(v, 1)} poin"),
        )  # fmt: skip
        head = (
            f"<h3>Sub kegiatan tertinggal — bahan RKPD {self.tahun + 1}</h3>"
            f"<p>{angka(len(df))} sub kegiatan dengan realisasi fisik sedikitnya "
            f"{angka(rk.SELISIH_TERTINGGAL)} poin di bawah harapan triwulan ini.</p>"
        )
        self.tertinggal.value = head + html_table(
            df,
            [("OPD", "opd", "t"), ("Sub kegiatan", "sub_kegiatan", "t"), ("Lokasi", "lokasi", "t"),
             ("Pagu", "pagu", "rp"), ("Harapan fisik", "harapan", "t"), ("Realisasi fisik", "fisik", "t"),
             ("Selisih", "gap", "t"), ("Faktor penghambat (laporan)", "faktor_penghambat", "t"),
             ("Catatan", "catatan", "t")],
        )  # fmt: skip

    def refresh_faktor(self) -> None:
        """The faktor recorded in this Rakerda, and those written in the export."""
        opd = set(self.opd())
        cur = self.store.current(self.tahun)
        cur = cur[cur["opd"].isin(opd)].assign(
            jenis_teks=lambda d: d["jenis"].str.capitalize(), kapan=lambda d: d["waktu"].map(
                lambda t: waktu_text(t, zona_waktu(self.ws.wilayah.kabupaten)))
        )  # fmt: skip
        self.faktor_tabel.value = (
            f"<p>{angka(len(cur))} faktor tercatat dalam Rakerda ini.</p>"
            + html_table(
                cur,
                [
                    ("OPD", "opd", "t"),
                    ("Jenis", "jenis_teks", "t"),
                    ("Faktor", "faktor", "t"),
                    ("Pencatat", "oleh", "t"),
                    ("Waktu", "kapan", "t"),
                ],
            )  # fmt: skip
        )
        lap = rk.faktor_laporan(self.realisasi, self.tahun, self.w_tw.value)
        lap = lap[lap["opd"].isin(opd)].assign(jenis_teks=lambda d: d["jenis"].str.capitalize())
        self.faktor_laporan.value = "<h4>Faktor yang ditulis OPD di laporan realisasi</h4>" + html_table(
            lap,
            [("OPD", "opd", "t"), ("Jenis", "jenis_teks", "t"), ("Faktor", "faktor", "t"),
             ("Sub kegiatan", "jumlah", "n")],
        )  # fmt: skip

    def refresh_map(self) -> None:
        """Realisasi fisik per kecamatan of the sub kegiatan with a lokasi."""
        if self.ws.kecamatan.geometry.notna().sum() == 0:
            msg = "<p>Workspace ini tidak punya poligon kecamatan.</p>"
            self.map_box.children = [w.HTML(msg)]
            self.map_hp_box.children = [w.HTML(msg)]
            return
        if self._areas is None:
            self._areas = self.ws.display("kecamatan").reset_index(drop=True)
            self._base = maps.base_map(self._areas, dapil="dapil", label_dapil=False, height=520)
            # a fixed width: the names are placed in its pixels (a phone scrolls the map in its frame)
            self._base.update_layout(width=LEBAR_PETA + 130, margin={"r": 130})
        areas = self._areas
        per = rk.per_kecamatan(self.realisasi, self.tahun, self.w_tw.value, opd=self.opd())
        per = per.set_index("kode_kecamatan").reindex(areas["kode"])
        scale = scales.indicator_scale("naik")  # realisasi: higher is better
        fill = scales.colours(per["realisasi_fisik"].reset_index(drop=True), 100.0, scale)
        hover = []
        for nama, r in zip(areas["nama"], per.to_dict("records"), strict=True):
            if pd.isna(r["jumlah_sub_kegiatan"]):
                hover.append(f"<b>{html.escape(str(nama))}</b><br>tidak ada sub kegiatan berlokasi")
            else:
                hover.append(
                    f"<b>{html.escape(str(nama))}</b><br>{angka(r['jumlah_sub_kegiatan'])} sub "
                    f"kegiatan<br>pagu {rupiah(r['pagu'])}<br>keuangan {persen(r['persen_keuangan'])}"
                    f"<br>fisik {persen(r['realisasi_fisik'])} (target {persen(r['target_fisik'])})"
                )
        fig = go.Figure(self._base)
        with fig.batch_update():
            maps.restyle(fig, len(areas), fill.tolist(), hover)
            for tr in map_names.labels(areas, maps.zoom(fig, areas), fill.tolist()):
                fig.add_trace(tr)
            for tr in maps.legend_traces(
                empty_label="Tidak ada sub kegiatan berlokasi", no_dapil=False, vmax=100.0,
                colorbar_title="Realisasi fisik", colorscale=scale,
                tickformat=lambda x: _persen(x, 0),
            ):  # fmt: skip
                fig.add_trace(tr)
            scope = f" — bidang {self.bidang}" if self.bidang else ""
            fig.layout.title = {
                "text": f"Realisasi fisik per kecamatan — TW {ROMAWI[int(self.w_tw.value)]}{scope}",
                "x": 0.01,
            }
        n = int(per["jumlah_sub_kegiatan"].notna().sum())
        self.map_note.value = (
            f"<p class='planlib-sumber'>{angka(n)} kecamatan dengan sub kegiatan berlokasi; sub "
            "kegiatan tanpa lokasi tidak tampil di peta. Sumber: laporan realisasi (e-Monev).</p>"
        )
        self._map_fig = show(self.map_box, fig)
        show(self.map_hp_box, phone_map(fig, areas, fill.tolist()))

    # ------------------------------------------------------------------ actions
    def _act(self, action: Callable[[], None]) -> None:
        try:
            action()
        except PlanlibError as e:
            self.pesan.value = f"<div class='planlib-pesan'>{html.escape(str(e))}</div>"

    def _record_ready(self) -> None:
        """Make *Catat faktor* active when both the faktor and the pencatat are written."""
        self.b_catat.disabled = not (self.w_faktor.value.strip() and self.w_oleh.value.strip())

    def _record(self) -> None:
        if self.w_opd.value is None:
            raise PlanlibError("Pilih OPD lebih dahulu.")
        known = self.tren.loc[self.tren["tingkat"] == "opd", "nama"].astype(str)
        self.store.record(
            self.tahun, self.w_opd.value, self.w_jenis.value, self.w_faktor.value,
            self.w_oleh.value, known_opd=known,
        )  # fmt: skip
        pesan = (
            f"<p>Tercatat: faktor {html.escape(self.w_jenis.value)} "
            f"{html.escape(str(self.w_opd.value))}.</p>"
        )
        self.w_faktor.value = ""
        self.refresh_faktor()
        self.pesan.value = pesan  # after the list: "Tercatat" shows once the list shows it

    def _scorecard_xlsx(self) -> tuple[bytes, str]:
        """The scorecard at the chosen triwulan and bidang, every row, as xlsx.

        Returns
        -------
        tuple of (bytes, str)
            The workbook and its file name.
        """
        tw = int(self.w_tw.value)
        data = table_xlsx(self.table(), SKOR_XLSX,
                          f"Rakerda {self.tahun}, triwulan {ROMAWI[tw]} — {self.ws.config.nama}")  # fmt: skip
        return data, file_name("rakerda", self.tahun, f"tw{tw}", self.bidang, ext="xlsx")

    def _deck(self) -> list[tuple[bytes, str]]:
        """The Rakerda deck (``planlib deck --rakerda``) at the chosen triwulan, as .pptx and .pdf.

        Returns
        -------
        list of (bytes, str)
            The .pptx and the .pdf with their file names.
        """
        from ..documents import deck

        tw = int(self.w_tw.value)
        d = deck.rakerda_deck(self.ws, self.tahun, tw)
        return deck.deck_files(d, file_name("deck-rakerda", self.tahun, f"tw{tw}"))

    def widget(self) -> w.Widget:
        """The dashboard's layout.

        Returns
        -------
        ipywidgets.Widget
            Filters, cards, scorecard, trend, ranking, indicators, map, tertinggal and the
            faktor form, as one box.
        """
        tw = ROMAWI[int(self.w_tw.value)]
        form = w.VBox([
            w.HTML("<h3>Faktor pendorong dan penghambat (dicatat dalam Rakerda)</h3>"),
            self.w_opd, self.w_jenis, self.w_faktor, w.HBox([self.w_oleh, self.b_catat]),
            self.pesan, self.faktor_tabel, self.faktor_laporan,
        ])  # fmt: skip
        return w.VBox([
            header("Rakerda: kinerja per bidang", self.ws,
                   f"Realisasi fisik dan keuangan tahun anggaran {self.tahun} (s.d. triwulan {tw} "
                   "bila tidak dipilih lain)"),
            w.HBox([self.w_bidang, self.w_tw,
                    download_button("Unduh deck Rakerda (pptx + PDF)", self._deck)]), self.cards,
            w.HTML("<h3>Kartu nilai per bidang dan OPD</h3><p class='planlib-sumber'>Kategori "
                   "Permendagri 86/2017: sangat tinggi ≥ 91 %, tinggi 76–90, sedang 66–75, rendah "
                   "51–65, sangat rendah ≤ 50.</p>"),
            self.skor, download_button("Unduh kartu nilai (xlsx)", self._scorecard_xlsx),
            self.tren_out, self.w_ukuran, self.rank_out,
            w.HTML("<h3>Indikator RPJMD per bidang</h3>"), self.indikator,
            w.HTML("<h3>Realisasi di peta</h3>"), self.map_box, self.map_hp_box, self.map_note,
            self.tertinggal, form,
        ])  # fmt: skip


#: The scorecard's download: the columns of :func:`planlib.rakerda.rakerda`.
SKOR_XLSX = [
    ("Tingkat", "tingkat", "t"), ("Nama", "nama", "t"), ("Bidang", "bidang", "t"),
    ("Sub kegiatan", "jumlah_sub_kegiatan", "n"), ("Pagu", "pagu", "rp"),
    ("Realisasi keuangan", "realisasi_keuangan", "rp"), ("% keuangan", "persen_keuangan", "n"),
    ("Kategori keuangan", "kategori_keuangan", "t"), ("Target fisik (%)", "target_fisik", "n"),
    ("Realisasi fisik (%)", "realisasi_fisik", "n"), ("Capaian keluaran (%)", "capaian_keluaran", "n"),
    ("Kategori", "kategori", "t"), ("Catatan", "catatan", "t"),
]  # fmt: skip


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Rakerda dashboard (link parameters: ``bidang``, ``triwulan``).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; the demo by default.
    tahun : int
        The budget year evaluated.

    Returns
    -------
    Widget
    """
    return open_view(workspace, lambda ws: RakerdaView(ws, tahun))

"""Forum Lintas Perangkat Daerah: where OPD meet, and usulan proposed again and again.

- **Irisan OPD**: an OPD × OPD matrix of the desa (or isu, or the same isu in
  the same desa) that the usulan and Renja sub-kegiatan of two OPD both reach
  (:mod:`planlib.forum.overlap`); choosing two OPD lists what lies behind the
  cell, so an usulan one OPD cannot take can be moved to the other.
- **Usulan berulang**: usulan that are the same request, within a year and
  across years (:mod:`planlib.forum.lineage`), with how often each was
  proposed and what became of it each year.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from .. import ranking, rekap
from ..formatting import angka, persen
from ..forum import lineage, overlap
from ..viz import figures
from ..workspace import Workspace
from .layout import (
    card,
    download_button,
    draw,
    dropdown,
    file_name,
    header,
    html_table,
    table_xlsx,
)
from .voila import TANPA_USULAN, guarded, open_view

BY = [("Desa dan isu yang sama", "desa_isu"), ("Desa yang sama", "desa"), ("Isu yang sama", "isu")]
#: what one cell counts, per kind of overlap
NOUN = {"desa_isu": "pasangan desa–isu", "desa": "desa", "isu": "isu"}
ROWS = 200


class LintasPD:
    """The Forum Lintas PD view for one workspace."""

    def __init__(self, ws: Workspace, tahun: int) -> None:
        if not ws.usulan:
            raise ValueError(TANPA_USULAN)
        self.ws = ws
        years = ws.tahun
        self.w_tahun = dropdown("Tahun", years, tahun if tahun in years else years[-1], "170px")
        self.w_by = dropdown("Irisan", BY, "desa_isu", "300px")
        self.w_a = dropdown("OPD A", [], None, "430px")
        self.w_b = dropdown("OPD B", [], None, "430px")
        # on a phone the cells are too small for their counts: layout.CSS leaves the counts out
        # there (the colours stay, a tap shows the count)
        self.matrix_out = w.Output()
        self.matrix_out.add_class("planlib-matriks")
        self.items = w.HTML()
        self.w_kec = dropdown("Kecamatan", [], None, "300px")
        self.w_min = dropdown("Diusulkan", [("≥ 2 tahun", 2), ("3 tahun", 3)], 2, "200px")
        self.cards = w.HTML()
        self.ulang = w.HTML()
        self.w_tahun.observe(lambda _c: self.refresh(), "value")
        self.w_by.observe(lambda _c: self.refresh(), "value")
        for wd in (self.w_a, self.w_b):
            wd.observe(lambda _c: self.refresh_items(), "value")
        for wd in (self.w_kec, self.w_min):
            wd.observe(lambda _c: self.refresh_ulang(), "value")
        self.refresh()

    @property
    def tahun(self) -> int:
        """The chosen planning year."""
        return int(self.w_tahun.value)

    def inputs(self) -> dict[str, Any]:
        """The usulan, Renja and desa of the year that :func:`planlib.forum.overlap.reach` reads.

        Returns
        -------
        dict of str to DataFrame
            The keyword arguments of :func:`planlib.forum.overlap.reach`, from
            :func:`planlib.forum.overlap.overlap_inputs` for the chosen year.
        """
        return overlap.overlap_inputs(self.ws, self.tahun)

    def refresh(self) -> None:
        """Recount the overlaps for the year and grouping, redraw the matrix and both lists."""
        inp = self.inputs()
        #: what every OPD reaches, for this year and grouping; the matrix and the list of a
        #: chosen pair are both read from it (choosing a pair does not recompute it)
        self.reached = overlap.reach(**inp, by=self.w_by.value)
        m = overlap.matrix_of(self.reached)
        self.matrix = m
        opd = list(m.index)
        keep = (self.w_a.value, self.w_b.value)
        self.w_a.options, self.w_b.options = opd, opd
        self.w_a.value, self.w_b.value = (
            keep if set(keep) <= set(opd) else ranking.pasangan_terbesar(m) or (opd[0], opd[0])
        )
        draw(self.matrix_out, figures.overlap_heatmap(m, _by_label(self.w_by.value)))
        self.refresh_items()
        kec = sorted(inp["usulan"]["nama_kecamatan"].dropna().unique())
        self.w_kec.options = [("(semua)", None)] + [(k, k) for k in kec]
        self.refresh_ulang()

    def refresh_items(self) -> None:
        """List what the chosen pair of OPD both reach."""
        if self.w_a.value is None or self.w_b.value is None:
            return
        items = overlap.items_of(self.reached, self.w_a.value, self.w_b.value)
        n = items["kunci"].nunique() if len(items) else 0
        head = (
            f"<h4>{html.escape(self.w_a.value)} × {html.escape(self.w_b.value)}: "
            f"{angka(n)} {NOUN[self.w_by.value]} bersama</h4>"
        )
        if not n:
            self.items.value = head + "<p>Tidak ada irisan: kedua OPD tidak bertemu di sini.</p>"
            return
        self._items = items
        self.items.value = head + html_table(items.head(ROWS), IRISAN) + (f"<p>{ROWS} baris pertama dari {angka(len(items))}.</p>" if len(items) > ROWS else "")  # fmt: skip

    def refresh_ulang(self) -> None:
        """List the usulan of the year proposed in earlier years too."""
        df = ranking.usulan_berulang(
            self.ws,
            self.tahun,
            lineage.workspace_lineage(self.ws),
            min_kali=self.w_min.value,
            kecamatan=self.w_kec.value,
        )
        total = len(rekap.usulan_tahun(self.ws, self.tahun))
        self.cards.value = card(
            angka(len(df)), f"usulan {self.tahun} yang pernah diusulkan"
        ) + card(persen(ranking.persen(len(df), total), 1), "dari semua usulan tahun ini")
        self._ulang = df
        self.ulang.value = html_table(df.head(ROWS), ULANG)

    def _items_xlsx(self) -> tuple[bytes, str]:
        a, b = self.w_a.value, self.w_b.value
        items = getattr(self, "_items", None)
        if items is None or not len(items):
            raise ValueError("Tidak ada irisan untuk diunduh: pilih dua OPD yang bertemu.")
        title = f"Irisan {a} × {b} ({_by_label(self.w_by.value)}) — {self.tahun} — {self.ws.config.nama}"
        return table_xlsx(items, IRISAN, title), file_name("irisan", self.tahun, a, b, ext="xlsx")

    def _ulang_xlsx(self) -> tuple[bytes, str]:
        title = f"Usulan {self.tahun} yang pernah diusulkan — {self.ws.config.nama}"
        kec = self.w_kec.value or ""
        return table_xlsx(self._ulang, ULANG, title), file_name(
            "usulan-berulang", self.tahun, kec, ext="xlsx"
        )

    def apply_link(self, params: dict[str, str]) -> None:
        """Set the filters from link parameters (``tahun``, ``irisan``).

        Parameters
        ----------
        params : dict of str to str
            The link's parameters; ``irisan`` is ``desa_isu``, ``desa`` or ``isu``
            (see :data:`BY`); unknown names and values are ignored.
        """
        t = params.get("tahun", "")
        if t.isdigit() and int(t) in self.w_tahun.options:
            self.w_tahun.value = int(t)
        if params.get("irisan") in dict((v, k) for k, v in BY):
            self.w_by.value = params["irisan"]

    def finish(self) -> None:
        """Nothing to defer: the matrix is redrawn on each change."""

    def widget(self) -> w.Widget:
        """The view: year and grouping, then the two tabs.

        Returns
        -------
        ipywidgets.VBox
            The header, the year and grouping filters, and the tabs "Irisan OPD"
            and "Usulan berulang".
        """
        irisan = w.VBox([
            w.HTML("<p>Angka di sel: berapa desa/isu yang dijangkau usulan atau sub-kegiatan Renja "
                   "kedua OPD. Pilih dua OPD untuk melihat daftarnya.</p>"),
            self.matrix_out, w.HBox([self.w_a, self.w_b]),
            download_button("Unduh irisan (xlsx)", self._items_xlsx), self.items,
        ])  # fmt: skip
        ulang = w.VBox([
            w.HTML("<p>Usulan yang sama (desa, teks, lokasi) yang diusulkan lagi di tahun berikutnya "
                   "atau tercatat dua kali, dengan nasibnya tiap tahun.</p>"),
            w.HBox([self.w_kec, self.w_min]), self.cards,
            download_button("Unduh tabel (xlsx)", self._ulang_xlsx), self.ulang,
        ])  # fmt: skip
        tabs = w.Tab(children=[irisan, ulang])
        tabs.set_title(0, "Irisan OPD")
        tabs.set_title(1, "Usulan berulang")
        return w.VBox([
            header("Forum Lintas Perangkat Daerah", self.ws,
                   "Program yang dijangkau beberapa OPD, dan usulan yang diusulkan berulang."),
            w.HBox([self.w_tahun, self.w_by]), tabs,
        ])  # fmt: skip


IRISAN = [
    ("Desa", "nama_desa", "t"), ("Isu", "isu", "t"), ("Sumber", "sumber", "t"),
    ("OPD", "opd", "t"), ("ID / kode", "id", "t"), ("Uraian", "uraian", "t"),
    ("Anggaran / pagu", "anggaran", "rp"), ("Jangkauan", "jangkauan", "t"),
]  # fmt: skip
ULANG = [
    ("ID", "id_usulan", "t"), ("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
    ("Usulan", "usulan", "t"), ("Diusulkan", "kali_diusulkan", "n"), ("Riwayat", "riwayat", "t"),
    ("Anggaran", "anggaran", "rp"),
]  # fmt: skip


def _by_label(by: str) -> str:
    return {v: k for k, v in BY}[by]


@guarded
def tampilan(workspace: str | None = None, tahun: int = 2026) -> w.Widget:
    """The Forum Lintas PD dashboard (link parameters: ``tahun``, ``irisan``).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; by default as :func:`~.voila.resolve_workspace` finds it.
    tahun : int
        The year shown first (the workspace's last year when it has no usulan for it).

    Returns
    -------
    ipywidgets.Widget
        The view, or a message when the workspace has no usulan.
    """
    return open_view(workspace, lambda ws: LintasPD(ws, tahun), perlu_usulan=True)

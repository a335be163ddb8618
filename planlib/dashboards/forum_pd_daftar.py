"""04 Forum PD: the usulan list's rows and the forum table's columns, as HTML and xlsx.

One usulan (or pokir) a row: desa, usulan with its source, anggaran, the
suggested OPD and the decision, the matcher's reason on demand; a click on a
row picks it (the row's own button reaches the kernel). The view's CSS lays
the rows out as a grid, stacked on a phone. The same rows, with the reasons in
plain words, are the table downloaded as xlsx. The view
(:mod:`planlib.dashboards.forum_pd`) fills the rows and pages them.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ..formatting import angka, rupiah
from ..forum.pokir_forum import MUSRENBANG
from ..forum.selection import keputusan_teks, teks_awam

#: Rows of the usulan list shown at once (the finder narrows them, "Berikutnya" pages on).
BARIS = 12

#: The forum view's own styles: the usulan list as a compact grid of rows, stacked on a phone.
FORUM_CSS = """<style>
.planlib-daftar-kepala,.planlib-sel{display:grid;gap:2px 10px;
  grid-template-columns:minmax(150px,1.2fr) minmax(170px,2.6fr) 92px minmax(140px,1.5fr) minmax(110px,1.2fr)}
.planlib-daftar-kepala{font-size:13px;font-weight:600;color:#fff;background:#1f3b73;padding:5px 8px 5px 128px}
.planlib-baris{border-bottom:1px solid #ddd;align-items:flex-start;padding:3px 0}
.planlib-baris.planlib-dipilih{background:#fff6d6;outline:2px solid #1f3b73}
.planlib-baris > .widget-html{flex:1 1 auto;margin:0;min-width:0}
.planlib-baris .widget-html-content{font-size:14px;line-height:1.35}
.planlib-sel{cursor:pointer;padding:2px 4px}
.planlib-sel .rp{text-align:right;white-space:nowrap}
.planlib-sel small{color:#444;font-size:12px}
.planlib-sel small.planlib-sumber{color:#7a3e00;font-weight:600}
.planlib-sel details{grid-column:1/-1;font-size:13px;line-height:1.25;color:#333}
.planlib-sel summary{cursor:pointer;color:#1f3b73;width:max-content}
.planlib-pilih{width:112px;flex:0 0 112px;font-variant-numeric:tabular-nums}
.planlib-terpilih{padding:8px 10px;background:#f3f6fb;border-left:5px solid #1f3b73;border-radius:4px;
  font-size:15px;line-height:1.4}
.planlib-form{flex:0 1 370px;min-width:0;padding-left:8px}
.planlib-daftar-isi{max-height:62vh;overflow-y:auto;flex-wrap:nowrap}
.planlib-daftar-isi > .planlib-baris{flex:0 0 auto}
/* a control is as wide as its box at most, its 2 px margins included: wider, its right edge
   (the OPD names' list, the "Ke OPD" and "Alasan" boxes) is cut off on a phone */
.planlib-form .widget-inline-hbox,.planlib-form .widget-text,.planlib-filter > .widget-inline-hbox{
  min-width:0;max-width:calc(100% - 2 * var(--jp-widgets-margin));box-sizing:border-box}
.planlib-form .widget-toggle-buttons{flex-wrap:wrap}
.planlib-daftar{flex:1 1 640px;min-width:0}
.planlib-form .widget-toggle-buttons .widget-toggle-button{width:auto;min-width:84px}
@media (max-width:700px){
  .planlib-daftar-kepala{display:none}
  .planlib-sel{display:block}
  .planlib-sel > div{margin:1px 0}
  .planlib-sel .rp{text-align:left}
  .planlib-baris{flex-wrap:wrap}
  .planlib-daftar-isi{max-height:none}
  /* the page template gives a phone's dropdowns and text boxes the whole width */
  #rendered_cells .planlib-form .widget-inline-hbox.widget-dropdown,
  #rendered_cells .planlib-form .widget-inline-hbox.widget-text{
    width:calc(100% - 2 * var(--jp-widgets-margin)) !important}
}
</style>"""

#: How the usulan list's row opens a click on its cells: the row's own button is clicked
#: (a widget's click reaches the kernel; a click on "Alasan" only opens the reason).
_KLIK_BARIS = (
    "if(!event.target.closest('details'))"
    "this.closest('.planlib-baris').querySelector('button').click()"
)


#: The forum table's columns, on the page and in its xlsx download.
TABEL = [
    ("ID", "id_usulan", "t"), ("Kecamatan", "nama_kecamatan", "t"), ("Desa", "nama_desa", "t"),
    ("Ke", "usulan_ke", "n"), ("Usulan", "usulan", "t"), ("Anggaran", "anggaran", "rp"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Saran OPD (skor)", "saran", "t"),
    ("Alasan saran", "alasan", "t"), ("Selaras", "selaras_teks", "t"),
    ("Keputusan", "keputusan_teks", "t"), ("Sumber", "asal", "t"),
]  # fmt: skip


def cell_text(v: object) -> str:
    """Cell text; empty for None and NaN.

    Parameters
    ----------
    v : object
        A cell of the forum table.

    Returns
    -------
    str
    """
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def baris_html(r: Any) -> str:
    """The cells of one row of the usulan list (after its ID button); the reason on demand.

    Parameters
    ----------
    r : namedtuple
        A row of :func:`planlib.forum.selection.forum_table` with ``keputusan_baris``
        (:func:`planlib.forum.selection.keputusan_teks`).

    Returns
    -------
    str
        A ``<div class='planlib-sel'>`` grid: desa (kecamatan, Usulan Ke), the
        usulan, its anggaran, the suggested OPD with selaras in words, the
        decision, and a ``<details>`` "Alasan saran" with the matcher's reason in
        plain words; every text escaped.
    """
    esc = html.escape
    ke = "" if pd.isna(r.usulan_ke) else f" · ke-{int(r.usulan_ke)}"
    saran = cell_text(r.opd_saran) or "–"
    selaras = "" if pd.isna(r.selaras) else "selaras" if bool(r.selaras) else "tidak selaras"
    skor = "" if pd.isna(r.skor) else f"keyakinan {angka(r.skor, 2)}; "
    alasan = esc(skor + teks_awam(r.alasan))
    if cell_text(r.opd_tujuan):
        alasan += f"<br>OPD tujuan menurut usulan: {esc(cell_text(r.opd_tujuan))}"
    sumber = cell_text(getattr(r, "asal", ""))
    tanda = (
        ""
        if sumber in ("", MUSRENBANG)
        else f"<br><small class='planlib-sumber'>{esc(sumber)}</small>"
    )
    return (
        f"<div class='planlib-sel' onclick=\"{_KLIK_BARIS}\">"
        f"<div>{esc(cell_text(r.nama_desa))}<br><small>{esc(cell_text(r.nama_kecamatan))}{ke}</small></div>"
        f"<div>{esc(cell_text(r.usulan))}{tanda}</div>"
        f"<div class='rp'>{rupiah(r.anggaran)}</div>"
        f"<div>{esc(saran)}<br><small>{selaras}</small></div>"
        f"<div>{esc(cell_text(r.keputusan_baris))}</div>"
        f"<details><summary>Alasan saran</summary>{alasan}</details></div>"
    )


def tabel_forum(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of the forum table with the text columns of :data:`TABEL` (reasons in plain words).

    Parameters
    ----------
    df : DataFrame
        The selection shown (:func:`planlib.forum.pokir_forum.forum_pokir`).

    Returns
    -------
    DataFrame
        ``df`` with ``alasan`` in plain words, ``saran`` (OPD and score),
        ``selaras_teks`` and ``keputusan_teks``.
    """
    return df.assign(
        alasan=lambda d: d["alasan"].map(teks_awam),
        saran=lambda d: d["opd_saran"].fillna("–") + " (" + d["skor"].map(lambda x: angka(x, 2)) + ")",
        selaras_teks=lambda d: d["selaras"].map({True: "ya", False: "tidak selaras"}).fillna("–"),
        keputusan_teks=keputusan_teks,
    )  # fmt: skip

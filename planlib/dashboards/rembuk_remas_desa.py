"""07 Rembuk Remas: a desa's page, as HTML: its profile, its earlier usulan, its masalah.

The view (:mod:`planlib.dashboards.rembuk_remas`) fills its boxes with these
once a desa is chosen; the figures are computed in :mod:`planlib.rembuk_desa`.
User text is escaped wherever it is shown.
"""

from __future__ import annotations

import html
from typing import Any, cast

import pandas as pd

from ..formatting import angka, waktu
from ..rembuk_desa import Profil
from ..workspace import Workspace
from .layout import html_table

#: Labels of a masalah's kind.
JENIS_LABEL = {"masalah": "Masalah", "isu_strategis": "Isu strategis"}


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts (typed for the view and the pieces below).

    Parameters
    ----------
    df : DataFrame

    Returns
    -------
    list of dict
    """
    return cast(list[dict[str, Any]], df.to_dict("records"))


def _angka(v: Any, digits: int) -> str:
    return "–" if v is None or pd.isna(v) else angka(v, digits)


def profil_html(p: Profil) -> str:
    """The desa's profile table: its figures beside its kecamatan's and the kabupaten's means.

    Parameters
    ----------
    p : Profil
        :func:`planlib.rembuk_desa.profil`; without figures, the page says how to add them.

    Returns
    -------
    str
        HTML, user text escaped.
    """
    if p.judul is None:
        return (
            "<h4>Profil desa</h4><p>Belum ada data IDM / Indeks Desa untuk desa ini. Tambahkan "
            "ekspor IDM atau Indeks Desa Kemendesa dengan <code>planlib tambah</code> "
            "(bagian <code>[indeks_desa]</code> di planlib.toml).</p>"
        )
    digits = 4 if p.judul.startswith("IDM") else 2
    rows = "".join(
        f"<tr><td>{html.escape(r['ukuran'])}</td><td class='n'><b>{_angka(r['desa'], digits)}</b></td>"
        f"<td class='n'>{_angka(r['kecamatan'], digits)}</td>"
        f"<td class='n'>{_angka(r['kabupaten'], digits)}</td></tr>"
        for r in records(p.tabel)
    )
    sebaran = ", ".join(f"{html.escape(k)} {angka(v)}" for k, v in p.status_kecamatan.items())
    return (
        f"<h4>Profil desa: {html.escape(p.judul)} — status "
        f"<b>{html.escape(p.status or '–')}</b></h4>"
        "<table class='planlib-table' tabindex='0'><thead><tr><th>Ukuran</th><th>Desa</th>"
        "<th>Rata-rata kecamatan</th><th>Rata-rata kabupaten</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        + (f"<p class='planlib-sumber'>Status desa di kecamatan ini: {sebaran}.</p>" if sebaran else "")
    )  # fmt: skip


def usulan_html(u: pd.DataFrame, ws: Workspace, tahun: int) -> str:
    """The desa's usulan of the years before ``tahun`` and their decisions (100 latest shown).

    Parameters
    ----------
    u : DataFrame
        :func:`planlib.rembuk_desa.usulan_sebelumnya`.
    ws : Workspace
        Says whether the workspace has any earlier usulan at all.
    tahun : int
        ``T``.

    Returns
    -------
    str
        HTML, user text escaped.
    """
    head = f"<h4>Usulan tahun-tahun sebelum {tahun} dan keputusannya</h4>"
    if u.empty:
        if not any(y < tahun for y in ws.usulan):
            return head + (
                "<p>Belum ada usulan tahun sebelumnya di workspace ini. Tambahkan ekspor usulan "
                "SIPD/E-Perencanaan dengan <code>planlib tambah</code>.</p>"
            )
        return head + "<p>Desa ini tidak punya usulan pada tahun-tahun sebelumnya.</p>"
    note = f"<p>{angka(len(u))} usulan" + (" (100 terbaru ditampilkan)" if len(u) > 100 else "")
    return head + note + "</p><div style='max-height:320px;overflow:auto' tabindex='0' role='region' aria-label='Usulan tahun sebelumnya'>" + html_table(
        u.head(100), TABEL_USULAN
    ) + "</div>"  # fmt: skip


TABEL_USULAN = [
    ("Tahun", "tahun", "t"), ("ID", "id_usulan", "t"), ("Usulan", "usulan", "t"),
    ("OPD tujuan", "opd_tujuan", "t"), ("Status SIPD", "status", "t"),
    ("Anggaran", "anggaran", "rp"), ("Keputusan forum", "keputusan", "t"),
]  # fmt: skip


def masalah_html(own: pd.DataFrame, tahun: int, zona: str | None = None) -> str:
    """The desa's masalah of planning year ``tahun`` with the usulan that answer them.

    Parameters
    ----------
    own : DataFrame
        The desa's rows of :func:`planlib.rembuk_desa.masalah_tahun`.
    tahun : int
        ``T``.
    zona : str, optional
        The workspace's time zone (:func:`planlib.formatting.zona_waktu`) the
        times are shown in; WIB when omitted.

    Returns
    -------
    str
        HTML, user text escaped; "belum diusulkan" where no usulan answers.
    """
    head = f"<h4>Masalah dan isu strategis untuk perencanaan {tahun}</h4>"
    if own.empty:
        return head + "<p>Belum ada masalah tercatat untuk desa ini.</p>"
    rows = []
    for r in records(own.sort_values(["prioritas", "id_masalah"], na_position="last")):
        ids = list(r["id_usulan_terkait"])
        terkait = ", ".join(map(str, ids)) if ids else "<i>belum diusulkan</i>"
        prio = (
            "" if r["prioritas"] is None or pd.isna(r["prioritas"]) else angka(int(r["prioritas"]))
        )
        rows.append(
            f"<tr><td class='n'>#{int(r['id_masalah'])}</td>"
            f"<td>{html.escape(JENIS_LABEL.get(str(r['jenis']), str(r['jenis'])))}</td>"
            f"<td>{html.escape(str(r['masalah']))}</td><td>{html.escape(str(r['isu'] or ''))}</td>"
            f"<td>{html.escape(str(r['bidang'] or ''))}</td><td>{html.escape(str(r['sumber']))}</td>"
            f"<td class='n'>{prio}</td><td>{terkait}</td>"
            f"<td>{html.escape(str(r['oleh']))}, {html.escape(waktu(r['waktu'], zona))}</td></tr>"
        )
    return (
        head + f"<p>{angka(len(own))} tercatat, {angka(int((~own['diusulkan']).sum()))} "
        "belum diusulkan.</p><table class='planlib-table planlib-masalah' tabindex='0'><thead><tr><th>No</th>"
        "<th>Jenis</th><th>Masalah</th><th>Isu</th><th>Bidang</th><th>Sumber</th>"
        "<th>Prioritas</th><th>Usulan terkait</th><th>Dicatat</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )

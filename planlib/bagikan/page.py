"""The HTML of a shared view, and ``planlib bagikan``: one file per Dapil, the kabupaten, an index.

A page is one file: the map as inline SVG (drawn before any script runs), the
payload of :func:`planlib.bagikan.data.payload` as JSON
(:func:`planlib.embed.json_island`: no markup character left in it), and
``assets/bagikan.js`` / ``assets/bagikan.css`` inlined. It requests nothing:
no font, no image, no script from anywhere, so it opens the same from a
phone's downloads folder, a USB stick or a WhatsApp attachment.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import choices, rekap
from ..embed import json_island
from ..formatting import angka
from ..report import PlanlibError
from ..workspace import Workspace, open_workspace
from . import data, rembuk

KABUPATEN_FILE = "kabupaten.html"


def asset(name: str) -> str:
    """The text of one asset shipped with the package.

    Parameters
    ----------
    name : str
        ``"bagikan.js"`` or ``"bagikan.css"`` (``planlib/bagikan/assets/``).

    Returns
    -------
    str
    """
    return resources.files("planlib.bagikan").joinpath("assets", name).read_text(encoding="utf-8")


def file_name(dapil: str | None) -> str:
    """The file name of a Dapil's page.

    Parameters
    ----------
    dapil : str or None

    Returns
    -------
    str
        ``"Dapil 2"`` → ``"dapil-2.html"``, ``"HSS 2"`` → ``"dapil-hss-2.html"``;
        None (the whole kabupaten) → :data:`KABUPATEN_FILE`.
    """
    if dapil is None:
        return KABUPATEN_FILE
    slug = re.sub(r"[^a-z0-9]+", "-", dapil.lower()).strip("-") or "dapil"
    return f"dapil-{slug}.html" if not slug.startswith("dapil") else f"{slug}.html"


def _svg(m: dict) -> str:
    """The map's SVG: desa (hidden at first), kecamatan, no-dapil outlines, dapil outlines, labels."""

    def paths(items: list[dict], group: str) -> str:
        drawn = sorted((it for it in items if it["d"]), key=lambda it: it["order"])
        idx = {id(it): i for i, it in enumerate(items)}
        return "".join(
            f"<path data-i='{idx[id(it)]}' data-kode='{html.escape(it['kode'])}' d='{it['d']}' "
            f"fill='#eeeeee' stroke='#666666' stroke-width='0.8'><title>{html.escape(it['nama'])}</title></path>"
            for it in drawn
        )

    # each name carries the kecamatan and the desa under it: the script colours it by their fill
    kec_labels = "".join(
        f"<text x='{it['label'][0]}' y='{it['label'][1]}' font-size='12' data-kec='{it['bawah_kec']}' "
        f"data-desa='{it['bawah_desa']}'>{html.escape(it['nama'])}</text>"
        for it in m["kecamatan"]
        if it["label"] is not None
    )
    dapil_labels = "".join(
        f"<text class='bg-dapil-label' x='{lb['at'][0]}' y='{lb['at'][1]}' font-size='15' "
        f"data-kec='{lb['bawah_kec']}' data-desa='{lb['bawah_desa']}'>{html.escape(lb['dapil'])}</text>"
        for lb in m["dapil_label"]
        if lb["at"] is not None
    )
    # each outline on a white casing (planlib.viz.maps.CASING), so it shows on the darkest fill; the
    # kecamatan without a dapil get thick dashes, told apart by pattern and width (maps.NO_DAPIL_LINE)
    outlines = "".join(
        f"<path class='bg-casing' d='{o['d']}'/><path class='bg-outline' d='{o['d']}'/>"
        for o in m["dapil_outline"]
        if o["d"]
    )
    no_dapil = "".join(
        f"<path class='bg-casing' d='{o['d']}'/><path class='bg-nodapil' d='{o['d']}'/>"
        for o in m["no_dapil"]
    )
    return (
        f"<svg id='bg-svg' viewBox='0 0 {m['width']} {m['height']}' preserveAspectRatio='xMidYMid meet' "
        f"role='img' aria-label='Peta usulan' xmlns='http://www.w3.org/2000/svg'>"
        f"<g id='bg-desa' style='display:none'>{paths(m['desa'], 'desa')}</g>"
        f"<g id='bg-kec'>{paths(m['kecamatan'], 'kecamatan')}</g>"
        f"<g>{outlines}{no_dapil}</g><g id='bg-labels'>{kec_labels}{dapil_labels}</g></svg>"
    )


ROLE_COLOURS = ("#c0392b", "#1f3b73", "#7f8c8d")  # kabupaten, province, Indonesia (as Indikator)
TARGET_COLOUR = "#27ae60"


def trend_svg(trend: dict, areas: list[dict]) -> str:
    """A small line chart of one indicator: a line per area and series, the target dashed.

    Series are never joined (IPM's old series is dotted and separate) and a
    missing year breaks the line, as in the Indikator dashboard.

    Parameters
    ----------
    trend : dict
        One entry of :func:`planlib.bagikan.context.trends`.
    areas : list of dict
        :func:`planlib.bagikan.context.areas`, for the legend.

    Returns
    -------
    str
        A ``<figure>`` with its caption, inline SVG and legend.
    """
    w, h, left, right, top, bottom = 340, 170, 40, 18, 10, 24
    pts = [p for line in trend["lines"] for p in line["points"]] + list(trend["target"])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    pad = (y1 - y0) * 0.1 or abs(y1) * 0.05 or 1.0
    y0, y1 = y0 - pad, y1 + pad

    def sx(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * (w - left - right)

    def sy(y: float) -> float:
        return top + (y1 - y) / (y1 - y0) * (h - top - bottom)

    def runs(points: list) -> list[list]:
        out: list[list] = []
        for p in points:
            if out and p[0] == out[-1][-1][0] + 1:
                out[-1].append(p)
            else:
                out.append([p])
        return out

    parts = []
    for k in range(4):
        v = y0 + (y1 - y0) * k / 3
        parts.append(
            f"<line x1='{left}' x2='{w - right}' y1='{sy(v):.1f}' y2='{sy(v):.1f}' stroke='#eee'/>"
            f"<text x='{left - 4}' y='{sy(v) + 3:.1f}' text-anchor='end' font-size='11'>{angka(v, 1)}</text>"
        )
    step = 1 if x1 - x0 <= 6 else 2
    for x in range(int(x0), int(x1) + 1, step):
        parts.append(
            f"<text x='{sx(x):.1f}' y='{h - 8}' text-anchor='middle' font-size='11'>{x}</text>"
        )
    legend = []
    for line in trend["lines"]:
        colour = ROLE_COLOURS[line["area"]]
        dash = " stroke-dasharray='2 3'" if line["lama"] else ""
        width = 2.5 if line["area"] == 0 else 1.6
        for run in runs(line["points"]):
            d = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in run)
            parts.append(
                f"<polyline points='{d}' fill='none' stroke='{colour}' stroke-width='{width}'{dash}/>"
            )
            parts += [
                f"<circle cx='{sx(x):.1f}' cy='{sy(y):.1f}' r='2.4' fill='{colour}'/>"
                for x, y in run
            ]
        name = areas[line["area"]]["nama"] + (f" ({line['seri']})" if line["seri"] else "")
        legend.append(
            f"<span><i style='border-top:3px {'dotted' if line['lama'] else 'solid'} {colour}'></i>{html.escape(name)}</span>"
        )
    if trend["target"]:
        d = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in trend["target"])
        parts.append(
            f"<polyline points='{d}' fill='none' stroke='{TARGET_COLOUR}' stroke-width='2' stroke-dasharray='6 4'/>"
        )
        parts += [
            f"<rect x='{sx(x) - 3:.1f}' y='{sy(y) - 3:.1f}' width='6' height='6' fill='{TARGET_COLOUR}' transform='rotate(45 {sx(x):.1f} {sy(y):.1f})'/>"
            for x, y in trend["target"]
        ]
        legend.append(
            f"<span><i style='border-top:3px dashed {TARGET_COLOUR}'></i>Target RPJMD</span>"
        )
    title = html.escape(trend["nama"] + (f" ({trend['satuan']})" if trend["satuan"] else ""))
    return (
        f"<figure class='bg-tren' data-indikator='{html.escape(str(trend['indikator']))}'><figcaption>{title}</figcaption>"
        f"<svg viewBox='0 0 {w} {h}' role='img' aria-label='{title}' xmlns='http://www.w3.org/2000/svg'>"
        f"{''.join(parts)}</svg><div class='bg-tren-leg'>{''.join(legend)}</div></figure>"
    )  # fmt: skip


def _slim(payload: dict) -> dict:
    """The payload without the path data (it is in the SVG already), ``drawn`` flags instead."""
    m = dict(payload["map"])
    for level in ("kecamatan", "desa"):
        m[level] = [
            {**{k: v for k, v in it.items() if k not in ("d", "order")}, "drawn": bool(it["d"])}
            for it in m[level]
        ]
    m["dapil_outline"] = [o["dapil"] for o in m["dapil_outline"]]
    m["no_dapil"] = [o["kode"] for o in m["no_dapil"]]
    context = {k: v for k, v in payload["context"].items() if k != "trends"}  # drawn in the page
    return {**payload, "map": m, "context": context}


def _pokir_section(payload: dict) -> str:
    """The *Pokir DPRD* section the script fills in; nothing without ``[pokir]``."""
    if not payload.get("pokir"):
        return ""
    return (
        "<section class='bg-pokir' id='bg-pokir' aria-labelledby='bg-pokir-h'>"
        "<h2 id='bg-pokir-h'>Pokir DPRD</h2>"
        "<p class='bg-pokir-intro'>Pokok-pokok pikiran anggota DPRD dapil ini (SIPD-RI): setiap pokir "
        "dengan status dan keputusan forum, dan usulan Musrenbang yang sama.</p>"
        "<label class='bg-pokir-pilih'>Anggota DPRD<select id='bg-f-anggota'></select></label>"
        "<p id='bg-pokir-ringkas'></p><div id='bg-pokir-daftar'></div>"
        "<p class='bg-sumber' id='bg-catatan-pokir'></p></section>"
    )


def render(payload: dict) -> str:
    """The complete, self-contained HTML page of one payload.

    Parameters
    ----------
    payload : dict
        From :func:`planlib.bagikan.data.payload`.

    Returns
    -------
    str
        The page: inline CSS, the map as SVG, the data as JSON, inline script.
    """
    meta = payload["meta"]
    esc = html.escape
    label = f"<div class='bg-label'>{esc(meta['label'])}</div>" if meta["label"] else ""
    select = "".join(
        f"<label{' class=bg-lebar' if wide else ''} id='bg-w-{key}'>{text}<select id='bg-f-{key}'></select></label>"
        for key, text, wide in (
            ("tahun", "Tahun (RKPD)", False), ("dapil", "Dapil", False), ("kec", "Kecamatan", False),
            ("bidang", "Bidang", False), ("opd", "OPD tujuan", True), ("status", "Status", False),
            ("isu", "Isu / masalah", False),
        )
    )  # fmt: skip
    ukuran = "".join(f"<option value='{k}'>{esc(v)}</option>" for k, v in rekap.UKURAN.items())
    footer = (
        f"Diekspor {esc(meta['diekspor'])} dengan planlib {esc(meta['versi'])} · "
        f"sidik input (SHA-256) <code id='bg-checksum' title='{esc(meta['checksum'])}'>{esc(meta['checksum'][:16])}</code>"
        + (f" · {esc(meta['label'])}" if meta["label"] else "")
        + " · Berkas ini dibuka tanpa internet; boleh diteruskan."
    )
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(meta['judul'])}</title><style>{asset('bagikan.css')}</style></head><body>"
        f"<header>{label}<h1>{esc(meta['judul'])}</h1>"
        f"<p class='bg-sub'>{esc(meta['kabupaten'])} · RKPD <span id='bg-tahun-judul'>{meta['tahun_awal']}</span></p></header>"
        "<main><section class='bg-peta'><div class='bg-peta-judul' id='bg-peta-judul'></div>"
        "<div class='bg-alat'><span role='group' aria-label='Tingkat wilayah'>"
        "<button type='button' data-level='kecamatan' aria-pressed='true'>Kecamatan</button> "
        "<button type='button' data-level='desa' aria-pressed='false'>Desa</button></span>"
        f"<label>Warna: <select id='bg-f-ukuran'>{ukuran}</select></label></div>"
        f"{_svg(payload['map'])}"
        "<div class='bg-info' id='bg-info'></div><div class='bg-legenda' id='bg-legenda'></div>"
        "<p class='bg-sumber' id='bg-catatan'></p></section>"
        "<aside class='bg-panel'><details class='bg-saring' id='bg-saring'>"
        "<summary>Saring <span id='bg-aktif'></span></summary><div class='bg-filters'>"
        f"{select}<label class='bg-lebar'>Cari teks usulan, masalah, desa, ID"
        "<input id='bg-f-q' type='search' placeholder='mis. jalan, sumur, RT 03' autocomplete='off'></label>"
        "<button type='button' id='bg-reset' class='bg-lebar'>Hapus semua saringan</button></div></details>"
        "<div class='bg-kartu' id='bg-kartu'></div></aside>"
        "<section class='bg-tabel'><div class='bg-tabel-judul' id='bg-tabel-judul'></div>"
        "<label class='bg-sortir'>Urutkan: <select id='bg-sort'></select></label>"
        "<div class='bg-scroll'><table id='bg-table'><thead id='bg-thead'></thead><tbody id='bg-tbody'></tbody></table></div>"
        "<button type='button' id='bg-lagi'>Tampilkan 100 berikutnya</button>"
        "<p class='bg-sumber' id='bg-catatan-tabel'></p></section>"
        f"{_pokir_section(payload)}"
        f"{rembuk.section(payload['map'], payload.get('rembuk'), meta['dapil'] or 'kabupaten ini')}"
        "<section class='bg-konteks'><div id='bg-konteks'></div>"
        f"<div class='bg-tren-grid'>{''.join(trend_svg(t, payload['context']['areas']) for t in payload['context'].get('trends', []))}</div>"
        "</section></main>"
        f"<footer>{footer}</footer>"
        f'<script type="application/json" id="bg-data">{json_island(_slim(payload))}</script>'
        f"<script>{asset('bagikan.js')}</script></body></html>"
    )


def _index(ws: Workspace, written: list[tuple[str | None, Path, int]], tahun: int, shared: data.Inputs) -> str:  # fmt: skip
    esc = html.escape
    items = "".join(
        f"<li><a href='{esc(p.name)}'>{esc(d or 'Seluruh kabupaten (semua dapil)')}</a>"
        f" <small>— {angka(n)} usulan RKPD {tahun}, {angka(p.stat().st_size / 1e6, 1)} MB</small></li>"
        for d, p, n in written
    )
    label = f"<p style='color:#b00020;font-weight:700'>{esc(ws.label)}</p>" if ws.label else ""
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Usulan Musrenbang per Dapil — {esc(ws.config.nama)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:16px;font-size:17px;line-height:1.5}"
        "a{color:#1f3b73}li{margin:6px 0}footer{font-size:13px;color:#555;margin-top:20px}</style></head><body>"
        f"{label}<h1 style='color:#1f3b73;font-size:22px'>Usulan Musrenbang per Dapil — {esc(ws.config.nama)}</h1>"
        f"<p>Satu berkas per Dapil; setiap berkas dibuka tanpa internet dan berisi semua tahun "
        f"({', '.join(str(t) for t in ws.tahun)}).</p><ul>{items}</ul>"
        f"<footer>Diekspor {esc(data.tanggal(shared.exported))} · sidik input (SHA-256) "
        f"{esc(shared.checksum[:16])}</footer></body></html>"
    )


@dataclass
class BagikanResult:
    """What :func:`bagikan` wrote: the index and one file per Dapil (None: the kabupaten)."""

    out: Path
    index: Path
    files: dict[str | None, Path] = field(default_factory=dict)


def bagikan(
    workspace: str | Path | Workspace,
    tahun: int,
    out: str | Path,
    dapil: str | None = None,
) -> BagikanResult:
    """Write the shared views of a workspace: one HTML file per Dapil, the kabupaten, ``index.html``.

    Parameters
    ----------
    workspace : path-like or Workspace
        The workspace folder (or an opened workspace).
    tahun : int
        The planning year the pages open on; every year of the workspace is
        in each file and can be chosen in its tahun filter.
    out : path-like
        The folder to write (created when missing; files in it are replaced).
    dapil : str, optional
        Only this Dapil (``"2"``, ``"Dapil 2"`` or its full name): its file
        and the index. By default every Dapil and the whole kabupaten.

    Returns
    -------
    BagikanResult

    Raises
    ------
    PlanlibError
        No usulan in the workspace, ``tahun`` not among its years, or an
        unknown ``dapil``.
    """
    ws = workspace if isinstance(workspace, Workspace) else open_workspace(workspace)
    ws.usulan_of(tahun)  # refused with the years there are
    names = sorted(ws.kecamatan["dapil"].dropna().unique(), key=rekap.natural_key)
    if dapil is not None:
        found = choices.match_dapil(ws, dapil)
        if found is None:
            raise PlanlibError(
                f"Dapil {dapil!r} tidak ada di workspace ini (dapil: {', '.join(names) or 'belum ada'})."
            )
        todo: list[str | None] = [found]
    else:
        todo = [None, *names]
    folder = Path(out).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    shared = data.inputs(ws)
    result = BagikanResult(folder, folder / "index.html")
    written = []
    for d in todo:
        p = data.payload(ws, shared, d, tahun)
        path = folder / file_name(d)
        path.write_text(render(p), encoding="utf-8")
        result.files[d] = path
        n = sum(1 for y in p["rows"]["tahun"] if y == p["meta"]["tahun"].index(tahun))
        written.append((d, path, n))
    result.index.write_text(_index(ws, written, tahun, shared), encoding="utf-8")
    return result


def single(ws: Workspace, tahun: int, dapil: str | None = None) -> tuple[bytes, str]:
    """One shared view in memory: the page a dashboard offers as a download.

    The same code path as :func:`bagikan` (the same payload and page), for one
    Dapil or the whole kabupaten, without writing a folder.

    Parameters
    ----------
    ws : Workspace
        The opened workspace.
    tahun : int
        The planning year the page opens on (every year is inside it).
    dapil : str, optional
        The Dapil (as the dashboards name it); None for the whole kabupaten.

    Returns
    -------
    tuple of (bytes, str)
        The page as UTF-8 and its file name (:func:`file_name`).

    Raises
    ------
    PlanlibError
        ``tahun`` has no usulan, or the Dapil is unknown.
    """
    ws.usulan_of(tahun)  # refused with the years there are
    found = None
    if dapil is not None:
        found = choices.match_dapil(ws, dapil)
        if found is None:
            raise PlanlibError(f"Dapil {dapil!r} tidak ada di workspace ini.")
    page = render(data.payload(ws, data.inputs(ws), found, tahun))
    return page.encode("utf-8"), file_name(found)

"""The data of a shared view: what one Dapil's file (or the kabupaten's) carries.

Everything is computed by planlib's own functions — the rows of each year are
:func:`planlib.rekap.saring` for the Dapil, the decision in force comes from
:class:`planlib.forum.keputusan.KeputusanStore`, the suggested OPD and
*selaras* from :func:`planlib.forum.align.align` — and written as compact
columns: categories (bidang, OPD tujuan, status, isu, kecamatan, desa) as a
list of values plus one integer code per row (``-1`` for missing), texts
that repeat as a dictionary, amounts as numbers. The page's script only
filters, counts and sums these rows; it never derives a category.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .. import rekap
from ..formatting import BULAN as _BULAN
from ..formatting import tanggal as _tanggal
from ..report import PlanlibError
from ..version import __version__
from ..viz import maps, scales, textcolour
from ..workspace import Workspace
from ..workspace.config import FileSpec
from . import geometry
from .context import context
from .pokir import pokir_payload
from .rembuk import masalah_per_tahun, rembuk_payload

#: The forum's decisions, as the page shows them.
KEPUTUSAN_LABEL = {
    "diterima": "Diterima",
    "ditolak": "Ditolak",
    "dialihkan": "Dialihkan",
    "ditunda": "Ditunda",
}
BULAN = _BULAN  # kept importable; the month names live in planlib.formatting


@dataclass
class Inputs:
    """What every file of one export shares: decisions, suggestions, context, checksum.

    Built once per export by :func:`inputs`, then :func:`payload` cuts one
    Dapil out of it.
    """

    keputusan: pd.DataFrame
    saran: dict[int, pd.DataFrame]
    saran_catatan: str | None
    context: dict
    checksum: str
    exported: dt.date
    #: The Rembuk Remas masalah per planning year (:func:`planlib.bagikan.rembuk.masalah_per_tahun`).
    masalah: dict[int, pd.DataFrame] = dataclasses.field(default_factory=dict)


def tanggal(d: dt.date) -> str:
    """A date written as Indonesians write it.

    Parameters
    ----------
    d : datetime.date

    Returns
    -------
    str
        ``2026-12-01`` → ``"1 Desember 2026"``.
    """
    return _tanggal(d)


def _input_files(ws: Workspace) -> list[Path]:
    """Every file named in ``planlib.toml``, and the file itself."""
    out = [ws.root / "planlib.toml"]
    for f in dataclasses.fields(ws.config):
        v = getattr(ws.config, f.name)
        specs: Iterable[object] = (
            v.values() if isinstance(v, dict) else v if isinstance(v, list) else [v]
        )
        out += [s.path for s in specs if isinstance(s, FileSpec)]
    return out


def checksum(ws: Workspace, keputusan: pd.DataFrame, overrides: pd.DataFrame) -> str:
    """SHA-256 of the inputs: every file of ``planlib.toml``, the decisions and overrides in force.

    Two exports of unchanged inputs carry the same checksum, so a reader can
    tell whether two files were made from the same data.

    Parameters
    ----------
    ws : Workspace
    keputusan, overrides : DataFrame
        The decisions and overrides in force (who recorded them, and when,
        are left out: only what they say counts).

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    from ..cache import file_hash

    h = hashlib.sha256()
    for p in _input_files(ws):
        name = p.relative_to(ws.root).as_posix() if p.is_relative_to(ws.root) else p.name
        digest = file_hash(p) if p.exists() else "tidak ada"
        h.update(f"{name}\t{digest}\n".encode())
    for table in (keputusan, overrides):
        cols = [c for c in table.columns if c not in ("waktu", "versi", "oleh")]
        h.update(table[cols].to_csv(index=False).encode())
    return h.hexdigest()


def inputs(ws: Workspace, today: dt.date | None = None) -> Inputs:
    """Read the decisions in force and the OPD suggestions of every year, once per export.

    The decision database is only read when it exists: exporting never
    creates ``keputusan.sqlite`` in the workspace.

    Parameters
    ----------
    ws : Workspace
    today : datetime.date, optional
        The export date written in the footer (today by default).

    Returns
    -------
    Inputs
        When the suggestions cannot be computed, ``saran_catatan`` says why
        and the pages show no suggestion.
    """
    from ..forum import align
    from ..forum.keputusan import DB_NAME, KeputusanStore

    if (ws.root / DB_NAME).exists():
        store = KeputusanStore(ws.root)
        keputusan, overrides = store.current(jenis=None), store.overrides()
    else:
        store = None
        keputusan = pd.DataFrame(columns=["id_usulan", "tahun", "status", "opd", "alasan"])
        overrides = pd.DataFrame(columns=["id_usulan", "tahun", "opd", "node_id", "alasan"])
    saran: dict[int, pd.DataFrame] = {}
    catatan = None
    for t in ws.tahun:
        if ws.usulan[t].empty:
            continue
        try:
            ov = overrides[overrides["tahun"] == t] if len(overrides) else None
            saran[t] = align.align(ws, t, overrides=ov)[["id_usulan", "opd_saran", "selaras"]]
        except (PlanlibError, ValueError, KeyError) as e:
            catatan = f"Saran OPD tidak tersedia: {e}"
    return Inputs(
        keputusan=keputusan, saran=saran, saran_catatan=catatan, context=context(ws),
        checksum=checksum(ws, keputusan, overrides), exported=today or dt.date.today(),
        masalah=masalah_per_tahun(ws),
    )  # fmt: skip


# --------------------------------------------------------------------------- columns


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def _number(v: object) -> float | int | None:
    if _missing(v):
        return None
    f = float(v)  # type: ignore[arg-type]
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def categories(values: pd.Series, cats: list[str]) -> list[int]:
    """Codes of ``values`` in ``cats``.

    Parameters
    ----------
    values : Series
    cats : list of str

    Returns
    -------
    list of int
        The position of each value in ``cats``; ``-1`` for a missing or unknown value.
    """
    index = {c: i for i, c in enumerate(cats)}
    return [-1 if _missing(v) else index.get(str(v), -1) for v in values.astype(object)]


def text_column(values: pd.Series) -> dict:
    """A text column as JSON, as a dictionary when its texts repeat.

    Parameters
    ----------
    values : Series

    Returns
    -------
    dict
        ``{"s": texts}``, or ``{"v": unique texts, "c": one code per row}``
        when fewer than 60 % of the texts are distinct. Missing texts are ``""``.
    """
    s = [("" if _missing(v) else str(v)) for v in values.astype(object)]
    uniq = list(dict.fromkeys(s))
    if len(uniq) > 0.6 * max(len(s), 1):
        return {"s": s}
    index = {v: i for i, v in enumerate(uniq)}
    return {"v": uniq, "c": [index[v] for v in s]}


def decode_text(col: dict) -> list[str]:
    """The texts of a column written by :func:`text_column` (what the page's script does).

    Parameters
    ----------
    col : dict

    Returns
    -------
    list of str
    """
    if "s" in col:
        return list(col["s"])
    return [col["v"][c] for c in col["c"]]


def _sorted(values: Iterable[object]) -> list[str]:
    return sorted({str(v) for v in values if not _missing(v)})


# --------------------------------------------------------------------------- payload


def scope_kecamatan(ws: Workspace, dapil: str | None) -> gpd.GeoDataFrame:
    """The kecamatan a file covers.

    Parameters
    ----------
    ws : Workspace
    dapil : str or None
        The Dapil's name; None for the whole kabupaten.

    Returns
    -------
    GeoDataFrame
        Rows of ``ws.kecamatan``: the Dapil's, or every kecamatan of the code list.
    """
    k = ws.kecamatan
    return k if dapil is None else k[k["dapil"] == dapil]


def _areas(ws: Workspace, dapil: str | None) -> dict:
    """Kecamatan and desa of the scope with their SVG paths; dapil outlines; notes."""
    kec = scope_kecamatan(ws, dapil).reset_index(drop=True)
    disp = (
        ws.display("kecamatan").set_index("kode").geometry if kec.geometry.notna().any() else None
    )
    geoms = gpd.GeoSeries(
        [disp.get(k) if disp is not None else None for k in kec["kode"]], crs=4326
    )
    drawn = geoms[geoms.notna() & ~geoms.is_empty]
    proj = geometry.projection(tuple(drawn.total_bounds) if len(drawn) else (0.0, 0.0, 1.0, 1.0))
    kec_layer = geometry.layer(gpd.GeoDataFrame({"kode": kec["kode"]}, geometry=geoms), proj)
    for item, nama, dap in zip(kec_layer, kec["nama"], kec["dapil"], strict=True):
        item["nama"] = str(nama)
        item["dapil"] = None if _missing(dap) else str(dap)

    desa_layer: list[dict] = []
    desa_geoms = gpd.GeoSeries([], crs=4326)
    if ws.desa is not None and len(ws.desa):
        d = ws.display("desa")
        prefix = d["kode"].str.rsplit(".", n=1).str[0]
        d = d[prefix.isin(set(kec["kode"]))].reset_index(drop=True)
        desa_layer = geometry.layer(d, proj)
        desa_geoms = d.geometry
        names = ws.desa.set_index("kode")["nama"]
        kec_index = {k: i for i, k in enumerate(kec["kode"])}
        for item in desa_layer:
            item["nama"] = str(names.get(item["kode"], item["kode"]))
            item["kec"] = kec_index.get(item["kode"].rsplit(".", 1)[0], -1)
    # the desa under each kecamatan name: the page colours a name by the fill under it
    bawah_kec = geometry.under(geoms, kec_layer, geoms)
    bawah_desa = geometry.under(geoms, desa_layer, desa_geoms)
    for item, k, i in zip(kec_layer, bawah_kec, bawah_desa, strict=True):
        item["bawah_kec"], item["bawah_desa"] = k, i

    outlines, labels, boxes = [], [], {}
    with_dapil = gpd.GeoDataFrame({"dapil": kec["dapil"]}, geometry=geoms)
    with_dapil = with_dapil[with_dapil.geometry.notna() & with_dapil["dapil"].notna()]
    if len(with_dapil):
        groups = with_dapil.dissolve(by="dapil")
        for name, g in zip(groups.index, groups.geometry, strict=True):
            outlines.append({"dapil": str(name), "d": geometry.line_path(g.boundary, proj)})
            one = gpd.GeoSeries([g], crs=4326)
            labels.append({
                "dapil": str(name), "at": geometry.label_point(g, proj),
                "bawah_kec": geometry.under(one, kec_layer, geoms)[0],
                "bawah_desa": geometry.under(one, desa_layer, desa_geoms)[0],
            })  # fmt: skip
            boxes[str(name)] = geometry.box(gpd.GeoSeries([g]), proj)
    no_dapil = [
        {"kode": it["kode"], "d": it["d"]} for it in kec_layer if it["dapil"] is None and it["d"]
    ]
    return {
        "width": proj.width,
        "height": proj.height,
        "kecamatan": kec_layer,
        "desa": desa_layer,
        "dapil_outline": outlines,
        "dapil_label": labels if dapil is None else [],
        "dapil_box": boxes,
        "no_dapil": no_dapil if dapil is None else [],
        "tanpa_poligon": [it["nama"] for it in kec_layer if not it["d"]],
        "tanpa_dapil": [str(n) for n in ws.kecamatan.loc[ws.kecamatan["dapil"].isna(), "nama"]],
    }


def rows(ws: Workspace, dapil: str | None) -> pd.DataFrame:
    """The usulan of every year of the workspace for the scope, as :func:`rekap.saring` gives them.

    Parameters
    ----------
    ws : Workspace
    dapil : str or None
        The Dapil's name; None for the whole kabupaten.

    Returns
    -------
    DataFrame
        The rows of every year, with ``_tahun`` and ``_pos``: the row's
        position in its year's usulan table, to join the suggestions of
        :func:`planlib.forum.align.align` (one row per usulan, in file order).
    """
    parts = []
    for t in ws.tahun:
        df = rekap.saring(ws, rekap.Saring(tahun=t, dapil=dapil))
        full = rekap.usulan_tahun(ws, t)
        parts.append(df.assign(_pos=full.index.get_indexer(df.index), _tahun=t))
    if not parts:
        return pd.DataFrame()
    return pd.concat([p.astype({c: object for c in p.columns if isinstance(p[c].dtype, pd.CategoricalDtype)}) for p in parts], ignore_index=True)  # fmt: skip


def payload(ws: Workspace, shared: Inputs, dapil: str | None, tahun: int) -> dict:
    """Everything the page of one Dapil (or of the kabupaten, ``dapil=None``) shows, JSON-ready.

    Parameters
    ----------
    ws : Workspace
    shared : Inputs
        From :func:`inputs`.
    dapil : str or None
        The Dapil's name as in the workspace; None for the whole kabupaten.
    tahun : int
        The year the page opens on (every year of the workspace is included).

    Returns
    -------
    dict
        ``meta``, ``map``, ``filters``, ``rows`` (columns), ``context``,
        ``pokir`` (:func:`planlib.bagikan.pokir.pokir_payload`; None without
        ``[pokir]``), ``rembuk`` (:func:`planlib.bagikan.rembuk.rembuk_payload`),
        ``colorscale`` and ``label_warna`` (the names' colour along the scale,
        :func:`planlib.viz.scales.text_bands`, and on the empty and white
        fills); see ``docs/bagikan.md``.
    """
    areas = _areas(ws, dapil)
    df = rows(ws, dapil)
    years = list(ws.tahun)
    kec_codes = [k["kode"] for k in areas["kecamatan"]]
    desa_codes = [d["kode"] for d in areas["desa"]]
    cats = {
        "bidang": _sorted(df["bidang"]) if len(df) else [],
        "opd": _sorted(df["opd_tujuan"]) if len(df) else [],
        "status": _sorted(df["status"]) if len(df) else [],
        "isu": _sorted(df["isu"]) if len(df) else [],
    }
    kep = shared.keputusan
    on_usulan = kep[kep["jenis"] == "usulan"] if "jenis" in kep.columns else kep  # not a pokir's
    kep_key = (
        {
            (str(i), int(t)): r
            for i, t, r in zip(
                on_usulan["id_usulan"],
                on_usulan["tahun"],
                on_usulan.to_dict("records"),
                strict=True,
            )
        }  # fmt: skip
        if len(on_usulan)
        else {}
    )
    kep_status, kep_alasan, kep_opd = [], [], []
    opd_saran, selaras = [], []
    statuses = list(KEPUTUSAN_LABEL)
    for i, t, pos in zip(df.get("id_usulan", []), df.get("_tahun", []), df.get("_pos", []), strict=True):  # fmt: skip
        r = kep_key.get((str(i), int(t)))
        kep_status.append(statuses.index(r["status"]) if r is not None and r["status"] in statuses else -1)  # fmt: skip
        kep_alasan.append("" if r is None or _missing(r.get("alasan")) else str(r["alasan"]))
        kep_opd.append("" if r is None or _missing(r.get("opd")) else str(r["opd"]))
        s = shared.saran.get(int(t))
        if s is not None and 0 <= pos < len(s) and str(s["id_usulan"].iloc[pos]) == str(i):
            o = s["opd_saran"].iloc[pos]
            opd_saran.append("" if _missing(o) else str(o))
            sl = s["selaras"].iloc[pos]
            selaras.append(-1 if _missing(sl) else int(bool(sl)))
        else:
            opd_saran.append("")
            selaras.append(-1)
    desa_text = (
        df["nama_desa"].where(df["nama_desa"].notna(), df["desa_asli"])
        if len(df)
        else df.get("nama_desa", pd.Series(dtype=object))  # fmt: skip
    )
    n = len(df)
    cols = {
        "tahun": categories(df["_tahun"].astype(str), [str(y) for y in years]) if n else [],
        "kec": categories(df["kode_kecamatan"], kec_codes) if n else [],
        "desa": categories(df["kode_desa"], desa_codes) if n else [],
        "bidang": categories(df["bidang"], cats["bidang"]) if n else [],
        "opd": categories(df["opd_tujuan"], cats["opd"]) if n else [],
        "status": categories(df["status"], cats["status"]) if n else [],
        "isu": categories(df["isu"], cats["isu"]) if n else [],
        "anggaran": [_number(v) for v in df["anggaran"]] if n else [],
        "ke": [_number(v) for v in df["usulan_ke"].astype(object)] if n else [],
        "id": text_column(df["id_usulan"]) if n else {"s": []},
        "usulan": text_column(df["usulan"]) if n else {"s": []},
        "masalah": text_column(df["masalah"]) if n else {"s": []},
        "nama_desa": text_column(desa_text) if n else {"s": []},
        "keputusan": kep_status,
        "alasan": text_column(pd.Series(kep_alasan, dtype=object)),
        "opd_alih": text_column(pd.Series(kep_opd, dtype=object)),
        "opd_saran": text_column(pd.Series(opd_saran, dtype=object)),
        "selaras": selaras,
    }
    batas = [spec.path.name for spec in (ws.config.kecamatan, ws.config.desa) if spec is not None]
    sumber_peta = [f"batas wilayah: {', '.join(batas)}"] if batas else []
    if ws.config.dapil is not None:
        sumber_peta.append(f"dapil: {ws.config.dapil.path.name}")
    where = dapil or "Semua dapil"
    return {
        "meta": {
            "judul": f"Usulan Musrenbang — {where}",
            "kabupaten": ws.config.nama,
            "dapil": dapil,
            "label": ws.label,
            "tahun": years,
            "tahun_awal": tahun if tahun in years else (years[-1] if years else tahun),
            "diekspor": tanggal(shared.exported),
            "versi": __version__,
            "checksum": shared.checksum,
            "berkas_usulan": {
                str(t): ws.config.usulan[t].path.name for t in years if t in ws.config.usulan
            },  # fmt: skip
            "sumber_peta": "; ".join(sumber_peta),
            "saran_catatan": shared.saran_catatan,
            "ada_keputusan": bool(len(kep)),
        },
        "map": areas,
        "filters": {
            **cats,
            "dapil": sorted(
                {k["dapil"] for k in areas["kecamatan"] if k["dapil"]}, key=rekap.natural_key
            ),  # fmt: skip
            "keputusan": [KEPUTUSAN_LABEL[s] for s in statuses],
        },
        "rows": cols,
        "n": n,
        "context": shared.context,
        "pokir": pokir_payload(ws, dapil, kep),
        "rembuk": rembuk_payload(ws, areas, shared.masalah),
        "label_warna": {
            "pita": scales.text_bands(),
            "kosong": list(textcolour.text_colour(scales.EMPTY_COLOR)),
            "putih": list(textcolour.text_colour("#ffffff")),
        },  # fmt: skip
        "colorscale": scales.colorscale_rgb(),
        "colors": {
            "empty": scales.EMPTY_COLOR,
            "line": maps.LINE_COLOR,
            "dapil": maps.DAPIL_COLOR,
            "selected": maps.SELECTED_COLOR,
        },  # fmt: skip
    }


def from_html(page: str) -> dict:
    """The payload embedded in a page written by :mod:`planlib.bagikan.page`.

    Parameters
    ----------
    page : str
        The HTML of a shared file.

    Returns
    -------
    dict
        The payload as the page's script reads it (without the path data,
        which is in the SVG).
    """
    start = page.index('<script type="application/json" id="bg-data">') + len(
        '<script type="application/json" id="bg-data">'
    )
    end = page.index("</script>", start)
    return json.loads(page[start:end])


__all__ = [
    "Inputs", "categories", "checksum", "decode_text", "from_html", "inputs", "payload",
    "rows", "scope_kecamatan", "tanggal", "text_column",
]  # fmt: skip

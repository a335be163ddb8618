"""What a file is, from its content: the first step of ``planlib tambah``.

:func:`recognise` reads a file with planlib's own loaders (its header, its title
rows, its attributes — never its name alone) and says what it is and why, in a
:class:`Recognition`; :func:`recognise_as` takes the analyst's word for a file
planlib did not recognise. Nothing here writes: copying the file into the
workspace and registering it is :mod:`planlib.intake.register`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..header import find_header
from ..parse import clean_text, fold, parse_date
from ..report import PlanlibError
from ..tabular import EXCEL_SUFFIXES, TEXT_SUFFIXES, read_sheets
from ..workspace import Workspace

#: Files read as boundaries (a ``.zip`` may also hold a shapefile).
GEO_SUFFIXES = frozenset({".shp", ".zip", ".geojson", ".json", ".gpkg", ".parquet"})
#: A shapefile's companions, copied with it and never taken on their own.
SHP_SIDECARS = frozenset({".dbf", ".shx", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd", ".fix"})
_SHP_XML = ".shp.xml"

#: What each kind is called to the analyst.
KINDS = {
    "usulan": "ekspor usulan Musrenbang (SIPD / E-Perencanaan)",
    "pokir": "ekspor pokir DPRD (SIPD-RI)",
    "indikator": "tabel indikator",
    "desa": "batas desa/kelurahan",
    "kecamatan": "batas kecamatan",
    "dapil": "daftar Dapil",
    "realisasi": "laporan realisasi fisik dan keuangan",
    "target_rpjmd": "target RPJMD",
    "pohon_kinerja": "pohon kinerja",
    "renja": "Renja",
    "kode_wilayah": "daftar kode wilayah",
    "indeks_desa": "status IDM / Indeks Desa (Kemendesa)",
}

_YEAR_IN_TITLE = re.compile(
    r"(?:rkpd|tahun(?:\s+anggaran|\s+perencanaan)?|t\.?\s?a\.?|ta)\s*[:.]?\s*(20\d\d)", re.I
)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class Recognition:
    """What one file was recognised as, and why.

    Attributes
    ----------
    source : Path
        The analyst's file.
    kind : str or None
        A key of :data:`KINDS`; None when the file was not recognised.
    reason : str
        Why, in Bahasa Indonesia: the header, title or attributes that decided it, or
        why nothing did.
    tahun : int or None
        The planning year (usulan) or budget year (realisasi) read from the file.
    opts : dict
        Loader options the entry needs (``sheet`` when the table is not on the first sheet).
    companions : list of Path
        Files copied with it (a shapefile's ``.dbf``, ``.shx``, ``.prj`` …).
    """

    source: Path
    kind: str | None
    reason: str
    tahun: int | None = None
    opts: dict[str, Any] = field(default_factory=dict)
    companions: list[Path] = field(default_factory=list)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """The files behind the paths given: folders walked, shapefile companions left out.

    Parameters
    ----------
    paths : iterable of path-like
        Files or folders, as the analyst named them.

    Returns
    -------
    list of Path
        Each file once, folders walked in name order; hidden files, a shapefile's
        companions (``.dbf``, ``.shx`` …, copied with their ``.shp``) and Office lock
        files (``~$…``) left out.

    Raises
    ------
    PlanlibError
        When a path does not exist.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise PlanlibError(f"Berkas atau folder tidak ditemukan: {p}")
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            name = f.name.lower()
            if name.startswith((".", "~$")) or name.endswith(_SHP_XML):
                continue
            if f.suffix.lower() in SHP_SIDECARS:
                continue
            if f.resolve() not in {o.resolve() for o in out}:
                out.append(f)
    return out


#: Columns only a desa index export has (IDM's indices, Indeks Desa's dimensions).
_INDEKS = {"iks", "ike", "ikl", "layanan_dasar", "aksesibilitas", "tata_kelola"}
#: Fields that mark each table kind: every group must be named by the header.
_SIGNATURES: dict[str, list[set[str]]] = {
    "usulan": [{"usulan"}, {"kecamatan", "desa"}],
    "dapil": [{"dapil"}, {"kecamatan", "kode_kecamatan"}],
    "realisasi": [
        {"realisasi_fisik", "realisasi_keuangan", "target_fisik"},
        {"opd", "sub_kegiatan", "uraian", "program"},
    ],  # fmt: skip
    "pohon_kinerja": [{"id"}, {"parent_id"}, {"uraian"}],
    "target_rpjmd": [{"target"}, {"indikator"}, {"tahun"}, {"kode_wilayah", "nama_wilayah"}],
    "renja": [{"opd"}, {"sub_kegiatan", "kegiatan"}, {"pagu"}],
    "indikator": [{"indikator"}, {"nilai"}, {"tahun"}, {"kode_wilayah", "nama_wilayah"}],
    "kode_wilayah": [{"kode"}, {"nama"}, {"level"}],
    "indeks_desa": [{"kode_desa", "nama_desa"}, {"nilai", "status", *_INDEKS}],
}
#: Header texts that make an usulan export a pokir export.
_POKIR_HEADERS = {"fraksi", "jenis usul", "reses", "rekomendasi sekwan", "nama anggota", "anggota dprd"}  # fmt: skip


def _fields() -> dict[str, dict[str, list[str]]]:
    from ..dapil.load import DAPIL_FIELDS
    from ..indeks_desa import INDEKS_DESA_FIELDS
    from ..indikator.long import LONG_FIELDS
    from ..perencanaan.fields import POHON_FIELDS, RENJA_FIELDS, TARGET_FIELDS
    from ..realisasi import REALISASI_FIELDS
    from ..usulan import USULAN_FIELDS
    from ..wilayah import KODE_FIELDS

    return {
        "usulan": USULAN_FIELDS, "dapil": DAPIL_FIELDS, "realisasi": REALISASI_FIELDS,
        "pohon_kinerja": POHON_FIELDS, "target_rpjmd": TARGET_FIELDS, "renja": RENJA_FIELDS,
        "indikator": LONG_FIELDS, "kode_wilayah": KODE_FIELDS, "indeks_desa": INDEKS_DESA_FIELDS,
    }  # fmt: skip


def recognise(path: str | Path, ws: Workspace) -> Recognition:
    """What one file is, from its content.

    Parameters
    ----------
    path : path-like
        The analyst's file.
    ws : Workspace
        The workspace it is for: its code list decides whether polygons are desa or
        kecamatan of this kabupaten, and BPS tables are read against it.

    Returns
    -------
    Recognition
        ``kind`` None with the reason when nothing fits.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in GEO_SUFFIXES:
            return _recognise_geo(p, ws)
        if suffix in EXCEL_SUFFIXES | TEXT_SUFFIXES:
            return _recognise_table(p, ws)
    except PlanlibError as e:
        return Recognition(p, None, str(e))
    return Recognition(
        p, None,
        f"jenis berkas {p.suffix or '(tanpa akhiran)'} tidak dikenali (yang dapat dibaca: xlsx, "
        "xls, ods, csv, SHP atau ZIP berisi SHP, GeoJSON, GPKG)",
    )  # fmt: skip


#: What an analyst may say a file is when planlib did not recognise it, and the fields of
#: each that the header must name (to map by hand when its header text was not recognised).
CHOOSABLE: dict[str, list[str]] = {
    "usulan": ["usulan", "kecamatan", "desa"],
    "pokir": ["usulan", "pengusul", "kecamatan", "desa"],
    "dapil": ["dapil", "kecamatan"],
    "indikator": ["kode_wilayah", "indikator", "tahun", "nilai"],
    "realisasi": ["opd", "sub_kegiatan", "realisasi_keuangan", "realisasi_fisik"],
    "target_rpjmd": ["indikator", "kode_wilayah", "tahun", "target"],
    "pohon_kinerja": ["id", "parent_id", "uraian"],
    "renja": ["opd", "sub_kegiatan", "pagu"],
    "indeks_desa": ["kode_desa", "nama_desa", "nilai", "status"],
}


def header_guess(path: str | Path, sheet: str | None = None) -> list[str]:
    """The texts of the row most likely to be a table's header (to map columns by hand).

    Parameters
    ----------
    path : path-like
        A spreadsheet or CSV.
    sheet : str, optional
        The sheet; the first by default.

    Returns
    -------
    list of str
        The non-empty cells of the row, among the first 40, with the most text cells.
    """
    raw = read_sheets(path, sheet)[0]
    best: list[str] = []
    for row in raw.rows[:40]:
        texts = [t for c in row if (t := clean_text(c)) and not t.replace(".", "").isdigit()]
        texts = list(dict.fromkeys(texts))
        if len(texts) > len(best):
            best = texts
    return best


def recognise_as(
    path: str | Path, kind: str, *, kolom: dict[str, str] | None = None, sheet: str | None = None
) -> Recognition:
    """A file the analyst says is ``kind``, with the columns they mapped by hand.

    Parameters
    ----------
    path : path-like
        The file.
    kind : str
        A key of :data:`CHOOSABLE`.
    kolom : dict, optional
        Field → the header text of this file (the loaders' ``kolom`` option).
    sheet : str, optional
        The sheet holding the table.

    Returns
    -------
    Recognition
        With the year read as :func:`recognise` reads it (usulan, realisasi).

    Raises
    ------
    PlanlibError
        When ``kind`` is not one an analyst may choose.
    """
    if kind not in CHOOSABLE:
        raise PlanlibError(
            f"Jenis berkas {kind!r} tidak dikenal; pilih salah satu: {', '.join(CHOOSABLE)}."
        )
    p = Path(path)
    opts: dict[str, Any] = {}
    if kolom:
        opts["kolom"] = dict(kolom)
    if sheet:
        opts["sheet"] = sheet
    tahun = None
    if kind in ("usulan", "pokir", "realisasi", "indeks_desa"):
        from ..pokir import POKIR_FIELDS

        raw = read_sheets(p, sheet)[0]
        fields = POKIR_FIELDS if kind == "pokir" else _fields()[kind]
        aliases = {f: [*v, *([kolom[f]] if kolom and f in kolom else [])]
                   for f, v in fields.items()}  # fmt: skip
        m = find_header(raw.rows[:40], aliases, min_hits=1)
        if m is not None:
            tahun = _year(kind, raw, m, p)
    mapped = ", ".join(f"{k} = {v!r}" for k, v in (kolom or {}).items())
    return Recognition(p, kind, "dipilih analis" + (f" (kolom: {mapped})" if mapped else ""),
                       tahun=tahun, opts=opts)  # fmt: skip


def _recognise_geo(p: Path, ws: Workspace) -> Recognition:
    from ..boundaries import load_boundaries

    companions = (
        [c for c in p.parent.iterdir() if c.stem == p.stem and c.suffix.lower() in SHP_SIDECARS]
        if p.suffix.lower() == ".shp"
        else []
    )
    results: dict[str, tuple[int, int, int]] = {}
    errors: list[str] = []
    for level in ("desa", "kecamatan"):
        try:
            gdf, rep = load_boundaries(p, level, ws.wilayah)
        except PlanlibError as e:
            errors.append(str(e))
            continue
        results[level] = (rep.rows_loaded, rep.rows_in, gdf["kode"].nunique())
    if not results:
        return Recognition(p, None, errors[0] if errors else "batas wilayah tidak terbaca")
    n_desa = len(ws.wilayah.desa)
    d = results.get("desa", (0, 0, 0))
    k = results.get("kecamatan", (0, 0, 0))
    # desa polygons: more distinct desa of this kabupaten than kecamatan (a desa file also
    # names kecamatan, through its parent codes or names, but far fewer)
    if d[2] and d[2] > 2 * k[2]:
        return Recognition(
            p, "desa",
            f"{d[1]} fitur, {d[2]} di antaranya desa/kelurahan {ws.config.nama} "
            f"(dari {n_desa} dalam daftar kode)",
            companions=companions,
        )  # fmt: skip
    if k[2]:
        return Recognition(
            p, "kecamatan",
            f"{k[1]} fitur, {k[2]} kecamatan {ws.config.nama} (dari {len(ws.wilayah.kecamatan)})",
            companions=companions,
        )  # fmt: skip
    return Recognition(
        p, None, f"batas wilayah terbaca ({max(d[1], k[1])} fitur), tetapi tidak ada desa atau "
        f"kecamatan {ws.config.nama} di dalamnya; periksa kolom kode/nama wilayahnya",
    )  # fmt: skip


def _recognise_table(p: Path, ws: Workspace) -> Recognition:
    sheets = read_sheets(p)
    best: tuple[int, str, int, Any, Any] | None = None  # (hits, kind, sheet index, header, raw)
    for si, raw in enumerate(sheets):
        top = raw.rows[:40]
        for kind, aliases in _fields().items():
            m = find_header(top, aliases, min_hits=2)
            if m is None:
                continue
            named = set(m.mapping.values())
            if not all(group & named for group in _SIGNATURES[kind]):
                continue
            if kind == "indeks_desa" and not (named & _INDEKS or _names_index(raw, m)):
                continue  # a "Status" or "Nilai" column alone is not a desa index
            if best is None or m.hits > best[0]:
                best = (m.hits, kind, si, m, raw)
    if best is not None:
        hits, kind, si, m, raw = best
        opts = {"sheet": raw.sheet} if si > 0 and raw.sheet else {}
        header = ", ".join(list(m.texts.values())[:6])
        sheet_note = f" (lembar '{raw.sheet}')" if si > 0 and raw.sheet else ""
        if kind == "usulan":
            texts = {clean_text(t) and t.casefold() for t in _header_texts(raw, m)}
            if texts & _POKIR_HEADERS:
                kind = "pokir"
        tahun = _year(kind, raw, m, p)
        return Recognition(p, kind, f"judul kolom{sheet_note}: {header} …", tahun=tahun, opts=opts)
    return _recognise_bps(p, ws, sheets)


def _names_index(raw: Any, m: Any) -> bool:
    """Whether a header or title names IDM or the Indeks Desa (``NILAI IDM``, ``Status ID``)."""
    text = fold(" ".join([*_header_texts(raw, m), _title_text(raw, m.index)]))
    return bool(re.search(r"\bidm\b|indeks desa|\bstatus id\b|\bnilai id\b", text))


def _header_texts(raw: Any, m: Any) -> list[str]:
    rows = raw.rows[m.index : m.index + m.height]
    return [str(c).strip() for r in rows for c in r if clean_text(c)]


def _title_text(raw: Any, upto: int) -> str:
    cells = [clean_text(c) for r in raw.rows[:upto] for c in r]
    return " ".join(dict.fromkeys(c for c in cells if c))


def _year(kind: str, raw: Any, m: Any, p: Path) -> int | None:
    """The planning year of an usulan export, the budget year of a realisasi report, the year
    of a desa index (its title, or its headers: ``IKS 2023``)."""
    if kind not in ("usulan", "pokir", "realisasi", "indeks_desa"):
        return None
    title = _title_text(raw, m.index)
    if kind == "indeks_desa":
        for text in (title, " ".join(_header_texts(raw, m)), raw.sheet or "", p.stem):
            if hit := _YEAR.search(text):
                return int(hit.group(1))
        return None
    for text in (title, raw.sheet or "", p.stem):
        hit = _YEAR_IN_TITLE.search(text) or (_YEAR.search(text) if text is not title else None)
        if hit:
            return int(hit.group(1))
    if kind == "realisasi":
        return None
    # no year written: Musrenbang for RKPD year T is held in year T-1, so T = date year + 1
    col = next((j for j, f in m.mapping.items() if f == "tanggal_usul"), None)
    if col is None:
        return None
    years = Counter(
        d.year for r in raw.rows[m.index + m.height :] if col < len(r) and (d := _date(r[col]))
    )
    return years.most_common(1)[0][0] + 1 if years else None


def _date(value: object) -> Any:
    try:
        return parse_date(value)
    except ValueError:  # an unreadable date counts for nothing here; the loader reports it
        return None


def _recognise_bps(p: Path, ws: Workspace, sheets: list[Any]) -> Recognition:
    from ..indikator import load_indikator

    try:
        df, rep = load_indikator(p, ws.wilayah, {})
    except PlanlibError as e:
        return Recognition(p, None, f"tidak dikenali sebagai tabel mana pun ({e})")
    if len(df):
        names = ", ".join(sorted(df["indikator"].astype(str).unique())[:4])
        years = sorted(df["tahun"].unique())
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        areas = df["kode_wilayah"].nunique()
        return Recognition(p, "indikator", f"tabel indikator ({names}, {span}, {areas} wilayah)")
    top = _title_text(sheets[0], 6)[:120] if sheets else ""
    return Recognition(
        p, None,
        "tidak dikenali: judul kolomnya bukan usulan, indikator, Dapil, realisasi atau "
        f"perencanaan, dan tidak ada nilai indikator yang terbaca{f' (judul: {top!r})' if top else ''}",
    )  # fmt: skip

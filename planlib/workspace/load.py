"""Opening a workspace: every file ``planlib.toml`` names, read through the cache.

:func:`open_workspace` loads every file (through the cache), matches names to
codes and returns a :class:`Workspace` holding the tables and a
:class:`~planlib.report.Report`. A file that cannot be read at all is
recorded as fatal in the report and its table is left empty, so that one bad
file does not hide the report of the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import boundaries, cache
from ..bidang import BidangRules, default_table_text
from ..dapil.load import load_dapil
from ..dapil.membership import dapil_per_kecamatan
from ..pokir import LOADER_VERSION as POKIR_LOADER_VERSION
from ..pokir import empty as empty_pokir
from ..pokir import load_pokir, tambah_dapil
from ..report import FileReport, PlanlibError, Report, WorkspaceError
from ..teks import kamus_table_text
from ..usulan import LOADER_VERSION as USULAN_LOADER_VERSION
from ..usulan import empty_table as empty_usulan
from ..usulan import isu_rules as usulan_isu_rules
from ..usulan import isu_table_text, load_usulan
from ..wilayah import Wilayah, load_aliases, load_kode_wilayah
from .config import CONFIG, FileSpec, WorkspaceConfig
from .model import Workspace, geometry_digest


def open_workspace(
    path: str | Path,
    *,
    use_cache: bool = True,
    shipped_kecamatan: gpd.GeoDataFrame | None = None,
) -> Workspace:
    """Load every file of a workspace.

    Parameters
    ----------
    path : path-like
        The workspace folder (with ``planlib.toml``).
    use_cache : bool
        Reuse parsed inputs from ``.planlib-cache`` when the files are unchanged.
    shipped_kecamatan : GeoDataFrame, optional
        Reference kecamatan polygons (``kode``, ``nama``, ``geometry``) for the
        kecamatan that a workspace without a ``kecamatan`` file has no desa
        polygons for (see :func:`planlib.boundaries.kecamatan_from_desa`).

    Returns
    -------
    Workspace
        Every table that could be read, and a report with one entry per input
        file: a file that cannot be read is a fatal entry, not an exception
        (except the code list, see below).

    Raises
    ------
    WorkspaceError
        When ``planlib.toml`` is missing or invalid, or the code list cannot
        be read (nothing can be matched without it).
    """
    cfg = WorkspaceConfig.read(path)
    root = cfg.root if use_cache else None
    report = Report()

    def run(kind: str, spec: FileSpec, deps: list[str], load: Callable[[], Any]) -> Any:
        try:
            df, fr = cache.cached(root, kind, spec.path, spec.opts, deps, load)
        except PlanlibError as e:
            fr = FileReport(str(spec.path), kind, fatal=str(e))
            df = None
        except FileNotFoundError:
            fr = FileReport(str(spec.path), kind, fatal=f"Berkas tidak ditemukan: {spec.path}")
            df = None
        report.add(fr)
        return df

    kw = cfg.kode_wilayah
    kode = run("kode_wilayah", kw, [], lambda: load_kode_wilayah(kw.path, kw.opts))
    if kode is None:
        raise WorkspaceError(f"Daftar kode wilayah tidak dapat dibaca: {report.files[-1].fatal}")
    if (
        not (kode["kode"] == cfg.kabupaten).any()
        and not kode["kode"].str.startswith(cfg.kabupaten + ".").any()
    ):
        raise WorkspaceError(
            f"Kode kabupaten {cfg.kabupaten} tidak ada di daftar kode wilayah {cfg.kode_wilayah.path.name}."
        )
    deps = [cache.file_hash(cfg.kode_wilayah.path), cfg.kabupaten]
    aliases: dict[str, str] = {}
    if (alias := cfg.alias) is not None:
        loaded = run("alias", alias, [], lambda: _alias_frame(alias))
        if loaded is not None:
            aliases = dict(zip(loaded["nama"], loaded["kode"], strict=True))
            deps.append(cache.file_hash(alias.path))
    w = Wilayah(cfg.kabupaten, cfg.nama, kode.drop(columns="baris", errors="ignore"), aliases)

    kec_poly, desa = _load_boundaries(cfg, w, deps, run, report, shipped_kecamatan)
    dapil = None
    dapil_report = None
    if (dp := cfg.dapil) is not None:
        dapil = run("dapil", dp, deps, lambda: load_dapil(dp.path, w, dp.opts))
        dapil_report = report.files[-1]
    if dapil is None:
        dapil = pd.DataFrame(columns=["dapil", "kode_kecamatan", "nama_kecamatan", "baris"])

    rules = BidangRules.default()
    # planlib's own tables count too: an edited bidang.csv, or kamus rewrites that change
    # how an isu pattern reads, must not leave stale bidang or isu in the cache
    udeps = [
        *deps, f"usulan-v{USULAN_LOADER_VERSION}",
        "bidang:" + hashlib.sha256(default_table_text().encode("utf-8")).hexdigest(),
        "kamus:" + hashlib.sha256(kamus_table_text().encode("utf-8")).hexdigest(),
    ]  # fmt: skip
    if cfg.bidang:
        try:
            rules = BidangRules.from_file(cfg.bidang.path)
            udeps.append(cache.file_hash(cfg.bidang.path))
        except (OSError, KeyError, ValueError) as e:
            report.add(
                FileReport(str(cfg.bidang.path), "bidang", fatal=f"Tabel bidang tidak terbaca: {e}")
            )
    isu = usulan_isu_rules()
    isu_text = isu_table_text()
    if cfg.isu:
        try:
            isu, isu_text = usulan_isu_rules(cfg.isu.path), isu_table_text(cfg.isu.path)
        except (OSError, KeyError, ValueError) as e:
            report.add(FileReport(str(cfg.isu.path), "isu", fatal=f"Tabel isu tidak terbaca: {e}"))
    udeps.append("isu:" + hashlib.sha256(isu_text.encode("utf-8")).hexdigest())
    usulan: dict[int, pd.DataFrame] = {}
    for tahun, spec in cfg.usulan.items():
        df = run(
            "usulan",
            spec,
            [*udeps, str(tahun)],
            partial(load_usulan, spec.path, w, tahun, spec.opts, rules, isu),
        )
        usulan[tahun] = df if df is not None else empty_usulan()

    pokir = _load_pokir(cfg, w, [*udeps, f"pokir-v{POKIR_LOADER_VERSION}"], run, rules, isu, dapil)
    indikator = _load_indikator(cfg, w, deps, run, report)
    target, pohon, renja = _load_perencanaan(cfg, w, deps, run)
    realisasi = _load_realisasi(cfg, w, deps, run, report, plan_opd(pohon, renja))
    indeks_desa = _load_indeks_desa(cfg, w, deps, run)

    kecamatan = _kecamatan_table(w, kec_poly, dapil)
    if dapil_report is not None and kec_poly is not None:  # a Dapil the map cannot draw
        for name, kec in boundaries.unmapped(kecamatan)[1].items():
            dapil_report.add("dapil_tanpa_poligon", value=name, suggestion=", ".join(kec))
    return Workspace(
        cfg, w, kecamatan, desa, dapil, usulan, indikator, target, pohon, renja, report,
        realisasi, indeks_desa, pokir, bidang_rules=rules, isu_rules=isu,
    )  # fmt: skip


def _load_boundaries(
    cfg: WorkspaceConfig,
    w: Wilayah,
    deps: list[str],
    run: _Run,
    report: Report,
    shipped: gpd.GeoDataFrame | None,
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """The kecamatan and desa polygons, each file with its report.

    Without a ``kecamatan`` file, kecamatan are formed from the desa polygons
    (and ``shipped`` where the desa do not reach); without either, one warning
    says the map cannot be drawn. A ``kecamatan`` entry marked ``bawaan = true``
    (the shipped polygons ``planlib init`` wrote) counts as ``shipped`` once the
    workspace has desa polygons of its own.
    """
    bdeps = [*deps, f"batas-v{boundaries.LOADER_VERSION}"]

    def files(spec: FileSpec) -> list[str]:  # a shapefile's .dbf, .prj … count too
        return [cache.file_hash(p) for p in boundaries.boundary_files(spec.path)[1:]]

    kec_poly = None
    ks = cfg.kecamatan
    if ks is not None and ks.opts.get("bawaan") and cfg.desa is not None:
        # the kecamatan planlib init wrote give way to the desa's own, and fill their gaps
        given = ks
        own = run(
            "kecamatan", given, [*bdeps, *files(given)],
            lambda: boundaries.load_boundaries(given.path, "kecamatan", w, given.opts),
        )  # fmt: skip
        shipped = own if own is not None else shipped
        ks = None
    if ks is not None:
        kec_poly = run(
            "kecamatan", ks, [*bdeps, *files(ks)],
            lambda: boundaries.load_boundaries(ks.path, "kecamatan", w, ks.opts),
        )  # fmt: skip
    desa = None
    if (ds := cfg.desa) is not None:
        desa = run(
            "desa", ds, [*bdeps, *files(ds)],
            lambda: boundaries.load_boundaries(ds.path, "desa", w, ds.opts),
        )  # fmt: skip
    if ks is None and ds is not None and desa is not None and len(desa):
        extra = [geometry_digest(shipped)] if shipped is not None else []
        kec_poly = run(
            "kecamatan", ds, [*bdeps, *files(ds), "dari-desa", *extra],
            lambda: boundaries.kecamatan_from_desa(desa, w, shipped, source=str(ds.path)),
        )  # fmt: skip
    elif ks is None and shipped is not None:
        empty = gpd.GeoDataFrame({"kode": [], "kode_kec": []}, geometry=[], crs=4326)
        kec_poly, fr = boundaries.kecamatan_from_desa(empty, w, shipped, source="batas bawaan")
        report.add(fr)
    elif ks is None and ds is None:
        fr = FileReport(str(cfg.root / CONFIG), "kecamatan")
        fr.add("tanpa_batas", value="[wilayah] kecamatan, desa",
               suggestion='isi kecamatan = "…" atau desa = "…" di bagian [wilayah]')  # fmt: skip
        report.add(fr)
    return kec_poly, desa


def plan_opd(*tables: pd.DataFrame | None) -> list[str]:
    """The OPD names of the plan (the ``opd`` column of the pohon kinerja and the Renja).

    Parameters
    ----------
    *tables : DataFrame or None
        The loaded plan tables; a missing one is skipped.

    Returns
    -------
    list of str
        Distinct names, sorted; empty when the plan names no OPD.
    """
    names = {
        str(o)
        for t in tables
        if t is not None and "opd" in t.columns
        for o in t["opd"].dropna()
        if str(o).strip()
    }
    return sorted(names)


def _load_realisasi(
    cfg: WorkspaceConfig,
    w: Wilayah,
    deps: list[str],
    run: _Run,
    report: Report,
    opd: list[str],
) -> dict[int, pd.DataFrame]:
    """Every ``[realisasi]`` file through the cache, combined per year, each with its report.

    The OPD names of the plan are part of the cache key: a changed plan
    re-matches the OPD names of the realisasi.
    """
    from ..realisasi import COLUMNS, LOADER_VERSION, combine_realisasi, load_realisasi

    rdeps = [*deps, f"realisasi-v{LOADER_VERSION}",
             "opd:" + hashlib.sha256("\x1f".join(opd).encode("utf-8")).hexdigest()]  # fmt: skip
    names = opd or None
    out: dict[int, pd.DataFrame] = {}
    for tahun, specs in cfg.realisasi.items():
        loaded = []
        for spec in specs:
            n = len(report.files)
            df = run(
                "realisasi", spec, [*rdeps, str(tahun)],
                partial(load_realisasi, spec.path, w, tahun, spec.opts, names),
            )  # fmt: skip
            if df is not None:
                loaded.append((df, report.files[n]))
        # a row repeated in a later file of the year is reported there (combine_realisasi)
        out[tahun] = combine_realisasi(loaded) if loaded else pd.DataFrame(columns=COLUMNS)
    return out


def _load_indeks_desa(
    cfg: WorkspaceConfig, w: Wilayah, deps: list[str], run: _Run
) -> dict[int, pd.DataFrame]:
    """Every ``[indeks_desa]`` file through the cache, one table per year of the index."""
    from ..indeks_desa import COLUMNS, LOADER_VERSION, load_indeks_desa

    out: dict[int, pd.DataFrame] = {}
    for tahun, spec in cfg.indeks_desa.items():
        df = run(
            "indeks_desa", spec, [*deps, f"indeks-desa-v{LOADER_VERSION}", str(tahun)],
            partial(load_indeks_desa, spec.path, w, tahun, spec.opts),
        )  # fmt: skip
        out[tahun] = df if df is not None else pd.DataFrame(columns=COLUMNS)
    return out


def _load_pokir(
    cfg: WorkspaceConfig,
    w: Wilayah,
    deps: list[str],
    run: _Run,
    rules: BidangRules,
    isu: BidangRules,
    dapil: pd.DataFrame,
) -> dict[int, pd.DataFrame]:
    """Every ``[pokir]`` file through the cache, each with its report, and the Dapil added.

    The Dapil (:func:`planlib.pokir.tambah_dapil`) is added after the cache, so
    an edited Dapil list needs no re-read of the exports.
    """
    out: dict[int, pd.DataFrame] = {}
    for tahun, spec in cfg.pokir.items():
        df = run(
            "pokir", spec, [*deps, str(tahun)],
            partial(load_pokir, spec.path, w, tahun, spec.opts, rules, isu),
        )  # fmt: skip
        out[tahun] = tambah_dapil(df, dapil) if df is not None else empty_pokir()
    return out


def _alias_frame(spec: FileSpec) -> tuple[pd.DataFrame, FileReport]:
    mapping, fr = load_aliases(spec.path)
    return pd.DataFrame({"nama": list(mapping), "kode": list(mapping.values())}), fr


_Run = Callable[[str, FileSpec, list[str], Callable[[], Any]], Any]


def _load_indikator(
    cfg: WorkspaceConfig, w: Wilayah, deps: list[str], run: _Run, report: Report
) -> pd.DataFrame:
    from ..indikator import COLUMNS, combine_indikator, load_indikator

    loaded = []
    for spec in cfg.indikator:
        n = len(report.files)
        df = run("indikator", spec, deps, partial(load_indikator, spec.path, w, spec.opts))
        if df is not None:
            loaded.append((df, report.files[n]))
    if not loaded:
        return pd.DataFrame(columns=COLUMNS)
    return combine_indikator(loaded)


def _load_perencanaan(
    cfg: WorkspaceConfig, w: Wilayah, deps: list[str], run: _Run
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    from ..perencanaan.pohon import load_pohon_kinerja
    from ..perencanaan.renja import load_renja
    from ..perencanaan.target import load_target_rpjmd

    out: list[pd.DataFrame | None] = []
    for kind, loader in (
        ("target_rpjmd", load_target_rpjmd),
        ("pohon_kinerja", load_pohon_kinerja),
        ("renja", load_renja),
    ):
        spec = getattr(cfg, kind)
        out.append(
            run(kind, spec, deps, partial(loader, spec.path, w, spec.opts)) if spec else None
        )
    return out[0], out[1], out[2]


def _kecamatan_table(
    w: Wilayah, poly: gpd.GeoDataFrame | None, dapil: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Every kecamatan of the code list, with its polygon and dapil where known.

    A kecamatan split between Dapil by desa has the Dapil of most of its desa
    in ``dapil`` and the others in ``dapil_pecahan`` (see
    :func:`planlib.dapil.membership.dapil_per_kecamatan`).
    """
    base = w.kecamatan.copy()
    geom = poly.set_index("kode").geometry if poly is not None and len(poly) else None
    per = dapil_per_kecamatan(dapil)
    for col in ("dapil", "dapil_pecahan"):
        v = base["kode"].map(per[col]).astype(object)
        base[col] = v.where(v.notna(), None)
    shapes = base["kode"].map(geom) if geom is not None else [None] * len(base)
    gdf = gpd.GeoDataFrame(base, geometry=gpd.GeoSeries(list(shapes), index=base.index), crs=4326)
    return gdf

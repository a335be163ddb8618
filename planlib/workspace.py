"""A workspace: a folder with ``planlib.toml`` and the analyst's own files.

``planlib.toml`` names the files (paths relative to the workspace, or
absolute); each entry is either a path or a table with ``path`` plus options
(``sheet``, ``header``, ``kolom`` …) for files whose layout differs::

    [wilayah]
    kabupaten = "63.06"
    nama = "Kabupaten Hulu Sungai Selatan"
    kode_wilayah = "wilayah/kode_wilayah.csv"
    kecamatan = "wilayah/kecamatan.geojson"
    desa = "wilayah/desa.geojson"            # optional
    dapil = "dapil.csv"
    alias = "wilayah/alias_wilayah.csv"      # optional: nama → kode

    [usulan]
    2026 = "usulan/usulan_2026.xlsx"
    bidang = "bidang.csv"                    # optional: pola → bidang
    isu = "isu.csv"                          # optional: pola → isu

    [indikator]
    files = ["indikator/bps.csv"]

    [perencanaan]
    target_rpjmd = "perencanaan/target_rpjmd.csv"
    pohon_kinerja = "perencanaan/pohon_kinerja.csv"
    renja = "perencanaan/renja.csv"

    [pokir]                                  # optional: DPRD pokir (SIPD-RI) per planning year
    2026 = "pokir/pokir_2026.xlsx"

    [realisasi]                              # optional: e-Monev realisasi per budget year
    2025 = "realisasi/realisasi_2025.xlsx"
    2024 = ["realisasi/dinkes_2024.xlsx", { path = "realisasi/pupr_2024.xlsx", opd = "Dinas PUPR" }]

    [indeks_desa]                            # optional: Kemendesa IDM / Indeks Desa per year
    2024 = "indeks_desa/idm_2024.xlsx"

:func:`open_workspace` loads every file (through the cache), matches names to
codes and returns a :class:`Workspace` holding the tables and a
:class:`~planlib.report.Report`. A file that cannot be read at all is
recorded as fatal in the report and its table is left empty, so that one bad
file does not hide the report of the others.
"""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from . import boundaries, cache
from .bidang import BidangRules, default_table_text
from .dapil.load import load_dapil
from .dapil.membership import dapil_per_kecamatan
from .pokir import LOADER_VERSION as POKIR_LOADER_VERSION
from .pokir import empty as empty_pokir
from .pokir import load_pokir, tambah_dapil
from .report import FileReport, PlanlibError, Report, WorkspaceError
from .teks import kamus_table_text
from .usulan import LOADER_VERSION as USULAN_LOADER_VERSION
from .usulan import empty_table as empty_usulan
from .usulan import isu_rules as usulan_isu_rules
from .usulan import isu_table_text, load_usulan
from .wilayah import Wilayah, load_aliases, load_kode_wilayah, normalise_code

CONFIG = "planlib.toml"
T = TypeVar("T")

#: The keys each section of ``planlib.toml`` may hold (besides years in [usulan]/[realisasi]/
#: [indeks_desa]/[pokir]).
SECTIONS: dict[str, frozenset[str]] = {
    "wilayah": frozenset({"kabupaten", "nama", "kode_wilayah", "kecamatan", "desa", "dapil", "alias"}),
    "usulan": frozenset({"bidang", "isu"}),
    "indikator": frozenset({"files"}),
    "perencanaan": frozenset({"target_rpjmd", "pohon_kinerja", "renja"}),
    "realisasi": frozenset(),
    "indeks_desa": frozenset(),
    "pokir": frozenset(),
    "demo": frozenset({"label"}),
}  # fmt: skip
#: The options a file entry written as a table may carry (``{ path = "…", sheet = "…" }``).
FILE_OPTIONS = frozenset(
    {"path", "sheet", "header", "kolom", "kolom_kode", "kolom_nama", "layer", "opd",
     "triwulan", "kumulatif", "indikator", "satuan", "periode", "seri", "sumber", "format",
     "level", "bawaan"}
)  # fmt: skip


def _unknown_key(where: str, key: str, known: Iterable[str], what: str = "kunci") -> WorkspaceError:
    """The error for a misspelt key, naming the nearest known one."""
    known = sorted(known)
    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" Maksudnya '{near[0]}'?" if near else ""
    return WorkspaceError(
        f"{CONFIG}: {' '.join(filter(None, (where, what)))} '{key}' tidak dikenal.{hint} "
        f"Yang dikenal: {', '.join(known)}."
    )


def check_keys(cfg: dict[str, Any]) -> None:
    """Refuse unknown sections, keys and file options in a parsed ``planlib.toml``.

    A misspelt key (``kecamatn``, ``pohon_kenerja``, ``[realisasi_typo]``) would
    otherwise leave its file unread without a word.

    Parameters
    ----------
    cfg : dict
        The parsed TOML.

    Raises
    ------
    WorkspaceError
        Naming the key and the nearest known one.
    """
    for section, body in cfg.items():
        if section not in SECTIONS:
            raise _unknown_key("", f"[{section}]", [f"[{k}]" for k in SECTIONS], "bagian")
        if not isinstance(body, dict):
            continue
        years = section in ("usulan", "realisasi", "indeks_desa", "pokir")
        for key, value in body.items():
            k = str(key)
            if not (years and k.isdigit()) and k not in SECTIONS[section]:
                near = difflib.get_close_matches(k, SECTIONS[section], n=1, cutoff=0.6)
                if not years or near:  # else: a year section's own sentence reports it
                    raise _unknown_key(f"[{section}]", k, SECTIONS[section])
            entries = value if isinstance(value, list) else [value]
            for entry in entries:
                if isinstance(entry, dict):
                    for opt in entry:
                        if opt not in FILE_OPTIONS:
                            raise _unknown_key(
                                f"[{section}] {key}:", str(opt), FILE_OPTIONS, "pilihan"
                            )


#: What a view that needs usulan says of a workspace without any ``[usulan]`` file.
TANPA_USULAN = "Workspace ini belum punya berkas usulan ([usulan] di planlib.toml)."


@dataclass(frozen=True)
class FileSpec:
    """One input file named in ``planlib.toml`` and its loader options."""

    path: Path
    opts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Path, entry: object, where: str) -> FileSpec:
        """A file entry of ``planlib.toml``: a path, or a table with ``path`` and options.

        Parameters
        ----------
        root : Path
            The workspace folder relative paths start from.
        entry : object
            The TOML value.
        where : str
            The key, for the error message.

        Returns
        -------
        FileSpec

        Raises
        ------
        WorkspaceError
            When the entry is neither.
        """
        if isinstance(entry, str):
            return cls(_resolve(root, entry), {})
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            opts = {k: v for k, v in entry.items() if k != "path"}
            return cls(_resolve(root, entry["path"]), opts)
        raise WorkspaceError(
            f"{CONFIG}: {where} harus berupa path (teks) atau tabel dengan 'path'; tertulis {entry!r}"
        )


def _resolve(root: Path, p: str) -> Path:
    path = Path(p).expanduser()
    return path if path.is_absolute() else root / path


@dataclass
class WorkspaceConfig:
    """The parsed ``planlib.toml``."""

    root: Path
    kabupaten: str
    nama: str
    kode_wilayah: FileSpec
    kecamatan: FileSpec | None = None
    desa: FileSpec | None = None
    dapil: FileSpec | None = None
    alias: FileSpec | None = None
    bidang: FileSpec | None = None
    isu: FileSpec | None = None
    usulan: dict[int, FileSpec] = field(default_factory=dict)
    indikator: list[FileSpec] = field(default_factory=list)
    target_rpjmd: FileSpec | None = None
    pohon_kinerja: FileSpec | None = None
    renja: FileSpec | None = None
    realisasi: dict[int, list[FileSpec]] = field(default_factory=dict)
    label: str | None = None
    indeks_desa: dict[int, FileSpec] = field(default_factory=dict)
    pokir: dict[int, FileSpec] = field(default_factory=dict)

    @classmethod
    def read(cls, root: str | Path) -> WorkspaceConfig:
        """Read and check ``planlib.toml``.

        Parameters
        ----------
        root : path-like
            The workspace folder.

        Returns
        -------
        WorkspaceConfig

        Raises
        ------
        WorkspaceError
            With a clear message when the folder, the file or a required key
            is missing or a key is unknown.
        """
        root = Path(root).expanduser().resolve()
        cfg_path = root / CONFIG
        if not root.is_dir():
            raise WorkspaceError(f"Folder workspace tidak ditemukan: {root}")
        if not cfg_path.exists():
            raise WorkspaceError(
                f"{root} bukan workspace planlib: berkas {CONFIG} tidak ada. "
                f"Buat dengan: planlib init {root} --kabupaten KODE"
            )
        try:
            text = cfg_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise WorkspaceError(f"{CONFIG} tidak dapat dibaca: {e}") from e
        return cls.from_text(root, text)

    @classmethod
    def from_text(cls, root: Path, text: str) -> WorkspaceConfig:
        """Parse and check the text of a ``planlib.toml`` for the workspace at ``root``.

        Parameters
        ----------
        root : Path
            The workspace folder (resolved) relative paths start from.
        text : str
            The file's text.

        Returns
        -------
        WorkspaceConfig

        Raises
        ------
        WorkspaceError
            As :meth:`read`.
        """
        try:
            cfg = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise WorkspaceError(f"{CONFIG} tidak dapat dibaca: {e}") from e
        check_keys(cfg)
        w = cfg.get("wilayah")
        if not isinstance(w, dict):
            raise WorkspaceError(f"{CONFIG}: bagian [wilayah] tidak ada.")
        kab = normalise_code(w.get("kabupaten"))
        if kab is None or kab.count(".") != 1:
            raise WorkspaceError(
                f"{CONFIG}: [wilayah] kabupaten harus kode Kemendagri kabupaten/kota seperti "
                f'"63.06"; tertulis {w.get("kabupaten")!r}'
            )
        if "kode_wilayah" not in w:
            raise WorkspaceError(
                f"{CONFIG}: [wilayah] kode_wilayah (daftar kode wilayah) wajib ada."
            )

        def spec(section: dict, key: str) -> FileSpec | None:
            return FileSpec.parse(root, section[key], key) if key in section else None

        u = cfg.get("usulan", {})
        usulan = {}
        for key, entry in u.items():
            if str(key).isdigit():
                usulan[int(key)] = FileSpec.parse(root, entry, f"[usulan] {key}")
            elif key not in ("bidang", "isu"):
                raise WorkspaceError(
                    f"{CONFIG}: [usulan] kunci '{key}' bukan tahun (contoh: 2026 = \"...\")."
                )
        ind = cfg.get("indikator", {})
        files = ind.get("files", [])
        if isinstance(files, (str, dict)):
            files = [files]
        p = cfg.get("perencanaan", {})
        return cls(
            root=root,
            kabupaten=kab,
            nama=str(w.get("nama") or kab),
            kode_wilayah=FileSpec.parse(root, w["kode_wilayah"], "kode_wilayah"),
            kecamatan=spec(w, "kecamatan"),
            desa=spec(w, "desa"),
            dapil=spec(w, "dapil"),
            alias=spec(w, "alias"),
            bidang=spec(u, "bidang"),
            isu=spec(u, "isu"),
            usulan=dict(sorted(usulan.items())),
            indikator=[FileSpec.parse(root, f, "[indikator] files") for f in files],
            target_rpjmd=spec(p, "target_rpjmd"),
            pohon_kinerja=spec(p, "pohon_kinerja"),
            renja=spec(p, "renja"),
            realisasi=_realisasi_specs(root, cfg.get("realisasi", {})),
            label=(cfg.get("demo") or {}).get("label"),
            indeks_desa=_year_specs(root, cfg.get("indeks_desa", {}), "indeks_desa", "2024"),
            pokir=_year_specs(root, cfg.get("pokir", {}), "pokir", "2026"),
        )


def _year_specs(root: Path, section: object, name: str, contoh: str) -> dict[int, FileSpec]:
    """A section of one file per year (``[indeks_desa]``, ``[pokir]``): year → its file."""
    if not isinstance(section, dict):
        raise WorkspaceError(f"{CONFIG}: [{name}] harus berupa bagian (tabel) tahun = berkas.")
    out: dict[int, FileSpec] = {}
    for key, entry in section.items():
        if not str(key).isdigit():
            raise WorkspaceError(
                f"{CONFIG}: [{name}] kunci '{key}' bukan tahun "
                f'(contoh: {contoh} = "{name}/{name}_{contoh}.xlsx").'
            )
        out[int(key)] = FileSpec.parse(root, entry, f"[{name}] {key}")
    return dict(sorted(out.items()))


def _realisasi_specs(root: Path, section: object) -> dict[int, list[FileSpec]]:
    """The ``[realisasi]`` section: budget year → files (a path, a table, or a list of those).

    One year may have several files (one per OPD or per triwulan); they are
    combined in the order written (:func:`planlib.realisasi.combine_realisasi`).
    """
    if not isinstance(section, dict):
        raise WorkspaceError(f"{CONFIG}: [realisasi] harus berupa bagian (tabel) tahun = berkas.")
    out: dict[int, list[FileSpec]] = {}
    for key, entry in section.items():
        if not str(key).isdigit():
            raise WorkspaceError(
                f"{CONFIG}: [realisasi] kunci '{key}' bukan tahun (contoh: 2025 = \"...\")."
            )
        entries = entry if isinstance(entry, list) else [entry]
        if not entries:
            raise WorkspaceError(f"{CONFIG}: [realisasi] {key} adalah daftar kosong.")
        out[int(key)] = [FileSpec.parse(root, e, f"[realisasi] {key}") for e in entries]
    return dict(sorted(out.items()))


@dataclass
class Workspace:
    """The loaded tables of a workspace and the report of every input file.

    Attributes
    ----------
    wilayah : Wilayah
        The code list and the name matchers of the kabupaten.
    kecamatan : GeoDataFrame
        Every kecamatan of the code list (``kode``, ``nama``, ``dapil``,
        ``geometry`` in EPSG:4326); a kecamatan without a polygon or a dapil
        is kept with an empty value.
    desa : GeoDataFrame or None
        Desa polygons (``kode``, ``nama``, ``kode_kec``) when the workspace has them.
    dapil : DataFrame
        Membership: ``dapil``, ``kode_kecamatan``, ``nama_kecamatan``.
    usulan : dict of int to DataFrame
        Usulan per planning year (columns of :data:`planlib.usulan.COLUMNS`).
    indikator : DataFrame
        The long indicator table (one row per wilayah, year, indicator, series).
    target_rpjmd, pohon_kinerja, renja : DataFrame or None
    report : Report
    realisasi : dict of int to DataFrame
        Realisasi fisik dan keuangan per budget year (columns of
        :data:`planlib.realisasi.COLUMNS`), the files of a year combined;
        empty without a ``[realisasi]`` section.
    indeks_desa : dict of int to DataFrame
        The Kemendesa IDM / Indeks Desa per year of the index (columns of
        :data:`planlib.indeks_desa.COLUMNS`); empty without an ``[indeks_desa]`` section.
    pokir : dict of int to DataFrame
        DPRD pokir per planning year (columns of :data:`planlib.pokir.COLUMNS`
        and :data:`planlib.pokir.DAPIL_COLUMNS`); empty without a ``[pokir]`` section.
    bidang_rules : BidangRules
        The bidang table in force: ``[usulan] bidang`` when it could be read,
        else planlib's ``data/bidang.csv`` (the report says why). The usulan
        loader, the Rakerda and everything else use this one.
    isu_rules : BidangRules
        The isu table in force: ``[usulan] isu`` when it could be read, else
        planlib's ``data/isu.csv`` (the report says why); the one the usulan
        loader gave the ``isu`` column with.
    """

    config: WorkspaceConfig
    wilayah: Wilayah
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame | None
    dapil: pd.DataFrame
    usulan: dict[int, pd.DataFrame]
    indikator: pd.DataFrame
    target_rpjmd: pd.DataFrame | None
    pohon_kinerja: pd.DataFrame | None
    renja: pd.DataFrame | None
    report: Report
    realisasi: dict[int, pd.DataFrame] = field(default_factory=dict)
    indeks_desa: dict[int, pd.DataFrame] = field(default_factory=dict)
    pokir: dict[int, pd.DataFrame] = field(default_factory=dict)
    bidang_rules: BidangRules = field(default_factory=BidangRules.default)
    isu_rules: BidangRules = field(default_factory=usulan_isu_rules)
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed from this workspace, computed once and kept with it.

        Every table that planlib derives from a workspace (the usulan of a year
        with dapil and isu, the fitted matcher, the lineage of all years) is
        memoised here, so it lives exactly as long as the workspace it was
        computed from: a reopened workspace starts empty, and nothing keeps an
        old workspace alive.

        Parameters
        ----------
        key : hashable
            Names the value, e.g. ``("usulan_tahun", 2026)``; include every
            argument the computation depends on.
        compute : callable
            Called without arguments the first time ``key`` is asked for.

        Returns
        -------
        object
            The memoised value (the same object on every call).
        """
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @property
    def root(self) -> Path:
        """The workspace folder."""
        return self.config.root

    @property
    def label(self) -> str | None:
        """ "DATA CONTOH — sintetis" for the demo; None for real data."""
        return self.config.label

    @property
    def tahun(self) -> list[int]:
        """The planning years that have usulan."""
        return sorted(self.usulan)

    def usulan_of(self, tahun: int) -> pd.DataFrame:
        """The usulan of planning year ``tahun`` as loaded: the one rule for a year without any.

        Parameters
        ----------
        tahun : int
            The planning year (RKPD T).

        Returns
        -------
        DataFrame
            ``usulan[tahun]``.

        Raises
        ------
        PlanlibError
            :data:`TANPA_USULAN` when the workspace has no usulan file at all, else
            a sentence naming the years it has.
        """
        usulan = self.usulan.get(int(tahun))
        if usulan is None:
            if not self.usulan:
                raise PlanlibError(TANPA_USULAN)
            ada = ", ".join(str(t) for t in self.tahun)
            raise PlanlibError(
                f"Tidak ada usulan tahun {tahun} di workspace ini (tahun tersedia: {ada})."
            )
        return usulan

    def display(self, level: str = "kecamatan") -> gpd.GeoDataFrame:
        """Simplified polygons for drawing (shared edges kept shared), cached on disk.

        The copy is keyed on what it is made of: the codes and the exact
        geometry (WKB) of the polygons being simplified and their CRS, so a
        changed code list, a replaced or altered frame, or another boundary
        file never gets the polygons of an earlier one. It is memoised on the
        workspace (:meth:`derived`) under that key as well.

        Parameters
        ----------
        level : {"kecamatan", "desa"}
            Which polygons.

        Returns
        -------
        GeoDataFrame
            The rows of ``kecamatan`` (or ``desa``) that have a polygon, with
            simplified geometry.

        Raises
        ------
        PlanlibError
            When the workspace has no polygons of that level.
        """
        frame = self.kecamatan if level == "kecamatan" else self.desa
        if frame is None:
            raise PlanlibError(f"Workspace ini tidak punya poligon {level}.")
        gdf = frame[frame.geometry.notna()]
        digest = geometry_digest(gdf)
        spec = self.config.kecamatan if level == "kecamatan" else self.config.desa

        def compute() -> gpd.GeoDataFrame:
            if spec is None:  # polygons not read from a file (a frame built in memory)
                return boundaries.simplify_coverage(gdf)
            out, _ = cache.cached(
                self.root, f"tampilan-{level}", spec.path, spec.opts, [level, digest],
                lambda: (boundaries.simplify_coverage(gdf), FileReport(str(spec.path), level)),
            )  # fmt: skip
            return out

        return self.derived(("display", level, digest), compute)


def geometry_digest(gdf: gpd.GeoDataFrame) -> str:
    """A hash of the codes, geometry (WKB) and CRS of a frame of polygons.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with a ``kode`` column (the row order counts).

    Returns
    -------
    str
        Hex SHA-256; equal for frames with equal codes, shapes and CRS.
    """
    import shapely

    h = hashlib.sha256()
    h.update(str(gdf.crs.to_string() if gdf.crs is not None else None).encode())
    codes = gdf["kode"].astype(str).tolist() if "kode" in gdf.columns else []
    h.update("\x1f".join(codes).encode("utf-8"))
    for wkb in shapely.to_wkb(gdf.geometry.values):
        h.update(b"\x1e" + (wkb or b""))
    return h.hexdigest()


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
    from .realisasi import COLUMNS, LOADER_VERSION, combine_realisasi, load_realisasi

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
    from .indeks_desa import COLUMNS, LOADER_VERSION, load_indeks_desa

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
    from .indikator import COLUMNS, combine_indikator, load_indikator

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
    from .perencanaan.pohon import load_pohon_kinerja
    from .perencanaan.renja import load_renja
    from .perencanaan.target import load_target_rpjmd

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

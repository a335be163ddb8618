"""``planlib.toml``: read, checked and parsed into a :class:`WorkspaceConfig`.

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

A misspelt section, key or file option is refused with the nearest known one
(:func:`check_keys`); :meth:`WorkspaceConfig.read` turns every entry into a
:class:`FileSpec`. Nothing here reads the named files: that is
:func:`planlib.workspace.open_workspace`.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..report import WorkspaceError
from ..wilayah import normalise_code

CONFIG = "planlib.toml"

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

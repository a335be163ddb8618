"""A recognised file copied into the workspace and registered in ``planlib.toml``.

:func:`place` copies one :class:`~planlib.intake.recognise.Recognition` into its
folder unchanged and writes its entry (comments kept, tomlkit); :func:`tambah`
does so for every file handed over and loads the workspace after;
:func:`summary` is what ``planlib tambah`` prints.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit

from ..cache import file_hash
from ..report import PlanlibError
from ..workspace import Workspace, open_workspace
from ..workspace.config import CONFIG, WorkspaceConfig
from .recognise import KINDS, Recognition, expand, recognise, recognise_as

#: The workspace sub-folder each kind is copied into.
FOLDERS = {
    "usulan": "usulan", "pokir": "pokir", "indikator": "indikator", "desa": "wilayah",
    "kecamatan": "wilayah", "dapil": "wilayah", "realisasi": "realisasi",
    "target_rpjmd": "perencanaan", "pohon_kinerja": "perencanaan", "renja": "perencanaan",
    "kode_wilayah": "wilayah", "indeks_desa": "indeks_desa",
}  # fmt: skip


@dataclass
class Placement:
    """What :func:`tambah` did with one recognised file.

    Attributes
    ----------
    recognition : Recognition
    status : str
        ``ditambahkan`` (copied and registered), ``sudah ada`` (the same file is already
        registered), ``perlu pilihan`` (a question for the analyst, in ``message``) or
        ``tidak dikenali``.
    dest : Path or None
        Where the file now lies in the workspace.
    entry : str
        The ``planlib.toml`` entry written (``[usulan] 2026``).
    message : str
        A sentence for the analyst.
    """

    recognition: Recognition
    status: str
    dest: Path | None = None
    entry: str = ""
    message: str = ""


def _copy(rec: Recognition, root: Path) -> tuple[Path, bool]:
    """Copy the file (and its companions) into its folder; (destination, already there)."""
    folder = root / FOLDERS[rec.kind or ""]
    folder.mkdir(parents=True, exist_ok=True)
    src = rec.source
    if src.resolve().is_relative_to(root.resolve()):
        return src.resolve(), True  # already inside the workspace: registered where it lies
    digest = file_hash(src)
    stem, suffix = src.stem, src.suffix
    for n in range(1, 1000):
        dest = folder / (src.name if n == 1 else f"{stem} ({n}){suffix}")
        if dest.exists():
            if file_hash(dest) == digest:
                return dest, True
            continue
        shutil.copy2(src, dest)
        for c in rec.companions:
            shutil.copy2(c, dest.with_suffix(c.suffix))
        return dest, False
    raise PlanlibError(f"Terlalu banyak berkas bernama {src.name} di {folder}.")


def _entry(rel: str, opts: dict[str, Any]) -> Any:
    if not opts:
        return rel
    t = tomlkit.inline_table()
    t.update({"path": rel, **opts})
    return t


def _path_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        p = entry.get("path")
        return str(p) if p is not None else None
    return None


def place(
    rec: Recognition, root: Path, doc: tomlkit.TOMLDocument, *, ganti: bool = False
) -> Placement:
    """Copy one recognised file into the workspace and write its ``planlib.toml`` entry.

    Parameters
    ----------
    rec : Recognition
        From :func:`recognise`.
    root : Path
        The workspace folder.
    doc : tomlkit.TOMLDocument
        ``planlib.toml`` as parsed by tomlkit; changed in place (comments kept).
    ganti : bool
        Replace an usulan export already registered for the same year.

    Returns
    -------
    Placement
    """
    if rec.kind is None:
        return Placement(rec, "tidak dikenali", message=rec.reason)
    if rec.kind in ("usulan", "pokir", "realisasi", "indeks_desa") and rec.tahun is None:
        what = {"usulan": "perencanaan", "pokir": "perencanaan", "realisasi": "anggaran"}.get(
            rec.kind, "indeks"
        )
        return Placement(
            rec, "perlu pilihan",
            message=f"tahun {what} tidak terbaca dari judul, nama lembar, nama berkas atau "
            "tanggalnya; tambahkan lagi dengan --tahun TAHUN",
        )  # fmt: skip
    if rec.kind in ("usulan", "pokir"):  # one export per planning year
        section = doc.setdefault(rec.kind, tomlkit.table())
        old = section.get(str(rec.tahun))
        if old is not None and not ganti:
            old_path = _path_of(old)
            old_file = root / old_path if old_path else None
            if old_file and old_file.is_file() and file_hash(old_file) == file_hash(rec.source):
                return Placement(rec, "sudah ada", old_file, f"[{rec.kind}] {rec.tahun}",
                                 "berkas yang sama sudah terdaftar")  # fmt: skip
            return Placement(
                rec, "perlu pilihan", entry=f"[{rec.kind}] {rec.tahun}",
                message=f"tahun {rec.tahun} sudah punya ekspor {rec.kind} ({old_path}); tidak "
                "ditimpa. Untuk menggantinya: planlib tambah … --ganti",
            )  # fmt: skip
    dest, existed = _copy(rec, root)
    rel = dest.resolve().relative_to(root.resolve()).as_posix()
    value = _entry(rel, rec.opts)
    kind = rec.kind
    if kind in ("usulan", "pokir"):
        doc[kind][str(rec.tahun)] = value
        entry = f"[{kind}] {rec.tahun}"
    elif kind == "indikator":
        section = doc.setdefault("indikator", tomlkit.table())
        files = section.get("files")
        if files is None or isinstance(files, (str, dict)):
            arr = tomlkit.array()
            if files is not None:
                arr.append(files)
            section["files"] = files = arr
        known = [i for i, f in enumerate(files) if _path_of(f) == rel]
        if known and not rec.opts:
            return Placement(rec, "sudah ada", dest, "[indikator] files", "sudah terdaftar")
        if known:  # the same file again with the analyst's options: they replace the entry
            files[known[0]] = value
        else:
            files.append(value)
        entry = "[indikator] files"
    elif kind == "realisasi":
        section = doc.setdefault("realisasi", tomlkit.table())
        key = str(rec.tahun)
        old = section.get(key)
        olds = list(old) if isinstance(old, list) else ([old] if old is not None else [])
        if rel in {_path_of(o) for o in olds}:
            return Placement(rec, "sudah ada", dest, f"[realisasi] {key}", "sudah terdaftar")
        arr = tomlkit.array()
        for o in [*olds, value]:
            arr.append(o)
        section[key] = arr if len(arr) > 1 else value
        entry = f"[realisasi] {key}"
    elif kind == "indeks_desa":
        section = doc.setdefault("indeks_desa", tomlkit.table())
        key = str(rec.tahun)
        old = section.get(key)
        if old is not None and _path_of(old) == rel:
            return Placement(rec, "sudah ada", dest, f"[indeks_desa] {key}", "sudah terdaftar")
        if old is not None and not ganti:
            return Placement(
                rec, "perlu pilihan", dest, f"[indeks_desa] {key}",
                f"tahun {key} sudah punya berkas indeks desa ({_path_of(old)}); tidak ditimpa. "
                "Untuk menggantinya: planlib tambah … --ganti",
            )  # fmt: skip
        section[key] = value
        entry = f"[indeks_desa] {key}"
    elif kind in ("kecamatan", "desa", "dapil", "kode_wilayah"):
        doc.setdefault("wilayah", tomlkit.table())[kind] = value
        entry = f"[wilayah] {kind}"
    else:  # target_rpjmd, pohon_kinerja, renja
        doc.setdefault("perencanaan", tomlkit.table())[kind] = value
        entry = f"[perencanaan] {kind}"
    status = "sudah ada" if existed else "ditambahkan"
    return Placement(rec, status, dest, entry, f"{KINDS[kind]} → {rel}")


def tambah(
    folder: str | Path,
    paths: Iterable[str | Path],
    *,
    tahun: int | None = None,
    ganti: bool = False,
    jenis: str | None = None,
    kolom: dict[str, str] | None = None,
    sheet: str | None = None,
) -> tuple[list[Placement], Workspace]:
    """Recognise, copy and register the analyst's files, then load the workspace.

    Parameters
    ----------
    folder : path-like
        The workspace (made by ``planlib init``).
    paths : iterable of path-like
        Files or folders, in any order.
    tahun : int, optional
        The year of an usulan, pokir or realisasi file whose year is not written in it.
    ganti : bool
        Replace an usulan export already registered for the same year.
    jenis : str, optional
        What the files are, when planlib did not recognise them (:func:`recognise_as`).
    kolom : dict, optional
        With ``jenis``: field → header text, for headers planlib does not know.
    sheet : str, optional
        With ``jenis``: the sheet holding the table.

    Returns
    -------
    (list of Placement, Workspace)
        One placement per file, in the order given, and the workspace as loaded after
        (its report is the check).

    Raises
    ------
    PlanlibError
        When the workspace cannot be opened or a path does not exist.
    """
    cfg = WorkspaceConfig.read(folder)
    root = cfg.root
    ws = open_workspace(root)
    files = expand(paths)
    toml_path = root / CONFIG
    doc = tomlkit.parse(toml_path.read_text(encoding="utf-8"))
    out: list[Placement] = []
    for f in files:
        rec = recognise_as(f, jenis, kolom=kolom, sheet=sheet) if jenis else recognise(f, ws)
        if tahun is not None and rec.kind in ("usulan", "pokir", "realisasi", "indeks_desa"):
            rec.tahun = tahun
        out.append(place(rec, root, doc, ganti=ganti or bool(jenis)))
    new_text = tomlkit.dumps(doc)
    WorkspaceConfig.from_text(root, new_text)  # what is written must read back
    tmp = toml_path.with_suffix(".toml.baru")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(toml_path)
    return out, open_workspace(root)


def summary(placements: list[Placement]) -> str:
    """The lines ``planlib tambah`` prints: each file, what it was recognised as, and why."""
    lines = []
    for pl in placements:
        r = pl.recognition
        what = KINDS.get(r.kind or "", "tidak dikenali")
        year = (f" {r.tahun}" if r.tahun and r.kind in ("usulan", "realisasi", "pokir", "indeks_desa")
                else "")  # fmt: skip
        lines.append(f"{r.source.name}: {what}{year} — {pl.status}")
        lines.append(f"    dikenali dari: {r.reason}" if r.kind else f"    alasan: {r.reason}")
        if pl.status == "ditambahkan" and pl.entry:
            lines.append(f"    dicatat di planlib.toml: {pl.entry}")
        elif pl.message and r.kind:
            lines.append(f"    {pl.message}")
    return "\n".join(lines)

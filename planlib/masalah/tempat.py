"""Where a masalah belongs: a desa or kecamatan named by code or name (a misspelling matched).

What the analyst types (``--desa "Tanjung Luwar"``, ``5203012001``, a name that
repeats across kecamatan with ``--kecamatan``) becomes a :class:`Tempat` on the
workspace's code list, or a :class:`MasalahError` that names the nearest names.
:func:`wilayah_workspace` reads only the code list and the isu table, so that
recording one masalah does not load the whole workspace.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bidang import BidangRules
from ..parse import clean_text, fold
from ..report import PlanlibError
from ..wilayah import Wilayah, normalise_code


class MasalahError(PlanlibError, ValueError):
    """A masalah that cannot be recorded; the message is for the analyst."""


@dataclass(frozen=True)
class Tempat:
    """The wilayah a masalah belongs to, as resolved from what the analyst typed."""

    tingkat: str
    kode: str
    nama: str
    kode_kecamatan: str
    #: Set when the name was matched to a differently written one ("Tanjung Luwar" → …).
    dicocokkan: str | None = None


def resolve_tempat(wilayah: Wilayah, desa: object = None, kecamatan: object = None) -> Tempat:
    """The desa (or kecamatan) named by a code or a name, or an error naming the nearest names.

    Parameters
    ----------
    wilayah : Wilayah
        The workspace's code list and matchers.
    desa : str, optional
        A desa's Kemendagri code (``52.03.01.2001`` or ``5203012001``) or name
        (misspellings are matched through :meth:`Wilayah.desa_matcher`).
    kecamatan : str, optional
        The kecamatan (code or name): the level of the masalah without
        ``desa``, else where the desa is looked for (desa names repeat across
        kecamatan).

    Returns
    -------
    Tempat

    Raises
    ------
    MasalahError
        An unknown or ambiguous name, with the nearest names; neither given.
    """
    kec_kode: str | None = None
    kec_note: str | None = None
    if clean_text(kecamatan) is not None:
        kec_kode, kec_note = _match(wilayah, "kecamatan", kecamatan, None)
    if clean_text(desa) is None:
        if kec_kode is None:
            raise MasalahError("Sebutkan desa (nama atau kode) atau kecamatannya.")
        name = wilayah.kecamatan_matcher.names[kec_kode]
        return Tempat("kecamatan", kec_kode, str(name), kec_kode, kec_note)
    kode, note = _match(wilayah, "desa", desa, kec_kode)
    parent = str(wilayah.desa_matcher.parent.get(kode))
    return Tempat("desa", kode, str(wilayah.desa_matcher.names[kode]), parent, note or kec_note)


def resolve_kecamatan(root: str | Path, kecamatan: object) -> Tempat:
    """The kecamatan of the workspace at ``root`` named by a code or name (a misspelling is matched).

    What ``planlib pengguna tambah … --peran kecamatan --kecamatan`` stores in
    a kecamatan delegate's account.

    Parameters
    ----------
    root : path-like
        The workspace folder (its code list and alias table are read).
    kecamatan : str
        A kecamatan's Kemendagri code (``52.03.01`` or ``520301``) or name.

    Returns
    -------
    Tempat
        At ``tingkat`` ``"kecamatan"``.

    Raises
    ------
    MasalahError
        Empty, unknown (with the nearest names) or ambiguous.
    """
    if clean_text(kecamatan) is None:
        raise MasalahError("Sebutkan kecamatannya: --kecamatan KODE atau NAMA.")
    w, _ = wilayah_workspace(root)
    return resolve_tempat(w, kecamatan=kecamatan)


def _match(w: Wilayah, level: str, value: object, induk: str | None) -> tuple[str, str | None]:
    matcher = w.desa_matcher if level == "desa" else w.kecamatan_matcher
    text = str(clean_text(value))
    code = normalise_code(text)
    if code is not None:
        if code in matcher.names and (induk is None or matcher.parent.get(code) == induk):
            return code, None
        raise MasalahError(f"Kode {level} {text} tidak ada di daftar kode wilayah {w.nama}.")
    hit = matcher.match_one(text, induk)
    if hit.kode is not None:
        name = str(matcher.names[hit.kode])
        note = f"'{text}' dicocokkan dengan {level} {name}" if hit.metode == "mirip" else None
        return hit.kode, note
    where = ""
    if induk is not None:
        where = f" di Kecamatan {w.kecamatan_matcher.names[induk]}"
    if hit.metode == "ambigu":
        raise MasalahError(
            f"Nama {level} '{text}' cocok dengan lebih dari satu {level}{where}: {hit.saran} "
            f"Tulis kodenya, atau sebutkan kecamatannya (--kecamatan)."
        )
    near = _nearest(matcher, text, induk)
    hint = f" Nama terdekat: {', '.join(near)}." if near else ""
    raise MasalahError(f"{level.capitalize()} '{text}' tidak dikenal{where}.{hint}")


def _nearest(matcher: Any, text: str, induk: str | None, n: int = 3) -> list[str]:
    """The names closest to ``text`` (with their kecamatan for desa), for the refusal."""
    names = {k: str(v) for k, v in matcher.names.items()
             if induk is None or matcher.parent.get(k) == induk}  # fmt: skip
    by_fold: dict[str, list[str]] = {}
    for k, v in names.items():
        by_fold.setdefault(fold(v), []).append(k)
    close = difflib.get_close_matches(fold(text), list(by_fold), n=n, cutoff=0.5)
    return [names[k] for c in close for k in by_fold[c]][:n]


def wilayah_workspace(root: str | Path) -> tuple[Wilayah, BidangRules]:
    """The code list and isu table of a workspace, without loading its other files.

    Recording one masalah needs only these; the code list comes from the
    workspace's parse cache when :func:`planlib.workspace.open_workspace` has
    read it before.

    Parameters
    ----------
    root : path-like
        The workspace folder.

    Returns
    -------
    (Wilayah, BidangRules)
        The kabupaten's matchers (with the workspace's alias table) and its isu rules.
    """
    from .. import cache
    from ..usulan import isu_rules
    from ..wilayah import load_aliases, load_kode_wilayah
    from ..workspace.config import WorkspaceConfig

    cfg = WorkspaceConfig.read(root)
    kw = cfg.kode_wilayah
    try:
        kode, _ = cache.cached(
            cfg.root,
            "kode_wilayah",
            kw.path,
            kw.opts,
            [],
            lambda: load_kode_wilayah(kw.path, kw.opts),
        )
    except FileNotFoundError as e:
        raise MasalahError(f"Daftar kode wilayah tidak ditemukan: {kw.path}") from e
    aliases: dict[str, str] = {}
    if cfg.alias is not None and cfg.alias.path.exists():
        aliases, _ = load_aliases(cfg.alias.path)
    w = Wilayah(cfg.kabupaten, cfg.nama, kode.drop(columns="baris", errors="ignore"), aliases)
    rules = isu_rules(cfg.isu.path) if cfg.isu is not None else isu_rules()
    return w, rules

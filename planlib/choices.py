"""A filter's choice from what a link or a command names: a Dapil, a kecamatan, an isu ….

A viewer's link (``?dapil=II&isu=kesehatan-dan-stunting``) and a command's
argument (``planlib deck --kecamatan "Kec. Pdg Batung"``) name a choice the way
people write it; this module finds the choice they mean, or none. The choices
themselves are :func:`planlib.rekap.pilihan`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .dapil.cells import dapil_label
from .parse import fold
from .rekap import dapil_names
from .workspace import Workspace


def match_dapil(ws: Workspace, text: str | None) -> str | None:
    """A dapil from a link parameter: ``2``, ``II``, ``Dapil 2`` or ``HSS 2`` → the dapil's name.

    Parameters
    ----------
    ws : Workspace
        The open workspace (the dapil of its kecamatan table).
    text : str or None
        The value of the link parameter, as typed in a URL.

    Returns
    -------
    str or None
        The dapil's name as the workspace spells it: an exact
        (case-insensitive) match of ``text`` or of its label
        (:func:`planlib.dapil.cells.dapil_label`) first, else the dapil whose last word
        (its number) equals the last word of ``text``; ``None`` when none
        matches or ``text`` is empty.
    """
    if text in (None, ""):
        return None
    names = dapil_names(ws)
    t = str(text).strip().lower()
    label = (dapil_label(text) or "").lower()
    for n in names:
        if str(n).lower() in (t, label):
            return n
    for n in names:
        if str(n).split()[-1].lower() == t.split()[-1]:
            return n
    return None


def match_kecamatan(ws: Workspace, text: str) -> str | None:
    """A kecamatan named by its code, its name in any case, or a spelling variant → its code.

    Parameters
    ----------
    ws : Workspace
        The open workspace (its kecamatan names).
    text : str
        The kecamatan as typed (``63.06.02``, ``padang batung``, ``Kec. Pdg Batung``).

    Returns
    -------
    str or None
        The kecamatan's code: ``text`` itself when it is a code, else the
        kecamatan whose name equals it ignoring case, else the match of
        :class:`planlib.wilayah.NameMatcher`; ``None`` when none matches.
    """
    names = ws.wilayah.kecamatan_matcher.names
    if text in names:
        return text
    low = {str(v).lower(): k for k, v in names.items()}
    kode = low.get(text.strip().lower())
    if kode is None:
        kode = ws.wilayah.kecamatan_matcher.match_one(text).kode
    return kode


def match_choice(text: str | None, choices: Iterable[Any]) -> Any | None:
    """The choice of a filter a link parameter names (``?isu=kesehatan-dan-stunting``).

    Parameters
    ----------
    text : str or None
        The value of the link parameter, as typed in a URL (``+`` and ``%20``
        already decoded to spaces).
    choices : iterable
        The filter's choices (isu, bidang, OPD, status, kecamatan names …).

    Returns
    -------
    object or None
        The choice equal to ``text``; else the one equal to it with case,
        accents, punctuation, hyphens and underscores ignored (its label or
        slug: ``Kesehatan dan stunting``, ``kesehatan-dan-stunting``,
        ``KESEHATAN_DAN_STUNTING``); else the only choice whose words contain
        the words of ``text`` in a row (``stunting``, ``dinas-kesehatan``).
        ``None`` when ``text`` is empty, nothing matches or several choices do.

    Examples
    --------
    >>> isu = ["Kesehatan dan stunting", "Pendidikan", "Air bersih dan sanitasi"]
    >>> match_choice("kesehatan-dan-stunting", isu), match_choice("STUNTING", isu)
    ('Kesehatan dan stunting', 'Kesehatan dan stunting')
    >>> match_choice("dan", isu) is None  # two choices contain it
    True
    """
    if text is None or not fold(str(text)):
        return None
    options = [c for c in choices if c is not None]
    if text in options:
        return text
    key = fold(str(text))
    same = [c for c in options if fold(str(c)) == key]
    if len(same) == 1:
        return same[0]
    inside = [c for c in options if f" {key} " in f" {fold(str(c))} "]
    return inside[0] if len(inside) == 1 else None

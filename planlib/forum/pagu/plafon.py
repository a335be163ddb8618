"""The ceilings per DPRD member (plafon per anggota) an analyst types for the pokir.

DPRD members usually carry the same ceiling for their pokir, but not always (the
chair, a faction leader). 04's "Skor & pagu" tab has one amount for every member
and a box for the exceptions, one line per member: ``H. Ahmad Fauzi: Rp 750 juta``.
:func:`plafon_anggota` turns what was typed into the ``pagu_anggota`` of
:func:`planlib.forum.pagu.alokasi`. A member's name is matched to the members
whose pokir are shown the way place names are (:class:`planlib.wilayah.NameMatcher`:
case, spacing and a misspelling forgiven); what cannot be read is refused with
the line and the nearest names, and nothing is computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...parse import parse_rupiah
from ...report import PlanlibError
from ...wilayah import NameMatcher

#: Between a member's name and the amount on a line of the exceptions box.
_PEMISAH = re.compile(r"\s*[:=\t]\s*|\s+(?=Rp\b)", re.IGNORECASE)


def _rupiah(teks: str, apa: str) -> float:
    """An amount in Rupiah, or a refusal that says where it was typed."""
    try:
        nilai = parse_rupiah(teks)
    except ValueError:
        nilai = None
    if nilai is None or nilai < 0:
        raise PlanlibError(
            f"{apa} tidak terbaca sebagai rupiah: {teks!r} (contoh: Rp 500.000.000 atau 1,5 M)."
        )
    return float(nilai)


def plafon_anggota(umum: str, khusus: str, anggota: Iterable[str]) -> dict[str, float] | None:
    """The ceiling per member: ``umum`` for every one, the lines of ``khusus`` for some.

    Parameters
    ----------
    umum : str
        One amount for every member (``Rp 500.000.000``, ``1,5 M``); empty: no
        ceiling but the exceptions.
    khusus : str
        One line per exception, ``NAMA: JUMLAH`` (also ``NAMA = JUMLAH``,
        ``NAMA<TAB>JUMLAH`` as pasted from a spreadsheet, or ``NAMA Rp …``);
        empty lines are skipped. A later line for the same member wins.
    anggota : iterable of str
        The members whose pokir are shown (the ``pengusul`` of the pokir rows).

    Returns
    -------
    dict of str to float or None
        Each member's ceiling in Rupiah (a member with neither is absent: no
        ceiling); None when nothing applies.

    Raises
    ------
    PlanlibError
        An amount that cannot be read, a line without an amount, or a name
        that is no member shown (with the nearest names), each naming its line.

    Examples
    --------
    >>> plafon_anggota("Rp 500 juta", "Siti Aminah: 750.000.000", ["Siti Aminah", "Budi"])
    {'Budi': 500000000.0, 'Siti Aminah': 750000000.0}
    >>> plafon_anggota("", "siti aminh = 1 M", ["Siti Aminah", "Budi"])
    {'Siti Aminah': 1000000000.0}
    """
    names = sorted({str(a) for a in anggota if str(a).strip()})
    out: dict[str, float] = {}
    if umum.strip():
        nilai = _rupiah(umum.strip(), "Plafon per anggota")
        out = dict.fromkeys(names, nilai)
    lines = [(i, t.strip()) for i, t in enumerate(khusus.splitlines(), start=1) if t.strip()]
    if not lines:
        return out or None
    matcher = NameMatcher(names, names)
    for no, line in lines:
        parts = _PEMISAH.split(line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise PlanlibError(
                f"Plafon khusus, baris {no}: {line!r} — tulis nama anggota lalu jumlahnya, "
                "mis. 'H. Ahmad Fauzi: Rp 750.000.000'."
            )
        nama, jumlah = parts[0].strip(), parts[1].strip()
        hit = matcher.match_one(nama)
        if hit.kode is None:
            saran = (
                f" Maksud Anda: {hit.saran}"
                if hit.saran
                else " Anggota yang pokirnya ditampilkan: "
                + ", ".join(names[:6])
                + (", …" if len(names) > 6 else "")
                + "."
            )
            raise PlanlibError(
                f"Plafon khusus, baris {no}: {nama!r} bukan anggota DPRD yang pokirnya "
                f"ditampilkan.{saran}"
            )
        out[str(hit.kode)] = _rupiah(jumlah, f"Plafon khusus, baris {no}")
    return dict(sorted(out.items())) or None

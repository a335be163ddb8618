"""What a desa letter says, whichever writer prints it: title, heading lines, addressee,
opening sentence, signature, the table's columns and the text of each cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...formatting import KOSONG, angka, hari_ini
from ...formatting import tanggal as tanggal_id

#: The letter's table as printed: (header, column of :func:`laporan_desa_table`, width in characters).
KOLOM: tuple[tuple[str, str, float], ...] = (
    ("No", "", 5),
    ("ID Usulan", "id_usulan", 12),
    ("Usulan Ke", "usulan_ke", 8),
    ("Usulan", "usulan", 40),
    ("Volume", "volume_satuan", 11),
    ("Anggaran (Rp)", "anggaran", 14),
    ("OPD Tujuan", "opd_tujuan", 22),
    ("Keputusan Forum", "keputusan", 14),
    ("Alasan", "alasan", 28),
    ("Dialihkan ke OPD", "opd_pengalihan", 20),
    ("Riwayat", "riwayat", 30),
)


def _addressee(profil: Any, desa: str) -> str:
    kel = isinstance(profil, str) and profil.strip().lower().startswith("kel")
    return f"Lurah {desa}" if kel else f"Kepala Desa {desa}"


def _intro(tahun: int, judul: str) -> str:
    return (
        f"Bersama ini kami sampaikan tindak lanjut usulan Musrenbang dari desa/kelurahan Saudara "
        f"untuk Rencana Kerja Pemerintah Daerah (RKPD) {judul} tahun {tahun}: keputusan Forum "
        "Perangkat Daerah atas setiap usulan beserta alasannya, OPD yang menanganinya, dan "
        "riwayat usulan yang sama pada tahun-tahun sebelumnya."
    )


def _title(tahun: int) -> list[str]:
    return ["LAPORAN TINDAK LANJUT USULAN MUSRENBANG", f"RKPD TAHUN {tahun}"]


def _kepala(
    tahun: int, tanggal: dt.date | None, nomor: str | None, tempat_tanggal: str | None
) -> tuple[list[tuple[str, str]], str]:
    """The letter's Nomor / Lampiran / Hal lines and its place and date (top right)."""
    day = tanggal or hari_ini()
    lines = [
        ("Nomor", nomor or f"........../Bappeda/{day.year}"),
        ("Lampiran", KOSONG),
        ("Hal", f"Tindak lanjut usulan Musrenbang RKPD tahun {tahun}"),
    ]
    return lines, tempat_tanggal or f"...................., {tanggal_id(day)}"


def _cell_value(record: Mapping[Any, Any], col: str) -> Any:
    if col == "_usulan":  # the printed sheet's folded cells
        extra = [_cell_value(record, "usulan_ke"), _cell_value(record, "volume_satuan")]
        ke = f"usulan ke-{angka(extra[0])}" if extra[0] is not None else None
        below = " · ".join(filter(None, [ke, extra[1] or None]))
        return "\n".join(filter(None, [_cell_value(record, "usulan"), below])) or None
    if col == "_keputusan":
        to = _cell_value(record, "opd_pengalihan")
        k = _cell_value(record, "keputusan")
        return f"{k}\nke {to}" if to and k else k
    if col == "_riwayat":
        return "\n".join(filter(None, [_cell_value(record, "riwayat"), _cell_value(record, "pokir")])) or None  # fmt: skip
    v = record.get(col)
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return v


def clip(text: str, limit: int, where: str) -> str:
    """``text`` cut to at most ``limit`` characters, ending with a note of its full length.

    Parameters
    ----------
    text : str
        A cell's text.
    limit : int
        The most characters kept, the note included.
    where : str
        Where the whole text is, for the note (e.g. "berkas .xlsx").

    Returns
    -------
    str
        ``text`` itself when short enough.

    Examples
    --------
    >>> clip("a" * 10, 100, "x"), len(clip("a" * 500, 100, "berkas .xlsx"))
    ('aaaaaaaaaa', 100)
    """
    if len(text) <= limit:
        return text
    note = f" … [dipotong; teks lengkap {angka(len(text))} karakter di {where}]"
    return text[: max(limit - len(note), 0)].rstrip() + note


def _signature_lines(judul: str) -> list[str]:
    return [
        "",
        f"Kepala Bappeda {judul}",
        "",
        "",
        "",
        "( ........................................ )",
        "NIP. ..................................",
    ]

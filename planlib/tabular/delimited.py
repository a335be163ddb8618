"""CSV and text: delimiter (``;``, ``,``, tab, ``|``) and encoding (UTF-8, cp1252) from the bytes."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Any

from .. import limits
from ..limits import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, angka
from ..report import PlanlibError
from .cells import RawTable


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file's bytes (UTF-16 with a byte-order mark, UTF-8, else cp1252).

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    str
        ``"utf-8-sig"`` or ``"utf-16"`` with a byte-order mark, ``"utf-8"``
        when the bytes decode as such, else ``"cp1252"`` (what Excel on
        Windows writes).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def file_encoding(path: Path) -> str:
    """:func:`detect_encoding` of a file, read in chunks (never whole).

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        As :func:`detect_encoding`.
    """
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            return detect_encoding(head)
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


_CHUNK = 2**20


def _refuse_rows(name: str, what: str) -> PlanlibError:
    return PlanlibError(
        f"{name}: {what}; batas planlib {angka(MAX_ROWS)} baris dan {angka(MAX_CELLS)} sel "
        "per berkas. Berkas tidak dibaca: bagi berkasnya (mis. per kecamatan atau per tahun), "
        "lalu coba lagi."
    )


def _too_long(name: str) -> PlanlibError:
    return PlanlibError(
        f"{name}: ada sel berisi lebih dari {angka(MAX_CELL_CHARS)} karakter; batas planlib "
        f"{angka(MAX_CELL_CHARS)} karakter per sel (batas Excel sendiri). Berkas tidak dibaca: "
        "periksa sel itu (mungkin tanda kutip yang tidak ditutup), simpan ulang lalu coba lagi."
    )


def _text_fits(path: Path) -> bool:
    """A cheap bound from the bytes: at most MAX_ROWS records and MAX_CELLS cells (line ends
    and delimiters counted, so never fewer than the records and cells there are)."""
    breaks = cells = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            n = chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            breaks += n
            cells += n + sum(chunk.count(d) for d in (b";", b",", b"\t", b"|"))
    return breaks + 1 <= MAX_ROWS and cells + 1 <= MAX_CELLS


def _read_text(path: Path) -> RawTable:
    limits.check_file_size(path)
    encoding = file_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = "\n".join(fh.read(_CHUNK).splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t|"}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    if not _text_fits(path):  # count the records themselves, before keeping any
        _read_records(path, encoding, delimiter, keep=False)
    rows = _read_records(path, encoding, delimiter, keep=True)
    width = max((len(r) for r in rows), default=0)
    if len(rows) * width > MAX_CELLS:
        raise _refuse_rows(
            path.name, f"{angka(len(rows))} baris × {angka(width)} kolom = "
            f"{angka(len(rows) * width)} sel",
        )  # fmt: skip
    for r in rows:
        r.extend([None] * (width - len(r)))
    return RawTable(rows, list(range(1, len(rows) + 1)), encoding=encoding)


def _read_records(path: Path, encoding: str, delimiter: str, *, keep: bool) -> list[list[Any]]:
    """The CSV records (one row each, as Excel shows them), refused past the limits."""
    rows: list[list[Any]] = []
    n = cells = 0
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for rec in reader:
                n += 1
                cells += len(rec)
                if n > MAX_ROWS:
                    raise _refuse_rows(path.name, f"lebih dari {angka(MAX_ROWS)} baris")
                if cells > MAX_CELLS:
                    raise _refuse_rows(path.name, f"lebih dari {angka(MAX_CELLS)} sel")
                if rec and max(map(len, rec)) > MAX_CELL_CHARS:
                    raise _too_long(path.name)
                if keep:
                    rows.append([c if c.strip() != "" else None for c in rec])
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise _too_long(path.name) from e
            raise
    return rows

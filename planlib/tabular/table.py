"""The table a loader reads: its sheet found past cover sheets, its header found (:func:`read_table`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..limits import angka
from ..parse import HeaderMatch, find_header, header_key, is_missing
from ..report import ROW, FileReport, PlanlibError
from .cells import RawTable
from .files import read_sheets

# --------------------------------------------------------------------------- tables

TOTAL_RE = re.compile(r"^\s*(jumlah|total|grand total|sub ?total|jml)\b", re.I)
_NOTE_RE = re.compile(
    r"^\s*(\*|catatan|keterangan|sumber|source|note|dicetak|diunduh|tanggal cetak|ket\b)", re.I
)


@dataclass
class Table:
    """A table cut out of a sheet: canonical columns, Excel row numbers and original headers.

    Attributes
    ----------
    df : pandas.DataFrame
        One column per recognised field (object dtype, raw cell values) plus
        :data:`planlib.report.ROW`.
    headers : dict
        Field → header text as written in the file (for problem reports).
    header_row : int
        Excel row number of the header (the first of two rows for a two-row header).
    sheet : str or None
        The sheet of a workbook the table was read from.
    encoding : str or None
        The encoding of a CSV or HTML file.
    """

    df: pd.DataFrame
    headers: dict[str, str]
    header_row: int
    sheet: str | None = None
    encoding: str | None = None


def _report_formulas(raw: RawTable, report: FileReport) -> None:
    """One warning per file for the formulas of the sheet read, one for its external links."""
    if not raw.formulas:
        return
    cells = ", ".join(raw.formula_cells) + (" …" if raw.formulas > len(raw.formula_cells) else "")
    where = f" di lembar '{raw.sheet}'" if raw.sheet else ""
    report.add(
        "sel_rumus", value=cells,
        reason=f"{angka(raw.formulas)} sel{where} berisi rumus (formula), mis. {cells}; yang "
        "dibaca nilai tersimpannya (hasil hitungan terakhir di Excel), bukan rumusnya",
        suggestion="salin lalu tempel sebagai nilai (Paste Values) bila nilainya sudah benar",
    )  # fmt: skip
    if raw.external:
        report.add(
            "tautan_eksternal",
            reason=f"{angka(raw.external)} rumus{where} mengambil nilai dari berkas lain "
            "(external link); nilai tersimpannya bisa usang",
            suggestion="buka berkasnya di Excel, perbarui tautan (Update Links), lalu simpan",
        )  # fmt: skip


def read_table(
    path: str | Path,
    fields: dict[str, list[str]],
    report: FileReport,
    *,
    required: Sequence[str] = (),
    key_fields: Sequence[str] | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    columns: dict[str, str] | None = None,
    min_hits: int = 2,
    raw: RawTable | None = None,
) -> Table:
    """Find the header of a table, map its columns to fields and account for structural rows.

    The header may sit under title rows and may span two rows (a group cell
    such as ``Rekomendasi`` merged over ``Mitra``, ``Kecamatan`` …; see
    :func:`planlib.parse.find_header`). In a workbook read without ``sheet``,
    every visible sheet is searched and the one whose header names the most
    fields is read (a cover or instructions sheet comes first in many
    exports); the report's ``sheet`` and a note say which.

    Parameters
    ----------
    path : path-like
        Spreadsheet, CSV file or HTML table.
    fields : dict
        Canonical field → accepted header spellings (compared after
        :func:`planlib.parse.header_key`).
    report : FileReport
        Receives ``rows_in``, the sheet, notes, and the blank, repeated-header,
        totals and footnote rows, which are dropped.
    required : sequence of str
        Fields that must be present; a missing one raises :class:`PlanlibError`.
    key_fields : sequence of str, optional
        A row in which all of these fields are empty is not data: it is
        reported as a totals row, a footnote or a row without content.
    sheet : str or int, optional
        The sheet (name or 0-based index); it wins over the search.
    header_row : int, optional
        The header's Excel row number when it cannot be found automatically
        (the first of two rows for a two-row header).
    columns : dict, optional
        Field → header text of this file, for files whose headers differ.
    min_hits : int
        Fewest fields a header must name (at most the number of ``required``).
    raw : RawTable, optional
        Cells already read (the file is then not read again).

    Returns
    -------
    Table
        The data rows (a table with a header and no rows has none, and the
        report notes it).

    Raises
    ------
    PlanlibError
        No header, a required column missing, or a file that cannot be read.
    """
    sheets = [raw] if raw is not None else read_sheets(path, sheet)
    aliases = {f: list(names) for f, names in fields.items()}
    for f, text in (columns or {}).items():
        aliases.setdefault(f, []).insert(0, text)
    hits = min(min_hits, max(len(required), 1))
    found: list[tuple[RawTable, HeaderMatch]] = []
    for table in sheets:
        at = None
        if header_row is not None:
            if header_row not in table.row_numbers:
                continue
            at = table.row_numbers.index(header_row)
        match = find_header(table.rows, aliases, min_hits=1 if at is not None else hits, at=at)
        if match:
            found.append((table, match))
    name = Path(path).name
    if not found:
        if header_row is not None:
            raise PlanlibError(f"Baris judul kolom {header_row} di {name} tidak dikenali.")
        wanted = ", ".join(fields[f][0] if fields[f] else f for f in (required or fields))
        where = f" (lembar yang diperiksa: {', '.join(str(t.sheet) for t in sheets)})"
        raise PlanlibError(
            f"Judul kolom tidak ditemukan di {name}"
            f"{where if len(sheets) > 1 else ''}. Kolom yang dicari: {wanted}. "
            "Tentukan baris judul (header) atau nama kolom di planlib.toml."
        )
    raw, match = max(found, key=lambda tm: tm[1].hits)  # the first of equals
    report.sheet = raw.sheet
    for text in raw.notes:
        report.note(text)
    _report_formulas(raw, report)
    if len(sheets) > 1:
        if raw is not sheets[0]:
            report.note(
                f"tabel dibaca dari lembar '{raw.sheet}'; lembar pertama '{sheets[0].sheet}' "
                "tidak memuat judul kolomnya"
            )
        others = [t.sheet for t, m in found if t is not raw and m.hits >= max(hits, 3)]
        if others:
            report.note(
                f"lembar lain yang juga berjudul kolom tidak dibaca: {', '.join(map(str, others))}; "
                'pilih lembar dengan sheet = "..." di planlib.toml'
            )
    mapping = match.mapping
    missing = [f for f in required if f not in mapping.values()]
    if missing:
        names = ", ".join(f"'{fields[f][0] if fields[f] else f}'" for f in missing)
        raise PlanlibError(f"Kolom wajib tidak ada di {name}: {names}.")
    hidx = match.index
    headers = {f: match.texts[j] for j, f in mapping.items()}
    if match.height == 2:
        report.note(
            f"judul kolom dua baris (baris {raw.row_numbers[hidx]}–{raw.row_numbers[hidx + 1]}); "
            "nama kolom digabung dari keduanya"
        )
    body = raw.rows[hidx + match.height :]
    numbers = raw.row_numbers[hidx + match.height :]
    # trailing empty rows are not rows a reader sees as part of the table
    while body and all(v is None for v in body[-1]):
        body, numbers = body[:-1], numbers[:-1]
    report.rows_in = len(body)
    if not body:
        report.note("tabel tidak ada baris data (hanya judul kolom); dimuat 0 baris")
    cols = sorted(mapping)
    data = {mapping[j]: [r[j] for r in body] for j in cols}
    df = pd.DataFrame(data, columns=[mapping[j] for j in cols], dtype=object)
    df[ROW] = pd.Series(numbers, index=df.index, dtype="int64")
    # every non-empty cell of the row (mapped or not) decides blank / totals / notes
    texts = [[str(v).strip() for v in r if v is not None and str(v).strip() != ""] for r in body]
    blank = pd.Series([not t for t in texts], index=df.index, dtype=bool)
    df = report.drop(df, blank, "baris_kosong")
    header_keys = {header_key(h) for h in headers.values()}
    rep = pd.Series(
        [sum(header_key(c) in header_keys for c in t) >= max(2, len(headers) // 2) for t in texts],
        index=pd.RangeIndex(len(texts)),
        dtype=bool,
    ).loc[df.index]
    df = report.drop(df, rep, "header_berulang")
    if key_fields:
        keys = [f for f in key_fields if f in df.columns]
        empty_keys = (
            df[keys].map(is_missing).all(axis=1)
            if keys and len(df)
            else pd.Series(False, index=df.index, dtype=bool)
        )
        first = pd.Series([t[0] if t else "" for t in texts], dtype=object).loc[df.index]
        total = empty_keys & first.str.match(TOTAL_RE).astype(bool)
        df = report.drop(df, total, "baris_total", values=first[total])
        first = first.loc[df.index]
        empty_keys = empty_keys.loc[df.index]
        note = empty_keys & first.str.match(_NOTE_RE).astype(bool)
        df = report.drop(df, note, "bukan_data", values=first[note])
    return Table(df.reset_index(drop=True), headers, raw.row_numbers[hidx], raw.sheet, raw.encoding)

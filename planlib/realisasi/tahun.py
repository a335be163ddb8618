"""The realisasi of one year: several files combined, a row repeated in a later file left out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..report import ROW, FileReport
from ..wilayah import Wilayah
from .fields import COLUMNS
from .load import load_realisasi
from .rows import drop_repeats, row_keys


def combine_realisasi(loaded: list[tuple[pd.DataFrame, FileReport]]) -> pd.DataFrame:
    """Concatenate the realisasi files of one year; a row repeated in a later file is left out.

    The same OPD, sub kegiatan, indikator and triwulan as a row of an earlier
    file is reported in the later file's report (``realisasi_ganda_sama`` or
    ``realisasi_ganda_beda``, naming the file and row kept), and that report's
    ``rows_loaded`` is lowered, so every report stays balanced. Call it once
    per set of loaded files.

    Parameters
    ----------
    loaded : list of (DataFrame, FileReport)
        What :func:`load_realisasi` returned for each file, in priority order.

    Returns
    -------
    DataFrame
        The rows kept, file after file (a new index); an empty table with
        :data:`COLUMNS` when ``loaded`` is empty.
    """
    seen: dict[str, tuple[int, str, str]] = {}
    frames = []
    for df, rep in loaded:
        key, content = row_keys(df)
        repeated = key.isin(list(seen))
        if repeated.any():
            first = key.map(lambda k: seen.get(k))
            same = pd.Series(
                [f is not None and f[2] == c for f, c in zip(first, content, strict=True)],
                index=df.index,
            )
            where = first.map(lambda f: f"sama dengan baris {f[0]} di {f[1]}" if f else None)
            column = df.attrs.get("headers", {}).get("kode_sub_kegiatan", "Kode Sub Kegiatan")
            df = drop_repeats(df, rep, column, repeated, same, where)
            rep.rows_loaded = len(df)
            key, content = key.loc[df.index], content.loc[df.index]
        for k, r, f, c in zip(key, df[ROW], df["file"], content, strict=True):
            seen.setdefault(k, (int(r), str(f), c))
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)


def load_realisasi_tahun(
    files: list[tuple[Path, dict]],
    wilayah: Wilayah,
    tahun: int,
    opd_names: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, list[FileReport]]:
    """Load every realisasi file of one year (e.g. one per OPD or per triwulan) and combine them.

    Returns the combined table (see :func:`combine_realisasi`) and one report per file.

    Parameters
    ----------
    files : list of (Path, dict)
        The year's files and their options, as :func:`realisasi_files` gives
        them, in priority order.
    wilayah : Wilayah
        The kabupaten (see :func:`load_realisasi`).
    tahun : int
        The budget year of every file.
    opd_names : iterable of str, optional
        The plan's OPD names (see :func:`load_realisasi`).

    Returns
    -------
    DataFrame
        The combined rows (:func:`combine_realisasi`).
    list of FileReport
        One report per file, in the order of ``files``.
    """
    names = list(opd_names) if opd_names is not None else None
    loaded = [load_realisasi(p, wilayah, tahun, opts, names) for p, opts in files]
    return combine_realisasi(loaded), [r for _, r in loaded]

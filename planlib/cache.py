"""A cache of parsed inputs, keyed by the bytes of the input and everything it depends on.

Raw input files are never modified. A parsed table and its report are stored
under ``<workspace>/.planlib-cache/`` as Parquet (GeoParquet for boundaries)
plus a JSON report; the key is a hash of the planlib version, the loader, the
input file's bytes, its options and the hashes of the tables it was matched
against (code list, aliases, bidang rules). Change any of them and the entry
is simply not found; delete the folder at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import settings
from .report import FileReport
from .version import __version__

CACHE_DIR = ".planlib-cache"


@lru_cache(maxsize=256)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (memoised on path, size and modification time).

    Parameters
    ----------
    path : str or Path
        An input file of the workspace.

    Returns
    -------
    str
        The hex digest (64 characters).
    """
    st = os.stat(path)
    return _file_hash(str(path), st.st_size, st.st_mtime_ns)


def key_of(*parts: object) -> str:
    """A short stable key of planlib's version and ``parts`` (JSON-encoded, SHA-256).

    Parameters
    ----------
    *parts : object
        What the cached value depends on (loader kind, file hash, options,
        hashes of the tables matched against); JSON-encoded with sorted keys,
        anything else as ``str``.

    Returns
    -------
    str
        20 hex characters; the same parts under the same planlib version give
        the same key.
    """
    text = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def cached(
    root: Path | None,
    kind: str,
    path: Path,
    opts: dict,
    deps: list[str],
    load: Callable[[], tuple[pd.DataFrame, FileReport]],
) -> tuple[pd.DataFrame, FileReport]:
    """Return ``load()``'s result, from the cache when the same input was parsed before.

    A damaged cache entry is rebuilt and a read-only workspace is simply not
    cached; the cache is bypassed when ``PLANLIB_NO_CACHE`` is set.

    Parameters
    ----------
    root : Path or None
        The workspace folder (the cache lives in ``root/.planlib-cache``);
        ``None`` means no cache.
    kind : str
        The loader, e.g. ``"kode_wilayah"`` or ``"dapil"`` (part of the key
        and of the cache file's name).
    path : Path
        The input file; its bytes are part of the key.
    opts : dict
        The file's options from the workspace configuration (sheet, header row,
        column names …).
    deps : list of str
        Hashes of the tables the input is matched against (code list, aliases,
        bidang rules …).
    load : callable
        Parses the file; called only when the cache has no entry.

    Returns
    -------
    tuple of (DataFrame, FileReport)
        The table (a GeoDataFrame for boundaries) and its report; a report
        read from the cache gets ``path`` as its ``path``.
    """
    if root is None or os.environ.get(settings.NO_CACHE):
        return load()
    key = key_of(kind, file_hash(path), opts, deps)
    base = root / CACHE_DIR / f"{kind}-{key}"
    data, meta = base.with_suffix(".parquet"), base.with_suffix(".json")
    if data.exists() and meta.exists():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            df = gpd.read_parquet(data) if info.get("geo") else pd.read_parquet(data)
            report = FileReport.from_dict(info["report"])
            report.path = str(path)
            return df, report
        except Exception:  # a damaged entry is rebuilt
            pass
    df, report = load()
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        tmp = data.with_suffix(".tmp")
        df.to_parquet(tmp, index=False)
        os.replace(tmp, data)
        info = {"geo": isinstance(df, gpd.GeoDataFrame), "report": report.to_dict()}
        meta.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    except OSError:  # a read-only workspace still works, only slower
        pass
    return df, report

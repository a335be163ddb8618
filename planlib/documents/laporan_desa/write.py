"""``planlib laporan-desa``: every desa's letter (xlsx and PDF) and the index of them.

One desa's letter that cannot be written never stops the others: it is named in
the index (``keterangan``) and in :attr:`LaporanDesaResult.gagal`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ...forum.keputusan import KeputusanStore
from ...neutralise import file_name, write_csv
from ...workspace import Workspace
from .pdf import write_desa_pdf
from .table import _TOTAL_ORDER, laporan_desa_table, usulan_ditolak
from .xlsx import _write_index_xlsx, write_desa_xlsx


@dataclass(frozen=True)
class LaporanDesaResult:
    """What :func:`write_laporan_desa` wrote.

    Attributes
    ----------
    out : Path
        The folder.
    index : DataFrame
        One row per desa: ``kode_kecamatan``, ``kecamatan``, ``kode_desa``,
        ``desa``, ``jumlah``, ``anggaran``, one count per decision label,
        ``xlsx`` / ``pdf`` (paths relative to ``out``; empty when that letter
        could not be written) and, only when a letter could not be written,
        ``keterangan`` (why).
    files : list of Path
        Every letter written (xlsx and pdf) and the two index files.
    gagal : list of str
        One sentence per desa whose letter could not be written (also in the
        index's ``keterangan``); empty when every letter was written.
    tidak_ditempatkan : DataFrame
        Usulan the check rejected whose row names no kecamatan or desa that can
        be recognised, so no letter can carry them (:func:`usulan_ditolak`;
        also written to ``tidak_ditempatkan.csv``).
    """

    out: Path
    index: pd.DataFrame
    files: list[Path]
    gagal: list[str] = field(default_factory=list)
    tidak_ditempatkan: pd.DataFrame = field(default_factory=pd.DataFrame)


def write_laporan_desa(
    ws: Workspace,
    tahun: int,
    out: str | Path,
    *,
    store: KeputusanStore | None = None,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    nomor: str | None = None,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> LaporanDesaResult:
    """Write the letter of every desa with usulan in ``tahun``, and an index of them.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    out : str or Path
        The folder (created); letters go to ``<kecamatan>/<desa>.xlsx`` and
        ``.pdf``, the index to ``index.xlsx`` and ``index.csv``.
    store : KeputusanStore, optional
        The decisions; the workspace's own by default.
    tempat_tanggal, tanggal, nomor : optional
        The letters' place and date, date and number (see :func:`write_desa_xlsx`).
    pdf : bool
        Also write the PDFs.
    progress : callable, optional
        Called with a line of text now and then while writing.

    Returns
    -------
    LaporanDesaResult
    """
    out = Path(out)
    store = store if store is not None else KeputusanStore(ws.root)
    say = progress or (lambda _s: None)
    loaded = laporan_desa_table(ws, tahun, store)
    ditolak = usulan_ditolak(ws, tahun)
    placed = ditolak["kode_kecamatan"].notna()
    lost = ditolak[~placed].drop(columns=["status", "opd_pengalihan", "dicatat_oleh"])
    parts = [t for t in (loaded, ditolak[placed][loaded.columns]) if len(t)]
    table_ = pd.concat(parts, ignore_index=True) if len(parts) > 1 else loaded
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    table_ = table_.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)
    judul = ws.config.nama
    key = table_["kode_desa"].astype(object).where(table_["kode_desa"].notna(), "")
    groups = list(
        table_.groupby([table_["nama_kecamatan"].fillna("Tanpa kecamatan"), key], sort=True)
    )
    say(f"Menulis laporan {len(groups)} desa/kelurahan ({len(table_)} usulan) ke {out}")
    files: list[Path] = []
    index: list[dict[str, Any]] = []
    used: set[Path] = set()
    gagal: list[str] = []
    step = max(1, len(groups) // 10)
    for i, ((kec, kode), rows) in enumerate(groups, start=1):
        desa = str(rows["nama_desa"].iloc[0]) if rows["nama_desa"].notna().any() else "Tanpa desa"
        rows = rows.assign(nama_desa=desa, nama_kecamatan=str(kec))
        folder = out / file_name(str(kec))
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / file_name(desa)
        if stem in used:  # two desa of one name in a kecamatan: the code tells them apart
            stem = folder / file_name(f"{desa} {kode}")
        used.add(stem)
        entry: dict[str, Any] = {
            "kode_kecamatan": rows["kode_kecamatan"].iloc[0], "kecamatan": kec,
            "kode_desa": kode or None, "desa": desa, "jumlah": len(rows),
            "anggaran": float(rows["anggaran"].sum()),
        }  # fmt: skip
        for lab in _TOTAL_ORDER:
            entry[lab] = int((rows["keputusan"] == lab).sum())
        kinds = {"xlsx": write_desa_xlsx, **({"pdf": write_desa_pdf} if pdf else {})}
        for kind, write in kinds.items():
            target = stem.with_suffix(f".{kind}")
            try:
                write(rows, target, judul=judul, tahun=tahun, label=ws.label,
                      tempat_tanggal=tempat_tanggal, tanggal=tanggal, nomor=nomor)  # fmt: skip
            except Exception as e:  # one desa's letter never stops the others
                target.unlink(missing_ok=True)
                entry[kind] = None
                why = f"{kind} tidak dapat ditulis ({type(e).__name__})"
                entry["keterangan"] = "; ".join(filter(None, [entry.get("keterangan"), why]))
                gagal.append(f"{desa}, {kec}: surat {why}")
                say(f"  GAGAL {gagal[-1]}; desa lain tetap ditulis")
                continue
            files.append(target)
            entry[kind] = target.relative_to(out).as_posix()
        index.append(entry)
        if i % step == 0 or i == len(groups):
            say(f"  {i}/{len(groups)} desa ditulis")
    idx = pd.DataFrame(index)
    if "keterangan" in idx:  # last, after the files
        idx = idx[[c for c in idx.columns if c != "keterangan"] + ["keterangan"]]
    out.mkdir(parents=True, exist_ok=True)
    write_csv(idx, out / "index.csv")
    _write_index_xlsx(idx, out / "index.xlsx", judul=judul, tahun=tahun, label=ws.label)
    files += [out / "index.xlsx", out / "index.csv"]
    if len(lost):
        write_csv(lost, out / "tidak_ditempatkan.csv")
        files.append(out / "tidak_ditempatkan.csv")
        say(f"  {len(lost)} usulan yang ditolak pemeriksaan tanpa kecamatan/desa yang dikenali: "
            f"lihat {out / 'tidak_ditempatkan.csv'}")  # fmt: skip
    return LaporanDesaResult(out=out, index=idx, files=files, gagal=gagal, tidak_ditempatkan=lost)

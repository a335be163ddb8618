"""The KPU's Dapil table (KPU Open Data, Pemilu 2024): this kabupaten's DPRD kabupaten/kota rows.

``kecamatan`` rows give whole kecamatan, a split kecamatan has a
``pecahan_kecamatan`` row per part and ``desa_kelurahan`` rows giving the
part's desa; the rows of other jenis and other kabupaten are reported.
"""

from __future__ import annotations

import pandas as pd

from ..parse import clean_text, fold, is_missing
from ..report import ROW, FileReport
from ..wilayah import Wilayah, normalise_code
from .assign import _Item
from .cells import _note_labels, dapil_label

#: The KPU's ``jenis`` of a DPRD kabupaten/kota Dapil, folded.
_JENIS_KAB = {"dprd kabupaten kota", "dprd kabupaten", "dprd kota", "dprd kab kota", "dprd kab"}


_TINGKATAN = {
    "kecamatan": "kecamatan", "pecahan kecamatan": "pecahan", "desa kelurahan": "desa",
    "desa": "desa", "kelurahan": "desa",
}  # fmt: skip


def _kpu_items(
    df: pd.DataFrame, h: dict[str, str], w: Wilayah, report: FileReport
) -> tuple[list[_Item], list[tuple[pd.Series, str, str]]]:
    """Items of the KPU table; the rows of other jenis or other kabupaten, to report last."""
    foreign: list[tuple[pd.Series, str, str]] = []
    own = pd.Series(True, index=df.index)
    if "jenis" in h:
        jenis = df["jenis"].map(lambda v: fold(str(v)) if not is_missing(v) else "")
        other = ~jenis.isin(_JENIS_KAB)
        foreign.append((other, "dapil_jenis_lain", "jenis"))
        own &= ~other
    code_col = "kode_wilayah" if "kode_wilayah" in h else None
    if code_col:
        kode = df[code_col].map(normalise_code)
        mine = (kode == w.kabupaten) | kode.fillna("").str.startswith(w.kabupaten + ".")
        outside = own & kode.notna() & ~mine
        foreign.append((outside, "di_luar_kabupaten", code_col))
        own &= ~outside
    else:
        kode = pd.Series(None, index=df.index, dtype=object)
    df = df[own]
    df = report.drop(df, df["dapil"].map(clean_text).isna(), "wajib_kosong", column=h["dapil"])
    level = df["tingkatan"].map(
        lambda v: _TINGKATAN.get(fold(str(v))) if not is_missing(v) else None
    )
    df = report.drop(df, level.isna(), "tingkatan_tidak_dikenal", column=h["tingkatan"])
    named = (
        df["nama_wilayah"].map(clean_text).notna()
        if "nama_wilayah" in h
        else pd.Series(False, index=df.index)
    )
    col = h.get("kode_wilayah") or h["nama_wilayah"]
    df = report.drop(df, kode.loc[df.index].isna() & ~named, "kecamatan_kosong", column=col)
    written = df["dapil"].map(clean_text)
    df = df.assign(dapil=written.map(dapil_label))
    _note_labels(written, df["dapil"], report)
    name_h = h.get("nama_wilayah")
    items = []
    codes, levels = kode.loc[df.index].tolist(), level.loc[df.index].tolist()
    for i, (r, code, what) in enumerate(zip(df.to_dict("records"), codes, levels, strict=True)):
        name = clean_text(r["nama_wilayah"]) if name_h else None
        cands: list[tuple[str, str | None]] = [
            (c, h[f]) for c, f in ((code, "kode_wilayah"), (name, "nama_wilayah")) if c
        ]
        item = _Item(i, int(r[ROW]), str(r["dapil"]), cands, value=name or code,
                     column=name_h if name else h.get("kode_wilayah"))  # fmt: skip
        if what == "pecahan":
            item.part = True
        elif what == "desa":
            item.kec = [(code.rsplit(".", 1)[0], h["kode_wilayah"])] if code else []
            item.desa = cands
        items.append(item)
    return items, foreign

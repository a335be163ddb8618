"""The deck of one kecamatan (``planlib deck --kecamatan``).

Its slide (:func:`.pieces.kecamatan_slide`), its desa one by one in a table
(continued on as many slides as it needs), its usulan per OPD tujuan and the
indicator context.
"""

from __future__ import annotations

from ... import choices
from ...formatting import angka, rupiah
from ...report import PlanlibError
from ...workspace import Workspace
from .layout import paged
from .model import Deck, Slide, Table
from .pieces import cut, kecamatan_slide, konteks_slide, per_opd_tabel, title_slide, usulan


def kecamatan_deck(ws: Workspace, tahun: int, kecamatan: str) -> Deck:
    """The deck of one kecamatan: its slide, its desa one by one in a table, the indicator context.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    kecamatan : str
        The kecamatan's name (spelling variants are matched) or code.

    Returns
    -------
    Deck
        The slides, to write with :func:`planlib.documents.deck.write_deck`.
    """
    df_all = usulan(ws, tahun)
    names = ws.wilayah.kecamatan_matcher.names
    kode = choices.match_kecamatan(ws, kecamatan)
    if kode is None:
        raise PlanlibError(
            f"Kecamatan {kecamatan!r} tidak dikenal. Kecamatan yang ada: "
            + ", ".join(sorted(str(v) for v in names.values())) + "."
        )  # fmt: skip
    nama = names[kode]
    df = df_all[(df_all["kode_kecamatan"] == kode).to_numpy()]
    slides = [title_slide(f"Musrenbang Kecamatan {nama}", f"RKPD {ws.config.nama} tahun {tahun}", ws),
              kecamatan_slide(ws, df, kode, tahun)]  # fmt: skip
    g = (
        df.groupby("nama_desa", observed=True)
        .agg(jumlah=("id_usulan", "size"), anggaran=("anggaran", "sum"))
        .sort_index()
    )  # fmt: skip
    top = df.groupby("nama_desa", observed=True)["isu"].agg(
        lambda s: s.value_counts().index[0] if len(s) else ""
    )
    rows = [[str(d), angka(v["jumlah"]), rupiah(v["anggaran"]), cut(top.get(d), 36)]
            for d, v in g.iterrows()]  # fmt: skip
    slides += paged(
        lambda part, first: Slide(
            f"Usulan per desa — Kecamatan {nama}", f"RKPD {tahun}",
            tables=[Table(["Desa/Kelurahan", "Usulan", "Anggaran", "Isu teratas"], part,
                          [3.0, 1.1, 1.8, 4.0], right=(1, 2))],
            sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}.",
        ),
        rows,
    )  # fmt: skip
    slides.append(Slide(f"Usulan per OPD tujuan — Kecamatan {nama}", f"RKPD {tahun}",
                        tables=[per_opd_tabel(df, 12, kecamatan=False)]))  # fmt: skip
    k = konteks_slide(ws, tahun)
    if k is not None:
        slides.append(k)
    return Deck(f"Kecamatan {nama} {tahun}", slides, ws.config.nama, ws.label, tahun)

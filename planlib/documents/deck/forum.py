"""The Forum Perangkat Daerah deck of one Dapil (``planlib deck --dapil``).

A title slide, the Dapil map with its kecamatan's numbers, one slide per
kecamatan (:func:`.pieces.kecamatan_slide`), the usulan per OPD tujuan of the
Dapil and the indicator context (:func:`.pieces.konteks_slide`).
"""

from __future__ import annotations

from ... import choices, rekap
from ...formatting import angka, rupiah
from ...report import PlanlibError
from ...viz import scales, shading
from ...workspace import Workspace
from ..charts import MapChart
from .model import Deck, Slide, Table
from .pieces import cut, kecamatan_slide, konteks_slide, per_opd_tabel, title_slide, usulan


def dapil_deck(ws: Workspace, tahun: int, dapil: str) -> Deck:
    """The Forum Perangkat Daerah deck of one Dapil.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    dapil : str
        The Dapil, as in ``dapil.csv`` ("Dapil 2"), or its number.

    Returns
    -------
    Deck
    """
    df_all = usulan(ws, tahun)
    name = choices.match_dapil(ws, dapil)
    if name is None:
        known = ", ".join(sorted(ws.kecamatan["dapil"].dropna().unique(), key=rekap.natural_key))
        raise PlanlibError(f"Dapil {dapil!r} tidak dikenal. Dapil yang ada: {known}.")
    df = rekap.saring(ws, rekap.Saring(tahun=tahun, dapil=name))
    areas = rekap.areas(ws, "kecamatan")
    per = rekap.per_wilayah(df, areas["kode"])
    shade = shading.dapil_areas(areas, per, name)
    inside = (areas["dapil"] == name).tolist()
    kec = ws.kecamatan[ws.kecamatan["dapil"] == name].sort_values("nama")
    kec_names = ", ".join(kec["nama"])
    slides = [title_slide(f"Forum Perangkat Daerah — {name}", f"RKPD {ws.config.nama} tahun {tahun}",
                           ws, f"Kecamatan: {kec_names}. ")]  # fmt: skip
    r = rekap.ringkasan(df)
    per_kec = (
        df.groupby("nama_kecamatan", observed=True)
        .agg(jumlah=("id_usulan", "size"), anggaran=("anggaran", "sum"))
        .reindex(kec["nama"]).fillna(0)
    )  # fmt: skip
    top_isu = rekap.per_wilayah(df, kec["kode"]).set_index(kec["nama"])["isu_teratas"]
    slides.append(
        Slide(
            f"Peta {name}", f"Kecamatan: {kec_names}",
            cards=[(angka(r["jumlah"]), "jumlah usulan"), (rupiah(r["anggaran"]), "anggaran usulan"),
                   (angka(r["n_opd"]), "OPD yang menjawab")],
            chart=MapChart(areas, shade.fill, f"{name} — usulan RKPD {tahun}", focus=inside,
                           colorbar=(shade.vmax, "Usulan", angka),
                           legend=[(scales.EMPTY_COLOR, "Di luar dapil / tanpa usulan")]),
            tables=[Table(["Kecamatan", "Usulan", "Anggaran", "Isu teratas"],
                          [[str(k), angka(v["jumlah"]), rupiah(v["anggaran"]),
                            cut(top_isu.get(k), 34)] for k, v in per_kec.iterrows()],
                          [2.4, 1.0, 1.6, 3.2], right=(1, 2), title="Per kecamatan")],
            sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}.",
        )
    )  # fmt: skip
    for kode in kec["kode"]:
        sub = df_all[(df_all["kode_kecamatan"] == kode).to_numpy()]
        slides.append(kecamatan_slide(ws, sub, str(kode), tahun))
    slides.append(
        Slide(f"Usulan per OPD tujuan — {name}", "Siapa menjawab apa",
              tables=[per_opd_tabel(df, 12)],
              sumber=f"Sumber: usulan Musrenbang (SIPD) RKPD {tahun}; 12 OPD dengan usulan terbanyak.")
    )  # fmt: skip
    k = konteks_slide(ws, tahun)
    if k is not None:
        slides.append(k)
    return Deck(f"Forum Perangkat Daerah {name} {tahun}", slides, ws.config.nama, ws.label, tahun)

"""``planlib masalah``: the masalah and isu strategis of the Rembuk Remas (catat, koreksi, batal,
urung, daftar, laporan)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import Json, NoPdf, Oleh, Tahun, WorkspaceArg, guard

masalah_app = typer.Typer(
    help="Masalah dan isu strategis desa dari Rembuk Remas: catat, daftar, laporan.",
    no_args_is_help=True,
)

IdMasalah = Annotated[int, typer.Option("--id", help="Nomor masalah")]


@masalah_app.command("catat")
@guard
def masalah_catat(
    workspace: WorkspaceArg,
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (T) masalah ini")],
    masalah: Annotated[str, typer.Option(help="Teks masalah / isu strategis")],
    oleh: Oleh,
    desa: Annotated[str | None, typer.Option(help="Nama atau kode desa")] = None,
    kecamatan: Annotated[
        str | None, typer.Option(help="Kecamatan (tanpa --desa: masalah tingkat kecamatan)")
    ] = None,
    jenis: Annotated[str, typer.Option(help="masalah | isu_strategis")] = "masalah",
    isu: Annotated[str | None, typer.Option(help="Isu (bawaan: dari teks)")] = None,
    bidang: Annotated[str | None, typer.Option(help="Bidang (bawaan: dari isu)")] = None,
    prioritas: Annotated[int | None, typer.Option(help="Prioritas, 1 = paling mendesak")] = None,
    sumber: Annotated[str, typer.Option(help="data | diskusi")] = "diskusi",
) -> None:
    """Catat satu masalah atau isu strategis sebuah desa (atau kecamatan)."""
    from ..masalah.store import MasalahStore
    from ..masalah.tempat import resolve_tempat, wilayah_workspace

    w, rules = wilayah_workspace(workspace)
    tempat = resolve_tempat(w, desa, kecamatan)
    if tempat.dicocokkan:
        typer.echo(f"Catatan: {tempat.dicocokkan}.")
    store = MasalahStore(workspace)
    i = store.record(tahun, tempat, masalah, oleh, jenis=jenis, isu=isu, bidang=bidang,
                     sumber=sumber, prioritas=prioritas, isu_rules=rules)  # fmt: skip
    row = store.current(tahun).set_index("id_masalah").loc[i]
    where = f"Desa {tempat.nama}" if tempat.tingkat == "desa" else f"Kecamatan {tempat.nama}"
    isu, bid = (v if isinstance(v, str) else "-" for v in (row["isu"], row["bidang"]))
    typer.echo(f"Tercatat #{i}: {where}, isu {isu}, bidang {bid}.")


def _masalah_edit(workspace: Path, action: str, id_masalah: int, oleh: str, **kw: Any) -> None:
    from ..masalah.store import MasalahStore
    from ..masalah.tempat import resolve_tempat, wilayah_workspace

    store = MasalahStore(workspace)
    if action == "koreksi":
        w, rules = wilayah_workspace(workspace)
        desa, kecamatan = kw.pop("desa"), kw.pop("kecamatan")
        tempat = resolve_tempat(w, desa, kecamatan) if desa or kecamatan else None
        store.correct(id_masalah, oleh, tempat=tempat, isu_rules=rules, **kw)
    elif action == "batal":
        store.withdraw(id_masalah, oleh)
    else:
        store.undo(id_masalah, oleh)
    typer.echo(f"Masalah #{id_masalah}: {action} tercatat (riwayat tetap disimpan).")


@masalah_app.command("koreksi")
@guard
def masalah_koreksi(
    workspace: WorkspaceArg,
    id_masalah: IdMasalah,
    oleh: Oleh,
    masalah: Annotated[str | None, typer.Option(help="Teks baru")] = None,
    desa: Annotated[str | None, typer.Option(help="Desa baru")] = None,
    kecamatan: Annotated[str | None, typer.Option(help="Kecamatan baru")] = None,
    jenis: Annotated[str | None, typer.Option(help="masalah | isu_strategis")] = None,
    isu: Annotated[str | None, typer.Option(help="Isu baru")] = None,
    bidang: Annotated[str | None, typer.Option(help="Bidang baru")] = None,
    prioritas: Annotated[int | None, typer.Option(help="Prioritas baru")] = None,
    sumber: Annotated[str | None, typer.Option(help="data | diskusi")] = None,
) -> None:
    """Koreksi masalah (versi lama tetap di riwayat)."""
    _masalah_edit(workspace, "koreksi", id_masalah, oleh, teks=masalah, desa=desa,
                  kecamatan=kecamatan, jenis=jenis, isu=isu, bidang=bidang, prioritas=prioritas,
                  sumber=sumber)  # fmt: skip


@masalah_app.command("batal")
@guard
def masalah_batal(
    workspace: WorkspaceArg,
    id_masalah: IdMasalah,
    oleh: Oleh,
) -> None:
    """Batalkan masalah (tetap di riwayat)."""
    _masalah_edit(workspace, "batal", id_masalah, oleh)


@masalah_app.command("urung")
@guard
def masalah_urung(
    workspace: WorkspaceArg,
    id_masalah: IdMasalah,
    oleh: Oleh,
) -> None:
    """Urungkan koreksi atau pembatalan terakhir sebuah masalah."""
    _masalah_edit(workspace, "urung", id_masalah, oleh)


@masalah_app.command("daftar")
@guard
def masalah_daftar(
    workspace: WorkspaceArg,
    tahun: Tahun,
    json_: Json = False,
) -> None:
    """Daftar masalah per desa, usulan yang menjawabnya, masalah belum diusulkan."""
    from ..formatting import waktu, zona_waktu
    from ..rembuk import peta_masalah
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    zona = zona_waktu(ws.wilayah.kabupaten)
    m, tanpa = peta_masalah(ws, tahun)
    if json_:
        records = [
            {**{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()},
             "waktu_lokal": waktu(r["waktu"], zona)}
            for r in m.to_dict("records")
        ]  # fmt: skip
        payload = {"tahun": tahun, "masalah": records,
                   "usulan_tanpa_masalah": tanpa.to_dict("records")}  # fmt: skip
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        return
    if m.empty:
        typer.echo(f"Belum ada masalah tercatat untuk tahun {tahun}.")
        return
    for (_kec, nama), g in m.groupby(["kode_kecamatan", "nama_wilayah"], sort=True):
        typer.echo(f"\n{nama} ({g['kode_wilayah'].iloc[0]})")
        for r in g.to_dict("records"):
            ids = ", ".join(map(str, r["id_usulan_terkait"])) or "belum diusulkan"
            isu = r["isu"] if isinstance(r["isu"], str) else "-"
            kind = " (isu strategis)" if r["jenis"] == "isu_strategis" else ""
            typer.echo(f"  #{r['id_masalah']}{kind} [{isu}] {r['masalah']} → {ids}")
    belum = int((~m["diusulkan"]).sum())
    typer.echo(
        f"\n{len(m)} masalah; {belum} belum diusulkan; "
        f"{len(tanpa)} usulan di desa/kecamatan itu tanpa masalah terpetakan."
    )


@masalah_app.command("laporan")
@guard
def masalah_laporan(
    workspace: WorkspaceArg,
    tahun: Tahun,
    out: Annotated[Path, typer.Option(help="Folder tujuan")],
    no_pdf: NoPdf = False,
) -> None:
    """Tulis daftar masalah tiap desa (xlsx, PDF) dengan data IDM-nya, dan ringkasan kecamatan."""
    from ..documents.laporan_masalah import write_laporan_masalah
    from ..workspace import open_workspace

    res = write_laporan_masalah(open_workspace(workspace), tahun, out, pdf=not no_pdf)
    typer.echo(
        f"Selesai: {res.masalah} masalah, {res.desa} desa, {res.kecamatan} kecamatan; "
        f"{len(res.files)} berkas di {res.folder}."
    )

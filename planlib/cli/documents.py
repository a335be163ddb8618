"""Commands that write the files a meeting takes away: berita-acara, rakerda (CSV), bagikan,
laporan-desa, deck."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, cast

import typer

from ..report import PlanlibError
from .common import NoPdf, OutCsv, Tahun, TahunRkpd, WorkspaceArg, guard


@guard
def berita_acara(
    workspace: WorkspaceArg,
    tahun: Tahun,
    out: Annotated[Path, typer.Option(help="Berkas .xlsx tujuan")],
    per: Annotated[str, typer.Option(help="Satu lembar per: dapil | opd")] = "dapil",
    hanya_diputuskan: Annotated[
        bool, typer.Option("--hanya-diputuskan", help="Tanpa usulan yang belum diputuskan")
    ] = False,
    tempat: Annotated[str | None, typer.Option(help="Tempat forum, mis. 'Aula Bappeda'")] = None,
    tanggal: Annotated[
        str | None, typer.Option(help="Tanggal forum, mis. 12/03/2026 (bawaan: hari ini)")
    ] = None,
    pokir: Annotated[
        bool, typer.Option("--pokir/--tanpa-pokir", help="Cantumkan pokir DPRD (bila ada)")
    ] = True,
) -> None:
    """Tulis tabel Berita Acara forum (xlsx, siap cetak) per Dapil atau per OPD."""
    from ..forum.berita_acara.xlsx import write_berita_acara
    from ..forum.keputusan import KeputusanStore
    from ..forum.pokir_forum import pokir_berita_acara
    from ..parse import parse_date
    from ..rekap import usulan_tahun
    from ..workspace import open_workspace

    try:
        day = parse_date(tanggal) if tanggal else None
    except ValueError:
        raise PlanlibError(f"--tanggal {tanggal!r} tidak terbaca: tulis mis. 12/03/2026.") from None
    ws = open_workspace(workspace)
    ws.usulan_of(tahun)  # refused with the years there are
    path = write_berita_acara(
        usulan_tahun(ws, tahun), KeputusanStore(ws.root).current(tahun, jenis=None), out,
        by=cast(Literal["dapil", "opd"], per), judul=ws.config.nama, tahun=tahun,
        tanggal=day, tempat=tempat, hanya_diputuskan=hanya_diputuskan,
        pokir=pokir_berita_acara(ws, tahun) if pokir else None,
    )  # fmt: skip
    typer.echo(f"Berita Acara ditulis ke {path}")


@guard
def rakerda(
    workspace: WorkspaceArg,
    tahun: Annotated[int, typer.Option(help="Tahun anggaran yang dievaluasi")],
    out: OutCsv,
    triwulan: Annotated[
        int | None, typer.Option(help="Triwulan 1–4 (bawaan: triwulan terakhir yang ada)")
    ] = None,
    realisasi: Annotated[
        Path | None,
        typer.Option(help="Berkas realisasi (bawaan: bagian realisasi tahun itu di planlib.toml)"),
    ] = None,
) -> None:
    """Tulis kinerja per OPD, per bidang dan kabupaten (Rakerda) dari laporan realisasi."""
    from ..rakerda import bidang_rules, realisasi_tahun, write_rakerda_csv
    from ..rakerda import rakerda as hitung
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    df, report = realisasi_tahun(ws, tahun, realisasi)
    typer.echo(report.format(max_problems=10))
    rules = bidang_rules(ws)
    table = hitung(df, tahun, triwulan, bidang_rules=rules, kabupaten=ws.config.nama)
    write_rakerda_csv(table, out)
    tw = int(table["triwulan"].iloc[0])
    n_opd = int((table["tingkat"] == "opd").sum())
    typer.echo(f"Rakerda {tahun} triwulan {tw}: {n_opd} OPD ditulis ke {out}.")


@guard
def bagikan(
    workspace: WorkspaceArg,
    tahun: Annotated[
        int, typer.Option(help="Tahun perencanaan yang dibuka pertama (semua tahun ikut)")
    ],
    out: Annotated[
        Path, typer.Option(help="Folder hasil: satu berkas HTML per Dapil dan index.html")
    ],
    dapil: Annotated[
        str | None, typer.Option(help="Hanya Dapil ini (mis. 2 atau 'Dapil 2')")
    ] = None,
) -> None:
    """Tulis tampilan per Dapil untuk anggota DPRD: satu berkas HTML mandiri per Dapil (tanpa internet)."""
    from ..bagikan import bagikan as write_views
    from ..formatting import angka

    res = write_views(workspace, tahun, out, dapil=dapil)
    for d, path in res.files.items():
        size = path.stat().st_size / 1e6
        typer.echo(f"  {d or 'Seluruh kabupaten'}: {path.name} ({angka(size, 2)} MB)")
    typer.echo(f"Selesai: {len(res.files)} berkas di {res.out} (buka {res.index}).")


@guard
def laporan_desa(
    workspace: WorkspaceArg,
    tahun: TahunRkpd,
    out: Annotated[Path, typer.Option(help="Folder hasil: <kecamatan>/<desa>.xlsx dan .pdf")],
    tempat_tanggal: Annotated[
        str | None,
        typer.Option(help='Tempat dan tanggal tanda tangan, mis. "Kandangan, 3 Mei 2026"'),
    ] = None,
    no_pdf: NoPdf = False,
) -> None:
    """Tulis laporan tindak lanjut usulan untuk setiap desa/kelurahan (xlsx dan PDF, siap cetak)."""
    from ..documents.laporan_desa.write import write_laporan_desa
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    res = write_laporan_desa(
        ws, tahun, out, tempat_tanggal=tempat_tanggal, pdf=not no_pdf, progress=typer.echo
    )
    typer.echo(
        f"Selesai: laporan {len(res.index)} desa/kelurahan di {res.out} "
        f"(daftar: {res.out / 'index.xlsx'})."
    )
    if res.gagal:
        typer.echo(f"{len(res.gagal)} surat GAGAL ditulis:\n  " + "\n  ".join(res.gagal), err=True)
        raise typer.Exit(1)


@guard
def deck(
    workspace: WorkspaceArg,
    tahun: Annotated[
        int, typer.Option(help="Tahun perencanaan (atau tahun anggaran untuk --rakerda)")
    ],
    out: Annotated[Path, typer.Option(help="Berkas .pptx tujuan (PDF ditulis di sampingnya)")],
    dapil: Annotated[
        str | None, typer.Option(help="Deck Forum Perangkat Daerah satu Dapil")
    ] = None,
    kecamatan: Annotated[str | None, typer.Option(help="Deck satu kecamatan")] = None,
    rembuk: Annotated[bool, typer.Option("--rembuk", help="Deck Rembuk Remas")] = False,
    rakerda_: Annotated[
        bool, typer.Option("--rakerda", help="Deck Rakerda (kinerja per bidang)")
    ] = False,
    triwulan: Annotated[int | None, typer.Option(help="Triwulan untuk --rakerda")] = None,
    gambar: Annotated[
        str, typer.Option(help="Penggambar peta: otomatis | kaleido | matplotlib")
    ] = "otomatis",
    no_pdf: NoPdf = False,
) -> None:
    """Tulis deck presentasi (PowerPoint 16:9 yang dapat diedit, dan PDF-nya) untuk forum."""
    from ..documents import deck as decks
    from ..workspace import open_workspace

    chosen = [x for x in (dapil, kecamatan, rembuk or None, rakerda_ or None) if x]
    if len(chosen) != 1:
        raise PlanlibError("Pilih satu: --dapil D, --kecamatan K, --rembuk atau --rakerda.")
    if gambar not in ("otomatis", "kaleido", "matplotlib"):
        raise PlanlibError(f"--gambar {gambar!r} tidak dikenal: otomatis, kaleido atau matplotlib.")
    if out.suffix.lower() != ".pptx":
        raise PlanlibError(f"--out harus berkas .pptx (tertulis {out}).")
    ws = open_workspace(workspace)
    typer.echo(f"Menyusun deck dari {workspace}…")
    if dapil:
        d = decks.dapil_deck(ws, tahun, dapil)
    elif kecamatan:
        d = decks.kecamatan_deck(ws, tahun, kecamatan)
    elif rembuk:
        d = decks.rembuk_deck(ws, tahun)
    else:
        d = decks.rakerda_deck(ws, tahun, triwulan)
    out.parent.mkdir(parents=True, exist_ok=True)
    res = decks.write_deck(d, out, pdf=not no_pdf, engine=cast(Any, gambar), progress=typer.echo)
    typer.echo(
        f"Selesai: {res.slides} slide di {res.pptx}"
        + (f" dan {res.pdf}" if res.pdf else "")
        + f" (gambar: {res.engine})."
    )

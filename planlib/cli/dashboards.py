"""Commands that show the dashboards: serve (one analyst, or the room), lab, build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import NoBrowser, TahunRkpd, WorkspaceArg, WorkspaceOrDemo, fail, guard


@guard
def serve(
    workspace: WorkspaceOrDemo = None,
    port: Annotated[int, typer.Option(help="Port")] = 8866,
    no_browser: NoBrowser = False,
    bagikan: Annotated[
        bool,
        typer.Option(
            "--bagikan",
            help="Sajikan untuk ruang forum: di alamat jaringan lokal, dengan login "
            "(akun: planlib pengguna), peran, batas kernel dan tampilan tanpa server",
        ),
    ] = False,
    host: Annotated[
        str | None, typer.Option(help="Dengan --bagikan: satu alamat untuk didengarkan")
    ] = None,
    kapasitas: Annotated[
        int, typer.Option(help="Batas kernel dasbor yang hidup (0: dari memori mesin)")
    ] = 0,
    tahun: Annotated[
        int, typer.Option(help="Dengan --bagikan: tahun tampilan tanpa server (0: terakhir)")
    ] = 0,
    cadangan: Annotated[
        int,
        typer.Option(
            help="Dengan --bagikan: kernel yang dicadangkan untuk analis (0: satu per akun "
            "analis, paling banyak separuh batas)"
        ),
    ] = 0,
    proxy: Annotated[
        str | None,
        typer.Option(
            help="Dengan --bagikan, di balik reverse proxy TLS di mesin ini: alamat publiknya "
            "(mis. https://forum.contohkab.go.id/); server hanya mendengarkan 127.0.0.1"
        ),
    ] = None,
    per_akun: Annotated[
        int,
        typer.Option(
            help="Dengan --bagikan: kernel paling banyak untuk satu akun (0: tamu separuh "
            "jatah tamu, 1–3; analis paling sedikit 2)"
        ),
    ] = 0,
    tanpa_halaman: Annotated[
        float,
        typer.Option(
            help="Detik tunggu kernel sampai halamannya tersambung setelah dimuat; lewat dari "
            "itu kernel dihentikan"
        ),
    ] = 60.0,
) -> None:
    """Sajikan buku kerja (tanpa internet): 127.0.0.1 untuk satu analis, atau --bagikan untuk ruang forum."""
    from ..serve import serve as run_server

    if not bagikan and (host or tahun or proxy or cadangan or per_akun):
        fail("--host, --cadangan, --per-akun, --tahun dan --proxy hanya berlaku dengan --bagikan.")
    run_server(
        workspace, port=port, open_browser=not no_browser and not bagikan, bagikan=bagikan,
        host=host, kapasitas=kapasitas, tahun=tahun, proxy=proxy, cadangan=cadangan,
        per_akun=per_akun, tanpa_halaman=tanpa_halaman,
    )  # fmt: skip


@guard
def lab(
    workspace: WorkspaceOrDemo = None,
    port: Annotated[int, typer.Option(help="Port lokal")] = 8888,
    no_browser: NoBrowser = False,
    allow_root: Annotated[
        bool,
        typer.Option("--allow-root", help="Izinkan dijalankan sebagai root (mis. di kontainer)"),
    ] = False,
) -> None:
    """Buka JupyterLab pada workspace untuk analis (tanpa internet), dengan notebook awal."""
    from ..serve import lab as run_lab

    run_lab(workspace, port=port, open_browser=not no_browser, allow_root=allow_root)


@guard
def build(
    workspace: WorkspaceArg,
    tahun: TahunRkpd,
    out: Annotated[Path, typer.Option(help="Folder hasil: halaman HTML, peta PNG, notebook")],
) -> None:
    """Jalankan semua dasbor untuk satu tahun perencanaan dan tulis hasilnya ke satu folder."""
    from ..build import build as run_build

    typer.echo(f"Membangun dasbor RKPD {tahun} dari {workspace} ke {out}")
    res = run_build(workspace, tahun, out, progress=typer.echo)
    typer.echo(
        f"Selesai: {len(res.pages)} halaman, {len(res.maps)} peta PNG, "
        f"{len(res.notebooks)} notebook di {res.out} (buka {res.out / 'index.html'})."
    )

"""``planlib pengguna``: the accounts of the forum room (planlib serve --bagikan)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import WorkspaceArg, guard, workspace_folder

pengguna_app = typer.Typer(
    help="Akun ruang forum (planlib serve --bagikan): tambah, daftar, cabut.",
    no_args_is_help=True,
)


def _login_link(token: str, host: str | None, port: int) -> str:
    from ..room.addresses import lan_addresses

    h = host or next(iter(lan_addresses()), "127.0.0.1")
    return f"http://{h}:{port}/masuk?token={token}"


# The options of a login link (pengguna tambah, pengguna tautan).
Host = Annotated[str | None, typer.Option(help="Alamat server dalam tautan")]
Port = Annotated[int, typer.Option(help="Port server dalam tautan")]
Berlaku = Annotated[
    float | None,
    typer.Option(
        help="Tautan masuk berhenti berlaku setelah sekian hari (bawaan: sampai dicabut/diganti)"
    ),
]


def _sampai(workspace: Path, nama: str) -> str | None:
    from ..accounts import AccountStore

    nama = " ".join(nama.split())
    return next(
        (a.tautan_berakhir for a in AccountStore(workspace).daftar() if a.nama == nama), None
    )


def _print_link(nama: str, link: str, sampai: str | None = None) -> None:
    from ..room.pages import qr_terminal

    typer.echo(f"Tautan masuk pribadi untuk {nama} (kirim hanya kepada orang ini):")
    typer.echo(f"  {link}")
    typer.echo(qr_terminal(link))
    if sampai:
        typer.echo(f"Tautan ini berlaku sampai {sampai}.")
    typer.echo(
        "Tautan ini hanya ditampilkan sekarang; buat yang baru dengan `planlib pengguna tautan`."
    )


@pengguna_app.command("tambah")
@guard
def pengguna_tambah(
    workspace: WorkspaceArg,
    nama: Annotated[str, typer.Argument(help="Nama orang (dicatat pada setiap keputusannya)")],
    peran: Annotated[
        str,
        typer.Option(
            help="analis (semua dasbor, mencatat keputusan), kecamatan (utusan kecamatan: mencatat "
            "masalah desa kecamatannya di Rembuk Remas) atau tamu (hanya melihat)"
        ),
    ] = "tamu",
    kecamatan: Annotated[
        str | None,
        typer.Option(
            help="Kecamatan akun berperan kecamatan: kode atau nama (wajib untuk peran itu)"
        ),
    ] = None,
    sandi: Annotated[
        bool, typer.Option("--sandi", help="Juga minta kata sandi untuk masuk dengan nama")
    ] = False,
    host: Host = None,
    port: Port = 8866,
    berlaku: Berlaku = None,
) -> None:
    """Buat akun dan cetak tautan masuk pribadinya (dan kode QR)."""
    from ..accounts import AccountStore

    workspace_folder(workspace)
    kec = None
    if kecamatan is not None:
        from ..masalah.tempat import resolve_kecamatan

        t = resolve_kecamatan(workspace, kecamatan)
        kec = (t.kode, t.nama)
    pw = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True) if sandi else None
    token = AccountStore(workspace).tambah(
        nama, peran, sandi=pw, berlaku_hari=berlaku, kecamatan=kec
    )
    di = f", Kecamatan {kec[1]} ({kec[0]})" if kec else ""
    typer.echo(f"Akun {' '.join(nama.split())} ({peran}{di}) dibuat.")
    _print_link(" ".join(nama.split()), _login_link(token, host, port), _sampai(workspace, nama))


@pengguna_app.command("tautan")
@guard
def pengguna_tautan(
    workspace: WorkspaceArg,
    nama: Annotated[str, typer.Argument(help="Nama akun")],
    host: Host = None,
    port: Port = 8866,
    berlaku: Berlaku = None,
) -> None:
    """Buat tautan masuk baru; tautan lama, sesi dan dasbor yang terbuka berhenti saat itu juga."""
    from ..accounts import AccountStore

    workspace_folder(workspace)
    token = AccountStore(workspace).tautan_baru(nama, berlaku_hari=berlaku)
    _print_link(nama, _login_link(token, host, port), _sampai(workspace, nama))


@pengguna_app.command("daftar")
@guard
def pengguna_daftar(workspace: WorkspaceArg) -> None:
    """Daftar akun: nama, peran, sejak kapan, aktif atau dicabut, terakhir dipakai."""
    from ..accounts import AccountStore

    workspace_folder(workspace)
    akun = AccountStore(workspace).daftar()
    if not akun:
        typer.echo("Belum ada akun.")
    for a in akun:
        status = f"dicabut {a.dicabut}" if a.dicabut else "aktif"
        sandi = ", dengan kata sandi" if a.punya_sandi else ""
        tautan = f", tautan berlaku sampai {a.tautan_berakhir}" if a.tautan_berakhir else ""
        dipakai = f"terakhir dipakai {a.terakhir}" if a.terakhir else "belum pernah dipakai"
        peran = f"{a.peran} {a.kecamatan_nama} ({a.kecamatan})" if a.kecamatan else a.peran
        typer.echo(f"{a.nama}\t{peran}\tsejak {a.dibuat}\t{status}{sandi}{tautan}\t{dipakai}")


@pengguna_app.command("cabut")
@guard
def pengguna_cabut(
    workspace: WorkspaceArg,
    nama: Annotated[str, typer.Argument(help="Nama akun")],
) -> None:
    """Cabut akun: tautannya, sesinya dan dasbor yang terbuka berhenti saat itu juga."""
    from ..accounts import AccountStore

    workspace_folder(workspace)
    a = AccountStore(workspace).cabut(nama)
    typer.echo(
        f"Akun {a.nama} dicabut; tautan dan sesinya tidak berlaku lagi, dan server yang sedang "
        "berjalan menutup dasbornya dalam satu detik."
    )

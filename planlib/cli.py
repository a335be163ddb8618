"""The ``planlib`` command: init, tambah, demo, check, serve, lab, build, align, decide, decisions,
berita-acara, rakerda, bagikan, laporan-desa, deck, masalah.

Messages are in Bahasa Indonesia. No command ends in a bare traceback: an
error the analyst can act on is printed as a sentence (exit 2); set
``PLANLIB_DEBUG=1`` to see the traceback of an unexpected error.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer

from . import settings
from .report import PlanlibError, WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

app = typer.Typer(
    help="planlib — buku kerja perencanaan pembangunan daerah (Musrenbang, Forum PD, Rakerda).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_DEMO = Path("demo")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"planlib: {message}", err=True)
    raise typer.Exit(code)


def _guard(fn):
    """Turn planlib errors into a message and exit code 2; never a bare traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except PlanlibError as e:
            _fail(str(e))
        except KeyboardInterrupt:
            _fail("dihentikan.", 130)
        except Exception as e:  # pragma: no cover - the last line of defence
            if os.environ.get(settings.DEBUG):
                traceback.print_exc()
            _fail(
                f"kesalahan tak terduga ({type(e).__name__}: {e}). "
                "Jalankan lagi dengan PLANLIB_DEBUG=1 untuk rinciannya, dan laporkan ke pengembang."
            )

    return wrapper


@app.command()
@_guard
def init(
    folder: Annotated[Path, typer.Argument(help="Folder workspace baru")],
    kabupaten: Annotated[
        str,
        typer.Option(help="Kode atau nama kabupaten/kota, mis. 52.03, 'Lombok Timur', 'Kota Bima'"),
    ],
    nama: Annotated[str, typer.Option(help="Nama kabupaten/kota (bawaan: dari daftar kode)")] = "",
) -> None:
    """Buat workspace siap pakai: kode wilayah, batas kecamatan dan Dapil KPU sudah terisi."""
    from .templates import write_skeleton
    from .workspace import WorkspaceConfig

    root = write_skeleton(folder, kabupaten, nama)
    cfg = WorkspaceConfig.read(root)
    typer.echo(
        f"Workspace {cfg.nama} ({cfg.kabupaten}) dibuat di {root}.\n"
        f"Lihat README.md di folder itu. Langkah berikutnya:\n"
        f"  planlib tambah {root} BERKAS_ATAU_FOLDER...   (ekspor SIPD, unduhan BPS, SHP desa, Dapil)\n"
        f"  planlib check {root}\n"
        f"  planlib serve {root}"
    )


@app.command()
@_guard
def tambah(
    folder: Annotated[Path, typer.Argument(help="Folder workspace")],
    berkas: Annotated[
        list[Path], typer.Argument(help="Berkas atau folder, apa adanya (urutan dan nama bebas)")
    ],
    tahun: Annotated[
        int | None,
        typer.Option(help="Tahun usulan/pokir/realisasi bila tidak tertulis di berkasnya"),
    ] = None,
    ganti: Annotated[
        bool,
        typer.Option("--ganti", help="Ganti ekspor usulan/pokir yang sudah ada untuk tahun itu"),
    ] = False,
    jenis: Annotated[
        str | None,
        typer.Option(
            help="Jenis berkas bila tidak dikenali: usulan, pokir, dapil, indikator, realisasi, "
            "target_rpjmd, pohon_kinerja, renja"
        ),
    ] = None,
    kolom: Annotated[
        list[str] | None,
        typer.Option(
            help="Dengan --jenis: KOLOM=JUDUL untuk judul kolom yang tidak dikenali, "
            "mis. usulan='Nama Kegiatan' (boleh berulang)"
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="Dengan --jenis: lembar berisi tabelnya")
    ] = None,
) -> None:
    """Tambahkan berkas apa adanya: planlib mengenali isinya, menyalin dan mencatatnya, lalu memeriksa."""
    from .intake import summary
    from .intake import tambah as add

    mapping = {}
    for item in kolom or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            _fail(f"--kolom {item!r}: tulis KOLOM=JUDUL, mis. usulan='Nama Kegiatan'.")
        mapping[field.strip()] = header.strip()
    if (mapping or sheet) and not jenis:
        _fail("--kolom dan --sheet hanya berlaku dengan --jenis.")
    placements, ws = add(
        folder, berkas, tahun=tahun, ganti=ganti, jenis=jenis, kolom=mapping or None, sheet=sheet
    )
    typer.echo(summary(placements))
    typer.echo("")
    typer.echo(ws.report.format(max_problems=10))
    unrecognised = sum(p.status in ("tidak dikenali", "perlu pilihan") for p in placements)
    fatal = any(f.fatal for f in ws.report.files)
    raise typer.Exit(2 if fatal else 1 if unrecognised or ws.report.has_errors else 0)


@app.command()
@_guard
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder tujuan")] = DEFAULT_DEMO,
    usulan: Annotated[int, typer.Option(help="Jumlah usulan per tahun")] = 3000,
    kecamatan: Annotated[int, typer.Option(help="Jumlah kecamatan")] = 12,
    desa: Annotated[int, typer.Option(help="Jumlah desa")] = 150,
    seed: Annotated[int, typer.Option(help="Benih acak (hasil sama untuk benih sama)")] = 20260,
    meja: Annotated[
        str,
        typer.Option(
            help="Alih-alih Kabupaten Contoh: berkas mentah untuk kabupaten/kota sungguhan "
            "(ekspor SIPD, tabel BPS, daftar Dapil; angka dan usulan rekaan), untuk latihan "
            "planlib tambah"
        ),
    ] = "",
) -> None:
    """Tulis workspace contoh Kabupaten Contoh (DATA CONTOH — sintetis), atau berkas latihan --meja."""
    if meja:
        from .demo.kit import write_kit

        files = write_kit(folder, meja, per_tahun=min(usulan, 3000), seed=seed)
        typer.echo(f"Berkas latihan (DATA CONTOH — sintetis) untuk {meja} ditulis di {folder}:")
        for p in files.values():
            typer.echo(f"  {p.relative_to(folder)}")
        return
    from .demo import write_demo

    m = write_demo(
        folder,
        n_kecamatan=kecamatan,
        n_desa=max(desa, kecamatan),
        usulan_per_tahun=usulan,
        seed=seed,
    )
    typer.echo(f"Workspace contoh (DATA CONTOH — sintetis) ditulis di {m.root}")


@app.command()
@_guard
def check(
    folder: Annotated[Path, typer.Argument(help="Folder workspace")],
    as_json: Annotated[bool, typer.Option("--json", help="Cetak laporan sebagai JSON")] = False,
    max_problems: Annotated[int, typer.Option(help="Masalah yang ditampilkan per berkas")] = 20,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Abaikan cache")] = False,
) -> None:
    """Muat semua berkas dan laporkan setiap baris yang tidak dimuat.

    Juga mendaftar keputusan forum dan override yang tidak lagi menunjuk usulan
    (mis. teks usulan diubah di unduhan baru); keputusan itu tidak dihapus.

    Kode keluar: 0 tanpa galat, 1 ada galat (termasuk keputusan tanpa usulan),
    2 workspace tidak dapat dipakai.
    """
    from .boundaries import unmapped_text
    from .workspace import open_workspace

    try:
        ws = open_workspace(folder, use_cache=not no_cache)
    except WorkspaceError as e:
        if as_json:
            typer.echo(json.dumps({"error": str(e), "files": []}, ensure_ascii=False))
        _fail(str(e))
    report = ws.report
    lost, db_error = _orphaned_decisions(ws)
    if as_json:
        data: dict[str, Any] = report.to_dict()
        data["orphaned_decisions"] = (
            lost.astype(object).where(lost.notna(), None).to_dict("records")
        )
        if db_error:
            data["keputusan_error"] = db_error
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    else:
        typer.echo(report.format(max_problems=max_problems))
        if (peta := unmapped_text(ws.kecamatan)) is not None:  # whatever the problems shown
            typer.echo(peta)
        if db_error:
            typer.echo(f"Basis data keputusan tidak dapat dibaca: {db_error}")
        if len(lost):
            typer.echo(_format_orphaned(lost, max_problems))
    fatal = any(f.fatal for f in report.files) or db_error is not None
    if fatal:
        raise typer.Exit(2)
    raise typer.Exit(1 if report.has_errors or len(lost) else 0)


def _orphaned_decisions(ws: Workspace) -> tuple[pd.DataFrame, str | None]:
    """Decisions/overrides of the workspace that no usulan carries (empty without a database)."""
    import pandas as pd

    from .forum.keputusan import DB_NAME, ORPHANED_COLUMNS, KeputusanError, KeputusanStore, orphaned

    if not (ws.root / DB_NAME).exists():
        return pd.DataFrame(columns=ORPHANED_COLUMNS), None
    try:
        return orphaned(KeputusanStore(ws.root), ws.usulan), None
    except KeputusanError as e:
        return pd.DataFrame(columns=ORPHANED_COLUMNS), str(e)


def _format_orphaned(lost: pd.DataFrame, max_rows: int) -> str:
    out = [
        f"keputusan.sqlite  [keputusan]\n  {len(lost):,} keputusan/override tidak lagi menunjuk "
        "usulan (ID tidak ada di unduhan sekarang, mis. teks usulan diubah); tidak dihapus, "
        "catat ulang pada usulan yang sesuai:".replace(",", ".")
    ]
    for r in lost.head(max_rows).to_dict("records"):
        if r["jenis"] == "keputusan":
            what = str(r["status"])
        else:
            what = f"OPD {r['opd']}" if isinstance(r["opd"], str) else f"node {r['node_id']}"
        reason = f" — {r['alasan']}" if isinstance(r["alasan"], str) and r["alasan"] else ""
        out.append(
            f"    [GALAT] {r['tahun']} · {r['id_usulan']} · {r['jenis']} {what}"
            f" · oleh {r['oleh']}, {r['waktu']}{reason}"
        )
    if len(lost) > max_rows:
        out.append(f"    … dan {len(lost) - max_rows:,} lainnya".replace(",", "."))
    return "\n".join(out)


@app.command()
@_guard
def serve(
    workspace: Annotated[
        Path | None, typer.Argument(help="Folder workspace (bawaan: demo)")
    ] = None,
    port: Annotated[int, typer.Option(help="Port")] = 8866,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Jangan buka peramban")] = False,
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
    from .serve import serve as run_server

    if not bagikan and (host or tahun or proxy or cadangan or per_akun):
        _fail("--host, --cadangan, --per-akun, --tahun dan --proxy hanya berlaku dengan --bagikan.")
    run_server(
        workspace, port=port, open_browser=not no_browser and not bagikan, bagikan=bagikan,
        host=host, kapasitas=kapasitas, tahun=tahun, proxy=proxy, cadangan=cadangan,
        per_akun=per_akun, tanpa_halaman=tanpa_halaman,
    )  # fmt: skip


pengguna_app = typer.Typer(
    help="Akun ruang forum (planlib serve --bagikan): tambah, daftar, cabut.",
    no_args_is_help=True,
)
app.add_typer(pengguna_app, name="pengguna")


def _login_link(token: str, host: str | None, port: int) -> str:
    from .room.addresses import lan_addresses

    h = host or next(iter(lan_addresses()), "127.0.0.1")
    return f"http://{h}:{port}/masuk?token={token}"


_BERLAKU = "Tautan masuk berhenti berlaku setelah sekian hari (bawaan: sampai dicabut/diganti)"


def _sampai(workspace: Path, nama: str) -> str | None:
    from .accounts import AccountStore

    nama = " ".join(nama.split())
    return next(
        (a.tautan_berakhir for a in AccountStore(workspace).daftar() if a.nama == nama), None
    )


def _print_link(nama: str, link: str, sampai: str | None = None) -> None:
    from .room.pages import qr_terminal

    typer.echo(f"Tautan masuk pribadi untuk {nama} (kirim hanya kepada orang ini):")
    typer.echo(f"  {link}")
    typer.echo(qr_terminal(link))
    if sampai:
        typer.echo(f"Tautan ini berlaku sampai {sampai}.")
    typer.echo(
        "Tautan ini hanya ditampilkan sekarang; buat yang baru dengan `planlib pengguna tautan`."
    )


@pengguna_app.command("tambah")
@_guard
def pengguna_tambah(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    nama: Annotated[str, typer.Argument(help="Nama orang (dicatat pada setiap keputusannya)")],
    peran: Annotated[
        str,
        typer.Option(help="analis (semua dasbor, mencatat keputusan) atau tamu (hanya melihat)"),
    ] = "tamu",
    sandi: Annotated[
        bool, typer.Option("--sandi", help="Juga minta kata sandi untuk masuk dengan nama")
    ] = False,
    host: Annotated[str | None, typer.Option(help="Alamat server dalam tautan")] = None,
    port: Annotated[int, typer.Option(help="Port server dalam tautan")] = 8866,
    berlaku: Annotated[float | None, typer.Option(help=_BERLAKU)] = None,
) -> None:
    """Buat akun dan cetak tautan masuk pribadinya (dan kode QR)."""
    from .accounts import AccountStore

    _workspace_folder(workspace)
    pw = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True) if sandi else None
    token = AccountStore(workspace).tambah(nama, peran, sandi=pw, berlaku_hari=berlaku)
    typer.echo(f"Akun {' '.join(nama.split())} ({peran}) dibuat.")
    _print_link(" ".join(nama.split()), _login_link(token, host, port), _sampai(workspace, nama))


@pengguna_app.command("tautan")
@_guard
def pengguna_tautan(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    nama: Annotated[str, typer.Argument(help="Nama akun")],
    host: Annotated[str | None, typer.Option(help="Alamat server dalam tautan")] = None,
    port: Annotated[int, typer.Option(help="Port server dalam tautan")] = 8866,
    berlaku: Annotated[float | None, typer.Option(help=_BERLAKU)] = None,
) -> None:
    """Buat tautan masuk baru; tautan lama, sesi dan dasbor yang terbuka berhenti saat itu juga."""
    from .accounts import AccountStore

    _workspace_folder(workspace)
    token = AccountStore(workspace).tautan_baru(nama, berlaku_hari=berlaku)
    _print_link(nama, _login_link(token, host, port), _sampai(workspace, nama))


@pengguna_app.command("daftar")
@_guard
def pengguna_daftar(workspace: Annotated[Path, typer.Argument(help="Folder workspace")]) -> None:
    """Daftar akun: nama, peran, sejak kapan, aktif atau dicabut, terakhir dipakai."""
    from .accounts import AccountStore

    _workspace_folder(workspace)
    akun = AccountStore(workspace).daftar()
    if not akun:
        typer.echo("Belum ada akun.")
    for a in akun:
        status = f"dicabut {a.dicabut}" if a.dicabut else "aktif"
        sandi = ", dengan kata sandi" if a.punya_sandi else ""
        tautan = f", tautan berlaku sampai {a.tautan_berakhir}" if a.tautan_berakhir else ""
        dipakai = f"terakhir dipakai {a.terakhir}" if a.terakhir else "belum pernah dipakai"
        typer.echo(f"{a.nama}\t{a.peran}\tsejak {a.dibuat}\t{status}{sandi}{tautan}\t{dipakai}")


@pengguna_app.command("cabut")
@_guard
def pengguna_cabut(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    nama: Annotated[str, typer.Argument(help="Nama akun")],
) -> None:
    """Cabut akun: tautannya, sesinya dan dasbor yang terbuka berhenti saat itu juga."""
    from .accounts import AccountStore

    _workspace_folder(workspace)
    a = AccountStore(workspace).cabut(nama)
    typer.echo(
        f"Akun {a.nama} dicabut; tautan dan sesinya tidak berlaku lagi, dan server yang sedang "
        "berjalan menutup dasbornya dalam satu detik."
    )


def _workspace_folder(workspace: Path) -> None:
    if not (workspace / "planlib.toml").is_file():
        raise PlanlibError(f"{workspace} bukan workspace planlib (planlib.toml tidak ada).")


@app.command()
@_guard
def lab(
    workspace: Annotated[
        Path | None, typer.Argument(help="Folder workspace (bawaan: demo)")
    ] = None,
    port: Annotated[int, typer.Option(help="Port lokal")] = 8888,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Jangan buka peramban")] = False,
    allow_root: Annotated[
        bool,
        typer.Option("--allow-root", help="Izinkan dijalankan sebagai root (mis. di kontainer)"),
    ] = False,
) -> None:
    """Buka JupyterLab pada workspace untuk analis (tanpa internet), dengan notebook awal."""
    from .serve import lab as run_lab

    run_lab(workspace, port=port, open_browser=not no_browser, allow_root=allow_root)


@app.command()
@_guard
def build(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (RKPD)")],
    out: Annotated[Path, typer.Option(help="Folder hasil: halaman HTML, peta PNG, notebook")],
) -> None:
    """Jalankan semua dasbor untuk satu tahun perencanaan dan tulis hasilnya ke satu folder."""
    from .build import build as run_build

    typer.echo(f"Membangun dasbor RKPD {tahun} dari {workspace} ke {out}")
    res = run_build(workspace, tahun, out, progress=typer.echo)
    typer.echo(
        f"Selesai: {len(res.pages)} halaman, {len(res.maps)} peta PNG, "
        f"{len(res.notebooks)} notebook di {res.out} (buka {res.out / 'index.html'})."
    )


@app.command()
@_guard
def align(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan")],
    out: Annotated[Path, typer.Option(help="Berkas CSV tujuan")],
) -> None:
    """Sarankan OPD dan simpul pohon kinerja untuk setiap usulan (koreksi analis menang)."""
    from .forum import align as matching
    from .forum.keputusan import KeputusanStore
    from .workspace import open_workspace

    ws = open_workspace(workspace)
    df = matching.align(ws, tahun, overrides=KeputusanStore(ws.root).overrides(tahun))
    path = matching.write_align_csv(df, out)
    tidak = int((~df["selaras"].fillna(False).astype(bool)).sum())
    koreksi = int((df["sumber"] == "penyesuaian").sum())
    typer.echo(
        f"{len(df)} usulan ditulis ke {path}: {tidak} tidak selaras, {koreksi} memakai koreksi analis."
    )


def _year_of(ws, id_usulan: str, tahun: int | None) -> int:
    """The planning year of ``id_usulan``: ``--tahun`` when given, else the one year holding it."""
    from .rekap import usulan_tahun

    if tahun is not None:
        return tahun
    years = [t for t in ws.tahun if (usulan_tahun(ws, t)["id_usulan"] == id_usulan).any()]
    if len(years) == 1:
        return years[0]
    if not years:
        raise PlanlibError(f"Usulan {id_usulan} tidak ada di workspace ini.")
    raise PlanlibError(
        f"Usulan {id_usulan} ada di tahun {', '.join(map(str, years))}: sebutkan --tahun."
    )


@app.command()
@_guard
def decide(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    usulan: Annotated[str, typer.Option(help="ID usulan")],
    status: Annotated[str, typer.Option(help="diterima | ditolak | dialihkan | ditunda")],
    alasan: Annotated[str, typer.Option(help="Alasan keputusan")],
    oleh: Annotated[str, typer.Option(help="Nama pencatat")],
    opd: Annotated[str | None, typer.Option(help="OPD tujuan pengalihan (untuk dialihkan)")] = None,
    tahun: Annotated[
        int | None, typer.Option(help="Tahun perencanaan (bila ID ada di >1 tahun)")
    ] = None,
) -> None:
    """Catat satu keputusan forum untuk satu usulan."""
    from .forum.keputusan import KeputusanStore
    from .rekap import usulan_tahun
    from .workspace import open_workspace

    ws = open_workspace(workspace)
    t = _year_of(ws, usulan, tahun)
    ids = usulan_tahun(ws, t)["id_usulan"]
    seq = KeputusanStore(ws.root).record(usulan, t, status, alasan, oleh, opd=opd, known_ids=ids)
    typer.echo(f"Tercatat (#{seq}): usulan {usulan} ({t}) {status}" + (f" ke {opd}" if opd else ""))


@app.command()
@_guard
def decisions(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int | None, typer.Option(help="Hanya tahun ini")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Cetak sebagai JSON")] = False,
) -> None:
    """Tampilkan keputusan forum yang berlaku (satu baris per usulan)."""
    from .formatting import teks, waktu, zona_waktu
    from .forum.keputusan import KeputusanStore
    from .workspace import WorkspaceConfig

    cfg = WorkspaceConfig.read(workspace)
    df = KeputusanStore(cfg.root).current(tahun)
    if as_json:
        typer.echo(df.to_json(orient="records", force_ascii=False, indent=1))
        return
    if df.empty:
        typer.echo("Belum ada keputusan tercatat.")
        return
    zona = zona_waktu(cfg.kabupaten)
    shown = df.astype(object).map(teks).assign(waktu=df["waktu"].map(lambda t: waktu(t, zona)))
    typer.echo(shown.to_string(index=False, max_colwidth=40))


@app.command("berita-acara")
@_guard
def berita_acara(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan")],
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
    from .forum.berita_acara import write_berita_acara
    from .forum.keputusan import KeputusanStore
    from .forum.pokir_forum import pokir_berita_acara
    from .parse import parse_date
    from .rekap import usulan_tahun
    from .workspace import open_workspace

    try:
        day = parse_date(tanggal) if tanggal else None
    except ValueError:
        raise PlanlibError(f"--tanggal {tanggal!r} tidak terbaca: tulis mis. 12/03/2026.") from None
    ws = open_workspace(workspace)
    if tahun not in ws.tahun:
        raise PlanlibError(f"Tidak ada usulan tahun {tahun} di workspace ini.")
    path = write_berita_acara(
        usulan_tahun(ws, tahun), KeputusanStore(ws.root).current(tahun, jenis=None), out,
        by=cast(Literal["dapil", "opd"], per), judul=ws.config.nama, tahun=tahun,
        tanggal=day, tempat=tempat, hanya_diputuskan=hanya_diputuskan,
        pokir=pokir_berita_acara(ws, tahun) if pokir else None,
    )  # fmt: skip
    typer.echo(f"Berita Acara ditulis ke {path}")


@app.command()
@_guard
def rakerda(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun anggaran yang dievaluasi")],
    out: Annotated[Path, typer.Option(help="Berkas CSV tujuan")],
    triwulan: Annotated[
        int | None, typer.Option(help="Triwulan 1–4 (bawaan: triwulan terakhir yang ada)")
    ] = None,
    realisasi: Annotated[
        Path | None,
        typer.Option(help="Berkas realisasi (bawaan: bagian realisasi tahun itu di planlib.toml)"),
    ] = None,
) -> None:
    """Tulis kinerja per OPD, per bidang dan kabupaten (Rakerda) dari laporan realisasi."""
    from .rakerda import bidang_rules, write_rakerda_csv
    from .rakerda import rakerda as hitung
    from .realisasi import load_realisasi
    from .report import Report
    from .workspace import open_workspace, plan_opd

    ws = open_workspace(workspace)
    if realisasi is not None:
        opd = plan_opd(ws.pohon_kinerja, ws.renja)
        df, report = load_realisasi(realisasi, ws.wilayah, tahun, opd_names=opd or None)
        typer.echo(Report([report]).format(max_problems=10))
    else:
        if tahun not in ws.realisasi:
            raise PlanlibError(
                f"Tidak ada berkas realisasi tahun {tahun}: tambahkan di planlib.toml, misalnya\n"
                f'[realisasi]\n{tahun} = "realisasi/realisasi_{tahun}.xlsx"\n'
                "atau sebutkan --realisasi BERKAS."
            )
        df = ws.realisasi[tahun]
        files = {str(f.path) for f in ws.config.realisasi[tahun]}
        typer.echo(Report([f for f in ws.report.files if f.path in files]).format(max_problems=10))
    rules = bidang_rules(ws)
    table = hitung(df, tahun, triwulan, bidang_rules=rules, kabupaten=ws.config.nama)
    write_rakerda_csv(table, out)
    tw = int(table["triwulan"].iloc[0])
    n_opd = int((table["tingkat"] == "opd").sum())
    typer.echo(f"Rakerda {tahun} triwulan {tw}: {n_opd} OPD ditulis ke {out}.")


@app.command()
@_guard
def bagikan(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
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
    from .bagikan import bagikan as write_views
    from .formatting import angka

    res = write_views(workspace, tahun, out, dapil=dapil)
    for d, path in res.files.items():
        size = path.stat().st_size / 1e6
        typer.echo(f"  {d or 'Seluruh kabupaten'}: {path.name} ({angka(size, 2)} MB)")
    typer.echo(f"Selesai: {len(res.files)} berkas di {res.out} (buka {res.index}).")


@app.command("laporan-desa")
@_guard
def laporan_desa(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (RKPD)")],
    out: Annotated[Path, typer.Option(help="Folder hasil: <kecamatan>/<desa>.xlsx dan .pdf")],
    tempat_tanggal: Annotated[
        str | None,
        typer.Option(help='Tempat dan tanggal tanda tangan, mis. "Kandangan, 3 Mei 2026"'),
    ] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Hanya xlsx")] = False,
) -> None:
    """Tulis laporan tindak lanjut usulan untuk setiap desa/kelurahan (xlsx dan PDF, siap cetak)."""
    from .documents.laporan_desa import write_laporan_desa
    from .workspace import open_workspace

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


@app.command()
@_guard
def deck(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
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
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Tanpa PDF")] = False,
) -> None:
    """Tulis deck presentasi (PowerPoint 16:9 yang dapat diedit, dan PDF-nya) untuk forum."""
    from .documents import deck as decks
    from .workspace import open_workspace

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


# --------------------------------------------------------------------------- masalah (Rembuk Remas)

masalah_app = typer.Typer(
    help="Masalah dan isu strategis desa dari Rembuk Remas: catat, daftar, laporan.",
    no_args_is_help=True,
)
app.add_typer(masalah_app, name="masalah")


@masalah_app.command("catat")
@_guard
def masalah_catat(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (T) masalah ini")],
    masalah: Annotated[str, typer.Option(help="Teks masalah / isu strategis")],
    oleh: Annotated[str, typer.Option(help="Nama pencatat")],
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
    from .masalah import MasalahStore, resolve_tempat, wilayah_workspace

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
    from .masalah import MasalahStore, resolve_tempat, wilayah_workspace

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
@_guard
def masalah_koreksi(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    id_masalah: Annotated[int, typer.Option("--id", help="Nomor masalah")],
    oleh: Annotated[str, typer.Option(help="Nama pencatat")],
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
@_guard
def masalah_batal(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    id_masalah: Annotated[int, typer.Option("--id", help="Nomor masalah")],
    oleh: Annotated[str, typer.Option(help="Nama pencatat")],
) -> None:
    """Batalkan masalah (tetap di riwayat)."""
    _masalah_edit(workspace, "batal", id_masalah, oleh)


@masalah_app.command("urung")
@_guard
def masalah_urung(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    id_masalah: Annotated[int, typer.Option("--id", help="Nomor masalah")],
    oleh: Annotated[str, typer.Option(help="Nama pencatat")],
) -> None:
    """Urungkan koreksi atau pembatalan terakhir sebuah masalah."""
    _masalah_edit(workspace, "urung", id_masalah, oleh)


@masalah_app.command("daftar")
@_guard
def masalah_daftar(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (T)")],
    json_: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Daftar masalah per desa, usulan yang menjawabnya, masalah belum diusulkan."""
    from .masalah import waktu_lokal
    from .rembuk import peta_masalah
    from .workspace import open_workspace

    m, tanpa = peta_masalah(open_workspace(workspace), tahun)
    if json_:
        records = [
            {**{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()},
             "waktu_lokal": waktu_lokal(r["waktu"])}
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
@_guard
def masalah_laporan(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan (T)")],
    out: Annotated[Path, typer.Option(help="Folder tujuan")],
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Tanpa PDF")] = False,
) -> None:
    """Tulis daftar masalah tiap desa (xlsx, PDF) dengan data IDM-nya, dan ringkasan kecamatan."""
    from .documents.laporan_masalah import write_laporan_masalah
    from .workspace import open_workspace

    res = write_laporan_masalah(open_workspace(workspace), tahun, out, pdf=not no_pdf)
    typer.echo(
        f"Selesai: {res.masalah} masalah, {res.desa} desa, {res.kecamatan} kecamatan; "
        f"{len(res.files)} berkas di {res.folder}."
    )


# --------------------------------------------------------------------------- pokir DPRD


@app.command()
@_guard
def pokir(
    workspace: Annotated[Path, typer.Argument(help="Folder workspace")],
    tahun: Annotated[int, typer.Option(help="Tahun perencanaan")],
    out: Annotated[Path, typer.Option(help="Berkas CSV tujuan")],
) -> None:
    """Bandingkan pokir DPRD dengan usulan Musrenbang tahun yang sama (CSV, satu baris per pokir)."""
    from .formatting import angka
    from .forum.pokir import banding_pokir_tahun, ringkasan
    from .neutralise import write_csv
    from .workspace import open_workspace

    ws = open_workspace(workspace)
    hasil = banding_pokir_tahun(ws, tahun)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_csv(hasil, out)
    n = ringkasan(hasil)
    typer.echo(
        f"{angka(n['pokir'])} pokir tahun {tahun} ditulis ke {out}: {angka(n['ganda'])} sama dengan "
        f"usulan Musrenbang, {angka(n['di_luar_dapil'])} di luar Dapil pengusulnya."
    )


def main() -> None:  # pragma: no cover
    """Run the ``planlib`` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

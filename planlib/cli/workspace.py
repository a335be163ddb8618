"""Commands that make and fill a workspace: init, tambah, demo, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..report import WorkspaceError
from .common import DEFAULT_DEMO, Json, WorkspaceArg, fail, guard

if TYPE_CHECKING:
    import pandas as pd


@guard
def init(
    folder: Annotated[Path, typer.Argument(help="Folder workspace baru")],
    kabupaten: Annotated[
        str,
        typer.Option(help="Kode atau nama kabupaten/kota, mis. 52.03, 'Lombok Timur', 'Kota Bima'"),
    ],
    nama: Annotated[str, typer.Option(help="Nama kabupaten/kota (bawaan: dari daftar kode)")] = "",
) -> None:
    """Buat workspace siap pakai: kode wilayah, batas kecamatan dan Dapil KPU sudah terisi."""
    from ..templates import write_skeleton
    from ..workspace.config import WorkspaceConfig

    root = write_skeleton(folder, kabupaten, nama)
    cfg = WorkspaceConfig.read(root)
    typer.echo(
        f"Workspace {cfg.nama} ({cfg.kabupaten}) dibuat di {root}.\n"
        f"Lihat README.md di folder itu. Langkah berikutnya:\n"
        f"  planlib tambah {root} BERKAS_ATAU_FOLDER...   (ekspor SIPD, unduhan BPS, SHP desa, Dapil)\n"
        f"  planlib check {root}\n"
        f"  planlib serve {root}"
    )


@guard
def tambah(
    folder: WorkspaceArg,
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
    from ..intake.register import summary
    from ..intake.register import tambah as add

    mapping = {}
    for item in kolom or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            fail(f"--kolom {item!r}: tulis KOLOM=JUDUL, mis. usulan='Nama Kegiatan'.")
        mapping[field.strip()] = header.strip()
    if (mapping or sheet) and not jenis:
        fail("--kolom dan --sheet hanya berlaku dengan --jenis.")
    placements, ws = add(
        folder, berkas, tahun=tahun, ganti=ganti, jenis=jenis, kolom=mapping or None, sheet=sheet
    )
    typer.echo(summary(placements))
    typer.echo("")
    typer.echo(ws.report.format(max_problems=10))
    unrecognised = sum(p.status in ("tidak dikenali", "perlu pilihan") for p in placements)
    fatal = any(f.fatal for f in ws.report.files)
    raise typer.Exit(2 if fatal else 1 if unrecognised or ws.report.has_errors else 0)


@guard
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
        from ..demo.kit import write_kit

        files = write_kit(folder, meja, per_tahun=min(usulan, 3000), seed=seed)
        typer.echo(f"Berkas latihan (DATA CONTOH — sintetis) untuk {meja} ditulis di {folder}:")
        for p in files.values():
            typer.echo(f"  {p.relative_to(folder)}")
        return
    from ..demo import write_demo

    m = write_demo(
        folder,
        n_kecamatan=kecamatan,
        n_desa=max(desa, kecamatan),
        usulan_per_tahun=usulan,
        seed=seed,
    )
    typer.echo(f"Workspace contoh (DATA CONTOH — sintetis) ditulis di {m.root}")


@guard
def check(
    folder: WorkspaceArg,
    as_json: Json = False,
    max_problems: Annotated[int, typer.Option(help="Masalah yang ditampilkan per berkas")] = 20,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Abaikan cache")] = False,
) -> None:
    """Muat semua berkas dan laporkan setiap baris yang tidak dimuat.

    Juga mendaftar keputusan forum dan override yang tidak lagi menunjuk usulan
    atau pokir (mis. teks usulan diubah di unduhan baru); keputusan itu tidak dihapus.

    Kode keluar: 0 tanpa galat, 1 ada galat (termasuk keputusan tanpa usulan),
    2 workspace tidak dapat dipakai.
    """
    from ..boundaries import unmapped_text
    from ..forum.orphaned import orphaned_in
    from ..workspace import open_workspace

    try:
        ws = open_workspace(folder, use_cache=not no_cache)
    except WorkspaceError as e:
        if as_json:
            typer.echo(json.dumps({"error": str(e), "files": []}, ensure_ascii=False))
        fail(str(e))
    report = ws.report
    lost, db_error = orphaned_in(ws.root, ws.usulan, ws.pokir)
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


def _format_orphaned(lost: pd.DataFrame, max_rows: int) -> str:
    out = [
        f"keputusan.sqlite  [keputusan]\n  {len(lost):,} keputusan/override tidak lagi menunjuk "
        "usulan atau pokir (ID tidak ada di unduhan sekarang, mis. teks usulan diubah); tidak "
        "dihapus, catat ulang pada usulan atau pokir yang sesuai:".replace(",", ".")
    ]
    for r in lost.head(max_rows).to_dict("records"):
        if r["jenis"] == "keputusan":
            what = f"keputusan {r['status']}"
        elif r["jenis"] == "pokir":
            what = f"keputusan pokir {r['status']}"
        else:
            place = f"OPD {r['opd']}" if isinstance(r["opd"], str) else f"node {r['node_id']}"
            what = f"override {place}"
        reason = f" — {r['alasan']}" if isinstance(r["alasan"], str) and r["alasan"] else ""
        out.append(
            f"    [GALAT] {r['tahun']} · {r['id_usulan']} · {what}"
            f" · oleh {r['oleh']}, {r['waktu']}{reason}"
        )
    if len(lost) > max_rows:
        out.append(f"    … dan {len(lost) - max_rows:,} lainnya".replace(",", "."))
    return "\n".join(out)

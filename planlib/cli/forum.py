"""Forum commands: align (OPD and pohon kinerja suggested), decide, decisions."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import Json, Oleh, OutCsv, Tahun, WorkspaceArg, guard


@guard
def align(
    workspace: WorkspaceArg,
    tahun: Tahun,
    out: OutCsv,
) -> None:
    """Sarankan OPD dan simpul pohon kinerja untuk setiap usulan (koreksi analis menang)."""
    from ..forum import align as matching
    from ..forum.keputusan import KeputusanStore
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    df = matching.align(ws, tahun, overrides=KeputusanStore(ws.root).overrides(tahun))
    path = matching.write_align_csv(df, out)
    tidak = int((~df["selaras"].fillna(False).astype(bool)).sum())
    koreksi = int((df["sumber"] == "penyesuaian").sum())
    typer.echo(
        f"{len(df)} usulan ditulis ke {path}: {tidak} tidak selaras, {koreksi} memakai koreksi analis."
    )


@guard
def decide(
    workspace: WorkspaceArg,
    usulan: Annotated[str, typer.Option(help="ID usulan")],
    status: Annotated[str, typer.Option(help="diterima | ditolak | dialihkan | ditunda")],
    alasan: Annotated[str, typer.Option(help="Alasan keputusan")],
    oleh: Oleh,
    opd: Annotated[str | None, typer.Option(help="OPD tujuan pengalihan (untuk dialihkan)")] = None,
    tahun: Annotated[
        int | None, typer.Option(help="Tahun perencanaan (bila ID ada di >1 tahun)")
    ] = None,
) -> None:
    """Catat satu keputusan forum untuk satu usulan."""
    from ..forum.keputusan import KeputusanStore
    from ..rekap import tahun_of_usulan, usulan_tahun
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    t = tahun_of_usulan(ws, usulan, tahun)
    ids = usulan_tahun(ws, t)["id_usulan"]
    seq = KeputusanStore(ws.root).record(usulan, t, status, alasan, oleh, opd=opd, known_ids=ids)
    typer.echo(f"Tercatat (#{seq}): usulan {usulan} ({t}) {status}" + (f" ke {opd}" if opd else ""))


@guard
def decisions(
    workspace: WorkspaceArg,
    tahun: Annotated[int | None, typer.Option(help="Hanya tahun ini")] = None,
    as_json: Json = False,
) -> None:
    """Tampilkan keputusan forum yang berlaku (satu baris per usulan)."""
    from ..formatting import teks, waktu, zona_waktu
    from ..forum.keputusan import KeputusanStore
    from ..workspace.config import WorkspaceConfig

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

"""``planlib pokir``: the DPRD pokir compared with the year's Musrenbang usulan."""

from __future__ import annotations

import typer

from .common import OutCsv, Tahun, WorkspaceArg, guard


@guard
def pokir(
    workspace: WorkspaceArg,
    tahun: Tahun,
    out: OutCsv,
) -> None:
    """Bandingkan pokir DPRD dengan usulan Musrenbang tahun yang sama (CSV, satu baris per pokir)."""
    from ..formatting import angka
    from ..forum.pokir import banding_pokir_tahun, ringkasan
    from ..neutralise import write_csv
    from ..workspace import open_workspace

    ws = open_workspace(workspace)
    hasil = banding_pokir_tahun(ws, tahun)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_csv(hasil, out)
    n = ringkasan(hasil)
    typer.echo(
        f"{angka(n['pokir'])} pokir tahun {tahun} ditulis ke {out}: {angka(n['ganda'])} sama dengan "
        f"usulan Musrenbang, {angka(n['di_luar_dapil'])} di luar Dapil pengusulnya."
    )

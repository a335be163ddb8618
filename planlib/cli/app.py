"""The ``planlib`` command: every command, registered in the order ``planlib --help`` lists them.

init, tambah, demo, check (:mod:`.workspace`); serve, lab, build (:mod:`.dashboards`); align,
decide, decisions (:mod:`.forum`); berita-acara, rakerda, bagikan, laporan-desa, deck
(:mod:`.documents`); pokir (:mod:`.pokir`); the groups pengguna (:mod:`.pengguna`) and masalah
(:mod:`.masalah`). Messages are in Bahasa Indonesia; no command ends in a bare traceback
(:func:`.common.guard`).
"""

from __future__ import annotations

import typer

from . import dashboards, documents, forum, pokir, workspace
from .masalah import masalah_app
from .pengguna import pengguna_app

app = typer.Typer(
    help="planlib — buku kerja perencanaan pembangunan daerah (Musrenbang, Forum PD, Rakerda).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for name, command in (
    ("init", workspace.init),
    ("tambah", workspace.tambah),
    ("demo", workspace.demo),
    ("check", workspace.check),
    ("serve", dashboards.serve),
    ("lab", dashboards.lab),
    ("build", dashboards.build),
    ("align", forum.align),
    ("decide", forum.decide),
    ("decisions", forum.decisions),
    ("berita-acara", documents.berita_acara),
    ("rakerda", documents.rakerda),
    ("bagikan", documents.bagikan),
    ("laporan-desa", documents.laporan_desa),
    ("deck", documents.deck),
    ("pokir", pokir.pokir),
):
    app.command(name)(command)
app.add_typer(pengguna_app, name="pengguna")
app.add_typer(masalah_app, name="masalah")


def main() -> None:  # pragma: no cover
    """Run the ``planlib`` command."""
    app()

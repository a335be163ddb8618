"""What every command shares: errors as sentences, and the argument types defined once.

No command ends in a bare traceback: an error the analyst can act on is printed
as a sentence (exit 2); set ``PLANLIB_DEBUG=1`` to see the traceback of an
unexpected error.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from .. import settings
from ..report import PlanlibError

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_DEMO = Path("demo")

# The arguments and options several commands take, each defined once.
WorkspaceArg = Annotated[Path, typer.Argument(help="Folder workspace")]
WorkspaceOrDemo = Annotated[Path | None, typer.Argument(help="Folder workspace (bawaan: demo)")]
Tahun = Annotated[int, typer.Option(help="Tahun perencanaan")]
TahunRkpd = Annotated[int, typer.Option(help="Tahun perencanaan (RKPD)")]
OutCsv = Annotated[Path, typer.Option(help="Berkas CSV tujuan")]
Json = Annotated[bool, typer.Option("--json", help="Cetak sebagai JSON")]
NoPdf = Annotated[bool, typer.Option("--no-pdf", help="Tanpa PDF")]
NoBrowser = Annotated[bool, typer.Option("--no-browser", help="Jangan buka peramban")]
Oleh = Annotated[str, typer.Option(help="Nama pencatat")]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``planlib: message`` on stderr and exit with ``code``."""
    typer.echo(f"planlib: {message}", err=True)
    raise typer.Exit(code)


def guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn planlib errors into a message and exit code 2; never a bare traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except PlanlibError as e:
            fail(str(e))
        except KeyboardInterrupt:
            fail("dihentikan.", 130)
        except Exception as e:  # pragma: no cover - the last line of defence
            if os.environ.get(settings.DEBUG):
                traceback.print_exc()
            fail(
                f"kesalahan tak terduga ({type(e).__name__}: {e}). "
                "Jalankan lagi dengan PLANLIB_DEBUG=1 untuk rinciannya, dan laporkan ke pengembang."
            )

    return wrapper


def workspace_folder(workspace: Path) -> None:
    """Refuse a folder without ``planlib.toml`` (for commands that do not load the workspace)."""
    if not (workspace / "planlib.toml").is_file():
        raise PlanlibError(f"{workspace} bukan workspace planlib (planlib.toml tidak ada).")

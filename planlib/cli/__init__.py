"""The ``planlib`` command (typer), one module per group of commands.

``planlib.cli:app`` is the console script; ``python -m planlib.cli`` runs it too.
"""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]

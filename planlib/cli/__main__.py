"""``python -m planlib.cli``: the ``planlib`` command."""

import sys

from .app import app

if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

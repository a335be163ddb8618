"""``python -m planlib.room NOTEBOOKS …``: the room server (``planlib serve --bagikan`` runs it)."""

from .app import main

main()

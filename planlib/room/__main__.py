"""``python -m planlib.room NOTEBOOKS …``: the room server (``planlib serve --bagikan`` runs it).

``python -m planlib.room --lokal NOTEBOOKS …`` runs plain ``planlib serve`` instead
(:class:`~planlib.room.app.LocalApp`: loopback only, no login, capped kernels).
"""

import sys

from .app import LocalApp, RoomApp

if sys.argv[1:2] == ["--lokal"]:
    del sys.argv[1]
    LocalApp.launch_instance()
else:
    RoomApp.launch_instance()

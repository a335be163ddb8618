"""The environment variables planlib reads, named once.

Every ``PLANLIB_*`` name is a constant here, so a module that reads one (and the
test or command that sets it) cannot misspell it, and ``grep settings.`` finds every
reader. The module sits at the bottom of the layers: anything may import it.

- :data:`WORKSPACE` — the workspace a dashboard kernel opens (``planlib serve``,
  ``planlib build``); ``./demo`` when unset.
- :data:`BUILD_OUT`, :data:`BUILD_NAME`, :data:`BUILD_TITLE` — set by
  ``planlib build`` for each notebook's kernel: where the static page goes, its
  file name and its title.
- :data:`NO_CACHE` — any value bypasses the parse cache.
- :data:`DEBUG` — any value makes the command line show the traceback of an
  unexpected error.
- :data:`SHARED_DATA` — the shared public data the tests read.
- :data:`VALIDATE` — ``1`` checks every frame a named query returns against its
  contract (:mod:`planlib.frames`); the tests set it, production leaves it off.
- :data:`DITINGGAL` — seconds a page kernel of ``planlib serve`` waits for its closed
  page to come back before it is shut down (``RoomKernelManager.ditinggal``, 30 s when
  unset); the tests that watch a closed page's kernel end shorten it.
- :data:`PREHEAT` — the dashboards (notebook names, comma-separated) that plain
  ``planlib serve`` keeps a preheated kernel for; unset: every dashboard. A small
  laptop serving one forum, and a test that opens two dashboards, name only those.
"""

from __future__ import annotations

import os

WORKSPACE = "PLANLIB_WORKSPACE"
BUILD_OUT = "PLANLIB_BUILD_OUT"
BUILD_NAME = "PLANLIB_BUILD_NAME"
BUILD_TITLE = "PLANLIB_BUILD_TITLE"
NO_CACHE = "PLANLIB_NO_CACHE"
DEBUG = "PLANLIB_DEBUG"
SHARED_DATA = "PLANLIB_SHARED_DATA"
VALIDATE = "PLANLIB_VALIDATE"
DITINGGAL = "PLANLIB_DITINGGAL"
PREHEAT = "PLANLIB_PREHEAT"

#: The four ``planlib build`` sets for a notebook's kernel (and restores afterwards).
BUILD = (BUILD_OUT, BUILD_NAME, BUILD_TITLE, WORKSPACE)


def is_set(name: str) -> bool:
    """Whether the variable ``name`` is set to something other than empty, ``0`` or ``false``.

    Parameters
    ----------
    name : str
        One of the constants of this module.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_set("PLANLIB_NOT_A_SETTING")
    False
    """
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")

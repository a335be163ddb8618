"""The demo's record of truth: every planted problem, written to ``.demo-manifest.json``.

``planlib check`` on the demo must report each :class:`Planted` problem at
its file, Excel row and column, with its severity (``none`` for dirt the
loaders fix silently) and whether the row is dropped; the tests compare the
two.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import LABEL


@dataclass
class Planted:
    """One planted problem: where it is and what ``planlib check`` must say about it."""

    file: str
    row: int | None
    column: str | None
    code: str
    severity: str  # "error", "warning" or "none" (fixed silently)
    dropped: bool
    value: str | None = None
    tahun: int | None = None


@dataclass
class DemoManifest:
    """What :func:`planlib.demo.write_demo` wrote: the planted problems and the usulan rows per year."""

    root: Path
    planted: list[Planted] = field(default_factory=list)
    usulan_rows: dict[int, int] = field(default_factory=dict)
    #: The pokir export's truth: ``tahun``, ``rows`` (sheet rows under the header),
    #: ``ganda`` (id_pokir → the id_usulan it repeats), ``di_luar_dapil`` (id_pokir
    #: outside their member's Dapil) and ``dropped`` (id_pokir whose only row is dropped).
    pokir: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The manifest as written to ``.demo-manifest.json`` (UTF-8 text, one-space indent).

        Returns
        -------
        str
            JSON with ``label``, ``usulan_rows`` (year → number of usulan rows) and
            ``planted`` (each :class:`Planted` as a dict) and ``pokir`` (the pokir truth).
        """
        return json.dumps(
            {
                "label": LABEL,
                "usulan_rows": {str(k): v for k, v in self.usulan_rows.items()},
                "planted": [asdict(p) for p in self.planted],
                "pokir": self.pokir,
            },
            ensure_ascii=False,
            indent=1,
        )

"""The Dapil's DPRD pokir in a shared view: each member's pokir and what became of it.

This module only presents: the rows are :func:`planlib.forum.pokir.pokir_anggota`
(the pokir of the Dapil's members, the usulan Musrenbang each repeats, the
decision in force) for every planning year of the workspace's ``[pokir]``,
written as a JSON-ready dict the page's script draws as the *Pokir DPRD*
section. A workspace without ``[pokir]`` gives None: the page has no section.
"""

from __future__ import annotations

import pandas as pd

from ..formatting import teks
from ..forum.pokir import pokir_anggota
from ..workspace import Workspace


def _text(v: object) -> str:
    """A value of the page's data: empty as ``""`` (the page shows its own words for none)."""
    return teks(v, default="")


def _number(v: object) -> float | int | None:
    if _text(v) == "":
        return None
    f = float(v)  # type: ignore[arg-type]
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def pokir_payload(ws: Workspace, dapil: str | None, keputusan: pd.DataFrame) -> dict | None:
    """The pokir a Dapil's file (or the kabupaten's, ``dapil=None``) shows, JSON-ready.

    Parameters
    ----------
    ws : Workspace
    dapil : str or None
        The Dapil's name; None for the whole kabupaten.
    keputusan : DataFrame
        The decisions in force (:meth:`KeputusanStore.current`, every year).

    Returns
    -------
    dict or None
        None when the workspace has no ``[pokir]``. Else ``tahun`` (the
        planning years with pokir), ``anggota`` (``nama``, ``fraksi``,
        ``dapil`` of each member, by name), ``berkas`` (year → export file)
        and ``rows``: one dict per pokir with ``tahun``, ``anggota`` (index
        into ``anggota``), ``id``, ``usulan``, ``kecamatan``, ``desa``,
        ``dapil`` (of its place), ``luar`` (outside its member's Dapil),
        ``anggaran``, ``status`` (SIPD-RI), ``keputusan`` (the forum's, or
        "belum diputuskan forum"), ``ganda`` (the usulan Musrenbang IDs it
        repeats, best first), ``ganda_usulan`` and ``ganda_keputusan`` (the
        text of the first and the decision in force on it).
    """
    if not ws.pokir:
        return None
    years = sorted(ws.pokir)
    members: dict[str, dict] = {}
    rows: list[dict] = []
    for t in years:
        kep = keputusan[keputusan["tahun"] == t] if len(keputusan) else keputusan
        df = pokir_anggota(ws, t, dapil, kep)
        for r in df.to_dict("records"):
            nama = _text(r["pengusul"]) or "(tanpa nama pengusul)"
            if nama not in members:
                members[nama] = {
                    "nama": nama, "fraksi": _text(r["fraksi"]), "dapil": _text(r["dapil_pengusul"]),
                }  # fmt: skip
            rows.append(
                {
                    "tahun": int(t),
                    "anggota": list(members).index(nama),
                    "id": _text(r["id_pokir"]),
                    "usulan": _text(r["usulan"]),
                    "kecamatan": _text(r["kecamatan"]),
                    "desa": _text(r["desa"]),
                    "dapil": _text(r["dapil"]),
                    "luar": bool(r["di_luar_dapil"]),
                    "anggaran": _number(r["anggaran"]),
                    "status": _text(r["status"]),
                    "keputusan": _text(r["keputusan"]),
                    "ganda": [i for i in _text(r["id_usulan_ganda"]).split(";") if i],
                    "ganda_usulan": _text(r["usulan_ganda"]),
                    "ganda_keputusan": _text(r["keputusan_ganda"]),
                }
            )
    return {
        "tahun": years,
        "anggota": list(members.values()),
        "berkas": {str(t): ws.config.pokir[t].path.name for t in years if t in ws.config.pokir},
        "rows": rows,
    }


__all__ = ["pokir_payload"]

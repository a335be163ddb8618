"""The demo's plan: RPJMD 2025–2029 targets, a pohon kinerja and a Renja with pagu.

The pohon kinerja cascades four tujuan to one sasaran per issue category, one
program per sasaran and OPD, and one kegiatan and sub kegiatan per usulan
template (with the template's words as ``kata_kunci``), so the forum's
matcher has a plan to match the usulan against. The Renja is written as a
Bappeda keeps it: ``;``-separated, cp1252, pagu as ``Rp 1.234.500``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..neutralise import csv_rows
from .catalogue import ISU, KABUPATEN, OPD, TEMPLATES

#: One row of a CSV file, the header included.
_Row = Sequence[object]

#: Columns of ``pohon_kinerja.csv``.
_POHON_HEADER = ("id", "parent_id", "level", "uraian", "opd", "indikator", "kode_indikator",
                "satuan", "target", "tahun", "kata_kunci")  # fmt: skip


def _node(
    id_: str,
    parent: str,
    level: str,
    uraian: str,
    opd: str = "",
    indikator: str = "",
    kode_indikator: str = "",
    satuan: str = "",
    target: object = "",
    tahun: int = 2026,
    kata_kunci: str = "",
) -> _Row:
    """One row of the pohon kinerja, in the order of :data:`_POHON_HEADER`."""
    return (id_, parent, level, uraian, opd, indikator, kode_indikator, satuan, target, tahun,
            kata_kunci)  # fmt: skip


def write_perencanaan_for(
    root: str | Path, kecamatan: pd.DataFrame, kabupaten: str, *,
    tahun: tuple[int, ...] = (2025, 2026), seed: int = 20260,
) -> dict[str, str]:  # fmt: skip
    """A synthetic plan (RPJMD targets, pohon kinerja, Renja) for a real kabupaten's kecamatan.

    The companion of :func:`planlib.demo.usulan.write_usulan_for`: the forum
    dashboards need a plan to match usulan against. Targets and pagu are
    invented (the target document is called "RPJMD 2025–2029 (contoh)").

    Parameters
    ----------
    root : path-like
        The workspace; files are written to ``perencanaan/``.
    kecamatan : pandas.DataFrame
        ``kode``, ``nama`` of the kabupaten's kecamatan (the Renja's lokasi).
    kabupaten : str
        The kabupaten's Kemendagri code, for the RPJMD targets.
    tahun : tuple of int
        The planning years; the Renja covers the last two.
    seed : int
        The same seed gives the same files.

    Returns
    -------
    dict
        Key → path relative to ``root``, for ``[perencanaan]`` in planlib.toml.
    """
    root = Path(root)
    (root / "perencanaan").mkdir(parents=True, exist_ok=True)
    kec = kecamatan[["kode", "nama"]].reset_index(drop=True)
    write_perencanaan(root, np.random.default_rng(seed), kec, tahun, kabupaten)
    return {k: f"perencanaan/{k}.csv" for k in ("target_rpjmd", "pohon_kinerja", "renja")}


def write_perencanaan(
    root: Path,
    rng: np.random.Generator,
    kec: pd.DataFrame,
    tahun: tuple[int, ...],
    kabupaten: str = KABUPATEN,
) -> None:
    """Write ``perencanaan/target_rpjmd.csv``, ``pohon_kinerja.csv`` and ``renja.csv``.

    Parameters
    ----------
    root : pathlib.Path
        The workspace (``perencanaan/`` exists).
    rng : numpy.random.Generator
        Draws the Renja's lokasi and volumes.
    kec : pandas.DataFrame
        ``nama`` of the kecamatan.
    tahun : tuple of int
        The planning years; the Renja covers the last two.
    kabupaten : str
        The kabupaten code of the RPJMD targets.
    """
    d = root / "perencanaan"
    targets: list[_Row] = [
        ("indikator", "kode_wilayah", "tahun", "target", "satuan", "seri", "dokumen")
    ]
    for y in range(2025, 2030):
        k = y - 2025
        targets += [
            ("ipm", kabupaten, y, round(73.4 + 0.55 * k, 2), "indeks", "revisi_2024", "RPJMD 2025–2029 (contoh)"),
            ("p0", kabupaten, y, round(6.2 - 0.35 * k, 2), "persen", "", "RPJMD 2025–2029 (contoh)"),
            ("tpt", kabupaten, y, round(4.1 - 0.15 * k, 2), "persen", "", "RPJMD 2025–2029 (contoh)"),
            ("stunting", kabupaten, y, round(21.0 - 2.5 * k, 1), "persen", "", "RPJMD 2025–2029 (contoh)"),
        ]  # fmt: skip
    _csv(d / "target_rpjmd.csv", targets)

    tujuan = [
        ("T1", "Meningkatnya kualitas sumber daya manusia", "Indeks Pembangunan Manusia", "ipm", "indeks", 75.6),
        ("T2", "Meningkatnya kesejahteraan ekonomi masyarakat", "Persentase penduduk miskin", "p0", "persen", 4.8),
        ("T3", "Meningkatnya kualitas dan pemerataan infrastruktur wilayah", "Persentase jalan kabupaten kondisi mantap", "", "persen", 80),
        ("T4", "Meningkatnya tata kelola pemerintahan yang baik", "Indeks Reformasi Birokrasi", "", "indeks", 70),
    ]  # fmt: skip
    isu_tujuan = {"kesehatan": "T1", "pendidikan": "T1", "sosial": "T2", "umkm": "T2",
                  "pertanian": "T2", "jalan": "T3", "air": "T3", "lingkungan": "T3",
                  "tatakelola": "T4"}  # fmt: skip
    nodes: list[_Row] = [_POHON_HEADER]
    for tid, uraian, ind, kode_ind, sat, tgt in tujuan:
        nodes.append(_node(tid, "", "tujuan", uraian, "", ind, kode_ind, sat, tgt, 2029))
    sasaran: dict[str, str] = {}
    for isu, tid in isu_tujuan.items():
        sid = f"{tid}.S{len([s for s in sasaran.values() if s.startswith(tid)]) + 1}"
        sasaran[isu] = sid
        nodes.append(
            _node(sid, tid, "sasaran", f"Meningkatnya {ISU[isu].lower()}", "",
                  f"Capaian {ISU[isu].lower()}", "stunting" if isu == "kesehatan" else "",
                  "persen", "", 2029)
        )  # fmt: skip
    programs: dict[tuple[str, str], str] = {}
    for ti, tpl in enumerate(TEMPLATES):
        sid = sasaran[tpl.isu]
        key = (sid, tpl.opd)
        if key not in programs:
            pid = f"{sid}.P{len([p for p in programs if p[0] == sid]) + 1}"
            programs[key] = pid
            nodes.append(
                _node(pid, sid, "program", f"Program {ISU[tpl.isu]} ({tpl.opd.upper()})",
                      OPD[tpl.opd])
            )  # fmt: skip
        pid = programs[key]
        kid = f"{pid}.K{ti + 1}"
        words = "; ".join(
            w.lower()
            for w in tpl.usulan.replace("{desa}", "").replace("{rt}", "").replace("{n}", "").split()
            if len(w) > 3 and w[0].isalpha()
        )
        nodes.append(_node(kid, pid, "kegiatan", f"Kegiatan {tpl.sub_kegiatan}", OPD[tpl.opd]))
        nodes.append(
            _node(f"{kid}.SK", kid, "sub_kegiatan", tpl.sub_kegiatan, OPD[tpl.opd],
                  f"Jumlah {tpl.satuan} {tpl.sub_kegiatan.lower()}", "", tpl.satuan,
                  kata_kunci=words)
        )  # fmt: skip
    _csv(d / "pohon_kinerja.csv", nodes)

    renja: list[_Row] = [
        (
            "opd",
            "program",
            "kegiatan",
            "sub_kegiatan",
            "kode_sub_kegiatan",
            "indikator",
            "target",
            "satuan",
            "pagu",
            "tahun",
            "lokasi",
            "id_pohon",
        )
    ]
    node_of = {n[3]: n[0] for n in nodes[1:] if n[2] == "sub_kegiatan"}
    for ti, tpl in enumerate(TEMPLATES):
        for y in tahun[-2:]:
            lokasi = str(rng.choice(kec["nama"]))
            vol = round(float(rng.uniform(*tpl.volume)) * 4) if tpl.volume[1] > tpl.volume[0] else 2
            pagu = round(vol * tpl.harga, -5)
            renja.append((
                OPD[tpl.opd], f"Program {ISU[tpl.isu]}", f"Kegiatan {tpl.sub_kegiatan}", tpl.sub_kegiatan,
                f"{(ti % 7) + 1}.{(ti % 3) + 1:02d}.{(ti % 9) + 1:02d}.2.{ti + 1:02d}.{y % 100:04d}",
                f"Jumlah {tpl.satuan} {tpl.sub_kegiatan.lower()}", vol, tpl.satuan,
                "Rp " + f"{pagu:,.0f}".replace(",", "."), y, lokasi, node_of[tpl.sub_kegiatan],
            ))  # fmt: skip
    _csv(d / "renja.csv", renja, delimiter=";", encoding="cp1252")


def _csv(path: Path, rows: Iterable[_Row], delimiter: str = ",", encoding: str = "utf-8") -> None:
    """Write ``rows`` as CSV with Unix line ends."""
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(csv_rows(rows))

"""Benchmark of ``planlib pokir``: pokir against the Musrenbang usulan of the same year.

Run with::

    .venv/bin/python benchmarks/bench_pokir.py                  # the demo, then 50,000 / 5,000
    .venv/bin/python benchmarks/bench_pokir.py --usulan 20000 --pokir 2000

Two measurements, each beside a baseline measured in the same run (every step starts with the duplicate
rule's memo of normalised texts emptied, so no step profits from the one before):

1. **The demo** (``planlib.demo.write_demo``, Kabupaten Contoh): ``planlib pokir``
   as the command runs it (open the workspace from its cache, compare, write
   the CSV), beside the forum's usulan-vs-usulan duplicate finder
   (``forum.duplicates.find_duplicates``) on the same year's usulan, and beside
   opening the workspace alone.
2. **Synthetic, at scale**: 50,000 usulan in 800 desa and 5,000 pokir (half of
   them rewording an usulan of their desa), generated here as tables:
   ``forum.pokir.banding_pokir`` and the CSV, beside ``find_duplicates`` on the
   same 50,000 usulan. The planted duplicates found are printed as a check.

Each step prints wall-clock and the CPU time of this process (the steadier
figure on a shared machine).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def cold() -> None:
    """Empty the duplicate rule's memo of normalised texts and scores, so no step rides on another's."""
    from planlib.forum import duplicate_text

    for f in (duplicate_text._normalise, duplicate_text.text_score, duplicate_text._place_words,
              duplicate_text.alamat_rt):  # fmt: skip
        f.cache_clear()


def timed(label: str, func, *args, **kwargs):
    cold()
    w, c = time.perf_counter(), time.process_time()
    out = func(*args, **kwargs)
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    print(f"  {label:<46} {wall:7.2f} s wall  {cpu:7.2f} s CPU")
    return out


def demo(folder: Path) -> None:
    from typer.testing import CliRunner

    from planlib.cli import app
    from planlib.demo import write_demo
    from planlib.forum.duplicates import find_duplicates
    from planlib.workspace import open_workspace

    print("\nDemo (Kabupaten Contoh)")
    manifest = timed("write_demo", write_demo, folder)
    tahun = manifest.pokir["tahun"]
    timed("open_workspace (first, fills the cache)", open_workspace, folder)
    ws = timed("baseline: open_workspace (cached)", open_workspace, folder)
    out = folder / "pokir.csv"
    res = timed(
        "planlib pokir (open cached + compare + CSV)",
        CliRunner().invoke,
        app,
        ["pokir", str(folder), "--tahun", str(tahun), "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    print(f"    {res.output.strip()}")
    timed(f"baseline: find_duplicates(usulan {tahun})", find_duplicates, ws.usulan[tahun])
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    found = {
        r.id_pokir: r.id_usulan_ganda.split(";") for r in got.itertuples() if r.id_usulan_ganda
    }
    truth = manifest.pokir["ganda"]
    hit = sum(1 for k, v in truth.items() if v in found.get(k, []))
    print(
        f"    {len(ws.pokir[tahun])} pokir, {len(ws.usulan[tahun])} usulan; planted duplicates "
        f"found {hit}/{len(truth)}, other pokir flagged {len(set(found) - set(truth))}"
    )


_TEXTS = [
    ("Rehab jalan usaha tani RT {rt}", "Perbaikan JUT RT.{rt}"),
    ("Pembangunan drainase lingkungan RT {rt}", "Pembuatan parit lingkungan RT {rt}"),
    ("Pembangunan posyandu {nama}", "Pemb. gedung posyandu {nama}"),
    ("Bantuan bibit karet unggul kelompok tani {nama}", "Pengadaan bibit karet unggul Poktan {nama}"),
    ("Pemasangan PJU tenaga surya RT {rt}", "Pengadaan penerangan jalan umum tenaga surya RT {rt}"),
    ("Pembangunan sumur bor air bersih RT {rt}", "Pembuatan sumur bor air bersih RT.{rt}"),
    ("Rehab ruang kelas SDN {n}", "Perbaikan ruang kelas SD Negeri {n}"),
    ("Bedah rumah tidak layak huni a.n. {nama}", "Rehab RTLH an. {nama}"),
    ("Pembangunan jembatan ulin RT {rt}", "Pemb. jembatan ulin RT {rt}"),
    ("Normalisasi saluran irigasi {nama}", "Pengerukan saluran irigasi {nama}"),
    ("Pelatihan menjahit kelompok perempuan {nama}", "Pelatihan menjahit bagi kelompok perempuan {nama}"),
    ("Pengadaan tong sampah RT {rt}", "Bantuan tong sampah RT {rt}"),
]  # fmt: skip
_NAMES = ["Melati", "Mawar", "Kenanga", "Anggrek", "Cempaka", "Harapan", "Sejahtera", "Maju",
          "Makmur", "Sentosa", "Bersama", "Mandiri", "Jamilah", "Salmah", "Rusdi", "Fauzan"]  # fmt: skip


def synthetic(n_usulan: int, n_pokir: int, n_desa: int, n_kec: int, seed: int = 7):
    """Usulan and pokir tables of one year as the loaders give them, with the planted pairs."""
    rng = np.random.default_rng(seed)
    kec = [f"99.01.{k + 1:02d}" if k < 99 else f"99.01.{k + 1}" for k in range(n_kec)]
    desa_kec = rng.integers(n_kec, size=n_desa)
    desa = [f"{kec[k]}.{2001 + i}" for i, k in enumerate(desa_kec)]

    def draw(n: int):
        t = rng.integers(len(_TEXTS), size=n)
        d = rng.integers(n_desa, size=n)
        fill = {
            "rt": rng.integers(1, 15, size=n),
            "n": rng.integers(1, 9, size=n),
            "nama": rng.integers(len(_NAMES), size=n),
        }
        return t, d, fill

    t, d, f = draw(n_usulan)
    usulan = pd.DataFrame(
        {
            "id_usulan": [f"U{i}" for i in range(n_usulan)],
            "tahun": 2026,
            "usulan": [
                _TEXTS[t[i]][0].format(
                    rt=f"{f['rt'][i]:02d}", n=f["n"][i], nama=_NAMES[f["nama"][i]]
                )
                for i in range(n_usulan)
            ],
            "kode_desa": [desa[x] for x in d],
            "kode_kecamatan": [kec[desa_kec[x]] for x in d],
            "nama_desa": [f"Desa{x}" for x in d],
            "nama_kecamatan": [f"Kec{desa_kec[x]}" for x in d],
        }
    )
    half = n_pokir // 2
    src = rng.choice(n_usulan, size=half, replace=False)
    reworded = [
        _TEXTS[t[i]][1].format(rt=f"{f['rt'][i]:02d}", n=f["n"][i], nama=_NAMES[f["nama"][i]])
        for i in src
    ]
    t2, d2, f2 = draw(n_pokir - half)
    other = [  # the same kinds of request at a random RT/number/name of a random desa
        _TEXTS[t2[i]][1].format(rt=f"{f2['rt'][i]:02d}", n=f2["n"][i], nama=_NAMES[f2["nama"][i]])
        for i in range(n_pokir - half)
    ]
    pd_ = np.concatenate([d[src], d2])
    pokir = pd.DataFrame(
        {
            "id_pokir": [f"P{i}" for i in range(n_pokir)],
            "pengusul": [f"Anggota {i % 45}" for i in range(n_pokir)],
            "fraksi": [f"Fraksi {i % 7}" for i in range(n_pokir)],
            "dapil": [f"Dapil {1 + desa_kec[x] % 6}" for x in pd_],
            "dapil_pengusul": None,
            "di_luar_dapil": False,
            "usulan": reworded + other,
            "kode_desa": [desa[x] for x in pd_],
            "kode_kecamatan": [kec[desa_kec[x]] for x in pd_],
            "nama_desa": [f"Desa{x}" for x in pd_],
            "nama_kecamatan": [f"Kec{desa_kec[x]}" for x in pd_],
        }
    )
    planted = {f"P{i}": f"U{u}" for i, u in enumerate(src)}
    return usulan, pokir, planted


def scale(n_usulan: int, n_pokir: int, n_desa: int, n_kec: int, folder: Path) -> None:
    from planlib.forum.duplicates import find_duplicates
    from planlib.forum.pokir import banding_pokir
    from planlib.neutralise import write_csv

    print(
        f"\nSynthetic: {n_usulan:,} usulan and {n_pokir:,} pokir in {n_desa} desa, {n_kec} kecamatan"
    )
    usulan, pokir, planted = timed(
        "generate the tables", synthetic, n_usulan, n_pokir, n_desa, n_kec
    )

    def command():
        hasil = banding_pokir(pokir, usulan)
        write_csv(hasil, folder / "pokir_skala.csv")
        return hasil

    hasil = timed("planlib pokir's work (compare + CSV)", command)
    pairs = timed("baseline: find_duplicates(usulan)", find_duplicates, usulan)
    found = {
        r.id_pokir: r.id_usulan_ganda.split(";") for r in hasil.itertuples() if r.id_usulan_ganda
    }
    hit = sum(1 for k, v in planted.items() if v in found.get(k, []))
    a = hasil.attrs
    print(
        f"    planted duplicates found {hit}/{len(planted)}; pokir flagged {len(found)}; "
        f"row pairs in blocks {a.get('pasangan_blok', 0):,}, text comparisons "
        f"{a.get('perbandingan_teks', 0):,} (baseline: {pairs.attrs['pasangan_blok']:,} row "
        f"pairs, {len(pairs):,} usulan pairs found)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--usulan", type=int, default=50_000)
    ap.add_argument("--pokir", type=int, default=5_000)
    ap.add_argument("--desa", type=int, default=800)
    ap.add_argument("--kecamatan", type=int, default=40)
    ap.add_argument("--no-demo", action="store_true", help="only the synthetic measurement")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_pokir_"))
    try:
        if not args.no_demo:
            demo(folder / "contoh")
        scale(args.usulan, args.pokir, args.desa, args.kecamatan, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

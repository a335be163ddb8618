"""The whole demo workspace of the fictional Kabupaten Contoh: :func:`write_demo`.

Draws the geography, three years of usulan, the indicators and the plan from
one random generator, in a fixed order (the same seed gives byte-identical
files), writes a realisasi export per year from seeds of its own, then writes ``planlib.toml``, a README in Bahasa Indonesia, the
manifest of planted problems (``.demo-manifest.json``) and the truth of every
synthetic usulan (``.demo-truth.csv``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..neutralise import write_csv
from .catalogue import KABUPATEN, LABEL, NAMA, OPD
from .geography import dapil_of, geography, write_alias, write_boundaries, write_codes, write_dapil
from .indeks_desa import TAHUN_IDM, write_indeks_desa, write_masalah
from .indikator import write_indikator
from .manifest import DemoManifest
from .perencanaan import write_perencanaan
from .pokir import pokir_rows, write_pokir_xlsx
from .realisasi import write_realisasi_for
from .usulan import usulan_rows, write_usulan_xlsx


def write_demo(
    root: str | Path,
    *,
    n_kecamatan: int = 12,
    n_desa: int = 150,
    usulan_per_tahun: int = 3000,
    tahun: tuple[int, ...] = (2024, 2025, 2026),
    seed: int = 20260,
    dirt: bool = True,
) -> DemoManifest:
    """Write the demo workspace of *Kabupaten Contoh* into ``root``.

    Parameters
    ----------
    root : path-like
        Target folder; created when missing. Existing demo files are replaced.
    n_kecamatan, n_desa : int
        Size of the fictional kabupaten (at most 999 kecamatan: Kemendagri
        kecamatan codes have at most three digits).
    usulan_per_tahun : int
        About how many usulan each planning year has.
    tahun : tuple of int
        The planning years.
    seed : int
        The same seed gives byte-identical files.
    dirt : bool
        Plant the dirt of real exports (see :data:`planlib.demo.dirt.DIRT`).

    Returns
    -------
    DemoManifest
        The planted problems, also written to ``.demo-manifest.json``.
    """
    if not 2 <= n_kecamatan <= 999:
        raise ValueError("n_kecamatan must be between 2 and 999")
    root = Path(root)
    for sub in ("wilayah", "usulan", "indikator", "perencanaan", "realisasi"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    manifest = DemoManifest(root)

    geo = geography(rng, n_kecamatan, max(n_desa, 2 * n_kecamatan))
    kec, desa = geo["kecamatan"], geo["desa"]
    write_codes(root, kec, desa)
    write_boundaries(root, kec, desa)
    write_alias(root, kec)
    write_dapil(root, kec, manifest)

    truth = []
    previous: pd.DataFrame | None = None
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for t in tahun:
        rows = usulan_rows(
            rng, t, kec, desa, usulan_per_tahun, previous, first=t == tahun[0], seen=seen
        )
        previous = rows
        truth.append(rows[["id_usulan", "tahun", "opd_kunci", "opd", "isu", "lineage", "template"]])
        rel = f"usulan/usulan_{t}.xlsx"
        n = write_usulan_xlsx(root / rel, rel, t, rows, kec, desa, rng, manifest, dirt)
        manifest.usulan_rows[t] = n
    write_csv(pd.concat(truth), root / ".demo-truth.csv")

    write_indikator(root, rng, kec, desa, manifest)
    write_perencanaan(root, rng, kec, tahun)
    # realisasi draws from its own seeds: the files above stay as they were without it
    realisasi = write_realisasi_for(
        root, [str(n) for n in kec["nama"]], list(OPD.values()), tahun, manifest, seed
    )
    idm = write_indeks_desa(root, kec, desa, seed)
    for stale in root.glob("masalah.sqlite*"):  # the demo's masalah are written afresh
        stale.unlink()
    write_masalah(root, desa, tahun[-1])
    pokir = _write_pokir(root, tahun[-1], kec, desa, manifest, seed)
    _write_config(root, tahun, realisasi, idm, pokir)
    (root / ".demo-manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _write_pokir(
    root: Path, tahun: int, kec: pd.DataFrame, desa: pd.DataFrame, manifest: DemoManifest, seed: int
) -> str:
    """Write the pokir export of the planning year ``tahun``, from a seed of its own.

    The usulan it repeats are taken from the usulan export as planlib loads it
    (so the truth names IDs the workspace holds).
    """
    from ..usulan import load_usulan
    from ..wilayah import Wilayah, load_aliases, load_kode_wilayah

    kode, _ = load_kode_wilayah(root / "wilayah" / "kode_wilayah.csv")
    aliases, _ = load_aliases(root / "wilayah" / "alias_wilayah.csv")
    w = Wilayah(KABUPATEN, NAMA, kode.drop(columns="baris", errors="ignore"), aliases)
    usulan, _ = load_usulan(root / "usulan" / f"usulan_{tahun}.xlsx", w, tahun)
    rng = np.random.default_rng([seed, 7])  # its own stream: the other files stay as they were
    rows = pokir_rows(rng, tahun, usulan, kec, desa, dapil_of(kec))
    rel = f"pokir/pokir_{tahun}.xlsx"
    (root / "pokir").mkdir(parents=True, exist_ok=True)
    n, dropped = write_pokir_xlsx(root / rel, rel, tahun, rows, rng, manifest, w.desa_matcher)
    kept = rows[~rows["id"].isin(dropped)]
    manifest.pokir = {
        "tahun": tahun,
        "file": rel,
        "rows": n,
        "ganda": {
            str(i): str(u) for i, u in zip(kept["id"], kept["id_usulan_ganda"], strict=True) if u
        },
        "di_luar_dapil": sorted(str(i) for i in kept.loc[kept["di_luar_dapil"], "id"]),
        "dropped": sorted(dropped),
    }
    return rel


def _write_config(
    root: Path, tahun: tuple[int, ...], realisasi: dict[int, str], idm: str, pokir: str
) -> None:
    """Write ``planlib.toml`` and the README of the demo workspace."""
    usulan = "\n".join(f'{t} = "usulan/usulan_{t}.xlsx"' for t in tahun)
    real = "\n".join(f'{t} = "{p}"' for t, p in realisasi.items())
    (root / "planlib.toml").write_text(
        f"""# {LABEL}: Kabupaten Contoh is fictional; every figure here is generated by planlib.
[wilayah]
kabupaten = "{KABUPATEN}"
nama = "{NAMA}"
kode_wilayah = "wilayah/kode_wilayah.csv"
kecamatan = "wilayah/kecamatan.geojson"
desa = "wilayah/desa.geojson"
alias = "wilayah/alias_wilayah.csv"
dapil = "dapil.csv"

[usulan]
{usulan}

[indikator]
files = ["indikator/indikator.csv", {{ path = "indikator/tpt_bps.xlsx", indikator = "tpt", satuan = "persen", periode = "Agustus" }}]

[perencanaan]
target_rpjmd = "perencanaan/target_rpjmd.csv"
pohon_kinerja = "perencanaan/pohon_kinerja.csv"
renja = "perencanaan/renja.csv"

[realisasi]
{real}

[indeks_desa]
{TAHUN_IDM} = "{idm}"

[pokir]
{tahun[-1]} = "{pokir}"

[demo]
label = "{LABEL}"
""",
        encoding="utf-8",
    )
    (root / "README.md").write_text(
        f"""# Kabupaten Contoh — {LABEL}

Workspace ini **fiktif**. Semua wilayah, usulan, indikator, target dan pagu dibuat oleh
`planlib demo` untuk latihan dan demonstrasi; tidak ada yang berasal dari data sebenarnya.

- `wilayah/`: daftar kode (provinsi 99), batas kecamatan dan desa, tabel nama lama (alias)
- `dapil.csv`: 4 dapil; satu kecamatan pemekaran belum masuk dapil
- `usulan/`: ekspor SIPD (format panjang) per tahun perencanaan, lengkap dengan
  "kotoran" yang biasa ada di ekspor asli — `planlib check .` melaporkannya
- `indikator/`: IPM (seri lama dan revisi 2024), P0, TPT (tabel lebar BPS), stunting, IDM
- `perencanaan/`: target RPJMD 2025–2029, pohon kinerja, Renja dengan pagu
- `indeks_desa/`: status IDM (Indeks Desa Membangun) tiap desa, seperti unduhan Kemendesa
- `masalah.sqlite`: beberapa masalah desa yang dicatat pada Rembuk Remas (`planlib masalah daftar`)
- `pokir/`: ekspor pokir DPRD (SIPD-RI) tahun perencanaan {tahun[-1]}: anggota fiktif dari
  empat Dapil, sebagian mengulang usulan Musrenbang dengan kata lain — `planlib pokir` menemukannya
- `realisasi/`: laporan realisasi fisik dan keuangan (e-Monev) per tahun anggaran, per
  sub kegiatan dan triwulan, juga dengan "kotoran" ekspor asli; bahan Rakerda
""",
        encoding="utf-8",
    )

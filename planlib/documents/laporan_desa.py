"""Telling each desa what became of its usulan: one printable letter per desa (xlsx and PDF).

``planlib laporan-desa WORKSPACE --tahun T --out DIR`` writes, for every
desa/kelurahan with usulan in ``T``, ``DIR/<kecamatan>/<desa>.xlsx`` and
``.pdf``, and ``DIR/index.xlsx`` / ``DIR/index.csv`` listing them. Each letter
has the kabupaten's name and the workspace's label ("DATA CONTOH — sintetis"
on the demo), the totals by decision at the top, then every usulan of the desa
with its OPD tujuan, the forum's decision in force and its reason ("belum
diputuskan" when there is none), the OPD it was moved to where dialihkan, and
its history across years, and a signature block.

The decision in force is read through
:func:`planlib.forum.keputusan.keputusan_berlaku`, as the forum table and the
Berita Acara read it. The history follows the usulan's lineage
(:func:`planlib.forum.lineage.assign_lineage`): for each year of the lineage,
the forum decision recorded for that year's usulan, else the status the SIPD
export gives it, else "diusulkan" — e.g. "diusulkan 3 kali: 2024 ditolak, 2025
ditunda, 2026 diterima".

A very long text never stops the letters: in the PDF a text longer than
:data:`PDF_TEKS_MAKS` characters is cut with a note (the .xlsx keeps it, up to
Excel's 32,767 characters), and a row still taller than a page is split across
pages. A desa whose letter cannot be written is named in the index
(``keterangan``) and in :attr:`LaporanDesaResult.gagal`; the other letters and the
index are written all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import rekap
from ..formatting import KOSONG, angka, hari_ini
from ..formatting import tanggal as tanggal_id
from ..forum.berita_acara import tinggi_baris, xlsx_formats
from ..forum.keputusan import BELUM, LABEL, STATUS, KeputusanStore, keputusan_berlaku
from ..forum.lineage import assign_lineage
from ..neutralise import file_name, printable, write_csv
from ..parse import clean_text, parse_number, parse_rupiah
from ..report import PlanlibError
from ..usulan import read_rows
from ..workspace import Workspace

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

__all__ = ["KOLOM", "KOLOM_CETAK", "LaporanDesaResult", "laporan_desa_table", "riwayat_keputusan",
           "write_desa_pdf", "write_desa_xlsx", "write_laporan_desa"]  # fmt: skip

#: The letter's table as printed: (header, column of :func:`laporan_desa_table`, width in characters).
KOLOM: tuple[tuple[str, str, float], ...] = (
    ("No", "", 5),
    ("ID Usulan", "id_usulan", 12),
    ("Usulan Ke", "usulan_ke", 8),
    ("Usulan", "usulan", 40),
    ("Volume", "volume_satuan", 11),
    ("Anggaran (Rp)", "anggaran", 14),
    ("OPD Tujuan", "opd_tujuan", 22),
    ("Keputusan Forum", "keputusan", 14),
    ("Alasan", "alasan", 28),
    ("Dialihkan ke OPD", "opd_pengalihan", 20),
    ("Riwayat", "riwayat", 30),
)

#: The letter's printed sheet ("Laporan"): fewer, folded columns, 134 characters wide, so
#: that at 9 pt on A4 landscape (0.4" margins) it prints at 100 % — the width the Berita
#: Acara prints at. Usulan Ke and the volume go under the usulan, the OPD of a
#: ``dialihkan`` under the decision, the pokir note under the history. Every column of
#: :data:`KOLOM` stays in the "Rincian" sheet.
KOLOM_CETAK: tuple[tuple[str, str, float], ...] = (
    ("No", "", 4),
    ("ID Usulan", "id_usulan", 11),
    ("Usulan", "_usulan", 30),
    ("Anggaran (Rp)", "anggaran", 12),
    ("OPD Tujuan", "opd_tujuan", 16),
    ("Keputusan Forum", "_keputusan", 14),
    ("Alasan", "alasan", 20),
    ("Riwayat", "_riwayat", 27),
)

#: The sheet with every column of every usulan of the letter (for checking; not the letter).
RINCIAN = "Rincian"

#: Column widths of the PDF's table in mm (A4 landscape less 2 × 10 mm margins = 277 mm).
_PDF_MM = (8, 23, 14, 47, 16, 22, 30, 20, 34, 25, 38)

#: Longest text of one cell of a letter's PDF (characters); a longer text is cut with a note.
PDF_TEKS_MAKS = 2000
#: Excel's limit of a cell's text (characters); xlsxwriter would cut a longer one silently.
XLSX_TEKS_MAKS = 32767

#: What happened to an usulan the check rejected (it never reached the forum).
TIDAK_DIBAHAS = "Tidak dibahas"
#: An usulan entered twice with the same content: discussed once, under the first row.
TERCATAT_GANDA = "Tercatat ganda"
#: Dropped rows that are no usulan at all (empty rows, repeated headers, totals, notes).
_BUKAN_USULAN = {"baris_kosong", "header_berulang", "baris_total", "bukan_data"}

_TOTAL_ORDER = (*(LABEL[s] for s in STATUS), BELUM, TIDAK_DIBAHAS, TERCATAT_GANDA)


@dataclass(frozen=True)
class LaporanDesaResult:
    """What :func:`write_laporan_desa` wrote.

    Attributes
    ----------
    out : Path
        The folder.
    index : DataFrame
        One row per desa: ``kode_kecamatan``, ``kecamatan``, ``kode_desa``,
        ``desa``, ``jumlah``, ``anggaran``, one count per decision label,
        ``xlsx`` / ``pdf`` (paths relative to ``out``; empty when that letter
        could not be written) and, only when a letter could not be written,
        ``keterangan`` (why).
    files : list of Path
        Every letter written (xlsx and pdf) and the two index files.
    gagal : list of str
        One sentence per desa whose letter could not be written (also in the
        index's ``keterangan``); empty when every letter was written.
    tidak_ditempatkan : DataFrame
        Usulan the check rejected whose row names no kecamatan or desa that can
        be recognised, so no letter can carry them (:func:`usulan_ditolak`;
        also written to ``tidak_ditempatkan.csv``).
    """

    out: Path
    index: pd.DataFrame
    files: list[Path]
    gagal: list[str] = field(default_factory=list)
    tidak_ditempatkan: pd.DataFrame = field(default_factory=pd.DataFrame)


# --------------------------------------------------------------------------- the table


def _lineage(ws: Workspace) -> pd.DataFrame:
    """The lineage of every usulan of every year (memoised on ``ws``, shared with 05-lintas-pd)."""
    return ws.derived("lineage", lambda: assign_lineage(ws.usulan))


def riwayat_keputusan(
    lineage: pd.DataFrame,
    status: pd.DataFrame,
    keputusan: pd.DataFrame,
    tahun: int,
    riwayat: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The history across years of the usulan of ``tahun``, worded for a desa.

    Parameters
    ----------
    lineage : DataFrame
        ``id_usulan``, ``tahun``, ``lineage`` of every usulan of every year
        (:func:`planlib.forum.lineage.assign_lineage`).
    status : DataFrame
        ``id_usulan``, ``tahun``, ``status`` (the SIPD status) of every usulan.
    keputusan : DataFrame
        Forum decisions in force of every year (``id_usulan``, ``tahun``,
        ``status``, and ``waktu`` to tell which of several is the latest), as
        :meth:`KeputusanStore.current` returns them.
    tahun : int
        The year of the letters.
    riwayat : DataFrame, optional
        Every recorded change (``seq``, ``tahun``, ``id_usulan``, ``aksi``,
        ``status``), as :meth:`KeputusanStore.history` returns it: the decisions
        taken before the one in force.

    Returns
    -------
    DataFrame
        One row per usulan of ``tahun``: ``id_usulan``, ``kali_diusulkan``
        (distinct years of its lineage) and ``riwayat``:
        ``"diusulkan 3 kali: 2024 ditolak, 2025 ditunda, 2026 diterima"``, or
        ``"pertama kali diusulkan"``. Each year reads the forum decision that
        stands; where the forum decided otherwise before (or the lineage has
        several usulan that year, decided differently), the year says which
        stands: ``"2025 diterima (berlaku; sebelumnya dialihkan, ditolak)"``.
        A year without a forum decision reads the SIPD status (lower case; of
        several usulan that year, the one entered last — highest ID — stands),
        else "diusulkan"; ``tahun`` itself reads the
        usulan's own decision in force, else "belum diputuskan" — the
        Keputusan column of the letter.
    """
    key = ["tahun", "id_usulan"]
    lin = lineage[["id_usulan", "tahun", "lineage"]].astype({"tahun": int, "id_usulan": str})
    mine = lin.loc[lin["tahun"] == tahun, "lineage"]
    members = lin[lin["lineage"].isin(set(mine))]
    st = status[["id_usulan", "tahun", "status"]].astype({"tahun": int, "id_usulan": str})
    members = members.merge(st, on=key, how="left")
    kep = pd.DataFrame(columns=[*key, "keputusan", "waktu"])
    if len(keputusan):
        kep = keputusan.assign(waktu=keputusan.get("waktu"))
        kep = kep[[*key, "status", "waktu"]].rename(columns={"status": "keputusan"})
        kep = kep.astype({"tahun": int, "id_usulan": str}).drop_duplicates(key, keep="last")
    members = members.merge(kep, on=key, how="left")
    before: dict[tuple[int, str], list[str]] = {}
    if riwayat is not None and len(riwayat):
        h = riwayat[riwayat["aksi"] == "catat"].sort_values("seq")
        for t, i, s in zip(h["tahun"].astype(int), h["id_usulan"].astype(str), h["status"],
                           strict=True):  # fmt: skip
            before.setdefault((t, i), []).append(str(s))

    def word(rows: list[dict[Any, Any]], own: bool) -> str:
        decided = [r for r in rows if isinstance(r["keputusan"], str)]
        if not decided:
            if own:
                return BELUM
            sipd = [r["status"].strip().lower() for r in rows
                    if isinstance(r["status"], str) and r["status"].strip()]  # fmt: skip
            if not sipd:
                return "diusulkan"
            # several usulan of the lineage that year: the one entered last (highest ID) stands
            earlier_sipd = [w for w in dict.fromkeys(sipd[:-1]) if w != sipd[-1]]
            if earlier_sipd:
                return f"{sipd[-1]} (berlaku; sebelumnya {', '.join(earlier_sipd)})"
            return sipd[-1]
        now = max(decided, key=lambda r: str(r["waktu"]) if isinstance(r["waktu"], str) else "")
        stands = str(now["keputusan"])
        earlier: list[str] = []
        for r in rows:
            for s in [*before.get((int(r["tahun"]), str(r["id_usulan"])), []),
                      *([r["keputusan"]] if r is not now and r in decided else [])]:  # fmt: skip
                if s != stands and s not in earlier:
                    earlier.append(s)
        return f"{stands} (berlaku; sebelumnya {', '.join(earlier)})" if earlier else stands

    records = members.sort_values(["lineage", "tahun", "id_usulan"]).to_dict("records")
    by_year: dict[Any, dict[int, list[dict[Any, Any]]]] = {}
    for r in records:
        by_year.setdefault(r["lineage"], {}).setdefault(int(r["tahun"]), []).append(r)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in records:
        if int(r["tahun"]) != tahun or str(r["id_usulan"]) in seen:
            continue
        seen.add(str(r["id_usulan"]))
        years = by_year[r["lineage"]]
        parts = [f"{y} {word(rows, own=False)}" for y, rows in sorted(years.items()) if y < tahun]
        parts.append(f"{tahun} {word([r], own=True)}")
        k = len(years)
        out.append({
            "id_usulan": str(r["id_usulan"]), "kali_diusulkan": k,
            "riwayat": f"diusulkan {k} kali: {', '.join(parts)}" if k > 1
            else "pertama kali diusulkan",
        })  # fmt: skip
    return pd.DataFrame(out, columns=["id_usulan", "kali_diusulkan", "riwayat"])


def laporan_desa_table(ws: Workspace, tahun: int, store: KeputusanStore) -> pd.DataFrame:
    """The usulan of ``tahun`` with the decision in force and the history of each.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    store : KeputusanStore
        The workspace's forum decisions.

    Returns
    -------
    DataFrame
        Per usulan: ``kode_kecamatan``, ``nama_kecamatan``, ``kode_desa``,
        ``nama_desa``, ``profil``, ``id_usulan``, ``usulan_ke``, ``usulan``,
        ``volume_satuan``, ``anggaran``, ``opd_tujuan``, ``status`` (the
        decision, None when undecided), ``keputusan`` (its label, else
        "belum diputuskan"), ``alasan``, ``opd_pengalihan``, ``dicatat_oleh``,
        ``kali_diusulkan``, ``riwayat`` and ``pokir`` (when the usulan was
        also carried as a DPRD pokir: "Juga diajukan sebagai pokir DPRD oleh
        NAMA (Fraksi)", else None); sorted by kecamatan, desa, priority and id.
    """
    ws.usulan_of(tahun)  # refused with the years there are
    df = rekap.usulan_tahun(ws, tahun)
    ids = df["id_usulan"].astype(str)
    k = keputusan_berlaku(store, ids, tahun)
    status = pd.concat(
        [u[["id_usulan", "tahun", "status"]].astype({"status": object}) for u in ws.usulan.values()]
    )
    riw = riwayat_keputusan(
        _lineage(ws), status, store.current(), tahun, riwayat=store.history()
    ).set_index("id_usulan")
    vol = df["volume"].map(
        lambda v: "" if pd.isna(v) else angka(v, 0 if float(v).is_integer() else 1)
    )
    sat = df["satuan"].astype(object).map(lambda s: s if isinstance(s, str) else "")
    out = pd.DataFrame(
        {
            "kode_kecamatan": df["kode_kecamatan"].astype(object),
            "nama_kecamatan": df["nama_kecamatan"].astype(object),
            "kode_desa": df["kode_desa"].astype(object),
            "nama_desa": df["nama_desa"].astype(object),
            "profil": df["profil"].astype(object) if "profil" in df else None,
            "id_usulan": ids,
            "usulan_ke": pd.to_numeric(df["usulan_ke"], errors="coerce"),
            "usulan": df["usulan"].astype(object),
            "volume_satuan": (vol + " " + sat).str.strip(),
            "anggaran": pd.to_numeric(df["anggaran"], errors="coerce"),
            "opd_tujuan": df["opd_tujuan"].astype(object),
            "status": k["status"].to_numpy(),
            "keputusan": k["label"].to_numpy(),
            "alasan": k["alasan"].to_numpy(),
            "opd_pengalihan": k["opd"].to_numpy(),
            "dicatat_oleh": k["oleh"].to_numpy(),
            "kali_diusulkan": ids.map(riw["kali_diusulkan"]).fillna(1).astype(int).to_numpy(),
            "riwayat": ids.map(riw["riwayat"]).fillna("pertama kali diusulkan").to_numpy(),
            "pokir": ids.map(_pokir_notes(ws, tahun)).astype(object).to_numpy(),
        },
        index=df.index,
    )
    out["pokir"] = out["pokir"].where(out["pokir"].notna(), None)
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    return out.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)


def _pokir_notes(ws: Workspace, tahun: int) -> dict[str, str]:
    """Per usulan ID repeated by a pokir of the year: the note naming the member(s)."""
    if tahun not in ws.pokir:
        return {}
    from ..forum.pokir import banding_pokir_tahun, sumber_pokir

    by: dict[str, list[str]] = {}
    b = banding_pokir_tahun(ws, tahun)
    for ganda, nama, fraksi in zip(b["id_usulan_ganda"], b["pengusul"], b["fraksi"], strict=True):
        who = sumber_pokir(nama, fraksi).removeprefix("Pokir — ")
        for u in str(ganda).split(";"):
            if u and who not in by.setdefault(u, []):
                by[u].append(who)
    return {u: "Juga diajukan sebagai pokir DPRD oleh " + ", ".join(w) for u, w in by.items()}


#: The columns of :func:`laporan_desa_table`.
_TABLE_COLUMNS = [
    "kode_kecamatan", "nama_kecamatan", "kode_desa", "nama_desa", "profil", "id_usulan",
    "usulan_ke", "usulan", "volume_satuan", "anggaran", "opd_tujuan", "status", "keputusan",
    "alasan", "opd_pengalihan", "dicatat_oleh", "kali_diusulkan", "riwayat", "pokir",
]  # fmt: skip


def _alasan_ditolak(code: str | None, value: Any, suggestion: Any, reason: str, judul: str,
                    id_usulan: str | None) -> str:  # fmt: skip
    """Why the check rejected an usulan, in a sentence a desa understands."""
    v = clean_text(value)
    again = " Usulan dapat diajukan kembali dengan data yang benar."
    if code == "usulan_kosong":
        return "Uraian usulan kosong di data SIPD, sehingga usulan tidak dapat dibahas." + again
    if code == "id_ganda_sama":
        return (f"Tercatat dua kali dengan isi yang sama di data SIPD; dibahas satu kali "
                f"sebagai usulan ID {id_usulan}.")  # fmt: skip
    if code == "id_ganda_beda":
        return (f"Nomor ID {id_usulan} di data SIPD juga dipakai usulan lain, sehingga usulan "
                "ini tidak dapat dibahas. Mohon periksa bersama Bappeda.")  # fmt: skip
    if code == "kabupaten_lain":
        return (f"Di data SIPD tercatat untuk {v or 'kabupaten lain'} (kolom Kabupaten), "
                f"sehingga tidak dibahas di forum {judul}." + again)  # fmt: skip
    if code == "kecamatan_tidak_dikenal":
        return (f"Kecamatan tertulis \"{v}\", bukan kecamatan di {judul}, sehingga usulan "
                "tidak dapat ditempatkan dan tidak dibahas." + again)  # fmt: skip
    if code == "kecamatan_ambigu":
        return (f"Nama kecamatan \"{v}\" cocok dengan lebih dari satu kecamatan, sehingga "
                "usulan tidak dapat ditempatkan dan tidak dibahas." + again)  # fmt: skip
    if code == "kecamatan_kosong":
        return "Kecamatan tidak diisi di data SIPD, sehingga usulan tidak dibahas." + again
    return f"Tidak lolos pemeriksaan data: {reason}" + (f" ({v})" if v else "") + "." + again


def usulan_ditolak(ws: Workspace, tahun: int) -> pd.DataFrame:
    """The usulan of ``tahun`` the check rejected, placed in their desa where the row tells it.

    The workspace's report keeps each rejected row as its file and Excel row
    (:class:`planlib.report.Problem`, ``dropped``); the rows are read again as
    written (:func:`planlib.usulan.read_rows`). A row is placed by its
    kecamatan and desa as written: the desa within the kecamatan, or — when the
    kecamatan is unknown ("Luar Daerah") or empty — a desa name that matches
    exactly one desa of the kabupaten. Rows that are no usulan (empty rows,
    repeated headers, totals, notes) are left out.

    Parameters
    ----------
    ws : Workspace
    tahun : int

    Returns
    -------
    DataFrame
        The columns of :func:`laporan_desa_table`; ``keputusan`` is
        :data:`TIDAK_DIBAHAS` (or :data:`TERCATAT_GANDA` for an exact duplicate),
        ``alasan`` says why in plain Indonesian; ``kode_kecamatan`` /
        ``kode_desa`` are None where the row cannot be placed. Plus ``baris``
        (the Excel row) and ``kode`` (the report's reason code).
    """
    columns = [*_TABLE_COLUMNS, "baris", "kode"]
    spec = ws.config.usulan.get(tahun)
    reports = [f for f in ws.report.files if spec is not None and f.path == str(spec.path)]
    problems = {p.row: p for f in reports for p in f.problems
                if p.dropped and p.row is not None and p.code not in _BUKAN_USULAN}  # fmt: skip
    if spec is None or not problems:
        return pd.DataFrame(columns=columns)
    try:
        raw = read_rows(spec.path, spec.opts)
    except (PlanlibError, OSError):  # the file changed or went away since it was loaded
        return pd.DataFrame(columns=columns)
    raw = raw[raw["baris"].isin(set(problems))].reset_index(drop=True)
    if raw.empty:
        return pd.DataFrame(columns=columns)
    w = ws.wilayah

    def col(name: str) -> pd.Series:
        return raw[name] if name in raw else pd.Series(None, index=raw.index, dtype=object)

    k = w.kecamatan_matcher.match(col("kecamatan"))
    kec = k["kode"].where(~k["metode"].isin(["ambigu", "tidak_dikenal", "kosong"]))
    desa_text = col("desa").where(col("desa").notna(), None)
    d = w.desa_matcher.match(desa_text, kec)
    sure = ["kode", "persis", "normal", "alias"]
    ok = d["metode"].isin(sure) | (kec.notna() & (d["metode"] == "mirip"))
    kode_desa = d["kode"].where(ok)
    kec = kec.where(kec.notna(), kode_desa.map(lambda c: w.desa_matcher.parent.get(c)))
    judul = ws.config.nama
    rows = []
    for i, r in enumerate(raw.to_dict("records")):
        p = problems[int(r["baris"])]
        ident = clean_text(r.get("id_usulan"))
        if isinstance(r.get("id_usulan"), float) and float(r["id_usulan"]).is_integer():
            ident = str(int(r["id_usulan"]))
        vol = _number(r.get("volume"))
        sat = clean_text(r.get("satuan")) or ""
        opd = next((clean_text(r.get(c)) for c in ("opd_tujuan_akhir", "opd_tujuan_awal", "opd")
                    if clean_text(r.get(c))), None)  # fmt: skip
        kd = kode_desa.iat[i] if isinstance(kode_desa.iat[i], str) else None
        kk = kec.iat[i] if isinstance(kec.iat[i], str) else None
        rows.append({
            "kode_kecamatan": kk, "nama_kecamatan": w.kecamatan_matcher.names.get(kk),
            "kode_desa": kd, "nama_desa": w.desa_matcher.names.get(kd),
            "profil": clean_text(r.get("profil")), "id_usulan": ident or KOSONG,
            "usulan_ke": _number(r.get("usulan_ke")),
            "usulan": clean_text(r.get("usulan")) or "(uraian kosong)",
            "volume_satuan": f"{angka(vol, 0 if vol.is_integer() else 1)} {sat}".strip()
            if vol is not None else sat,
            "anggaran": _amount(r.get("anggaran")), "opd_tujuan": opd, "status": None,
            "keputusan": TERCATAT_GANDA if p.code == "id_ganda_sama" else TIDAK_DIBAHAS,
            "alasan": _alasan_ditolak(p.code, p.value, p.suggestion, p.reason, judul, ident),
            "opd_pengalihan": None, "dicatat_oleh": None, "kali_diusulkan": 1,
            "riwayat": "tidak diperiksa (ditolak pemeriksaan data)",
            "baris": int(r["baris"]), "kode": p.code,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _number(v: Any) -> float | None:
    try:
        return parse_number(v)
    except ValueError:
        return None


def _amount(v: Any) -> float:
    try:
        x = parse_rupiah(v)
    except ValueError:
        x = None
    return float("nan") if x is None else float(x)


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Count and anggaran per decision label (Diterima … belum diputuskan), then ``Jumlah``.

    Parameters
    ----------
    rows : DataFrame
        Rows of :func:`laporan_desa_table` (``keputusan``, ``anggaran``).

    Returns
    -------
    DataFrame
        Index: the labels present in :data:`planlib.forum.keputusan.LABEL` order
        and "belum diputuskan", then "Jumlah"; columns ``jumlah``, ``anggaran``.
    """
    g = pd.DataFrame(rows.groupby("keputusan")["anggaran"].agg(jumlah="size", anggaran="sum"))
    g = g.reindex([k for k in _TOTAL_ORDER if k in g.index])
    g.loc["Jumlah"] = [len(rows), float(rows["anggaran"].sum())]
    return g.astype({"jumlah": int})


# --------------------------------------------------------------------------- the letters


def _addressee(profil: Any, desa: str) -> str:
    kel = isinstance(profil, str) and profil.strip().lower().startswith("kel")
    return f"Lurah {desa}" if kel else f"Kepala Desa {desa}"


def _intro(tahun: int, judul: str) -> str:
    return (
        f"Bersama ini kami sampaikan tindak lanjut usulan Musrenbang dari desa/kelurahan Saudara "
        f"untuk Rencana Kerja Pemerintah Daerah (RKPD) {judul} tahun {tahun}: keputusan Forum "
        "Perangkat Daerah atas setiap usulan beserta alasannya, OPD yang menanganinya, dan "
        "riwayat usulan yang sama pada tahun-tahun sebelumnya."
    )


def _title(tahun: int) -> list[str]:
    return ["LAPORAN TINDAK LANJUT USULAN MUSRENBANG", f"RKPD TAHUN {tahun}"]


def _kepala(
    tahun: int, tanggal: dt.date | None, nomor: str | None, tempat_tanggal: str | None
) -> tuple[list[tuple[str, str]], str]:
    """The letter's Nomor / Lampiran / Hal lines and its place and date (top right)."""
    day = tanggal or hari_ini()
    lines = [
        ("Nomor", nomor or f"........../Bappeda/{day.year}"),
        ("Lampiran", KOSONG),
        ("Hal", f"Tindak lanjut usulan Musrenbang RKPD tahun {tahun}"),
    ]
    return lines, tempat_tanggal or f"...................., {tanggal_id(day)}"


def _cell_value(record: Mapping[Any, Any], col: str) -> Any:
    if col == "_usulan":  # the printed sheet's folded cells
        extra = [_cell_value(record, "usulan_ke"), _cell_value(record, "volume_satuan")]
        ke = f"usulan ke-{angka(extra[0])}" if extra[0] is not None else None
        below = " · ".join(filter(None, [ke, extra[1] or None]))
        return "\n".join(filter(None, [_cell_value(record, "usulan"), below])) or None
    if col == "_keputusan":
        to = _cell_value(record, "opd_pengalihan")
        k = _cell_value(record, "keputusan")
        return f"{k}\nke {to}" if to and k else k
    if col == "_riwayat":
        return "\n".join(filter(None, [_cell_value(record, "riwayat"), _cell_value(record, "pokir")])) or None  # fmt: skip
    v = record.get(col)
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return v


def clip(text: str, limit: int, where: str) -> str:
    """``text`` cut to at most ``limit`` characters, ending with a note of its full length.

    Parameters
    ----------
    text : str
        A cell's text.
    limit : int
        The most characters kept, the note included.
    where : str
        Where the whole text is, for the note (e.g. "berkas .xlsx").

    Returns
    -------
    str
        ``text`` itself when short enough.

    Examples
    --------
    >>> clip("a" * 10, 100, "x"), len(clip("a" * 500, 100, "berkas .xlsx"))
    ('aaaaaaaaaa', 100)
    """
    if len(text) <= limit:
        return text
    note = f" … [dipotong; teks lengkap {angka(len(text))} karakter di {where}]"
    return text[: max(limit - len(note), 0)].rstrip() + note


def write_desa_xlsx(
    rows: pd.DataFrame,
    path: Path,
    *,
    judul: str,
    tahun: int,
    label: str | None = None,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    nomor: str | None = None,
) -> Path:
    """Write one desa's letter as an .xlsx set up for A4 printing.

    Landscape A4, scaled to one page wide, the table header repeated on every
    page, page numbers in the footer.

    Parameters
    ----------
    rows : DataFrame
        The desa's rows of :func:`laporan_desa_table`.
    path : Path
        The file to write (replaced).
    judul : str
        The kabupaten, e.g. "Kabupaten Hulu Sungai Selatan".
    tahun : int
    label : str, optional
        The workspace's label ("DATA CONTOH — sintetis"), printed under the title.
    tempat_tanggal : str, optional
        Place and date of the letter (top right), e.g. "Kandangan, 3 Mei 2026";
        a dotted place and ``tanggal`` when omitted.
    tanggal : datetime.date, optional
        The letter's date; today (WIB) when omitted.
    nomor : str, optional
        The letter's number; a dotted line to fill in by hand when omitted.

    Returns
    -------
    Path
    """
    import xlsxwriter

    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    last = len(KOLOM_CETAK) - 1
    with xlsxwriter.Workbook(str(path)) as wb:
        fmt = xlsx_formats(wb)
        sheet = wb.add_worksheet("Laporan")
        r = 0
        for text in [*_title(tahun), judul.upper()]:
            sheet.merge_range(r, 0, r, last, text, fmt["title"])
            r += 1
        if label:
            sheet.merge_range(r, 0, r, last, label, fmt["label"])
            r += 1
        r += 1
        lines, where = _kepala(tahun, tanggal, nomor, tempat_tanggal)
        sheet.merge_range(r, 5, r, last, where, fmt["plain"])
        for name, value in lines:
            sheet.write_string(r, 0, name, fmt["plain"])
            sheet.merge_range(r, 1, r, 4, f": {value}", fmt["plain"])
            r += 1
        r += 1
        sheet.write_string(r, 0, f"Kepada Yth. {_addressee(first['profil'], desa)}", fmt["bold"])
        sheet.write_string(r + 1, 0, f"Kecamatan {kec}", fmt["plain"])
        r += 3
        sheet.merge_range(r, 0, r, last, _intro(tahun, judul), fmt["wrap"])
        sheet.set_row(r, 30)
        r += 2
        r = _write_totals(sheet, fmt, totals(rows), r)
        r += 1
        header = r
        r = _write_table(sheet, fmt, rows, KOLOM_CETAK, r)
        _write_signature(sheet, fmt, r + 3, judul)
        foot = printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")[:100].replace("&", "&&")
        _print_setup(sheet, header, foot)
        rincian = wb.add_worksheet(RINCIAN)
        full = (*KOLOM, ("Catatan pokir", "pokir", 30))
        rincian.merge_range(0, 0, 0, len(full) - 1, f"Rincian — {desa}, {kec}", fmt["title"])
        _write_table(rincian, fmt, rows, full, 2)
        _print_setup(rincian, 2, foot)
    return path


def _write_table(
    sheet: Worksheet,
    fmt: dict[str, Format],
    rows: pd.DataFrame,
    columns: tuple[tuple[str, str, float], ...],
    r: int,
) -> int:
    """The usulan under a header at row ``r`` in ``columns``; returns the last row written."""
    for c, (head, _col, width) in enumerate(columns):
        sheet.set_column(c, c, width)
        sheet.write_string(r, c, head, fmt["header"])
    widths = [w for _h, _c, w in columns]
    for i, rec in enumerate(rows.to_dict("records"), start=1):
        r += 1
        sheet.write_number(r, 0, i, fmt["center"])
        sheet.set_row(r, tinggi_baris([None, *(_cell_value(rec, c) for _h, c, _w in columns[1:])],
                                      widths))  # fmt: skip
        for c, (_head, col, _w) in enumerate(columns[1:], start=1):
            v = _cell_value(rec, col)
            kind = {"anggaran": "rupiah", "usulan_ke": "center"}.get(col, "text")
            if v is None:
                sheet.write_blank(r, c, None, fmt[kind])
            elif isinstance(v, int | float) and not isinstance(v, bool):
                sheet.write_number(r, c, float(v), fmt[kind])
            else:
                text = printable(v, lines=True)
                sheet.write_string(r, c, clip(text, XLSX_TEKS_MAKS, "data usulan"), fmt[kind])
    return r


def _print_setup(sheet: Worksheet, header: int, foot: str) -> None:
    """A4 landscape, one page wide, the header row repeated, pages numbered."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(f"&L&9{foot}&R&9Halaman &P dari &N")


def _write_totals(sheet: Worksheet, fmt: dict[str, Format], t: pd.DataFrame, top: int) -> int:
    """The totals by decision at ``top`` (columns Usulan … Anggaran); returns the last row."""
    sheet.write_string(top, 2, "Keputusan Forum", fmt["header"])
    sheet.write_string(top, 3, "Jumlah usulan", fmt["header"])
    sheet.write_string(top, 4, "Anggaran (Rp)", fmt["header"])
    r = top
    for name, row in t.iterrows():
        r += 1
        bold = name == "Jumlah"
        sheet.write_string(r, 2, str(name), fmt["total" if bold else "text"])
        sheet.write_number(r, 3, int(row["jumlah"]), fmt["total" if bold else "center"])
        sheet.write_number(r, 4, float(row["anggaran"]), fmt["total_rupiah" if bold else "rupiah"])
    return r


def _signature_lines(judul: str) -> list[str]:
    return [
        "",
        f"Kepala Bappeda {judul}",
        "",
        "",
        "",
        "( ........................................ )",
        "NIP. ..................................",
    ]


def _write_signature(sheet: Worksheet, fmt: dict[str, Format], top: int, judul: str) -> None:
    c0, c1 = 5, 7  # under Keputusan … Riwayat, inside the printed width
    for i, text in enumerate(_signature_lines(judul)):
        style = fmt["sign_bold"] if i == 1 else fmt["sign"]
        sheet.merge_range(top + i, c0, top + i, c1, text, style)


def write_desa_pdf(
    rows: pd.DataFrame,
    path: Path,
    *,
    judul: str,
    tahun: int,
    label: str | None = None,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    nomor: str | None = None,
) -> Path:
    """Write one desa's letter as a PDF (A4 landscape), the same content as :func:`write_desa_xlsx`.

    Parameters
    ----------
    rows, path, judul, tahun, label, tempat_tanggal, tanggal, nomor
        As for :func:`write_desa_xlsx`.

    Returns
    -------
    Path
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table

    from .pdf import numbered_canvas, para, styles, table

    st = styles(9.0)
    first = rows.iloc[0]
    desa, kec = str(first["nama_desa"]), str(first["nama_kecamatan"])
    story: list[Any] = [para(t, st["title"]) for t in [*_title(tahun), judul.upper()]]
    if label:
        story.append(para(label, st["label"]))
    lines, where = _kepala(tahun, tanggal, nomor, tempat_tanggal)
    head = Table(
        [[para(n, st["body"]), para(f": {v}", st["body"]), para(where if i == 0 else "", st["body"])]
         for i, (n, v) in enumerate(lines)],
        colWidths=[22 * mm, 150 * mm, 105 * mm], hAlign="LEFT",
    )  # fmt: skip
    head.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("ALIGN", (2, 0), (2, 0), "RIGHT")])  # fmt: skip
    story += [
        Spacer(1, 4 * mm),
        head,
        Spacer(1, 4 * mm),
        para(f"Kepada Yth. {_addressee(first['profil'], desa)}", st["cell_bold"]),
        para(f"Kecamatan {kec}", st["body"]),
        Spacer(1, 2 * mm),
        para(_intro(tahun, judul), st["body"]),
        Spacer(1, 3 * mm),
    ]
    t = totals(rows)
    story.append(
        table(
            [["Keputusan Forum", "Jumlah usulan", "Anggaran (Rp)"]]
            + [[str(n), angka(r["jumlah"]), angka(r["anggaran"])] for n, r in t.iterrows()],
            [45 * mm, 28 * mm, 38 * mm],
            right=(1, 2),
            bold_last=True,
        )
    )
    story[-1].hAlign = "LEFT"
    story.append(Spacer(1, 4 * mm))
    body: list[list[Any]] = [[h for h, _, _ in KOLOM]]
    for i, rec in enumerate(rows.to_dict("records"), start=1):
        line: list[Any] = [i]
        for _h, col, _w in KOLOM[1:]:
            v = _cell_value(rec, "_riwayat" if col == "riwayat" else col)
            if col == "anggaran":
                v = angka(v) if v is not None else ""
            elif col == "usulan_ke" and v is not None:
                v = angka(v)
            elif isinstance(v, str):
                v = clip(v, PDF_TEKS_MAKS, "berkas .xlsx surat ini")
            line.append(v)
        body.append(line)
    story.append(table(body, [w * mm for w in _PDF_MM], right=(0, 2, 5), plain=(0, 1, 2, 5)))
    story.append(Spacer(1, 8 * mm))
    sign = [para(s, st["cell_bold"] if i == 1 else st["center"])
            for i, s in enumerate(_signature_lines(judul))]  # fmt: skip
    block = Table([[p] for p in sign], colWidths=[80 * mm], hAlign="RIGHT")
    story.append(KeepTogether(block))

    def footer(canvas: Any, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 8)
        canvas.drawString(
            10 * mm, 7 * mm, printable(f"Tindak lanjut usulan {tahun} - {desa}, {kec}")
        )
        canvas.drawRightString(landscape(A4)[0] - 10 * mm, 7 * mm, f"Halaman {page} dari {pages}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
        topMargin=10 * mm, bottomMargin=12 * mm,
        title=f"Tindak lanjut usulan Musrenbang {tahun} - {desa}", author=judul,
    )  # fmt: skip
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return path


def write_laporan_desa(
    ws: Workspace,
    tahun: int,
    out: str | Path,
    *,
    store: KeputusanStore | None = None,
    tempat_tanggal: str | None = None,
    tanggal: dt.date | None = None,
    nomor: str | None = None,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> LaporanDesaResult:
    """Write the letter of every desa with usulan in ``tahun``, and an index of them.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    out : str or Path
        The folder (created); letters go to ``<kecamatan>/<desa>.xlsx`` and
        ``.pdf``, the index to ``index.xlsx`` and ``index.csv``.
    store : KeputusanStore, optional
        The decisions; the workspace's own by default.
    tempat_tanggal, tanggal, nomor : optional
        The letters' place and date, date and number (see :func:`write_desa_xlsx`).
    pdf : bool
        Also write the PDFs.
    progress : callable, optional
        Called with a line of text now and then while writing.

    Returns
    -------
    LaporanDesaResult
    """
    out = Path(out)
    store = store if store is not None else KeputusanStore(ws.root)
    say = progress or (lambda _s: None)
    loaded = laporan_desa_table(ws, tahun, store)
    ditolak = usulan_ditolak(ws, tahun)
    placed = ditolak["kode_kecamatan"].notna()
    lost = ditolak[~placed].drop(columns=["status", "opd_pengalihan", "dicatat_oleh"])
    parts = [t for t in (loaded, ditolak[placed][loaded.columns]) if len(t)]
    table_ = pd.concat(parts, ignore_index=True) if len(parts) > 1 else loaded
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    table_ = table_.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)
    judul = ws.config.nama
    key = table_["kode_desa"].astype(object).where(table_["kode_desa"].notna(), "")
    groups = list(
        table_.groupby([table_["nama_kecamatan"].fillna("Tanpa kecamatan"), key], sort=True)
    )
    say(f"Menulis laporan {len(groups)} desa/kelurahan ({len(table_)} usulan) ke {out}")
    files: list[Path] = []
    index: list[dict[str, Any]] = []
    used: set[Path] = set()
    gagal: list[str] = []
    step = max(1, len(groups) // 10)
    for i, ((kec, kode), rows) in enumerate(groups, start=1):
        desa = str(rows["nama_desa"].iloc[0]) if rows["nama_desa"].notna().any() else "Tanpa desa"
        rows = rows.assign(nama_desa=desa, nama_kecamatan=str(kec))
        folder = out / file_name(str(kec))
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / file_name(desa)
        if stem in used:  # two desa of one name in a kecamatan: the code tells them apart
            stem = folder / file_name(f"{desa} {kode}")
        used.add(stem)
        entry: dict[str, Any] = {
            "kode_kecamatan": rows["kode_kecamatan"].iloc[0], "kecamatan": kec,
            "kode_desa": kode or None, "desa": desa, "jumlah": len(rows),
            "anggaran": float(rows["anggaran"].sum()),
        }  # fmt: skip
        for lab in _TOTAL_ORDER:
            entry[lab] = int((rows["keputusan"] == lab).sum())
        kinds = {"xlsx": write_desa_xlsx, **({"pdf": write_desa_pdf} if pdf else {})}
        for kind, write in kinds.items():
            target = stem.with_suffix(f".{kind}")
            try:
                write(rows, target, judul=judul, tahun=tahun, label=ws.label,
                      tempat_tanggal=tempat_tanggal, tanggal=tanggal, nomor=nomor)  # fmt: skip
            except Exception as e:  # one desa's letter never stops the others
                target.unlink(missing_ok=True)
                entry[kind] = None
                why = f"{kind} tidak dapat ditulis ({type(e).__name__})"
                entry["keterangan"] = "; ".join(filter(None, [entry.get("keterangan"), why]))
                gagal.append(f"{desa}, {kec}: surat {why}")
                say(f"  GAGAL {gagal[-1]}; desa lain tetap ditulis")
                continue
            files.append(target)
            entry[kind] = target.relative_to(out).as_posix()
        index.append(entry)
        if i % step == 0 or i == len(groups):
            say(f"  {i}/{len(groups)} desa ditulis")
    idx = pd.DataFrame(index)
    if "keterangan" in idx:  # last, after the files
        idx = idx[[c for c in idx.columns if c != "keterangan"] + ["keterangan"]]
    out.mkdir(parents=True, exist_ok=True)
    write_csv(idx, out / "index.csv")
    _write_index_xlsx(idx, out / "index.xlsx", judul=judul, tahun=tahun, label=ws.label)
    files += [out / "index.xlsx", out / "index.csv"]
    if len(lost):
        write_csv(lost, out / "tidak_ditempatkan.csv")
        files.append(out / "tidak_ditempatkan.csv")
        say(f"  {len(lost)} usulan yang ditolak pemeriksaan tanpa kecamatan/desa yang dikenali: "
            f"lihat {out / 'tidak_ditempatkan.csv'}")  # fmt: skip
    return LaporanDesaResult(out=out, index=idx, files=files, gagal=gagal, tidak_ditempatkan=lost)


def _write_index_xlsx(idx: pd.DataFrame, path: Path, *, judul: str, tahun: int,
                      label: str | None) -> None:  # fmt: skip
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as wb:
        fmt = xlsx_formats(wb)
        sheet = wb.add_worksheet("Daftar desa")
        cols = [c for c in idx.columns if c not in ("kode_kecamatan",)]
        heads = {"kecamatan": "Kecamatan", "kode_desa": "Kode desa", "desa": "Desa/Kelurahan",
                 "jumlah": "Jumlah usulan", "anggaran": "Anggaran (Rp)", "xlsx": "Berkas xlsx",
                 "pdf": "Berkas PDF", "keterangan": "Keterangan"}  # fmt: skip
        sheet.merge_range(0, 0, 0, len(cols) - 1,
                          f"Laporan tindak lanjut usulan per desa — {judul} — RKPD {tahun}",
                          fmt["title"])  # fmt: skip
        if label:
            sheet.merge_range(1, 0, 1, len(cols) - 1, label, fmt["label"])
        for c, col in enumerate(cols):
            sheet.write_string(3, c, heads.get(col, col), fmt["header"])
            sheet.set_column(c, c, 28 if col in ("xlsx", "pdf") else 16)
        for r, rec in enumerate(idx[cols].to_dict("records"), start=4):
            for c, col in enumerate(cols):
                v = rec[col]
                if v is None or (isinstance(v, float) and v != v):
                    sheet.write_blank(r, c, None, fmt["text"])
                elif col in ("xlsx", "pdf"):
                    sheet.write_url(r, c, f"external:{v}", string=str(v))
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    sheet.write_number(
                        r, c, float(v), fmt["rupiah" if col == "anggaran" else "center"]
                    )
                else:
                    sheet.write_string(r, c, str(v), fmt["text"])
        sheet.repeat_rows(3)
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)

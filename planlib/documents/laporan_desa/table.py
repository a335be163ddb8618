"""The desa letters' table: which usulan each desa sent, and what became of each.

:func:`laporan_desa_table` gives every usulan of a year with the forum's decision
in force and its history across years (:func:`riwayat_keputusan`);
:func:`usulan_ditolak` adds the usulan the check rejected, placed in their desa
where the row tells it; :func:`totals` counts a desa's rows by decision. Both
writers (:mod:`.xlsx`, :mod:`.pdf`) print these rows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import rekap
from ...formatting import KOSONG, angka
from ...forum.keputusan import BELUM, LABEL, STATUS, KeputusanStore, keputusan_berlaku
from ...forum.lineage import assign_lineage
from ...parse import clean_text, parse_number, parse_rupiah
from ...report import PlanlibError
from ...usulan import read_rows
from ...workspace import Workspace

#: What happened to an usulan the check rejected (it never reached the forum).
TIDAK_DIBAHAS = "Tidak dibahas"
#: An usulan entered twice with the same content: discussed once, under the first row.
TERCATAT_GANDA = "Tercatat ganda"
#: Dropped rows that are no usulan at all (empty rows, repeated headers, totals, notes).
_BUKAN_USULAN = {"baris_kosong", "header_berulang", "baris_total", "bukan_data"}

_TOTAL_ORDER = (*(LABEL[s] for s in STATUS), BELUM, TIDAK_DIBAHAS, TERCATAT_GANDA)


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
    from ...forum.pokir import sumber_pokir
    from ...forum.pokir_forum import pasangan

    by: dict[str, list[str]] = {}
    pairs = pasangan(ws, tahun)  # the one rule of which usulan a pokir repeats; none without pokir
    for u, nama, fraksi in pairs[["id_usulan", "pengusul", "fraksi"]].itertuples(
        index=False, name=None
    ):
        who = sumber_pokir(nama, fraksi).removeprefix("Pokir — ")
        if who not in by.setdefault(u, []):
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

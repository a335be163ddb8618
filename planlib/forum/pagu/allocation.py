"""The pagu allocation of usulan: which to fund within the ceilings per kecamatan and OPD.

:func:`alokasi` checks the usulan (unique ``id_usulan``, a skor), leaves out
those that cannot be funded whatever the pagu — no anggaran, a score of 0, a
kecamatan or OPD without a ceiling while ceilings of that kind are given, an
anggaran larger than the ceiling itself — with the reason, hands the others
to the knapsack solver (:mod:`planlib.forum.pagu.solver`) and reports the
result per usulan and per ceiling (:class:`Alokasi`), with why each usulan
that competed was not chosen. :func:`tabel_ekspor` is the allocation as a
spreadsheet table headed in Bahasa Indonesia.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...formatting import rupiah
from ...report import PlanlibError
from . import solver

#: Status of an usulan in :attr:`Alokasi.rincian`.
TERPILIH, TIDAK_TERPILIH, TIDAK_DIALOKASIKAN = "terpilih", "tidak terpilih", "tidak dialokasikan"
_KOSONG = "tidak ada usulan yang dapat dialokasikan"
_BEBAS = "optimal (tanpa batas pagu)"
#: Ceilings in Rupiah, per ``kode_kecamatan`` or per OPD name.
Pagu = dict[str, float]


@dataclass
class Alokasi:
    """The chosen usulan and how good the choice is proven to be.

    Attributes
    ----------
    terpilih : Series of bool
        Indexed by ``id_usulan``, every usulan given (False when not funded).
    metode : str
        How the choice was made, in Bahasa Indonesia (see the module docstring).
    optimal : bool
        Whether no other choice scores more (proven).
    nilai : float
        Total skor of the chosen usulan.
    batas_atas : float
        Proven upper bound of the total skor (equal to ``nilai`` when optimal).
    selisih : float
        ``(batas_atas − nilai) / batas_atas``: the choice is at most this far from the optimum.
    waktu_detik : float
        Wall time of :func:`alokasi`.
    per_kecamatan, per_opd : DataFrame
        Per ceiling: ``pagu`` (NaN without a ceiling), ``jumlah_usulan``,
        ``permintaan`` (anggaran asked), ``jumlah_terpilih``,
        ``anggaran_terpilih``, ``sisa`` and ``terpakai_persen``.
    rincian : DataFrame
        Per usulan (index ``id_usulan``): ``usulan``, ``kode_kecamatan``,
        ``nama_kecamatan``, ``opd``, ``anggaran``, ``skor``, ``penjelasan``
        (of the skor, when given), ``terpilih``, ``status`` (terpilih / tidak
        terpilih / tidak dialokasikan) and ``keterangan`` (why not).
    urutan : str
        The order the choice follows, for :func:`garis_batas`: ``"skor"``
        (MILP) or ``"efisiensi"`` (skor per Rupiah, the greedy order).
    per_anggota : DataFrame or None
        As ``per_opd``, per DPRD member (index ``anggota``) when a ceiling per
        member was given, else None.
    """

    terpilih: pd.Series
    metode: str
    optimal: bool
    nilai: float
    batas_atas: float
    selisih: float
    waktu_detik: float
    per_kecamatan: pd.DataFrame
    per_opd: pd.DataFrame
    rincian: pd.DataFrame = field(repr=False)
    urutan: str = "skor"
    per_anggota: pd.DataFrame | None = None

    @property
    def tidak_dialokasikan(self) -> pd.DataFrame:
        """The usulan left out before solving, with the reason in ``keterangan``."""
        return self.rincian[self.rincian["status"] == TIDAK_DIALOKASIKAN]


def _rincian(usulan: pd.DataFrame, kolom_opd: str, kolom_anggota: str = "pengusul") -> pd.DataFrame:
    if "id_usulan" not in usulan.columns or "skor" not in usulan.columns:
        raise PlanlibError("Usulan harus punya kolom id_usulan dan skor (lihat skor_usulan).")
    ids = usulan["id_usulan"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise PlanlibError(
            f"id_usulan ganda ({', '.join(dup.unique()[:5])}); alokasi butuh id unik."
        )

    def col(name: str) -> pd.Series:
        if name not in usulan.columns:
            return pd.Series(None, index=usulan.index, dtype=object)
        s = usulan[name].astype(object)
        return s.where(s.notna(), None)

    out = pd.DataFrame(
        {
            "usulan": col("usulan"),
            "kode_kecamatan": col("kode_kecamatan"),
            "nama_kecamatan": col("nama_kecamatan"),
            "opd": col(kolom_opd),
            "anggaran": pd.to_numeric(usulan["anggaran"], errors="coerce").astype(float),
            "skor": pd.to_numeric(usulan["skor"], errors="coerce").astype(float),
            "penjelasan": col("penjelasan"),
            "anggota": col(kolom_anggota),
        }
    )
    out.index = pd.Index(ids.to_numpy(), name="id_usulan")
    out["terpilih"] = False
    out["status"] = TIDAK_DIALOKASIKAN
    out["keterangan"] = None
    return out


def _rp(values: pd.Series) -> pd.Series:
    """Rupiah texts, each distinct amount formatted once."""
    distinct = values.dropna().unique()
    return values.map(dict(zip(distinct, map(rupiah, distinct), strict=True)))


def _layak(r: pd.DataFrame, pagu_kec: Pagu | None, pagu_opd: Pagu | None) -> pd.Series:
    """Why each usulan cannot be allocated (None when it can compete); first reason wins."""
    why = np.full(len(r), None, dtype=object)

    def mark(mask: pd.Series, text: str | pd.Series) -> None:
        free = pd.isna(why) & mask.to_numpy()
        why[free] = text if isinstance(text, str) else text.to_numpy()[free]

    mark(~(r["anggaran"] > 0), "anggaran kosong")
    mark(~(r["skor"] > 0), "skor 0")
    for pagu, key, label in ((pagu_kec, "kode_kecamatan", "kecamatan"), (pagu_opd, "opd", "OPD")):
        if pagu is None:
            continue
        cap = r[key].map(lambda k, p=pagu: p.get(k) if k is not None else None).astype(float)
        mark(cap.isna(), f"{label} tanpa pagu")
        over = r["anggaran"] > cap
        if over.any():
            mark(over, "anggaran melebihi pagu " + label + " (" + _rp(cap.where(over)) + ")")
    return pd.Series(why, index=r.index, dtype=object)


def _soal(
    r: pd.DataFrame,
    pagu_kec: Pagu | None,
    pagu_opd: Pagu | None,
    pagu_anggota: Pagu | None = None,
) -> solver.Knapsack:
    """The eligible usulan ``r`` as the solver's arrays."""
    kec, opd, ang = pagu_kec or {}, pagu_opd or {}, pagu_anggota or {}
    keys_k, keys_o, keys_a = sorted(kec), sorted(opd), sorted(ang)
    m = len(keys_k) + len(keys_o) + len(keys_a)
    row_k = {k: i for i, k in enumerate(keys_k)}
    row_o = {o: len(keys_k) + i for i, o in enumerate(keys_o)}
    row_a = {g: len(keys_k) + len(keys_o) + i for i, g in enumerate(keys_a)}
    ceilings = [float(kec[k]) for k in keys_k] + [float(opd[o]) for o in keys_o]
    ceilings += [float(ang[g]) for g in keys_a]
    b: np.ndarray = np.array(ceilings, dtype=float)
    anggota = r["anggota"].map(lambda g: row_a.get(g, m)).to_numpy(int) if ang else None
    return solver.Knapsack(
        s=r["skor"].to_numpy(float),
        a=r["anggaran"].to_numpy(float),
        kec=r["kode_kecamatan"].map(lambda k: row_k.get(k, m)).to_numpy(int),
        opd=r["opd"].map(lambda o: row_o.get(o, m)).to_numpy(int),
        b=b,
        anggota=anggota,
    )


# --------------------------------------------------------------------------- allocation


def alokasi(
    usulan_berskor: pd.DataFrame,
    *,
    pagu_kecamatan: Pagu | None = None,
    pagu_opd: Pagu | None = None,
    metode: str = "otomatis",
    time_limit: float = 10.0,
    toleransi: float = 0.0,
    kolom_opd: str = "opd_tujuan",
    pagu_anggota: Pagu | None = None,
    kolom_anggota: str = "pengusul",
) -> Alokasi:
    """Choose the usulan that maximise the total skor within the pagu indikatif.

    Parameters
    ----------
    usulan_berskor : DataFrame
        Usulan with ``id_usulan`` (unique), ``skor`` (see
        :func:`planlib.forum.skor.skor_usulan`), ``anggaran``,
        ``kode_kecamatan``, ``nama_kecamatan`` and the OPD column.
    pagu_kecamatan : dict, optional
        Ceiling in Rupiah per ``kode_kecamatan``; None for no kecamatan ceilings.
        When given, usulan of a kecamatan not in it are not allocated.
    pagu_opd : dict, optional
        Ceiling in Rupiah per OPD name (as in ``kolom_opd``); the same rules.
    metode : {"otomatis", "milp", "greedy"}
        ``"otomatis"``: the MILP up to :data:`MAKS_MILP` eligible usulan, the
        heuristic above; ``"milp"``: always try the MILP; ``"greedy"``: the
        heuristic only (fast and deterministic).
    time_limit : float
        Seconds the MILP may take.
    toleransi : float
        Relative gap at which the MILP may stop (0: prove optimality).
    kolom_opd : str
        The OPD column of the usulan.
    pagu_anggota : dict, optional
        Ceiling in Rupiah per DPRD member (as in ``kolom_anggota``) on the
        pokir they carry. Only rows with a member in it are held by it: an
        usulan of the Musrenbang (no member) or the pokir of a member without
        a ceiling compete as before. A pokir above its member's ceiling is not
        allocated.
    kolom_anggota : str
        The member column (``pengusul`` of a pokir; empty on an usulan).

    Returns
    -------
    Alokasi
    """
    if metode not in solver.METODE:
        raise PlanlibError(
            f"Metode alokasi tidak dikenal: {metode!r} (pilih {', '.join(solver.METODE)})."
        )
    t0 = time.perf_counter()
    r = _rincian(usulan_berskor, kolom_opd, kolom_anggota).sort_index(kind="stable")
    why = _layak(r, pagu_kecamatan, pagu_opd)
    if pagu_anggota:
        cap = r["anggota"].map(lambda g: pagu_anggota.get(g) if g is not None else None)
        over = (r["anggaran"] > cap.astype(float)).to_numpy() & why.isna().to_numpy()
        if over.any():  # an empty selection would add text to an empty float Series
            why[over] = ("anggaran melebihi pagu anggota (" + _rp(cap.astype(float)[over]) + ")").to_numpy()  # fmt: skip
    r["keterangan"] = why
    ok = why.isna().to_numpy()
    p = _soal(r[ok], pagu_kecamatan, pagu_opd, pagu_anggota)

    if not ok.any():
        sol = solver.Solution(np.zeros(0, bool), _KOSONG, True, 0.0, "skor")
    elif p.m == 0:
        sol = solver.Solution(np.ones(int(ok.sum()), bool), _BEBAS, True, float(p.s.sum()), "skor")
    else:
        sol = solver.solve(p, metode, time_limit, toleransi)
    x, optimal = sol.x, sol.optimal

    r.loc[ok, "terpilih"] = x
    r.loc[ok, "status"] = np.where(x, TERPILIH, TIDAK_TERPILIH)
    nilai = float(p.s[x].sum()) if len(x) else 0.0
    out = Alokasi(
        terpilih=r["terpilih"].astype(bool),
        metode=sol.metode,
        optimal=optimal,
        nilai=nilai,
        batas_atas=nilai if optimal else sol.batas_atas,
        selisih=0.0 if optimal else solver.relative_gap(nilai, sol.batas_atas),
        waktu_detik=0.0,
        per_kecamatan=_ringkas(r, "kode_kecamatan", pagu_kecamatan),
        per_opd=_ringkas(r, "opd", pagu_opd),
        rincian=r,
        urutan=sol.urutan,
        per_anggota=_ringkas(r[r["anggota"].notna()], "anggota", pagu_anggota)
        if pagu_anggota
        else None,
    )
    _alasan_tidak_terpilih(out)
    out.waktu_detik = time.perf_counter() - t0
    return out


def _ringkas(r: pd.DataFrame, key: str, pagu: Pagu | None) -> pd.DataFrame:
    """Per kecamatan or OPD: pagu, demand and what was chosen."""
    d = pd.DataFrame(
        {
            key: r[key].to_numpy(),
            "minta": r["anggaran"].where(r["anggaran"] > 0).to_numpy(),
            "pilih": r["terpilih"].to_numpy(int),
            "ambil": r["anggaran"].where(r["terpilih"], 0.0).to_numpy(),
        }
    )
    g = d.groupby(key, sort=True).agg(
        jumlah_usulan=("pilih", "size"),
        permintaan=("minta", "sum"),
        jumlah_terpilih=("pilih", "sum"),
        anggaran_terpilih=("ambil", "sum"),
    )
    keys = sorted(set(g.index) | set(pagu or {}))
    out = pd.DataFrame(index=pd.Index(keys, name=key))
    if key == "kode_kecamatan":
        names = r.drop_duplicates(key).set_index(key)["nama_kecamatan"]
        out["nama_kecamatan"] = names.reindex(out.index)
    out["pagu"] = pd.Series(pagu or {}, dtype=float).reindex(out.index)
    out = out.join(g)
    out[["jumlah_usulan", "jumlah_terpilih"]] = (
        out[["jumlah_usulan", "jumlah_terpilih"]].fillna(0).astype(int)
    )
    out[["permintaan", "anggaran_terpilih"]] = out[["permintaan", "anggaran_terpilih"]].fillna(0.0)
    out["sisa"] = out["pagu"] - out["anggaran_terpilih"]
    out["terpakai_persen"] = 100 * out["anggaran_terpilih"] / out["pagu"].where(out["pagu"] > 0)
    return out


def _alasan_tidak_terpilih(al: Alokasi) -> None:
    """Why each competing usulan was not chosen: which ceiling has too little left."""
    r = al.rincian
    lost = (r["status"] == TIDAK_TERPILIH).to_numpy()
    if not lost.any():
        return
    a = r["anggaran"][lost]
    texts = np.full(len(a), "masih muat dalam sisa pagu (pilihan belum optimal)", dtype=object)
    ceilings = [(al.per_opd, "opd", "OPD"), (al.per_kecamatan, "kode_kecamatan", "kecamatan")]
    if al.per_anggota is not None:
        ceilings.insert(0, (al.per_anggota, "anggota", "anggota DPRD"))
    for table, key, label in ceilings:
        sisa = r[key][lost].map(table["sisa"]).astype(float)
        short = (a > sisa).to_numpy()
        if short.any():
            words = f"sisa pagu {label} " + _rp(sisa[short]) + " < anggaran " + _rp(a[short])
            texts[short] = words.to_numpy()
    r.loc[lost, "keterangan"] = texts


#: Headers of :func:`tabel_ekspor` (Bahasa Indonesia), from the columns of :attr:`Alokasi.rincian`.
KOLOM_EKSPOR = {
    "id_usulan": "ID Usulan",
    "usulan": "Usulan",
    "nama_kecamatan": "Kecamatan",
    "opd": "OPD Tujuan",
    "anggaran": "Anggaran (Rp)",
    "skor": "Skor",
    "penjelasan": "Penjelasan Skor",
    "status": "Status Alokasi",
    "keterangan": "Keterangan",
}


def tabel_ekspor(alokasi: Alokasi) -> pd.DataFrame:
    """Every usulan with its allocation, headed in Bahasa Indonesia, best-scoring first.

    Meant for a spreadsheet export (``planlib pagu … --out``): the columns of
    :data:`KOLOM_EKSPOR`, sorted by status (terpilih first), kecamatan, then
    skor from high to low.

    Parameters
    ----------
    alokasi : Alokasi

    Returns
    -------
    DataFrame
        One row per usulan, headed with the values of :data:`KOLOM_EKSPOR`.
    """
    r = alokasi.rincian.reset_index()
    rank = r["status"].map({TERPILIH: 0, TIDAK_TERPILIH: 1, TIDAK_DIALOKASIKAN: 2})
    r = r.assign(_rank=rank).sort_values(
        ["_rank", "nama_kecamatan", "skor", "id_usulan"],
        ascending=[True, True, False, True],
        kind="stable",
        na_position="last",
    )
    return r[list(KOLOM_EKSPOR)].rename(columns=KOLOM_EKSPOR).reset_index(drop=True)

"""The Rakerda scorecard: the year's performance by OPD, by bidang and for the kabupaten.

The Rapat Kerja Daerah evaluates the programs by bidang (pembangunan
manusia, ekonomi, infrastruktur, pemerintahan). :func:`rakerda` turns the
loaded realisasi (:func:`planlib.realisasi.load_realisasi`) of one triwulan
into one row per OPD, per bidang and for the kabupaten: pagu, realisasi and
percentage keuangan, target and realisasi fisik weighted by pagu, the
capaian of the output indicators and the Permendagri 86/2017 evaluation band
of each. :func:`tertinggal` lists the sub kegiatan far behind schedule, as
input for next year's RKPD. Every rule is in ``docs/rakerda.md``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..bidang import BIDANG, BidangRules
from ..frames import contract
from ..neutralise import write_csv
from ..parse import fold
from ..realisasi import load_realisasi, sub_kegiatan_key
from ..report import ROW, PlanlibError, Report
from ..workspace import Workspace
from ..workspace.load import plan_opd

#: Permendagri 86/2017 evaluation bands: (lower bound in percent, inclusive; name), best first.
#: Half-open intervals: [91, ∞) sangat tinggi, [76, 91) tinggi, [66, 76) sedang, [51, 66) rendah,
#: below 51 sangat rendah — so 90.5 is tinggi and 50.5 sangat rendah.
KATEGORI: tuple[tuple[float, str], ...] = (
    (91.0, "sangat tinggi"),
    (76.0, "tinggi"),
    (66.0, "sedang"),
    (51.0, "rendah"),
    (-math.inf, "sangat rendah"),
)
#: The bidang of an OPD that no rule recognises.
TANPA_BIDANG = "lainnya"
#: The per-triwulan share of a year's physical progress expected when a row has no target fisik.
FISIK_PER_TRIWULAN = 25.0
#: Points of physical progress behind the expected progress from which a sub kegiatan is tertinggal.
SELISIH_TERTINGGAL = 20.0
#: The support program every OPD runs; it says nothing about the OPD's bidang.
_PENUNJANG = "program penunjang urusan pemerintahan"

COLUMNS = [
    "tingkat", "nama", "bidang", "tahun", "triwulan", "jumlah_sub_kegiatan", "pagu",
    "realisasi_keuangan", "persen_keuangan", "target_fisik", "realisasi_fisik",
    "capaian_keluaran", "kategori", "kategori_keuangan", "catatan",
]  # fmt: skip
TERTINGGAL_COLUMNS = [
    "opd", "bidang", "program", "kegiatan", "kode_sub_kegiatan", "sub_kegiatan", "lokasi",
    "kode_kecamatan", "pagu", "persen_keuangan", "harapan_fisik", "dasar_harapan",
    "realisasi_fisik", "selisih", "faktor_penghambat", "catatan", ROW,
]  # fmt: skip


def kategori(persen: float | None) -> str | None:
    """The Permendagri 86/2017 band of a percentage (None when there is no value).

    Parameters
    ----------
    persen : float or None
        A capaian or realisasi in percent; ``None``, NaN and a value that is
        not a number have no band.

    Returns
    -------
    str or None
        A name of :data:`KATEGORI` ("sangat tinggi" … "sangat rendah").

    Examples
    --------
    >>> kategori(90.99), kategori(91), kategori(50.5), kategori(51)
    ('tinggi', 'sangat tinggi', 'sangat rendah', 'rendah')
    """
    if persen is None or not isinstance(persen, (int, float)) or persen != persen:
        return None
    for lower, name in KATEGORI:
        if persen >= lower:
            return name
    return None  # pragma: no cover - the last band has no lower bound


def capaian_indikator(target: pd.Series, realisasi: pd.Series) -> pd.DataFrame:
    """The capaian of each output indicator: realisasi / target in percent, capped at 100.

    Returns columns ``capaian`` (0–100, NaN when it cannot be computed) and
    ``flag``: ``"target kosong"`` (no target: not computed), ``"target 0"``
    (a target of 0: 100 when something was realised, else not computed),
    ``"melebihi target"`` (above the target: counted as 100),
    ``"realisasi kosong"`` (no realisation reported: counted as 0), or None.

    Parameters
    ----------
    target : Series
        The target keluaran of each row; text that is not a number counts as empty.
    realisasi : Series
        The realisasi keluaran, on the same index.

    Returns
    -------
    DataFrame
        On ``target``'s index, the columns ``capaian`` (float) and ``flag``
        (str or None) described above.

    Examples
    --------
    >>> capaian_indikator(pd.Series([10, None, 0, 20, 10]), pd.Series([5, 3, 2, 30, None]))
       capaian              flag
    0     50.0              None
    1      NaN     target kosong
    2    100.0          target 0
    3    100.0   melebihi target
    4      0.0  realisasi kosong
    """
    t = pd.to_numeric(target, errors="coerce").astype(float)
    r_raw = pd.to_numeric(realisasi, errors="coerce").astype(float)
    r = r_raw.fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(t > 0, r / t * 100.0, np.nan)
    cap = np.minimum(ratio, 100.0)
    cap = np.where((t == 0) & (r > 0), 100.0, cap)
    flag = np.select(
        [t.isna(), t == 0, r_raw.isna(), ratio > 100.0],
        ["target kosong", "target 0", "realisasi kosong", "melebihi target"],
        default="",
    )
    flags = pd.Series([f or None for f in flag], index=t.index, dtype=object)
    return pd.DataFrame({"capaian": cap.astype(float), "flag": flags}, index=t.index)


def bidang_opd(realisasi: pd.DataFrame, rules: BidangRules | None = None) -> pd.Series:
    """The bidang of each OPD (indexed by OPD name).

    The OPD name decides when a rule of the bidang table matches it
    (``Dinas Kesehatan`` → pembangunan manusia). Otherwise the OPD's programs
    vote, each with its pagu, leaving out the support program every OPD runs
    (*Program Penunjang Urusan Pemerintahan Daerah*); a tie goes to the bidang
    listed first in :data:`planlib.bidang.BIDANG`. An OPD neither recognises is
    :data:`TANPA_BIDANG`.

    Parameters
    ----------
    realisasi : DataFrame
        Loaded realisasi rows (columns ``opd``, ``program``, ``pagu``).
    rules : BidangRules, optional
        The bidang table; :meth:`planlib.bidang.BidangRules.default` when not given.

    Returns
    -------
    Series
        Named ``bidang``: one of :data:`planlib.bidang.BIDANG` or
        :data:`TANPA_BIDANG` for each OPD of ``realisasi``, in order of
        appearance.
    """
    rules = rules or BidangRules.default()
    opd = realisasi["opd"].astype(object)
    out = {o: rules.classify(o) for o in pd.unique(opd)}
    todo = opd.map(out).isna()
    if todo.any():
        rows = realisasi[todo]
        program = rows["program"].astype(object)
        by_program = {
            p: None if fold(str(p)).startswith(_PENUNJANG) else rules.classify(p)
            for p in pd.unique(program)
        }
        pb = program.map(by_program)
        votes = (
            pd.DataFrame({"opd": rows["opd"], "b": pb, "w": rows["pagu"].fillna(0.0) + 1e-9})
            .loc[pb.notna()]
            .groupby(["opd", "b"])["w"]
            .sum()
        )
        rank = {name: i for i, name in enumerate(BIDANG)}
        keys = list(
            zip(*(votes.index.get_level_values(i).astype(str) for i in (0, 1)), strict=True)
        )
        weights = votes.to_numpy(dtype=float).tolist()
        ranked = sorted(
            ((o, b, w) for (o, b), w in zip(keys, weights, strict=True)),
            key=lambda v: (-v[2], rank.get(v[1], len(rank))),
        )
        for o, b, _w in ranked:
            if out.get(o) is None:
                out[o] = b
    return pd.Series({o: b or TANPA_BIDANG for o, b in out.items()}, dtype=object, name="bidang")


def pilih_triwulan(realisasi: pd.DataFrame, tahun: int, triwulan: int | None = None) -> int:
    """The triwulan to evaluate: ``triwulan`` when given (it must be present), else the latest.

    Parameters
    ----------
    realisasi : DataFrame
        Loaded realisasi rows (columns ``tahun``, ``triwulan``).
    tahun : int
        The budget year.
    triwulan : int, optional
        The triwulan asked for; by default the latest one of ``tahun``.

    Returns
    -------
    int
        A triwulan (1–4) present in ``tahun``'s rows.

    Raises
    ------
    PlanlibError
        When ``tahun`` has no rows, or not of ``triwulan`` (the message lists
        the triwulan there are).
    """
    tw = sorted(int(t) for t in pd.unique(realisasi.loc[realisasi["tahun"] == tahun, "triwulan"]))
    if not tw:
        raise PlanlibError(f"Tidak ada data realisasi tahun {tahun}.")
    if triwulan is None:
        return tw[-1]
    if triwulan not in tw:
        ada = ", ".join(map(str, tw))
        raise PlanlibError(f"Tidak ada realisasi triwulan {triwulan} tahun {tahun} (ada: {ada}).")
    return int(triwulan)


def sub_kegiatan_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per sub kegiatan (its first indicator row carries the money and fisik).

    Parameters
    ----------
    rows : DataFrame
        Realisasi rows of one triwulan (one per sub kegiatan and indicator).

    Returns
    -------
    DataFrame
        The first row of each sub kegiatan (:func:`planlib.realisasi.sub_kegiatan_key`),
        with the key in ``_key``.
    """
    return rows.assign(_key=sub_kegiatan_key(rows)).drop_duplicates("_key", keep="first")


_FLAGS = (
    ("target kosong", "indikator tanpa target (tidak dihitung)"),
    ("target 0", "indikator dengan target 0"),
    ("melebihi target", "indikator melebihi target (dihitung 100%)"),
    ("realisasi kosong", "indikator tanpa realisasi (dihitung 0)"),
)


def aggregate(sub: pd.DataFrame, ind: pd.DataFrame, by: str) -> dict:
    """The summary of each group of ``by`` (sub kegiatan rows ``sub``, indicator rows ``ind``).

    Parameters
    ----------
    sub : DataFrame
        One row per sub kegiatan (:func:`sub_kegiatan_rows`), with the column ``by``.
    ind : DataFrame
        One row per indicator with ``capaian``, ``flag`` and the column ``by``.
    by : str
        The grouping column (``opd``, ``bidang``, ``kode_kecamatan`` …).

    Returns
    -------
    dict
        Group → its pagu, realisasi and percentage keuangan, target and
        realisasi fisik weighted by pagu, capaian keluaran, both evaluation
        bands and the notes (``catatan``), by the rules of ``docs/rakerda.md``.
    """
    pagu = sub["pagu"]
    has = pagu > 0
    rk = sub["realisasi_keuangan"]
    f = pd.DataFrame(
        {
            "g": sub[by],
            "pagu": pagu,
            "rk": rk,
            "base": pagu.where(has, 0.0),
            "rk_base": rk.fillna(0.0).where(has, 0.0),
            "no_pagu": (~has).astype("int64"),
            "over": (sub["realisasi_fisik"] > 100).astype("int64")
            + (sub["target_fisik"] > 100).astype("int64"),
        },
        index=sub.index,
    )
    for col in ("target_fisik", "realisasi_fisik"):
        v = sub[col].clip(upper=100.0)
        ok = has & v.notna()
        f[f"w_{col}"] = pagu.where(ok, 0.0)
        f[f"wv_{col}"] = (v * pagu).where(ok, 0.0)
    grp = f.groupby("g", sort=False)
    sums = grp[[c for c in f.columns if c not in ("g", "pagu", "rk")]].sum()
    pagu_sum, rk_sum, n = grp["pagu"].sum(min_count=1), grp["rk"].sum(min_count=1), grp.size()
    cap = ind.groupby(by, sort=False)["capaian"].mean()
    flags = ind.groupby([by, "flag"], sort=False).size().to_dict()

    def ratio(num: float, den: float, scale: float = 1.0) -> float:
        return float(num) / float(den) * scale if den > 0 else math.nan

    out = {}
    for key in n.index:
        s = sums.loc[key]
        persen = ratio(s["rk_base"], s["base"], 100.0)
        capaian = float(cap.get(key, math.nan))
        notes = [f"{flags[(key, fl)]} {text}" for fl, text in _FLAGS if (key, fl) in flags]
        if s["no_pagu"]:
            notes.append(
                f"{int(s['no_pagu'])} sub kegiatan tanpa pagu (tidak ikut bobot fisik dan keuangan)"
            )
        if s["over"]:
            notes.append(f"{int(s['over'])} nilai fisik di atas 100% (dihitung 100%)")
        out[key] = {
            "jumlah_sub_kegiatan": int(n[key]),
            "pagu": float(pagu_sum[key]),
            "realisasi_keuangan": float(rk_sum[key]),
            "persen_keuangan": persen,
            "target_fisik": ratio(s["wv_target_fisik"], s["w_target_fisik"]),
            "realisasi_fisik": ratio(s["wv_realisasi_fisik"], s["w_realisasi_fisik"]),
            "capaian_keluaran": capaian,
            "kategori": kategori(capaian),
            "kategori_keuangan": kategori(persen),
            "catatan": notes,
        }
    return out


def rakerda(
    realisasi: pd.DataFrame,
    tahun: int,
    triwulan: int | None = None,
    bidang_rules: BidangRules | None = None,
    kabupaten: str = "Kabupaten",
) -> pd.DataFrame:
    """Performance per OPD, per bidang and for the kabupaten at one triwulan.

    Parameters
    ----------
    realisasi : DataFrame
        Loaded realisasi (:data:`planlib.realisasi.COLUMNS`), values
        cumulative up to each triwulan.
    tahun : int
        The budget year evaluated.
    triwulan : int, optional
        1–4; the latest triwulan present in ``tahun`` by default.
    bidang_rules : BidangRules, optional
        The pattern table deciding each OPD's bidang (see :func:`bidang_opd`);
        planlib's default when omitted.
    kabupaten : str
        The ``nama`` of the kabupaten row.

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS`; first the kabupaten, then each bidang
        (in :data:`planlib.bidang.BIDANG` order, then :data:`TANPA_BIDANG`)
        followed by its OPDs by name. Percentages are 0–100:

        - ``pagu``, ``realisasi_keuangan``: sums over the sub kegiatan;
        - ``persen_keuangan``: realisasi / pagu over the sub kegiatan with a pagu;
        - ``target_fisik``, ``realisasi_fisik``: means weighted by pagu (each
          value capped at 100);
        - ``capaian_keluaran``: the mean of the indicators' capaian
          (:func:`capaian_indikator`, each capped at 100) over the group;
        - ``kategori``, ``kategori_keuangan``: :func:`kategori` of those two;
        - ``catatan``: what was capped, left out or counted as 0.
    """
    tw = pilih_triwulan(realisasi, tahun, triwulan)
    year = realisasi[realisasi["tahun"] == tahun]
    rows = year[year["triwulan"] == tw]
    bid = bidang_opd(sub_kegiatan_rows(rows), bidang_rules)
    rows = rows.assign(bidang=rows["opd"].map(bid), _semua="kabupaten")
    ind = rows.join(capaian_indikator(rows["target"], rows["realisasi"]))
    sub = sub_kegiatan_rows(rows)
    # sub kegiatan reported in an earlier triwulan but not in this one
    earlier = sub_kegiatan_rows(year[year["triwulan"] < tw])
    gone = earlier[~earlier["_key"].isin(sub["_key"])].assign(bidang=lambda d: d["opd"].map(bid))
    levels: dict[str, tuple[dict, dict]] = {
        "kabupaten": (aggregate(sub, ind, "_semua"), {"kabupaten": len(gone)}),
        "bidang": (aggregate(sub, ind, "bidang"), gone.groupby("bidang").size().to_dict()),
        "opd": (aggregate(sub, ind, "opd"), gone.groupby("opd").size().to_dict()),
    }
    out = []

    def add(tingkat: str, key: str, nama: str, bidang: str | None) -> None:
        summaries, n_gone = levels[tingkat]
        d = dict(summaries[key])
        notes = list(d["catatan"])
        if n_gone.get(key):
            notes.append(f"{n_gone[key]} sub kegiatan tanpa laporan triwulan {tw}")
        if tingkat == "opd" and bidang == TANPA_BIDANG:
            notes.append("bidang tidak dikenal dari nama OPD maupun programnya")
        d["catatan"] = "; ".join(notes) or None
        out.append({"tingkat": tingkat, "nama": nama, "bidang": bidang, "tahun": int(tahun),
                    "triwulan": tw, **d})  # fmt: skip

    if len(sub):
        add("kabupaten", "kabupaten", kabupaten, None)
    present = [b for b in (*BIDANG, TANPA_BIDANG) if (bid == b).any()]
    present += sorted(set(bid) - set(present))
    for b in present:
        add("bidang", b, b, b)
        for o in sorted(str(o) for o, ob in bid.items() if ob == b):
            add("opd", o, o, b)
    df = pd.DataFrame(out, columns=COLUMNS)
    for c in ("tahun", "triwulan", "jumlah_sub_kegiatan"):
        df[c] = df[c].astype("int64")
    return contract(df, "RakerdaTabel")


def tertinggal(
    realisasi: pd.DataFrame,
    tahun: int,
    triwulan: int | None = None,
    selisih: float = SELISIH_TERTINGGAL,
    bidang_rules: BidangRules | None = None,
) -> pd.DataFrame:
    """The sub kegiatan far behind schedule at one triwulan (input for next year's RKPD).

    The expected progress (``harapan_fisik``) is the row's target fisik (the
    cumulative plan up to that triwulan), capped at 100; a row without a
    target fisik expects :data:`FISIK_PER_TRIWULAN` (25) points per triwulan.
    A sub kegiatan is *tertinggal* when its realisasi fisik (capped at 100; an
    empty one counts as 0) is at least ``selisih`` points below the expected
    progress. Sorted by the gap, largest first, then by pagu.

    Parameters
    ----------
    realisasi : DataFrame
        Loaded realisasi rows (:func:`planlib.realisasi.load_realisasi`).
    tahun : int
        The budget year.
    triwulan : int, optional
        The triwulan evaluated; by default the latest (:func:`pilih_triwulan`).
    selisih : float
        The gap, in points of physical progress, from which a sub kegiatan is
        listed (:data:`SELISIH_TERTINGGAL` by default).
    bidang_rules : BidangRules, optional
        The bidang table for the ``bidang`` column (see :func:`bidang_opd`).

    Returns
    -------
    DataFrame
        The columns of :data:`TERTINGGAL_COLUMNS`.
    """
    tw = pilih_triwulan(realisasi, tahun, triwulan)
    rows = realisasi[(realisasi["tahun"] == tahun) & (realisasi["triwulan"] == tw)]
    sub = sub_kegiatan_rows(rows)
    bid = bidang_opd(sub, bidang_rules)
    tf = sub["target_fisik"]
    harapan = tf.clip(upper=100.0).where(tf.notna(), FISIK_PER_TRIWULAN * tw)
    rf = sub["realisasi_fisik"]
    gap = harapan - rf.clip(upper=100.0).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        persen = np.where(sub["pagu"] > 0, sub["realisasi_keuangan"] / sub["pagu"] * 100.0, np.nan)
    out = sub.assign(
        bidang=sub["opd"].map(bid),
        harapan_fisik=harapan.astype(float),
        dasar_harapan=np.where(tf.notna(), "target fisik", f"{FISIK_PER_TRIWULAN:g}% per triwulan"),
        selisih=gap.astype(float),
        persen_keuangan=persen.astype(float),
        catatan=pd.Series(
            ["realisasi fisik kosong (dihitung 0)" if m else None for m in rf.isna()],
            index=sub.index,
            dtype=object,
        ),
    )
    out = out[out["selisih"] >= selisih]
    out = out.sort_values(["selisih", "pagu"], ascending=[False, False], kind="stable")
    return out[TERTINGGAL_COLUMNS].reset_index(drop=True)


def write_rakerda_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write :func:`rakerda`'s table as UTF-8 CSV with exactly :data:`COLUMNS` (decimal point).

    Parameters
    ----------
    df : DataFrame
        :func:`rakerda`'s table (other columns are left out).
    path : str or Path
        The CSV to write; overwritten. Floats are written with four decimals.
    """
    write_csv(df[COLUMNS], path, encoding="utf-8", lineterminator="\n", float_format="%.4f")


def bidang_rules(ws: Workspace) -> BidangRules:
    """The bidang table of the workspace: :attr:`planlib.workspace.Workspace.bidang_rules`.

    Parameters
    ----------
    ws : Workspace
        The opened workspace.

    Returns
    -------
    BidangRules
        The pattern table that gives an OPD name or program its bidang: the
        workspace's ``[usulan] bidang`` when it could be read, else planlib's
        default (the workspace's report says why), the same one the usulan got
        their bidang from.
    """
    return ws.bidang_rules


def realisasi_tahun(
    ws: Workspace, tahun: int, berkas: str | Path | None = None
) -> tuple[pd.DataFrame, Report]:
    """The realisasi a Rakerda of ``tahun`` is scored on, and the report of its files.

    Parameters
    ----------
    ws : Workspace
        The opened workspace.
    tahun : int
        The budget year evaluated.
    berkas : str or Path, optional
        A realisasi file outside the workspace (``planlib rakerda --realisasi``),
        loaded with the workspace's wilayah and its plan's OPD names; by default
        the ``[realisasi]`` files of ``tahun`` in ``planlib.toml``, as loaded.

    Returns
    -------
    (DataFrame, Report)
        The realisasi rows, and the report of the file(s) they came from.

    Raises
    ------
    PlanlibError
        Without ``berkas``, when the workspace has no realisasi for ``tahun``
        (the message shows the ``planlib.toml`` lines to add).
    """
    if berkas is not None:
        opd = plan_opd(ws.pohon_kinerja, ws.renja)
        df, report = load_realisasi(berkas, ws.wilayah, tahun, opd_names=opd or None)
        return df, Report([report])
    if tahun not in ws.realisasi:
        raise PlanlibError(
            f"Tidak ada berkas realisasi tahun {tahun}: tambahkan di planlib.toml, misalnya\n"
            f'[realisasi]\n{tahun} = "realisasi/realisasi_{tahun}.xlsx"\n'
            "atau sebutkan --realisasi BERKAS."
        )
    files = {str(f.path) for f in ws.config.realisasi[tahun]}
    return ws.realisasi[tahun], Report([f for f in ws.report.files if f.path in files])


def rakerda_table(
    ws: Workspace, tahun: int, triwulan: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Rakerda scorecard and the sub kegiatan far behind, from the workspace's realisasi files.

    Reads ``ws.realisasi`` through :func:`realisasi_tahun` (the one rule for a year
    without realisasi) and applies the workspace's bidang table.

    Parameters
    ----------
    ws : Workspace
        The workspace whose realisasi files and bidang table are read.
    tahun : int
        The budget year evaluated.
    triwulan : int, optional
        1–4; the latest present by default.

    Returns
    -------
    tuple of (DataFrame, DataFrame)
        :func:`rakerda` and :func:`tertinggal`.
    """
    df, _report = realisasi_tahun(ws, tahun)
    rules = ws.bidang_rules
    table = rakerda(df, tahun, triwulan, bidang_rules=rules, kabupaten=ws.config.nama)
    return table, tertinggal(df, tahun, triwulan, bidang_rules=rules)

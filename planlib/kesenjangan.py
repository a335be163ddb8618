"""The gap (kesenjangan) of an area to its RPJMD target: one rule for every view.

The indicator dashboard's "Capaian … terhadap target …" and the kesenjangan
component of the priority score (:func:`planlib.forum.skor.kesenjangan_kecamatan`)
both read the gap from :func:`kesenjangan`, so they never disagree on the
year, the target or the sign. The rule, for one indicator in one area and a
planning year ``tahun``:

1. **Which target series.** The area's own targets, else those of the
   nearest enclosing area down to the kabupaten (a kecamatan without its own
   target uses the kabupaten's; the province's target is never used). When
   the targets name a ``seri`` (IPM ``revisi_2024``), the series of the
   target nearest to ``tahun`` is the series compared: an observation of
   another series is never compared with it.
2. **Which observation.** The latest observation with ``tahun ≤`` the
   planning year, of that series; of the period BPS publishes for the
   indicator (``periode`` of :data:`planlib.indikator.INDIKATOR`: Maret for
   P0, Agustus for TPT) when the area has observations of that period. Data
   newer than the planning year are not used: a plan for 2025 is judged on
   what was known up to 2025.
3. **Which target year.** The target of the observation's own year (an
   achievement is compared with the target set for the same year), else the
   nearest target year, the later one on a tie.
4. **The difference.** ``selisih = nilai − target`` in the indicator's unit
   (absolute, what the dashboard prints), and the relative gap
   ``kesenjangan = selisih / |target|`` turned so that **positive means
   behind the target**: as is for indicators where lower is better (P0,
   TPT, stunting: ``lebih_baik = "turun"``), negated where higher is better
   (IPM: ``"naik"``). ``tercapai`` is ``kesenjangan ≤ 0``. For an indicator
   without a direction (the poverty line) ``kesenjangan`` is NaN and
   ``tercapai`` None; with a target of 0 ``kesenjangan`` is NaN.

Example: IPM 70,0 in 2024 against the 2024 target 72,0 gives ``selisih``
−2,0 and ``kesenjangan`` +0,0278 (2,78 % behind); P0 6,0 % against a target
of 7,5 % gives ``selisih`` −1,5 and ``kesenjangan`` −0,2 (tercapai).

The **context** of the kabupaten (:func:`konteks`: its latest IPM, P0 and TPT
against its province and Indonesia, and its RPJMD targets) is the other rule
kept here, read by the dashboards' context table
(:func:`planlib.dashboards.indikator.konteks_html`), the deck
(:func:`planlib.documents.deck.konteks_indikator`) and the shared HTML view
(:func:`planlib.bagikan.context.context`):

1. **One row per indicator and series.** Each area's latest value (any
   year: the context shows what is known) of the published period
   (:func:`pick_periode`) *in that series*: the kabupaten's revised IPM is
   never put beside a province's old-series IPM. Newest series first
   (``revisi_2024``, then rows without a series, then ``lama``).
2. **The main row** (``utama``) of an indicator is the newest series in
   which the kabupaten has a value (else the newest series): the row a
   one-line-per-indicator view shows, an area without a value in that series
   showing none.
3. **Targets.** The kabupaten's own targets, each in the row of its series;
   a target without a series belongs to the main series (and gives way to a
   target of the same year that names the series). A target of a series no
   area has a value in is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, cast

import numpy as np
import pandas as pd

from .indikator import INDIKATOR

#: Columns of :func:`kesenjangan`.
KOLOM = [
    "kode_wilayah", "indikator", "nilai", "tahun_nilai", "periode", "seri", "satuan", "target",
    "tahun_target", "kode_target", "selisih", "kesenjangan", "tercapai", "lebih_baik",
]  # fmt: skip


def pick_periode(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of the period BPS publishes for ``key`` (Maret for P0, Agustus for TPT).

    Rows without a period are kept where an area has none with it, so annual
    figures (IPM) and national figures published without a month still show.

    Parameters
    ----------
    df : DataFrame
        Observations of one indicator (``kode_wilayah``, ``periode``).
    key : str
        The indicator (a key of :data:`planlib.indikator.INDIKATOR`).

    Returns
    -------
    DataFrame
        The rows of ``df`` kept.
    """
    want = INDIKATOR.get(key, {}).get("periode")
    if want is None or df.empty:
        return df
    has = df.groupby("kode_wilayah")["periode"].transform(lambda s: (s == want).any())
    return df[(df["periode"] == want) | (~has & df["periode"].isna())]


#: The series a ranking uses, in order of preference (the first the kabupaten/kota have).
SERI_PERINGKAT = ("revisi_2024", None, "lama")


class Peringkat(NamedTuple):
    """The kabupaten/kota of a province ranked on one indicator (:func:`peringkat_kabupaten`)."""

    #: ``kode_wilayah``, ``nama_wilayah``, ``nilai`` (and ``sumber``): best first.
    tabel: pd.DataFrame
    #: The year ranked; None when the kabupaten has no value of the indicator.
    tahun: int | None
    #: The one series every area is ranked in (None: the rows without a series).
    seri: str | None

    def posisi(self, kode: str) -> int | None:
        """The rank of area ``kode`` (1: the best), None when it is not ranked.

        Parameters
        ----------
        kode : str
            The area's Kemendagri code.

        Returns
        -------
        int or None
            Its place in :attr:`tabel`, counting from 1.
        """
        codes = list(self.tabel["kode_wilayah"])
        return codes.index(kode) + 1 if kode in set(codes) else None


def peringkat_kabupaten(
    indikator: pd.DataFrame, kabupaten: str, key: str, tahun: int | None = None
) -> Peringkat:
    """The kabupaten/kota of ``kabupaten``'s province ranked on ``key``, best first.

    The one ranking rule, used by the indicator dashboard and the Rembuk Remas
    deck: the period BPS publishes (:func:`pick_periode`), one series for everyone
    (the first of :data:`SERI_PERINGKAT` present), and "best" as the indicator's
    ``lebih_baik`` says (lowest first for P0 and TPT).

    Parameters
    ----------
    indikator : DataFrame
        The workspace's long indicator table.
    kabupaten : str
        The kabupaten's code (``"63.06"``); its province's kabupaten/kota are ranked.
    key : str
        The indicator (``"ipm"``, ``"p0"``, ``"tpt"`` …).
    tahun : int, optional
        The year ranked; by default the latest year the kabupaten has a value.

    Returns
    -------
    Peringkat
        The table (best first, ties by name), the year and the series.
    """
    ind = pick_periode(indikator[indikator["indikator"] == key], key)
    columns = [c for c in ("kode_wilayah", "nama_wilayah", "nilai", "sumber") if c in ind.columns]
    if tahun is None:
        years = ind.loc[ind["kode_wilayah"] == kabupaten, "tahun"]
        if not len(years):
            return Peringkat(ind.iloc[:0][columns].reset_index(drop=True), None, None)
        tahun = int(years.max())
    ind = ind[ind["tahun"] == tahun]
    prov = kabupaten.split(".")[0]
    kode = ind["kode_wilayah"].astype(str)
    peers = ind[(kode.str.count(r"\.") == 1) & kode.str.startswith(prov + ".")]
    seri = next(
        (
            s
            for s in SERI_PERINGKAT
            if (peers["seri"].isna() if s is None else peers["seri"] == s).any()
        ),
        None,
    )
    peers = peers[peers["seri"].isna()] if seri is None else peers[peers["seri"] == seri]
    peers = peers.drop_duplicates("kode_wilayah").sort_values("nama_wilayah", kind="stable")
    rendah = INDIKATOR.get(key, {}).get("lebih_baik") == "turun"
    peers = peers.sort_values("nilai", ascending=rendah, kind="stable")
    return Peringkat(peers[columns].reset_index(drop=True), tahun, seri)


def enclosing_codes(kode: str) -> list[str]:
    """``kode`` and the codes of the areas enclosing it, down to the kabupaten.

    Parameters
    ----------
    kode : str
        A Kemendagri code, e.g. ``"63.06.02"``.

    Returns
    -------
    list of str
        E.g. ``["63.06.02", "63.06"]``; a kabupaten code gives itself only, a
        province code itself only.
    """
    parts = str(kode).split(".")
    return [".".join(parts[:n]) for n in range(len(parts), min(len(parts), 2) - 1, -1)]


def nama_seri(value: Any) -> str | None:
    """A series name, or None for a row without one (None, NaN, "").

    Parameters
    ----------
    value : object
        A cell of a ``seri`` column.

    Returns
    -------
    str or None

    Examples
    --------
    >>> nama_seri("revisi_2024"), nama_seri(float("nan")), nama_seri("")
    ('revisi_2024', None, None)
    """
    if value is None or (isinstance(value, float) and value != value) or str(value) == "":
        return None
    return str(value)


def _nearest(rows: list[dict[str, Any]], tahun: int) -> dict[str, Any]:
    """The row whose ``tahun`` is nearest to ``tahun``, the later one on a tie."""
    return min(rows, key=lambda r: (abs(int(r["tahun"]) - tahun), -int(r["tahun"])))


def _gap_row(
    kode: str, key: str, obs: pd.DataFrame, targets: list[dict[str, Any]], tahun: int
) -> dict[str, Any] | None:
    """The gap of one indicator in one area (``targets``: those of the area that applies)."""
    seri = nama_seri(_nearest(targets, tahun)["seri"])
    if seri is not None:
        targets = [t for t in targets if nama_seri(t["seri"]) == seri]
        obs = obs[obs["seri"] == seri]
    obs = obs[obs["tahun"] <= tahun]
    if obs.empty:
        return None
    o = max(obs.to_dict("records"), key=lambda r: (int(r["tahun"]), str(r["periode"])))
    same = [t for t in targets if int(t["tahun"]) == int(o["tahun"])]
    t = same[0] if same else _nearest(targets, int(o["tahun"]))
    nilai, target = float(o["nilai"]), float(t["target"])
    selisih = nilai - target
    arah = INDIKATOR.get(key, {}).get("lebih_baik")
    if arah in ("naik", "turun") and target != 0:
        gap = selisih / abs(target) * (-1.0 if arah == "naik" else 1.0)
        tercapai: bool | None = bool(gap <= 0)
    else:
        gap, tercapai = np.nan, None
    return {
        "kode_wilayah": kode, "indikator": key, "nilai": nilai, "tahun_nilai": int(o["tahun"]),
        "periode": o["periode"], "seri": nama_seri(o["seri"]), "satuan": o["satuan"],
        "target": target, "tahun_target": int(t["tahun"]), "kode_target": str(t["kode_wilayah"]),
        "selisih": selisih, "kesenjangan": gap, "tercapai": tercapai, "lebih_baik": arah,
    }  # fmt: skip


def kesenjangan(
    indikator: pd.DataFrame | None,
    target: pd.DataFrame | None,
    tahun: int,
    *,
    level: str | None = None,
    kode_wilayah: Iterable[str] | None = None,
    indicators: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The gap of every area and indicator with data and a target (the rule above).

    Parameters
    ----------
    indikator : DataFrame or None
        The long indicator table (``ws.indikator``: ``kode_wilayah``,
        ``level``, ``tahun``, ``periode``, ``indikator``, ``nilai``,
        ``satuan``, ``seri``).
    target : DataFrame or None
        The RPJMD targets (``ws.target_rpjmd``: ``indikator``,
        ``kode_wilayah``, ``tahun``, ``target``, ``seri``).
    tahun : int
        The planning year.
    level : str, optional
        Only areas of this ``level`` (e.g. ``"kecamatan"``).
    kode_wilayah : iterable of str, optional
        Only these areas.
    indicators : iterable of str, optional
        Only these indicators.

    Returns
    -------
    DataFrame
        One row per (``kode_wilayah``, ``indikator``) with the columns of
        :data:`KOLOM`: the observation used (``nilai``, ``tahun_nilai``,
        ``periode``, ``seri``, ``satuan``), the target (``target``,
        ``tahun_target``, ``kode_target``: whose target it is), ``selisih``
        (``nilai − target``), ``kesenjangan`` (relative, positive = behind),
        ``tercapai`` and ``lebih_baik``; sorted by area and indicator. Areas
        without a target, or without an observation up to ``tahun`` in the
        target's series, are absent.
    """
    empty = pd.DataFrame(columns=KOLOM)
    if indikator is None or target is None or indikator.empty or target.empty:
        return empty
    data = indikator
    if level is not None:
        data = data[data["level"] == level]
    if kode_wilayah is not None:
        data = data[data["kode_wilayah"].astype(str).isin({str(k) for k in kode_wilayah})]
    keys = None if indicators is None else set(indicators)
    if keys is not None:
        data = data[data["indikator"].isin(keys)]
    tgt = target[target["target"].notna()]
    if keys is not None:
        tgt = tgt[tgt["indikator"].isin(keys)]
    by_area: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in cast(list[dict[str, Any]], tgt.to_dict("records")):
        by_area.setdefault((str(r["indikator"]), str(r["kode_wilayah"])), []).append(r)
    rows = []
    for key, part in data.groupby("indikator", sort=True):
        part = pick_periode(part, str(key))
        for kode, obs in part.groupby(part["kode_wilayah"].astype(str), sort=True):
            applies = next(
                (by_area[(str(key), c)] for c in enclosing_codes(str(kode)) if (str(key), c) in by_area),
                None,
            )  # fmt: skip
            row = _gap_row(str(kode), str(key), obs, applies, tahun) if applies else None
            if row is not None:
                rows.append(row)
    if not rows:
        return empty
    out = pd.DataFrame(rows, columns=KOLOM)
    out["tercapai"] = out["tercapai"].astype(object)  # True / False / None, never numpy bools
    return out.sort_values(["kode_wilayah", "indikator"]).reset_index(drop=True)


#: The areas of :func:`konteks`, in their order: the kabupaten, its province, Indonesia.
PERAN = ("kabupaten", "provinsi", "nasional")

#: Columns of :func:`konteks`.
KOLOM_KONTEKS = [
    "indikator", "seri", "utama", "nilai_kabupaten", "tahun_kabupaten", "nilai_provinsi",
    "tahun_provinsi", "nilai_nasional", "tahun_nasional", "target",
]  # fmt: skip


def _seri_order(seri: str | None) -> tuple[bool, bool, str]:
    """Sort key of a series, the newest first: ``revisi_2024``, others (no series), ``lama``."""
    return (seri != "revisi_2024", seri == "lama", str(seri))


def konteks(
    indikator: pd.DataFrame | None,
    target_rpjmd: pd.DataFrame | None,
    kabupaten: str,
    keys: Sequence[str] = ("ipm", "p0", "tpt"),
) -> pd.DataFrame:
    """The context of the kabupaten: latest values of it, its province and Indonesia, and targets.

    The rule is the module's (the context, above): one row per indicator and
    series, never mixing series across areas.

    Parameters
    ----------
    indikator : DataFrame or None
        The long indicator table (``ws.indikator``: ``kode_wilayah``,
        ``tahun``, ``periode``, ``indikator``, ``nilai``, ``seri``).
    target_rpjmd : DataFrame or None
        The RPJMD targets (``ws.target_rpjmd``: ``indikator``,
        ``kode_wilayah``, ``tahun``, ``target``, ``seri``); only the
        kabupaten's are read.
    kabupaten : str
        The kabupaten's code, e.g. ``"63.06"``; its province is the first part
        (``"63"``), Indonesia is ``"00"``.
    keys : sequence of str
        The indicators, in the order of the rows.

    Returns
    -------
    DataFrame
        The columns of :data:`KOLOM_KONTEKS`: ``indikator``, ``seri`` (None
        for rows without one), ``utama`` (True on the one main row of the
        indicator), per area of :data:`PERAN` ``nilai_<area>`` (NaN when the
        area has no value in the series) and ``tahun_<area>`` (int, None
        then), and ``target`` (dict: year → the kabupaten's RPJMD target in
        that series, sorted by year; empty when none). Rows in the order of
        ``keys``, the newest series first; an indicator without a value in any
        of the three areas has no row.

    Examples
    --------
    >>> ind = pd.DataFrame({"kode_wilayah": ["63.06", "63.06", "63"], "indikator": "ipm",
    ...                     "tahun": [2024, 2023, 2023], "periode": None,
    ...                     "nilai": [71.5, 70.1, 72.0], "seri": ["revisi_2024", "lama", "lama"]})
    >>> k = konteks(ind, None, "63.06", keys=["ipm"])
    >>> k[["seri", "utama", "nilai_kabupaten", "nilai_provinsi", "tahun_provinsi"]]
              seri  utama  nilai_kabupaten  nilai_provinsi tahun_provinsi
    0  revisi_2024   True             71.5             NaN           None
    1         lama  False             70.1            72.0           2023
    """
    codes = dict(zip(PERAN, (kabupaten, kabupaten.split(".")[0], "00"), strict=True))
    rows: list[dict[str, Any]] = []
    if indikator is None or indikator.empty:
        return pd.DataFrame(columns=KOLOM_KONTEKS)
    tgt = None
    if target_rpjmd is not None and len(target_rpjmd):
        tgt = target_rpjmd[
            (target_rpjmd["kode_wilayah"].astype(str) == kabupaten) & target_rpjmd["target"].notna()
        ]
    for key in keys:
        part = pick_periode(indikator[indikator["indikator"] == key], key)
        part = part[part["kode_wilayah"].astype(str).isin(codes.values()) & part["nilai"].notna()]
        if part.empty:
            continue
        # a list, not Series.map: pandas makes a str column of it, where None becomes NaN
        seri = [nama_seri(v) for v in part["seri"]]
        mine: list[dict[str, Any]] = []
        for s in sorted(dict.fromkeys(seri), key=_seri_order):
            sub = part[[v == s for v in seri]]
            row: dict[str, Any] = {"indikator": key, "seri": s, "utama": False}
            for role, kode in codes.items():
                r = sub[sub["kode_wilayah"].astype(str) == kode].sort_values("tahun", kind="stable")
                row[f"nilai_{role}"] = float(r["nilai"].iloc[-1]) if len(r) else float("nan")
                row[f"tahun_{role}"] = int(r["tahun"].iloc[-1]) if len(r) else None
            row["target"] = {}
            mine.append(row)
        main = next((r for r in mine if r["tahun_kabupaten"] is not None), mine[0])
        main["utama"] = True
        if tgt is not None:
            # a target naming its series first: it wins over one without for the same year
            named = sorted(
                cast(list[dict[str, Any]], tgt[tgt["indikator"] == key].to_dict("records")),
                key=lambda t: (nama_seri(t["seri"]) is None, int(t["tahun"])),
            )
            for t in named:
                seri_t = nama_seri(t["seri"]) or main["seri"]
                into = next((m for m in mine if m["seri"] == seri_t), None)
                if into is not None:
                    into["target"].setdefault(int(t["tahun"]), float(t["target"]))
        for row in mine:
            row["target"] = dict(sorted(row["target"].items()))
        rows += mine
    out = pd.DataFrame(rows, columns=KOLOM_KONTEKS)
    # int / None and str / None, never floats like 2025.0 or NaN for a missing series
    for col in ["seri"] + [f"tahun_{role}" for role in PERAN]:
        out[col] = pd.Series([r[col] for r in rows], dtype=object)
    return out

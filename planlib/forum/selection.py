"""What the Forum Perangkat Daerah looks at: one Dapil's or one OPD's usulan, and its pagu run.

The dashboard (:mod:`planlib.dashboards.forum_pd`) lays these out; the
calculation is here, tested without widgets:

- :func:`pilihan_forum`: the Dapil and OPD a forum can be held for;
- :func:`forum_table`: the year's usulan of the chosen Dapil or OPD with the
  matcher's suggestion (the analysts' corrections applied) and the decision
  in force, read through :func:`planlib.forum.keputusan.keputusan_berlaku` —
  the reading the Berita Acara uses;
- :func:`saring_forum`: the one rule of which usulan and pokir a Dapil's or
  an OPD's forum shows;
- :func:`ringkasan_forum` and :func:`keputusan_teks`: the counts on the cards
  and the text of the Keputusan column;
- :func:`hitung_pagu`: the chain skor → default pagu per kecamatan →
  allocation → garis batas, and what changed since the previous run; the
  pokir rows of :func:`planlib.forum.pokir_forum.forum_pokir` compete beside
  the usulan, optionally under a ceiling per DPRD member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import rekap
from ..parse import fold
from ..workspace import Workspace
from . import align, skor
from .keputusan import KeputusanStore, keputusan_berlaku
from .pagu import Alokasi, PaguBawaan, alokasi, bandingkan, garis_batas, pagu_bawaan

#: The decision columns :func:`forum_table` adds, from those of ``keputusan_berlaku``.
KOLOM_KEPUTUSAN = {
    "status": "status_keputusan",
    "label": "keputusan_label",
    "opd": "opd_pengalihan",
    "alasan": "alasan_keputusan",
    "oleh": "dicatat_oleh",
    "versi": "versi",
}


def pilihan_forum(ws: Workspace, tahun: int) -> tuple[list[str], list[str]]:
    """The Dapil and the OPD a forum of ``tahun`` can be held for.

    Parameters
    ----------
    ws : Workspace
    tahun : int

    Returns
    -------
    tuple of (list of str, list of str)
        The Dapil of the year's usulan in natural order ("Dapil 2" before
        "Dapil 10"), and the OPD named by the usulan (``opd_tujuan``), the
        pohon kinerja or the Renja, sorted.
    """
    df = rekap.usulan_tahun(ws, tahun)
    dapil = sorted(df["dapil"].dropna().unique(), key=rekap.natural_key)
    plan: set[str] = set()
    for t in (ws.pohon_kinerja, ws.renja):
        if t is not None and "opd" in t:
            plan |= set(t["opd"].dropna())
    opd = sorted(set(df["opd_tujuan"].dropna()) | plan)
    return [str(d) for d in dapil], [str(o) for o in opd]


def forum_table(
    ws: Workspace,
    tahun: int,
    store: KeputusanStore,
    *,
    dapil: str | None = None,
    opd: str | None = None,
) -> pd.DataFrame:
    """The year's usulan of one Dapil or one OPD, with suggestion and decision in force.

    Parameters
    ----------
    ws : Workspace
    tahun : int
    store : KeputusanStore
        The workspace's decisions and overrides.
    dapil : str, optional
        Only the usulan of this Dapil.
    opd : str, optional
        Only the usulan addressed to this OPD (``opd_tujuan``) or suggested
        for it (``opd_saran``); ignored when ``dapil`` is given.

    Returns
    -------
    DataFrame
        The columns of :func:`planlib.rekap.usulan_tahun`, of the matcher's
        suggestion (:func:`planlib.forum.align.align`: ``opd_saran``,
        ``skor``, ``alasan``, ``selaras`` …) and of the decision in force
        (:data:`KOLOM_KEPUTUSAN`: ``status_keputusan`` the status code or NaN,
        ``keputusan_label``, ``opd_pengalihan``, ``alasan_keputusan``,
        ``dicatat_oleh``, ``versi``); sorted by kecamatan, desa, priority and id.
    """
    df = rekap.usulan_tahun(ws, tahun)
    sar = align.align(ws, tahun, overrides=store.overrides(tahun))
    df = df.merge(sar.drop(columns=["tahun"], errors="ignore"), on="id_usulan", how="left")
    df = saring_forum(df, dapil=dapil, opd=opd)
    cur = keputusan_berlaku(store, df["id_usulan"], tahun)
    df = df.assign(**{new: cur[old] for old, new in KOLOM_KEPUTUSAN.items()})
    order = ["nama_kecamatan", "nama_desa", "usulan_ke", "id_usulan"]
    return df.sort_values(order).reset_index(drop=True)


def saring_forum(
    df: pd.DataFrame, *, dapil: str | None = None, opd: str | None = None
) -> pd.DataFrame:
    """The rows of one Dapil or one OPD: the forum's one filter, for usulan and pokir alike.

    Parameters
    ----------
    df : DataFrame
        Usulan (with the matcher's ``opd_saran``) or pokir (without it), with
        ``dapil`` and ``opd_tujuan``.
    dapil : str, optional
        Only the rows of this Dapil (the Dapil of their place).
    opd : str, optional
        Only the rows addressed to this OPD (``opd_tujuan``) or, where ``df``
        has the matcher's suggestion, suggested for it (``opd_saran``);
        ignored when ``dapil`` is given.

    Returns
    -------
    DataFrame
        The rows kept, in their order and with their index; every row when
        neither is given.
    """
    if dapil:
        return df[df["dapil"].astype(object) == dapil]
    if opd:
        mine = df["opd_tujuan"].astype(object) == opd
        if "opd_saran" in df.columns:
            mine |= df["opd_saran"].astype(object) == opd
        return df[mine]
    return df


def keputusan_teks(table: pd.DataFrame) -> pd.Series:
    """The Keputusan column of the forum table, e.g. ``"Dialihkan ke Dinas PUPR: … (Analis)"``.

    Parameters
    ----------
    table : DataFrame
        Rows of :func:`forum_table`.

    Returns
    -------
    Series of str
        ``keputusan_label`` (``"belum diputuskan"`` when undecided), then for a
        decision ``" ke <OPD>"`` when moved, ``": <alasan> (<pencatat>)"``.
    """

    def text(r: pd.Series) -> str:
        if pd.isna(r["status_keputusan"]):
            return str(r["keputusan_label"])
        out = str(r["keputusan_label"])
        if isinstance(r["opd_pengalihan"], str):
            out += f" ke {r['opd_pengalihan']}"
        return f"{out}: {r['alasan_keputusan']} ({r['dicatat_oleh']})"

    if table.empty:
        return pd.Series([], index=table.index, dtype=object)
    return table.apply(text, axis=1).astype(object)


@dataclass(frozen=True)
class Ringkasan:
    """The counts on the forum's cards.

    Attributes
    ----------
    jumlah : int
        Usulan in the table.
    anggaran : float
        Their total anggaran, Rupiah.
    selaras_persen : float
        Percentage of usulan ``selaras`` with the RPJMD (0 for an empty table).
    diputuskan : int
        Usulan with a decision in force.
    """

    jumlah: int
    anggaran: float
    selaras_persen: float
    diputuskan: int


def ringkasan_forum(table: pd.DataFrame) -> Ringkasan:
    """Count the usulan, their anggaran, the share selaras and the decisions in force.

    Parameters
    ----------
    table : DataFrame
        :func:`forum_table`.

    Returns
    -------
    Ringkasan
    """
    n = len(table)
    selaras = int(table["selaras"].fillna(False).astype(bool).sum())
    return Ringkasan(
        jumlah=n,
        anggaran=float(pd.to_numeric(table["anggaran"], errors="coerce").sum()),
        selaras_persen=100 * selaras / n if n else 0.0,
        diputuskan=int(table["status_keputusan"].notna().sum()),
    )


@dataclass
class PaguResult:
    """One run of the forum's pagu test (:func:`hitung_pagu`).

    Attributes
    ----------
    berskor : DataFrame
        The usulan (and pokir) with their skor
        (:func:`planlib.forum.skor.skor_usulan`) and ``anggota_dprd`` (the
        member carrying a pokir, None on an usulan).
    bawaan : PaguBawaan
        The ceilings per kecamatan used, and where they come from.
    alokasi : Alokasi
        The allocation.
    garis_batas : DataFrame
        The cut-off line per kecamatan (:func:`planlib.forum.pagu.garis_batas`).
    berubah : DataFrame or None
        What came in or fell off since the previous run
        (:func:`planlib.forum.pagu.bandingkan`); None without one.
    """

    berskor: pd.DataFrame
    bawaan: PaguBawaan
    alokasi: Alokasi
    garis_batas: pd.DataFrame
    berubah: pd.DataFrame | None


def hitung_pagu(
    table: pd.DataFrame,
    ws: Workspace,
    tahun: int,
    *,
    bobot: skor.Bobot,
    porsi: float,
    sebelum: Alokasi | None = None,
    time_limit: float = 3.0,
    pagu_anggota: Mapping[str, float] | None = None,
) -> PaguResult:
    """Score the forum's usulan and pokir, set a pagu per kecamatan, allocate and find the cut-off.

    Pokir rows (``jenis == "pokir"``, from
    :func:`planlib.forum.pokir_forum.forum_pokir`) are scored by the one rule
    of :func:`planlib.forum.skor.skor_usulan`, on the columns they have:

    - **kesenjangan** and **biaya** as for an usulan: a pokir has its
      ``kode_kecamatan`` and ``anggaran``;
    - **prioritas** neutral (half its points, "prioritas tidak diisi"): a
      pokir has no ``usulan_ke``, the ranking a desa gives its own usulan, and
      a member's order of their pokir is not a desa's priority; neutral
      neither favours nor penalises a pokir against the usulan;
    - **selaras** neutral ("selaras belum dinilai"): the matcher
      (:func:`planlib.forum.align.align`) assesses the Musrenbang usulan only,
      so a pokir row has no matcher score.

    A pokir repeating an usulan of the table is not a row of its own (it is a
    source of the usulan's row), so it is not counted twice.

    Parameters
    ----------
    table : DataFrame
        :func:`forum_table`, or :func:`~planlib.forum.pokir_forum.forum_pokir`
        (its usulan and pokir rows); its matcher columns give the alignment input.
    ws : Workspace
        For the indicators and RPJMD targets of the kesenjangan component.
    tahun : int
        The planning year.
    bobot : Bobot
        The weights of the score.
    porsi : float
        The pagu per kecamatan as a share (0–1) of the anggaran asked there
        (usulan and pokir).
    sebelum : Alokasi, optional
        The previous run's allocation, to list what changed.
    time_limit : float
        Seconds the exact MILP may take (the forum waits for it).
    pagu_anggota : mapping of str to float, optional
        Ceiling in Rupiah per DPRD member (the pokir's ``pengusul``) on the
        pokir they carry, passed to :func:`planlib.forum.pagu.alokasi`; the
        usulan of the Musrenbang are never held by it. The result's
        ``alokasi.per_anggota`` then says, per member, the pokir asked, chosen
        and the ceiling.

    Returns
    -------
    PaguResult
    """
    pokir = table["jenis"].eq("pokir") if "jenis" in table else pd.Series(False, index=table.index)
    member = table["pengusul"].astype(object) if "pengusul" in table else pd.Series(None, index=table.index, dtype=object)  # fmt: skip
    berskor = skor.skor_usulan(
        table.assign(anggota_dprd=member.where(pokir & member.notna(), None)),
        bobot=bobot,
        indikator=ws.indikator,
        target=ws.target_rpjmd,
        selaras=skor.selaras_dari_align(table[~pokir].dropna(subset=["skor"])),
    )
    bawaan = pagu_bawaan(berskor, tahun=tahun, porsi=porsi)
    hasil = alokasi(
        berskor,
        pagu_kecamatan=bawaan.kecamatan,
        time_limit=time_limit,
        pagu_anggota=dict(pagu_anggota) if pagu_anggota else None,
        kolom_anggota="anggota_dprd",
    )
    batas = garis_batas(hasil, by="kecamatan")
    berubah = bandingkan(sebelum, hasil) if sebelum is not None else None
    return PaguResult(berskor, bawaan, hasil, batas, berubah)


# ---------------------------------------------------------------- the forum's finder and words

#: Plain Indonesian for the codes and jargon the matcher and the pagu solver write, for a hall
#: that reads the screen: the RPJMD indicator codes (``p0`` → "kemiskinan (P0)") and the names
#: of the pagu methods ("optimal (MILP)" → "perhitungan optimal"). One table: the forum's
#: table, its reasons and the pagu tab all go through :func:`teks_awam`.
ISTILAH: dict[str, str] = {
    # RPJMD indicator codes (target_rpjmd.indikator)
    "p0": "kemiskinan (P0)",
    "p1": "kedalaman kemiskinan (P1)",
    "p2": "keparahan kemiskinan (P2)",
    "ipm": "pembangunan manusia (IPM)",
    "stunting": "stunting (balita pendek)",
    "tpt": "pengangguran terbuka (TPT)",
    "gini": "ketimpangan pendapatan (Gini)",
    "ahh": "angka harapan hidup",
    "rls": "rata-rata lama sekolah",
    "hls": "harapan lama sekolah",
    # the pagu solver's method labels (planlib.forum.pagu.solver)
    "optimal (MILP)": "perhitungan optimal",
    "MILP batas waktu": "perhitungan optimal terhenti oleh batas waktu",
    "MILP": "perhitungan optimal",
    "heuristik greedy": "perhitungan cepat (urut skor per rupiah)",
    "batas MILP": "batas atas perhitungan optimal",
    "batas LP": "batas atas teoretis",
    # the matcher's reason (planlib.forum.matcher)
    "kata cocok": "kata yang cocok",
    "kamus": "kamus istilah",
    "mendukung": "mendukung indikator",
}

#: The keys of :data:`ISTILAH` that are indicator codes (replaced only where an indicator is named).
KODE_INDIKATOR = ("p0", "p1", "p2", "ipm", "stunting", "tpt", "gini", "ahh", "rls", "hls")


def indikator_awam(kode: object) -> str:
    """An RPJMD indicator as a hall reads it: ``"p0"`` → ``"kemiskinan (P0)"``.

    Parameters
    ----------
    kode : object
        The ``indikator_rpjmd`` of :func:`planlib.forum.align.align` (a code of
        the RPJMD targets, or an indicator's own text); missing gives ``""``.

    Returns
    -------
    str
        The plain name from :data:`ISTILAH`, else the text as it is
        (``"sasaran: …"`` becomes ``"sasaran …"``).

    Examples
    --------
    >>> indikator_awam("p0"), indikator_awam("Persentase jalan kabupaten kondisi mantap")
    ('kemiskinan (P0)', 'Persentase jalan kabupaten kondisi mantap')
    """
    if kode is None or (isinstance(kode, float) and kode != kode):
        return ""
    text = str(kode).strip()
    if text.lower() in KODE_INDIKATOR:
        return ISTILAH[text.lower()]
    return text.replace("sasaran: ", "sasaran ", 1) if text.startswith("sasaran: ") else text


def teks_awam(text: object) -> str:
    """A matcher's reason or a pagu method in plain Indonesian (:data:`ISTILAH`).

    Parameters
    ----------
    text : object
        An ``alasan`` of :func:`planlib.forum.align.align` or an
        ``Alokasi.metode``; missing gives ``""``.

    Returns
    -------
    str
        The text with the indicator after ``mendukung:`` named by
        :func:`indikator_awam`, the method names and the reason's headings
        replaced; words quoted from the usulan are left alone.

    Examples
    --------
    >>> teks_awam("kata cocok: posyandu; mendukung: stunting")
    'kata yang cocok: posyandu; mendukung indikator: stunting (balita pendek)'
    >>> teks_awam("optimal (MILP)")
    'perhitungan optimal'
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    parts = []
    for part in str(text).split("; "):
        head, sep, rest = part.partition(": ")
        if sep and head == "mendukung":
            parts.append(f"{ISTILAH['mendukung']}: {indikator_awam(rest)}")
        elif sep and head in ("kata cocok", "kamus"):
            parts.append(f"{ISTILAH[head]}: {rest}")
        else:
            parts.append(part)
    out = "; ".join(parts)
    for term in ("optimal (MILP)", "MILP batas waktu", "batas MILP", "batas LP",
                 "heuristik greedy", "MILP"):  # fmt: skip
        out = out.replace(term, ISTILAH[term])
    return out


def kunci_cari(table: pd.DataFrame) -> pd.Series:
    """What the forum's finder searches in each row: ID, usulan text, desa and kecamatan, folded.

    Parameters
    ----------
    table : DataFrame
        :func:`forum_table` rows.

    Returns
    -------
    Series of str
        Lower-case ASCII words (:func:`planlib.parse.fold`), one string per row (with the
        ``asal`` of a pokir, so the member's name finds their pokir).
    """
    cols = [c for c in ("id_usulan", "usulan", "nama_desa", "nama_kecamatan", "asal") if c in table]
    if table.empty:
        return pd.Series([], index=table.index, dtype=object)
    joined = table[cols].astype(object).fillna("").astype(str).agg(" ".join, axis=1)
    return joined.map(fold).astype(object)


def cari_usulan(
    table: pd.DataFrame,
    teks: str = "",
    *,
    kecamatan: str | None = None,
    desa: str | None = None,
    kunci: pd.Series | None = None,
) -> pd.DataFrame:
    """The rows of the forum table the finder shows: every word typed, in the kecamatan and desa chosen.

    Parameters
    ----------
    table : DataFrame
        :func:`forum_table`.
    teks : str
        What was typed: words of the usulan, its ID or part of it, a desa name.
        Every word must occur (case and accents ignored; a word may be the start
        or part of a longer one: ``sumur`` finds *sumur*, ``2026001`` finds the
        IDs that contain it).
    kecamatan, desa : str, optional
        Only rows of this ``nama_kecamatan`` / ``nama_desa``.
    kunci : Series, optional
        :func:`kunci_cari` of ``table``, when already computed.

    Returns
    -------
    DataFrame
        The matching rows of ``table``, in its order.

    Examples
    --------
    >>> t = pd.DataFrame({"id_usulan": ["1", "2"], "usulan": ["Sumur bor", "Jalan"],
    ...                   "nama_desa": ["Lok", "Pasar"], "nama_kecamatan": ["A", "B"]})
    >>> cari_usulan(t, "SUMUR lok")["id_usulan"].tolist()
    ['1']
    """
    keep = pd.Series(True, index=table.index)
    if kecamatan:
        keep &= table["nama_kecamatan"] == kecamatan
    if desa:
        keep &= table["nama_desa"] == desa
    words = fold(teks or "").split()
    if words:
        k = kunci_cari(table) if kunci is None else kunci
        for word in words:
            keep &= k.str.contains(word, regex=False)
    return table[keep.to_numpy(bool)]

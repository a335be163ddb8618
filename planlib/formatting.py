"""Indonesian formats: numbers, amounts, percentages, dates and local times, empty values.

Amounts are spelled out with *juta*, *miliar*, *triliun*: Babel's short
compact form writes ``M`` for miliar, which a reader takes for million.

The group and decimal symbols come from Babel's CLDR data for ``id_ID``
(``.`` and ``,``); the digits are laid out by Python's own formatter, which
is two orders of magnitude faster than calling Babel per number — it matters
when a table of hundreds of amounts is redrawn on every filter change.
"""

from __future__ import annotations

import datetime as _dt
import math

from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALE = "id_ID"
GROUP = get_group_symbol(LOCALE)
DECIMAL = get_decimal_symbol(LOCALE)
_SWAP = str.maketrans({",": GROUP, ".": DECIMAL})
_SCALES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def _nan(x: float | int) -> bool:
    try:
        return math.isnan(x)
    except TypeError:
        return False


def angka(x: float | int | None, digits: int = 0, *, ringkas: bool = False) -> str:
    """``1234567`` → ``"1.234.567"``; ``12.5`` with ``digits=1`` → ``"12,5"``; missing → ``"–"``.

    Parameters
    ----------
    x : float, int or None
        The number; None and NaN are missing.
    digits : int
        Decimal places (at most, with ``ringkas``).
    ringkas : bool
        Drop trailing decimal zeros (and the comma when none is left):
        ``1234567.5`` with ``digits=2`` → ``"1.234.567,5"``, ``100.0`` → ``"100"``.

    Returns
    -------
    str
        The number in Indonesian format (``.`` groups thousands, ``,`` marks
        decimals).

    Examples
    --------
    >>> angka(1234567), angka(12.5, digits=1), angka(None), angka(1234567.5, 2, ringkas=True)
    ('1.234.567', '12,5', '–', '1.234.567,5')
    """
    if x is None or _nan(x):
        return "–"
    text = f"{float(x):,.{digits}f}".translate(_SWAP)
    return text.rstrip("0").rstrip(",") if ringkas and digits > 0 else text


def rupiah(x: float | int | None, digits: int = 1) -> str:
    """``1_234_000_000`` → ``"Rp 1,2 miliar"``; below a million → ``"Rp 750.000"``.

    Parameters
    ----------
    x : float, int or None
        An amount in rupiah (an anggaran or pagu); None and NaN are missing.
    digits : int
        Decimal places of the number before *juta*, *miliar* or *triliun*.

    Returns
    -------
    str
        The amount with ``Rp`` and its scale word, or ``"–"`` when missing.

    Examples
    --------
    >>> rupiah(1_234_000_000), rupiah(750_000), rupiah(2.5e12)
    ('Rp 1,2 miliar', 'Rp 750.000', 'Rp 2,5 triliun')
    """
    if x is None or _nan(x):
        return "–"
    for scale, word in _SCALES:
        if abs(x) >= scale:
            return f"Rp {angka(x / scale, digits)} {word}"
    return f"Rp {angka(x)}"


# --------------------------------------------------------------------------- the format rule
#
# One rule for what every page, document and command prints:
#
# - percentages: the number, a comma for decimals and "%" written without a space
#   ("58,2%"), as PUEBI writes a percent sign after a number; one decimal unless a
#   caller needs whole numbers ("100%");
# - indicator values: a fixed number of decimals per indicator (DESIMAL), the same on
#   every dashboard and deck (IPM 74,08, P0 4,29 wherever it is shown);
# - dates: "5 Desember 2026"; times: "5 Desember 2026, 18.41 WIB" (a dot between hours
#   and minutes, local time of the kabupaten — WIB, WITA or WIT — never UTC);
# - an empty value: "–" (never "None", "nan" or an empty cell in a sentence).

#: What an empty value prints as.
KOSONG = "–"

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")  # fmt: skip
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

#: Indonesia's three time zones (no daylight saving time): abbreviation → hours east of UTC.
ZONA: dict[str, int] = {"WIB": 7, "WITA": 8, "WIT": 9}
#: IANA names a workspace may write, and their zone.
_IANA = {"asia/jakarta": "WIB", "asia/pontianak": "WIB", "asia/makassar": "WITA",
         "asia/jayapura": "WIT"}  # fmt: skip
#: The zone when nothing says otherwise (Asia/Jakarta).
ZONA_BAWAAN = "WIB"
#: Provinces (first two digits of the Kemendagri code) outside WIB.
_PROVINSI_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_PROVINSI_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}

#: Decimals of each indicator's values, wherever they are shown (default: 1).
DESIMAL: dict[str, int] = {
    "ipm": 2, "p0": 2, "p1": 2, "p2": 2, "tpt": 2, "gini": 3, "idm": 4, "uhh": 2, "rls": 2,
    "hls": 2, "tpak": 2, "lpe": 2, "jumlah_penduduk": 0, "jumlah_penduduk_miskin": 0,
    "garis_kemiskinan": 0, "pengeluaran_per_kapita": 0,
}  # fmt: skip


def kosong(x: object) -> bool:
    """Whether ``x`` is an empty value: None, NaN, ``pd.NA``/``NaT``, or blank text.

    Parameters
    ----------
    x : object
        Any value.

    Returns
    -------
    bool
    """
    if x is None:
        return True
    if isinstance(x, str):
        return not x.strip() or x.strip().lower() in ("none", "nan", "nat", "<na>")
    try:
        return bool(x != x) or str(x) in ("<NA>", "NaT")
    except (TypeError, ValueError):
        return False


def teks(x: object, default: str = KOSONG) -> str:
    """``x`` as text, ``"–"`` when empty (never ``"None"`` or ``"nan"``).

    Parameters
    ----------
    x : object
        Any value.
    default : str
        What an empty value (:func:`kosong`) is shown as: ``"–"`` in a table,
        ``""`` in data a page fills in itself (the kernel-free views).

    Returns
    -------
    str

    Examples
    --------
    >>> teks("Dinas Sosial"), teks(None), teks(float("nan")), teks(None, default="")
    ('Dinas Sosial', '–', '–', '')
    """
    return default if kosong(x) else str(x)


def persen(x: float | int | None, digits: int = 1) -> str:
    """``58.23`` → ``"58,2%"``: a percentage, comma decimals, ``%`` without a space.

    Parameters
    ----------
    x : float, int or None
        The percentage (58.2, not 0.582); None and NaN are missing.
    digits : int
        Decimal places.

    Returns
    -------
    str
        ``"–"`` when missing.

    Examples
    --------
    >>> persen(58.23), persen(100, 0), persen(None)
    ('58,2%', '100%', '–')
    """
    if x is None or _nan(x):
        return KOSONG
    return f"{angka(x, digits)}%"


def desimal(indikator: str) -> int:
    """The decimals an indicator's values are shown with (:data:`DESIMAL`, else 1).

    Parameters
    ----------
    indikator : str
        The indicator key (``"ipm"``, ``"p0"`` …).

    Returns
    -------
    int
    """
    return DESIMAL.get(str(indikator), 1)


def nilai(x: float | int | None, indikator: str) -> str:
    """An indicator's value with its fixed decimals: ``nilai(4.2913, "p0")`` → ``"4,29"``.

    Parameters
    ----------
    x : float, int or None
        The value; None and NaN are missing.
    indikator : str
        The indicator key.

    Returns
    -------
    str
    """
    return angka(x, desimal(indikator))


def zona_waktu(kabupaten: str | None = None, zona: str | None = None) -> str:
    """The time zone a workspace's times are shown in: ``"WIB"``, ``"WITA"`` or ``"WIT"``.

    Parameters
    ----------
    kabupaten : str, optional
        The Kemendagri code of the kabupaten/kota (``"63.06"``): its province
        gives the zone (Kalimantan Selatan → WITA, Papua → WIT).
    zona : str, optional
        A zone written by the user (``"WITA"``, ``"Asia/Makassar"``); it wins.

    Returns
    -------
    str
        :data:`ZONA_BAWAAN` (WIB, Asia/Jakarta) when neither says otherwise.

    Raises
    ------
    ValueError
        When ``zona`` is not one of Indonesia's zones.
    """
    if zona:
        z = zona.strip()
        if z.upper() in ZONA:
            return z.upper()
        if z.lower() in _IANA:
            return _IANA[z.lower()]
        raise ValueError(
            f"Zona waktu {zona!r} tidak dikenal: tulis WIB, WITA, WIT atau Asia/Jakarta, "
            "Asia/Makassar, Asia/Jayapura."
        )
    prov = str(kabupaten or "").split(".")[0]
    return "WITA" if prov in _PROVINSI_WITA else "WIT" if prov in _PROVINSI_WIT else ZONA_BAWAAN


def _as_datetime(x: object) -> _dt.datetime | _dt.date | None:
    if kosong(x):
        return None
    if isinstance(x, _dt.datetime | _dt.date):
        return x
    if hasattr(x, "to_pydatetime"):  # pandas Timestamp
        return x.to_pydatetime()
    try:
        return _dt.datetime.fromisoformat(str(x).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def tanggal(x: object, *, hari: bool = False) -> str:
    """``2026-12-05`` → ``"5 Desember 2026"`` (``hari=True``: ``"Sabtu, 5 Desember 2026"``).

    Parameters
    ----------
    x : date, datetime, Timestamp or ISO 8601 text
        The date; a datetime with a time zone is taken in that zone.
    hari : bool
        Start with the day of the week.

    Returns
    -------
    str
        ``"–"`` when empty or unreadable.

    Examples
    --------
    >>> tanggal("2026-12-05"), tanggal("2026-12-05", hari=True)
    ('5 Desember 2026', 'Sabtu, 5 Desember 2026')
    """
    d = _as_datetime(x)
    if d is None:
        return KOSONG
    text = f"{d.day} {BULAN[d.month - 1]} {d.year}"
    return f"{HARI[d.weekday()]}, {text}" if hari else text


def waktu(x: object, zona: str | None = None) -> str:
    """A moment in local time: ``"2026-12-05T11:41:00+00:00"`` → ``"5 Desember 2026, 18.41 WIB"``.

    Parameters
    ----------
    x : datetime, Timestamp or ISO 8601 text
        The moment. planlib's stores write UTC; a time without a zone is taken as UTC.
    zona : str, optional
        ``"WIB"``, ``"WITA"`` or ``"WIT"`` (see :func:`zona_waktu`); WIB by default.

    Returns
    -------
    str
        ``"–"`` when empty or unreadable.

    Examples
    --------
    >>> waktu("2026-12-05T11:41:00+00:00"), waktu("2026-12-05T11:41:00Z", "WITA")
    ('5 Desember 2026, 18.41 WIB', '5 Desember 2026, 19.41 WITA')
    """
    d = _as_datetime(x)
    if d is None:
        return KOSONG
    if not isinstance(d, _dt.datetime):
        return tanggal(d)
    z = zona_waktu(zona=zona) if zona else ZONA_BAWAAN
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.UTC)
    local = d.astimezone(_dt.timezone(_dt.timedelta(hours=ZONA[z])))
    return f"{tanggal(local)}, {local:%H.%M} {z}"


def sekarang(zona: str | None = None) -> str:
    """The present moment as :func:`waktu` writes it.

    Parameters
    ----------
    zona : str, optional
        As for :func:`waktu`.

    Returns
    -------
    str
    """
    return waktu(_dt.datetime.now(_dt.UTC), zona)


def hari_ini(zona: str | None = None) -> _dt.date:
    """Today's date in the local time of ``zona`` (WIB by default), not the machine's.

    Parameters
    ----------
    zona : str, optional
        As for :func:`waktu`.

    Returns
    -------
    datetime.date
    """
    z = zona_waktu(zona=zona) if zona else ZONA_BAWAAN
    return _dt.datetime.now(_dt.timezone(_dt.timedelta(hours=ZONA[z]))).date()

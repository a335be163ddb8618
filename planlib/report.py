"""Problems found while loading input files, and the per-file row accounting.

Every loader in planlib returns its data together with a :class:`FileReport`.
The invariant of a report is ``rows_in == rows_loaded + rows_reported``: a row
of an input file is either loaded or named in the report with a reason. Rows
that are loaded may still carry warnings (a fuzzy-matched kecamatan name, for
example); those do not count as reported rows.

Reasons and suggestions are written in Bahasa Indonesia because they are shown
to the analyst; the code around them is in English.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

Severity = Literal["error", "warning"]

#: Name of the column every loader keeps with the row number as seen in Excel.
ROW = "baris"

#: Problem codes: default severity and the reason shown to the analyst.
REASONS: dict[str, tuple[Severity, str]] = {
    # structure of the sheet
    "baris_kosong": ("warning", "baris kosong"),
    "header_berulang": ("warning", "judul kolom berulang di tengah data"),
    "baris_total": ("warning", "baris jumlah/total, bukan data"),
    "bukan_data": ("warning", "bukan baris data (catatan, sumber atau keterangan)"),
    "wajib_kosong": ("error", "kolom wajib kosong"),
    # input limits
    "sel_rumus": (
        "warning",
        "sel berisi rumus (formula); yang dibaca nilai tersimpannya (hasil hitungan terakhir "
        "di Excel), bukan rumusnya",
    ),
    "tautan_eksternal": (
        "warning",
        "rumus mengambil nilai dari berkas lain (external link); nilai tersimpannya bisa usang",
    ),
    # identifiers
    "id_ganda_sama": ("warning", "ID ganda: baris sama persis dengan baris sebelumnya"),
    "id_ganda_beda": ("error", "ID ganda dengan isi berbeda dari baris sebelumnya"),
    "id_kosong": ("warning", "ID kosong; ID dibuat dari isi baris"),
    "usulan_kembar": (
        "warning",
        "isi sama dengan usulan lain tanpa ID; dimuat sebagai usulan tersendiri",
    ),
    "usulan_kosong": ("error", "teks usulan kosong"),
    # cell values
    "tanggal_tidak_sah": ("warning", "tanggal tidak terbaca"),
    "angka_tidak_sah": ("warning", "angka tidak terbaca"),
    "nilai_tidak_sah": ("error", "nilai tidak terbaca"),
    "tahun_tidak_sah": ("error", "tahun tidak terbaca"),
    "nilai_tidak_dikenal": ("warning", "nilai tidak dikenal"),
    # places
    "kecamatan_mirip": ("warning", "nama kecamatan tidak persis; dicocokkan dengan nama termirip"),
    "kecamatan_ambigu": ("error", "nama kecamatan cocok dengan lebih dari satu kecamatan"),
    "kecamatan_tidak_dikenal": ("error", "kecamatan tidak dikenal"),
    "kecamatan_kosong": ("error", "kecamatan kosong"),
    "desa_mirip": ("warning", "nama desa tidak persis; dicocokkan dengan nama termirip"),
    "desa_ambigu": ("warning", "nama desa cocok dengan lebih dari satu desa; desa dikosongkan"),
    "desa_tidak_dikenal": ("warning", "desa tidak dikenal di kecamatan ini; desa dikosongkan"),
    "wilayah_mirip": ("warning", "nama wilayah tidak persis; dicocokkan dengan nama termirip"),
    "wilayah_ambigu": ("error", "nama wilayah cocok dengan lebih dari satu wilayah"),
    "wilayah_tidak_dikenal": ("error", "wilayah tidak dikenal"),
    "kabupaten_lain": ("error", "baris milik kabupaten lain"),
    "di_luar_kabupaten": ("warning", "wilayah di luar kabupaten ini; diabaikan"),
    "kode_tidak_sah": ("error", "kode wilayah tidak sah"),
    "kode_ganda": ("error", "kode ganda"),
    # boundaries and dapil
    "geometri_kosong": ("error", "geometri kosong"),
    "geometri_diperbaiki": ("warning", "geometri tidak sah; sudah diperbaiki"),
    "poligon_ganda": ("warning", "lebih dari satu fitur untuk kode yang sama; digabung"),
    "tanpa_poligon": ("warning", "wilayah dalam daftar kode tanpa poligon"),
    "crs_diasumsikan": ("warning", "berkas tanpa CRS; dianggap EPSG:4326"),
    "tanpa_dapil": ("warning", "kecamatan tidak masuk dapil mana pun"),
    "dapil_ganda": ("error", "kecamatan sudah masuk dapil lain"),
    # dapil lists
    "dapil_jenis_lain": ("warning", "baris Dapil DPR RI atau DPRD provinsi, bukan DPRD kabupaten/kota; diabaikan"),
    "dapil_berulang": ("warning", "sudah tercantum di Dapil yang sama; diabaikan"),
    "desa_dapil_ganda": ("error", "desa sudah masuk dapil lain"),
    "desa_tanpa_dapil": ("warning", "desa dari kecamatan yang dibagi antar-Dapil tidak masuk dapil mana pun"),
    "judul_dapil": ("warning", "baris judul kelompok Dapil (kecamatannya di baris berikutnya), bukan data"),
    "kursi_berbeda": ("warning", "jumlah kursi berbeda dengan baris lain Dapil yang sama; dipakai yang pertama"),
    "tingkatan_tidak_dikenal": ("error", "tingkatan wilayah tidak dikenal (kecamatan, pecahan_kecamatan atau desa_kelurahan)"),
    # boundaries as analysts have them
    "kode_dari_nama": ("warning", "kode kosong atau tidak dikenal; fitur ditempatkan menurut namanya (di kecamatannya)"),
    "fitur_tidak_ditempatkan": ("error", "fitur tidak dapat ditempatkan: kode kosong atau tidak dikenal dan nama tidak ditemukan (di kecamatannya); tidak digabung ke wilayah lain"),
    "kode_sudah_dipakai": ("error", "nama menunjuk wilayah yang sudah punya poligon dari fitur lain; fitur ini tidak digabung"),
    "bukan_poligon": ("error", "geometri bukan poligon (titik atau garis)"),
    "kecamatan_desa_sebagian": ("warning", "kecamatan dibentuk dari sebagian desanya saja; desa lain tanpa poligon"),
    "kecamatan_dari_bawaan": ("warning", "tidak ada poligon desa di kecamatan ini; dipakai batas kecamatan bawaan"),
    "dapil_tanpa_poligon": ("warning", "tidak satu pun kecamatan dapil ini punya poligon; peta dapil tidak tergambar"),
    "tanpa_batas": ("warning", "workspace tanpa poligon kecamatan atau desa; peta tidak tergambar"),
    # indicators and plans
    "indikator_bertentangan": (
        "error",
        "nilai bertentangan dengan baris lain (wilayah, tahun, indikator, seri sama)",
    ),
    "indikator_duplikat": ("warning", "duplikat dengan nilai yang sama; baris kedua diabaikan"),
    "induk_tidak_ada": ("error", "induk (parent_id) tidak ada di pohon kinerja"),
    "bidang_tidak_dikenal": ("warning", "bidang tidak dapat ditentukan dari urusan/OPD"),
    # added with indikator.py / perencanaan.py
    "nilai_kosong": ("warning", "nilai kosong (tidak ada data)"),
    "pohon_berputar": ("error", "pohon kinerja berputar: node menjadi leluhur dirinya sendiri"),
    # realisasi fisik dan keuangan (planlib.realisasi)
    "triwulan_tidak_sah": ("error", "triwulan tidak terbaca (I–IV, 1–4, TW II, Triwulan 3 atau bulan)"),
    "triwulan_dari_bulan": ("warning", "tertulis bulan, bukan triwulan; dipakai triwulan bulan itu"),
    "tahun_lain": ("error", "baris milik tahun anggaran lain"),
    "realisasi_ganda_sama": ("warning", "sub kegiatan, indikator dan triwulan sama dengan baris sebelumnya, isi sama; diabaikan"),
    "realisasi_ganda_beda": ("error", "sub kegiatan, indikator dan triwulan sama dengan baris sebelumnya, isi berbeda; baris pertama dipakai"),
    "realisasi_melebihi_pagu": ("warning", "realisasi keuangan melebihi pagu"),
    "fisik_melebihi_100": ("warning", "persentase fisik lebih dari 100%"),
    "fisik_pecahan": ("warning", "persentase fisik tertulis sebagai pecahan (0,75); dikalikan 100"),
    "target_kosong": ("warning", "target keluaran kosong atau 0; capaian keluaran tidak dapat dihitung"),
    "baris_induk": ("warning", "baris urusan/program/kegiatan/OPD (induk), bukan sub kegiatan"),
    "opd_mirip": ("warning", "nama OPD tidak persis; dicocokkan dengan nama OPD termirip di rencana"),
    "opd_ambigu": ("warning", "nama OPD mirip lebih dari satu OPD di rencana; ditulis apa adanya"),
    "opd_tidak_dikenal": ("warning", "OPD tidak ada di rencana (pohon kinerja/Renja); ditulis apa adanya"),
}  # fmt: skip


class PlanlibError(Exception):
    """An error with a message meant for the analyst (no traceback is shown)."""


class WorkspaceError(PlanlibError):
    """The workspace itself cannot be used (missing ``planlib.toml``, unreadable file)."""


@dataclass(frozen=True)
class Problem:
    """One problem in one input row (or in the file as a whole when ``row`` is None).

    Attributes
    ----------
    row : int or None
        Row number as seen in Excel (1-based, header rows included).
    column : str or None
        Column header as written in the file.
    value : str or None
        The offending cell value as text.
    reason : str
        Why it is a problem, in Bahasa Indonesia.
    suggestion : str or None
        What the value probably should be, e.g. ``"Padang Batung?"``.
    severity : {"error", "warning"}
        Errors make ``planlib check`` exit 1.
    dropped : bool
        True when the row was not loaded because of this problem.
    code : str or None
        Machine-readable key of the reason (see :data:`REASONS`).
    """

    row: int | None
    column: str | None
    value: str | None
    reason: str
    suggestion: str | None = None
    severity: Severity = "error"
    dropped: bool = False
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The problem as a plain dict (the keys of the attributes).

        Returns
        -------
        dict
            ``row``, ``column``, ``value``, ``reason``, ``suggestion``, ``severity``,
            ``dropped`` and ``code``.
        """
        return asdict(self)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


@dataclass
class FileReport:
    """The row accounting and the problems of one input file."""

    path: str
    kind: str
    rows_in: int = 0
    rows_loaded: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Set when the file could not be used at all.
    fatal: str | None = None
    #: The sheet of a workbook the table was read from.
    sheet: str | None = None
    #: Remarks about the file as a whole, for the analyst (which sheet, HTML
    #: saved as ``.xls``, no data rows …); they are not problems.
    notes: list[str] = field(default_factory=list)

    # -- recording ---------------------------------------------------------
    def note(self, text: str) -> None:
        """Record a remark about the whole file (shown under the file's line in the report).

        Parameters
        ----------
        text : str
            One sentence in Bahasa Indonesia; a remark already recorded is not repeated.
        """
        if text not in self.notes:
            self.notes.append(text)

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        dropped: bool = False,
        reason: str | None = None,
    ) -> None:
        """Record one problem of the file or of one row, without dropping anything.

        Parameters
        ----------
        code : str
            A key of :data:`REASONS` (an unknown code is an error with the
            code as its reason).
        row, column, value, suggestion : optional
            Where, what and the probable fix (see :class:`Problem`).
        severity : {"error", "warning"}, optional
            Overrides the code's default severity.
        dropped : bool
            Whether the row was not loaded because of it.
        reason : str, optional
            Overrides the code's default reason.
        """
        sev, text = _reason(code, severity, reason)
        self.problems.append(
            Problem(row, column, _text(value), text, suggestion, sev, dropped, code)
        )

    def drop(
        self,
        df: pd.DataFrame,
        mask: pd.Series,
        code: str,
        *,
        column: str | None = None,
        values: Iterable | None = None,
        suggestions: Iterable | None = None,
        severity: Severity | None = None,
        reason: str | None = None,
    ) -> pd.DataFrame:
        """Report the rows of ``df`` where ``mask`` holds and return the others.

        ``df`` must carry the Excel row number in column :data:`ROW`; ``column``
        is the header text as written in the file (its values are reported
        when ``values`` is not given and ``df`` has a column of that name).

        Parameters
        ----------
        df : DataFrame
            Rows of the input file, with the Excel row number in :data:`ROW`.
        mask : Series of bool
            The rows to drop (aligned on ``df``'s index; missing counts as False).
        code : str
            A key of :data:`REASONS`, e.g. ``"kecamatan_tidak_dikenal"``.
        column : str, optional
            The column header as written in the file.
        values : iterable, optional
            The offending value of each dropped row: as many as dropped rows, or as
            many as rows of ``df`` (then taken where ``mask`` holds), or a Series
            aligned on ``df``.
        suggestions : iterable, optional
            What each value probably should be, aligned like ``values``.
        severity : {"error", "warning"}, optional
            Overrides the code's default severity.
        reason : str, optional
            Overrides the code's default reason (Bahasa Indonesia).

        Returns
        -------
        DataFrame
            The rows of ``df`` that are kept (where ``mask`` does not hold).

        Examples
        --------
        >>> fr = FileReport("usulan.xlsx", "usulan", rows_in=2)
        >>> df = pd.DataFrame({ROW: [2, 3], "Anggaran": ["1000", "x"]})
        >>> kept = fr.drop(df, df["Anggaran"] == "x", "angka_tidak_sah", column="Anggaran")
        >>> len(kept), fr.problems[0].row, fr.problems[0].value
        (1, 3, 'x')
        """
        mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
        if mask.any():
            sev, text = _reason(code, severity, reason)
            self._record(df, mask, code, text, column, values, suggestions, sev, True)
        return df.loc[~mask]

    def warn(
        self,
        df: pd.DataFrame,
        mask: pd.Series,
        code: str,
        *,
        column: str | None = None,
        values: Iterable | None = None,
        suggestions: Iterable | None = None,
        severity: Severity | None = None,
        reason: str | None = None,
    ) -> None:
        """Record a problem for each row where ``mask`` holds, keeping the rows.

        Parameters
        ----------
        df : DataFrame
            Rows of the input file, with the Excel row number in :data:`ROW`.
        mask : Series of bool
            The rows the problem concerns.
        code : str
            A key of :data:`REASONS`.
        column, values, suggestions, severity, reason : optional
            As in :meth:`drop`; nothing is removed from ``df``.
        """
        mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
        if mask.any():
            sev, text = _reason(code, severity, reason)
            self._record(df, mask, code, text, column, values, suggestions, sev, False)

    def _record(self, df, mask, code, reason, column, values, suggestions, severity, dropped):
        rows = df.loc[mask, ROW].tolist()
        n = len(rows)
        vals = _aligned(values, mask, n)
        if vals is None and column is not None and column in df.columns:
            vals = df.loc[mask, column].tolist()
        sugg = _aligned(suggestions, mask, n)
        for i, r in enumerate(rows):
            self.problems.append(
                Problem(
                    int(r) if r is not None and not pd.isna(r) else None,
                    column,
                    _text(vals[i]) if vals is not None else None,
                    reason,
                    _text(sugg[i]) if sugg is not None else None,
                    severity,
                    dropped,
                    code,
                )
            )

    # -- accounting ----------------------------------------------------------
    @property
    def rows_reported(self) -> int:
        """Number of distinct rows that were not loaded (each named in a problem)."""
        return len({p.row for p in self.problems if p.dropped})

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity ``warning``."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def balanced(self) -> bool:
        """True when every input row is either loaded or reported."""
        return self.rows_in == self.rows_loaded + self.rows_reported

    def reasons(self) -> Counter:
        """Rows reported grouped by reason (only dropped rows).

        Returns
        -------
        Counter
            Reason (Bahasa Indonesia) → number of distinct rows not loaded for it;
            a row is counted once, under its first reason.
        """
        seen: dict[int | None, str] = {}
        for p in self.problems:
            if p.dropped and p.row not in seen:
                seen[p.row] = p.reason
        return Counter(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what ``planlib check --json`` prints per file).

        Returns
        -------
        dict
            ``path``, ``kind``, ``rows_in``, ``rows_loaded``, ``rows_reported``,
            ``fatal``, ``sheet``, ``notes`` and ``problems`` (each as
            :meth:`Problem.to_dict`).
        """
        return {
            "path": self.path,
            "kind": self.kind,
            "rows_in": self.rows_in,
            "rows_loaded": self.rows_loaded,
            "rows_reported": self.rows_reported,
            "fatal": self.fatal,
            "sheet": self.sheet,
            "notes": list(self.notes),
            "problems": [
                {k: v for k, v in p.to_dict().items() if k != "dropped"} | {"dropped": p.dropped}
                for p in self.problems
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileReport:
        """The report written by :meth:`to_dict` (reports of older planlib versions included).

        Parameters
        ----------
        d : dict
            As :meth:`to_dict` returns it (``rows_reported`` is ignored: it is
            recomputed from the problems); ``fatal``, ``sheet``, ``notes`` and
            ``problems`` may be absent.

        Returns
        -------
        FileReport
            The same report.
        """
        probs = [Problem(**p) for p in d.get("problems", [])]
        return cls(
            d["path"], d["kind"], d["rows_in"], d["rows_loaded"], probs, d.get("fatal"),
            d.get("sheet"), list(d.get("notes") or []),
        )  # fmt: skip


def _reason(code: str, severity: Severity | None, reason: str | None) -> tuple[Severity, str]:
    default_sev, default_text = REASONS.get(code, ("error", code.replace("_", " ")))
    return severity or default_sev, reason or default_text


def _aligned(values, mask, n):
    """``values`` for the ``n`` rows of ``mask``: one per row, a Series, or one text for all."""
    if values is None:
        return None
    if isinstance(values, str):  # one text for every row (not a sequence of characters)
        return [values] * n
    if isinstance(values, pd.Series):
        return values[mask].tolist()
    values = list(values)
    if len(values) == n:
        return values
    return [v for v, m in zip(values, mask.tolist(), strict=True) if m]


@dataclass
class Report:
    """The reports of all files of a workspace."""

    files: list[FileReport] = field(default_factory=list)

    def add(self, fr: FileReport) -> FileReport:
        """Append the report of one more file and return it.

        Parameters
        ----------
        fr : FileReport
            The report of one input file.

        Returns
        -------
        FileReport
            ``fr`` itself, so that a loader can go on recording into it.
        """
        self.files.append(fr)
        return fr

    @property
    def has_errors(self) -> bool:
        """True when a file could not be used or has an error."""
        return any(f.fatal or f.errors for f in self.files)

    @property
    def balanced(self) -> bool:
        """True when every file accounts for every row."""
        return all(f.balanced for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """``{"files": [...]}`` with :meth:`FileReport.to_dict` of each file.

        Returns
        -------
        dict
            JSON-ready data (what ``planlib check --json`` prints).
        """
        return {"files": [f.to_dict() for f in self.files]}

    def to_json(self, **kw: Any) -> str:
        """:meth:`to_dict` as JSON (non-ASCII kept); ``kw`` goes to :func:`json.dumps`.

        Parameters
        ----------
        **kw : Any
            Options of :func:`json.dumps`, e.g. ``indent=2``.

        Returns
        -------
        str
            The JSON text.
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, **kw)

    def to_frame(self) -> pd.DataFrame:
        """All problems as one table (for notebooks and exports).

        Returns
        -------
        DataFrame
            One row per problem: ``file``, ``kind``, ``row``, ``column``, ``value``,
            ``reason``, ``suggestion``, ``severity``, ``dropped`` and ``code``.
        """
        rows = [
            {"file": f.path, "kind": f.kind, **p.to_dict()} for f in self.files for p in f.problems
        ]
        cols = [
            "file",
            "kind",
            "row",
            "column",
            "value",
            "reason",
            "suggestion",
            "severity",
            "dropped",
            "code",
        ]
        return pd.DataFrame(rows, columns=cols)

    def format(self, max_problems: int = 20) -> str:
        """A human-readable summary in Bahasa Indonesia.

        Parameters
        ----------
        max_problems : int
            Problems listed per file (the rest are counted).

        Returns
        -------
        str
            Per file: the sheet, notes, rows in/loaded/reported, rows not
            loaded by reason, and each problem with row, column, value,
            reason and suggestion.
        """
        out: list[str] = []
        for f in self.files:
            sheet = f"  lembar '{f.sheet}'" if f.sheet else ""
            out.append(f"{f.path}  [{f.kind}]{sheet}")
            if f.fatal:
                out.append(f"  TIDAK DAPAT DIBACA: {f.fatal}")
                continue
            out.append(
                f"  baris masuk {f.rows_in:,} · dimuat {f.rows_loaded:,} · dilaporkan {f.rows_reported:,}"
                f" · galat {len(f.errors):,} · peringatan {len(f.warnings):,}".replace(",", ".")
            )
            for text in f.notes:
                out.append(f"    catatan: {text}")
            for reason, n in f.reasons().most_common():
                out.append(f"    {n:>6} baris tidak dimuat: {reason}")
            for p in f.problems[:max_problems]:
                where = f"baris {p.row}" if p.row is not None else "berkas"
                col = f", kolom '{p.column}'" if p.column else ""
                val = f", nilai '{p.value}'" if p.value is not None else ""
                sug = f" → {p.suggestion}" if p.suggestion else ""
                tag = "GALAT" if p.severity == "error" else "peringatan"
                out.append(f"    [{tag}] {where}{col}{val}: {p.reason}{sug}")
            if len(f.problems) > max_problems:
                out.append(
                    f"    … dan {len(f.problems) - max_problems:,} masalah lain".replace(",", ".")
                )
        return "\n".join(out)

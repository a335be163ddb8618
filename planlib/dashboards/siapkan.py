"""Siapkan workspace: from an empty folder to a drawn map, in the browser, with no programmer.

The page does what ``planlib init`` and ``planlib tambah`` do, writing the same
``planlib.toml``: choose the kabupaten/kota from a searchable list of all 514, drop the
files as they are, see what each was recognised as and why and the check report in plain
words, answer what needs a choice (the year of an export, replacing a second export of a
year) with a control, then open the dashboards. The work is done by
:func:`planlib.templates.write_skeleton` and :func:`planlib.intake.register.tambah`; this module
only lays out and calls.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import reference
from ..intake.recognise import CHOOSABLE, KINDS, header_guess
from ..intake.register import Placement, tambah
from ..report import PlanlibError
from ..tabular import EXCEL_SUFFIXES, TEXT_SUFFIXES, read_sheets
from ..templates import write_skeleton
from ..workspace import Workspace
from ..workspace.config import CONFIG
from .layout import html_table, message
from .periksa import summary_table
from .voila import resolve_workspace

#: The dashboards the page links to once the workspace is ready.
DASBOR = [
    ("01-peta-usulan.ipynb", "Peta usulan"),
    ("02-indikator.ipynb", "Indikator"),
    ("03-forum-dapil.ipynb", "Forum Dapil"),
    ("04-forum-perangkat-daerah.ipynb", "Forum Perangkat Daerah"),
    ("05-lintas-pd.ipynb", "Forum Lintas PD"),
    ("06-rakerda.ipynb", "Rakerda"),
    ("07-rembuk-remas.ipynb", "Rembuk Remas"),
    ("00-periksa-workspace.ipynb", "Periksa workspace"),
]
#: What the file picker offers (a shapefile's parts are chosen together).
ACCEPT = (
    ".xlsx,.xls,.xlsm,.ods,.csv,.txt,.zip,.shp,.dbf,.shx,.prj,.cpg,.geojson,.json,.gpkg,.parquet"
)
_STATUS_COLOUR = {"ditambahkan": "#1b5e20", "sudah ada": "#1f3b73", "perlu pilihan": "#8a4b00",
                  "tidak dikenali": "#b00020"}  # fmt: skip
_CSS = """<style>
.planlib-siapkan h2{font-size:24px;margin:8px 0 4px 0;color:#1f3b73}
.planlib-siapkan h3{font-size:18px;margin:16px 0 4px 0;color:#1f3b73}
.planlib-siapkan p{font-size:15px;max-width:60em}
.planlib-siapkan td,.planlib-siapkan th{padding:4px 8px;border-bottom:1px solid #ddd;
 text-align:left;vertical-align:top;font-size:14px}
.planlib-siapkan .widget-html,.planlib-siapkan .widget-html-content{max-width:100%;min-width:0}
.planlib-siapkan .galat{color:#b00020}
</style>"""


class Siapkan:
    """The state of one visitor's setup page.

    Parameters
    ----------
    folder : Path
        The workspace folder (it may not hold a ``planlib.toml`` yet).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = Path(tempfile.mkdtemp(prefix="planlib-unggah-"))
        self._labels = {k.label: k.kode for k in reference.kabupaten_list()}
        self.status = w.HTML()
        self.w_kab = w.Combobox(
            options=list(self._labels),
            placeholder="Ketik nama atau kode, mis. Lombok Timur atau 52.03",
            description="Kabupaten/kota",
            ensure_option=False,
            style={"description_width": "130px"},
            layout=w.Layout(width="560px"),
        )
        self.b_buat = w.Button(description="Buat workspace", button_style="primary")
        self.b_buat.on_click(lambda _: self.buat(self.w_kab.value))
        self.langkah1 = w.VBox(
            [
                w.HTML(
                    "<h3>1. Pilih kabupaten/kota</h3><p>Kode wilayah, batas kecamatan dan "
                    "Dapil (KPU, Pemilu 2024) sudah dibawa planlib.</p>"
                ),  # fmt: skip
                w.HBox([self.w_kab, self.b_buat]),
            ]
        )
        self.w_berkas = w.FileUpload(
            accept=ACCEPT, multiple=True, description="Pilih berkas", button_style="primary",
            layout=w.Layout(width="220px"),
        )  # fmt: skip
        self.w_berkas.observe(self._uploaded, "value")
        self.hasil = w.HTML()
        self.pilihan = w.VBox()
        self.laporan = w.HTML()
        self.tautan = w.HTML()
        self.langkah2 = w.VBox(
            [
                w.HTML(
                    "<h3>2. Tambahkan berkas apa adanya</h3><p>Ekspor SIPD, unduhan tabel "
                    "BPS, SHP desa (boleh ZIP; pilih .shp bersama .dbf, .shx dan .prj), "
                    "daftar Dapil, realisasi, target RPJMD, pohon kinerja, Renja. Nama dan "
                    "urutan bebas: planlib mengenali isinya.</p>"
                ),  # fmt: skip
                self.w_berkas,
                self.hasil,
                self.pilihan,
                w.HTML("<h3>3. Hasil pemeriksaan</h3>"),
                self.laporan,
                w.HTML("<h3>4. Buka dasbor</h3>"),
                self.tautan,
            ]
        )
        self.root = w.VBox(
            [w.HTML(_CSS + "<h2>Siapkan workspace</h2>"), self.status, self.langkah1, self.langkah2]
        )
        self.root.add_class("planlib-siapkan")
        self.refresh()

    # ------------------------------------------------------------------ state
    @property
    def ready(self) -> bool:
        """Whether the folder holds a workspace."""
        return (self.folder / CONFIG).exists()

    def refresh(self, ws: Workspace | None = None) -> None:
        """Show the steps that apply, the check report and the dashboards' links.

        Parameters
        ----------
        ws : Workspace, optional
            The workspace just loaded (by :func:`planlib.intake.register.tambah`); opened here when
            not given.
        """
        self.langkah1.layout.display = "none" if self.ready else None
        self.langkah2.layout.display = None if self.ready else "none"
        if not self.ready:
            self.status.value = f"<p>Folder <code>{html.escape(str(self.folder))}</code> belum berisi workspace.</p>"
            return
        if ws is None:
            from ..workspace import open_workspace

            try:
                ws = open_workspace(self.folder)
            except PlanlibError as e:
                self.status.value = f"<p class='galat'>{html.escape(str(e))}</p>"
                return
        self.status.value = (
            f"<p>Workspace <b>{html.escape(ws.config.nama)}</b> ({ws.config.kabupaten}) di "
            f"<code>{html.escape(str(self.folder))}</code>: {len(ws.kecamatan)} kecamatan, "
            f"{ws.kecamatan['dapil'].nunique()} Dapil, "
            + (
                f"usulan tahun {', '.join(map(str, ws.tahun))}."
                if ws.tahun
                else "belum ada usulan."
            )
            + "</p>"
        )
        self.laporan.value = _report_html(ws)
        self.tautan.value = "<p>" + " · ".join(
            f"<a href='{nb}' style='font-size:16px'>{html.escape(label)}</a>" for nb, label in DASBOR
        ) + "</p>"  # fmt: skip

    # ------------------------------------------------------------------ actions
    def buat(self, text: str) -> None:
        """Create the workspace for the kabupaten/kota chosen or typed.

        Parameters
        ----------
        text : str
            A label of the list (``Kabupaten Bima (Nusa Tenggara Barat, 52.06)``) or a
            name or code as :func:`planlib.reference.find_kabupaten` reads it.
        """
        kode = self._labels.get(text.strip(), text)
        try:
            write_skeleton(self.folder, kode)
        except PlanlibError as e:
            self.status.value = f"<p class='galat'>{html.escape(str(e))}</p>"
            return
        self.refresh()

    def tambah(
        self,
        paths: list[Path],
        tahun: int | None = None,
        ganti: bool = False,
        jenis: str | None = None,
        kolom: dict[str, str] | None = None,
        sheet: str | None = None,
    ) -> None:
        """Add files (already saved on this machine) and show what became of each.

        Parameters
        ----------
        paths : list of Path
            The files.
        tahun : int, optional
            The year of an export that does not say it.
        ganti : bool
            Replace an usulan export already registered for the same year.
        jenis : str, optional
            What the analyst says the files are (when planlib did not recognise them).
        kolom : dict, optional
            With ``jenis``: field → the file's header text, mapped by hand.
        sheet : str, optional
            With ``jenis``: the sheet that holds the table.
        """
        try:
            placements, ws = tambah(
                self.folder, paths, tahun=tahun, ganti=ganti, jenis=jenis, kolom=kolom, sheet=sheet
            )
        except PlanlibError as e:
            self.hasil.value = f"<p class='galat'>{html.escape(str(e))}</p>"
            return
        self.hasil.value = _placements_html(placements)
        self.pilihan.children = [c for p in placements if (c := self._choice(p)) is not None]
        self.refresh(ws)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        batch = Path(tempfile.mkdtemp(dir=self.staging))
        paths = []
        for f in files:
            name = Path(str(f["name"])).name  # never a path from the browser
            target = batch / name
            target.write_bytes(bytes(f["content"]))
            paths.append(target)
        main = [p for p in paths if p.suffix.lower() not in {".dbf", ".shx", ".prj", ".cpg"}]
        self.tambah(main)

    def _choice(self, p: Placement) -> w.Widget | None:
        """A control for a file that needs the analyst's choice, or None."""
        src = p.recognition.source
        if p.status == "tidak dikenali" and src.suffix.lower() in EXCEL_SUFFIXES | TEXT_SUFFIXES:
            return self._kind_choice(src)
        if p.status != "perlu pilihan" or p.recognition.kind not in ("usulan", "realisasi"):
            return None
        if p.recognition.tahun is None:
            year = w.BoundedIntText(value=2026, min=2000, max=2100, description="Tahun",
                                    layout=w.Layout(width="180px"))  # fmt: skip
            go = w.Button(description=f"Tambahkan {src.name}", button_style="warning",
                          layout=w.Layout(width="auto"))  # fmt: skip
            go.on_click(lambda _: self.tambah([src], tahun=year.value))
            return w.HBox([w.HTML(f"<p>Tahun {html.escape(src.name)}?&nbsp;</p>"), year, go])
        go = w.Button(description=f"Ganti ekspor {p.recognition.tahun} dengan {src.name}",
                      button_style="warning", layout=w.Layout(width="auto"))  # fmt: skip
        go.on_click(lambda _: self.tambah([src], ganti=True))
        return go

    def _kind_choice(self, src: Path) -> w.Widget:
        """Say what an unrecognised table is, on which sheet, and map the columns whose header
        was not known."""
        try:
            sheets = [t.sheet for t in read_sheets(src) if t.sheet]
            headers = header_guess(src)
        except PlanlibError as e:
            return w.HTML(f"<p class='galat'>{html.escape(str(e))}</p>")
        kind = w.Dropdown(
            options=[("— pilih —", "")] + [(KINDS[k], k) for k in CHOOSABLE],
            description=f"{src.name} adalah", style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        sheet = w.Dropdown(
            options=sheets or [""], description="lembar", style={"description_width": "140px"},
            layout=w.Layout(width="480px", display=None if len(sheets) > 1 else "none"),
        )  # fmt: skip
        fields = w.VBox()
        go = w.Button(description="Tambahkan dengan pilihan ini", button_style="warning",
                      disabled=True, layout=w.Layout(width="auto"))  # fmt: skip

        def chosen(_: Any = None) -> None:
            nonlocal headers
            if sheet.value:
                headers = header_guess(src, sheet.value)
            go.disabled = not kind.value
            fields.children = [
                w.Dropdown(
                    options=[("(kenali sendiri)", "")] + [(h, h) for h in headers],
                    description=f"kolom {f}",
                    style={"description_width": "140px"},
                    layout=w.Layout(width="480px"),
                )  # fmt: skip
                for f in CHOOSABLE.get(kind.value, [])
            ]

        def add(_: Any) -> None:
            mapping = {
                f: d.value
                for f, d in zip(CHOOSABLE[kind.value], fields.children, strict=True)
                if isinstance(d, w.Dropdown) and d.value
            }
            other = sheet.value if len(sheets) > 1 and sheet.value != sheets[0] else None
            self.tambah([src], jenis=kind.value, kolom=mapping or None, sheet=other)

        kind.observe(chosen, "value")
        sheet.observe(chosen, "value")
        go.on_click(add)
        return w.VBox([kind, sheet, fields, go])

    def widget(self) -> w.Widget:
        """The page.

        Returns
        -------
        ipywidgets.Widget
        """
        return self.root

    def close(self) -> None:
        """Remove the uploaded copies kept for choices."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _placements_html(placements: list[Placement]) -> str:
    rows = []
    for p in placements:
        r = p.recognition
        kind = KINDS.get(r.kind or "", "—") + (f" {r.tahun}" if r.tahun else "")
        colour = _STATUS_COLOUR.get(p.status, "#333")
        note = r.reason if r.kind is None or not p.message else f"{r.reason} — {p.message}"
        rows.append(
            f"<tr><td>{html.escape(r.source.name)}</td><td>{html.escape(kind)}</td>"
            f"<td style='color:{colour};font-weight:600'>{html.escape(p.status)}</td>"
            f"<td>{html.escape(note)}</td></tr>"
        )
    return _scroll(
        "<table class='planlib-hasil'><thead><tr><th>Berkas</th><th>Dikenali sebagai</th>"
        f"<th>Status</th><th>Mengapa</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _scroll(table: str) -> str:
    """A table that scrolls sideways in its own box on a narrow screen (a phone)."""
    return f"<div style='overflow-x:auto;max-width:100%'>{table}</div>"


def _report_html(ws: Workspace, per_file: int = 5) -> str:
    n = ("Baris masuk", "Dimuat", "Dilaporkan", "Galat", "Peringatan")
    cols = [(c, c, "n" if c in n else "t") for c in ("Berkas", "Jenis", *n)]
    out = [_scroll(html_table(summary_table(ws.report), cols))]
    for f in ws.report.files:
        shown = ([f"berkas tidak dapat dibaca: {f.fatal}"] if f.fatal else []) + [
            f"baris {p.row or '–'}: {p.reason}"
            + (f" — {p.value!s}" if p.value not in (None, "") else "")
            + (f" (saran: {p.suggestion})" if p.suggestion else "")
            for p in f.problems[:per_file]
        ]
        if shown:
            items = "".join(f"<li>{html.escape(s)}</li>" for s in shown)
            more = len(f.problems) - per_file
            tail = f"<li>… dan {more} lainnya (lihat Periksa workspace)</li>" if more > 0 else ""
            out.append(f"<p><b>{html.escape(Path(f.path).name)}</b></p><ul>{items}{tail}</ul>")
    return "".join(out)


def tampilan(workspace: str | None = None, tahun: int | None = None) -> w.Widget:
    """The setup page for ``workspace`` (a folder that may not hold a workspace yet).

    Parameters
    ----------
    workspace : str, optional
        The folder; by default as :func:`~.voila.resolve_workspace` finds it.
    tahun : int, optional
        Unused (every notebook passes its ``tahun`` alike).

    Returns
    -------
    ipywidgets.Widget
        The page; its state object as ``_planlib_view`` (for tests).
    """
    folder = resolve_workspace(workspace).resolve()
    if folder.exists() and not folder.is_dir():
        return message(f"{folder} bukan folder.")
    folder.mkdir(parents=True, exist_ok=True)
    view = Siapkan(folder)
    out = view.widget()
    out._planlib_view = view
    return out

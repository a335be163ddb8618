"""The "Periksa workspace" view: the check report of a workspace, browsable by file and severity."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..formatting import angka
from ..report import Report
from ..workspace import open_workspace
from . import static_export
from .voila import resolve_workspace


def summary_table(report: Report) -> pd.DataFrame:
    """One row per file: rows in / loaded / reported, errors and warnings (Indonesian headers).

    Parameters
    ----------
    report : Report
        The workspace's check report (:attr:`planlib.workspace.Workspace.report`).

    Returns
    -------
    DataFrame
        Columns ``Berkas`` (the file's name), ``Jenis``, ``Baris masuk``,
        ``Dimuat``, ``Dilaporkan``, ``Galat`` (a fatal problem counts as one) and
        ``Peringatan``, in the report's file order.
    """
    rows = [
        {
            "Berkas": Path(f.path).name,
            "Jenis": f.kind,
            "Baris masuk": f.rows_in,
            "Dimuat": f.rows_loaded,
            "Dilaporkan": f.rows_reported,
            "Galat": len(f.errors) + (1 if f.fatal else 0),
            "Peringatan": len(f.warnings),
        }
        for f in report.files
    ]
    return pd.DataFrame(rows)


def _html_table(df: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for _, r in df.iterrows():
        cells = []
        for c in df.columns:
            v = r[c]
            text = angka(v) if c in numeric else ("" if v is None or v != v else str(v))
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table class='planlib-table' tabindex='0' style='border-collapse:collapse;font-size:13px'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def tampilan(workspace: str | None = None, tahun: int | None = None) -> w.Widget:
    """The check report of ``workspace`` as a widget (summary, then filterable problems).

    Parameters
    ----------
    workspace : str, optional
        The workspace folder; by default as :func:`~.voila.resolve_workspace` finds it.
    tahun : int, optional
        Unused: the notebook passes its ``tahun`` parameter to every dashboard
        alike, and the check report covers every year.

    Returns
    -------
    ipywidgets.Widget
        The heading, the per-file summary, the filters (file, severity) and the
        problems table (the first 500 matching rows); under ``planlib build`` also
        written out as a static page.
    """
    ws = open_workspace(resolve_workspace(workspace))
    title = html.escape(ws.config.nama)
    label = f" <span style='color:#b00'>({html.escape(ws.label)})</span>" if ws.label else ""
    head = w.HTML(f"<h2>Periksa workspace — {title}{label}</h2>")
    nums = ("Baris masuk", "Dimuat", "Dilaporkan", "Galat", "Peringatan")
    summary = w.HTML(_html_table(summary_table(ws.report), nums))
    problems = ws.report.to_frame()
    problems["file"] = problems["file"].map(lambda p: Path(p).name)
    files = w.Dropdown(
        options=["(semua)", *sorted(problems["file"].unique())], description="Berkas"
    )
    sev = w.ToggleButtons(options=[("Semua", "all"), ("Galat", "error"), ("Peringatan", "warning")])
    table = w.HTML()

    def refresh(*_: object) -> None:
        df = problems
        if files.value != "(semua)":
            df = df[df["file"] == files.value]
        if sev.value != "all":
            df = df[df["severity"] == sev.value]
        shown = df.head(500).rename(
            columns={
                "file": "Berkas",
                "row": "Baris",
                "column": "Kolom",
                "value": "Nilai",
                "reason": "Alasan",
                "suggestion": "Saran",
                "severity": "Tingkat",
            }  # fmt: skip
        )[["Berkas", "Baris", "Kolom", "Nilai", "Alasan", "Saran", "Tingkat"]]
        shown["Tingkat"] = shown["Tingkat"].map({"error": "galat", "warning": "peringatan"})
        shown["Baris"] = shown["Baris"].map(lambda v: "" if v != v or v is None else str(int(v)))
        note = (
            f"<p>{angka(len(df))} masalah"
            + (" (500 pertama ditampilkan)" if len(df) > 500 else "")
            + "</p>"
        )
        table.value = note + _html_table(shown)

    files.observe(refresh, "value")
    sev.observe(refresh, "value")
    refresh()
    out = w.VBox([head, summary, w.HBox([files, sev]), table])
    static_export.export_if_building(out)
    return out

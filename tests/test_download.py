"""Downloads that work inside Voilà: a data: link built from the file's bytes, made on a click."""

from __future__ import annotations

import base64
import io
import re

import pandas as pd
from openpyxl import load_workbook

from planlib import open_workspace
from planlib.dashboards.layout import (
    MIME,
    download_button,
    download_link,
    file_name,
    table_xlsx,
)
from planlib.report import PlanlibError


def _href(html_text: str) -> tuple[str, str, bytes]:
    m = re.search(r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', html_text)
    assert m, html_text[:200]
    return m.group(1), m.group(2), base64.b64decode(m.group(3))


def test_link_carries_the_bytes_name_and_type():
    data = bytes(range(256)) * 10
    name, mime, got = _href(download_link(data, "berita acara <1>.xlsx"))
    assert got == data
    assert mime == MIME["xlsx"]
    assert name == "berita acara &lt;1&gt;.xlsx"  # escaped inside the attribute
    assert _href(download_link(b"x", "deck.pptx"))[1] == MIME["pptx"]


def test_file_name_is_safe():
    assert file_name("forum-pd", 2026, "Dapil 2", ext="xlsx") == "forum-pd-2026-Dapil-2.xlsx"
    assert "/" not in file_name("irisan", "Dinas A/B", ext="xlsx")


def test_table_xlsx_has_every_row_numbers_as_numbers():
    df = pd.DataFrame(
        {"a": ["x", "y", None], "n": [1.5, float("nan"), 3.0], "rp": [1_000_000.0, 2.0, 3.0]}
    )
    cols = [("Teks", "a", "t"), ("Angka", "n", "n"), ("Anggaran", "rp", "rp")]
    sheet = load_workbook(io.BytesIO(table_xlsx(df, cols, "Judul"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Judul"
    assert rows[2] == ("Teks", "Angka", "Anggaran")
    assert rows[3:] == [("x", 1.5, 1_000_000), ("y", None, 2), (None, 3, 3)]


def test_button_makes_the_file_on_click_and_reports_a_refusal():
    calls = []

    def make():
        calls.append(1)
        return b"isi", "a.csv"

    box = download_button("Unduh", make)
    button, link = box.button, box.link
    assert calls == [] and link.value == ""  # nothing made before the click
    button.click()
    assert calls == [1] and _href(link.value)[2] == b"isi"

    def refuse():
        raise PlanlibError("Tidak ada data untuk diunduh.")

    box = download_button("Unduh", refuse)
    button, link = box.button, box.link
    button.click()
    assert "Tidak ada data untuk diunduh." in link.value and "data:" not in link.value


def test_forum_dapil_download_equals_the_summary(demo_ws):
    from planlib import ranking, rekap
    from planlib.dashboards.forum_dapil import ForumDapil

    ws = open_workspace(demo_ws)
    view = ForumDapil(ws, 2026)
    data, name = view._per_opd_xlsx()
    assert name.endswith(".xlsx") and str(view.w_dapil.value).replace(" ", "-") in name
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))[3:]
    want = ranking.per_opd(rekap.saring(ws, rekap.Saring(2026, dapil=view.w_dapil.value)))
    assert [r[0] for r in rows] == list(want["opd_tujuan"])
    assert [r[1] for r in rows] == list(want["jumlah"])
    assert sum(r[3] for r in rows) == want["anggaran"].sum()

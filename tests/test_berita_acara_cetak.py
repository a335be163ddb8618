"""The Berita Acara as the forum prints and signs it: 9 pt on A4, an opening statement, filters."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from planlib.forum.berita_acara.xlsx import KOLOM_CETAK, write_berita_acara
from planlib.forum.keputusan import BELUM, STATUS, KeputusanStore

from .test_cli import run

#: A4 landscape, in inches.
A4_WIDE = 297 / 25.4


@pytest.fixture(scope="module")
def forum(demo_ws, tmp_path_factory):
    """The demo's usulan of its last year, decisions on every 7th."""
    import planlib
    from planlib.rekap import usulan_tahun

    ws = planlib.open_workspace(demo_ws)
    tahun = max(ws.tahun)
    usulan = usulan_tahun(ws, tahun)
    store = KeputusanStore(tmp_path_factory.mktemp("ba"))
    for k, ident in enumerate(usulan["id_usulan"].iloc[::7]):
        status = STATUS[k % 4]
        store.record(ident, tahun, status, f"alasan {k}", "Notulis A",
                     "Dinas Sosial" if status == "dialihkan" else None)  # fmt: skip
    return usulan, store, tahun


def _header_row(sheet) -> int:
    return next(r for r in range(1, 30) if sheet.cell(r, 1).value == "No")


def _table(sheet) -> list[tuple]:
    h = _header_row(sheet)
    out = []
    for values in sheet.iter_rows(min_row=h + 1, values_only=True):
        if not isinstance(values[0], int):
            break
        out.append(values)
    return out


def _printed_width_in(sheet, columns: int) -> float:
    """Width of the table's columns on paper at 100 % (Excel: a character is 7 px + 5 px padding)."""
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(1, columns + 1)]  # fmt: skip
    return sum(w * 7 + 5 for w in widths) / 96


def test_signed_sheets_print_at_nine_points_on_a4(forum, tmp_path):
    usulan, store, tahun = forum
    path = write_berita_acara(
        usulan, store, tmp_path / "ba.xlsx", judul="Kabupaten Contoh", tahun=tahun,
        tanggal=dt.date(2026, 3, 12), tempat="Aula Bappeda Kabupaten Contoh",
    )  # fmt: skip
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1] == "Rincian"
    for name in wb.sheetnames[:-1]:
        sheet = wb[name]
        h = _header_row(sheet)
        heads = [c.value for c in sheet[h]][: len(KOLOM_CETAK)]
        assert heads == [k for k, _ in KOLOM_CETAK]
        # every character on the sheet is at least 9 pt …
        sizes = {c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None}
        assert sizes and min(sizes) >= 9, (name, sizes)
        for part in (sheet.oddFooter.left, sheet.oddFooter.right):
            assert part.size is None or part.size >= 9
        # … and the sheet is printed at 100 %: the table fits between the margins of A4 landscape
        m = sheet.page_margins
        room = A4_WIDE - m.left - m.right
        assert _printed_width_in(sheet, len(KOLOM_CETAK)) <= room
        assert m.left >= 0.4 and m.right >= 0.4 and m.top >= 0.5 and m.bottom >= 0.5
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == f"${h}:${h}"
        rows = _table(sheet)
        # each row is as tall as its wrapped lines (LibreOffice does not fit rows on opening)
        for i, values in enumerate(rows[:50], start=h + 1):
            lines = max(str(v).count("\n") + 1 for v in values if v is not None)
            assert sheet.row_dimensions[i].height >= 11 * lines, (name, i, values)
        last = openpyxl.utils.get_column_letter(len(KOLOM_CETAK))
        assert sheet.auto_filter.ref == f"A{h}:{last}{h + len(rows)}"
        # the opening statement names the day, the date in Indonesian, the place and the Dapil
        text = " ".join(str(c.value) for row in sheet.iter_rows(max_row=h) for c in row if c.value)
        assert "Pada hari ini Kamis, tanggal 12 Maret 2026" in text
        assert "bertempat di Aula Bappeda Kabupaten Contoh" in text
        assert "Forum Perangkat Daerah Kabupaten Contoh" in text
        assert f"usulan Musrenbang {name}" in text and f"atas {len(rows)} usulan" in text
        cells = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
        assert {"Pimpinan Forum", "Notulis"} <= cells
        assert "...................., 12 Maret 2026" in cells  # the date above the signatures
    rincian = wb["Rincian"]
    assert rincian.auto_filter.ref.startswith("A3:")
    assert len(_table(rincian)) == len(usulan)


def test_decided_only_leaves_out_the_undecided(forum, tmp_path):
    usulan, store, tahun = forum
    both = {}
    for only in (False, True):
        path = write_berita_acara(usulan, store, tmp_path / f"ba-{only}.xlsx", judul="Kab",
                                  tahun=tahun, hanya_diputuskan=only)  # fmt: skip
        wb = openpyxl.load_workbook(path)
        both[only] = {v[1]: v[5] for n in wb.sheetnames[:-1] for v in _table(wb[n])}
        if only:
            opening = " ".join(str(c.value) for c in wb[wb.sheetnames[0]]["A"] if c.value)
            assert "usulan yang telah diputuskan" in opening
            assert len(_table(wb["Rincian"])) == len(usulan)  # the Rincian keeps everyone
    decided = set(store.current(tahun)["id_usulan"])
    assert set(both[False]) == set(usulan["id_usulan"])
    assert set(both[True]) == decided
    assert BELUM not in both[True].values() and BELUM in both[False].values()


def test_cli_writes_the_decided_only_berita_acara(demo_ws, tmp_path):
    import shutil

    ws = tmp_path / "contoh"
    shutil.copytree(demo_ws, ws)
    truth = pd.read_csv(ws / ".demo-truth.csv", dtype={"id_usulan": str})
    a, b = truth.loc[truth["tahun"] == 2026, "id_usulan"].head(2)
    KeputusanStore(ws).record(a, 2026, "diterima", "prioritas", "Rina")
    KeputusanStore(ws).record(b, 2026, "ditolak", "sudah dibangun", "Rina")
    out = tmp_path / "ba.xlsx"
    res = run("berita-acara", ws, "--tahun", 2026, "--out", out, "--hanya-diputuskan",
              "--tempat", "Aula Bappeda", "--tanggal", "12/03/2026")  # fmt: skip
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    ids = [v[1] for n in wb.sheetnames[:-1] for v in _table(wb[n])]
    assert sorted(ids) == sorted([a, b])
    text = " ".join(str(c.value) for c in wb[wb.sheetnames[0]]["A"] if c.value)
    assert "Kamis, tanggal 12 Maret 2026, bertempat di Aula Bappeda" in text

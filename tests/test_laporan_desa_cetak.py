"""The desa letter prints at 9 pt on A4 and says when an usulan was also carried as a pokir."""

from __future__ import annotations

import openpyxl
import pytest

import planlib
from planlib.documents.laporan_desa.table import laporan_desa_table
from planlib.documents.laporan_desa.xlsx import KOLOM_CETAK, write_desa_xlsx
from planlib.forum.keputusan import KeputusanStore
from planlib.forum.pokir_forum import pasangan

A4_WIDE = 297 / 25.4


@pytest.fixture(scope="module")
def letter(demo_ws, tmp_path_factory):
    """The letter of a desa with an usulan that a pokir repeats (on a copy of the demo)."""
    import shutil

    root = tmp_path_factory.mktemp("surat") / "contoh"
    shutil.copytree(demo_ws, root)
    ws = planlib.open_workspace(root)
    tahun = sorted(ws.pokir)[-1]
    pair = pasangan(ws, tahun).iloc[0]
    store = KeputusanStore(root)
    store.record(pair["id_usulan"], tahun, "dialihkan", "kewenangan dinas", "Rina", opd="Dinas PU")
    table = laporan_desa_table(ws, tahun, store)
    desa = table.loc[table["id_usulan"] == pair["id_usulan"], "kode_desa"].iloc[0]
    rows = table[table["kode_desa"] == desa]
    path = write_desa_xlsx(rows, tmp_path_factory.mktemp("out") / "surat.xlsx",
                           judul="Kabupaten Contoh", tahun=tahun)  # fmt: skip
    return ws, tahun, pair, rows, openpyxl.load_workbook(path)


def test_an_usulan_also_carried_as_a_pokir_names_the_member(letter):
    ws, tahun, pair, rows, wb = letter
    row = rows.set_index("id_usulan").loc[pair["id_usulan"]]
    assert row["pokir"] == (
        f"Juga diajukan sebagai pokir DPRD oleh {pair['pengusul']} ({pair['fraksi']})"
    )
    carried = set(pasangan(ws, tahun)["id_usulan"])
    assert rows.loc[~rows["id_usulan"].isin(carried), "pokir"].isna().all()
    sheet = wb["Laporan"]
    printed = next(r for r in sheet.iter_rows(values_only=True) if r[1] == pair["id_usulan"])
    assert row["pokir"] in printed[-1] and printed[5] == "Dialihkan\nke Dinas PU"
    rincian = wb["Rincian"]
    head = next(r for r in rincian.iter_rows(values_only=True) if r[:2] == ("No", "ID Usulan"))
    full = next(r for r in rincian.iter_rows(values_only=True) if r[1] == pair["id_usulan"])
    assert dict(zip(head, full, strict=True))["Catatan pokir"] == row["pokir"]


def test_the_letter_prints_at_nine_points_on_a4(letter):
    *_, wb = letter
    sheet = wb["Laporan"]
    h = next(r for r in range(1, 40) if sheet.cell(r, 1).value == "No")
    assert [c.value for c in sheet[h]] == [k for k, _, _ in KOLOM_CETAK]
    sizes = {c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None}
    assert min(sizes) >= 9, sizes
    for part in (sheet.oddFooter.left, sheet.oddFooter.right):
        assert part.size is None or part.size >= 9
    # nothing is written right of the table, and the table fits A4 landscape at 100 %
    assert sheet.max_column == len(KOLOM_CETAK)
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(1, len(KOLOM_CETAK) + 1)]  # fmt: skip
    m = sheet.page_margins
    assert sum(w * 7 + 5 for w in widths) / 96 <= A4_WIDE - m.left - m.right
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0

"""`planlib tambah`: the analyst's files taken as they are, recognised by their content.

The demo's own raw files, renamed and shuffled into folders, are handed to a workspace that
holds only the demo's code list: each must be recognised as what it is, and the workspace
built this way must load the same tables as the demo assembled by hand.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from planlib import open_workspace
from planlib.cli import app
from planlib.intake.register import tambah
from planlib.report import WorkspaceError
from planlib.workspace.config import WorkspaceConfig

#: demo file → the name it has on the analyst's desk
DESK = {
    "usulan/usulan_2026.xlsx": "Export SIPD 14-03 FINAL.xlsx",
    "usulan/usulan_2025.xlsx": "arsip/usulan lama.xlsx",
    "indikator/tpt_bps.xlsx": "unduhan bps/Tabel (3).xlsx",
    "realisasi/realisasi_2025.xlsx": "e-monev tw.xlsx",
    "perencanaan/target_rpjmd.csv": "target.csv",
    "perencanaan/pohon_kinerja.csv": "pokin final rev2.csv",
    "perencanaan/renja.csv": "renja 2026.csv",
    "dapil.csv": "dapil dari KPU.csv",
    "wilayah/desa.geojson": "peta/desa.geojson",
    "indeks_desa/idm_2024.xlsx": "unduhan idm/Rekap Status IDM Kab.xlsx",
}
EXPECTED = {
    "Export SIPD 14-03 FINAL.xlsx": ("usulan", 2026), "usulan lama.xlsx": ("usulan", 2025),
    "Tabel (3).xlsx": ("indikator", None), "e-monev tw.xlsx": ("realisasi", 2025),
    "target.csv": ("target_rpjmd", None), "pokin final rev2.csv": ("pohon_kinerja", None),
    "renja 2026.csv": ("renja", None), "dapil dari KPU.csv": ("dapil", None),
    "desa.geojson": ("desa", None), "Rekap Status IDM Kab.xlsx": ("indeks_desa", 2024),
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory) -> Path:
    """A small demo (300 usulan a year): the same kinds of files, read faster."""
    from planlib.demo import write_demo

    root = tmp_path_factory.mktemp("demo") / "kecil"
    write_demo(root, usulan_per_tahun=300)
    return root


def _bare(demo: Path, folder: Path) -> Path:
    """A workspace of the demo kabupaten that holds only its code list, kecamatan and aliases."""
    (folder / "wilayah").mkdir(parents=True)
    for rel in (
        "wilayah/kode_wilayah.csv",
        "wilayah/kecamatan.geojson",
        "wilayah/alias_wilayah.csv",
    ):
        shutil.copy(demo / rel, folder / rel)
    (folder / "planlib.toml").write_text(
        textwrap.dedent(
            """\
            # the analyst's own comment survives
            [wilayah]
            kabupaten = "99.01"
            nama = "Kabupaten Contoh"
            kode_wilayah = "wilayah/kode_wilayah.csv"
            kecamatan = "wilayah/kecamatan.geojson"
            alias = "wilayah/alias_wilayah.csv"

            [usulan]
            """
        ),
        encoding="utf-8",
    )
    return folder


def _desk(demo: Path, folder: Path) -> Path:
    for rel, name in DESK.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(demo / rel, folder / name)
    (folder / "catatan rapat.csv").write_text("tanggal,catatan\n1/2/2025,rapat\n", "utf-8")
    return folder


def test_a_desk_of_files_gives_the_demo_workspace(demo_ws, tmp_path):
    root = _bare(demo_ws, tmp_path / "ws")
    desk = _desk(demo_ws, tmp_path / "meja")
    placements, ws = tambah(root, [desk])
    got = {p.recognition.source.name: (p.recognition.kind, p.recognition.tahun) for p in placements}
    assert {k: v for k, v in got.items() if k != "catatan rapat.csv"} == EXPECTED
    assert got["catatan rapat.csv"] == (None, None)
    (odd,) = [p for p in placements if p.recognition.kind is None]
    assert odd.status == "tidak dikenali" and odd.message
    assert all(p.status == "ditambahkan" for p in placements if p.recognition.kind)
    # each file copied unchanged, the original left where it was
    for rel, name in DESK.items():
        assert (desk / name).read_bytes() == (demo_ws / rel).read_bytes()
    text = (root / "planlib.toml").read_text(encoding="utf-8")
    assert "# the analyst's own comment survives" in text
    # the same tables as the demo assembled by hand
    demo = open_workspace(demo_ws, use_cache=False)  # both read fresh (ws was read once, uncached)
    assert ws.tahun == [2025, 2026]
    for t, name in ((2025, "usulan lama.xlsx"), (2026, "Export SIPD 14-03 FINAL.xlsx")):
        assert (ws.usulan[t]["file"] == name).all()  # the rows name the file as it was given
        pd.testing.assert_frame_equal(ws.usulan[t].drop(columns="file"),
                                      demo.usulan[t].drop(columns="file"))  # fmt: skip
    pd.testing.assert_frame_equal(ws.dapil, demo.dapil)
    for name in ("target_rpjmd", "pohon_kinerja", "renja"):
        pd.testing.assert_frame_equal(getattr(ws, name), getattr(demo, name))
    assert len(ws.realisasi[2025]) == len(demo.realisasi[2025])
    assert set(ws.indikator["indikator"]) == {"tpt"}
    assert ws.desa is not None and len(ws.desa) == len(demo.desa)
    pd.testing.assert_frame_equal(ws.indeks_desa[2024].drop(columns="file"),
                                  demo.indeks_desa[2024].drop(columns="file"))  # fmt: skip
    for f in ws.report.files:
        assert f.balanced, f.path


def test_one_by_one_or_as_a_folder_gives_the_same_workspace(demo_ws, tmp_path):
    desk = _desk(demo_ws, tmp_path / "meja")
    a = _bare(demo_ws, tmp_path / "a")
    tambah(a, [desk])
    b = _bare(demo_ws, tmp_path / "b")
    for f in sorted(desk.rglob("*"), reverse=True):  # another order, one at a time
        if f.is_file():
            tambah(b, [f])
    ca, cb = WorkspaceConfig.read(a), WorkspaceConfig.read(b)
    assert ca.usulan.keys() == cb.usulan.keys()
    rel = lambda spec, root: spec.path.relative_to(root.resolve()).as_posix()  # noqa: E731
    for t in ca.usulan:
        assert rel(ca.usulan[t], a) == rel(cb.usulan[t], b)
    assert sorted(rel(s, a) for s in ca.indikator) == sorted(rel(s, b) for s in cb.indikator)
    for key in ("dapil", "desa", "target_rpjmd", "pohon_kinerja", "renja"):
        assert rel(getattr(ca, key), a) == rel(getattr(cb, key), b), key


def test_a_second_export_of_a_year_is_a_question_not_an_overwrite(demo_ws, tmp_path):
    root = _bare(demo_ws, tmp_path / "ws")
    first = tmp_path / "usulan_2026.xlsx"
    shutil.copy(demo_ws / "usulan/usulan_2026.xlsx", first)
    tambah(root, [first])
    again, _ = tambah(root, [first])
    assert again[0].status == "sudah ada"
    # a re-export of the same year (one cell changed) is asked about
    other = tmp_path / "unduhan ulang.xlsx"
    wb = openpyxl.load_workbook(first)
    wb.active["A1"] = "DAFTAR USULAN MUSRENBANG RKPD TAHUN 2026 (unduhan ulang)"
    wb.save(other)
    (pl,), _ = tambah(root, [other])
    assert pl.status == "perlu pilihan" and "--ganti" in pl.message
    assert WorkspaceConfig.read(root).usulan[2026].path.name == "usulan_2026.xlsx"
    (pl,), _ = tambah(root, [other], ganti=True)
    assert pl.status == "ditambahkan"
    assert WorkspaceConfig.read(root).usulan[2026].path.name == "unduhan ulang.xlsx"


def test_the_year_is_read_from_the_dates_when_no_title_says_it(demo_ws, tmp_path):
    root = _bare(demo_ws, tmp_path / "ws")
    src = tmp_path / "export.xlsx"
    wb = openpyxl.load_workbook(demo_ws / "usulan/usulan_2025.xlsx")
    ws = wb.active
    ws.delete_rows(1, 3)  # no title rows: the dates (2024) say RKPD 2025
    wb.save(src)
    (pl,), loaded = tambah(root, [src])
    assert (pl.recognition.kind, pl.recognition.tahun) == ("usulan", 2025)
    assert loaded.tahun == [2025]


def test_the_command_prints_what_it_recognised_and_why(demo_ws, tmp_path):
    root = _bare(demo_ws, tmp_path / "ws")
    desk = _desk(demo_ws, tmp_path / "meja")
    res = CliRunner().invoke(app, ["tambah", str(root), str(desk)])
    assert res.exit_code == 1, res.output  # one file was not recognised
    assert "Export SIPD 14-03 FINAL.xlsx: ekspor usulan Musrenbang" in res.output
    assert "dikenali dari: judul kolom" in res.output and "[usulan] 2026" in res.output
    assert "catatan rapat.csv: tidak dikenali" in res.output and "alasan:" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("toml", "hint"),
    [
        ('kecamatn = "k.geojson"', "Maksudnya 'kecamatan'?"),
        ('\n[perencanaan]\npohon_kenerja = "p.csv"', "Maksudnya 'pohon_kinerja'?"),
        ('\n[realisasi_typo]\n2025 = "r.xlsx"', "Maksudnya '[realisasi]'?"),
        ('kecamatan = { path = "k.geojson", kolom_kod = "KDCPUM" }', "Maksudnya 'kolom_kode'?"),
    ],
)
def test_a_misspelt_key_is_an_error_naming_the_nearest(tmp_path, toml, hint):
    (tmp_path / "planlib.toml").write_text(
        f'[wilayah]\nkabupaten = "63.06"\nkode_wilayah = "k.csv"\n{toml}\n', encoding="utf-8"
    )
    with pytest.raises(WorkspaceError) as e:
        WorkspaceConfig.read(tmp_path)
    assert hint in str(e.value)


def _odd_export(demo: Path, tmp: Path) -> Path:
    """The demo's 2026 export with two headers renamed beyond what planlib knows."""
    wb = openpyxl.load_workbook(demo / "usulan/usulan_2026.xlsx")
    new = {"Usulan": "Uraian Kegiatan Yang Diminta", "Kecamatan": "Kec. Lokasi"}
    for row in wb.active.iter_rows(min_row=1, max_row=8):
        for c in row:
            if c.value in new:  # never a merged title cell
                c.value = new[c.value]
    wb.save(tmp / "aneh.xlsx")
    return tmp / "aneh.xlsx"


def test_an_unrecognised_export_is_added_with_its_columns_mapped(demo_ws, tmp_path):
    root = _bare(demo_ws, tmp_path / "ws")
    odd = _odd_export(demo_ws, tmp_path)
    res = CliRunner().invoke(app, ["tambah", str(root), str(odd)])
    assert res.exit_code == 1 and "aneh.xlsx: tidak dikenali" in res.output
    res = CliRunner().invoke(app, [
        "tambah", str(root), str(odd), "--jenis", "usulan",
        "--kolom", "usulan=Uraian Kegiatan Yang Diminta", "--kolom", "kecamatan=Kec. Lokasi",
    ])  # fmt: skip
    assert (
        "aneh.xlsx: ekspor usulan Musrenbang (SIPD / E-Perencanaan) 2026 — ditambahkan"
        in res.output
    )
    assert res.exit_code == 1, res.output  # the demo export's planted errors, as in the demo
    ws = open_workspace(root)
    demo = open_workspace(demo_ws, use_cache=False)
    assert ws.tahun == [2026]  # the year still read from the title
    pd.testing.assert_series_equal(ws.usulan[2026]["usulan"], demo.usulan[2026]["usulan"])
    assert WorkspaceConfig.read(root).usulan[2026].opts["kolom"] == {
        "usulan": "Uraian Kegiatan Yang Diminta", "kecamatan": "Kec. Lokasi",
    }  # fmt: skip


def test_the_setup_page_creates_adds_and_maps_columns(demo_ws, tmp_path):
    """The setup page's controls in-process (the browser test drives the served page)."""
    from planlib.dashboards.siapkan import tampilan

    view = tampilan(str(tmp_path / "baru"))._planlib_view
    assert not view.ready and view.langkah2.layout.display == "none"
    view.w_kab.value = "Bima"  # ambiguous: the choices, no workspace
    view.b_buat.click()
    assert not view.ready and "Kota Bima" in view.status.value
    view.w_kab.value = "Kabupaten Hulu Sungai Selatan (Kalimantan Selatan, 63.06)"
    view.b_buat.click()
    assert view.ready and "11 kecamatan" in view.status.value
    odd = _odd_export(demo_ws, tmp_path)
    view.tambah([odd])
    (box,) = view.pilihan.children
    kind, sheet, fields, go = box.children
    assert sheet.layout.display == "none"  # one sheet: nothing to choose
    assert go.disabled
    kind.value = "usulan"
    assert [d.description for d in fields.children] == [
        "kolom usulan",
        "kolom kecamatan",
        "kolom desa",
    ]
    fields.children[0].value = "Uraian Kegiatan Yang Diminta"
    go.click()
    assert "ditambahkan" in view.hasil.value and "usulan tahun 2026" in view.status.value
    # the demo's kecamatan are not HSS's: every row is reported, none silently lost
    (fr,) = [f for f in open_workspace(tmp_path / "baru").report.files if f.kind == "usulan"]
    assert fr.balanced and fr.rows_in > 0


def test_the_setup_page_lets_the_analyst_choose_the_sheet(demo_ws, tmp_path):
    from planlib.dashboards.siapkan import tampilan

    odd = _odd_export(demo_ws, tmp_path)
    wb = openpyxl.load_workbook(odd)
    cover = wb.create_sheet("Sampul", 0)
    cover["A1"], cover["A3"] = "EKSPOR USULAN", "Catatan operator: lihat lembar berikut"
    wb.save(odd)
    view = tampilan(str(tmp_path / "baru"))._planlib_view
    view.buat("63.06")
    view.tambah([odd])
    kind, sheet, fields, go = view.pilihan.children[0].children
    assert sheet.layout.display is None and list(sheet.options) == ["Sampul", "Usulan"]
    kind.value = "usulan"
    pair = ("Uraian Kegiatan Yang Diminta", "Uraian Kegiatan Yang Diminta")
    assert pair not in fields.children[0].options  # the cover's texts are offered first
    sheet.value = "Usulan"  # the headers offered are now the table's
    assert ("Uraian Kegiatan Yang Diminta", "Uraian Kegiatan Yang Diminta") in fields.children[
        0
    ].options
    fields.children[0].value = "Uraian Kegiatan Yang Diminta"
    go.click()
    assert WorkspaceConfig.read(tmp_path / "baru").usulan[2026].opts == {
        "kolom": {"usulan": "Uraian Kegiatan Yang Diminta"}, "sheet": "Usulan",
    }  # fmt: skip

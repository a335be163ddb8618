"""Hostile input files and texts: refused before they cost memory, or handled without it.

Every test here failed on planlib before the input limits (git 92d1488). The
files are small: a bomb is refused before it inflates. Memory is measured in a
child process (its own peak, ``VmHWM``), run under an address-space limit so
that a regression cannot take the machine with it; no test times anything.
"""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from planlib.forum.berita_acara.xlsx import sheet_names, write_berita_acara
from planlib.report import FileReport, PlanlibError
from planlib.tabular import read_rows, read_table

from .support import need_module

ROOT = Path(__file__).resolve().parents[1]
#: A child may use this much address space: a regression fails the test, never the machine.
CHILD_LIMIT = 3 * 2**30
#: Peak memory (RSS) of a child that reads or computes what these tests give it: about
#: 150 MB of interpreter, pandas and planlib, and little more.
PEAK_MB = 450


def in_child(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; what it put in ``OUT``, its exit code and peak memory.

    ``code`` runs with planlib importable and ``PlanlibError`` imported; a
    ``PlanlibError`` it raises is caught into ``OUT["error"]``.
    """
    script = "\n".join([
        "import json",
        "from planlib.report import PlanlibError",
        "OUT = {}",
        "try:",
        textwrap.indent(textwrap.dedent(code), "    "),
        "except PlanlibError as e:",
        "    OUT['error'] = str(e)",
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child forked from a
        # big pytest worker would report the worker's size
        "OUT['peak_mb'] = next(int(l.split()[1]) for l in open('/proc/self/status')"
        " if l.startswith('VmHWM:')) / 1024",
        "print(json.dumps(OUT))",
    ])  # fmt: skip

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_LIMIT, CHILD_LIMIT))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env,
        preexec_fn=limit, timeout=600,
    )  # fmt: skip
    lines = p.stdout.strip().splitlines()
    assert p.returncode == 0 and lines, f"the child failed ({p.returncode}): {p.stderr[-2000:]}"
    return json.loads(lines[-1])


# --------------------------------------------------------------------------- workbooks

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Usulan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(
    path: Path,
    rows: str,
    *,
    shared: str = "",
    spaces: int = 0,
    dimension: str | None = None,
    after: str = "",
) -> Path:
    """A minimal xlsx (the bytes a hostile file would hold): sheet rows, shared strings,
    ``spaces`` MiB of blanks inside the sheet's XML (compressed a thousandfold), and
    ``after`` the sheet data (merged ranges)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_MAIN}>{dim}<sheetData>{rows}'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/sharedStrings.xml", f"<sst {_MAIN}>{shared}</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(head.encode())
            block = b" " * 2**20
            for _ in range(spaces):
                f.write(block)
            f.write(f"</sheetData>{after}</worksheet>".encode())
    return path


# --------------------------------------------------------------------------- 2: files


def test_sparse_sheet_is_refused_before_calamine_lays_it_out(tmp_path):
    """A1 and XFD1048576 in a 2 KB xlsx: calamine asks for 512 GiB and aborts the process."""
    path = write_xlsx(tmp_path / "usulan.xlsx", f'<row r="1">{_cell("A1", "No")}</row>'
                      f'<row r="1048576">{_cell("XFD1048576", "x")}</row>')  # fmt: skip
    assert path.stat().st_size < 4096
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert "usulan.xlsx" in out["error"] and "XFD1048576" in out["error"]
    assert "250.000 baris" in out["error"]  # the limit is named
    assert out["peak_mb"] < PEAK_MB


def test_a_tall_sheet_of_two_cells_is_refused_and_a_bloated_dimension_is_not(tmp_path):
    """A1 and A1048576 (lower case, as calamine also reads it): a million empty rows, 2 GB
    through the loaders before. A bloated <dimension> over two real cells is read: calamine
    does not use it, and neither do the limits."""
    path = write_xlsx(tmp_path / "tinggi.xlsx", f'<row r="1">{_cell("A1", "No")}</row>'
                      f'<row r="1048576">{_cell("a1048576", "x")}</row>')  # fmt: skip
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert re.search(r"tinggi\.xlsx.*1\.048\.576.*batas planlib 250\.000", out["error"])
    assert out["peak_mb"] < PEAK_MB
    rows = f'<row r="1">{_cell("A1", "No")}{_cell("B1", "Usulan")}</row>'
    path = write_xlsx(tmp_path / "dim.xlsx", rows, dimension="A1:XFD1048576")
    assert read_rows(path).rows == [["No", "Usulan"]]


def test_span_bomb_html_is_refused(tmp_path):
    """HTML saved as .xls whose colspan × rowspan would fill 90 million cells."""
    span = '<td colspan="1000" rowspan="1000">x</td>'
    path = tmp_path / "usulan.xls"
    path.write_text("<table>" + f"<tr>{span}{span}</tr>" * 300 + "</table>", encoding="utf-8")
    assert path.stat().st_size < 30_000
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert "usulan.xls" in out["error"] and "colspan/rowspan" in out["error"]
    assert "6.000.000 sel" in out["error"]
    assert out["peak_mb"] < PEAK_MB


def test_spanning_cells_cost_the_rows_they_fill_not_a_million(tmp_path):
    """Two cells of colspan=1000 rowspan=1000 over a two-row table fill 4,001 cells; their
    spans past the table's end took 2 million entries (hundreds of MB) before."""
    span = '<td colspan="1000" rowspan="1000">{}</td>'
    path = tmp_path / "kecil.xls"
    path.write_text(
        f"<table><tr>{span.format('x')}{span.format('z')}</tr><tr><td>y</td></tr></table>",
        encoding="utf-8",
    )
    out = in_child(
        f"from planlib.tabular import read_rows\nr = read_rows({str(path)!r})\n"
        "OUT['shape'] = [len(r.rows), len(r.rows[0])]"
    )
    assert out["shape"] == [2, 2001]  # row 2: the spanned cells in columns 1–2000, then y
    assert out["peak_mb"] < 250


def test_zip_bomb_is_refused_before_it_inflates(tmp_path):
    """A 200 KB xlsx whose sheet XML unpacks to 200 MB."""
    path = write_xlsx(tmp_path / "bom.xlsx", f'<row r="1">{_cell("A1", "x")}</row>', spaces=200)
    assert path.stat().st_size < 400_000
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert "bom.xlsx" in out["error"] and "mengembang" in out["error"]
    assert "batas planlib 100 kali" in out["error"]
    assert out["peak_mb"] < PEAK_MB


def test_a_sheet_of_too_many_merged_ranges_is_refused(tmp_path):
    """calamine lists every merged range: 20 million fit in the unpacked-size limit."""
    merges = "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(1, 100_002))
    path = write_xlsx(tmp_path / "gabung.xlsx", f'<row r="1">{_cell("A1", "No")}</row>',
                      after=f'<mergeCells count="100001">{merges}</mergeCells>')  # fmt: skip
    with pytest.raises(PlanlibError, match=r"gabung\.xlsx.*100\.001 sel gabungan.*100\.000"):
        read_rows(path)


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path):
    """One shared string of 40,000 characters (Excel holds at most 32,767 in a cell)."""
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = write_xlsx(tmp_path / "panjang.xlsx", rows, shared=f"<si><t>{'a' * 40_000}</t></si>")
    with pytest.raises(PlanlibError, match=r"panjang\.xlsx.*32\.767 karakter"):
        read_rows(path)


def test_long_inline_text_and_long_csv_cell_are_refused(tmp_path):
    sheet = write_xlsx(tmp_path / "sel.xlsx", f'<row r="1">{_cell("A1", "b" * 33_000)}</row>')
    with pytest.raises(PlanlibError, match=r"sel\.xlsx.*32\.767 karakter"):
        read_rows(sheet)
    text = tmp_path / "sel.csv"
    text.write_text("a;b\n1;" + "c" * 40_000 + "\n", encoding="utf-8")
    with pytest.raises(PlanlibError, match=r"sel\.csv.*32\.767 karakter"):
        read_rows(text)


def test_large_csv_is_counted_streaming_and_refused(tmp_path):
    """300,000 rows of CSV: counted in a stream and refused before a row is kept."""
    path = tmp_path / "usulan.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("no;usulan\n")
        f.writelines(f"{i};jalan\n" for i in range(300_000))
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert "usulan.csv" in out["error"] and "250.000 baris" in out["error"]
    assert out["peak_mb"] < 250


def test_xls_biff_with_a_far_cell_is_refused(tmp_path):
    """An .xls of 6 KB with cells at A1 and IV65536: calamine reads it whole into 1.2 GB."""
    xlwt = need_module("xlwt", "it writes the old .xls")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Usulan")
    sheet.write(0, 0, "No")
    sheet.write(65535, 255, "x")
    path = tmp_path / "lama.xls"
    book.save(str(path))
    out = in_child(f"from planlib.tabular import read_rows\nread_rows({str(path)!r})")
    assert "lama.xls" in out["error"] and "IV65536" in out["error"]
    assert "6.000.000 sel" in out["error"]
    assert out["peak_mb"] < PEAK_MB


def test_ods_repeated_spaces_are_counted(tmp_path):
    """<text:s text:c="40000"/>: calamine writes the spaces out (a 200 MB cell from 1 KB)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    cell = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="40000"/>b'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
        f'<office:spreadsheet><table:table table:name="Data"><table:table-row>{cell}'
        "</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    path = tmp_path / "spasi.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    with pytest.raises(PlanlibError, match=r"spasi\.ods.*32\.767 karakter"):
        read_rows(path)


def test_a_refused_file_is_a_fatal_entry_of_the_workspace(tmp_path):
    """The workspace opens in bounded memory; the report names the file and the limit."""
    from planlib.demo import write_demo

    root = tmp_path / "contoh"
    write_demo(root, n_kecamatan=2, n_desa=6, usulan_per_tahun=60, tahun=(2025, 2026))
    write_xlsx(root / "usulan" / "usulan_2026.xlsx",
               f'<row r="1">{_cell("A1", "No")}</row><row r="1048576">{_cell("XFD1048576", "x")}'
               "</row>")  # fmt: skip
    out = in_child(f"""
    from planlib.workspace import open_workspace
    ws = open_workspace({str(root)!r}, use_cache=False)
    OUT["fatal"] = [f.fatal for f in ws.report.files if f.path.endswith("usulan_2026.xlsx")][0]
    OUT["rows"] = {{str(t): len(df) for t, df in ws.usulan.items()}}
    """)
    assert "usulan_2026.xlsx" in out["fatal"] and "batas planlib" in out["fatal"]
    assert out["rows"]["2025"] > 0 and out["rows"]["2026"] == 0  # the other year still loads
    assert out["peak_mb"] < PEAK_MB


# --------------------------------------------------------------------------- 3: formulas


def test_input_formulas_and_external_links_are_noted_once(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Usulan", "Anggaran"])
    ws.append([1, "Jalan usaha tani", 1000])
    ws.append([2, "Drainase", "=C2*2"])
    ws.append([3, "Posyandu", "=[1]Harga!B3"])
    ws.append([4, "Sumur bor", "=SUM(C2:C4)"])
    path = tmp_path / "rumus.xlsx"
    wb.save(path)
    report = FileReport(str(path), "usulan")
    fields = {"no": ["No"], "usulan": ["Usulan"], "anggaran": ["Anggaran"]}
    read_table(path, fields, report, required=["usulan"])
    codes = [p.code for p in report.problems]
    assert codes.count("sel_rumus") == 1 and codes.count("tautan_eksternal") == 1
    rumus = next(p for p in report.problems if p.code == "sel_rumus")
    assert rumus.severity == "warning" and not rumus.dropped and rumus.row is None
    assert rumus.value == "C3, C4, C5" and rumus.reason.startswith("3 sel")
    assert report.rows_in == 4  # notes, not rows: the accounting is unchanged


# --------------------------------------------------------------------------- 1: long texts


def test_duplicates_and_lineage_of_a_20000_character_text_in_bounded_memory():
    """One usulan (and one SIPD status) of 20,000 characters among 4,000: fixed-width
    ``<U20000`` arrays of every row took 640 MB in the duplicate finder and 320 MB in the
    lineage history before."""
    code = """
    import pandas as pd
    from planlib.forum.duplicates import find_duplicates
    from planlib.forum.lineage import assign_lineage
    words = " ".join(f"kata{i:05d}" for i in range(2000))  # distinct words: 20,000 characters
    rows = []
    for i in range(4000):
        desa = f"99.01.01.{2001 + i % 400}"
        text = words if i == 0 else f"pembangunan jalan usaha tani {i % 3}"
        rows.append({"id_usulan": str(i), "tahun": 2025 + i % 2, "usulan": text,
                     "kode_desa": desa, "kode_kecamatan": "99.01.01", "nama_desa": "Desa",
                     "nama_kecamatan": "Kec", "status": words if i == 1 else "Diterima"})
    df = pd.DataFrame(rows)
    pairs = find_duplicates(df)
    lineage = assign_lineage(df, pairs)
    OUT["pairs"] = len(pairs)
    OUT["riwayat"] = lineage.loc[lineage["id_usulan"] == "1", "riwayat"].iloc[0][:40]
    """
    out = in_child(code)
    assert out["pairs"] > 0 and out["riwayat"].startswith("2026: kata00000 kata00001")
    assert out["peak_mb"] < PEAK_MB


def test_long_texts_are_compared_on_their_first_words():
    from planlib.forum.duplicates import TEKS_BANDING_MAKS, find_duplicates

    head = " ".join(f"kata{i:04d}" for i in range(150))  # 1,349 characters
    df = pd.DataFrame({
        "id_usulan": ["1", "2", "3"], "tahun": 2026, "kode_desa": "99.01.01.2001",
        "usulan": [head + " tambahan akhir", head + " lain sekali", "pembangunan posyandu"],
    })  # fmt: skip
    assert len(head) > TEKS_BANDING_MAKS
    pairs = find_duplicates(df)
    assert list(zip(pairs["id_a"], pairs["id_b"], strict=True)) == [("1", "2")]
    assert pairs["alasan"].iloc[0] == "teks sama"  # the tails are past the compared length


# --------------------------------------------------------------------------- 4: letters


def test_a_20000_character_usulan_gets_its_letter_and_every_other_desa_too(tmp_path):
    from planlib.demo import write_demo
    from planlib.documents.laporan_desa.write import write_laporan_desa
    from planlib.workspace import open_workspace

    root = tmp_path / "contoh"
    write_demo(root, n_kecamatan=2, n_desa=6, usulan_per_tahun=60, tahun=(2025, 2026))
    ws = open_workspace(root)
    long = " ".join(f"kata{i:05d}" for i in range(2000))
    u = ws.usulan[2026]
    target = u.index[0]
    u.loc[target, "usulan"] = long
    res = write_laporan_desa(ws, 2026, tmp_path / "surat")
    index = pd.read_csv(tmp_path / "surat" / "index.csv", dtype=str)
    n_desa = u.groupby(["nama_kecamatan", "kode_desa"], dropna=False).ngroups
    assert len(index) == n_desa and not res.gagal and "keterangan" not in index
    for rel in [*index["xlsx"], *index["pdf"]]:
        assert (tmp_path / "surat" / rel).stat().st_size > 0
    mine = index[index["kode_desa"] == u.loc[target, "kode_desa"]].iloc[0]
    rows = list(load_workbook(tmp_path / "surat" / mine["xlsx"]).active.iter_rows(values_only=True))
    # the whole text in the printed sheet (its Usulan cell has "usulan ke-N" under the text)
    assert any(isinstance(v, str) and long in v for r in rows for v in r)
    pypdf = need_module("pypdf", "it reads the PDF back")
    text = "".join(
        p.extract_text() for p in pypdf.PdfReader(tmp_path / "surat" / mine["pdf"]).pages
    )
    assert "dipotong" in text and "kata00000" in text


def test_one_desa_that_cannot_be_written_does_not_stop_the_others(tmp_path, monkeypatch):
    from planlib.demo import write_demo
    from planlib.documents.laporan_desa import write as laporan_desa
    from planlib.workspace import open_workspace

    root = tmp_path / "contoh"
    write_demo(root, n_kecamatan=2, n_desa=6, usulan_per_tahun=60, tahun=(2025, 2026))
    ws = open_workspace(root)
    first = sorted(ws.usulan[2026]["nama_desa"].dropna())[0]
    real = laporan_desa.write_desa_pdf

    def broken(rows, path, **kw):
        if rows["nama_desa"].iloc[0] == first:
            raise RuntimeError("kertas habis")
        return real(rows, path, **kw)

    monkeypatch.setattr(laporan_desa, "write_desa_pdf", broken)
    res = laporan_desa.write_laporan_desa(ws, 2026, tmp_path / "surat")
    index = pd.read_csv(tmp_path / "surat" / "index.csv", dtype=str)
    assert len(res.gagal) == 1 and first in res.gagal[0]
    bad = index[index["desa"] == first].iloc[0]
    assert pd.isna(bad["pdf"]) and "pdf tidak dapat ditulis" in bad["keterangan"]
    assert (tmp_path / "surat" / bad["xlsx"]).exists()
    others = index[index["desa"] != first]
    assert len(others) and others["pdf"].notna().all() and others["keterangan"].isna().all()
    assert (tmp_path / "surat" / "index.xlsx").exists()


# --------------------------------------------------------------------------- 5: CSV


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(tmp_path):
    from planlib.forum.align import CSV_COLUMNS, write_align_csv
    from planlib.rakerda import COLUMNS, write_rakerda_csv

    hostile = ['=HYPERLINK("http://x")', "+cmd", "-2+3", "@SUM(A1)", "\tx"]
    df = pd.DataFrame({c: ["biasa"] * len(hostile) for c in CSV_COLUMNS})
    df["opd_saran"] = hostile
    df["selaras"] = True
    df["skor"] = -0.5
    path = write_align_csv(df, tmp_path / "align.csv")
    with open(path, encoding="utf-8", newline="") as f:
        got = list(csv.DictReader(f))
    assert [r["opd_saran"] for r in got] == ["'" + h for h in hostile]
    assert {r["skor"] for r in got} == {"-0.5000"}  # a negative number stays a number
    df["opd_saran"] = "\rcmd"  # a carriage return ends a record for readers: the raw bytes
    assert b"'\rcmd" in write_align_csv(df, tmp_path / "cr.csv").read_bytes()

    table = pd.DataFrame({c: [0.0, 1.0] for c in COLUMNS})
    table["nama"] = ["=1+1", "Dinas Sosial"]
    table["pagu"] = [-12.5, 3.0]
    out = tmp_path / "rakerda.csv"
    write_rakerda_csv(table, out)
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(back["nama"]) == ["'=1+1", "Dinas Sosial"]
    assert back["pagu"].iloc[0] == "-12.5000"


def test_the_csv_rule_keeps_numbers_and_plain_text():
    from planlib.neutralise import csv_cell

    assert (
        csv_cell("-5") == "-5" and csv_cell("+62") == "+62" and csv_cell("-1.234,5") == "-1.234,5"
    )
    assert csv_cell(-5.0) == -5.0 and csv_cell("Dinas PUPR") == "Dinas PUPR"
    assert csv_cell("-") == "'-" and csv_cell("=1") == "'=1"


# --------------------------------------------------------------------------- 6: sheet names


def test_a_nul_in_an_opd_name_leaves_the_berita_acara_openable(tmp_path):
    usulan = pd.DataFrame({
        "id_usulan": ["1", "2", "3"], "tahun": 2026, "nama_kecamatan": "Kec", "nama_desa": "Desa",
        "usulan": ["Jalan\x00 desa", "Posyandu", "Sumur"], "volume": 1.0, "satuan": "unit",
        "anggaran": 1e6, "opd_tujuan": ["Dinas\x00 Sosial", "Dinas Sosial", "Dinas\x07 [PUPR]?"],
    })  # fmt: skip
    path = write_berita_acara(usulan, pd.DataFrame(), tmp_path / "ba.xlsx", by="opd",
                              judul="Kabupaten\x00 Contoh", tahun=2026)  # fmt: skip
    book = load_workbook(path)  # the XML parses: no control character left
    names = book.sheetnames
    assert names[-1] == "Rincian"  # every column of every usulan, after the signed sheets
    names = names[:-1]
    assert len(names) == 3 and len({n.lower() for n in names}) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for n in names for ch in n)
    footers = [book[n].oddFooter.left.text for n in names]
    assert all(f.startswith("Berita Acara") and "\x00" not in f for f in footers)


def test_sheet_names_are_unique_after_cleaning():
    names = sheet_names(["A\x00B", "AB", "A\x01B", "x" * 40 + "\x00"])
    assert names[:3] == ["AB", "AB (2)", "AB (3)"] and len(names[3]) <= 31

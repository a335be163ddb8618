"""Real exports that used to break the loaders: each loads as a person reading it would.

Cover sheets, HTML tables saved as ``.xls``, tables without data rows, headers split over two
rows with merged group cells, and empty or truncated workbooks. Every file is built here
(openpyxl, xlwt, plain bytes), cp1252 where a real export would use it.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import textwrap
import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from planlib.cli import app
from planlib.report import PlanlibError
from planlib.usulan import COLUMNS, load_usulan
from planlib.workspace import open_workspace

from .test_usulan import LONG, PU, SHORT, long_row, small_wilayah, small_workspace


@pytest.fixture(scope="module")
def w():
    return small_wilayah()


def _rows(n: int = 3) -> list[list]:
    kec = [("Padang Batung", "Malutu"), ("Telaga Langsat", "Ku'u"), ("Angkinang", "Bakarung")]
    return [long_row(i + 1, 2000 + i, dt.datetime(2025, 1, 10 + i), *kec[i % 3]) for i in range(n)]


# --------------------------------------------------------------------------- cover sheet


def _cover_workbook(path, data_sheet="Data Usulan"):
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Petunjuk"
    cover.append(["PETUNJUK PENGISIAN"])
    cover.append(["Kolom", "Keterangan"])  # an instructions table naming the columns, one per row
    for name in ("Usulan", "Pengusul", "Kecamatan", "Kelurahan/Desa"):
        cover.append([name, f"isi {name.lower()} sesuai SIPD"])
    data = wb.create_sheet(data_sheet)
    data.append(["DAFTAR USULAN MUSRENBANG"])
    data.append([])
    data.append(LONG)
    for r in _rows(3):
        data.append(r)
    data.append(["JUMLAH"] + [None] * 22 + [450_000_000] + [None, None])
    wb.create_sheet("Rekap").append(["Kecamatan", "Jumlah"])
    wb.save(path)
    return path


def test_cover_sheet_the_table_is_found_on_its_own_sheet(tmp_path, w):
    p = _cover_workbook(tmp_path / "sampul.xlsx")
    df, r = load_usulan(p, w, 2026)
    assert r.sheet == "Data Usulan"
    assert any("Data Usulan" in n and "Petunjuk" in n for n in r.notes), r.notes
    assert r.rows_in == 4 and len(df) == 3 and r.balanced
    assert df["baris"].tolist() == [4, 5, 6]  # Excel rows of that sheet
    assert {(p.row, p.code) for p in r.problems} == {(7, "baris_total")}
    assert df["kode_kecamatan"].tolist() == ["98.01.01", "98.01.02", "98.01.03"]


def test_cover_sheet_named_in_the_toml_still_wins(tmp_path, w):
    p = _cover_workbook(tmp_path / "sampul.xlsx")
    # the instructions sheet has a cell "Usulan": read as asked, every row accounted, none loaded
    df, r = load_usulan(p, w, 2026, {"sheet": "Petunjuk"})
    assert r.sheet == "Petunjuk" and len(df) == 0 and r.rows_in == 3 and r.balanced
    with pytest.raises(PlanlibError, match="Lembar 'Usulan' tidak ada"):
        load_usulan(p, w, 2026, {"sheet": "Usulan"})
    df, r = load_usulan(p, w, 2026, {"sheet": 1})
    assert r.sheet == "Data Usulan" and len(df) == 3


def test_cover_sheet_is_named_in_the_printed_report(tmp_path, w):
    p = _cover_workbook(tmp_path / "sampul.xlsx")
    _, r = load_usulan(p, w, 2026)
    from planlib.report import Report

    text = Report([r]).format()
    assert "lembar 'Data Usulan'" in text


# --------------------------------------------------------------------------- HTML as .xls


def _html_export(rows: list[list], header: list[str], *, meta: str | None, title_outside=False):
    def cell(v, tag="td"):
        text = "" if v is None else html.escape(str(v))
        return f"<{tag}>{text}</{tag}>"

    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    title = (
        "<h3>DAFTAR USULAN MUSRENBANG</h3>\n"
        if title_outside
        else f'<tr><td colspan="{len(header)}">DAFTAR USULAN MUSRENBANG</td></tr>\n'
    )
    body = "\n".join("<tr>" + "".join(cell(v) for v in r) + "</tr>" for r in rows)
    return textwrap.dedent(
        f"""\
        <html xmlns:x="urn:schemas-microsoft-com:office:excel">
        <head>{head}<style>td {{ mso-number-format:'\\@'; }}</style><title>Usulan</title></head>
        <body>
        {title if title_outside else ""}<table border="1">
        {"" if title_outside else title}<tr><td colspan="{len(header)}">KABUPATEN UJI</td></tr>
        <tr>{"".join(cell(h, "th") for h in header)}</tr>
        {body}
        </table></body></html>
        """
    )


@pytest.mark.parametrize(
    ("encoding", "meta", "title_outside"),
    [("cp1252", None, False), ("cp1252", "windows-1252", True), ("utf-8", "utf-8", False)],
)
def test_html_table_saved_as_xls(tmp_path, w, encoding, meta, title_outside):
    rows = _rows(3)
    rows[0][5] = "Rehab jalan & jembatan<br>dusun 2"
    rows[1][10] = "Ku’u"  # a curly apostrophe: byte 0x92 in cp1252
    rows[1][23] = "Rp 1.234.567,89"
    rows[2][21] = "1.500"  # thousands, not 1,5
    rows.append(["JUMLAH"] + [None] * 22 + ["Rp 451.234.567"] + [None, None])
    text = _html_export(rows, LONG, meta=meta, title_outside=title_outside)
    text = text.replace("&lt;br&gt;", "<br>")
    p = tmp_path / "unduhan.xls"
    p.write_bytes(text.encode(encoding))
    df, r = load_usulan(p, w, 2026)
    assert r.rows_in == 4 and len(df) == 3 and r.balanced, r.problems
    assert any("HTML" in n for n in r.notes), r.notes
    # Excel rows as Excel shows the file: title, kabupaten line, header, then the data
    assert df["baris"].tolist() == [4, 5, 6]
    assert {(p.row, p.code) for p in r.problems} == {(7, "baris_total")}
    got = df.set_index("baris")
    assert got.loc[4, "usulan"] == "Rehab jalan & jembatan dusun 2"
    assert got.loc[5, "kode_desa"] == "98.01.02.2002" and got.loc[5, "desa_asli"] == "Ku’u"
    assert got.loc[5, "anggaran"] == pytest.approx(1234567.89)
    assert got.loc[6, "volume"] == 1500.0
    assert got.loc[4, "tanggal_usul"] == dt.datetime(2025, 1, 10)


def test_html_two_row_header_with_rowspan_and_colspan(tmp_path, w):
    top = "".join(
        f'<th rowspan="2">{h}</th>' if not h.startswith("Rekomendasi") else "" for h in LONG[:16]
    )
    sub = ["Mitra", "Kelurahan/Desa", "Kecamatan", "SKPD", "TAPD"]
    top += '<th colspan="5">Rekomendasi</th>'
    top += "".join(f'<th rowspan="2">{h}</th>' for h in LONG[21:])
    rows = _rows(2)
    for r in rows:
        r[16:21] = ["rek mitra", "rek desa", "rek kec", "rek skpd", "rek tapd"]
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in r) + "</tr>" for r in rows
    )
    text = (
        "<html><body><table><tr><td colspan='26'>DAFTAR USULAN</td></tr>"
        f"<tr>{top}</tr><tr>{''.join(f'<th>{s}</th>' for s in sub)}</tr>{body}</table></body></html>"
    )
    p = tmp_path / "dua_baris.xls"
    p.write_bytes(text.encode("cp1252"))
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 2 and df["baris"].tolist() == [4, 5]
    assert df["rekomendasi_kecamatan"].tolist() == ["rek kec"] * 2
    assert df["rekomendasi_desa"].tolist() == ["rek desa"] * 2
    assert df["kode_kecamatan"].tolist() == ["98.01.01", "98.01.02"]


def test_pokir_two_row_header_keeps_the_sekwan_recommendation(tmp_path, w):
    """The DPRD aspiration (Pokir) variant: Rekomendasi Mitra / SKPD / TAPD / Sekwan."""
    single = ["ID Usulan", "Pengusul", "Usulan", "Kecamatan", "Kelurahan/Desa", "Status"]
    sub = ["Mitra (Bappeda)", "SKPD", "TAPD", "Sekwan"]
    top = "".join(f'<th rowspan="2">{h}</th>' for h in single) + '<th colspan="4">Rekomendasi</th>'
    body = (
        "<tr><td>77</td><td>Fraksi A</td><td>Jalan desa</td><td>Angkinang</td><td>Bakarung</td>"
        "<td>Pokir</td><td>ya</td><td>setuju</td><td>ada pagu</td><td>usul dewan</td></tr>"
    )
    text = f"<table><tr>{top}</tr><tr>{''.join(f'<th>{s}</th>' for s in sub)}</tr>{body}</table>"
    p = tmp_path / "pokir.xls"
    p.write_text(text, encoding="utf-8")
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 1 and df["baris"].tolist() == [3]
    got = df.iloc[0]
    assert (got["rekomendasi_mitra"], got["rekomendasi_skpd"]) == ("ya", "setuju")
    assert (got["rekomendasi_tapd"], got["rekomendasi_sekwan"]) == ("ada pagu", "usul dewan")
    assert got["kode_desa"] == "98.01.03.2001" and got["status"] == "Pokir"


def test_a_web_page_without_table_is_not_taken_for_data(tmp_path, w):
    p = tmp_path / "usulan.xls"  # the session had expired: the "download" is the login page
    p.write_text(
        "<!DOCTYPE html><html><head><title>SIPD</title></head><body><h1>Masuk</h1>"
        "<form><input name='user'></form></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(PlanlibError, match="halaman web tanpa tabel"):
        load_usulan(p, w, 2026)


def test_text_saved_as_xls_is_read_as_text(tmp_path, w):
    lines = ["\t".join(LONG)] + [
        "\t".join("" if v is None else str(v) for v in r) for r in _rows(2)
    ]
    p = tmp_path / "tab.xls"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 2 and df["baris"].tolist() == [2, 3]


def test_unicode_text_from_excel_is_read(tmp_path, w):
    """Excel's "Unicode Text (*.txt)": UTF-16 with a byte-order mark, tab-separated."""
    rows = _rows(2)
    rows[1][10] = "Ku’u"
    lines = ["\t".join(LONG)] + ["\t".join("" if v is None else str(v) for v in r) for r in rows]
    p = tmp_path / "unicode.txt"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    df, r = load_usulan(p, w, 2026)
    assert r.balanced and len(df) == 2 and df["desa_asli"].tolist() == ["Malutu", "Ku’u"]


# --------------------------------------------------------------------------- no data rows


def _header_only(tmp_path, kind, header=SHORT):
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        wb.active.append(["DAFTAR USULAN"])
        wb.active.append(header)
        p = tmp_path / "kosong.xlsx"
        wb.save(p)
    elif kind == "csv":
        p = tmp_path / "kosong.csv"
        p.write_bytes((";".join(header) + "\r\n\r\n").encode("cp1252"))
    else:
        p = tmp_path / "kosong.xls"
        p.write_text(
            "<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></table>",
            encoding="utf-8",
        )
    return p


@pytest.mark.parametrize("header", [SHORT, LONG], ids=["pendek", "panjang"])
@pytest.mark.parametrize("kind", ["xlsx", "csv", "html"])
def test_header_without_rows_loads_as_zero_rows_with_a_note(tmp_path, w, kind, header):
    """Both SIPD layouts (the long one once ended in "kesalahan tak terduga")."""
    df, r = load_usulan(_header_only(tmp_path, kind, header), w, 2026)
    assert len(df) == 0 and list(df.columns) == COLUMNS
    assert r.rows_in == 0 and r.rows_loaded == 0 and r.balanced and not r.problems
    assert any("tidak ada baris data" in n for n in r.notes), r.notes


def _workspace(tmp_path, usulan_file):
    root = tmp_path / "ws"
    root.mkdir(exist_ok=True)
    usulan_file.rename(root / usulan_file.name)
    return small_workspace(root, {2026: usulan_file.name})


def test_header_without_rows_through_planlib_check(tmp_path):
    root = _workspace(tmp_path, _header_only(tmp_path, "xlsx"))
    res = CliRunner().invoke(app, ["check", str(root), "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "kesalahan tak terduga" not in res.output
    assert "tidak ada baris data" in res.output
    ws = open_workspace(root)
    assert len(ws.usulan[2026]) == 0


# --------------------------------------------------------------------------- two-row header


def test_two_row_header_with_merged_rekomendasi_group(tmp_path, w):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DAFTAR USULAN MUSRENBANG KECAMATAN"])
    top = LONG[:16] + ["Rekomendasi"] + [None] * 4 + LONG[21:]
    sub = [None] * 16 + ["Mitra", "Kelurahan/Desa", "Kecamatan", "SKPD", "TAPD"] + [None] * 5
    ws.append(top)
    ws.append(sub)
    letters = [openpyxl.utils.get_column_letter(j + 1) for j in range(len(LONG))]
    ws.merge_cells("A1:Z1")
    ws.merge_cells(f"{letters[16]}2:{letters[20]}2")
    for j in list(range(16)) + list(range(21, 26)):
        ws.merge_cells(f"{letters[j]}2:{letters[j]}3")
    for r in _rows(3):
        r[16:21] = ["Setuju", "Prioritas desa", "Prioritas kec", "Diakomodir", None]
        ws.append(r)
    p = tmp_path / "dua_baris.xlsx"
    wb.save(p)
    df, r = load_usulan(p, w, 2026)
    assert r.rows_in == 3 and r.balanced and len(df) == 3, r.problems
    assert df["baris"].tolist() == [4, 5, 6]
    assert df["rekomendasi_mitra"].tolist() == ["Setuju"] * 3
    assert df["rekomendasi_desa"].tolist() == ["Prioritas desa"] * 3
    assert df["rekomendasi_kecamatan"].tolist() == ["Prioritas kec"] * 3
    assert df["rekomendasi_skpd"].tolist() == ["Diakomodir"] * 3
    # the Kecamatan of the usulan is still the place, not the Rekomendasi Kecamatan
    assert df["kode_kecamatan"].tolist() == ["98.01.01", "98.01.02", "98.01.03"]
    assert df["kode_desa"].tolist() == ["98.01.01.2001", "98.01.02.2002", "98.01.03.2001"]


# --------------------------------------------------------------------------- broken workbooks


def _valid_xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(SHORT)
    wb.active.append(
        ["10/01/2025", "Desa Bakarung", "Desa", "Pekerjaan Umum", "Normalisasi saluran",
         "Banjir", "Bakarung", PU, None, "Fisik", "100 m", None, None, None, None, "Diterima"]
    )  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.xlsx", b"", "berkas kosong"),
        ("kosong.csv", b"", "berkas kosong"),
        ("terpotong.xlsx", "half", "berkas rusak atau terpotong, unduh ulang"),
        ("terpotong.xlsx", "head", "berkas rusak atau terpotong, unduh ulang"),
    ],
)
def test_empty_or_truncated_workbook_is_refused_in_plain_words(tmp_path, w, name, content, message):
    data = _valid_xlsx_bytes()
    if content == "half":
        content = data[: len(data) // 2]
    elif content == "head":
        content = data[:64]
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(PlanlibError, match=message) as info:
        load_usulan(p, w, 2026)
    text = str(info.value)
    assert name in text
    for jargon in ("zip", "Zip", "EOCD", "archive", "calamine"):
        assert jargon not in text, text


def test_truncated_workbook_in_planlib_check(tmp_path):
    p = tmp_path / "terpotong.xlsx"
    p.write_bytes(_valid_xlsx_bytes()[:300])
    root = _workspace(tmp_path, p)
    res = CliRunner().invoke(app, ["check", str(root), "--no-cache"])
    assert res.exit_code == 2, res.output
    assert "berkas rusak atau terpotong, unduh ulang" in res.output
    assert "kesalahan tak terduga" not in res.output


def test_a_sound_workbook_still_reads(tmp_path, w):
    p = tmp_path / "utuh.xlsx"
    p.write_bytes(_valid_xlsx_bytes())
    assert zipfile.is_zipfile(p)
    df, r = load_usulan(p, w, 2026)
    assert len(df) == 1 and r.balanced and r.sheet == "Sheet"

"""The front page's pieces (:mod:`planlib.room.beranda`), with no server: text from planlib.toml."""

from __future__ import annotations

from planlib.room import pages
from planlib.room.beranda import (
    KATALOG,
    SIAPKAN,
    daftar_dasbor,
    dashboard_label,
    judul,
    judul_beranda,
    judul_halaman,
    kepala,
    ringkasan,
)
from planlib.serve import NOTEBOOKS

HOSTILE = "Kab. <script>alert(1)</script> & \"Hulu\" 'Sungai'"


def test_every_shipped_notebook_is_in_the_catalogue_with_a_line():
    listed = {d.notebook: d for _, ds in KATALOG for d in ds}
    shipped = [p.name for p in NOTEBOOKS.glob("*.ipynb")]
    assert shipped and set(shipped) <= set(listed)
    assert all(d.keterangan and d.label for d in listed.values())
    assert [g for g, _ in KATALOG] == [
        "Periksa & Persiapan", "Rembuk Remas", "Musrenbang & Forum", "Indikator", "Rakerda",
    ]  # fmt: skip


def test_the_summary_is_read_from_planlib_toml_alone(tmp_path, demo_ws):
    info = ringkasan(demo_ws)
    assert (info.nama, info.tahun, info.label, info.siap) == (
        "Kabupaten Contoh", 2026, "DATA CONTOH — sintetis", True,
    )  # fmt: skip
    assert ringkasan(demo_ws, 2025).tahun == 2025  # the room's --tahun
    assert judul_beranda(info) == "Dasbor Kabupaten Contoh 2026"
    empty = ringkasan(tmp_path)
    assert not empty.siap and judul_beranda(empty) == "Workspace belum disiapkan"
    (tmp_path / "planlib.toml").write_text("[wilayah\nrusak", encoding="utf-8")
    assert not ringkasan(tmp_path).siap  # unreadable: the page says so, the server keeps going


def test_titles_name_the_dashboard_and_the_kabupaten():
    assert judul("01-peta-usulan.ipynb", "Kabupaten Contoh") == "Peta Usulan — Kabupaten Contoh"
    titles = judul_halaman(["04-forum-perangkat-daerah.ipynb", SIAPKAN], "Kota Bima")
    assert titles == {
        "04-forum-perangkat-daerah": "Forum Perangkat Daerah — Kota Bima",
        "siapkan-workspace": "Tambah Berkas — Kota Bima",
    }
    assert dashboard_label("07-anggaran-desa.ipynb") == "Anggaran desa"  # a new one, by its name


def test_the_workspace_name_is_escaped(tmp_path):
    (tmp_path / "planlib.toml").write_text(
        f"[wilayah]\nkabupaten = \"63.06\"\nnama = '''{HOSTILE}'''\n[usulan]\n2027 = 'u.xlsx'\n"
        "[demo]\nlabel = '<b>contoh</b>'\n",
        encoding="utf-8",
    )
    info = ringkasan(tmp_path)
    assert info.nama == HOSTILE and info.tahun == 2027
    html = pages.render("beranda", judul_beranda(info), None, kepala=kepala(info, f"Hai {HOSTILE}"),
                        isi=daftar_dasbor(["01-peta-usulan.ipynb"], "/"))  # fmt: skip
    assert "<script>" not in html and "<b>contoh" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Hulu&quot;" in html
    assert html.count("&lt;script&gt;") == 3  # the title, the heading, the greeting
    assert '<html lang="id">' in html


def test_a_visitor_sees_only_the_dashboards_given_to_them():
    tamu = daftar_dasbor(["01-peta-usulan.ipynb", "02-indikator.ipynb"], "/")
    assert "Peta Usulan" in tamu and "Indikator" in tamu
    assert "Forum Perangkat Daerah" not in tamu and "Rakerda" not in tamu  # no empty group
    assert "Musrenbang &amp; Forum" in tamu and "Periksa" not in tamu
    assert "href='/voila/render/01-peta-usulan.ipynb'" in tamu

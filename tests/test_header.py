"""Finding a table's header: under title rows, over one row or two."""

from __future__ import annotations

from planlib.header import find_header, find_header_row


def test_find_header_below_title_rows():
    rows = [
        ["DAFTAR USULAN"],
        [None],
        ["No", "Tgl Usul", "Usulan", "Kecamatan"],
        [1, "x", "y", "z"],
    ]
    idx, mapping = find_header_row(
        rows, {"tanggal": ["Tgl Usul"], "usulan": ["Usulan"], "kecamatan": ["Kecamatan"]}
    )
    assert idx == 2 and mapping == {1: "tanggal", 2: "usulan", 3: "kecamatan"}


ALIASES = {
    "usulan": ["Usulan"], "kecamatan": ["Kecamatan"], "desa": ["Desa", "Kelurahan/Desa"],
    "status": ["Status"], "rekomendasi_kecamatan": ["Rekomendasi Kecamatan"],
    "rekomendasi_desa": ["Rekomendasi Kelurahan/Desa"], "rekomendasi_skpd": ["Rekomendasi SKPD"],
    "profil": ["Profil"],
}  # fmt: skip


def test_find_header_joins_a_merged_group_row():
    group = "Rekomendasi"
    rows = [
        ["DAFTAR USULAN"] * 7,  # a title merged over the width
        ["Usulan", "Kecamatan", "Kelurahan/Desa", group, group, group, "Status"],
        ["Usulan", "Kecamatan", "Kelurahan/Desa", "Kelurahan/Desa", "Kecamatan", "SKPD", "Status"],
        ["Jalan", "Angkinang", "Bakarung", "ya", "ya", "tidak", "Diterima"],
    ]
    m = find_header(rows, ALIASES)
    assert (m.index, m.height) == (1, 2)
    assert m.mapping == {0: "usulan", 1: "kecamatan", 2: "desa", 3: "rekomendasi_desa",
                         4: "rekomendasi_kecamatan", 5: "rekomendasi_skpd", 6: "status"}  # fmt: skip
    assert m.texts[4] == "Rekomendasi Kecamatan" and m.texts[1] == "Kecamatan"


def test_find_header_prefers_one_row_unless_two_name_more():
    title = ["DAFTAR USULAN"] * 4  # merged title above a one-row header: the pair names no more
    header = ["Usulan", "Profil", "Kecamatan", "Status"]
    data = ["Jalan", "Desa", "Angkinang", "Diterima"]  # "Desa" is also a header name
    m = find_header([title, header, data], ALIASES)
    assert (m.index, m.height, m.hits) == (1, 1, 4)
    assert find_header([title, header, data], ALIASES, two_rows=False) == m
    # a header and its first data row are never a two-row header (no group cell)
    m = find_header([header, data, data], ALIASES)
    assert (m.index, m.height) == (0, 1)
    assert find_header([title, data], ALIASES) is None

"""Forum decisions: append-only SQLite history, undo, concurrent writers, Berita Acara."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planlib.forum.berita_acara.xlsx import sheet_names, write_berita_acara
from planlib.forum.keputusan import (
    BELUM,
    DB_NAME,
    STATUS,
    KeputusanError,
    KeputusanStore,
    keputusan_berlaku,
)
from planlib.forum.keputusan_schema import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]


def _integrity(root: Path) -> str:
    with sqlite3.connect(root / DB_NAME) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def _replay(history: pd.DataFrame) -> dict[tuple[int, str], int]:
    """Check ``sebelum``/``asal`` of every row against an independent undo-stack model.

    Returns the seq of the decision in force per (tahun, id_usulan).
    """
    stacks: dict[tuple[int, str], list[int]] = {}
    for row in history.sort_values("seq").itertuples():
        stack = stacks.setdefault((row.tahun, row.id_usulan), [])
        top = stack[-1] if stack else None
        assert (None if pd.isna(row.sebelum) else row.sebelum) == top, row
        if row.aksi == "catat":
            stack.append(row.seq)
        else:
            assert stack, f"undo without a decision: {row}"
            stack.pop()
        assert (None if pd.isna(row.asal) else row.asal) == (stack[-1] if stack else None), row
    return {k: s[-1] for k, s in stacks.items() if s}


# --------------------------------------------------------------------- semantics


def test_record_undo_current_history(tmp_path):
    store = KeputusanStore(tmp_path)
    assert store.current().empty
    store.record("U1", 2026, "diterima", "sesuai Renja", "Ani")
    store.record("U1", 2026, "Dialihkan ", "kewenangan dinas lain", "Budi", opd="Dinas Sosial")
    store.record("U1", 2026, "ditolak", "bukan kewenangan daerah", "Citra")
    store.record("U2", 2026, "ditunda", "menunggu survei", "Ani")
    store.record("U1", 2027, "ditunda", "tahun lain", "Ani")

    now = store.current(2026).set_index("id_usulan")
    assert now.loc["U1", "status"] == "ditolak" and now.loc["U1", "oleh"] == "Citra"
    assert now.loc["U1", "versi"] == 3 and now.loc["U2", "versi"] == 1
    assert len(store.current()) == 3

    assert store.undo("U1", 2026, "Dewi") is not None  # back one step: dialihkan
    now = store.current(2026).set_index("id_usulan")
    assert (now.loc["U1", "status"], now.loc["U1", "opd"]) == ("dialihkan", "Dinas Sosial")
    assert now.loc["U1", "oleh"] == "Budi"  # who took the decision now in force
    store.undo("U1", 2026, "Dewi")  # two steps: diterima
    assert store.current(2026).set_index("id_usulan").loc["U1", "status"] == "diterima"
    store.undo("U1", 2026, "Dewi")  # nothing left: undecided
    assert "U1" not in set(store.current(2026)["id_usulan"])
    rows = len(store.history())
    assert store.undo("U1", 2026, "Dewi") is None
    assert len(store.history()) == rows  # nothing written

    store.record("U1", 2026, "diterima", "diputuskan ulang", "Ani")
    store.undo("U1", 2026, "Ani")
    assert "U1" not in set(store.current(2026)["id_usulan"])

    hist = store.history("U1", 2026)
    assert list(hist["aksi"]) == ["catat"] * 3 + ["batal"] * 3 + ["catat", "batal"]
    assert list(hist["oleh"])[3:6] == ["Dewi"] * 3
    assert hist.iloc[1]["status_sebelum"] == "diterima"
    assert hist.iloc[2]["opd_sebelum"] == "Dinas Sosial"
    assert hist.iloc[3]["status_sebelum"] == "ditolak" and hist.iloc[3]["status"] == "dialihkan"
    assert pd.to_datetime(hist["waktu"]).dt.tz is not None  # UTC ISO timestamps
    assert hist["seq"].is_monotonic_increasing
    in_force = _replay(store.history())
    assert set(in_force) == {(2026, "U2"), (2027, "U1")}


def test_keputusan_berlaku_follows_the_ids_asked_and_the_year(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record("A", 2026, "diterima", "prioritas", "Analis")
    store.record("B", 2026, "dialihkan", "kewenangan", "Analis", opd="Dinas Sosial")
    store.record("A", 2025, "ditolak", "tahun lalu", "Analis")
    store.record("C", 2026, "ditunda", "menunggu", "Analis")
    store.undo("C", 2026, "Analis")
    ids = pd.Series(["C", "B", " A", "Z"], index=[10, 11, 12, 13])
    got = keputusan_berlaku(store, ids, 2026)
    assert got.index.tolist() == [10, 11, 12, 13]  # the caller's rows, in the caller's order
    assert got["id_usulan"].tolist() == ["C", "B", "A", "Z"]
    assert got["label"].tolist() == [BELUM, "Dialihkan", "Diterima", BELUM]
    assert got["status"].tolist() == [None, "dialihkan", "diterima", None]
    assert got["opd"].tolist() == [None, "Dinas Sosial", None, None]
    assert got["alasan"].tolist() == [None, "kewenangan", "prioritas", None]
    assert got["versi"].tolist()[1:3] == [1, 1] and got["versi"].isna().tolist() == [
        True, False, False, True,
    ]  # fmt: skip
    # a frame as the CLI passes it reads the same; other years and repeated ids are handled
    frame = pd.concat([store.current(), store.current(2026).assign(alasan="lama").iloc[:1]])
    frame = pd.concat([frame.iloc[[-1]], frame.iloc[:-1]])  # the stale copy first: the last wins
    assert keputusan_berlaku(frame, ids, 2026).equals(got)
    assert keputusan_berlaku(store, ["A"], 2025)["label"].tolist() == ["Ditolak"]
    empty = keputusan_berlaku(pd.DataFrame(), ["A"], 2026)
    assert empty["label"].tolist() == [BELUM] and empty["status"].isna().all()


def test_history_is_append_only_and_versioned(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record("U1", 2026, "diterima", "ok", "Ani")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for sql in ("UPDATE keputusan_log SET status = 'ditolak'", "DELETE FROM keputusan_log"):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
    assert store.current()["status"].tolist() == ["diterima"]
    KeputusanStore(tmp_path)  # reopening does not migrate again or lose anything
    assert len(store.history()) == 1


def test_newer_schema_and_broken_file_are_refused(tmp_path):
    newer, broken = tmp_path / "newer", tmp_path / "broken"
    newer.mkdir(), broken.mkdir()
    with sqlite3.connect(newer / DB_NAME) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(KeputusanError, match="lebih baru"):
        KeputusanStore(newer)
    (broken / DB_NAME).write_bytes(b"bukan basis data " * 100)
    with pytest.raises(KeputusanError, match="tidak dapat dipakai"):
        KeputusanStore(broken)
    with pytest.raises(KeputusanError, match="tidak ditemukan"):
        KeputusanStore(tmp_path / "tidak-ada")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "disetujui"}, "Status keputusan tidak dikenal"),
        ({"status": "dialihkan"}, "wajib menyebut OPD"),
        ({"status": "diterima", "opd": "Dinas Sosial"}, "hanya diisi untuk keputusan 'dialihkan'"),
        ({"alasan": "  "}, "Alasan keputusan wajib diisi"),
        ({"oleh": ""}, "oleh\\) wajib diisi"),
        ({"id_usulan": " "}, "ID usulan wajib diisi"),
        ({"tahun": 2026.5}, "Tahun tidak sah"),
        ({"tahun": "dua ribu"}, "Tahun tidak sah"),
        ({"known_ids": ["U2", "U3"]}, "tidak ada dalam daftar usulan tahun 2026"),
    ],
)
def test_validation(tmp_path, kwargs, message):
    store = KeputusanStore(tmp_path)
    args = {"id_usulan": "U1", "tahun": 2026, "status": "diterima", "alasan": "ok", "oleh": "Ani"}
    with pytest.raises(KeputusanError, match=message):
        store.record(**{**args, **kwargs})
    assert store.history().empty
    assert isinstance(KeputusanError("x"), ValueError)
    store.record(**{**args, "known_ids": pd.Series(["U1"]), "tahun": "2026"})
    assert store.current()["tahun"].tolist() == [2026]


def test_versi_refuses_a_stale_write(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record("U1", 2026, "diterima", "ok", "Ani", versi=0)
    seen = int(store.current().loc[0, "versi"])
    store.record("U1", 2026, "ditolak", "berubah", "Budi", versi=seen)
    with pytest.raises(KeputusanError, match="sudah diubah analis lain"):
        store.record("U1", 2026, "ditunda", "basi", "Ani", versi=seen)
    assert store.current().loc[0, "status"] == "ditolak"


def test_overrides(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record_override("U1", 2026, "Ani", node_id="SK-1")
    store.record_override("U1", 2026, "Budi", opd="Dinas Sosial", node_id="SK-2", alasan="salah")
    store.record_override("U2", 2026, "Ani", opd="Dinas Kesehatan")
    got = store.overrides(2026).set_index("id_usulan")
    assert {"tahun", "opd", "node_id"} <= set(got.columns)
    assert (got.loc["U1", "opd"], got.loc["U1", "node_id"]) == ("Dinas Sosial", "SK-2")
    assert pd.isna(got.loc["U2", "node_id"])
    store.undo_override("U1", 2026, "Citra")
    got = store.overrides(2026).set_index("id_usulan")
    assert pd.isna(got.loc["U1", "opd"]) and got.loc["U1", "node_id"] == "SK-1"
    _replay(store.override_history())
    with pytest.raises(KeputusanError, match="OPD atau node"):
        store.record_override("U3", 2026, "Ani", alasan="tanpa tujuan")
    assert store.current().empty  # overrides and decisions are separate histories


def test_backup(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    store = KeputusanStore(root)
    for i in range(5):
        store.record(f"U{i}", 2026, STATUS[i % 4], "ok", "Ani", opd="X" if i % 4 == 2 else None)
    copy = store.backup(tmp_path / "cadangan.sqlite")
    (tmp_path / "pulih").mkdir()
    copy.rename(tmp_path / "pulih" / DB_NAME)
    restored = KeputusanStore(tmp_path / "pulih")
    pd.testing.assert_frame_equal(restored.history(), store.history())
    with pytest.raises(KeputusanError, match="sudah ada"):
        store.backup(tmp_path / "pulih" / DB_NAME)


# --------------------------------------------------------------------- locking


def test_waits_for_a_writer_and_readers_do_not_block(tmp_path):
    store = KeputusanStore(tmp_path)
    store.record("U1", 2026, "diterima", "ok", "Ani")
    other = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO keputusan_log (seq, tahun, id_usulan, aksi, status, alasan, oleh, waktu,"
        " asal) VALUES (100, 2026, 'U9', 'catat', 'ditolak', 'x', 'lain', 'x', 100)"
    )
    impatient = KeputusanStore(tmp_path, timeout=0.2)
    # WAL: reading while another kernel holds the write lock neither waits nor sees it
    assert impatient.current()["id_usulan"].tolist() == ["U1"]
    with pytest.raises(KeputusanError, match="sedang dipakai"):
        impatient.record("U2", 2026, "ditunda", "x", "Budi")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    seq = store.record("U2", 2026, "ditunda", "menunggu", "Budi")  # waits, then writes
    release.join()
    other.close()
    assert seq == 101
    assert store.current()["id_usulan"].tolist() == ["U1", "U2", "U9"]


# --------------------------------------------------------------------- processes

WRITER = """
import sys, time
from pathlib import Path
from planlib.forum.keputusan import KeputusanStore, STATUS
root, w, n, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
print("siap", flush=True)
while not go.exists():
    time.sleep(0.002)
store = KeputusanStore(root)  # every writer creates/migrates the same new file at once
for i in range(n):
    key = f"U{(i * 7 + w) % 40:03d}"
    if i % 10 == 9:
        seq = store.undo(key, 2026, f"penulis{w}")
        print("batal", i, seq, flush=True)
    else:
        s = STATUS[(i + w) % 4]
        opd = "Dinas Sosial" if s == "dialihkan" else None
        seq = store.record(key, 2026, s, f"w{w}-i{i}", f"penulis{w}", opd)
        print("catat", i, seq, flush=True)
    # analysts in a room do not write in a tight loop: give the others the CPU between writes,
    # so that on a loaded 2-core machine the writers still overlap rather than run in turn
    time.sleep(0.001)
"""


def _python(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_eight_processes_write_at_once(tmp_path):
    writers, n = 8, 200
    go = tmp_path / "mulai"
    procs = [_python(WRITER, tmp_path, w, n, go) for w in range(writers)]
    for p in procs:
        assert p.stdout.readline().strip() == "siap"
    go.touch()
    acks: dict[int, tuple[str, int, int]] = {}
    for w, p in enumerate(procs):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        for line in out.splitlines():
            aksi, i, seq = line.split()
            if seq != "None":
                assert int(seq) not in acks
                acks[int(seq)] = (aksi, w, int(i))

    assert _integrity(tmp_path) == "ok"
    store = KeputusanStore(tmp_path)
    hist = store.history().set_index("seq")
    assert set(hist.index) == set(acks)
    expected = {
        (f"penulis{w}", f"w{w}-i{i}") for w in range(writers) for i in range(n) if i % 10 != 9
    }
    catat = hist[hist["aksi"] == "catat"]
    assert set(zip(catat["oleh"], catat["alasan"], strict=True)) == expected
    assert len(catat) == len(expected)
    for seq, (aksi, w, i) in acks.items():
        assert (hist.at[seq, "aksi"], hist.at[seq, "oleh"]) == (aksi, f"penulis{w}")
        if aksi == "catat":
            assert hist.at[seq, "alasan"] == f"w{w}-i{i}"
    # the writers really ran at the same time: their rows interleave
    runs = (hist["oleh"] != hist["oleh"].shift()).sum()
    assert runs > 10 * writers
    # previous values were read inside each writer's transaction: the chain is intact
    in_force = _replay(hist.reset_index())
    current = store.current(2026).set_index("id_usulan")
    for (_, ident), seq in in_force.items():
        assert current.loc[ident, "alasan"] == hist.at[seq, "alasan"]
    assert set(current.index) == {k[1] for k in in_force}


LOOPER = """
import sys
from planlib.forum.keputusan import KeputusanStore
store = KeputusanStore(sys.argv[1])
tag = sys.argv[2]
i = 0
while True:
    seq = store.record(f"K{i % 25}", 2026, "ditunda", f"{tag}-{i}", tag)
    print(i, seq, flush=True)
    i += 1
"""


def test_writer_killed_mid_run_leaves_a_consistent_database(tmp_path):
    KeputusanStore(tmp_path)
    acked: dict[int, str] = {}
    for round_ in range(2):
        procs = [_python(LOOPER, tmp_path, f"r{round_}p{k}") for k in range(2)]
        tags = [f"r{round_}p{k}" for k in range(2)]
        seen = 0
        while seen < 60:  # let both write for a while, then kill them without warning
            line = procs[seen % 2].stdout.readline()
            assert line, procs[seen % 2].stderr.read()
            i, seq = line.split()
            acked[int(seq)] = f"{tags[seen % 2]}-{i}"
            seen += 1
        for p in procs:
            os.kill(p.pid, signal.SIGKILL)
        for p, tag in zip(procs, tags, strict=True):
            # the rest through the buffer readline() has filled: communicate() reads the pipe
            # itself, skipping what that buffer holds, and may start in the middle of a line
            # ("7 10045" of "127 10045"), which then names the wrong row (the flaky failure)
            out = p.stdout.read()
            p.wait(timeout=30)
            p.stdout.close()
            p.stderr.close()
            assert p.returncode == -signal.SIGKILL
            for line in out.splitlines():  # acknowledged before the kill, still in the pipe
                i, seq = line.split()
                acked[int(seq)] = f"{tag}-{i}"

        assert _integrity(tmp_path) == "ok"
        store = KeputusanStore(tmp_path)
        store.record("setelah", 2026, "diterima", f"hidup lagi {round_}", "Ani")
        hist = store.history().set_index("seq")
        missing = set(acked) - set(hist.index)
        assert not missing
        assert all(hist.at[seq, "alasan"] == alasan for seq, alasan in acked.items())
        _replay(hist.reset_index())


# --------------------------------------------------------------------- Berita Acara


@pytest.fixture(scope="module")
def forum(demo_ws, tmp_path_factory):
    """The demo usulan of the last year and a store with decisions on every 9th usulan."""
    import planlib
    from planlib.rekap import usulan_tahun

    ws = planlib.open_workspace(demo_ws)
    tahun = max(ws.tahun)
    usulan = usulan_tahun(ws, tahun)
    store = KeputusanStore(tmp_path_factory.mktemp("forum"))
    for k, ident in enumerate(usulan["id_usulan"].iloc[::9]):
        status = STATUS[k % 4]
        opd = "Dinas Sosial" if status == "dialihkan" else None
        store.record(ident, tahun, status, f"alasan {k}", "Notulis A", opd)
    return usulan, store.current(tahun), tahun


def _sheet_rows(ws) -> tuple[int, list[dict]]:
    """The header row number and the table rows (those with a number in column No)."""
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "No")
    return _rows_under(ws, header_row)


def _rincian(wb) -> dict[str, dict]:
    """The Rincian sheet (every column of every usulan) by ID Usulan."""
    _, rows = _rows_under(wb["Rincian"], 3)
    return {r["ID Usulan"]: r for r in rows}


def _rows_under(ws, header_row: int) -> tuple[int, list[dict]]:
    headers = [c.value for c in ws[header_row]]
    rows = []
    for values in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if not isinstance(values[0], int):
            break
        rows.append(dict(zip(headers, values, strict=False)))
    return header_row, rows


def test_berita_acara_per_dapil(forum, tmp_path):
    usulan, keputusan, tahun = forum
    path = write_berita_acara(
        usulan, keputusan, tmp_path / "ba.xlsx", judul="Kabupaten Contoh", tahun=tahun
    )
    wb = openpyxl.load_workbook(path)
    counts = usulan["dapil"].astype(object).fillna("Tanpa Dapil").value_counts()
    assert wb.sheetnames[-1] == "Rincian"
    assert sorted(wb.sheetnames[:-1]) == sorted(counts.index)
    rincian = _rincian(wb)
    assert len(rincian) == len(usulan)
    decided = {
        d["id_usulan"]: {k: (None if pd.isna(v) else v) for k, v in d.items()}
        for d in keputusan.to_dict("records")
    }
    dapil_of = usulan.set_index("id_usulan")["dapil"].astype(object).fillna("Tanpa Dapil")
    n_decided = 0
    for name in wb.sheetnames[:-1]:
        ws = wb[name]
        title = " ".join(str(ws.cell(r, 1).value) for r in range(1, 5))
        assert "BERITA ACARA" in title and "FORUM PERANGKAT DAERAH" in title
        assert "KABUPATEN CONTOH" in title and str(tahun) in title
        header_row, rows = _sheet_rows(ws)
        assert len(rows) == counts[name]
        assert [r["No"] for r in rows] == list(range(1, len(rows) + 1))
        assert {dapil_of[r["ID Usulan"]] for r in rows} == {name}
        for r in rows:
            full = rincian[r["ID Usulan"]]
            assert full["Dapil"] == name
            if r["ID Usulan"] in decided:
                d = decided[r["ID Usulan"]]
                assert r["Keputusan"].split("\n")[0] == d["status"].capitalize()
                assert full["Keputusan"] == d["status"].capitalize()
                assert r["Alasan"] == d["alasan"] == full["Alasan"]
                assert full["Dicatat oleh"] == "Notulis A"
                assert full["OPD Pengalihan"] == d["opd"]
                if d["opd"]:
                    assert r["Keputusan"].endswith(f"ke {d['opd']}")
                n_decided += 1
            else:
                assert r["Keputusan"] == BELUM == full["Keputusan"]
        # printing: A4 landscape, one page wide, header repeated, page numbers, signatures
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == f"${header_row}:${header_row}"
        assert "&P" in ws.oddFooter.right.text
        cells = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert {"Pimpinan Forum", "Notulis"} <= cells
    assert n_decided == len(keputusan)


def test_berita_acara_per_opd(forum, tmp_path):
    usulan, keputusan, tahun = forum
    path = write_berita_acara(
        usulan, keputusan, tmp_path / "ba.xlsx", by="opd", judul="Kab. Contoh", tahun=tahun
    )
    wb = openpyxl.load_workbook(path)
    opd = usulan["opd_tujuan"].astype(object).fillna("Tanpa OPD Tujuan")
    assert len(wb.sheetnames) == opd.nunique() + 1  # and the Rincian
    total = 0
    for name in wb.sheetnames[:-1]:
        ws = wb[name]
        _, rows = _sheet_rows(ws)
        full = ws.cell(5, 1).value.removeprefix("OPD Tujuan: ")
        assert {r["OPD Tujuan"] for r in rows} == {full}
        assert len(rows) == (opd == full).sum()
        total += len(rows)
    assert total == len(usulan)


def test_berita_acara_small_frame(tmp_path):
    usulan = pd.DataFrame(
        {
            "id_usulan": ["A1", "A2", "A3"],
            "tahun": [2026, 2026, 2025],
            "nama_kecamatan": ["Kec B", "Kec A", "Kec A"],
            "nama_desa": ["Desa 1", "Desa 2", "Desa 3"],
            "usulan": ['=HYPERLINK("http://x")', "Jalan [ruas 2]", "tahun lalu"],
            "volume": [1.5, None, 2],
            "satuan": ["km", None, "unit"],
            "anggaran": [1_000_000.0, 2_500_000.0, 1.0],
            "opd_tujuan": ["Dinas: A/B", None, "Dinas: A/B"],
            "dapil": [None, "Dapil 10", "Dapil 2"],
        }
    )
    keputusan = pd.DataFrame({"id_usulan": ["A1"], "tahun": [2026], "status": ["dialihkan"],
                              "opd": ["Dinas C"], "alasan": ["x"], "oleh": ["Ani"]})  # fmt: skip
    wb = openpyxl.load_workbook(
        write_berita_acara(usulan, keputusan, tmp_path / "a.xlsx", judul="X", tahun=2026)
    )
    assert wb.sheetnames == ["Dapil 10", "Tanpa Dapil", "Rincian"]  # 2025 rows left out
    cell = next(c for row in wb["Tanpa Dapil"].iter_rows() for c in row if c.value and
                str(c.value).startswith("=HYPERLINK"))  # fmt: skip
    assert cell.data_type == "s"  # text from the analyst never becomes a formula
    _, rows = _sheet_rows(wb["Tanpa Dapil"])
    assert rows[0]["Keputusan"] == "Dialihkan\nke Dinas C"
    assert _rincian(wb)["A1"]["OPD Pengalihan"] == "Dinas C"
    assert rows[0]["Anggaran (Rp)"] == 1_000_000
    wb = openpyxl.load_workbook(
        write_berita_acara(
            usulan, keputusan.iloc[:0], tmp_path / "b.xlsx", by="opd", judul="X", tahun=2026
        )  # fmt: skip
    )
    assert wb.sheetnames == ["Dinas- A-B", "Tanpa OPD Tujuan", "Rincian"]
    with pytest.raises(KeputusanError, match="Pengelompokan"):
        write_berita_acara(usulan, keputusan, tmp_path / "c.xlsx", by="desa", judul="X", tahun=1)
    with pytest.raises(KeputusanError, match="tanpa kolom: anggaran"):
        write_berita_acara(usulan.drop(columns="anggaran"), keputusan, tmp_path / "d.xlsx",
                           judul="X", tahun=2026)  # fmt: skip


def test_sheet_names():
    labels = [
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kota",
        "Badan [Keuangan]: Aset?",
        "history",
        "'Dapil 1'",
        "dapil 1",
    ]
    names = sheet_names(labels)
    assert names[0] == "Dinas PUPR"
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert 0 < len(n) <= 31 and not set(n) & set("[]:*?/\\")
        assert not n.startswith("'") and not n.endswith("'") and n.lower() != "history"

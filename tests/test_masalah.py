"""Masalah recorded at the Rembuk Remas: append-only, corrections and undo, concurrent writers, kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planlib.masalah.store import DB_NAME, MasalahStore
from planlib.masalah.tempat import MasalahError, Tempat, resolve_tempat
from planlib.wilayah import Wilayah

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wil() -> Wilayah:
    kode = pd.DataFrame(
        [
            ("52", "Nusa Tenggara Barat", "provinsi", None),
            ("52.03", "Kabupaten Lombok Timur", "kabupaten_kota", "52"),
            ("52.03.01", "Keruak", "kecamatan", "52.03"),
            ("52.03.02", "Jerowaru", "kecamatan", "52.03"),
            ("52.03.01.2001", "Pulau Maringkik", "desa_kelurahan", "52.03.01"),
            ("52.03.01.2002", "Sukaraja", "desa_kelurahan", "52.03.01"),
            ("52.03.01.2003", "Tanjung Luar", "desa_kelurahan", "52.03.01"),
            ("52.03.02.2001", "Sekaroh", "desa_kelurahan", "52.03.02"),
            ("52.03.02.2002", "Sukaraja", "desa_kelurahan", "52.03.02"),
        ],
        columns=["kode", "nama", "level", "induk"],
    )
    return Wilayah("52.03", "Kabupaten Lombok Timur", kode)


def _integrity(root: Path) -> str:
    with sqlite3.connect(root / DB_NAME) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_desa_by_code_name_and_misspelling(wil):
    assert resolve_tempat(wil, "5203012001").kode == "52.03.01.2001"
    assert resolve_tempat(wil, "52.03.02.2001").nama == "Sekaroh"
    t = resolve_tempat(wil, "Tanjung Luwar")
    assert t.kode == "52.03.01.2003" and t.kode_kecamatan == "52.03.01"
    assert t.dicocokkan and "Tanjung Luar" in t.dicocokkan
    k = resolve_tempat(wil, None, "Jerowaru")
    assert (k.tingkat, k.kode) == ("kecamatan", "52.03.02")


def test_unknown_and_ambiguous_desa_are_refused_with_the_nearest_names(wil):
    with pytest.raises(MasalahError, match="tidak dikenal.*Nama terdekat: Sekaroh"):
        resolve_tempat(wil, "Sekarung")
    with pytest.raises(MasalahError, match="lebih dari satu desa.*--kecamatan"):
        resolve_tempat(wil, "Sukaraja")
    assert resolve_tempat(wil, "Sukaraja", "Jerowaru").kode == "52.03.02.2002"
    with pytest.raises(MasalahError, match="Kode desa 5203099999 tidak ada"):
        resolve_tempat(wil, "5203099999")


def test_record_correct_withdraw_undo_keeps_history(tmp_path, wil):
    store = MasalahStore(tmp_path)
    t = resolve_tempat(wil, "Sekaroh")
    a = store.record(2028, t, "Jalan ke dusun rusak parah, becek saat hujan", "Ani", prioritas=1)
    b = store.record(2028, t, "Banyak balita stunting", "Budi", sumber="data")
    cur = store.current(2028).set_index("id_masalah")
    assert cur.loc[a, "isu"] == "Infrastruktur jalan dan jembatan"
    assert cur.loc[a, "bidang"] == "infrastruktur"
    assert cur.loc[b, "isu"] == "Kesehatan dan stunting" and cur.loc[b, "sumber"] == "data"
    store.correct(a, "Citra", teks="Jalan usaha tani rusak, hasil panen sulit diangkut")
    cur = store.current(2028).set_index("id_masalah")
    assert cur.loc[a, "masalah"].startswith("Jalan usaha tani") and cur.loc[a, "versi"] == 2
    assert cur.loc[a, "oleh"] == "Citra" and cur.loc[a, "dicatat_oleh"] == "Ani"
    assert cur.loc[a, "prioritas"] == 1
    store.undo(a, "Citra")  # the correction undone
    assert (
        store.current(2028).set_index("id_masalah").loc[a, "masalah"].startswith("Jalan ke dusun")
    )
    store.withdraw(b, "Budi")
    assert list(store.current(2028)["id_masalah"]) == [a]
    store.undo(b, "Budi")  # the withdrawal undone
    assert sorted(store.current(2028)["id_masalah"]) == [a, b]
    assert store.current(2029).empty
    hist = store.history()
    assert list(hist["aksi"]) == ["catat", "catat", "koreksi", "urung", "batal", "urung"]
    with sqlite3.connect(tmp_path / DB_NAME) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM masalah_log")
    with sqlite3.connect(tmp_path / DB_NAME) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE masalah_log SET teks = 'x'")


def test_choices_are_checked(tmp_path, wil):
    store = MasalahStore(tmp_path)
    t = resolve_tempat(wil, "Sekaroh")
    with pytest.raises(MasalahError, match="Isu tidak dikenal"):
        store.record(2028, t, "Air keruh", "Ani", isu="astronomi")
    with pytest.raises(MasalahError, match="wajib diisi"):
        store.record(2028, t, "  ", "Ani")
    with pytest.raises(MasalahError, match="Prioritas"):
        store.record(2028, t, "Air keruh", "Ani", prioritas="tinggi")
    i = store.record(2028, t, "Air keruh", "Ani", isu="air bersih", bidang="infra",
                     jenis="isu strategis")  # fmt: skip
    row = store.current().set_index("id_masalah").loc[i]
    assert (row["isu"], row["bidang"], row["jenis"]) == (
        "Air bersih dan sanitasi",
        "infrastruktur",
        "isu_strategis",
    )


def test_time_is_stored_utc_and_shown_in_the_workspaces_zone(tmp_path):
    """Shown by the one time rule (formatting.waktu), never in the machine's zone (often UTC)."""
    from planlib.dashboards.rembuk_remas_desa import masalah_html
    from planlib.formatting import waktu

    store = MasalahStore(tmp_path)
    t = Tempat("desa", "52.03.02.2001", "Sekaroh", "52.03.02")
    store.record(2028, t, "jalan rusak", "Ani", isu="jalan")
    stored = store.current(2028)["waktu"].iloc[0]
    assert str(stored).endswith("+00:00")  # UTC in the file
    own = store.current(2028).assign(id_usulan_terkait=[[]], diusulkan=False)
    shown = masalah_html(own, 2028, "WITA")  # Lombok Timur (52) is in WITA
    assert waktu(stored, "WITA") in shown and shown.count(" WITA") == 1
    assert waktu("2026-12-05T02:15:04.123+00:00", "WITA") == "5 Desember 2026, 10.15 WITA"


WRITER = """
import sys, time
from pathlib import Path
from planlib.masalah.store import MasalahStore
from planlib.masalah.tempat import Tempat
root, w, n, go = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
store = MasalahStore(root)
t = Tempat("desa", "52.03.02.2001", "Sekaroh", "52.03.02")
print("siap", flush=True)
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    seq = store.record(2028, t, f"w{w}-i{i} jalan rusak", f"penulis{w}", isu="jalan")
    print(i, seq, flush=True)
"""


def _python(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_three_processes_record_at_once(tmp_path):
    writers, n = 3, 120
    go = tmp_path / "mulai"
    MasalahStore(tmp_path)
    procs = [_python(WRITER, tmp_path, w, n, go) for w in range(writers)]
    for p in procs:
        assert p.stdout.readline().strip() == "siap", p.stderr.read()
    go.touch()
    acks: dict[int, str] = {}
    for w, p in enumerate(procs):
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        for line in out.splitlines():
            i, seq = line.split()
            assert int(seq) not in acks
            acks[int(seq)] = f"w{w}-i{i} jalan rusak"
    assert _integrity(tmp_path) == "ok"
    cur = MasalahStore(tmp_path).current(2028).set_index("id_masalah")
    assert len(cur) == writers * n and set(cur.index) == set(acks)
    assert all(cur.at[s, "masalah"] == text for s, text in acks.items())
    runs = (cur["oleh"] != cur["oleh"].shift()).sum()
    assert runs > writers  # the writers ran at the same time: some rows interleave


LOOPER = """
import sys
from planlib.masalah.store import MasalahStore
from planlib.masalah.tempat import Tempat
store = MasalahStore(sys.argv[1])
t = Tempat("desa", "52.03.02.2001", "Sekaroh", "52.03.02")
i = 0
while True:
    seq = store.record(2028, t, f"{sys.argv[2]}-{i}", sys.argv[2], isu="jalan")
    print(i, seq, flush=True)
    i += 1
"""


def test_writer_killed_mid_run_loses_nothing_acknowledged(tmp_path):
    MasalahStore(tmp_path)
    acked: dict[int, str] = {}
    procs = [_python(LOOPER, tmp_path, f"p{k}") for k in range(2)]
    seen = 0
    while seen < 40:
        p = procs[seen % 2]
        line = p.stdout.readline()
        assert line, p.stderr.read()
        i, seq = line.split()
        acked[int(seq)] = f"p{seen % 2}-{i}"
        seen += 1
    for p in procs:
        os.kill(p.pid, signal.SIGKILL)
    for k, p in enumerate(procs):
        out, _ = p.communicate(timeout=30)
        assert p.returncode == -signal.SIGKILL
        for line in out.splitlines():
            i, seq = line.split()
            acked[int(seq)] = f"p{k}-{i}"
    assert _integrity(tmp_path) == "ok"
    store = MasalahStore(tmp_path)
    store.record(2028, Tempat("desa", "52.03.02.2001", "Sekaroh", "52.03.02"), "hidup lagi", "Ani")
    cur = store.current().set_index("id_masalah")
    assert not set(acked) - set(cur.index)
    assert all(cur.at[s, "masalah"] == text for s, text in acked.items())

"""The room's account store, its CLI, the kernel cap and the log redaction (no server)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from planlib.accounts import ACCOUNTS_FILE, AccountStore
from planlib.cli import app
from planlib.report import PlanlibError
from planlib.room.capacity import RoomKernelManager, default_cap
from planlib.room.identity import RateLimiter, redact

runner = CliRunner()


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "planlib.toml").write_text("[workspace]\nnama = 'uji'\n", encoding="utf-8")
    return tmp_path


def test_secrets_are_stored_only_as_hashes(ws):
    store = AccountStore(ws)
    token = store.tambah("Rina Analis", "analis", sandi="kata-sandi-rahasia")
    secret = token.partition(".")[2]
    raw = (ws / ACCOUNTS_FILE).read_bytes()
    assert secret.encode() not in raw
    assert b"kata-sandi-rahasia" not in raw
    assert b"$argon2" in raw  # argon2 hashes, not some home-made scheme
    assert (ws / ACCOUNTS_FILE).stat().st_mode & 0o077 == 0  # only the owner may read it


def test_token_and_password_logins(ws):
    store = AccountStore(ws)
    token = store.tambah("Rina Analis", "analis", sandi="kata-sandi-rahasia")
    akun = store.masuk_token(token)
    assert akun is not None and (akun.nama, akun.peran) == ("Rina Analis", "analis")
    token_id = token.partition(".")[0]
    assert store.masuk_token(token_id + ".salah") is None
    assert store.masuk_token(token[:-1]) is None
    assert store.masuk_token("") is None
    assert store.masuk_sandi("Rina Analis", "kata-sandi-rahasia") == akun
    assert store.masuk_sandi("Rina  Analis", "kata-sandi-rahasia") == akun  # spaces folded
    assert store.masuk_sandi("Rina Analis", "kata-sandi-salah") is None
    assert store.sesi_berlaku("Rina Analis", akun.sesi) == akun
    assert store.sesi_berlaku("Rina Analis", "lain") is None


def test_revoking_ends_the_link_and_the_sessions_at_once(ws):
    store = AccountStore(ws)
    token = store.tambah("Budi DPRD", "tamu")
    akun = store.masuk_token(token)
    assert akun is not None
    revoked = store.cabut("Budi DPRD")
    assert revoked.dicabut is not None and not revoked.aktif
    assert store.masuk_token(token) is None
    assert store.sesi_berlaku("Budi DPRD", akun.sesi) is None
    assert [a.nama for a in store.daftar()] == ["Budi DPRD"]  # kept, marked revoked
    with pytest.raises(PlanlibError, match="Tidak ada akun aktif"):
        store.cabut("Budi DPRD")
    # re-adding the name opens a new account with a new link; the old link stays dead
    token2 = store.tambah("Budi DPRD", "tamu")
    assert store.masuk_token(token2) is not None and store.masuk_token(token) is None


def test_a_new_link_replaces_the_old_one(ws):
    store = AccountStore(ws)
    token = store.tambah("Sari", "analis")
    sesi = store.masuk_token(token).sesi
    token2 = store.tautan_baru("Sari")
    assert store.masuk_token(token) is None
    assert store.masuk_token(token2) is not None
    assert store.sesi_berlaku("Sari", sesi) is None


def test_bad_accounts_are_refused_in_words(ws):
    store = AccountStore(ws)
    store.tambah("Sari", "analis")
    with pytest.raises(PlanlibError, match="sudah ada"):
        store.tambah("Sari", "tamu")
    with pytest.raises(PlanlibError, match="Peran"):
        store.tambah("Dodi", "admin")
    with pytest.raises(PlanlibError, match="tidak dapat dipakai"):
        store.tambah("<script>", "tamu")
    with pytest.raises(PlanlibError, match="terlalu pendek"):
        store.tambah("Dodi", "tamu", sandi="pendek")


def test_cli_prints_a_personal_link_that_logs_in(ws):
    out = runner.invoke(
        app, ["pengguna", "tambah", str(ws), "Rina Analis", "--peran", "analis",
              "--host", "127.0.0.2", "--port", "8899"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    m = re.search(r"http://127\.0\.0\.2:8899/masuk\?token=(\S+)", out.output)
    assert m, out.output
    assert "█" in out.output or "▀" in out.output  # the QR code, drawn in the terminal
    assert AccountStore(ws).masuk_token(m.group(1)).nama == "Rina Analis"
    listed = runner.invoke(app, ["pengguna", "daftar", str(ws)])
    assert "Rina Analis\tanalis" in listed.output and "aktif" in listed.output
    assert m.group(1) not in listed.output
    gone = runner.invoke(app, ["pengguna", "cabut", str(ws), "Rina Analis"])
    assert gone.exit_code == 0 and "dicabut" in gone.output
    assert AccountStore(ws).masuk_token(m.group(1)) is None
    again = runner.invoke(app, ["pengguna", "cabut", str(ws), "Rina Analis"])
    assert again.exit_code == 2 and "Tidak ada akun aktif" in again.output


def test_cli_refuses_a_folder_that_is_no_workspace(tmp_path):
    out = runner.invoke(app, ["pengguna", "tambah", str(tmp_path), "Sari"])
    assert out.exit_code == 2 and "bukan workspace" in out.output
    assert not (tmp_path / ACCOUNTS_FILE).exists()


def test_serve_options_of_a_room_need_bagikan(tmp_path):
    out = runner.invoke(app, ["serve", str(tmp_path), "--host", "127.0.0.2"])
    assert out.exit_code == 2 and "--bagikan" in out.output


def test_default_cap_from_memory():
    assert default_cap(2048 + 350 * 10) == 10
    assert default_cap(24105) == (24105 - 2048) // 350
    assert default_cap(1024) == 2  # never fewer than two


def test_admission_keeps_a_reserve_for_analysts():
    km = RoomKernelManager(kapasitas=3, cadangan=1)
    a, b = km.admit("tamu"), km.admit("tamu")
    assert a and b and a != b
    assert km.admit("tamu") is None  # the third kernel is kept for an analyst
    c = km.admit("analis")
    assert c is not None
    assert km.admit("analis") is None  # the cap holds for everyone
    km.release(a)
    assert km.admit("tamu") is None  # b and the analyst's c: the tamu share is used up
    km.release(c)
    assert km.admit("tamu") is not None


def test_redaction_hides_login_secrets():
    uri = "/masuk?token=abc.DEF-123&next=%2F&sandi=rahasia"
    out = redact(uri)
    assert "abc.DEF-123" not in out and "rahasia" not in out
    assert out.startswith("/masuk?token=[disembunyikan]&next=%2F")


def test_rate_limit_counts_failures_per_address():
    p = RateLimiter(limit=3, window=60)
    for _ in range(3):
        assert not p.blocked("10.0.0.5")
        p.failed("10.0.0.5")
    assert p.blocked("10.0.0.5")
    assert not p.blocked("10.0.0.6")


def test_the_dashboards_read_the_variables_the_room_server_sets():
    from planlib.dashboards import voila
    from planlib.room.capacity import HEADER_KECAMATAN, HEADER_PENGGUNA, HEADER_PERAN, env_name

    assert env_name(HEADER_PENGGUNA) == voila.ENV_PENGGUNA
    assert env_name(HEADER_PERAN) == voila.ENV_PERAN
    assert env_name(HEADER_KECAMATAN) == voila.ENV_KECAMATAN


def test_pengguna_is_none_outside_a_room(monkeypatch):
    from planlib.dashboards.voila import ENV_PENGGUNA, ENV_PERAN, pengguna

    monkeypatch.delenv(ENV_PENGGUNA, raising=False)
    assert pengguna() is None
    monkeypatch.setenv(ENV_PENGGUNA, "Rina Analis")
    monkeypatch.setenv(ENV_PERAN, "analis")
    assert pengguna() == ("Rina Analis", "analis")


def test_jupyter_server_is_pinned_past_its_known_advisories():
    """Several jupyter_server advisories are fixed only from 2.21: the pin and the install agree."""
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    deps = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    )["project"]["dependencies"]
    pin = next(d for d in deps if d.replace("-", "_").startswith("jupyter_server"))
    spec = SpecifierSet(pin.replace("-", "_").removeprefix("jupyter_server"))
    assert Version("2.20.9") not in spec and Version("2.21.0") in spec
    assert Version(version("jupyter_server")) >= Version("2.21")
    for dep in ("argon2-cffi", "segno"):  # the room's own dependencies are declared
        assert any(d.startswith(dep) for d in deps), dep

"""Serving the workbook on the local machine, offline: Voilà for viewers, JupyterLab for analysts.

``planlib serve [WORKSPACE]`` runs Voilà on the dashboards' notebooks with
``PLANLIB_WORKSPACE`` set for the kernels (the demo by default, generated when
missing), on 127.0.0.1 for one analyst with no login
(:class:`planlib.room.app.LocalApp`: it answers only requests addressed to
this machine's loopback names, and caps its page kernels). ``planlib serve
WORKSPACE --bagikan`` serves a room instead (:mod:`planlib.room`): on the
machine's LAN addresses, with a login for every page (accounts made with
``planlib pengguna``), roles, a kernel cap and the kernel-free views.
``planlib lab [WORKSPACE]`` opens JupyterLab on the workspace folder, with the
starter notebook (``eksplorasi/mulai.ipynb``) copied into it when it is not
there yet.

Stopping ``planlib serve`` (Ctrl+C, ``kill -TERM``, the terminal closing)
stops everything it started (:func:`planlib.processes.run_server`): the server
is asked to stop (it shuts its kernels down), and whatever it started that is
still running after :data:`planlib.processes.BERHENTI` seconds is killed.

Every server is started as ``python -P``: the folder ``planlib serve`` was
started from is not put on the module path, so a ``planlib/`` (or ``voila/``)
folder there is never imported in place of the installed package.

Everything either server needs ships inside the package, so an installed wheel
serves the same pages as a checkout:

- ``planlib/notebooks/`` the thin notebooks (the repository's ``notebooks/`` is
  a link to it) and ``eksplorasi/mulai.ipynb``, the analysts' starter;
- ``planlib/config/`` a Jupyter configuration folder: ``voila.json`` (strip
  sources, hide tracebacks, cull idle kernels, execution timeout) and
  ``labconfig/page_config.json`` (JupyterLab's announcements plugin off);
- ``planlib/share/`` a Jupyter data folder with planlib's Voilà template, the lab
  template without the FontAwesome CDN link, so that no page asks for anything
  outside the local server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

from . import settings
from .processes import run_server
from .report import PlanlibError

PACKAGE = Path(__file__).resolve().parent
#: The dashboards' thin notebooks (``NN-nama.ipynb``), shipped with the package.
NOTEBOOKS = PACKAGE / "notebooks"
#: planlib's Jupyter configuration folder (``voila.json``, ``labconfig/``).
CONFIG = PACKAGE / "config"
#: planlib's Jupyter data folder (the Voilà template).
SHARE = PACKAGE / "share"
#: The starter notebook for analysts, and where ``planlib lab`` puts it in a workspace.
STARTER = NOTEBOOKS / "eksplorasi" / "mulai.ipynb"
STARTER_IN_WORKSPACE = Path("eksplorasi") / "mulai.ipynb"
DASHBOARDS = (
    [p.name for p in sorted(NOTEBOOKS.glob("0[1-9]-*.ipynb"))] if NOTEBOOKS.is_dir() else []
)

#: ``python -P``: the working folder is not put on the module path (a planted package there
#: would run); see :func:`voila_command`, :func:`room_command`, :func:`lab_command`.
PYTHON = [sys.executable, "-P"]
#: Seconds a kernel waits for its page's websocket after the page has loaded, by default.
TANPA_HALAMAN = 60.0

#: JupyterLab's server-side calls to the internet, switched off: the news feed, the check
#: for a newer JupyterLab on PyPI, and the extension manager's PyPI search.
LAB_OFFLINE = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]


def ensure_demo(folder: Path) -> Path:
    """The demo workspace at ``folder``, generated when it does not exist yet.

    Parameters
    ----------
    folder : Path
        Where the demo workspace is (or is to be written).

    Returns
    -------
    Path
        ``folder``.
    """
    if not (folder / "planlib.toml").exists():
        from .demo import write_demo

        print(f"Membuat workspace contoh di {folder} …", flush=True)
        write_demo(folder)
    return folder


def voila_command(
    port: int,
    open_browser: bool = False,
    kapasitas: int = 0,
    tanpa_halaman: float = TANPA_HALAMAN,
    preheat: bool = True,
) -> list[str]:
    """The command line of plain ``planlib serve`` (configuration from the package's ``voila.json``).

    Voilà through :class:`planlib.room.app.LocalApp` (``python -P -m planlib.room
    --lokal``): loopback only, requests to any other host name refused, page
    kernels capped.

    Parameters
    ----------
    port : int
        The local port.
    open_browser : bool
        Open the tree in the default browser.
    kapasitas : int
        The cap on kernels serving pages; 0: from the machine's memory.
    tanpa_halaman : float
        Seconds a kernel waits for its page's websocket after the page loaded.
    preheat : bool
        Keep a preheated kernel per dashboard; off while a workspace is being set up
        (a kernel preheated before ``planlib.toml`` exists would show the empty folder).

    Returns
    -------
    list of str
        The command, to run with :func:`environment`.
    """
    cmd = [
        *PYTHON, "-m", "planlib.room", "--lokal", str(NOTEBOOKS), f"--port={port}",
        "--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={CONFIG}",
        f"--RoomKernelManager.kapasitas={kapasitas}",
        f"--RoomKernelManager.tanpa_halaman={tanpa_halaman}",
        *ditinggal_option(),
    ]  # fmt: skip
    if not preheat:
        cmd.append("--VoilaConfiguration.preheat_kernel=False")
    else:
        cmd += preheat_options()
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


#: The setup page (:mod:`planlib.dashboards.siapkan`): choose the kabupaten, drop the files.
SIAPKAN = "siapkan-workspace.ipynb"


def environment(workspace: Path) -> dict[str, str]:
    """The environment of the Voilà or JupyterLab server and of its kernels.

    Parameters
    ----------
    workspace : Path
        The workspace the kernels open (``PLANLIB_WORKSPACE``).

    Returns
    -------
    dict
        ``os.environ`` with planlib's Jupyter data and configuration folders first.
    """

    def first(var: str, path: Path) -> str:
        rest = os.environ.get(var)
        return str(path) + (os.pathsep + rest if rest else "")

    return {
        **os.environ,
        settings.WORKSPACE: str(workspace.resolve()),
        "JUPYTER_PATH": first("JUPYTER_PATH", SHARE),
        "JUPYTER_CONFIG_PATH": first("JUPYTER_CONFIG_PATH", CONFIG),
        # no update checks, no telemetry: nothing leaves the machine
        "JUPYTER_PLATFORM_DIRS": "1",
    }


def _workspace(workspace: Path | None) -> Path:
    ws = Path(workspace) if workspace else ensure_demo(Path("demo"))
    if not (ws / "planlib.toml").exists():
        raise PlanlibError(f"{ws} bukan workspace planlib (planlib.toml tidak ada).")
    return ws


def room_command(
    port: int,
    host: str,
    urls: list[str],
    kapasitas: int = 0,
    tahun: int = 0,
    proxy: bool = False,
    cadangan: int = 1,
    per_akun: int = 0,
    tanpa_halaman: float = TANPA_HALAMAN,
) -> list[str]:
    """The command line of the room server (``planlib serve --bagikan``).

    Parameters
    ----------
    port : int
        The port.
    host : str
        The address to listen on (``0.0.0.0``: every interface).
    urls : list of str
        The URLs the server is reached at, shown with their QR codes on the start page.
    kapasitas : int
        The cap on live kernels; 0: from the machine's memory.
    tahun : int
        The year the kernel-free views open on; 0: the workspace's latest.
    proxy : bool
        Behind a reverse proxy on this machine: trust its ``X-Forwarded-*`` headers
        (:attr:`planlib.room.app.RoomApp.proxy`).
    cadangan : int
        Kernels kept for analysts (a tamu cannot use them).
    per_akun : int
        Kernels one account may hold; 0: by role
        (:func:`planlib.room.capacity.default_per_akun`).
    tanpa_halaman : float
        Seconds a kernel waits for its page's websocket after the page loaded.

    Returns
    -------
    list of str
        The command, to run with :func:`environment`.
    """
    return [
        *PYTHON, "-m", "planlib.room", str(NOTEBOOKS), f"--port={port}",
        f"--Voila.ip={host}", "--Voila.port_retries=0", "--no-browser",
        f"--Voila.config_file_paths={CONFIG}",
        *[f"--RoomApp.alamat={u}" for u in urls], f"--RoomApp.tahun={tahun}",
        f"--RoomKernelManager.kapasitas={kapasitas}", f"--RoomKernelManager.cadangan={cadangan}",
        f"--RoomApp.proxy={proxy}", f"--RoomKernelManager.per_akun={per_akun}",
        f"--RoomKernelManager.tanpa_halaman={tanpa_halaman}",
        *ditinggal_option(),
    ]  # fmt: skip


def ditinggal_option() -> list[str]:
    """``--RoomKernelManager.ditinggal`` from ``PLANLIB_DITINGGAL``, when it is set.

    Returns
    -------
    list of str
        The option (empty when the variable is unset: the server's 30 s hold).

    Raises
    ------
    PlanlibError
        When the variable is not a number of seconds above zero.
    """
    raw = os.environ.get(settings.DITINGGAL, "").strip()
    if not raw:
        return []
    try:
        detik = float(raw.replace(",", "."))
    except ValueError:
        detik = 0.0
    if not detik > 0:
        raise PlanlibError(
            f"{settings.DITINGGAL}={raw!r} bukan jumlah detik di atas nol; "
            "isi misalnya 30, atau kosongkan."
        )
    return [f"--RoomKernelManager.ditinggal={detik}"]


def preheat_options() -> list[str]:
    """Voilà's preheat deny list from ``PLANLIB_PREHEAT``, when it is set.

    Every notebook of :data:`NOTEBOOKS` not named in the variable is added to the
    shipped deny list (``voila.json``), so only the named dashboards get a kernel
    started ahead of their page.

    Returns
    -------
    list of str
        ``--VoilaKernelManager.preheat_denylist`` options (empty when unset: every
        dashboard is preheated).

    Raises
    ------
    PlanlibError
        When the variable names a notebook planlib does not ship.
    """
    raw = os.environ.get(settings.PREHEAT, "").strip()
    if not raw:
        return []
    keep = {n.strip() for n in raw.split(",") if n.strip()}
    shipped = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    unknown = sorted(keep - set(shipped))
    if unknown:
        raise PlanlibError(
            f"{settings.PREHEAT}: {', '.join(unknown)} bukan dasbor planlib; "
            f"pilih dari: {', '.join(shipped)}."
        )
    config = json.loads((CONFIG / "voila.json").read_text(encoding="utf-8"))
    deny = [*config["VoilaKernelManager"]["preheat_denylist"]]
    deny += [name for name in shipped if name not in keep]
    return [f"--VoilaKernelManager.preheat_denylist={d}" for d in deny]


def room_urls(port: int, host: str | None = None) -> tuple[str, list[str]]:
    """Where the room server listens, and the URLs to give out.

    Parameters
    ----------
    port : int
        The port.
    host : str, optional
        One address to listen on; by default the machine's LAN address(es).

    Returns
    -------
    tuple of (str, list of str)
        The address to bind and the ``http://ADDRESS:PORT/`` URLs.
    """
    from .room.addresses import lan_addresses

    hosts = [host] if host else lan_addresses()
    if not hosts:
        raise PlanlibError(
            "Laptop ini tidak terhubung ke jaringan lokal (wifi) mana pun; sambungkan dulu, "
            "atau pilih alamat dengan --host."
        )
    bind = hosts[0] if len(hosts) == 1 else "0.0.0.0"
    return bind, [f"http://{h}:{port}/" for h in hosts]


def serve(
    workspace: Path | None,
    port: int = 8866,
    open_browser: bool = True,
    bagikan: bool = False,
    host: str | None = None,
    kapasitas: int = 0,
    tahun: int = 0,
    proxy: str | None = None,
    cadangan: int = 0,
    per_akun: int = 0,
    tanpa_halaman: float = TANPA_HALAMAN,
) -> None:
    """Run Voilà on the dashboards for ``workspace`` until interrupted.

    Parameters
    ----------
    workspace : Path or None
        The workspace folder; ``None`` serves the demo in ``./demo`` (generated when
        missing). A folder without ``planlib.toml`` (or one that does not exist yet)
        is served with the setup page (:mod:`planlib.dashboards.siapkan`).
    port : int
        The port.
    open_browser : bool
        Open the tree in the default browser (never for a room).
    bagikan : bool
        Serve a room: LAN addresses, a login for every page, roles, a kernel
        cap and the kernel-free views (:mod:`planlib.room`).
    host : str, optional
        With ``bagikan``: the one address to listen on.
    kapasitas : int
        The cap on kernels serving pages; 0: from the machine's memory.
    tahun : int
        With ``bagikan``: the year the kernel-free views open on; 0: the latest.
    proxy : str, optional
        With ``bagikan``: the public URL of a TLS reverse proxy on this machine.
        The server then listens on loopback only (``host``, default 127.0.0.1)
        and trusts the proxy's ``X-Forwarded-Proto`` / ``X-Real-IP``: the login
        cookie is marked ``Secure`` over https, and the login limit counts each
        client's own address.
    cadangan : int
        With ``bagikan``: kernels kept for analysts; 0: one per active
        ``analis`` account, up to half the cap (:func:`planlib.room.capacity.default_reserve`).
    per_akun : int
        With ``bagikan``: kernels one account may hold; 0: by role
        (:func:`planlib.room.capacity.default_per_akun`).
    tanpa_halaman : float
        Seconds a kernel waits for its page's websocket after the page has
        loaded; then it is shut down (a page that never connected).
    """
    if not DASHBOARDS:
        raise PlanlibError(f"Notebook dasbor tidak ditemukan di {NOTEBOOKS}; pasang ulang planlib.")
    if tanpa_halaman <= 0:
        raise PlanlibError("--tanpa-halaman: jumlah detik harus lebih dari 0.")
    setup = workspace is not None and not (Path(workspace) / "planlib.toml").exists()
    if setup and not bagikan:  # an empty or new folder: the setup page, in the browser
        ws = Path(workspace)  # type: ignore[arg-type]
        if ws.exists() and not ws.is_dir():
            raise PlanlibError(f"{ws} bukan folder.")
        ws.mkdir(parents=True, exist_ok=True)
        print(f"Folder {ws.resolve()} belum berisi workspace.", flush=True)
        print(
            f"Siapkan di peramban: http://127.0.0.1:{port}/voila/render/{SIAPKAN} "
            "(Ctrl+C untuk berhenti)",
            flush=True,
        )
        cmd = voila_command(port, open_browser, kapasitas, tanpa_halaman, preheat=False)
        run_server(cmd, environment(ws))
        return
    ws = _workspace(workspace)
    if bagikan:
        _serve_room(ws, port, host, kapasitas, tahun, proxy, cadangan, per_akun, tanpa_halaman)
        return
    print(f"Workspace: {ws.resolve()}", flush=True)
    print(f"Dasbor di http://127.0.0.1:{port}/ (Ctrl+C untuk berhenti):", flush=True)
    for nb in DASHBOARDS:
        print(f"  http://127.0.0.1:{port}/voila/render/{nb}", flush=True)
    print(f"Tambah berkas: http://127.0.0.1:{port}/voila/render/{SIAPKAN}", flush=True)
    cmd = voila_command(port, open_browser, kapasitas, tanpa_halaman)
    run_server(cmd, environment(ws))


def _serve_room(
    ws: Path,
    port: int,
    host: str | None,
    kapasitas: int,
    tahun: int,
    proxy: str | None,
    cadangan: int = 0,
    per_akun: int = 0,
    tanpa_halaman: float = TANPA_HALAMAN,
) -> None:
    from .accounts import AccountStore
    from .room.addresses import is_loopback
    from .room.capacity import default_cap, default_per_akun, default_reserve
    from .room.pages import qr_terminal

    if proxy:
        if not re.match(r"^https?://[^/\s]+", proxy):
            raise PlanlibError(
                f"--proxy {proxy!r}: tulis alamat lengkap, mis. https://forum.contohkab.go.id/"
            )
        bind = host or "127.0.0.1"
        if not is_loopback(bind):
            raise PlanlibError(
                "--proxy: server di balik proxy hanya mendengarkan alamat loopback (127.0.0.1), "
                "agar header X-Forwarded-* tidak dapat dipalsukan dari jaringan."
            )
        urls = [proxy.rstrip("/") + "/"]
    else:
        bind, urls = room_urls(port, host)
    print(f"Workspace: {ws.resolve()}", flush=True)
    print(
        "Ruang forum: buka salah satu alamat ini dari perangkat di jaringan yang sama", flush=True
    )
    print("(Ctrl+C untuk berhenti):", flush=True)
    for u in urls:
        print(f"  {u}", flush=True)
        print(qr_terminal(u), flush=True)
    akun = AccountStore(ws).daftar()
    cap = kapasitas or default_cap()
    if cadangan <= 0:
        cadangan = default_reserve(cap, sum(1 for a in akun if a.aktif and a.peran == "analis"))
    if cadangan >= cap:
        raise PlanlibError(
            f"--cadangan {cadangan} tidak boleh sama dengan atau lebih dari batas kernel ({cap}): "
            "tamu tidak akan mendapat kernel sama sekali."
        )
    print(f"Batas kernel: {cap}, {cadangan} di antaranya dicadangkan untuk analis.", flush=True)
    tamu, analis = (per_akun or default_per_akun(cap, cadangan, p) for p in ("tamu", "analis"))
    print(f"Per akun: paling banyak {tamu} kernel untuk tamu, {analis} untuk analis.", flush=True)
    if not any(a.aktif for a in akun):
        print(
            f"Belum ada akun: buat dengan `planlib pengguna tambah {ws} NAMA --peran analis` "
            "(atau --peran tamu).",
            flush=True,
        )
    run_server(
        room_command(
            port,
            bind,
            urls,
            kapasitas,
            tahun,
            proxy=bool(proxy),
            cadangan=cadangan,
            per_akun=per_akun,
            tanpa_halaman=tanpa_halaman,
        ),  # fmt: skip
        environment(ws),
    )


def add_starter(workspace: Path) -> Path:
    """Copy the starter notebook into ``workspace`` unless a copy is there already.

    An analyst's edited copy is never overwritten; delete it to get a fresh one.

    Parameters
    ----------
    workspace : Path
        The workspace folder.

    Returns
    -------
    Path
        The starter notebook inside the workspace.
    """
    target = workspace / STARTER_IN_WORKSPACE
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER, target)
    return target


def lab_command(
    workspace: Path, port: int, open_browser: bool = False, allow_root: bool = False
) -> list[str]:
    """The JupyterLab command line planlib runs: rooted at the workspace, offline.

    Parameters
    ----------
    workspace : Path
        The folder JupyterLab shows (its root); it opens on the starter notebook.
    port : int
        The local port.
    open_browser : bool
        Open JupyterLab in the default browser.
    allow_root : bool
        Let Jupyter Server run as root (it refuses otherwise), e.g. in a container.

    Returns
    -------
    list of str
        The command, to run with :func:`environment`. Jupyter Server's token
        login stays on (``JUPYTER_TOKEN`` sets the token).
    """
    cmd = [
        *PYTHON, "-m", "jupyterlab", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={workspace.resolve()}",
        f"--LabApp.default_url=/lab/tree/{STARTER_IN_WORKSPACE.as_posix()}",
        *LAB_OFFLINE,
    ]  # fmt: skip
    if not open_browser:
        cmd.append("--no-browser")
    if allow_root:
        cmd.append("--allow-root")
    return cmd


def lab(
    workspace: Path | None, port: int = 8888, open_browser: bool = True, allow_root: bool = False
) -> None:
    """Run JupyterLab on ``workspace`` for an analyst until interrupted.

    Parameters
    ----------
    workspace : Path or None
        The workspace folder; ``None`` opens the demo in ``./demo`` (generated when missing).
    port : int
        The local port.
    open_browser : bool
        Open JupyterLab in the default browser.
    allow_root : bool
        Let Jupyter Server run as root (it refuses otherwise), e.g. in a container.
    """
    ws = _workspace(workspace)
    mulai = add_starter(ws)
    print(f"Workspace: {ws.resolve()}", flush=True)
    print(f"Notebook awal: {mulai} (Ctrl+C untuk berhenti)", flush=True)
    cmd = lab_command(ws, port, open_browser, allow_root)
    run_server(cmd, environment(ws))

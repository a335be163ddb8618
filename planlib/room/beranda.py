"""The front page of both servers, in Bahasa Indonesia, and the dashboards' page titles.

What ``planlib serve`` prints (and a room's address) opens this page: the
workspace's name and planning year, the "DATA CONTOH" label of the demo, and
the dashboards grouped by purpose (:data:`KATALOG`), each with one line saying
what it is for; in a room also the kernel-free views of each Dapil. It
replaces Voilà's English file list.

The server never loads the workspace (nor pandas): :func:`ringkasan` reads
only ``planlib.toml``. Every value written into the page is escaped
(:func:`planlib.room.pages.esc`): the workspace's name is the analyst's text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .pages import esc

#: The setup page (:mod:`planlib.dashboards.siapkan`).
SIAPKAN = "siapkan-workspace.ipynb"


@dataclass(frozen=True)
class Dasbor:
    """A dashboard as the front page lists it.

    Attributes
    ----------
    notebook : str
        Its notebook's file name (``01-peta-usulan.ipynb``).
    label : str
        Its name in Bahasa Indonesia.
    keterangan : str
        One line: what it is for.
    """

    notebook: str
    label: str
    keterangan: str


#: The dashboards by purpose, in the order the front page shows them.
KATALOG: tuple[tuple[str, tuple[Dasbor, ...]], ...] = (
    ("Periksa & Persiapan", (
        Dasbor("00-periksa-workspace.ipynb", "Periksa Workspace",
               "Setiap baris berkas masukan: dimuat, atau dilaporkan beserta alasan dan saran."),
        Dasbor(SIAPKAN, "Tambah Berkas",
               "Pilih kabupaten/kota dan tambahkan berkas usulan, indikator, atau realisasi."),
    )),
    ("Rembuk Remas", (
        Dasbor("07-rembuk-remas.ipynb", "Rembuk Remas",
               "Masalah dan isu strategis tiap desa: profil IDM, usulan terdahulu, dan pencatatan."),
    )),
    ("Musrenbang & Forum", (
        Dasbor("01-peta-usulan.ipynb", "Peta Usulan",
               "Usulan per kecamatan atau desa di peta, dengan filter Dapil, bidang, OPD, dan isu."),
        Dasbor("03-forum-dapil.ipynb", "Forum Dapil",
               "Satu Dapil untuk hari forum: peta, usulan per OPD tujuan, dan prioritas kecamatan."),
        Dasbor("04-forum-perangkat-daerah.ipynb", "Forum Perangkat Daerah",
               "Usulan dicocokkan dengan rencana; keputusan forum dicatat langsung."),
        Dasbor("05-lintas-pd.ipynb", "Forum Lintas PD",
               "Irisan usulan antar-OPD dan usulan yang diajukan berulang kali."),
    )),
    ("Indikator", (
        Dasbor("02-indikator.ipynb", "Indikator",
               "IPM, kemiskinan, dan pengangguran terbuka dibanding provinsi dan nasional."),
    )),
    ("Rakerda", (
        Dasbor("06-rakerda.ipynb", "Rakerda",
               "Kinerja tahun anggaran per bidang dan OPD, serta faktor yang dicatat di rapat."),
    )),
)  # fmt: skip
_BY_NOTEBOOK = {d.notebook: d for _, group in KATALOG for d in group}


def dashboard_label(notebook: str) -> str:
    """``"04-forum-perangkat-daerah.ipynb"`` → ``"Forum Perangkat Daerah"`` (from the file name if unknown).

    Parameters
    ----------
    notebook : str
        A dashboard's notebook file name (a path's last part is used).

    Returns
    -------
    str
        Its label in Bahasa Indonesia.
    """
    name = Path(notebook).name
    if name in _BY_NOTEBOOK:
        return _BY_NOTEBOOK[name].label
    if not name.endswith(".ipynb"):
        name += ".ipynb"
        if name in _BY_NOTEBOOK:
            return _BY_NOTEBOOK[name].label
    rest = name.removesuffix(".ipynb")
    rest = rest.partition("-")[2] if rest[:2].isdigit() else rest
    return (rest or name).replace("-", " ").capitalize()


@dataclass(frozen=True)
class Ringkasan:
    """What the front page says of the workspace, read from ``planlib.toml`` alone.

    Attributes
    ----------
    nama : str
        The kabupaten/kota's name as the workspace writes it ("" when not set up yet).
    tahun : int or None
        The planning year: the one asked for, else the latest year with usulan.
    label : str or None
        ``"DATA CONTOH — sintetis"`` for the demo; None for real data.
    siap : bool
        Whether the folder holds a readable ``planlib.toml``.
    """

    nama: str
    tahun: int | None
    label: str | None
    siap: bool


def ringkasan(workspace: Path | str | None, tahun: int = 0) -> Ringkasan:
    """Name, planning year and demo label of ``workspace``, from ``planlib.toml`` only.

    Parameters
    ----------
    workspace : Path or str or None
        The workspace folder.
    tahun : int
        The year the server was told to open on; 0: the latest year with usulan.

    Returns
    -------
    Ringkasan
        ``siap`` False (and no name) when the file is missing or unreadable.
    """
    path = Path(workspace or ".") / "planlib.toml"
    try:
        cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Ringkasan("", tahun or None, None, False)

    def table(key: str) -> dict:
        got = cfg.get(key)
        return got if isinstance(got, dict) else {}

    w = table("wilayah")
    nama = str(w.get("nama") or w.get("kabupaten") or Path(workspace or ".").resolve().name)
    years = [int(k) for k in table("usulan") if str(k).isdigit()]
    demo = table("demo")
    label = demo.get("label")
    return Ringkasan(nama, tahun or (max(years) if years else None),
                     str(label) if label else None, True)  # fmt: skip


def judul(notebook: str, nama: str) -> str:
    """A dashboard page's title: ``"Peta Usulan — Kabupaten Contoh"``.

    Parameters
    ----------
    notebook : str
        The notebook's file name (or its name without ``.ipynb``).
    nama : str
        The workspace's kabupaten/kota ("" before set-up: ``planlib`` stands in).

    Returns
    -------
    str
        Plain text (escape it where it goes into HTML).
    """
    return f"{dashboard_label(notebook)} — {nama or 'planlib'}"


def judul_halaman(notebooks: list[str], nama: str) -> dict[str, str]:
    """The titles of the dashboards' pages, by notebook name without ``.ipynb`` (as Voilà names them).

    Parameters
    ----------
    notebooks : list of str
        The notebooks' file names.
    nama : str
        The workspace's kabupaten/kota.

    Returns
    -------
    dict of str to str
        For planlib's Voilà template (``resources.planlib.judul``).
    """
    return {Path(nb).stem: judul(nb, nama) for nb in notebooks}


def judul_beranda(info: Ringkasan) -> str:
    """The front page's title: ``"Dasbor Kabupaten Contoh 2026"``.

    Parameters
    ----------
    info : Ringkasan
        The workspace.

    Returns
    -------
    str
        Plain text.
    """
    if not info.siap:
        return "Workspace belum disiapkan"
    return " ".join(["Dasbor", info.nama, *([str(info.tahun)] if info.tahun else [])])


def kepala(info: Ringkasan, sapaan: str = "") -> str:
    """The page's heading: the demo label, the workspace's name and year, a greeting.

    Parameters
    ----------
    info : Ringkasan
        The workspace.
    sapaan : str
        A greeting ("Selamat datang, Rina"), plain text; empty for none.

    Returns
    -------
    str
        HTML, every value escaped.
    """
    out = []
    if info.label:
        out.append(f"<p class='contoh'>{esc(info.label)}</p>")
    if info.siap:
        out.append(f"<h1>{esc(info.nama)}</h1>")
        tahun = f" · tahun perencanaan {esc(info.tahun)}" if info.tahun else ""
        out.append(f"<p class='sub'>Dasbor perencanaan daerah{tahun}</p>")
    else:
        out.append("<h1>Workspace belum disiapkan</h1>")
    if sapaan:
        out.append(f"<p class='sapaan'>{esc(sapaan)}</p>")
    return "\n".join(out)


def daftar_dasbor(notebooks: list[str], base_url: str, tingkat: int = 2, kotak: bool = True) -> str:
    """The dashboards in ``notebooks`` grouped by purpose, each a link and one line.

    Parameters
    ----------
    notebooks : list of str
        The notebooks the visitor may open (by role); others are not listed.
        Notebooks not in :data:`KATALOG` go under "Lainnya".
    base_url : str
        The server's base URL (``/``).
    tingkat : int
        The heading level of the groups' titles.
    kotak : bool
        Each group's list in a box of its own (False: inside the caller's box).

    Returns
    -------
    str
        HTML: one ``<section>`` per group that has a dashboard.
    """
    allowed = list(dict.fromkeys(notebooks))
    groups = [(g, [d for d in ds if d.notebook in allowed]) for g, ds in KATALOG]
    rest = [nb for nb in allowed if nb not in _BY_NOTEBOOK]
    if rest:
        groups.append(("Lainnya", [Dasbor(nb, dashboard_label(nb), "") for nb in rest]))
    out = []
    for i, (group, items) in enumerate(groups):
        if not items:
            continue
        hid = f"kelompok-{i}"
        lis = "".join(
            f"<li><a href='{esc(base_url + 'voila/render/' + d.notebook)}'>{esc(d.label)}</a>"
            + (f"<span class='ket'>{esc(d.keterangan)}</span>" if d.keterangan else "")
            + "</li>"
            for d in items
        )
        out.append(
            f"<section class='kelompok' aria-labelledby='{hid}'>"
            f"<h{tingkat} id='{hid}'>{esc(group)}</h{tingkat}>"
            + (
                f"<div class='kotak'><ul class='dasbor'>{lis}</ul></div>"
                if kotak
                else f"<ul class='dasbor'>{lis}</ul>"
            )
            + "</section>"
        )
    return "\n".join(out)

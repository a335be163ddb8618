"""The room server's own pages (login, "penuh", refusal, start page) and QR codes, drawn offline.

The pages are ``string.Template`` files in ``planlib/share/room/``; every value
put into them is escaped here. QR codes are drawn by ``segno`` as inline SVG
(in a page) or as text (in the terminal), with nothing fetched.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from string import Template

import segno

TEMPLATES = Path(__file__).resolve().parents[1] / "share" / "room"


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline SVG element.

    Parameters
    ----------
    url : str
        The link to encode.

    Returns
    -------
    str
        The ``<svg>`` element.
    """
    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True))


def qr_terminal(url: str) -> str:
    """The QR code of ``url`` drawn with block characters, for a terminal.

    Parameters
    ----------
    url : str
        The link to encode.

    Returns
    -------
    str
        Lines of text.
    """
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def render(name: str, judul: str, pengguna: str | None = "", **values: str) -> str:
    """A page: the body template ``name`` with ``values`` (raw HTML) inside the common layout.

    Parameters
    ----------
    name : str
        The body template (``masuk``, ``penuh``, ``tolak``, ``mulai``).
    judul : str
        The page title (escaped here).
    pengguna : str or None
        Who is logged in, for the footer (escaped here); None on a server without
        logins (plain ``planlib serve``): the footer says only "planlib".
    **values : str
        The body's placeholders, as HTML: escape text with :func:`esc` first.

    Returns
    -------
    str
    """
    body = Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8")).substitute(values)
    layout = Template((TEMPLATES / "halaman.html").read_text(encoding="utf-8"))
    siapa = "" if pengguna is None else (f"masuk sebagai {pengguna}" if pengguna else "belum masuk")
    return layout.substitute(
        judul=esc(judul), isi=body, pengguna=esc(f"planlib · {siapa}" if siapa else "planlib")
    )


def esc(text: object) -> str:
    """``text`` escaped for HTML (quotes too).

    Parameters
    ----------
    text : object
        Any value (shown as ``str``).

    Returns
    -------
    str
        The escaped text.
    """
    return html.escape(str(text), quote=True)

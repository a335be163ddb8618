"""Peta usulan and Forum Dapil offer the current Dapil's kernel-free file (issue 10)."""

from __future__ import annotations

import base64
import re

from planlib import open_workspace
from planlib.bagikan import bagikan, data
from planlib.dashboards.forum_dapil import ForumDapil
from planlib.dashboards.layout import Download
from planlib.dashboards.peta_usulan import PetaUsulan
from planlib.rekap import SEMUA


def _downloads(widget) -> list[Download]:
    found, todo = [], [widget]
    while todo:
        x = todo.pop()
        if isinstance(x, Download):
            found.append(x)
        todo.extend(getattr(x, "children", ()))
    return found


def _clicked(view, text: str) -> tuple[str, bytes]:
    (d,) = [d for d in _downloads(view.widget()) if d.button.description.startswith(text)]
    d.button.click()
    m = re.search(r'download="([^"]+)" href="data:text/html;base64,([^"]+)"', d.link.value)
    assert m, d.link.value
    return m.group(1), base64.b64decode(m.group(2))


def _same_view(got: bytes, written: str) -> None:
    a, b = data.from_html(got.decode("utf-8")), data.from_html(written)
    assert a == b  # the same payload (the export date is today's in both)


def test_forum_dapil_offers_its_dapil_file(demo_ws, tmp_path):
    ws = open_workspace(demo_ws)
    view = ForumDapil(ws, 2026)
    view.w_dapil.value = view.w_dapil.options[1]
    name, page = _clicked(view, "Unduh tampilan Dapil")
    res = bagikan(ws, 2026, tmp_path / "out", dapil=str(view.w_dapil.value))
    (path,) = res.files.values()
    assert name == path.name
    _same_view(page, path.read_text(encoding="utf-8"))


def test_peta_usulan_offers_the_dapil_or_the_kabupaten(demo_ws, tmp_path):
    ws = open_workspace(demo_ws)
    view = PetaUsulan(ws, 2026)
    assert view.w_dapil.value == SEMUA
    name, page = _clicked(view, "Unduh tampilan Dapil")
    res = bagikan(ws, 2026, tmp_path / "out")
    assert name == res.files[None].name
    _same_view(page, res.files[None].read_text(encoding="utf-8"))
    dapil = [o for o in view.w_dapil.options if o != SEMUA][0]
    view.w_dapil.value = dapil
    name, page = _clicked(view, "Unduh tampilan Dapil")
    assert data.from_html(page.decode("utf-8"))["meta"]["dapil"] == dapil

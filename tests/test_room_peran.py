"""The roles in a real room (``planlib serve --bagikan``): each account records where it may.

One server for the module (on 127.0.0.3) with an analyst, a tamu and a
kecamatan's delegate. The Rembuk Remas is driven as a browser would drive it,
but with crafted widget messages over the kernel's websocket (the control
comm's ``request_states``, then ``update`` and ``click`` messages to the
widgets): what is recorded is read back from the server's ``masalah.sqlite``.
Every wait is on a condition (a widget update or a row in the store).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from planlib.accounts import AccountStore
from planlib.masalah.store import MasalahStore
from planlib.wilayah import Wilayah

from .room_client import (
    Room,
    Visitor,
    kernel_environ,
    kernel_id,
    run_async,
    start_room,
    stop_room,
)

HOST = "127.0.0.3"
REMBUK = "/voila/render/07-rembuk-remas.ipynb"
UTUSAN = "Utusan Kecamatan"
TAHUN = 2026


@pytest.fixture(scope="module")
def room(demo_ws, tmp_path_factory):
    r = start_room(demo_ws, tmp_path_factory.mktemp("room_peran"), HOST, 4, "room.log")
    yield r
    stop_room(r)


@pytest.fixture(scope="module")
def wilayah(room) -> Wilayah:
    from planlib.masalah.tempat import wilayah_workspace

    return wilayah_workspace(room.workspace)[0]


@pytest.fixture(scope="module")
def kec(room, wilayah):
    """Two kecamatan (code, name, desa codes); the delegate's account is of the first."""
    desa = wilayah.desa
    out = []
    for kode, nama in zip(wilayah.kecamatan["kode"], wilayah.kecamatan["nama"], strict=True):
        own = list(desa.loc[desa["kode_kec"] == kode, "kode"])
        if len(own) >= 2:
            out.append((str(kode), str(nama), own))
    a, b = out[:2]
    room.tokens[UTUSAN] = AccountStore(room.workspace).tambah(
        UTUSAN, "kecamatan", kecamatan=(a[0], a[1])
    )
    return a, b


def logged_in(room: Room, nama: str) -> Visitor:
    v = room.visitor()
    r = v.login(room.tokens[nama])
    assert r.status == 302, r
    return v


def shutdown(v: Visitor, kid: str) -> None:
    v.post(f"/voila/api/shutdown/{kid}", {"_xsrf": v.xsrf()}, headers={"X-XSRFToken": v.xsrf()})


def masalah(room: Room) -> list[dict[str, Any]]:
    return MasalahStore(room.workspace).current(TAHUN).to_dict("records")


# --------------------------------------------------------------------------- a page's widgets


class Page:
    """A dashboard's kernel over its websocket, spoken to as ipywidgets' front end would."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.got: list[dict] = []
        self.new = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        from jupyter_server.services.kernels.connection.base import deserialize_binary_message

        while (msg := await self.conn.read_message()) is not None:
            self.got.append(
                deserialize_binary_message(msg) if isinstance(msg, bytes) else json.loads(msg)
            )
            self.new.set()

    async def send(self, msg_type: str, content: dict, version: str = "2.1.0") -> None:
        await self.conn.write_message(json.dumps({
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "uji",
                       "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {"version": version}, "content": content,
            "channel": "shell", "buffers": [],
        }))  # fmt: skip

    async def wait(self, found: Callable[[dict], Any], what: str, limit: float = 60) -> Any:
        end = time.monotonic() + limit
        while True:
            for m in self.got:
                if hit := found(m):
                    return hit
            if (left := end - time.monotonic()) <= 0:
                raise AssertionError(f"not within {limit:g} s: {what}")
            self.new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.new.wait(), left)

    async def states(self) -> dict[str, dict]:
        """Every widget's state, as ``request_states`` on the control comm answers it."""
        comm = uuid.uuid4().hex
        await self.send(
            "comm_open",
            {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
            version="1.0.0",
        )  # the control protocol's
        await self.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})

        def answer(m: dict) -> Any:
            data = m.get("content", {}).get("data", {})
            return data.get("states") if data.get("method") == "update_states" else None

        return await self.wait(answer, "the widgets' states")

    async def set(self, model: str, **state: Any) -> None:
        await self.send("comm_msg", {"comm_id": model, "data": {
            "method": "update", "state": state, "buffer_paths": []}})  # fmt: skip

    async def click(self, model: str) -> None:
        await self.send("comm_msg", {"comm_id": model, "data": {
            "method": "custom", "content": {"event": "click"}}})  # fmt: skip

    async def shown(self, text: str) -> str:
        """Wait until a widget is updated to show ``text``; that value."""

        def update(m: dict) -> Any:
            data = m.get("content", {}).get("data", {})
            value = str(data.get("state", {}).get("value", "")) if data.get("method") in (
                "update", "echo_update") else ""  # fmt: skip
            return value if text in value else None

        return await self.wait(update, f"a widget showing {text!r}")


def widget(states: dict[str, dict], model: str, description: str) -> tuple[str, dict]:
    hits = [(k, s["state"]) for k, s in states.items()
            if s["model_name"] == model and s["state"].get("description") == description]  # fmt: skip
    assert len(hits) == 1, (model, description, len(hits))
    return hits[0]


def on_page(room: Room, v: Visitor, kid: str, script: Callable[[Page], Awaitable[Any]]) -> Any:
    """Run ``script`` on the page of kernel ``kid`` (as visitor ``v``), in a thread of its own."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def run() -> Any:
        cookie = "; ".join(f"{k}={val}" for k, val in v.cookies.items())
        conn = await websocket_connect(HTTPRequest(
            f"ws://{room.host}:{room.port}/api/kernels/{kid}/channels", headers={"Cookie": cookie}
        ))  # fmt: skip
        page = Page(conn)
        try:
            return await script(page)
        finally:
            conn.close()
            page.reader.cancel()

    return run_async(run)


def open_rembuk(room: Room, nama: str, headers: dict | None = None) -> tuple[Visitor, str]:
    v = logged_in(room, nama)
    r = v.get(REMBUK, headers=headers)
    assert r.status == 200, r.body[-500:]
    return v, kernel_id(r.body)


async def record_on(page: Page, desa_label: str, teks: str) -> dict[str, dict]:
    """Choose the desa whose label starts with ``desa_label``, type ``teks``, click "Catat"."""
    states = await page.states()
    desa_id, desa = widget(states, "DropdownModel", "Desa")
    index = next(i for i, lab in enumerate(desa["_options_labels"]) if lab.startswith(desa_label))
    await page.set(desa_id, index=index)
    await page.set(widget(states, "TextareaModel", "Masalah")[0], value=teks)
    await page.click(widget(states, "ButtonModel", "Catat masalah")[0])
    return states


def desa_name(wilayah: Wilayah, kode: str) -> str:
    return str(wilayah.desa_matcher.names[kode])


# --------------------------------------------------------------------------- the tests


def test_a_delegate_opens_the_tamus_dashboards_and_not_the_analysts(room, kec):
    (_, nama_a, _), _ = kec
    v = logged_in(room, UTUSAN)
    home = v.get("/")
    assert home.status == 200 and "Rembuk Remas" in home.body and "Peta Usulan" in home.body
    assert "Forum Perangkat Daerah" not in home.body and "Rakerda" not in home.body
    for nb in ("04-forum-perangkat-daerah.ipynb", "00-periksa-workspace.ipynb",
               "06-rakerda.ipynb", "siapkan-workspace.ipynb", "eksplorasi/mulai.ipynb"):  # fmt: skip
        r = v.get(f"/voila/render/{nb}")
        assert r.status == 403 and "kernelId" not in r.body, nb
    assert v.get("/status").status == 403
    assert AccountStore(room.workspace).daftar()[-1].kecamatan_nama == nama_a


def test_a_delegate_records_in_its_kecamatan_and_nowhere_else(room, kec, wilayah):
    (kode_a, nama_a, desa_a), (kode_b, _, desa_b) = kec
    forged = {"X-Planlib-Pengguna": "Rina Analis", "X-Planlib-Peran": "analis",
              "X-Planlib-Kecamatan": kode_b}  # fmt: skip
    v, kid = open_rembuk(room, UTUSAN, forged)
    try:
        env = kernel_environ(kid)
        assert (env["HTTP_X_PLANLIB_PENGGUNA"], env["HTTP_X_PLANLIB_PERAN"],
                env["HTTP_X_PLANLIB_KECAMATAN"]) == (UTUSAN, "kecamatan", kode_a)  # fmt: skip
        before = len(masalah(room))
        target = desa_name(wilayah, desa_a[1])

        async def script(page: Page) -> list[str]:
            states = await record_on(page, f"{target} — Kec. {nama_a}", "Balai desa bocor")
            labels = widget(states, "DropdownModel", "Desa")[1]["_options_labels"][1:]
            await page.shown("Tercatat: masalah #")
            # another kecamatan's desa, typed into the search box, is not found from here
            await page.set(widget(states, "TextModel", "Cari desa")[0],
                           value=desa_name(wilayah, desa_b[0]))  # fmt: skip
            await page.shown("tidak dikenal di Kecamatan")
            return labels

        labels = on_page(room, v, kid, script)
        assert labels and all(lab.endswith(f"— Kec. {nama_a}") for lab in labels)
        assert len(labels) == len(desa_a)
        rows = masalah(room)
        assert len(rows) == before + 1
        assert (rows[-1]["kode_wilayah"], rows[-1]["oleh"], rows[-1]["kode_kecamatan"]) == (
            desa_a[1], UTUSAN, kode_a,
        )  # fmt: skip
    finally:
        shutdown(v, kid)


def test_a_tamu_records_nothing_even_clicking_a_disabled_button(room, kec, wilayah):
    (_, nama_a, desa_a), _ = kec
    v, kid = open_rembuk(room, "Budi DPRD", {"X-Planlib-Kecamatan": kec[0][0]})
    try:
        assert "HTTP_X_PLANLIB_KECAMATAN" not in kernel_environ(kid)
        before = len(masalah(room))

        async def script(page: Page) -> None:
            await record_on(page, desa_name(wilayah, desa_a[0]), "Masalah dari tamu")
            await page.shown("Hanya akun analis")

        on_page(room, v, kid, script)
        assert len(masalah(room)) == before
    finally:
        shutdown(v, kid)


def test_an_analyst_records_anywhere(room, kec, wilayah):
    _, (kode_b, nama_b, desa_b) = kec
    v, kid = open_rembuk(room, "Rina Analis")
    try:
        target = desa_name(wilayah, desa_b[0])

        async def script(page: Page) -> None:
            await record_on(page, f"{target} — Kec. {nama_b}", "Irigasi tersier rusak")
            await page.shown("Tercatat: masalah #")

        on_page(room, v, kid, script)
        last = masalah(room)[-1]
        assert (last["kode_wilayah"], last["oleh"], last["kode_kecamatan"]) == (
            desa_b[0], "Rina Analis", kode_b,
        )  # fmt: skip
    finally:
        shutdown(v, kid)

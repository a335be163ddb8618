"""The kernels of planlib's Voilà servers: capped, and ended when their page never came or has gone.

:class:`PlanlibVoila` is what the room (:class:`~planlib.room.app.RoomApp`)
and plain ``planlib serve`` (:class:`~planlib.room.app.LocalApp`) share: Voilà
with the capped kernel manager (:class:`~planlib.room.capacity.RoomKernelManager`),
a kernel taken from the preheated pool recorded as a page's kernel, and a watch
that every :attr:`PlanlibVoila.periksa_detik` seconds shuts down the kernels
whose page never connected
(:meth:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman_ids`) or has
gone (:meth:`~planlib.room.capacity.RoomKernelManager.ditinggal_ids`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tornado.ioloop import PeriodicCallback
from tornado.log import app_log
from traitlets import Float
from voila.app import Voila

from .. import settings
from . import beranda
from .capacity import RoomKernelManager


class PlanlibVoila(Voila):
    """What both of planlib's Voilà servers add: the capped kernel manager and its watch.

    Every :attr:`periksa_detik` seconds :meth:`periksa` shuts down the kernels
    whose page never connected (:meth:`~planlib.room.capacity.RoomKernelManager.tanpa_halaman_ids`);
    the room adds the end of sessions.
    """

    periksa_detik = Float(
        1.0, config=True, help="How often kernels and sessions are checked, in seconds."
    )

    def initialize(self, argv: Any = None) -> None:
        """Voilà's start-up with :class:`~planlib.room.capacity.RoomKernelManager`.

        Parameters
        ----------
        argv : list of str, optional
            The command-line arguments (Voilà's).
        """
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = RoomKernelManager
        # planlib's template reads the pages' titles from here (resources.planlib.judul)
        notebooks = [p.name for p in sorted(Path(self.root_dir).glob("*.ipynb"))]
        resources = {"planlib": {"judul": beranda.judul_halaman(notebooks, self.ringkasan.nama)}}
        self.voila_configuration.config.VoilaConfiguration.resources = resources

    @property
    def workspace_path(self) -> Path:
        """The workspace the kernels open (``PLANLIB_WORKSPACE``)."""
        return Path(os.environ.get(settings.WORKSPACE, "") or ".")

    @property
    def ringkasan(self) -> beranda.Ringkasan:
        """The workspace's name, year and label as the front page shows them (read each time)."""
        return beranda.ringkasan(self.workspace_path, int(getattr(self, "tahun", 0) or 0))

    def dashboards(self) -> list[str]:
        """The dashboards' notebooks (``NN-nama.ipynb``) in the served folder.

        Returns
        -------
        list of str
            The file names, in order.
        """
        return [p.name for p in sorted(Path(self.root_dir).glob("0[0-9]-*.ipynb"))]

    def init_settings(self) -> dict:
        """Voilà's settings; a page taken from the preheated pool is recorded as a page's kernel.

        Returns
        -------
        dict
            The tornado application settings.
        """
        settings = super().init_settings()
        km = self.kernel_manager
        plain = getattr(km, "get_rendered_notebook", None)
        if plain is not None:  # preheating (plain serve): Voilà hands a pooled kernel to the page

            async def taken(*args: Any, **kwargs: Any) -> Any:
                out = await plain(*args, **kwargs)
                km.untuk_halaman(out[2])  # (render task, rendered cells, kernel id)
                return out

            km.get_rendered_notebook = taken
        return settings

    @property
    def km(self) -> RoomKernelManager:
        """The server's kernel manager."""
        km = self.kernel_manager
        assert isinstance(km, RoomKernelManager)
        return km

    async def akhiri(self, kernel_id: str, alasan: str) -> None:
        """Shut a kernel down now, and say why in the log.

        Parameters
        ----------
        kernel_id : str
            The kernel's id (one already gone is ignored).
        alasan : str
            Why, for the log.
        """
        km = self.km
        if kernel_id not in km:
            return
        self.log.info("planlib: kernel %s dihentikan: %s", kernel_id, alasan)
        km.halaman.pop(kernel_id, None)  # not twice
        try:
            await km.shutdown_kernel(kernel_id, now=True)
        except (KeyError, RuntimeError) as e:  # gone meanwhile
            self.log.debug("kernel %s: %s", kernel_id, e)

    async def periksa(self) -> None:
        """Shut down the kernels whose page never connected in time, or has gone."""
        for kid in self.km.tanpa_halaman_ids():
            await self.akhiri(kid, "halamannya tidak pernah tersambung")
        for kid in self.km.ditinggal_ids():
            await self.akhiri(kid, "halamannya sudah ditutup")

    async def _periksa(self) -> None:
        try:
            await self.periksa()
        except Exception:  # the watch must keep running
            app_log.exception("planlib: pemeriksaan kernel gagal")

    def listen(self) -> None:
        """Start the watch, then Voilà's listen (which runs the event loop)."""
        PeriodicCallback(self._periksa, self.periksa_detik * 1000).start()
        super().listen()

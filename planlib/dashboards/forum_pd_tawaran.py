"""04 Forum PD: the offer of the same decision on the other source of a duplicated pair.

A pokir that repeats an usulan is one request arriving by two channels, with
one decision each (:mod:`planlib.forum.pokir_forum`). After a decision on one
side, :class:`Tawaran` shows a button that records the same decision on the
other side(s) whose decision differs (:func:`planlib.forum.pokir_forum.tawaran`);
nothing is recorded there until the analyst presses it
(:func:`planlib.forum.pokir_forum.samakan`). The view (:mod:`planlib.dashboards.forum_pd`)
places the button under its decision form.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from ..forum.keputusan import KeputusanStore
from ..forum.pokir_forum import samakan, tawaran
from ..report import PlanlibError
from ..workspace import Workspace


class Tawaran:
    """The button "Samakan keputusan pada sumber lainnya" and the offer it carries.

    Attributes
    ----------
    b_samakan : ipywidgets.Button
        Hidden while nothing is offered.
    offer : DataFrame
        The offer shown (:data:`planlib.forum.pokir_forum.KOLOM_TAWARAN`); empty when none.
    """

    def __init__(self) -> None:
        # after a decision on one side of a duplicated pair: the same decision on the other?
        self.b_samakan = w.Button(
            description="Samakan keputusan pada sumber lainnya", button_style="warning",
            layout=w.Layout(width="auto", display="none"),
        )  # fmt: skip
        self.offer = pd.DataFrame()

    def tawarkan(self, offer: pd.DataFrame) -> None:
        """Show (or hide, for an empty ``offer``) the button that copies the decision to the twins.

        Parameters
        ----------
        offer : DataFrame
            :func:`planlib.forum.pokir_forum.tawaran`, or an empty frame to withdraw the offer.
        """
        self.offer = offer
        self.b_samakan.layout.display = None if len(offer) else "none"
        if len(offer):
            ids = ", ".join(f"{o.jenis} {o.id}" for o in offer.itertuples())
            self.b_samakan.description = f"Catat keputusan yang sama untuk {ids}"

    def setelah_keputusan(
        self, store: KeputusanStore, ws: Workspace, tahun: int, jenis: str, ident: str
    ) -> str:
        """Offer the decision just recorded on ``ident`` to its twins; what the form then says.

        Parameters
        ----------
        store, ws, tahun, jenis, ident
            As :func:`planlib.forum.pokir_forum.tawaran`: the store, the
            workspace, the year and the side just decided.

        Returns
        -------
        str
            HTML naming the other sources and their decisions (which did not
            change), or ``""`` when nothing is offered.
        """
        offer = tawaran(store, ws, tahun, jenis, ident)
        self.tawarkan(offer)
        if not len(offer):
            return ""
        lain = "; ".join(
            f"{o.jenis} {o.id} ({o.sumber}): {o.keputusan_label}" for o in offer.itertuples()
        )
        return (
            f"<p>Permintaan yang sama juga datang dari sumber lain — {html.escape(lain)}. "
            "Keputusannya <b>tidak</b> ikut berubah; tekan tombol di bawah bila forum "
            "memutuskan sama.</p>"
        )

    def catat(
        self,
        store: KeputusanStore,
        tahun: int,
        dari: tuple[str, str],
        pencatat: Callable[[], str],
    ) -> str:
        """Record the decision on ``dari`` on the side(s) offered: the analyst chose to.

        Parameters
        ----------
        store : KeputusanStore
        tahun : int
        dari : (jenis, id)
            The side decided.
        pencatat : callable
            Who records (asked only when something is offered; it may refuse).

        Returns
        -------
        str
            HTML saying on which sides the same decision was recorded.

        Raises
        ------
        PlanlibError
            Nothing is offered, or as :func:`planlib.forum.pokir_forum.samakan`.
        """
        offer = self.offer
        if offer.empty:
            raise PlanlibError("Tidak ada sumber lain yang menunggu keputusan yang sama.")
        oleh = pencatat()
        for j, i, v in zip(offer["jenis"], offer["id"], offer["versi"], strict=True):
            samakan(store, tahun, dari, (str(j), str(i)), oleh, versi=int(v))
        self.tawarkan(pd.DataFrame())
        ids = ", ".join(f"{o.jenis} {o.id}" for o in offer.itertuples())
        return f"<p>Keputusan yang sama dicatat untuk {html.escape(ids)}.</p>"

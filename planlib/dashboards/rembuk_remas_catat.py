"""07 Rembuk Remas: the form that records a masalah of the chosen desa, and corrects it.

:class:`FormMasalah` holds the form's widgets (the masalah's text, kind, isu,
bidang, source, priority and recorder; the masalah to correct, withdraw or
undo; the buttons and the message) and lays them out. A guest account sees
the buttons disabled, a kecamatan delegate is told where it may record; both
are only a courtesy: the view's :meth:`planlib.dashboards.rembuk_remas.RembukRemas.pencatat`
and the store's ``hanya_kecamatan`` refuse where it writes. The view
(:mod:`planlib.dashboards.rembuk_remas`) runs the buttons.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..accounts import KECAMATAN
from ..bidang import BIDANG, BidangRules
from ..masalah.tempat import Tempat
from .layout import dropdown
from .rembuk_remas_desa import JENIS_LABEL

#: What the dropdowns show for "no choice" (the isu read from the text, the bidang from the isu).
DARI_TEKS = "(dibaca dari teks)"
DARI_ISU = "(menurut isu)"


class FormMasalah:
    """The widgets of the form "Catat masalah desa ini" and "Koreksi atau batalkan".

    Parameters
    ----------
    rules : BidangRules
        The workspace's isu rules: the isu offered.
    akun : tuple of (str, str) or None
        The logged-in account (name, role) in a room; None outside one.
    kec : Tempat or None
        A kecamatan delegate's kecamatan, named in the message.
    salah_kec : str or None
        Why a kecamatan account's kecamatan is unknown: shown, and the buttons disabled.
    """

    def __init__(
        self,
        rules: BidangRules,
        akun: tuple[str, str] | None,
        kec: Tempat | None,
        salah_kec: str | None,
    ) -> None:
        self.rules = rules
        self.akun = akun
        self.kec = kec
        isu = sorted({v for _, v in self.rules.rules})
        self.w_teks = w.Textarea(
            description="Masalah", placeholder="masalah sebagaimana dirumuskan dalam rembuk",
            layout=w.Layout(width="760px", height="64px"), style={"description_width": "82px"},
        )  # fmt: skip
        self.w_jenis = w.ToggleButtons(
            options=[(v, k) for k, v in JENIS_LABEL.items()], value="masalah", description="Jenis",
            style={"description_width": "82px", "button_width": "120px"},
        )  # fmt: skip
        self.w_isu = dropdown("Isu", [(DARI_TEKS, ""), *((i, i) for i in isu)], "", "420px")
        self.w_bidang = dropdown("Bidang", [(DARI_ISU, ""), *((b, b) for b in BIDANG)], "", "330px")
        self.w_sumber = w.ToggleButtons(
            options=[("Diskusi", "diskusi"), ("Data", "data")], value="diskusi",
            description="Sumber", style={"description_width": "82px", "button_width": "90px"},
        )  # fmt: skip
        self.w_prioritas = dropdown(
            "Prioritas", [("–", 0), *((str(i), i) for i in range(1, 11))], 0, "170px"
        )
        self.w_oleh = w.Text(
            description="Pencatat", placeholder="nama analis", layout=w.Layout(width="300px"),
            style={"description_width": "82px"},
        )  # fmt: skip
        if self.akun is not None:
            self.w_oleh.value, self.w_oleh.disabled = self.akun[0], True
        self.b_catat = w.Button(
            description="Catat masalah", button_style="primary", layout=w.Layout(width="auto")
        )
        self.w_pilih = dropdown("Masalah", [], None, "760px")
        self.b_koreksi = w.Button(
            description="Koreksi: ganti dengan isian di atas", layout=w.Layout(width="auto")
        )
        self.b_batal = w.Button(description="Batalkan masalah", layout=w.Layout(width="auto"))
        self.b_urung = w.Button(
            description="Urungkan perubahan terakhir", layout=w.Layout(width="auto")
        )
        self.pesan = w.HTML()
        if self.akun is not None and self.akun[1] not in ("analis", KECAMATAN):
            for b in (self.b_catat, self.b_koreksi, self.b_batal, self.b_urung):
                b.disabled = True  # shown; refused where it writes
            self.pesan.value = "<p>Akun tamu hanya dapat melihat; pencatatan oleh akun analis.</p>"
        if salah_kec is not None:
            for b in (self.b_catat, self.b_koreksi, self.b_batal, self.b_urung):
                b.disabled = True
            self.pesan.value = f"<div class='planlib-pesan'>{html.escape(salah_kec)}</div>"
        if self.kec is not None:
            self.pesan.value = (
                f"<p>Akun kecamatan: pencatatan hanya untuk desa di Kecamatan "
                f"{html.escape(self.kec.nama)}.</p>"
            )

    def widget(self) -> w.Widget:
        """The form, laid out.

        Returns
        -------
        ipywidgets.VBox
        """
        return w.VBox([
            w.HTML("<h4>Catat masalah desa ini</h4>"),
            self.w_teks, self.w_jenis, w.HBox([self.w_isu, self.w_bidang], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.w_sumber, self.w_prioritas], layout=w.Layout(flex_flow="row wrap")), w.HBox([self.w_oleh, self.b_catat], layout=w.Layout(flex_flow="row wrap")),
            w.HTML("<h4>Koreksi atau batalkan</h4>"), self.w_pilih,
            w.HBox([self.b_koreksi, self.b_batal, self.b_urung], layout=w.Layout(flex_flow="row wrap")), self.pesan,
        ])  # fmt: skip

"""Kiosks at /admin/kiosker: register, edit, switch off and on, give a new address. The address
holds the kiosk's secret, so it is shown once, in the answer to the POST that made it: never in a
flash message (the session cookie is signed, not encrypted) nor in a redirect's URL."""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from parkbank.admin.forms import ConfirmForm, KioskForm
from parkbank.admin.views import bp
from parkbank.consultations.labels import STATUS_LABELS
from parkbank.consultations.operations import listed_for_staff
from parkbank.errors import InvalidInput
from parkbank.forms import refused, status_of
from parkbank.kiosk import operations as kiosks

try:  # the QR code is a convenience: without segno the address is still shown and copied
    import segno
except ImportError:  # pragma: no cover
    segno = None


def _with_choices(form: KioskForm) -> KioskForm:
    form.consultation.choices = [SelectChoice("", _("Choose a consultation"))] + [
        SelectChoice(c.slug, f"{c.title} – {STATUS_LABELS[c.current_status]}")
        for c in listed_for_staff()]
    return form


def _saved(form: KioskForm, save):
    """Call `save(name=, place=, consultation=)` with the form's values; None when refused."""
    try:
        consultation = kiosks.consultation_for(form.consultation.data)
        return save(name=form.name.data, place=form.place.data, consultation=consultation,
                    by=current_user)
    except InvalidInput as error:
        refused(form, error)
        return None


def address_qr(address: str) -> Markup | None:
    """The address as a QR code in inline SVG (a tablet's camera opens it), or None without segno."""
    if segno is None:
        return None
    svg = segno.make(address, error="m").svg_inline(
        scale=4, border=4, light="#fff", svgclass="pb-kiosk-qr", lineclass=None,
        title=_("QR code of the kiosk's address"))
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def _address_page(kiosk, token: str, *, created: bool):
    address = kiosks.kiosk_address(token)
    return render_template("admin/kiosk_address.html", kiosk=kiosk, address=address,
                           qr=address_qr(address), created=created), 201 if created else 200


@bp.get("/kiosker")
def kiosks_list():
    return render_template("admin/kiosks.html", kiosks=kiosks.list_kiosks())


@bp.route("/kiosker/ny", methods=["GET", "POST"])
def new_kiosk():
    form = _with_choices(KioskForm())
    if form.validate_on_submit() and (made := _saved(form, kiosks.register_kiosk)) is not None:
        kiosk, token = made
        return _address_page(kiosk, token, created=True)
    return render_template("admin/kiosk_new.html", form=form), status_of(form)


@bp.route("/kiosker/<id:kiosk_id>", methods=["GET", "POST"])
def kiosk(kiosk_id: int):
    kiosk = kiosks.get_kiosk(kiosk_id)
    form = _with_choices(KioskForm(data={"name": kiosk.name, "place": kiosk.place,
                                         "consultation": kiosk.consultation.slug}))
    if form.validate_on_submit() and _saved(form, partial(kiosks.update_kiosk, kiosk)) is not None:
        flash(_("Saved."), "success")
        return redirect(url_for(".kiosks_list"), code=303)
    return render_template("admin/kiosk.html", kiosk=kiosk, form=form), status_of(form)


@bp.post("/kiosker/<id:kiosk_id>/ny-adress")
def rotate_kiosk(kiosk_id: int):
    """Without confirm=yes, the page that asks; with it, the new address (shown once)."""
    kiosk = kiosks.get_kiosk(kiosk_id)
    if not ConfirmForm().validate() or request.form.get("confirm") != "yes":
        return render_template("admin/kiosk_rotate.html", kiosk=kiosk)
    return _address_page(kiosk, kiosks.rotate_token(kiosk, by=current_user), created=False)


@bp.post("/kiosker/<id:kiosk_id>/stang-av")
def disable_kiosk(kiosk_id: int):
    return _switch(kiosk_id, False)


@bp.post("/kiosker/<id:kiosk_id>/sla-pa")
def enable_kiosk(kiosk_id: int):
    return _switch(kiosk_id, True)


def _switch(kiosk_id: int, active: bool):
    kiosk = kiosks.get_kiosk(kiosk_id)
    if ConfirmForm().validate():
        kiosks.set_active(kiosk, active, by=current_user)
        flash(_("%(name)s is switched on: its address opens the kiosk again.", name=kiosk.name)
              if active else _("%(name)s is switched off: its address now says so and takes no posts.",
                               name=kiosk.name), "success")
    return redirect(url_for(".kiosk", kiosk_id=kiosk.id), code=303)

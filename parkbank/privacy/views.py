"""/admin/personuppgifter: an admin finds what is tied to an e-mail address, exports it as JSON
and, after a confirmation, erases the contact details. Every door checks can_administer. The
address travels in POST bodies only, never in a URL (server logs keep URLs)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from parkbank.auth.guards import guard
from parkbank.auth.permissions import can_administer
from parkbank.errors import InvalidInput
from parkbank.privacy.operations import checked_address, erase_contact, export_data, posts_for

bp = Blueprint("privacy", __name__, url_prefix="/admin/personuppgifter")


bp.before_request(guard(can_administer))


def _address_or_page():
    """The checked address, or the search page again with the error and what was typed."""
    raw = request.form.get("email", "")[:1000]
    try:
        return checked_address(raw), None
    except InvalidInput as error:
        page = render_template("privacy/request.html", email=raw, posts=None,
                               error=str(error.message))
        return None, (page, 400)


@bp.get("")
def request_page():
    return render_template("privacy/request.html", email="", posts=None, error=None)


@bp.post("")
def search():
    address, refusal = _address_or_page()
    if refusal:
        return refusal
    return render_template("privacy/request.html", email=address,
                           posts=posts_for(current_user, address), error=None)


@bp.post("/export")
def export():
    address, refusal = _address_or_page()
    if refusal:
        return refusal
    data = json.dumps(export_data(current_user, address), ensure_ascii=False, indent=2)
    return Response(data, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="personuppgifter.json"',
        "Cache-Control": "no-store"})


@bp.post("/radera")
def erase():
    address, refusal = _address_or_page()
    if refusal:
        return refusal
    if request.form.get("confirm") != "yes":
        return render_template("privacy/confirm.html", email=address,
                               posts=posts_for(current_user, address))
    count = erase_contact(current_user, address)
    flash(ngettext("The e-mail address was erased from %(num)s post; its public text stays.",
                   "The e-mail address was erased from %(num)s posts; their public text stays.",
                   count), "success")
    return redirect(url_for(".request_page"), code=303)

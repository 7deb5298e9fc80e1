"""The administration's blueprint: admins only, checked before every view; the overview. The
sections' views are in staff_views.py, consultation_views.py, channel_views.py and kiosk_views.py."""

from __future__ import annotations

from flask import Blueprint, render_template

from parkbank.admin.nav import sections
from parkbank.auth.guards import guard
from parkbank.auth.permissions import can_administer
from parkbank.errors import InvalidInput

bp = Blueprint("admin", __name__, url_prefix="/admin")


bp.before_request(guard(can_administer))


@bp.get("/")
def index():
    return render_template("admin/index.html", sections=sections())


def refused(form, error: InvalidInput) -> None:
    """Show an operation's refusal on the form: beside its field, or above the form."""
    placed = False
    for name, messages in (error.details.get("fields") or {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
            placed = True
    if not placed:
        form.form_errors.append(str(error.message))


def status_of(form) -> int:
    """400 for a page that shows a form's errors, so that nothing of the request is committed."""
    return 400 if form.errors else 200


from parkbank.admin import channel_views, consultation_views, kiosk_views, staff_views  # noqa: E402, F401

"""The administration's blueprint: admins only, checked before every view; the overview. The
sections' views are in staff_views.py, consultation_views.py, channel_views.py and kiosk_views.py."""

from __future__ import annotations

from flask import Blueprint, render_template

from parkbank.admin.nav import sections
from parkbank.auth.guards import guard
from parkbank.auth.permissions import can_administer

bp = Blueprint("admin", __name__, url_prefix="/admin")


bp.before_request(guard(can_administer))


@bp.get("/")
def index():
    return render_template("admin/index.html", sections=sections())


from parkbank.admin import channel_views, consultation_views, kiosk_views, staff_views  # noqa: E402, F401

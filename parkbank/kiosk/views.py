"""The kiosk's door (blueprint "kiosk"): the full-screen view at its secret address."""

from __future__ import annotations

from flask import Blueprint, render_template

from parkbank.kiosk.operations import open_kiosk

bp = Blueprint("kiosk", __name__)


@bp.get("/kiosk/<token>")
def screen(token: str):
    kiosk = open_kiosk(token)
    return render_template("kiosk/screen.html", kiosk=kiosk, consultation=kiosk.consultation)

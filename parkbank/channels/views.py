"""The public page of the municipality's channels and consultations (checklist 3)."""

from __future__ import annotations

from flask import Blueprint, render_template

from parkbank.channels.operations import list_channels
from parkbank.consultations.operations import listed_consultations

bp = Blueprint("channels", __name__)


@bp.get("/kanaler")
def index():
    return render_template("public/channels.html", channels=list_channels(),
                           consultations=listed_consultations())

"""The theme list of a consultation (blueprint "themes"), for those who may lead it (can_lead:
project leaders assigned to it, and admins): add, rename, order, retire and bring back themes.
Plain forms that post and come back (303), so the page works without script."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.guards import require
from parkbank.auth.permissions import can_lead
from parkbank.consultations.operations import get_for_staff
from parkbank.errors import InvalidInput
from parkbank.themes import operations
from parkbank.themes.operations import NAME_MAX
from parkbank.themes.queries import public_idea_counts, themes_of

bp = Blueprint("themes", __name__)


def _consultation(slug: str):
    """The consultation and the door's answer: None when the current user may lead it."""
    consultation = get_for_staff(slug)
    return consultation, require(can_lead, consultation)


def _page(consultation, errors: dict | None = None, typed: dict | None = None, status: int = 200):
    return render_template(
        "themes/index.html", consultation=consultation,
        themes=themes_of(consultation.id, retired=True), counts=public_idea_counts(consultation.id),
        errors=errors or {}, typed=typed or {}, name_max=NAME_MAX), status


def _back(consultation, anchor: str = "teman"):
    return redirect(url_for(".page", slug=consultation.slug, _anchor=anchor), code=303)


@bp.get("/samrad/<slug>/teman")
def page(slug: str):
    consultation, refusal = _consultation(slug)
    return refusal or _page(consultation)


@bp.post("/samrad/<slug>/teman")
def create(slug: str):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    name = request.form.get("name", "")[:NAME_MAX * 4]
    try:
        theme = operations.create_theme(consultation, name, user=current_user)
    except InvalidInput as error:
        return _page(consultation, errors={"new": str(error.message)}, typed={"new": name}, status=400)
    flash(_("The theme “%(name)s” is added.", name=theme.name), "success")
    return _back(consultation)


@bp.post("/samrad/<slug>/teman/<id:theme_id>")
def rename(slug: str, theme_id: int):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    name = request.form.get("name", "")[:NAME_MAX * 4]
    try:
        changed = operations.rename_theme(consultation, theme_id, name, user=current_user)
    except InvalidInput as error:
        return _page(consultation, errors={theme_id: str(error.message)}, typed={theme_id: name},
                     status=400)
    flash(_("Saved.") if changed else _("Nothing was changed."), "success")
    return _back(consultation, f"tema-{theme_id}")


@bp.post("/samrad/<slug>/teman/<id:theme_id>/flytta")
def move(slug: str, theme_id: int):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    operations.move_theme(consultation, theme_id, 1 if request.form.get("to") == "down" else -1,
                          user=current_user)
    return _back(consultation, f"tema-{theme_id}")


@bp.post("/samrad/<slug>/teman/<id:theme_id>/pensionera")
def retire(slug: str, theme_id: int):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    retired = request.form.get("on") != "0"
    if operations.set_retired(consultation, theme_id, retired, user=current_user):
        flash(_("The theme is retired: it is no longer offered, and its tags stay.") if retired
              else _("The theme is in use again."), "success")
    return _back(consultation, f"tema-{theme_id}")

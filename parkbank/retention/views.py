"""Admins' retention pages: /admin/gallring (rules, what is due, culling records, snapshots),
the snapshot download and a redacted original. Every door checks can_administer."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.guards import guard
from parkbank.auth.permissions import can_administer
from parkbank.consultations.operations import get_for_staff, listed_for_staff
from parkbank.database import utcnow
from parkbank.errors import InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.http import wants_json
from parkbank.moderation.redaction import read_revision
from parkbank.retention.culling import find_due, recent_records
from parkbank.retention.forms import RuleForm
from parkbank.retention.rules import (
    FROM_LABELS,
    KIND_LABELS,
    SOURCE_LABELS,
    check_days,
    global_rules,
    overrides,
    parse_description,
    remove_rule,
    set_rule,
)
from parkbank.retention.snapshot import take_snapshot

bp = Blueprint("retention", __name__, url_prefix="/admin")


bp.before_request(guard(can_administer))


def _page(form: RuleForm | None = None, errors: dict | None = None, status: int = 200):
    consultations = listed_for_staff()
    return render_template(
        "retention/rules.html", rules=global_rules(), overrides=overrides(),
        consultations=consultations, by_id={c.id: c for c in consultations},
        due=find_due(utcnow()), records=recent_records(), kind_labels=KIND_LABELS,
        from_labels=FROM_LABELS, source_labels=SOURCE_LABELS, read_rule=parse_description,
        form=form, errors=errors or {}), status


@bp.get("/gallring")
def rules_page():
    return _page()


@bp.post("/gallring")
def save_rule():
    """Set a global rule, or one consultation's (with `consultation`, a slug); `remove` takes a
    consultation's rule away so that it follows the global one again."""
    form = RuleForm()
    try:
        if not form.validate():
            raise InvalidInput(_("Please check the form."), fields=form.errors)
        consultation_id = None
        if form.consultation.data:
            consultation_id = get_for_staff(form.consultation.data.strip()[:80]).id
        if request.form.get("remove") == "yes" and consultation_id is not None:
            remove_rule(current_user, form.chosen_kind, consultation_id)
        else:
            set_rule(current_user, form.chosen_kind, check_days(form.days.data), form.chosen_from,
                     consultation_id)
    except (InvalidInput, NotFound) as error:
        db.session.rollback()
        if wants_json():
            raise
        fields = error.details.get("fields") or {"consultation": [str(error.message)]}
        return _page(form, fields, 400)
    if wants_json():
        return {"ok": True}
    flash(_("The retention rule is saved."), "success")
    return redirect(url_for(".rules_page"), code=303)


@bp.post("/samrad/<slug>/ogonblicksbild")
def snapshot(slug: str):
    name, data = take_snapshot(get_for_staff(slug), user=current_user)
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.get("/maskeringar/<id:revision_id>")
def revision_page(revision_id: int):
    """A redacted original, for admins (the audit trail links here by its revision id)."""
    revision = read_revision(current_user, revision_id)
    return render_template("retention/revision.html", revision=revision)

"""The doors of outcomes (blueprint "outcomes"): the public follow-up page, the staff page where
outcomes are set (can_set_outcome: project leaders, responders, admins of the consultation) and
the closing summary (can_lead). Views are thin: the operations decide and check again."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.guards import require
from parkbank.auth.permissions import can_lead, can_set_outcome
from parkbank.consultations.operations import get_by_slug, get_for_staff
from parkbank.errors import InvalidInput
from parkbank.forms import refused
from parkbank.http import error_response, page_arg, wants_json
from parkbank.outcomes import operations
from parkbank.outcomes.figures import figures_for
from parkbank.outcomes.forms import SummaryForm, outcome_form
from parkbank.outcomes.labels import OUTCOME_LABELS, outcome_label, responsiveness_lines
from parkbank.outcomes.queries import follow_up_page, idea_of, ideas_for_staff
from parkbank.posts.serialize import post_outcome

bp = Blueprint("outcomes", __name__)
PUBLIC_PER_PAGE = 100
STAFF_PER_PAGE = 30


@bp.get("/samrad/<slug>/vad-hande")
def follow_up(slug: str):
    """What became of the ideas: the closing summary, the ideas grouped by outcome with the
    municipality's replies, and the responsiveness figures."""
    consultation = get_by_slug(slug)
    page = follow_up_page(consultation.id, page_arg("sida"), PUBLIC_PER_PAGE)
    return render_template("outcomes/follow_up.html", consultation=consultation, page=page,
                           figures=figures_for(consultation),
                           last_event_id=consultation.event_seq)


def _staff_page(consultation, forms: dict | None = None, summary_form=None, status: int = 200):
    page = page_arg("sida")
    ideas, total = ideas_for_staff(consultation.id, page, STAFF_PER_PAGE)
    forms = forms or {}
    # A refused form comes back even when its idea is not on this page (a colleague's change moved
    # it, or it was sent from another page): first, so that nothing typed is lost.
    shown = {idea.id for idea in ideas}
    ideas = [idea_of(consultation, i) for i in forms if i not in shown] + ideas
    return render_template(
        "outcomes/staff.html", consultation=consultation,
        ideas=[(idea, forms.get(idea.id) or outcome_form(idea)) for idea in ideas],
        summary_form=summary_form or SummaryForm(formdata=None, summary=consultation.closing_summary),
        may_lead=can_lead(current_user, consultation), page=page, total=total,
        has_more=page * STAFF_PER_PAGE < total, pages=max(1, -(-total // STAFF_PER_PAGE))), status


@bp.get("/samrad/<slug>/utfall")
def staff_page(slug: str):
    consultation = get_for_staff(slug)
    if (refusal := require(can_set_outcome, consultation)) is not None:
        return refusal
    return _staff_page(consultation)


@bp.post("/samrad/<slug>/inlagg/<id:post_id>/utfall")
def set_outcome(slug: str, post_id: int):
    """From the staff page (fields prefixed with the idea, `utfall-<id>-outcome`) or a program
    (plain `outcome`, `explanation`, `link`, `reference`)."""
    consultation = get_for_staff(slug)
    if (refusal := require(can_set_outcome, consultation)) is not None:
        return refusal
    prefix = f"utfall-{post_id}-"
    given = operations.OutcomeInput(**{name: request.form.get(prefix + name, request.form.get(name))
                                       for name in ("outcome", "explanation", "link", "reference")})
    try:
        change = operations.set_outcome(consultation, post_id, given, user=current_user)
    except InvalidInput as error:
        idea = idea_of(consultation, post_id)
        if wants_json() or idea is None or not error.details.get("fields"):
            # A program, or a refusal about the idea itself (not published): said as it is.
            return error_response(400, error.message, error.code, **error.details)
        form = outcome_form(idea, formdata=request.form)  # what was typed stays
        refused(form, error)
        return _staff_page(consultation, forms={idea.id: form}, status=400)
    if wants_json():
        return jsonify(id=post_id, changed=change is not None,
                       outcome=post_outcome(idea_of(consultation, post_id))), 200
    flash(_("The outcome is saved.") if change is not None else _("Nothing was changed."), "success")
    page = page_arg("sida")  # back to the page the form was on
    return redirect(url_for(".staff_page", slug=slug, sida=page if page > 1 else None,
                            _anchor=f"ide-{post_id}"), code=303)


@bp.post("/samrad/<slug>/sammanfattning")
def closing_summary(slug: str):
    consultation = get_for_staff(slug)
    if (refusal := require(can_lead, consultation)) is not None:
        return refusal
    form = SummaryForm()
    try:
        if "summary" not in request.form:  # a sender that left the field out: never an erasure
            raise InvalidInput(_("The closing summary was not sent; nothing was changed."),
                               fields={"summary": [_("Write the closing summary.")]})
        changed = operations.set_closing_summary(consultation, request.form["summary"],
                                                 user=current_user)
    except InvalidInput as error:
        if wants_json():
            return error_response(400, error.message, error.code, **error.details)
        refused(form, error)
        return _staff_page(consultation, summary_form=form, status=400)
    if wants_json():
        return jsonify(changed=changed), 200
    flash(_("The closing summary is saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".staff_page", slug=slug, _anchor="sammanfattning"), code=303)


@bp.app_context_processor
def outcome_helpers() -> dict:
    """Every page may show an idea's outcome (the board's cards, the author's follow page)."""
    return {"outcome_labels": {o.value: label for o, label in OUTCOME_LABELS.items()},
            "responsiveness_lines": responsiveness_lines, "outcome_label": outcome_label}

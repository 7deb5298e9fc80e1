"""Every staff member's start page (/personal): their own consultations, and what waits for them
on each. Where staff land after logging in, whatever their role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from parkbank.admin.nav import sections
from parkbank.auth.guards import require
from parkbank.auth.labels import ROLE_LABELS
from parkbank.auth.permissions import (
    can_administer,
    can_lead,
    can_moderate,
    can_respond,
    can_set_outcome,
    is_staff,
)
from parkbank.consultations.labels import STATUS_LABELS
from parkbank.consultations.operations import consultations_of, pending_counts
from parkbank.database import utcnow
from parkbank.official.operations import unanswered_counts
from parkbank.outcomes.reminders import due_consultations
from parkbank.reports.operations import reported_counts

bp = Blueprint("staff", __name__)


@dataclass(frozen=True)
class Waiting:
    """Something that waits for this staff member on one consultation, with where to do it."""

    text: str
    count: int
    url: str


def waiting_for(user, consultations) -> dict[int, list[Waiting]]:
    """What waits for `user`, per consultation id: one grouped query per kind of work. Posts
    waiting for moderation and reported posts for those who moderate the consultation; ideas
    without the municipality's reply for its responders."""
    waiting: dict[int, list[Waiting]] = {c.id: [] for c in consultations}
    moderated = [c for c in consultations if can_moderate(user, c)]
    pending = pending_counts([c.id for c in moderated])
    reported = reported_counts([c.id for c in moderated])
    led = [c for c in consultations if can_lead(user, c) and c.is_closed]
    answered = [c for c in consultations if can_respond(user, c)]
    unanswered = unanswered_counts([c.id for c in answered])
    for c in moderated:
        if n := pending.get(c.id):
            waiting[c.id].append(Waiting(
                ngettext("%(num)s post waits for moderation", "%(num)s posts wait for moderation", n),
                n, url_for("moderation.queue", slug=c.slug)))
        if n := reported.get(c.id):
            waiting[c.id].append(Waiting(
                ngettext("%(num)s reported post", "%(num)s reported posts", n),
                n, url_for("moderation.queue", slug=c.slug, _anchor="anmalda")))
    for c in answered:
        if n := unanswered.get(c.id):
            waiting[c.id].append(Waiting(
                ngettext("%(num)s idea without the municipality's reply",
                         "%(num)s ideas without the municipality's reply", n),
                n, url_for("official.answer_page", slug=c.slug)))
    for due in due_consultations(utcnow(), led):  # closed long enough ago, not yet followed up
        c = due.consultation
        if n := due.without_outcome:
            waiting[c.id].append(Waiting(
                ngettext("%(num)s idea without an outcome", "%(num)s ideas without an outcome", n),
                n, url_for("outcomes.staff_page", slug=c.slug)))
        if due.needs_summary:
            waiting[c.id].append(Waiting(_("No closing summary yet"), 1, url_for(
                "outcomes.staff_page", slug=c.slug, _anchor="sammanfattning")))
    return waiting


@bp.get("/personal")
def start():
    if (refusal := require(is_staff)) is not None:
        return refusal
    consultations = consultations_of(current_user)
    waiting = waiting_for(current_user, consultations)
    # What waits for this person first, then what is still running, then the closed ones.
    consultations.sort(key=lambda c: (not waiting[c.id], c.is_closed))
    return render_template("staff/start.html", consultations=consultations, waiting=waiting,
                           role_label=ROLE_LABELS[current_user.role])


@bp.app_context_processor
def staff_helpers() -> dict:
    """What the staff header and pages ask: who may do what, and the admin sections."""
    return {"can_moderate": can_moderate, "can_administer": can_administer, "can_lead": can_lead,
            "can_respond": can_respond, "can_set_outcome": can_set_outcome, "admin_sections": sections,
            "role_labels": {role.value: label for role, label in ROLE_LABELS.items()},
            "consultation_status_labels": {s.value: label for s, label in STATUS_LABELS.items()}}

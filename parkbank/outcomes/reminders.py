"""Reminders to follow a closed consultation up: once it has been closed for
PARKBANK_OUTCOME_REMINDER_DAYS days (14 by default) and still has published ideas without an
outcome, or no closing summary, it is "due". Its project leaders see it on their staff start page
for as long as it is due; `send_reminders` (run by `flask outcomes remind`, e.g. daily from cron)
reminds them by e-mail, and again every as many days, until it is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from parkbank.auth.models import Assignment, Role, User
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.mail.notices import absolute
from parkbank.mail.outbox import enqueue
from parkbank.posts.models import Post, PostState
from parkbank.retention.culling import closing_time

STAFF_REMINDER = "staff_reminder"


@dataclass(frozen=True)
class Due:
    consultation: Consultation
    closed_at: datetime
    without_outcome: int   # published ideas without an outcome
    needs_summary: bool    # no closing summary yet


def _days() -> timedelta:
    return timedelta(days=current_app.config["OUTCOME_REMINDER_DAYS"])


def _ideas_without_outcome(consultation_ids: list[int]) -> dict[int, int]:
    if not consultation_ids:
        return {}
    return dict(db.session.execute(
        select(Post.consultation_id, func.count(Post.id))
        .where(Post.consultation_id.in_(consultation_ids), Post.state == PostState.APPROVED,
               Post.parent_id.is_(None), Post.official_name.is_(None), Post.outcome.is_(None))
        .group_by(Post.consultation_id)).all())


def due_consultations(now: datetime, consultations=None) -> list[Due]:
    """Every consultation (or those given) closed at least the setting's days before `now` and not
    yet followed up; the closed ones only are looked at (a status or a closing time in the past)."""
    if consultations is None:
        consultations = list(db.session.execute(
            select(Consultation).where(
                (Consultation.status == ConsultationStatus.CLOSED)
                | ((Consultation.closes_at <= now) & (Consultation.status != ConsultationStatus.DRAFT)))
            .order_by(Consultation.id)).scalars())
    cutoff = now - _days()
    closed = {}
    for c in consultations:
        if c.status is ConsultationStatus.DRAFT:
            continue
        at = closing_time(c, now)
        if at is not None and at <= cutoff:
            closed[c.id] = (c, at)
    open_ideas = _ideas_without_outcome(list(closed))
    return [Due(c, at, open_ideas.get(c.id, 0), not (c.closing_summary or "").strip())
            for c, at in closed.values() if open_ideas.get(c.id) or not (c.closing_summary or "").strip()]


def due_reminders(now: datetime) -> list[Due]:
    """The due consultations whose leaders have not been reminded in the last N days: what
    send_reminders would remind of now."""
    cutoff = now - _days()
    return [d for d in due_consultations(now)
            if d.consultation.outcome_reminded_at is None or d.consultation.outcome_reminded_at <= cutoff]


def leaders_of(consultation_id: int) -> list[User]:
    """The active project leaders assigned to a consultation (admins are not reminded: they
    lead every consultation, and would be reminded of all of them)."""
    return list(db.session.execute(
        select(User).join(Assignment, Assignment.user_id == User.id)
        .where(Assignment.consultation_id == consultation_id, User.role == Role.PROJECT_LEADER,
               User.active.is_(True))
        .order_by(User.id)).scalars())


def send_reminders(now: datetime) -> list[Due]:
    """Remind the leaders of every consultation due now by e-mail (through the outbox), and write
    down when, in the caller's transaction: the messages and the mark are committed together.
    Each consultation is taken by a conditional UPDATE, so two runners at once (the worker of two
    server processes, or cron beside them) remind it once. Returns what was reminded."""
    cutoff = now - _days()
    reminded = []
    for due in due_reminders(now):
        taken = db.session.execute(
            update(Consultation).where(
                Consultation.id == due.consultation.id,
                Consultation.outcome_reminded_at.is_(None) | (Consultation.outcome_reminded_at <= cutoff))
            .values(outcome_reminded_at=now).execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            continue
        db.session.refresh(due.consultation, ["outcome_reminded_at"])
        for leader in leaders_of(due.consultation.id):
            _remind(leader, due)
        reminded.append(due)
    db.session.flush()
    return reminded


def _remind(leader: User, due: Due) -> None:
    """One project leader's reminder, in Swedish (the staff interface's default language)."""
    consultation = due.consultation
    with force_locale("sv"):
        text = current_app.jinja_env.get_template("mail/outcome_reminder.txt").render(
            leader=leader, due=due, consultation=consultation,
            outcomes_url=absolute("outcomes.staff_page", slug=consultation.slug),
            follow_up_url=absolute("outcomes.follow_up", slug=consultation.slug)).strip() + "\n"
        subject = _("Follow up the consultation “%(title)s”", title=consultation.title)
    enqueue(leader.email, str(subject), text, kind=STAFF_REMINDER)


def run_due() -> int:
    """The outbox worker's periodic task (in its own transaction): remind what is due now."""
    return len(send_reminders(utcnow()))


CHECK_SECONDS = 3600


def register(app) -> None:
    """Each outbox worker looks for due reminders hourly, so a one-process installation needs no
    cron; `flask outcomes remind` stays for running it by hand or from a scheduler."""
    from parkbank.mail.worker import every
    every(app, CHECK_SECONDS, run_due)

"""Setting what became of an idea, and writing a consultation's closing summary: the rules,
whichever door. An outcome is set by those who may (auth.permissions.can_set_outcome: project
leaders, responders and admins of the consultation; a moderator alone never), on an approved
idea only; each change is one OutcomeChange row, the post's `outcome` column, one audit entry and
one board event (`post_outcome`), all in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_lead, can_set_outcome
from parkbank.database import utcnow
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast, protocol
from parkbank.mail import notices
from parkbank.outcomes.labels import OUTCOME_LABELS
from parkbank.outcomes.models import Outcome, OutcomeChange
from parkbank.posts.models import Post, PostState
from parkbank.sanitize import normalize_text, render_html

EXPLANATION_MAX = 1000
LINK_MAX = 500
REFERENCE_MAX = 200
SUMMARY_MAX = 10_000


@dataclass(frozen=True)
class OutcomeInput:
    """What a staff member asks for, as typed; `check` makes it what is stored or refuses it with
    every field's error at once (so a form keeps what was typed and says all that is wrong)."""

    outcome: str | None
    explanation: str | None = ""
    link: str | None = ""
    reference: str | None = ""


def _too_long(n: int, limit: int):
    return _l("At most %(max)s characters; you wrote %(n)s.", max=number(limit), n=number(n))


def check(given: OutcomeInput) -> tuple[Outcome, str, str | None, str | None]:
    errors: dict[str, list[str]] = {}
    try:
        outcome = Outcome(given.outcome or "")
    except ValueError:
        outcome = None
        errors["outcome"] = [str(_l("Choose what became of the idea."))]
    explanation = normalize_text((given.explanation or "")[:EXPLANATION_MAX * 4])
    if len(explanation) > EXPLANATION_MAX:
        errors["explanation"] = [str(_too_long(len(explanation), EXPLANATION_MAX))]
    link = normalize_text((given.link or "")[:LINK_MAX * 4], multiline=False) or None
    if link is not None:
        parts = urlsplit(link) if len(link) <= LINK_MAX else None
        if parts is None:
            errors["link"] = [str(_too_long(len(link), LINK_MAX))]
        elif parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in link:
            errors["link"] = [str(_l("Give a web address that begins with https:// or http://."))]
    reference = normalize_text((given.reference or "")[:REFERENCE_MAX * 4], multiline=False) or None
    if reference is not None and len(reference) > REFERENCE_MAX:
        errors["reference"] = [str(_too_long(len(reference), REFERENCE_MAX))]
    if errors:
        raise InvalidInput(_l("Please check the form."), fields=errors)
    return outcome, explanation, link, reference


def _idea(consultation, post_id: int) -> Post:
    """The consultation's idea, its row locked until the end of the transaction (two staff members
    setting an outcome at once: the second reads the first one's outcome as its `from`)."""
    post = db.session.execute(
        select(Post).where(Post.id == post_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none() if 0 < post_id < 2**62 else None
    if post is None or post.consultation_id != consultation.id:
        raise NotFound()
    return post


def set_outcome(consultation, post_id: int, given: OutcomeInput, *, user) -> OutcomeChange | None:
    """Set an approved idea's outcome, with its public explanation, decision link and reference.
    Returns the new change, or None when nothing differs from the latest one. Raises Forbidden,
    NotFound or InvalidInput (an idea that is not approved, a reply, a bad field)."""
    if not can_set_outcome(user, consultation):
        raise Forbidden()
    post = _idea(consultation, post_id)
    if post.state is not PostState.APPROVED or post.parent_id is not None or post.is_official:
        raise InvalidInput(_l("Only a published idea gets an outcome."))
    outcome, explanation, link, reference = check(given)
    latest = post.outcome_change
    if latest is not None and (latest.to_outcome, latest.explanation, latest.link, latest.reference) \
            == (outcome, explanation, link, reference):
        return None
    change = OutcomeChange(
        post_id=post.id, consultation_id=consultation.id, from_outcome=post.outcome, to_outcome=outcome,
        explanation=explanation, explanation_html=render_html(explanation), link=link,
        reference=reference, changed_by_id=user.id, changed_by_name=user.name, created_at=utcnow())
    db.session.add(change)
    post.outcome = outcome
    db.session.flush()
    db.session.expire(post, ["outcome_changes"])
    record(AuditAction.POST_OUTCOME, user=user, consultation_id=consultation.id,
           target=("post", post.id), before=change.from_outcome.value if change.from_outcome else None,
           after=outcome.value, link=link, reference=reference)
    broadcast.publish_board(protocol.POST_OUTCOME, post)
    # The author's notice (only to a confirmed address), in this transaction: it leaves if this commits.
    notices.outcome_changed(post, OUTCOME_LABELS[outcome], explanation, link or None)
    return change


def set_closing_summary(consultation, text: str | None, *, user) -> bool:
    """The project leader's closing summary for the follow-up page, kept as typed (shown through
    parkbank.sanitize). Returns whether anything changed."""
    if not can_lead(user, consultation):
        raise Forbidden()
    summary = normalize_text((text or "")[:SUMMARY_MAX * 4])
    if len(summary) > SUMMARY_MAX:
        raise InvalidInput(_l("Please check the form."),
                           fields={"summary": [str(_too_long(len(summary), SUMMARY_MAX))]})
    if summary == consultation.closing_summary:
        return False
    record(AuditAction.CLOSING_SUMMARY, user=user, consultation_id=consultation.id,
           target=("consultation", consultation.id), length=len(summary))
    consultation.closing_summary = summary
    db.session.flush()
    return True

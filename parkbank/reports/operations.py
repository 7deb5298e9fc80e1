"""Reporting a public post, and closing its reports: the rules, whichever door.

A report is kept once per participant and post. Moderators see each reported post once, with
how many reports it has and their reasons and notes; nothing says who reported. A report is
closed when a moderator dismisses the post's reports or withdraws the post.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_moderate
from parkbank.consultations.models import Consultation
from parkbank.database import insert_unless_exists, utcnow
from parkbank.errors import Conflict, Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast, protocol
from parkbank.moderation.models import Reason
from parkbank.participants import Participant
from parkbank.posts.models import Post, PostState
from parkbank.posts.operations import NoParticipant, public_post_in
from parkbank.reports.models import NOTE_MAX, Report, Resolution
from parkbank.sanitize import normalize_text

NOTES_SHOWN = 10  # the latest notes of a post's open reports, for the moderators


class NothingToDismiss(Conflict):
    code = "no_open_reports"
    message = _l("This post has no open reports: someone has already dealt with them.")


@dataclass(frozen=True)
class Reported:
    """A post with open reports, as the queue shows it."""

    post: Post
    count: int
    reasons: dict[str, int]
    notes: list[str]


def _check(reason: str | None, note: str | None) -> tuple[Reason, str | None]:
    try:
        chosen = Reason(reason or "")
    except ValueError:
        message = _l("Choose a reason")
        raise InvalidInput(message, fields={"reason": [str(message)]}) from None
    text = normalize_text((note or "")[:NOTE_MAX * 10]) or None
    if text is not None and len(text) > NOTE_MAX:
        message = _l("At most %(max)s characters; you wrote %(n)s.", max=number(NOTE_MAX),
                     n=number(len(text)))
        raise InvalidInput(message, fields={"note": [str(message)]})
    return chosen, text


def report_post(consultation: Consultation, post_id: int, participant: Participant | None,
                reason: str | None, note: str | None = None) -> bool:
    """Keep one participant's report of a public post and tell the consultation's moderators;
    returns False when this participant had reported the post already (nothing changes)."""
    post = public_post_in(consultation, post_id)
    if post is None:
        raise NotFound()
    if participant is None:
        raise NoParticipant()
    chosen, text = _check(reason, note)
    report = insert_unless_exists(db.session, Report, {
        "post_id": post.id, "participant_key": participant.key, "reason": chosen, "note": text,
    }, ["post_id", "participant_key"])
    if report is None:
        return False
    broadcast.notify_queue(consultation.id, protocol.POST_REPORTED,
                           protocol.post_reported(reported_posts(consultation.id, [post.id])[0]))
    return True


def reported_posts(consultation_id: int, post_ids: list[int] | None = None) -> list[Reported]:
    """Posts of a consultation with open reports, the most reported first."""
    query = (select(Report.post_id, Report.reason, Report.note, Post)
             .join(Post, Post.id == Report.post_id)
             # A report that came in just as its post was withdrawn is not waiting for anyone.
             .where(Post.consultation_id == consultation_id, Report.resolved_at.is_(None),
                    Post.state == PostState.APPROVED)
             .order_by(Report.created_at.desc(), Report.id.desc()))
    if post_ids is not None:
        query = query.where(Report.post_id.in_(post_ids))
    posts: dict[int, Post] = {}
    reasons: dict[int, Counter] = {}
    notes: dict[int, list[str]] = {}
    for post_id, reason, note, post in db.session.execute(query):
        posts[post_id] = post
        reasons.setdefault(post_id, Counter())[reason.value] += 1
        if note and len(notes.setdefault(post_id, [])) < NOTES_SHOWN:
            notes[post_id].append(note)
    found = [Reported(post, sum(reasons[pid].values()), dict(reasons[pid].most_common()),
                      notes.get(pid, [])) for pid, post in posts.items()]
    return sorted(found, key=lambda r: -r.count)


def close_reports(post: Post, user, resolution: Resolution) -> int:
    """Close a post's open reports (dismissed, or the post was withdrawn) and tell every open
    queue of the consultation; returns how many were open."""
    closed = db.session.execute(
        update(Report)
        .where(Report.post_id == post.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolution=resolution, resolved_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed:
        broadcast.notify_queue(post.consultation_id, protocol.REPORTS_RESOLVED,
                               protocol.reports_resolved(post.id, resolution.value, user.name))
    return closed


def dismiss_reports(post_id: int, user) -> int:
    """A moderator found nothing to remove: the post's open reports are closed, and logged."""
    post = db.session.get(Post, post_id) if 0 < post_id < 2**62 else None
    if post is None:
        raise NotFound()
    if not can_moderate(user, post.consultation):
        raise Forbidden()
    closed = close_reports(post, user, Resolution.DISMISSED)
    if not closed:
        raise NothingToDismiss()
    record(AuditAction.REPORTS_DISMISS, user=user, consultation_id=post.consultation_id,
           target=("post", post.id), reports=closed)
    return closed


def reported_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Posts with open reports, per consultation (what waits for moderators on their start page)."""
    if not consultation_ids:
        return {}
    return dict(db.session.execute(
        select(Post.consultation_id, func.count(func.distinct(Report.post_id)))
        .join(Post, Post.id == Report.post_id)
        .where(Post.consultation_id.in_(consultation_ids), Report.resolved_at.is_(None),
               Post.state == PostState.APPROVED)
        .group_by(Post.consultation_id)
    ).all())

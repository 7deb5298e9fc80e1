"""Moderation decisions: the one transition table, and a conditional update so one moderator wins."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from parkbank.database import utcnow
from parkbank.errors import Conflict, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.live import broadcast
from parkbank.moderation.models import NOTE_MAX, Action, Decision, Reason
from parkbank.posts.models import Post, PostState
from parkbank.posts.serialize import iso, public_post
from parkbank.sanitize import clean_text

Parent = aliased(Post)

# The only allowed changes of a post's state: action -> (from, to).
TRANSITIONS: dict[Action, tuple[PostState, PostState]] = {
    Action.APPROVE: (PostState.PENDING, PostState.APPROVED),
    Action.REJECT: (PostState.PENDING, PostState.REJECTED),
    Action.WITHDRAW: (PostState.APPROVED, PostState.WITHDRAWN),
}
NEEDS_REASON = frozenset({Action.REJECT, Action.WITHDRAW})

REASON_LABELS = {
    Reason.PERSONAL_DATA: _l("Contains personal data"),
    Reason.CONFIDENTIAL: _l("Contains confidential information"),
    Reason.THREAT_OR_HATE: _l("Threat or hate speech"),
    Reason.OFF_TOPIC: _l("Off topic for this consultation"),
    Reason.SPAM: _l("Advertising or spam"),
    Reason.DUPLICATE: _l("Duplicate of another post"),
    Reason.OTHER: _l("Other reason"),
}


class AlreadyDecided(Conflict):
    code = "already_decided"
    message = _l("This post has already been decided.")


@dataclass(frozen=True)
class Outcome:
    post: Post
    decision: Decision


def decide(post_id: int, moderator, action: Action, reason: Reason | None = None,
           note: str | None = None) -> Outcome:
    """Apply a moderator's decision, or raise AlreadyDecided naming who got there first."""
    from_state, to_state = TRANSITIONS[action]
    if action is Action.APPROVE:
        _require_published_parent(post_id)
    if action in NEEDS_REASON and reason is None:
        raise InvalidInput(_l("Choose a reason"), fields={"reason": [str(_l("Choose a reason"))]})
    if action not in NEEDS_REASON:
        reason = None
    note = clean_text(note)[:NOTE_MAX] or None
    now = utcnow()
    values = {"state": to_state, "decided_at": now}
    if action is Action.APPROVE:
        values["published_at"] = now
    changed = db.session.execute(
        update(Post)
        .where(Post.id == post_id, Post.state == from_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise _why_not(post_id, from_state)
    post = db.session.get(Post, post_id)
    db.session.refresh(post)
    decision = Decision(post_id=post.id, moderator_id=moderator.id, action=action,
                        from_state=from_state, to_state=to_state, reason=reason, note=note,
                        created_at=now)
    db.session.add(decision)
    db.session.flush()
    _announce(post, decision, moderator)
    return Outcome(post, decision)


def _require_published_parent(post_id: int) -> None:
    """A reply is only published under a published idea."""
    parent_state = db.session.execute(
        select(Parent.state).join(Post, Post.parent_id == Parent.id).where(Post.id == post_id)
    ).scalar_one_or_none()
    if parent_state is not None and parent_state != PostState.APPROVED:
        raise InvalidInput(_l("The idea this reply answers is not published, so the reply cannot be."))


def _why_not(post_id: int, from_state: PostState) -> Exception:
    post = db.session.get(Post, post_id)
    if post is None:
        return NotFound()
    last = latest_decision(post_id)
    if last is None or last.from_state != from_state:
        # Not a race with another moderator: the decision does not fit (e.g. withdraw a rejected post).
        return InvalidInput(_l("That decision does not fit the post's current state."),
                            status=post.state.value)
    return AlreadyDecided(status=post.state.value, decided_by=last.moderator.name,
                          decided_at=iso(last.created_at), action=last.action.value)


def latest_decision(post_id: int) -> Decision | None:
    return db.session.execute(
        select(Decision).where(Decision.post_id == post_id)
        .order_by(Decision.created_at.desc(), Decision.id.desc()).limit(1)
    ).scalar_one_or_none()


def latest_reasons(post_ids: list[int]) -> dict[int, str]:
    """The reason of each post's latest decision that had one (for the author's own view)."""
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Decision.post_id, Decision.reason)
        .where(Decision.post_id.in_(post_ids), Decision.reason.is_not(None))
        .order_by(Decision.created_at, Decision.id)
    ).all()
    return {post_id: reason.value for post_id, reason in rows}


def _announce(post: Post, decision: Decision, moderator) -> None:
    consultation_id = post.consultation_id
    if decision.action is Action.APPROVE:
        broadcast.publish_board(consultation_id, "post_published", {"post": public_post(post)},
                                post.id)
    elif decision.action is Action.WITHDRAW:
        broadcast.strike_from_log(post.id)
        broadcast.publish_board(consultation_id, "post_withdrawn", {"post_id": post.id}, post.id)
    summary = {
        "id": post.id,
        "status": post.state.value,
        "action": decision.action.value,
        "reason": decision.reason.value if decision.reason else None,
        "decided_at": iso(decision.created_at),
    }
    broadcast.notify_queue(consultation_id, "post_decided",
                           {**summary, "decided_by": moderator.name, "note": decision.note})
    broadcast.notify_author(post.id, "own_post_decided", summary)

"""A post's life cycle as data, and the one function that applies any action.

Each action names the states it may start from, the state it leads to, who may take it, whether
it needs a reason, which timestamps it sets, the board event it causes and whether the replies of
an idea follow it. `apply()` authorises, takes the action with one conditional UPDATE (so exactly
one of two moderators wins), records the decision and announces it. A new state or action touches
this table, its migration and its labels (moderation/labels.py), nothing else.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_moderate
from parkbank.database import utcnow
from parkbank.errors import Conflict, Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast, protocol
from parkbank.mail import notices
from parkbank.moderation.models import NOTE_MAX, Action, Decision, Reason
from parkbank.posts.models import Channel, Post, PostState
from parkbank.posts.serialize import iso
from parkbank.reports.models import Resolution
from parkbank.reports.operations import close_reports
from parkbank.sanitize import normalize_text
from parkbank.search import index as search_index
from parkbank.similar.originals import original_summary


class Actor(enum.StrEnum):
    """Who takes an action. Official replies, redaction and culling are not transitions (README,
    design notes); the author's own withdrawal through a follow link will be a rule here."""

    MODERATOR = "moderator"  # a moderator or admin, in the queue
    COMMAND = "command"      # an operator's command, on behalf of a named moderator


@dataclass(frozen=True)
class Rule:
    from_states: frozenset[PostState]
    to_state: PostState
    actors: frozenset[Actor]
    needs_reason: bool = False
    stamps: tuple[str, ...] = ("decided_at",)
    board_event: str | None = None
    needs_public_parent: bool = False  # a reply is only published under a published idea
    replies_follow: bool = False       # the idea's published replies go with it
    names_original: bool = False       # as a duplicate, it may name the post it repeats


RULES: dict[Action, Rule] = {
    Action.APPROVE: Rule(
        from_states=frozenset({PostState.PENDING}), to_state=PostState.APPROVED,
        actors=frozenset({Actor.MODERATOR}), stamps=("decided_at", "published_at"),
        board_event=protocol.POST_PUBLISHED, needs_public_parent=True,
    ),
    Action.REJECT: Rule(
        from_states=frozenset({PostState.PENDING}), to_state=PostState.REJECTED,
        actors=frozenset({Actor.MODERATOR}), needs_reason=True, names_original=True,
    ),
    Action.WITHDRAW: Rule(
        from_states=frozenset({PostState.APPROVED}), to_state=PostState.WITHDRAWN,
        actors=frozenset({Actor.MODERATOR, Actor.COMMAND}), needs_reason=True,
        board_event=protocol.POST_WITHDRAWN, replies_follow=True,
    ),
}
_AUDIT = {Action.APPROVE: AuditAction.POST_APPROVE, Action.REJECT: AuditAction.POST_REJECT,
          Action.WITHDRAW: AuditAction.POST_WITHDRAW}
NEEDS_REASON = frozenset(action for action, rule in RULES.items() if rule.needs_reason)


class AlreadyDecided(Conflict):
    code = "already_decided"
    message = _l("This post has already been decided.")


@dataclass(frozen=True)
class Outcome:
    post: Post
    decision: Decision


# What each kind of actor must be allowed to do (auth/permissions.py) to take a rule's action.
_PERMISSION = {
    Actor.MODERATOR: can_moderate,
    Actor.COMMAND: can_moderate,
}


def may_take(action: Action, user, actor: Actor, consultation) -> bool:
    """Whether this user, acting as `actor`, may take `action` on posts of `consultation`."""
    permitted = _PERMISSION.get(actor)
    return actor in RULES[action].actors and permitted is not None and permitted(user, consultation)


def apply(post_id: int, action: Action, *, user, actor: Actor = Actor.MODERATOR,
          reason: Reason | None = None, note: str | None = None,
          duplicate_of: int | None = None) -> Outcome:
    """Take `action` on a post, or raise: Forbidden, InvalidInput, NotFound, or AlreadyDecided
    naming who got there first. `duplicate_of`: the original a post is rejected as a duplicate
    of (reason DUPLICATE), an approved or waiting idea of the same consultation."""
    rule = RULES[action]
    post = db.session.get(Post, post_id) if 0 < post_id < 2**62 else None
    if post is None:
        raise NotFound()
    if not may_take(action, user, actor, post.consultation):
        raise Forbidden()
    reason, note = _check_reason_and_note(rule, reason, note)
    if duplicate_of is not None:
        _check_original(rule, post, reason, duplicate_of)
    if rule.needs_public_parent and post.parent_id is not None:
        _require_published_parent(post.parent_id)
    outcome = _transition(post, action, rule, user, reason, note, duplicate_of=duplicate_of)
    if rule.replies_follow and post.parent_id is None:
        for reply_id in _replies_in(post.id, rule.from_states):
            _transition(db.session.get(Post, reply_id), action, rule, user, reason, note,
                        follows_idea=True)
    # The board event last: numbering locks the consultation row, so every transaction takes its
    # post rows first and that lock last (a support on a reply does the same): no deadlock.
    if rule.board_event:
        broadcast.publish_board(rule.board_event, post)
        if post.parent_id is None and post.themes:  # a tagged idea came or went: its themes' counts
            broadcast.publish_theme_counts(post.consultation_id)
    return outcome


def _check_reason_and_note(rule: Rule, reason, note):
    if rule.needs_reason and reason is None:
        raise InvalidInput(_l("Choose a reason"), fields={"reason": [str(_l("Choose a reason"))]})
    note = normalize_text(note) or None
    if note is not None and len(note) > NOTE_MAX:
        message = _l("At most %(max)s characters; you wrote %(n)s.", max=number(NOTE_MAX),
                     n=number(len(note)))
        raise InvalidInput(message, fields={"note": [str(message)]})
    return (reason if rule.needs_reason else None), note


def _check_original(rule: Rule, post: Post, reason, duplicate_of: int) -> None:
    original = db.session.get(Post, duplicate_of) if 0 < duplicate_of < 2**62 else None
    fits = (rule.names_original and reason is Reason.DUPLICATE and original is not None
            and original.id != post.id and original.consultation_id == post.consultation_id
            and original.parent_id is None
            and original.state in (PostState.APPROVED, PostState.PENDING))
    if not fits:
        message = _l("Choose a published or waiting idea of this consultation as the original, "
                     "with the reason duplicate.")
        raise InvalidInput(message, fields={"duplicate_of": [str(message)]})


def _transition(post: Post, action: Action, rule: Rule, user, reason, note, *,
                follows_idea: bool = False, duplicate_of: int | None = None) -> Outcome | None:
    """The conditional UPDATE, the decision row and the staff and author notices. A reply that
    follows its idea and has meanwhile left the state (another moderator took it) is skipped."""
    now = utcnow()
    values = {"state": rule.to_state, **{column: now for column in rule.stamps}}
    # RETURNING the whole row into the session's post: the row as it is under the UPDATE's lock,
    # so a colleague's redaction or mark committed after this request first read the post is
    # what the board is told, without reading it again.
    changed = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.state.in_(rule.from_states))
        .values(**values)
        .returning(Post)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).scalars().all()
    if len(changed) != 1:
        if follows_idea:
            return None
        raise _why_not(post.id, rule)
    decision = Decision(post_id=post.id, moderator_id=user.id, action=action,
                        from_state=_previous(rule), to_state=rule.to_state, reason=reason,
                        note=note, duplicate_of_id=duplicate_of, created_at=now)
    db.session.add(decision)
    db.session.flush()
    search_index.refresh([post.id])  # published: found from now on; withdrawn: never again
    # A post that came in by another channel than the web (a kiosk, a moderator's transcription)
    # says so in the trail: an approval of a transcription is the transcribing itself.
    record(_AUDIT[action], user=user, consultation_id=post.consultation_id, target=("post", post.id),
           reason=reason.value if reason else None, note=note, follows_idea=follows_idea or None,
           channel=post.channel.value if post.channel is not Channel.WEB else None,
           duplicate_of=duplicate_of)
    original = original_summary(duplicate_of)
    broadcast.notify_queue(post.consultation_id, protocol.POST_DECIDED,
                           protocol.post_decided(post, decision, user.name, original))
    broadcast.notify_author(post.id, protocol.OWN_POST_DECIDED,
                            protocol.decision_summary(post, decision, original))
    if rule.to_state in (PostState.APPROVED, PostState.REJECTED):  # to a confirmed address only
        notices.post_decided(post, reason)
    if rule.to_state is PostState.WITHDRAWN:  # what was reported is gone: its reports are closed
        close_reports(post, user, Resolution.WITHDRAWN)
    return Outcome(post, decision)


def _previous(rule: Rule) -> PostState:
    (state,) = rule.from_states  # every action starts from one state today
    return state


def _replies_in(idea_id: int, states: frozenset[PostState]) -> list[int]:
    return list(db.session.execute(
        select(Post.id).where(Post.parent_id == idea_id, Post.state.in_(states)).order_by(Post.id)
    ).scalars())


def _require_published_parent(parent_id: int) -> None:
    """The idea must be published, and stay so until this transaction ends: the share lock makes a
    withdrawal of the idea wait, so that its cascade then sees (and withdraws) this reply.
    (SQLite needs no lock: its writers take turns, BEGIN IMMEDIATE.)"""
    state = db.session.execute(
        select(Post.state).where(Post.id == parent_id).with_for_update(read=True)
    ).scalar_one_or_none()
    if state is not PostState.APPROVED:
        raise InvalidInput(_l("The idea this reply answers is not published, so the reply cannot be."))


def require_published_parent(parent_id: int) -> None:
    """The same check for other operations that hang a published post under an idea (official
    replies)."""
    _require_published_parent(parent_id)


def _why_not(post_id: int, rule: Rule) -> Exception:
    post = db.session.get(Post, post_id)
    db.session.refresh(post)
    last = latest_decision(post_id)
    if last is None or last.from_state not in rule.from_states:
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


def latest_originals(post_ids: list[int]) -> dict[int, int]:
    """The original named by each post's latest decision, where it named one."""
    return _latest(Decision.duplicate_of_id, post_ids)


def latest_reasons(post_ids: list[int]) -> dict[int, Reason]:
    """The reason of each post's latest decision that had one (for the author's own view)."""
    return _latest(Decision.reason, post_ids)


def _latest(column, post_ids: list[int]) -> dict:
    """Each post's value of `column` in the latest of its decisions that set it."""
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Decision.post_id, column)
        .where(Decision.post_id.in_(post_ids), column.is_not(None))
        .order_by(Decision.created_at, Decision.id)
    ).all()
    return dict(rows)

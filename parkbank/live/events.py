"""Socket.IO handlers: thin doors that check the payload and the user, then join rooms.

Protocol (default namespace):
  join_board {consultation: slug, after: event_id|null}
      -> ack {ok, last_event_id, events: [{event, data}], resync, own: [{id, status, reason}]}
  join_queue {consultation: slug}   (moderators only)
      -> ack {ok, pending: [post]} or {ok: false, error: "forbidden"}
Pushed: post_published, post_withdrawn, support_changed (board, with event_id);
        post_submitted, post_decided (queue); own_post_decided (the author's browser).
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from flask_socketio import join_room

from parkbank.auth.permissions import can_moderate
from parkbank.consultations.operations import get_by_slug, get_for_staff
from parkbank.errors import NotFound
from parkbank.live import broadcast
from parkbank.moderation.operations import latest_reasons
from parkbank.posts import own
from parkbank.posts.models import PostState
from parkbank.posts.queries import pending_posts, posts_by_ids
from parkbank.posts.serialize import queued_post

MAX_SLUG = 80


def _slug(data) -> str | None:
    if not isinstance(data, dict):
        return None
    slug = data.get("consultation")
    if not isinstance(slug, str) or not 0 < len(slug) <= MAX_SLUG:
        return None
    return slug


def _after(data: dict):
    after = data.get("after")
    if after is None:
        return None
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ValueError
    return after


def join_board(data=None):
    slug = _slug(data)
    try:
        after = _after(data) if slug else None
    except ValueError:
        return {"ok": False, "error": "invalid_after"}
    if slug is None:
        return {"ok": False, "error": "invalid_payload"}
    try:
        consultation = get_by_slug(slug)
    except NotFound:
        return {"ok": False, "error": "not_found"}
    # Join first, then read: an event in between arrives twice (clients skip seen event_ids),
    # never zero times.
    join_room(broadcast.board_room(consultation.id))
    mine = _own_posts(consultation.id)
    last = broadcast.current_event_id(consultation.id)
    answer = {"ok": True, "last_event_id": last, "events": [], "resync": False, "own": mine}
    if after is None:
        return answer
    limit = current_app.config["LIVE_CATCH_UP_LIMIT"]
    events = broadcast.events_since(consultation.id, after, limit + 1)
    if len(events) > limit:
        return {**answer, "resync": True}
    return {**answer, "events": events}


def _own_posts(consultation_id: int) -> list[dict]:
    """Join the author rooms of this session's pending posts; return the fate of all of them,
    so a browser that was offline when a decision came learns it on reconnect."""
    posts = posts_by_ids(consultation_id, own.own_post_ids())
    reasons = latest_reasons([p.id for p in posts])
    for post in posts:
        if post.state is PostState.PENDING:
            join_room(broadcast.author_room(post.id))
    return [{"id": p.id, "status": p.state.value, "reason": reasons.get(p.id)} for p in posts]


def join_queue(data=None):
    slug = _slug(data)
    if slug is None:
        return {"ok": False, "error": "invalid_payload"}
    if not can_moderate(current_user):
        return {"ok": False, "error": "forbidden"}
    try:
        consultation = get_for_staff(slug)
    except NotFound:
        return {"ok": False, "error": "not_found"}
    if not can_moderate(current_user, consultation):
        return {"ok": False, "error": "forbidden"}
    join_room(broadcast.queue_room(consultation.id))
    return {"ok": True, "pending": [queued_post(post, parent)
                                    for post, parent in pending_posts(consultation.id)]}


def register(socketio) -> None:
    """Attach the handlers to the server that socketio.init_app() just created."""
    socketio.on_event("join_board", join_board)
    socketio.on_event("join_queue", join_queue)



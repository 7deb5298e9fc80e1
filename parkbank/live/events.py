"""Socket.IO handlers: thin doors that check the payload and the user, then join rooms.

Every handler always answers. `socket_door` is their commit point (as web.py's is for HTTP):
it commits after the handler, and on any trouble (a database pool timeout in a reconnect storm,
say) rolls back and acks {"ok": false, "error": "busy"}, so a client never waits for an ack that
will not come. Event names and payloads are parkbank.live.protocol's.
"""

from __future__ import annotations

import functools
import logging

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from parkbank.auth.permissions import can_moderate
from parkbank.consultations.operations import get_by_slug, get_for_staff
from parkbank.errors import NotFound
from parkbank.extensions import db
from parkbank.live import broadcast, protocol, recent
from parkbank.live.admission import Busy, database_slot
from parkbank.participants import current_participant
from parkbank.posts.models import PostState
from parkbank.posts.queries import own_posts, pending_posts
from parkbank.reports.operations import reported_posts
from parkbank.similar.operations import queue_similar

MAX_SLUG = 80
MAX_EVENT_ID = 2**62
log = logging.getLogger(__name__)
# Per-socket limits live in this process's memory: a socket is served by one process.
_socket_limits = FixedWindowRateLimiter(MemoryStorage())


def socket_door(handler):
    @functools.wraps(handler)
    def door(data=None):
        try:
            answer = handler(data)
            db.session.commit()
            return answer
        except Busy:  # no database slot within the wait: counted and logged by admission
            db.session.rollback()
            return {"ok": False, "error": "busy"}
        except Exception:  # the client must hear something, whatever went wrong
            log.exception("socket handler %s failed", handler.__name__)
            db.session.rollback()
            return {"ok": False, "error": "busy"}
    return door


def _within_limit(name: str, setting: str) -> bool:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return True
    return all(_socket_limits.hit(item, name, request.sid)
               for item in parse_many(current_app.config[setting]))


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
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < MAX_EVENT_ID:
        raise ValueError
    return after


@socket_door
def join_board(data=None):
    if not _within_limit(protocol.JOIN_BOARD, "RATELIMIT_JOIN_BOARD"):
        return {"ok": False, "error": "too_many_requests"}
    slug = _slug(data)
    try:
        after = _after(data) if slug else None
    except ValueError:
        return {"ok": False, "error": "invalid_after"}
    own = data.get("own", True) if slug else None
    if slug is None or not isinstance(own, bool):
        return {"ok": False, "error": "invalid_payload"}
    try:
        # Without the database for a few seconds after one join read it (recent.SlugCache).
        consultation_id, known = recent.state().slugs.lookup(slug, _consultation)
    except NotFound:
        return {"ok": False, "error": "not_found"}
    # Join first, then read: an event in between arrives twice (clients skip seen event_ids),
    # never zero times.
    join_room(broadcast.board_room(consultation_id))
    limit = current_app.config["LIVE_CATCH_UP_LIMIT"]
    # The recent-events store when it holds the whole range (the same payloads), else the log.
    served = recent.catch_up(consultation_id, after, known, limit)
    if served is not None and not own:  # the reconnect storm's path: no database at all
        return _answer(served.last_event_id, served.events, served.resync, [])
    with database_slot():  # bounded: beyond the slots the client hears "busy" and retries
        mine = _own_posts(consultation_id) if own else []
        if served is not None:
            return _answer(served.last_event_id, served.events, served.resync, mine)
        last = broadcast.current_event_id(consultation_id)
        if after is None:
            return _answer(last, [], False, mine)
        events = broadcast.events_since(consultation_id, after, limit + 1)
        if len(events) > limit:
            return _answer(last, [], True, mine)
    recent.seed(consultation_id, events)  # the next joins after `after` need no database
    return _answer(last, events, False, mine)


def _consultation(slug: str):
    with database_slot():
        return get_by_slug(slug)


def _answer(last_event_id: int, events: list[dict], resync: bool, own: list[dict]) -> dict:
    return {"ok": True, "last_event_id": last_event_id, "events": events, "resync": resync, "own": own}


def _own_posts(consultation_id: int) -> list[dict]:
    """Join the author rooms of this participant's pending posts; return the fate of all of
    them, so a browser that was offline when a decision came learns it on reconnect."""
    mine = own_posts(consultation_id, current_participant())
    for own in mine:
        if own.post.state is PostState.PENDING:
            join_room(broadcast.author_room(own.post.id))
    return [protocol.own_post(own.post, own.reason, own.original) for own in mine]


@socket_door
def join_queue(data=None):
    with database_slot():
        return _join_queue(data)


def _join_queue(data):
    slug = _slug(data)
    if slug is None:
        return {"ok": False, "error": "invalid_payload"}
    if not can_moderate(current_user):
        return {"ok": False, "error": "forbidden"}
    if not _within_limit(protocol.JOIN_QUEUE, "RATELIMIT_JOIN_BOARD"):
        return {"ok": False, "error": "too_many_requests"}
    try:
        consultation = get_for_staff(slug)
    except NotFound:
        return {"ok": False, "error": "not_found"}
    if not can_moderate(current_user, consultation):
        return {"ok": False, "error": "forbidden"}
    join_room(broadcast.staff_room(current_user.id))  # so that logging out disconnects it
    join_room(broadcast.queue_room(consultation.id))
    pending = pending_posts(consultation.id)
    similar = queue_similar(consultation, [post for post, _ in pending])
    return {"ok": True,
            "pending": [protocol.queued(post, parent, similar.get(post.id, [])) for post, parent in pending],
            "reported": [protocol.post_reported(r) for r in reported_posts(consultation.id)]}


def register(socketio) -> None:
    """Attach the handlers to the server that socketio.init_app() just created."""
    socketio.on_event(protocol.JOIN_BOARD, join_board)
    socketio.on_event(protocol.JOIN_QUEUE, join_queue)

"""Publishing live events: recorded inside the transaction, emitted only after it commits.

Operations call publish_board() / notify_queue() / notify_author(); nothing reaches a socket
until the database has committed, and a rolled-back transaction sends nothing. Board events are
logged by reference (which consultation, which number, which event, which post); their payloads
come from parkbank.live.protocol, when sent and again when read for catch-up, through the public
rule. With SOCKETIO_MESSAGE_QUEUE set, socketio.emit() goes through Redis, so events from any
process or command reach clients on every server process.

Board events are also kept in the recent-events store (parkbank.live.recent) as they are sent,
recorded after commit and before they are published, so that a reconnecting board catches up
without the database; what changes public posts without a board event calls forget_recent().
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, lazyload, selectinload

from parkbank.consultations.models import Consultation
from parkbank.extensions import db, socketio
from parkbank.live import protocol, recent
from parkbank.live.manager import disconnect_room
from parkbank.live.models import LiveEvent
from parkbank.posts.models import Post
from parkbank.posts.visibility import Parent, is_public
from parkbank.themes.queries import board_themes

_PENDING = "parkbank_live_pending"
_FORGET = "parkbank_live_forget"
_DISCONNECT = "parkbank_disconnect"  # not an event: disconnect the room's sockets


def board_room(consultation_id: int) -> str:
    return f"board:{consultation_id}"


def queue_room(consultation_id: int) -> str:
    return f"queue:{consultation_id}"


def author_room(post_id: int) -> str:
    return f"author:{post_id}"


def staff_room(user_id: int) -> str:
    """Every socket of one staff user that joined a queue: disconnected when their login ends."""
    return f"staff:{user_id}"


def _defer(name: str, payload: dict, room: str, board: recent.Event | None = None) -> None:
    """Send after commit; `board`: a board event, also recorded in the recent-events store."""
    db.session.info.setdefault(_PENDING, []).append((name, payload, room, board))


def _defer_board(consultation_id: int, seq: int, name: str, payload: dict,
                 parent_id: int | None = None) -> None:
    _defer(name, payload, board_room(consultation_id),
           recent.Event(consultation_id, seq, name, payload, parent_id))


def next_event_seq(consultation_id: int) -> int:
    """Hand out the consultation's next event number.

    The UPDATE locks the consultation row until commit, so event numbers are committed in
    order: a client that has seen number n has seen every event before it.
    """
    return db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation_id)
        .values(event_seq=Consultation.event_seq + 1)
        .returning(Consultation.event_seq)
    ).scalar_one()


def publish_board(name: str, post: Post) -> int:
    """Log a board event about a post and emit it to every board after commit; returns its
    event_id. The post is public when this is called (the operations see to that), except for
    a withdrawal, which carries no text anyway."""
    seq = next_event_seq(post.consultation_id)
    db.session.add(LiveEvent(consultation_id=post.consultation_id, seq=seq, name=name,
                             post_id=post.id))
    name, payload = protocol.board_event(name, seq, post.id, post)
    _defer_board(post.consultation_id, seq, name, payload, post.parent_id)
    return seq


def publish_status(consultation: Consultation) -> int:
    """Log that a consultation's status changed and tell every board after commit; a board that
    reconnects later is told the status as it is then."""
    seq = next_event_seq(consultation.id)
    db.session.add(LiveEvent(consultation_id=consultation.id, seq=seq,
                             name=protocol.CONSULTATION_STATUS, post_id=None))
    name, payload = protocol.board_event(protocol.CONSULTATION_STATUS, seq, None, None,
                                         consultation.current_status.value)
    _defer_board(consultation.id, seq, name, payload)
    return seq


def publish_theme_counts(consultation_id: int) -> int:
    """Log that a consultation's theme list or its counts changed and tell every board after
    commit; a board that reconnects later is told the list and counts as they are then."""
    seq = next_event_seq(consultation_id)
    db.session.add(LiveEvent(consultation_id=consultation_id, seq=seq,
                             name=protocol.THEME_COUNTS, post_id=None))
    name, payload = protocol.board_event(protocol.THEME_COUNTS, seq, None, None,
                                         themes=board_themes(consultation_id))
    _defer_board(consultation_id, seq, name, payload)
    return seq


def notify_queue(consultation_id: int, name: str, payload: dict) -> None:
    """Tell the moderators of a consultation (not logged: they reload the queue from the database)."""
    _defer(name, payload, queue_room(consultation_id))


def notify_author(post_id: int, name: str, payload: dict) -> None:
    """Tell the browser that wrote a post what happened to it."""
    _defer(name, payload, author_room(post_id))


def disconnect_staff(user_id: int) -> None:
    """After commit, disconnect every socket of a staff user, on every process (their login ended)."""
    _defer(_DISCONNECT, {}, staff_room(user_id))


def forget_recent(consultation_id: int) -> None:
    """Something changed the consultation's public posts without a board event (a theme renamed
    or moved, posts culled): after commit, drop its recent events (parkbank.live.recent), so that
    catch-up over what came before reads the database. Call it after the change: it locks the
    consultation's row (as numbering an event does, last) and reads the newest event number, above
    which nothing was built before this change committed."""
    seq = db.session.execute(
        select(Consultation.event_seq).where(Consultation.id == consultation_id).with_for_update()
    ).scalar_one_or_none()
    if seq is not None:
        floors = db.session.info.setdefault(_FORGET, {})
        floors[consultation_id] = max(seq, floors.get(consultation_id, 0))


def events_since(consultation_id: int, after: int, limit: int) -> list[dict]:
    """The board events after `after`, built now: a post that is no longer public is told as
    withdrawn, whatever the logged event was."""
    rows = db.session.execute(
        select(LiveEvent.seq, LiveEvent.name, LiveEvent.post_id, Post, Parent.state)
        .outerjoin(Post, Post.id == LiveEvent.post_id)
        .outerjoin(Parent, Parent.id == Post.parent_id)
        .where(LiveEvent.consultation_id == consultation_id, LiveEvent.seq > after)
        # Post's eager inner join to its consultation would drop the events about no post.
        .options(lazyload(Post.consultation), selectinload(Post.themes),
                 selectinload(Post.outcome_changes))
        .order_by(LiveEvent.seq)
        .limit(limit)
    ).all()
    events = []
    status = themes = None
    if any(row.name == protocol.CONSULTATION_STATUS for row in rows):
        status = db.session.get(Consultation, consultation_id).current_status.value
    if any(row.name == protocol.THEME_COUNTS for row in rows):
        themes = board_themes(consultation_id)
    for seq, name, post_id, post, parent_state in rows:
        public = post is not None and is_public(post.state, post.parent_id is not None, parent_state)
        name, payload = protocol.board_event(name, seq, post_id, post if public else None, status,
                                             themes)
        events.append({"event": name, "data": payload})
    return events


def current_event_id(consultation_id: int) -> int:
    return db.session.execute(
        select(Consultation.event_seq).where(Consultation.id == consultation_id)
    ).scalar_one()


def _emit_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    forget = session.info.pop(_FORGET, None)
    if forget:
        recent.forget(forget)
    board = [event for *_send, event in pending if event is not None]
    if board:
        # Record, then publish: a board that joined its room and then read the store either finds
        # an event there or is pushed it.
        recent.record(board)
    for name, payload, room, _board in pending:
        if name == _DISCONNECT:
            disconnect_room(socketio.server, room)
        else:
            socketio.emit(name, payload, to=room)


def _drop_pending(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_FORGET, None)


def install(session_factory) -> None:
    """Hook emission to the commit of the app's scoped session (called once from create_app)."""
    if not event.contains(session_factory, "after_commit", _emit_pending):
        event.listen(session_factory, "after_commit", _emit_pending)
        event.listen(session_factory, "after_soft_rollback", _drop_pending)

"""Publishing live events: recorded inside the transaction, emitted only after it commits.

Operations call publish_board() / notify_queue() / notify_author(); nothing reaches a socket
until the database has committed, and a rolled-back transaction sends nothing. With
SOCKETIO_MESSAGE_QUEUE set, socketio.emit() goes through Redis, so events from any process or
command reach clients on every server process.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from parkbank.consultations.models import Consultation
from parkbank.extensions import db, socketio
from parkbank.live.manager import disconnect_room
from parkbank.live.models import LiveEvent

_PENDING = "parkbank_live_pending"
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


def _defer(name: str, payload: dict, room: str) -> None:
    db.session.info.setdefault(_PENDING, []).append((name, payload, room))


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


def publish_board(consultation_id: int, name: str, payload: dict, post_id: int) -> int:
    """Log a public board event and emit it to every board after commit; returns its event_id."""
    seq = next_event_seq(consultation_id)
    payload = {**payload, "event_id": seq}
    db.session.add(LiveEvent(consultation_id=consultation_id, seq=seq, name=name, payload=payload,
                             post_id=post_id))
    _defer(name, payload, board_room(consultation_id))
    return seq


def strike_from_log(post_id: int) -> None:
    """A withdrawn post must not stay readable through catch-up: its logged publication becomes a
    withdrawal (same event_id, so numbering stays gap-free; text and alias are gone)."""
    for logged in db.session.execute(
        select(LiveEvent).where(LiveEvent.post_id == post_id, LiveEvent.name == "post_published")
    ).scalars():
        logged.name = "post_withdrawn"
        logged.payload = {"event_id": logged.seq, "post_id": post_id}


def notify_queue(consultation_id: int, name: str, payload: dict) -> None:
    """Tell the moderators of a consultation (not logged: they reload the queue from the database)."""
    _defer(name, payload, queue_room(consultation_id))


def notify_author(post_id: int, name: str, payload: dict) -> None:
    """Tell the browser that wrote a post what happened to it."""
    _defer(name, payload, author_room(post_id))


def disconnect_staff(user_id: int) -> None:
    """After commit, disconnect every socket of a staff user, on every process (their login ended)."""
    _defer(_DISCONNECT, {}, staff_room(user_id))


def events_since(consultation_id: int, after: int, limit: int) -> list[dict]:
    rows = db.session.execute(
        select(LiveEvent.name, LiveEvent.payload)
        .where(LiveEvent.consultation_id == consultation_id, LiveEvent.seq > after)
        .order_by(LiveEvent.seq)
        .limit(limit)
    ).all()
    return [{"event": name, "data": payload} for name, payload in rows]


def current_event_id(consultation_id: int) -> int:
    return db.session.execute(
        select(Consultation.event_seq).where(Consultation.id == consultation_id)
    ).scalar_one()


def _emit_pending(session: Session) -> None:
    for name, payload, room in session.info.pop(_PENDING, []):
        if name == _DISCONNECT:
            disconnect_room(socketio.server, room)
        else:
            socketio.emit(name, payload, to=room)


def _drop_pending(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)


def install(session_factory) -> None:
    """Hook emission to the commit of the app's scoped session (called once from create_app)."""
    if not event.contains(session_factory, "after_commit", _emit_pending):
        event.listen(session_factory, "after_commit", _emit_pending)
        event.listen(session_factory, "after_soft_rollback", _drop_pending)

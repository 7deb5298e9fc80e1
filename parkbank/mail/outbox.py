"""The outbox: messages are rows, added in the caller's transaction and sent by a worker.

`enqueue` only adds a row to the session; the message exists exactly when the change that caused
it commits (a rolled-back decision sends nothing) and nothing is sent inside a request. A worker
`claim`s due rows with a lease in one statement (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: its
writers take turns, BEGIN IMMEDIATE), sends them outside any transaction, then marks each sent,
or failed with a later attempt time (exponential back-off, capped; a message is never dropped).
Delivery is at least once: a worker that dies between sending and marking leaves its claim to
expire, and the message is sent again; two live workers never send one message twice (just before
sending each message a worker renews its claim on it, `renew`, and skips it if the claim was lost
or the message deleted, e.g. by an unsubscribe while the batch was under way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, event, exists, or_, select, update

from parkbank.database import unicode_lower, utcnow
from parkbank.extensions import db
from parkbank.mail.models import OutboxMessage

# A claim lasts this long; sending one message takes at most the SMTP timeout (30 s).
LEASE = timedelta(minutes=5)
# A sent message's row (no address, no body) is kept this long for the operator, then deleted.
SENT_KEPT_DAYS = 7
ERROR_MAX = 500
_WAKE = "parkbank_outbox_wake"


@dataclass(frozen=True)
class Claimed:
    """A claimed message, detached from any session: what the sender needs."""

    id: int
    recipient: str
    subject: str
    text_body: str
    html_body: str | None
    headers: dict
    attempts: int


def enqueue(recipient: str, subject: str, text_body: str, *, kind: str, html_body: str | None = None,
            headers: dict | None = None, post_id: int | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's session (its transaction: never commits).
    Usable for any message, staff ones too (kind e.g. "staff_reminder", post_id None)."""
    now = utcnow()
    message = OutboxMessage(kind=kind, post_id=post_id, recipient=recipient.strip(),
                            subject=" ".join(subject.split())[:300], text_body=text_body,
                            html_body=html_body, headers=dict(headers or {}), created_at=now,
                            attempts=0, next_attempt_at=now)
    db.session.add(message)
    db.session.info[_WAKE] = True
    return message


def backoff(attempts: int, first: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: first, twice that, … at most cap
    (OUTBOX_RETRY_SECONDS, OUTBOX_RETRY_CAP_SECONDS: 30 s, 1, 2, 4 … minutes, at most an hour)."""
    return min(first * 2 ** min(max(attempts - 1, 0), 20), cap)


def _claimable(now):
    return and_(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def claim(worker: str, limit: int, lease: timedelta = LEASE) -> list[Claimed]:
    """Claim up to `limit` due messages for `worker` in one UPDATE … RETURNING; the caller commits.
    The outer WHERE repeats the conditions, so a row another worker claimed in between is skipped."""
    now = utcnow()
    due = (select(OutboxMessage.id).where(_claimable(now))
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    rows = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()), _claimable(now))
        .values(claimed_by=worker, claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.subject,
                   OutboxMessage.text_body, OutboxMessage.html_body, OutboxMessage.headers,
                   OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted((Claimed(r.id, r.recipient or "", r.subject, r.text_body or "", r.html_body,
                           r.headers or {}, r.attempts) for r in rows), key=lambda m: m.id)


def _mine(message_id: int, worker: str):
    return and_(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker,
                OutboxMessage.sent_at.is_(None))


def renew(message_id: int, worker: str, lease: timedelta = LEASE) -> bool:
    """Just before sending: is the message still this worker's, and still to be sent? Extends its
    lease if so. False when the claim ran out and another worker took it (a slow batch), or the
    message was deleted meanwhile (an unsubscribe, an erase): then it must not be sent. A message
    about a post whose address was erased or changed since (an unsubscribe that committed while
    the change that wrote the message was still open) is deleted here, with the address in it."""
    from parkbank.posts.models import Post

    still_given = exists(select(Post.id).where(
        Post.id == OutboxMessage.post_id, Post.email_consent.is_(True),
        unicode_lower(Post.email) == unicode_lower(OutboxMessage.recipient)))
    if db.session.execute(
            delete(OutboxMessage).where(_mine(message_id, worker), OutboxMessage.post_id.is_not(None),
                                        ~still_given)
            .execution_options(synchronize_session=False)).rowcount:
        return False
    return db.session.execute(
        update(OutboxMessage).where(_mine(message_id, worker))
        .values(claimed_until=utcnow() + lease)
        .execution_options(synchronize_session=False)).rowcount == 1


def mark_sent(message_id: int, worker: str) -> None:
    """Sent: the address, bodies and headers are forgotten at once (README, retention)."""
    db.session.execute(
        update(OutboxMessage).where(_mine(message_id, worker))
        .values(sent_at=utcnow(), recipient=None, text_body=None, html_body=None, headers=None,
                claimed_by=None, claimed_until=None, last_error=None)
        .execution_options(synchronize_session=False))


def mark_failed(message_id: int, worker: str, retry_after: timedelta, error: str) -> None:
    """Not sent: free the claim and try again after `retry_after` (see backoff)."""
    db.session.execute(
        update(OutboxMessage).where(_mine(message_id, worker))
        .values(claimed_by=None, claimed_until=None, next_attempt_at=utcnow() + retry_after,
                last_error=error[:ERROR_MAX])
        .execution_options(synchronize_session=False))


def forget_address(address: str, *, citizens_only: bool = False) -> int:
    """Delete the unsent messages to an address (unsubscribe, a data-request erase); how many."""
    query = delete(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                        unicode_lower(OutboxMessage.recipient) == address.lower())
    if citizens_only:
        query = query.where(OutboxMessage.post_id.is_not(None))
    return db.session.execute(query.execution_options(synchronize_session=False)).rowcount


def forget_posts(post_ids: list[int]) -> int:
    """Delete the unsent messages about these posts (their address was erased by culling)."""
    if not post_ids:
        return 0
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.post_id.in_(post_ids))
        .execution_options(synchronize_session=False)).rowcount


def purge_sent() -> int:
    """Delete sent messages' rows older than SENT_KEPT_DAYS."""
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.sent_at < utcnow() - timedelta(days=SENT_KEPT_DAYS))
        .execution_options(synchronize_session=False)).rowcount


def waiting() -> int:
    """How many messages are not sent yet (the operator's command and the tests)."""
    from sqlalchemy import func

    return db.session.execute(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))).scalar_one()


def _wake_after_commit(session) -> None:
    if session.info.pop(_WAKE, False):
        from parkbank.mail import worker

        worker.wake()


def _drop_wake(session, *_args) -> None:
    session.info.pop(_WAKE, None)


def install(session_factory) -> None:
    """After a commit that enqueued, wake the in-process worker (it sends at once instead of at
    its next poll). Called once from create_app."""
    if not event.contains(session_factory, "after_commit", _wake_after_commit):
        event.listen(session_factory, "after_commit", _wake_after_commit)
        event.listen(session_factory, "after_soft_rollback", _drop_wake)

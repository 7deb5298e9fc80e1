"""One message waiting in (or gone through) the outbox.

Written in the same transaction as the change that caused it (outbox.enqueue), sent by a worker
(worker.py). A sent message keeps no address, body or headers: only its kind, post, subject and
times remain, and those rows are deleted SENT_KEPT_DAYS later (outbox.purge_sent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        # What is due, oldest first: only unsent rows are in it.
        Index("ix_outbox_message_due", "next_attempt_at", "id",
              postgresql_where=text("sent_at IS NULL"), sqlite_where=text("sent_at IS NULL")),
        Index("ix_outbox_message_post", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # confirm, decided, official_reply, outcome_changed, staff…: for the operator and the tests.
    kind: Mapped[str] = mapped_column(String(32))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    # Cleared once sent, with the bodies and headers (they hold the unsubscribe link).
    recipient: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker's claim: its name and until when (a lease: a worker that died frees it then).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} attempts={self.attempts}>"

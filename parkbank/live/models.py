from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class LiveEvent(db.Model):
    """A board event by reference: which consultation, which number, which event, which post.
    No copy of any text: the payload is built when it is read (parkbank.live.protocol)."""

    __tablename__ = "live_event"
    __table_args__ = (UniqueConstraint("consultation_id", "seq", name="uq_live_event_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    post_id: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<LiveEvent {self.consultation_id}#{self.seq} {self.name} post={self.post_id}>"

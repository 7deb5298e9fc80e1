from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db
from parkbank.moderation.models import Reason

NOTE_MAX = 500


class Resolution(enum.StrEnum):
    DISMISSED = "dismissed"  # a moderator found nothing to remove
    WITHDRAWN = "withdrawn"  # the post was withdrawn


class Report(db.Model):
    """One participant's report of one public post ("Anmäl"). Who reported is kept only as the
    participant's HMAC key, for "once per participant and post"; it is never shown to anyone."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("post_id", "participant_key", name="uq_report_participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    participant_key: Mapped[str] = mapped_column(String(64))
    reason: Mapped[Reason] = mapped_column(str_enum(Reason, 20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolution: Mapped[Resolution | None] = mapped_column(str_enum(Resolution, 20))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<Report {self.id} post={self.post_id} {self.reason} {self.resolution or 'open'}>"

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAUSED = "paused"  # public, readable, takes nothing new for now
    CLOSED = "closed"


class Consultation(db.Model):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ConsultationStatus] = mapped_column(
        str_enum(ConsultationStatus, 16), default=ConsultationStatus.OPEN,
    )
    case_number: Mapped[str | None] = mapped_column(String(64))  # diarienummer
    department: Mapped[str | None] = mapped_column(String(200))
    # When people may write, as announced (the status decides whether the board takes posts).
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_steps: Mapped[str] = mapped_column(Text, default="")  # what happens with the ideas
    # The project leader's closing summary on the follow-up page, as typed (shown through the
    # `text` filter, parkbank.sanitize), and when its leaders were last reminded to follow the
    # consultation up (parkbank.outcomes.reminders).
    closing_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last live event number handed out; bumped atomically, so board events are gap-free per consultation.
    event_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The status as it stands now: past its closing time a consultation is closed, even before
    # `flask consultation tick` has written that down (consultations/operations.apply_schedule).
    @property
    def _past_closing(self) -> bool:
        return self.closes_at is not None and self.closes_at <= utcnow()

    @property
    def current_status(self) -> ConsultationStatus:
        if self.status in (ConsultationStatus.OPEN, ConsultationStatus.PAUSED) and self._past_closing:
            return ConsultationStatus.CLOSED
        return self.status

    @property
    def has_been_public(self) -> bool:
        """Public now, or ever: one taken back to draft has told boards of its status. Its
        address then stays (it is on posters and in links)."""
        return self.status != ConsultationStatus.DRAFT or self.event_seq > 0

    @property
    def is_open(self) -> bool:
        """Takes new posts, replies and supports."""
        return self.current_status == ConsultationStatus.OPEN

    @property
    def is_paused(self) -> bool:
        return self.current_status == ConsultationStatus.PAUSED

    @property
    def is_closed(self) -> bool:
        return self.current_status == ConsultationStatus.CLOSED

    def __repr__(self) -> str:
        return f"<Consultation {self.slug} {self.status}>"

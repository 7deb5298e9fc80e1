from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parkbank.consultations.models import Consultation
from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db
from parkbank.kiosk import models as _kiosk_models  # noqa: F401  (post.kiosk_id refers to kiosk)
from parkbank.outcomes.models import Outcome, OutcomeChange
from parkbank.themes.models import Theme


class PostState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Channel(enum.StrEnum):
    WEB = "web"
    KIOSK = "kiosk"
    ANALOG = "analog"


class AnalogSource(enum.StrEnum):
    """How a transcribed (analog) post reached the municipality."""

    PAPER = "paper"
    WORKSHOP = "workshop"
    PHONE = "phone"
    LETTER = "letter"
    WALL = "wall"


class Post(db.Model):
    __tablename__ = "post"
    __table_args__ = (
        # A submission key deduplicates one participant's sending only: never another's post.
        UniqueConstraint("consultation_id", "participant_key", "submission_key",
                         name="uq_post_submission_key"),
        Index("ix_post_participant", "consultation_id", "participant_key"),
        # The board's ideas, newest first: a partial index in exactly the order of the page query.
        Index("ix_post_idea_page", "consultation_id", "state", "published_at", "id",
              postgresql_where=text("parent_id IS NULL"), sqlite_where=text("parent_id IS NULL")),
        # Replies newest first (the meeting screen shows ideas and replies together, issue 14).
        Index("ix_post_reply_page", "consultation_id", "state", "published_at", "id",
              postgresql_where=text("parent_id IS NOT NULL"),
              sqlite_where=text("parent_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    # The text as received (a public record); body_html is its safe HTML, made once at intake.
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    alias: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the author confirmed the address (double opt-in, parkbank/mail): notices only after.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The UI language the author wrote in ("sv", "en"): the language of the messages they get.
    locale: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[PostState] = mapped_column(str_enum(PostState, 16), default=PostState.PENDING)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 16), default=Channel.WEB)
    # Where it came in: a kiosk's place, or where a transcribed note was received (public).
    place: Mapped[str | None] = mapped_column(String(120))
    # A transcribed post's source and the day it was received (channel "analog" only).
    source: Mapped[AnalogSource | None] = mapped_column(str_enum(AnalogSource, 16))
    received_on: Mapped[date | None] = mapped_column(Date)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id", ondelete="SET NULL"), index=True)
    # Who wrote it (parkbank.participants): decides "your posts" and scopes submission keys.
    participant_key: Mapped[str | None] = mapped_column(String(64))
    # A client-chosen key: the same submission sent twice by one participant is stored once.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Kommunens svar": the responder who published it, and the signature as it was published
    # (kept as text, so a later rename or a new title does not change a public record).
    official_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"))
    official_name: Mapped[str | None] = mapped_column(String(120))
    official_title: Mapped[str | None] = mapped_column(String(400))
    # Marked by a moderator as a politician's personal view (checklist 4): shown with a disclaimer.
    politician_view: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # What became of an approved idea (parkbank.outcomes), NULL while it has none: the latest
    # change's `to_outcome`, written only by parkbank.outcomes.operations.set_outcome.
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, 20))

    consultation: Mapped[Consultation] = relationship(lazy="joined", innerjoin=True)
    # The themes a moderator tagged this idea with, in the consultation's order (retired ones
    # too: a tag is a fact about the post). Written only by parkbank.themes.operations.
    themes: Mapped[list[Theme]] = relationship(
        secondary="post_theme", order_by=(Theme.position, Theme.id), viewonly=True)
    # Its outcome changes, oldest first; `outcome_change` is the latest (read only when
    # `outcome` is set; lists load it with selectinload(Post.outcome_changes)).
    outcome_changes: Mapped[list[OutcomeChange]] = relationship(
        order_by=OutcomeChange.id, viewonly=True)

    @property
    def outcome_change(self) -> OutcomeChange | None:
        if self.outcome is None:
            return None
        return self.outcome_changes[-1] if self.outcome_changes else None

    @property
    def is_official(self) -> bool:
        return self.official_name is not None

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.state} in {self.consultation_id}>"


class Support(db.Model):
    """One "Instämmer" from one participant (a signed browser mark, not a person)."""

    __tablename__ = "support"
    __table_args__ = (UniqueConstraint("post_id", "participant_key", name="uq_support_participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    participant_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Support post={self.post_id}>"

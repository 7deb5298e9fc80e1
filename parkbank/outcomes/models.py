from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db


class Outcome(enum.StrEnum):
    """What became of an approved idea, in the order the follow-up page groups them. An idea
    without an outcome yet has none (Post.outcome is NULL): not even "received"."""

    RECEIVED = "received"
    INVESTIGATING = "investigating"
    IN_PROPOSAL = "in_proposal"
    DECIDED = "decided"
    IMPLEMENTED = "implemented"
    NOT_PURSUED = "not_pursued"


class OutcomeChange(db.Model):
    """One change of an idea's outcome, kept for good (its history on the follow-up page and in
    the author's follow page); the post's `outcome` column holds the latest `to_outcome`.

    `explanation` is the public explanation as typed, `explanation_html` its safe HTML made once
    (parkbank.sanitize); `link` an http(s) address of the decision, `reference` e.g. a
    diarienummer or the minutes' paragraph. `changed_by_name` is kept as it was, like the audit
    trail's actor name (never shown to the public)."""

    __tablename__ = "outcome_change"
    __table_args__ = (Index("ix_outcome_change_post", "post_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"),
                                                 index=True)
    from_outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, 20))
    to_outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, 20))
    explanation: Mapped[str] = mapped_column(Text, default="")
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    reference: Mapped[str | None] = mapped_column(String(200))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    changed_by_name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<OutcomeChange post={self.post_id} {self.from_outcome}->{self.to_outcome}>"

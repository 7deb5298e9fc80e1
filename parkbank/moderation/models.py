from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parkbank.auth.models import User
from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db
from parkbank.posts.models import PostState


class Action(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class Reason(enum.StrEnum):
    """The fixed list of reasons to reject or withdraw (checklist points 7 and 8)."""

    PERSONAL_DATA = "personal_data"
    CONFIDENTIAL = "confidential"
    THREAT_OR_HATE = "threat_or_hate"
    OFF_TOPIC = "off_topic"
    SPAM = "spam"
    DUPLICATE = "duplicate"
    OTHER = "other"


class Decision(db.Model):
    """One moderation decision, kept for the audit trail: who, what, why, when."""

    __tablename__ = "moderation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[Action] = mapped_column(str_enum(Action, 20))
    from_state: Mapped[PostState] = mapped_column(str_enum(PostState, 20))
    to_state: Mapped[PostState] = mapped_column(str_enum(PostState, 20))
    reason: Mapped[Reason | None] = mapped_column(str_enum(Reason, 20))
    note: Mapped[str | None] = mapped_column(Text)
    # A rejection as a duplicate names the original (the author is pointed to it, to support it).
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Decision {self.action} post={self.post_id} by={self.moderator_id}>"


NOTE_MAX = 1000


class PostRevision(db.Model):
    """A post's text before a moderator changed it in place (a redaction): the original words,
    restricted to admins (moderation/redaction.read_revision) and never public. The audit entry
    refers to this row by id, never to the text, so the append-only trail holds no original;
    culling clears `original_body` when the retention rule says so and keeps the row (who, when)."""

    __tablename__ = "post_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="redaction")
    original_body: Mapped[str | None] = mapped_column(Text)
    passages: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    culled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<PostRevision {self.id} {self.kind} post={self.post_id}>"

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db


class Kind(enum.StrEnum):
    """What a retention rule keeps for a while and culling then removes."""

    REJECTED_POSTS = "rejected_posts"          # posts a moderator did not approve: deleted
    CONTACT_EMAILS = "contact_emails"          # post.email and email_consent: cleared
    REDACTION_ORIGINALS = "redaction_originals"  # post_revision.original_body: cleared
    FOLLOW_TOKENS = "follow_tokens"            # follow_token rows (the author's own links): deleted


class CountedFrom(enum.StrEnum):
    DECISION = "decision"  # the post's decision (a redaction: when it was made)
    CLOSING = "closing"    # the consultation's closing; nothing is due while it is not closed


class RetentionRule(db.Model):
    """A rule that overrides the configured default: global (consultation_id NULL) or for one
    consultation. `days` NULL means: keep, never cull."""

    __tablename__ = "retention_rule"
    __table_args__ = (
        Index("uq_retention_rule_consultation", "consultation_id", "kind", unique=True,
              postgresql_where=text("consultation_id IS NOT NULL"),
              sqlite_where=text("consultation_id IS NOT NULL")),
        Index("uq_retention_rule_global", "kind", unique=True,
              postgresql_where=text("consultation_id IS NULL"),
              sqlite_where=text("consultation_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(str_enum(Kind, 32))
    days: Mapped[int | None] = mapped_column(Integer)
    counted_from: Mapped[CountedFrom] = mapped_column(str_enum(CountedFrom, 16))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<RetentionRule {self.kind} c={self.consultation_id} {self.days}d {self.counted_from}>"


class CullingRecord(db.Model):
    """What one culling run removed of one kind in one consultation, by which rule, when, by whom,
    and where the snapshot taken first lies. Kept: culling never removes its own records."""

    __tablename__ = "culling_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(200))  # e.g. "consultation: 30 days from decision"
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True)
    consultation_slug: Mapped[str] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(120))  # "command" or the staff member's name
    snapshot_file: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<CullingRecord {self.kind} {self.count} in {self.consultation_slug}>"

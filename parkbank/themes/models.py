from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class Theme(db.Model):
    """One theme of one consultation. Its slug is its address (`?tema=<slug>`) and stays when the
    theme is renamed, so a shared link keeps working; a retired theme is never deleted (its tags
    stay in open data and the export), it is only no longer offered for tagging or filtering."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("consultation_id", "slug", name="uq_theme_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Theme {self.slug} in {self.consultation_id}>"


class PostTheme(db.Model):
    """A post tagged with a theme (ideas only: a reply belongs to its idea's themes)."""

    __tablename__ = "post_theme"

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PostTheme post={self.post_id} theme={self.theme_id}>"

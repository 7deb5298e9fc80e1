from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class FollowToken(db.Model):
    """One follow link to one post: the SHA-256 of its token, never the token. A post may have a
    few (a submission sent again by the same browser gets a fresh link, the first answer may
    have been lost); each is revoked on its own. Deleted with its post."""

    __tablename__ = "follow_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<FollowToken post={self.post_id}>"

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class ChannelLink(db.Model):
    """One of the municipality's channels (a Facebook page, a newsletter, the website), listed in
    `position` order on /kanaler."""

    __tablename__ = "channel_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ChannelLink {self.id} {self.name!r}>"

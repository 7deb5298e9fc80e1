from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parkbank.consultations.models import Consultation
from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class Kiosk(db.Model):
    """A shared touch screen in a public place, showing one consultation. It is reached by an
    address holding a secret token; only the token's SHA-256 is stored, so the database alone
    cannot open a kiosk, and rotating the token ends the old address at once."""

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    place: Mapped[str] = mapped_column(String(120))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"),
                                                 index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    token_issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<Kiosk {self.id} {self.name!r} at {self.place!r}>"

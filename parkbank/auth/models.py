from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db


def new_session_token() -> str:
    return secrets.token_hex(16)


class Role(enum.StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    PROJECT_LEADER = "project_leader"
    RESPONDER = "responder"


class User(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Job title ("Kulturchef"): an official reply is signed with the name and this.
    title: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every login cookie; a new value logs out every session and remember-me cookie.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """What a login stores in the session and remember-me cookies (Flask-Login's "alternative
        id"): the id and the current session token, so a new token ends every older login."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Assignment(db.Model):
    """A staff member works on a consultation: moderators, responders and project leaders see and
    act on only the consultations they are assigned to (admins work on all, without a row)."""

    __tablename__ = "consultation_assignment"
    __table_args__ = (UniqueConstraint("user_id", "consultation_id", name="uq_assignment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Assignment user={self.user_id} consultation={self.consultation_id}>"

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from parkbank.database import UTCDateTime, utcnow
from parkbank.extensions import db


class AuditAction(enum.StrEnum):
    """Every kind of entry the trail holds; labels are audit/labels.py. A new staff action adds
    its member here (a string that can drift is how a log ends up with entries nobody reads)."""

    LOGIN = "login"
    LOGOUT = "logout"
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_DEACTIVATE = "user.deactivate"
    USER_PASSWORD = "user.password"
    ASSIGNMENT_ADD = "assignment.add"
    ASSIGNMENT_REMOVE = "assignment.remove"
    CONSULTATION_CREATE = "consultation.create"
    CONSULTATION_UPDATE = "consultation.update"
    CONSULTATION_STATUS = "consultation.status"
    POST_APPROVE = "post.approve"
    POST_REJECT = "post.reject"
    POST_WITHDRAW = "post.withdraw"
    POST_REDACT = "post.redact"
    POST_POLITICIAN_VIEW = "post.politician_view"
    POST_THEMES = "post.themes"
    THEME_CREATE = "theme.create"
    THEME_UPDATE = "theme.update"
    REPLY_OFFICIAL = "reply.official"
    POST_OUTCOME = "post.outcome"
    CLOSING_SUMMARY = "consultation.closing_summary"
    REPORTS_DISMISS = "reports.dismiss"
    CHANNELS_UPDATE = "channels.update"
    KIOSK_CREATE = "kiosk.create"
    KIOSK_UPDATE = "kiosk.update"
    KIOSK_ROTATE = "kiosk.rotate"
    KIOSK_DISABLE = "kiosk.disable"
    KIOSK_ENABLE = "kiosk.enable"
    RETENTION_UPDATE = "retention.update"
    EXPORT = "export"
    SNAPSHOT = "snapshot"
    CULL = "cull"
    DATA_REQUEST_EXPORT = "data_request.export"
    DATA_REQUEST_ERASE = "data_request.erase"


class AuditEntry(db.Model):
    """One staff action: who, what, on which consultation and object, when, with its details.

    Append-only: the app adds entries and never changes or deletes one (audit/operations.py
    refuses it). `actor_name` is kept as it was, so the trail reads the same after a rename;
    an entry with no actor was made by the system (a command, the schedule, culling).
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        # /admin/logg pages newest first by id, optionally filtered by one of these.
        Index("ix_audit_entry_action", "action", "id"),
        Index("ix_audit_entry_actor", "actor_id", "id"),
        Index("ix_audit_entry_consultation", "consultation_id", "id"),
        Index("ix_audit_entry_created_at", "created_at"),  # the date range (migration 0011)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"))
    target_type: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} by={self.actor_id}>"

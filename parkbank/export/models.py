"""An export started from the web: a row the page polls, worked on by `flask export-job <id>` in a
process of its own (export/jobs.py), and the file it wrote, kept for PARKBANK_EXPORT_KEEP_HOURS."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parkbank.auth.models import User
from parkbank.database import UTCDateTime, str_enum, utcnow
from parkbank.extensions import db

# A job's stored error is the operator's record (English, as in the log); the export page says it
# in words of its own (labels.failure_message).
LOST = "The export stopped before it was finished (its process ended)."

class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportJob(db.Model):
    __tablename__ = "export_job"
    __table_args__ = (
        # A consultation's recent jobs, newest first (the export page).
        Index("ix_export_job_consultation", "consultation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(10))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    status: Mapped[ExportStatus] = mapped_column(str_enum(ExportStatus, 10), default=ExportStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0–100
    file_name: Mapped[str | None] = mapped_column(String(200))  # what the download is called
    stored_name: Mapped[str | None] = mapped_column(String(200))  # the file in EXPORT_DIR; None once removed
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    def is_downloadable(self, now: datetime) -> bool:
        return (self.status is ExportStatus.DONE and self.stored_name is not None
                and self.expires_at is not None and now < self.expires_at)

    def __repr__(self) -> str:
        return f"<ExportJob {self.id} {self.format} {self.status.value} {self.progress}%>"

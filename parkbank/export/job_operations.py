"""Exports started from the web: a job row, audited, and its work handed to a process of its own
once the request has committed (export/jobs.py). What the export page and its JSON read."""

from __future__ import annotations

from datetime import datetime
from importlib.util import find_spec
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_lead
from parkbank.consultations.models import Consultation
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.export import jobs
from parkbank.export.formats import FORMATS
from parkbank.export.models import ExportJob
from parkbank.extensions import db

RECENT_JOBS = 10


def is_installed(fmt: str) -> bool:
    """Whether this server has the format's module (the formats are written one by one)."""
    try:
        return find_spec(FORMATS[fmt].module) is not None
    except ModuleNotFoundError:
        return False


def start_export(consultation: Consultation, fmt: str | None, user) -> ExportJob:
    """A queued job, audited; its process starts after the commit, so the request never waits."""
    if not can_lead(user, consultation):
        raise Forbidden()
    if fmt not in FORMATS or not is_installed(fmt):
        raise InvalidInput(_l("Choose one of the formats on the page."), fields={"format": [
            str(_l("Choose one of the formats on the page."))]})
    job = ExportJob(consultation_id=consultation.id, format=fmt, requested_by_id=user.id)
    db.session.add(job)
    db.session.flush()
    record(AuditAction.EXPORT, user=user, consultation_id=consultation.id, target=("export_job", job.id),
           format=fmt)
    jobs.start_after_commit(job.id)
    return job


def recent_jobs(consultation_id: int) -> list[ExportJob]:
    return list(db.session.execute(
        select(ExportJob).where(ExportJob.consultation_id == consultation_id)
        .order_by(ExportJob.id.desc()).limit(RECENT_JOBS)
    ).scalars())


def get_job(consultation_id: int, job_id: int) -> ExportJob:
    job = db.session.execute(
        select(ExportJob).where(ExportJob.id == job_id, ExportJob.consultation_id == consultation_id)
    ).scalar_one_or_none()
    if job is None:
        raise NotFound()
    return job


def stored_file(job: ExportJob, now: datetime) -> Path:
    """The finished file of a job, while it is kept; NotFound once it expired or was removed."""
    if not job.is_downloadable(now):
        raise NotFound()
    path = Path(current_app.config["EXPORT_DIR"]) / job.stored_name
    if not path.is_file():
        raise NotFound()
    return path

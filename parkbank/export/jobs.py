"""Exports started from the web run out of process (issue 15).

The request only adds the job row; after it commits, `start_after_commit` has the job's own process
started: `python -m flask --app parkbank export-job <id>`, in a session of its own, with the
server's environment. That process builds the summary, renders it (a PDF of 10,000 posts is
seconds of CPU, which inside a gevent worker would stall every websocket of the process), writes
the file to EXPORT_DIR and reports its progress in the row, which the export page polls. Each step
is a small transaction of its own (the command's commit point, `cli.in_transaction`), so the page
sees the progress as it happens. Files are kept EXPORT_KEEP_HOURS; `flask export-jobs clean` (and
every new export job, before its own work) removes the expired ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from parkbank.cli import in_transaction
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.export.formats import FORMATS, file_name, render
from parkbank.export.models import LOST, ExportJob, ExportStatus
from parkbank.export.summary import build_summary
from parkbank.extensions import db

_PENDING = "parkbank_export_jobs"
# A job still queued or running after this long lost its process (a crash, a restart): failed.
STALE_AFTER = timedelta(hours=1)
SUMMARY_BUILT, RENDERED, WRITTEN = 30, 90, 100


# --- in the server: start the job's process once the request has committed --------------------

def start_after_commit(job_id: int) -> None:
    db.session.info.setdefault(_PENDING, []).append(job_id)


def job_command(job_id: int) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "parkbank", "export-job", str(job_id)]


def launch(job_id: int) -> subprocess.Popen:
    """The job's process, detached from the server's session (a server restart does not kill it),
    on the server's database and export directory (in production both are in os.environ
    already; a test's app has them in its config)."""
    env = {**os.environ, "DATABASE_URL": str(current_app.config["SQLALCHEMY_DATABASE_URI"]),
           "PARKBANK_EXPORT_DIR": current_app.config["EXPORT_DIR"]}
    process = subprocess.Popen(job_command(job_id), env=env, start_new_session=True,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    # Reaped when it ends (no zombie): a thread here, a greenlet under gevent's patched threading.
    threading.Thread(target=process.wait, name=f"export-job-{job_id}", daemon=True).start()
    return process


def _launch_pending(session: Session) -> None:
    for job_id in session.info.pop(_PENDING, []):
        try:
            launch(job_id)
        except OSError:  # the row stays queued; `export-jobs clean` marks it failed later
            current_app.logger.exception("export job %s could not be started", job_id)


def _drop_pending(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)


def install(session_factory) -> None:
    """Hook the start of job processes to the commit of the app's session (from create_app)."""
    from sqlalchemy import event

    if not event.contains(session_factory, "after_commit", _launch_pending):
        event.listen(session_factory, "after_commit", _launch_pending)
        event.listen(session_factory, "after_soft_rollback", _drop_pending)


# --- in the job's process ----------------------------------------------------------------------

def _step(work, *args, **kwargs):
    """One committed step. The read transaction before it ends first: on SQLite a write must
    begin its own transaction (BEGIN IMMEDIATE) rather than upgrade a read."""
    db.session.rollback()
    return in_transaction(work)(*args, **kwargs)


def _set(job_id: int, **values) -> int:
    return db.session.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values)).rowcount


def _take(job_id: int) -> ExportJob | None:
    """Queued → running, once: a job is worked on by one process only."""
    taken = db.session.execute(
        update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == ExportStatus.QUEUED)
        .values(status=ExportStatus.RUNNING, progress=5)
    ).rowcount
    return db.session.get(ExportJob, job_id) if taken else None


def _finish(job_id: int, name: str, stored: str, now: datetime) -> None:
    keep = timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    _set(job_id, status=ExportStatus.DONE, progress=WRITTEN, file_name=name, stored_name=stored,
         finished_at=now, expires_at=now + keep)


def _fail(job_id: int, message: str) -> None:
    _set(job_id, status=ExportStatus.FAILED, error=message[:500], finished_at=utcnow())


def _write(directory: Path, stored: str, data: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f"{stored}.part"
    partial.write_bytes(data)
    os.replace(partial, directory / stored)  # the download never sees half a file


def run_job(job_id: int) -> ExportJob:
    """Work on one queued job to its end, done or failed; returns the job as it ended."""
    _step(clean, utcnow())
    job = _step(_take, job_id)
    if job is None:
        raise click.ClickException(f"Export job {job_id} does not exist or is not waiting.")
    fmt = job.format
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # the organisation's language
            summary = build_summary(db.session.get(Consultation, job.consultation_id))
            _step(_set, job_id, progress=SUMMARY_BUILT)
            data = render(summary, fmt)
        _step(_set, job_id, progress=RENDERED)
        stored = f"{job_id}.{FORMATS[fmt].extension}"
        _write(Path(current_app.config["EXPORT_DIR"]), stored, data)
        _step(_finish, job_id, file_name(summary, fmt), stored, utcnow())
    except Exception as error:
        current_app.logger.exception("export job %s (%s) failed", job_id, fmt)
        _step(_fail, job_id, f"{type(error).__name__}: {error}")
    db.session.rollback()
    return db.session.get(ExportJob, job_id)


def clean(now: datetime) -> tuple[int, int]:
    """Remove the files of expired jobs (the rows stay, as a record) and fail the jobs whose
    process was lost; returns (files removed, jobs failed)."""
    directory = Path(current_app.config["EXPORT_DIR"])
    expired = db.session.execute(
        select(ExportJob).where(ExportJob.stored_name.is_not(None), ExportJob.expires_at <= now)
    ).scalars().all()
    for job in expired:
        (directory / job.stored_name).unlink(missing_ok=True)
        job.stored_name = None
    lost = db.session.execute(
        update(ExportJob)
        .where(ExportJob.status.in_([ExportStatus.QUEUED, ExportStatus.RUNNING]),
               ExportJob.created_at < now - STALE_AFTER)
        .values(status=ExportStatus.FAILED, finished_at=now,
                error=LOST)
    ).rowcount
    db.session.flush()
    return len(expired), lost


@click.command("export-job")
@click.argument("job_id", type=int)
@with_appcontext
def export_job_command(job_id: int) -> None:
    """Work on one export started from the web (the server starts this; not for operators)."""
    job = run_job(job_id)
    if job.status is ExportStatus.FAILED:
        raise click.ClickException(f"Export job {job_id} failed: {job.error}")
    click.echo(f"Export job {job_id}: {job.file_name}")


@click.group("export-jobs")
def export_jobs_group() -> None:
    """Exports started from the web."""


@export_jobs_group.command("clean")
@with_appcontext
@in_transaction
def clean_command() -> None:
    """Remove the files of exports older than PARKBANK_EXPORT_KEEP_HOURS (run it hourly)."""
    removed, lost = clean(utcnow())
    click.echo(f"Removed {removed} expired export file(s); {lost} lost job(s) marked failed.")

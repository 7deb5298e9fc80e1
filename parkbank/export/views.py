"""The export page of a consultation (blueprint "export"), for those who may lead it (can_lead):
start an export in a format, follow its progress, download the file while it is kept."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.auth.guards import require
from parkbank.auth.permissions import can_lead
from parkbank.consultations.operations import get_for_staff
from parkbank.database import utcnow
from parkbank.errors import InvalidInput
from parkbank.export.formats import FORMATS
from parkbank.export.job_operations import get_job, is_installed, recent_jobs, start_export, stored_file
from parkbank.export.labels import EXPIRED_LABEL, FORMAT_LABELS, STATUS_LABELS, failure_message
from parkbank.export.models import ExportJob
from parkbank.http import error_response, wants_json

bp = Blueprint("export", __name__)


def _consultation(slug: str):
    """The consultation and the door's answer: None when the current user may lead it."""
    consultation = get_for_staff(slug)
    return consultation, require(can_lead, consultation)


def job_state(job: ExportJob, slug: str, now) -> dict:
    """What the page shows of a job and its JSON says (the script fills the same fields)."""
    download = url_for(".download", slug=slug, job_id=job.id) if job.is_downloadable(now) else None
    expired = job.status.value == "done" and download is None
    return {"id": job.id, "status": job.status.value, "progress": job.progress, "download": download,
            "error": failure_message(job.error),
            "label": str(EXPIRED_LABEL if expired else STATUS_LABELS[job.status])}


@bp.get("/samrad/<slug>/export")
def page(slug: str):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    now = utcnow()
    formats = [(name, *FORMAT_LABELS[name], is_installed(name)) for name in FORMATS]
    jobs = [(job, job_state(job, slug, now)) for job in recent_jobs(consultation.id)]
    return render_template("export/index.html", consultation=consultation, formats=formats, jobs=jobs,
                           format_names={name: label for name, label, *_ in formats},
                           status_labels={s.value: str(label) for s, label in STATUS_LABELS.items()})


@bp.post("/samrad/<slug>/export")
def start(slug: str):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    try:
        job = start_export(consultation, request.form.get("format"), current_user)
    except InvalidInput as error:
        return error_response(400, error.message, error.code, **error.details)
    if wants_json():
        return jsonify({**job_state(job, slug, utcnow()),
                        "url": url_for(".status", slug=slug, job_id=job.id)}), 202
    flash(_("The export has started. It is listed below, and can be downloaded when it is ready."),
          "success")
    return redirect(url_for(".page", slug=slug, _anchor=f"jobb-{job.id}"), code=303)


@bp.get("/samrad/<slug>/export/<id:job_id>")
def download(slug: str, job_id: int):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    job = get_job(consultation.id, job_id)
    path = stored_file(job, utcnow())
    response = send_file(path, mimetype=FORMATS[job.format].mimetype, as_attachment=True,
                         download_name=job.file_name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/samrad/<slug>/export/<id:job_id>.json")
def status(slug: str, job_id: int):
    consultation, refusal = _consultation(slug)
    if refusal is not None:
        return refusal
    state = job_state(get_job(consultation.id, job_id), slug, utcnow())
    return jsonify(status=state["status"], progress=state["progress"], download=state["download"],
                   error=state["error"], label=state["label"])

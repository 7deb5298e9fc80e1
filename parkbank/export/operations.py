"""Exporting a consultation: one summary, rendered in one format, in the organisation's language.

`export_consultation` is what staff doors call (the `flask export` command, the consultation's
staff page): it renders and writes the audit entry. The public open-data downloads call
`render_consultation`, which leaves no entry (anyone may read them, as often as they like)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_lead
from parkbank.consultations.models import Consultation
from parkbank.errors import Forbidden, NotFound, OperationError
from parkbank.export import formats
from parkbank.export.opendata import SCHEMA, licence
from parkbank.export.summary import build_summary
from parkbank.extensions import db
from parkbank.moderation.models import Decision
from parkbank.posts.models import Post


class FormatUnavailable(OperationError):
    """The format's module (or a library it needs) is not installed here."""

    status = 404
    code = "format_unavailable"
    message = _l("This format is not available in this installation.")


def render_consultation(consultation: Consultation, fmt: str,
                        now: datetime | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the consultation's summary in `fmt` (a key of formats.FORMATS)."""
    if fmt not in formats.FORMATS:
        raise NotFound()
    summary = build_summary(consultation, now=now)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # documents in the house language
        try:
            data = formats.render(summary, fmt)
        except ModuleNotFoundError as error:
            raise FormatUnavailable(format=fmt) from error
    return formats.file_name(summary, fmt), data


def export_consultation(consultation: Consultation, fmt: str, now: datetime | None = None, *,
                        user=None) -> tuple[str, bytes]:
    """An export for a staff member who may lead the consultation, or for an operator's command
    (`user` None: the system), audited with its format."""
    if user is not None and not can_lead(user, consultation):
        raise Forbidden()
    name, data = render_consultation(consultation, fmt, now)
    record(AuditAction.EXPORT, user=user, consultation_id=consultation.id,
           target=("consultation", consultation.id), format=fmt, slug=consultation.slug)
    return name, data


def open_data_version(consultation: Consultation) -> str:
    """Changes whenever the open data of a consultation may have: every public change is a board
    event (event_seq); posts that arrive or are culled and decisions that make no board event
    (a rejection) change the counts. For the downloads' ETag, read without building anything."""
    posts, last_post = db.session.execute(
        select(func.count(Post.id), func.max(Post.id))
        .where(Post.consultation_id == consultation.id)).one()
    last_decision = db.session.execute(
        select(func.max(Decision.id)).join(Post, Post.id == Decision.post_id)
        .where(Post.consultation_id == consultation.id)).scalar_one()
    facts = (consultation.slug, consultation.title, consultation.question, consultation.description,
             consultation.case_number, consultation.department, consultation.opens_at,
             consultation.closes_at, consultation.current_status.value, consultation.closing_summary)
    return repr((SCHEMA, licence(), consultation.event_seq, posts, last_post, last_decision, facts))

"""/admin/logg: the audit trail for admins, filtered and paged newest first. Read only."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, request
from sqlalchemy import select

from parkbank.audit import labels
from parkbank.audit.forms import LogFilterForm
from parkbank.audit.queries import log_page
from parkbank.auth.guards import guard
from parkbank.auth.models import Role, User
from parkbank.auth.permissions import can_administer
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.moderation.labels import REASON_LABELS
from parkbank.moderation.models import Reason
from parkbank.posts.labels import CHANNEL_LABELS
from parkbank.posts.models import Channel

bp = Blueprint("audit", __name__, url_prefix="/admin/logg")
REASONS = frozenset(reason.value for reason in Reason)
STATUSES = frozenset(status.value for status in ConsultationStatus)
ROLES = frozenset(role.value for role in Role)
CHANNELS = frozenset(channel.value for channel in Channel)
ACTION_TEXTS = labels.ACTION_LABELS  # keyed by StrEnum members: a stored string finds its label


bp.before_request(guard(can_administer))


@bp.get("/")
def log():
    staff = db.session.execute(select(User).order_by(User.name, User.id)).scalars().all()
    consultations = db.session.execute(
        select(Consultation).order_by(Consultation.title, Consultation.id)).scalars().all()
    form = LogFilterForm(request.args, staff, consultations)
    form.validate()
    page = log_page(form.log_filter(), before=_cursor("fore"), after=_cursor("efter"))
    # The links keep the filters as given: a filtered view is an address to share.
    filters = {field.name: request.args[field.name] for field in form
               if request.args.get(field.name)}
    return render_template("audit/log.html", form=form, page=page, filters=filters,
                           consultations={c.id: c for c in consultations},
                           paged=bool(request.args.get("fore") or request.args.get("efter")),
                           details=readable_details, action_labels_audit=ACTION_TEXTS)


def _cursor(name: str) -> int | None:
    raw = request.args.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw)


def _readable_value(key: str, value) -> str:
    if isinstance(value, bool):
        return str(labels.YES) if value else "–"
    if isinstance(value, dict):  # e.g. what a change did: {field: [before, after]}
        return json.dumps(value, ensure_ascii=False)
    if key == "change" and value in labels.CHANGE_LABELS:
        return str(labels.CHANGE_LABELS[value])
    if key == "reason" and value in REASONS:
        return str(REASON_LABELS[Reason(value)])
    if key in ("before", "after", "status") and value in STATUSES:
        return str(labels.CONSULTATION_STATUS_LABELS[ConsultationStatus(value)])
    if key == "channel" and value in CHANNELS:
        return str(CHANNEL_LABELS[Channel(value)])
    if key == "role" and value in ROLES:
        return str(labels.ROLE_LABELS[Role(value)])
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(str(labels.DETAIL_LABELS.get(item, item)) for item in value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def readable_details(details: dict) -> list[tuple[str, str]]:
    """An entry's details as (label, text) pairs, known keys first in a fixed order."""
    order = list(labels.DETAIL_LABELS)
    keys = sorted(details, key=lambda key: (order.index(key) if key in order else len(order), key))
    return [(str(labels.DETAIL_LABELS.get(key, key)), _readable_value(key, details[key]))
            for key in keys]

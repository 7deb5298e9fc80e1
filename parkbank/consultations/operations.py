"""Consultation lifecycle and lookups."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import works_on
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.errors import ConsultationClosed, ConsultationPaused, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.live import broadcast
from parkbank.posts.models import Post, PostState
from parkbank.posts.visibility import public_clause, with_parent


def require_open(consultation: Consultation) -> None:
    """Posts, replies and supports only while open; a paused one says it is paused."""
    if consultation.is_paused:
        raise ConsultationPaused()
    if not consultation.is_open:
        raise ConsultationClosed()


def get_by_slug(slug: str) -> Consultation:
    consultation = db.session.execute(
        select(Consultation).where(Consultation.slug == slug)
    ).scalar_one_or_none()
    if consultation is None or consultation.status == ConsultationStatus.DRAFT:
        raise NotFound()
    return consultation


def listed_consultations() -> list[Consultation]:
    """What the start page lists: ongoing consultations (open or paused) first, then closed ones
    as an archive."""
    return list(db.session.execute(
        select(Consultation).where(Consultation.status != ConsultationStatus.DRAFT)
        .order_by((Consultation.status != ConsultationStatus.CLOSED).desc(),
                  Consultation.created_at.desc(), Consultation.id.desc())
    ).scalars())


def idea_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Published ideas (not replies) per consultation, in one grouped query."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        with_parent(select(Post.consultation_id, func.count())).where(
            Post.consultation_id.in_(consultation_ids), public_clause(), Post.parent_id.is_(None),
        ).group_by(Post.consultation_id)
    )
    return dict(rows.all())


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LIMITS = {"slug": 80, "title": 200, "question": 500, "case_number": 64, "department": 200}
FIELD_NAMES = {"slug": _l("The address name"), "title": _l("The title"),
               "question": _l("The question"), "case_number": _l("The case number"),
               "department": _l("The department")}


def _refuse(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})


def check_consultation(*, slug: str, title: str, question: str, case_number: str | None,
                       department: str | None, opens_at: datetime | None,
                       closes_at: datetime | None, consultation_id: int | None = None) -> None:
    """What every door that makes or edits a consultation checks (the command line, the
    administration pages): an address-safe slug unused by any other consultation (editing one
    keeps its own), the texts' lengths, dates in order."""
    values = {"slug": slug, "title": title, "question": question, "case_number": case_number,
              "department": department}
    for field, limit in LIMITS.items():
        if values[field] and len(values[field]) > limit:
            raise _refuse(field, _l("%(field)s may have at most %(max)s characters.",
                                    field=FIELD_NAMES[field], max=limit))
    if not SLUG.fullmatch(slug or ""):
        raise _refuse("slug", _l("The address name may hold only a–z, 0–9 and single hyphens, "
                                 "e.g. nytt-bibliotek."))
    for field in ("title", "question"):
        if not (values[field] or "").strip():
            raise _refuse(field, _l("%(field)s may not be empty.", field=FIELD_NAMES[field]))
    if opens_at and closes_at and closes_at <= opens_at:
        raise _refuse("closes_at", _l("The closing time must come after the opening time."))
    taken = db.session.execute(select(Consultation.id).where(Consultation.slug == slug,
                                                              Consultation.id != (consultation_id or 0)))
    if taken.first() is not None:
        raise _refuse("slug", _l("There is already a consultation at /samrad/%(slug)s.", slug=slug))


def set_status(slug: str, status: ConsultationStatus, by=None) -> Consultation:
    """Open, pause, close or take back to draft. Open boards are told at once
    (`consultation_status`); posting, replying and supporting check the status every time."""
    consultation = get_for_staff(slug)
    before = consultation.status
    consultation.status = status
    db.session.flush()
    broadcast.publish_status(consultation)
    record(AuditAction.CONSULTATION_STATUS, user=by, consultation_id=consultation.id,
           target=("consultation", consultation.id), before=before.value, after=status.value)
    return consultation


def apply_schedule(now: datetime) -> list[Consultation]:
    """Open the drafts whose opening time has come and close the open or paused ones whose
    closing time has passed, each with one conditional UPDATE (so two processes running this
    at once change each consultation once), and tell their boards. Returns what changed."""
    Status = ConsultationStatus
    opened = db.session.execute(
        update(Consultation).where(
            Consultation.status == Status.DRAFT, Consultation.opens_at <= now,
            or_(Consultation.closes_at.is_(None), Consultation.closes_at > now),
        ).values(status=Status.OPEN).returning(Consultation.id)
    ).scalars().all()
    closed = db.session.execute(
        update(Consultation).where(
            Consultation.status.in_([Status.OPEN, Status.PAUSED]), Consultation.closes_at <= now,
        ).values(status=Status.CLOSED).returning(Consultation.id)
    ).scalars().all()
    changed = []
    for consultation_id in [*opened, *closed]:
        consultation = db.session.get(Consultation, consultation_id, populate_existing=True)
        broadcast.publish_status(consultation)
        record(AuditAction.CONSULTATION_STATUS, consultation_id=consultation.id,
               target=("consultation", consultation.id), after=consultation.status.value,
               by_schedule=True)
        changed.append(consultation)
    return changed


def create_consultation(*, slug: str, title: str, question: str, description: str = "",
                        status: ConsultationStatus = ConsultationStatus.OPEN,
                        case_number: str | None = None, department: str | None = None,
                        opens_at: datetime | None = None, closes_at: datetime | None = None,
                        next_steps: str = "", by=None) -> Consultation:
    consultation = Consultation(slug=slug, title=title, question=question,
                                description=description, status=status,
                                case_number=case_number, department=department,
                                opens_at=opens_at, closes_at=closes_at, next_steps=next_steps)
    db.session.add(consultation)
    db.session.flush()
    record(AuditAction.CONSULTATION_CREATE, user=by, consultation_id=consultation.id,
           target=("consultation", consultation.id), slug=slug, title=title,
           status=ConsultationStatus(status).value)
    return consultation


def listed_for_staff() -> list[Consultation]:
    """Every consultation, drafts included, newest first."""
    return list(db.session.execute(
        select(Consultation).order_by(Consultation.created_at.desc(), Consultation.id.desc())
    ).scalars())


def get_for_staff(slug: str) -> Consultation:
    """Staff see drafts too."""
    consultation = db.session.execute(
        select(Consultation).where(Consultation.slug == slug)
    ).scalar_one_or_none()
    if consultation is None:
        raise NotFound()
    return consultation


EDITABLE = ("title", "question", "description", "slug", "case_number", "department", "opens_at",
            "closes_at", "next_steps")


def update_consultation(consultation: Consultation, *, by=None, **fields) -> list[str]:
    """Change any of EDITABLE and `status`; returns what changed. Checked as a new one would be;
    the address of a consultation that has been public stays (it is on posters and in links), a
    status change goes through set_status (open boards are told), and the rest is audited as
    CONSULTATION_UPDATE with the names of the fields that changed."""
    unknown = set(fields) - {*EDITABLE, "status"}
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    status = fields.pop("status", None)
    values = {field: getattr(consultation, field) for field in EDITABLE} | fields
    for field in ("case_number", "department"):
        values[field] = (values[field] or "").strip() or None
    check_consultation(slug=values["slug"], title=values["title"], question=values["question"],
                       case_number=values["case_number"], department=values["department"],
                       opens_at=values["opens_at"], closes_at=values["closes_at"],
                       consultation_id=consultation.id)
    changed = [field for field in EDITABLE if getattr(consultation, field) != values[field]]
    if "slug" in changed and consultation.has_been_public:
        raise _refuse("slug", _l("The address cannot change once the consultation has been public: "
                                 "it is printed on posters and shared in links."))
    for field in changed:
        setattr(consultation, field, values[field])
    if changed:
        db.session.flush()
        record(AuditAction.CONSULTATION_UPDATE, user=by, consultation_id=consultation.id,
               target=("consultation", consultation.id), changed=changed, slug=consultation.slug)
    if status is not None and ConsultationStatus(status) != consultation.status:
        set_status(consultation.slug, ConsultationStatus(status), by=by)
        changed.append("status")
    return changed


def pending_counts(consultation_ids: list[int] | None = None) -> dict[int, int]:
    """Posts waiting for moderation per consultation, in one grouped query."""
    query = select(Post.consultation_id, func.count(Post.id)).where(Post.state == PostState.PENDING)
    if consultation_ids is not None:
        if not consultation_ids:
            return {}
        query = query.where(Post.consultation_id.in_(consultation_ids))
    return dict(db.session.execute(query.group_by(Post.consultation_id)).all())


def consultations_of(user) -> list[Consultation]:
    """The consultations a staff member works on: all for admins, else those assigned."""
    return [c for c in listed_for_staff() if works_on(user, c)]

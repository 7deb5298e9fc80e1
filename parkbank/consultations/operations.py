"""Consultation lifecycle and lookups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.errors import NotFound
from parkbank.extensions import db
from parkbank.posts.models import Post
from parkbank.posts.visibility import public_clause, with_parent


def get_by_slug(slug: str) -> Consultation:
    consultation = db.session.execute(
        select(Consultation).where(Consultation.slug == slug)
    ).scalar_one_or_none()
    if consultation is None or consultation.status == ConsultationStatus.DRAFT:
        raise NotFound()
    return consultation


def listed_consultations() -> list[Consultation]:
    """What the start page lists: open consultations first, then closed ones as an archive."""
    return list(db.session.execute(
        select(Consultation).where(Consultation.status != ConsultationStatus.DRAFT)
        .order_by((Consultation.status == ConsultationStatus.OPEN).desc(),
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


def create_consultation(*, slug: str, title: str, question: str, description: str = "",
                        status: ConsultationStatus = ConsultationStatus.OPEN,
                        case_number: str | None = None, department: str | None = None,
                        opens_at: datetime | None = None, closes_at: datetime | None = None,
                        next_steps: str = "") -> Consultation:
    consultation = Consultation(slug=slug, title=title, question=question,
                                description=description, status=status,
                                case_number=case_number, department=department,
                                opens_at=opens_at, closes_at=closes_at, next_steps=next_steps)
    db.session.add(consultation)
    db.session.flush()
    return consultation


def get_for_staff(slug: str) -> Consultation:
    """Staff see drafts too."""
    consultation = db.session.execute(
        select(Consultation).where(Consultation.slug == slug)
    ).scalar_one_or_none()
    if consultation is None:
        raise NotFound()
    return consultation

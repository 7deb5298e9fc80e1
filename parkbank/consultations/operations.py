"""Consultation lifecycle and lookups."""

from __future__ import annotations

from sqlalchemy import select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.errors import NotFound
from parkbank.extensions import db


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


def create_consultation(*, slug: str, title: str, question: str, description: str = "",
                        status: ConsultationStatus = ConsultationStatus.OPEN,
                        case_number: str | None = None,
                        department: str | None = None) -> Consultation:
    consultation = Consultation(slug=slug, title=title, question=question,
                                description=description, status=status,
                                case_number=case_number, department=department)
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

"""Registering kiosks and opening them by their secret address. The token is shown once, when it
is made (registration or rotation); the database keeps only its SHA-256, so a kiosk is found by
hashing what the address carries. Every change is audited."""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.errors import InvalidInput, NotFound, OperationError
from parkbank.extensions import db
from parkbank.http import external_url
from parkbank.kiosk.models import Kiosk

NAME_MAX = 120
PLACE_MAX = 120
# 32 random bytes, URL-safe: 43 characters. Longer strings in an address are not tokens.
_TOKEN_BYTES = 32
TOKEN_MAX = 64


class KioskDisabled(OperationError):
    status = 403
    code = "kiosk_disabled"
    message = _l("This kiosk has been switched off. Ask the staff nearby, or write from your own "
                 "phone or computer.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    return token, hash_token(token)


def _refuse(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})


def _checked(name: str | None, place: str | None) -> tuple[str, str]:
    name, place = (name or "").strip(), (place or "").strip()
    if not name:
        raise _refuse("name", _l("Give the kiosk a name."))
    if not place:
        raise _refuse("place", _l("Say where the kiosk stands: it is shown on its posts."))
    if len(name) > NAME_MAX:
        raise _refuse("name", _l("At most %(max)s characters.", max=NAME_MAX))
    if len(place) > PLACE_MAX:
        raise _refuse("place", _l("At most %(max)s characters.", max=PLACE_MAX))
    return name, place


def list_kiosks() -> list[Kiosk]:
    return list(db.session.execute(
        select(Kiosk).order_by(Kiosk.active.desc(), Kiosk.name, Kiosk.id)).scalars())


def get_kiosk(kiosk_id: int) -> Kiosk:
    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise NotFound()
    return kiosk


def consultation_for(slug: str | None) -> Consultation:
    """The consultation a kiosk is to show, drafts included (a kiosk may be set up before the
    consultation opens); an unknown address is refused on the form's field."""
    consultation = db.session.execute(
        select(Consultation).where(Consultation.slug == (slug or "").strip())).scalar_one_or_none()
    if consultation is None:
        raise _refuse("consultation", _l("Choose a consultation from the list."))
    return consultation


def register_kiosk(*, name: str, place: str, consultation: Consultation, by=None) -> tuple[Kiosk, str]:
    """A new kiosk and its token (shown to the administrator once, never stored)."""
    name, place = _checked(name, place)
    token, digest = _new_token()
    kiosk = Kiosk(name=name, place=place, consultation_id=consultation.id, token_hash=digest,
                  active=True, created_at=utcnow(), token_issued_at=utcnow())
    kiosk.consultation = consultation
    db.session.add(kiosk)
    db.session.flush()
    record(AuditAction.KIOSK_CREATE, user=by, consultation_id=consultation.id,
           target=("kiosk", kiosk.id), name=name, place=place)
    return kiosk, token


def update_kiosk(kiosk: Kiosk, *, name: str, place: str, consultation: Consultation, by=None) -> Kiosk:
    name, place = _checked(name, place)
    changes = {field: [str(old), str(new)] for field, old, new in (
        ("name", kiosk.name, name), ("place", kiosk.place, place),
        ("consultation", kiosk.consultation.slug, consultation.slug)) if old != new}
    kiosk.name, kiosk.place = name, place
    kiosk.consultation_id, kiosk.consultation = consultation.id, consultation
    db.session.flush()
    if changes:
        record(AuditAction.KIOSK_UPDATE, user=by, consultation_id=consultation.id,
               target=("kiosk", kiosk.id), changes=changes)
    return kiosk


def rotate_token(kiosk: Kiosk, *, by=None) -> str:
    """A new address for the kiosk; the old one stops working at once."""
    token, digest = _new_token()
    kiosk.token_hash, kiosk.token_issued_at = digest, utcnow()
    db.session.flush()
    record(AuditAction.KIOSK_ROTATE, user=by, consultation_id=kiosk.consultation_id,
           target=("kiosk", kiosk.id))
    return token


def set_active(kiosk: Kiosk, active: bool, *, by=None) -> Kiosk:
    if kiosk.active != active:
        kiosk.active = active
        db.session.flush()
        record(AuditAction.KIOSK_ENABLE if active else AuditAction.KIOSK_DISABLE, user=by,
               consultation_id=kiosk.consultation_id, target=("kiosk", kiosk.id))
    return kiosk


def kiosk_address(token: str) -> str:
    """The address to open on the kiosk's screen (shown once: it holds the secret)."""
    return external_url("kiosk.screen", token=token)


def find_by_token(token: str | None) -> Kiosk | None:
    """The kiosk this token opens, active or not; None for an unknown token."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.execute(
        select(Kiosk).where(Kiosk.token_hash == hash_token(token))).scalar_one_or_none()


def open_kiosk(token: str | None) -> Kiosk:
    """The active kiosk behind a kiosk address: 404 for an unknown token (nothing to learn from
    guessing), 403 with a clear message for a kiosk that was switched off."""
    kiosk = find_by_token(token)
    if kiosk is None:
        raise NotFound()
    if not kiosk.active:
        raise KioskDisabled()
    return kiosk

"""Operations for a data request. The audit trail never stores the address: only a keyed hash
(HMAC with the app's secret, so the same address gives the same hash and a guess cannot be checked
without the secret) and how many posts were concerned."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_administer
from parkbank.database import unicode_lower, utcnow
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.mail.operations import erase_address
from parkbank.posts.models import Post
from parkbank.posts.serialize import iso
from parkbank.sanitize import normalize_text

EMAIL_MAX = 254


def checked_address(raw: str | None) -> str:
    """The address as compared: normalised as stored addresses are (NFC, trimmed), lower case in
    every letter (Å, Ä, Ö too: compared with unicode_lower); refused unless it looks like one."""
    address = normalize_text((raw or "")[:4 * EMAIL_MAX], multiline=False).lower()
    if not address or len(address) > EMAIL_MAX or "@" not in address or any(c.isspace() for c in address):
        message = _l("Write the e-mail address the person gave, e.g. namn@example.se.")
        raise InvalidInput(message, fields={"email": [str(message)]})
    return address


def address_hash(address: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _require_admin(user) -> None:
    if not can_administer(user):
        raise Forbidden()


def posts_for(user, address: str) -> list[Post]:
    """Every post given with this address, in every state and consultation, newest first."""
    _require_admin(user)
    return list(db.session.execute(
        select(Post).where(unicode_lower(Post.email) == address)
        .order_by(Post.created_at.desc(), Post.id.desc())
    ).scalars())


def _as_data(post: Post) -> dict:
    return {
        "id": post.id, "consultation": post.consultation.slug,
        "consultation_title": post.consultation.title, "parent_id": post.parent_id,
        "body": post.body, "alias": post.alias, "email": post.email,
        "email_consent": post.email_consent, "email_confirmed_at": iso(post.email_confirmed_at),
        "language": post.locale, "state": post.state.value,
        "channel": post.channel.value, "created_at": iso(post.created_at),
        "decided_at": iso(post.decided_at), "published_at": iso(post.published_at),
    }


def export_data(user, address: str) -> dict:
    """What Parkbänk holds tied to the address (article 15), as one JSON-ready dict; audited."""
    posts = posts_for(user, address)
    record(AuditAction.DATA_REQUEST_EXPORT, user=user, email_hash=address_hash(address),
           posts=len(posts))
    return {"email": address, "exported_at": iso(utcnow()), "posts": [_as_data(p) for p in posts]}


def erase_contact(user, address: str) -> int:
    """Erase the address and the consent to e-mail from every post given with it (article 17),
    with every unsent message to it; the posts' public text stays. Returns how many posts changed; audited."""
    _require_admin(user)
    changed = erase_address(address)  # and every unsent message to it
    record(AuditAction.DATA_REQUEST_ERASE, user=user, email_hash=address_hash(address), posts=changed)
    return changed

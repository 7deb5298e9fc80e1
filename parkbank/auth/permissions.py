"""Named permissions: the one place that says who may do what, on which consultation.

Every staff door (HTTP view, Socket.IO handler, command) asks one of these predicates; the
tests try each of them for every role, assigned and not assigned. A role says what kind of
work a staff member does; an assignment (auth.models.Assignment) says on which consultations.
Admins work on every consultation without one.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import select

from parkbank.auth.models import Assignment, Role
from parkbank.extensions import db

MODERATING_ROLES = frozenset({Role.ADMIN, Role.MODERATOR})
LEADING_ROLES = frozenset({Role.ADMIN, Role.PROJECT_LEADER})
# Only responders speak for the municipality (checklist 2): not even an admin signs for it.
RESPONDING_ROLES = frozenset({Role.RESPONDER})
ASSIGNABLE_ROLES = frozenset({Role.MODERATOR, Role.PROJECT_LEADER, Role.RESPONDER})


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return is_staff(user) and user.role is Role.ADMIN


def assigned_consultation_ids(user) -> frozenset[int]:
    """The consultations a staff member is assigned to, read once per request or socket event."""
    cache = g.setdefault("assigned_consultations", {}) if has_app_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(db.session.execute(
            select(Assignment.consultation_id).where(Assignment.user_id == user.id)).scalars())
    return cache[user.id]


def forget_assignments() -> None:
    """After assignments change within a request."""
    if has_app_context():
        g.pop("assigned_consultations", None)


def works_on(user, consultation) -> bool:
    """An admin works on every consultation; anyone else on those they are assigned to."""
    if not is_staff(user):
        return False
    return user.role is Role.ADMIN or consultation.id in assigned_consultation_ids(user)


def _may(roles, user, consultation) -> bool:
    if not (is_staff(user) and user.role in roles):
        return False
    return consultation is None or works_on(user, consultation)


def can_moderate(user, consultation=None) -> bool:
    """Approve, reject, withdraw, redact and mark posts, and handle reports. Without a
    consultation: whether the user moderates at all (may enter the moderation pages)."""
    return _may(MODERATING_ROLES, user, consultation)


def can_respond(user, consultation=None) -> bool:
    """Publish the municipality's official reply ("Kommunens svar")."""
    return _may(RESPONDING_ROLES, user, consultation)


def can_lead(user, consultation=None) -> bool:
    """A project leader's work on a consultation: its staff page, export, closing summary."""
    return _may(LEADING_ROLES, user, consultation)


def can_set_outcome(user, consultation=None) -> bool:
    """Set what became of an approved idea (parkbank.outcomes): those who lead the consultation
    (project leaders, admins) and those who answer for the municipality on it (responders). A
    moderator alone may not: deciding what is public is not deciding what the municipality does."""
    return can_lead(user, consultation) or can_respond(user, consultation)


def can_administer(user) -> bool:
    """Staff accounts, assignments, consultations, channels, retention, the audit trail, data
    requests and snapshots."""
    return is_admin(user)

"""Staff accounts: creation, authentication, passwords and the end of sessions."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.models import Assignment, Role, User, new_session_token
from parkbank.auth.passwords import password_problem
from parkbank.auth.permissions import ASSIGNABLE_ROLES, forget_assignments
from parkbank.database import insert_unless_exists
from parkbank.errors import InvalidInput
from parkbank.extensions import db
from parkbank.live import broadcast


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


@cache
def _dummy_hash() -> str:
    """A hash made like the real ones, checked when there is no account to check: an unknown or
    inactive address costs the same time as a known one, so timing does not tell which exist."""
    return generate_password_hash(new_session_token())


def authenticate(email: str, password: str) -> User | None:
    dummy = _dummy_hash()  # made before the lookup: the very first attempt tells nothing either
    user = find_user(email)
    if user is None or not user.active:
        check_password_hash(dummy, password)
        return None
    return user if user.check_password(password) else None


def _require_good_password(password: str, email: str, name: str) -> None:
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise InvalidInput(problem)


def create_user(*, email: str, name: str, role: Role, password: str, by=None) -> User:
    _require_good_password(password, email, name)
    if find_user(email) is not None:
        raise InvalidInput(_l("There is already an account with that e-mail address."))
    user = User(email=email.strip().lower(), name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(AuditAction.USER_CREATE, user=by, target=("user", user.id), email=user.email,
           name=user.name, role=user.role.value)
    return user


def end_sessions(user: User) -> None:
    """Log the user out everywhere: a new session token makes every session and remember-me
    cookie issued so far worthless, and after commit their open sockets are disconnected."""
    user.session_token = new_session_token()
    broadcast.disconnect_staff(user.id)


def set_password(user: User, password: str, by=None) -> None:
    """A new password also ends every login made with the old one."""
    _require_good_password(password, user.email, user.name)
    user.set_password(password)
    end_sessions(user)
    record(AuditAction.USER_PASSWORD, user=by, target=("user", user.id), email=user.email)


def deactivate_user(user: User, by=None) -> None:
    """The account can no longer log in, and its open sessions and sockets end now."""
    user.active = False
    end_sessions(user)
    record(AuditAction.USER_DEACTIVATE, user=by, target=("user", user.id), email=user.email)


def assign(user: User, consultation, by=None) -> bool:
    """Let a moderator, responder or project leader work on a consultation; True if new.
    Admins work on all consultations and are never assigned."""
    if user.role not in ASSIGNABLE_ROLES:
        raise InvalidInput(_l("Administrators work on every consultation; only moderators, "
                              "responders and project leaders are assigned."))
    added = insert_unless_exists(db.session, Assignment,
                                 {"user_id": user.id, "consultation_id": consultation.id},
                                 ["user_id", "consultation_id"]) is not None
    if added:
        forget_assignments()
        record(AuditAction.ASSIGNMENT_ADD, user=by, consultation_id=consultation.id,
               target=("user", user.id), name=user.name, role=user.role.value)
    return added


def unassign(user: User, consultation, by=None) -> bool:
    removed = db.session.execute(
        delete(Assignment).where(Assignment.user_id == user.id,
                                 Assignment.consultation_id == consultation.id)
    ).rowcount == 1
    if removed:
        forget_assignments()
        # An open queue of that consultation would go on receiving its pending posts: the user's
        # sockets end after commit and rejoin only what they still work on.
        broadcast.disconnect_staff(user.id)
        record(AuditAction.ASSIGNMENT_REMOVE, user=by, consultation_id=consultation.id,
               target=("user", user.id), name=user.name, role=user.role.value)
    return removed

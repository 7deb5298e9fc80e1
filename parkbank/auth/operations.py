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
from parkbank.consultations.models import Consultation
from parkbank.database import insert_unless_exists
from parkbank.errors import InvalidInput, NotFound
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
        raise InvalidInput(problem, fields={"password": [str(problem)]})


def _refuse(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})


def _check_details(email: str, name: str, title: str | None, user: User | None = None) -> None:
    if not name.strip():
        raise _refuse("name", _l("Enter the name."))
    if len(name.strip()) > 120 or len((title or "").strip()) > 120:
        raise _refuse("name" if len(name.strip()) > 120 else "title",
                      _l("At most %(max)s characters.", max=120))
    if "@" not in email.strip()[1:-1] or len(email.strip()) > 254:
        raise _refuse("email", _l("Enter an e-mail address such as name@kommun.se."))
    other = find_user(email)
    if other is not None and other is not user:
        raise _refuse("email", _l("There is already an account with that e-mail address."))


def create_user(*, email: str, name: str, role: Role, password: str, title: str | None = None,
                by=None) -> User:
    _check_details(email, name, title)
    _require_good_password(password, email, name)
    user = User(email=email.strip().lower(), name=name.strip(), role=role,
                title=(title or "").strip() or None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(AuditAction.USER_CREATE, user=by, target=("user", user.id), email=user.email,
           name=user.name, role=user.role.value, title=user.title)
    return user


def active_admins(*, lock: bool = False) -> int:
    """How many active admins there are; with `lock`, their rows stay locked until commit, so two
    admins removing each other at the same moment cannot both pass the last-admin check."""
    query = select(User.id).where(User.role == Role.ADMIN, User.active.is_(True))
    if lock:
        query = query.with_for_update()
    return len(db.session.execute(query).all())


def _keep_an_admin(user: User, by) -> None:
    """Nobody locks the administration out: an admin neither deactivates nor demotes themselves,
    and the last active admin stays one."""
    if by is not None and getattr(by, "id", None) == user.id:
        raise InvalidInput(_l("You cannot deactivate your own account or take away your own "
                              "administrator role. Ask another administrator."))
    if user.role is Role.ADMIN and user.active and active_admins(lock=True) <= 1:
        raise InvalidInput(_l("%(name)s is the last active administrator. Make someone else an "
                              "administrator first.", name=user.name))


def update_user(user: User, *, email: str, name: str, role: Role, title: str | None = None,
                by=None) -> list[str]:
    """Change a staff member's details and role; returns the fields that changed. A new e-mail
    address or role ends their sessions (what they may do has changed); someone who becomes an
    administrator works on every consultation, so their assignments go."""
    _check_details(email, name, title, user)
    values = {"email": email.strip().lower(), "name": name.strip(),
              "title": (title or "").strip() or None, "role": Role(role)}
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    if "role" in changed and user.role is Role.ADMIN:
        try:
            _keep_an_admin(user, by)
        except InvalidInput as error:
            raise _refuse("role", error.message) from error
    if not changed:
        return changed
    before = {field: _plain(getattr(user, field)) for field in changed}
    for field in changed:
        setattr(user, field, values[field])
    if "role" in changed and user.role not in ASSIGNABLE_ROLES:
        db.session.execute(delete(Assignment).where(Assignment.user_id == user.id))
        forget_assignments()
    if {"role", "email"} & set(changed):
        end_sessions(user)
    db.session.flush()
    record(AuditAction.USER_UPDATE, user=by, target=("user", user.id), changed=changed,
           before=before, after={field: _plain(values[field]) for field in changed})
    return changed


def _plain(value):
    return value.value if isinstance(value, Role) else value


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
    _keep_an_admin(user, by)
    user.active = False
    end_sessions(user)
    record(AuditAction.USER_DEACTIVATE, user=by, target=("user", user.id), email=user.email)


def reactivate_user(user: User, by=None) -> None:
    """The account may log in again, with its password as it was."""
    if user.active:
        return
    user.active = True
    record(AuditAction.USER_UPDATE, user=by, target=("user", user.id), email=user.email,
           changed=["active"], after={"active": True})


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


def staff_list() -> list[User]:
    """Every staff account, active first, by name."""
    return list(db.session.execute(
        select(User).order_by(User.active.desc(), func.lower(User.name), User.id)).scalars())


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def assignments_by_user() -> dict[int, set[int]]:
    """consultation ids per user id, in one query."""
    result: dict[int, set[int]] = {}
    for user_id, consultation_id in db.session.execute(
            select(Assignment.user_id, Assignment.consultation_id)):
        result.setdefault(user_id, set()).add(consultation_id)
    return result


def set_assignments(user: User, consultations, by=None) -> tuple[int, int]:
    """Make `consultations` exactly the ones the user works on; (added, removed)."""
    wanted = {c.id: c for c in consultations}
    have = assignments_by_user().get(user.id, set())
    added = sum(assign(user, c, by=by) for cid, c in wanted.items() if cid not in have)
    removed = sum(unassign(user, db.session.get(Consultation, cid), by=by)
                  for cid in have - wanted.keys())
    return added, removed


def set_consultation_staff(consultation, users, by=None) -> tuple[int, int]:
    """Make `users` exactly the active staff who work on the consultation; (added, removed).
    A deactivated account keeps its assignments: reactivated, it works on the same ones."""
    wanted = {u.id: u for u in users}
    active = set(db.session.execute(select(User.id).where(User.active.is_(True))).scalars())
    have = {uid for uid, cids in assignments_by_user().items()
            if consultation.id in cids and uid in active}
    added = sum(assign(u, consultation, by=by) for uid, u in wanted.items() if uid not in have)
    removed = sum(unassign(get_user(uid), consultation, by=by) for uid in have - wanted.keys())
    return added, removed

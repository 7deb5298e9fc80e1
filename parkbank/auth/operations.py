"""Staff accounts: creation and authentication."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from parkbank.auth.models import Role, User
from parkbank.errors import InvalidInput
from parkbank.extensions import db

MIN_PASSWORD = 10


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(*, email: str, name: str, role: Role, password: str) -> User:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_l("The password needs at least %(n)d characters.", n=MIN_PASSWORD))
    if find_user(email) is not None:
        raise InvalidInput(_l("There is already an account with that e-mail address."))
    user = User(email=email.strip().lower(), name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_l("The password needs at least %(n)d characters.", n=MIN_PASSWORD))
    user.set_password(password)

"""The doors' one way to let staff in: the anonymous are asked to log in (JSON: 401), staff who
may not are refused (403). The permission itself is always a predicate of auth/permissions.py."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_login import current_user

from parkbank.errors import Forbidden
from parkbank.extensions import login_manager
from parkbank.http import error_response, wants_json


def require(predicate: Callable[..., bool], *args):
    """None if the current user may (`predicate(user, *args)`), else the answer to give: a login
    redirect or 401 for the anonymous; Forbidden is raised for staff who may not."""
    if not current_user.is_authenticated:
        if wants_json():
            return error_response(401, _("Please log in."), "unauthorized")
        return login_manager.unauthorized()
    if not predicate(current_user, *args):
        raise Forbidden()
    return None


def guard(predicate: Callable[..., bool]) -> Callable[[], object]:
    """A blueprint's before_request that lets in only those the predicate allows."""
    def check():
        return require(predicate)
    check.__name__ = f"require_{predicate.__name__}"
    return check

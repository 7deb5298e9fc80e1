"""Named permissions: the one place that says which role may do what.

Every staff door (HTTP view, Socket.IO handler, command) asks one of these predicates; the
tests check each of them for every role.
"""

from __future__ import annotations

from parkbank.auth.models import Role

MODERATING_ROLES = frozenset({Role.ADMIN, Role.MODERATOR})


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_moderate(user, consultation=None) -> bool:
    """Approve, reject and withdraw posts of a consultation (all consultations for now)."""
    return is_staff(user) and user.role in MODERATING_ROLES

"""Every named permission, for every role, assigned and not, deactivated, and anonymous."""

import pytest
from flask_login import AnonymousUserMixin

from parkbank.auth.models import Role, User
from parkbank.auth.permissions import (
    assigned_consultation_ids,
    can_administer,
    can_lead,
    can_moderate,
    can_respond,
    is_admin,
    is_staff,
    works_on,
)
from parkbank.consultations.models import Consultation
from parkbank.extensions import db

A, M, P, R = Role.ADMIN, Role.MODERATOR, Role.PROJECT_LEADER, Role.RESPONDER
# What each role may do on a consultation it works on (admins: every one).
MAY = {
    can_moderate: {A, M},
    can_respond: {R},
    can_lead: {A, P},
}


@pytest.fixture
def other(make_consultation):
    return make_consultation(slug="en-annan", title="En annan")


def load(user, consultation, other):
    return (db.session.get(User, user.id), db.session.get(Consultation, consultation.id),
            db.session.get(Consultation, other.id))


def assigned_only_to_first(app, make_user, role, consultation, other):
    """A user of `role` assigned to `consultation` but not to `other`."""
    user = make_user(role, assigned=False)
    with app.app_context():
        from parkbank.auth.operations import assign

        u, c, _ = load(user, consultation, other)
        if role is not Role.ADMIN:
            assign(u, c)
        db.session.commit()
    return user


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("predicate", list(MAY))
def test_on_a_consultation_each_role_may_what_its_role_allows_where_it_works(
        app, make_user, consultation, other, role, predicate):
    user = assigned_only_to_first(app, make_user, role, consultation, other)
    with app.test_request_context():
        u, assigned, not_assigned = load(user, consultation, other)
        assert predicate(u, assigned) is (role in MAY[predicate])
        # Not assigned: only an admin still may (admins work on every consultation).
        assert predicate(u, not_assigned) is (role in MAY[predicate] and role is Role.ADMIN)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("predicate", list(MAY))
def test_without_a_consultation_the_role_alone_decides(app, make_user, role, predicate):
    user = make_user(role, assigned=False)
    with app.test_request_context():
        assert predicate(db.session.get(User, user.id)) is (role in MAY[predicate])


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_administer(app, make_user, role):
    user = make_user(role)
    with app.test_request_context():
        u = db.session.get(User, user.id)
        assert can_administer(u) is is_admin(u) is (role is Role.ADMIN)
        assert is_staff(u)


@pytest.mark.parametrize("role", list(Role))
def test_works_on_assigned_consultations_and_admins_on_all(app, make_user, consultation, other, role):
    user = assigned_only_to_first(app, make_user, role, consultation, other)
    with app.test_request_context():
        u, assigned, not_assigned = load(user, consultation, other)
        assert works_on(u, assigned)
        assert works_on(u, not_assigned) is (role is Role.ADMIN)


@pytest.mark.parametrize("role", list(Role))
def test_a_deactivated_account_may_nothing(app, make_user, consultation, role):
    make_user(Role.ADMIN)  # the last active admin cannot be deactivated
    user = make_user(role)
    with app.test_request_context():
        from parkbank.auth.operations import deactivate_user

        u = db.session.get(User, user.id)
        deactivate_user(u)
        db.session.commit()
        c = db.session.get(Consultation, consultation.id)
        assert not is_staff(u) and not works_on(u, c)
        for predicate in MAY:
            assert not predicate(u) and not predicate(u, c)
        assert not can_administer(u)


@pytest.mark.parametrize("anonymous", [None, AnonymousUserMixin()], ids=["none", "anonymous"])
def test_nobody_logged_in_may_nothing(app, consultation, anonymous):
    with app.test_request_context():
        c = db.session.get(Consultation, consultation.id)
        assert not is_staff(anonymous) and not works_on(anonymous, c)
        for predicate in MAY:
            assert not predicate(anonymous) and not predicate(anonymous, c)
        assert not can_administer(anonymous)


def test_assignments_are_read_once_per_request_and_forgotten_when_they_change(app, make_user,
                                                                             consultation, other):
    user = assigned_only_to_first(app, make_user, Role.MODERATOR, consultation, other)
    with app.test_request_context():
        from parkbank.auth.operations import assign, unassign

        u, c, o = load(user, consultation, other)
        assert assigned_consultation_ids(u) == {c.id}
        assign(u, o)
        assert can_moderate(u, o)  # the operation forgot the request's cached assignments
        unassign(u, c)
        assert not can_moderate(u, c) and assigned_consultation_ids(u) == {o.id}
        db.session.rollback()


def test_admins_are_never_assigned(app, make_user, consultation):
    from parkbank.errors import InvalidInput

    admin = make_user(Role.ADMIN)
    with app.test_request_context():
        from parkbank.auth.operations import assign

        with pytest.raises(InvalidInput):
            assign(db.session.get(User, admin.id), db.session.get(Consultation, consultation.id))

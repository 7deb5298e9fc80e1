"""Staff accounts in the administration: create, edit, assign, reset password, deactivate and
reactivate; the administration is never left without an admin; everything is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Assignment, Role, User
from parkbank.extensions import db
from tests.helpers import PASSWORD, csrf_token, login

NEW_PASSWORD = "lingon vandrar sakta hem"


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN, name="Ada Admin")
    login(client, user)
    return user


def token(client, path="/admin/personal/ny") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def user_by_email(app, email) -> User:
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        db.session.expunge(user)
        return user


def audit(app, action) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.execute(
            select(AuditEntry).where(AuditEntry.action == action.value)).scalars())


def test_admin_creates_an_account_with_title_and_role(app, client, admin):
    response = client.post("/admin/personal/ny", data={
        "csrf_token": token(client), "name": "Karin Kultur", "email": "Karin@Exempelby.se",
        "title": "Kulturchef", "role": "responder", "password": NEW_PASSWORD})
    assert response.status_code == 303
    karin = user_by_email(app, "karin@exempelby.se")
    assert (karin.name, karin.title, karin.role) == ("Karin Kultur", "Kulturchef", Role.RESPONDER)
    assert response.headers["Location"] == f"/admin/personal/{karin.id}"
    [entry] = [e for e in audit(app, AuditAction.USER_CREATE) if e.target_id == karin.id]
    assert entry.actor_id == admin.id and entry.details["title"] == "Kulturchef"
    listing = client.get("/admin/personal").get_data(as_text=True)
    assert "Karin Kultur" in listing and "Kulturchef" in listing and "Svarar för kommunen" in listing


def test_a_weak_password_keeps_what_was_typed_and_says_why(app, client, admin):
    response = client.post("/admin/personal/ny", data={
        "csrf_token": token(client), "name": "Karin Kultur", "email": "karin@exempelby.se",
        "title": "Kulturchef", "role": "moderator", "password": "sommar2026"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Karin Kultur"' in page and 'value="Kulturchef"' in page
    assert 'aria-describedby="password-hint password-error"' in page and "för lätt att gissa" in page
    assert 'href="#password"' in page  # the error summary leads to the field
    with app.app_context():
        assert db.session.execute(select(User).where(User.name == "Karin Kultur")).first() is None


def test_a_taken_address_is_refused_on_its_field(client, admin, moderator):
    response = client.post("/admin/personal/ny", data={
        "csrf_token": token(client), "name": "Dubbel", "email": moderator.email.upper(),
        "role": "moderator", "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert 'aria-describedby="email-error"' in response.get_data(as_text=True)


def test_admin_edits_name_title_and_role_and_their_sessions_end(app, client, admin, make_user):
    other = make_user(Role.MODERATOR, name="Mats")
    colleague = app.test_client()
    login(colleague, other)
    path = f"/admin/personal/{other.id}"
    response = client.post(path, data={"csrf_token": token(client, path), "name": "Mats Svar",
                                       "email": other.email, "title": "Kommunikatör",
                                       "role": "responder"})
    assert response.status_code == 303
    changed = user_by_email(app, other.email)
    assert (changed.name, changed.title, changed.role) == ("Mats Svar", "Kommunikatör", Role.RESPONDER)
    [entry] = audit(app, AuditAction.USER_UPDATE)
    assert entry.details["changed"] == ["name", "title", "role"]
    assert entry.details["before"]["role"] == "moderator" and entry.details["after"]["role"] == "responder"
    assert colleague.get("/personal").status_code == 302  # a new role: log in again


def test_becoming_an_admin_removes_the_assignments(app, client, admin, make_user, consultation):
    other = make_user(Role.MODERATOR)
    path = f"/admin/personal/{other.id}"
    client.post(path, data={"csrf_token": token(client, path), "name": other.name,
                            "email": other.email, "role": "admin"})
    with app.app_context():
        assert db.session.execute(select(Assignment).where(Assignment.user_id == other.id)).first() is None
    assert "Administratörer arbetar med alla samråd" in client.get(path).get_data(as_text=True)


def test_assignments_from_the_users_page(app, client, admin, make_user, make_consultation):
    first, second = make_consultation("forsta"), make_consultation("andra")
    other = make_user(Role.PROJECT_LEADER, assigned=False)
    path = f"/admin/personal/{other.id}"
    page = client.get(path).get_data(as_text=True)
    assert 'type="checkbox"' in page
    response = client.post(f"{path}/samrad", data={"csrf_token": token(client, path),
                                                   "consultations": [str(first.id), str(second.id)]})
    assert response.status_code == 303
    client.post(f"{path}/samrad", data={"csrf_token": token(client, path),
                                        "consultations": [str(second.id)]})
    with app.app_context():
        held = db.session.execute(select(Assignment.consultation_id)
                                  .where(Assignment.user_id == other.id)).scalars().all()
    assert held == [second.id]
    assert len(audit(app, AuditAction.ASSIGNMENT_ADD)) == 2
    assert len(audit(app, AuditAction.ASSIGNMENT_REMOVE)) == 1


def test_an_unknown_consultation_is_refused(client, admin, make_user):
    other = make_user(Role.MODERATOR, assigned=False)
    path = f"/admin/personal/{other.id}"
    response = client.post(f"{path}/samrad", data={"csrf_token": token(client, path),
                                                   "consultations": ["999"]})
    assert response.status_code == 400


def test_reset_password_ends_their_logins(app, client, admin, make_user):
    other = make_user(Role.MODERATOR)
    colleague = app.test_client()
    login(colleague, other)
    path = f"/admin/personal/{other.id}"
    response = client.post(f"{path}/losenord", data={"csrf_token": token(client, path),
                                                     "password": NEW_PASSWORD})
    assert response.status_code == 303
    assert colleague.get("/personal").status_code == 302
    assert user_by_email(app, other.email).check_password(NEW_PASSWORD)
    [entry] = audit(app, AuditAction.USER_PASSWORD)
    assert entry.actor_id == admin.id


def test_reset_to_a_weak_password_is_refused(app, client, admin, make_user):
    other = make_user(Role.MODERATOR)
    path = f"/admin/personal/{other.id}"
    response = client.post(f"{path}/losenord", data={"csrf_token": token(client, path),
                                                     "password": "kort"})
    assert response.status_code == 400
    assert "minst 10 tecken" in response.get_data(as_text=True)
    assert user_by_email(app, other.email).check_password(PASSWORD)


def test_deactivate_and_reactivate(app, client, admin, make_user):
    other = make_user(Role.RESPONDER)
    colleague = app.test_client()
    login(colleague, other)
    path = f"/admin/personal/{other.id}"
    assert client.post(f"{path}/avaktivera", data={"csrf_token": token(client, path)}).status_code == 303
    assert not user_by_email(app, other.email).active
    assert colleague.get("/personal").status_code == 302
    assert "Nej, avaktiverat" in client.get("/admin/personal").get_data(as_text=True)
    assert client.post(f"{path}/aktivera", data={"csrf_token": token(client, path)}).status_code == 303
    assert user_by_email(app, other.email).active
    login(colleague, other)
    assert [e.details.get("changed") for e in audit(app, AuditAction.USER_UPDATE)] == [["active"]]
    assert len(audit(app, AuditAction.USER_DEACTIVATE)) == 1


def test_an_admin_cannot_deactivate_themselves(app, client, admin, make_user):
    make_user(Role.ADMIN)  # not the last one: still refused
    path = f"/admin/personal/{admin.id}"
    response = client.post(f"{path}/avaktivera", data={"csrf_token": token(client, path)},
                           follow_redirects=True)
    assert "Du kan inte avaktivera ditt eget konto" in response.get_data(as_text=True)
    assert user_by_email(app, admin.email).active


def test_the_last_active_admin_stays_an_admin(app, client, admin, make_user):
    other_admin = make_user(Role.ADMIN, name="Bo Admin")
    path = f"/admin/personal/{other_admin.id}"
    assert client.post(f"{path}/avaktivera", data={"csrf_token": token(client, path)}).status_code == 303
    # Ada is now the only active admin: she cannot demote herself…
    own = f"/admin/personal/{admin.id}"
    response = client.post(own, data={"csrf_token": token(client, own), "name": admin.name,
                                      "email": admin.email, "role": "moderator"})
    assert response.status_code == 400
    assert user_by_email(app, admin.email).role is Role.ADMIN
    # …and the command line cannot deactivate her either.
    result = app.test_cli_runner().invoke(args=["deactivate-user", "--email", admin.email])
    assert result.exit_code != 0 and "sista aktiva administratören" in result.output

"""A person's data request: find by e-mail address, export, erase the contact details; the posts'
text stays and the trail never holds the address."""

import json

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role, User
from parkbank.extensions import db
from parkbank.posts.models import Post
from parkbank.privacy.operations import checked_address, erase_contact, posts_for
from tests.helpers import csrf_token, login

ADDRESS = "Anna.Andersson@Example.se"


@pytest.fixture
def posts(make_consultation, make_post):
    first, second = make_consultation("forsta"), make_consultation("andra")
    return [
        make_post(first, "Publicerad idé", state="approved", email=ADDRESS, consent=True),
        make_post(second, "Avvisad idé", state="rejected", email="anna.andersson@example.se", consent=True),
        make_post(second, "Väntande idé", email=ADDRESS, consent=True),
        make_post(second, "Någon annans", state="approved", email="bo@example.se", consent=True),
    ]


@pytest.fixture
def admin_client(app, make_user):
    client = app.test_client()
    login(client, make_user(Role.ADMIN))
    return client


def send(client, path, **data):
    token = csrf_token(client.get("/admin/personuppgifter").get_data(as_text=True))
    return client.post(f"/admin/personuppgifter{path}", data={"csrf_token": token, **data})


def test_finding_lists_every_post_in_every_state_and_consultation(admin_client, posts):
    page = send(admin_client, "", email=" anna.andersson@EXAMPLE.se ").get_data(as_text=True)
    for text in ("Publicerad idé", "Avvisad idé", "Väntande idé"):
        assert text in page
    assert "Någon annans" not in page


def test_a_bad_address_keeps_what_was_typed(admin_client):
    response = send(admin_client, "", email="inte en adress")
    assert response.status_code == 400 and 'value="inte en adress"' in response.get_data(as_text=True)


def test_export_is_json_and_audited_without_the_address(app, admin_client, posts):
    response = send(admin_client, "/export", email=ADDRESS)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert sorted(p["body"] for p in data["posts"]) == ["Avvisad idé", "Publicerad idé", "Väntande idé"]
    assert {p["consultation"] for p in data["posts"]} == {"forsta", "andra"}
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.DATA_REQUEST_EXPORT.value)).scalar_one()
        assert entry.details["posts"] == 3 and "example" not in json.dumps(entry.details).lower()


def test_erasing_asks_first_then_clears_contact_details_and_keeps_the_text(app, admin_client, posts):
    confirm = send(admin_client, "/radera", email=ADDRESS)
    assert confirm.status_code == 200 and 'name="confirm" value="yes"' in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Post, posts[0]).email == ADDRESS  # nothing yet
    done = send(admin_client, "/radera", email=ADDRESS, confirm="yes")
    assert done.status_code == 303
    with app.app_context():
        rows = [db.session.get(Post, i) for i in posts]
        assert [(p.email, p.email_consent) for p in rows[:3]] == [(None, False)] * 3
        assert rows[0].body == "Publicerad idé" and rows[3].email == "bo@example.se"
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.DATA_REQUEST_ERASE.value)).scalar_one()
        assert entry.details["posts"] == 3 and "example" not in json.dumps(entry.details).lower()
    erased = admin_client.get("/admin/personuppgifter").get_data(as_text=True)
    assert "raderades från 3 inlägg" in erased


@pytest.mark.parametrize("role,assigned", [
    (Role.MODERATOR, True), (Role.MODERATOR, False), (Role.PROJECT_LEADER, True), (Role.RESPONDER, True),
])
def test_only_admins_handle_data_requests(app, consultation, posts, make_user, role, assigned):
    client = app.test_client()
    login(client, make_user(role, assigned=assigned))
    assert client.get("/admin/personuppgifter").status_code == 403
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    for path in ("", "/export", "/radera"):
        response = client.post(f"/admin/personuppgifter{path}",
                               data={"csrf_token": token, "email": ADDRESS, "confirm": "yes"})
        assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Post, posts[0]).email == ADDRESS


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/admin/personuppgifter").status_code == 302


def test_an_address_with_capital_swedish_letters_is_found_and_erased(app, consultation, make_user, make_post):
    admin = make_user(Role.ADMIN)
    post_id = make_post(consultation, "En idé", email="Åsa.Öberg@exempel.se", consent=True)
    with app.app_context():
        user = db.session.get(User, admin.id)
        address = checked_address("Åsa.Öberg@exempel.se")
        assert [p.id for p in posts_for(user, address)] == [post_id]
        assert erase_contact(user, address) == 1

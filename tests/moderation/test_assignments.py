"""Moderators work on the consultations assigned to them, admins on all: every moderation door
(pages, decisions, the queue's socket) asks can_moderate(user, consultation)."""

import pytest
from sqlalchemy import select

from parkbank.auth.models import Assignment, Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from tests.helpers import csrf_token, events, login

JSON = {"Accept": "application/json"}


@pytest.fixture
def theirs(make_consultation):
    """A consultation the unassigned moderator does not work on."""
    return make_consultation(slug="deras", title="Någon annans samråd")


@pytest.fixture
def outsider(make_user):
    return make_user(Role.MODERATOR, name="Otto Utanför", assigned=False)


def assign(app, user, consultation, undo=False):
    from parkbank.auth.operations import assign as assign_op
    from parkbank.auth.operations import unassign

    with app.app_context():
        (unassign if undo else assign_op)(db.session.get(User, user.id),
                                          db.session.get(Consultation, consultation.id))
        db.session.commit()


def state_of(app, post_id):
    with app.app_context():
        return db.session.get(Post, post_id).state


def a_token(client):
    return csrf_token(client.get("/moderering/").get_data(as_text=True))


def test_an_unassigned_moderator_cannot_open_the_queue(client, theirs, outsider):
    login(client, outsider)
    assert client.get(f"/moderering/{theirs.slug}").status_code == 403


def test_an_unassigned_moderator_cannot_open_a_decision_page(client, theirs, outsider, make_post):
    post_id = make_post(theirs)
    login(client, outsider)
    assert client.get(f"/moderering/inlagg/{post_id}/beslut").status_code == 403
    assert client.get(f"/moderering/inlagg/{post_id}/beslut?action=approve").status_code == 403


@pytest.mark.parametrize("headers", [{}, JSON], ids=["html", "json"])
@pytest.mark.parametrize("action, state, reason", [
    ("approve", "pending", None), ("reject", "pending", "spam"), ("withdraw", "approved", "spam")])
def test_an_unassigned_moderator_cannot_decide(app, client, theirs, outsider, make_post, headers,
                                               action, state, reason):
    post_id = make_post(theirs, state=state)
    login(client, outsider)
    data = {"action": action, "csrf_token": a_token(client), **({"reason": reason} if reason else {})}
    response = client.post(f"/moderering/inlagg/{post_id}/beslut", data=data, headers=headers)
    assert response.status_code == 403
    if headers:
        assert response.json["error"] == "forbidden"
    assert state_of(app, post_id) == PostState(state)


def test_an_unassigned_moderator_cannot_join_the_queue(client, socket_for, theirs, outsider, make_post):
    make_post(theirs, "Väntar på någon annan")
    login(client, outsider)
    sock = socket_for(client)
    ack = sock.emit("join_queue", {"consultation": theirs.slug}, callback=True)
    assert ack == {"ok": False, "error": "forbidden"}
    make_post(theirs, "Kommer inte hit")
    assert events(sock, "post_submitted") == []


def test_the_overview_lists_only_assigned_consultations(app, client, consultation, theirs, outsider):
    assign(app, outsider, consultation)
    login(client, outsider)
    page = client.get("/moderering/").get_data(as_text=True)
    assert f'href="/moderering/{consultation.slug}"' in page
    assert f'href="/moderering/{theirs.slug}"' not in page and "Någon annans samråd" not in page


def test_once_assigned_the_moderator_works_on_it(app, client, socket_for, theirs, outsider, make_post):
    post_id = make_post(theirs)
    assign(app, outsider, theirs)
    login(client, outsider)
    assert client.get(f"/moderering/{theirs.slug}").status_code == 200
    assert client.get(f"/moderering/inlagg/{post_id}/beslut").status_code == 200
    ack = socket_for(client).emit("join_queue", {"consultation": theirs.slug}, callback=True)
    assert ack["ok"] and [p["id"] for p in ack["pending"]] == [post_id]
    response = client.post(f"/moderering/inlagg/{post_id}/beslut", headers=JSON,
                           data={"action": "approve", "csrf_token": a_token(client)})
    assert response.status_code == 200 and state_of(app, post_id) == PostState.APPROVED


def test_unassigned_again_the_moderator_is_refused_and_their_open_queue_is_closed(
        app, client, socket_for, theirs, outsider, make_post):
    assign(app, outsider, theirs)
    login(client, outsider)
    sock = socket_for(client)
    assert sock.emit("join_queue", {"consultation": theirs.slug}, callback=True)["ok"]
    assign(app, outsider, theirs, undo=True)
    # Its pending posts (personal data included) no longer reach that screen.
    assert not sock.is_connected()
    assert client.get(f"/moderering/{theirs.slug}").status_code == 403
    again = socket_for(client)
    assert again.emit("join_queue", {"consultation": theirs.slug}, callback=True)["error"] == "forbidden"


def test_admins_work_on_every_consultation_without_an_assignment(app, client, socket_for, consultation,
                                                                 theirs, make_user, make_post):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    post_id = make_post(theirs)
    with app.app_context():
        assert db.session.execute(select(Assignment).where(Assignment.user_id == admin.id)).first() is None
    login(client, admin)
    overview = client.get("/moderering/").get_data(as_text=True)
    assert f'href="/moderering/{consultation.slug}"' in overview
    assert f'href="/moderering/{theirs.slug}"' in overview
    assert client.get(f"/moderering/inlagg/{post_id}/beslut").status_code == 200
    assert socket_for(client).emit("join_queue", {"consultation": theirs.slug}, callback=True)["ok"]
    response = client.post(f"/moderering/inlagg/{post_id}/beslut", headers=JSON,
                           data={"action": "reject", "reason": "spam", "csrf_token": a_token(client)})
    assert response.status_code == 200 and state_of(app, post_id) == PostState.REJECTED


@pytest.mark.parametrize("role", [Role.PROJECT_LEADER, Role.RESPONDER])
def test_other_roles_assigned_still_do_not_moderate(client, socket_for, consultation, make_user, role):
    login(client, make_user(role))  # assigned to the consultation
    assert client.get(f"/moderering/{consultation.slug}").status_code == 403
    ack = socket_for(client).emit("join_queue", {"consultation": consultation.slug}, callback=True)
    assert ack == {"ok": False, "error": "forbidden"}


def test_assign_and_unassign_commands(app, runner, client, theirs, outsider):
    args = ["--email", outsider.email.upper(), "--consultation", theirs.slug]
    result = runner.invoke(args=["assign", *args])
    assert result.exit_code == 0 and f"now works on /samrad/{theirs.slug}" in result.output
    assert "already works on" in runner.invoke(args=["assign", *args]).output
    login(client, outsider)
    assert client.get(f"/moderering/{theirs.slug}").status_code == 200
    result = runner.invoke(args=["unassign", *args])
    assert result.exit_code == 0 and "no longer works on" in result.output
    assert "was not assigned" in runner.invoke(args=["unassign", *args]).output
    assert client.get(f"/moderering/{theirs.slug}").status_code == 403


@pytest.mark.parametrize("args, message", [
    (["--email", "ingen@kommun.example", "--consultation", "deras"], "There is no staff account"),
    (["--email", "{admin}", "--consultation", "deras"], "Administratörer arbetar med alla samråd"),
    (["--email", "{outsider}", "--consultation", "finns-inte"], "There is no consultation finns-inte"),
])
def test_the_assign_command_explains_what_it_cannot_do(app, runner, theirs, outsider, make_user, args,
                                                       message):
    admin = make_user(Role.ADMIN)
    args = [a.format(admin=admin.email, outsider=outsider.email) for a in args]
    result = runner.invoke(args=["assign", *args])
    assert result.exit_code != 0 and message in result.output
    with app.app_context():
        assert db.session.execute(select(Assignment)).first() is None

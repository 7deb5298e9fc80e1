"""A moderator marks a post as a politician's personal view: shown everywhere with the
disclaimer, logged, and told live to open boards."""

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditEntry
from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.posts.models import Post
from tests.helpers import csrf_token, events, login

JSON = {"Accept": "application/json"}
DISCLAIMER = "Politikerns personliga åsikt – inte kommunens ståndpunkt"


def mark(client, post_id, on="1", headers=JSON):
    token = csrf_token(client.get("/logga-in").get_data(as_text=True))
    return client.post(f"/moderering/inlagg/{post_id}/politiker", headers=headers,
                       data={"on": on, "csrf_token": token})


def test_a_published_post_is_marked_logged_and_told_live(app, client, socket_for, consultation,
                                                         moderator, make_post):
    post = make_post(consultation, "Min åsikt som politiker", state="approved")
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": 1}, callback=True)
    login(client, moderator)
    response = mark(client, post)
    assert response.status_code == 200 and response.json == {"id": post, "politician_view": True}
    [updated] = events(board, "post_updated")
    assert updated["post"]["id"] == post and updated["post"]["politician_view"] is True
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    visible = page[:page.index("<template")]
    assert DISCLAIMER in visible and 'data-field="politician_view">' in visible
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json
    assert data["posts"][0]["politician_view"] is True
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "post.politician_view")).scalar_one()
        assert entry.actor_id == moderator.id and entry.details == {"on": True}


def test_unmarking_takes_the_disclaimer_away(app, client, consultation, moderator, make_post):
    post = make_post(consultation, state="approved")
    login(client, moderator)
    mark(client, post)
    assert mark(client, post, on="0").json["politician_view"] is False
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert 'data-field="politician_view" hidden>' in page[:page.index("<template")]


def test_setting_the_mark_it_has_changes_nothing(app, client, consultation, moderator, make_post):
    post = make_post(consultation, state="approved")
    login(client, moderator)
    mark(client, post)
    mark(client, post)
    with app.app_context():
        assert len(db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "post.politician_view")).all()) == 1


def test_a_pending_post_is_marked_quietly_and_the_queue_shows_it(client, socket_for, consultation,
                                                                 moderator, make_post):
    post = make_post(consultation, "Väntande politiker")
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug}, callback=True)
    login(client, moderator)
    assert mark(client, post).status_code == 200
    assert events(board, "post_updated") == []
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    item = page[page.index(f'id="ko-{post}"'):page.index('id="queue-empty"')]
    assert DISCLAIMER in item and 'aria-pressed="true"' in item


def test_without_script_the_queue_comes_back(client, consultation, moderator, make_post):
    post = make_post(consultation)
    login(client, moderator)
    response = mark(client, post, headers={})
    assert response.status_code == 303 and f"#ko-{post}" in response.headers["Location"]


@pytest.mark.parametrize("state", ["rejected", "withdrawn"])
def test_a_decided_post_out_of_sight_is_not_marked(client, consultation, moderator, make_post,
                                                   state):
    post = make_post(consultation, state=state)
    login(client, moderator)
    assert mark(client, post).status_code == 400


@pytest.mark.parametrize("role,assigned,status", [
    (Role.ADMIN, True, 200), (Role.MODERATOR, True, 200), (Role.MODERATOR, False, 403),
    (Role.RESPONDER, True, 403), (Role.PROJECT_LEADER, True, 403),
])
def test_only_the_consultations_moderators_mark(app, client, consultation, make_user, make_post,
                                                role, assigned, status):
    post = make_post(consultation, state="approved")
    login(client, make_user(role, assigned=assigned))
    assert mark(client, post).status_code == status
    with app.app_context():
        assert db.session.get(Post, post).politician_view is (status == 200)


def test_anonymous_is_refused(client, consultation, make_post):
    post = make_post(consultation, state="approved")
    assert mark(client, post).status_code == 401


def test_other_open_queues_are_told(app, client, socket_for, consultation, moderator, make_user,
                                    make_post):
    post = make_post(consultation)
    other = app.test_client()
    login(other, make_user(Role.MODERATOR, name="Nils"))
    queue = socket_for(other)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    login(client, moderator)
    mark(client, post)
    assert events(queue, "post_marked") == [
        {"id": post, "politician_view": True, "marked_by": "Maria Moderator"}]

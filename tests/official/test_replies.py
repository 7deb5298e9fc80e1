"""Only responders assigned to the consultation publish "Kommunens svar": at once, logged, live,
signed as published, and distinct on every screen and in open data."""

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditEntry
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from parkbank.posts.models import Post, PostState
from tests.helpers import csrf_token, decide, events, login

JSON = {"Accept": "application/json"}


def reply_url(c, post_id):
    return f"/samrad/{c.slug}/inlagg/{post_id}/svar"


def token(client, c):
    return csrf_token(client.get(f"/samrad/{c.slug}").get_data(as_text=True))


@pytest.fixture
def responder(make_user):
    return make_user(Role.RESPONDER, name="Eva Svensson")


@pytest.fixture
def board(make_consultation):
    return make_consultation(department="Kultur- och fritidsförvaltningen")


def answer(client, c, post_id, body="Tack, vi tittar på det.", headers=JSON):
    return client.post(reply_url(c, post_id), headers=headers,
                       data={"body": body, "csrf_token": token(client, c)})


def test_an_assigned_responder_publishes_at_once_signed_with_name_role_and_department(
        app, client, board, responder, make_post):
    idea = make_post(board, "Längre öppettider", state="approved")
    login(client, responder)
    response = answer(client, board, idea)
    assert response.status_code == 201
    body = response.json
    assert body["parent_id"] == idea and body["status"] == "approved"
    assert body["official"] == {"name": "Eva Svensson",
                                "title": "Svarar för kommunen, Kultur- och fritidsförvaltningen"}
    with app.app_context():
        post = db.session.get(Post, body["id"])
        assert post.state is PostState.APPROVED and post.published_at is not None
        assert post.official_by_id == responder.id and post.alias is None
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "reply.official")).scalars().one()
        assert entry.action == "reply.official" and entry.actor_id == responder.id
        assert (entry.target_type, entry.target_id) == ("post", post.id)


def test_the_signature_is_kept_as_published_after_a_rename(app, client, board, responder,
                                                           make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    answer(client, board, idea)
    with app.app_context():
        db.session.get(User, responder.id).name = "Eva Andersson"
        db.session.get(Consultation, board.id).department = "Annan förvaltning"
        db.session.commit()
    data = client.get(f"/api/v1/consultations/{board.slug}/posts").json["posts"]
    assert data[1]["official"] == {"name": "Eva Svensson",
                                   "title": "Svarar för kommunen, Kultur- och fritidsförvaltningen"}


def test_a_reply_to_a_reply_hangs_under_its_idea(client, board, responder, make_post):
    idea = make_post(board, state="approved")
    citizen_reply = make_post(board, "Håller med", state="approved", parent_id=idea)
    login(client, responder)
    assert answer(client, board, citizen_reply).json["parent_id"] == idea


@pytest.mark.parametrize("state", ["pending", "rejected", "withdrawn"])
def test_only_a_published_post_can_be_answered(client, board, responder, make_post, state):
    post = make_post(board, state=state)
    login(client, responder)
    assert answer(client, board, post).status_code == 404


def test_the_body_goes_through_the_same_checks_and_sanitiser(client, board, responder, make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    assert answer(client, board, idea, body="   ").status_code == 400
    assert answer(client, board, idea, body="x" * 2001).json["fields"]["body"]
    html = answer(client, board, idea, body="<script>alert(1)</script> Kommunen svarar").json
    page = client.get(f"/samrad/{board.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page and html["status"] == "approved"


@pytest.mark.parametrize("role,assigned", [
    (Role.ADMIN, True), (Role.MODERATOR, True), (Role.PROJECT_LEADER, True),
    (Role.RESPONDER, False),
])
def test_nobody_else_speaks_for_the_municipality(app, client, board, make_user, make_post, role,
                                                 assigned):
    idea = make_post(board, state="approved")
    login(client, make_user(role, assigned=assigned))
    assert answer(client, board, idea).status_code == 403
    assert answer(client, board, idea, headers={}).status_code == 403
    with app.app_context():
        assert db.session.execute(select(Post).where(Post.official_name.is_not(None))).first() is None


def test_anonymous_gets_401_as_json_and_403_as_a_page(client, board, make_post):
    idea = make_post(board, state="approved")
    assert answer(client, board, idea).status_code == 401
    assert answer(client, board, idea, headers={}).status_code == 403


def test_without_script_the_responder_lands_on_the_reply(client, board, responder, make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    response = answer(client, board, idea, headers={})
    assert response.status_code == 303 and "#inlagg-" in response.headers["Location"]


def test_every_open_board_gets_it_live(client, socket_for, board, responder, make_post):
    idea = make_post(board, state="approved")
    sock = socket_for()
    sock.emit("join_board", {"consultation": board.slug}, callback=True)
    login(client, responder)
    answer(client, board, idea, body="Vi utreder det.")
    [published] = events(sock, "post_published")
    assert published["post"]["official"]["name"] == "Eva Svensson"
    assert published["post"]["parent_id"] == idea and published["post"]["body"] == "Vi utreder det."


def test_the_board_shows_it_as_the_municipalitys_reply(client, board, responder, make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    answer(client, board, idea, body="Vi utreder det.")
    client.post("/logga-ut", data={"csrf_token": token(client, board)})
    page = client.get(f"/samrad/{board.slug}").get_data(as_text=True)
    visible = page[:page.index("<template")]
    assert "pb-official" in visible and "Kommunens svar" in visible
    assert "Eva Svensson" in visible and "Svarar för kommunen, Kultur- och fritidsförvaltningen" in visible
    assert "Svara som kommunen" not in visible


def test_open_data_marks_official_replies_and_citizens_posts(client, board, responder, make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    answer(client, board, idea)
    posts = client.get(f"/api/v1/consultations/{board.slug}/posts").json["posts"]
    assert posts[0]["official"] is None and posts[0]["politician_view"] is False
    assert posts[1]["official"]["name"] == "Eva Svensson"
    assert "alias" not in posts[1]


def test_a_moderator_can_still_withdraw_an_official_reply(app, client, board, responder, moderator,
                                                          make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    reply_id = answer(client, board, idea).json["id"]
    with app.app_context():
        decide(reply_id, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    assert client.get(f"/api/v1/consultations/{board.slug}/posts").json["total"] == 1


def test_withdrawing_the_idea_takes_the_official_reply_with_it(app, client, board, responder,
                                                               moderator, make_post):
    idea = make_post(board, state="approved")
    login(client, responder)
    reply_id = answer(client, board, idea).json["id"]
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
        assert db.session.get(Post, reply_id).state is PostState.WITHDRAWN


def test_the_board_offers_the_form_to_an_assigned_responder_only(client, make_user, board,
                                                                 make_post):
    make_post(board, state="approved")
    login(client, make_user(Role.RESPONDER, assigned=False))
    page = client.get(f"/samrad/{board.slug}").get_data(as_text=True)
    assert "Svara som kommunen" not in page
    client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    login(client, make_user(Role.RESPONDER))
    page = client.get(f"/samrad/{board.slug}").get_data(as_text=True)
    assert "Svara som kommunen" in page[:page.index("<template")]


def test_the_responders_page_lists_unanswered_ideas_first(client, board, responder, make_post):
    first = make_post(board, "Besvarad idé", state="approved")
    make_post(board, "Obesvarad idé", state="approved")
    login(client, responder)
    answer(client, board, first)
    page = client.get(f"/samrad/{board.slug}/svara").get_data(as_text=True)
    assert page.index("Obesvarad idé") < page.index("Besvarad idé")
    assert "Inte besvarad än" in page and "Besvarad</span>" in page


@pytest.mark.parametrize("role,assigned,status", [
    (Role.RESPONDER, True, 200), (Role.RESPONDER, False, 403), (Role.ADMIN, True, 403),
    (Role.MODERATOR, True, 403), (Role.PROJECT_LEADER, True, 403),
])
def test_the_responders_page_is_for_assigned_responders(client, board, make_user, role, assigned,
                                                        status):
    login(client, make_user(role, assigned=assigned))
    assert client.get(f"/samrad/{board.slug}/svara").status_code == status


def test_the_responders_page_asks_anonymous_visitors_to_log_in(client, board):
    response = client.get(f"/samrad/{board.slug}/svara")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_the_signature_uses_a_job_title_when_the_account_has_one(app, board):
    from types import SimpleNamespace

    from parkbank.official.operations import signature

    with app.test_request_context(headers={"Accept-Language": "en"}):
        c = db.session.get(Consultation, board.id)
        assert signature(SimpleNamespace(name="Eva", title="Bibliotekschef"), c) == (
            "Eva", "Bibliotekschef, Kultur- och fritidsförvaltningen")
        # Without one: the role, in the language people write in (Swedish), whatever the UI's.
        assert signature(SimpleNamespace(name="Eva"), c) == (
            "Eva", "Svarar för kommunen, Kultur- och fritidsförvaltningen")
        c.department = None
        assert signature(SimpleNamespace(name="Eva", title=" "), c) == ("Eva", "Svarar för kommunen")

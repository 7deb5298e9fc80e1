"""Analog input: a moderator transcribes notes from paper, a workshop, the phone, a letter or the
idea wall; each is checked like any post, stored with its origin and approved through the life
cycle by that moderator (decision row, audit entry, board event)."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role
from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from parkbank.moderation.models import Action, Decision
from parkbank.posts.models import AnalogSource, Channel, Post, PostState
from tests.helpers import csrf_token, events, login

JSON = {"Accept": "application/json"}
PLACE = "Stadsbiblioteket, workshop 12 november"


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def url(slug):
    return f"/moderering/{slug}/analog"


def note(client, slug, **fields):
    data = {"body": "Fler sittplatser vid fönstren.", "source": "paper", "place": PLACE,
            "received_on": today().isoformat(), "alias": "",
            "csrf_token": csrf_token(client.get(url(slug)).get_data(as_text=True))}
    data.update(fields)
    return data


@pytest.fixture
def logged_in(client, consultation, moderator):
    login(client, moderator)
    return client


def test_a_transcribed_note_is_stored_with_its_origin_and_approved_by_the_moderator(
        app, logged_in, consultation, moderator):
    response = logged_in.post(url(consultation.slug), headers=JSON,
                              data=note(logged_in, consultation.slug, source="workshop", alias="Eva"))
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.json
    assert answer == {"id": answer["id"], "status": "approved", "channel": "analog",
                      "source": "workshop", "place": PLACE, "received_on": today().isoformat()}
    with app.app_context():
        post = db.session.get(Post, answer["id"])
        assert (post.channel, post.source, post.place, post.received_on, post.state, post.alias) == (
            Channel.ANALOG, AnalogSource.WORKSHOP, PLACE, today(), PostState.APPROVED, "Eva")
        assert post.published_at is not None
        [decision] = db.session.execute(select(Decision).where(Decision.post_id == post.id)).scalars()
        assert (decision.action, decision.moderator_id) == (Action.APPROVE, moderator.id)
        [entry] = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.POST_APPROVE.value)).scalars()
        assert (entry.actor_id, entry.target_id, entry.details) == (moderator.id, post.id,
                                                                    {"channel": "analog"})


def test_a_transcription_reaches_open_boards_and_tells_queues_only_that_it_is_decided(
        logged_in, consultation, socket_for, moderator):
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": None}, callback=True)
    queue = socket_for(logged_in)
    assert queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)["ok"]
    board.get_received()
    queue.get_received()
    response = logged_in.post(url(consultation.slug), headers=JSON, data=note(logged_in, consultation.slug))
    post_id = response.json["id"]
    [published] = events(board, "post_published")
    assert published["post"]["id"] == post_id
    assert (published["post"]["channel"], published["post"]["source"]) == ("analog", "paper")
    received = queue.get_received()
    assert [e["name"] for e in received] == ["post_decided"]  # never a waiting post to decide
    assert received[0]["args"][0]["decided_by"] == moderator.name


def test_open_data_and_the_board_carry_the_origin(logged_in, consultation):
    logged_in.post(url(consultation.slug), headers=JSON, data=note(logged_in, consultation.slug))
    [post] = logged_in.get(f"/api/v1/consultations/{consultation.slug}/posts").json["posts"]
    assert (post["channel"], post["source"], post["place"], post["received_on"]) == (
        "analog", "paper", PLACE, today().isoformat())
    board = logged_in.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert f"Inkom på papper · {PLACE}" in board


def test_a_phone_call_needs_no_place(logged_in, consultation):
    response = logged_in.post(url(consultation.slug), headers=JSON,
                              data=note(logged_in, consultation.slug, source="phone", place="  "))
    assert response.status_code == 201 and response.json["place"] is None


def test_the_place_is_normalised_to_one_line(logged_in, consultation):
    response = logged_in.post(url(consultation.slug), headers=JSON,
                              data=note(logged_in, consultation.slug, place=" Mörrum\n workshop "))
    assert response.json["place"] == "Mörrum workshop"


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"body": "   "}, "body", "Skriv något"),
    ({"body": "x" * 2001}, "body", "2\u00a0001"),
    ({"alias": "Kommunen"}, "alias", "Välj ett annat namn"),
    ({"source": ""}, "source", "Välj hur"),
    ({"source": "fax"}, "source", "Välj hur"),
    ({"place": "p" * 121}, "place", "121"),
    ({"received_on": ""}, "received_on", "dag"),
    ({"received_on": (today() + timedelta(days=1)).isoformat()}, "received_on", "framtiden"),
    ({"received_on": (today() - timedelta(days=400)).isoformat()}, "received_on", "ett år"),
    ({"received_on": "12 november"}, "received_on", "datum"),
])
def test_the_form_refuses_each_wrong_field(app, logged_in, consultation, fields, field, words):
    response = logged_in.post(url(consultation.slug), headers=JSON,
                              data=note(logged_in, consultation.slug, **fields))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"] == "invalid_input"
    assert words in " ".join(response.json["fields"][field])
    with app.app_context():
        assert db.session.execute(select(Post)).first() is None


def test_every_wrong_field_is_named_at_once(logged_in, consultation):
    response = logged_in.post(url(consultation.slug), headers=JSON, data=note(
        logged_in, consultation.slug, body="", source="", place="p" * 121, received_on=""))
    assert set(response.json["fields"]) == {"body", "source", "place", "received_on"}


def test_a_refused_form_keeps_what_was_typed_with_errors_beside_the_fields_and_above(
        logged_in, consultation):
    response = logged_in.post(url(consultation.slug), data=note(
        logged_in, consultation.slug, body="y" * 2001, source="letter", place="Rådhuset",
        alias="Kommunen"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="form-errors"' in page and 'href="#body"' in page and 'href="#alias"' in page
    assert "y" * 2001 in page and 'value="Rådhuset"' in page and 'value="Kommunen"' in page
    assert re.search(r'<input checked[^>]*value="letter"', page)
    assert 'id="body-error"' in page and 'aria-invalid="true"' in page


def test_success_returns_to_the_form_with_source_place_and_day_kept(app, logged_in, consultation):
    day = (today() - timedelta(days=2)).isoformat()
    response = logged_in.post(url(consultation.slug), data=note(
        logged_in, consultation.slug, source="workshop", received_on=day, body="Post-it nummer ett"))
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert target.path == url(consultation.slug)
    query = parse_qs(target.query)
    assert (query["source"], query["place"], query["received_on"]) == (["workshop"], [PLACE], [day])
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        post_id = db.session.execute(select(Post.id)).scalar_one()
    assert f"Inlägg {post_id} är publicerat" in page and f"#inlagg-{post_id}" in page
    assert f'value="{PLACE}"' in page and f'value="{day}"' in page
    assert re.search(r'<input checked[^>]*value="workshop"', page)
    # The text field is empty for the next note, has the focus and is described by the message.
    textarea = re.search(r'<textarea[^>]*id="body"[^>]*>([^<]*)</textarea>', page)
    assert textarea[1].strip() == ""
    assert "data-focus-on-load" in textarea[0] and "transcribed" in textarea[0]
    assert "Senast inskrivna" in page and "Post-it nummer ett" in page
    assert "Maria Moderator" in page


def test_the_form_starts_with_today(logged_in, consultation):
    page = logged_in.get(url(consultation.slug)).get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page and "Senast inskrivna" in page


@pytest.mark.parametrize("status", [ConsultationStatus.CLOSED, ConsultationStatus.PAUSED])
def test_a_closed_or_paused_consultation_takes_no_notes(app, client, make_consultation, moderator, status):
    c = make_consultation("stangt", status=status)
    login(client, moderator)
    page = client.get(url(c.slug)).get_data(as_text=True)
    assert 'id="transcribe-form"' not in page
    token = csrf_token(client.get(f"/moderering/{c.slug}").get_data(as_text=True))
    response = client.post(url(c.slug), headers=JSON, data={
        "body": "En lapp", "source": "paper", "received_on": today().isoformat(), "csrf_token": token})
    assert response.status_code == 409 and response.json["error"] == "consultation_closed"
    with app.app_context():
        assert db.session.execute(select(Post)).first() is None


def test_moderators_not_assigned_and_responders_are_refused(app, consultation, make_user):
    for user in (make_user(Role.MODERATOR, assigned=False), make_user(Role.RESPONDER)):
        client = app.test_client()
        login(client, user)
        assert client.get(url(consultation.slug)).status_code == 403
        token = csrf_token(client.get("/personal").get_data(as_text=True))
        response = client.post(url(consultation.slug), headers=JSON, data={
            "body": "En lapp", "source": "paper", "received_on": today().isoformat(), "csrf_token": token})
        assert response.status_code == 403
    with app.app_context():
        assert db.session.execute(select(Post)).first() is None


def test_anonymous_visitors_are_sent_to_log_in(client, consultation):
    response = client.get(url(consultation.slug))
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_the_queue_links_to_the_form_and_shows_where_posts_came_in(app, logged_in, consultation):
    queue = logged_in.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "Skriv in inlägg från papper, workshop eller telefon" in queue
    assert f'href="{url(consultation.slug)}"' in queue


def test_the_audit_trail_says_the_approval_was_of_a_transcription(app, logged_in, consultation, make_user):
    logged_in.post(url(consultation.slug), headers=JSON, data=note(logged_in, consultation.slug))
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    trail = admin.get("/admin/logg/").get_data(as_text=True)
    assert "Inlägg godkänt" in trail and "Kanal" in trail and "Analogt (överfört)" in trail


def test_the_demo_board_shows_transcribed_posts_with_their_origin(client, runner):
    from parkbank.demo import SLUG

    assert runner.invoke(args=["demo"]).exit_code == 0
    board = client.get(f"/samrad/{SLUG}").get_data(as_text=True)
    assert "Från en workshop · Stadsbiblioteket, workshop för unga" in board
    assert "Inkom per telefon" in board


def test_queue_cards_say_where_a_waiting_post_came_in(logged_in, consultation, make_post):
    from parkbank.posts.operations import Origin

    make_post(consultation, "Från skärmen i entrén", origin=Origin(channel=Channel.KIOSK,
                                                                  place="Stadsbiblioteket"))
    make_post(consultation, "Från webben")
    queue = logged_in.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "Kiosk · Stadsbiblioteket" in queue
    tags = re.findall(r'<span class="ds-tag badge"[^>]*data-field="channel"[^>]*>', queue)
    assert len(tags) == 3 and sum("hidden" in tag for tag in tags) == 2  # web post and template


def test_the_same_form_sent_twice_publishes_the_note_once(app, client, moderator, consultation):

    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}/analog").get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([0-9a-f]{32})"', page).group(1)
    data = {"csrf_token": csrf_token(page), "submission_key": key, "source": "paper",
            "place": "Workshop", "received_on": "2026-11-20", "body": "Dubbelklickad lapp"}
    answers = [client.post(f"/moderering/{consultation.slug}/analog", data=data) for _ in range(2)]
    assert [a.status_code for a in answers] == [303, 303]
    with app.app_context():
        posts = db.session.execute(select(Post).where(Post.body == "Dubbelklickad lapp")).scalars().all()
        assert len(posts) == 1 and posts[0].state == PostState.APPROVED
        assert db.session.execute(select(func.count(Decision.id))
                                  .where(Decision.post_id == posts[0].id)).scalar_one() == 1

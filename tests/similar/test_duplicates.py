"""Moderators see each waiting post's likely duplicates, and reject a post as a duplicate of a
chosen idea; its author is pointed to the original (on the board, live, and on rejoin)."""

import pytest
from sqlalchemy import select

from parkbank.extensions import db
from parkbank.moderation.models import Decision
from tests.helpers import csrf_token, events, login
from tests.server import (
    WAIT,
    Listener,
    cookie_header,
    decide,
    flask_run,
    free_port,
    running,
    server_env,
    staff_session,
    submit_idea,
)

JSON = {"Accept": "application/json"}
LIBRARY = "Biblioteket i kulturhuset borde vara öppet på kvällar och helger."
WAITING = "Kulturhusets bibliotek måste ha kvällsöppet och vara öppet på helgerna."
AGAIN = "Låt bibloteket i nya kulturhuset ha kvällsöppet och öppet på helgerna, snälla"
OTHER = "Sänk hastigheten till 30 km/h utanför skolan."


def decide_here(client, consultation, post_id, **fields):
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    return client.post(f"/moderering/inlagg/{post_id}/beslut", headers=JSON,
                       data={"csrf_token": token, **fields})


def test_join_queue_ack_lists_duplicates_among_approved_and_pending(client, socket_for, consultation,
                                                                     moderator, make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    waiting = make_post(consultation, WAITING)
    again = make_post(consultation, AGAIN)
    make_post(consultation, OTHER)
    login(client, moderator)
    ack = socket_for(client).emit("join_queue", {"consultation": consultation.slug}, callback=True)
    similar = {p["id"]: p["similar"] for p in ack["pending"]}
    assert {d["id"]: d["status"] for d in similar[again]} == {published: "approved", waiting: "pending"}
    assert set(similar[again][0]) == {"id", "body", "status", "score"}
    assert similar[again][0]["score"] >= similar[again][1]["score"] >= 0.2
    assert [p for p in ack["pending"] if p["body"] == OTHER][0]["similar"] == []


def test_post_submitted_carries_its_duplicates(client, socket_for, consultation, moderator, make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    login(client, moderator)
    queue = socket_for(client)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    make_post(consultation, AGAIN)
    [submitted] = events(queue, "post_submitted")
    assert [d["id"] for d in submitted["post"]["similar"]] == [published]
    assert submitted["post"]["similar"][0]["body"] == LIBRARY


def test_queue_page_offers_reject_as_duplicate_of_each(client, consultation, moderator, make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    make_post(consultation, AGAIN)
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert "Troliga dubbletter" in page and "Avslå som dubblett av denna" in page
    assert f'name="duplicate_of" value="{published}"' in page


def test_reject_as_duplicate_names_the_original(app, client, consultation, moderator, make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    again = make_post(consultation, AGAIN)
    login(client, moderator)
    response = decide_here(client, consultation, again, action="reject", reason="duplicate",
                           duplicate_of=published)
    assert response.status_code == 200 and response.json["status"] == "rejected"
    with app.app_context():
        decision = db.session.execute(select(Decision).where(Decision.post_id == again)).scalar_one()
        assert decision.duplicate_of_id == published


@pytest.mark.parametrize("case", ["itself", "other reason", "approve", "other consultation", "unknown"])
def test_an_original_that_does_not_fit_is_refused(client, consultation, make_consultation, moderator,
                                                  make_post, case):
    published = make_post(consultation, LIBRARY, state="approved")
    again = make_post(consultation, AGAIN)
    fields = {"action": "reject", "reason": "duplicate", "duplicate_of": published}
    if case == "itself":
        fields["duplicate_of"] = again
    elif case == "other reason":
        fields["reason"] = "spam"
    elif case == "approve":
        fields.update(action="approve", reason="")
    elif case == "other consultation":
        fields["duplicate_of"] = make_post(make_consultation("annat"), LIBRARY, state="approved")
    else:
        fields["duplicate_of"] = 999_999
    login(client, moderator)
    response = decide_here(client, consultation, again, **fields)
    assert response.status_code == 400 and "duplicate_of" in response.json["fields"]


def test_the_author_sees_a_link_to_the_original_on_the_board(app, client, consultation, moderator,
                                                             make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    again = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                        data={"body": AGAIN, "csrf_token": csrf_token(page)}).json["id"]
    staff = app.test_client()
    login(staff, moderator)
    decide_here(staff, consultation, again, action="reject", reason="duplicate", duplicate_of=published)
    board = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert f'href="/samrad/{consultation.slug}?sida=1#inlagg-{published}"' in board
    assert "Samma idé finns redan publicerad" in board


def test_an_original_no_longer_public_is_not_pointed_to(app, client, consultation, moderator, make_post):
    from parkbank.auth.models import User
    from parkbank.moderation.lifecycle import apply
    from parkbank.moderation.models import Action, Reason

    published = make_post(consultation, LIBRARY, state="approved")
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    again = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                        data={"body": AGAIN, "csrf_token": csrf_token(page)}).json["id"]
    with app.app_context():
        mod = db.session.get(User, moderator.id)
        apply(again, Action.REJECT, user=mod, reason=Reason.DUPLICATE, duplicate_of=published)
        apply(published, Action.WITHDRAW, user=mod, reason=Reason.OTHER)
        db.session.commit()
    board = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert f"inlagg-{published}" not in board and "Samma idé finns redan publicerad" not in board


@pytest.mark.server
def test_the_author_is_told_the_original_live_over_a_real_socket(schema, tmp_path, consultation,
                                                                 moderator, make_post):
    published = make_post(consultation, LIBRARY, state="approved")
    port = free_port()
    with running(flask_run(port), server_env(schema), port, tmp_path / "server.log") as base:
        citizen, again = submit_idea(base, consultation.slug, AGAIN)
        author = Listener(base, headers=cookie_header(citizen))
        try:
            assert author.client.call("join_board", {"consultation": consultation.slug}, timeout=WAIT)["ok"]
            staff, token = staff_session(base, moderator)
            decide(staff, token, base, again, action="reject", reason="duplicate", duplicate_of=published)
            [told] = author.wait_for("own_post_decided")
            assert told["reason"] == "duplicate"
            assert told["duplicate_of"] == {"id": published, "body": LIBRARY, "page": 1}
            rejoined = author.client.call("join_board", {"consultation": consultation.slug}, timeout=WAIT)
            assert rejoined["own"][0]["duplicate_of"]["id"] == published
        finally:
            author.close()


def test_a_reply_is_compared_with_nothing(client, socket_for, consultation, moderator, make_post):
    idea = make_post(consultation, "Mer grönska i stan.", state="approved")
    make_post(consultation, LIBRARY, state="approved")
    login(client, moderator)
    queue = socket_for(client)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    make_post(consultation, AGAIN, parent_id=idea)
    [submitted] = events(queue, "post_submitted")
    assert submitted["post"]["similar"] == []

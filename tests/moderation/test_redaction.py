"""Redaction: passages become [borttaget] everywhere public, the original only in a restricted
revision that admins read, the audit entry names the revision and never the words."""

import json

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role, User
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.live.broadcast import events_since
from parkbank.moderation.models import PostRevision
from parkbank.moderation.redaction import MAX_PASSAGES, REDACTED, read_revision, redact, spans_for
from parkbank.posts.models import Post
from tests.helpers import csrf_token, events, login

JSON = {"Accept": "application/json"}
PHONE = "070-123 45 67"
BODY = f"Ring Kalle på {PHONE} om bänken vid dammen"


def url(post_id):
    return f"/moderering/inlagg/{post_id}/maskera"


def token(client, post_id):
    return csrf_token(client.get(url(post_id)).get_data(as_text=True))


def phone_span(body=BODY):
    start = body.index(PHONE)
    return f"{start}:{start + len(PHONE)}"


def test_spans_merge_ranges_and_every_occurrence_of_a_passage():
    assert spans_for("ab ab cd", [(6, 8)], ["ab"]) == [(0, 2), (3, 5), (6, 8)]
    assert spans_for("abcdef", [(0, 3), (2, 5)], []) == [(0, 5)]


@pytest.mark.parametrize("ranges,passages", [
    ([(0, 99)], []), ([(3, 3)], []), ([], ["finns inte"]), ([], []),
    ([], ["x"] * (MAX_PASSAGES + 1)), ([], ["a" * 501]),
])
def test_spans_refuse_what_is_not_in_the_text_or_too_much(ranges, passages):
    with pytest.raises(InvalidInput):
        spans_for("abc x", ranges, passages)


def test_redacting_a_published_post_reaches_every_public_reader(app, client, consultation, moderator,
                                                                make_post, socket_for):
    post_id = make_post(consultation, BODY, state="approved")
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": None}, callback=True)
    board.get_received()
    login(client, moderator)
    response = client.post(url(post_id), headers=JSON,
                           data={"span": phone_span(), "csrf_token": token(client, post_id)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["body"] == f"Ring Kalle på {REDACTED} om bänken vid dammen"
    [update] = events(board, "post_updated")
    assert PHONE not in json.dumps(update) and REDACTED in update["post"]["body_html"]
    assert PHONE not in client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert PHONE not in client.get(f"/api/v1/consultations/{consultation.slug}/posts").get_data(as_text=True)
    search = client.get(f"/moderering/{consultation.slug}?q=070-123").get_data(as_text=True)
    assert PHONE not in search
    with app.app_context():
        assert PHONE not in json.dumps(events_since(consultation.id, 0, 100))
        revision = db.session.execute(select(PostRevision)).scalar_one()
        assert revision.original_body == BODY and revision.post_id == post_id
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.POST_REDACT.value)).scalar_one()
        assert entry.details["revision_id"] == revision.id
        assert PHONE not in json.dumps(entry.details)


def test_redacting_a_pending_post_refreshes_open_queues(app, client, consultation, moderator,
                                                       make_post, socket_for):
    post_id = make_post(consultation, BODY)
    login(client, moderator)
    queue = socket_for(client)
    assert queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)["ok"]
    queue.get_received()
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": None}, callback=True)
    board.get_received()
    client.post(url(post_id), data={"passages": "Kalle\n", "span": phone_span(),
                                    "csrf_token": token(client, post_id)})
    [changed] = events(queue, "post_changed")
    assert changed["post"]["id"] == post_id and changed["post"]["status"] == "pending"
    assert changed["post"]["body"] == f"Ring {REDACTED} på {REDACTED} om bänken vid dammen"
    assert changed["post"]["pii"] == []
    assert board.get_received() == []  # not public: nothing to a board


def test_the_no_script_page_prechecks_personal_data_and_redirects(app, client, consultation, moderator,
                                                                 make_post):
    post_id = make_post(consultation, BODY)
    login(client, moderator)
    page = client.get(url(post_id)).get_data(as_text=True)
    assert f'value="{phone_span()}" id="span-1" checked' in page
    response = client.post(url(post_id), data={"span": phone_span(), "csrf_token": csrf_token(page)})
    assert response.status_code == 303 and response.headers["Location"].endswith("#ko")
    with app.app_context():
        assert db.session.get(Post, post_id).body_html == f"Ring Kalle på {REDACTED} om bänken vid dammen"


def test_a_bad_passage_keeps_what_was_typed(app, client, consultation, moderator, make_post):
    post_id = make_post(consultation, BODY)
    login(client, moderator)
    response = client.post(url(post_id), data={"passages": "Kalle\nfinns <inte>",
                                               "csrf_token": token(client, post_id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'aria-invalid="true"' in page
    assert "Kalle\nfinns &lt;inte&gt;</textarea>" in page
    assert f'value="{phone_span()}" id="span-1">' in page  # unchecked, as sent
    with app.app_context():
        assert db.session.get(Post, post_id).body == BODY
        assert db.session.execute(select(PostRevision)).first() is None


def test_a_rejected_post_cannot_be_redacted(client, consultation, moderator, make_post):
    post_id = make_post(consultation, BODY, state="rejected")
    login(client, moderator)
    response = client.post(url(post_id), headers=JSON, data={"span": phone_span(),
                                                             "csrf_token": token(client, post_id)})
    assert response.status_code == 400


@pytest.mark.parametrize("role,assigned,allowed", [
    (Role.ADMIN, False, True), (Role.MODERATOR, True, True), (Role.MODERATOR, False, False),
    (Role.PROJECT_LEADER, True, False), (Role.RESPONDER, True, False),
])
def test_only_the_consultations_moderators_redact(app, consultation, make_user, make_post,
                                                  role, assigned, allowed):
    post_id = make_post(consultation, BODY, state="approved")
    client = app.test_client()
    login(client, make_user(role, assigned=assigned))
    assert client.get(url(post_id)).status_code == (200 if allowed else 403)
    page_token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(url(post_id), headers=JSON,
                           data={"span": phone_span(), "csrf_token": page_token})
    assert response.status_code == (200 if allowed else 403)
    with app.app_context():
        assert (PHONE in db.session.get(Post, post_id).body) is not allowed


def test_anonymous_is_sent_to_log_in(client, consultation, make_post):
    post_id = make_post(consultation, BODY)
    assert client.get(url(post_id)).status_code == 302
    page_token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    assert client.post(url(post_id), headers=JSON, data={"span": "0:4", "csrf_token": page_token}
                       ).status_code == 401


def test_only_admins_read_the_original(app, consultation, make_user, make_post):
    post_id = make_post(consultation, BODY, state="approved")
    admin, mod = make_user(Role.ADMIN), make_user(Role.MODERATOR)
    with app.app_context():
        done = redact(post_id, user=db.session.get(User, mod.id), passages=[PHONE])
        db.session.commit()
        revision_id = done.revision.id
        assert read_revision(db.session.get(User, admin.id), revision_id).original_body == BODY
        with pytest.raises(Forbidden):
            read_revision(db.session.get(User, mod.id), revision_id)
    for user, status in ((admin, 200), (mod, 403)):
        client = app.test_client()
        login(client, user)
        response = client.get(f"/admin/maskeringar/{revision_id}")
        assert response.status_code == status
        assert (PHONE in response.get_data(as_text=True)) is (status == 200)


@pytest.mark.parametrize("role,assigned", [
    (Role.MODERATOR, True), (Role.PROJECT_LEADER, True), (Role.RESPONDER, True), (None, False),
])
def test_nobody_but_admins_opens_an_original(app, consultation, make_user, make_post, role, assigned):
    post_id = make_post(consultation, BODY, state="approved")
    mod = make_user(Role.MODERATOR)
    with app.app_context():
        revision_id = redact(post_id, user=db.session.get(User, mod.id), passages=[PHONE]).revision.id
        db.session.commit()
    client = app.test_client()
    if role is not None:
        login(client, make_user(role, assigned=assigned))
    response = client.get(f"/admin/maskeringar/{revision_id}")
    assert response.status_code == (403 if role else 302)
    assert PHONE not in response.get_data(as_text=True)

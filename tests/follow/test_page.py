"""The follow page (issue 17): every state of a post, the municipality's replies, the same 404
for every dead link, revocation, and the link in the JSON answer to a submission."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.follow.models import FollowToken
from parkbank.follow.operations import hash_token, issue
from parkbank.moderation.labels import REASON_LABELS
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.models import Action, Reason
from parkbank.official.operations import publish_official_reply
from parkbank.posts.models import Channel, Post
from parkbank.posts.operations import Origin
from tests.follow.conftest import JSON, form_data, path_of
from tests.helpers import csrf_token, decide


def _label(app, reason: Reason) -> str:
    with app.test_request_context():
        return str(REASON_LABELS[reason])


def test_a_waiting_post_says_it_waits_and_the_page_is_private(client, consultation, followed):
    _, path = followed(consultation, "Fler <b>bänkar</b> i parken")
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Fler &lt;b&gt;bänkar&lt;/b&gt; i parken" in page  # the safe HTML, not the markup
    assert "status-pending" in page and "Nytt bibliotek" in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "follow-published" not in page and "follow-reason" not in page


def test_a_published_post_links_to_the_board_and_says_no_reply_yet(client, consultation, followed):
    post_id, path = followed(consultation, "En park", state="approved")
    page = client.get(path).get_data(as_text=True)
    assert "status-approved" in page
    assert f'href="/samrad/{consultation.slug}/sok/inlagg/{post_id}"' in page
    assert "follow-no-reply" in page
    board = client.get(f"/samrad/{consultation.slug}/sok/inlagg/{post_id}")
    assert board.status_code == 302 and f"#inlagg-{post_id}" in board.headers["Location"]


def test_a_rejected_post_shows_the_reason(app, client, consultation, followed):
    _, path = followed(consultation, "Köp billiga klockor", state="rejected")  # reason: spam
    page = client.get(path).get_data(as_text=True)
    assert "status-rejected" in page and "follow-reason" in page
    assert _label(app, Reason.SPAM) in page
    assert "follow-replies-heading" not in page  # nothing public, so no replies section


def test_a_duplicate_points_to_the_public_original(app, client, consultation, followed, make_post,
                                                     moderator):
    original = make_post(consultation, "Längre öppettider på biblioteket", state="approved")
    post_id, path = followed(consultation, "Biblioteket borde ha längre öppettider")
    with app.app_context():
        apply(post_id, Action.REJECT, user=db.session.get(User, moderator.id), reason=Reason.DUPLICATE,
              duplicate_of=original)
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert _label(app, Reason.DUPLICATE) in page
    assert f"#inlagg-{original}" in page and "follow-original" in page
    with app.app_context():  # once the original is gone, the page no longer points to it
        decide(original, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    assert "follow-original" not in client.get(path).get_data(as_text=True)


def test_a_withdrawn_post_shows_why(app, client, consultation, followed):
    _, path = followed(consultation, "Borttagen idé", state="withdrawn")  # reason: other
    page = client.get(path).get_data(as_text=True)
    assert "status-withdrawn" in page and _label(app, Reason.OTHER) in page
    assert "follow-published" not in page


def test_the_municipalitys_public_replies_are_shown(app, client, consultation, followed, make_post,
                                                     make_user, moderator):
    post_id, path = followed(consultation, "Ett utegym", state="approved")
    other = make_post(consultation, "Något annat", state="approved")
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        user = db.session.get(User, responder.id)
        publish_official_reply(c, post_id, user, "Vi utreder ett utegym vid skolan.")
        publish_official_reply(c, other, user, "Svar till någon annan.")
        withdrawn = publish_official_reply(c, post_id, user, "Ett svar som togs bort.")
        db.session.commit()
        decide(withdrawn.id, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Vi utreder ett utegym vid skolan." in page and "Eva Svensson" in page
    assert "Svar till någon annan." not in page
    assert "Ett svar som togs bort." not in page  # only public replies
    assert "follow-no-reply" not in page


def _without_clock(response) -> str:
    """The page as any 404 is: the clock and the language switch's way back (the address itself) aside."""
    page = re.sub(r'data-server-now="[^"]*"', "", response.get_data(as_text=True))
    return re.sub(r'next=[^"]*"', 'next="', page)


def test_wrong_malformed_and_revoked_links_get_the_same_404_as_any_unknown_page(
        app, client, consultation, followed):
    _, path = followed(consultation)
    revoked_post, revoked_path = followed(consultation, "Snart återkallad")
    page = client.get(revoked_path).get_data(as_text=True)
    assert client.post(revoked_path, data={"csrf_token": csrf_token(page)}).status_code == 303
    unknown = client.get("/finns-inte-alls")
    answers = [client.get(p) for p in (
        revoked_path,                                   # revoked
        "/mitt-inlagg/" + "A" * 32,                     # well formed, unknown
        "/mitt-inlagg/" + path.rsplit("/", 1)[1][:-1],  # one character short
        "/mitt-inlagg/" + "x" * 5000,                   # far too long: never hashed
        "/mitt-inlagg/%3Cscript%3E",                    # malformed
    )]
    for answer in answers:
        assert answer.status_code == 404
        assert _without_clock(answer) == _without_clock(unknown)
        assert answer.headers["Referrer-Policy"] == "no-referrer"
    headers = {tuple(sorted((k, v) for k, v in a.headers.items() if k != "Content-Length"))
               for a in answers}
    assert len(headers) == 1
    assert client.get(path).status_code == 200  # the other link lives on


def test_revoking_deletes_the_token_and_the_page_says_so(app, client, consultation, followed):
    post_id, path = followed(consultation)
    page = client.get(path).get_data(as_text=True)
    assert 'class="form follow-revoke-form"' in page
    assert client.post(path, data={}).status_code == 400  # without the form's CSRF token
    assert client.get(path).status_code == 200
    response = client.post(path, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    done = client.get(response.headers["Location"])
    assert done.status_code == 200 and "follow" in done.get_data(as_text=True)
    assert client.get(path).status_code == 404
    assert client.post(path, data={"csrf_token": csrf_token(page)}).status_code == 404
    with app.app_context():
        assert db.session.execute(select(func.count(FollowToken.id))).scalar_one() == 0
        assert db.session.get(Post, post_id) is not None  # the post is not affected


def test_only_the_hash_is_stored(app, client, consultation):
    answer = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                         data=form_data(client, consultation.slug, body="Hemlig länk"))
    token = path_of(answer.json["follow_url"]).rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits
    with app.app_context():
        row = db.session.execute(select(FollowToken)).scalar_one()
        assert row.token_hash == hash_token(token) and token not in row.token_hash


def test_the_json_answer_carries_an_absolute_follow_url_that_opens_the_page(client, consultation):
    answer = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                         data=form_data(client, consultation.slug, body="Ett bibliotek"))
    assert answer.status_code == 201
    url = answer.json["follow_url"]
    assert url.startswith("http://localhost/mitt-inlagg/")
    page = client.get(path_of(url))
    assert page.status_code == 200 and "Ett bibliotek" in page.get_data(as_text=True)


def test_the_follow_url_uses_the_base_url_when_set(schema, consultation):
    from tests.helpers import build_app

    app = build_app(schema, BASE_URL="https://samrad.exempelby.se")
    client = app.test_client()
    answer = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                         data=form_data(client, consultation.slug, body="Ett torg"))
    assert answer.json["follow_url"].startswith("https://samrad.exempelby.se/mitt-inlagg/")


def test_a_transcribed_analog_post_gets_no_link(app, consultation, make_post):
    post_id = make_post(consultation, "Från en lapp", origin=Origin(Channel.ANALOG))
    with app.app_context():
        assert issue(db.session.get(Post, post_id)) is None
        assert db.session.execute(select(func.count(FollowToken.id))).scalar_one() == 0


def test_a_submission_sent_again_gets_a_fresh_link_to_the_same_post(client, consultation):
    data = form_data(client, consultation.slug, body="Två gånger")
    first = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON, data=data)
    second = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON, data=data)
    assert first.json["id"] == second.json["id"]
    assert first.json["follow_url"] != second.json["follow_url"]
    for answer in (first, second):
        assert client.get(path_of(answer.json["follow_url"])).status_code == 200


def test_the_privacy_notice_tells_of_follow_links(client):
    page = client.get("/personuppgifter").get_data(as_text=True)
    assert "pb_follow" in page and "följlänk" in page and "365 dagar" in page


def test_the_follow_page_is_rate_limited_per_address(schema, consultation, followed):
    from tests.helpers import build_app

    _, path = followed(consultation)
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_FOLLOW="3 per minute")
    client = app.test_client()
    answers = [client.get(p).status_code for p in (path, "/mitt-inlagg/" + "B" * 32, path, path)]
    assert answers == [200, 404, 200, 429]


def test_a_staff_login_that_timed_out_never_sends_the_link_to_the_login_page(
        app, client, consultation, followed, moderator):
    import time

    from parkbank.auth.idle import SEEN
    from tests.helpers import login

    _, path = followed(consultation)
    login(client, moderator)
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - 10 * 3600
    answer = client.get(path)
    assert answer.status_code == 200 and "logga-in" not in answer.headers.get("Location", "")

"""Citizens post ideas and replies, and support approved posts."""

import re

from sqlalchemy import func, select

from parkbank.extensions import db
from parkbank.posts.models import Post, PostState, Support
from tests.helpers import build_app, csrf_token

JSON = {"Accept": "application/json"}


def board_url(c):
    return f"/samrad/{c.slug}"


def post_form(client, c, **fields):
    page = client.get(board_url(c)).get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page)
    data = {"csrf_token": csrf_token(page), "submission_key": key.group(1) if key else ""}
    data.update(fields)
    return data


def count_posts(app):
    with app.app_context():
        return db.session.execute(select(func.count(Post.id))).scalar_one()


def test_board_shows_question_and_form(client, consultation):
    response = client.get(board_url(consultation))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Vad vill du ha?" in page
    assert 'name="body"' in page


def test_board_form_offers_email_with_consent_and_says_what_it_promises(client, consultation):
    """The address is optional, asked with its own consent box, and the promise is next to it
    (parkbank/mail: confirmation first, only about this post, never shown, erased by unsubscribe)."""
    page = client.get(board_url(consultation)).get_data(as_text=True)
    assert 'name="email"' in page and 'type="email"' in page and 'autocomplete="email"' in page
    assert 'name="consent"' in page and 'type="checkbox"' in page
    assert 'aria-describedby="email-promise"' in page and 'id="email-promise"' in page
    assert 'for="consent"' in page and 'for="email"' in page


def test_unknown_consultation_is_404_page(client):
    response = client.get("/samrad/finns-inte")
    assert response.status_code == 404
    assert "<h1 class=\"ds-heading\"" in response.get_data(as_text=True)


def test_submit_stores_a_pending_post_as_typed_and_says_it_waits(app, client, consultation):
    data = post_form(client, consultation, body="<b>Mer</b> läsplatser", alias="Eva")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data)
    assert response.status_code == 303
    with app.app_context():
        post = db.session.execute(select(Post)).scalar_one()
        assert post.state == PostState.PENDING
        assert post.body == "<b>Mer</b> läsplatser"
        assert post.body_html == "&lt;b&gt;Mer&lt;/b&gt; läsplatser"
        assert post.alias == "Eva"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;b&gt;Mer&lt;/b&gt; läsplatser" in page  # under "your posts", not public
    assert 'data-own-post-id="' in page


def test_submit_answers_json_when_asked(client, consultation):
    data = post_form(client, consultation, body="Ett kafé")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 201
    assert response.json["status"] == "pending"
    assert isinstance(response.json["id"], int)


def test_double_submit_stores_one_post(app, client, consultation):
    data = post_form(client, consultation, body="Längre öppettider")
    first = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    second = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json["id"] == second.json["id"]
    assert count_posts(app) == 1


def test_too_long_body_is_refused_with_message_and_text_kept(app, client, consultation):
    text = "x" * 2001
    data = post_form(client, consultation, body=text, alias="Kalle")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert text in page and 'value="Kalle"' in page
    assert count_posts(app) == 0


def test_empty_body_is_refused_as_json_with_field_errors(client, consultation):
    data = post_form(client, consultation, body="  \r\n \u202e ")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400
    assert "body" in response.json["fields"]


def test_email_needs_consent(app, client, consultation):
    data = post_form(client, consultation, body="Idé", email="eva@example.se")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400
    assert "consent" in response.json["fields"]
    assert count_posts(app) == 0


def test_email_with_consent_is_kept(app, client, consultation):
    data = post_form(client, consultation, body="Idé", email="eva@example.se", consent="y")
    assert client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON).status_code == 201
    with app.app_context():
        post = db.session.execute(select(Post)).scalar_one()
        assert post.email == "eva@example.se" and post.email_consent


def test_invalid_email_is_refused(client, consultation):
    data = post_form(client, consultation, body="Idé", email="inte en adress", consent="y")
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400 and "email" in response.json["fields"]


def test_missing_csrf_token_keeps_the_text(app, client, consultation):
    response = client.post(f"{board_url(consultation)}/inlagg", data={"body": "Min långa text"})
    assert response.status_code == 400
    assert "Min långa text" in response.get_data(as_text=True)
    assert count_posts(app) == 0


def test_reply_to_approved_post(app, client, consultation, make_post):
    parent = make_post(consultation, "Ett tyst rum", state="approved")
    data = post_form(client, consultation, body="Ja, gärna!", parent_id=str(parent))
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 201
    with app.app_context():
        assert db.session.get(Post, response.json["id"]).parent_id == parent


def test_reply_to_pending_post_is_refused(client, consultation, make_post):
    parent = make_post(consultation, "Ej granskad")
    data = post_form(client, consultation, body="Svar", parent_id=str(parent))
    response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400


def test_failed_reply_shows_its_own_form_with_the_text(client, consultation, make_post):
    parent = make_post(consultation, "Ett tyst rum", state="approved")
    data = post_form(client, consultation, body="y" * 2100, parent_id=str(parent))
    response = client.post(f"{board_url(consultation)}/inlagg", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "y" * 2100 in page
    assert f'id="reply-body-{parent}"' in page and "<details class=\"reply-box\" open>" in page


def test_closed_consultation_refuses_posts(client, make_consultation):
    from parkbank.consultations.models import ConsultationStatus

    closed = make_consultation(slug="stangt", status=ConsultationStatus.CLOSED)
    # A closed board has no form; the session's token comes from any page with one.
    data = {"body": "För sent", "csrf_token": csrf_token(client.get("/logga-in").get_data(as_text=True))}
    response = client.post(f"/samrad/{closed.slug}/inlagg", data=data, headers=JSON)
    assert response.status_code == 409
    assert response.json["error"] == "consultation_closed"


def test_board_lists_approved_posts_newest_first_with_replies(client, consultation, make_post):
    first = make_post(consultation, "Första idén", state="approved")
    make_post(consultation, "Andra idén", state="approved")
    make_post(consultation, "Ett svar", state="approved", parent_id=first)
    make_post(consultation, "Väntande idé")
    make_post(consultation, "Avslagen idé", state="rejected")
    page = client.get(board_url(consultation)).get_data(as_text=True)
    assert page.index("Andra idén") < page.index("Första idén") < page.index("Ett svar")
    assert "Väntande idé" not in page and "Avslagen idé" not in page


def test_board_paginates(app, client, consultation, make_post):
    for i in range(25):
        make_post(consultation, f"Idé nummer {i:02d}", state="approved")
    first = client.get(board_url(consultation)).get_data(as_text=True)
    second = client.get(board_url(consultation) + "?sida=2").get_data(as_text=True)
    assert "Idé nummer 24" in first and "Idé nummer 00" not in first
    assert "Idé nummer 00" in second and "Idé nummer 24" not in second


def support_url(c, post_id):
    return f"/samrad/{c.slug}/inlagg/{post_id}/instam"


def test_support_counts_once_per_browser(app, client, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    token = csrf_token(client.get(board_url(consultation)).get_data(as_text=True))
    first = client.post(support_url(consultation, post_id), data={"csrf_token": token}, headers=JSON)
    again = client.post(support_url(consultation, post_id), data={"csrf_token": token}, headers=JSON)
    assert first.json == {"id": post_id, "support_count": 1, "counted": True, "supported": True}
    assert again.json == {"id": post_id, "support_count": 1, "counted": False, "supported": True}
    other = app.test_client()
    token = csrf_token(other.get(board_url(consultation)).get_data(as_text=True))
    third = other.post(support_url(consultation, post_id), data={"csrf_token": token}, headers=JSON)
    assert third.json["support_count"] == 2
    with app.app_context():
        assert db.session.execute(select(func.count(Support.id))).scalar_one() == 2


def test_support_shows_as_pressed_after_reload(client, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    token = csrf_token(client.get(board_url(consultation)).get_data(as_text=True))
    client.post(support_url(consultation, post_id), data={"csrf_token": token})
    page = client.get(board_url(consultation)).get_data(as_text=True)
    assert 'aria-pressed="true"' in page


def test_support_of_pending_post_is_404(client, consultation, make_post):
    post_id = make_post(consultation)
    token = csrf_token(client.get(board_url(consultation)).get_data(as_text=True))
    response = client.post(support_url(consultation, post_id), data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 404


def test_support_without_csrf_is_refused(client, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    client.get(board_url(consultation))
    response = client.post(support_url(consultation, post_id), headers=JSON)
    assert response.status_code == 400 and response.json["error"] == "csrf"


def test_posting_is_rate_limited_with_a_clear_429(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_POSTS="2 per minute")
    client = app.test_client()
    statuses = []
    for i in range(3):
        data = post_form(client, consultation, body=f"Idé {i}")
        response = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
        statuses.append(response.status_code)
    assert statuses == [201, 201, 429]
    assert response.json["error"] == "too_many_requests"
    assert response.json["message"]
    html = client.post(f"{board_url(consultation)}/inlagg", data=data)
    assert html.status_code == 429 and "<h1 class=\"ds-heading\"" in html.get_data(as_text=True)


def test_reply_to_an_idea_withdrawn_meanwhile_keeps_the_text_and_says_why(app, client, consultation,
                                                                          make_post, moderator):
    from parkbank.moderation.models import Action, Reason
    from tests.helpers import decide

    parent = make_post(consultation, "Idé", state="approved")
    data = post_form(client, consultation, body="Mitt långa svar", parent_id=str(parent))
    with app.app_context():
        decide(parent, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    html = client.post(f"{board_url(consultation)}/inlagg", data=data)
    assert html.status_code == 400
    assert "Mitt långa svar" in html.get_data(as_text=True)
    as_json = client.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert as_json.status_code == 400 and "parent_id" in as_json.json["fields"]


def test_reply_forms_carry_a_submission_key_without_javascript(client, consultation, make_post):
    make_post(consultation, state="approved")
    page = client.get(board_url(consultation)).get_data(as_text=True)
    rendered = page[:page.index("<template")]  # the <template>s are filled in by the script
    keys = re.findall(r'name="submission_key"[^>]*value="([0-9a-f]*)"', rendered)
    assert len(keys) == 2 and all(len(k) == 32 for k in keys)


def test_rate_limit_counts_each_browser_not_the_whole_room(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_POSTS="1 per minute",
                    RATELIMIT_POSTS_PER_ADDRESS="3 per minute")
    statuses = []
    for person in range(4):  # four people on the same Wi-Fi, one post each
        client = app.test_client()
        data = post_form(client, consultation, body=f"Idé från person {person}")
        statuses.append(client.post(f"{board_url(consultation)}/inlagg", data=data,
                                    headers=JSON).status_code)
    assert statuses == [201, 201, 201, 429]  # the per-address ceiling still holds


def test_language_link_after_a_failed_post_points_at_the_board(client, consultation):
    data = post_form(client, consultation, body="")
    page = client.post(f"{board_url(consultation)}/inlagg", data=data).get_data(as_text=True)
    assert f"next=/samrad/{consultation.slug}\"" in page or f"next=/samrad/{consultation.slug}&" in page


def test_another_browsers_submission_key_creates_its_own_post_and_reveals_nothing(
        app, client, consultation, make_post):
    first = post_form(client, consultation, body="Annas idé")
    anna = client.post(f"{board_url(consultation)}/inlagg", data=first, headers=JSON)
    stranger = app.test_client()
    data = post_form(stranger, consultation, body="Bertils idé")
    data["submission_key"] = first["submission_key"]  # Anna's key, seen over her shoulder
    bertil = stranger.post(f"{board_url(consultation)}/inlagg", data=data, headers=JSON)
    assert bertil.status_code == 201 and bertil.json["created"] is True
    assert bertil.json["id"] != anna.json["id"]
    page = stranger.get(board_url(consultation)).get_data(as_text=True)
    assert "Annas idé" not in page and "Bertils idé" in page


def test_a_json_body_with_lone_surrogates_is_stored_without_them(app, client, consultation):
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no database can store: it is dropped
    like a control character, not a server error."""
    data = post_form(client, consultation)
    data.update(body="Fler \ud800bänkar i parken\udc00", alias="Eva\udbff")
    response = client.post(f"{board_url(consultation)}/inlagg", json=data, headers=JSON)
    assert response.status_code == 201
    with app.app_context():
        post = db.session.get(Post, response.json["id"])
        assert (post.body, post.alias) == ("Fler bänkar i parken", "Eva")

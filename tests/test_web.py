"""Request-wide rules: one commit point, small bodies at citizens' doors, bounded integers."""

import re

import pytest
from sqlalchemy import func, select

from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from parkbank.posts.models import Post
from tests.helpers import build_app, csrf_token

JSON = {"Accept": "application/json"}


def form(client, consultation, **fields):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page).group(1)
    return {"csrf_token": csrf_token(page), "submission_key": key, **fields}


def count_posts(app):
    with app.app_context():
        return db.session.execute(select(func.count(Post.id))).scalar_one()


def test_a_refused_request_commits_nothing_the_operation_flushed(app, client, consultation,
                                                                 monkeypatch):
    from parkbank.posts import views

    real = views.submit_post

    def then_refuse(*args, **kwargs):
        real(*args, **kwargs)  # the post is flushed …
        from parkbank.errors import InvalidInput
        raise InvalidInput("no", fields={"body": ["no"]})  # … and then a rule says no

    monkeypatch.setattr(views, "submit_post", then_refuse)
    response = client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON,
                           data=form(client, consultation, body="Idé"))
    assert response.status_code == 400
    assert count_posts(app) == 0


def test_a_large_body_at_a_citizens_door_is_refused_unread(app, client, consultation):
    data = form(client, consultation, body="<a " * 40_000)
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data, headers=JSON)
    assert response.status_code == 413
    assert count_posts(app) == 0


def test_a_body_just_under_the_door_limit_is_refused_with_its_length(app, client, consultation):
    data = form(client, consultation, body="<" * 5000)  # 15 KB encoded
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400
    assert "5\xa0000" in response.json["fields"]["body"][0]  # the count, in Swedish


@pytest.mark.parametrize("query", ["?sida=99999999999999999999999", "?sida=-4", "?sida=x",
                                   "?sida=9223372036854775808"])
def test_page_numbers_out_of_range_give_a_page_not_an_error(client, consultation, query):
    assert client.get(f"/samrad/{consultation.slug}{query}").status_code == 200


@pytest.mark.parametrize("query", [f"?page={2**63}", f"?per_page={2**64}", "?page=0&per_page=-1"])
def test_open_data_paging_out_of_range_is_clamped(client, consultation, query):
    response = client.get(f"/api/v1/consultations/{consultation.slug}/posts{query}")
    assert response.status_code == 200 and response.json["posts"] == []
    assert 1 <= response.json["per_page"] <= 500


def test_ids_out_of_range_are_404(client, consultation):
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/samrad/{consultation.slug}/inlagg/{2**70}/instam",
                           data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 404


def test_a_reply_to_an_id_out_of_range_is_a_clear_400(client, consultation):
    data = form(client, consultation, body="Svar", parent_id=str(2**70))
    response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data, headers=JSON)
    assert response.status_code == 400 and "parent_id" in response.json["fields"]


def test_a_draft_consultation_is_not_shown(client, make_consultation):
    draft = make_consultation("utkast", status=ConsultationStatus.DRAFT, title="Hemligt utkast")
    assert client.get(f"/samrad/{draft.slug}").status_code == 404
    assert "Hemligt utkast" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/api/v1/consultations/{draft.slug}/posts").status_code == 404


def test_failed_validations_do_not_count_against_the_posting_limit(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_POSTS="2 per minute")
    client = app.test_client()
    for _ in range(5):  # five refusals, e.g. a text that is too long, fixed and sent again
        data = form(client, consultation, body="x" * 2001)
        assert client.post(f"/samrad/{consultation.slug}/inlagg", data=data,
                           headers=JSON).status_code == 400
    data = form(client, consultation, body="Nu blev det rätt")
    assert client.post(f"/samrad/{consultation.slug}/inlagg", data=data,
                       headers=JSON).status_code == 201


def test_a_support_can_be_taken_back(client, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    url = f"/samrad/{consultation.slug}/inlagg/{post_id}/instam"
    client.post(url, data={"csrf_token": token}, headers=JSON)
    back = client.post(url, data={"csrf_token": token, "undo": "1"}, headers=JSON)
    assert back.json == {"id": post_id, "support_count": 0, "counted": True, "supported": False}
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert 'aria-pressed="false"' in page and 'aria-pressed="true"' not in page


def test_text_as_typed_shows_exactly_on_the_board_and_in_open_data(client, consultation,
                                                                   make_post):
    typed = "Skriv <namn> på listan &#60;b&#62; 5 < 7"
    make_post(consultation, typed, state="approved")
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert "Skriv &lt;namn&gt; på listan &amp;#60;b&amp;#62; 5 &lt; 7" in page
    [post] = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json["posts"]
    assert post["body"] == typed
    assert post["body_html"] == "Skriv &lt;namn&gt; på listan &amp;#60;b&amp;#62; 5 &lt; 7"


def test_a_2000_character_idea_in_any_script_fits_the_door(app, client, consultation):
    for text in ("图" * 2000, "😀" * 2000):
        data = form(client, consultation, body=text)
        response = client.post(f"/samrad/{consultation.slug}/inlagg", data=data, headers=JSON)
        assert response.status_code == 201, response.status_code


@pytest.mark.parametrize("query", ["?sida=%C2%B2", "?sida=%D9%A3", "?sida=%EF%BC%93"])
def test_digits_that_are_not_ascii_give_the_first_page(client, consultation, query):
    assert client.get(f"/samrad/{consultation.slug}{query}").status_code == 200
    api = client.get(f"/api/v1/consultations/{consultation.slug}/posts{query.replace('sida', 'page')}")
    assert api.status_code == 200 and api.json["page"] == 1


def test_a_decision_refused_after_a_flush_keeps_nothing_even_when_it_redirects(
        app, client, consultation, moderator, make_post, monkeypatch):
    from parkbank.moderation import lifecycle, views
    from parkbank.moderation.models import Decision
    from tests.helpers import login

    post_id = make_post(consultation, "Idé")
    real_apply = lifecycle.apply

    def apply_then_lose(*args, **kwargs):
        real_apply(*args, **kwargs)  # flushed: state, decision row, event number …
        raise lifecycle.AlreadyDecided(status="approved", decided_by="Nils", action="approve",
                                       decided_at="2026-11-25T10:00:00+00:00")

    monkeypatch.setattr(views.lifecycle, "apply", apply_then_lose)
    login(client, moderator)
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/moderering/inlagg/{post_id}/beslut",
                           data={"action": "approve", "csrf_token": token})
    assert response.status_code == 303  # back to the queue, with the message …
    with app.app_context():  # … and nothing of the refused decision kept
        assert db.session.get(Post, post_id).state.value == "pending"
        assert db.session.execute(select(func.count(Decision.id))).scalar_one() == 0

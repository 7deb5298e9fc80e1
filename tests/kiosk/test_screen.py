"""The kiosk's doors (issue 14): its view, posting and supporting as visits, limits per kiosk,
and staff logins on a kiosk."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parkbank.auth import idle
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.kiosk.operations import register_kiosk, set_active
from parkbank.posts.models import Channel, Post
from tests.conftest import _empty_tables
from tests.helpers import build_app, csrf_token, login

JSON = {"Accept": "application/json"}
VISIT_A = "visit-a-0123456789abcdef"
VISIT_B = "visit-b-0123456789abcdef"


@pytest.fixture
def make_kiosk(app):
    def make(consultation, name="Kiosken vid entrén", place="Stadsbiblioteket"):
        with app.app_context():
            kiosk, token = register_kiosk(name=name, place=place,
                                          consultation=db.session.get(Consultation, consultation.id))
            db.session.commit()
            return kiosk.id, token
    return make


@pytest.fixture
def kiosk(make_kiosk, consultation):
    return make_kiosk(consultation)


def _post(client, token, body="En idé från kiosken", visit=VISIT_A, key="k1", **extra):
    return client.post(f"/kiosk/{token}/inlagg", headers=JSON,
                       data={"body": body, "visit": visit, "submission_key": key, **extra})


def test_the_kiosk_shows_its_consultation_and_public_posts_only(client, kiosk, consultation, make_post):
    make_post(consultation, "Publicerad idé", state="approved")
    make_post(consultation, "Väntande idé")
    page = client.get(f"/kiosk/{kiosk[1]}").get_data(as_text=True)
    assert "Nytt bibliotek" in page and "Publicerad idé" in page
    assert "Väntande idé" not in page
    assert "Stadsbiblioteket" in page
    assert 'name="email"' not in page  # no e-mail on a shared screen
    assert 'autocomplete="off"' in page


def test_an_unknown_address_is_not_found_and_a_switched_off_kiosk_says_so(app, client, kiosk):
    assert client.get("/kiosk/nonsense-token").status_code == 404
    with app.app_context():
        from parkbank.kiosk.models import Kiosk
        set_active(db.session.get(Kiosk, kiosk[0]), False)
        db.session.commit()
    answer = client.get(f"/kiosk/{kiosk[1]}")
    assert answer.status_code == 403
    assert "Den här kiosken är avstängd" in answer.get_data(as_text=True)
    refused = _post(client, kiosk[1])
    assert refused.status_code == 403 and refused.get_json()["error"] == "kiosk_disabled"


def test_a_post_from_a_kiosk_waits_for_moderation_marked_with_the_kiosk_and_its_place(app, client, kiosk):
    answer = _post(client, kiosk[1], email="someone@example.se", consent="y")
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["status"] == "pending"
    with app.app_context():
        post = db.session.get(Post, answer.get_json()["id"])
        assert (post.channel, post.place, post.kiosk_id) == (Channel.KIOSK, "Stadsbiblioteket", kiosk[0])
        assert post.email is None  # a kiosk takes no e-mail address, whatever is sent
        assert post.participant_key


def test_a_post_sent_again_after_a_network_cut_is_stored_once(app, client, kiosk):
    first = _post(client, kiosk[1], key="outbox-1")
    again = _post(client, kiosk[1], key="outbox-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    # Another visitor's post with the same key is their own post.
    other = _post(client, kiosk[1], visit=VISIT_B, key="outbox-1")
    assert other.status_code == 201 and other.get_json()["id"] != first.get_json()["id"]


def test_supports_count_once_per_visit(client, kiosk, consultation, make_post):
    idea = make_post(consultation, "Fler sittplatser", state="approved")
    url = f"/kiosk/{kiosk[1]}/inlagg/{idea}/instam"
    assert client.post(url, data={"visit": VISIT_A}, headers=JSON).get_json()["support_count"] == 1
    again = client.post(url, data={"visit": VISIT_A}, headers=JSON).get_json()
    assert (again["support_count"], again["counted"]) == (1, False)
    # The next visitor at the same kiosk is someone else.
    assert client.post(url, data={"visit": VISIT_B}, headers=JSON).get_json()["support_count"] == 2
    undo = client.post(url, data={"visit": VISIT_B, "undo": "1"}, headers=JSON).get_json()
    assert (undo["support_count"], undo["supported"]) == (1, False)


def test_a_malformed_visit_is_a_visit_of_its_own(client, kiosk, consultation, make_post):
    idea = make_post(consultation, "Längre öppettider", state="approved")
    url = f"/kiosk/{kiosk[1]}/inlagg/{idea}/instam"
    for _ in range(2):
        client.post(url, data={"visit": "<script>"}, headers=JSON)
    assert client.post(url, data={"visit": "x" * 80}, headers=JSON).get_json()["support_count"] == 3


def test_bad_input_is_refused_with_the_reason_and_the_text_kept(client, kiosk):
    empty = _post(client, kiosk[1], body="   ")
    assert empty.status_code == 400 and "body" in empty.get_json()["fields"]
    long = _post(client, kiosk[1], body="å" * 2001)
    assert "2\xa0001" in long.get_json()["fields"]["body"][0]
    page = client.post(f"/kiosk/{kiosk[1]}/inlagg", data={"body": "x" * 2001, "alias": "Kommunen"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "x" * 2001 in html and 'data-open="true"' in html


def test_without_script_a_post_is_sent_and_the_kiosk_thanks(client, kiosk, app):
    answer = client.post(f"/kiosk/{kiosk[1]}/inlagg", data={"body": "Utan skript"})
    # The thanks come in the answer itself, with the visitor's follow code (tests/follow), which
    # is never kept in a flash message (a cookie); the page returns to the start by itself.
    assert answer.status_code == 200 and "Tack!" in answer.get_data(as_text=True)
    assert f'content="60;url=/kiosk/{kiosk[1]}"' in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Post.participant_key).where(Post.body == "Utan skript")).scalar()


def test_a_closed_consultation_takes_nothing_from_its_kiosk(client, make_consultation, make_kiosk):
    closed = make_consultation(slug="stangt", status=ConsultationStatus.CLOSED)
    _id, token = make_kiosk(closed)
    page = client.get(f"/kiosk/{token}").get_data(as_text=True)
    assert "kiosk-form" not in page
    assert _post(client, token).status_code == 409


@pytest.fixture
def limited_app(schema, app):
    """Built after the default app: Flask-Limiter keeps the settings of the last app it joined."""
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_KIOSK_POSTS="2 per minute",
                    RATELIMIT_POSTS_PER_ADDRESS="1 per minute", RATELIMIT_POSTS="1 per minute")
    yield app
    with app.app_context():
        _empty_tables()


def test_limits_count_per_kiosk_not_per_address(limited_app, make_consultation):
    from parkbank.kiosk.operations import register_kiosk as register

    consultation = make_consultation()
    with limited_app.app_context():
        merged = db.session.get(Consultation, consultation.id)
        (_a, token_a), (_b, token_b) = (register(name="A", place="Bibliotek", consultation=merged),
                                        register(name="B", place="Bibliotek", consultation=merged))
        db.session.commit()
    client = limited_app.test_client()  # one address for both kiosks, as in one library
    statuses = [_post(client, token_a, key=f"a{i}", visit=f"visit-{i}-0123456789abcdef").status_code
                for i in range(3)]
    assert statuses == [201, 201, 429]
    assert _post(client, token_b, key="b0").status_code == 201  # the other kiosk is not held back


def test_staff_log_in_on_a_kiosk_for_a_short_while_and_return_to_its_view(
        client, kiosk, moderator, consultation, monkeypatch):
    now = [2_000_000_000.0]
    monkeypatch.setattr(idle.time, "time", lambda: now[0])
    answer = client.get(f"/kiosk/{kiosk[1]}/personal")
    assert answer.headers["Location"] == f"/logga-in?next=/moderering/{consultation.slug}"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'name="remember"' not in page and "5 minuter" in page
    logged_in = client.post(answer.headers["Location"], data={
        "email": moderator.email, "password": moderator.password, "remember": "y",
        "csrf_token": csrf_token(page)})
    assert logged_in.headers["Location"] == f"/moderering/{consultation.slug}"
    assert not any(c.startswith("remember_token=") for c in logged_in.headers.getlist("Set-Cookie"))
    queue = client.get(logged_in.headers["Location"]).get_data(as_text=True)
    assert 'id="kiosk-staff"' in queue and 'data-idle-seconds="300"' in queue
    # Idle for more than five minutes: back to the kiosk's public view, logged out.
    now[0] += 4 * 60  # four minutes: still logged in
    assert client.get("/moderering/").status_code == 200
    now[0] += 5 * 60 + 1
    expired = client.get(f"/moderering/{consultation.slug}")
    assert expired.headers["Location"] == f"/kiosk/{kiosk[1]}"
    assert client.get("/moderering/").status_code == 302


def test_logging_out_on_a_kiosk_returns_to_its_view(client, kiosk, moderator, consultation):
    client.get(f"/kiosk/{kiosk[1]}/personal")
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    out = client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    assert out.headers["Location"] == f"/kiosk/{kiosk[1]}"
    assert client.get("/moderering/").status_code == 302


def test_the_kiosk_view_ends_a_staff_login_made_on_it(client, kiosk, moderator):
    client.get(f"/kiosk/{kiosk[1]}/personal")
    login(client, moderator)
    assert client.get("/moderering/").status_code == 200
    assert client.get(f"/kiosk/{kiosk[1]}").status_code == 200
    assert client.get("/moderering/").status_code == 302


def test_a_login_elsewhere_is_not_touched_by_a_kiosk(client, kiosk, moderator):
    login(client, moderator)
    assert client.get(f"/kiosk/{kiosk[1]}").status_code == 200
    assert client.get("/moderering/").status_code == 200


def test_a_visitor_may_switch_to_english_and_the_reset_returns_to_swedish(client, kiosk):
    page = client.get(f"/kiosk/{kiosk[1]}").get_data(as_text=True)
    assert "In English" in page and 'data-home-language=""' in page
    client.get(f"/sprak/en?next=/kiosk/{kiosk[1]}")
    english = client.get(f"/kiosk/{kiosk[1]}").get_data(as_text=True)
    assert "Write your idea" in english and "På svenska" in english
    assert f'data-home-language="/sprak/sv?next=/kiosk/{kiosk[1]}"' in english


@pytest.fixture
def clock(monkeypatch):
    now = [2_000_000_000.0]
    monkeypatch.setattr(idle.time, "time", lambda: now[0])
    return now


def _kiosk_login(client, token, user):
    page = client.get(client.get(f"/kiosk/{token}/personal").headers["Location"]).get_data(as_text=True)
    answer = client.post("/logga-in", data={"email": user.email, "password": user.password,
                                           "csrf_token": csrf_token(page)})
    assert answer.status_code == 303


def test_the_next_login_on_a_kiosk_starts_its_own_idle_clock(client, kiosk, moderator, consultation,
                                                             clock):
    _kiosk_login(client, kiosk[1], moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    clock[0] += 10 * 60  # the next staff member comes along ten minutes later
    _kiosk_login(client, kiosk[1], moderator)
    assert client.get(f"/moderering/{consultation.slug}").status_code == 200


def test_a_kiosk_link_tried_at_a_desk_leaves_no_kiosk_login_behind(client, kiosk, moderator):
    client.get(f"/kiosk/{kiosk[1]}/personal")
    assert client.get(f"/kiosk/{kiosk[1]}").status_code == 200  # back to the kiosk: marker gone
    login(client, moderator)
    page = client.get("/logga-in").get_data(as_text=True)
    assert 'name="remember"' in page and 'id="kiosk-staff"' not in page


def test_a_meeting_screen_opened_by_staff_outlives_their_idle_login(client, moderator, consultation,
                                                                    clock):
    login(client, moderator)
    assert client.get(f"/samrad/{consultation.slug}/skarm").status_code == 200
    clock[0] += 3 * 60 * 60  # a long evening meeting; the screen reloads (a status change)
    answer = client.get(f"/samrad/{consultation.slug}/skarm")
    assert answer.status_code == 200 and "logga-in" not in answer.headers.get("Location", "")
    assert client.get("/moderering/").status_code == 302  # the login itself has ended


def test_the_login_page_on_a_kiosk_leads_only_back_to_it(client, kiosk):
    login_page = client.get(client.get(f"/kiosk/{kiosk[1]}/personal").headers["Location"])
    html = login_page.get_data(as_text=True)
    assert "Avbryt och gå tillbaka till kiosken" in html and f'href="/kiosk/{kiosk[1]}"' in html
    for away in ('href="/"', 'href="/kanaler"', 'href="/personuppgifter"', "/sprak/"):
        assert away not in html, away
    assert 'autocomplete="username"' not in html and 'autocomplete="current-password"' not in html
    # Left alone, it returns to the kiosk after the visitors' idle time.
    assert 'data-idle-seconds="60"' in html and "kiosk-staff.js" in html

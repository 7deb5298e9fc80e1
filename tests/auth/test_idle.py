"""Staff logins end after PARKBANK_STAFF_IDLE_MINUTES without a request (issue 13)."""

from __future__ import annotations

import pytest

from parkbank.auth import idle
from parkbank.config import from_environment
from parkbank.moderation.models import Decision
from tests.helpers import build_app, csrf_token, login


class Clock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(idle.time, "time", clock)
    return clock


def test_the_idle_limit_is_a_setting():
    assert from_environment({}, "/tmp", False)["STAFF_IDLE_MINUTES"] == 60
    assert from_environment({"PARKBANK_STAFF_IDLE_MINUTES": "15"}, "/tmp", False)[
        "STAFF_IDLE_MINUTES"] == 15


def test_a_login_in_use_stays(client, moderator, consultation, clock):
    login(client, moderator)
    for _ in range(5):
        clock.now += 50 * 60  # a request every 50 minutes: never 60 idle
        assert client.get("/moderering/").status_code == 200


def test_an_idle_login_ends_with_a_message_and_a_way_back(client, moderator, consultation, clock):
    page = client.get("/logga-in").get_data(as_text=True)
    client.post("/logga-in", data={"email": moderator.email, "password": moderator.password,
                                   "remember": "y", "csrf_token": csrf_token(page)})
    assert client.get("/moderering/").status_code == 200
    clock.now += 60 * 60 + 1
    answer = client.get(f"/moderering/{consultation.slug}")
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith("/logga-in?next=/moderering/")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Du loggades ut efter 60 minuter utan aktivitet" in page
    # "Stay logged in" ends too: the cookie is cleared, and the next request is anonymous.
    assert any(c.startswith("remember_token=;") for c in answer.headers.getlist("Set-Cookie"))
    assert client.get("/moderering/").status_code == 302


def test_an_idle_decision_is_refused_and_decides_nothing(app, client, moderator, make_post,
                                                         consultation, clock):
    post_id = make_post(consultation, body="Väntar")
    login(client, moderator)
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    clock.now += 61 * 60
    answer = client.post(f"/moderering/inlagg/{post_id}/beslut",
                         data={"action": "approve", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 401 and answer.json["error"] == "logged_out"
    with app.app_context():
        from parkbank.extensions import db
        assert db.session.query(Decision).filter_by(post_id=post_id).count() == 0


def test_zero_means_no_idle_limit(schema, moderator, consultation, clock):
    client = build_app(schema, STAFF_IDLE_MINUTES=0).test_client()
    login(client, moderator)
    clock.now += 30 * 24 * 3600
    assert client.get("/moderering/").status_code == 200


def test_citizens_carry_no_staff_clock(client, consultation):
    client.get(f"/samrad/{consultation.slug}")
    with client.session_transaction() as session:
        assert idle.SEEN not in session

"""A closed consultation not yet followed up is due after PARKBANK_OUTCOME_REMINDER_DAYS: on its
leaders' start page until it is done, and reminded again every as many days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.outcomes.reminders import due_reminders, leaders_of, send_reminders
from tests.outcomes.conftest import staff_client

NOW = utcnow().replace(microsecond=0)


@pytest.fixture
def closed(app, make_consultation, make_post, leader):
    """Open until 20 days ago, with one published idea and no summary."""
    c = make_consultation("stangt", opens_at=NOW - timedelta(days=60), closes_at=NOW - timedelta(days=20))
    with app.app_context():  # ideas came in while it was open
        db.session.get(Consultation, c.id).closes_at = NOW + timedelta(days=1)
        db.session.commit()
    c.idea = make_post(c, "En idé", state="approved")
    with app.app_context():
        db.session.get(Consultation, c.id).closes_at = NOW - timedelta(days=20)
        db.session.commit()
    return c


def _due(app, at):
    with app.app_context():
        return [(d.consultation.slug, d.without_outcome, d.needs_summary) for d in due_reminders(at)]


def _send(app, at):
    with app.app_context():
        sent = [d.consultation.slug for d in send_reminders(at)]
        db.session.commit()
        return sent


def test_due_after_the_days_and_reminded_again_every_as_many_days(app, closed):
    assert _due(app, NOW - timedelta(days=7)) == []  # closed 13 days before: not yet
    assert _due(app, NOW) == [("stangt", 1, True)]
    assert _send(app, NOW) == ["stangt"]
    assert _send(app, NOW + timedelta(days=1)) == []  # reminded a day ago
    assert _due(app, NOW + timedelta(days=13)) == []
    assert _send(app, NOW + timedelta(days=14)) == ["stangt"]  # still not done: again
    with app.app_context():
        assert db.session.get(Consultation, closed.id).outcome_reminded_at == NOW + timedelta(days=14)


def test_done_when_every_idea_has_an_outcome_and_the_summary_is_written(app, closed, leader):
    with app.app_context():
        c = db.session.get(Consultation, closed.id)
        set_outcome(c, closed.idea, OutcomeInput("received"), user=db.session.get(User, leader.id))
        db.session.commit()
    assert _due(app, NOW) == [("stangt", 0, True)]
    with app.app_context():
        db.session.get(Consultation, closed.id).closing_summary = "Klart."
        db.session.commit()
    assert _due(app, NOW) == [] and _send(app, NOW) == []


def test_an_open_consultation_is_never_due(app, consultation, make_post):
    make_post(consultation, state="approved")
    assert _due(app, NOW + timedelta(days=400)) == []


def test_the_days_are_a_setting(app, closed):
    app.config["OUTCOME_REMINDER_DAYS"] = 30
    assert _due(app, NOW) == []
    assert _due(app, NOW + timedelta(days=10)) == [("stangt", 1, True)]


def test_the_leaders_see_it_on_their_start_page_others_do_not(app, closed, leader, make_user):
    page = staff_client(app, leader).get("/personal").get_data(as_text=True)
    assert "/samrad/stangt/utfall" in page
    assert "1 idea without an outcome" in page or "1 idé utan utfall" in page
    assert "/samrad/stangt/utfall#sammanfattning" in page
    moderator = make_user(Role.MODERATOR)
    assert "/samrad/stangt/utfall" not in staff_client(app, moderator).get("/personal").get_data(as_text=True)
    with app.app_context():
        assert [u.id for u in leaders_of(closed.id)] == [leader.id]


def test_the_command_reminds_once_and_says_of_what(app, runner, closed):
    first = runner.invoke(args=["outcomes", "remind"])
    assert first.exit_code == 0, first.output
    assert "/samrad/stangt: 1 ideas without an outcome; no closing summary" in first.output
    again = runner.invoke(args=["outcomes", "remind"])
    assert again.exit_code == 0 and again.output == ""
    with app.app_context():
        assert db.session.get(Consultation, closed.id).outcome_reminded_at is not None

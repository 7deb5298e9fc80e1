"""`flask consultation create|list|set-status`, and what a paused consultation does (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from tests.helpers import csrf_token

FULL = ["consultation", "create", "--slug", "ny-skola", "--title", "Ny skola",
        "--question", "Vad behövs i nya skolan?", "--description", "Skolan byggs 2028.",
        "--case-number", "BUN 2026/7", "--department", "Utbildningsförvaltningen",
        "--opens", "2026-12-01", "--closes", "2026-12-20T18:00", "--next-steps", "Nämnden beslutar."]


def stored(app, slug):
    with app.app_context():
        return db.session.execute(select(Consultation).where(Consultation.slug == slug)).scalar_one()


def test_create_stores_every_fact_and_starts_as_a_draft_nobody_sees(app, runner, client):
    result = runner.invoke(args=FULL)
    assert result.exit_code == 0, result.output
    assert "Created /samrad/ny-skola (draft)." in result.output
    assert "consultation set-status ny-skola open" in result.output
    c = stored(app, "ny-skola")
    assert (c.title, c.question, c.description) == ("Ny skola", "Vad behövs i nya skolan?",
                                                    "Skolan byggs 2028.")
    assert (c.case_number, c.department, c.next_steps) == ("BUN 2026/7", "Utbildningsförvaltningen",
                                                           "Nämnden beslutar.")
    # Times without a zone are Stockholm's: midnight on 1 December is 23:00 UTC the day before.
    assert c.opens_at == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert c.closes_at == datetime(2026, 12, 20, 17, 0, tzinfo=UTC)
    assert c.status is ConsultationStatus.DRAFT
    assert client.get("/samrad/ny-skola").status_code == 404


def test_set_status_opens_pauses_and_closes(app, runner, client):
    runner.invoke(args=FULL)
    assert runner.invoke(args=["consultation", "set-status", "ny-skola", "open"]).exit_code == 0
    page = client.get("/samrad/ny-skola").get_data(as_text=True)
    assert "Skriv din idé" in page and "BUN 2026/7" in page
    result = runner.invoke(args=["consultation", "set-status", "ny-skola", "paused"])
    assert "/samrad/ny-skola is now paused." in result.output
    assert stored(app, "ny-skola").status is ConsultationStatus.PAUSED
    listed = runner.invoke(args=["consultation", "list"]).output
    assert "ny-skola\tpaused\tBUN 2026/7\tNy skola" in listed


@pytest.mark.parametrize("change, words", [
    ({"--slug": "Ny Skola"}, "a–z, 0–9"),
    ({"--slug": "ny--skola"}, "a–z, 0–9"),
    ({"--title": "   "}, "Titeln får inte vara tom."),
    ({"--title": "x" * 201}, "Titeln får ha högst 200 tecken."),
    ({"--closes": "2026-11-30"}, "Stängningstiden måste komma efter öppningstiden."),
    ({"--opens": "igår"}, "is not an ISO 8601 time"),
])
def test_create_refuses_bad_input_with_a_clear_message(app, runner, change, words):
    args = list(FULL)
    for option, value in change.items():
        args[args.index(option) + 1] = value
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert words in result.output
    with app.app_context():
        assert db.session.execute(select(Consultation)).first() is None


def test_a_slug_is_used_once(runner):
    runner.invoke(args=FULL)
    again = runner.invoke(args=FULL)
    assert again.exit_code != 0 and "/samrad/ny-skola" in again.output


def test_a_paused_consultation_is_readable_and_takes_nothing_new(app, client, make_consultation,
                                                                 make_post):
    c = make_consultation(slug="pausad")
    idea = make_post(c, body="En idé från förut", state="approved")
    page = client.get("/samrad/pausad").get_data(as_text=True)
    token = csrf_token(page)
    with app.app_context():
        db.session.get(Consultation, c.id).status = ConsultationStatus.PAUSED
        db.session.commit()
    page = client.get("/samrad/pausad").get_data(as_text=True)
    assert "Samrådet är pausat" in page and "En idé från förut" in page
    assert 'id="post-form"' not in page and "Pausat" in page
    sent = client.post("/samrad/pausad/inlagg", data={"body": "Ny idé", "csrf_token": token},
                       headers={"Accept": "application/json"})
    assert sent.status_code == 409
    assert sent.json["error"] == "consultation_closed" and "pausat" in sent.json["message"]
    support = client.post(f"/samrad/pausad/inlagg/{idea}/instam", data={"csrf_token": token},
                          headers={"Accept": "application/json"})
    assert support.status_code == 409
    start = client.get("/").get_data(as_text=True)
    assert 'href="/samrad/pausad"' in start  # among the ongoing ones, not in an archive
    assert "archive-heading" not in start

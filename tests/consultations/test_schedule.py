"""Consultations open and close by themselves at their times, and open boards learn it live
(`consultation_status`), also on catch-up (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.consultations.operations import apply_schedule, set_status
from parkbank.database import utcnow
from parkbank.extensions import db
from tests.helpers import csrf_token, events

S = ConsultationStatus


def statuses(app):
    with app.app_context():
        return dict(db.session.execute(select(Consultation.slug, Consultation.status)).all())


def test_the_schedule_opens_and_closes_what_is_due_and_nothing_else(app, make_consultation):
    now = utcnow()
    make_consultation(slug="ska-oppna", status=S.DRAFT, opens_at=now - timedelta(minutes=1))
    make_consultation(slug="utkast-utan-tid", status=S.DRAFT)
    make_consultation(slug="oppnar-sen", status=S.DRAFT, opens_at=now + timedelta(days=1))
    make_consultation(slug="ska-stanga", closes_at=now - timedelta(seconds=1))
    make_consultation(slug="pausad-ska-stanga", status=S.PAUSED, closes_at=now)
    make_consultation(slug="pagar", closes_at=now + timedelta(hours=1))
    make_consultation(slug="redan-stangd", status=S.CLOSED, opens_at=now - timedelta(days=9))
    with app.app_context():
        changed = sorted(c.slug for c in apply_schedule(now))
        db.session.commit()
    assert changed == ["pausad-ska-stanga", "ska-oppna", "ska-stanga"]
    assert statuses(app) == {
        "ska-oppna": S.OPEN, "utkast-utan-tid": S.DRAFT, "oppnar-sen": S.DRAFT,
        "ska-stanga": S.CLOSED, "pausad-ska-stanga": S.CLOSED, "pagar": S.OPEN,
        "redan-stangd": S.CLOSED}
    with app.app_context():
        assert apply_schedule(now) == []  # a second run changes nothing


def test_past_its_closing_time_nothing_is_taken_even_before_the_schedule_runs(app, client,
                                                                            make_consultation):
    c = make_consultation(slug="for-sent", closes_at=utcnow() + timedelta(seconds=2))
    token = csrf_token(client.get("/samrad/for-sent").get_data(as_text=True))
    with app.app_context():
        row = db.session.get(Consultation, c.id)
        row.closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    answer = client.post("/samrad/for-sent/inlagg", data={"body": "Sent", "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.json["error"] == "consultation_closed"
    assert "Samrådet är avslutat" in client.get("/samrad/for-sent").get_data(as_text=True)


def test_open_boards_are_told_and_a_late_joiner_catches_up(app, socket_for, consultation):
    board = socket_for()
    assert board.emit("join_board", {"consultation": consultation.slug, "after": 0},
                      callback=True)["ok"]
    with app.app_context():
        set_status(consultation.slug, S.PAUSED)
        db.session.commit()
    assert events(board, "consultation_status") == [{"event_id": 1, "status": "paused"}]
    with app.app_context():
        set_status(consultation.slug, S.CLOSED)
        db.session.commit()
    late = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 0},
                             callback=True)
    # By reference: both events are told with the status as it is now.
    assert late["events"] == [
        {"event": "consultation_status", "data": {"event_id": 1, "status": "closed"}},
        {"event": "consultation_status", "data": {"event_id": 2, "status": "closed"}}]


def test_tick_command_reports_what_changed(app, runner, make_consultation):
    make_consultation(slug="dags", status=S.DRAFT, opens_at=utcnow() - timedelta(minutes=5))
    result = runner.invoke(args=["consultation", "tick"])
    assert result.exit_code == 0 and "/samrad/dags is now open." in result.output
    assert statuses(app)["dags"] is S.OPEN

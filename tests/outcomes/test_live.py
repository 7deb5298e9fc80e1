"""An outcome change reaches open boards as `post_outcome`: at once to a connected Socket.IO
client, and on catch-up built as the idea is now."""

from __future__ import annotations

from parkbank.moderation.models import Action, Reason
from tests.helpers import decide, events
from tests.outcomes.conftest import send_outcome, staff_client


def test_a_connected_board_is_told_the_outcome(app, socket_for, consultation, leader, make_post):
    idea = make_post(consultation, "Fler bänkar", state="approved")
    board = socket_for()
    ack = board.emit("join_board", {"consultation": consultation.slug, "after": 1}, callback=True)
    assert ack["ok"] and ack["events"] == []
    response = send_outcome(staff_client(app, leader), consultation, idea, outcome="implemented",
                            explanation="Klart i maj.")
    assert response.status_code == 200
    [told] = events(board, "post_outcome")
    assert told["event_id"] == 2 and told["post"]["id"] == idea
    assert told["post"]["outcome"]["state"] == "implemented"
    assert told["post"]["outcome"]["explanation"] == "Klart i maj."
    assert "email" not in told["post"]


def test_catch_up_tells_the_outcome_as_it_is_now_or_the_withdrawal(app, socket_for, consultation,
                                                                   leader, moderator, make_post):
    idea = make_post(consultation, "Fler bänkar", state="approved")
    gone = make_post(consultation, "Tas bort", state="approved")
    client = staff_client(app, leader)
    send_outcome(client, consultation, idea, outcome="investigating")
    send_outcome(client, consultation, idea, outcome="decided")
    send_outcome(client, consultation, gone, outcome="received")
    with app.app_context():
        from parkbank.extensions import db

        decide(gone, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": 2}, callback=True)
    told = [(e["event"], e["data"]) for e in ack["events"]]
    outcomes = [d["post"]["outcome"]["state"] for name, d in told if name == "post_outcome"]
    assert outcomes == ["decided", "decided"]  # built when read: never an older outcome
    assert ("post_withdrawn", {"event_id": 5, "post_id": gone}) in told

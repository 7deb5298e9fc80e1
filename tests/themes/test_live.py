"""Tag changes reach every open board as live events, logged by reference and built when read."""

from __future__ import annotations

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from parkbank.themes.operations import rename_theme
from tests.helpers import decide


def _catch_up(socket_for, consultation, after=0):
    ack = socket_for().emit("join_board", {"consultation": consultation.slug, "after": after},
                            callback=True)
    assert ack["ok"], ack
    return [(e["event"], e["data"]) for e in ack["events"]]


def test_tagging_a_published_idea_tells_boards_its_themes_and_the_counts(socket_for, consultation,
                                                                         make_post, make_theme, tag):
    trafik = make_theme(consultation, "Trafik")  # event 1: theme_counts
    idea = make_post(consultation, "Cykelställ", state="approved")  # 2: post_published
    tag(idea, trafik)  # 3: post_themes, 4: theme_counts
    events = _catch_up(socket_for, consultation, after=2)
    assert [name for name, _ in events] == ["post_themes", "theme_counts"]
    assert events[0][1]["post"]["themes"] == [{"slug": "trafik", "name": "Trafik"}]
    assert events[1][1] == {"event_id": 4, "themes": [{"slug": "trafik", "name": "Trafik", "count": 1}]}


def test_tagging_a_waiting_idea_tells_no_board(socket_for, consultation, make_post, make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    tag(make_post(consultation, "Väntar"), trafik)
    assert [name for name, _ in _catch_up(socket_for, consultation)] == ["theme_counts"]


def test_catch_up_tells_the_counts_and_names_as_they_are_now(app, socket_for, consultation, make_post,
                                                            make_theme, tag, moderator, leader):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Cykelställ", state="approved")
    tag(idea, trafik)
    with app.app_context():
        rename_theme(db.session.get(Consultation, consultation.id), trafik, "Gator",
                     user=db.session.get(User, leader.id))
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    events = _catch_up(socket_for, consultation)
    counts = [data["themes"] for name, data in events if name == "theme_counts"]
    assert counts and all(c == [{"slug": "trafik", "name": "Gator", "count": 0}] for c in counts)
    # The idea is no longer public: its tagging is told as its withdrawal, without its text.
    assert ("post_withdrawn", {"event_id": 3, "post_id": idea}) in events
    assert "Cykelställ" not in str(events)


def test_withdrawing_a_tagged_idea_updates_the_counts(app, socket_for, consultation, make_post,
                                                     make_theme, tag, moderator):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Cykelställ", state="approved")
    tag(idea, trafik)
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": 4}, callback=True)
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    received = [(e["name"], e["args"][0]) for e in board.get_received()]
    assert [name for name, _ in received] == ["post_withdrawn", "theme_counts"]
    assert received[1][1]["themes"] == [{"slug": "trafik", "name": "Trafik", "count": 0}]


def test_the_shared_client_counts_every_board_event_of_the_catalogue():
    """A screen that does nothing with an event (the kiosk and the meeting screen show no themes)
    must still count it, or it waits for a gap that never fills: live.js lists them all."""
    import re
    from pathlib import Path

    from parkbank.live import protocol

    script = (Path(__file__).resolve().parents[2] / "static/js/live.js").read_text()
    listed = re.search(r"var BOARD_EVENTS = \[([^\]]*)\]", script).group(1)
    assert set(re.findall(r'"([a-z_]+)"', listed)) == set(protocol.BOARD_EVENTS)

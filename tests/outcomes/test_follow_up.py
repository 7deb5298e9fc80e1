"""The public follow-up page and the responsiveness figures, checked against hand-computed values."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.moderation.models import Decision
from parkbank.official.operations import publish_official_reply
from parkbank.outcomes.figures import responsiveness
from parkbank.outcomes.models import Outcome
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.posts.models import Post

T0 = utcnow().replace(microsecond=0) - timedelta(days=30)


def _at(post_id, created, decided=None):
    db.session.execute(update(Post).where(Post.id == post_id).values(created_at=created))
    if decided is not None:
        db.session.execute(update(Decision).where(Decision.post_id == post_id).values(created_at=decided))


@pytest.fixture
def scene(app, consultation, make_post, make_user):
    """Ideas A, B, D published, C rejected, E waiting. Submitted at T0; decided after 1 h (A),
    3 h (B), 5 h (C), 7 h (D). A answered after 24 h, D after 48 h (and again after 72 h).
    Outcomes: A decided, B received, D none."""
    leader = make_user(Role.PROJECT_LEADER, name="Lena")
    responder = make_user(Role.RESPONDER, name="Eva")
    ids = {k: make_post(consultation, f"Idé {k}", state=s) for k, s in
           (("A", "approved"), ("B", "approved"), ("C", "rejected"), ("D", "approved"), ("E", "pending"))}
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        for key, hours in (("A", 1), ("B", 3), ("C", 5), ("D", 7)):
            _at(ids[key], T0, T0 + timedelta(hours=hours))
        _at(ids["E"], T0)
        for key, hours in (("A", 24), ("D", 48), ("D", 72)):
            reply = publish_official_reply(c, ids[key], db.session.get(User, responder.id),
                                           f"Svar på {key} efter {hours} h")
            reply.published_at = T0 + timedelta(hours=hours)
        user = db.session.get(User, leader.id)
        set_outcome(c, ids["A"], OutcomeInput("decided", "Beslutat i nämnden.",
                                              "https://kommun.example/beslut", "KS 2026/1"), user=user)
        set_outcome(c, ids["B"], OutcomeInput("received", "Tack!"), user=user)
        c.closing_summary = "Sammanfattningen."
        db.session.commit()
    return ids


def test_the_figures_are_the_hand_computed_ones(app, consultation, scene):
    with app.app_context():
        r = responsiveness(consultation.id)
    assert r.decided == 4  # A, B, C, D (E waits)
    assert r.decision == timedelta(hours=4)  # median of 1, 3, 5, 7
    assert (r.public_ideas, r.answered, r.answered_share) == (3, 2, 2 / 3)
    assert r.reply == timedelta(hours=36)  # median of 24 and 48 (D's first reply)
    counts = dict(r.by_outcome)
    assert counts[Outcome.DECIDED] == 1 and counts[Outcome.RECEIVED] == 1 and counts[None] == 1
    assert sum(counts.values()) == 3 and list(counts)[-1] is None


def test_the_page_groups_ideas_by_outcome_with_replies_and_those_without_last(client, consultation, scene):
    response = client.get(f"/samrad/{consultation.slug}/vad-hande")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    groups = re.findall(r'class="pb-outcome-group" data-outcome="(\w+)"', page)
    assert groups == ["received", "decided", "none"]  # Outcome's order, none last
    order = [page.index(f"Idé {k}") for k in "BAD"]
    assert order == sorted(order)
    assert "Idé C" not in page and "Idé E" not in page  # not public
    assert "Beslutat i nämnden." in page and 'href="https://kommun.example/beslut"' in page
    assert "KS 2026/1" in page and "Svar på A efter 24 h" in page and "Svar på D efter 72 h" in page
    assert "Sammanfattningen." in page
    cells = dict(re.findall(r'<td data-outcome="(\w+)">(\d+)</td>', page))
    assert cells["decided"] == "1" and cells["received"] == "1" and cells["none"] == "1"
    assert cells["implemented"] == "0"


def test_the_board_shows_the_figures_each_outcome_and_links_the_page(client, consultation, scene):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert f'href="/samrad/{consultation.slug}/vad-hande"' in page
    assert re.search(r'<td data-outcome="decided">1</td>', page)
    assert f'href="/samrad/{consultation.slug}/vad-hande#ide-{scene["A"]}"' in page


def test_a_draft_has_no_follow_up_page(client, make_consultation):
    from parkbank.consultations.models import ConsultationStatus

    draft = make_consultation("utkast", status=ConsultationStatus.DRAFT)
    assert client.get(f"/samrad/{draft.slug}/vad-hande").status_code == 404


def test_without_anything_the_figures_say_so(app, consultation):
    with app.app_context():
        r = responsiveness(consultation.id)
    assert (r.decided, r.decision, r.public_ideas, r.answered_share, r.reply) == (0, None, 0, None, None)


def test_the_pages_figures_follow_every_event_and_a_rejection_within_a_minute(
        app, consultation, make_post, moderator, monkeypatch):
    """figures_for keeps them while the event number stands; a rejection makes no board event and
    is counted once the kept figures are a minute old."""
    from parkbank.moderation.models import Action, Reason
    from parkbank.outcomes import figures
    from tests.helpers import decide

    make_post(consultation, state="approved")
    waiting, other = make_post(consultation), make_post(consultation)
    clock = [1000.0]
    monkeypatch.setattr(figures.time, "monotonic", lambda: clock[0])
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        assert figures.figures_for(c).decided == 1
        assert figures.figures_for(c) is figures.figures_for(c)  # kept while nothing changes
        decide(other, moderator, Action.APPROVE)  # a board event: counted at once
        db.session.commit()
        assert figures.figures_for(c).decided == 2
        decide(waiting, moderator, Action.REJECT, reason=Reason.SPAM)
        db.session.commit()
        assert figures.figures_for(c).decided == 2
        clock[0] += figures.FRESH_SECONDS
        assert figures.figures_for(c).decided == 3


def test_the_follow_partial_shows_the_outcome_or_that_there_is_none(app, consultation, scene):
    from flask import render_template_string

    template = '{% include "outcomes/_follow.html" ignore missing %}'
    with app.test_request_context("/"):
        decided = render_template_string(template, post=db.session.get(Post, scene["A"]))
        without = render_template_string(template, post=db.session.get(Post, scene["D"]))
    assert "Beslutat i nämnden." in decided and "KS 2026/1" in decided
    assert 'href="https://kommun.example/beslut"' in decided and "<time" in decided
    assert "Beslutat" not in without and "follow-outcome-heading" in without


def test_a_form_for_an_idea_that_cannot_get_an_outcome_says_why(app, consultation, leader, make_post):
    from tests.outcomes.conftest import send_outcome, staff_client

    waiting = make_post(consultation, "Väntar")
    response = send_outcome(staff_client(app, leader), consultation, waiting, headers={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Only a published idea gets an outcome." in page or "Bara en publicerad idé" in page


def test_the_follow_partial_shows_nothing_for_what_gets_no_outcome(app, consultation, scene):
    from flask import render_template_string

    with app.test_request_context("/"):
        for key in "CE":  # rejected, waiting
            html = render_template_string('{% include "outcomes/_follow.html" %}',
                                          post=db.session.get(Post, scene[key]))
            assert html.strip() == ""

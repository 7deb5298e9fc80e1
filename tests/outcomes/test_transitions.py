"""Setting what became of an idea: who may (project leaders, responders, admins of the
consultation; never a moderator alone, never a citizen), on what (published ideas only), what is
kept (one transition row per change, the state column, the audit trail) and what is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from parkbank.audit.models import AuditEntry
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.outcomes.models import Outcome, OutcomeChange
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.posts.models import Post
from tests.helpers import csrf_token
from tests.outcomes.conftest import JSON, send_outcome, staff_client


def _changes(app):
    with app.app_context():
        return db.session.execute(select(func.count(OutcomeChange.id))).scalar_one()


def test_a_responder_sets_an_outcome_kept_with_its_transition_and_audit_entry(app, consultation,
                                                                             responder, make_post):
    idea = make_post(consultation, "Fler bänkar i parken", state="approved")
    client = staff_client(app, responder)
    response = send_outcome(client, consultation, idea, outcome="investigating",
                            explanation="Parkförvaltningen utreder\nplatserna.",
                            link="https://kommun.example/protokoll/12", reference="KS 2026/117 § 12")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert body["changed"] is True
    assert body["outcome"]["state"] == "investigating"
    assert body["outcome"]["explanation"] == "Parkförvaltningen utreder\nplatserna."  # as typed
    assert body["outcome"]["explanation_html"] == "Parkförvaltningen utreder<br>\nplatserna."
    assert body["outcome"]["reference"] == "KS 2026/117 § 12"
    second = send_outcome(client, consultation, idea, outcome="decided", explanation="Beslutat i KS.")
    assert second.status_code == 200
    with app.app_context():
        post = db.session.get(Post, idea)
        assert post.outcome is Outcome.DECIDED
        changes = [(c.from_outcome, c.to_outcome, c.changed_by_id) for c in post.outcome_changes]
        assert changes == [(None, Outcome.INVESTIGATING, responder.id),
                           (Outcome.INVESTIGATING, Outcome.DECIDED, responder.id)]
        entries = db.session.execute(select(AuditEntry).where(AuditEntry.action == "post.outcome")
                                     .order_by(AuditEntry.id)).scalars().all()
        assert [(e.actor_id, e.actor_name, e.target_id, e.details.get("before"), e.details["after"])
                for e in entries] == [(responder.id, "Eva Svensson", idea, None, "investigating"),
                                      (responder.id, "Eva Svensson", idea, "investigating", "decided")]
        assert entries[0].details["reference"] == "KS 2026/117 § 12"
        assert all(e.created_at is not None for e in entries)


def test_the_same_outcome_again_writes_nothing(app, consultation, leader, make_post):
    idea = make_post(consultation, state="approved")
    client = staff_client(app, leader)
    assert send_outcome(client, consultation, idea, explanation="Klart.").json["changed"] is True
    assert send_outcome(client, consultation, idea, explanation="Klart.").json["changed"] is False
    assert _changes(app) == 1


@pytest.mark.parametrize("role", [Role.PROJECT_LEADER, Role.RESPONDER, Role.ADMIN])
def test_leaders_responders_and_admins_may(app, consultation, make_user, make_post, role):
    idea = make_post(consultation, state="approved")
    response = send_outcome(staff_client(app, make_user(role)), consultation, idea)
    assert response.status_code == 200
    assert _changes(app) == 1


def test_a_moderator_alone_may_not_at_any_door(app, consultation, moderator, make_post):
    idea = make_post(consultation, state="approved")
    client = staff_client(app, moderator)
    assert send_outcome(client, consultation, idea).status_code == 403
    assert send_outcome(client, consultation, idea, headers={}).status_code == 403
    assert client.get(f"/samrad/{consultation.slug}/utfall").status_code == 403
    with app.app_context(), pytest.raises(Forbidden):
        set_outcome(db.session.get(Consultation, consultation.id), idea, OutcomeInput("decided"),
                    user=db.session.get(User, moderator.id))
    assert _changes(app) == 0


def test_a_citizen_never_may(app, client, consultation, make_post):
    idea = make_post(consultation, state="approved")
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    url = f"/samrad/{consultation.slug}/inlagg/{idea}/utfall"
    assert client.post(url, headers=JSON, data={"csrf_token": token, "outcome": "decided"}).status_code == 401
    html = client.post(url, data={"csrf_token": token, "outcome": "decided"})
    assert html.status_code in (302, 303) and "/logga-in" in html.headers["Location"]
    assert _changes(app) == 0


def test_a_leader_of_another_consultation_may_not(app, make_consultation, make_user, make_post):
    other = make_consultation("annat-samrad")
    stranger = make_user(Role.PROJECT_LEADER, assigned=False)
    idea = make_post(other, state="approved")
    assert send_outcome(staff_client(app, stranger), other, idea).status_code == 403


@pytest.mark.parametrize("state", ["pending", "rejected", "withdrawn"])
def test_only_a_published_idea_gets_an_outcome(app, consultation, leader, make_post, state):
    idea = make_post(consultation, state=state)
    response = send_outcome(staff_client(app, leader), consultation, idea)
    assert response.status_code == 400 and response.json["error"] == "invalid_input"
    assert _changes(app) == 0


def test_a_reply_gets_no_outcome(app, consultation, leader, make_post):
    idea = make_post(consultation, state="approved")
    reply = make_post(consultation, "Håller med", state="approved", parent_id=idea)
    assert send_outcome(staff_client(app, leader), consultation, reply).status_code == 400


def test_an_idea_of_another_consultation_is_not_found(app, make_consultation, leader, make_post):
    here, there = make_consultation("har"), make_consultation("dar")
    idea = make_post(there, state="approved")
    assert send_outcome(staff_client(app, leader), here, idea).status_code == 404


@pytest.mark.parametrize(("fields", "field"), [
    ({"outcome": "maybe"}, "outcome"),
    ({"outcome": ""}, "outcome"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"link": "ftp://kommun.example/x"}, "link"),
    ({"link": "https://" + "a" * 600}, "link"),
    ({"explanation": "x" * 1001}, "explanation"),
    ({"reference": "r" * 201}, "reference"),
])
def test_bad_fields_are_refused_each_by_name(app, consultation, leader, make_post, fields, field):
    idea = make_post(consultation, state="approved")
    response = send_outcome(staff_client(app, leader), consultation, idea, **fields)
    assert response.status_code == 400
    assert field in response.json["fields"]
    assert _changes(app) == 0


def test_a_refused_form_comes_back_with_what_was_typed(app, consultation, leader, make_post):
    idea = make_post(consultation, state="approved")
    client = staff_client(app, leader)
    response = send_outcome(client, consultation, idea, headers={}, **{
        f"utfall-{idea}-outcome": "decided", f"utfall-{idea}-explanation": "Mitt <långa> svar",
        f"utfall-{idea}-link": "javascript:alert(1)"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Mitt &lt;långa&gt; svar" in page and "javascript:alert(1)" in page
    assert f'id="ide-{idea}-errors"' in page  # the error summary of that idea's form


def test_the_staff_page_form_saves_and_comes_back(app, consultation, responder, make_post):
    idea = make_post(consultation, state="approved")
    client = staff_client(app, responder)
    page = client.get(f"/samrad/{consultation.slug}/utfall")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'name="utfall-{idea}-outcome"' in html
    assert 'action="/samrad/nytt-bibliotek/sammanfattning"' not in html  # a responder writes no summary
    response = client.post(f"/samrad/{consultation.slug}/inlagg/{idea}/utfall", data={
        "csrf_token": csrf_token(html), f"utfall-{idea}-outcome": "implemented",
        f"utfall-{idea}-explanation": "Bänkarna står på plats."})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#ide-{idea}")
    with app.app_context():
        assert db.session.get(Post, idea).outcome is Outcome.IMPLEMENTED


def test_the_closing_summary_is_the_leaders_kept_as_typed_and_audited(app, consultation, leader,
                                                                      responder, make_post):
    url = f"/samrad/{consultation.slug}/sammanfattning"
    client = staff_client(app, leader)
    token = csrf_token(client.get(f"/samrad/{consultation.slug}/utfall").get_data(as_text=True))
    text = "Tack alla!\n\nVi bygger <läsrummet> 2027."
    assert client.post(url, headers=JSON, data={"csrf_token": token, "summary": text}).json == {
        "changed": True}
    # A sender that leaves the field out is refused, not taken as an erasure.
    left_out = client.post(url, headers=JSON, data={"csrf_token": token})
    assert left_out.status_code == 400 and "summary" in left_out.json["fields"]
    other = staff_client(app, responder)
    theirs = csrf_token(other.get(f"/samrad/{consultation.slug}/utfall").get_data(as_text=True))
    assert other.post(url, headers=JSON, data={"csrf_token": theirs, "summary": "x"}).status_code == 403
    with app.app_context():
        assert db.session.get(Consultation, consultation.id).closing_summary == text
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "consultation.closing_summary")).scalar_one()
        assert entry.actor_id == leader.id
    page = app.test_client().get(f"/samrad/{consultation.slug}/vad-hande").get_data(as_text=True)
    assert "Vi bygger &lt;läsrummet&gt; 2027." in page


def test_the_operation_refuses_what_no_form_would_send(app, consultation, leader, make_post):
    idea = make_post(consultation, state="approved")
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        user = db.session.get(User, leader.id)
        with pytest.raises(InvalidInput):
            set_outcome(c, idea, OutcomeInput(None), user=user)
        change = set_outcome(c, idea, OutcomeInput("received", "  Tack!  ", "", ""), user=user)
        assert (change.explanation, change.link, change.reference) == ("Tack!", None, None)


def test_the_board_links_the_staff_page_for_those_who_may_only(app, consultation, leader, moderator):
    link = f'href="/samrad/{consultation.slug}/utfall"'
    assert link in staff_client(app, leader).get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert link not in staff_client(app, moderator).get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert link not in app.test_client().get(f"/samrad/{consultation.slug}").get_data(as_text=True)


def test_a_refused_form_of_an_idea_on_a_later_page_comes_back(app, consultation, leader, make_post,
                                                              monkeypatch):
    """Ideas with an outcome come after those without: with more than a page of ideas, the refused
    idea is not on the first page, and its form (what was typed, why) must still come back."""
    from parkbank.outcomes import views
    monkeypatch.setattr(views, "STAFF_PER_PAGE", 2)
    idea = make_post(consultation, state="approved")
    client = staff_client(app, leader)
    assert send_outcome(client, consultation, idea, outcome="received").status_code == 200
    for _ in range(3):
        make_post(consultation, state="approved")
    page_two = client.get(f"/samrad/{consultation.slug}/utfall?sida=2").get_data(as_text=True)
    assert f'action="/samrad/{consultation.slug}/inlagg/{idea}/utfall?sida=2"' in page_two
    response = send_outcome(client, consultation, idea, headers={}, **{
        f"utfall-{idea}-outcome": "decided", f"utfall-{idea}-explanation": "Mitt svar",
        f"utfall-{idea}-link": "javascript:alert(1)"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="ide-{idea}-errors"' in page and "Mitt svar" in page and "javascript:alert(1)" in page


def test_a_saved_outcome_goes_back_to_the_page_it_was_sent_from(app, consultation, leader, make_post):
    idea = make_post(consultation, state="approved")
    client = staff_client(app, leader)
    html = client.get(f"/samrad/{consultation.slug}/utfall").get_data(as_text=True)
    response = client.post(f"/samrad/{consultation.slug}/inlagg/{idea}/utfall?sida=2", data={
        "csrf_token": csrf_token(html), f"utfall-{idea}-outcome": "implemented"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/utfall?sida=2#ide-{idea}")


def test_the_staff_pages_page_through_their_ideas(app, consultation, leader, responder, make_post,
                                                  monkeypatch):
    """The outcome page and the answer page share one pager: previous and next keep the page's
    address, with its own link words."""
    from parkbank.official import views as official_views
    from parkbank.outcomes import views as outcome_views
    monkeypatch.setattr(outcome_views, "STAFF_PER_PAGE", 2)
    monkeypatch.setattr(official_views, "PER_PAGE", 2)
    for _ in range(3):
        make_post(consultation, state="approved")
    for path, previous, following, user in (("utfall", "Föregående", "Nästa", leader),
                                            ("svara", "Nyare", "Äldre", responder)):
        client = staff_client(app, user)
        first = client.get(f"/samrad/{consultation.slug}/{path}").get_data(as_text=True)
        second = client.get(f"/samrad/{consultation.slug}/{path}?sida=2").get_data(as_text=True)
        assert f'rel="next" href="/samrad/{consultation.slug}/{path}?sida=2">{following}</a>' in first
        assert 'rel="prev"' not in first and "Sida 1 av 2" in first
        assert f'rel="prev" href="/samrad/{consultation.slug}/{path}?sida=1">{previous}</a>' in second
        assert 'rel="next"' not in second

"""Moderators tag ideas with the consultation's themes, at approval or later, and analog notes
too; the tag is an edit that keeps the post's state, recorded in the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from parkbank.audit.models import AuditEntry
from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from tests.helpers import csrf_token, login

JSON = {"Accept": "application/json"}


def _tags(app, post_id):
    with app.app_context():
        return [t.slug for t in db.session.get(Post, post_id).themes]


def _queue_token(client, consultation):
    return csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))


def test_a_moderator_tags_a_published_idea(app, client, consultation, moderator, make_post, make_theme):
    trafik, park = make_theme(consultation, "Trafik"), make_theme(consultation, "Park")
    idea = make_post(consultation, "Fler cykelställ", state="approved")
    login(client, moderator)
    response = client.post(f"/moderering/inlagg/{idea}/teman", headers=JSON, data={
        "csrf_token": _queue_token(client, consultation), "themes": "1", "theme": [park, trafik]})
    assert response.status_code == 200
    assert [t["slug"] for t in response.get_json()["themes"]] == ["trafik", "park"]  # list order
    assert _tags(app, idea) == ["trafik", "park"]
    with app.app_context():
        assert db.session.get(Post, idea).state is PostState.APPROVED


def test_a_tag_form_without_the_theme_choice_is_refused_and_untags_nothing(app, client, consultation,
                                                                          moderator, make_post,
                                                                          make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Fler cykelställ", state="approved")
    tag(idea, trafik)
    login(client, moderator)
    response = client.post(f"/moderering/inlagg/{idea}/teman", headers=JSON,
                           data={"csrf_token": _queue_token(client, consultation)})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_input"
    assert _tags(app, idea) == ["trafik"]
    # Saying the choice with nothing ticked does untag it.
    client.post(f"/moderering/inlagg/{idea}/teman", headers=JSON,
                data={"csrf_token": _queue_token(client, consultation), "themes": "1"})
    assert _tags(app, idea) == []


def test_tagging_is_in_the_audit_trail_with_what_was_added_and_removed(app, consultation, make_post,
                                                                         make_theme, tag, moderator):
    trafik, park = make_theme(consultation, "Trafik"), make_theme(consultation, "Park")
    idea = make_post(consultation, "Idé", state="approved")
    tag(idea, trafik)
    tag(idea, park)
    with app.app_context():
        entries = db.session.execute(select(AuditEntry).where(AuditEntry.action == "post.themes")
                                     .order_by(AuditEntry.id)).scalars().all()
        assert [(e.actor_id, e.target_id, e.details) for e in entries] == [
            (moderator.id, idea, {"added": ["trafik"]}),
            (moderator.id, idea, {"added": ["park"], "removed": ["trafik"]})]


def test_tagging_with_the_same_themes_again_records_nothing(app, consultation, make_post, make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Idé", state="approved")
    tag(idea, trafik)
    tag(idea, trafik)
    with app.app_context():
        assert len(db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "post.themes")).all()) == 1


def test_a_citizen_cannot_tag(app, client, consultation, make_post, make_theme):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Idé", state="approved")
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/moderering/inlagg/{idea}/teman", headers=JSON,
                           data={"csrf_token": token, "themes": "1", "theme": trafik})
    assert response.status_code == 401
    assert _tags(app, idea) == []


def test_approval_tags_the_idea_and_post_published_carries_its_themes(app, client, socket_for,
                                                                      consultation, moderator,
                                                                      make_post, make_theme):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Fler cykelställ")
    board = socket_for()
    board.emit("join_board", {"consultation": consultation.slug, "after": 0}, callback=True)
    login(client, moderator)
    response = client.post(f"/moderering/inlagg/{idea}/beslut", headers=JSON, data={
        "csrf_token": _queue_token(client, consultation), "action": "approve", "themes": "1",
        "theme": trafik})
    assert response.status_code == 200
    received = board.get_received()
    [published] = [e["args"][0] for e in received if e["name"] == "post_published"]
    assert published["post"]["themes"] == [{"slug": "trafik", "name": "Trafik"}]
    [counts] = [e["args"][0] for e in received if e["name"] == "theme_counts"]
    assert counts["themes"] == [{"slug": "trafik", "name": "Trafik", "count": 1}]
    assert counts["event_id"] == published["event_id"] + 1


def test_an_approval_that_loses_the_race_tags_nothing(app, client, consultation, moderator, make_post,
                                                     make_theme):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Idé")
    login(client, moderator)
    token = _queue_token(client, consultation)
    with app.app_context():
        from parkbank.moderation.models import Action, Reason
        from tests.helpers import decide
        decide(idea, moderator, Action.REJECT, reason=Reason.SPAM)
        db.session.commit()
    response = client.post(f"/moderering/inlagg/{idea}/beslut", headers=JSON, data={
        "csrf_token": token, "action": "approve", "themes": "1", "theme": trafik})
    assert response.status_code == 409
    assert _tags(app, idea) == []


def test_a_retired_theme_cannot_be_chosen_but_its_tags_stay(app, consultation, make_post, make_theme,
                                                           tag, retire, tag_refused):
    trafik, park = make_theme(consultation, "Trafik"), make_theme(consultation, "Park")
    idea = make_post(consultation, "Idé", state="approved")
    tag(idea, trafik)
    retire(consultation, trafik)
    tag_refused(idea, trafik)
    tag(idea, park)
    assert _tags(app, idea) == ["trafik", "park"]


def test_a_theme_of_another_consultation_is_refused(make_consultation, make_post, make_theme,
                                                    tag_refused):
    first, second = make_consultation("ett"), make_consultation("tva")
    foreign = make_theme(second, "Trafik")
    tag_refused(make_post(first, "Idé", state="approved"), foreign)


def test_a_reply_is_not_tagged(consultation, make_post, make_theme, tag_refused):
    trafik = make_theme(consultation, "Trafik")
    idea = make_post(consultation, "Idé", state="approved")
    tag_refused(make_post(consultation, "Svar", state="approved", parent_id=idea), trafik)


def test_a_rejected_post_is_not_tagged(consultation, make_post, make_theme, tag_refused):
    trafik = make_theme(consultation, "Trafik")
    tag_refused(make_post(consultation, "Idé", state="rejected"), trafik)


def test_a_transcribed_note_is_published_with_its_themes(app, client, consultation, moderator, make_theme):
    trafik = make_theme(consultation, "Trafik")
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}/analog").get_data(as_text=True)
    assert f'value="{trafik}"' in page
    from parkbank.moderation.transcription import today
    with app.app_context():
        day = today().isoformat()
    response = client.post(f"/moderering/{consultation.slug}/analog", headers=JSON, data={
        "csrf_token": csrf_token(page), "body": "Lappen från biblioteket", "source": "paper",
        "received_on": day, "themes": "1", "theme": trafik})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert _tags(app, response.get_json()["id"]) == ["trafik"]


def test_the_queue_offers_the_active_themes_on_waiting_and_published_ideas(app, client, consultation,
                                                                          moderator, make_post,
                                                                          make_theme, tag):
    trafik = make_theme(consultation, "Trafik")
    pending = make_post(consultation, "Väntar")
    published = make_post(consultation, "Publicerad", state="approved")
    tag(published, trafik)
    login(client, moderator)
    html = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    assert f'id="ko-{pending}-approve-theme-{trafik}" form="ko-{pending}-approve"' in html
    assert f'id="ko-{published}-tags-theme-{trafik}" form="ko-{published}-tags" checked' in html

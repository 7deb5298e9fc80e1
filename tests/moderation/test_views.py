"""Moderators approve, reject and withdraw; exactly one decision wins; every decision is kept."""

import pytest
from sqlalchemy import select

from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.moderation.lifecycle import AlreadyDecided
from parkbank.moderation.models import Action, Decision, Reason
from parkbank.posts.models import Post, PostState
from tests.helpers import csrf_token, decide, login

JSON = {"Accept": "application/json"}


def decide_url(post_id):
    return f"/moderering/inlagg/{post_id}/beslut"


def queue_token(client, consultation):
    return csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))


def state_of(app, post_id):
    with app.app_context():
        return db.session.get(Post, post_id).state


def test_queue_lists_pending_posts_oldest_first(client, consultation, moderator, make_post):
    make_post(consultation, "Första väntande")
    make_post(consultation, "Andra väntande")
    make_post(consultation, "Redan publicerad", state="approved")
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    queue = page[page.index('id="queue"'):page.index('id="queue-empty"')]
    assert queue.index("Första väntande") < queue.index("Andra väntande")
    assert "Redan publicerad" not in queue


def test_approve_publishes_the_post(app, client, consultation, moderator, make_post):
    post_id = make_post(consultation, "Godkänn mig")
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON,
                           data={"action": "approve", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 200
    assert response.json["id"] == post_id and response.json["status"] == "approved"
    assert "Godkänn mig" in client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)


def test_approve_from_html_form_redirects_back_to_queue(client, consultation, moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    response = client.post(decide_url(post_id),
                           data={"action": "approve", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/moderering/{consultation.slug}")


def test_reject_needs_a_reason(app, client, consultation, moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON,
                           data={"action": "reject", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 400
    assert "reason" in response.json["fields"]
    assert state_of(app, post_id) == PostState.PENDING


def test_reject_with_reason_and_note_is_kept_in_the_audit_trail(app, client, consultation,
                                                                moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON, data={
        "action": "reject", "reason": "personal_data", "note": "Innehöll <b>ett</b> telefonnummer",
        "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 200 and response.json["status"] == "rejected"
    with app.app_context():
        decision = db.session.execute(select(Decision)).scalar_one()
        assert decision.moderator_id == moderator.id
        assert decision.action == Action.REJECT and decision.reason == Reason.PERSONAL_DATA
        assert decision.note == "Innehöll <b>ett</b> telefonnummer"  # kept as typed
        assert decision.from_state == PostState.PENDING and decision.to_state == PostState.REJECTED
        assert decision.created_at is not None


def test_unknown_reason_is_refused(client, consultation, moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON, data={
        "action": "reject", "reason": "bad_mood", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 400


def test_withdraw_removes_an_approved_post_from_the_board(app, client, consultation, moderator,
                                                         make_post):
    post_id = make_post(consultation, "Snart borta", state="approved")
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON, data={
        "action": "withdraw", "reason": "threat_or_hate", "csrf_token": queue_token(client, consultation)})
    assert response.json["status"] == "withdrawn"
    assert "Snart borta" not in client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)


def test_withdraw_of_a_pending_post_is_refused(app, client, consultation, moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON, data={
        "action": "withdraw", "reason": "other", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 400
    assert state_of(app, post_id) == PostState.PENDING


def test_second_decision_loses_and_is_told_who_decided_and_when(app, consultation, make_user,
                                                                 make_post):
    post_id = make_post(consultation)
    anna = make_user(Role.MODERATOR, name="Anna Andersson")
    bo = make_user(Role.MODERATOR, name="Bo Berg")
    first, second = app.test_client(), app.test_client()
    login(first, anna)
    login(second, bo)
    token_a, token_b = queue_token(first, consultation), queue_token(second, consultation)
    won = first.post(decide_url(post_id), headers=JSON,
                     data={"action": "approve", "csrf_token": token_a})
    lost = second.post(decide_url(post_id), headers=JSON,
                       data={"action": "reject", "reason": "spam", "csrf_token": token_b})
    assert won.status_code == 200
    assert lost.status_code == 409
    assert lost.json["error"] == "already_decided"
    assert lost.json["decided_by"] == "Anna Andersson"
    assert lost.json["status"] == "approved" and lost.json["decided_at"]
    assert "Anna Andersson" in lost.json["message"]
    html = second.post(decide_url(post_id), data={"action": "approve", "csrf_token": token_b})
    assert html.status_code == 303
    assert "Anna Andersson" in second.get(html.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert len(db.session.execute(select(Decision)).all()) == 1


def test_conditional_update_lets_exactly_one_decision_win(app, consultation, moderator, make_post):
    post_id = make_post(consultation)
    with app.app_context():
        decide(post_id, moderator, Action.APPROVE)
        db.session.commit()
    with app.app_context(), pytest.raises(AlreadyDecided) as raised:
        decide(post_id, moderator, Action.REJECT, reason=Reason.SPAM)
    assert raised.value.details["decided_by"] == moderator.name


def test_decide_unknown_post_is_404(client, consultation, moderator):
    login(client, moderator)
    response = client.post(decide_url(999999), headers=JSON,
                           data={"action": "approve", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, consultation):
    response = client.get(f"/moderering/{consultation.slug}")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_anonymous_json_decision_is_401(app, client, consultation, make_post):
    post_id = make_post(consultation)
    # A valid CSRF token of an anonymous session, so that the login rule is what refuses.
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(decide_url(post_id), headers=JSON,
                           data={"action": "approve", "csrf_token": token})
    assert response.status_code == 401 and response.json["error"] == "unauthorized"
    html = client.post(decide_url(post_id), data={"action": "approve", "csrf_token": token})
    assert html.status_code == 302 and "/logga-in" in html.headers["Location"]
    assert state_of(app, post_id) is PostState.PENDING


@pytest.mark.parametrize("role,allowed", [
    (Role.ADMIN, True), (Role.MODERATOR, True),
    (Role.PROJECT_LEADER, False), (Role.RESPONDER, False),
])
def test_only_moderating_roles_see_the_queue_and_decide(app, consultation, make_user, make_post,
                                                        role, allowed):
    post_id = make_post(consultation)
    client = app.test_client()
    login(client, make_user(role))
    queue = client.get(f"/moderering/{consultation.slug}")
    assert (queue.status_code == 200) is allowed
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(decide_url(post_id), headers=JSON,
                           data={"action": "approve", "csrf_token": token})
    assert response.status_code == (200 if allowed else 403)
    assert (state_of(app, post_id) == PostState.APPROVED) is allowed


def test_login_with_wrong_password_shows_an_error(client, moderator):
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post("/logga-in", data={"email": moderator.email, "password": "fel",
                                              "csrf_token": csrf_token(page)})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_login_redirect_only_to_local_paths(client, moderator):
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post("/logga-in?next=https://evil.example/", data={
        "email": moderator.email, "password": moderator.password, "csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/personal"


def test_logout(client, moderator, consultation):
    login(client, moderator)
    token = queue_token(client, consultation)
    assert client.post("/logga-ut", data={"csrf_token": token}).status_code == 303
    assert client.get("/moderering/").status_code == 302


def test_queue_lists_published_ideas_and_replies_for_removal(client, consultation, moderator,
                                                             make_post):
    idea = make_post(consultation, "Publicerad idé", state="approved")
    make_post(consultation, "Publicerat svar", state="approved", parent_id=idea)
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    published = page[page.index('id="published"'):page.index("<template")]
    assert published.index("Publicerat svar") < published.index("Publicerad idé")
    assert published.count('name="action" value="withdraw"') == 2


def test_a_decision_that_does_not_fit_is_400_not_a_conflict(app, client, consultation, moderator,
                                                            make_post):
    post_id = make_post(consultation, state="rejected")
    login(client, moderator)
    response = client.post(decide_url(post_id), headers=JSON, data={
        "action": "withdraw", "reason": "other", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 400 and response.json["status"] == "rejected"


def test_reply_under_a_withdrawn_idea_cannot_be_approved(app, client, consultation, moderator,
                                                         make_post):
    idea = make_post(consultation, state="approved")
    reply = make_post(consultation, "Svar", parent_id=idea)
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.OTHER)
        db.session.commit()
    login(client, moderator)
    response = client.post(decide_url(reply), headers=JSON, data={
        "action": "approve", "csrf_token": queue_token(client, consultation)})
    assert response.status_code == 400
    assert state_of(app, reply) == PostState.PENDING


# --- the decision page without script, and the search among published posts ----------------

def decision_page(post_id, action):
    return f"/moderering/inlagg/{post_id}/beslut?action={action}"


def test_the_decision_page_rejects_without_javascript(app, client, consultation, moderator,
                                                      make_post):
    idea = make_post(consultation, "En idé att svara på", state="approved")
    post_id = make_post(consultation, "Ett svar med <b>reklam</b>", parent_id=idea)
    login(client, moderator)
    page = client.get(decision_page(post_id, "reject"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Avslå inlägget" in html
    assert "Ett svar med &lt;b&gt;reklam&lt;/b&gt;" in html  # the post, as safe HTML
    assert "En idé att svara på" in html  # and the idea it answers
    assert f'action="{decide_url(post_id)}"' in html
    assert html.count('type="radio" name="reason"') == 7
    response = client.post(decide_url(post_id), data={
        "action": "reject", "reason": "spam", "note": "Utan skript", "csrf_token": csrf_token(html)})
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/moderering/{consultation.slug}")
    assert state_of(app, post_id) == PostState.REJECTED
    with app.app_context():
        decision = db.session.execute(
            select(Decision).where(Decision.post_id == post_id)).scalar_one()
        assert decision.reason == Reason.SPAM and decision.note == "Utan skript"


def test_the_decision_page_offers_approve_with_a_note_and_remove(client, consultation, moderator,
                                                                  make_post):
    pending = make_post(consultation, "Väntar")
    published = make_post(consultation, "Publicerad", state="approved")
    login(client, moderator)
    note = client.get(decision_page(pending, "approve")).get_data(as_text=True)
    assert "Godkänn med anteckning" in note
    assert 'name="action" value="approve"' in note and 'name="note"' in note
    assert 'id="reasons" hidden disabled' in note  # no reason for an approval
    remove = client.get(decision_page(published, "withdraw")).get_data(as_text=True)
    assert "Anledning till borttagning" in remove and 'value="withdraw"' in remove
    # A decision that no longer fits the post's state is not offered.
    stale = client.get(decision_page(published, "reject")).get_data(as_text=True)
    assert 'name="reason"' not in stale and "Publicerat" in stale


def test_the_decision_page_is_for_moderators_only(app, client, consultation, make_user,
                                                  make_post):
    post_id = make_post(consultation)
    response = client.get(decision_page(post_id, "reject"))
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]
    login(client, make_user(Role.RESPONDER))
    assert client.get(decision_page(post_id, "reject")).status_code == 403
    assert client.get(decision_page(999999, "reject")).status_code in (403, 404)


def test_search_among_published_posts(app, client, consultation, moderator, make_post,
                                      monkeypatch):
    monkeypatch.setattr("parkbank.moderation.views.PUBLISHED_PER_PAGE", 1)
    make_post(consultation, "Ängen vid ån", state="approved")
    make_post(consultation, "Fler bänkar på ängen", state="approved")
    make_post(consultation, "Hundrastgård 100% inhägnad", state="approved")
    make_post(consultation, "Ett snake_case namn", state="approved")
    make_post(consultation, "ängen men väntar")  # not published
    login(client, moderator)

    def published(query, page=1):
        html = client.get(f"/moderering/{consultation.slug}",
                          query_string={"q": query, "sida": page}).get_data(as_text=True)
        return html, html[html.index('id="published"'):html.index("<template")]

    html, first = published("ÄNGEN")  # any case, Å, Ä and Ö too (SQLite's lower() does only A–Z)
    assert "Fler bänkar på ängen" in first and "2 publicerade inlägg innehåller" in html
    assert 'href="/moderering/nytt-bibliotek?sida=2&amp;q=%C3%84NGEN#published-heading"' in html
    _, second = published("ÄNGEN", 2)
    assert "Ängen vid ån" in second
    assert 'value="ÄNGEN"' in published("ÄNGEN", 2)[0]
    _, both = published("bänkar ängen")  # every word
    assert "Fler bänkar" in both
    assert "1 publicerat inlägg innehåller" in published("bänkar ängen")[0]
    # LIKE's wildcards are plain characters.
    assert "1 publicerat inlägg" in published("%")[0] and "100%" in published("%")[1]
    assert "snake_case" in published("_")[1] and "1 publicerat inlägg" in published("_")[0]
    assert "0 publicerade inlägg" in published("finns inte")[0]
    # A long query is cut, not refused.
    html, _ = published("ängen" + "x" * 500)
    assert 'maxlength="100"' in html and f'value="ängen{"x" * 95}"' in html

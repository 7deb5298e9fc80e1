"""Citizens report what slipped through: once per visitor and post, rate limited, told on the
page; moderators see reports grouped per post, live, and withdraw the post or dismiss them."""

import pytest
from sqlalchemy import func, select

from parkbank.audit.models import AuditEntry
from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.posts.models import Post, PostState
from parkbank.reports.models import Report, Resolution
from tests.helpers import build_app, csrf_token, events, login

JSON = {"Accept": "application/json"}


def report_url(c, post_id):
    return f"/samrad/{c.slug}/inlagg/{post_id}/anmal"


def send_report(client, c, post_id, reason="threat_or_hate", note=None, headers=JSON):
    page = client.get(f"/samrad/{c.slug}").get_data(as_text=True)
    data = {"reason": reason, "csrf_token": csrf_token(page)}
    if note is not None:
        data["note"] = note
    return client.post(report_url(c, post_id), data=data, headers=headers)


def open_reports(app):
    with app.app_context():
        return db.session.execute(
            select(func.count(Report.id)).where(Report.resolved_at.is_(None))).scalar_one()


def test_every_published_post_and_reply_has_report(client, consultation, make_post):
    idea = make_post(consultation, state="approved")
    reply = make_post(consultation, "Svar", state="approved", parent_id=idea)
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    visible = page[:page.index("<template")]
    assert report_url(consultation, idea) in visible and report_url(consultation, reply) in visible
    assert visible.count(">Anmäl<") == 2
    assert visible.count("<select") == 0  # the form is rendered once, in its <template>
    assert page.count('name="reason"') == 1


def test_without_script_the_report_link_leads_to_the_form_and_back(client, consultation, make_post):
    idea = make_post(consultation, "Köp klockor", state="approved")
    page = client.get(report_url(consultation, idea))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Köp klockor" in html and f'action="{report_url(consultation, idea)}"' in html
    response = client.post(report_url(consultation, idea),
                           data={"reason": "spam", "csrf_token": csrf_token(html)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/samrad/{consultation.slug}#inlagg-{idea}")


def test_the_report_page_of_a_post_that_is_not_public_is_not_found(client, consultation, make_post):
    hidden = make_post(consultation, "Väntar")
    gone = make_post(consultation, "Borttagen", state="withdrawn")
    assert client.get(report_url(consultation, hidden)).status_code == 404
    assert client.get(report_url(consultation, gone)).status_code == 404


def test_a_report_is_received_once_per_visitor_and_post(app, client, consultation, make_post):
    post = make_post(consultation, state="approved")
    first = send_report(client, consultation, post, note="Hot mot en granne")
    assert first.status_code == 201 and first.json["created"] is True
    assert "tagits emot" in first.json["message"]
    again = send_report(client, consultation, post, reason="spam")
    assert again.status_code == 200 and again.json["created"] is False
    assert "redan anmält" in again.json["message"]
    other = app.test_client()
    assert send_report(other, consultation, post).status_code == 201
    with app.app_context():
        reports = db.session.execute(select(Report).order_by(Report.id)).scalars().all()
        assert [r.reason.value for r in reports] == ["threat_or_hate", "threat_or_hate"]
        assert reports[0].note == "Hot mot en granne" and reports[1].note is None


def test_without_script_the_page_says_it_was_received(client, consultation, make_post):
    post = make_post(consultation, state="approved")
    response = send_report(client, consultation, post, headers={})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Din anmälan har tagits emot" in page


@pytest.mark.parametrize("reason,note,field", [
    ("", None, "reason"), ("not-a-reason", None, "reason"), ("spam", "x" * 501, "note"),
])
def test_a_report_needs_a_reason_and_a_short_note(app, client, consultation, make_post, reason,
                                                  note, field):
    post = make_post(consultation, state="approved")
    response = send_report(client, consultation, post, reason=reason, note=note)
    assert response.status_code == 400 and field in response.json["fields"]
    assert open_reports(app) == 0


@pytest.mark.parametrize("state", ["pending", "rejected", "withdrawn"])
def test_only_public_posts_can_be_reported(client, consultation, make_post, state):
    post = make_post(consultation, state=state)
    assert send_report(client, consultation, post).status_code == 404


def test_a_report_without_a_visitor_mark_is_refused(app, consultation, make_post):
    post = make_post(consultation, state="approved")
    client = app.test_client()
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    client.delete_cookie("pb_browser")
    response = client.post(report_url(consultation, post), headers=JSON,
                           data={"reason": "spam", "csrf_token": csrf_token(page)})
    assert response.status_code == 403 and response.json["error"] == "no_participant"


def test_reports_are_rate_limited(schema, consultation, make_post):
    posts = [make_post(consultation, f"Idé {i}", state="approved") for i in range(3)]
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_REPORTS="2 per minute")
    client = app.test_client()
    statuses = [send_report(client, consultation, p).status_code for p in posts]
    assert statuses == [201, 201, 429]


def test_nothing_about_reports_is_public(client, consultation, make_post):
    post = make_post(consultation, state="approved")
    send_report(client, consultation, post, note="Hemlig kommentar")
    assert "Hemlig kommentar" not in client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts").get_data(as_text=True)
    assert "Hemlig kommentar" not in data and "report" not in data


def test_moderators_are_told_live_grouped_per_post(app, client, socket_for, consultation,
                                                   moderator, make_post):
    post = make_post(consultation, "Anmäl mig", state="approved")
    login(client, moderator)
    queue = socket_for(client)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    send_report(app.test_client(), consultation, post, reason="spam", note="Reklam")
    send_report(app.test_client(), consultation, post, reason="spam")
    send_report(app.test_client(), consultation, post, reason="other")
    reported = events(queue, "post_reported")
    assert len(reported) == 3
    last = reported[-1]
    assert last["post"]["id"] == post and last["post"]["body"] == "Anmäl mig"
    assert last["report_count"] == 3 and last["reasons"] == {"spam": 2, "other": 1}
    assert last["notes"] == ["Reklam"]
    assert "participant_key" not in str(last)
    ack = socket_for(client).emit("join_queue", {"consultation": consultation.slug}, callback=True)
    assert [r["post"]["id"] for r in ack["reported"]] == [post]
    assert ack["reported"][0]["report_count"] == 3


def test_the_queue_page_shows_reported_posts_with_count_reasons_and_notes(client, consultation,
                                                                          moderator, make_post):
    post = make_post(consultation, "Anmält inlägg", state="approved")
    send_report(client, consultation, post, reason="spam", note="Säljer saker")
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    section = page[page.index('id="anmalda"'):page.index('id="published-heading"')]
    assert "Anmält inlägg" in section and "Säljer saker" in section
    assert "Reklam eller skräppost: 1" in section
    assert f"/moderering/inlagg/{post}/anmalningar/avfarda" in section


def dismiss(client, consultation, post_id, headers=JSON):
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    return client.post(f"/moderering/inlagg/{post_id}/anmalningar/avfarda",
                       data={"csrf_token": token}, headers=headers)


def test_a_moderator_dismisses_the_reports_logged_and_told_live(app, client, socket_for,
                                                                consultation, moderator,
                                                                make_user, make_post):
    post = make_post(consultation, state="approved")
    send_report(app.test_client(), consultation, post)
    send_report(app.test_client(), consultation, post)
    other = app.test_client()
    login(other, make_user(Role.MODERATOR, name="Nils"))
    other_queue = socket_for(other)
    other_queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    login(client, moderator)
    response = dismiss(client, consultation, post)
    assert response.status_code == 200 and response.json["dismissed"] == 2
    assert events(other_queue, "reports_resolved") == [
        {"post_id": post, "resolution": "dismissed", "resolved_by": "Maria Moderator"}]
    assert dismiss(client, consultation, post).status_code == 409
    with app.app_context():
        assert db.session.get(Post, post).state is PostState.APPROVED
        reports = db.session.execute(select(Report)).scalars().all()
        assert {(r.resolution, r.resolved_by_id) for r in reports} == {
            (Resolution.DISMISSED, moderator.id)}
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "reports.dismiss")).scalar_one()
        assert entry.actor_id == moderator.id and entry.details == {"reports": 2}


def test_withdrawing_the_post_closes_its_reports(app, client, socket_for, consultation, moderator,
                                                 make_post):
    post = make_post(consultation, state="approved")
    send_report(app.test_client(), consultation, post)
    login(client, moderator)
    queue = socket_for(client)
    queue.emit("join_queue", {"consultation": consultation.slug}, callback=True)
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/moderering/inlagg/{post}/beslut", headers=JSON, data={
        "action": "withdraw", "reason": "threat_or_hate", "csrf_token": token})
    assert response.status_code == 200
    assert open_reports(app) == 0
    assert events(queue, "reports_resolved")[0]["resolution"] == "withdrawn"
    with app.app_context():
        assert db.session.execute(select(Report.resolution)).scalar_one() is Resolution.WITHDRAWN


@pytest.mark.parametrize("role,assigned", [
    (Role.MODERATOR, False), (Role.RESPONDER, True), (Role.PROJECT_LEADER, True),
])
def test_only_the_consultations_moderators_dismiss(app, client, consultation, make_user,
                                                   make_post, role, assigned):
    post = make_post(consultation, state="approved")
    send_report(app.test_client(), consultation, post)
    login(client, make_user(role, assigned=assigned))
    assert dismiss(client, consultation, post).status_code == 403
    assert open_reports(app) == 1


def test_an_admin_dismisses_and_anonymous_is_asked_to_log_in(app, client, consultation,
                                                             make_user, make_post):
    post = make_post(consultation, state="approved")
    send_report(app.test_client(), consultation, post)
    assert dismiss(client, consultation, post).status_code == 401
    assert dismiss(client, consultation, post, headers={}).status_code in (302, 400)
    login(client, make_user(Role.ADMIN))
    response = dismiss(client, consultation, post, headers={})
    assert response.status_code == 303 and response.headers["Location"].endswith("#anmalda")


def test_an_unassigned_moderator_is_not_told_of_reports(app, client, socket_for, consultation,
                                                        make_user, make_post):
    post = make_post(consultation, state="approved")
    login(client, make_user(Role.MODERATOR, assigned=False))
    sock = socket_for(client)
    assert sock.emit("join_queue", {"consultation": consultation.slug},
                     callback=True) == {"ok": False, "error": "forbidden"}
    send_report(app.test_client(), consultation, post)
    assert events(sock, "post_reported") == []

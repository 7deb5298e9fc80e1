"""/admin/gallring: admins see and change the rules (audited), what is due and the records."""

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role
from parkbank.extensions import db
from parkbank.retention.models import CullingRecord, RetentionRule
from tests.helpers import csrf_token, login


@pytest.fixture
def admin_client(app, make_user):
    client = app.test_client()
    login(client, make_user(Role.ADMIN, name="Ada Admin"))
    return client


def post_rule(client, **data):
    token = csrf_token(client.get("/admin/gallring").get_data(as_text=True))
    return client.post("/admin/gallring", data={"csrf_token": token, **data})


def test_the_page_shows_the_configured_defaults(admin_client):
    page = admin_client.get("/admin/gallring").get_data(as_text=True)
    assert "90 dagar efter beslutet" in page and "365 dagar efter beslutet" in page
    assert "90 dagar efter att samrådet stängts" in page
    assert "Inget ska gallras nu." in page


def test_setting_a_global_rule_is_saved_and_audited(app, admin_client):
    response = post_rule(admin_client, kind="rejected_posts", days="30", counted_from="decision")
    assert response.status_code == 303
    assert "30 dagar efter beslutet" in admin_client.get("/admin/gallring").get_data(as_text=True)
    post_rule(admin_client, kind="rejected_posts", days="", counted_from="closing")
    with app.app_context():
        rule = db.session.execute(select(RetentionRule)).scalar_one()
        assert (rule.consultation_id, rule.days, rule.counted_from.value) == (None, None, "closing")
        entries = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.RETENTION_UPDATE.value).order_by(AuditEntry.id)).scalars().all()
        assert [e.details.get("days") for e in entries] == [30, None]
        assert entries[1].details["before"] == "global: 30 days from decision"


def test_a_consultation_rule_is_set_and_removed(app, admin_client, consultation):
    post_rule(admin_client, kind="contact_emails", days="10", counted_from="closing",
              consultation=consultation.slug)
    page = admin_client.get("/admin/gallring").get_data(as_text=True)
    assert "10 dagar efter att samrådet stängts" in page
    post_rule(admin_client, kind="contact_emails", counted_from="closing",
              consultation=consultation.slug, remove="yes")
    with app.app_context():
        assert db.session.execute(select(RetentionRule)).first() is None
        assert len(db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.RETENTION_UPDATE.value)).all()) == 2


@pytest.mark.parametrize("days", ["-1", "tio", "99999999", "٣"])
def test_bad_days_keep_what_was_typed(app, admin_client, days):
    response = post_rule(admin_client, kind="rejected_posts", days=days, counted_from="decision")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'aria-invalid="true"' in page
    assert f'value="{days}"' in page
    with app.app_context():
        assert db.session.execute(select(RetentionRule)).first() is None


def test_an_unknown_consultation_is_refused(admin_client):
    response = post_rule(admin_client, kind="rejected_posts", days="3", counted_from="decision",
                         consultation="finns-inte")
    assert response.status_code == 400


def test_culling_records_are_shown(app, admin_client, consultation):
    from parkbank.database import utcnow

    with app.app_context():
        db.session.add(CullingRecord(created_at=utcnow(), kind="rejected_posts", count=4,
                                     rule="default: 90 days from decision", consultation_id=consultation.id,
                                     consultation_slug=consultation.slug, actor="command",
                                     snapshot_file="/srv/snapshots/nytt-bibliotek-20270110T120000Z.zip"))
        db.session.commit()
    page = admin_client.get("/admin/gallring").get_data(as_text=True)
    assert "nytt-bibliotek-20270110T120000Z.zip" in page and "/srv/snapshots" not in page
    assert "90 dagar efter beslutet (grundinställningen)" in page


@pytest.mark.parametrize("role,assigned", [
    (Role.MODERATOR, True), (Role.MODERATOR, False), (Role.PROJECT_LEADER, True), (Role.RESPONDER, True),
])
def test_only_admins_see_and_change_rules(app, consultation, make_user, role, assigned):
    client = app.test_client()
    login(client, make_user(role, assigned=assigned))
    assert client.get("/admin/gallring").status_code == 403
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post("/admin/gallring", data={"csrf_token": token, "kind": "rejected_posts",
                                                    "days": "1", "counted_from": "decision"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.execute(select(RetentionRule)).first() is None


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/admin/gallring").status_code == 302
    assert client.get("/admin/gallring", headers={"Accept": "application/json"}).status_code == 401

"""A snapshot is one ZIP: a board page that needs nothing outside itself, the open data in the
API's shape and the decisions; the command and the admins' button make it, audited."""

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.moderation.marks import set_politician_view
from parkbank.official.operations import publish_official_reply
from parkbank.retention.snapshot import build_snapshot
from tests.helpers import csrf_token, login


@pytest.fixture
def board(consultation, make_post):
    idea = make_post(consultation, "Bygg en <b>läsesal</b> www.example.se", state="approved",
                     alias="Kim")
    make_post(consultation, "Ja, gärna", state="approved", parent_id=idea)
    make_post(consultation, "=HYPERLINK(\"http://x\") hemligt", state="rejected")
    make_post(consultation, "Väntar", state="pending")
    return idea


def snapshot_of(client, slug):
    page = client.get("/admin/gallring").get_data(as_text=True)
    return client.post(f"/admin/samrad/{slug}/ogonblicksbild", data={"csrf_token": csrf_token(page)})


def test_the_admins_button_gives_a_self_contained_archive(app, client, consultation, board, make_user):
    login(client, make_user(Role.ADMIN))
    response = snapshot_of(client, consultation.slug)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment; filename=\"nytt-bibliotek-" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["board.html", "decisions.csv", "decisions.json", "posts.json"]
    html = archive.read("board.html").decode()
    assert "läsesal" in html and "&lt;b&gt;" in html and "Ja, gärna" in html and "Kim" in html
    assert "hemligt" not in html and "Väntar" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"\bsrc\s*=|url\(", html)  # nothing loaded from anywhere
    open_data = json.loads(archive.read("posts.json"))
    api = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json
    assert open_data["posts"] == api["posts"]
    csv_text = archive.read("decisions.csv").decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,post_id,action")
    assert "hemligt" not in csv_text
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.SNAPSHOT.value)).scalar_one()
        assert entry.consultation_id == consultation.id and entry.details["via"] == "admin"


def test_decision_notes_are_guarded_in_the_csv(app, client, consultation, make_post, make_user):
    from parkbank.moderation.models import Action, Reason
    from tests.helpers import decide

    post_id = make_post(consultation, "Något")
    mod = make_user(Role.MODERATOR)
    with app.app_context():
        decide(post_id, mod, Action.REJECT, reason=Reason.OTHER, note="=cmd|' /C calc'!A0")
        db.session.commit()
    login(client, make_user(Role.ADMIN))
    archive = zipfile.ZipFile(io.BytesIO(snapshot_of(client, consultation.slug).data))
    assert "'=cmd|" in archive.read("decisions.csv").decode("utf-8-sig")


@pytest.mark.parametrize("role,assigned", [
    (Role.MODERATOR, True), (Role.PROJECT_LEADER, True), (Role.RESPONDER, True), (Role.MODERATOR, False),
])
def test_only_admins_take_snapshots(app, consultation, make_user, role, assigned):
    client = app.test_client()
    login(client, make_user(role, assigned=assigned))
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    assert client.post(f"/admin/samrad/{consultation.slug}/ogonblicksbild",
                       data={"csrf_token": token}).status_code == 403


def test_anonymous_cannot_take_a_snapshot(client, consultation):
    token = csrf_token(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/admin/samrad/{consultation.slug}/ogonblicksbild", data={"csrf_token": token})
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_the_snapshot_command_writes_the_file(app, runner, consultation, board, tmp_path):
    target = tmp_path / "ut" / "arkiv.zip"
    result = runner.invoke(args=["snapshot", consultation.slug, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "läsesal" in zipfile.ZipFile(target).read("board.html").decode()
    app.config["SNAPSHOT_DIR"] = str(tmp_path / "default")
    assert runner.invoke(args=["snapshot", consultation.slug]).exit_code == 0
    assert len(list((tmp_path / "default").glob("nytt-bibliotek-*.zip"))) == 1
    assert runner.invoke(args=["snapshot", "finns-inte"]).exit_code == 1
    with app.app_context():
        assert len(db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.SNAPSHOT.value)).all()) == 2


def test_snapshot_board_marks_official_replies_and_politician_views(app, consultation, make_user,
                                                                    make_post, moderator):
    responder = make_user(Role.RESPONDER, name="Eva Svensson")
    idea = make_post(consultation, "Fler bänkar i parken", state="approved")
    with app.app_context():
        c = db.session.get(Consultation, consultation.id)
        publish_official_reply(c, idea, db.session.get(User, responder.id), "Tack, vi tittar på det.")
        set_politician_view(idea, True, user=db.session.get(User, moderator.id))
        db.session.commit()
        data = build_snapshot(c, utcnow())
        html = zipfile.ZipFile(io.BytesIO(data)).read("board.html").decode()
        posts = zipfile.ZipFile(io.BytesIO(data)).read("posts.json").decode()
        assert "Eva Svensson" in posts and '"politician_view": true' in posts
        assert "Eva Svensson" in html and "Kommunens svar" in html
        assert "inte kommunens ståndpunkt" in html

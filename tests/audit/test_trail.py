"""Every staff action appends one entry to the audit trail (who, what, where, details), in the
action's own transaction; the app can neither change nor delete an entry."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.audit.operations import AuditTrailIsAppendOnly, record
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.database import utcnow
from parkbank.extensions import db
from parkbank.moderation.models import Action, Reason
from tests.helpers import PASSWORD, csrf_token, decide, login

NEW_PASSWORD = "ett helt nytt lösenord"


def entries(app, action=None):
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action.value)
        found = db.session.execute(query).scalars().all()
        db.session.expunge_all()
        return found


def only(app, action):
    found = entries(app, action)
    assert len(found) == 1, found
    return found[0]


def test_login_is_recorded_with_the_staff_member(app, client, moderator):
    login(client, moderator)
    entry = only(app, AuditAction.LOGIN)
    assert (entry.actor_id, entry.actor_name) == (moderator.id, "Maria Moderator")
    assert entry.created_at > utcnow() - timedelta(minutes=1)


def test_a_failed_login_is_not_recorded(app, client, moderator):
    page = client.get("/logga-in").get_data(as_text=True)
    client.post("/logga-in", data={"email": moderator.email, "password": "fel lösenord",
                                   "csrf_token": csrf_token(page)})
    assert entries(app, AuditAction.LOGIN) == []


def test_logout_is_recorded(app, client, moderator):
    login(client, moderator)
    page = client.get("/moderering/").get_data(as_text=True)
    assert client.post("/logga-ut", data={"csrf_token": csrf_token(page)}).status_code == 303
    entry = only(app, AuditAction.LOGOUT)
    assert entry.actor_id == moderator.id


def test_create_user_command_is_recorded_as_the_system(app, runner):
    result = runner.invoke(args=["create-user", "--email", "Ny@Kommun.example", "--name", "Nina Ny",
                                 "--role", "responder"], env={"PARKBANK_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    entry = only(app, AuditAction.USER_CREATE)
    assert entry.actor_id is None and entry.actor_name == "system"
    assert entry.target_type == "user" and entry.target_id is not None
    assert entry.details == {"email": "ny@kommun.example", "name": "Nina Ny", "role": "responder"}


def test_set_password_is_recorded_without_the_password(app, runner, moderator):
    result = runner.invoke(args=["set-password", "--email", moderator.email],
                           env={"PARKBANK_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    entry = only(app, AuditAction.USER_PASSWORD)
    assert (entry.target_type, entry.target_id) == ("user", moderator.id)
    assert NEW_PASSWORD not in str(entry.details) and entry.details == {"email": moderator.email}


def test_deactivate_is_recorded(app, runner, moderator):
    assert runner.invoke(args=["deactivate-user", "--email", moderator.email]).exit_code == 0
    entry = only(app, AuditAction.USER_DEACTIVATE)
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("user", moderator.id, None)


def test_assign_and_unassign_are_recorded_once_each_with_the_consultation(app, runner, consultation,
                                                                          make_user):
    user = make_user(Role.MODERATOR, name="Olle Ny", assigned=False)
    args = ["--email", user.email, "--consultation", consultation.slug]
    for command in ("assign", "assign", "unassign", "unassign"):  # the repeats change nothing
        assert runner.invoke(args=[command, *args]).exit_code == 0
    added, removed = only(app, AuditAction.ASSIGNMENT_ADD), only(app, AuditAction.ASSIGNMENT_REMOVE)
    for entry in (added, removed):
        assert entry.consultation_id == consultation.id
        assert (entry.target_type, entry.target_id) == ("user", user.id)
        assert entry.details == {"name": "Olle Ny", "role": "moderator"}


def test_assign_by_an_admin_names_the_admin(app, consultation, make_user):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    user = make_user(Role.RESPONDER, assigned=False)
    with app.app_context():
        from parkbank.auth.operations import assign

        assign(db.session.get(User, user.id), db.session.get(Consultation, consultation.id),
               by=db.session.get(User, admin.id))
        db.session.commit()
    entry = only(app, AuditAction.ASSIGNMENT_ADD)
    assert (entry.actor_id, entry.actor_name) == (admin.id, "Ada Admin")


def test_consultation_create_and_set_status_commands_are_recorded(app, runner):
    created = runner.invoke(args=["consultation", "create", "--slug", "ny-park", "--title", "Ny park",
                                  "--question", "Vad vill du ha?"])
    assert created.exit_code == 0, created.output
    assert runner.invoke(args=["consultation", "set-status", "ny-park", "open"]).exit_code == 0
    create = only(app, AuditAction.CONSULTATION_CREATE)
    status = only(app, AuditAction.CONSULTATION_STATUS)
    assert create.consultation_id == status.consultation_id == create.target_id is not None
    assert create.details == {"slug": "ny-park", "title": "Ny park", "status": "draft"}
    assert status.details == {"before": "draft", "after": "open"}
    assert status.actor_id is None


def test_the_schedule_is_recorded_as_the_system(app, runner, make_consultation):
    c = make_consultation(slug="dags", status=ConsultationStatus.DRAFT,
                          opens_at=utcnow() - timedelta(minutes=5))
    assert runner.invoke(args=["consultation", "tick"]).exit_code == 0
    entry = only(app, AuditAction.CONSULTATION_STATUS)
    assert (entry.actor_id, entry.actor_name, entry.consultation_id) == (None, "system", c.id)
    assert entry.details["after"] == "open" and entry.details["by_schedule"] is True


@pytest.mark.parametrize("action, audit, reason", [
    (Action.APPROVE, AuditAction.POST_APPROVE, None),
    (Action.REJECT, AuditAction.POST_REJECT, Reason.OFF_TOPIC),
])
def test_a_decision_is_recorded_with_its_reason_and_note(app, consultation, moderator, make_post,
                                                         action, audit, reason):
    post_id = make_post(consultation)
    with app.app_context():
        decide(post_id, moderator, action, reason=reason, note="Se tidigare beslut")
        db.session.commit()
    entry = only(app, audit)
    assert (entry.actor_id, entry.consultation_id) == (moderator.id, consultation.id)
    assert (entry.target_type, entry.target_id) == ("post", post_id)
    assert entry.details == ({"reason": reason.value} if reason else {}) | {"note": "Se tidigare beslut"}


def test_a_withdrawal_is_recorded_for_the_idea_and_each_reply_that_follows_it(app, consultation,
                                                                                moderator, make_post):
    idea = make_post(consultation, state="approved")
    reply = make_post(consultation, "Ett svar", state="approved", parent_id=idea)
    with app.app_context():
        decide(idea, moderator, Action.WITHDRAW, reason=Reason.THREAT_OR_HATE)
        db.session.commit()
    withdrawn = entries(app, AuditAction.POST_WITHDRAW)
    assert [(e.target_id, e.details) for e in withdrawn] == [
        (idea, {"reason": "threat_or_hate"}), (reply, {"reason": "threat_or_hate", "follows_idea": True})]


def test_the_withdraw_post_command_names_the_moderator(app, runner, consultation, moderator, make_post):
    post_id = make_post(consultation, state="approved")
    result = runner.invoke(args=["withdraw-post", str(post_id), "--reason", "spam", "--by", moderator.email])
    assert result.exit_code == 0, result.output
    entry = only(app, AuditAction.POST_WITHDRAW)
    assert entry.actor_id == moderator.id and entry.details == {"reason": "spam"}


def test_a_rolled_back_action_leaves_no_entry(app, consultation, moderator, make_post):
    post_id = make_post(consultation)
    with app.app_context():
        decide(post_id, moderator, Action.APPROVE)
        db.session.rollback()
    assert entries(app, AuditAction.POST_APPROVE) == []


def test_a_refused_decision_over_http_leaves_no_entry(app, client, consultation, moderator, make_post):
    post_id = make_post(consultation)
    login(client, moderator)
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    response = client.post(f"/moderering/inlagg/{post_id}/beslut", headers={"Accept": "application/json"},
                           data={"action": "reject", "csrf_token": token})
    assert response.status_code == 400
    assert entries(app, AuditAction.POST_REJECT) == []


def test_a_failing_command_leaves_no_entry(app, runner):
    result = runner.invoke(args=["create-user", "--email", "a@kommun.example", "--name", "A",
                                 "--role", "admin"], env={"PARKBANK_PASSWORD": "kort"})
    assert result.exit_code != 0
    assert entries(app, AuditAction.USER_CREATE) == []


@pytest.fixture
def entry_id(app, moderator):
    with app.app_context():
        entry = record(AuditAction.LOGIN, user=db.session.get(User, moderator.id))
        db.session.commit()
        return entry.id


def test_the_session_refuses_to_change_an_entry(app, entry_id):
    with app.app_context():
        entry = db.session.get(AuditEntry, entry_id)
        entry.actor_name = "Någon annan"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).actor_name == "Maria Moderator"


def test_the_session_refuses_to_change_an_entrys_details_in_place(app, entry_id):
    with app.app_context():
        entry = db.session.get(AuditEntry, entry_id)
        entry.details = {"note": "tillagd i efterhand"}
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.commit()
        db.session.rollback()


def test_the_session_refuses_to_delete_an_entry(app, entry_id):
    with app.app_context():
        db.session.delete(db.session.get(AuditEntry, entry_id))
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id) is not None


@pytest.mark.parametrize("statement", [
    lambda: update(AuditEntry).values(actor_name="Någon annan"),
    lambda: update(AuditEntry).where(AuditEntry.action == "login").values(details={}),
    lambda: delete(AuditEntry),
    lambda: delete(AuditEntry).where(AuditEntry.id > 0),
    lambda: update(AuditEntry.__table__).values(actor_name="Någon annan"),
    lambda: delete(AuditEntry.__table__),
], ids=["orm update", "orm update where", "orm delete", "orm delete where", "table update",
        "table delete"])
def test_the_session_refuses_bulk_updates_and_deletes(app, entry_id, statement):
    with app.app_context():
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.execute(statement())
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).actor_name == "Maria Moderator"

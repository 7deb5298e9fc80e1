"""The operators' commands for staff accounts: set-password and deactivate-user."""

from parkbank.auth.models import User
from parkbank.extensions import db
from tests.auth.helpers import attempt

NEW_PASSWORD = "ny bänk vid dammen i parken"


def test_set_password_reads_the_new_password_from_the_environment(app, runner, moderator):
    result = runner.invoke(args=["set-password", "--email", moderator.email.upper()],
                           env={"PARKBANK_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.get(User, moderator.id)
        assert user.check_password(NEW_PASSWORD) and not user.check_password(moderator.password)


def test_set_password_prompts_hidden_and_twice(app, runner, moderator):
    result = runner.invoke(args=["set-password", "--email", moderator.email],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n", env={"PARKBANK_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    with app.app_context():
        assert db.session.get(User, moderator.id).check_password(NEW_PASSWORD)


def test_set_password_refuses_a_weak_password_and_keeps_the_old_one(app, runner, moderator):
    result = runner.invoke(args=["set-password", "--email", moderator.email],
                           env={"PARKBANK_PASSWORD": "aaaaaaaaaa"})
    assert result.exit_code != 0 and "för lätt att gissa" in result.output
    with app.app_context():
        assert db.session.get(User, moderator.id).check_password(moderator.password)


def test_set_password_for_an_unknown_account_fails_clearly(runner):
    result = runner.invoke(args=["set-password", "--email", "ingen@kommun.se"],
                           env={"PARKBANK_PASSWORD": NEW_PASSWORD})
    assert result.exit_code != 0 and "ingen@kommun.se" in result.output


def test_deactivated_user_cannot_log_in(client, runner, moderator):
    assert runner.invoke(args=["deactivate-user", "--email", moderator.email]).exit_code == 0
    assert attempt(client, moderator.email, moderator.password) == 400


def test_deactivate_user_for_an_unknown_account_fails_clearly(runner):
    result = runner.invoke(args=["deactivate-user", "--email", "ingen@kommun.se"])
    assert result.exit_code != 0 and "ingen@kommun.se" in result.output

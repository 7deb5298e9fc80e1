"""Staff passwords: at least ten characters, and not common, leaked or built from the person's
own details or the service's name (zxcvbn score 3 or more)."""

import pytest
from flask import session

from parkbank.auth.models import Role, User
from parkbank.auth.operations import create_user, set_password
from parkbank.errors import InvalidInput
from parkbank.extensions import db
from tests.helpers import PASSWORD

TOO_EASY_SV = "Lösenordet är för lätt att gissa"


def new_user(password, email="lena.andersson@kommun.se", name="Lena Andersson"):
    return create_user(email=email, name=name, role=Role.MODERATOR, password=password)


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "qwertyuiop", "password123"])
def test_common_and_patterned_passwords_are_refused(app, password):
    with app.app_context(), pytest.raises(InvalidInput, match=TOO_EASY_SV):
        new_user(password)


def test_common_swedish_passwords_are_refused(app):
    with app.app_context(), pytest.raises(InvalidInput, match=TOO_EASY_SV):
        new_user("Välkommen123")


def test_a_password_made_of_the_persons_name_is_refused(app):
    with app.app_context(), pytest.raises(InvalidInput, match=TOO_EASY_SV):
        new_user("Andersson!Lena")


def test_a_password_made_of_the_services_name_is_refused(app):
    with app.app_context(), pytest.raises(InvalidInput, match=TOO_EASY_SV):
        new_user("parkbankkommun")


def test_a_short_password_is_refused_with_its_length(app):
    with app.app_context(), pytest.raises(InvalidInput, match="minst 10 tecken"):
        new_user("x7#Qk!2pZ")


def test_a_long_phrase_of_unrelated_words_is_accepted(app):
    with app.app_context():
        assert new_user(PASSWORD).check_password(PASSWORD)


def test_a_new_password_must_pass_the_same_rule(app, moderator):
    with app.app_context():
        user = db.session.get(User, moderator.id)
        with pytest.raises(InvalidInput, match=TOO_EASY_SV):
            set_password(user, "aaaaaaaaaa")


def test_the_refusal_says_why_in_english_too(app):
    with app.test_request_context():
        session["lang"] = "en"
        with pytest.raises(InvalidInput, match="too easy to guess"):
            new_user("aaaaaaaaaa")


def test_create_user_command_refuses_a_weak_password_and_says_why(runner):
    result = runner.invoke(args=["create-user", "--email", "a@kommun.se", "--name", "A",
                                 "--role", "moderator"], env={"PARKBANK_PASSWORD": "aaaaaaaaaa"})
    assert result.exit_code != 0
    assert TOO_EASY_SV in result.output

"""Logging in tells nothing about which accounts exist, and guessing one account's password is
limited however many addresses the guesses come from."""

import pytest
from werkzeug.security import check_password_hash

from parkbank.auth import models, operations
from parkbank.auth.models import User
from parkbank.auth.operations import deactivate_user
from parkbank.extensions import db
from tests.auth.helpers import attempt
from tests.helpers import build_app


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password hash check a login makes, as the hash's method and parameters."""
    checks = []

    def spy(password_hash, password):
        checks.append(password_hash.split("$", 1)[0])
        return check_password_hash(password_hash, password)
    monkeypatch.setattr(models, "check_password_hash", spy)
    monkeypatch.setattr(operations, "check_password_hash", spy)
    return checks


def _method(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).password_hash.split("$", 1)[0]


def test_unknown_address_costs_the_same_hash_check_as_a_known_one(app, client, moderator,
                                                                  hash_checks):
    assert attempt(client, moderator.email, "fel lösenord här") == 400
    assert attempt(client, "finns.inte@kommun.example", "fel lösenord här") == 400
    assert hash_checks == [_method(app, moderator.id)] * 2


def test_inactive_account_costs_the_same_hash_check_as_an_active_one(app, client, make_user,
                                                                     hash_checks):
    inactive = make_user()
    with app.app_context():
        deactivate_user(db.session.get(User, inactive.id))
        db.session.commit()
    assert attempt(client, inactive.email, inactive.password) == 400
    assert hash_checks == [_method(app, inactive.id)]


@pytest.fixture
def limited(app, schema):
    """A client of an app with the limits on (built after `app`: the limiter is one object, and
    the last app bound to it sets its storage)."""
    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="100 per minute",
                    RATELIMIT_LOGIN_PER_ACCOUNT="3 per minute")
    return app.test_client()


def test_failed_logins_to_one_account_are_limited_across_addresses(limited, moderator):
    wrong = [attempt(limited, moderator.email, "fel lösenord här", f"198.51.100.{i}")
             for i in range(3)]
    assert wrong == [400, 400, 400]
    # The right password from yet another address waits too: the account is what is limited.
    assert attempt(limited, moderator.email, moderator.password, "203.0.113.9") == 429


def test_account_limit_counts_the_address_however_it_is_typed(limited, moderator):
    spellings = [moderator.email.upper(), f"  {moderator.email} ", moderator.email.title()]
    assert [attempt(limited, email, "fel lösenord här") for email in spellings] == [400] * 3
    assert attempt(limited, moderator.email, moderator.password) == 429


def test_account_limit_leaves_other_accounts_alone(limited, moderator, make_user):
    colleague = make_user()
    for _ in range(3):
        attempt(limited, moderator.email, "fel lösenord här")
    assert attempt(limited, colleague.email, colleague.password) == 303


def test_account_limit_counts_failed_logins_only(limited, moderator):
    assert [attempt(limited, moderator.email, moderator.password) for _ in range(4)] == [303] * 4

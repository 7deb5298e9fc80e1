"""Races between two moderators on PostgreSQL: a colleague's transaction commits between an
operation's first read of a post and its UPDATE (simulated by holding the post in the identity
map, as the operation's request has); what the boards are told must be the row as it is then.
(SQLite's writers take turns from their first statement, so the race cannot happen there.)"""
import threading

import pytest

from parkbank.auth.models import User
from parkbank.errors import InvalidInput
from parkbank.extensions import db
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.marks import set_politician_view
from parkbank.moderation.models import Action, Reason
from parkbank.moderation.redaction import redact
from parkbank.posts.models import Post

SECRET = "070-123 45 67"
BODY = f"Ring Kalle på {SECRET} om bänken"


def _commit_elsewhere(app, fn):
    errors = []

    def run():
        with app.app_context():
            try:
                fn()
                db.session.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors


def _board_payloads():
    return [(name, payload) for name, payload, room, _board
            in db.session.info.get("parkbank_live_pending", []) if room.startswith("board:")]


@pytest.fixture(autouse=True)
def _postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a PostgreSQL race")


def test_an_approval_racing_a_redaction_publishes_the_redacted_text(app, consultation, moderator,
                                                                      make_user, make_post):
    colleague = make_user(name="Otto Moderator")
    post_id = make_post(consultation, BODY)
    with app.app_context():
        held = db.session.get(Post, post_id)  # noqa: F841  approve's request has read the post ...
        _commit_elsewhere(app, lambda: redact(post_id, user=db.session.get(User, colleague.id),
                                              passages=[SECRET]))  # ... the redaction commits ...
        apply(post_id, Action.APPROVE, user=db.session.get(User, moderator.id))  # ... UPDATE succeeds
        [(name, payload)] = _board_payloads()
        assert name == "post_published"
        assert SECRET not in payload["post"]["body_html"]
        assert SECRET not in payload["post"]["body"]


def test_a_mark_racing_a_withdrawal_is_refused_and_sends_nothing(app, consultation, moderator,
                                                                     make_user, make_post):
    colleague = make_user(name="Otto Moderator")
    post_id = make_post(consultation, BODY, state="approved")
    with app.app_context():
        held = db.session.get(Post, post_id)  # noqa: F841  the mark's request has read the post ...
        _commit_elsewhere(app, lambda: apply(post_id, Action.WITHDRAW, reason=Reason("other"),
                                             user=db.session.get(User, colleague.id)))
        with pytest.raises(InvalidInput):
            set_politician_view(post_id, True, user=db.session.get(User, moderator.id))
        assert not any(SECRET in str(payload) for _, payload in _board_payloads())

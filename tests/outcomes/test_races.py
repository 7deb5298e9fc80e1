"""Two staff members setting one idea's outcome at once on PostgreSQL: the second waits for the
first (the post's row lock) and records the first one's outcome as its `from`, so the history is a
chain. (SQLite's writers take turns from their first statement, so the race cannot happen there.)"""

from __future__ import annotations

import threading
import time

import pytest

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.outcomes.models import Outcome
from parkbank.outcomes.operations import OutcomeInput, set_outcome
from parkbank.posts.models import Post


@pytest.fixture(autouse=True)
def _postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a PostgreSQL race")


def test_two_outcomes_at_once_make_a_chain(app, consultation, leader, responder, make_post):
    idea = make_post(consultation, state="approved")
    done: list = []

    def second():
        with app.app_context():
            set_outcome(db.session.get(Consultation, consultation.id), idea, OutcomeInput("decided"),
                        user=db.session.get(User, responder.id))
            db.session.commit()
            done.append(True)

    with app.app_context():
        set_outcome(db.session.get(Consultation, consultation.id), idea, OutcomeInput("investigating"),
                    user=db.session.get(User, leader.id))
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second one now waits for this transaction's lock on the post
        assert not done
        db.session.commit()
    thread.join()
    with app.app_context():
        post = db.session.get(Post, idea)
        assert [(c.from_outcome, c.to_outcome) for c in post.outcome_changes] == [
            (None, Outcome.INVESTIGATING), (Outcome.INVESTIGATING, Outcome.DECIDED)]
        assert post.outcome is Outcome.DECIDED

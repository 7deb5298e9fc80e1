"""Two project leaders (or one double click) changing a theme list at once on PostgreSQL: the
second one waits for the first and is refused as a name in use, never a 500 on the unique slug.
(SQLite's writers take turns from their first statement, so the race cannot happen there.)"""

from __future__ import annotations

import threading
import time

import pytest

from parkbank.auth.models import User
from parkbank.consultations.models import Consultation
from parkbank.errors import InvalidInput
from parkbank.extensions import db
from parkbank.themes.operations import create_theme, rename_theme
from parkbank.themes.queries import themes_of


@pytest.fixture(autouse=True)
def _postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a PostgreSQL race")


def _meanwhile(app, fn) -> tuple[threading.Thread, list]:
    """Run fn in a transaction of its own, in a thread that is still running when this returns."""
    outcome: list = []

    def run():
        with app.app_context():
            try:
                fn()
                db.session.commit()
                outcome.append("committed")
            except Exception as error:  # noqa: BLE001
                db.session.rollback()
                outcome.append(error)
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)  # long enough to reach the statement that waits for this transaction
    return thread, outcome


def _leader(leader):
    return db.session.get(User, leader.id)


def test_the_same_name_added_twice_at_once_is_refused_the_second_time(app, consultation, leader):
    with app.app_context():
        create_theme(db.session.get(Consultation, consultation.id), "Trafik", user=_leader(leader))
        thread, outcome = _meanwhile(app, lambda: create_theme(
            db.session.get(Consultation, consultation.id), "Trafik", user=_leader(leader)))
        db.session.commit()
        thread.join()
        assert isinstance(outcome[0], InvalidInput), outcome
        assert [t.slug for t in themes_of(consultation.id)] == ["trafik"]


def test_a_rename_racing_an_addition_of_the_same_name_is_refused(app, consultation, leader, make_theme):
    park = make_theme(consultation, "Park")
    with app.app_context():
        create_theme(db.session.get(Consultation, consultation.id), "Trafik", user=_leader(leader))
        thread, outcome = _meanwhile(app, lambda: rename_theme(
            db.session.get(Consultation, consultation.id), park, "Trafik", user=_leader(leader)))
        db.session.commit()
        thread.join()
        assert isinstance(outcome[0], InvalidInput), outcome
        assert [t.name for t in themes_of(consultation.id)] == ["Park", "Trafik"]

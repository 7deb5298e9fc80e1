"""Fixtures: a real database (SQLite file, or PostgreSQL when PARKBANK_TEST_DATABASE_URL is set),
built once by the Alembic migrations and emptied after every test; factory fixtures; clients."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import flask_migrate
import pytest
from sqlalchemy import select, text

from parkbank.auth.models import Role, User
from parkbank.auth.operations import create_user
from parkbank.config import database_url
from parkbank.consultations.models import ConsultationStatus
from parkbank.consultations.operations import create_consultation
from parkbank.database import write_intent
from parkbank.extensions import db
from parkbank.moderation.lifecycle import apply
from parkbank.moderation.models import Action
from parkbank.posts.operations import submit_post
from parkbank.search.index import TABLE as INDEX_TABLE
from parkbank.search.index import drop_index_table
from tests.helpers import PASSWORD, build_app, dispose_apps


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    configured = os.environ.get("PARKBANK_TEST_DATABASE_URL")
    if configured:
        return database_url({"DATABASE_URL": configured}, "")
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "parkbank-test.db")


@pytest.fixture(scope="session")
def schema(db_url):
    """Drop whatever a previous run left, then build the schema with the real migrations."""
    app = build_app(db_url)
    with app.app_context():
        drop_index_table(db.session)  # it refers to post, so before drop_all
        db.session.commit()
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        flask_migrate.upgrade()
    dispose_apps()
    return db_url


def _empty_tables():
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        _truncate(tables)
    else:
        for table in [INDEX_TABLE, *tables]:  # TRUNCATE … CASCADE empties it on PostgreSQL
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


def _truncate(tables, attempts=5):
    """TRUNCATE takes its tables' locks one by one; a browser test's server may still be reading
    them (a page or socket of a tab that was just closed), and PostgreSQL then breaks the deadlock
    by failing one side. The server's read ends in a moment: try again."""
    from sqlalchemy.exc import OperationalError

    for attempt in range(attempts):
        try:
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return
        except OperationalError:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


@pytest.fixture
def app(schema):
    app = build_app(schema)
    yield app
    with app.app_context():
        _empty_tables()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def everywhere(app):
    """Staff made by make_user (unless assigned=False) are assigned to every consultation of the
    test, made before or after them: most tests are about something other than assignments."""
    staff: list[int] = []

    def assign(user_ids, consultation_ids):
        from parkbank.auth.models import Assignment
        from parkbank.auth.permissions import ASSIGNABLE_ROLES

        for user_id in user_ids:
            user = db.session.get(User, user_id)
            if user.role not in ASSIGNABLE_ROLES:
                continue
            for consultation_id in consultation_ids:
                db.session.add(Assignment(user_id=user_id, consultation_id=consultation_id))
        db.session.commit()
    return SimpleNamespace(staff=staff, assign=assign)


@pytest.fixture
def make_consultation(app, everywhere):
    def make(slug="nytt-bibliotek", status=ConsultationStatus.OPEN, **kwargs):
        with app.app_context():
            c = create_consultation(slug=slug, title=kwargs.pop("title", "Nytt bibliotek"),
                                    question=kwargs.pop("question", "Vad vill du ha?"),
                                    status=status, **kwargs)
            db.session.commit()
            everywhere.assign(everywhere.staff, [c.id])
            return SimpleNamespace(id=c.id, slug=c.slug)
    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def make_user(app, everywhere):
    counter = iter(range(1, 10_000))

    def make(role=Role.MODERATOR, name=None, email=None, assigned=True):
        """A staff account; `assigned`: to every consultation of the test (see `everywhere`),
        or False for none."""
        n = next(counter)
        with app.app_context():
            from parkbank.consultations.models import Consultation

            user = create_user(email=email or f"staff{n}@kommun.example", name=name or f"Staff {n}",
                               role=Role(role), password=PASSWORD)
            db.session.commit()
            if assigned:
                everywhere.staff.append(user.id)
                everywhere.assign([user.id], db.session.execute(select(Consultation.id)).scalars().all())
            return SimpleNamespace(id=user.id, email=user.email, name=user.name,
                                   role=user.role, password=PASSWORD)
    return make


@pytest.fixture
def moderator(make_user):
    return make_user(Role.MODERATOR, name="Maria Moderator")


@pytest.fixture
def make_post(app, make_user):
    approver = {}

    def make(consultation, body="En idé", state="pending", parent_id=None, **kwargs):
        if state != "pending" and "user" not in approver:
            approver["user"] = make_user(Role.MODERATOR, name="Fixture Moderator")
        with app.app_context():
            from parkbank.consultations.models import Consultation

            c = db.session.get(Consultation, consultation.id)
            kwargs.setdefault("participant", None)
            post, _ = submit_post(c, body=body, parent_id=parent_id, **kwargs)
            db.session.flush()
            if state in ("approved", "rejected", "withdrawn"):
                mod = db.session.get(User, approver["user"].id)
                if state == "rejected":
                    apply(post.id, Action.REJECT, user=mod, reason=_reason("spam"))
                else:
                    apply(post.id, Action.APPROVE, user=mod)
                    if state == "withdrawn":
                        apply(post.id, Action.WITHDRAW, user=mod, reason=_reason("other"))
            db.session.commit()
            return post.id
    return make


def _reason(code):
    from parkbank.moderation.models import Reason

    return Reason(code)


@pytest.fixture(autouse=True)
def _clean_up():
    yield
    write_intent.set(False)
    dispose_apps()


@pytest.fixture
def socket_for(app):
    """Flask-SocketIO test clients; pass a Flask test client to share its cookies (login, mark)."""
    from parkbank.extensions import socketio

    clients = []

    def make(flask_client=None):
        sock = socketio.test_client(app, flask_test_client=flask_client)
        clients.append(sock)
        return sock
    yield make
    for sock in clients:
        if sock.is_connected():
            sock.disconnect()

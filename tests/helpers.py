"""Helpers for tests: building an app on the test database, reading CSRF tokens, logging in."""

from __future__ import annotations

import re

from parkbank import create_app
from parkbank.config import TEST_CONFIG

PASSWORD = "correct horse battery"


_built = []


def build_app(db_url: str, **overrides):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": db_url, **overrides})
    _built.append(app)
    return app


def dispose_apps() -> None:
    """Close the connection pools of every app a test built (PostgreSQL warns about open ones)."""
    from parkbank.extensions import db

    while _built:
        with _built.pop().app_context():
            db.engine.dispose()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in page"
    return match.group(1) or match.group(2)


def login(client, user) -> None:
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post("/logga-in", data={"email": user.email, "password": user.password,
                                              "csrf_token": csrf_token(page)})
    assert response.status_code == 303, response.get_data(as_text=True)


def decide(post_id: int, user, action, reason=None, note=None):
    """Take a moderation action as a staff user (a fixture's namespace or a User), in the
    current app context; the caller commits."""
    from parkbank.auth.models import User
    from parkbank.extensions import db
    from parkbank.moderation.lifecycle import apply

    return apply(post_id, action, user=db.session.get(User, user.id), reason=reason, note=note)


def events(sock, name):
    """The payloads of every `name` event a Socket.IO test client has received so far."""
    return [e["args"][0] for e in sock.get_received() if e["name"] == name]


class SqlCounter:
    """The SQL statements an app's engine runs while the block is open."""

    def __init__(self, app):
        from parkbank.extensions import db

        with app.app_context():
            self.engine = db.engine
        self.statements: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._count)

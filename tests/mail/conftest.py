from __future__ import annotations

import pytest

from tests.conftest import _empty_tables
from tests.helpers import build_app
from tests.mail.smtp import Mailbox


@pytest.fixture
def mailbox():
    box = Mailbox().start()
    yield box
    box.stop()


def mail_app(schema, port: int, **overrides):
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5,
                "BASE_URL": "https://samrad.kommun.example", "OUTBOX_RETRY_SECONDS": 0.05,
                "OUTBOX_RETRY_CAP_SECONDS": 0.2, "OUTBOX_POLL_SECONDS": 0.2, **overrides}
    return build_app(schema, **settings)


@pytest.fixture
def app(schema, mailbox):
    """The app sends to the test's SMTP server; its in-server worker is switched on (the first
    request starts it), as in production."""
    from parkbank.mail import worker

    app = mail_app(schema, mailbox.port, OUTBOX_WORKER=True)
    yield app
    worker.stop_in_server(app, wait=10)
    with app.app_context():
        _empty_tables()

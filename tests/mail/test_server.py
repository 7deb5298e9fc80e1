"""The outbox worker inside the real server (Werkzeug's threads, and gunicorn's gevent worker where it
is a greenlet): a citizen's confirmation, and the notice of a moderator's decision, arrive at a real
SMTP server with nothing else running."""

from __future__ import annotations

import re

import pytest
import requests

from tests.helpers import csrf_token
from tests.mail.smtp import body
from tests.server import JSON, decide, flask_run, free_port, gunicorn, running, server_env, staff_session

pytestmark = pytest.mark.server
ADDRESS = "eva@example.se"


@pytest.fixture(params=["flask run", "gunicorn gevent"])
def server(request, app, schema, mailbox, tmp_path):
    """After `app`, so the tables are emptied only once the server has stopped."""
    port = free_port()
    command = flask_run(port) if request.param == "flask run" else gunicorn(port)
    env = server_env(schema, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mailbox.port),
                     PARKBANK_BASE_URL=f"http://127.0.0.1:{port}", PARKBANK_OUTBOX_POLL_SECONDS="1",
                     PARKBANK_OUTBOX_WORKER="true")
    with running(command, env, port, tmp_path / "server.log") as base:
        yield base


def test_the_servers_own_worker_sends_the_confirmation_and_the_decision(server, consultation, moderator,
                                                                       mailbox):
    citizen = requests.Session()
    page = citizen.get(f"{server}/samrad/{consultation.slug}").text
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page).group(1)
    posted = citizen.post(f"{server}/samrad/{consultation.slug}/inlagg", headers=JSON, data={
        "body": "Fler bänkar", "email": ADDRESS, "consent": "y", "csrf_token": csrf_token(page),
        "submission_key": key})
    assert posted.status_code == 201, posted.text
    (confirmation,) = mailbox.wait_for(1, ADDRESS, timeout=15)
    url = re.search(rf"{re.escape(server)}/e-post/bekrafta/\S+", body(confirmation)).group(0)
    browser = requests.Session()
    form = browser.get(url)
    assert form.status_code == 200
    assert browser.post(url, data={"csrf_token": csrf_token(form.text)}).status_code == 200

    staff, token = staff_session(server, moderator)
    decide(staff, token, server, posted.json()["id"], action="approve")
    decided = mailbox.wait_for(2, ADDRESS, timeout=15)[1]
    assert "Fler bänkar" in body(decided) and decided["List-Unsubscribe-Post"]

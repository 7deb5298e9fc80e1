"""Ending a login ends it everywhere: the old session cookie, the remember-me cookie and the open
queue sockets stop working after logout, a new password or deactivation."""

from datetime import UTC, datetime, timedelta

import pytest

from parkbank.auth.models import User
from parkbank.config import from_environment
from parkbank.extensions import db, socketio
from tests.auth.helpers import (
    REMEMBER_COOKIE,
    browser_with_cookie,
    login_remembered,
    logout,
    opens_queue,
)
from tests.helpers import login

NEW_PASSWORD = "ny bänk vid dammen i parken"


@pytest.fixture
def queue_socket(app, consultation):
    sockets = []

    def open_for(client):
        sock = socketio.test_client(app, flask_test_client=client)
        sockets.append(sock)
        ack = sock.emit("join_queue", {"consultation": consultation.slug}, callback=True)
        assert ack["ok"], ack
        return sock
    yield open_for
    for sock in sockets:
        if sock.is_connected():
            sock.disconnect()


def test_session_cookie_from_before_logout_no_longer_opens_the_queue(app, client, consultation,
                                                                      moderator):
    login(client, moderator)
    old_session = client.get_cookie("session").value
    assert opens_queue(browser_with_cookie(app, "session", old_session), consultation)
    logout(client)
    response = browser_with_cookie(app, "session", old_session).get(
        f"/moderering/{consultation.slug}", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_remember_cookie_from_before_logout_does_not_log_in(app, client, consultation, moderator):
    remembered = login_remembered(client, moderator)
    assert opens_queue(browser_with_cookie(app, REMEMBER_COOKIE, remembered), consultation)
    logout(client)
    assert not opens_queue(browser_with_cookie(app, REMEMBER_COOKIE, remembered), consultation)


def test_remember_cookie_from_before_a_password_change_does_not_log_in(app, client, runner,
                                                                       consultation, moderator):
    remembered = login_remembered(client, moderator)
    result = runner.invoke(args=["set-password", "--email", moderator.email],
                           env={"PARKBANK_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    assert not opens_queue(browser_with_cookie(app, REMEMBER_COOKIE, remembered), consultation)
    assert not opens_queue(client, consultation)


def test_a_login_with_another_token_finds_no_user(app, moderator):
    from parkbank.auth.views import load_user

    with app.app_context():
        user = db.session.get(User, moderator.id)
        assert load_user(user.get_id()) is user
        assert load_user(f"{moderator.id}:{'0' * 32}") is None
        assert load_user(str(moderator.id)) is None  # the pre-0004 cookie: id alone


def test_logout_disconnects_the_users_queue_sockets(app, client, queue_socket, consultation,
                                                   moderator, make_user, make_post):
    login(client, moderator)
    own = queue_socket(client)
    colleague_client = app.test_client()
    login(colleague_client, make_user(name="Kollega"))
    colleague = queue_socket(colleague_client)
    logout(client)  # another request than the one that opened the socket
    assert not own.is_connected()
    post_id = make_post(consultation, "Efter utloggningen")
    [submitted] = [e["args"][0] for e in colleague.get_received() if e["name"] == "post_submitted"]
    assert submitted["post"]["id"] == post_id  # the queue itself still works


def test_password_change_disconnects_the_users_queue_sockets(client, runner, queue_socket,
                                                             moderator):
    login(client, moderator)
    sock = queue_socket(client)
    result = runner.invoke(args=["set-password", "--email", moderator.email],
                           env={"PARKBANK_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    assert not sock.is_connected()


def test_deactivation_disconnects_the_users_queue_sockets(client, runner, queue_socket, moderator):
    login(client, moderator)
    sock = queue_socket(client)
    assert runner.invoke(args=["deactivate-user", "--email", moderator.email]).exit_code == 0
    assert not sock.is_connected()


def test_a_socket_of_a_logged_out_session_cannot_join_the_queue_again(app, client, consultation,
                                                                      moderator):
    login(client, moderator)
    stale = client.get_cookie("session").value
    logout(client)
    sock = socketio.test_client(app, flask_test_client=browser_with_cookie(app, "session", stale))
    try:
        ack = sock.emit("join_queue", {"consultation": consultation.slug}, callback=True)
        assert ack == {"ok": False, "error": "forbidden"}
    finally:
        sock.disconnect()


def test_remember_me_lasts_a_week_by_default(client, moderator):
    login_remembered(client, moderator)
    lasts = client.get_cookie(REMEMBER_COOKIE).expires - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < lasts <= timedelta(days=7)


def test_remember_me_duration_comes_from_parkbank_remember_days():
    config = from_environment({"PARKBANK_REMEMBER_DAYS": "2"}, "/tmp", debug=False)
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=2)

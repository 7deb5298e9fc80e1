"""Every administration page: admins only. Anonymous visitors are sent to the login page, every
other staff role is refused (403), whether the request reads or writes."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from tests.helpers import login

GET_PAGES = ["/admin/", "/admin/personal", "/admin/personal/ny", "/admin/personal/{user}",
             "/admin/samrad", "/admin/samrad/ny", "/admin/samrad/{slug}", "/admin/kanaler",
             "/admin/kanaler/{channel}"]
POST_DOORS = ["/admin/personal/ny", "/admin/personal/{user}", "/admin/personal/{user}/samrad",
              "/admin/personal/{user}/losenord", "/admin/personal/{user}/avaktivera",
              "/admin/personal/{user}/aktivera", "/admin/samrad/ny", "/admin/samrad/{slug}",
              "/admin/samrad/{slug}/personal", "/admin/kanaler", "/admin/kanaler/{channel}",
              "/admin/kanaler/{channel}/ta-bort", "/admin/kanaler/{channel}/flytta"]


@pytest.fixture
def targets(app, consultation, make_user):
    from parkbank.channels.operations import add_channel
    from parkbank.extensions import db

    someone = make_user(Role.MODERATOR, name="Someone")
    with app.app_context():
        channel = add_channel(name="Webbplatsen", url="https://exempelby.se")
        db.session.commit()
        return {"user": someone.id, "slug": consultation.slug, "channel": channel.id}


@pytest.mark.parametrize("path", GET_PAGES)
def test_an_admin_may_open_every_page(client, make_user, targets, path):
    login(client, make_user(Role.ADMIN))
    assert client.get(path.format(**targets)).status_code == 200


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.PROJECT_LEADER])
@pytest.mark.parametrize("path", GET_PAGES)
def test_other_staff_are_refused_every_page(client, make_user, targets, role, path):
    login(client, make_user(role))
    assert client.get(path.format(**targets)).status_code == 403


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.PROJECT_LEADER])
@pytest.mark.parametrize("path", POST_DOORS)
def test_other_staff_are_refused_every_door(app, client, make_user, targets, role, path):
    login(client, make_user(role))
    token = _token(client)
    response = client.post(path.format(**targets), data={"csrf_token": token, "name": "X",
                                                         "step": "1", "password": "x" * 20})
    assert response.status_code == 403


@pytest.mark.parametrize("path", GET_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, targets, path):
    response = client.get(path.format(**targets))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/logga-in?next=")


@pytest.mark.parametrize("path", POST_DOORS)
def test_anonymous_writes_are_sent_to_the_login_page(app, client, targets, path):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post(path.format(**targets), data={"name": "X"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/logga-in")


def _token(client) -> str:
    from tests.helpers import csrf_token

    return csrf_token(client.get("/personal").get_data(as_text=True))

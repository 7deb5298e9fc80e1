"""The municipality's channels (checklist 3): kept by admins, public at /kanaler."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role
from parkbank.channels.models import ChannelLink
from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from tests.helpers import csrf_token, login


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN)
    login(client, user)
    return user


def token(client) -> str:
    return csrf_token(client.get("/admin/kanaler").get_data(as_text=True))


def add(client, name, url="https://exempelby.se", description=""):
    return client.post("/admin/kanaler", data={"csrf_token": token(client), "name": name,
                                               "url": url, "description": description})


def names(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(
            select(ChannelLink.name).order_by(ChannelLink.position)).scalars())


def ids(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(ChannelLink.name, ChannelLink.id)).all())


def test_add_edit_move_and_remove_all_audited(app, client, admin):
    assert add(client, "Webbplatsen", "https://exempelby.se", "Nyheter och e-tjänster").status_code == 303
    add(client, "Facebook", "https://facebook.com/exempelby")
    add(client, "Nyhetsbrev", "http://exempelby.se/nyhetsbrev")
    assert names(app) == ["Webbplatsen", "Facebook", "Nyhetsbrev"]
    by_name = ids(app)
    client.post(f"/admin/kanaler/{by_name['Nyhetsbrev']}/flytta", data={"csrf_token": token(client),
                                                                       "step": "-1"})
    assert names(app) == ["Webbplatsen", "Nyhetsbrev", "Facebook"]
    response = client.post(f"/admin/kanaler/{by_name['Facebook']}", data={
        "csrf_token": token(client), "name": "Facebook-sidan", "url": "https://facebook.com/exempelby",
        "description": "Svar inom en arbetsdag"})
    assert response.status_code == 303
    client.post(f"/admin/kanaler/{by_name['Webbplatsen']}/ta-bort", data={"csrf_token": token(client)})
    assert names(app) == ["Nyhetsbrev", "Facebook-sidan"]
    with app.app_context():
        changes = [e.details["change"] for e in db.session.execute(select(AuditEntry).where(
            AuditEntry.action == AuditAction.CHANNELS_UPDATE.value).order_by(AuditEntry.id)).scalars()]
    assert changes == ["add", "add", "add", "move", "edit", "remove"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "exempelby.se", "https://", "https://exempel by.se", "ftp://x.se"])
def test_only_http_addresses_are_taken(app, client, admin, url):
    response = add(client, "Farlig", url)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="url-error"' in page and "https://" in page and 'value="Farlig"' in page
    assert names(app) == []


def test_the_public_page_lists_channels_and_consultations(app, client, admin, make_consultation):
    add(client, "Webbplatsen", "https://exempelby.se", "Nyheter och e-tjänster")
    make_consultation("oppet", title="Öppet samråd")
    make_consultation("stangt", title="Stängt samråd", status=ConsultationStatus.CLOSED)
    make_consultation("utkast", title="Hemligt utkast", status=ConsultationStatus.DRAFT)
    anonymous = app.test_client()
    page = anonymous.get("/kanaler").get_data(as_text=True)
    assert 'href="https://exempelby.se"' in page and "Nyheter och e-tjänster" in page
    assert "Öppet samråd" in page and "Stängt samråd" in page
    assert "Hemligt utkast" not in page
    assert 'href="/kanaler"' in anonymous.get("/").get_data(as_text=True)  # in the footer

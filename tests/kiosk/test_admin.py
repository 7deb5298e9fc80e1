"""Kiosks in the administration (/admin/kiosker): the address is made, shown once and never
stored; a new address ends the old one; a switched-off kiosk is refused with a clear message."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Role
from parkbank.consultations.models import ConsultationStatus
from parkbank.extensions import db
from parkbank.kiosk.models import Kiosk
from tests.helpers import csrf_token, login

ADDRESS = re.compile(r'<code id="kiosk-address">(http://localhost/kiosk/([A-Za-z0-9_-]+))</code>')


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN, name="Ada Admin")
    login(client, user)
    return user


def token(client, path="/admin/kiosker/ny") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def register(client, name="Biblioteket, entré", place="Stadsbiblioteket", consultation="nytt-bibliotek"):
    return client.post("/admin/kiosker/ny", data={"csrf_token": token(client), "name": name,
                                                  "place": place, "consultation": consultation})


def shown_address(response) -> tuple[str, str]:
    """(the address, its token) from the page that shows it."""
    match = ADDRESS.search(response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return match.group(1), match.group(2)


def kiosks(app) -> list[Kiosk]:
    with app.app_context():
        found = db.session.execute(select(Kiosk).order_by(Kiosk.id)).scalars().all()
        db.session.expunge_all()
        return found


def audit(app, *actions) -> list[AuditEntry]:
    with app.app_context():
        found = db.session.execute(select(AuditEntry).where(
            AuditEntry.action.in_([a.value for a in actions])).order_by(AuditEntry.id)).scalars().all()
        db.session.expunge_all()
        return found


def rotate(client, kiosk_id: int):
    page = client.post(f"/admin/kiosker/{kiosk_id}/ny-adress",
                       data={"csrf_token": token(client, f"/admin/kiosker/{kiosk_id}")})
    assert page.status_code == 200 and "den gamla slutar fungera" in page.get_data(as_text=True)
    return client.post(f"/admin/kiosker/{kiosk_id}/ny-adress", data={
        "csrf_token": token(client, f"/admin/kiosker/{kiosk_id}"), "confirm": "yes"})


def test_registration_shows_the_address_once_and_stores_only_its_hash(app, client, admin, consultation):
    response = register(client)
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    address, secret = shown_address(response)
    assert "Öppna den här adressen i kioskens webbläsare. Den visas bara nu" in page
    assert "<svg role=\"img\"" in page and "js/copy.js" in page
    assert response.headers["Cache-Control"] == "no-store"

    [kiosk] = kiosks(app)
    assert (kiosk.name, kiosk.place, kiosk.active) == ("Biblioteket, entré", "Stadsbiblioteket", True)
    assert kiosk.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    [entry] = audit(app, AuditAction.KIOSK_CREATE)
    assert (entry.actor_name, entry.target_type, entry.target_id) == ("Ada Admin", "kiosk", kiosk.id)
    assert secret not in json.dumps(entry.details)
    with app.app_context():
        for row in db.session.execute(select(Kiosk.__table__)).mappings():
            assert secret not in json.dumps({k: str(v) for k, v in row.items()})

    # Never again: not on the list, not on the kiosk's page, not in the session cookie.
    for path in ("/admin/kiosker", f"/admin/kiosker/{kiosk.id}"):
        shown = client.get(path).get_data(as_text=True)
        assert secret not in shown and "Stadsbiblioteket" in shown
    assert all(secret not in cookie.value for cookie in client._cookies.values())
    assert app.test_client().get(f"/kiosk/{secret}").status_code == 200
    assert address.endswith(f"/kiosk/{secret}")


def test_the_list_says_what_each_kiosk_shows_and_whether_it_is_on(app, client, admin, make_consultation):
    make_consultation("nytt-bibliotek", title="Nytt bibliotek")
    make_consultation("ny-park", title="Ny park", status=ConsultationStatus.DRAFT)
    register(client, "Entrén", "Stadsbiblioteket", "nytt-bibliotek")
    register(client, "Receptionen", "Medborgarkontoret", "ny-park")
    [_, second] = kiosks(app)
    client.post(f"/admin/kiosker/{second.id}/stang-av", data={"csrf_token": token(client)})
    page = client.get("/admin/kiosker").get_data(as_text=True)
    assert "Entrén" in page and "Medborgarkontoret" in page and "/samrad/ny-park" in page
    assert "I drift" in page and "Avstängd" in page
    assert 'href="/admin/kiosker/ny"' in page
    new_page = client.get("/admin/kiosker/ny").get_data(as_text=True)
    assert "Ny park – Utkast" in new_page  # drafts may be chosen: a kiosk is set up before opening


def test_a_new_address_ends_the_old_one_at_once(app, client, admin, consultation):
    _, old = shown_address(register(client))
    [kiosk] = kiosks(app)
    response = rotate(client, kiosk.id)
    assert response.status_code == 200
    _, new = shown_address(response)
    assert new != old
    visitor = app.test_client()
    assert visitor.get(f"/kiosk/{old}").status_code == 404
    assert visitor.get(f"/kiosk/{new}").status_code == 200
    assert new not in client.get(f"/admin/kiosker/{kiosk.id}").get_data(as_text=True)
    [entry] = audit(app, AuditAction.KIOSK_ROTATE)
    assert entry.target_id == kiosk.id and new not in json.dumps(entry.details)


def test_rotation_without_the_confirmation_changes_nothing(app, client, admin, consultation):
    _, secret = shown_address(register(client))
    [kiosk] = kiosks(app)
    page = client.post(f"/admin/kiosker/{kiosk.id}/ny-adress", data={"csrf_token": token(client)})
    assert page.status_code == 200 and 'name="confirm" value="yes"' in page.get_data(as_text=True)
    assert kiosks(app)[0].token_hash == kiosk.token_hash
    assert app.test_client().get(f"/kiosk/{secret}").status_code == 200
    assert audit(app, AuditAction.KIOSK_ROTATE) == []


def test_a_switched_off_kiosk_is_refused_clearly_until_switched_on(app, client, admin, consultation):
    _, secret = shown_address(register(client))
    [kiosk] = kiosks(app)
    response = client.post(f"/admin/kiosker/{kiosk.id}/stang-av", data={"csrf_token": token(client)})
    assert response.status_code == 303
    assert "är avstängd" in client.get(response.headers["Location"]).get_data(as_text=True)
    refused = app.test_client().get(f"/kiosk/{secret}")
    assert refused.status_code == 403
    assert "Den här kiosken är avstängd" in refused.get_data(as_text=True)
    client.post(f"/admin/kiosker/{kiosk.id}/sla-pa", data={"csrf_token": token(client)})
    assert app.test_client().get(f"/kiosk/{secret}").status_code == 200
    assert [e.action for e in audit(app, AuditAction.KIOSK_DISABLE, AuditAction.KIOSK_ENABLE)] == [
        "kiosk.disable", "kiosk.enable"]


def test_editing_changes_name_place_and_consultation_audited(app, client, admin, make_consultation):
    make_consultation("nytt-bibliotek")
    make_consultation("ny-park", title="Ny park")
    _, secret = shown_address(register(client))
    [kiosk] = kiosks(app)
    response = client.post(f"/admin/kiosker/{kiosk.id}", data={
        "csrf_token": token(client), "name": "Entrén", "place": "Stadsbiblioteket, plan 2",
        "consultation": "ny-park"})
    assert response.status_code == 303
    [changed] = kiosks(app)
    assert (changed.name, changed.place, changed.consultation.slug, changed.token_hash) == (
        "Entrén", "Stadsbiblioteket, plan 2", "ny-park", kiosk.token_hash)
    [entry] = audit(app, AuditAction.KIOSK_UPDATE)
    assert entry.details["changes"]["consultation"] == ["nytt-bibliotek", "ny-park"]
    log = client.get("/admin/logg/").get_data(as_text=True)
    assert f'href="/admin/kiosker/{kiosk.id}">Kiosk {kiosk.id}</a>' in log
    assert "Kiosk registrerad" in log and "Plats" in log and secret not in log


@pytest.mark.parametrize(("name", "place", "slug", "field", "message"), [
    ("", "Stadsbiblioteket", "nytt-bibliotek", "name", "Ge kiosken ett namn."),
    ("Entrén", "  ", "nytt-bibliotek", "place", "Ange var kiosken står"),
    ("E" * 121, "Stadsbiblioteket", "nytt-bibliotek", "name", "Högst 120 tecken."),
    ("Entrén", "S" * 121, "nytt-bibliotek", "place", "Högst 120 tecken."),
    ("Entrén", "Stadsbiblioteket", "finns-inte", "consultation", "Välj ett samråd i listan."),
    ("Entrén", "Stadsbiblioteket", "", "consultation", "Välj ett samråd i listan."),
])
def test_a_refused_kiosk_keeps_what_was_typed(app, client, admin, consultation, name, place, slug,
                                              field, message):
    response = register(client, name, place, slug)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message in page and 'id="form-errors"' in page
    assert f'value="{name}"' in page and f'value="{place}"' in page
    assert "kiosk-address" not in page
    assert kiosks(app) == [] and audit(app, AuditAction.KIOSK_CREATE) == []


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(app, client, admin, consultation):
    register(client)
    [kiosk] = kiosks(app)
    response = client.post(f"/admin/kiosker/{kiosk.id}", data={
        "csrf_token": token(client), "name": "Nytt namn", "place": "", "consultation": "nytt-bibliotek"})
    assert response.status_code == 400
    assert 'value="Nytt namn"' in response.get_data(as_text=True)
    assert kiosks(app)[0].name == "Biblioteket, entré"
    assert audit(app, AuditAction.KIOSK_UPDATE) == []


def test_unknown_kiosks_are_404(client, admin):
    assert client.get("/admin/kiosker/99").status_code == 404
    assert client.post("/admin/kiosker/99/ny-adress", data={"csrf_token": token(client)}).status_code == 404


def test_the_overview_links_the_kiosks(client, admin):
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/kiosker"' in page and "Kiosker" in page

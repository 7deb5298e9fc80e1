"""Consultations in the administration: list, create, edit every field, status changes that
reach open boards live, the address that stays once public, staff chosen per consultation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.auth.models import Assignment, Role
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from tests.helpers import csrf_token, events, login

FORM = {"title": "Ny skola", "question": "Vad behövs i nya skolan?",
        "description": "Skolan byggs 2028.", "slug": "ny-skola", "case_number": "BUN 2026/7",
        "department": "Utbildningsförvaltningen", "opens_at": "2026-12-01T09:00",
        "closes_at": "2026-12-20T18:00", "next_steps": "Nämnden beslutar.", "status": "draft"}


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN, name="Ada Admin")
    login(client, user)
    return user


def token(client, path="/admin/samrad/ny") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def stored(app, slug) -> Consultation:
    with app.app_context():
        c = db.session.execute(select(Consultation).where(Consultation.slug == slug)).scalar_one()
        db.session.expunge(c)
        return c


def audit(app, action) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.execute(
            select(AuditEntry).where(AuditEntry.action == action.value)).scalars())


def test_create_with_every_field_in_the_organisations_time(app, client, admin):
    response = client.post("/admin/samrad/ny", data={"csrf_token": token(client), **FORM})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/samrad/ny-skola"
    c = stored(app, "ny-skola")
    assert (c.title, c.question, c.description, c.case_number, c.department, c.next_steps) == (
        "Ny skola", "Vad behövs i nya skolan?", "Skolan byggs 2028.", "BUN 2026/7",
        "Utbildningsförvaltningen", "Nämnden beslutar.")
    # Stockholm in winter is UTC+1.
    assert c.opens_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert c.closes_at == datetime(2026, 12, 20, 17, 0, tzinfo=UTC)
    assert c.status is ConsultationStatus.DRAFT
    [entry] = audit(app, AuditAction.CONSULTATION_CREATE)
    assert entry.actor_id == admin.id
    page = client.get("/admin/samrad/ny-skola").get_data(as_text=True)
    assert 'value="2026-12-01T09:00"' in page  # shown as it was typed, in local time
    listing = client.get("/admin/samrad").get_data(as_text=True)
    assert "Ny skola" in listing and "Utkast" in listing


@pytest.mark.parametrize("change, field, words", [
    ({"slug": "Ny Skola"}, "slug", "a–z, 0–9"),
    ({"title": ""}, "title", "Skriv en rubrik."),
    ({"closes_at": "2026-11-30T10:00"}, "closes_at", "Stängningstiden måste komma efter öppningstiden."),
    ({"opens_at": "imorgon"}, "opens_at", ""),
    ({"status": "secret"}, "status", ""),
])
def test_a_bad_value_keeps_the_form_and_says_what_is_wrong(app, client, admin, change, field, words):
    response = client.post("/admin/samrad/ny", data={"csrf_token": token(client), **FORM, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and words in page
    assert f'href="#{field}"' in page
    assert 'value="Utbildningsförvaltningen"' in page and "Skolan byggs 2028." in page
    with app.app_context():
        assert db.session.execute(select(Consultation)).first() is None


def test_a_taken_address_is_refused(client, admin, consultation):
    response = client.post("/admin/samrad/ny", data={"csrf_token": token(client), **FORM,
                                                      "slug": consultation.slug})
    assert response.status_code == 400
    assert "Det finns redan ett samråd" in response.get_data(as_text=True)


def test_edit_every_field_keeps_its_own_address_and_is_audited(app, client, admin, make_consultation):
    make_consultation("ny-skola", status=ConsultationStatus.DRAFT)
    path = "/admin/samrad/ny-skola"
    response = client.post(path, data={"csrf_token": token(client, path), **FORM,
                                       "slug": "nya-skolan"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/samrad/nya-skolan"
    c = stored(app, "nya-skolan")
    assert (c.case_number, c.department) == ("BUN 2026/7", "Utbildningsförvaltningen")
    [entry] = audit(app, AuditAction.CONSULTATION_UPDATE)
    assert entry.details["changed"] == ["title", "question", "description", "slug", "case_number",
                                        "department", "opens_at", "closes_at", "next_steps"]
    # Saved again unchanged: its own address is not "taken", and nothing is logged.
    again = client.post("/admin/samrad/nya-skolan", data={
        "csrf_token": token(client, "/admin/samrad/nya-skolan"), **FORM, "slug": "nya-skolan"})
    assert again.status_code == 303
    assert len(audit(app, AuditAction.CONSULTATION_UPDATE)) == 1


def test_the_address_of_a_public_consultation_stays(app, client, admin, consultation):
    path = f"/admin/samrad/{consultation.slug}"
    page = client.get(path).get_data(as_text=True)
    assert "kan inte ändras längre" in page
    response = client.post(path, data={"csrf_token": token(client, path), **FORM,
                                       "status": "open", "slug": "annan-adress"})
    assert response.status_code == 400
    assert "Adressen kan inte ändras" in response.get_data(as_text=True)
    assert stored(app, consultation.slug).title == "Nytt bibliotek"


def test_a_status_change_reaches_open_boards_live(app, client, admin, consultation, socket_for):
    board = socket_for()
    assert board.emit("join_board", {"consultation": consultation.slug, "after": 0},
                      callback=True)["ok"]
    path = f"/admin/samrad/{consultation.slug}"
    response = client.post(path, data={"csrf_token": token(client, path), **FORM,
                                       "slug": consultation.slug, "status": "paused"})
    assert response.status_code == 303
    assert stored(app, consultation.slug).status is ConsultationStatus.PAUSED
    [event] = events(board, "consultation_status")
    assert event["status"] == "paused"
    [entry] = audit(app, AuditAction.CONSULTATION_STATUS)
    assert (entry.actor_id, entry.details["before"], entry.details["after"]) == (admin.id, "open", "paused")


def test_staff_chosen_on_the_consultations_page(app, client, admin, consultation, make_user):
    mod = make_user(Role.MODERATOR, name="Mona", assigned=False)
    responder = make_user(Role.RESPONDER, name="Rut", assigned=False)
    path = f"/admin/samrad/{consultation.slug}"
    page = client.get(path).get_data(as_text=True)
    assert "Mona (Moderator)" in page and "Rut (Svarar för kommunen)" in page
    assert "Administratörer arbetar med alla samråd: Ada Admin." in page
    response = client.post(f"{path}/personal", data={"csrf_token": token(client, path),
                                                     "staff": [str(mod.id), str(responder.id)]})
    assert response.status_code == 303
    client.post(f"{path}/personal", data={"csrf_token": token(client, path), "staff": [str(mod.id)]})
    with app.app_context():
        held = db.session.execute(select(Assignment.user_id).where(
            Assignment.consultation_id == consultation.id)).scalars().all()
    assert held == [mod.id]


def test_the_consultation_list_counts_pending_posts(client, admin, consultation, make_post):
    make_post(consultation, "Ett")
    make_post(consultation, "Två")
    page = client.get("/admin/samrad").get_data(as_text=True)
    assert '<td class="pb-number">2</td>' in page


def test_a_deactivated_accounts_assignment_survives_saving_the_staff(app, client, admin, consultation,
                                                                     make_user):
    from parkbank.auth.models import User
    from parkbank.auth.operations import deactivate_user

    away = make_user(Role.MODERATOR, name="Borta")  # assigned to the consultation
    with app.app_context():
        deactivate_user(db.session.get(User, away.id))
        db.session.commit()
    path = f"/admin/samrad/{consultation.slug}"
    assert "Borta" not in client.get(path).get_data(as_text=True)
    client.post(f"{path}/personal", data={"csrf_token": token(client, path)})
    with app.app_context():
        assert db.session.execute(select(Assignment).where(Assignment.user_id == away.id)).first()


def test_the_address_stays_after_the_consultation_went_back_to_draft(app, client, admin, consultation):
    from parkbank.consultations.models import ConsultationStatus
    from parkbank.consultations.operations import set_status

    with app.app_context():
        set_status(consultation.slug, ConsultationStatus.DRAFT)
        db.session.commit()
    path = f"/admin/samrad/{consultation.slug}"
    response = client.post(path, data={"csrf_token": token(client, path), **FORM,
                                       "status": "draft", "slug": "annan-adress"})
    assert response.status_code == 400
    assert "Adressen kan inte ändras" in response.get_data(as_text=True)

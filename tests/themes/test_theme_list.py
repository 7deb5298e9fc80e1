"""A consultation's theme list: project leaders and admins add, rename, order and retire themes;
moderators and citizens cannot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parkbank.audit.models import AuditEntry
from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.errors import Forbidden, InvalidInput
from parkbank.extensions import db
from parkbank.themes import operations
from parkbank.themes.models import Theme
from parkbank.themes.queries import themes_of
from tests.helpers import csrf_token, login


def _themes(app, consultation, retired=True):
    with app.app_context():
        return [(t.slug, t.name, t.is_retired) for t in themes_of(consultation.id, retired=retired)]


def _post_form(client, url, page, **data):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_a_leader_adds_themes_in_order_with_slugs_from_their_names(app, client, consultation, leader):
    login(client, leader)
    page = f"/samrad/{consultation.slug}/teman"
    for name in ("Lek för små", "Trafik & parkering"):
        response = _post_form(client, page, page, name=name)
        assert response.status_code == 303
    assert _themes(app, consultation) == [("lek-for-sma", "Lek för små", False),
                                          ("trafik-parkering", "Trafik & parkering", False)]
    assert "Lek för små" in client.get(page).get_data(as_text=True)


def test_a_theme_added_is_in_the_audit_trail(app, consultation, make_theme, leader):
    theme_id = make_theme(consultation, "Trafik")
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "theme.create")).scalar_one()
    assert (entry.actor_id, entry.target_id, entry.details["slug"]) == (leader.id, theme_id, "trafik")


def test_a_moderator_cannot_change_the_theme_list(app, client, consultation, moderator, make_theme):
    theme_id = make_theme(consultation, "Trafik")
    login(client, moderator)
    page = f"/samrad/{consultation.slug}/teman"
    assert client.get(page).status_code == 403
    token = csrf_token(client.get(f"/moderering/{consultation.slug}").get_data(as_text=True))
    for url, data in ((page, {"name": "Nytt"}), (f"{page}/{theme_id}", {"name": "Annat"}),
                      (f"{page}/{theme_id}/flytta", {"to": "down"}),
                      (f"{page}/{theme_id}/pensionera", {"on": "1"})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403
    assert _themes(app, consultation) == [("trafik", "Trafik", False)]


def test_the_operation_refuses_a_moderator_too(app, consultation, moderator):
    with app.app_context(), pytest.raises(Forbidden):
        operations.create_theme(db.session.get(Consultation, consultation.id), "Trafik",
                                user=db.session.get(User, moderator.id))


def test_a_leader_not_assigned_to_the_consultation_is_refused(app, client, consultation, make_user):
    other = make_user(Role.PROJECT_LEADER, assigned=False)
    login(client, other)
    assert client.get(f"/samrad/{consultation.slug}/teman").status_code == 403


def test_renaming_keeps_the_address(app, client, consultation, leader, make_theme):
    theme_id = make_theme(consultation, "Trafik")
    login(client, leader)
    page = f"/samrad/{consultation.slug}/teman"
    assert _post_form(client, f"{page}/{theme_id}", page, name="Trafik och gator").status_code == 303
    assert _themes(app, consultation) == [("trafik", "Trafik och gator", False)]


def test_a_name_in_use_or_empty_is_refused_with_the_page(app, client, consultation, leader, make_theme):
    make_theme(consultation, "Trafik")
    login(client, leader)
    page = f"/samrad/{consultation.slug}/teman"
    taken = _post_form(client, page, page, name="TRAFIK")
    assert taken.status_code == 400 and "Det finns redan ett tema" in taken.get_data(as_text=True)
    assert _post_form(client, page, page, name="  ").status_code == 400
    assert _post_form(client, page, page, name="x" * 81).status_code == 400
    assert _themes(app, consultation) == [("trafik", "Trafik", False)]


def test_a_name_in_use_in_other_case_with_aao_is_refused(app, consultation, leader, make_theme):
    make_theme(consultation, "Ängar och åkrar")
    with app.app_context(), pytest.raises(InvalidInput):
        operations.create_theme(db.session.get(Consultation, consultation.id), "ÄNGAR OCH ÅKRAR",
                                user=db.session.get(User, leader.id))


def test_moving_a_theme_changes_the_order(app, client, consultation, leader, make_theme):
    make_theme(consultation, "Trafik")
    park = make_theme(consultation, "Park")
    login(client, leader)
    page = f"/samrad/{consultation.slug}/teman"
    assert _post_form(client, f"{page}/{park}/flytta", page, to="up").status_code == 303
    assert [slug for slug, *_ in _themes(app, consultation)] == ["park", "trafik"]
    _post_form(client, f"{page}/{park}/flytta", page, to="up")  # first already: nothing happens
    assert [slug for slug, *_ in _themes(app, consultation)] == ["park", "trafik"]


def test_a_retired_theme_is_kept_but_not_offered(app, client, consultation, leader, make_theme):
    theme_id = make_theme(consultation, "Trafik")
    login(client, leader)
    page = f"/samrad/{consultation.slug}/teman"
    assert _post_form(client, f"{page}/{theme_id}/pensionera", page, on="1").status_code == 303
    assert _themes(app, consultation) == [("trafik", "Trafik", True)]
    assert _themes(app, consultation, retired=False) == []
    _post_form(client, f"{page}/{theme_id}/pensionera", page, on="0")
    assert _themes(app, consultation, retired=False) == [("trafik", "Trafik", False)]


def test_a_theme_of_another_consultation_is_not_found(app, client, make_consultation, leader, make_theme):
    first, second = make_consultation("ett"), make_consultation("tva")
    theme_id = make_theme(second, "Trafik")
    login(client, leader)
    page = f"/samrad/{first.slug}/teman"
    assert _post_form(client, f"{page}/{theme_id}", page, name="Kapad").status_code == 404
    with app.app_context():
        assert db.session.get(Theme, theme_id).name == "Trafik"


def test_a_consultation_has_at_most_fifty_themes(app, consultation, leader):
    with app.app_context():
        c, user = db.session.get(Consultation, consultation.id), db.session.get(User, leader.id)
        for n in range(operations.THEMES_MAX):
            operations.create_theme(c, f"Tema {n}", user=user)
        with pytest.raises(InvalidInput):
            operations.create_theme(c, "Ett för mycket", user=user)


def test_themes_prepared_for_a_draft_tell_no_board_and_leave_its_address_free(app, make_consultation,
                                                                              make_theme):
    from parkbank.consultations.models import ConsultationStatus

    draft = make_consultation("utkast", status=ConsultationStatus.DRAFT)
    make_theme(draft, "Trafik")
    with app.app_context():
        c = db.session.get(Consultation, draft.id)
        assert c.event_seq == 0 and not c.has_been_public

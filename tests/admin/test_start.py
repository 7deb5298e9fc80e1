"""The staff start page: where every staff member lands after login, with their consultations
and what waits for them; the staff header's links by role."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from parkbank.consultations.models import ConsultationStatus
from tests.helpers import csrf_token, login


@pytest.mark.parametrize("role", list(Role))
def test_every_role_lands_on_the_start_page(client, make_user, role):
    user = make_user(role)
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post("/logga-in", data={"email": user.email, "password": user.password,
                                              "csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/personal"
    assert client.get("/personal").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/personal").headers["Location"].startswith("/logga-in?next=")


def test_a_moderator_sees_their_own_consultations_and_what_waits(client, make_user, make_consultation,
                                                                  make_post):
    make_consultation("annat", title="Annat samråd")
    mod = make_user(Role.MODERATOR, name="Maja", assigned=False)
    mine = make_consultation("mitt", title="Mitt samråd")
    with client.application.app_context():
        from parkbank.auth.models import User
        from parkbank.auth.operations import assign
        from parkbank.consultations.models import Consultation
        from parkbank.extensions import db

        assign(db.session.get(User, mod.id), db.session.get(Consultation, mine.id))
        db.session.commit()
    make_post(mine, "Väntar 1")
    make_post(mine, "Väntar 2")
    login(client, mod)
    page = client.get("/personal").get_data(as_text=True)
    assert "Hej, Maja" in page and "Mitt samråd" in page and "Annat samråd" not in page
    assert "2 inlägg väntar på granskning" in page
    assert 'href="/moderering/mitt"' in page
    assert 'href="/moderering/"' in page and 'href="/admin/"' not in page  # the header


@pytest.mark.parametrize("role", [Role.RESPONDER, Role.PROJECT_LEADER])
def test_responders_and_project_leaders_see_their_consultations_without_moderation(
        client, make_user, consultation, make_post, role):
    make_post(consultation, "Väntar")
    login(client, make_user(role))
    page = client.get("/personal").get_data(as_text=True)
    assert "Nytt bibliotek" in page and "Inget väntar på dig här." in page
    assert "/moderering/" not in page and 'href="/admin/"' not in page


def test_someone_without_assignments_is_told_so(client, make_user, consultation):
    login(client, make_user(Role.MODERATOR, assigned=False))
    page = client.get("/personal").get_data(as_text=True)
    assert "Du arbetar inte med något samråd ännu" in page and "Nytt bibliotek" not in page


def test_an_admin_sees_every_consultation_drafts_too_and_the_admin_link(client, make_user,
                                                                         make_consultation):
    make_consultation("utkast", title="Ett utkast", status=ConsultationStatus.DRAFT)
    make_consultation("oppet", title="Ett öppet")
    login(client, make_user(Role.ADMIN))
    page = client.get("/personal").get_data(as_text=True)
    assert "Alla samråd" in page and "Ett utkast" in page and "Ett öppet" in page
    assert 'href="/admin/"' in page and 'href="/admin/samrad/utkast"' in page


def test_the_admin_overview_lists_only_sections_that_exist(app, client, make_user):
    from parkbank.admin import nav

    login(client, make_user(Role.ADMIN))
    nav.SECTIONS.append(("admin.not_built_yet", "Saknas", "Finns inte"))
    try:
        page = client.get("/admin/").get_data(as_text=True)
    finally:
        nav.SECTIONS.pop()
    assert 'href="/admin/personal"' in page and 'href="/admin/samrad"' in page
    assert 'href="/admin/kanaler"' in page and "Saknas" not in page


def test_reported_posts_wait_for_moderators_and_unanswered_ideas_for_responders(
        app, client, make_user, consultation, make_post):
    from parkbank.consultations.models import Consultation
    from parkbank.extensions import db
    from parkbank.official.operations import publish_official_reply
    from parkbank.participants import Participant
    from parkbank.reports.operations import report_post

    answered, open_idea, reported = (make_post(consultation, text, state="approved")
                                     for text in ("Besvarad", "Obesvarad", "Anmäld"))
    responder = make_user(Role.RESPONDER, name="Rut")
    with app.app_context():
        from parkbank.auth.models import User

        c = db.session.get(Consultation, consultation.id)
        publish_official_reply(c, answered, db.session.get(User, responder.id), "Vi svarar.")
        for key in ("a", "b"):
            report_post(c, reported, Participant(kind="browser", key=key * 64), "spam", None)
        db.session.commit()
    login(client, responder)
    page = client.get("/personal").get_data(as_text=True)
    assert "2 idéer utan kommunens svar" in page  # "Obesvarad" and "Anmäld"
    assert f"/samrad/{consultation.slug}/svara" in page
    assert "anmält" not in page.lower()
    client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    login(client, make_user(Role.MODERATOR))
    page = client.get("/personal").get_data(as_text=True)
    assert "1 anmält inlägg" in page
    assert f"/moderering/{consultation.slug}#anmalda" in page
    assert "utan kommunens svar" not in page

"""The board's facts and the start page's list, as the server renders them (issue 12)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.extensions import db
from tests.test_pages import close


def test_the_board_tells_who_runs_the_consultation_and_what_happens_next(client, make_consultation):
    c = make_consultation(department="Kultur- och fritidsförvaltningen", case_number="KS 2026/123",
                          opens_at=datetime(2026, 11, 2, 8, tzinfo=UTC),
                          closes_at=datetime(2026, 12, 15, 22, tzinfo=UTC),
                          next_steps="Nämnden beslutar i mars.")
    page = client.get(f"/samrad/{c.slug}").get_data(as_text=True)
    facts = page[page.index('class="pb-board__facts"'):]
    assert "Kultur- och fritidsförvaltningen" in facts
    assert "<dt>Diarienummer</dt><dd>KS 2026/123</dd>" in facts
    assert "2 november 2026 – 15 december 2026" in facts
    assert "Nämnden beslutar i mars." in facts


def test_without_facts_the_board_says_what_usually_happens(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert "Idéerna sammanställs för de politiker som beslutar" in page
    assert "<dt>Diarienummer</dt>" not in page
    assert "Öppet nu" in page


def test_a_closed_board_says_so_at_the_top(app, client, make_post, consultation):
    make_post(consultation, body="Det som sades", state="approved")
    close(app, consultation)
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    head = page[page.index('class="pb-board__head"'):page.index('id="posts-heading"')]
    assert "Samrådet är avslutat" in head and "Stängt" in head
    assert "Det som sades" in page


def test_the_write_button_opens_the_form_which_is_there_without_script(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert re.search(r'<button type="button" class="ds-button pb-write-open" id="write-open" '
                     r'aria-expanded="false" aria-controls="write-panel" hidden', page)
    # The panel itself is not hidden by the server: without script the form is simply there.
    assert re.search(r'<div class="ds-card pb-write-panel" id="write-panel"[^>]*>', page)
    assert "hidden" not in re.search(r'<div class="ds-card pb-write-panel"[^>]*>', page).group(0)


def test_start_page_lists_open_then_closed_with_dates_and_idea_counts(app, client, make_consultation,
                                                                      make_post):
    open_one = make_consultation(slug="bibliotek", title="Bibliotek",
                                 closes_at=datetime(2026, 12, 15, 12, tzinfo=UTC))
    closed = make_consultation(slug="lekplats", title="Lekplats")
    for n in range(3):
        make_post(open_one, body=f"Idé {n}", state="approved")
    make_post(open_one, body="Väntar")  # not counted: not published
    make_post(closed, body="Gungor", state="approved")
    close(app, closed)
    with app.app_context():
        db.session.execute(update(Consultation).where(Consultation.id == closed.id).values(
            opens_at=datetime(2026, 9, 1, 12, tzinfo=UTC),
            closes_at=datetime(2026, 10, 1, 12, tzinfo=UTC)))
        db.session.commit()
    page = client.get("/").get_data(as_text=True)
    archive = page.index('id="archive-heading"')
    assert page.index("Bibliotek") < archive < page.index("Lekplats")
    assert "Öppet till 15 december 2026" in page and "3 idéer" in page
    assert "1 september 2026 – 1 oktober 2026" in page and "1 idé" in page


def test_dates_are_worded_as_they_stand_today(app, client, make_consultation):
    soon, past = utcnow() + timedelta(days=20), utcnow() - timedelta(days=3)
    early = make_consultation(slug="stangd-tidigt", closes_at=soon)
    close(app, early)
    make_consultation(slug="oppen-for-lange", closes_at=past)
    make_consultation(slug="pagar", closes_at=soon)
    assert "Stängdes" not in client.get("/samrad/stangd-tidigt").get_data(as_text=True)
    assert "Öppet till" not in client.get("/samrad/oppen-for-lange").get_data(as_text=True)
    assert "Öppet till" in client.get("/samrad/pagar").get_data(as_text=True)


def test_without_an_organisation_the_software_is_never_named_responsible(client, make_consultation):
    with_department = make_consultation(slug="med", department="Kulturförvaltningen")
    without = make_consultation(slug="utan")
    page = client.get(f"/samrad/{with_department.slug}").get_data(as_text=True)
    assert re.search(r"<dt>Ansvarig</dt>\s*<dd><span lang=\"sv\">Kulturförvaltningen</span></dd>", page)
    assert "<dt>Ansvarig</dt>" not in client.get(f"/samrad/{without.slug}").get_data(as_text=True)

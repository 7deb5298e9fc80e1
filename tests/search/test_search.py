"""Search on the real database (SQLite, or PostgreSQL with PARKBANK_TEST_DATABASE_URL): Swedish
inflections and compounds, ranking, hostile queries, only public posts, paging."""

import pytest

from parkbank.consultations.models import ConsultationStatus
from parkbank.search.queries import excerpt, search
from parkbank.search.terms import parse


def found(app, q, **kwargs) -> list[int]:
    with app.app_context():
        return [hit.post.id for hit in search(parse(q), **kwargs).hits]


@pytest.fixture
def library(consultation, make_post):
    return {
        "bibliotek": make_post(consultation, "Ett nytt bibliotek i Mörrum", state="approved"),
        "biblioteket": make_post(consultation, "Biblioteket borde ha öppet på söndagar", state="approved"),
        "biblioteken": make_post(consultation, "Alla biblioteken behöver fler datorer", state="approved"),
        "biblioteksbuss": make_post(consultation, "Låt en biblioteksbuss köra till byarna", state="approved"),
        "barnen": make_post(consultation, "Barnen vill ha en större lekplats", state="approved"),
        "other": make_post(consultation, "Fler parkbänkar vid ån", state="approved"),
    }


@pytest.mark.parametrize("q", ["bibliotek", "biblioteket", "biblioteken", "BIBLIOTEK"])
def test_every_inflection_and_the_compound_are_found(app, library, consultation, q):
    assert set(found(app, q, consultation_id=consultation.id)) == {
        library["bibliotek"], library["biblioteket"], library["biblioteken"], library["biblioteksbuss"]}


def test_barn_finds_barnen(app, library, consultation):
    assert found(app, "barn", consultation_id=consultation.id) == [library["barnen"]]


def test_every_word_must_match(app, library, consultation):
    assert found(app, "bibliotek söndag", consultation_id=consultation.id) == [library["biblioteket"]]


def test_a_post_saying_it_more_often_ranks_first(app, consultation, make_post):
    once = make_post(consultation, "En park med en bänk och mycket annat som gräs, träd och en damm",
                     state="approved")
    often = make_post(consultation, "Bänk, bänkar och fler bänkar", state="approved")
    assert found(app, "bänk", consultation_id=consultation.id) == [often, once]


@pytest.mark.parametrize("q", [
    '"bibliotek', "bibliotek*", "bibliotek NEAR barn", "NEAR(bibliotek barn)", "bibliotek OR",
    "AND OR NOT", "(bibliotek", "bibliotek)) OR ((", "bibliotek'; DROP TABLE post; --",
    "bibliotek:* | !", "bibliotek\" AND \"", "*", "^", "%_", "-bibliotek", "bibliotek" * 1250,
])
def test_hostile_queries_are_answered(app, library, consultation, q):
    with app.app_context():
        assert search(parse(q), consultation_id=consultation.id).total >= 0


def test_a_query_of_only_syntax_searches_nothing(app, library, consultation):
    with app.app_context():
        page = search(parse('"*" () OR'), consultation_id=consultation.id)
    assert page.query.searched and page.total == 0 and page.hits == []


def test_only_public_posts_are_found(app, consultation, make_post):
    shown = make_post(consultation, "Gungor i parken", state="approved")
    make_post(consultation, "Gungor till alla", state="pending")
    make_post(consultation, "Gungor är reklam", state="rejected")
    make_post(consultation, "Gungor tog vi bort", state="withdrawn")
    assert found(app, "gungor", consultation_id=consultation.id) == [shown]


def test_a_consultation_finds_only_its_own_posts(app, make_consultation, make_post):
    here, there = make_consultation("har"), make_consultation("dar")
    mine = make_post(here, "Cykelbanor överallt", state="approved")
    make_post(there, "Cykelbanor här också", state="approved")
    assert found(app, "cykelbana", consultation_id=here.id) == [mine]


def test_every_public_consultation_is_searched_but_not_drafts(app, make_consultation, make_post):
    a, closed, draft = make_consultation("a"), make_consultation("b"), make_consultation("c")
    first = make_post(a, "Cykelbanor överallt", state="approved")
    second = make_post(closed, "Cykelbanor här också", state="approved")
    make_post(draft, "Cykelbanor i hemlighet", state="approved")
    with app.app_context():
        from parkbank.consultations.models import Consultation
        from parkbank.extensions import db

        db.session.get(Consultation, closed.id).status = ConsultationStatus.CLOSED
        db.session.get(Consultation, draft.id).status = ConsultationStatus.DRAFT
        db.session.commit()
    assert set(found(app, "cykelbanor")) == {first, second}


def test_replies_are_found(app, consultation, make_post):
    idea = make_post(consultation, "Mer grönska", state="approved")
    reply = make_post(consultation, "Ja, med fruktträd", state="approved", parent_id=idea)
    assert found(app, "fruktträd", consultation_id=consultation.id) == [reply]


def test_results_are_paged(app, consultation, make_post):
    for n in range(5):
        make_post(consultation, f"Papperskorgar, nummer {n}", state="approved")
    with app.app_context():
        first = search(parse("papperskorg"), consultation_id=consultation.id, per_page=2)
        last = search(parse("papperskorg"), consultation_id=consultation.id, per_page=2, page=3)
        beyond = search(parse("papperskorg"), consultation_id=consultation.id, per_page=2, page=10**9)
    assert (first.total, first.pages, len(first.hits), len(last.hits)) == (5, 3, 2, 1)
    assert first.has_next and not last.has_next and beyond.hits == []


def test_the_excerpt_escapes_the_text_and_marks_the_words():
    html = str(excerpt('<script>alert("x")</script> Biblioteket & <b>biblioteksbuss</b>',
                       parse("bibliotek")))
    assert "<script>" not in html and "<b>" not in html
    assert "<mark>Biblioteket</mark> &amp; &lt;b&gt;<mark>biblioteksbuss</mark>&lt;/b&gt;" in html


def test_a_long_text_is_cut_around_the_first_match():
    text = "Inledning " * 40 + "här kommer ordet lekplats mitt i texten " + "och sedan mer " * 40
    html = str(excerpt(text, parse("lekplats")))
    assert html.startswith("…") and html.endswith("…") and "<mark>lekplats</mark>" in html
    assert len(html) < 300

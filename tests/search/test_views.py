"""The search pages and the open-data API's `q`: counts, ranked hits with safe highlights, links
to the post on its board, paging, a clear answer to an empty or hostile query, never a 500."""

import pytest


@pytest.fixture
def posts(consultation, make_post):
    return {
        "idea": make_post(consultation, "Biblioteket <b>behöver</b> en biblioteksbuss", state="approved"),
        "other": make_post(consultation, "Fler parkbänkar", state="approved"),
        "pending": make_post(consultation, "Biblioteket väntar"),
    }


def test_the_consultation_search_lists_matches_with_marked_words(client, consultation, posts):
    page = client.get(f"/samrad/{consultation.slug}/sok?q=bibliotek").get_data(as_text=True)
    assert "1 träff för ”bibliotek”" in page or "1 träff för “bibliotek”" in page
    assert "<mark>Biblioteket</mark> &lt;b&gt;behöver&lt;/b&gt; en <mark>biblioteksbuss</mark>" in page
    assert f'href="/samrad/{consultation.slug}/sok/inlagg/{posts["idea"]}"' in page
    assert "Biblioteket väntar" not in page and "parkbänkar" not in page


def test_a_search_without_matches_says_so(client, consultation, posts):
    page = client.get(f"/samrad/{consultation.slug}/sok?q=simhall").get_data(as_text=True)
    assert "Inga träffar" in page


def test_a_query_of_no_words_asks_for_one(client, consultation, posts):
    response = client.get(f"/samrad/{consultation.slug}/sok", query_string={"q": '"*" () ^ - och'})
    assert response.status_code == 200 and "Skriv minst ett ord" in response.get_data(as_text=True)


def test_without_a_query_the_page_shows_only_the_form(client, consultation, posts):
    page = client.get(f"/samrad/{consultation.slug}/sok").get_data(as_text=True)
    assert 'role="search"' in page and "Inga träffar" not in page and "<mark>" not in page


@pytest.mark.parametrize("q", ['" OR 1=1 --', "NEAR(a b)", "*" * 10_000, "a" * 10_000, "ö" * 300 + " )"])
def test_hostile_queries_get_a_page_not_an_error(client, consultation, posts, q):
    assert client.get(f"/samrad/{consultation.slug}/sok", query_string={"q": q}).status_code == 200
    assert client.get("/sok", query_string={"q": q}).status_code == 200


def test_the_site_wide_search_names_each_hits_consultation(client, consultation, posts):
    page = client.get("/sok?q=biblioteksbussar").get_data(as_text=True)
    assert "Nytt bibliotek" in page and f"/sok/inlagg/{posts['idea']}" in page


def test_pages_link_to_each_other_with_the_query(client, consultation, make_post):
    for n in range(21):
        make_post(consultation, f"Papperskorg {n}", state="approved")
    first = client.get(f"/samrad/{consultation.slug}/sok?q=papperskorg").get_data(as_text=True)
    second = client.get(f"/samrad/{consultation.slug}/sok?q=papperskorg&sida=2").get_data(as_text=True)
    assert 'rel="next"' in first and "sida=2" in first
    assert 'rel="prev"' in second and second.count('class="ds-card pb-hit"') == 1


def test_a_hits_link_leads_to_the_board_page_that_shows_it(app, client, consultation, make_post):
    idea = make_post(consultation, "Mer grönska", state="approved")
    reply = make_post(consultation, "Ja, med fruktträd", state="approved", parent_id=idea)
    for n in range(3):
        make_post(consultation, f"Nyare idé {n}", state="approved")
    app.config["BOARD_PAGE_SIZE"] = 2
    response = client.get(f"/samrad/{consultation.slug}/sok/inlagg/{reply}")
    assert response.status_code == 302
    assert response.location == f"/samrad/{consultation.slug}?sida=2#inlagg-{reply}"


def test_a_hits_link_to_a_post_no_longer_public_is_not_found(client, consultation, make_post):
    gone = make_post(consultation, "Borttagen", state="withdrawn")
    assert client.get(f"/samrad/{consultation.slug}/sok/inlagg/{gone}").status_code == 404


def test_a_draft_consultation_has_no_search(client, make_consultation):
    from parkbank.consultations.models import ConsultationStatus

    draft = make_consultation("utkast", status=ConsultationStatus.DRAFT)
    assert client.get(f"/samrad/{draft.slug}/sok?q=x").status_code == 404


def test_the_board_and_the_start_page_have_a_search_form(client, consultation):
    board = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    start = client.get("/").get_data(as_text=True)
    assert f'action="/samrad/{consultation.slug}/sok"' in board and 'action="/sok"' in start


def test_the_api_searches_with_q_best_first(client, consultation, make_post):
    once = make_post(consultation, "En bänk i parken", state="approved")
    often = make_post(consultation, "Bänk, bänkar, fler bänkar", state="approved")
    make_post(consultation, "Gungor", state="approved")
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts?q=bänk&per_page=1").json
    assert [p["id"] for p in data["posts"]] == [often] and data["total"] == 2 and data["q"] == "bänk"
    rest = client.get(data["next"]).json
    assert [p["id"] for p in rest["posts"]] == [once] and rest["next"] is None


def test_the_api_answers_a_hostile_q_with_no_posts(client, consultation, posts):
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts",
                      query_string={"q": '") OR NEAR(*'}).json
    assert data["posts"] == [] and data["total"] == 0


def test_the_api_without_q_is_unchanged(client, consultation, posts):
    data = client.get(f"/api/v1/consultations/{consultation.slug}/posts").json
    assert "q" not in data and data["total"] == 2

"""The tokeniser and stemmer that the index and the queries share: Swedish inflections meet at
one stem, compounds whose first part is the word match by prefix, and nothing typed survives as
query syntax."""

import pytest

from parkbank.search.terms import QUERY_MAX, TERMS_MAX, Query, document_terms, matched_spans, parse


def stems(q: str) -> list[str]:
    return [t.stem for t in parse(q).terms]


@pytest.mark.parametrize("word", ["bibliotek", "biblioteket", "biblioteken", "Biblioteket"])
def test_inflections_of_bibliotek_share_one_stem(word):
    assert stems(word) == ["bibliotek"]


@pytest.mark.parametrize("word", ["barn", "barnen", "barnens"])
def test_inflections_of_barn_share_one_stem(word):
    assert stems(word) == ["barn"]


def test_a_compound_whose_first_part_is_the_word_matches_by_prefix():
    [term] = parse("bibliotek").terms
    assert term.prefix and term.matches(document_terms("biblioteksbussen"))


def test_a_short_stem_matches_only_itself():
    [term] = parse("bil").terms
    assert term.matches("bil") and not term.matches("bild")


def test_stop_words_are_not_searched_for():
    assert stems("och att bänkar") == ["bänk"]


@pytest.mark.parametrize("hostile", [
    '"bänk" OR *', "bänk NEAR(park, 2)", "bänk AND (park OR NOT lek)", "bänk'; DROP TABLE post;--",
    "bänk:* & !park", "{bänk} ^park -lek", "bänk\\ % _ park",
])
def test_query_syntax_is_only_separators_between_words(hostile):
    assert all(s.isalnum() for s in stems(hostile))
    assert "bänk" in stems(hostile)


@pytest.mark.parametrize("raw", ["", "   ", None, "!!! ??? ***", "\"'()"])
def test_nothing_to_search_for_gives_no_terms(raw):
    assert parse(raw).terms == ()


def test_a_long_query_is_cut_to_its_limits():
    query = parse("ord" + " bänk park lek sandlåda gunga rutschkana klätterställning" * 2000)
    assert len(query.text) <= QUERY_MAX and len(query.terms) == TERMS_MAX


def test_matched_words_are_found_with_their_offsets():
    text = "Biblioteket, och en biblioteksbuss!"
    assert [text[s:e] for s, e in matched_spans(text, parse("bibliotek"))] == [
        "Biblioteket", "biblioteksbuss"]


def test_an_empty_query_was_not_searched():
    assert not Query("", ()).searched and parse("och").searched

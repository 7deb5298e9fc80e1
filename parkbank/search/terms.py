"""Words, as search sees them: the one tokeniser and Swedish stemmer that both the index and the
queries use, so a query can only ever say "these stems", never FTS or tsquery syntax.

A word is a run of letters and digits (anything else, quotes, `*`, parentheses, `-`, separates
words). It is lower-cased, dropped when it is one of the Swedish stop words that PostgreSQL's
`swedish` configuration drops too, and stemmed with the Snowball Swedish stemmer (PyStemmer):
"biblioteket", "biblioteken" → "bibliotek". A query stem of PREFIX_MIN letters or more also
matches the stems it begins ("bibliotek" finds "biblioteksbuss"), which catches the compounds
whose first part is the word searched for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

QUERY_MAX = 200  # characters of a query that count; the rest is cut
TERMS_MAX = 8    # distinct words of a query that count
PREFIX_MIN = 4   # a shorter stem ("bil") matches only itself, not every word that begins with it
WORD_MAX = 60    # letters of one word; longer runs are no word anyone searches for

_WORD = re.compile(r"[^\W_]+")
# PostgreSQL's swedish.stop (the Snowball list), so SQLite and PostgreSQL drop the same words.
STOP_WORDS = frozenset("""
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig
du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när
efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan
ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina
samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta
sådana vart dina vars vårt våra ert era vilkas""".split())


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=4096)
def stem(word: str) -> str | None:
    """The stem of one lower-cased word, or None for a stop word."""
    if word in STOP_WORDS:
        return None
    return _stemmer().stemWord(word[:WORD_MAX])


def words(text: str):
    """(start, end, lower-cased word) for each word of `text`, in order."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower()


def document_terms(text: str) -> str:
    """The stems of a text, space-separated, as the SQLite index stores them."""
    return " ".join(s for _, _, w in words(text) if (s := stem(w)) is not None)


@dataclass(frozen=True)
class Term:
    stem: str

    @property
    def prefix(self) -> bool:
        return len(self.stem) >= PREFIX_MIN

    def matches(self, other_stem: str) -> bool:
        return other_stem.startswith(self.stem) if self.prefix else other_stem == self.stem


@dataclass(frozen=True)
class Query:
    """A parsed query: what was asked (cut to QUERY_MAX) and its distinct stems (at most
    TERMS_MAX). `searched` is False for an empty query, `terms` empty when nothing in it is a word
    worth searching for (only punctuation, only stop words)."""

    text: str
    terms: tuple[Term, ...]

    @property
    def searched(self) -> bool:
        return bool(self.text)


def parse(raw: str | None) -> Query:
    text = " ".join((raw or "")[:QUERY_MAX].split())
    stems: list[str] = []
    for _, _, word in words(text):
        s = stem(word)
        if s is not None and s not in stems:
            stems.append(s)
    return Query(text, tuple(Term(s) for s in stems[:TERMS_MAX]))


def matched_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the words of `text` that the query matches are, in order."""
    spans = []
    for start, end, word in words(text):
        s = stem(word)
        if s is not None and any(term.matches(s) for term in query.terms):
            spans.append((start, end))
    return spans

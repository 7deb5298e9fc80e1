"""An inverted index of one consultation's public ideas, in memory, for "say much the same".

Features are the character 3–5-grams of text.py, weighed by TF-IDF and compared by cosine (the
method and threshold measured in bench/similar_eval.py). A query adds up, for each of its n-grams
that is not in nearly every post, the evidence of the posts that hold it; the best candidates are
then scored exactly (their full cosine with today's document frequencies). The index never decides
what is public: it only proposes ids, and the caller reads them back through the public rule.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from dataclasses import dataclass, field

from parkbank.similar.text import dot, features, smooth_idf, unit

# An n-gram in more than this share of the posts (and of at least COMMON_MIN posts) proposes no
# candidates: it would visit most of the index to add almost nothing (its IDF is low).
COMMON_SHARE = 0.04
COMMON_MIN = 50
CANDIDATES = 20  # posts scored exactly after the first pass
QUERY_TERMS = 200  # a query's rarest n-grams that propose candidates


@dataclass
class Index:
    """Term ids, not strings, in the postings and per post: 10,000 posts take tens of MB."""

    vocabulary: dict[str, int] = field(default_factory=dict)
    postings: dict[int, array] = field(default_factory=dict)
    terms: dict[int, array] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.terms)

    def add(self, post_id: int, text: str) -> None:
        self.remove(post_id)
        vocabulary = self.vocabulary
        ids = array("i", (vocabulary.setdefault(term, len(vocabulary)) for term in features(text)))
        if not ids:
            return
        self.terms[post_id] = ids
        postings = self.postings
        for term in ids:
            holders = postings.get(term)
            if holders is None:
                postings[term] = array("q", (post_id,))
            else:
                holders.append(post_id)

    def remove(self, post_id: int) -> None:
        ids = self.terms.pop(post_id, None)
        for term in ids or ():
            holders = self.postings[term]
            holders.remove(post_id)
            if not holders:
                del self.postings[term]

    def _ids(self, grams: list[str], unseen: dict[str, int]) -> list[int]:
        vocabulary = self.vocabulary
        return [vocabulary[term] if term in vocabulary else unseen.setdefault(term, -1 - len(unseen))
                for term in grams]

    def _idf(self, term: int) -> float:
        holders = self.postings.get(term)
        return smooth_idf(len(self.terms), len(holders) if holders else 0)

    def _vector(self, ids) -> dict[int, float]:
        return unit({term: self._idf(term) for term in ids})

    def vectors(self, texts: dict[int, str], unseen: dict[str, int]) -> dict[int, dict[int, float]]:
        """Texts outside the index as vectors weighed by its document frequencies. Share `unseen`
        between the vectors that are to be compared: it names n-grams no indexed post holds."""
        return {key: self._vector(self._ids(features(text), unseen)) for key, text in texts.items()}

    def query(self, query: dict[int, float], *, limit: int, threshold: float) -> list[tuple[int, float]]:
        """(post id, cosine) of the indexed posts at or above `threshold`, best first, at most
        `limit`; `query` is a vector from vectors()."""
        if not query:
            return []
        common = max(COMMON_MIN, COMMON_SHARE * len(self.terms))
        known = [term for term in query if term in self.postings]
        rare_first = sorted(known, key=lambda term: len(self.postings[term]))[:QUERY_TERMS]
        evidence: Counter = Counter()
        for term in rare_first:
            holders = self.postings[term]
            if len(holders) > common:
                break
            weight = query[term]
            for post_id in holders:
                evidence[post_id] += weight
        scored = [(post_id, dot(query, self._vector(self.terms[post_id])))
                  for post_id, _ in evidence.most_common(CANDIDATES)]
        return best(scored, limit, threshold)


def best(scored, limit: int, threshold: float) -> list[tuple[int, float]]:
    top = heapq.nlargest(limit, (item for item in scored if item[1] >= threshold),
                         key=lambda item: (item[1], -item[0]))
    return [(post_id, round(score, 3)) for post_id, score in top]

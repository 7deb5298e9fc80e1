"""The summary's public posts as CSV: one row per post (ideas and replies, each idea followed by
its replies), the columns of the JSON's `posts` with `official` split in two. UTF-8 with a
byte-order mark; every cell through tabular.safe_cell, so none starts a formula."""

from __future__ import annotations

from parkbank.export.opendata import flat_posts
from parkbank.export.summary import Summary
from parkbank.export.tabular import csv_bytes
from parkbank.posts.serialize import iso

THEME_SEPARATOR = "; "  # an idea's theme names in one cell, in the consultation's order

COLUMNS = ["id", "parent_id", "body", "channel", "place", "source", "received_on",
           "published_at", "support_count", "official_name", "official_title", "politician_view",
           "themes", "outcome", "outcome_explanation", "outcome_link", "outcome_reference",
           "outcome_changed_at"]


def _rows(summary: Summary):
    for parent_id, post in flat_posts(summary):
        yield [post.id, parent_id, post.body, post.channel, post.place, post.source,
               iso(post.received_on), iso(post.published_at), post.support_count,
               post.official.name if post.official else None,
               post.official.title if post.official else None,
               "true" if post.politician_view else "false",
               THEME_SEPARATOR.join(t.name for t in post.themes),
               *_outcome(post)]


def _outcome(post) -> list:
    o = post.outcome
    if o is None:
        return [None] * 5
    return [o.state, o.explanation, o.link, o.reference, iso(o.changed_at)]


def render(summary: Summary) -> bytes:
    return csv_bytes(COLUMNS, _rows(summary))

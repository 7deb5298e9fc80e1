"""What the two open-data formats (opendata_json, opendata_csv) share: the schema's version, the
licence, and every public post of a Summary as one flat list, each idea followed by its replies.

The posts carry no personal data: never an e-mail address or a visitor mark, and no alias. The
open-data rule is the paged API's (README, Contract): an alias is often a name, and open data under
a free licence is copied without end, so the name stays on the board (where withdrawal and culling
reach it) and in the meeting documents, which show it as the author chose.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from parkbank.export.summary import ExportPost, Summary

# Major: a field changed meaning or went away; minor: fields were added (README, Contract).
SCHEMA = "parkbank-opendata/2.1"  # 2.0: `alias` left the posts, `themes` came; 2.1: `outcome`


def licence() -> str:
    """PARKBANK_DATA_LICENCE (config.data_licence: CC0 by default)."""
    return current_app.config["DATA_LICENCE"]


def flat_posts(summary: Summary) -> Iterator[tuple[int | None, ExportPost]]:
    """(parent_id, post) for every public post: each idea, oldest first, then its replies."""
    for idea in summary.ideas:
        yield None, idea
        for reply in idea.replies:
            yield idea.id, reply

"""What the two open-data formats (opendata_json, opendata_csv) share: the schema's version, the
licence, and every public post of a Summary as one flat list, each idea followed by its replies.

The posts carry what the board shows and nothing more: the alias as shown (None when anonymous or
when the municipality signs), never an e-mail address or a visitor mark.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from parkbank.export.summary import ExportPost, Summary

# Major: a field changed meaning or went away; minor: fields were added (README, Contract).
SCHEMA = "parkbank-opendata/1.1"  # 1.1: themes


def licence() -> str:
    """PARKBANK_DATA_LICENCE (config.data_licence: CC0 by default)."""
    return current_app.config["DATA_LICENCE"]


def flat_posts(summary: Summary) -> Iterator[tuple[int | None, ExportPost]]:
    """(parent_id, post) for every public post: each idea, oldest first, then its replies."""
    for idea in summary.ideas:
        yield None, idea
        for reply in idea.replies:
            yield idea.id, reply

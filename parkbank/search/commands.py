"""`flask --app parkbank search reindex`: rebuild the search index from the public posts (after
restoring a backup made without it, or to check it). A thin door inside the commands' commit point."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from parkbank.cli import in_transaction
from parkbank.search.index import rebuild

search_group = AppGroup("search", help="The full-text search index.")


@search_group.command("reindex")
@in_transaction
def reindex_command() -> None:
    """Index every public post afresh."""
    click.echo(f"Indexed {rebuild()} public posts.")

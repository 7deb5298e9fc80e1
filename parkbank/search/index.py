"""The search index: one row per public post, kept right by `refresh(post_ids)` in the caller's
transaction, and its schema for the migration and `flask search reindex`.

SQLite: an FTS5 table `post_search` whose rowid is the post's id and whose one column holds the
post's Swedish stems (parkbank.search.terms: FTS5 has no Swedish stemmer). PostgreSQL: a table
`post_search` (post_id, document tsvector made with the `swedish` configuration) with a GIN index,
its rows deleted with their post. Either way a row exists only for a post that is public by the
one rule (parkbank.posts.visibility), and queries check that rule again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import column, delete, func, insert, select, table, text

from parkbank.extensions import db
from parkbank.posts.models import Post
from parkbank.posts.visibility import public_clause, with_parent
from parkbank.search.terms import document_terms

TABLE = "post_search"
BATCH = 1000
# The table as queries see it on each database (not in the models' metadata: SQLite's is virtual).
FTS = table(TABLE, column("rowid"), column("terms"))
TSV = table(TABLE, column("post_id"), column("document"))

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')",
]
POSTGRESQL_DDL = [
    f"CREATE TABLE {TABLE} (post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    f"CREATE INDEX ix_{TABLE}_document ON {TABLE} USING GIN (document)",
]


def is_index_table(name: str | None) -> bool:
    """Whether a table belongs to the index (FTS5 adds shadow tables post_search_data, …): they
    are made by the migration, not described by the models."""
    return name is not None and (name == TABLE or name.startswith(TABLE + "_"))


def ddl(dialect: str) -> list[str]:
    return POSTGRESQL_DDL if dialect == "postgresql" else SQLITE_DDL


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _public_posts(post_ids: list[int] | None):
    query = with_parent(select(Post.id, Post.body)).where(public_clause())
    return query.where(Post.id.in_(post_ids)) if post_ids is not None else query.order_by(Post.id)


def refresh(post_ids: Iterable[int]) -> None:
    """Make the index right for these posts, in the current transaction: each one that is public
    now is indexed with its current text, every other one (withdrawn, rejected, redacted away,
    deleted, a reply under a withdrawn idea) leaves it."""
    ids = sorted(set(post_ids))
    if not ids:
        return
    db.session.flush()  # the session's changes (a redacted body) are what is indexed
    if _dialect() == "postgresql":
        db.session.execute(delete(TSV).where(TSV.c.post_id.in_(ids)))
        db.session.execute(insert(TSV).from_select(
            ["post_id", "document"],
            _public_posts(ids).with_only_columns(Post.id, func.to_tsvector("swedish", Post.body))))
    else:
        db.session.execute(delete(FTS).where(FTS.c.rowid.in_(ids)))
        _insert_sqlite(db.session.execute(_public_posts(ids)).all())


def _insert_sqlite(rows) -> None:
    if rows:
        db.session.execute(insert(FTS), [{"rowid": i, "terms": document_terms(body)} for i, body in rows])


def rebuild() -> int:
    """Index every public post afresh (the operator's `flask search reindex`); returns how many."""
    if _dialect() == "postgresql":
        db.session.execute(delete(TSV))
        db.session.execute(insert(TSV).from_select(
            ["post_id", "document"],
            _public_posts(None).with_only_columns(Post.id, func.to_tsvector("swedish", Post.body))))
    else:
        db.session.execute(delete(FTS))
        last = 0
        while rows := db.session.execute(_public_posts(None).where(Post.id > last).limit(BATCH)).all():
            _insert_sqlite(rows)
            last = rows[-1][0]
    return db.session.execute(select(func.count()).select_from(table(TABLE))).scalar_one()


def indexed_ids() -> set[int]:
    """The posts the index holds (for tests and the operator's check)."""
    key = TSV.c.post_id if _dialect() == "postgresql" else FTS.c.rowid
    return set(db.session.execute(select(key)).scalars())


def drop_index_table(connection) -> None:
    """Remove the index (the migration's downgrade; a test database being rebuilt)."""
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


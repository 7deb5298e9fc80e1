"""Full-text search: the index of public posts (an FTS5 table of Swedish stems on SQLite, a
tsvector table with a GIN index on PostgreSQL), filled with the posts already public.

Revision ID: 0015
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# The public rule (parkbank/posts/visibility.py) as it stands at this revision.
PUBLIC = ("SELECT p.id, p.body FROM post p LEFT JOIN post parent ON parent.id = p.parent_id "
          "WHERE p.state = 'approved' AND (p.parent_id IS NULL OR parent.state = 'approved')")
BATCH = 1000


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("CREATE TABLE post_search (post_id INTEGER PRIMARY KEY REFERENCES post (id) "
                   "ON DELETE CASCADE, document TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_post_search_document ON post_search USING GIN (document)")
        op.execute("INSERT INTO post_search (post_id, document) "
                   f"SELECT id, to_tsvector('swedish', body) FROM ({PUBLIC}) AS public_post")
        return
    # SQLite's FTS5 has no Swedish stemmer: the stems are made in Python, as the app makes them.
    from parkbank.search.terms import document_terms

    op.execute("CREATE VIRTUAL TABLE post_search USING fts5(terms, "
               "tokenize = 'unicode61 remove_diacritics 0')")
    last = 0
    while rows := bind.execute(sa.text(f"{PUBLIC} AND p.id > :last ORDER BY p.id LIMIT {BATCH}"),
                               {"last": last}).all():
        bind.execute(sa.text("INSERT INTO post_search (rowid, terms) VALUES (:id, :terms)"),
                     [{"id": i, "terms": document_terms(body)} for i, body in rows])
        last = rows[-1][0]


def downgrade():
    op.execute("DROP TABLE post_search")

"""The Alembic migrations build exactly the schema the models describe, and go down again."""

import json

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from parkbank.extensions import db
from parkbank.search.index import is_index_table


def _not_the_search_index(name, type_, parent_names):
    """The search index is made by its migration alone (an FTS5 table is no model)."""
    return not (type_ == "table" and is_index_table(name))


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _not_the_search_index})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_downgrade_removes_the_search_index_and_upgrade_fills_it(app, consultation, make_post):
    shown = make_post(consultation, "Biblioteket behöver längre öppettider", state="approved")
    make_post(consultation, "Biblioteket väntar", state="pending")
    with app.app_context():
        flask_migrate.downgrade(revision="0013")
        assert "post_search" not in db.inspect(db.engine).get_table_names()
        flask_migrate.upgrade()
        from parkbank.search.index import indexed_ids

        assert indexed_ids() == {shown}


def test_downgrade_and_upgrade_again(app):
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        assert "post" not in db.inspect(db.engine).get_table_names()
        flask_migrate.upgrade()
        assert "post" in db.inspect(db.engine).get_table_names()


def test_0005_down_rebuilds_payloads_without_withdrawn_text_and_up_fills_body_html(
        app, consultation, make_post):
    from sqlalchemy import text

    shown = make_post(consultation, "Kvar <b>här</b>", state="approved")  # event 1
    gone = make_post(consultation, "Borttagen", state="withdrawn")        # events 2 and 3
    with app.app_context():
        flask_migrate.downgrade(revision="0004")
        rows = db.session.execute(text(
            "SELECT seq, name, post_id, payload FROM live_event ORDER BY seq")).all()
        db.session.execute(text("UPDATE post SET body = 'Ny <i>text</i>' WHERE id = :id"),
                           {"id": shown})
        db.session.commit()
        flask_migrate.upgrade()
        html = db.session.execute(text("SELECT body_html FROM post WHERE id = :id"),
                                  {"id": shown}).scalar_one()
        db.session.commit()
        columns = {c["name"] for c in db.inspect(db.engine).get_columns("live_event")}
    payloads = [json.loads(r.payload) if isinstance(r.payload, str) else r.payload for r in rows]
    assert [(r.seq, r.name, r.post_id) for r in rows] == [
        (1, "post_published", shown), (2, "post_withdrawn", gone), (3, "post_withdrawn", gone)]
    assert payloads[0]["post"]["body"] == "Kvar <b>här</b>"
    assert "Borttagen" not in str(payloads[1:])
    assert html == "Ny &lt;i&gt;text&lt;/i&gt;"
    assert "payload" not in columns

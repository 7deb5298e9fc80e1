"""The Alembic migrations build exactly the schema the models describe, and go down again."""

import json

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from parkbank.extensions import db


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(app):
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        assert "post" not in db.inspect(db.engine).get_table_names()
        flask_migrate.upgrade()
        assert "post" in db.inspect(db.engine).get_table_names()


def test_0003_fills_post_ids_and_strikes_withdrawn_text(app, consultation, make_post):
    from sqlalchemy import text

    shown = make_post(consultation, "Kvar", state="approved")      # event 1
    gone = make_post(consultation, "Borttagen", state="withdrawn")  # events 2 and 3
    with app.app_context():
        flask_migrate.downgrade(revision="0002")
        # As 0002 left it: the withdrawn post's text still in its logged publication.
        db.session.execute(text(
            "UPDATE live_event SET name = 'post_published', payload = :payload WHERE seq = 2"),
            {"payload": json.dumps({"event_id": 2, "post": {"id": gone, "body": "Borttagen"}})})
        db.session.commit()
        flask_migrate.upgrade()
        rows = db.session.execute(text(
            "SELECT seq, name, post_id, payload FROM live_event ORDER BY seq")).all()
    assert [(r.seq, r.name, r.post_id) for r in rows] == [
        (1, "post_published", shown), (2, "post_withdrawn", gone), (3, "post_withdrawn", gone)]
    assert "Borttagen" not in str(rows[1].payload)

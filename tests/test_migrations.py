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

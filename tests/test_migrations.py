"""The Alembic migrations build exactly the schema the models describe, and go down again."""

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

"""Migration 0014 adds the theme tables and takes them away again, leaving the posts."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from parkbank.extensions import db


def test_0014_down_drops_the_themes_and_keeps_the_posts_and_up_brings_the_tables_back(
        app, consultation, make_post, make_theme, tag):
    idea = make_post(consultation, "Cykelställ", state="approved")
    tag(idea, make_theme(consultation, "Trafik"))
    with app.app_context():
        flask_migrate.downgrade(revision="0013")
        tables = set(db.inspect(db.engine).get_table_names())
        posts = db.session.execute(text("SELECT id FROM post")).scalars().all()
        db.session.commit()
        flask_migrate.upgrade()
        after = set(db.inspect(db.engine).get_table_names())
        tagged = db.session.execute(text("SELECT count(*) FROM post_theme")).scalar_one()
        db.session.commit()
    assert {"theme", "post_theme"}.isdisjoint(tables) and posts == [idea]
    assert {"theme", "post_theme"} <= after and tagged == 0

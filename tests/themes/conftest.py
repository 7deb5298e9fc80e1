"""Themes made by a project leader, and ideas tagged by a moderator, through the operations."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role, User
from parkbank.consultations.models import Consultation
from parkbank.extensions import db
from parkbank.themes.operations import create_theme, set_post_themes


@pytest.fixture
def leader(make_user):
    return make_user(Role.PROJECT_LEADER, name="Lena Projektledare")


@pytest.fixture
def make_theme(app, leader):
    def make(consultation, name):
        with app.app_context():
            theme = create_theme(db.session.get(Consultation, consultation.id), name,
                                 user=db.session.get(User, leader.id))
            db.session.commit()
            return theme.id
    return make


@pytest.fixture
def tag(app, moderator):
    def apply(post_id, *theme_ids):
        with app.app_context():
            set_post_themes(post_id, list(theme_ids), user=db.session.get(User, moderator.id))
            db.session.commit()
    return apply


@pytest.fixture
def retire(app, leader):
    """retire(consultation, theme_id): the leader retires the theme."""
    from parkbank.themes.operations import set_retired

    def apply(consultation, theme_id):
        with app.app_context():
            set_retired(db.session.get(Consultation, consultation.id), theme_id, True,
                        user=db.session.get(User, leader.id))
            db.session.commit()
    return apply


@pytest.fixture
def tag_refused(app, moderator):
    """tag_refused(post_id, *theme_ids): the operation refuses it, with InvalidInput."""
    from parkbank.errors import InvalidInput

    def attempt(post_id, *theme_ids):
        with app.app_context(), pytest.raises(InvalidInput):
            set_post_themes(post_id, list(theme_ids), user=db.session.get(User, moderator.id))
    return attempt

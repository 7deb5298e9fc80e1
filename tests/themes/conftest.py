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

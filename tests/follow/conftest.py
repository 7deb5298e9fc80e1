"""Fixtures for the author's own link: a post with a follow link, and a web form send."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from parkbank.extensions import db
from parkbank.follow import operations as follow
from parkbank.posts.models import Post
from tests.helpers import csrf_token

JSON = {"Accept": "application/json"}


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def followed(app, make_post):
    """make_post, and a follow link for it: returns (post id, the page's path)."""
    def make(consultation, body="En idé", **kwargs):
        post_id = make_post(consultation, body, **kwargs)
        with app.app_context():
            token = follow.issue(db.session.get(Post, post_id))
            db.session.commit()
        return post_id, f"/mitt-inlagg/{token}"
    return make


def form_data(client, slug, **fields):
    page = client.get(f"/samrad/{slug}").get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page)
    return {"csrf_token": csrf_token(page), "submission_key": key.group(1), "skip_similar": "1",
            **fields}

"""Staff who set outcomes, and a way to set one through the HTTP door."""

from __future__ import annotations

import pytest

from parkbank.auth.models import Role
from tests.helpers import csrf_token, login

JSON = {"Accept": "application/json"}


@pytest.fixture
def leader(make_user):
    return make_user(Role.PROJECT_LEADER, name="Lena Projektledare")


@pytest.fixture
def responder(make_user):
    return make_user(Role.RESPONDER, name="Eva Svensson")


def staff_client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def send_outcome(client, consultation, post_id, headers=JSON, **fields):
    page = client.get("/logga-in").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "outcome": "decided", "explanation": "", "link": "",
            "reference": "", **fields}
    return client.post(f"/samrad/{consultation.slug}/inlagg/{post_id}/utfall", headers=headers, data=data)

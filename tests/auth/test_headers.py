"""What staff pages and https answers tell browsers and caches, and which proxy headers count."""

import pytest
from flask import request

from tests.helpers import build_app, login

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def behind_proxy(app, schema):
    """An app behind one trusted proxy, with a page that shows the host and scheme it saw."""
    proxied = build_app(schema, PROXY_COUNT=1)

    @proxied.get("/_seen")
    def seen():
        return f"{request.scheme}://{request.host} {request.remote_addr}"
    return proxied.test_client()


def test_forwarded_host_is_not_trusted(behind_proxy):
    seen = behind_proxy.get("/_seen", headers={"X-Forwarded-Host": "angripare.example"})
    assert "angripare.example" not in seen.get_data(as_text=True)


def test_forwarded_for_and_proto_are_trusted(behind_proxy):
    seen = behind_proxy.get("/_seen", headers={"X-Forwarded-For": "203.0.113.7",
                                               "X-Forwarded-Proto": "https"})
    assert seen.get_data(as_text=True) == "https://localhost 203.0.113.7"


def test_https_answers_carry_hsts(client):
    assert client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"] == HSTS


def test_https_behind_the_proxy_carries_hsts(behind_proxy):
    response = behind_proxy.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_plain_http_answers_carry_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_login_page_is_not_stored(client):
    assert client.get("/logga-in").headers["Cache-Control"] == "no-store"


def test_moderation_pages_are_not_stored(client, consultation, moderator):
    login(client, moderator)
    assert client.get(f"/moderering/{consultation.slug}").headers["Cache-Control"] == "no-store"


def test_moderation_refusals_are_not_stored(client, consultation):
    assert client.get(f"/moderering/{consultation.slug}").headers["Cache-Control"] == "no-store"


def test_public_pages_for_logged_in_staff_are_not_stored(client, consultation, moderator):
    login(client, moderator)
    assert client.get(f"/samrad/{consultation.slug}").headers["Cache-Control"] == "no-store"


def test_public_pages_for_citizens_may_be_stored(client, consultation):
    assert "no-store" not in client.get(f"/samrad/{consultation.slug}").headers.get(
        "Cache-Control", "")

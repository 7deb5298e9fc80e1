"""The signed visitor mark: issued by the server, checked on every use, minted at a bounded rate."""

import pytest

from parkbank.participants.marks import COOKIE
from tests.helpers import build_app, csrf_token

JSON = {"Accept": "application/json"}


def board(client, consultation):
    return client.get(f"/samrad/{consultation.slug}")


def support(client, consultation, post_id, token):
    return client.post(f"/samrad/{consultation.slug}/inlagg/{post_id}/instam",
                       data={"csrf_token": token}, headers=JSON)


def test_the_board_issues_a_signed_httponly_mark_once(client, consultation):
    board(client, consultation)
    mark = client.get_cookie(COOKIE)
    assert mark is not None and mark.http_only and "." in mark.value  # value.signature
    board(client, consultation)
    assert client.get_cookie(COOKIE).value == mark.value


@pytest.mark.parametrize("forged", [None, "made-up-by-the-client", "abc.def"])
def test_a_support_without_a_valid_mark_never_counts(client, consultation, make_post, forged):
    post_id = make_post(consultation, state="approved")
    token = csrf_token(board(client, consultation).get_data(as_text=True))
    client.delete_cookie(COOKIE)
    if forged:
        client.set_cookie(COOKIE, forged)
    answer = support(client, consultation, post_id, token)
    assert answer.status_code == 403 and answer.json["error"] == "no_participant"
    assert "Ladda om sidan" in answer.json["message"]


def test_a_fresh_cookie_per_request_gains_nothing(app, client, consultation, make_post):
    post_id = make_post(consultation, state="approved")
    token = csrf_token(board(client, consultation).get_data(as_text=True))
    counted = 0
    for n in range(20):
        client.set_cookie(COOKIE, f"rotated-{n}")
        counted += support(client, consultation, post_id, token).status_code == 200
    assert counted == 0


def test_new_marks_from_one_address_are_limited(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True,
                    PARTICIPANT_MARKS_PER_ADDRESS="3 per 10 minutes")
    marks = set()
    for _ in range(5):
        visitor = app.test_client()
        visitor.get(f"/samrad/{consultation.slug}")
        cookie = visitor.get_cookie(COOKIE)
        if cookie is not None:
            marks.add(cookie.value)
    assert len(marks) == 3


def test_posting_without_a_mark_is_limited_by_address_not_by_cookie(schema, consultation):
    import re

    app = build_app(schema, RATELIMIT_ENABLED=True, RATELIMIT_POSTS="2 per minute",
                    PARTICIPANT_MARKS_PER_ADDRESS="1000 per minute")
    client = app.test_client()
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    statuses = []
    for n in range(4):
        client.set_cookie(COOKIE, f"rotated-{n}")  # a home-made mark: the address is the key
        key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', page).group(1)
        statuses.append(client.post(f"/samrad/{consultation.slug}/inlagg", headers=JSON, data={
            "csrf_token": csrf_token(page), "body": f"Idé {n}", "submission_key": key + str(n),
        }).status_code)
    assert statuses == [201, 201, 429, 429]


def test_one_ipv6_network_mints_like_one_address(schema, consultation):
    app = build_app(schema, RATELIMIT_ENABLED=True,
                    PARTICIPANT_MARKS_PER_ADDRESS="2 per 10 minutes")
    marks = 0
    for host in range(1, 6):  # five addresses of one /64, as one household's devices get
        visitor = app.test_client()
        visitor.get(f"/samrad/{consultation.slug}",
                    environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{host:x}"})
        marks += visitor.get_cookie(COOKIE) is not None
    assert marks == 2

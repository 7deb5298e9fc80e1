""""Dina inlägg": the posts this browser sent, each with its follow link, held by the browser
(a signed cookie) and shown again after the browser was closed; never another browser's."""

from __future__ import annotations

import re
import secrets

from parkbank.follow.browser import COOKIE, COOKIE_LINKS
from parkbank.follow.operations import TOKEN_BYTES
from tests.follow.conftest import JSON, form_data, path_of
from tests.helpers import csrf_token


def _send(client, slug, body, **headers):
    return client.post(f"/samrad/{slug}/inlagg", data=form_data(client, slug, body=body),
                       headers=headers)


def _own_links(page: str) -> list[str]:
    return re.findall(r'<a class="ds-link own-follow" href="([^"]+)"', page)


def test_after_a_send_the_board_says_save_this_link_once(client, consultation):
    response = _send(client, consultation.slug, "Fler bänkar")
    assert response.status_code == 303 and response.headers["Location"].endswith("#egna-inlagg")
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    [saved] = re.findall(r'id="follow-address" href="([^"]+)"', page)
    assert saved.startswith("http://localhost/mitt-inlagg/") and "follow-save" in page
    assert _own_links(page) == [saved]
    assert client.get(path_of(saved)).status_code == 200
    again = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert 'id="follow-save"' not in again  # said once
    assert _own_links(again) == [saved]      # kept under "Dina inlägg"


def test_dina_inlagg_lists_this_browsers_posts_not_another_browsers(app, client, consultation):
    for body in ("Första", "Andra"):
        _send(client, consultation.slug, body)
    other = app.test_client()
    _send(other, consultation.slug, "Någon annans")
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    links = _own_links(page)
    assert len(links) == 2 and "Någon annans" not in page
    others = _own_links(other.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    assert len(others) == 1 and not set(others) & set(links)


def test_the_links_outlive_the_session_and_a_revoked_one_leaves_the_list(app, client, consultation):
    _send(client, consultation.slug, "Behåll vägen tillbaka")
    [link] = _own_links(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    client.delete_cookie("session")  # the browser was closed: only persistent cookies remain
    [again] = _own_links(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True))
    assert again == link
    page = client.get(path_of(link)).get_data(as_text=True)
    client.post(path_of(link), data={"csrf_token": csrf_token(page)})
    assert _own_links(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)) == []


def test_an_altered_cookie_counts_as_none(client, consultation):
    _send(client, consultation.slug, "Min idé")
    client.set_cookie(COOKIE, client.get_cookie(COOKIE).value[:-2] + "xx")
    assert _own_links(client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)) == []


def test_the_browser_holds_only_the_newest_links(app, client, consultation):
    from parkbank.follow import browser

    with app.test_request_context():
        for n in range(COOKIE_LINKS + 5):
            browser.remember(10**9 + n, secrets.token_urlsafe(TOKEN_BYTES))
        assert len(browser.held()) == COOKIE_LINKS and browser.held()[0][0] == 10**9 + COOKIE_LINKS + 4
        response = browser._write(app.response_class())
        assert len(response.headers["Set-Cookie"]) < 4000  # what every browser keeps


def test_a_json_send_also_keeps_the_link_in_the_browser(client, consultation):
    answer = _send(client, consultation.slug, "Med skript", **JSON)
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert _own_links(page) == [answer.json["follow_url"]]

import re

import pytest

from tests.helpers import login


@pytest.mark.parametrize("path", ["/", "/samrad/nytt-bibliotek", "/logga-in"])
def test_pages_have_a_strict_csp_and_no_inline_script(client, consultation, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for tag in re.findall(r"<script[^>]*>", response.get_data(as_text=True)):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_queue_page_has_no_inline_script(client, consultation, moderator):
    login(client, moderator)
    page = client.get(f"/moderering/{consultation.slug}").get_data(as_text=True)
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_session_cookie_is_httponly_and_samesite(client, moderator):
    login(client, moderator)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_post_text_is_escaped_on_the_board(client, consultation, make_post):
    make_post(consultation, "a < b <script>alert(1)</script> &lt;img src=x onerror=alert(2)&gt;",
              state="approved")
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "a &lt; b &lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;img" in page  # as typed, as text


def test_json_data_island_cannot_break_out(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    island = page[page.index('id="board-text"'):]
    island = island[:island.index("</script>")]
    assert "<" not in island.split(">", 1)[1]


def test_errors_never_show_a_stack_trace(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)

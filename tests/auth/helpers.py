"""Helpers for the staff-login tests."""

from __future__ import annotations

from tests.helpers import csrf_token

REMEMBER_COOKIE = "remember_token"


def login_remembered(client, user) -> str:
    """Log in with "stay logged in" ticked; return the remember-me cookie's value."""
    page = client.get("/logga-in").get_data(as_text=True)
    response = client.post("/logga-in", data={"email": user.email, "password": user.password,
                                              "remember": "y", "csrf_token": csrf_token(page)})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client.get_cookie(REMEMBER_COOKIE).value


def logout(client) -> None:
    page = client.get("/").get_data(as_text=True)
    response = client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303


def browser_with_cookie(app, name: str, value: str):
    """A new browser that has nothing but this one cookie."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def opens_queue(browser, consultation) -> bool:
    return browser.get(f"/moderering/{consultation.slug}").status_code == 200


def attempt(client, email, password, address="192.0.2.1") -> int:
    """One login attempt from `address`; returns the status (303 in, 400 refused, 429 limited)."""
    page = client.get("/logga-in").get_data(as_text=True)
    return client.post("/logga-in", environ_base={"REMOTE_ADDR": address}, data={
        "email": email, "password": password, "csrf_token": csrf_token(page)}).status_code

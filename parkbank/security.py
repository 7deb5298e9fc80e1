"""Response headers that keep browsers strict: CSP without inline script, no framing, no sniffing,
HTTPS only once seen over HTTPS, and no caching of staff pages."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"
# Pages that show what only staff may see, or take their password: kept out of every cache
# (the browser's back button on a shared computer included).
STAFF_BLUEPRINTS = frozenset({"moderation"})
STAFF_ENDPOINTS = frozenset({"auth.login"})


def _is_staff_response() -> bool:
    if request.blueprint in STAFF_BLUEPRINTS or request.endpoint in STAFF_ENDPOINTS:
        return True
    return request.endpoint != "static" and current_user.is_authenticated


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:  # behind the trusted proxy, its X-Forwarded-Proto
        headers.setdefault("Strict-Transport-Security", HSTS)
    if _is_staff_response():
        headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.after_request(_headers)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        # Only what the README's nginx sets: X-Forwarded-Host is not set there, so a client could.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)

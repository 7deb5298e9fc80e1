"""Small helpers the doors share: content negotiation and uniform error answers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import jsonify, render_template, request, url_for

# Page numbers and counts from a query string are clamped: no request can ask the database for
# an offset past what any consultation holds, or an integer it cannot store.
MAX_PAGE = 1_000_000


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def error_response(http_status: int, message: str, code: str, /, **details):
    """A 4xx/5xx answer: JSON for programs, a friendly page for people."""
    if wants_json():
        return jsonify({"error": code, "message": str(message), **details}), http_status
    return render_template("errors/error.html", status=http_status, message=message), http_status


def safe_next(target: str | None, default: str) -> str:
    """Only follow redirects to paths on this site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def page_arg(name: str, default: int = 1, maximum: int = MAX_PAGE) -> int:
    """A positive integer from the query string, clamped to [1, maximum]; junk gives `default`."""
    raw = request.args.get(name, "")
    if not raw.isdigit() or len(raw) > 12:
        return default if not raw.isdigit() else maximum
    return min(max(1, int(raw)), maximum)


def back_url(default: str | None = None) -> str:
    """Where "back" leads from an error page: the referring page if it is on this site, else the
    start page."""
    default = default or url_for("public.index")
    referrer = request.referrer
    if not referrer:
        return default
    parts = urlsplit(referrer)
    if parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return default
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""), default)

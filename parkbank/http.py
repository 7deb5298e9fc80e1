"""Small helpers the doors share: content negotiation and uniform error answers."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, jsonify, render_template, request, url_for
from flask_limiter.util import get_remote_address

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


_DIGITS = re.compile(r"[0-9]+")


def page_arg(name: str, default: int = 1, maximum: int = MAX_PAGE) -> int:
    """A positive integer from the query string, clamped to [1, maximum]; junk gives `default`.
    Only ASCII digits count ("²" is a digit to str.isdigit, not to int)."""
    raw = request.args.get(name, "")
    if not _DIGITS.fullmatch(raw):
        return default
    return maximum if len(raw) > 12 else min(max(1, int(raw)), maximum)


def client_network() -> str:
    """Who a per-address limit counts: the client's IPv4 address, or its IPv6 /64 (one household
    or device gets a whole /64, so single IPv6 addresses are free to mint)."""
    address = get_remote_address() or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def discard_changes() -> None:
    """This request answers with a redirect but must commit nothing (e.g. a decision that lost to
    another moderator's): the commit point rolls it back."""
    g.discard_changes = True


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


def external_url(endpoint: str, **values) -> str:
    """A full address of a page of this site: on PARKBANK_PUBLIC_URL when it is set (an address
    people type or scan must not depend on the host a projector was opened on), else on the
    request's own host; outside a request without it, the path alone (a command says so)."""
    base = current_app.config.get("PUBLIC_URL", "")
    if has_request_context():
        return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)

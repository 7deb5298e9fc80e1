"""The organisation behind the consultations: its name, contact address, logo and brand colour,
from configuration, checked once at start-up.

Every page shows the name in its header and title. The brand colour becomes Designsystemet's
`accent` colour scale (`/organisation.css`), computed here so that every step keeps WCAG 2.1 AA
contrast whatever colour a municipality chooses. With nothing set, a neutral Parkbänk default.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request, send_file
from werkzeug.exceptions import NotFound

from parkbank.config import ConfigError

SERVICE_NAME = "Parkbänk"
DEFAULT_COLOUR = "#1f5c3a"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
              ".jpeg": "image/jpeg", ".webp": "image/webp"}
# An SVG logo is a document of its own when opened directly: it may draw, never run anything.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
LOGO_MAX_BYTES = 1024 * 1024
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")
# One plain address: nothing a mailto: link would read as more recipients or headers.
EMAIL = re.compile(r"[^@\s,;?&%\"<>()]+@[^@\s,;?&%\"<>()]+\.[^@\s,;?&%\"<>()]+")

bp = Blueprint("identity", __name__)


@dataclass(frozen=True)
class Organisation:
    name: str
    contact: str | None  # an e-mail address people can write to
    colour: str  # #rrggbb
    logo: Path | None
    is_default: bool

    @property
    def title_suffix(self) -> str:
        """What follows the page's own name in every <title>."""
        return self.name


def from_config(config) -> Organisation:
    name = (config.get("ORGANISATION") or "").strip()
    contact = (config.get("ORGANISATION_CONTACT") or "").strip() or None
    if contact is not None and not EMAIL.fullmatch(contact):
        raise ConfigError(f"PARKBANK_CONTACT must be an e-mail address, not {contact!r}")
    raw_colour = (config.get("ORGANISATION_COLOUR") or "").strip()
    match = HEX_COLOUR.fullmatch(raw_colour) if raw_colour else None
    if raw_colour and match is None:
        raise ConfigError(f"PARKBANK_BRAND_COLOUR must look like #1f5c3a, not {raw_colour!r}")
    logo = _logo(config.get("ORGANISATION_LOGO"))
    return Organisation(
        name=name or SERVICE_NAME, contact=contact,
        colour="#" + match.group(1).lower() if match else DEFAULT_COLOUR,
        logo=logo, is_default=not name,
    )


def _logo(raw: str | None) -> Path | None:
    if not raw or not raw.strip():
        return None
    path = Path(raw.strip()).expanduser()
    if path.suffix.lower() not in LOGO_TYPES:
        raise ConfigError(f"PARKBANK_LOGO must be an SVG, PNG, JPEG or WebP file, not {path.name!r}")
    if not path.is_file():
        raise ConfigError(f"PARKBANK_LOGO names no readable file: {str(path)!r}")
    if path.stat().st_size > LOGO_MAX_BYTES:
        raise ConfigError("PARKBANK_LOGO is larger than 1 MB; use a smaller file")
    return path.resolve()


# ---- The accent colour scale -------------------------------------------------------------------

def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """`amount` of `other` mixed into `colour` (0 = colour, 1 = other)."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(x + (y - x) * amount for x, y in zip(a, b, strict=True))


def darken_until(colour: str, backgrounds: tuple[str, ...], ratio: float) -> str:
    """The colour, darkened by steps of 2 % black just enough to reach `ratio` on every one of
    `backgrounds`."""
    step = 0
    candidate = colour
    while min(contrast(candidate, b) for b in backgrounds) < ratio and step < 50:
        step += 1
        candidate = mix(colour, "#000000", step / 50)
    return candidate


# The neutral surfaces the accent colour also sits on (the vendored theme's page background
# and tinted surface), besides its own scale.
NEUTRAL_SURFACES = ("#ffffff", "#f3f3f4", "#e8e8e9")


def accent_scale(colour: str) -> dict[str, str]:
    """Designsystemet's 16 accent tokens (light scheme) from one brand colour, each step meeting
    AA on every surface it can be used on: text 4.5:1, borders and controls 3:1 (WCAG 1.4.3,
    1.4.11), whatever the colour."""
    white = "#ffffff"
    tinted = mix(colour, white, 0.93)
    surfaces = (*NEUTRAL_SURFACES, tinted, mix(colour, white, 0.88), mix(colour, white, 0.8),
                mix(colour, white, 0.72))
    base = darken_until(colour, (white,), 4.5)  # white text on it
    return {
        "background-default": white,
        "background-tinted": tinted,
        "surface-default": white,
        "surface-tinted": surfaces[4],
        "surface-hover": surfaces[5],
        "surface-active": surfaces[6],
        "border-subtle": mix(colour, white, 0.6),
        "border-default": darken_until(mix(colour, white, 0.2), surfaces, 3.0),
        "border-strong": darken_until(colour, surfaces, 4.5),
        "text-subtle": darken_until(colour, surfaces, 4.5),
        "text-default": darken_until(mix(colour, "#000000", 0.6), surfaces, 9.0),
        "base-default": base,
        "base-hover": mix(base, "#000000", 0.15),
        "base-active": mix(base, "#000000", 0.3),
        "base-contrast-subtle": mix(base, white, 0.85),
        "base-contrast-default": white,
    }


def stylesheet(organisation: Organisation) -> str:
    tokens = "".join(f"--ds-color-accent-{k}:{v};" for k, v in accent_scale(organisation.colour).items())
    # Unlayered, so it wins over every layer of the vendored theme; pages use the light scheme.
    # Nothing from configuration but the checked #rrggbb goes into the stylesheet.
    return (
        f"/* {SERVICE_NAME}: the organisation's accent colour scale, from {organisation.colour}. */\n"
        f":root,[data-color-scheme]{{{tokens}--pb-brand:{organisation.colour};}}\n"
    )


# ---- Doors --------------------------------------------------------------------------------------

def current() -> Organisation:
    return current_app.extensions["parkbank.organisation"]


@bp.get("/organisation.css")
def organisation_css():
    body = current_app.extensions["parkbank.organisation_css"]
    etag = hashlib.sha256(body.encode()).hexdigest()[:16]
    response = Response(body, mimetype="text/css")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


@bp.get("/organisation/logo")
def logo():
    organisation = current()
    if organisation.logo is None:
        raise NotFound()
    response = send_file(organisation.logo, mimetype=LOGO_TYPES[organisation.logo.suffix.lower()],
                         max_age=3600, conditional=True)
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    return response


def register(app: Flask) -> None:
    organisation = from_config(app.config)
    app.extensions["parkbank.organisation"] = organisation
    app.extensions["parkbank.organisation_css"] = stylesheet(organisation)
    app.register_blueprint(bp)
    app.context_processor(lambda: {"organisation": organisation, "service_name": SERVICE_NAME})

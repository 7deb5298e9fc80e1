"""The organisation behind the service (parkbank/identity.py): name, contact, logo and colour from
configuration, on every page; an accent scale that keeps AA contrast for any brand colour."""

from __future__ import annotations

import re

import pytest

from parkbank.config import ConfigError, from_environment
from parkbank.identity import NEUTRAL_SURFACES, accent_scale, contrast
from tests.helpers import build_app

KARLSHAMN = {"ORGANISATION": "Karlshamns kommun", "ORGANISATION_CONTACT": "kontakt@karlshamn.se"}


def test_the_settings_come_from_the_environment():
    config = from_environment({"PARKBANK_ORGANISATION": "Karlshamns kommun",
                               "PARKBANK_CONTACT": "kontakt@karlshamn.se",
                               "PARKBANK_BRAND_COLOUR": "#005a9c",
                               "PARKBANK_LOGO": "/srv/logo.svg"}, "/tmp", False)
    assert config["ORGANISATION"] == "Karlshamns kommun"
    assert config["ORGANISATION_CONTACT"] == "kontakt@karlshamn.se"
    assert config["ORGANISATION_COLOUR"] == "#005a9c"
    assert config["ORGANISATION_LOGO"] == "/srv/logo.svg"


def test_every_page_names_the_organisation_in_header_title_and_footer(schema, consultation):
    client = build_app(schema, **KARLSHAMN).test_client()
    for path in ("/", f"/samrad/{consultation.slug}", "/logga-in", "/finns-inte"):
        page = client.get(path).get_data(as_text=True)
        assert re.search(r"<title>[^<]+ – Karlshamns kommun</title>", page), path
        assert '<span class="pb-brand__name">Karlshamns kommun</span>' in page, path
        assert '<a class="ds-link" href="mailto:kontakt@karlshamn.se">' in page, path
        assert 'href="/personuppgifter"' in page and 'href="/tillganglighet"' in page, path


def test_with_nothing_set_the_service_stands_alone(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert "<title>Nytt bibliotek – Parkbänk</title>" in page
    assert '<span class="pb-brand__name">Parkbänk</span>' in page
    assert "pb-brand__service" not in page and "mailto:" not in page
    assert "pb-brand__logo" not in page


def test_the_logo_is_served_from_the_configured_file(schema, tmp_path):
    logo = tmp_path / "vapen.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    client = build_app(schema, ORGANISATION_LOGO=str(logo), **KARLSHAMN).test_client()
    assert '<img class="pb-brand__logo" src="/organisation/logo" alt="">' in \
        client.get("/").get_data(as_text=True)
    with client.get("/organisation/logo") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.data.startswith(b"<svg")


def test_no_logo_is_a_404(client):
    assert client.get("/organisation/logo").status_code == 404


@pytest.mark.parametrize("setting, value, words", [
    ("ORGANISATION_COLOUR", "green", "PARKBANK_BRAND_COLOUR"),
    ("ORGANISATION_CONTACT", "not an address", "PARKBANK_CONTACT"),
    ("ORGANISATION_CONTACT", "a,b@c.se?subject=hi", "PARKBANK_CONTACT"),
    ("ORGANISATION_CONTACT", "a@b.se;c@d.se", "PARKBANK_CONTACT"),
    ("ORGANISATION_LOGO", "/nowhere/logo.svg", "no readable file"),
    ("ORGANISATION_LOGO", "/etc/passwd", "SVG, PNG, JPEG or WebP"),
])
def test_a_bad_setting_stops_the_start_with_a_clear_message(schema, setting, value, words):
    with pytest.raises(ConfigError, match=words):
        build_app(schema, **{setting: value})


def test_the_brand_colour_becomes_the_accent_scale(schema):
    client = build_app(schema, ORGANISATION_COLOUR="#E30613").test_client()
    response = client.get("/organisation.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "--ds-color-accent-base-default:#e30613;" in css
    assert "--pb-brand:#e30613;" in css
    assert client.get("/organisation.css", headers={"If-None-Match": response.headers["ETag"]}) \
        .status_code == 304


@pytest.mark.parametrize("colour", ["#1f5c3a", "#0062ba", "#ffd700", "#ffff00", "#e30613",
                                    "#ffffff", "#7fb3d5", "#000000", "#00ff00"])
def test_every_step_of_the_scale_keeps_aa_contrast_on_every_surface(colour):
    scale = accent_scale(colour)
    white = "#ffffff"
    surfaces = [*NEUTRAL_SURFACES, scale["background-tinted"], scale["surface-tinted"],
                scale["surface-hover"], scale["surface-active"]]
    # White text on buttons (1.4.3).
    assert contrast(scale["base-default"], white) >= 4.5
    assert contrast(scale["base-hover"], white) >= 4.5
    for surface in surfaces:
        # The colour as text or a link, on every surface it may sit on (1.4.3).
        assert contrast(scale["text-subtle"], surface) >= 4.5, surface
        assert contrast(scale["text-default"], surface) >= 4.5, surface
        # Borders of controls (1.4.11).
        assert contrast(scale["border-default"], surface) >= 3.0, surface
        assert contrast(scale["border-strong"], surface) >= 3.0, surface


def test_nothing_but_the_checked_colour_reaches_the_stylesheet(schema):
    client = build_app(schema, ORGANISATION="Testby */ body{display:none} /* kommun",
                       ORGANISATION_COLOUR="#005a9c").test_client()
    css = client.get("/organisation.css").get_data(as_text=True)
    assert "Testby" not in css and "display" not in css


def test_an_svg_logo_opened_directly_may_draw_but_never_run(schema, tmp_path):
    logo = tmp_path / "vapen.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    client = build_app(schema, ORGANISATION_LOGO=str(logo)).test_client()
    with client.get("/organisation/logo") as response:
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "sandbox" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("suffix, mimetype", [(".png", "image/png"), (".webp", "image/webp"),
                                              (".JPG", "image/jpeg")])
def test_logo_types_do_not_depend_on_the_hosts_mime_table(schema, tmp_path, suffix, mimetype):
    logo = tmp_path / f"logo{suffix}"
    logo.write_bytes(b"\x89PNG fake")
    client = build_app(schema, ORGANISATION_LOGO=str(logo)).test_client()
    with client.get("/organisation/logo") as response:
        assert response.mimetype == mimetype

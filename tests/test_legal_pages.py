"""The privacy notice (/personuppgifter) and the accessibility statement (/tillganglighet):
default texts in Swedish and English, facts from the configuration, and a municipality's own
texts from PAGES_DIR, which can replace these texts and nothing else."""

from __future__ import annotations

import re

import pytest
from jinja2 import TemplateNotFound

from parkbank.pages import PagesDirLoader
from tests.helpers import build_app

PRIVACY_SV = ["Vem är ansvarig för dina personuppgifter?", "Skriv inga känsliga uppgifter",
              "Vilka uppgifter sparas när du skriver ett inlägg?", "Kakor och besöksmärke",
              "Skydd mot missbruk", "Om du arbetar med samråden",
              "Varför får vi behandla uppgifterna?", "Inlägg är allmänna handlingar",
              "Vem kan se uppgifterna?", "Hur länge sparas uppgifterna?", "Dina rättigheter",
              "Om du vill klaga", "Kontakt"]
PRIVACY_EN = ["Who is responsible for your personal data?", "Do not write sensitive details",
              "What is stored when you write a post?", "Cookies and the visitor mark",
              "Protection against misuse", "If you work with the consultations",
              "Why may we process the data?", "Posts are public records", "Who can see the data?",
              "How long is the data kept?", "Your rights", "If you want to complain", "Contact"]
# The headings of DIGG's model statement, in its order.
ACCESSIBILITY_SV = ["Hur tillgänglig är webbplatsen?",
                    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
                    "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn",
                    "Teknisk information om webbplatsens tillgänglighet",
                    "Innehåll som inte är tillgängligt", "Hur vi testat webbplatsen"]
ACCESSIBILITY_EN = ["How accessible is the website?",
                    "What can you do if you cannot use parts of the website?",
                    "Report problems with the website's accessibility", "Supervision",
                    "Technical information about the website's accessibility",
                    "Content that is not accessible", "How we tested the website"]


def headings(html: str) -> list[tuple[str, str]]:
    return [(level, re.sub(r"<[^>]+>", "", text).strip().replace("&#39;", "'"))
            for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S)]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # Long Swedish words carry soft hyphens where they may break on a phone; read them without.
    return response.get_data(as_text=True).replace("\u00ad", "")


def in_english(client):
    client.get("/sprak/en")


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("/personuppgifter", "Personuppgifter", PRIVACY_SV),
    ("/tillganglighet", "Tillgänglighetsredogörelse", ACCESSIBILITY_SV),
])
def test_swedish_pages_have_one_h1_then_their_h2s(client, url, title, expected):
    html = page(client, url)
    assert '<html lang="sv"' in html
    assert re.search(rf"<title>{title} –", html)
    assert headings(html) == [("1", title)] + [("2", h) for h in expected]


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("/personuppgifter", "Privacy notice", PRIVACY_EN),
    ("/tillganglighet", "Accessibility statement", ACCESSIBILITY_EN),
])
def test_english_pages_have_one_h1_then_their_h2s(client, url, title, expected):
    in_english(client)
    html = page(client, url)
    assert '<html lang="en"' in html
    assert re.search(rf"<title>{title} –", html)
    assert headings(html) == [("1", title)] + [("2", h) for h in expected]


def test_the_accessibility_statement_says_what_the_law_asks(client):
    html = page(client, "/tillganglighet")
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert "delvis förenlig" in html and "WCAG" in html and "2.1" in html
    assert "uppdaterades senast den" in html and "Senaste bedömningen gjordes den" in html
    in_english(client)
    html = page(client, "/tillganglighet")
    assert 'href="https://www.digg.se/tdosanmalan"' in html and "partially compliant" in html


def test_the_privacy_notice_names_the_legal_basis_and_the_supervisory_authority(client):
    html = page(client, "/personuppgifter")
    assert "artikel 6.1 e" in html and "allmän handling" in html
    assert "Integritetsskyddsmyndigheten" in html and 'href="https://www.imy.se"' in html
    assert "pb_browser" in html and "IP-adress" in html


def test_without_configuration_no_address_is_invented(client):
    for url in ("/personuppgifter", "/tillganglighet"):
        html = page(client, url)
        assert "mailto:" not in html
        assert "den kommun eller organisation som driver den här webbplatsen" in html
        assert "växeln" in html
        assert "Parkbänk, som driver" not in html  # the software is not the controller


def test_the_organisation_and_its_contact_appear_when_configured(schema):
    app = build_app(schema, ORGANISATION="Karlshamns kommun",
                    ORGANISATION_CONTACT="samrad@karlshamn.example",
                    DPO_CONTACT="dataskyddsombud@karlshamn.example")
    client = app.test_client()
    html = page(client, "/personuppgifter")
    assert "Personuppgiftsansvarig är Karlshamns kommun" in html
    assert 'href="mailto:samrad@karlshamn.example"' in html
    assert 'href="mailto:dataskyddsombud@karlshamn.example"' in html
    assert "växeln" not in html
    html = page(client, "/tillganglighet")
    assert "drivs av Karlshamns kommun" in html
    assert 'href="mailto:samrad@karlshamn.example"' in html
    in_english(client)
    html = page(client, "/personuppgifter")
    assert "The controller (" in html and ") is Karlshamns kommun" in html
    assert 'href="mailto:samrad@karlshamn.example"' in html


def test_a_swedish_replacement_is_used_and_english_keeps_the_default(schema, tmp_path):
    (tmp_path / "personuppgifter.sv.html").write_text(
        "<h2>Så behandlar {{ organisation.name }} dina uppgifter</h2>\n<p>Vår egen text.</p>\n",
        encoding="utf-8")
    app = build_app(schema, PAGES_DIR=str(tmp_path), ORGANISATION="Karlshamns kommun")
    client = app.test_client()
    html = page(client, "/personuppgifter")
    assert "Så behandlar Karlshamns kommun dina uppgifter" in html and "Vår egen text." in html
    assert "Kakor och besöksmärke" not in html
    assert headings(html)[0] == ("1", "Personuppgifter")  # the wrapping page stays
    assert "Hur tillgänglig är webbplatsen?" in page(client, "/tillganglighet")  # not replaced
    in_english(client)
    html = page(client, "/personuppgifter")
    assert "Vår egen text." not in html
    assert "Who is responsible for your personal data?" in html


def test_pages_dir_cannot_replace_any_other_template(schema, tmp_path):
    intruder = "<p>REPLACED</p>"
    for name in ("page.html", "base.html", "layouts/base.html", "pages/page.html",
                 "pages/personuppgifter.sv.html", "public/index.html", "errors/error.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(intruder, encoding="utf-8")
    app = build_app(schema, PAGES_DIR=str(tmp_path))
    client = app.test_client()
    for url in ("/", "/personuppgifter", "/tillganglighet", "/finns-inte"):
        assert "REPLACED" not in client.get(url).get_data(as_text=True), url

    loader = PagesDirLoader(str(tmp_path))
    for name in ("layouts/base.html", "pages/page.html", "pages/layouts/base.html",
                 "pages/../layouts/base.html", "page.html", "personuppgifter.sv.html"):
        with pytest.raises(TemplateNotFound):
            loader.get_source(app.jinja_env, name)


def test_a_missing_pages_dir_is_no_error(schema, tmp_path):
    app = build_app(schema, PAGES_DIR=str(tmp_path / "finns-inte"))
    assert "Vem är ansvarig" in page(app.test_client(), "/personuppgifter")


def test_dpo_contact_comes_from_the_environment(tmp_path):
    from parkbank.config import from_environment

    config = from_environment({"PARKBANK_DPO_CONTACT": " dso@kommun.example "}, str(tmp_path), False)
    assert config["DPO_CONTACT"] == "dso@kommun.example"
    assert from_environment({}, str(tmp_path), False)["DPO_CONTACT"] == ""


def test_the_privacy_notice_names_the_staff_remember_cookie_and_its_lifetime(client):
    html = page(client, "/personuppgifter")
    assert "remember_token" in html and "7 dagar" in html
    in_english(client)
    assert "7 days" in page(client, "/personuppgifter")

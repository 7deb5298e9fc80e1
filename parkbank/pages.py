"""The two pages Swedish law asks of a public website (blueprint "pages"): the privacy notice
(GDPR article 13) at /personuppgifter and the accessibility statement (lag 2018:1937, in the form
DIGG recommends) at /tillganglighet.

The texts are Jinja templates, one per page and language: `templates/pages/<page>.<lang>.html`.
A municipality replaces one without touching code by putting a file of the same name in
PAGES_DIR (PARKBANK_PAGES_DIR, default `<instance>/pages`), e.g. `personuppgifter.sv.html`.
Those files are trusted HTML written by its staff, rendered with the same context as the defaults
(`organisation`, `dpo_contact`, …). Only these content names can be replaced that way: no other
template (the layout, the wrapping page) is ever looked up in PAGES_DIR.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, TemplateNotFound

bp = Blueprint("pages", __name__)

# The page's name in the URL and in its template files, and its title (the page's one <h1>).
TITLES = {
    "personuppgifter": _l("Privacy notice"),
    "tillganglighet": _l("Accessibility statement"),
}
TEXT_LANGUAGES = ("sv", "en")
OVERRIDE_PREFIX = "pages/"
# The only template names PAGES_DIR can answer for, e.g. "pages/personuppgifter.sv.html".
REPLACEABLE = frozenset(f"{OVERRIDE_PREFIX}{page}.{lang}.html"
                        for page in TITLES for lang in TEXT_LANGUAGES)


class PagesDirLoader(BaseLoader):
    """A municipality's own page texts from PAGES_DIR, for the names in REPLACEABLE only.

    A missing directory or file is no error: the default template is used instead. Each
    language is looked up on its own, so with only `personuppgifter.sv.html` replaced, English
    visitors still see the English default (the replacement is not a translation of it).
    """

    def __init__(self, directory: str):
        self.directory = directory
        self.files = FileSystemLoader(directory)

    def get_source(self, environment, template):
        if template not in REPLACEABLE:
            raise TemplateNotFound(template)
        return self.files.get_source(environment, template.removeprefix(OVERRIDE_PREFIX))

    def list_templates(self):
        present = {OVERRIDE_PREFIX + name for name in self.files.list_templates()}
        return sorted(present & REPLACEABLE)


def text_language() -> str:
    language = str(get_locale())
    return language if language in TEXT_LANGUAGES else TEXT_LANGUAGES[0]


def render_page(page: str):
    return render_template(
        "pages/page.html",
        title=TITLES[page],
        content=f"{OVERRIDE_PREFIX}{page}.{text_language()}.html",
        dpo_contact=current_app.config.get("DPO_CONTACT") or None,
    )


@bp.get("/personuppgifter")
def privacy():
    return render_page("personuppgifter")


@bp.get("/tillganglighet")
def accessibility():
    return render_page("tillganglighet")


def register(app: Flask) -> None:
    """Consult PAGES_DIR before the app's own templates (for the replaceable names only)."""
    app.jinja_loader = ChoiceLoader([PagesDirLoader(app.config["PAGES_DIR"]), app.jinja_loader])
    app.register_blueprint(bp)

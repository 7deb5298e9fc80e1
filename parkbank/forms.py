"""The base of every form: Flask-WTF with CSRF, and WTForms' own messages translated from a
catalogue loaded once per language (Flask-WTF reads it from disk on every request); and how a
staff form shows an operation's refusal."""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _wtforms_catalogue(str(get_locale()))


def refused(form, error) -> None:
    """Show an operation's refusal (InvalidInput) on the form: beside its field, or above it."""
    placed = False
    for name, messages in (error.details.get("fields") or {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
            placed = True
    if not placed:
        form.form_errors.append(str(error.message))


def status_of(form) -> int:
    """400 for a page that shows a form's errors, so that nothing of the request is committed."""
    return 400 if form.errors else 200

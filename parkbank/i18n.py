"""Which language a request gets (Swedish first, English when the visitor chooses it), and how
times and numbers are written in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimePattern, format_date, format_datetime, format_timedelta, parse_pattern
from flask import current_app, has_request_context, session
from flask_babel import format_number, get_locale, get_timezone, gettext

# Dates and times follow these regional formats: English "en" alone would be the United States'
# (11/25/26, 8:29 PM), which nobody here reads; British English is day-first and 24-hour.
DATE_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def select_locale() -> str:
    if has_request_context():
        chosen = session.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _date_locale() -> str:
    language = str(get_locale())
    return DATE_LOCALES.get(language, language)


def datetime_pattern() -> str:
    """The short date-and-time pattern (CLDR) of the visitor's language, e.g. "y-MM-dd HH:mm".

    Pages hand it to the browser (<html data-datetime-pattern>), so a time inserted live reads
    exactly like one rendered here. Short patterns are numbers only, which any browser can fill in.
    """
    return _short_pattern(_date_locale())[0]


@lru_cache(maxsize=16)
def _short_pattern(locale_name: str) -> tuple[str, DateTimePattern, Locale]:
    """Per locale, once: the pattern, parsed, and the locale (a board writes 40 times a page)."""
    locale = Locale.parse(locale_name)
    pattern = (str(locale.datetime_formats["short"])
               .replace("{1}", locale.date_formats["short"].pattern)
               .replace("{0}", locale.time_formats["short"].pattern))
    return pattern, parse_pattern(pattern), locale


def format_time(value) -> str:
    """A moment as people here read it: the app's time zone, the language's short format."""
    if value is None:
        return ""
    _pattern, parsed, locale = _short_pattern(_date_locale())
    return parsed.apply(value.astimezone(get_timezone()), locale)


class LocalNumber:
    """A number written the visitor's way ("2 000" in Swedish, "2,000" in English) when a message
    is rendered, so lazy messages made at import time (%(max)s) format it per request."""

    def __init__(self, value: int):
        self.value = value

    def __str__(self) -> str:
        return format_number(self.value) if has_request_context() else str(self.value)

    def __repr__(self) -> str:
        return f"LocalNumber({self.value})"


def number(value: int) -> LocalNumber:
    return LocalNumber(value)


def format_day(value) -> str:
    """A day as in running text: "15 december 2026", "15 December 2026"."""
    if value is None:
        return ""
    moment = getattr(value, "tzinfo", None) is not None  # a datetime; a date is a day already
    return format_date(value.astimezone(get_timezone()) if moment else value, "long",
                       locale=_date_locale())


RELATIVE_UNITS = (86400, 3600, 60)  # a day, an hour, a minute
RELATIVE_LIMIT = 7 * 86400  # older than a week: the day itself says more than "5 weeks ago"


def relative_time(value, now=None) -> str:
    """How long ago, in whole units ("för 5 minuter sedan", "5 minutes ago"); the browser writes
    the same with Intl.RelativeTimeFormat (live.js) and keeps it current. Under a minute (or a
    moment in the future, a clock a little ahead): "just now". After a week, the day."""
    if value is None:
        return ""
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds >= RELATIVE_LIMIT:
        return format_day(value)
    for size in RELATIVE_UNITS:
        if seconds >= size:
            return _ago(int(seconds // size) * size, _date_locale())
    return gettext("just now")


@lru_cache(maxsize=1024)
def _ago(seconds: int, locale_name: str) -> str:
    """Whole minutes, hours or days ago in a language: few distinct values, asked for often."""
    return format_timedelta(timedelta(seconds=-seconds), threshold=1, add_direction=True,
                            locale=locale_name)


def format_exact_time(value) -> str:
    """A moment to the second, as a record needs it: "26 nov. 2026 14:03:07", in the app's time
    zone and the language's medium format."""
    if value is None:
        return ""
    return format_datetime(value.astimezone(get_timezone()), "medium", locale=_date_locale())

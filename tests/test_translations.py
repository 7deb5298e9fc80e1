"""The message catalogues are complete and compiled.

No app and no database: the source tree is re-extracted with babel.cfg, exactly as
`pybabel extract -F babel.cfg -k _l -k lazy_gettext` does, and compared with translations/.
To fix a failure, run the three commands in the README (extract, update, compile).
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages import frontend
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LOCALES = ("sv", "en")
# Must match the -k options of the extract command in the README.
EXTRA_KEYWORDS = ("_l", "lazy_gettext")

# One printf-style conversion, or a lone "%". Jinja's new-style gettext always applies `%`
# to the translated text, so a stray "%" in a translation breaks the page.
CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"[diouxXeEfFgGcrsa%]|%"
)


def _po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def _mo_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"


def _read_po(locale: str) -> Catalog:
    with _po_path(locale).open("rb") as f:
        return read_po(f, locale=locale)


def _as_tuple(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations) or "?"


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    """The messages the source tree uses now (an in-memory messages.pot)."""
    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse(f, filename=str(ROOT / "babel.cfg"))
    keywords = {**DEFAULT_KEYWORDS, **frontend.parse_keywords(list(EXTRA_KEYWORDS))}
    catalog = Catalog()
    for path, line, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        catalog.add(message, None, [(path, line)], auto_comments=comments, context=context)
    assert len(catalog) > 50, "extraction found almost nothing; is babel.cfg right?"
    return catalog


@pytest.fixture(scope="module")
def swedish() -> Catalog:
    return _read_po("sv")


def test_every_message_has_a_swedish_translation(extracted, swedish):
    problems = []
    for message in extracted:
        if not message.id:
            continue
        translated = swedish.get(message.id, message.context)
        if translated is None:
            problem = "missing from sv/messages.po"
        elif translated.fuzzy:
            problem = "fuzzy"
        elif not all(s.strip() for s in _as_tuple(translated.string)):
            problem = "not translated"
        else:
            continue
        problems.append(f"{_where(message)}: {message.id!r} ({problem})")
    if problems:
        pytest.fail(
            f"{len(problems)} message(s) lack a Swedish translation; run extract, update, "
            "translate and compile (see README):\n" + "\n".join(problems),
            pytrace=False,
        )


def _conversions(text: str) -> tuple[Counter, list[str]]:
    """Named placeholders (any order) and positional ones (in order), incl. stray '%'."""
    named, positional = Counter(), []
    for match in CONVERSION.finditer(text):
        if match.group("name") is not None:
            named[match.group(0)] += 1
        else:
            positional.append(match.group(0))
    return named, positional


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_placeholders(locale):
    problems = []
    for message in _read_po(locale):
        if not message.id:
            continue
        ids = _as_tuple(message.id)
        for i, string in enumerate(_as_tuple(message.string)):
            if not string:
                continue  # untranslated: gettext falls back to the msgid
            source = ids[min(i, len(ids) - 1)]
            if _conversions(string) != _conversions(source):
                problems.append(f"{message.id!r} -> {string!r}")
    if problems:
        pytest.fail(
            f"{locale}: translations that drop, change or add %-placeholders (python-format):\n"
            + "\n".join(problems),
            pytrace=False,
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_po(locale):
    """messages.mo holds exactly what `pybabel compile` makes from messages.po now.

    Compares content, not modification times (a git checkout sets every file's mtime)."""
    assert _po_path(locale).is_file(), f"{_po_path(locale)} is missing"
    assert _mo_path(locale).is_file(), f"{_mo_path(locale)} is missing; run pybabel compile"
    buffer = BytesIO()
    write_mo(buffer, _read_po(locale), use_fuzzy=False)
    buffer.seek(0)
    expected = Translations(fp=buffer)._catalog
    with _mo_path(locale).open("rb") as f:
        compiled = Translations(fp=f)._catalog
    # "" is the header; it names the Babel version that compiled it, so leave it out.
    expected.pop("", None)
    compiled.pop("", None)
    stale = sorted(
        repr(key)
        for key in expected.keys() | compiled.keys()
        if expected.get(key) != compiled.get(key)
    )
    if stale:
        pytest.fail(
            f"translations/{locale}/LC_MESSAGES/messages.mo is out of date; run "
            "`pybabel compile -d translations`. Differing messages:\n" + "\n".join(stale),
            pytrace=False,
        )

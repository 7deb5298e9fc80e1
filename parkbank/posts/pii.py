"""Personal and confidential data in a post's text (municipal checklist 7).

`find_personal_data(text)` finds Swedish personal identity numbers (personnummer), coordination
numbers (samordningsnummer), Swedish phone numbers and e-mail addresses, so that the moderation
queue can warn about them. It is pure: no app, no database.

Offsets: `start` and `end` are indices into the text as stored in `post.body` (Python string
indices, i.e. Unicode code points), `end` exclusive.

Every pattern is anchored by look-behinds to the start of a run (no match can start in the middle
of a longer number or word) and has bounded repetitions only, so a scan is linear in the length
of the text: the body is at most 2,000 characters, and even a hostile 10,000-character string
takes a few milliseconds.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

PERSONAL_IDENTITY_NUMBER = "personal_identity_number"
COORDINATION_NUMBER = "coordination_number"
PHONE = "phone"
EMAIL = "email"
KINDS = (PERSONAL_IDENTITY_NUMBER, COORDINATION_NUMBER, PHONE, EMAIL)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end}


# A run of digits is never entered in the middle: no digit, letter, "+" or decimal/range/case
# punctuation directly before ("12,5", "2026-00123", "KS 2026/123"), none after.
_NOT_AFTER = r"(?<![\w+])(?<![\d][.,/:-])"
_NOT_BEFORE = r"(?![\w])(?![.,/:-]\d)"
_SPACE = "[ \u00a0]"

# YYMMDD-NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC; separator "-", "+" (100 years or older)
# or a space.
_IDENTITY = re.compile(
    _NOT_AFTER
    + r"(?P<century>18|19|20)?(?P<yy>\d\d)(?P<mm>\d\d)(?P<dd>\d\d)"
    + r"(?:-|\+|" + _SPACE + r")?(?P<serial>\d{3})(?P<check>\d)"
    + _NOT_BEFORE
)
# "8501011234 kr": an amount, not a person.
_AMOUNT_AFTER = re.compile(r"\s?(?:kr\b|kronor\b|sek\b|:-|€|\$)", re.IGNORECASE)

# A Swedish number: +46 / 0046 (optionally "(0)") or a national 0, then the digits of the area
# code and subscriber number, groups separated by a single space or hyphen (" - " too).
_PHONE = re.compile(
    _NOT_AFTER
    + r"(?:(?P<intl>\+46|0046)(?:" + _SPACE + r"|-)?(?:\(0\)(?:" + _SPACE + r"|-)?)?|0)"
    + r"(?P<digits>[1-9]\d{0,9}(?:(?:" + _SPACE + r"?-" + _SPACE + r"?|" + _SPACE + r")"
    + r"\d{1,9}){0,6})"
    + r"(?!\d)"
)
_PHONE_GROUP = re.compile(r"\d+")
_MOBILE = re.compile(r"7[02369]")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,8}[^\W\d_]{2,24}(?![\w-])"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _date_ok(century: str | None, yy: int, mm: int, dd: int) -> bool:
    if not 1 <= mm <= 12 or dd < 1:
        return False
    if mm == 2 and dd == 29:
        if century is not None:
            return calendar.isleap(int(century) * 100 + yy)
        return yy % 4 == 0  # some century makes it a leap year (1904, 2000, ...)
    return dd <= calendar.monthrange(2001, mm)[1]


def _identity_numbers(text: str) -> list[Finding]:
    found = []
    for m in _IDENTITY.finditer(text):
        yy, mm, dd = int(m["yy"]), int(m["mm"]), int(m["dd"])
        kind = PERSONAL_IDENTITY_NUMBER
        if dd > 60:
            kind, dd = COORDINATION_NUMBER, dd - 60
        if not _date_ok(m["century"], yy, mm, dd):
            continue
        if not _luhn_ok(m["yy"] + m["mm"] + m["dd"] + m["serial"] + m["check"]):
            continue
        if _AMOUNT_AFTER.match(text, m.end()):
            continue
        found.append(Finding(kind, m.start(), m.end()))
    return found


def _phone_length_ok(nsn: str, *, separated: bool) -> bool:
    """The national significant number (without 0 or +46): a mobile 7X has 9 digits, others 7 to
    9; a number typed as one run of digits must have 8 or 9, fewer is more likely something else."""
    if _MOBILE.match(nsn):
        return len(nsn) == 9
    return (7 if separated else 8) <= len(nsn) <= 9


def _area_ok(groups: list[str]) -> bool:
    """When the first group is an area code (1 to 3 digits), the subscriber number after it does
    not start with 0 and has at least 5 digits, and a one-digit area code is Stockholm's 8: so
    "05-06 2026" (a date) is no phone number."""
    if len(groups) < 2 or len(groups[0]) > 3:
        return True
    area, subscriber = groups[0], "".join(groups[1:])
    if len(area) == 1 and area != "8":
        return False
    return not subscriber.startswith("0") and len(subscriber) >= 5


def _phones(text: str) -> list[Finding]:
    found = []
    for m in _PHONE.finditer(text):
        start_digits = m.start("digits")
        groups = list(_PHONE_GROUP.finditer(text, start_digits, m.end("digits")))
        separated = bool(m["intl"]) or len(groups) > 1
        # The longest run of whole groups that makes a phone number: "031-12 34 56 2026".
        for n in range(len(groups), 0, -1):
            nsn = "".join(g.group() for g in groups[:n])
            if _phone_length_ok(nsn, separated=separated) and _area_ok(
                    [g.group() for g in groups[:n]]):
                found.append(Finding(PHONE, m.start(), groups[n - 1].end()))
                break
    return found


def _emails(text: str) -> list[Finding]:
    return [Finding(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


def find_personal_data(text: str) -> list[Finding]:
    """Every finding in `text`, sorted by position, one per span: where findings overlap, the
    first found wins, in the order identity numbers, e-mail addresses, phone numbers."""
    if not text:
        return []
    chosen: list[Finding] = []
    for finder in (_identity_numbers, _emails, _phones):
        for finding in finder(text):
            if all(finding.end <= f.start or finding.start >= f.end for f in chosen):
                chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)

"""Personal data in a post's text (checklist 7): neither miss a number nor cry wolf."""

from __future__ import annotations

import time

import pytest

from parkbank.posts.pii import Finding, find_personal_data


def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def pnr(yymmdd: str, serial: str = "123", sep: str = "-", century: str = "") -> str:
    """A personnummer with a valid check digit."""
    return century + yymmdd + sep + serial + luhn_digit(yymmdd + serial)


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def found(text):
    return [(f.kind, text[f.start:f.end]) for f in find_personal_data(text)]


PIN = "personal_identity_number"
COORD = "coordination_number"

VALID_IDENTITY = [
    (pnr("811218"), PIN),
    (pnr("811218", sep=""), PIN),
    (pnr("811218", sep=" "), PIN),
    (pnr("811218", century="19"), PIN),
    (pnr("811218", sep="", century="19"), PIN),
    (pnr("050315", century="20"), PIN),
    (pnr("220101", sep="+"), PIN),  # 100 years or older
    (pnr("811278"), COORD),  # day 18 + 60
    (pnr("811278", sep="", century="19"), COORD),
    (pnr("000229"), PIN),  # 2000 was a leap year
    (pnr("040229", century="20"), PIN),
    (pnr("960229", sep=""), PIN),
    (pnr("810131"), PIN),
    (pnr("810430"), PIN),
]


@pytest.mark.parametrize("number,kind", VALID_IDENTITY)
@pytest.mark.parametrize("before,after", [("", ""), ("Mitt personnummer är ", "."),
                                          ("(", ")"), ("pnr: ", "\nHälsningar")])
def test_valid_identity_numbers_are_found_with_exact_spans(number, kind, before, after):
    text = before + number + after
    assert find_personal_data(text) == [Finding(kind, len(before), len(before) + len(number))]


@pytest.mark.parametrize("text", [
    wrong_check(pnr("811218")),  # wrong check digit
    wrong_check(pnr("811218", sep="", century="19")),
    pnr("811318"),  # month 13
    pnr("810018"),  # month 00
    pnr("810100"),  # day 00
    pnr("810431"),  # April 31
    pnr("810491"),  # coordination number for April 31
    pnr("810230"),  # February 30
    pnr("810229"),  # Feb 29 in no century's leap year (1981, 1881, 2081)
    pnr("000229", century="19"),  # 1900 was no leap year
    pnr("030229", sep="", century="20"),
    pnr("811218", century="21"),  # no such century
    "12" + pnr("811218", sep=""),  # ten digits inside a longer number
    pnr("811218", sep="") + "55",
    "9" + pnr("811218", sep="", century="19") + "9",  # 14 digits
    pnr("811218", sep="") + " kr",  # an amount
    "Budget: 1 250 000 kr",
    "KS 2026/" + pnr("811218", sep=""),
    "ordernummer AB" + pnr("811218", sep=""),
    "1,5" + pnr("811218", sep=""),
])
def test_invalid_identity_numbers_are_not_found(text):
    assert [f for f in find_personal_data(text) if f.kind in (PIN, COORD)] == []


@pytest.mark.parametrize("phone", [
    "070-123 45 67", "0701234567", "070 123 45 67", "070-1234567", "073-987 65 43",
    "076 - 123 45 67", "+46 70 123 45 67", "+46701234567", "+46-70-123 45 67",
    "0046 70 123 45 67", "+46 (0)70-123 45 67",
    "08-123 456 78", "08-12 34 56", "08 123 456 78", "031-12 34 56", "031-123 45 67",
    "0470-123 45", "0454-123 456", "+46 8 123 456 78", "+46 31 12 34 56", "+4631123456",
])
@pytest.mark.parametrize("before,after", [("", ""), ("Ring mig på ", " efter kl. 17."),
                                          ("tel: ", ", tack")])
def test_phone_numbers_are_found_with_exact_spans(phone, before, after):
    text = before + phone + after
    assert find_personal_data(text) == [Finding("phone", len(before), len(before) + len(phone))]


@pytest.mark.parametrize("text", [
    "Ta linje 4 till centrum", "buss 150 går varje kvart", "Bussar 150, 151 och 152",
    "Postnummer 374 31", "374 31 Karlshamn", "Box 123, 371 23 Karlskrona",
    "Ärende KS 2026/123", "Dnr 2026-00123", "dnr KS 2025/01234",
    "Det kostar 1 250 000 kr", "Budgeten är 12 500 000 kronor", "Ett bidrag på 0,5 miljoner",
    "Mötet 2026-11-25 kl. 18.00", "den 25/11 2026", "05-06 2026", "kl 08.30-09.15",
    "år 2026", "sedan 1998", "omkring 1 200 personer", "3 500 m2", "20 000 invånare",
    "Fastighet Karlshamn 4:123", "ISBN 978-91-7343-123-4", "0 kr", "0,75 procent",
    "Order 2026001234567", "mellan 07 och 09", "plats 012", "07:45",
])
def test_ordinary_numbers_are_not_found(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize("address", [
    "anna.svensson@karlshamn.se", "a@b.se", "bo_k+samrad@exempel.kommun.se",
    "åsa.öberg@exempelby.se",
])
def test_email_addresses_are_found_with_exact_spans(address):
    text = f"Mejla {address}, tack!"
    assert find_personal_data(text) == [Finding("email", 6, 6 + len(address))]


@pytest.mark.parametrize("text", ["@karlshamn", "kommun@", "a@b", "info at kommun.se",
                                  "Träffas @ biblioteket.", "Twitter: @kommunen"])
def test_what_is_no_email_address(text):
    assert find_personal_data(text) == []


def test_several_kinds_in_one_post_sorted_and_counted_in_code_points():
    number = pnr("811218")
    text = f"Hej 😀! Jag heter Åsa, {number}, ring 070-123 45 67 eller åsa@exempel.se."
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [PIN, "phone", "email"]
    assert [text[f.start:f.end] for f in findings] == [number, "070-123 45 67", "åsa@exempel.se"]
    assert findings[0].start == text.index(number)  # a code point, the emoji counts as one


def test_identity_number_wins_over_phone_on_the_same_digits():
    number = pnr("070123", sep="")  # ten digits that also look like a mobile number
    assert found(number) == [(PIN, number)]


@pytest.mark.parametrize("hostile", [
    "0" * 10_000, "1" * 10_000, "0 " * 5_000, "01 " * 3_334, "+46 " * 2_500, "070-" * 2_500,
    "a@" * 5_000, "a." * 5_000, "a" * 9_990 + "@b.se", "@a." * 3_334, "a@" + "b." * 4_999,
    "8112189876 " * 909, "811218-" * 1_428, "-1" * 5_000, ("x" * 63 + ".") * 156,
])
def test_hostile_text_is_not_pathologically_slow(hostile):
    """Linear patterns take a few ms here; a backtracking one takes seconds or minutes on 10,000
    characters. The bound is far from both, so a busy machine cannot fail it (speed targets are
    bench/'s)."""
    text = hostile[:10_000]
    find_personal_data(text)  # warm the regex cache
    # The best of three: a pathological pattern is slow every time, a busy machine only once.
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        find_personal_data(text)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.5

"""Which passwords staff may choose: at least ten characters and hard to guess.

zxcvbn (Dropbox's estimator) scores a password by the number of guesses its cheapest explanation
needs: the most common passwords from leaked-password lists, dictionary words and names, keyboard
rows, repeats, sequences, dates, and words given as "user inputs" (the person's name and e-mail
address, the service's own name). The check runs offline: there is no network, so no breach API.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 10
# zxcvbn's score 3 is "safely unguessable" (about 10^8 guesses and more).
MIN_SCORE = 3
# zxcvbn's work grows with the length; a longer password is never the weak point.
CHECKED_LENGTH = 100
SITE_WORDS = ("parkbank", "parkbänk", "park", "bänk", "kommun", "kommunen", "samrad", "samråd",
              "moderator", "moderering", "medborgare", "dialog")
# zxcvbn's lists are mostly English: the Swedish words that common passwords are built on.
SWEDISH_WORDS = ("lösenord", "losenord", "hemligt", "hemlig", "välkommen", "valkommen", "sommar",
                 "vinter", "hösten", "våren", "sverige", "stockholm", "göteborg", "goteborg",
                 "malmö", "malmo", "fotboll", "hockey", "kärlek", "karlek", "hejhej", "hejsan",
                 "mamma", "pappa", "katten", "hunden")


def user_inputs(email: str = "", name: str = "") -> list[str]:
    """The person's own details, whole and in parts, and the words of this service."""
    details = [email.strip().lower(), name.strip().lower()]
    parts = re.split(r"[\s@._+-]+", " ".join(details))
    words = (*details, *parts, *SITE_WORDS, *SWEDISH_WORDS)
    return list(dict.fromkeys(word for word in words if len(word) > 2))


def password_problem(password: str, *, email: str = "", name: str = ""):
    """Why this password may not be used (a lazy, translated text), or None when it may."""
    if len(password) < MIN_LENGTH:
        return _l("The password needs at least %(n)d characters.", n=MIN_LENGTH)
    if zxcvbn(password[:CHECKED_LENGTH], user_inputs(email, name))["score"] < MIN_SCORE:
        return _l("This password is too easy to guess: it is a common or leaked password, or it is "
                  "built from a simple pattern (repeated characters, a keyboard row, a date) or from "
                  "your name, your e-mail address or the name of this service. Choose a longer "
                  "phrase of several unrelated words.")
    return None

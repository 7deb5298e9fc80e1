"""wsgi.py's app with a join_board that takes PARKBANK_SLOW_JOIN_SECONDS seconds for the slug
"langsam" (tests/test_admission_server.py): a socket handler that holds its database slot; and
for the slug "blockerar" one that keeps the whole loop busy that long (work that never yields)."""

import os
import time

from parkbank.live import events  # gunicorn's gevent worker has patched the library already
from wsgi import app  # noqa: F401

_get_by_slug = events.get_by_slug


def _slow_get_by_slug(slug):
    if slug == "blockerar":
        end = time.perf_counter() + float(os.environ.get("PARKBANK_SLOW_JOIN_SECONDS", "5"))
        while time.perf_counter() < end:  # CPU work: no greenlet runs meanwhile
            pass
        slug = os.environ["PARKBANK_SLOW_JOIN_SLUG"]
    if slug == "langsam":
        time.sleep(float(os.environ.get("PARKBANK_SLOW_JOIN_SECONDS", "5")))
        slug = os.environ["PARKBANK_SLOW_JOIN_SLUG"]
    return _get_by_slug(slug)


events.get_by_slug = _slow_get_by_slug

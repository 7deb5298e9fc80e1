"""wsgi.py's app with a join_board that takes PARKBANK_SLOW_JOIN_SECONDS seconds for the slug
"langsam" (tests/test_admission_server.py): a socket handler that holds its database slot."""

import os
import time

from parkbank.live import events  # gunicorn's gevent worker has patched the library already
from wsgi import app  # noqa: F401

_get_by_slug = events.get_by_slug


def _slow_get_by_slug(slug):
    if slug == "langsam":
        time.sleep(float(os.environ.get("PARKBANK_SLOW_JOIN_SECONDS", "5")))
        slug = os.environ["PARKBANK_SLOW_JOIN_SLUG"]
    return _get_by_slug(slug)


events.get_by_slug = _slow_get_by_slug

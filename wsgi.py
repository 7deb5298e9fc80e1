"""Production entry point: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (settings in deploy/).

gevent must patch the standard library before anything else is imported; gunicorn's gevent
worker has done so already, and this line makes other gevent servers safe too.
"""

import gc

from gevent import monkey

monkey.patch_all()

from parkbank import create_app  # noqa: E402

app = create_app()

# With thousands of websockets the heap holds hundreds of thousands of objects, and a full
# collection froze every greenlet for 50–180 ms (bench/README.md). Objects from start-up leave
# the collector, and a larger young generation lets request garbage die young.
gc.freeze()
gc.set_threshold(50_000, 20, 10)

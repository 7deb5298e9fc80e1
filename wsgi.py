"""Production entry point: `gunicorn -k gevent -w 1 --worker-connections 10000 wsgi:app`.

gevent must patch the standard library before anything else is imported; gunicorn's gevent
worker has done so already, and this line makes other gevent servers safe too.
"""

from gevent import monkey

monkey.patch_all()

from parkbank import create_app  # noqa: E402

app = create_app()

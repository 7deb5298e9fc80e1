"""Settings, read from the environment once, in create_app().

Every setting has a sensible default for a single-process SQLite installation; production
deployments set SECRET_KEY, DATABASE_URL and, for more than one process, SOCKETIO_MESSAGE_QUEUE.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class ConfigError(RuntimeError):
    """The environment does not describe a runnable application."""


def env_bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def retention_days(environ: Mapping[str, str], name: str, default: int) -> int | None:
    """Days to keep something: a whole number of days (0: due at once), or "never" to keep it."""
    raw = (environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw == "never":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise ConfigError(f"{name} must be a number of days or 'never', not {raw!r}")
    return int(raw)


def data_licence(environ: Mapping[str, str]) -> str:
    """The address of the open data's licence (CC0 unless said otherwise)."""
    value = environ.get("PARKBANK_DATA_LICENCE", "").strip()
    if not value:
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if not value.startswith(("https://", "http://")) or any(c.isspace() or c in '<>"' for c in value):
        raise ConfigError(f"PARKBANK_DATA_LICENCE must be the licence's address (https://…), not {value!r}")
    return value


def positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number from 1, not {raw!r}")
    return int(raw)


def whole_number(environ: Mapping[str, str], name: str, default: int | None) -> int | None:
    """A whole number from 0 (0 switches a limit off)."""
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        raise ConfigError(f"{name} must be a whole number from 0, not {raw!r}")
    return int(raw)


def seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise ConfigError(f"{name} must be a number of seconds from 0 to 3600, not {raw!r}")
    return value


def database_url(environ: Mapping[str, str], instance_path: str) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "parkbank.db")
    # Heroku-style and plain PostgreSQL URLs use psycopg 3, the driver we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_async_mode() -> str:
    """gevent when the process is already gevent-patched (gunicorn -k gevent, wsgi.py), else threading.

    The development server (`flask run`) is Werkzeug with threads; simple-websocket gives it
    websockets. Production runs gevent, which holds thousands of connections per process.
    """
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def from_environment(environ: Mapping[str, str], instance_path: str, debug: bool) -> dict:
    production = not debug
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": database_url(environ, instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SOCKETIO_MESSAGE_QUEUE": environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        # Redis pub/sub channel shared by every process of one installation.
        "SOCKETIO_CHANNEL": environ.get("SOCKETIO_CHANNEL", "parkbank"),
        "SOCKETIO_ASYNC_MODE": environ.get("SOCKETIO_ASYNC_MODE") or default_async_mode(),
        # Socket.IO accepts only its own origin unless more are named (space separated).
        "SOCKETIO_CORS_ORIGINS": environ.get("SOCKETIO_CORS_ORIGINS", "").split() or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env_bool(environ, "SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env_bool(environ, "SESSION_COOKIE_SECURE", production),
        # A staff login ends after this many minutes without a request (0: never).
        "STAFF_IDLE_MINUTES": int(environ.get("PARKBANK_STAFF_IDLE_MINUTES", "60")),
        # A kiosk returns to its start screen and forgets the visitor after this many idle seconds;
        # a staff login made on a kiosk ends after KIOSK_STAFF_IDLE_MINUTES without activity.
        "KIOSK_IDLE_SECONDS": int(environ.get("PARKBANK_KIOSK_IDLE_SECONDS", "60")),
        "KIOSK_STAFF_IDLE_MINUTES": int(environ.get("PARKBANK_KIOSK_STAFF_IDLE_MINUTES", "5")),
        # "Stay logged in" lasts a week, not Flask-Login's year.
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(environ.get("PARKBANK_REMEMBER_DAYS", "7"))),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session: nobody loses a long text
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Citizens' doors take small forms only: a larger body is refused before it is read. 32 KB
        # holds a 2,000-character idea of emoji or CJK as a urlencoded form (12 bytes a character).
        "CITIZEN_MAX_CONTENT_LENGTH": int(environ.get("PARKBANK_CITIZEN_MAX_BYTES", 32 * 1024)),
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": environ.get("PARKBANK_TIMEZONE", "Europe/Stockholm"),
        # The language people write in (titles, questions, posts): marked with lang= in any UI language.
        "CONTENT_LANGUAGE": environ.get("PARKBANK_CONTENT_LANGUAGE", "").strip() or "sv",
        "LANGUAGES": ("sv", "en"),
        "RATELIMIT_ENABLED": env_bool(environ, "RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_POSTS": environ.get("RATELIMIT_POSTS", "6 per minute;40 per hour"),
        "RATELIMIT_SUPPORT": environ.get("RATELIMIT_SUPPORT", "60 per minute"),
        # Ceilings per client address, for many people behind one address (a meeting's Wi-Fi).
        "RATELIMIT_POSTS_PER_ADDRESS": environ.get("RATELIMIT_POSTS_PER_ADDRESS",
                                                   "300 per minute;3000 per hour"),
        "RATELIMIT_SUPPORT_PER_ADDRESS": environ.get("RATELIMIT_SUPPORT_PER_ADDRESS",
                                                     "1200 per minute"),
        "RATELIMIT_LOGIN": environ.get("RATELIMIT_LOGIN", "10 per minute"),
        # Per kiosk (not per address: many kiosks may share one), for a busy library day.
        "RATELIMIT_KIOSK_POSTS": environ.get("RATELIMIT_KIOSK_POSTS", "20 per minute;400 per hour"),
        "RATELIMIT_KIOSK_SUPPORT": environ.get("RATELIMIT_KIOSK_SUPPORT", "120 per minute"),
        # Reports ("Anmäl") per visitor mark, and per client address.
        "RATELIMIT_REPORTS": environ.get("RATELIMIT_REPORTS", "10 per minute;60 per hour"),
        "RATELIMIT_REPORTS_PER_ADDRESS": environ.get("RATELIMIT_REPORTS_PER_ADDRESS",
                                                     "300 per minute;3000 per hour"),
        # New visitor marks per client address: a meeting room on one Wi-Fi still gets in.
        "PARTICIPANT_MARKS_PER_ADDRESS": environ.get("PARTICIPANT_MARKS_PER_ADDRESS",
                                                     "120 per 10 minutes;1000 per day"),
        # Similar-ideas look-ups per participant: a form asks after each pause in typing.
        # Follow pages per address: generous for a person, slow for guessing (guessing 192 bits
        # is hopeless anyway; this keeps the work bounded).
        "RATELIMIT_FOLLOW": environ.get("RATELIMIT_FOLLOW", "30 per minute;300 per hour"),
        "RATELIMIT_SIMILAR": environ.get("RATELIMIT_SIMILAR", "60 per minute"),
        # join_board calls per socket: a reconnecting client needs a few, never thousands.
        "RATELIMIT_JOIN_BOARD": environ.get("RATELIMIT_JOIN_BOARD", "10 per 10 seconds"),
        # Failed logins per account (the e-mail address), from any number of addresses.
        "RATELIMIT_LOGIN_PER_ACCOUNT": environ.get("RATELIMIT_LOGIN_PER_ACCOUNT",
                                                   "5 per minute;20 per hour"),
        "PROXY_COUNT": int(environ.get("PARKBANK_PROXY_COUNT", "0")),
        "BOARD_PAGE_SIZE": int(environ.get("PARKBANK_BOARD_PAGE_SIZE", "20")),
        "LIVE_CATCH_UP_LIMIT": 500,
        # Catch-up from the recent-events store (parkbank/live/recent.py); false: always from the
        # log (a server shared by databases that are emptied and refilled, as the browser tests'
        # is: consultation ids come back, and the store would answer for the old ones).
        "LIVE_RECENT": env_bool(environ, "PARKBANK_LIVE_RECENT", True),
        # Admission control of live connections (parkbank/live/admission.py, issue 18). Socket
        # handlers share this many database connections (None: the pool's pool_size + max_overflow,
        # SQLAlchemy's 5 + 10, less 5 kept for HTTP requests, so 10; 0: no limit) and wait for one
        # at most LIVE_DB_WAIT seconds before answering "busy".
        "LIVE_DB_SLOTS": whole_number(environ, "PARKBANK_LIVE_DB_SLOTS", None),
        "LIVE_DB_WAIT": seconds(environ, "PARKBANK_LIVE_DB_WAIT", 2.0),
        # New Socket.IO sessions are refused (503, Retry-After) beyond this many sockets in the
        # process (deploy/gunicorn.conf.py gives gunicorn 1,000 connections more, for HTTP
        # requests and polling) and, if set, beyond this many new sessions a second (0: no limit;
        # a fixed rate is either below what the machine takes or above it) ...
        "LIVE_MAX_SOCKETS": whole_number(environ, "PARKBANK_LIVE_MAX_SOCKETS", 5000),
        "LIVE_HANDSHAKES_PER_SECOND": whole_number(environ, "PARKBANK_LIVE_HANDSHAKES_PER_SECOND", 0),
        # ... and while the process's loop runs more than this many seconds late (0: never): the
        # measure of "more than it can take now", whatever the machine (bench/storm.py).
        "LIVE_MAX_LAG": seconds(environ, "PARKBANK_LIVE_MAX_LAG", 0.25),
        # The site's public address (https://samrad.kommun.se): used for addresses made outside a
        # request (commands) and for the ones a kiosk or projector shows, whatever host served it.
        "PUBLIC_URL": environ.get("PARKBANK_PUBLIC_URL", "").strip().rstrip("/"),
        # The base of links people keep or get by e-mail (a follow link, issue 17).
        "BASE_URL": environ.get("PARKBANK_BASE_URL", "").strip().rstrip("/"),
        # Who runs the consultations (parkbank/identity.py): shown in every header, title and footer.
        "ORGANISATION": environ.get("PARKBANK_ORGANISATION", ""),
        "ORGANISATION_CONTACT": environ.get("PARKBANK_CONTACT", ""),
        "ORGANISATION_LOGO": environ.get("PARKBANK_LOGO", ""),
        "ORGANISATION_COLOUR": environ.get("PARKBANK_BRAND_COLOUR", ""),
        # Where a municipality puts its own privacy notice and accessibility statement.
        "PAGES_DIR": environ.get("PARKBANK_PAGES_DIR", "").strip()
        or str(Path(instance_path) / "pages"),
        # The data protection officer (dataskyddsombud), named in the privacy notice when set.
        "DPO_CONTACT": environ.get("PARKBANK_DPO_CONTACT", "").strip(),
        # Retention (parkbank/retention): default days, unless an admin set a rule at /admin/gallring.
        "RETAIN_REJECTED_DAYS": retention_days(environ, "PARKBANK_RETAIN_REJECTED_DAYS", 90),
        "RETAIN_EMAIL_DAYS": retention_days(environ, "PARKBANK_RETAIN_EMAIL_DAYS", 90),
        "RETAIN_REDACTED_DAYS": retention_days(environ, "PARKBANK_RETAIN_REDACTED_DAYS", 365),
        # Follow links: a year after the consultation closes (its outcomes take that long).
        "RETAIN_FOLLOW_DAYS": retention_days(environ, "PARKBANK_RETAIN_FOLLOW_DAYS", 365),
        # Where culling and `flask snapshot` write the archive snapshots of consultations.
        "SNAPSHOT_DIR": environ.get("PARKBANK_SNAPSHOT_DIR", "").strip()
        or str(Path(instance_path) / "snapshots"),
        # The licence of the open data (downloads, exports in CSV and JSON, the DCAT catalogue).
        "DATA_LICENCE": data_licence(environ),
        # Where exports started from the web are written, and for how many hours they stay
        # downloadable (then `flask export-jobs clean`, or the next export, removes them).
        "EXPORT_DIR": environ.get("PARKBANK_EXPORT_DIR", "").strip()
        or str(Path(instance_path) / "exports"),
        "EXPORT_KEEP_HOURS": positive_int(environ, "PARKBANK_EXPORT_KEEP_HOURS", 24),
        # Days after closing before a consultation not yet followed up reminds its project leaders,
        # and again every as many days until it is done (parkbank/outcomes/reminders.py).
        "OUTCOME_REMINDER_DAYS": positive_int(environ, "PARKBANK_OUTCOME_REMINDER_DAYS", 14),
        **mail_settings(environ),
    }


def mail_settings(environ: Mapping[str, str]) -> dict:
    """E-mail (parkbank/mail), named as Flask's mail extensions name them. Without MAIL_SERVER
    messages go to PARKBANK_MAIL_FOLDER as .eml files, or else to the log: the demo needs nothing."""
    use_ssl = env_bool(environ, "MAIL_USE_SSL", False)
    base_url = (environ.get("PARKBANK_BASE_URL", "").strip() or environ.get("PARKBANK_PUBLIC_URL", "")
                .strip()).rstrip("/")
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ConfigError(f"PARKBANK_BASE_URL must be the site's address (https://…), not {base_url!r}")
    if environ.get("MAIL_SERVER", "").strip() and not base_url:
        # Else links in real messages would be made of a request's Host header (anyone's to set:
        # a confirmation to any address, with links to another site) or, in the worker, localhost.
        raise ConfigError("MAIL_SERVER needs PARKBANK_BASE_URL (or PARKBANK_PUBLIC_URL), the site's "
                          "address that the links in messages start with")
    return {
        "MAIL_SERVER": environ.get("MAIL_SERVER", "").strip() or None,
        "MAIL_PORT": positive_int(environ, "MAIL_PORT", 465 if use_ssl else 25),
        "MAIL_USE_TLS": env_bool(environ, "MAIL_USE_TLS", False),
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": environ.get("MAIL_USERNAME", "").strip() or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER", "").strip()
        or "Parkbänk <parkbank@localhost>",
        "MAIL_TIMEOUT": positive_int(environ, "PARKBANK_MAIL_TIMEOUT", 30),
        "MAIL_FOLDER": environ.get("PARKBANK_MAIL_FOLDER", "").strip() or None,
        # An address that unsubscribes too (List-Unsubscribe mailto:), if the municipality has one.
        "MAIL_UNSUBSCRIBE_MAILTO": environ.get("PARKBANK_MAIL_UNSUBSCRIBE_MAILTO", "").strip() or None,
        # The address links in messages start with (falls back on PARKBANK_PUBLIC_URL).
        "BASE_URL": base_url,
        # The outbox worker in the server process (false: run `flask outbox run` instead).
        "OUTBOX_WORKER": env_bool(environ, "PARKBANK_OUTBOX_WORKER", True),
        "OUTBOX_POLL_SECONDS": positive_int(environ, "PARKBANK_OUTBOX_POLL_SECONDS", 10),
        "OUTBOX_BATCH": positive_int(environ, "PARKBANK_OUTBOX_BATCH", 50),
        "OUTBOX_LEASE_SECONDS": 300,
        "OUTBOX_RETRY_SECONDS": positive_int(environ, "PARKBANK_OUTBOX_RETRY_SECONDS", 30),
        "OUTBOX_RETRY_CAP_SECONDS": positive_int(environ, "PARKBANK_OUTBOX_RETRY_CAP_SECONDS", 3600),
        # A confirmation link works this many days.
        "MAIL_CONFIRM_DAYS": positive_int(environ, "PARKBANK_MAIL_CONFIRM_DAYS", 14),
    }


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "RATELIMIT_ENABLED": False,
    "SOCKETIO_ASYNC_MODE": "threading",
    "PREFERRED_URL_SCHEME": "http",
    # Tests that send mail start a worker themselves (tests/mail).
    "OUTBOX_WORKER": False,
    # No handshake gate for the in-process test clients unless a test asks.
    "LIVE_MAX_SOCKETS": 0,
    "LIVE_HANDSHAKES_PER_SECOND": 0,
    "LIVE_MAX_LAG": 0,
}
